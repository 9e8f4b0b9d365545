# -*- coding: utf-8 -*-
"""asa_vpn_tunnel `tunnels`: the two VTIs of an active-active Azure gateway on one ipsec profile ask the same of it
(``profile_mates``), so the profile changes once, for both. When the first end's push fails and is undone (here the
connection drops midway and the undo runs on a new login), its mate must not push the same change alone: the ASA
would then hold the new profile for both tunnels while align holds the Azure connection (its ASA end failed) and
both tunnels of the connection lose their common proposal (review s45 D). Run over the ASA lab's CLI in-process."""

import json
import os
import re
import sys

from ansible.module_utils.connection import ConnectionError as ModuleConnectionError

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done, hold
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import plan
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_tunnel

from module_main import run_main

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
from asa_ssh.asa_cli import CliSession, Device  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh.lab import lab_config  # noqa: E402  pylint: disable=wrong-import-position
from arm_https.lab import seed_path  # noqa: E402  pylint: disable=wrong-import-position

ERROR_RE = re.compile(r"^\s*(?:ERROR:|Command authorization failed)", re.M)
INTENT_END = dict(ipsec_profile="AZURE-VTI", ipsec_proposal="AZURE-PROP", esp={"encryption": ["AES-GCM-256"]},
                  pfs_group=20, child_lifetime_seconds=3600, child_lifetime_kilobytes="102400000",
                  ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA384"], "dh_groups": [20],
                       "lifetime_seconds": 28800})
ENDS = [dict(INTENT_END, name="instance-0", tunnel_interface="Tunnel1", tunnel_group="203.0.113.40"),
        dict(INTENT_END, name="instance-1", tunnel_interface="Tunnel2", tunnel_group="203.0.113.41")]
LAB = []


class LabConnection(object):
    """The lab's CLI (tests/lab/asa_ssh/cli) behind the persistent connection's calls; a dropped session raises as
    network_cli does, and ``reconnect`` logs in again."""

    def __init__(self, _socket_path):
        self.device = LAB[0]
        self._login()

    def _login(self):
        self.out, self.closed = [], False
        self.session = CliSession(self.device, lambda data: self.out.append(data.decode()), self._close)
        self.session.start()
        for line in ("enable", self.device.enable_password, "terminal pager 0"):
            self.session.feed((line + "\r").encode())

    def _close(self, _abrupt):
        self.closed = True

    def get(self, command=None, **_kwargs):
        if self.closed:
            raise ModuleConnectionError("Failed to write to ssh channel")
        self.out = []
        self.session.feed((command + "\r").encode())
        text = "".join(self.out).replace("\r\n", "\n")
        if self.closed:
            raise ModuleConnectionError("the ASA closed the connection before the reply was complete")
        if ERROR_RE.search(text):
            raise ModuleConnectionError(repr(text.encode()), code=-32603)
        return "\n".join(text.split("\n")[1:-1])

    def get_prompt(self):
        return self.session.prompt()

    def reconnect(self):
        self._login()
        return "reconnected"

    def reset(self):
        self.closed = True


def _run(monkeypatch, capsys, device, ends):
    LAB[:] = [device]
    monkeypatch.setattr(asa_vpn_tunnel, "Connection", LabConnection)
    args = dict(tunnels=ends, _ansible_socket="/tmp/fake-socket")
    return run_main(monkeypatch, capsys, asa_vpn_tunnel, args)[0]


def _profile(device):
    text = device.stores[None].text()
    return text[text.index("crypto ipsec profile AZURE-VTI"):].split("\ncrypto ikev2 policy")[0]


def test_the_mate_of_an_end_whose_push_failed_does_not_push_their_shared_profile_alone(monkeypatch, capsys):
    config = lab_config("vti_bgp")
    device = Device(config, {"drop_after_config_lines": 2})  # the first end's second line, then the session drops
    before = _profile(Device(config))
    result = _run(monkeypatch, capsys, device, ENDS)
    first, second = result["results"]
    assert first["failed"] is True and first["left_over"] == [] and "every change was undone" in first["msg"]
    assert second["failed"] is True and second["changed"] is False and second["commands"] == []
    assert "instance-0" in second["msg"] and "AZURE-VTI" in second["msg"]
    assert _profile(device) == before, "the shared profile is as before: neither tunnel changed"
    assert result["failed"] is True and "2 of 2 ends failed" in result["msg"]


def test_mates_that_go_through_change_their_shared_profile_once(monkeypatch, capsys):
    device = Device(lab_config("vti_bgp"))
    result = _run(monkeypatch, capsys, device, ENDS)
    assert result.get("failed") is not True, result.get("msg")
    assert [r["changed"] for r in result["results"]] == [True, False]
    assert " set pfs group20" in _profile(device)


def _intent_plan():
    """align_to intent's plan for the lab's active-active pair: Tunnel1 and Tunnel2 on the ipsec profile AZURE-VTI,
    to the two instances of one Azure connection."""
    arm = [resource for resource in json.load(open(seed_path("route_based_active_active"))) if resource.get("type")]
    report = run_check(asa_facts_from_text(lab_config("vti_bgp")), azure_facts_from_data(arm))
    intent = dict([(key, INTENT_END[key]) for key in ("esp", "pfs_group", "child_lifetime_seconds", "ike")],
                  child_lifetime_kilobytes=102400000)
    return plan(report["tunnels"], "intent", intent=intent, default_azure_host="sub")


def test_an_end_that_fails_after_its_mate_moved_their_shared_profile_lets_the_azure_connection_follow(
        monkeypatch, capsys):
    """Reverse order of the test above: Tunnel1's end goes through and moves the shared profile (AES-GCM-256, PFS
    group 20); Tunnel2's end fails on a line of its own (the ASA refuses its BGP network) and undoes it. Tunnel2 runs
    the new profile all the same: holding the Azure connection on its old policy left both tunnels without a common
    proposal (review s45 I). Its result says what the device holds, the task still fails, and Azure follows."""
    planned = _intent_plan()
    items = json.loads(json.dumps(planned["asa_tunnels"]["fw-vti"]))
    items[1]["bgp"] = {"asn": 65010, "neighbor": "169.254.22.1", "remote_as": 65515, "networks": ["10.12.0.0/24"]}
    device = Device(lab_config("vti_bgp"), {"reject": [r"^network 10\.12\.0\.0 mask"]})
    result = _run(monkeypatch, capsys, device, items)
    first, second = result["results"]
    assert first.get("failed") is not True and first["changed"] is True
    assert " set pfs group20" in _profile(device), "Tunnel1's change of the shared profile stays"
    assert second["failed"] is True and second["left_over"] == [] and second["crypto_in_place"] is True
    assert "set by %s on the ipsec profile AZURE-VTI they share" % first["name"] in second["msg"]
    assert "not on the device: its bgp lines" in second["msg"]
    assert result["failed"] is True and "1 of 2 ends failed" in result["msg"]
    jobs = planned["asa"]["fw-vti"]
    held = hold(planned["azure"], [dict(r, job=job) for r, job in zip(result["results"], jobs)], planned["asa"],
                by_connection=True)
    assert held["held"] == [] and [job["options"]["name"] for job in held["azure"]["sub"]] == ["cn-asa-aa"]
    story = done(planned["jobs"], [dict(r, job=job) for r, job in zip(result["results"], jobs)], held["held"],
                 held["same"])
    failed = [entry for entry in story["changes"] if entry["side"] == "asa" and entry["failed"]]
    assert [entry["end"] for entry in failed] == [jobs[1]["end"]], "the run still names the failed end"
    assert failed[0]["crypto_in_place"] is True and failed[0]["left_over"] == []


def test_an_end_that_fails_on_the_crypto_its_mate_did_not_set_still_holds_the_azure_connection(monkeypatch, capsys):
    """Tunnel2's own tunnel-group line is refused: the crypto it asks for is not all on the device, Azure is held."""
    planned = _intent_plan()
    items = json.loads(json.dumps(planned["asa_tunnels"]["fw-vti"]))
    items[1]["group_policy"] = "AZURE-GP2"
    device = Device(lab_config("vti_bgp"), {"reject": [r"^default-group-policy AZURE-GP2"]})
    result = _run(monkeypatch, capsys, device, items)
    second = result["results"][1]
    assert second["failed"] is True and "crypto_in_place" not in second, second["msg"]
    jobs = planned["asa"]["fw-vti"]
    held = hold(planned["azure"], [dict(r, job=job) for r, job in zip(result["results"], jobs)], planned["asa"],
                by_connection=True)
    assert held["azure"] == {} and len(held["held"]) == 2


def test_an_azure_job_asking_more_than_its_ipsec_policy_is_held_beside_a_failed_end_whose_crypto_is_in_place():
    planned = _intent_plan()
    jobs = planned["asa"]["fw-vti"]
    results = [dict(job=jobs[0], changed=True), dict(job=jobs[1], failed=True, changed=False, device_state_known=True,
                                                     left_over=[], crypto_in_place=True, msg="refused")]
    azure = json.loads(json.dumps(planned["azure"]))
    assert hold(azure, results, planned["asa"], by_connection=True)["held"] == []
    for job in azure["sub"]:
        job["options"]["enable_bgp"] = True
    assert hold(azure, results, planned["asa"], by_connection=True)["azure"] == {}
    for job in azure["sub"]:
        job["options"].pop("enable_bgp")
        job["send_key"] = True
    assert hold(azure, results, planned["asa"], by_connection=True)["azure"] == {}
    results[1]["left_over"] = ["+ crypto ipsec profile AZURE-VTI"]
    assert hold(planned["azure"], results, planned["asa"], by_connection=True)["azure"] == {}
