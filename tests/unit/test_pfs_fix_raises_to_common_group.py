# -*- coding: utf-8 -*-
"""A PFS group Azure cannot take, weaker than one both ends take (ASA group 16 or 31; Azure takes 14, 19, 20): both ends
move up to the weakest group at least as strong as each end's that both take, instead of no fix and a reason saying
group 20 "would lower" the ASA from group 16 (review D, finding 1; strength.DH_GROUP_BITS: 16 = 150, 31 = 128,
19 = 128, 20 = 192 bits)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _pfs(asa_group, azure_group):
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group%d" % asa_group),
                        azure_resources(policy_changes={"pfsGroup": azure_group}))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PFS_MISMATCH"]
    return finding


def _azure_pfs(finding):
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    return policy["pfsGroup"]


def test_asa_group_16_against_azure_group_14_raises_both_to_group_20():
    finding = _pfs(16, "PFS2048")
    assert finding["remediation"]["asa"] == ["crypto map AZ-MAP 10 set pfs group20"]
    assert _azure_pfs(finding) == "ECP384"
    assert [p["proven"] for p in finding["proof"].values()] == [True, True]
    assert "No fix is offered" not in finding["summary"]
    assert "would lower" not in finding["summary"]


def test_asa_group_31_against_azure_without_pfs_takes_the_weakest_group_as_strong():
    # group 19 (ECP-256) is as strong as 31 (Curve25519), 128 bits each: the least change that lowers nothing
    finding = _pfs(31, "None")
    assert finding["remediation"]["asa"] == ["crypto map AZ-MAP 10 set pfs group19"]
    assert _azure_pfs(finding) == "ECP256"
    assert "would lower" not in finding["summary"]


def test_a_group_stronger_than_any_azure_takes_still_has_no_fix_and_a_true_reason():
    finding = _pfs(21, "PFS2048")
    assert finding["remediation"] == {}
    assert "Azure cannot take DH group 21, and the strongest group both take, group 20, would lower ASA from group 21" \
        in finding["summary"]
