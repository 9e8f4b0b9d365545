# -*- coding: utf-8 -*-
"""The IKE versions a dynamic crypto map entry's tunnel may use come from the group-policy of the tunnel-group the
Azure gateway lands in (its own, named after its address, else DefaultL2LGroup): its ``vpn-tunnel-protocol``, else
DfltGrpPolicy's (Cisco ASA VPN CLI guide, "Group Policies": a group-policy inherits what it does not set from
DfltGrpPolicy). They were always DfltGrpPolicy's: a landing group whose group-policy allows IKEv1 only passed against
an IKEv2 connection, and a DfltGrpPolicy without IKEv2 failed a tunnel whose group-policy allows it, with a fix to
DfltGrpPolicy that every other group inherits."""

from test_dynamic_map_serves_azure import dynamic_asa
from scenario_builders import azure_resources
from test_scenarios import report_for

IKEV1_ONLY = " vpn-tunnel-protocol ikev1"


def _found(report):
    [tunnel] = report["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


def test_own_group_whose_group_policy_leaves_out_ikev2_is_a_version_mismatch_fixed_in_that_policy():
    text = dynamic_asa("203.0.113.20").replace(" vpn-tunnel-protocol ikev2", IKEV1_ONLY)
    tunnel, found = _found(report_for(text, azure_resources()))
    mismatch = found["IKE_VERSION_MISMATCH"]
    assert mismatch["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "vpn-tunnel-protocol ikev1" in [line["text"].strip() for line in mismatch["evidence"]["asa"]["lines"]]
    assert mismatch["proof"]["asa"]["proven"] is True
    assert mismatch["remediation"]["asa"] == ["group-policy AZ-GP attributes", " vpn-tunnel-protocol ikev1 ikev2"]


def test_default_l2l_group_whose_group_policy_leaves_out_ikev2_is_a_version_mismatch():
    text = dynamic_asa().replace(" vpn-tunnel-protocol ikev2", IKEV1_ONLY)
    tunnel, found = _found(report_for(text, azure_resources()))
    assert found["IKE_VERSION_MISMATCH"]["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "group-policy AZ-GP attributes" in found["IKE_VERSION_MISMATCH"]["remediation"]["asa"]


def test_dflt_grp_policy_without_ikev2_does_not_fail_a_group_whose_own_policy_allows_it():
    text = dynamic_asa("203.0.113.20").replace(
        "group-policy AZ-GP internal", "group-policy DfltGrpPolicy attributes\n" + IKEV1_ONLY + "\ngroup-policy AZ-GP internal")
    tunnel, found = _found(report_for(text, azure_resources()))
    assert "IKE_VERSION_MISMATCH" not in found, found.get("IKE_VERSION_MISMATCH", {}).get("summary")
    assert tunnel["verdict"] == "degraded"


def test_a_group_without_a_group_policy_of_its_own_takes_dflt_grp_policys_protocols():
    text = dynamic_asa("203.0.113.20").replace(" default-group-policy AZ-GP\n", "").replace(
        "group-policy AZ-GP internal", "group-policy DfltGrpPolicy attributes\n" + IKEV1_ONLY + "\ngroup-policy AZ-GP internal")
    tunnel, found = _found(report_for(text, azure_resources()))
    assert found["IKE_VERSION_MISMATCH"]["severity"] == "error" and tunnel["verdict"] == "fail"
    assert found["IKE_VERSION_MISMATCH"]["remediation"]["asa"] == ["group-policy DfltGrpPolicy attributes",
                                                                   " vpn-tunnel-protocol ikev1 ikev2"]
