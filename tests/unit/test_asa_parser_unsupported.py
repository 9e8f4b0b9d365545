# -*- coding: utf-8 -*-
"""Constructs the parser recognises but the collection does not model: one UNSUPPORTED_CONSTRUCT
each, naming the line, with a severity that says whether a tunnel check is at stake."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config, parse_running_config

BASE = """\
ASA Version 9.18(3)56
interface GigabitEthernet0/0
 nameif outside
 ip address 198.51.100.10 255.255.255.0
"""
VTI = """\
interface Tunnel1
 nameif azure
 ip address 169.254.21.1 255.255.255.252
 tunnel source interface outside
 tunnel destination 203.0.113.20
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile P
crypto ipsec ikev2 ipsec-proposal PR
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec profile P
 set ikev2 ipsec-proposal PR
"""


def unsupported(findings):
    return [f for f in findings if f.code == "UNSUPPORTED_CONSTRUCT"]


def summary_of(finding):
    evidence = finding.evidence["asa"]
    return finding.severity, [l["line"] for l in evidence["lines"]], evidence["context"]


def line_number(text, needle):
    return next(n for n, l in enumerate(text.splitlines(), 1) if needle in l)


def test_a_crypto_map_entry_using_a_dynamic_map_is_named_on_the_facts_path():
    text = BASE + (
        "crypto dynamic-map DYN 10 set ikev2 ipsec-proposal PR\n"
        "crypto map OUT 65535 ipsec-isakmp dynamic DYN\ncrypto map OUT interface outside\n"
        "crypto ipsec ikev2 ipsec-proposal PR\n protocol esp encryption aes-256\n"
    )
    _config, findings = parse_asa_config(text)
    [finding] = unsupported(findings)
    # a warning: the ASA has no other tunnel, so nothing of it is checked (next to static ones it is information:
    # test_dynamic_map_next_to_azure.py)
    assert summary_of(finding) == ("warning", [6], {"kind": "crypto-map", "name": "OUT", "seq": 65535})
    assert "dynamic map DYN" in finding.summary and "paired with no Azure end" in finding.summary
    assert finding.remediation["asa"][0].startswith("! Check the tunnels that use crypto dynamic-map DYN")
    # the record-level parser keeps the entry as a record (its callers pin that contract)
    assert unsupported(parse_running_config(text)[1]) == []


def test_a_peer_given_by_dns_name_is_unsupported_not_invalid():
    text = BASE + "crypto map OUT 10 set peer vpn.example.net\ncrypto map OUT 20 set peer 51.a.b.c\n"
    config, findings = parse_running_config(text)
    assert [(f.code, f.evidence["asa"]["lines"][0]["line"]) for f in findings] == [
        ("UNSUPPORTED_CONSTRUCT", 5), ("INVALID_VALUE", 6)]
    assert config.crypto_maps["OUT"].entries[10].peer_addresses == [None]
    assert "vpn.example.net" in findings[0].summary


@pytest.mark.parametrize(
    "extra, needle, severity",
    [
        ("interface Tunnel9\n nameif v6\n tunnel mode ipsec ipv6\n", "tunnel mode ipsec ipv6", "warning"),
        ("interface Tunnel9\n nameif t9\n tunnel destination azure.example.net\n", "tunnel destination", "warning"),
        ("interface Tunnel9\n nameif t9\n tunnel key 5\n", "tunnel key", "warning"),
        ("crypto ipsec profile Q\n set ikev2 local-identity address\n", "set ikev2 local-identity", "info"),
        # what the Child SA negotiates: a warning, not a note (review s39 D4); tunnel mode is Azure's own
        ("crypto ipsec profile Q\n set ikev2 mode transport\n", "set ikev2 mode", "warning"),
        ("crypto ipsec profile Q\n set ikev2 mode tunnel\n", "set ikev2 mode", "info"),
        ("router bgp 65010\n address-family ipv4 unicast\n  redistribute static\n", "redistribute", "warning"),
        ("router bgp 65010\n address-family ipv4 unicast\n  aggregate-address 10.0.0.0 255.0.0.0\n",
         "aggregate-address", "warning"),
        ("router bgp 65010\n address-family ipv6 unicast\n  neighbor 2001:db8::1 activate\n exit-address-family\n",
         "address-family ipv6", "info"),
        ("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 local-as 65001\n", "local-as", "warning"),
        ("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 distribute-list 5 out\n",
         "distribute-list", "warning"),
        ("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 default-originate\n",
         "default-originate", "info"),
        ("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 password 0 k3y\n", "password", "warning"),
    ],
)
def test_each_construct_gives_one_finding_naming_its_line(extra, needle, severity):
    text = BASE + extra
    _config, findings = parse_running_config(text)
    [finding] = unsupported(findings)
    evidence = finding.evidence["asa"]
    assert finding.severity == severity and finding.phase == "config"
    assert evidence["lines"][0]["line"] == line_number(text, needle)
    assert evidence["construct"] and evidence["why"] and finding.remediation["asa"]
    assert "Line %d" % evidence["lines"][0]["line"] in finding.summary


def test_harmless_neighbor_options_give_no_finding():
    text = BASE + (
        "router bgp 65010\n bgp log-neighbor-changes\n address-family ipv4 unicast\n"
        "  neighbor 10.0.0.1 remote-as 65515\n  neighbor 10.0.0.1 description azure\n"
        "  neighbor 10.0.0.1 transport path-mtu-discovery disable\n  neighbor 10.0.0.1 activate\n"
        "  no auto-summary\n  no synchronization\n exit-address-family\n"
    )
    assert parse_running_config(text)[1] == []


def test_other_routing_protocols_are_a_warning_only_when_a_vti_could_depend_on_them():
    ospf = "router ospf 1\n network 10.0.0.0 255.0.0.0 area 0\nrouter eigrp 10\n network 10.0.0.0 255.0.0.0\n"
    _config, findings = parse_running_config(BASE + ospf)
    assert [(f.severity, f.evidence["asa"]["context"]["name"]) for f in unsupported(findings)] == [
        ("info", "ospf 1"), ("info", "eigrp 10")]
    _config, findings = parse_running_config(BASE + VTI + ospf)
    assert [f.severity for f in unsupported(findings)] == ["warning", "warning"]


def test_ipv6_routes_into_a_tunnel_make_one_bounded_finding():
    routes = "".join("ipv6 route azure 2001:db8:%x::/48 fe80::1\n" % n for n in range(200))
    routes += "ipv6 route outside ::/0 2001:db8::1\n"
    _config, findings = parse_running_config(BASE + VTI + routes)
    [finding] = unsupported(findings)
    evidence = finding.evidence["asa"]
    assert evidence["count"] == 200 and len(evidence["lines"]) == 10
    assert evidence["context"] == {"kind": "interface", "name": "azure"}
    assert "200 lines from line" in finding.summary


def test_a_bgp_route_map_matching_on_an_acl_is_named_once_per_entry():
    text = BASE + (
        "access-list RM-ACL standard permit 10.0.0.0 255.0.0.0\n"
        "route-map OUT permit 10\n match ip address RM-ACL\n match interface inside\n"
        "route-map UNUSED permit 10\n match ip address RM-ACL\n"
        "router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 route-map OUT out\n"
    )
    _config, findings = parse_running_config(text)
    [finding] = unsupported(findings)
    assert finding.evidence["asa"]["context"] == {"kind": "route-map", "name": "OUT"}
    assert finding.evidence["asa"]["count"] == 2 and finding.evidence["asa"]["seq"] == 10


def test_acl_lines_never_give_one_finding_each():
    acl = "".join("access-list BIG extended permit ip host 10.0.%d.%d any\n" % divmod(n, 250) for n in range(2000))
    _config, findings = parse_running_config(BASE + acl)
    assert findings == []


def test_crypto_map_settings_not_modelled_are_one_note_per_map_or_one_warning_per_entry():
    entries = "".join(
        "crypto map OUT %d set peer 203.0.113.%d\ncrypto map OUT %d set reverse-route\n" % (n, n, n) for n in range(1, 301)
    )
    text = BASE + entries + "crypto map OUT 7 set ikev1 phase1-mode aggressive\ncrypto map OUT 9 set ikev1 phase1-mode aggressive\n"
    _config, findings = parse_running_config(text)
    notes = [f for f in unsupported(findings) if f.severity == "info"]
    warnings = [f for f in unsupported(findings) if f.severity == "warning"]
    [note] = notes
    assert note.evidence["asa"]["context"] == {"kind": "crypto-map", "name": "OUT"}
    assert note.evidence["asa"]["count"] == 300 and len(note.evidence["asa"]["lines"]) == 10
    assert [f.evidence["asa"]["context"]["seq"] for f in warnings] == [7, 9]
    assert "main mode" in warnings[0].summary


def test_a_manual_key_crypto_map_entry_is_named():
    _config, findings = parse_running_config(BASE + "crypto map OUT 5 ipsec-manual\n")
    [finding] = unsupported(findings)
    assert finding.severity == "warning" and finding.evidence["asa"]["lines"][0]["line"] == 5


def test_aggressive_mode_is_a_warning_in_the_pre_8_4_spelling_too_and_main_mode_says_nothing():
    # review 2026-12-04: 'set phase1-mode aggressive' (pre-8.4) was a note "not read"
    text = BASE + ("crypto map OUT 3 set peer 203.0.113.3\ncrypto map OUT 3 set phase1-mode aggressive\n"
                   "crypto map OUT 4 set peer 203.0.113.4\ncrypto map OUT 4 set ikev1 phase1-mode main\n")
    _config, findings = parse_running_config(text)
    [warning] = unsupported(findings)
    assert warning.severity == "warning" and "main mode" in warning.summary
    assert warning.evidence["asa"]["context"]["seq"] == 3


def test_no_crypto_map_set_names_the_whole_construct_and_no_default_turned_off():
    # review A (2026-12): it was "no crypto map EDGE-MAP ... a default turned off", cut before the entry and setting,
    # though removing 'set reverse-route' restores the default
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
    _config, findings = parse_running_config("crypto map EDGE-MAP 7 set peer 192.0.2.90\n"
                                             "no crypto map EDGE-MAP 7 set reverse-route\n")
    [finding] = [f for f in findings if f.code == "UNSUPPORTED_CONSTRUCT"]
    assert finding.severity == "info"
    assert "'no crypto map EDGE-MAP 7 set reverse-route'" in finding.summary
    assert "default turned off" not in finding.summary and "default" in finding.summary
    assert finding.evidence["asa"]["lines"][0]["line"] == 2
