# -*- coding: utf-8 -*-
"""A pre-shared key that is part of a longer name the result prints (an object-group, the hostname, a crypto map,
a gateway's id) is refused before it is sent: Ansible masks a no_log value inside longer words too, so the output
would come back garbled ("object-group network ********2") and the stars would tell part of the key.

The keys here are parts of names, never bound to a secret-like name: the secret scan would take every log that
holds the names for a leak (tests/secrets_registry.py)."""

import json

import pytest

from arm_connection_play import run_connection
from test_asa_tunnel import BASE, NEW_TUNNEL

SECRET = "Inside-Names-Cl1ent"

ASA_BASE = BASE.replace("hostname fw\n", "hostname fw-edge\n")
# the lab tunnel of test_asa_tunnel, without its key (each test gives its own) and child lifetimes
ASA_TUNNEL = {name: value for name, value in NEW_TUNNEL.items()
              if name not in ("pre_shared_key", "child_lifetime_seconds", "child_lifetime_kilobytes")}
# (config, the task's options over ASA_TUNNEL, the key, what the message names)
ASA_CASES = [
    (ASA_BASE + "object-group network AzureVPN12\n network-object 10.1.0.0 255.255.0.0\n", {}, "AzureVPN1",
     "part of a longer word of the running config (line 6, after 'object-group network')"),
    (ASA_BASE.replace("fw-edge", "fw-edgeHubWest7"), {}, "edgeHubWest",
     "part of a longer word of the running config (line 1, after 'hostname')"),
    (ASA_BASE, {"crypto_map": "AZ-TunnelMap44"}, "TunnelMap4", "occurs in the value of crypto_map"),
    (ASA_BASE, {"group_policy": "GP-WestHub-Main"}, "WestHub-", "occurs in the value of group_policy"),
]


@pytest.mark.parametrize("config, options, key, where", ASA_CASES, ids=range(len(ASA_CASES)))
def test_an_asa_key_inside_a_name_is_refused_before_anything_is_sent(
        asa_lab_factory, run_playbook, tmp_path, config, options, key, where):
    lab = asa_lab_factory(config)
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os="vpnalign.s2s.asa")
    out = tmp_path / "result.json"
    args = dict(ASA_TUNNEL, **options)
    args["pre_shared_key"] = key
    playbook = [{"name": "tunnel", "hosts": "asa", "gather_facts": False, "tasks": [
        {"name": "task", "register": "r", "ignore_errors": True, "vpnalign.s2s.asa_vpn_tunnel": args},
        {"name": "save", "delegate_to": "localhost", "check_mode": False,
         "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
    ]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    proc = run_playbook(str(tmp_path / "play.yml"), args=["-i", inventory, "--diff"])
    lab.stop()
    result = json.loads(out.read_text())
    assert result.get("failed") is True and not result.get("changed")
    assert where in result["msg"] and "choose another key (nothing was sent)" in result["msg"], result["msg"]
    assert "*" not in result["msg"], "the message is garbled by the mask: %s" % result["msg"]
    assert not [line for line in lab.command_lines() if "configure" in line or "pre-shared-key" in line]
    assert key not in proc.stdout + proc.stderr + out.read_text()


def test_an_asa_key_that_is_the_key_of_another_tunnel_group_is_still_taken(asa_lab_factory, run_playbook, tmp_path):
    # a longer key on another peer's key line is masked by the ASA (*****): it is no name the result prints
    config = ASA_BASE + "tunnel-group 192.0.2.9 type ipsec-l2l\ntunnel-group 192.0.2.9 ipsec-attributes\n" \
        " ikev2 remote-authentication pre-shared-key Other-Peer-Abc123\n"
    lab = asa_lab_factory(config)
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os="vpnalign.s2s.asa")
    out = tmp_path / "result.json"
    args = dict(ASA_TUNNEL)
    args["pre_shared_key"] = "Other-Peer"
    playbook = [{"name": "tunnel", "hosts": "asa", "gather_facts": False, "tasks": [
        {"name": "task", "register": "r", "vpnalign.s2s.asa_vpn_tunnel": args},
        {"name": "save", "delegate_to": "localhost", "check_mode": False,
         "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
    ]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    proc = run_playbook(str(tmp_path / "play.yml"), args=["-i", inventory, "--check"])
    assert proc.rc == 0, proc.stdout[-2000:]
    result = json.loads(out.read_text())
    assert result["changed"] and any(c.startswith("crypto map AZ 10") for c in result["commands"])


# (the connection's name, the key, what the message names, whether the connection was read): the seed's connection
# UKSouth-HQ-S2S of gateway UKSouth-VNG and local network gateway HQ-LNG in RG
AZURE_CASES = [
    ("UKSouth-HQ-S2S", "South-HQ", "occurs in the value of name", False),
    ("UKSouth-HQ-S2S", "South-VNG", "occurs in the value of connection.properties.virtualNetworkGateway1.id", True),
]


@pytest.mark.parametrize("name, key, where, read", AZURE_CASES, ids=range(len(AZURE_CASES)))
def test_an_azure_key_inside_a_name_is_refused_before_the_connection_is_changed(
        run_playbook, tmp_path, arm, name, key, where, read):
    conn_args = dict(name=name, resource_group="RG")
    conn_args["shared_key"] = key
    result, proc = run_connection(run_playbook, tmp_path, arm, SECRET, conn_args, ignore_errors=True)
    result_file = tmp_path / "result.json"
    assert result["failed"] is True and not result.get("changed")
    assert where in result["msg"] and "choose another key" in result["msg"], result["msg"]
    assert "*" not in result["msg"], "the message is garbled by the mask: %s" % result["msg"]
    assert key not in proc.stdout + proc.stderr + result_file.read_text()
    methods = [r["method"] for r in arm.requests() if "/connections/" in r["path"]]
    assert "PUT" not in methods and bool(methods) is read
