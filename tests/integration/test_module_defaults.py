# -*- coding: utf-8 -*-
"""module_defaults groups (meta/runtime.yml action_groups): credentials a play sets once for
group/vpnalign.s2s.azure reach every Azure module of the collection (facts, evidence, connection), on the ARM lab. azure_vpn_evidence was
left out of the group: with the credentials given only there it had none and failed."""

from __future__ import annotations

import json
import sys

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


# ---- the roles' credential options (roles/align vars/main.yml align_azure_auth, roles/compliance live_azure.yml) ----
WRONG_SECRET = "Wrong-S3cret+/=41ce~groups"
CONNECTION = "UKSouth-HQ-S2S"
MASKED = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

ROLES_PLAYBOOK = """---
- name: What the align plays before the subscription hosts leave on localhost
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: The run's digest key
      ansible.builtin.include_role: {name: vpnalign.s2s.align, tasks_from: prepare}
    - name: One job for the subscription host, as vpn_align_plan's hold step leaves it (--check - read, not written)
      ansible.builtin.set_fact:
        align_hold: {azure: {sub-a: [{tunnel: lab, send_key: false, options: {name: %(connection)s, resource_group: RG,
                                                                               dpd_timeout_seconds: 40}}]}}

- name: The subscription host reads, changes and gathers evidence with its own credentials
  hosts: azure
  gather_facts: false
  tasks:
    - name: Read
      ansible.builtin.include_role: {name: vpnalign.s2s.align, tasks_from: gather_azure}
    - name: Change
      ansible.builtin.include_role: {name: vpnalign.s2s.align, tasks_from: push_azure}
    - name: Evidence
      ansible.builtin.include_role: {name: vpnalign.s2s.compliance, tasks_from: live_azure}
      vars:
        compliance_evidence_live_connections: [%(connection)s]
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'not_read': align_azure_not_read, 'error': align_azure_error, 'facts': vpnalign_azure | default(none),
                      'pushed': align_pushed, 'evidence': compliance_azure_evidence} | to_json }}"
        dest: "{{ out }}"
        mode: "0600"
      delegate_to: localhost
      check_mode: false
""" % {"connection": CONNECTION}

# The tasks of the roles that run an Azure module, and the module each runs.
ROLE_TASKS = {
    "vpnalign.s2s.align : Gather this subscription's Azure ends": "azure_vpn_facts",
    "vpnalign.s2s.align : Change this subscription's Azure ends": "azure_vpn_connection",
    "vpnalign.s2s.compliance : Read each connection's IKE SAs": "azure_vpn_evidence",
}


def module_args_shown(output):
    """{module: [module_args]} of the role tasks ROLE_TASKS names, as -vvv shows each result (JSON result format)."""
    shown = {module: [] for module in ROLE_TASKS.values()}
    decoder = json.JSONDecoder()
    for chunk in output.split("\nTASK [")[1:]:
        module = next((m for task, m in ROLE_TASKS.items() if chunk.startswith(task)), None)
        start = chunk.find('"module_args": ')
        while module and start >= 0:
            args, _end = decoder.raw_decode(chunk, start + len('"module_args": '))
            shown[module].append(args)
            start = chunk.find('"module_args": ', start + 1)
    return shown


def test_roles_give_their_modules_every_credential_option_of_the_subscription_host(arm, run_playbook, tmp_path,
                                                                                   no_azure_env):
    """The align role's gather_azure and push_azure and the compliance role's live_azure give each of the twelve
    authentication options to their Azure module from the subscription host's variables, before align_azure's
    (here all wrong), and with nothing from the environment the host's credentials are the ones that reach the lab.
    An option the roles stop passing, or align_azure's value winning over the host's, fails this test."""
    home = tmp_path / "home"
    (home / ".azure").mkdir(parents=True)
    # auth_source auto with a profile reads that section (module_utils/azure/auth.py); the other options still apply
    (home / ".azure" / "credentials").write_text(
        "[vpnlab]\nsubscription_id = %s\nclient_id = %s\nsecret = %s\ntenant = %s\n"
        % (arm.subscription, arm.client_id, SECRET, arm.tenant))
    host = {"auth_source": "auto", "profile": "vpnlab", "subscription_id": arm.subscription, "client_id": arm.client_id,
            "secret": SECRET, "tenant": arm.tenant, "cloud_environment": arm.base_url, "adfs_authority_url": arm.authority,
            "cert_validation_mode": "validate", "ca_bundle": arm.ca_file, "disable_instance_discovery": True,
            "azure_retries": 2}
    # align_azure holds the selection and, for every option, a value that would fail the run or show in module_args
    align_azure = {"resource_group": "RG", "connection": CONNECTION, "auth_source": "env", "profile": "other",
                   "subscription_id": "99999999-9999-9999-9999-999999999999", "client_id": "wrong-client",
                   "secret": WRONG_SECRET, "tenant": "wrong.example.com", "cloud_environment": "AzureChinaCloud",
                   "adfs_authority_url": "https://login.example.invalid", "cert_validation_mode": "ignore",
                   "ca_bundle": str(tmp_path / "no-such-ca.pem"), "disable_instance_discovery": False, "retries": 0}
    inventory, playbook, out = tmp_path / "inventory.json", tmp_path / "roles.yml", tmp_path / "out.json"
    inventory.write_text(json.dumps({"azure": {"hosts": {"sub-a": dict(
        host, ansible_connection="local", ansible_python_interpreter=sys.executable)}}}))
    playbook.write_text(ROLES_PLAYBOOK)
    env = dict(no_azure_env, HOME=str(home), ANSIBLE_CALLBACK_RESULT_FORMAT="json")
    proc = run_playbook(str(playbook), {"align_azure": align_azure, "out": str(out)}, env=env,
                        args=["-i", str(inventory), "--check", "-vvv"])
    output = proc.stdout + proc.stderr
    assert SECRET not in output and WRONG_SECRET not in output
    results = json.loads(out.read_text())
    assert (results["not_read"], results["error"]) == (False, ""), results["error"]
    assert [t["name"] for t in results["facts"]["tunnels"]] == [CONNECTION]
    assert [r["changed"] for r in results["pushed"]["results"]] == [True]  # read and compared, nothing written
    assert [bool(r["evidence"]["ike_sas"]["ike_sas"]) for r in results["evidence"]["results"]] == [True]
    assert not [r for r in arm.requests() if r["method"] in ("PUT", "PATCH", "DELETE")]
    subscriptions = {r["path"].split("/")[2] for r in arm.requests() if r["path"].startswith("/subscriptions/")}
    assert subscriptions == {arm.subscription}

    expected = {option: value for option, value in host.items() if option != "azure_retries"}
    expected.update(secret=MASKED, retries=2)
    for module, shown in module_args_shown(output).items():
        assert len(shown) == 1, (module, shown)
        assert {option: shown[0].get(option) for option in expected} == expected, module
