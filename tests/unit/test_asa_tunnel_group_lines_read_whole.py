# -*- coding: utf-8 -*-
"""A tunnel-group's ipsec-attributes lines with a word too many or their value missing (two lines pasted onto one,
or a line cut short in a ticket) are named with their line, not read as a part of themselves."""

from scenario_builders import asa_config

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config

PEER = "203.0.113.20"


def _with_ikev1_auth(line):
    return parse_running_config(asa_config(auth=line))


def _invalid(findings, text):
    return [f for f in findings if f.code == "INVALID_VALUE" and text in f.summary]


def test_an_ikev1_trust_point_with_two_names_is_named_and_the_first_read():
    # 'ikev1 trust-point' takes one trustpoint name (Cisco ASA command reference, "ikev1 trust-point")
    config, findings = _with_ikev1_auth("ikev1 trust-point BRANCH-CA HQ-CA")
    [finding] = _invalid(findings, "'HQ-CA'")
    assert "Line " in finding.summary
    assert config.tunnel_groups[PEER].ikev1_trustpoint == "BRANCH-CA"


def test_an_ikev1_trust_point_without_a_name_is_named_and_sets_none():
    config, findings = _with_ikev1_auth("ikev1 trust-point")
    assert _invalid(findings, "ikev1 trust-point"), [f.summary for f in findings]
    assert config.tunnel_groups[PEER].ikev1_trustpoint is None


def test_an_ikev1_trust_point_with_one_name_is_read_quietly():
    config, findings = _with_ikev1_auth("ikev1 trust-point BRANCH-CA")
    assert not [f for f in findings if f.code == "INVALID_VALUE"]
    assert config.tunnel_groups[PEER].ikev1_trustpoint == "BRANCH-CA"
