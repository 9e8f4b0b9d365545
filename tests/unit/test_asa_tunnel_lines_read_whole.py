# -*- coding: utf-8 -*-
"""Tunnel interface lines ('tunnel destination', 'tunnel source interface', 'tunnel protection') with a word too many
or a value missing are named with their line, not read as the part of them that looks whole."""

from scenario_builders import vti_config

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config


def _invalid(findings, text):
    return [f for f in findings if f.code == "INVALID_VALUE" and text in f.summary]


def _vti(old, new):
    text = vti_config()
    assert old in text
    return parse_running_config(text.replace(old, new, 1))


def test_a_tunnel_destination_with_two_addresses_is_named():
    # 'tunnel destination' takes one address or name (Cisco ASA command reference, "tunnel destination")
    config, findings = _vti(" tunnel destination 203.0.113.20\n", " tunnel destination 203.0.113.20 203.0.113.21\n")
    assert _invalid(findings, "203.0.113.21"), [f.summary for f in findings]
    assert config.interfaces["Tunnel1"].tunnel.destination_address == "203.0.113.20"


def test_a_tunnel_source_with_a_word_after_the_interface_is_named():
    _config, findings = _vti(" tunnel source interface INTERNET\n", " tunnel source interface INTERNET LAN\n")
    assert _invalid(findings, "LAN"), [f.summary for f in findings]


def test_a_tunnel_source_without_the_interface_name_is_named():
    _config, findings = _vti(" tunnel source interface INTERNET\n", " tunnel source interface\n")
    assert _invalid(findings, "tunnel source interface")


def test_a_tunnel_protection_with_two_profiles_is_named():
    _config, findings = _vti(" tunnel protection ipsec profile AZ-PROFILE\n",
                             " tunnel protection ipsec profile AZ-PROFILE OTHER\n")
    assert _invalid(findings, "OTHER"), [f.summary for f in findings]
