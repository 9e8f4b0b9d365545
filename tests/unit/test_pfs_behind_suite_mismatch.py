# -*- coding: utf-8 -*-
"""A PFS mismatch next to an ESP suite mismatch: both are reported, each with its fix. Before, the suite failure hid
the PFS groups (no suite to rekey with), so the suite fix went unshown ("brings error PFS_MISMATCH") and a person who
fixed the suites by hand met the PFS failure at the first rekey (review 2026-12-04)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

# ASA: AES-GCM-256 with PFS group 14 on rekeys; Azure: AES256/SHA256 with PFS ECP384 (group 20).
ASA_PFS14 = "crypto map AZ-MAP 10 set pfs group14"
AZURE_CBC_PFS20 = {"ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256", "pfsGroup": "ECP384"}


def test_both_mismatches_are_reported_and_fixed():
    report = report_for(asa_config(pfs=ASA_PFS14), azure_resources(policy_changes=AZURE_CBC_PFS20))
    by_code = {f["code"]: f for f in report["tunnels"][0]["findings"]}
    assert {"CHILD_NO_COMMON_PROPOSAL", "PFS_MISMATCH"} <= set(by_code)
    assert by_code["PFS_MISMATCH"]["severity"] == "error"
    # the weaker group moves up, never down; the suite moves Azure to the ASA's stronger one
    assert by_code["PFS_MISMATCH"]["remediation"]["asa"] == ["crypto map AZ-MAP 10 set pfs group20"]
    policy = by_code["CHILD_NO_COMMON_PROPOSAL"]["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0]
    assert (policy["ipsecEncryption"], policy["pfsGroup"]) == ("GCMAES256", "ECP384")
    assert report["tunnels"][0]["remediation"]["asa"] and report["tunnels"][0]["remediation"]["azure"]


def test_matching_pfs_next_to_a_suite_mismatch_says_nothing_of_pfs():
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group20"),
                        azure_resources(policy_changes=AZURE_CBC_PFS20))
    codes = [f["code"] for f in report["tunnels"][0]["findings"]]
    assert "CHILD_NO_COMMON_PROPOSAL" in codes and "PFS_MISMATCH" not in codes
