# -*- coding: utf-8 -*-
"""align judges a push on positive proof that it went through ("first, do no harm"): an ASA push whose loop
Ansible ended early (ansible-core 2.19 registers a task-level {failed, msg} or {unreachable, msg} with no
``results``, e.g. "Unable to decode JSON from response set_options" or an unreachable ASA under
ignore_unreachable) holds the Azure end, is reported failed with device state unknown, is read again and fails
the run naming the ASA. Job ids keep apart two connections of one resource group and name in two subscriptions."""


import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done, hold
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import plan

from align_steps import action_of, args_of, azure_checked
from seed_example import seed_tunnel

SET_OPTIONS = "Unable to decode JSON from response set_options"


def _run_after_push(asa_registered, azure_registered=None):
    """Steps hold and done as the role runs them, with what fw-a's push registered (None: nothing)."""
    action, args = action_of(), args_of()
    planned = dict(plan([seed_tunnel()], "safest", default_azure_host="sub-a"), align_to="safest")
    hostvars = {"fw-a": {}, "sub-a": {}}
    if asa_registered is not None:
        hostvars["fw-a"]["align_pushed"] = asa_registered
    task_vars = {"hostvars": hostvars, "align_plan": planned}
    azure_checked(action, args, task_vars)
    task_vars["align_hold"] = action._hold(args, task_vars)
    if azure_registered is not None:
        hostvars["sub-a"]["align_pushed"] = azure_registered
    return planned, task_vars["align_hold"], action._done(args, task_vars)


@pytest.mark.parametrize("registered, why", [
    ({"failed": True, "msg": SET_OPTIONS, "changed": False}, SET_OPTIONS),
    ({"unreachable": True, "msg": "Failed to connect to the host via ssh", "changed": False},
     "Failed to connect to the host via ssh"),
    (None, "did not run"),
])
def test_an_asa_push_without_item_results_holds_azure_fails_and_is_read_again(registered, why):
    planned, held, story = _run_after_push(registered)
    [asa_job] = planned["asa"]["fw-a"]
    assert held["azure"] == {}, "Azure must not be pushed beside an ASA in an unknown state"
    assert [entry["host"] for entry in held["held"]] == ["sub-a"]
    assert [(entry["host"], entry["side"]) for entry in story["push_failed"]] == [("fw-a", "asa")]
    asa_entry = [entry for entry in story["changes"] if entry["side"] == "asa"][0]
    assert asa_entry["failed"] and why in asa_entry["msg"] and "device state unknown: re-read it" in asa_entry["msg"]
    assert asa_entry["device_state_known"] is False
    assert not any("left alone: not run" in line for line in story["lines"])
    assert story["recheck"] is True, "items may have been pushed before the abort: the ASA is read again"
    assert asa_job["end"] in " ".join(story["lines"])


def test_the_run_fails_naming_the_asa_whose_push_ended_early():
    action, args = action_of(), args_of(asa_hosts=[], azure_hosts=[], fail_on="never")
    planned, _held, story = _run_after_push({"failed": True, "msg": SET_OPTIONS})
    planned.update(before={"summary_lines": [], "counts": {"error": 0, "warning": 0}, "summary": {}},
                   not_read=[], align_to="safest")
    out = action._report(args, {"hostvars": {}, "align_plan": planned, "align_done": dict(story, recheck=False)})
    assert out["fails"] is True and "Push failed on: ASA fw-a" in out["fail_msg"]


def test_a_good_asa_push_lets_azure_go_and_a_missing_azure_result_fails():
    registered = {"changed": True, "results": []}
    planned = plan([seed_tunnel()], "safest", default_azure_host="sub-a")
    [asa_job] = planned["asa"]["fw-a"]
    registered["results"] = [{"job": asa_job, "changed": True, "commands": ["crypto map CRYPTO-MAP 2 set pfs group19"]}]
    _planned, held, story = _run_after_push(registered, azure_registered={"failed": True, "msg": "boom"})
    assert list(held["azure"]) == ["sub-a"] and held["held"] == []
    assert [(entry["host"], entry["side"]) for entry in story["push_failed"]] == [("sub-a", "azure")]
    _planned, held, story = _run_after_push(registered)
    assert [(entry["host"], entry["side"]) for entry in story["push_failed"]] == [("sub-a", "azure")]
    assert "did not run" in [entry for entry in story["changes"] if entry["side"] == "azure"][0]["msg"]


def test_hold_needs_a_result_proving_the_asa_end_went_through():
    planned = plan([seed_tunnel()], "safest", default_azure_host="sub-a")
    [asa_job] = planned["asa"]["fw-a"]
    assert len(hold(planned["azure"], [], planned["asa"])["held"]) == 1, "no result: no proof"
    assert len(hold(planned["azure"], [{"job": asa_job, "skipped": True}], planned["asa"])["held"]) == 1
    assert hold(planned["azure"], [{"job": asa_job, "changed": False}], planned["asa"])["held"] == []
    # a tunnel with no ASA job to run holds nothing
    assert hold(planned["azure"], [], {})["held"] == []


def test_done_fails_a_job_planned_to_run_that_left_no_result():
    planned = plan([seed_tunnel()], "safest", default_azure_host="sub-a")
    story = done(planned["jobs"], [])
    assert [(entry["host"], entry["side"]) for entry in story["push_failed"]] == [("fw-a", "asa"), ("sub-a", "azure")]
    assert all("did not run" in entry["msg"] for entry in story["changes"])
    # held: left alone with its reason, not failed
    kept = hold(planned["azure"], [], planned["asa"])
    asa_result = {"job": planned["asa"]["fw-a"][0], "failed": True, "msg": "refused"}
    story = done(planned["jobs"], [asa_result], kept["held"])
    assert [entry["side"] for entry in story["push_failed"]] == ["asa"]
    assert any("left alone: held" in line for line in story["lines"])


def test_the_results_of_one_asa_task_for_all_its_ends_are_matched_by_name():
    """asa_vpn_tunnel `tunnels` (one task per ASA, issue 12) names each item's result by its job's id."""
    planned = plan([seed_tunnel()], "safest", default_azure_host="sub-a")
    [asa_job] = planned["asa"]["fw-a"]
    [item] = planned["asa_tunnels"]["fw-a"]
    assert item["name"] == asa_job["id"]
    pushed = {"changed": True, "results": [{"name": asa_job["id"], "changed": True,
                                            "commands": ["crypto map CRYPTO-MAP 2 set pfs group19"]}]}
    _planned, held, story = _run_after_push(pushed, azure_registered={"changed": False, "results": []})
    assert list(held["azure"]) == ["sub-a"] and held["held"] == []
    asa_entry = [entry for entry in story["changes"] if entry["side"] == "asa"][0]
    assert asa_entry["changed"] and asa_entry["commands"] == ["crypto map CRYPTO-MAP 2 set pfs group19"]
    refused = {"failed": True, "changed": False, "msg": "asa_vpn_tunnel: 1 of 1 ends failed: ...",
               "results": [{"name": asa_job["id"], "failed": True, "changed": False, "msg": "the device refused",
                            "left_over": [], "device_state_known": True, "commands": []}]}
    _planned, held, story = _run_after_push(refused)
    assert held["azure"] == {} and [entry["host"] for entry in held["held"]] == ["sub-a"]
    asa_entry = [entry for entry in story["changes"] if entry["side"] == "asa"][0]
    assert asa_entry["failed"] and asa_entry["msg"] == "the device refused" and asa_entry["device_state_known"]
    # a result named for another job proves nothing for this one
    _planned, held, _story = _run_after_push({"changed": True, "results": [{"name": "fw-a|other|asa", "changed": True}]})
    assert held["azure"] == {}


@pytest.mark.parametrize("saved, why", [
    (False, "change applied but the ASA refused write memory: Command authorization failed; the running config holds "
            "the change and the startup config does not"),
    (False, "applied but not saved: fw-a|other|asa may have left lines on the device (left_over)"),
    (None, "change applied; write memory was sent but its reply was lost"),
])
def test_an_asa_end_applied_but_not_saved_lets_azure_go_and_still_fails_the_run(saved, why):
    """The ASA's running config holds the end's change (read back and planned again: nothing left); only write memory
    failed (align_save_when: changed). Holding the Azure end there leaves the ASA's half of a plan proven as a whole
    alone - under align_to intent, new crypto on the ASA beside Azure's old: CHILD_NO_COMMON_PROPOSAL on a tunnel that
    came up before the run (review s45 D)."""
    planned = plan([seed_tunnel()], "safest", default_azure_host="sub-a")
    [asa_job] = planned["asa"]["fw-a"]
    unsaved = {"failed": True, "changed": True, "msg": "asa_vpn_tunnel: 1 of 1 ends failed: ...",
               "results": [{"name": asa_job["id"], "failed": True, "changed": True, "saved": saved, "msg": why,
                            "commands": ["crypto map CRYPTO-MAP 2 set pfs group19"],
                            "applied": ["crypto map CRYPTO-MAP 2 set pfs group19"], "rolled_back": []}]}
    _planned, held, story = _run_after_push(unsaved, azure_registered={"changed": True, "results": []})
    assert list(held["azure"]) == ["sub-a"] and held["held"] == []
    # the save is still a failure the run names
    assert ("fw-a", "asa") in [(entry["host"], entry["side"]) for entry in story["push_failed"]]
    asa_entry = [entry for entry in story["changes"] if entry["side"] == "asa"][0]
    assert asa_entry["failed"] and why in asa_entry["msg"]


def test_an_asa_end_not_saved_that_no_longer_holds_its_change_still_holds_azure():
    planned = plan([seed_tunnel()], "safest", default_azure_host="sub-a")
    [asa_job] = planned["asa"]["fw-a"]
    for left in ({"left_over": ["+ crypto map CRYPTO-MAP 2 set pfs group19"]}, {"still_to_send": ["x"]},
                 {"device_state_known": False}, {"changed": False}):
        item = dict({"name": asa_job["id"], "failed": True, "changed": True, "saved": False, "msg": "not saved"}, **left)
        _planned, held, _story = _run_after_push({"failed": True, "changed": True, "results": [item]})
        assert held["azure"] == {} and [entry["host"] for entry in held["held"]] == ["sub-a"], left
