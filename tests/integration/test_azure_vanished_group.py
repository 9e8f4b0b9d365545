# -*- coding: utf-8 -*-
"""A resource group that goes between the subscription's resource list and its own list (deleted meanwhile): the
connections of the other groups are read and the run says which group went and which connections it held (one such
group failed the whole subscription-wide read, review s41)."""

import json
import os

import pytest

from arm_https.lab import start_arm_lab  # noqa: E402  (tests/lab is on sys.path: tests/integration/conftest.py)

SEED = "examples/seed-asa-azure-pfs/azure_resources.json"
SECRET = "Lab-S3cret+/=9f3c~v2"
CONNECTION = "UKSouth-HQ-S2S"
GROUPS = 3

PLAYBOOK = """---
- name: Gather every connection of the subscription
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Gather, and keep the result even when the task fails
      block:
        - name: Gather from Azure
          vpnalign.s2s.azure_vpn_facts: {}
          register: gathered
      always:
        - name: Save the result for the test
          ansible.builtin.copy:
            content: "{{ gathered | to_json }}"
            dest: "{{ result_file }}"
            mode: "0600"
"""


def _groups(seed):
    """The seed's resources copied into RG0..RG2, connection S2S-<n> in RG<n> (each its own peer and prefix)."""
    out = []
    for number in range(GROUPS):
        text = json.dumps(seed).replace("/resourceGroups/RG/", "/resourceGroups/RG%d/" % number)
        moved = json.loads(text.replace(CONNECTION, "S2S-%d" % number))
        for resource in moved:
            if resource["type"].endswith("/localNetworkGateways"):
                resource["properties"]["gatewayIpAddress"] = "198.51.100.%d" % (20 + number)
        out += moved
    return out


@pytest.fixture
def gather_subscription(run_playbook, tmp_path, repo_root, no_azure_env):
    with open(os.path.join(repo_root, SEED), encoding="utf-8") as handle:
        resources = _groups(json.load(handle))
    playbook = tmp_path / "gather.yml"
    playbook.write_text(PLAYBOOK)

    def run(faults, fails=False):
        result_file = tmp_path / "result.json"
        with start_arm_lab(resources, client_secret=SECRET, faults=faults) as lab:
            env = dict(no_azure_env, HOME=str(tmp_path), AZURE_SUBSCRIPTION_ID=lab.subscription,
                       AZURE_CLIENT_ID=lab.client_id, AZURE_SECRET=SECRET, AZURE_TENANT=lab.tenant,
                       AZURE_CLOUD_ENVIRONMENT=lab.base_url, AZURE_AUTHORITY_HOST=lab.authority,
                       REQUESTS_CA_BUNDLE=lab.ca_file)
            proc = run_playbook(str(playbook), {"result_file": str(result_file)}, env=env, check=not fails)
            deleted = [r for r in lab.requests() if r.get("fault") == "group_deleted"]
        assert SECRET not in proc.stdout + proc.stderr and "Traceback" not in proc.stdout + proc.stderr, proc
        return json.loads(result_file.read_text()), proc, deleted

    return run


def test_a_group_deleted_after_the_resource_list_leaves_the_other_groups_read_and_is_named(gather_subscription):
    gathered, proc, deleted = gather_subscription(
        {"group_deleted": {"path_regex": "/resourceGroups/RG1/providers/Microsoft.Network/connections$"}})
    assert deleted, "the lab fault did not fire"
    assert not gathered.get("failed"), gathered.get("msg")
    names = sorted(t["name"] for t in gathered["ansible_facts"]["vpnalign_azure"]["tunnels"])
    assert names == ["S2S-0", "S2S-2"]
    [said] = [w for w in gathered.get("warnings") or [] if "RG1" in w]
    assert "ResourceGroupNotFound" in said and "S2S-1" in said and "not read" in said, said
    assert "[WARNING]" in proc.stdout + proc.stderr


def test_when_every_listed_group_is_gone_the_read_fails_naming_it(gather_subscription):
    gathered, _proc, deleted = gather_subscription(
        {"group_deleted": {"path_regex": "/resourceGroups/RG[0-9]/providers/Microsoft.Network/connections$",
                           "times": GROUPS}}, fails=True)
    assert len(deleted) == GROUPS
    assert gathered["failed"] and "ResourceGroupNotFound" in gathered["msg"], gathered.get("msg")
