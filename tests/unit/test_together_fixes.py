# -*- coding: utf-8 -*-
"""Fixes proven only with both ends changed (review 2026-12-04): an ASA on 9.18 (DH group 24 removed) facing an Azure
policy of DH group 24 and PFS 24. The IKE fix moves Azure to group 14; the PFS fix needs the ASA's `set pfs group14`
and Azure's PFS 2048 together. The reports labelled each "(proven)" like a fix of one end, and Azure's PFS policy,
drawn on today's policy, put DH group 24 back: applied in order, the second undid the first."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

GROUP_24 = dict(dhGroup="DHGroup24", pfsGroup="PFS24")


def tunnel():
    [found] = report_for(asa_config(version="9.18(3)"), azure_resources(policy_changes=GROUP_24))["tunnels"]
    return found


def code(t, wanted):
    [found] = [f for f in t["findings"] if f["code"] == wanted]
    return found


def policy(finding):
    return finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0]


def test_the_pfs_fix_proven_together_keeps_the_dh_group_the_ike_fix_sets():
    t = tunnel()
    ike, pfs = code(t, "IKE_NO_COMMON_PROPOSAL"), code(t, "PFS_MISMATCH")
    assert pfs["proof"]["azure"].get("together") and pfs["proof"]["asa"].get("together")
    assert policy(ike)["dhGroup"] == "DHGroup14"
    assert policy(pfs)["dhGroup"] == "DHGroup14" and policy(pfs)["pfsGroup"] == "PFS2048"
    assert pfs["remediation"]["asa"] == ["crypto map AZ-MAP 10 set pfs group14"]


def test_the_reports_say_a_together_fix_is_one_of_two_to_apply():
    t = tunnel()
    text = markdown_text({"schema_version": 1, "summary": {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0},
                          "tunnels": [t], "unpaired": []})
    # and in which order: the ASA's `set pfs group14` alone breaks nothing more (review 2026-12-04: no order was given)
    order = "apply both; the ASA's first, Azure's after: the ASA's change alone breaks nothing"
    assert "Fix on ASA (proven together with the other end's fix below or above: %s):" % order in text
    assert "Fix on Azure (proven together with the other end's fix below or above: %s):" % order in text
    assert code(t, "PFS_MISMATCH")["proof"]["asa"]["first"] == "asa"


# A weak IKE suite on both ends, a sane ESP suite (AES-GCM-128) on both (review 2026-12-04).
WEAK_IKE_AZURE = dict(ikeEncryption="DES3", ikeIntegrity="SHA1", dhGroup="DHGroup2", ipsecEncryption="GCMAES128",
                      ipsecIntegrity="GCMAES128")


def weak_ike_tunnel():
    [found] = report_for(asa_config(ike_enc="3des", ike_integ="sha", ike_prf="sha", ike_group="2", esp_enc="aes-gcm"),
                         azure_resources(policy_changes=WEAK_IKE_AZURE))["tunnels"]
    return found


def test_a_weak_ike_suite_is_moved_without_touching_a_sane_esp_suite():
    # the fix swapped ESP AES-GCM-128 for a new AES-GCM-256 proposal too: the ASA's change alone then broke ESP, and
    # Azure's alone broke IKE, so either order was an outage
    weak = code(weak_ike_tunnel(), "WEAK_CRYPTO")
    asa = weak["remediation"]["asa"]
    assert not any("ipsec-proposal" in line for line in asa), asa
    assert any(line.startswith("crypto ikev2 policy ") for line in asa), asa
    assert policy(weak)["ipsecEncryption"] == "GCMAES128"
    # the ASA adds a policy and keeps its own: its change first breaks nothing
    assert weak["proof"]["asa"]["first"] == "asa"


def test_a_tunnel_whose_fix_needs_both_ends_has_a_plan_for_both_in_every_report():
    # review 2026-12-04: report.json's tunnel remediation was {} for a tunnel down whose only fix needs both ends, and
    # report.html called the one-end plans "Fix one end alone" where neither alone fixed it
    t = weak_ike_tunnel()
    assert t["remediation"] == {}
    assert t["remediation_left"] == {"asa": ["WEAK_CRYPTO"], "azure": ["WEAK_CRYPTO"]}
    assert t["remediation_both"]["asa"][0].startswith("crypto ikev2 policy ")
    assert t["remediation_both_order"] == "asa"
    text = markdown_text({"schema_version": 1, "summary": {"tunnels": 1, "fail": 0, "degraded": 1, "pass": 0},
                          "tunnels": [t], "unpaired": []})
    assert ("### Fix both ends (proven together; the ASA's first, Azure's after: the ASA's change alone breaks "
            "nothing)") in text


def test_a_one_end_plan_says_what_it_leaves():
    t = tunnel()
    text = markdown_text({"schema_version": 1, "summary": {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0},
                          "tunnels": [t], "unpaired": []})
    plans = text.split("### Fix one end alone", maxsplit=1)[1]
    assert "Alone it leaves PFS_MISMATCH: see the plan for both ends, or the findings." in plans


def test_a_one_end_plan_without_a_plan_for_both_does_not_point_at_one():
    # review 2026-12-05 (pasted fixes): "see the plan for both ends" was printed where the report had none
    t = dict(tunnel())
    t.pop("remediation_both", None)
    t.pop("remediation_both_order", None)
    text = markdown_text({"schema_version": 1, "summary": {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0},
                          "tunnels": [t], "unpaired": []})
    assert "Fix both ends" not in text
    assert "Alone it leaves PFS_MISMATCH: no plan that changes both ends is proven either; see the findings." in text
