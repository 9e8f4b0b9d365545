# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review of the live ASA read against the SSH ASA lab (tests/lab/README.md): asa_vpn_facts with `context` changes
back to where the login put the session, a login banner that reads like an error does not fail the read, and a
reply the pager stops at '<--- More --->' (terminal pager 0 refused) fails at once, saying so."""

import json
import subprocess

import pytest

from test_asa_live import SEED_CONFIG, load, write_facts_playbook

SYSTEM_CONFIG = "ASA Version 9.16(4) <system>\nhostname gateway\n: end\n"  # as a multi-context ASA's system space shows it
CONTEXTS = {"contexts": ["admin", "cust1"], "context_configs": {"cust1": SEED_CONFIG, "admin": "hostname admin\n: end\n"}}


def two_reads(tmp_path, first, second, extra_tasks=()):
    """One play, one host, one persistent connection: two asa_vpn_facts tasks, their results written as JSON."""
    tasks = [{"name": "first", "vpnalign.s2s.asa_vpn_facts": first, "register": "one", "ignore_errors": True},
             {"name": "second", "vpnalign.s2s.asa_vpn_facts": second, "register": "two", "ignore_errors": True}]
    tasks += list(extra_tasks)
    for name in ("one", "two"):
        tasks.append({"name": "write " + name, "delegate_to": "localhost",
                      "ansible.builtin.copy": {"content": "{{ %s | to_json }}" % name, "dest": str(tmp_path / (name + ".json"))}})
    (tmp_path / "pb.yml").write_text(json.dumps([{"name": "live", "hosts": "asa", "gather_facts": False, "tasks": tasks}]))
    return str(tmp_path / "pb.yml")


@pytest.mark.parametrize("login_context,back", [(None, "changeto system"), ("admin", "changeto context admin")])
def test_a_read_without_context_after_one_with_context_reads_the_login_context(
        asa_lab_factory, run_playbook, tmp_path, login_context, back):
    """The first task reads context cust1; the second (no context, same connection) must read where the login put the
    session (the system execution space, or the admin context as an SSH login to its interface does), not cust1."""
    lab = asa_lab_factory(SYSTEM_CONFIG, scenario=dict(CONTEXTS, login_context=login_context))
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    run_playbook(two_reads(tmp_path, {"context": "cust1"}, {}), args=["-i", inventory])
    one, two = load(tmp_path / "one.json"), load(tmp_path / "two.json")
    assert not one.get("failed"), one
    assert [t["name"] for t in one["ansible_facts"]["vpnalign_asa"]["tunnels"]] == ["CRYPTO-MAP 2"]
    assert one["commands"] == ["changeto context cust1", "show running-config", "show failover", back]
    contexts = [(entry["command"], entry.get("context")) for entry in lab.commands()]
    if login_context is None:  # the system configuration read: no context of the ASA, so the read fails saying so
        assert two["failed"] is True and "system execution space" in two["msg"], two
        assert contexts[-1] == ("show running-config", None)
        return
    assert not two.get("failed"), two
    assert two["ansible_facts"]["vpnalign_asa"]["tunnels"] == [], "second read (no context) returned cust1's tunnels"
    assert two["ansible_facts"]["vpnalign_asa"]["host"] == "admin"
    assert contexts[-2:] == [("show running-config", "admin"), ("show failover", "admin")]


def test_a_failed_change_back_fails_loudly_and_the_next_task_logs_in_again(asa_lab_factory, run_playbook, tmp_path):
    """`changeto context admin` refused (command authorization) after reading cust1: the task fails naming where the
    session is left, and the connection is closed, so that the next task (a new login) reads the admin context."""
    lab = asa_lab_factory(SYSTEM_CONFIG,
                          scenario=dict(CONTEXTS, login_context="admin", deny=[r"^changeto context admin$"]))
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    run_playbook(two_reads(tmp_path, {"context": "cust1"}, {}), args=["-i", inventory])
    one, two = load(tmp_path / "one.json"), load(tmp_path / "two.json")
    assert one["failed"] is True
    assert "could not change back to context admin after reading context cust1" in one["msg"], one["msg"]
    assert "left in context cust1" in one["msg"] and "persistent connection was closed" in one["msg"]
    assert not two.get("failed") and two["ansible_facts"]["vpnalign_asa"]["tunnels"] == []
    assert lab.command_lines().count("enable") == 2  # the second task logged in again


def test_changeto_on_a_single_context_asa_is_not_blamed_on_privilege(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    playbook = write_facts_playbook(tmp_path / "facts.yml", {"context": "cust1"}, out_dir=None)
    result = run_playbook(playbook, args=["-i", inventory], check=False)
    assert result.returncode != 0
    assert "single context mode" in result.stdout and "privileged EXEC" not in result.stdout


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
@pytest.mark.parametrize("line", ["Access denied to anyone not authorised by Example Corp IT.",
                                  "Error: report problems to noc@example.com"])
def test_a_motd_banner_line_that_reads_like_an_error_does_not_fail_the_login(
        asa_lab_factory, run_playbook, tmp_path, line, ssh_type):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"banner": "*** Authorised users only ***\n" + line})
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type)
    playbook = write_facts_playbook(tmp_path / "facts.yml", {}, out_dir=str(tmp_path))
    result = run_playbook(playbook, args=["-i", inventory], check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2500:]
    assert [t["name"] for t in load(tmp_path / "live.json")["ansible_facts"]["vpnalign_asa"]["tunnels"]] == ["CRYPTO-MAP 2"]


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_a_wrong_enable_password_after_a_banner_still_fails(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"banner": "Error: report problems to noc@example.com"})
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_become_password="not-the-enable-password")
    playbook = write_facts_playbook(tmp_path / "facts.yml", {}, out_dir=None)
    result = run_playbook(playbook, args=["-i", inventory], check=False)
    assert result.returncode != 0
    assert "enable failed: wrong enable password?" in result.stdout and "not-the-enable-password" not in result.stdout


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_a_refused_terminal_pager_fails_at_once_naming_the_pager(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    """A user whose `terminal pager 0` command authorization refuses, `pager lines 24` (the default): the long
    `show running-config` stops at '<--- More --->'. It failed after the command timeout, blamed on a cut reply."""
    lab = asa_lab_factory(SEED_CONFIG, scenario={"pager_lines": 24, "deny": [r"^terminal pager"]})
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_command_timeout=20)
    clock = {"name": "the session still answers", "ansible.netcommon.cli_command": {"command": "show clock"},
             "register": "clock"}
    write = {"name": "write clock", "delegate_to": "localhost",
             "ansible.builtin.copy": {"content": "{{ clock | to_json }}", "dest": str(tmp_path / "clock.json")}}
    run_playbook(two_reads(tmp_path, {}, {"gather_failover": False}, [clock, write]), args=["-i", inventory])
    one = load(tmp_path / "one.json")
    assert one["failed"] is True
    msg = one["msg"]
    assert "the ASA's pager stopped the reply to `show running-config` at '<--- More --->' after 24 line(s)" in msg, msg
    assert "`terminal pager 0` was refused when the session opened (Command authorization failed)" in msg
    assert "timeout" not in msg and "cut short" not in msg and "reachable" not in msg
    # the lab logs when each command came: the second task's read came long before the first one's command timeout
    [first, second] = [e["t"] for e in lab.commands() if e["command"] == "show running-config"]
    assert second - first < 10, "waited for the command timeout"
    # the same connection answers the next commands: the pager was left, no stray prompt came as a reply
    assert load(tmp_path / "two.json")["failed"] is True
    clock = load(tmp_path / "clock.json")
    assert not clock.get("failed") and "UTC" in clock["stdout"] and "More" not in clock["stdout"], clock
    assert lab.command_lines().count("enable") == 1


@pytest.mark.parametrize("ssh_type,words", [
    ("paramiko", "host key mismatch for 127.0.0.1"),
    ("libssh", "The ssh-ed25519 key fingerprint is SHA1:"),
])
def test_a_host_key_that_does_not_match_known_hosts_is_a_session_failure_in_plain_words(
        asa_lab_factory, run_playbook, tmp_path, ssh_type, words):
    """known_hosts holds other keys for the lab's address: the read fails as a session failure, with SSH's own words
    (review E2: "host key *****", the key word masked as a secret) and what to do about known_hosts."""
    lab = asa_lab_factory(SEED_CONFIG)
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    with open(home / ".ssh" / "known_hosts", "w") as known:
        for kind in ("ed25519", "ecdsa"):
            subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", str(tmp_path / kind)], check=True)
            public = (tmp_path / (kind + ".pub")).read_text().split()
            known.write("[127.0.0.1]:%d %s %s\n" % (lab.port, public[0], public[1]))
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_host_key_checking=True)
    playbook = tmp_path / "pb.yml"
    playbook.write_text(json.dumps([{"hosts": "asa", "gather_facts": False, "tasks": [
        {"vpnalign.s2s.asa_vpn_facts": {}, "register": "live", "ignore_errors": True},
        {"ansible.builtin.copy": {"content": "{{ live | to_json }}", "dest": str(tmp_path / "live.json")},
         "delegate_to": "localhost"}]}]))
    run_playbook(str(playbook), args=["-i", inventory], env={"HOME": str(home)})
    live = load(tmp_path / "live.json")
    assert live["failed"] is True and live["msg"].startswith("asa_vpn_facts: could not open a CLI session"), live["msg"]
    assert words in live["msg"] and "*****" not in live["msg"], live["msg"]
    assert "known_hosts" in live["msg"] and "ansible_host_key_checking" in live["msg"], live["msg"]
    assert lab.commands() == []


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_become_without_a_password_sends_no_enable_and_says_so(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    """become on, no ansible_become_password: nothing goes to the ASA (review E4: `enable` and an empty guess were
    sent, an enable attempt used up, and the task blamed a wrong enable password)."""
    lab = asa_lab_factory(SEED_CONFIG)
    host_vars = lab.ansible_host_vars(network_os="vpnalign.s2s.asa", ssh_type=ssh_type)
    del host_vars["ansible_become_password"]
    _become_run(run_playbook, tmp_path, host_vars)
    live = load(tmp_path / "live.json")
    assert live["failed"] is True and "could not open a CLI session" in live["msg"], live["msg"]
    assert "no ansible_become_password is set" in live["msg"] and "wrong enable password" not in live["msg"]
    assert "enable" not in lab.command_lines(), lab.command_lines()


def test_an_explicit_empty_become_password_is_sent(asa_lab_factory, run_playbook, tmp_path):
    """ansible_become_password: '' (an ASA without an enable password): network_cli passes it as '', not as unset,
    so `enable` and the empty password are sent (this lab has one: the ASA refuses it)."""
    lab = asa_lab_factory(SEED_CONFIG)
    host_vars = dict(lab.ansible_host_vars(network_os="vpnalign.s2s.asa"), ansible_become_password="")
    _become_run(run_playbook, tmp_path, host_vars)
    live = load(tmp_path / "live.json")
    assert live["failed"] is True and "wrong enable password" in live["msg"], live["msg"]
    assert lab.command_lines()[:1] == ["enable"], lab.command_lines()


def _become_run(run_playbook, tmp_path, host_vars):
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"hosts": {"asa": host_vars}}}))
    playbook = tmp_path / "pb.yml"
    playbook.write_text(json.dumps([{"hosts": "asa", "gather_facts": False, "tasks": [
        {"vpnalign.s2s.asa_vpn_facts": {}, "register": "live", "ignore_errors": True},
        {"ansible.builtin.copy": {"content": "{{ live | to_json }}", "dest": str(tmp_path / "live.json")},
         "delegate_to": "localhost"}]}]))
    run_playbook(str(playbook), args=["-i", str(inventory)])
