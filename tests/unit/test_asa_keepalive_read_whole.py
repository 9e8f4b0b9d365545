# -*- coding: utf-8 -*-
"""'isakmp keepalive' lines under a tunnel-group's ipsec-attributes with a word too many or a value missing are named
with their line, not read as the part of them that looks whole."""

from scenario_builders import asa_config

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config


def _invalid(findings, text):
    return [f for f in findings if f.code == "INVALID_VALUE" and text in f.summary]


def _keepalive(line):
    config, findings = parse_running_config(asa_config(keepalive=" " + line))
    return config.tunnel_groups["203.0.113.20"].keepalive, findings


def test_keepalive_retry_without_its_number_is_named():
    keepalive, findings = _keepalive("isakmp keepalive threshold 10 retry")
    assert _invalid(findings, "retry"), [f.summary for f in findings]
    assert keepalive.threshold == 10


def test_keepalive_with_a_word_after_the_retry_is_named():
    keepalive, findings = _keepalive("isakmp keepalive threshold 10 retry 3 5")
    assert _invalid(findings, "'5'"), [f.summary for f in findings]
    assert (keepalive.threshold, keepalive.retry) == (10, 3)


def test_keepalive_with_another_word_than_retry_is_named():
    _keepalive_read, findings = _keepalive("isakmp keepalive threshold 10 retyr 3")
    assert _invalid(findings, "retyr")


def test_keepalive_as_printed_is_read_quietly():
    keepalive, findings = _keepalive("isakmp keepalive threshold 20 retry 4")
    assert not [f for f in findings if f.code == "INVALID_VALUE"]
    assert (keepalive.threshold, keepalive.retry) == (20, 4)
