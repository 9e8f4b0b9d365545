# -*- coding: utf-8 -*-
"""A secret option too short to be masked, and an option with sub-options given as no mapping, are refused by name
before anything else runs, in words a user can read (review 2026-12-05: a one-letter psk_hash_key turned the whole
message into "a********a_vpn_fact********: p********k_ha********h_key i********", because Ansible masks a no_log
value wherever it occurs; `ike: AES256` got ansible-core's "dictionary requested, could not parse JSON or key=value")."""

import json

import pytest

SEED_ASA = "examples/seed-asa-azure-pfs/asa_running_config.txt"
SEED_AZURE = "examples/seed-asa-azure-pfs/azure_resources.json"
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
AZURE = {"name": "UKSouth-HQ-S2S", "resource_group": "RG", "subscription_id": SUBSCRIPTION}

CASES = {
    "asa_vpn_facts one-letter digest key": (
        "vpnalign.s2s.asa_vpn_facts", {"src": SEED_ASA, "psk_hash_key": "s"},
        "asa_vpn_facts: psk_hash_key is 1 character long; give a random string of at least 16"),
    "azure_vpn_facts short digest key": (
        "vpnalign.s2s.azure_vpn_facts", {"src": SEED_AZURE, "psk_hash_key": "ive"},
        "azure_vpn_facts: psk_hash_key is 3 characters long; give a random string of at least 16"),
    "asa_vpn_tunnel one-letter key": (
        "vpnalign.s2s.asa_vpn_tunnel", {"name": "x", "peer": "203.0.113.9", "pre_shared_key": "s"},
        "asa_vpn_tunnel: pre_shared_key is 1 character long; give a random string of at least 8; nothing was sent"),
    "asa_vpn_tunnel short key in an item": (
        "vpnalign.s2s.asa_vpn_tunnel", {"tunnels": [{"name": "a", "peer": "203.0.113.9"},
                                                    {"name": "b", "peer": "203.0.113.10", "pre_shared_key": "on"}]},
        "asa_vpn_tunnel: tunnels[1].pre_shared_key is 2 characters long; give a random string of at least 8; nothing was sent"),
    "azure_vpn_connection one-letter key": (
        "vpnalign.s2s.azure_vpn_connection", dict(AZURE, shared_key="o"),
        "azure_vpn_connection: shared_key is 1 character long; give a random string of at least 8; nothing was sent"),
    "azure_vpn_connection ike as a word": (
        "vpnalign.s2s.azure_vpn_connection", dict(AZURE, ike="AES256"),
        "azure_vpn_connection: ike must be a mapping of its options; nothing was sent"),
    "azure_vpn_connection selectors as a word": (
        "vpnalign.s2s.azure_vpn_connection", dict(AZURE, traffic_selector_policies="10.0.0.0/16"),
        "azure_vpn_connection: traffic_selector_policies must be a list of mappings; nothing was sent"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_by_name_in_readable_words(run_playbook, tmp_path, case):
    module, args, says = CASES[case]
    result_file = tmp_path / "result.json"
    playbook = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"name": "The task", module: args, "register": "r", "ignore_errors": True},
        {"name": "Save", "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(result_file)}},
    ]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    proc = run_playbook(str(tmp_path / "play.yml"))
    result = json.loads(result_file.read_text())
    assert result["failed"] and result["msg"] == says, result["msg"]
    assert says.split(";")[0] in proc.stdout, proc.stdout  # the console says it as readably
