# -*- coding: utf-8 -*-
"""A group-policy's 'vpn-tunnel-protocol' with a word the ASA does not take (a misspelt 'ikve2') is named with its
line, not read as a policy that leaves the tunnel's IKE version out."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config


def _findings(report, code):
    return [f for t in report["tunnels"] for f in t["findings"] if f["code"] == code]


def test_a_misspelt_protocol_is_named_not_judged_as_an_ike_version_mismatch():
    report = report_for(asa_config(tunnel_protocol="ikve2"), azure_resources())
    invalid = [f for f in _findings(report, "INVALID_VALUE") if "'ikve2'" in f["summary"]]
    assert invalid and "Line " in invalid[0]["summary"], report["tunnels"][0]["findings"]
    assert not _findings(report, "IKE_VERSION_MISMATCH")


def test_a_misspelt_protocol_beside_a_known_one_is_named_and_the_line_not_read():
    # the ASA refuses a line with a word it does not take: the policy inherits, as where the line is absent
    config, findings = parse_running_config(asa_config(tunnel_protocol="ikev1 ikve2"))
    assert [f for f in findings if f.code == "INVALID_VALUE" and "'ikve2'" in f.summary]
    assert config.group_policies["AZ-GP"].tunnel_protocols is None


def test_the_asa_9_protocol_words_and_the_pre_8_4_ones_are_read_quietly():
    for words in ("ikev1 ikev2 l2tp-ipsec ssl-client ssl-clientless", "IPSec l2tp-ipsec svc webvpn"):
        config, findings = parse_running_config(asa_config(tunnel_protocol=words))
        assert not [f for f in findings if f.code == "INVALID_VALUE"], words
        assert config.group_policies["AZ-GP"].tunnel_protocols == words.split()
