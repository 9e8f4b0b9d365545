# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): for an ASA running BGP over its VTI to a Basic SKU gateway, the check offered a "proven"
Azure fix that turns BGP on. Basic gateways cannot run BGP (tables.BGP_UNSUPPORTED_SKUS, DOC_BGP_FAQ): Azure
would refuse the change. The Azure side says why it has no fix, and the ASA's fix (a static route) stays."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import azure_resources, router_bgp, vti_config


def bgp_finding(sku):
    asa = vti_config(routes="", bgp=router_bgp())
    azure = azure_resources(sku=sku, policy=None, use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))["tunnels"]
    return next(f for f in tunnel["findings"] if f["code"] == "BGP_NOT_CONFIGURED")


def test_no_bgp_fix_is_offered_for_a_basic_gateway():
    finding = bgp_finding("Basic")
    assert "azure" not in finding.get("remediation", {})
    assert finding["proof"]["azure"]["proven"] is False
    assert "Basic SKU, which cannot run BGP" in finding["proof"]["azure"]["reason"]
    assert finding["proof"]["asa"]["proven"] is True


@pytest.mark.parametrize("sku", ["VpnGw1", "VpnGw2AZ"])
def test_other_skus_still_get_the_bgp_fix(sku):
    finding = bgp_finding(sku)
    assert finding["proof"]["azure"]["proven"] is True
    assert finding["remediation"]["azure"]["virtual_network_gateway"]
