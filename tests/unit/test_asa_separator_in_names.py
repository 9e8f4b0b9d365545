# -*- coding: utf-8 -*-
"""ASA names holding ``|`` (and the other characters the product joins ids with: ``/``, ``#``, ``:``): the check reads
them as any other name, the push plans the same lines with them, and a name the product would make up from one for
an object-group, which the ASA does not take (Cisco: object names are letters, digits and .!@#$%^&()-_{}), is a
clear refusal before anything is sent (the option) or a note for a person (the report's fix), not a line the ASA
refuses midway."""

import json
import re
import sys
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_absent, plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent

sys.path.insert(0, os.path.dirname(__file__))
from seed_example import seed_arm, seed_asa_text  # noqa: E402  pylint: disable=wrong-import-position

SEED_NAMES = ("CRYPTO-MAP", "uksouth-s2s-acl", "HQ-UKSouth-network", "HQ-network", "UKSouth",
              "AzureGroupPolicy-UKSouth")
SEPARATORS = ("|", "/", "#", ":")
PUSH_INTENT = dict(
    crypto_map="CRYPTO-MAP", seq=2, interface="INTERNET", peer="203.0.113.20", acl="uksouth-s2s-acl",
    ipsec_proposal="UKSouth", esp={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]},
    ike={"encryption": ["AES-CBC-128"], "integrity": ["SHA256"], "prf": ["SHA256"], "dh_groups": [19],
         "lifetime_seconds": 28800},
    pfs_group=19, child_lifetime_seconds=3600)


def spelled(separator):
    """Each seed name -> the same name with ``separator`` in it."""
    return {name: name[:2] + separator + name[2:] for name in SEED_NAMES}


def renamed(text, names):
    for old, new in names.items():
        text = re.sub(r"(?<![\w-])%s(?![\w-])" % re.escape(old), lambda _m, new=new: new, text)
    return text


def back(text, names):
    for old, new in names.items():
        text = text.replace(new, old)
    return text


@pytest.mark.parametrize("separator", SEPARATORS)
def test_the_check_reads_a_name_with_a_separator_as_any_other(separator):
    names = spelled(separator)
    arm = azure_facts_from_data(seed_arm())
    plain = run_check(asa_facts_from_text(seed_asa_text(), host="fw"), arm)
    odd = run_check(asa_facts_from_text(renamed(seed_asa_text(), names), host="fw"), arm)
    assert odd["tunnels"][0]["asa"]["crypto_map"] == names["CRYPTO-MAP"]
    assert json.loads(back(json.dumps(odd, sort_keys=True, default=str), names)) == \
        json.loads(json.dumps(plain, sort_keys=True, default=str))


@pytest.mark.parametrize("separator", SEPARATORS)
def test_the_push_plans_the_same_lines_with_such_names(separator):
    names = spelled(separator)
    odd_intent = dict((key, names.get(value, value) if isinstance(value, str) else value)
                      for key, value in PUSH_INTENT.items())
    text = seed_asa_text()
    for plain, odd in ((plan_present(text, PUSH_INTENT), plan_present(renamed(text, names), odd_intent)),
                       (plan_absent(text, PUSH_INTENT), plan_absent(renamed(text, names), odd_intent))):
        assert odd.commands and [back(c, names) for c in odd.commands] == plain.commands
        assert [back(c, names) for c in odd.rollback] == plain.rollback


NAT = {"inside_interface": "LAN", "local_networks": ["10.0.0.0/8"], "remote_networks": ["172.16.0.0/16"]}


@pytest.mark.parametrize("crypto_map", ["CRYPTO|MAP", "AZ:1", "AZ/1", "AZ*"])
def test_a_nat_exemption_whose_object_group_name_the_asa_refuses_is_refused_first(crypto_map):
    error = option_error(dict(PUSH_INTENT, crypto_map=crypto_map, nat_exemption=NAT))
    assert error and error.startswith("nat_exemption: the object-group name made from crypto_map and seq")
    assert "'VPNALIGN-%s-2-REMOTE'" % crypto_map in error and "does not take in an object name" in error


@pytest.mark.parametrize("crypto_map", ["CRYPTO-MAP", "AZ.1", "AZ_{1}", "AZ#1"])
def test_a_nat_exemption_named_from_a_crypto_map_of_object_name_characters_passes(crypto_map):
    assert option_error(dict(PUSH_INTENT, crypto_map=crypto_map, nat_exemption=NAT)) is None
    assert option_error(dict(PUSH_INTENT, crypto_map="CRYPTO|MAP")) is None  # no group made up: no refusal


def test_the_reports_nat_fix_for_such_a_crypto_map_is_a_note_not_a_refused_group():
    config, _findings = parse_running_config(renamed(seed_asa_text(), {"CRYPTO-MAP": "CRYPTO|MAP"}))
    [end], _findings = asa_tunnel_ends(config, host="gateway")
    lines = asa_remediation(end, [intent("nat_exemption", local=["10.0.0.0/8"], remote=["172.16.0.0/16"])])
    assert lines == ["! VPNALIGN-CRYPTO|MAP-2-LOCAL cannot name an object-group: '|' is no character of an ASA "
                     "object name; add an identity twice NAT rule for the tunnel's networks with object-groups "
                     "named by hand"]
