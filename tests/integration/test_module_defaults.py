# -*- coding: utf-8 -*-
"""module_defaults groups (meta/runtime.yml action_groups): credentials a play sets once for
group/vpnalign.s2s.azure reach every Azure module of the collection (facts, evidence, connection), on the ARM lab. azure_vpn_evidence was
left out of the group: with the credentials given only there it had none and failed."""

from __future__ import annotations

import json

SECRET = "Lab-S3cret+/=9dfl~groups"

PLAYBOOK = """---
- hosts: localhost
  connection: local
  gather_facts: false
  module_defaults:
    group/vpnalign.s2s.azure: "{{ credentials }}"
  tasks:
    - name: Facts, credentials from the group
      vpnalign.s2s.azure_vpn_facts: {resource_group: RG, connection: UKSouth-HQ-S2S}
      register: facts
      ignore_errors: true
    - name: Evidence, credentials from the group
      vpnalign.s2s.azure_vpn_evidence: {resource_group: RG, connection: UKSouth-HQ-S2S}
      register: evidence
      ignore_errors: true
    - name: Connection, credentials from the group (check mode, so read and nothing written)
      vpnalign.s2s.azure_vpn_connection: {resource_group: RG, name: UKSouth-HQ-S2S, dpd_timeout_seconds: 40}
      check_mode: true
      register: connection
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'facts': facts, 'evidence': evidence, 'connection': connection} | to_json }}"
        dest: "{{ out }}"
"""


def test_group_credentials_reach_every_azure_module(arm, run_playbook, tmp_path, no_azure_env):
    env = dict(no_azure_env)  # nothing from the environment: the group's values only
    env["HOME"] = str(tmp_path)  # no ~/.azure/credentials either
    credentials = {"subscription_id": arm.subscription, "client_id": arm.client_id, "secret": SECRET, "tenant": arm.tenant,
                   "cloud_environment": arm.base_url, "adfs_authority_url": arm.authority, "ca_bundle": arm.ca_file}
    playbook, out = tmp_path / "groups.yml", tmp_path / "out.json"
    playbook.write_text(PLAYBOOK)
    proc = run_playbook(str(playbook), {"credentials": credentials, "out": str(out)}, env=env)
    results = json.loads(out.read_text())
    for module in ("facts", "evidence", "connection"):
        assert not results[module].get("failed"), (module, results[module].get("msg"))
    assert results["facts"]["ansible_facts"]["vpnalign_azure"]["tunnels"]
    assert results["evidence"]["evidence"]["ike_sas"]["ike_sas"]
    posts = [r["path"] for r in arm.requests() if r["method"] == "POST" and r["path"].startswith("/subscriptions/")]
    assert len(posts) == 1 and posts[0].lower().endswith("/getikesas")
    assert results["connection"]["changed"] is True  # what it would change, read with the group's credentials
    assert not [r for r in arm.requests() if r["method"] in ("PUT", "PATCH", "DELETE")]
    assert SECRET not in out.read_text() + proc.stdout + proc.stderr
