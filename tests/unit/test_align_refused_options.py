# -*- coding: utf-8 -*-
"""An option asa_vpn_tunnel refuses before it connects (review C3: align_asa_entry group_policy "GP|show run") sends
nothing: the module's result says so per item (device state known, nothing left), align.json and the story say so, and
align's plan step refuses it before any host is pushed, naming the option, while options the module takes after its
argument spec's conversion (a number given as text) still go through."""


import pytest

from ansible.errors import AnsibleActionFail
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import plan
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

from align_steps import action_of, args_of, azure_checked
from seed_example import seed_arm, seed_asa_text, seed_tunnel
from test_asa_tunnel_context import Device, run

INTENT = {"ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA384"], "dh_groups": [20], "lifetime_seconds": 28800},
          "esp": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]}, "pfs_group": 14,
          "child_lifetime_seconds": 3600, "child_lifetime_kilobytes": 102400000}
BAD_NAMES = ["GP|show run", "Grüppe"]


@pytest.mark.parametrize("group_policy", BAD_NAMES)
def test_a_refused_item_says_per_item_that_nothing_was_sent_and_align_records_it_so(monkeypatch, capsys, group_policy):
    planned = plan([seed_tunnel()], "safest", default_azure_host="sub-a")
    [asa_job] = planned["asa"]["fw-a"]
    [item] = planned["asa_tunnels"]["fw-a"]
    other = dict(item, name="other-end", seq=3)
    result, device = run(monkeypatch, capsys, dict(tunnels=[other, dict(item, group_policy=group_policy)]),
                         Device(login="cust1"))
    assert result["failed"] is True and "group_policy" in result["msg"] and device.sent == []
    by_name = dict((entry["name"], entry) for entry in result["results"])
    assert sorted(by_name) == sorted(["other-end", asa_job["id"]])
    for entry in by_name.values():
        assert entry["failed"] and not entry["changed"] and entry["commands"] == []
        assert entry["device_state_known"] is True and entry["left_over"] == [] and "nothing was sent" in entry["msg"]
    # the role's steps hold and done on what the ASA's task registered
    action, args = action_of(), args_of()
    task_vars = {"hostvars": {"fw-a": {"align_pushed": result}, "sub-a": {}},
                 "align_plan": dict(planned, align_to="safest")}
    azure_checked(action, args, task_vars)
    task_vars["align_hold"] = action._hold(args, task_vars)
    story = action._done(args, task_vars)
    assert story["recheck"] is False, "nothing was sent: nothing to read again"
    [asa_entry] = [entry for entry in story["changes"] if entry["side"] == "asa"]
    assert asa_entry["failed"] and asa_entry["device_state_known"] is True and asa_entry["left_over"] == []
    assert "nothing was sent" in asa_entry["msg"] and "device state unknown" not in " ".join(story["lines"])


def _plan_step(asa_entry):
    action, args = action_of(), args_of()
    args.update(asa_hosts=["fw-a"], azure_hosts=["sub-a"], fail_on="never", align_to="intent", intent=INTENT,
                asa_entry=asa_entry)
    task_vars = {"hostvars": {
        "fw-a": {"vpnalign_asa": asa_facts_from_text(seed_asa_text(), host="fw-a"), "align_asa_not_read": False},
        "sub-a": {"vpnalign_azure": azure_facts_from_data(seed_arm()), "align_azure_not_read": False}}}
    return action._plan(args, task_vars)


@pytest.mark.parametrize("group_policy", BAD_NAMES)
def test_the_plan_step_refuses_an_option_the_asa_module_would_refuse_before_any_push(group_policy):
    with pytest.raises(AnsibleActionFail) as refused:
        _plan_step({"group_policy": group_policy})
    said = "%s" % refused.value
    assert "group_policy" in said and "nothing is pushed" in said and "fw-a crypto map CRYPTO-MAP 2" in said


def test_the_plan_step_takes_what_the_module_converts():
    planned = _plan_step({"group_policy": "GP-UKSOUTH", "tcp_mss": "1350"})
    [item] = planned["asa_tunnels"]["fw-a"]
    assert item["group_policy"] == "GP-UKSOUTH" and item["tcp_mss"] == "1350"


@pytest.mark.parametrize("align_to", ["safest", "asa", "azure", "none"])
def test_options_only_intent_reads_given_with_another_align_to_are_named_not_dropped(align_to):
    action, args = action_of(), args_of()
    args.update(asa_hosts=["fw-a"], azure_hosts=["sub-a"], fail_on="never", align_to=align_to,
                asa_entry={"group_policy": "GP-AZURE"}, azure_connection={"dpd_timeout_seconds": 45})
    task_vars = {"hostvars": {
        "fw-a": {"vpnalign_asa": asa_facts_from_text(seed_asa_text(), host="fw-a"), "align_asa_not_read": False},
        "sub-a": {"vpnalign_azure": azure_facts_from_data(seed_arm()), "align_azure_not_read": False}}}
    planned = action._plan(args, task_vars)
    [warning] = planned["warnings"]
    assert "align_asa_entry and align_azure_connection are used only with align_to=intent" in warning
    assert "align_to=%s" % align_to in warning and "nothing of them is pushed" in warning
    assert all("GP-AZURE" not in repr(job["options"]) for job in planned["jobs"])


def test_the_intent_options_raise_no_warning_with_align_to_intent():
    assert "warnings" not in _plan_step({"group_policy": "GP-AZURE"})
