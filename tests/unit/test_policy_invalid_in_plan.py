# -*- coding: utf-8 -*-
"""An Azure IPsec policy that breaks Azure's rules (AZURE_POLICY_INVALID, a config finding the engine does not raise)
with a fix checked against the peer: the tunnel's plan for Azure alone was empty and the alignment said "fixes: 0",
while align wrote a policy of the ASA's values that no proof saw, not the fix the report showed (review 2026-12-07).
The plan now takes the finding's fix, so the report's plan, the finding's fix and what align writes are one policy."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import module_options

# the ASA offers AES-CBC-256/SHA-256 first and AES-GCM-256 too: Azure's GCMAES256 with SHA256 breaks Azure's GCM rule,
# and its checked fix (GCMAES256/GCMAES256) is not the ASA's first proposal
ASA = asa_config(esp_enc="aes-256 aes-gcm-256", esp_integ="sha-256 null")
AZURE = azure_resources(policy_changes=dict(ipsecIntegrity="SHA256"))
FIXED = {"ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256"}


def _tunnel():
    [tunnel] = report_for(ASA, AZURE)["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["severity"] != "info"]
    assert finding["code"] == "AZURE_POLICY_INVALID"
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert {k: policy[k] for k in FIXED} == FIXED
    return tunnel, policy


def test_the_tunnels_plan_for_azure_is_the_findings_fix():
    tunnel, policy = _tunnel()
    assert tunnel["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"] == [policy]
    assert tunnel["alignment"]["align_to_asa"]["fixes"] > 0


@pytest.mark.parametrize("align_to", ["safest", "asa"])
def test_align_writes_the_policy_the_report_shows(align_to):
    tunnel, _policy = _tunnel()
    got = module_options(tunnel, "azure", align_to)
    assert got["options"]["esp"] == {"encryption": ["AES-GCM-256"], "integrity": []}, got["options"]
    assert got["manual"] == []
