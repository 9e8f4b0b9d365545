# -*- coding: utf-8 -*-
"""WEAK_CRYPTO for a weak PFS group on both ends (group 2, sane IKE and ESP suites): the fix moves the PFS group of both
ends, proven together, to the weakest group at least as strong as group 14 that both ends take and the baseline does
not call weak (group 14 under the default baseline, group 19 when it calls 14 weak), and touches no suite; the summary
asks for a stronger PFS group, not a stronger suite (review H, finding 2: no fix on either end, and a reason that blamed
ESP and IKE proposals that were fine)."""

from scenario_builders import AZURE_POLICY, asa_config, azure_resources
from test_scenarios import report_for

STRICT = {"weak_encryption": ["DES", "3DES", "NULL"], "weak_integrity": ["SHA1", "SHA256"],
          "weak_dh_groups": [1, 2, 5, 14]}


def _weak(baseline=None, asa=None, azure=None):
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group2", **(asa or {})),
                        azure_resources(policy_changes=dict(azure or {}, pfsGroup="PFS2")), baseline)
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "WEAK_CRYPTO"]
    assert finding["severity"] == "warning"
    return finding


def _policy(finding):
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    return policy


def test_pfs_group_2_on_both_ends_moves_both_to_group_14():
    finding = _weak()
    assert finding["summary"].startswith("The tunnel negotiates PFS group 2, below the baseline; move both ends to a "
                                         "stronger PFS group.")
    assert "suite" not in finding["summary"]
    assert finding["remediation"]["asa"] == ["crypto map AZ-MAP 10 set pfs group14"]
    # only the PFS group changes on Azure: its IKE and ESP suites stay as they are
    assert _policy(finding) == dict(AZURE_POLICY, pfsGroup="PFS2048")
    for end in ("asa", "azure"):
        assert finding["proof"][end]["proven"] is True
        assert finding["proof"][end].get("together") is True
        assert "NO_COMMON_PROPOSAL" not in finding["proof"][end]["reason"]


def test_a_baseline_that_calls_group_14_weak_moves_both_to_group_19():
    # IKE AES-256/SHA384/group 20 on both ends: nothing but the PFS group is below this baseline
    finding = _weak(STRICT, dict(ike_integ="sha384", ike_prf="sha384", ike_group="20"),
                    dict(ikeIntegrity="SHA384", dhGroup="ECP384"))
    assert finding["summary"].startswith("The tunnel negotiates PFS group 2, below the baseline; move both ends to a "
                                         "stronger PFS group.")
    assert finding["remediation"]["asa"] == ["crypto map AZ-MAP 10 set pfs group19"]
    assert _policy(finding)["pfsGroup"] == "ECP256"
    assert [finding["proof"][end]["proven"] for end in ("asa", "azure")] == [True, True]


def test_pfs_group_1_and_a_weak_ike_suite_move_the_ike_suite_and_the_pfs_group_only():
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group1", ike_enc="3des", ike_integ="md5",
                                   ike_prf="md5", ike_group="2"),
                        azure_resources(policy_changes={"pfsGroup": "PFS1", "ikeEncryption": "DES3",
                                                        "ikeIntegrity": "MD5", "dhGroup": "DHGroup2"}))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "WEAK_CRYPTO"]
    assert "move both ends to a stronger IKE suite and PFS group." in finding["summary"]
    assert "crypto map AZ-MAP 10 set pfs group14" in finding["remediation"]["asa"]
    assert " group 14" in finding["remediation"]["asa"]
    policy = _policy(finding)
    assert (policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"], policy["pfsGroup"]) == (
        "AES256", "SHA256", "DHGroup14", "PFS2048")
    assert (policy["ipsecEncryption"], policy["ipsecIntegrity"]) == ("GCMAES256", "GCMAES256")  # the sane ESP suite stays
    assert [finding["proof"][end]["proven"] for end in ("asa", "azure")] == [True, True]
