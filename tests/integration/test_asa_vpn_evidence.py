# -*- coding: utf-8 -*-
"""asa_vpn_evidence on the ASA lab (issue 14, evidence gathered live): the bounded debug capture returns the
INVALID_KE_PAYLOAD exchange as evidence and leaves the debug levels as they were (read back from the lab);
a session dropped mid-capture fails the task saying what is left on, and the next connection sets it back;
check mode sends show commands only; bad options send nothing."""

from __future__ import annotations

import json
import os

import pytest


from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
with open(os.path.join(SEED_DIR, "asa_running_config.txt"), encoding="utf-8") as _handle:
    SEED_CONFIG = _handle.read()
with open(os.path.join(SEED_DIR, "show_crypto_ipsec_sa.txt"), encoding="utf-8") as _handle:
    SEED_IPSEC = _handle.read().replace("51.a.b.c", "203.0.113.20").replace("80.x.y.z", "198.51.100.10")

PEER = "203.0.113.20"
SHOW_PEER = "show crypto ipsec sa peer %s" % PEER
# hex lines of the lab's debug excerpt (a nonce and a KE value): never in a result
HEX_LINES = ("0a 1b 2c 3d 4e 5f", "11 22 33 44 55 66")


def seed_report(tmp_path):
    """The check report of the seed case (PFS_MISMATCH), as playbooks/check.yml writes it."""
    with open(os.path.join(SEED_DIR, "azure_resources.json"), encoding="utf-8") as handle:
        azure = azure_facts_from_data(json.load(handle))
    path = tmp_path / "report.json"
    path.write_text(json.dumps(run_check(asa_facts_from_text(SEED_CONFIG, host="hq-asa"), azure)))
    return str(path)


def counters(encaps, decaps):
    return SEED_IPSEC.replace("#pkts encaps: 4549,", "#pkts encaps: %d," % encaps).replace(
        "#pkts decaps: 4953,", "#pkts decaps: %d," % decaps)


def write_playbook(path, out, module_args):
    path.write_text("""
- hosts: asa
  gather_facts: false
  tasks:
    - vpnalign.s2s.asa_vpn_evidence: %s
      register: evidence
      ignore_errors: true
    - ansible.builtin.copy:
        content: "{{ evidence | to_json }}"
        dest: %s
      delegate_to: localhost
      check_mode: false
""" % (json.dumps(module_args), out))
    return str(path)


def run_evidence(run_playbook, lab, tmp_path, module_args, name="evidence", args=()):
    inventory = lab.write_inventory(tmp_path / ("%s-inv.json" % name), network_os="vpnalign.s2s.asa")
    out = tmp_path / ("%s.json" % name)
    playbook = write_playbook(tmp_path / ("%s.yml" % name), out, module_args)
    proc = run_playbook(playbook, args=["-i", inventory, "-vvv"] + list(args))
    text = out.read_text()
    for hex_line in HEX_LINES:  # nor in the console output (the result at -vvv) or the log
        assert hex_line not in proc.stdout + proc.stderr
    return json.loads(text), text


CAPTURE = {"peer": PEER, "protocol_level": 127, "platform_level": 127, "duration": 1.5, "poll_interval": 0.2,
           "samples": 2, "sample_interval": 0.2}


def test_capture_shows_invalid_ke_and_restores_the_debug_levels(asa_lab_factory, run_playbook, tmp_path):
    scenario = {"debug_levels": {"crypto ikev2 protocol": 1},  # left on by someone else: must stay at 1
                "show": {SHOW_PEER: [counters(4549, 4953), counters(4702, 4953)]}}
    lab = asa_lab_factory(SEED_CONFIG, scenario=scenario)
    result, text = run_evidence(run_playbook, lab, tmp_path, dict(CAPTURE, report=seed_report(tmp_path)))
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True
    # tied to the check's prediction: PFS_MISMATCH confirmed by the exchange, with its time; 750003 named
    correlation = result["correlation"]
    assert {f["code"]: f["status"] for f in correlation["findings"]}["PFS_MISMATCH"] == "confirmed"
    assert any(line.startswith("05:12:07 ") and "INVALID_KE_PAYLOAD" in line for line in correlation["timeline"])
    assert any("decaps stayed at 4953" in line and "effect of PFS_MISMATCH" in line for line in correlation["timeline"])
    assert [m["message_id"] for m in correlation["misleading"]] == ["750003"]
    exchanges = result["evidence"]["debug"]["exchanges"]
    refused = [e for e in exchanges if "INVALID_KE_PAYLOAD" in json.dumps(e)]
    assert refused and refused[0]["exchange"] == "CREATE_CHILD_SA", exchanges
    assert refused[0]["error_notifies"][0]["data"] == {"peer_group": 19, "local_group": 0}
    assert result["debug_before"] == {"crypto ikev2 protocol": 1}
    restore = result["restore"]
    assert restore["restored"] is True and restore["left_on"] == {}
    assert restore["debug_after"] == {"crypto ikev2 protocol": 1}
    assert restore["sent"] == ["debug crypto ikev2 protocol 1", "no debug crypto ikev2 platform", "terminal no monitor"]
    assert lab.state()["debug"] == {"crypto ikev2 protocol": 1}  # the lab's own view, after the play
    sent = lab.command_lines()
    assert sent.index("terminal monitor") < sent.index("debug crypto ikev2 protocol 127") < sent.index("show clock")
    assert sent[-1] == "show debug" or SHOW_PEER in sent[-2:]
    # syslog: 750003 read (the loudest, misleading line), counters: decaps frozen
    ids = [r["message_id"] for r in result["evidence"]["syslog"]["records"]]
    assert "750003" in ids and "302015" not in ids  # only the IKEv2/IPsec message IDs are asked for
    assert result["evidence"]["counters"]["sas"][0]["verdict"] == "one_way"
    assert result["capture"]["stopped_by"] == "duration" and result["capture"]["lines"] > 10
    for hex_line in HEX_LINES:
        assert hex_line not in text


def test_capture_bounded_by_lines(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={})
    result, _text = run_evidence(run_playbook, lab, tmp_path, dict(CAPTURE, max_lines=5, samples=0, duration=30))
    assert result["capture"]["stopped_by"] == "max_lines" and result["capture"]["lines"] == 5
    assert result["capture"]["seconds"] < 10
    assert result["restore"]["restored"] is True and lab.state()["debug"] == {}


def test_session_dropped_mid_capture_is_restored_on_the_next_connection(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"debug_levels": {"crypto ikev2 platform": 3},
                                                 "debug_drop_after_lines": 6})
    result, _text = run_evidence(run_playbook, lab, tmp_path, dict(CAPTURE, samples=0))
    assert result["failed"] is True
    assert result["capture"]["stopped_by"] == "connection_lost"
    assert result["restore"]["restored"] is False
    assert result["restore"]["left_on"] == {"crypto ikev2 protocol": 127, "crypto ikev2 platform": 127}
    assert "possibly left on: debug crypto ikev2 platform 127, debug crypto ikev2 protocol 127" in result["msg"]
    assert result["debug_before"] == {"crypto ikev2 platform": 3}
    # what the device really has: the debugs this task turned on are still on
    assert lab.state()["debug"] == {"crypto ikev2 protocol": 127, "crypto ikev2 platform": 127}
    # the next connection sets back what the failed run read before, and reads it back
    again, _text = run_evidence(run_playbook, lab, tmp_path, {"peer": PEER, "restore_debug": result["debug_before"]},
                                name="restore")
    assert not again.get("failed"), again.get("msg")
    assert again["restore"]["restored"] is True
    assert again["restore"]["sent"] == ["no debug crypto ikev2 protocol", "debug crypto ikev2 platform 3"]
    assert again["restore"]["debug_after"] == {"crypto ikev2 platform": 3}
    assert lab.state()["debug"] == {"crypto ikev2 platform": 3}


def test_check_mode_sends_show_commands_only(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"show": {SHOW_PEER: [counters(1, 1), counters(2, 2)]}})
    result, _text = run_evidence(run_playbook, lab, tmp_path, CAPTURE, args=["--check"])
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False and result["evidence"]["debug"] is None
    assert "capture" not in result and "restore" not in result
    sent = [line for line in lab.command_lines() if line not in ("enable", "<password>", "terminal pager 0")]
    assert sent and all(line.startswith("show ") for line in sent), sent
    assert result["evidence"]["syslog"]["records"]
    assert lab.state()["debug"] == {}


@pytest.mark.parametrize("bad", [{"peer": "203.0.113.20\ndebug all"}, {"protocol_level": 256},
                                 {"platform_level": 0}, {"duration": 3600}])
def test_bad_options_send_nothing(asa_lab_factory, run_playbook, tmp_path, bad):
    lab = asa_lab_factory(SEED_CONFIG, scenario={})
    result, _text = run_evidence(run_playbook, lab, tmp_path, dict(CAPTURE, **bad))
    assert result["failed"] is True and "asa_vpn_evidence:" in result["msg"]
    assert not [line for line in lab.command_lines() if "debug" in line or line.startswith("show")]


# ---------------------------------------------------------------------------------------------
# the lab itself (no Ansible): what asa_vpn_evidence relies on
# ---------------------------------------------------------------------------------------------
def lab_session(device):
    from asa_ssh.cli.session import CliSession  # pylint: disable=import-outside-toplevel
    out = []
    session = CliSession(device, lambda data: out.append(data.decode()), lambda abrupt: out.append("<closed>"))
    session.privileged = True

    def type_line(line):
        out.clear()
        session.feed((line + "\r").encode())
        return "".join(out)
    return type_line


def test_lab_debug_levels_belong_to_the_device_and_output_needs_the_monitor():
    from asa_ssh.cli.device import Device  # pylint: disable=import-outside-toplevel
    device = Device("hostname fw\n")
    first = lab_session(device)
    assert "Invalid input" in first("debug crypto ikev2 protocol 256")
    assert "Invalid input" in first("debug crypto ikev2 protocol 0")
    first("debug crypto ikev2 protocol 127")
    assert "IKEv2-" not in first("show clock")  # no monitor: no debug output
    second = lab_session(device)  # another SSH session sees the device's levels
    assert "debug crypto ikev2 protocol enabled at level 127" in second("show debug")
    second("terminal monitor")
    assert "IKEv2-PROTO-" in second("show clock") and "IKEv2-PLAT-" not in second("show clock")
    second("terminal no monitor")
    assert "IKEv2-" not in second("show clock")
    second("undebug all")
    assert "enabled" not in first("show debug")


def test_the_code_runs_in_the_worker_and_answers_as_the_module_does(asa_lab_factory, run_playbook, tmp_path):
    # Over network_cli the action plugin runs the module's code in the worker, on its persistent connection (no
    # AnsiballZ payload, no Python started); a task timeout leaves it to the module. Both answer alike.
    lab = asa_lab_factory(SEED_CONFIG, scenario={"show": {SHOW_PEER: [counters(1, 1), counters(2, 2)] * 2}})
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os="vpnalign.s2s.asa")
    out = tmp_path / "both.json"
    (tmp_path / "both.yml").write_text("""
- hosts: asa
  gather_facts: false
  tasks:
    - name: Evidence here
      vpnalign.s2s.asa_vpn_evidence: %(args)s
      register: here
    - name: Evidence as the module
      vpnalign.s2s.asa_vpn_evidence: %(args)s
      timeout: 600
      register: module
    - ansible.builtin.copy:
        content: "{{ {'here': here, 'module': module} | to_json }}"
        dest: %(out)s
      delegate_to: localhost
      check_mode: false
""" % {"args": json.dumps(CAPTURE), "out": out})
    proc = run_playbook(str(tmp_path / "both.yml"), args=["-i", inventory, "-vvv", "--check"])
    sections = dict((part.split("]", 1)[0], part) for part in proc.stdout.split("TASK [")[1:])
    assert "AnsiballZ_asa_vpn_evidence" not in sections["Evidence here"]
    assert "AnsiballZ_asa_vpn_evidence" in sections["Evidence as the module"]
    saved = json.loads(out.read_text())
    here, module = saved["here"], saved["module"]
    assert not here.get("failed") and not module.get("failed"), (here.get("msg"), module.get("msg"))
    assert here["changed"] is module["changed"] is False
    assert here["evidence"]["syslog"]["records"] == module["evidence"]["syslog"]["records"]
    assert [sa["verdict"] for sa in here["evidence"]["counters"]["sas"]] == \
        [sa["verdict"] for sa in module["evidence"]["counters"]["sas"]]  # the samples carry the device's clock
    assert sorted(here) == sorted(module)
