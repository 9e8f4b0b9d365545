# -*- coding: utf-8 -*-
"""IKE_NO_COMMON_PROPOSAL where the stronger end's DH group is one the other end cannot take (ASA group 16, 150 bits;
Azure takes 14, 19, 20): the suite with the weakest group at least as strong that both take (group 20, ECP384) raises
both ends and lowers neither, so it is the fix, instead of "no suite ... without lowering" (review D, finding 3)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _ike(asa_group, azure_group):
    report = report_for(asa_config(ike_group=asa_group), azure_resources(policy_changes={"dhGroup": azure_group}))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL"]
    return finding


def test_asa_group_16_against_azure_group_14_moves_both_to_group_20():
    finding = _ike("16", "DHGroup14")
    assert finding["remediation"]["asa"] == ["crypto ikev2 policy 11", " encryption aes-256", " integrity sha256",
                                             " group 20", " prf sha256", " lifetime seconds 28800"]
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert (policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"]) == ("AES256", "SHA256", "ECP384")
    for end in ("asa", "azure"):
        assert finding["proof"][end]["proven"] is True
        assert "without lowering" not in finding["proof"][end]["reason"]


def test_a_group_stronger_than_any_azure_takes_still_has_no_fix():
    # group 21 (256 bits): Azure's strongest is ECP384 (192), which would lower the ASA
    finding = _ike("21", "ECP256")
    assert finding["remediation"] == {}
    assert "no suite above the baseline is one both ends take without lowering" in finding["proof"]["asa"]["reason"]
