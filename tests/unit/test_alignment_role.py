# -*- coding: utf-8 -*-
"""align_role.py (the align role's planning, run by the action plugin vpn_align_plan): per end of each checked
tunnel, what the module runs with in every align_to mode (safest by default), which inventory host runs it, which
ends are left alone and why, what is left to do, the story printed and align.json."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import (
    changed_any,
    done,
    property_lines,
    record,
    story,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import (
    PlanError,
    changes_in,
    azure_key,
    jobs,
    module_options,
    plan,
    safest_manual,
)

from seed_example import seed_tunnel


ONLY_AZURE = "only Azure can fix this (align to ASA instead)"
ONLY_ASA = "only ASA can fix this (align to Azure instead)"
VTI_ASA = {"end": "interface Tunnel1", "manual": [], "needs_pre_shared_key": False,
           "options": {"tunnel_interface": "Tunnel1", "ipsec_profile": "AZ-PROF", "tunnel_group": "203.0.113.20",
                       "pfs_group": 14}}
AZURE_NAMES = {"name": "S2S", "resource_group": "RG", "subscription_id": "0000"}
VTI_TUNNEL = {
    "name": "S2S",
    "findings": [{"code": "PFS_MISMATCH"}],
    "asa": {"host": "fw1", "crypto_map": None, "seq": None},
    "azure": {"connection": "S2S"},
    "alignment": {
        "align_to_azure": VTI_ASA,
        "align_to_asa": {"end": "connection S2S", "manual": [{"kind": "bgp", "reason": "r"}],
                         "needs_pre_shared_key": False, "options": dict(AZURE_NAMES, enable_bgp=True)},
        "safest": {
            "asa": VTI_ASA,
            "azure": {"end": "connection S2S", "needs_pre_shared_key": False, "options": dict(AZURE_NAMES),
                      "manual": [{"kind": "ROUTE_MISSING", "reason": ONLY_ASA}]},
        },
    },
}
INTENT = {"ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14],
                  "lifetime_seconds": 28800},
          "esp": {"encryption": ["AES-GCM-256"], "integrity": []}, "pfs_group": 14,
          "local_networks": ["10.0.0.0/8"], "remote_networks": ["172.16.0.0/16"], "enable_bgp": True}


def test_one_end_modes_take_the_checks_alignment():
    assert module_options(VTI_TUNNEL, "asa", "azure")["options"]["pfs_group"] == 14
    assert module_options(VTI_TUNNEL, "azure", "asa") == {
        "options": dict(AZURE_NAMES, enable_bgp=True), "manual": [{"kind": "bgp", "reason": "r"}],
        "needs_pre_shared_key": False}


def test_seed_safest_sets_pfs_on_the_asa_and_raises_azures_data_lifetime():
    """Issue 10: the ASA never lowers its data lifetime to Azure's 2048 KB; Azure's is raised instead."""
    tunnel = seed_tunnel(host=None)
    by_side = {job["side"]: job for job in jobs([tunnel], "safest")}
    assert by_side["asa"]["run"] and changes_in(by_side["asa"]["options"], "asa") == {"pfs_group": 19}
    azure = changes_in(by_side["azure"]["options"], "azure")
    assert by_side["azure"]["run"] and azure["child_lifetime_kilobytes"] > 2048
    assert azure["pfs_group"] == 19, "Azure keeps its PFS group"
    assert by_side["asa"]["manual"] == [] and by_side["azure"]["manual"] == []


def test_seed_aligned_to_azure_leaves_the_data_lifetime_with_its_reason():
    """Only the ASA may change: it gets PFS, never Azure's 2048 KB; the warning is left to do, saying why."""
    [job] = jobs([seed_tunnel(host=None)], "azure")
    assert job["side"] == "asa" and changes_in(job["options"], "asa") == {"pfs_group": 19}
    assert [step["kind"] for step in job["manual"]] == ["REKEY_TOO_FREQUENT"]
    assert "only Azure can fix this" in job["manual"][0]["reason"]


def test_safest_runs_only_the_end_whose_plan_changes_something():
    [asa] = jobs([VTI_TUNNEL], "safest")
    assert asa["side"] == "asa" and asa["run"] and asa["host"] == "fw1" and asa["end"] == "fw1 interface Tunnel1"
    # Azure's options hold only its names, and its one step is the ASA's (which fixes it): no job at all.
    assert safest_manual(VTI_TUNNEL)["azure"] == []


def test_safest_keeps_a_step_both_ends_leave_once_and_the_other_ends_own_reason():
    steps = {"asa": [{"kind": "AZURE_POLICY_INVALID", "reason": ONLY_AZURE},
                     {"kind": "LNG_CONTAINS_PEER_ADDRESS", "reason": "not shown: it brings an error"}],
             "azure": [{"kind": "AZURE_POLICY_INVALID", "reason": "fix by hand: saLifeTimeSeconds 300"},
                       {"kind": "LNG_CONTAINS_PEER_ADDRESS", "reason": "not shown: it brings an error"}]}
    tunnel = {"alignment": {"safest": {side: {"manual": steps[side]} for side in steps}}}
    assert safest_manual(tunnel) == {
        "asa": [{"kind": "LNG_CONTAINS_PEER_ADDRESS", "reason": "not shown: it brings an error"}],
        "azure": [{"kind": "AZURE_POLICY_INVALID", "reason": "fix by hand: saLifeTimeSeconds 300"}]}


def test_an_end_with_nothing_to_change_but_a_step_left_is_listed_not_run():
    [job] = jobs([VTI_TUNNEL], "asa")
    assert job["run"] is True  # enable_bgp is a change
    tunnel = dict(VTI_TUNNEL, alignment=dict(VTI_TUNNEL["alignment"], align_to_asa={
        "end": "connection S2S", "needs_pre_shared_key": False, "options": dict(AZURE_NAMES),
        "manual": [{"kind": "PFS_MISMATCH", "reason": ONLY_ASA}]}))
    [job] = jobs([tunnel], "asa")
    assert (job["run"], job["skipped"]) == (False, "nothing to change")
    story = done([job], [])
    assert story["changes"] == []
    assert story["lines"] == ["  Azure connection S2S: left alone: nothing to change",
                              "    left to do: PFS_MISMATCH: " + ONLY_ASA]
    assert story["left_to_do"] == [{"tunnel": "S2S", "asa_host": "fw1", "side": "azure", "end": "connection S2S",
                                    "kind": "PFS_MISMATCH", "reason": ONLY_ASA}]


def test_an_end_that_needs_the_key_runs_only_with_it():
    entry = dict(VTI_ASA, needs_pre_shared_key=True,
                 options={"tunnel_interface": "Tunnel1", "ipsec_profile": "AZ-PROF", "tunnel_group": "203.0.113.9"})
    tunnel = dict(VTI_TUNNEL, alignment=dict(VTI_TUNNEL["alignment"], align_to_azure=entry))
    [without] = jobs([tunnel], "azure")
    assert (without["run"], without["key_missing"], without["send_key"]) == (False, True, False)
    assert done([without], [])["key_missing"] == ["S2S"]
    [with_key] = jobs([tunnel], "azure", have_key=True)
    assert (with_key["run"], with_key["send_key"]) == (True, True), "names only, but the key is the change"


def test_tunnels_left_for_want_of_the_key_are_listed_once_each_in_linear_time():
    """A hub's new ends all need the key: ``done`` listed each tunnel once by testing the list it was building
    (10,000 tunnels: 50 million comparisons)."""
    import time

    def per_tunnel(count):
        entry = dict(VTI_ASA, needs_pre_shared_key=True,
                     options={"tunnel_interface": "Tunnel1", "ipsec_profile": "AZ-PROF", "tunnel_group": "203.0.113.9"})
        tunnel = dict(VTI_TUNNEL, alignment=dict(VTI_TUNNEL["alignment"], align_to_azure=entry))
        [job] = jobs([tunnel], "azure")
        many = [dict(job, tunnel="S2S-%05d" % i, id="%s-%05d" % (job["id"], i)) for i in range(count)]
        many.append(dict(many[0], id=many[0]["id"] + "-again"))  # a second job of the first tunnel
        best = float("inf")
        for _run in range(3):
            started = time.process_time()
            story = done(many, [])
            best = min(best, time.process_time() - started)
        assert story["key_missing"] == ["S2S-%05d" % i for i in range(count)]
        return best / count

    small, large = per_tunnel(500), per_tunnel(10000)
    assert large <= 2.5 * small, (small, large)


def test_tunnels_without_findings_or_pair_are_left_out_except_for_intent():
    quiet = dict(VTI_TUNNEL, findings=[])
    assert jobs([quiet], "safest") == [] and jobs([quiet], "azure") == []
    assert jobs([{"name": "lonely", "findings": [{"code": "PEER_NOT_FOUND"}]}], "safest") == []
    # a whole policy: Azure takes no part of one, and align refuses what Azure would (align_intent)
    assert [(j["side"], j["run"]) for j in jobs([quiet], "intent", intent=INTENT)] == [
        ("asa", True), ("azure", True)]
    assert jobs([VTI_TUNNEL], "none") == []


def test_intent_mode_gives_a_vti_its_crypto_and_says_why_selectors_are_left_out():
    asa = module_options(VTI_TUNNEL, "asa", "intent", INTENT, {"tcp_mss": 1350})
    assert asa["options"] == {"tunnel_interface": "Tunnel1", "ipsec_profile": "AZ-PROF",
                              "tunnel_group": "203.0.113.20", "ike": INTENT["ike"], "esp": INTENT["esp"],
                              "pfs_group": 14, "tcp_mss": 1350}
    assert [m["kind"] for m in asa["manual"]] == ["local_networks", "remote_networks"]
    assert "a VTI (route-based)" in asa["manual"][0]["reason"]
    azure = module_options(VTI_TUNNEL, "azure", "intent", INTENT)
    assert azure["options"]["enable_bgp"] is True
    assert azure["options"]["ike"] == {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14]}
    assert "local_networks" not in azure["options"] and azure["manual"] == []


def test_intent_mode_refuses_vti_options_for_a_crypto_map_entry():
    tunnel = {"name": "T", "alignment": {"align_to_azure": {"options": {"crypto_map": "M", "seq": 1}, "manual": []}}}
    out = module_options(tunnel, "asa", "intent", {"pfs_group": 14}, {"bgp": {"asn": 65010}})
    assert out["options"] == {"crypto_map": "M", "seq": 1, "pfs_group": 14}
    assert out["manual"][0]["kind"] == "bgp" and "crypto map entry" in out["manual"][0]["reason"]


def test_done_names_each_end_shows_what_changed_and_lists_what_is_left():
    crypto = {key: INTENT[key] for key in ("ike", "esp", "pfs_group")}
    asa_job, azure_job = jobs([VTI_TUNNEL], "intent", intent=crypto)
    azure_job["manual"] = [{"kind": "bgp", "reason": "r"}]
    changes = {"ipsecPolicies": {"before": [{"pfsGroup": "PFS2048", "saDataSizeKilobytes": 2048}],
                                 "after": [{"pfsGroup": "PFS2048", "saDataSizeKilobytes": 102400000}]},
               "enableBgp": {"before": False, "after": True}}
    results = [
        {"job": asa_job, "changed": True, "commands": ["crypto ipsec profile AZ-PROF", " set pfs group14", "exit"]},
        {"job": azure_job, "changed": True, "changes": changes},
    ]
    story = done([asa_job, azure_job], results)
    assert [(c["side"], c["changed"], c["properties"]) for c in story["changes"]] == [
        ("asa", True, []), ("azure", True, ["enableBgp", "ipsecPolicies"])]
    assert story["lines"] == [
        "  ASA fw1 interface Tunnel1: 3 command(s)", "    crypto ipsec profile AZ-PROF", "     set pfs group14",
        "    exit",
        "  Azure connection S2S: set enableBgp, ipsecPolicies", "    enableBgp: false -> true",
        "    ipsecPolicies[0].saDataSizeKilobytes: 2048 -> 102400000",
        "    left to do: bgp: r"]
    assert done([], [])["lines"] == ["  none: no tunnel has a finding to fix"]


def test_property_lines_fall_back_to_whole_values():
    assert property_lines({"trafficSelectorPolicies": {"before": [], "after": [{"a": 1}]}}) == [
        'trafficSelectorPolicies: [] -> [{"a":1}]']


def _second_asa(tunnel, host):
    """The same tunnel on another ASA (names repeat across a fleet)."""
    return dict(tunnel, asa=dict(tunnel["asa"], host=host))


def test_plan_gives_each_asa_its_own_jobs_and_each_connection_to_the_host_that_read_it():
    seed = seed_tunnel(host=None)
    fleet = [seed, _second_asa(seed, "branch-asa")]
    owners = {azure_key("00000000-0000-0000-0000-000000000000", "rg", "ukSouth-HQ-S2S"): "sub-a"}
    planned = plan(fleet, "safest", azure_hosts=owners, default_azure_host="sub-b")
    assert sorted(planned["asa"]) == ["branch-asa", "gateway"]
    assert [len(v) for v in planned["asa"].values()] == [1, 1]
    assert planned["asa"]["branch-asa"][0]["options"]["pfs_group"] == 19
    assert list(planned["azure"]) == ["sub-a"] and len(planned["azure"]["sub-a"]) == 2, \
        "Azure names are case-insensitive: the connection is the one sub-a read"
    ids = [job["id"] for job in planned["jobs"]]
    assert len(ids) == len(set(ids)) == 4, "one job per end of each ASA's tunnel, even with the same name"
    unknown = plan([seed], "safest", azure_hosts={}, default_azure_host="sub-b")
    assert list(unknown["azure"]) == ["sub-b"]


def test_plan_hands_out_no_reason_no_key_and_nothing_that_does_not_run():
    planned = plan([seed_tunnel(host=None)], "azure")
    [entry] = planned["asa"]["gateway"]
    assert sorted(entry) == ["end", "id", "options", "send_key", "tunnel"]
    assert planned["azure"] == {}
    # the ASA's one push task: the job's options, named by its id, and no key in the item
    [item] = planned["asa_tunnels"]["gateway"]
    assert item == dict(entry["options"], name=entry["id"], use_pre_shared_key=entry["send_key"])
    assert "pre_shared_key" not in item
    assert plan([seed_tunnel(host=None)], "none") == {"jobs": [], "asa": {}, "azure": {}, "unassigned": [],
                                                      "asa_tunnels": {}}


def test_an_asa_job_without_a_host_is_not_run_and_says_why():
    tunnel = dict(VTI_TUNNEL, asa=dict(VTI_TUNNEL["asa"], host=None))
    planned = plan([tunnel], "azure")
    assert planned["asa"] == {} and planned["unassigned"] == [planned["jobs"][0]["id"]]
    assert planned["jobs"][0]["skipped"] == "the ASA facts name no inventory host"


def test_the_results_of_all_hosts_decide_whether_to_check_again():
    assert not changed_any([{"changed": False}, {"skipped": True, "changed": False}])
    assert changed_any([{"changed": False}, {"changed": True}])
    assert not changed_any([])


def test_story_before_changes_after_in_every_outcome():
    nothing = done([], [])
    assert story("none", ["1 tunnel(s): 1 fail, 0 degraded, 0 pass"], nothing) == [
        "check:", "1 tunnel(s): 1 fail, 0 degraded, 0 pass"]
    assert story("safest", ["b"], nothing) == [
        "before:", "b", "changes (align_to safest):", "  none: no tunnel has a finding to fix",
        "nothing changed, so the check above stands"]
    assert story("azure", ["b"], nothing, check_mode=True)[2] == "changes (align_to azure, check mode: nothing sent):"
    assert story("asa", ["b"], nothing, ["a"])[-2:] == ["after:", "a"]
    missing = dict(nothing, key_missing=["S2S"])
    assert "left alone, they need the pre-shared key (give align_pre_shared_key): S2S" in story("asa", [], missing)


def test_align_json_keeps_before_and_after_apart_per_asa():
    before = {"summary": {"tunnels": 1, "fail": 1}, "verdicts": {"S2S": "fail"},
              "tunnels": [{"name": "S2S", "asa_host": "fw1", "verdict": "fail"}]}
    kept = record("safest", before, None, done([], []))
    assert (kept["after"], kept["verdicts_after"], kept["tunnels_after"]) == (None, None, None)
    assert kept["tunnels_before"][0]["asa_host"] == "fw1" and kept["needs_pre_shared_key"] == []


@pytest.mark.parametrize("extra, named", [
    ({"state": "absent"}, "state is not"),
    ({"pre_shared_key": "x", "save_when": "changed"}, "pre_shared_key, save_when are not"),
    ({"update_pre_shared_key": "always"}, "update_pre_shared_key"),
])
def test_align_asa_entry_takes_only_end_options_and_says_which_it_refuses(extra, named):
    """The role looped one task per end naming 25 options, and dropped any other align_asa_entry key without a word;
    the ends now go as items whole (issue 12), so a key align does not hand on (state: absent would remove the end) is
    refused before anything is planned."""
    with pytest.raises(PlanError) as refused:
        plan([seed_tunnel()], "intent", intent=dict(INTENT, pfs_group=19), asa_extra=extra)
    assert named in str(refused.value) and "align_asa_entry" in str(refused.value)
    planned = plan([seed_tunnel()], "intent", intent=dict(INTENT, pfs_group=19), asa_extra={"group_policy": "AZ-GP"})
    assert [item["group_policy"] for item in planned["asa_tunnels"]["fw-a"]] == ["AZ-GP"]


def test_the_keys_align_hands_an_asa_end_are_the_modules_end_options_but_state_and_key_update():
    """align_role cannot import the module (module_utils never import modules): its list is checked against the spec."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import ASA_ITEM_KEYS
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_options import END_SPEC
    assert ASA_ITEM_KEYS == set(END_SPEC) - {"state", "update_pre_shared_key"}


def test_intent_mode_names_the_proposal_after_the_intents_esp_not_the_reports():
    """Review 2026-12-06: the plan's own proposal, named for the report's ESP fix (GCM-128), was filled with the
    intent's ESP (GCM-256)."""
    tunnel = {"name": "T", "alignment": {"align_to_azure": {"options": {
        "crypto_map": "M", "seq": 1, "ipsec_proposal": "VPNALIGN-AES-GCM-128"}, "manual": []}}}
    out = module_options(tunnel, "asa", "intent", {"esp": INTENT["esp"]})
    assert out["options"]["ipsec_proposal"] == "VPNALIGN-AES-GCM-256" and out["options"]["esp"] == INTENT["esp"]
    own = dict(tunnel, alignment={"align_to_azure": {"options": {"crypto_map": "M", "seq": 1, "ipsec_proposal": "P1"},
                                                     "manual": []}})
    assert module_options(own, "asa", "intent", {"esp": INTENT["esp"]})["options"]["ipsec_proposal"] == "P1"
