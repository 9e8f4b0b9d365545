# -*- coding: utf-8 -*-
"""Issue 12: playbooks/align.yml over a fleet where some hosts fail, on the ASA SSH lab and the ARM lab.

One run with five ASAs and two Azure subscription hosts, each ASA paired with a seed-case tunnel of its own
(its own addresses and resource group): ``fw-good`` is aligned as usual; ``fw-refuses`` refuses the push's
line (its transaction undoes it); ``fw-down`` refuses the connection (the read fails); ``fw-dark`` is
unreachable (ssh to a closed port); ``fw-orphan``'s connection is in subscription ``sub-bad``, whose
credentials are refused. The run goes on for every other host, reports each host it could not read
(HOST_NOT_READ with Ansible's reason) and the failed push (with what is left on the device), changes
nothing on the Azure ends paired with an unread ASA nor on the ASA paired with the unread subscription,
and fails naming them. A second run changes nothing on fw-good and fails again.
"""

import copy
import json
import os
import re
import socket
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# tests/lab and this directory are on sys.path (conftest.py; pytest's rootdir insertion)

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_fleet  # noqa: E402  pylint: disable=wrong-import-position
from test_align import PSK, SECRET, SEED_ASA, SEED_ARM, run_playbook  # noqa: E402  pylint: disable=wrong-import-position

SUB_OK = "00000000-0000-0000-0000-0000000000a1"
SUB_BAD = "00000000-0000-0000-0000-0000000000b2"
WRONG_SECRET = "Wr0ng-Cl1ent+Secret=9q"
SET_PFS = "crypto map CRYPTO-MAP 2 set pfs group19"
# slot: own addresses (198.51.100.100+slot for the ASA, 203.0.113.160+slot for Azure), own resource group
SLOTS = {"fw-good": 0, "fw-refuses": 1, "fw-down": 2, "fw-dark": 3, "fw-orphan": 4}


def relocated(text, slot):
    text = re.sub(r"(?<![\d.])198\.51\.100\.10(?!\d)", "198.51.100.%d" % (100 + slot), text)
    return re.sub(r"(?<![\d.])203\.0\.113\.20(?!\d)", "203.0.113.%d" % (160 + slot), text)


def group_of(host):
    return "RG-" + host


def arm_seed(host):
    text = relocated(json.dumps(SEED_ARM), SLOTS[host])
    return json.loads(text.replace("/resourceGroups/RG/", "/resourceGroups/%s/" % group_of(host)))


def closed_port():
    """A local TCP port nothing listens on (bound, then released): connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def connection_of(arm, host, subscription):
    [found] = [r for r in arm.resources(subscription)
               if r["type"].endswith("/connections") and "/resourceGroups/%s/" % group_of(host) in r["id"]]
    return found["properties"]


def puts_to(arm, host):
    return [r for r in arm.requests() if r["method"] in ("PUT", "POST") and "/resourceGroups/%s/" % group_of(host)
            in r["path"]]


def config_lines(device):
    return [c["command"] for c in device.commands() if c["mode"].startswith("config") and c["command"] != "end"]


def fail_message(output):
    """The text of the role's last task (the run's failure), whitespace collapsed (the callback wraps it)."""
    part = output.split("TASK [vpnalign.s2s.align : Fail when", 1)[-1].split("PLAY RECAP", 1)[0]
    return " ".join(part.split())


@pytest.fixture(scope="module")
def fleet_runs(tmp_path_factory):
    """Both runs and what the labs held after each."""
    tmp = tmp_path_factory.mktemp("align-fleet-faults")
    configs = {host: relocated(SEED_ASA, SLOTS[host]) for host in ("fw-good", "fw-refuses", "fw-orphan")}
    scenarios = {"fw-refuses": {"reject": [r"^crypto map CRYPTO-MAP 2 set pfs"]}}
    arm_resources = {SUB_OK: [r for host in ("fw-good", "fw-refuses", "fw-down", "fw-dark") for r in arm_seed(host)],
                     SUB_BAD: arm_seed("fw-orphan")}
    with start_asa_fleet([{"name": h, "config": c, "scenario": scenarios.get(h, {})} for h, c in configs.items()],
                         latency=0) as fleet, start_arm_lab(arm_resources, client_secret=SECRET) as arm:
        asa_hosts = {name: fleet[name].ansible_host_vars(network_os="vpnalign.s2s.asa") for name in configs}
        asa_hosts["fw-down"] = dict(asa_hosts["fw-good"], ansible_port=closed_port())
        asa_hosts["fw-dark"] = {"ansible_connection": "ssh", "ansible_host": "127.0.0.1", "ansible_port": closed_port()}
        azure_hosts = {
            "sub-ok": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                       "subscription_id": SUB_OK, "azure_retries": 0},
            # credentials of its own, and the wrong secret: the token request is refused (401 invalid_client)
            "sub-bad": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                        "subscription_id": SUB_BAD, "client_id": arm.client_id, "secret": WRONG_SECRET,
                        "tenant": arm.tenant, "cloud_environment": arm.base_url, "adfs_authority_url": arm.authority,
                        "ca_bundle": arm.ca_file, "azure_retries": 0},
        }
        inventory = str(tmp / "inventory.json")
        with open(inventory, "w", encoding="utf-8") as handle:
            json.dump({"all": {"children": {"asa": {"hosts": asa_hosts}, "azure": {"hosts": azure_hosts}}}}, handle)
        before = {host: copy.deepcopy(connection_of(arm, host, SUB_OK))
                  for host in ("fw-down", "fw-dark", "fw-good", "fw-refuses")}
        before["fw-orphan"] = copy.deepcopy(connection_of(arm, "fw-orphan", SUB_BAD))
        runs = []
        for name in ("first", "second"):
            for device in fleet:
                device.clear_log()
            arm.clear_requests()
            rc, output, summary, report = run_playbook(inventory, arm, str(tmp), {}, ["--forks", "8"], name=name)
            with open(str(tmp / (name + ".log")), "w", encoding="utf-8") as handle:
                handle.write(output)  # kept with the test's tmp_path, for a failure's story
            runs.append({
                "rc": rc, "output": output, "align": summary, "report": report,
                "lines": {name: config_lines(fleet[name]) for name in configs},
                "running": {name: fleet[name].running_config() for name in configs},
                "commands": {name: fleet[name].commands() for name in configs},
                "puts": {host: puts_to(arm, host) for host in SLOTS},
                "connections": {host: connection_of(arm, host, SUB_BAD if host == "fw-orphan" else SUB_OK)
                                for host in SLOTS},
                "passwords": [fleet[name].password for name in configs] + [fleet[name].enable_password for name in configs],
            })
        yield {"runs": runs, "before": before}


def test_the_good_asa_is_aligned_and_the_run_fails_naming_every_host_it_did_not_cover(fleet_runs):
    first = fleet_runs["runs"][0]
    output = first["output"]
    assert "Traceback (most recent call last)" not in output
    assert first["rc"] != 0, output[-6000:]
    # fw-good: the seed's fix on both ends, checked again, passes
    assert first["lines"]["fw-good"] == [SET_PFS], output[-6000:]
    assert len(first["puts"]["fw-good"]) == 1
    assert first["connections"]["fw-good"]["ipsecPolicies"][0]["saDataSizeKilobytes"] == 102400000
    verdicts = {(t.get("asa") or {}).get("host"): t["verdict"] for t in first["report"]["tunnels"]}
    assert verdicts["fw-good"] == "pass"
    # the run's last task fails, naming each host it could not read and the failed push
    message = fail_message(output)
    assert "Not read: ASA fw-down, ASA fw-dark, Azure host sub-bad" in message, output[-6000:]
    assert "Push failed on: ASA fw-refuses" in message
    for name in ("fw-good", "fw-orphan", "sub-ok"):
        assert name not in message


def test_each_host_not_read_is_reported_with_ansibles_reason(fleet_runs):
    first = fleet_runs["runs"][0]
    entries = {t["name"]: t for t in first["report"]["tunnels"] if t["name"].endswith("(not read)")}
    assert sorted(entries) == ["fw-dark (not read)", "fw-down (not read)", "sub-bad (not read)"]
    why = {name: entry["findings"][0]["summary"] for name, entry in entries.items()}
    assert all(entry["findings"][0]["code"] == "HOST_NOT_READ" for entry in entries.values())
    assert "refused" in why["fw-down (not read)"].lower(), why
    # unreachable: Ansible's own message, not a guess
    assert "Failed to connect to the host via ssh" in why["fw-dark (not read)"], why
    assert "AADSTS7000215: Invalid client secret provided" in why["sub-bad (not read)"], why
    not_read = {(e["host"], e["side"]) for e in first["align"]["not_read"]}
    assert not_read == {("fw-down", "asa"), ("fw-dark", "asa"), ("sub-bad", "azure")}


def test_nothing_is_pushed_to_either_end_of_a_tunnel_with_an_end_not_read(fleet_runs):
    first = fleet_runs["runs"][0]
    before = fleet_runs["before"]
    for host in ("fw-down", "fw-dark", "fw-orphan"):
        # the Azure end paired with an unread ASA (and the orphan's, in the unread subscription) is untouched,
        # as the ARM lab holds it
        assert first["puts"][host] == [], host
        assert first["connections"][host] == before[host], host
    # the ASA paired with the unread subscription's connection is read but gets nothing
    assert first["lines"]["fw-orphan"] == []
    assert not [c for c in first["align"]["changes"] if c["asa_host"] in ("fw-down", "fw-dark", "fw-orphan")]


def test_a_failed_push_says_what_is_left_on_the_device_and_the_others_go_on(fleet_runs):
    first = fleet_runs["runs"][0]
    [failed] = [c for c in first["align"]["changes"] if c["asa_host"] == "fw-refuses" and c["side"] == "asa"]
    assert failed["failed"] is True
    # the lab refused the one line: nothing is left, as read back from the device
    assert failed["left_over"] == [] and failed["device_state_known"] is True
    assert "every change was undone" in failed["msg"]
    assert first["align"]["push_failed"] == [{"host": "fw-refuses", "side": "asa", "tunnel": "UKSouth-HQ-S2S",
                                             "end": failed["end"]}]
    assert first["lines"]["fw-refuses"][:1] == [SET_PFS] and "set pfs" not in first["running"]["fw-refuses"]
    # its tunnel's Azure end is held: the check proved the fix of both ends, not of Azure's alone
    assert first["puts"]["fw-refuses"] == [] and first["connections"]["fw-refuses"] == fleet_runs["before"]["fw-refuses"]
    [held] = first["align"]["held"]
    assert held["host"] == "sub-ok" and "RG-fw-refuses" in held["id"] and held["reason"].startswith("held: ")
    # the ASA that refused is read again after the pushes: the last check reports what it holds
    assert sum(1 for c in first["commands"]["fw-refuses"] if c["command"] == "show running-config") >= 2


def test_the_re_check_logs_in_afresh(fleet_runs):
    """The push's persistent connection is not reused by the re-check's gather (Ansible resets a play's
    connections when the play ends; the gather closes its own): three sessions, each reading once."""
    commands = fleet_runs["runs"][0]["commands"]["fw-good"]
    sessions = []
    for command in commands:
        if not sessions or sessions[-1] != command["session"]:
            sessions.append(command["session"])
    assert len(sessions) == len(set(sessions)) == 3, "; ".join("%s %s %s" % (c["t"], c["session"], c["command"]) for c in commands)
    pushed = {c["session"] for c in commands if c["command"] == SET_PFS}
    read = [c["session"] for c in commands if c["command"] == "show running-config"]
    assert pushed and read[-1] not in pushed


def test_a_second_run_changes_nothing_on_the_good_asa_and_still_fails(fleet_runs):
    second = fleet_runs["runs"][1]
    assert "Traceback (most recent call last)" not in second["output"]
    assert second["rc"] != 0
    assert second["lines"]["fw-good"] == [] and second["puts"]["fw-good"] == []
    assert not [c for c in second["align"]["changes"] if c["asa_host"] == "fw-good" and c["changed"]]
    for host in ("fw-down", "fw-dark", "fw-orphan"):
        assert second["puts"][host] == []


def test_no_secret_in_any_output(fleet_runs):
    for run in fleet_runs["runs"]:
        everything = run["output"] + json.dumps(run["align"]) + json.dumps(run["report"])
        for secret in [PSK, SECRET, WRONG_SECRET] + run["passwords"]:
            assert secret not in everything
