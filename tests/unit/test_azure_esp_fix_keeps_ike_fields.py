# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Azure fix that changes only the ESP (Child SA) suite leaves the IKE fields of the connection's policy as they
are. With ikeEncryption GCMAES256 and ikeIntegrity GCMAES256, Azure's PRF is not documented (azure/tables.IKE_PRF), so
the model knows none; the one-suite collapse (model_edit.ModelEdit._collapse) took the suite the pair negotiates, with
the ASA's PRF filled in, and the policy drawn from it wrote ikeIntegrity SHA384: a CHILD_NO_COMMON_PROPOSAL fix
rewrote the IKE side. The policy shown is also proven as written: pasted, the tunnel has no error or warning left."""

import copy

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import problems, report_for

GCM_IKE_ASA = dict(ike_enc="aes-gcm-256", ike_integ="null", esp_enc="aes-gcm-256", esp_integ="null")
ESP_CBC = {"ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256"}


def _child_finding(report):
    (finding,) = [f for f in report["tunnels"][0]["findings"] if f["code"] == "CHILD_NO_COMMON_PROPOSAL"]
    return finding


def _policy(fix):
    (policy,) = fix["connection"]["properties"]["ipsecPolicies"]
    return policy


@pytest.mark.parametrize("ike, prf", [
    ({"ikeEncryption": "GCMAES256", "ikeIntegrity": "GCMAES256"}, "sha384"),
    ({"ikeEncryption": "GCMAES256", "ikeIntegrity": "GCMAES256"}, "sha256"),
    ({"ikeEncryption": "GCMAES128", "ikeIntegrity": "GCMAES128"}, "sha384"),
    ({"ikeEncryption": "GCMAES256", "ikeIntegrity": "SHA384"}, "sha384"),
], ids=["gcm256-asa-sha384", "gcm256-asa-sha256", "gcm128", "gcm-with-sha384"])
def test_an_esp_only_fix_keeps_the_ike_fields(ike, prf):
    options = dict(GCM_IKE_ASA, ike_prf=prf)
    options["ike_enc"] = "aes-gcm" if "128" in ike["ikeEncryption"] else "aes-gcm-256"
    asa = asa_config(**options)
    resources = azure_resources(policy_changes=dict(ike, **ESP_CBC))
    report = report_for(asa, resources)
    finding = _child_finding(report)
    assert finding["proof"]["azure"]["proven"], finding["proof"]
    policy = _policy(finding["remediation"]["azure"])
    assert {k: policy[k] for k in ("ikeEncryption", "ikeIntegrity", "dhGroup")} == dict(ike, dhGroup="DHGroup14")
    assert (policy["ipsecEncryption"], policy["ipsecIntegrity"]) == ("GCMAES256", "GCMAES256")
    # the tunnel's plan for Azure alone writes the same IKE fields
    assert _policy(report["tunnels"][0]["remediation"]["azure"]) == policy
    # proven as written: the policy pasted leaves the tunnel with no error or warning against the same ASA
    fixed = copy.deepcopy(resources)
    fixed[0]["properties"]["ipsecPolicies"] = [policy]
    assert problems(report_for(asa, fixed)) == []
