# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_facts live form through ansible-playbook, network_cli and the ASA SSH lab.

* facts over libssh and paramiko, with ansible_network_os vpnalign.s2s.asa and cisco.asa.asa,
  equal the offline facts of the same config field for field (except ``source``);
* how many commands one facts run sends (the lab logs every line it receives);
* gather_state with the seed case's counters: encaps rising, decaps frozen -> ONE_WAY_TRAFFIC;
* pre-shared keys never appear in the output, even at -vvv, and digests made with one
  psk_hash_key compare across the ASA and Azure facts;
* unreachable host, wrong password, wrong enable password, command authorization failure and
  a truncated reply are clear task failures without a Python traceback.
"""

from __future__ import annotations

import json
import os
import socket
import time

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import config_digest
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import psk_digest


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
SEED_CONFIG_FILE = os.path.join(SEED_DIR, "asa_running_config.txt")
with open(SEED_CONFIG_FILE, encoding="utf-8") as _handle:
    SEED_CONFIG = _handle.read()
with open(os.path.join(SEED_DIR, "show_crypto_ipsec_sa.txt"), encoding="utf-8") as _handle:
    SEED_IPSEC = _handle.read()

KNOWN_PSK = "Kn0wnLab-PSK-7c1e"
CLEAR_CONFIG = SEED_CONFIG.replace("pre-shared-key *****", "pre-shared-key " + KNOWN_PSK)
TERMINAL_SETUP = ["enable", "<password>", "terminal pager 0"]
NO_TRACEBACK = ("Traceback (most recent call last)", "The full traceback is")


def counters(encaps, decaps):
    """The seed `show crypto ipsec sa` with other packet counters."""
    return SEED_IPSEC.replace(
        "#pkts encaps: 4549, #pkts encrypt: 4549, #pkts digest: 4549",
        "#pkts encaps: %d, #pkts encrypt: %d, #pkts digest: %d" % (encaps, encaps, encaps),
    ).replace(
        "#pkts decaps: 4953, #pkts decrypt: 4953, #pkts verify: 4953",
        "#pkts decaps: %d, #pkts decrypt: %d, #pkts verify: %d" % (decaps, decaps, decaps),
    )


def write_facts_playbook(path, module_args=None, out_dir=None, offline_src=None):
    """Play 1 reads the ASA live; play 2 (localhost) reads ``offline_src`` offline and writes both
    results as JSON into ``out_dir``. Module args are embedded as JSON (valid YAML)."""
    plays = [{
        "name": "live",
        "hosts": "asa",
        "gather_facts": False,
        "tasks": [{"name": "facts", "vpnalign.s2s.asa_vpn_facts": dict(module_args or {}), "register": "live"}],
    }]
    if out_dir:
        tasks = [{"name": "write live", "ansible.builtin.copy": {
            "content": "{{ hostvars['asa'].live | to_json }}", "dest": os.path.join(out_dir, "live.json")}}]
        if offline_src:
            tasks[:0] = [{"name": "offline", "vpnalign.s2s.asa_vpn_facts": {"src": offline_src}, "register": "offline"},
                         {"name": "write offline", "ansible.builtin.copy": {
                             "content": "{{ offline | to_json }}", "dest": os.path.join(out_dir, "offline.json")}}]
        plays.append({"name": "collect", "hosts": "localhost", "connection": "local", "gather_facts": False,
                      "tasks": tasks})
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(plays, handle, indent=1)
    return str(path)


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def assert_no_traceback(result):
    for marker in NO_TRACEBACK:
        assert marker not in result.stdout and marker not in result.stderr, str(result)


# ---------------------------------------------------------------------------------------------
# live facts == offline facts, both transports, both network_os
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
@pytest.mark.parametrize("network_os", ["vpnalign.s2s.asa", "cisco.asa.asa"])
def test_live_facts_equal_offline_facts(asa_lab_factory, run_playbook, cisco_collections_path, tmp_path,
                                        network_os, ssh_type):
    lab = asa_lab_factory(SEED_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os=network_os, ssh_type=ssh_type)
    playbook = write_facts_playbook(tmp_path / "facts.yml", out_dir=str(tmp_path), offline_src=SEED_CONFIG_FILE)
    env = {"ANSIBLE_COLLECTIONS_PATH": cisco_collections_path} if network_os.startswith("cisco.") else None
    began = time.monotonic()
    run_playbook(playbook, env=env, args=["-i", inventory])
    elapsed = time.monotonic() - began

    live, offline = load(tmp_path / "live.json"), load(tmp_path / "offline.json")
    live_facts = live["ansible_facts"]["vpnalign_asa"]
    offline_facts = offline["ansible_facts"]["vpnalign_asa"]
    assert (live_facts.pop("source"), offline_facts.pop("source")) == ("device", "src")
    # the live form also says which failover unit it read (this lab ASA is alone: failover off)
    # with the digest of the configuration it read (what proves two hosts are one pair's units)
    # (no psk_hash_key given: no digest - it is keyed with the run's key)
    assert live_facts.pop("failover") == {"enabled": False, "unit": "primary", "state": None, "mate_state": None,
                                          "config_digest": config_digest(lab.running_config(), None)}
    assert set(live_facts) == set(offline_facts)
    for field in offline_facts:
        assert live_facts[field] == offline_facts[field], field
    assert live_facts["counts"] == {"lines": 68, "tunnels": 1}
    assert live["commands"] == ["show running-config", "show failover"]

    # what the device saw: the connection's terminal set-up, then the module's two commands
    sent = lab.command_lines()
    assert sent[-2:] == ["show running-config", "show failover"] and sent.count("show running-config") == 1
    setup = sent[:-2]
    if network_os == "vpnalign.s2s.asa":
        assert setup == TERMINAL_SETUP  # 3 lines before the two shows: 5 in all
    else:  # cisco.asa's terminal plugin turns the pager off twice (after enable, and on open)
        assert setup == ["enable", "<password>", "no terminal pager", "no terminal pager"]
    print("%s over %s: %d lines logged by the lab, playbook %.2f s" % (network_os, ssh_type, len(sent), elapsed))


def test_context_is_changed_to_first(asa_lab_factory, run_playbook, tmp_path):
    scenario = {"contexts": ["admin", "cust1"], "context_configs": {"cust1": SEED_CONFIG}}
    lab = asa_lab_factory("ASA Version 9.16(4) <system>\nhostname gateway\n: end\n", scenario=scenario)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    playbook = write_facts_playbook(tmp_path / "facts.yml", {"context": "cust1"}, out_dir=str(tmp_path))
    run_playbook(playbook, args=["-i", inventory])
    live = load(tmp_path / "live.json")
    # and back to the system execution space, where the login put the session (tests/integration/test_asa_live_review.py)
    commands = ["changeto context cust1", "show running-config", "show failover", "changeto system"]
    assert live["commands"] == commands
    assert [t["name"] for t in live["ansible_facts"]["vpnalign_asa"]["tunnels"]] == ["CRYPTO-MAP 2"]
    assert lab.command_lines() == TERMINAL_SETUP + commands


def test_a_task_timeout_reads_through_the_module_which_always_changes_back(asa_lab_factory, run_playbook, tmp_path):
    """Ansible ends a task past its `timeout` by an exception raised in the worker: a read in a context, run there,
    would leave the session in that context for the next task. With a timeout the module reads (it finishes on its
    own, changing back), as it does with async (plugin_utils/module_fallback.py)."""
    scenario = {"contexts": ["admin", "cust1"], "context_configs": {"cust1": SEED_CONFIG}}
    lab = asa_lab_factory("ASA Version 9.16(4) <system>\nhostname gateway\n: end\n", scenario=scenario)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    playbook = tmp_path / "facts.yml"
    playbook.write_text(json.dumps([{"hosts": "asa", "gather_facts": False, "tasks": [
        {"vpnalign.s2s.asa_vpn_facts": {"context": "cust1"}, "timeout": 120, "register": "live"},
        {"ansible.builtin.copy": {"content": "{{ live | to_json }}", "dest": str(tmp_path / "live.json")},
         "delegate_to": "localhost"}]}]))
    result = run_playbook(str(playbook), args=["-i", inventory, "-vvv"])
    assert "AnsiballZ_asa_vpn_facts" in result.stdout + result.stderr
    live = load(tmp_path / "live.json")
    assert live["commands"] == ["changeto context cust1", "show running-config", "show failover", "changeto system"]
    assert [t["name"] for t in live["ansible_facts"]["vpnalign_asa"]["tunnels"]] == ["CRYPTO-MAP 2"]


def test_a_changeto_that_leaves_the_prompt_elsewhere_reads_nothing(asa_lab_factory, run_playbook, tmp_path):
    """`changeto context cust1` answered as taken while the session stays in admin (the lab's changeto_stays): the
    task fails naming both contexts and reads nothing; admin's configuration was read as cust1's before."""
    scenario = {"contexts": ["admin", "cust1"], "context_configs": {"cust1": SEED_CONFIG, "admin": "hostname admin\n: end\n"},
                "login_context": "admin", "changeto_stays": ["^changeto context cust1$"]}
    lab = asa_lab_factory("ASA Version 9.16(4) <system>\nhostname gateway\n: end\n", scenario=scenario)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    playbook = write_facts_playbook(tmp_path / "facts.yml", {"context": "cust1"}, out_dir=str(tmp_path))
    plays = load(playbook)
    plays[0]["tasks"][0]["ignore_errors"] = True  # the next play writes what the failed task registered
    with open(playbook, "w") as handle:
        json.dump(plays, handle)
    run_playbook(playbook, args=["-i", inventory])
    live = load(tmp_path / "live.json")
    assert live["failed"] is True
    assert "prompt shows context admin, not context cust1: nothing was read" in live["msg"], live["msg"]
    assert "show running-config" not in lab.command_lines()
    assert live["commands"] == ["changeto context cust1", "changeto context admin"]  # and back, wherever it was


# ---------------------------------------------------------------------------------------------
# gather_state: the seed case's one-way traffic
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_gather_state_reports_one_way_traffic(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    # first sample as published after a failure, then encaps keep rising while decaps stay frozen
    scenario = {"show": {"show crypto ipsec sa": [SEED_IPSEC, counters(4702, 4953), counters(4890, 4953)]}}
    lab = asa_lab_factory(SEED_CONFIG, scenario=scenario)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type)
    args = {"gather_state": True, "samples": 3, "sample_interval": 0.5}
    playbook = write_facts_playbook(tmp_path / "facts.yml", args, out_dir=str(tmp_path))
    run_playbook(playbook, args=["-i", inventory])
    live = load(tmp_path / "live.json")
    facts = live["ansible_facts"]["vpnalign_asa"]

    [finding] = [f for f in facts["findings"] if f["code"] == "ONE_WAY_TRAFFIC"]
    assert (finding["severity"], finding["phase"], finding["scope"]) == ("error", "traffic", ["CRYPTO-MAP 2"])
    assert "nothing comes back" in finding["summary"]
    samples = finding["evidence"]["asa"]["samples"]
    assert [(s["encaps"], s["decaps"]) for s in samples] == [(4549, 4953), (4702, 4953), (4890, 4953)]
    assert finding["remediation"]["asa"][0].startswith("clear crypto ipsec sa peer 203.0.113.20")

    [child] = facts["state"]["CRYPTO-MAP 2"]["child_sas"]
    assert child["traffic"] == "one_way" and child["peer"] == "51.a.b.c"
    assert (child["spi_in"], child["spi_out"]) == ("0x766AF315", "0x73EF6FC2")
    assert child["inbound"][0]["transform"] == "esp-aes-gcm esp-null-hmac no compression"
    assert child["inbound"][0]["remaining_kb"] == 92159057
    assert facts["state_info"]["samples"] == 3

    expected = ["show running-config", "show failover", "show crypto ipsec sa", "show crypto ikev2 sa detail",
                "show vpn-sessiondb detail l2l", "show crypto ipsec sa", "show crypto ipsec sa"]
    assert live["commands"] == expected
    assert lab.command_lines() == TERMINAL_SETUP + expected


def test_a_sample_interval_longer_than_the_persistent_connect_timeout_keeps_the_connection(
        asa_lab_factory, run_playbook, tmp_path):
    # review 2026-12-04: ansible-connection ends a persistent connection after persistent_connect_timeout (30 s by
    # default) without a call; a sample_interval of 35 s failed the read after the whole wait. Here the timeout is 12 s
    # and the wait 14 s: the module keeps the connection with a call every 10 s that sends nothing to the ASA.
    scenario = {"show": {"show crypto ipsec sa": [SEED_IPSEC, counters(4702, 4953)]}}
    lab = asa_lab_factory(SEED_CONFIG, scenario=scenario)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    args = {"gather_state": True, "samples": 2, "sample_interval": 14}
    playbook = write_facts_playbook(tmp_path / "facts.yml", args, out_dir=str(tmp_path))
    run_playbook(playbook, args=["-i", inventory], env={"ANSIBLE_PERSISTENT_CONNECT_TIMEOUT": "12"})
    live = load(tmp_path / "live.json")
    assert live["ansible_facts"]["vpnalign_asa"]["state_info"]["samples"] == 2
    assert lab.command_lines().count("show crypto ipsec sa") == 2


def test_one_way_traffic_reaches_the_compat_report(asa_lab_factory, run_playbook, tmp_path):
    scenario = {"show": {"show crypto ipsec sa": [SEED_IPSEC, counters(4702, 4953)]}}
    lab = asa_lab_factory(SEED_CONFIG, scenario=scenario)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    playbook = tmp_path / "check.yml"
    plays = [
        {"hosts": "asa", "gather_facts": False, "tasks": [
            {"vpnalign.s2s.asa_vpn_facts": {"gather_state": True, "samples": 2, "sample_interval": 0}}]},
        {"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
            {"vpnalign.s2s.azure_vpn_facts": {"src": os.path.join(SEED_DIR, "azure_resources.json")}},
            {"vpnalign.s2s.vpn_compat_check": {"asa_facts": "{{ hostvars['asa'].ansible_facts.vpnalign_asa }}",
                                               "azure_facts": "{{ ansible_facts.vpnalign_azure }}",
                                               "return_report": True},
             "register": "check"},
            {"ansible.builtin.copy": {"content": "{{ check.report | to_json }}",
                                      "dest": str(tmp_path / "report.json")}}]},
    ]
    playbook.write_text(json.dumps(plays))
    run_playbook(str(playbook), args=["-i", inventory])
    [tunnel] = load(tmp_path / "report.json")["tunnels"]
    codes = [f["code"] for f in tunnel["findings"]]
    assert "ONE_WAY_TRAFFIC" in codes and "PFS_MISMATCH" in codes and tunnel["verdict"] == "fail"


# ---------------------------------------------------------------------------------------------
# pre-shared keys
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("include_secrets", [False, True])
def test_psk_never_in_output_even_at_vvv(asa_lab_factory, run_playbook, tmp_path, include_secrets):
    lab = asa_lab_factory(CLEAR_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    args = {"include_secrets": include_secrets, "psk_hash_key": "run-key-4711-abcdefgh"}
    playbook = write_facts_playbook(tmp_path / "facts.yml", args, out_dir=str(tmp_path))
    # show the facts on the console too, so that a key in them would be seen
    plays = json.loads(open(playbook).read())
    plays[0]["tasks"].append({"ansible.builtin.debug": {"var": "live"}})
    with open(playbook, "w") as handle:
        json.dump(plays, handle)
    result = run_playbook(playbook, args=["-i", inventory, "-vvv"])
    for text in (result.stdout, result.stderr, (tmp_path / "live.json").read_text()):
        assert KNOWN_PSK not in text
        assert "run-key-4711-abcdefgh" not in text
    live = load(tmp_path / "live.json")
    auth = live["ansible_facts"]["vpnalign_asa"]["tunnels"][0]["auth"]
    expected_command = "more system:running-config" if include_secrets else "show running-config"
    assert live["commands"] == [expected_command, "show failover"]
    assert auth["psk_digest"] == (psk_digest("run-key-4711-abcdefgh", KNOWN_PSK) if include_secrets else None)
    assert_no_traceback(result)


@pytest.mark.parametrize("azure_key,mismatch", [(KNOWN_PSK, False), ("a-different-key", True)],
                         ids=["same-key", "different-key"])  # not the key: test ids reach the junit report
def test_asa_and_azure_digests_compare_with_one_run_key(asa_lab_factory, run_playbook, tmp_path, azure_key,
                                                        mismatch):
    lab = asa_lab_factory(CLEAR_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    resources = load(os.path.join(SEED_DIR, "azure_resources.json"))
    for resource in resources:
        if resource.get("type", "").lower().endswith("/connections"):
            resource.setdefault("properties", {})["sharedKey"] = azure_key
    azure_file = tmp_path / "azure.json"
    azure_file.write_text(json.dumps(resources))
    plays = [
        {"hosts": "asa", "gather_facts": False, "tasks": [
            {"vpnalign.s2s.asa_vpn_facts": {"include_secrets": True, "psk_hash_key": "{{ run_key }}"}}]},
        {"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
            {"vpnalign.s2s.azure_vpn_facts": {"src": str(azure_file), "psk_hash_key": "{{ run_key }}"}},
            {"vpnalign.s2s.vpn_compat_check": {"asa_facts": "{{ hostvars['asa'].ansible_facts.vpnalign_asa }}",
                                               "azure_facts": "{{ ansible_facts.vpnalign_azure }}",
                                               "return_report": True},
             "register": "check"},
            {"ansible.builtin.copy": {"content": "{{ check.report | to_json }}",
                                      "dest": str(tmp_path / "report.json")}}]},
    ]
    playbook = tmp_path / "check.yml"
    playbook.write_text(json.dumps(plays))
    result = run_playbook(str(playbook), {"run_key": "shared-run-key-0123"}, args=["-i", inventory, "-vvv"])
    assert KNOWN_PSK not in result.stdout + result.stderr and "a-different-key" not in result.stdout
    [tunnel] = load(tmp_path / "report.json")["tunnels"]
    assert ("AUTH_MISMATCH" in [f["code"] for f in tunnel["findings"]]) is mismatch


# ---------------------------------------------------------------------------------------------
# failures
# ---------------------------------------------------------------------------------------------
def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_failing(run_playbook, tmp_path, inventory, args=None, env=None):
    playbook = write_facts_playbook(tmp_path / "facts.yml", args)
    result = run_playbook(playbook, env=env, check=False, args=["-i", inventory, "-vvv"])
    assert result.rc != 0, str(result)
    assert "FAILED!" in result.stdout or "UNREACHABLE!" in result.stdout, str(result)
    assert_no_traceback(result)
    return result


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_unreachable_host(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    lab = asa_lab_factory(SEED_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_port=_free_port(), ansible_network_cli_retries=0,
                                    ansible_connect_timeout=5)
    result = run_failing(run_playbook, tmp_path, inventory)
    assert "could not open a CLI session on the ASA" in result.stdout
    assert "refused" in result.stdout.lower() or "unable to connect" in result.stdout.lower()


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_wrong_password(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    lab = asa_lab_factory(SEED_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_password="not-the-password", ansible_network_cli_retries=0)
    result = run_failing(run_playbook, tmp_path, inventory)
    assert "could not open a CLI session on the ASA" in result.stdout
    assert "authenticat" in result.stdout.lower()
    assert "not-the-password" not in result.stdout
    assert lab.command_lines() == []


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_wrong_enable_password(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    lab = asa_lab_factory(SEED_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_become_password="not-the-enable-password")
    began = time.monotonic()
    result = run_failing(run_playbook, tmp_path, inventory)
    assert time.monotonic() - began < 25  # told at the first refusal, not after a command timeout
    assert "enable failed: wrong enable password?" in result.stdout
    assert "Invalid password" in result.stdout
    assert "not-the-enable-password" not in result.stdout
    assert lab.command_lines() == ["enable", "<password>"]  # one try: no lock-out by guessing


def test_command_authorization_failure(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"deny": ["^show running-config"]})
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    result = run_failing(run_playbook, tmp_path, inventory)
    assert "`show running-config` failed: Command authorization failed" in result.stdout


def test_state_command_authorization_failure(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"deny": ["^show vpn-sessiondb"]})
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    result = run_failing(run_playbook, tmp_path, inventory, {"gather_state": True})
    assert "`show vpn-sessiondb detail l2l` failed: Command authorization failed" in result.stdout


def test_without_enable_the_user_is_told_to_become(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", become=False)
    result = run_failing(run_playbook, tmp_path, inventory)
    assert "Invalid input" in result.stdout and "become" in result.stdout


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
@pytest.mark.parametrize("command", ["show running-config", "show crypto ipsec sa"])
def test_truncated_reply(asa_lab_factory, run_playbook, tmp_path, ssh_type, command):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"truncate": ["^%s$" % command]})
    # libssh does not notice a channel closed mid-reply: network_cli then waits for the prompt
    # until the command timeout, so keep it short here
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_command_timeout=5)
    result = run_failing(run_playbook, tmp_path, inventory, {"gather_state": True})
    assert "`%s` failed" % command in result.stdout
    assert "cut short" in result.stdout


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_a_session_dropped_during_show_failover_fails_the_read(asa_lab_factory, run_playbook, tmp_path, ssh_type):
    """Without gather_state nothing is sent after `show failover`: a session lost in its reply was kept as a failover
    fact saying "unit unknown" and the read passed, green, on a dead session. Only a refusal is such a note."""
    lab = asa_lab_factory(SEED_CONFIG, scenario={"truncate": ["^show failover$"]})
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    ansible_command_timeout=5)  # libssh waits for the prompt until the timeout
    result = run_failing(run_playbook, tmp_path, inventory)
    assert "`show failover` failed" in result.stdout and "did not return the failover status" not in result.stdout
    assert lab.command_lines()[-2:] == ["show running-config", "show failover"]
