# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A pre-shared key never reaches a log, on the ASA lab, with Ansible's ``log_path`` set and -vvv.

The two probes of issue 11: the ASA rejects the key line (network_cli raises with the device's
reply, which echoes the line, and ansible-connection logs that traceback at -vvv), and the
connection drops right after the key line. Then every place a key could be left is scanned:
ansible.log, the playbook's output, the module result, the lab's command log and server
output, and the whole ANSIBLE_HOME of the run (local tmp, persistent connection sockets and
logs). Each run uses a key of its own, so a hit cannot come from another test.
"""

import json
import os
import secrets
import shutil
import tempfile

import pytest


BASE = "hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n security-level 0\n" \
       " ip address 198.51.100.10 255.255.255.248\n"
TUNNEL = dict(
    crypto_map="AZ", seq=10, interface="outside", peer="203.0.113.20",
    local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"],
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"]}, pfs_group=0, group_policy="AZ-GP",
)


@pytest.fixture
def ansible_home():
    """An ANSIBLE_HOME of its own (short, for network_cli's socket path), scanned before it goes."""
    home = tempfile.mkdtemp(prefix="ah-")
    yield home
    shutil.rmtree(home, ignore_errors=True)


def _hits(path, key):
    """Files under ``path`` (or the file) that hold ``key``, as {path: count}."""
    found = {}
    files = [path] if os.path.isfile(path) else [os.path.join(d, f) for d, _dirs, fs in os.walk(path) for f in fs]
    for name in files:
        try:
            with open(name, "rb") as handle:
                count = handle.read().count(key.encode())
        except OSError:
            continue  # a socket or a file gone meanwhile
        if count:
            found[name] = count
    return found


def run_with_log_path(run_playbook, lab, tmp_path, home, key, env=None, network_os="vpnalign.s2s.asa", task=None):
    """``task`` (asa_vpn_tunnel with ``key``) at -vvv --diff and ANSIBLE_LOG_PATH; returns (result, ansible.log text,
    hits)."""
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os=network_os)
    out = tmp_path / "result.json"
    playbook = [{"name": "tunnel", "hosts": "asa", "gather_facts": False, "tasks": [
        dict(task or {"vpnalign.s2s.asa_vpn_tunnel": dict(TUNNEL, pre_shared_key=key)}, name="task", register="r",
             ignore_errors=True),
        {"name": "save", "delegate_to": "localhost", "check_mode": False,
         "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
    ]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    log = tmp_path / "ansible.log"
    proc = run_playbook(str(tmp_path / "play.yml"), args=["-i", inventory, "-vvv", "--diff"], env=dict(
        env or {}, ANSIBLE_LOG_PATH=str(log), ANSIBLE_HOME=home, ANSIBLE_LOCAL_TEMP=os.path.join(home, "tmp"),
        ANSIBLE_REMOTE_TEMP=os.path.join(home, "remote-tmp")))
    assert proc.rc == 0, proc
    lab.stop()  # the lab's log and stderr are complete once it is down
    hits = {}
    hits.update(_hits(str(log), key))
    hits.update(_hits(str(out), key))
    hits.update(_hits(lab.log_path, key))
    hits.update(_hits(os.path.join(lab.workdir, "server.stderr"), key))
    hits.update(_hits(home, key))
    for kept in ("tmp", "pc", "cp"):  # the user's own ~/.ansible, should anything bypass ANSIBLE_HOME
        hits.update(_hits(os.path.join(os.path.expanduser("~"), ".ansible", kept), key))
    hits.update({"stdout+stderr": n for n in [(proc.stdout + proc.stderr).count(key)] if n})
    return json.loads(out.read_text()), log.read_text(), hits


def test_a_rejected_key_line_leaves_no_key_in_any_log(asa_lab_factory, run_playbook, tmp_path, ansible_home):
    key = "F1-Rejected-" + secrets.token_hex(8)
    lab = asa_lab_factory(BASE, scenario={"reject": [r"remote-authentication pre-shared-key"]})
    result, log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key)
    assert result.get("failed") is True
    # the path that leaked is taken: the connection's traceback at -vvv, the device's echo in it
    assert "AnsibleConnectionFailure" in log and "pre-shared-key *****" in log
    assert hits == {}, "the key is in %s" % hits


def test_a_connection_dropped_after_the_key_line_leaves_no_key_in_any_log(asa_lab_factory, run_playbook, tmp_path,
                                                                          ansible_home):
    key = "F1-Dropped-" + secrets.token_hex(8)
    lab = asa_lab_factory(BASE, scenario={"truncate": [r"remote-authentication pre-shared-key"]})
    result, log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key)
    assert result.get("failed") is True
    assert "AnsibleConnectionFailure" in log
    assert hits == {}, "the key is in %s" % hits


def test_a_command_timeout_on_the_key_line_leaves_no_key_in_any_log(asa_lab_factory, run_playbook, tmp_path,
                                                                    ansible_home):
    key = "F1-Timeout-" + secrets.token_hex(8)
    lab = asa_lab_factory(BASE, scenario={"delay": {r"remote-authentication pre-shared-key": 6}})
    result, _log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key,
                                           env={"ANSIBLE_PERSISTENT_COMMAND_TIMEOUT": "3"})
    assert result.get("failed") is True
    assert hits == {}, "the key is in %s" % hits


def test_the_lab_command_log_masks_keys_like_show_running_config(asa_lab_factory, run_playbook, tmp_path,
                                                                 ansible_home):
    key = "F1-Applied-" + secrets.token_hex(8)
    lab = asa_lab_factory(BASE)
    result, _log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key)
    assert result.get("changed") is True and not result.get("failed")
    key_lines = [c["command"] for c in lab.commands() if "pre-shared-key" in c["command"]]
    assert key_lines == ["ikev2 remote-authentication pre-shared-key *****",
                         "ikev2 local-authentication pre-shared-key *****"]
    assert hits == {}, "the key is in %s" % hits


def clear_config(key):
    """A config holding ``key`` as more system:running-config shows it, with an 'error:' in a description (cisco.asa's
    terminal plugin takes the whole reply for an error and raises it)."""
    return BASE + " description ticket 42 (error: none)\ntunnel-group 203.0.113.20 type ipsec-l2l\n" \
        "tunnel-group 203.0.113.20 ipsec-attributes\n ikev2 remote-authentication pre-shared-key %s\n: end\n" % key


# cisco.asa's cliconf raises the device's reply unmasked (its terminal plugin also takes any 'error:' in a reply for a
# failure): over it, a key is neither sent nor read in clear
def test_a_key_is_not_sent_over_cisco_asa_cliconf(
        asa_lab_factory, run_playbook, cisco_collections_path, tmp_path, ansible_home):
    key = "F1-Cisco-" + secrets.token_hex(8)
    lab = asa_lab_factory(BASE, scenario={"reject": [r"remote-authentication pre-shared-key"]})
    result, log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key, network_os="cisco.asa.asa",
                                          env={"ANSIBLE_COLLECTIONS_PATH": cisco_collections_path})
    assert result.get("failed") is True and result["changed"] is False and result["commands"] == []
    assert "pre_shared_key needs ansible_network_os=vpnalign.s2s.asa" in result["msg"]
    assert "nothing was sent" in result["msg"]
    assert not [line for line in lab.command_lines() if "pre-shared-key" in line or "configure" in line]
    assert hits == {}, "the key is in %s" % hits


def test_keys_are_not_read_in_clear_over_cisco_asa_cliconf(asa_lab_factory, run_playbook, cisco_collections_path,
                                                           tmp_path, ansible_home):
    key = "F1-ClearRead-" + secrets.token_hex(8)
    config = clear_config(key)
    lab = asa_lab_factory(config)
    task = {"vpnalign.s2s.asa_vpn_facts": {"include_secrets": True}}
    result, _log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key, network_os="cisco.asa.asa",
                                           env={"ANSIBLE_COLLECTIONS_PATH": cisco_collections_path}, task=task)
    assert result.get("failed") is True and result["commands"] == []
    assert "include_secrets needs ansible_network_os=vpnalign.s2s.asa" in result["msg"]
    assert "nothing was read" in result["msg"]
    assert not [line for line in lab.command_lines() if "running-config" in line]
    assert hits == {}, "the key is in %s" % hits


def test_keys_are_read_in_clear_over_the_collections_cliconf(asa_lab_factory, run_playbook, tmp_path, ansible_home):
    key = "F1-OwnRead-" + secrets.token_hex(8)
    config = clear_config(key)
    lab = asa_lab_factory(config)
    task = {"vpnalign.s2s.asa_vpn_facts": {"include_secrets": True}}
    result, _log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key, task=task)
    assert not result.get("failed"), result.get("msg")
    assert result["commands"][0] == "more system:running-config"
    assert hits == {}, "the key is in %s" % hits


def test_no_key_is_sent_while_persistent_log_messages_is_on(asa_lab_factory, run_playbook, tmp_path, ansible_home):
    key = "F1-LogMessages-" + secrets.token_hex(8)
    lab = asa_lab_factory(BASE)
    result, log, hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, key,
                                          env={"ANSIBLE_PERSISTENT_LOG_MESSAGES": "True"})
    assert result.get("failed") is True and result["commands"] == []
    assert "pre_shared_key cannot be used: persistent_log_messages is on" in result["msg"]
    assert "jsonrpc" in log  # the requests are logged indeed
    assert not [line for line in lab.command_lines() if "pre-shared-key" in line]
    assert hits == {}, "the key is in %s" % hits


def test_a_key_that_is_a_word_of_the_running_config_is_not_sent(asa_lab_factory, run_playbook, tmp_path, ansible_home):
    # Ansible would mask "GigabitEthernet0/0" (the interface) wherever the result holds it, and so point at the key
    # (a key of 8 characters at least: shorter ones are refused for that alone)
    lab = asa_lab_factory(BASE)
    result, _log, _hits = run_with_log_path(run_playbook, lab, tmp_path, ansible_home, "GigabitEthernet0/0")
    assert result.get("failed") is True and result["commands"] == []
    assert "pre_shared_key is also a word of the running config" in result["msg"] and "nothing was sent" in result["msg"]
    assert not [line for line in lab.command_lines() if "configure" in line]


def test_an_exports_shared_key_given_as_resources_is_masked_in_the_echo_and_log_path(
        run_playbook, tmp_path, ansible_home):
    # review 2026-12-05 (hostile input): the module's own example, resources: "{{ lookup('file', ...) | from_json }}",
    # echoed the export's sharedKey under invocation.module_args at -vvv and into log_path
    key = "F1-Export-" + secrets.token_hex(8)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "examples", "seed-asa-azure-pfs", "azure_resources.json"), encoding="utf-8") as handle:
        resources = json.load(handle)
    [connection] = [r for r in resources if r["type"] == "Microsoft.Network/connections"]
    connection["properties"]["sharedKey"] = key
    export = tmp_path / "azure_resources.json"
    export.write_text(json.dumps(resources))
    out = tmp_path / "result.json"
    playbook = [{"name": "facts", "hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "task", "register": "r", "vpnalign.s2s.azure_vpn_facts": {
            "resources": "{{ lookup('ansible.builtin.file', '%s') | from_json }}" % export}},
        {"name": "save", "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
    ]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    log = tmp_path / "ansible.log"
    proc = run_playbook(str(tmp_path / "play.yml"), args=["-vvv"], env=dict(
        ANSIBLE_LOG_PATH=str(log), ANSIBLE_HOME=ansible_home,
        ANSIBLE_LOCAL_TEMP=os.path.join(ansible_home, "tmp"), ANSIBLE_REMOTE_TEMP=os.path.join(ansible_home, "remote-tmp")))
    assert proc.rc == 0, proc
    assert "module_args" in proc.stdout  # the echo the key was in is there
    hits = dict(_hits(str(log), key), **_hits(str(out), key), **_hits(ansible_home, key))
    hits.update({"stdout+stderr": n for n in [(proc.stdout + proc.stderr).count(key)] if n})
    assert hits == {}, "the key is in %s" % hits
    assert json.loads(out.read_text())["ansible_facts"]["vpnalign_azure"]["tunnels"]
