# -*- coding: utf-8 -*-
"""The align role checks the Azure ends before it changes any ASA (module_utils/align_preflight.py, vpn_align_plan
step preflight). The ASAs were pushed first, and azure_vpn_connection refuses some jobs only when it runs, before it
sends anything (its own validation: the pre-shared key inside a gateway's name its result prints, an option the
connection cannot take); the ASA had then changed and the two ends were left apart. Now each subscription runs its
jobs in check mode first; a tunnel whose Azure end is refused there keeps both ends as they are, is reported in
align.json and fails the run naming it and the reason. Every other tunnel is aligned as usual."""

import os

import pytest
import yaml

from ansible.errors import AnsibleActionFail
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import record
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_preflight import preflight
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import plan
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

from align_steps import action_of, args_of, azure_checked
from seed_example import seed_asa_text, seed_tunnel
from test_align_role_fleet_faults import _arm, _relocated

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BGP_REFUSED = ("azure_vpn_connection: enable_bgp: Azure would refuse it: virtual network gateway UKSouth-VNG does not "
               "have BGP enabled")


def _two_asas():
    """fw-a and fw-b, each with the seed's tunnel to a connection of its own (resource groups RG-a and RG-b) in the one
    subscription sub-a reads; both read. Returns (args, task_vars) with step plan's result in align_plan."""
    hostvars = {"sub-a": {"vpnalign_azure": azure_facts_from_data(_arm(0, "RG-a") + _arm(1, "RG-b")),
                          "align_azure_not_read": False}}
    for slot, host in enumerate(("fw-a", "fw-b")):
        hostvars[host] = {"vpnalign_asa": asa_facts_from_text(_relocated(seed_asa_text(), slot), host=host),
                          "align_asa_not_read": False, "align_asa_error": ""}
    args = args_of(asa_hosts=["fw-a", "fw-b"], azure_hosts=["sub-a"])
    task_vars = {"hostvars": hostvars}
    task_vars["align_plan"] = action_of()._plan(args, task_vars)
    return args, task_vars


def _job(planned, side, host):
    [entry] = planned[side][host]
    return entry


def test_the_asa_end_of_a_tunnel_whose_azure_end_was_refused_is_not_pushed_and_the_others_go_on():
    args, task_vars = _two_asas()
    planned = task_vars["align_plan"]
    assert sorted(planned["asa"]) == ["fw-a", "fw-b"] and len(planned["azure"]["sub-a"]) == 2
    bad = [entry for entry in planned["azure"]["sub-a"] if "RG-b" in entry["id"]][0]
    checked = azure_checked(action_of(), args, task_vars, refused={bad["id"]: BGP_REFUSED})
    # the ASA push play runs fw-a's items only; fw-b gets no job at all (its play skips it)
    assert list(checked["asa"]) == ["fw-a"] and list(checked["asa_tunnels"]) == ["fw-a"]
    assert checked["asa_tunnels"]["fw-a"] == planned["asa_tunnels"]["fw-a"]
    assert [entry["id"] for entry in checked["azure"]["sub-a"]] == [e["id"] for e in planned["azure"]["sub-a"]
                                                                    if e is not bad]
    [refused] = checked["refused"]
    assert refused == {"id": bad["id"], "tunnel": "UKSouth-HQ-S2S", "host": "sub-a", "end": bad["end"],
                       "reason": BGP_REFUSED}
    held = dict((entry["side"], entry) for entry in checked["held"])
    assert sorted(held) == ["asa", "azure"] and held["asa"]["host"] == "fw-b"
    assert held["asa"]["id"] == _job(planned, "asa", "fw-b")["id"]
    assert held["asa"]["reason"].startswith("held: its Azure end (%s) was refused in check mode before any push"
                                            % bad["end"])
    assert held["azure"]["reason"] == "refused by azure_vpn_connection in check mode before any push: " + BGP_REFUSED


def test_a_job_whose_check_left_no_result_holds_its_tunnel_and_says_so():
    args, task_vars = _two_asas()
    planned = task_vars["align_plan"]
    # sub-a's check ended before its items reported (an unreachable host, a connection that failed to start)
    task_vars["hostvars"]["sub-a"]["align_azure_checked"] = {"unreachable": True, "msg": "Failed to connect"}
    checked = action_of()._preflight(args, task_vars)
    assert checked["asa"] == {} and checked["azure"] == {} and checked["asa_tunnels"] == {}
    assert len(checked["refused"]) == 2 and len(checked["held"]) == 4
    why = checked["refused"][0]["reason"]
    assert why == "the check before the ASA push ended before its items reported: Failed to connect", why
    # a host the check play never reached registered nothing
    del task_vars["hostvars"]["sub-a"]["align_azure_checked"]
    checked = action_of()._preflight(args, task_vars)
    assert checked["refused"][0]["reason"] == ("did not run: the check before the ASA push registered no result on "
                                               "sub-a")
    assert sum(len(v) for v in planned["asa"].values()) == 2


def test_every_tunnel_on_a_refused_connection_is_held():
    # two ASA ends on one connection (active-active's instances): either job rewrites it for both
    tunnel = seed_tunnel()
    other = dict(tunnel, asa=dict(tunnel["asa"], host="fw-b"))
    planned = plan([tunnel, other], "safest", default_azure_host="sub-a")
    first, second = planned["azure"]["sub-a"]
    checks = [{"job": first, "failed": True, "msg": BGP_REFUSED}, {"job": second, "changed": True}]
    checked = preflight(planned["azure"], checks, planned["asa"])
    assert checked["asa"] == {} and checked["azure"] == {}
    assert [entry["id"] for entry in checked["refused"]] == [first["id"]]
    [mate] = [entry for entry in checked["held"] if entry["id"] == second["id"]]
    assert mate["reason"].endswith("its connection was refused for UKSouth-HQ-S2S: " + BGP_REFUSED)
    # all passed: nothing held, the plan's jobs go on as they were
    passed = preflight(planned["azure"], [dict(c, failed=False) for c in checks], planned["asa"])
    assert passed["refused"] == [] and passed["held"] == []
    assert passed["asa"] == planned["asa"] and passed["asa_tunnels"] == planned["asa_tunnels"]


def test_the_run_fails_naming_the_refused_tunnel_and_reason_and_align_json_lists_it():
    args, task_vars = _two_asas()
    action = action_of()
    planned = task_vars["align_plan"]
    bad = [entry for entry in planned["azure"]["sub-a"] if "RG-b" in entry["id"]][0]
    azure_checked(action, args, task_vars, refused={bad["id"]: BGP_REFUSED})
    good_asa = _job(planned, "asa", "fw-a")
    pushed = {"name": good_asa["id"], "changed": True, "commands": ["crypto map CRYPTO-MAP 2 set pfs group19"]}
    task_vars["hostvars"]["fw-a"]["align_pushed"] = {"results": [pushed]}
    task_vars["align_hold"] = action._hold(args, task_vars)
    [good_azure] = task_vars["align_hold"]["azure"]["sub-a"]
    assert "RG-a" in good_azure["id"] and task_vars["align_hold"]["held"] == []
    task_vars["hostvars"]["sub-a"]["align_pushed"] = {"results": [{"job": good_azure, "changed": True}]}
    story = action._done(args, task_vars)
    task_vars["align_done"] = dict(story, recheck=False)
    assert story["push_failed"] == [], "nothing was pushed to the held tunnel: no push failed"
    assert [entry["id"] for entry in story["refused_before_push"]] == [bad["id"]]
    assert sum(1 for line in story["lines"] if "left alone: " in line) == 2
    assert "  Azure %s: left alone: refused by azure_vpn_connection in check mode before any push: %s" % (
        bad["end"], BGP_REFUSED) in story["lines"]
    assert [c["asa_host"] for c in story["changes"] if c["changed"]] == ["fw-a", "fw-a"]
    report = action._report(dict(args, fail_on="never"), task_vars)
    assert report["fails"] is True
    assert report["fail_msg"] == ("Refused by Azure before any push (nothing was pushed to either end): tunnel "
                                  "UKSouth-HQ-S2S (Azure host sub-a, %s): %s." % (bad["end"], BGP_REFUSED))
    assert report["refused_before_push"] == story["refused_before_push"]
    kept = record("safest", planned["before"], None, story)
    assert kept["refused_before_push"] == story["refused_before_push"]
    assert {entry["side"] for entry in kept["held"]} == {"asa", "azure"}


def test_the_steps_after_it_refuse_to_run_without_it():
    args, task_vars = _two_asas()
    for step in ("_hold", "_done"):
        with pytest.raises(AnsibleActionFail, match="run step preflight, after step plan and before the ASA push"):
            getattr(action_of(), step)(args, task_vars)


def test_the_playbook_checks_the_azure_ends_in_check_mode_before_the_asa_push_and_pushes_what_passed():
    with open(os.path.join(ROOT, "playbooks", "align.yml"), encoding="utf-8") as handle:
        plays = yaml.safe_load(handle)
    steps = [play["tasks"][-1]["ansible.builtin.include_role"]["tasks_from"] for play in plays]
    assert steps.index("check_azure") == steps.index("plan") + 1
    assert steps.index("preflight") == steps.index("check_azure") + 1 < steps.index("push_asa")
    push_play = plays[steps.index("push_asa")]
    assert "align_preflight.asa[inventory_hostname]" in push_play["tasks"][-1]["when"]
    with open(os.path.join(ROOT, "roles", "align", "tasks", "check_azure.yml"), encoding="utf-8") as handle:
        [block] = yaml.safe_load(handle)
    [task] = block["block"]
    assert task["check_mode"] is True and task["register"] == "align_azure_checked"
    with open(os.path.join(ROOT, "roles", "align", "tasks", "push_azure.yml"), encoding="utf-8") as handle:
        [push] = yaml.safe_load(handle)
    # the same module and options as the push, the key included (no_log in the module's spec)
    assert task["vpnalign.s2s.azure_vpn_connection"] == push["block"][0]["vpnalign.s2s.azure_vpn_connection"]
    with open(os.path.join(ROOT, "roles", "align", "tasks", "push_asa.yml"), encoding="utf-8") as handle:
        text = handle.read()
    assert "align_preflight.asa_tunnels[inventory_hostname]" in text and "align_plan.asa_tunnels" not in text
