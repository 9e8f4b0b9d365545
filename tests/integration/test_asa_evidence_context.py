# -*- coding: utf-8 -*-
"""asa_vpn_evidence on a multi-context ASA (the SSH ASA lab's `contexts`, `login_context`, `changeto_stays`): a
context's SAs and syslog buffer are its own, so the capture runs in the context that holds the tunnel and the session
returns where the login put it; a prompt that does not show the context after `changeto` gets no debug at all; and
playbooks/check.yml -e evidence_live=true captures in the context the host's facts were read from
(vpnalign_asa_context) - before, it read the facts in cust1 and captured in admin, evidence of another context's
tunnels (or of none) tied to cust1's findings."""

import json
import os

from test_asa_live import load
from test_asa_tunnel_context import CONTEXTS, SYSTEM_CONFIG
from test_asa_vpn_evidence import CAPTURE, SHOW_PEER, counters, run_evidence

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_AZURE = os.path.join(REPO, "examples", "seed-asa-azure-pfs", "azure_resources.json")
# what only a capture sends (the facts read sends show running-config and show failover)
CAPTURE_WORDS = ("debug", "no debug", "terminal monitor", "terminal no monitor", "show debug", "show logging",
                 "show crypto ipsec sa", "show clock")
LIMITS = {"seconds": 1.5, "poll_interval": 0.2, "samples": 2, "sample_interval": 0.2}


def lab_in_admin(asa_lab_factory, **scenario):
    """An ASA whose tunnel is in context cust1, the login landing in the admin context."""
    return asa_lab_factory(SYSTEM_CONFIG, scenario=dict(
        CONTEXTS, login_context="admin", show={SHOW_PEER: [counters(4549, 4953), counters(4702, 4953)]}, **scenario))


def captured(lab):
    """(context, command) of each command only a capture sends."""
    return [(e.get("context"), e["command"]) for e in lab.commands() if e["command"].startswith(CAPTURE_WORDS)]


def test_a_capture_with_context_runs_there_and_the_session_returns(asa_lab_factory, run_playbook, tmp_path):
    lab = lab_in_admin(asa_lab_factory)
    result, _text = run_evidence(run_playbook, lab, tmp_path, dict(CAPTURE, context="cust1"))
    assert not result.get("failed"), result.get("msg")
    assert result["changeto"] == ["changeto context cust1", "changeto context admin"]
    commands = captured(lab)
    assert ("cust1", "debug crypto ikev2 protocol 127") in commands and ("cust1", SHOW_PEER) in commands
    assert {context for context, _command in commands} == {"cust1"}, commands
    assert result["restore"]["restored"] is True and lab.state()["debug"] == {}
    assert result["evidence"]["counters"]["sas"][0]["verdict"] == "one_way"
    assert lab.command_lines()[-1] == "changeto context admin"


def test_a_capture_whose_prompt_does_not_show_the_context_sends_no_debug(asa_lab_factory, run_playbook, tmp_path):
    """`changeto context cust1` answered as taken, the prompt still `gateway/admin#`: nothing is captured in admin."""
    lab = lab_in_admin(asa_lab_factory, changeto_stays=["^changeto context cust1$"])
    result, _text = run_evidence(run_playbook, lab, tmp_path, dict(CAPTURE, context="cust1"))
    assert result["failed"] is True and result["changed"] is False
    assert "nothing was captured" in result["msg"] and "prompt shows context admin, not context cust1" in result["msg"]
    assert captured(lab) == [] and lab.state()["debug"] == {}


def test_a_restore_whose_prompt_does_not_show_the_context_sets_nothing_back(asa_lab_factory, run_playbook, tmp_path):
    lab = lab_in_admin(asa_lab_factory, changeto_stays=["^changeto context cust1$"],
                       debug_levels={"crypto ikev2 protocol": 127})
    result, _text = run_evidence(run_playbook, lab, tmp_path, {"peer": CAPTURE["peer"], "restore_debug": {},
                                                               "context": "cust1"})
    assert result["failed"] is True and "nothing was set back" in result["msg"], result["msg"]
    assert captured(lab) == [], captured(lab)  # no debug command, not even `show debug`, reached admin


def test_a_restore_with_context_sets_the_levels_back_there(asa_lab_factory, run_playbook, tmp_path):
    lab = lab_in_admin(asa_lab_factory, debug_levels={"crypto ikev2 protocol": 127})
    result, _text = run_evidence(run_playbook, lab, tmp_path, {"peer": CAPTURE["peer"], "restore_debug": {},
                                                               "context": "cust1"})
    assert not result.get("failed"), result.get("msg")
    assert result["restore"]["restored"] is True and lab.state()["debug"] == {}
    assert {context for context, _command in captured(lab)} == {"cust1"}
    assert result["changeto"] == ["changeto context cust1", "changeto context admin"]


def test_check_playbook_captures_in_the_context_its_facts_were_read_from(asa_lab_factory, run_playbook, tmp_path):
    lab = lab_in_admin(asa_lab_factory)
    host_vars = lab.ansible_host_vars(network_os="vpnalign.s2s.asa")
    host_vars["vpnalign_asa_context"] = "cust1"
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": {"fw": host_vars}}}}}))
    out = tmp_path / "report"
    result = run_playbook("playbooks/check.yml", {"azure_resources_file": SEED_AZURE, "report_dir": str(out),
                                                  "fail_on": "never", "evidence_live": True,
                                                  "evidence_live_limits": LIMITS}, args=["-i", str(inventory)])
    assert "Traceback" not in result.stdout + result.stderr
    commands = captured(lab)
    assert ("cust1", "debug crypto ikev2 protocol 127") in commands, commands
    assert {context for context, _command in commands} == {"cust1"}, commands
    report = load(out / "report.json")
    assert report["tunnels"][0]["evidence"]["sources"]["counters"] == 2, report["tunnels"][0]["evidence"]
    assert lab.command_lines()[-1] == "changeto context admin"
