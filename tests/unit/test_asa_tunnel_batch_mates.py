# -*- coding: utf-8 -*-
"""asa_vpn_tunnel `tunnels`: the two VTIs of an active-active Azure gateway on one ipsec profile ask the same of it
(``profile_mates``), so the profile changes once, for both. When the first end's push fails and is undone (here the
connection drops midway and the undo runs on a new login), its mate must not push the same change alone: the ASA
would then hold the new profile for both tunnels while align holds the Azure connection (its ASA end failed) and
both tunnels of the connection lose their common proposal (review s45 D). Run over the ASA lab's CLI in-process."""

import os
import re
import sys

from ansible.module_utils.connection import ConnectionError as ModuleConnectionError

from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_tunnel

from module_main import run_main

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
from asa_ssh.asa_cli import CliSession, Device  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh.lab import lab_config  # noqa: E402  pylint: disable=wrong-import-position

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
