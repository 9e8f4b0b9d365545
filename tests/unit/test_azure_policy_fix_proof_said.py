# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AZURE_POLICY_INVALID fix writing the connection's IPsec policy is applied to the model and checked against the
peer (superseded.with_policy_fixes_checked); one that passed had an empty proof, so the report did not label it
proven as it labels every other proven fix. Its proof now says what was checked: the policy it writes keeps Azure's
policy rules (re-read by the adapter) and brings the tunnel nothing new."""

import copy

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _invalid(report):
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "AZURE_POLICY_INVALID"]
    return finding


@pytest.mark.parametrize("changes", [{"ipsecIntegrity": "SHA256"}, {"saLifeTimeSeconds": 120}],
                         ids=["gcm-pairing", "lifetime"])
def test_a_checked_policy_fix_is_labelled_proven_and_says_what_was_checked(changes):
    report = report_for(asa_config(), azure_resources(policy_changes=changes))
    finding = _invalid(report)
    assert finding["remediation"]["azure"]
    proof = finding["proof"]["azure"]
    assert proof["proven"] is True
    assert "keeps Azure's policy rules" in proof["reason"] and "no new error or warning" in proof["reason"]
    assert "Fix on Azure (proven)" in markdown_text(report)


def test_the_rules_recheck_finds_what_the_adapter_finds():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.policy import policy_breaks

    [policy] = azure_resources()[0]["properties"]["ipsecPolicies"]
    assert policy_breaks(policy) == []
    broken = dict(copy.deepcopy(policy), ipsecEncryption="GCMAES256", ipsecIntegrity="SHA256")
    assert any("GCM rule" in text for text in policy_breaks(broken))
    assert any("below Azure's minimum" in text for text in policy_breaks(dict(policy, saLifeTimeSeconds=10)))
