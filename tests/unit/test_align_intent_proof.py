# -*- coding: utf-8 -*-
"""align_to intent does no harm (review 2026-12-05, /tmp/review_intent.md D1-D4): the role pushes the ASA first and
Azure after it, and nothing rolls the ASA back when Azure then refuses. So the plan step proves the intent per tunnel
(Azure's own validation, the engine on both ends' models, the gateway's SKU and IKE version) and refuses a tunnel that
fails on both ends, before anything is pushed; an Azure job of an active-active connection waits for every ASA end
using that connection. Each test failed before the fix."""

import json
import os
from types import SimpleNamespace

import pytest

from ansible.errors import AnsibleActionFail
from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from align_steps import action_of, args_of, azure_checked
from scenario_builders import asa_config, azure_resources
from seed_example import seed_tunnel

STRONG = {"ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14]},
          "esp": {"encryption": ["AES-GCM-256"], "integrity": []}, "pfs_group": 14}
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based")


def _fixture(name):
    here = os.path.join(FIXTURES, name)
    with open(os.path.join(here, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = handle.read()
    with open(os.path.join(here, "azure_resources.json"), encoding="utf-8") as handle:
        arm = json.load(handle)
    return asa, arm


def _plan(intent, asa_text=None, arm=None):
    """Step plan as vpn_align_plan runs it: the check (proving the intent per tunnel), then align_role.plan."""
    report = run_check(asa_facts_from_text(asa_text or asa_config(), host="fw-a"),
                       azure_facts_from_data(arm or azure_resources()), intent=intent)
    return report, align_role.plan(report["tunnels"], "intent", intent=intent, default_azure_host="sub-a")


def _refused_everywhere(planned):
    """Nothing runs, and each end says why as a step left to do."""
    assert planned["asa"] == {} and planned["azure"] == {}, "an end of a refused tunnel would be pushed"
    for job in planned["jobs"]:
        assert not job["run"] and job["skipped"].startswith("intent refused for this tunnel")
        assert [step["kind"] for step in job["manual"]][-1] == "intent_refused"
    return [step["reason"] for job in planned["jobs"] for step in job["manual"] if step["kind"] == "intent_refused"]


# -- D1: what Azure refuses is refused on both ends before the ASA takes it ----------------------------------------
@pytest.mark.parametrize("change, said", [
    ({"child_lifetime_seconds": 240}, "child_lifetime_seconds 240: Azure's saLifeTimeSeconds takes 300 to 2147483647"),
    ({"child_lifetime_kilobytes": 512},
     "child_lifetime_kilobytes 512: Azure's saDataSizeKilobytes takes 1024 to 2147483647"),
    ({"pfs_group": 21}, "PFS group (pfs_group) 21 has no Azure equivalent"),
    ({"ike": dict(STRONG["ike"], dh_groups=[19, 14])}, "Azure takes exactly one IKE DH group per connection policy"),
])
def test_an_intent_azure_refuses_is_refused_on_both_ends_before_any_push(change, said):
    intent = dict(STRONG, **change)
    report, planned = _plan(intent)
    assert [f["code"] for f in report["tunnels"][0]["findings"] if f["severity"] != "info"] == []
    reasons = _refused_everywhere(planned)
    assert len(reasons) == 2 and all(said in reason for reason in reasons), reasons


def test_numbers_given_as_strings_are_judged_as_the_modules_take_them():
    """-e and INI inventories give strings; azure_vpn_connection's argument spec makes them ints, and so does the
    proof (a refusal the module would not make is a tunnel left alone for nothing)."""
    text = dict(STRONG, ike=dict(STRONG["ike"], dh_groups=["14"]), pfs_group="14", child_lifetime_seconds="3600")
    _report, planned = _plan(text)
    assert [(job["side"], job["run"]) for job in planned["jobs"]] == [("asa", True), ("azure", True)]
    _report, planned = _plan(dict(text, child_lifetime_seconds="240"))
    assert "child_lifetime_seconds 240: Azure's saLifeTimeSeconds" in _refused_everywhere(planned)[0]


def test_an_intent_whose_proof_shows_a_new_finding_is_refused():
    """Azure takes 1,024 KB, but both ends then rekey every fraction of a second: the engine on the edited models
    says so, and nothing is pushed."""
    _report, planned = _plan(dict(STRONG, child_lifetime_kilobytes=1024))
    reasons = _refused_everywhere(planned)
    assert "REKEY_TOO_FREQUENT" in reasons[0] and "applied to both ends' models" in reasons[0]


def test_a_proven_intent_still_goes_to_both_ends():
    report, planned = _plan(dict(STRONG, child_lifetime_seconds=3600))
    assert report["tunnels"][0]["intent_refused"] == []
    assert [(job["side"], job["run"]) for job in planned["jobs"]] == [("asa", True), ("azure", True)]
    assert all(job["manual"] == [] for job in planned["jobs"])


def test_an_azure_job_is_checked_by_azures_own_validation_even_without_the_checks_proof():
    """A report entry the check made without the intent (no ``intent_refused``): the Azure job's options are still
    put through azure_vpn_connection's validation, and a part of a policy (Azure takes only whole ones) is refused."""
    planned = align_role.plan([seed_tunnel()], "intent", intent={"pfs_group": 19}, default_azure_host="sub-a")
    reasons = _refused_everywhere(planned)
    assert "Azure takes only whole" in reasons[0]


# -- D2: a gateway that takes no custom policy, or an IKEv1 connection ----------------------------------------------
def test_intent_on_a_basic_policy_based_ikev1_tunnel_is_refused_on_both_ends():
    asa, arm = _fixture("policy_based_ikev1")
    _report, planned = _plan(dict(STRONG), asa, arm)
    reasons = _refused_everywhere(planned)
    assert "SKU Basic, which takes no custom IPsec/IKE policy" in reasons[0]


def test_intent_on_an_ikev1_connection_of_a_route_based_gateway_is_refused():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.align_intent import tunnel_refusals
    azure_end = SimpleNamespace(name="C", ref={"sku": "VpnGw1", "vpn_type": "RouteBased",
                                               "connection_protocol": "IKEv1", "connection": "C"})
    asa_end = SimpleNamespace(ref={})
    reasons = tunnel_refusals(STRONG, None, asa_end, azure_end)
    assert len(reasons) == 1 and "connection C is IKEv1" in reasons[0]
    # an intent of no crypto is not refused for it
    assert tunnel_refusals({"dpd_timeout_seconds": 45}, None, asa_end, azure_end) == []


# -- D3: active-active, one connection for two tunnels ---------------------------------------------------------------
def _active_active():
    asa, arm = _fixture("vti_active_active_static")
    report, planned = _plan(dict(STRONG), asa, arm)
    assert len(report["tunnels"]) == 2
    return planned


def test_active_active_holds_both_instances_azure_jobs_when_one_asa_end_failed():
    planned = dict(_active_active(), align_to="intent")
    asa_jobs = planned["asa"]["fw-a"]
    assert len(asa_jobs) == 2 and sum(len(v) for v in planned["azure"].values()) == 2
    results = [{"name": asa_jobs[0]["id"], "changed": True},
               {"name": asa_jobs[1]["id"], "failed": True, "msg": "ipsec profile SHARED-PROF also protects Tunnel5"}]
    task_vars = {"hostvars": {"fw-a": {"align_pushed": {"results": results}}, "sub-a": {}}, "align_plan": planned}
    azure_checked(action_of(), args_of(step="preflight"), task_vars)
    kept = action_of()._hold(args_of(step="hold"), task_vars)
    assert kept["azure"] == {}, "instance 0's job would rewrite the connection instance 1 uses"
    assert len(kept["held"]) == 2 and all(asa_jobs[1]["end"] in entry["reason"] for entry in kept["held"])


def test_active_active_refused_instance_refuses_the_other_instance_before_any_push():
    asa, arm = _fixture("vti_active_active_static")
    report = run_check(asa_facts_from_text(asa, host="fw-a"), azure_facts_from_data(arm), intent=STRONG)
    report["tunnels"][1]["intent_refused"] = ["instance 1's ASA end cannot take it"]
    planned = align_role.plan(report["tunnels"], "intent", intent=STRONG, default_azure_host="sub-a")
    reasons = _refused_everywhere(planned)
    assert any("shares this Azure connection" in reason for reason in reasons)


TUNNEL2 = """interface Tunnel2
 nameif AZURE-NEU-1
 ip address 169.254.22.2 255.255.255.252
 tunnel source interface OUTSIDE
 tunnel destination 203.0.113.51
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZURE-NEU
!
"""
BRANCH = """interface Tunnel5
 nameif BRANCH
 ip address 169.254.30.2 255.255.255.252
 tunnel source interface OUTSIDE
 tunnel destination 192.0.2.99
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile SHARED-PROF
!
"""
SHARED_PROFILE = """crypto ipsec profile SHARED-PROF
 set ikev2 ipsec-proposal AZURE-NEU-ESP
 set pfs group20
 set security-association lifetime kilobytes 102400000
 set security-association lifetime seconds 27000
"""


def _profile_shared_with_a_branch(asa):
    """Tunnel2's ipsec profile also protects Tunnel5, a VTI to a branch this run does not read (review D3)."""
    assert TUNNEL2 in asa
    return asa.replace(TUNNEL2, TUNNEL2.replace("AZURE-NEU\n", "SHARED-PROF\n") + BRANCH).replace(
        "crypto ipsec profile AZURE-NEU\n", SHARED_PROFILE + "crypto ipsec profile AZURE-NEU\n")


def test_active_active_instance_sharing_its_profile_with_an_unread_tunnel_refuses_both_instances():
    """The review's D3 case, now refused at plan time: the intent would change SHARED-PROF, which Tunnel5 (not Azure)
    uses too, so instance 1 is refused, and instance 0 with it (its Azure job rewrites the connection both use)."""
    asa, arm = _fixture("vti_active_active_static")
    text = _profile_shared_with_a_branch(asa)
    assert text.count("tunnel protection ipsec profile SHARED-PROF") == 2, text
    report, planned = _plan(dict(STRONG), text, arm)
    assert [f["code"] for t in report["tunnels"] for f in t["findings"] if f["severity"] != "info"] == []
    reasons = _refused_everywhere(planned)
    assert any("ipsec profile SHARED-PROF, which Tunnel5 (BRANCH)" in reason for reason in reasons), reasons
    assert any("shares this Azure connection" in reason for reason in reasons), reasons
    # the same pair with the profile shared only by the two Azure VTIs goes through
    _report, planned = _plan(dict(STRONG), asa, arm)
    assert all(job["run"] for job in planned["jobs"]) and len(planned["jobs"]) == 4


def test_hold_outside_intent_is_per_tunnel_as_before():
    planned = dict(_active_active(), align_to="safest")
    asa_jobs = planned["asa"]["fw-a"]
    results = [{"name": asa_jobs[0]["id"], "changed": True}, {"name": asa_jobs[1]["id"], "failed": True, "msg": "x"}]
    task_vars = {"hostvars": {"fw-a": {"align_pushed": {"results": results}}, "sub-a": {}}, "align_plan": planned}
    azure_checked(action_of(), args_of(step="preflight"), task_vars)
    kept = action_of()._hold(args_of(step="hold"), task_vars)
    assert len(kept["held"]) == 1 and sum(len(v) for v in kept["azure"].values()) == 1


# -- D4: AES-GCM with an integrity hash -------------------------------------------------------------------------------
@pytest.mark.parametrize("part", ["esp", "ike"])
def test_aes_gcm_with_an_integrity_is_refused_before_anything_is_read(part):
    intent = json.loads(json.dumps(STRONG))
    intent[part] = {"encryption": ["AES-GCM-256"], "integrity": ["SHA256"]}
    if part == "ike":
        intent["ike"]["dh_groups"] = [14]
    with pytest.raises(AnsibleActionFail) as refused:
        action_of()._plan(args_of(align_to="intent", intent=intent), {})
    assert "gcm_pairing" in str(refused.value) and "AES-GCM-256 with integrity SHA256" in str(refused.value)
    assert "nothing was changed" in str(refused.value)


def test_pfs_group_0_is_refused_where_an_end_has_pfs_today():
    # review 2026-12-05 (align D4): pfs_group 0 took PFS off the ASA and Azure alike; pfs_group 5 was refused as weak
    asa = asa_config(pfs="crypto map AZ-MAP 10 set pfs group14")
    arm = azure_resources(policy_changes={"pfsGroup": "PFS2048"})
    report, planned = _plan(dict(STRONG, pfs_group=0), asa, arm)
    reasons = _refused_everywhere(planned)
    assert reasons and all(r.startswith("pfs_group 0 would remove PFS (group 14) from ASA AZ-MAP 10: never weaken an end")
                           for r in reasons), reasons
    # where neither end has PFS, no PFS is what both keep
    report, planned = _plan(dict(STRONG, pfs_group=0))
    assert not report["tunnels"][0].get("intent_refused"), report["tunnels"][0].get("intent_refused")


# -- review 2026-12-06 (align C1): the networks of an intent are proven, and none of them is any -------------------------
@pytest.mark.parametrize("networks", [
    {"local_networks": ["0.0.0.0/0"], "remote_networks": ["0.0.0.0/0"]},
    {"local_networks": ["10.0.0.0/8"], "remote_networks": ["172.16.0.0/16", "::/0"]},
    {"nat_exemption": {"inside_interface": "inside", "local_networks": ["any4"], "remote_networks": ["172.16.0.0/16"]}},
    {"traffic_selector_policies": [{"local_address_ranges": ["0.0.0.0/0"], "remote_address_ranges": ["10.0.0.0/8"]}]},
    # every spelling the modules read as /0 (review 2026-12-06: 0.0.0.0/0.0.0.0 became any4)
    {"local_networks": ["10.0.0.0/8"], "remote_networks": ["0.0.0.0/0.0.0.0"]},
    {"local_networks": ["10.0.0.0/8"], "remote_networks": ["0.0.0.0/00"]},
    {"local_networks": ["10.0.0.0/8"], "remote_networks": [" ::/00 "]},
    {"local_networks": ["10.0.0.0/0"], "remote_networks": ["172.16.0.0/16"]},
], ids=range(8))
def test_an_intent_naming_every_address_is_refused_before_anything_is_read(networks):
    with pytest.raises(AnsibleActionFail) as refused:
        action_of()._plan(args_of(align_to="intent", intent=dict(STRONG, **networks)), {})
    assert "names every address" in str(refused.value) and "nothing was changed" in str(refused.value)


def test_align_asa_entry_naming_every_address_is_refused_in_every_mode():
    with pytest.raises(align_role.PlanError) as refused:
        align_role.plan([seed_tunnel()], "safest", asa_extra={"remote_networks": ["0.0.0.0/0"]})
    assert "align_asa_entry names every address (remote_networks 0.0.0.0/0)" in str(refused.value)


def test_intent_networks_that_route_the_peer_into_the_tunnel_are_refused_by_the_proof():
    """Half of all addresses is no "any", but it holds Azure's gateway 203.0.113.20: the engine on the edited model
    finds the tunnel routing its own IKE packets into itself, and neither end is pushed."""
    _report, planned = _plan(dict(STRONG, local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16", "128.0.0.0/1"]))
    reasons = _refused_everywhere(planned)
    assert "applied to both ends' models" in reasons[0] and "LNG_CONTAINS_PEER_ADDRESS" in reasons[0], reasons


def test_intent_networks_both_ends_agree_on_are_proven_and_pushed():
    report, planned = _plan(dict(STRONG, local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"]))
    assert report["tunnels"][0]["intent_refused"] == []
    assert [(job["side"], job["run"]) for job in planned["jobs"]] == [("asa", True), ("azure", True)]


def test_align_asa_entry_networks_are_proven_in_place_of_the_intents():
    """They override the intent's on the ASA ends (align_role.module_options), so the proof judges them (review
    2026-12-06: they went to the ASA unproven)."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.align_intent import proven_intent
    intent = dict(STRONG, local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"])
    extra = {"remote_networks": ["172.16.0.0/16", "128.0.0.0/1"], "group_policy": "GP"}
    proven = proven_intent(intent, extra)
    assert proven["remote_networks"] == extra["remote_networks"] and "group_policy" not in proven
    _report, planned = _plan(proven)
    assert "LNG_CONTAINS_PEER_ADDRESS" in _refused_everywhere(planned)[0]
