# -*- coding: utf-8 -*-
"""Issue 12, fleet robustness of align: what vpn_align_plan and align_role.py decide when a host could not be
read (its gather failed, or it was unreachable) or a push failed. A host not read is reported (HOST_NOT_READ
with its reason), nothing runs on either end of its tunnels, every other host is planned as usual, and the run
fails naming it; a failed push says what is left on the device."""

import json
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done, hold, incomplete, record
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import host_order, jobs, not_read, plan
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

from align_steps import action_of, args_of
from seed_example import seed_arm, seed_asa_text, seed_tunnel

REFUSED = "asa_vpn_facts: could not open a CLI session to the device: [Errno 111] Connection refused"


def _relocated(text, slot):
    """The seed's tunnel with addresses of its own (ASA 198.51.100.100+slot, Azure 203.0.113.160+slot)."""
    text = re.sub(r"(?<![\d.])198\.51\.100\.10(?!\d)", "198.51.100.%d" % (100 + slot), text)
    return re.sub(r"(?<![\d.])203\.0\.113\.20(?!\d)", "203.0.113.%d" % (160 + slot), text)


def _arm(slot, group):
    text = _relocated(json.dumps(seed_arm()), slot)
    return json.loads(text.replace("/resourceGroups/RG/", "/resourceGroups/%s/" % group))


# -- align_role.py ---------------------------------------------------------------------------------
def test_a_host_with_a_failure_message_is_not_read_whatever_facts_it_still_holds():
    errors = {"fw-a": "", "fw-b": "Task failed:  Failed to connect\n to the host via ssh", "fw-c": None,
              "fw-d": "x" * 700}
    assert not_read(errors) == [("fw-b", "Task failed: Failed to connect to the host via ssh"),
                                ("fw-d", "x" * 597 + "...")]
    assert not_read({}) == []


def test_hosts_not_read_are_named_in_inventory_order_once():
    assert host_order([("fw-c", "b"), ("fw-a", "a"), ("fw-c", "again")], ["fw-a", "fw-b", "fw-c"]) == [
        ("fw-a", "a"), ("fw-c", "b")]


def test_no_job_runs_on_either_end_of_a_tunnel_whose_asa_was_not_read():
    tunnel = seed_tunnel()
    planned = plan([tunnel], "safest", not_read=[("fw-a", REFUSED)])
    assert planned["asa"] == {} and planned["azure"] == {}
    assert [job["run"] for job in planned["jobs"]] == [False, False]
    assert all(job["skipped"].startswith("fw-a was not read (%s)" % REFUSED) for job in planned["jobs"])
    # another host's failure withholds nothing of this tunnel
    assert sorted(plan([tunnel], "safest", not_read=[("fw-z", REFUSED)])["asa"]) == ["fw-a"]


def test_no_job_runs_for_an_azure_host_that_was_not_read():
    planned = plan([seed_tunnel()], "asa", default_azure_host="sub-a", not_read=[("sub-a", "401")])
    assert planned["azure"] == {} and "sub-a was not read (401)" in planned["jobs"][0]["skipped"]


def test_a_failed_push_says_what_is_left_on_the_device():
    asa_job, azure_job = jobs([seed_tunnel()], "safest")
    asa_job["host"], azure_job["host"] = "fw-a", "sub-a"
    failed = {"job": asa_job, "failed": True, "changed": True, "msg": "asa_vpn_tunnel: the device refused ...",
              "commands": ["crypto map CRYPTO-MAP 2 set pfs group19"], "applied": ["crypto ikev2 policy 1"],
              "rolled_back": [], "left_over": ["+ crypto ikev2 policy 1"], "device_state_known": True,
              "rollback_refused": ["no crypto ikev2 policy 1"]}
    unreachable = {"job": azure_job, "unreachable": True, "changed": False, "msg": "Failed to connect"}
    story = done([asa_job, azure_job], [failed, unreachable])
    asa_entry, azure_entry = story["changes"]
    assert asa_entry["failed"] and asa_entry["left_over"] == ["+ crypto ikev2 policy 1"]
    assert asa_entry["device_state_known"] is True and asa_entry["rollback_refused"] == ["no crypto ikev2 policy 1"]
    assert asa_entry["msg"] == "asa_vpn_tunnel: the device refused ..."
    assert azure_entry["failed"] and azure_entry["msg"] == "Failed to connect", "an unreachable host did not push"
    assert "    left on the device: + crypto ikev2 policy 1" in story["lines"]
    assert [(f["host"], f["side"]) for f in story["push_failed"]] == [("fw-a", "asa"), ("sub-a", "azure")]
    assert done([asa_job], [dict(failed, failed=False)])["push_failed"] == []


def test_the_azure_end_of_a_tunnel_whose_asa_end_failed_to_push_is_held():
    tunnel = seed_tunnel()
    other = dict(tunnel, asa=dict(tunnel["asa"], host="fw-b"))
    planned = plan([tunnel, other], "safest", default_azure_host="sub-a")
    results = [{"job": entry, "failed": entry["id"].startswith("fw-a|"), "changed": False}
               for entry in planned["asa"]["fw-a"] + planned["asa"]["fw-b"]]
    kept = hold(planned["azure"], results, planned["asa"])
    assert [entry["id"] for entry in kept["azure"]["sub-a"]] == ["fw-b|00000000-0000-0000-0000-000000000000|RG|UKSouth-HQ-S2S|azure"]
    [held] = kept["held"]
    assert held["id"] == "fw-a|00000000-0000-0000-0000-000000000000|RG|UKSouth-HQ-S2S|azure" and held["host"] == "sub-a"
    assert held["reason"].startswith("held: the push to its ASA end (fw-a crypto map CRYPTO-MAP 2) failed")
    # an unreachable ASA did not push either, nor a skipped one; a good result holds nothing
    assert len(hold(planned["azure"], [dict(results[0], failed=False, unreachable=True)] + results[1:],
                    planned["asa"])["held"]) == 1
    assert len(hold(planned["azure"], [dict(results[0], skipped=True)] + results[1:], planned["asa"])["held"]) == 1
    assert hold(planned["azure"], [dict(results[0], failed=False)] + results[1:], planned["asa"])["held"] == []
    story = done(planned["jobs"], [], kept["held"])
    assert "  Azure connection UKSouth-HQ-S2S: left alone: " + held["reason"] in story["lines"]
    assert story["held"] == kept["held"]


def test_the_run_fails_naming_every_host_it_did_not_cover_and_only_then():
    unread = [{"host": "fw-b", "side": "asa", "why": "refused"}, {"host": "sub-x", "side": "azure", "why": "401"}]
    again = unread + [{"host": "fw-c", "side": "asa", "why": "timeout"}]
    failed = [{"host": "fw-d", "side": "asa", "tunnel": "T1", "end": "e"},
              {"host": "fw-d", "side": "asa", "tunnel": "T2", "end": "e"}]
    message = incomplete(unread, again, failed)
    assert message.startswith("Not read: ASA fw-b, Azure host sub-x (HOST_NOT_READ")
    assert "Not read by the check after aligning: ASA fw-c (" in message
    assert "Push failed on: ASA fw-d (" in message and message.count("fw-d") == 1
    assert incomplete([], None, []) == "" and incomplete([], [], []) == ""


def test_align_json_lists_the_hosts_not_read_and_the_failed_pushes():
    before = {"summary": {}, "verdicts": {}, "tunnels": []}
    unread = [{"host": "fw-b", "side": "asa", "why": "refused"}]
    kept = record("safest", before, None, dict(done([], []), push_failed=[{"host": "fw-d"}]), unread, None)
    assert kept["not_read"] == unread and kept["not_read_after"] is None
    assert kept["push_failed"] == [{"host": "fw-d"}]


# -- vpn_align_plan, step plan, from the hosts' variables -----------------------------------------
def _fleet_vars():
    """fw-good read; fw-stale's last gather failed (facts of an earlier one still there); fw-dark never gathered
    (no facts, no record: fact_sources' reason); each with its own connection in the one subscription localhost read."""
    facts = {slot: asa_facts_from_text(_relocated(seed_asa_text(), slot), host=host)
             for slot, host in enumerate(("fw-good", "fw-stale", "fw-dark"))}
    arm = _arm(0, "RG-good") + _arm(1, "RG-stale") + _arm(2, "RG-dark")
    return {"hostvars": {
        "fw-good": {"vpnalign_asa": facts[0], "align_asa_not_read": False, "align_asa_error": ""},
        "fw-stale": {"vpnalign_asa": facts[1], "align_asa_not_read": True, "align_asa_error": REFUSED},
        "fw-dark": {},
        "localhost": {"vpnalign_azure": azure_facts_from_data(arm), "align_azure_not_read": False},
    }}


def test_the_plan_covers_the_hosts_read_and_reports_the_others():
    action = action_of()
    planned = action._plan(args_of(asa_hosts=["fw-good", "fw-stale", "fw-dark"], azure_hosts=["localhost"]),
                           _fleet_vars())
    assert list(planned["asa"]) == ["fw-good"]
    [azure_job] = planned["azure"]["localhost"]
    assert "RG-good" in azure_job["id"], "only the connection paired with the ASA read"
    assert [(e["host"], e["side"]) for e in planned["not_read"]] == [("fw-stale", "asa"), ("fw-dark", "asa")]
    assert planned["not_read"][0]["why"] == REFUSED
    assert "unreachable" in planned["not_read"][1]["why"]
    # each host not read is an error of the check before (HOST_NOT_READ), the tunnels of the others as usual
    assert planned["before"]["verdicts"]["fw-stale (not read)"] == "fail"
    assert planned["before"]["summary"]["tunnels"] == 3 and planned["before"]["unpaired"] == 2


def test_the_report_step_fails_naming_the_hosts_not_read_even_with_fail_on_never():
    action = action_of()
    task_vars = _fleet_vars()
    args = args_of(asa_hosts=["fw-good", "fw-stale", "fw-dark"], azure_hosts=["localhost"], fail_on="never")
    task_vars["align_plan"] = action._plan(args, task_vars)
    # every job planned ran without changing anything (a job planned with no result would fail the run)
    pushed = [{"job": job, "changed": False} for job in task_vars["align_plan"]["jobs"] if job["run"]]
    task_vars["align_done"] = dict(done(task_vars["align_plan"]["jobs"], pushed), recheck=False)
    out = action._report(args, task_vars)
    assert out["fails"] is True
    assert out["fail_msg"].startswith("Not read: ASA fw-stale, ASA fw-dark (HOST_NOT_READ")
    assert "align_fail_on" not in out["fail_msg"]
    # every host read: findings alone decide, and fail_on never does not fail
    read = args_of(asa_hosts=["fw-good"], azure_hosts=["localhost"], fail_on="never")
    task_vars["align_plan"] = action._plan(read, task_vars)
    assert action._report(read, task_vars)["fails"] is False


def test_two_jobs_asking_one_connection_for_one_change_make_it_once():
    # review 2026-12-05 (align D5): the two instances of an active-active gateway share one connection; --check --diff
    # showed the change twice, as if two PUTs were made, where a run made one (the second found nothing to change)
    tunnel = seed_tunnel()
    other = dict(tunnel, asa=dict(tunnel["asa"], host="fw-b"))
    planned = plan([tunnel, other], "safest", default_azure_host="sub-a")
    results = [{"job": entry, "changed": True} for entry in planned["asa"]["fw-a"] + planned["asa"]["fw-b"]]
    kept = hold(planned["azure"], results, planned["asa"])
    [first] = kept["azure"]["sub-a"]
    [same] = kept["same"]
    assert same["same_as"] == first["id"] and same["id"].startswith("fw-b|") and kept["held"] == []
    story = done(planned["jobs"], results + [{"job": first, "changed": True, "changes": {"ipsecPolicies": {}}}],
                 kept["held"], kept["same"])
    azure = [c for c in story["changes"] if c["side"] == "azure"]
    assert [(c["asa_host"], c["changed"]) for c in azure] == [("fw-a", True), ("fw-b", False)]
    assert "  Azure connection UKSouth-HQ-S2S: no change: its connection took the change connection UKSouth-HQ-S2S " \
           "asks of it, above" in story["lines"]
    # the first failed: the other is said not to have run, not to be unchanged
    story = done(planned["jobs"], results + [{"job": first, "failed": True, "msg": "refused"}], kept["held"], kept["same"])
    assert [c["failed"] for c in story["changes"] if c["side"] == "azure"] == [True, True]
