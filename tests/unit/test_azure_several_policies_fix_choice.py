# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A connection holding more than one ipsecPolicies entry (Azure allows one policy per connection: DOC_POLICY_FAQ,
DOC_POLICY_HOWTO_PORTAL) is AZURE_POLICY_INVALID, whose fix keeps one of them. It always kept the first, even when
that one broke Azure's own rules or did not negotiate with the ASA while another entry did: the user was told to write
the policy that fails. The fix now keeps the entry that keeps Azure's rules and, applied to the model, leaves the
tunnel the fewest errors and warnings (the first on a tie), and its proof says so."""

import json

from scenario_builders import AZURE_POLICY, asa_config, azure_resources
from test_scenarios import report_for


def _report(first_changes, second=None):
    resources = azure_resources(policy_changes=first_changes)
    resources[0]["properties"]["ipsecPolicies"].append(dict(AZURE_POLICY) if second is None else second)
    [tunnel] = report_for(asa_config(), resources)["tunnels"]
    return tunnel


def _several(tunnel):
    [finding] = [f for f in tunnel["findings"] if f["code"] == "AZURE_POLICY_INVALID" and "2 IPsec policies" in f["summary"]]
    return finding


def _written(finding):
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    return policy


def test_the_entry_the_asa_negotiates_is_kept_not_the_first():
    # the first entry asks DH group 24 and PFS group 19 of an ASA on group 14 without PFS; the second matches the ASA
    tunnel = _report(dict(dhGroup="DHGroup24", pfsGroup="ECP256"))
    finding = _several(tunnel)
    assert _written(finding) == AZURE_POLICY
    assert '"dhGroup":"DHGroup14"' in finding["remediation"]["azure"]["az"][0]
    assert finding["proof"]["azure"]["proven"] is True
    # the plan for Azure alone starts from that entry too: nothing of the failing one is written
    plan = json.dumps(tunnel["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"])
    assert "DHGroup24" not in plan and "ECP256" not in plan


def test_an_entry_that_breaks_azure_rules_is_not_the_one_kept():
    # the first entry breaks the GCM pairing rule: writing it alone leaves AZURE_POLICY_INVALID
    tunnel = _report(dict(ipsecEncryption="GCMAES256", ipsecIntegrity="SHA256"))
    finding = _several(tunnel)
    assert _written(finding) == AZURE_POLICY
    assert finding["proof"]["azure"]["proven"] is True


def test_the_first_is_kept_when_both_suit_the_peer_alike():
    second = dict(AZURE_POLICY, saLifeTimeSeconds=7200)
    finding = _several(_report({}, second))
    assert _written(finding) == AZURE_POLICY
    assert finding["proof"]["azure"]["proven"] is True
