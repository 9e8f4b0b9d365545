# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Basic gateway takes no custom IPsec/IKE policy ("supported on all Azure SKUs except the Basic SKU": reference
sku_support, DOC_POLICY_FAQ), so AZURE_SKU_UNSUPPORTED tells to remove the connection's policy. Removed, the
connection runs Azure's default policy, whose IKE offers use DH group 2 only (DOC_VPN_DEVICES, DOC_COMPLIANCE_CRYPTO):
against an ASA on group 14 the tunnel then never comes up. That fix was shown with no proof at all. It is now
tried on the model (the connection with Azure's default policy of its gateway) against the peer, and not shown when
it brings a new error or warning, the proof naming what it brings."""

import json

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _unsupported(report):
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "AZURE_SKU_UNSUPPORTED"]
    return finding


def test_removing_the_policy_of_a_basic_gateway_is_not_shown_when_the_default_fails_the_asa():
    finding = _unsupported(report_for(asa_config(), azure_resources(sku="Basic")))
    assert "custom IPsec/IKE policy" in finding["summary"]
    assert "azure" not in finding["remediation"]
    proof = finding["proof"]["azure"]
    assert proof["proven"] is False
    assert "IKE_NO_COMMON_PROPOSAL" in proof["reason"] and "default policy" in proof["reason"]


def test_the_reason_is_in_the_json_report_not_a_bare_note():
    text = json.dumps(_unsupported(report_for(asa_config(), azure_resources(sku="Basic"))))
    assert "remove the connection's custom IPsec policy, so that it runs Azure's default policy" not in text
