# -*- coding: utf-8 -*-
"""Secrets a peer echoes back in another spelling: an ARM refusal that quotes the request's JSON text (where a
shared key with a quote or backslash is escaped) must not carry the key out in that spelling."""

import json
import os
import sys
import time

import pytest

from arm_connection_play import run_connection
from test_asa_tunnel import BASE, NEW_TUNNEL

LAB_ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lab")
if LAB_ROOT not in sys.path:
    sys.path.insert(0, LAB_ROOT)

SECRET = "Conn-S3cret+/=42"
# printable ASCII, as azure/names.py check_shared_key takes it; JSON writes '"' and '\' escaped
SHARED_KEY = 'Echo"Psk\\Sample-5512'


def _forms(key):
    """The key as written, and as JSON text writes it inside a string."""
    return {key, json.dumps(key)[1:-1]}


def test_an_arm_refusal_quoting_the_request_body_does_not_echo_the_key(run_playbook, tmp_path, arm):
    arm.set_faults({"refuse_quoting": {"method": "PUT", "path_regex": "/connections/"}})
    conn_args = dict(name="UKSouth-HQ-S2S", resource_group="RG", shared_key=SHARED_KEY)
    result, proc = run_connection(run_playbook, tmp_path, arm, SECRET, conn_args, args=["-vvv"], ignore_errors=True)
    result_file = tmp_path / "result.json"
    assert result["failed"] is True
    # the refusal still says what Azure answered, with the body's other properties
    assert "InvalidRequestContent" in result["msg"] and "ipsecPolicies" in result["msg"], result["msg"]
    output = proc.stdout + proc.stderr + result_file.read_text()
    leaked = [form for form in _forms(SHARED_KEY) if form in output]
    assert not leaked, "the shared key came back in the output in %d spelling(s)" % len(leaked)
    assert [r["fault"] for r in arm.requests() if r["method"] == "PUT"] == ["refuse_quoting"]


def _asa_forms(key):
    """The key as written, as JSON writes it, and as Python's repr of the device's bytes writes it."""
    return {key, json.dumps(key)[1:-1], repr(key.encode())[2:-1], repr(key)[1:-1]}


ASA_BASE = BASE
# the lab tunnel of test_asa_tunnel, without its key (each test gives its own) and child lifetimes
ASA_TUNNEL = {name: value for name, value in NEW_TUNNEL.items()
              if name not in ("pre_shared_key", "child_lifetime_seconds", "child_lifetime_kilobytes")}
# printable ASCII the ASA takes in a key (asa/names.py psk_error), with what Python, JSON and format strings escape
ASA_KEYS = ["Esc\\1-%s-Psk'x" + "9f3c", 'Esc"Psk\\\\n-%(a)s-77', "Esc{0}Psk\\x41-{}-55"]
ASA_FAULTS = [{"reject": [r"remote-authentication pre-shared-key"]},
              {"errors": {r"remote-authentication pre-shared-key": "ERROR: Unable to set the key"}},
              {"truncate": [r"remote-authentication pre-shared-key"]}]


# (a coverage test: it passed before; each key meets one fault to keep the run short)
@pytest.mark.parametrize("key, fault", list(zip(ASA_KEYS, ASA_FAULTS)), ids=range(len(ASA_KEYS)))
def test_a_refused_key_line_with_escaped_characters_is_not_echoed(asa_lab_factory, run_playbook, tmp_path, key,
                                                                  fault):
    lab = asa_lab_factory(ASA_BASE, scenario=fault)
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os="vpnalign.s2s.asa")
    out = tmp_path / "result.json"
    playbook = [{"name": "tunnel", "hosts": "asa", "gather_facts": False, "tasks": [
        {"name": "task", "register": "r", "ignore_errors": True,
         "vpnalign.s2s.asa_vpn_tunnel": dict(ASA_TUNNEL, pre_shared_key=key)},
        {"name": "save", "delegate_to": "localhost", "check_mode": False,
         "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
    ]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    log = tmp_path / "ansible.log"
    proc = run_playbook(str(tmp_path / "play.yml"), args=["-i", inventory, "-vvv", "--diff"],
                        env={"ANSIBLE_LOG_PATH": str(log)})
    lab.stop()
    result = json.loads(out.read_text())
    assert result.get("failed") is True
    texts = proc.stdout + proc.stderr + out.read_text() + log.read_text()
    with open(lab.log_path, encoding="utf-8") as handle:
        texts += handle.read()
    leaked = [form for form in _asa_forms(key) if form in texts]
    assert not leaked, "the key came back in %d spelling(s)" % len(leaked)


def _left_holding(root, text, wait):
    """The files under ``root`` that hold ``text``, after waiting up to ``wait`` seconds for there to be none."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for folder, _dirs, files in os.walk(str(root)):
            for name in files:
                try:
                    with open(os.path.join(folder, name), "rb") as handle:
                        if text.encode() in handle.read():
                            found.append(name)
                except OSError:
                    continue  # removed meanwhile
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


FACTS_KEY = "Cfg-Clear-Psk-4417"
FACTS_CONFIG = ASA_BASE + "crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 14\n" \
    " prf sha256\n lifetime seconds 28800\ncrypto ikev2 enable outside\n" \
    "tunnel-group 203.0.113.20 type ipsec-l2l\ntunnel-group 203.0.113.20 ipsec-attributes\n" \
    " ikev2 remote-authentication pre-shared-key %s\n ikev2 local-authentication pre-shared-key %s\n" \
    % (FACTS_KEY, FACTS_KEY)
# (task keywords, config, whether it fails): in the action plugin's worker, as a module (async), and refused (two
# configurations in one text: a failed result is printed at -vvv with the options it was given)
FACTS_CASES = [({}, FACTS_CONFIG, False), ({"async": 60, "poll": 1}, FACTS_CONFIG, False),
               ({}, "ASA Version 9.16(4)\n" + FACTS_CONFIG + ": end\nASA Version 9.18(1)\n" + ASA_BASE, True)]


@pytest.mark.parametrize("how, config, fails", FACTS_CASES, ids=range(len(FACTS_CASES)))
def test_a_running_config_with_keys_in_clear_is_not_echoed_back(run_playbook, tmp_path, how, config, fails):
    out = tmp_path / "result.json"
    log = tmp_path / "ansible.log"
    playbook = [{"name": "facts", "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        dict(how, name="task", register="r", ignore_errors=True,
             **{"vpnalign.s2s.asa_vpn_facts": {"running_config": config, "psk_hash_key": "k" * 16 + "-x1"}}),
        {"name": "save", "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
    ]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    remote_tmp = tmp_path / "remote-tmp"
    proc = run_playbook(str(tmp_path / "play.yml"), args=["-vvv"],
                        env={"ANSIBLE_LOG_PATH": str(log), "ANSIBLE_REMOTE_TEMP": str(remote_tmp)})
    # the module's payload holds the options as given (the key in clear): Ansible removes it after the run, the async
    # wrapper on its own after the poll has returned (the secret scan found one the run's copy caught before that)
    assert _left_holding(remote_tmp, FACTS_KEY, wait=30) == [], "the payload with the key is left on disk"
    result = json.loads(out.read_text())
    if fails:
        assert result["failed"] is True and "2 configurations" in result["msg"], result
    else:
        assert result["ansible_facts"]["vpnalign_asa"]["hostname"] == "fw"
    texts = proc.stdout + proc.stderr + out.read_text() + log.read_text()
    assert FACTS_KEY not in texts, "the key is echoed back"
    assert "pre-shared-key *****" in texts or not fails, "the options are still echoed, masked"
