# -*- coding: utf-8 -*-
"""azure_vpn_facts on an export given as ``resources``: every sharedKey went to Ansible's no_log_values, and Ansible
masks such a value wherever it occurs in the result. A key of a few letters ("RG") turned the resource group into
VALUE_SPECIFIED_IN_NO_LOG_PARAMETER and every id into /resourceGroups/********/, which broke pairing and told the key by
where the stars fell (review 2026-12-06, hostile input D2). Keys too short to mask everywhere are now taken out of the
option once read; longer ones are masked as before."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.modules import azure_vpn_facts

from seed_example import seed_arm
from module_main import run_main


def _run(monkeypatch, capsys, resources):
    args = {"resources": resources, "psk_hash_key": "k" * 32}
    return run_main(monkeypatch, capsys, azure_vpn_facts, args)


def _with_key(key):
    data = seed_arm()
    [connection] = [r for r in data if r["type"].endswith("/connections")]
    connection["properties"]["sharedKey"] = key
    return data


@pytest.mark.parametrize("key", ["RG", "Seed7", "LongerKey-Zx81"], ids=["2", "5", "14"])
def test_a_key_in_the_resources_option_is_in_no_output_and_garbles_nothing(monkeypatch, capsys, key):
    result, out = _run(monkeypatch, capsys, _with_key(key))
    assert not result.get("failed"), result
    [tunnel] = result["ansible_facts"]["vpnalign_azure"]["tunnels"]
    assert tunnel["ref"]["resource_group"] == "RG"
    # (psk_hash_key, a no_log option, is echoed as VALUE_SPECIFIED_IN_NO_LOG_PARAMETER: that is Ansible's own)
    assert '"resource_group": "VALUE_SPECIFIED' not in out and "/resourceGroups/********" not in out
    assert "/resourceGroups/RG/" in out
    echoed = json.dumps(result["invocation"]["module_args"]["resources"])
    assert '"sharedKey": "%s"' % key not in echoed and '"sharedKey": "' in echoed
    if len(key) >= 8:
        assert key not in out
    # the digest is still made from the key: two runs with one psk_hash_key agree
    again, _out = _run(monkeypatch, capsys, _with_key(key))
    assert again["ansible_facts"]["vpnalign_azure"]["tunnels"][0]["auth"] == tunnel["auth"]
