# -*- coding: utf-8 -*-
"""A policy that breaks Azure's GCM pairing rule (a GCMAES ipsecEncryption needs the same ipsecIntegrity: DOC_REQUIREMENTS)
gets the pairing the peer takes. The fix was always drawn one way (the integrity made the GCM cipher's, or the cipher
made the GCM integrity's) and, when that one did not suit the peer, taken off (review s45 B): an ASA on AES-CBC-256 with
SHA-256 next to "GCMAES256 + SHA256" got no fix at all, though AES256 + SHA256 is a valid policy it negotiates (review
s47 B). Every fix shown keeps the rule, and is applied to the model and checked against the peer."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

CBC_SHA256 = dict(esp_enc="aes-256", esp_integ="sha-256")


def _policy_finding(asa_changes, policy_changes):
    report = report_for(asa_config(**asa_changes), azure_resources(policy_changes=policy_changes))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "AZURE_POLICY_INVALID"]
    return finding


def _written(finding):
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert (policy["ipsecEncryption"] in tables.GCM_VALUES or policy["ipsecIntegrity"] in tables.GCM_VALUES) == (
        policy["ipsecEncryption"] == policy["ipsecIntegrity"]), policy  # the pairing rule holds
    return policy


@pytest.mark.parametrize("asa_changes,policy_changes,expected", [
    # the peer is on CBC with SHA-256: the GCM cipher goes, SHA256 stays
    (CBC_SHA256, dict(ipsecEncryption="GCMAES256", ipsecIntegrity="SHA256"), ("AES256", "SHA256")),
    # the peer is on CBC with SHA-256: the CBC cipher stays, the integrity becomes SHA256
    (CBC_SHA256, dict(ipsecEncryption="AES256", ipsecIntegrity="GCMAES256"), ("AES256", "SHA256")),
    # the peer is on AES-GCM-256: the cipher takes the integrity's GCMAES256
    ({}, dict(ipsecEncryption="GCMAES128", ipsecIntegrity="GCMAES256"), ("GCMAES256", "GCMAES256")),
    # unchanged: the first pairing suits the peer
    ({}, dict(ipsecEncryption="GCMAES256", ipsecIntegrity="SHA256"), ("GCMAES256", "GCMAES256")),
])
def test_the_pairing_the_peer_takes_is_shown(asa_changes, policy_changes, expected):
    finding = _policy_finding(asa_changes, policy_changes)
    policy = _written(finding)
    assert (policy["ipsecEncryption"], policy["ipsecIntegrity"]) == expected
    az = finding["remediation"]["azure"]["az"][0]
    assert '"ipsecEncryption":"%s","ipsecIntegrity":"%s"' % expected in az
    # no "not shown" reason left behind: the proof says the fix was checked
    assert finding["proof"]["azure"]["proven"] is True and "not shown" not in json.dumps(finding["proof"])


def test_no_pairing_the_peer_takes_still_shows_none():
    # an ASA on AES-CBC-128 with SHA-1 takes neither GCMAES256 nor AES256 + SHA256: no fix, the reason says why
    finding = _policy_finding(dict(esp_enc="aes", esp_integ="sha-1"),
                              dict(ipsecEncryption="GCMAES256", ipsecIntegrity="SHA256"))
    assert "azure" not in finding["remediation"]
    assert finding["proof"]["azure"]["proven"] is False
    assert "CHILD_NO_COMMON_PROPOSAL" in finding["proof"]["azure"]["reason"]
