# -*- coding: utf-8 -*-
"""The suite a fix moves weak crypto to follows the run's baseline: each part of the built-in target (AES-256, SHA-256,
DH group 14; base.STRONG_IKE) that the baseline calls weak is raised to the weakest value at least as strong that both
ends take and the baseline does not call weak (DH group 19, ECP256, for group 14; SHA-384 for SHA-256). Review H,
finding 3: with such a baseline neither end got a fix ("it would move ... to DH group 14, below the crypto baseline"),
and IKE_NO_COMMON_PROPOSAL said no suite above the baseline was one both ends take, though AES-256/SHA-256/group 19 is."""

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_scenarios import report_for

DH14_WEAK = {"weak_dh_groups": [1, 2, 5, 14]}
STRICT = {"weak_encryption": ["DES", "3DES", "NULL"], "weak_integrity": ["MD5", "SHA1", "SHA256"],
          "weak_dh_groups": [1, 2, 5, 14]}


def _finding(report, code):
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == code]
    return finding


def _weak_ike(baseline):
    """IKE SHA1/DH group 2 on both ends (the rest strong): WEAK_CRYPTO."""
    report = report_for(asa_config(ike_integ="sha", ike_prf="sha", ike_group="2"),
                        azure_resources(policy_changes={"ikeIntegrity": "SHA1", "dhGroup": "DHGroup2"}), baseline)
    return _finding(report, "WEAK_CRYPTO")


def _ike_policy(finding):
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    return policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"]


def test_default_baseline_keeps_the_built_in_target():
    finding = _weak_ike(None)
    assert finding["remediation"]["asa"][:5] == ["crypto ikev2 policy 11", " encryption aes-256", " integrity sha256",
                                                 " group 14", " prf sha256"]
    assert _ike_policy(finding) == ("AES256", "SHA256", "DHGroup14")


def test_dh_group_14_called_weak_moves_both_ends_to_group_19():
    finding = _weak_ike(DH14_WEAK)
    assert finding["remediation"]["asa"][:5] == ["crypto ikev2 policy 11", " encryption aes-256", " integrity sha256",
                                                 " group 19", " prf sha256"]
    assert _ike_policy(finding) == ("AES256", "SHA256", "ECP256")
    for end in ("asa", "azure"):
        assert finding["proof"][end]["proven"] is True
        assert "below the crypto baseline" not in finding["proof"][end]["reason"]


def test_sha256_and_group_14_called_weak_move_both_ends_to_sha384_and_group_19():
    finding = _weak_ike(STRICT)
    assert finding["remediation"]["asa"][:5] == ["crypto ikev2 policy 11", " encryption aes-256", " integrity sha384",
                                                 " group 19", " prf sha384"]
    assert _ike_policy(finding) == ("AES256", "SHA384", "ECP256")
    assert [finding["proof"][end]["proven"] for end in ("asa", "azure")] == [True, True]


def test_sha256_called_weak_on_an_otherwise_strong_tunnel_moves_the_ike_integrity_to_sha384():
    report = report_for(asa_config(), azure_resources(), {"weak_integrity": ["MD5", "SHA1", "SHA256"]})
    finding = _finding(report, "WEAK_CRYPTO")
    assert finding["remediation"]["asa"][:5] == ["crypto ikev2 policy 11", " encryption aes-256", " integrity sha384",
                                                 " group 14", " prf sha384"]
    assert _ike_policy(finding) == ("AES256", "SHA384", "DHGroup14")
    assert [finding["proof"][end]["proven"] for end in ("asa", "azure")] == [True, True]


def test_a_baseline_that_leaves_no_group_both_ends_take_says_so():
    # Azure takes groups 1, 2, 14, 19, 20 and 24 (RFC 8247 advises against 24): none is left above this baseline
    finding = _weak_ike({"weak_dh_groups": [1, 2, 5, 14, 19, 20]})
    assert finding["remediation"] == {}
    for end in ("asa", "azure"):
        reason = finding["proof"][end]["reason"]
        assert reason == ("not shown: the crypto baseline leaves no suite to move to: no DH group at least as strong as "
                          "group 14, above the baseline and not one RFC 8247 section 2.4 advises against, is one both "
                          "ends take (a fix never leaves a suite below the crypto baseline)."), reason


def test_ike_no_common_proposal_with_a_strict_baseline_moves_both_ends_to_group_19():
    # review H, repro C: a VTI ASA on group 2 against Azure's default policy (no group 2 on the ASA's side it can keep)
    # (9.16 refuses group 2: the ASA is left with no IKE policy it can use)
    report = report_for(vti_config().replace(" group 14\n", " group 2\n"), azure_resources(policy=None, **ROUTE_BASED),
                        DH14_WEAK)
    finding = _finding(report, "IKE_NO_COMMON_PROPOSAL")
    for end in ("asa", "azure"):
        assert "no suite above the baseline is one both ends take" not in (finding["proof"][end].get("reason") or "")
    assert " group 19" in finding["remediation"]["asa"]
    assert _ike_policy(finding)[2] == "ECP256"
