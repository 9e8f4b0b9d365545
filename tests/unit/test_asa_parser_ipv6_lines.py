# -*- coding: utf-8 -*-
"""'ipv6 route' and interface 'ipv6 address' lines are read or reported, never dropped: each tells where a tunnel's
IPv6 local network enters the ASA (nat_ingress: connected networks and static routes decide which NAT rules apply,
Cisco ASA command reference, ``nat``: "(real_ifc,mapped_ifc)"). A line not in the form the Cisco ASA command
reference gives ('ipv6 route <nameif> <prefix>/<length> <gateway> [distance] [tunneled]'; 'ipv6 address {autoconfig |
X/len [standby Y | cluster-pool P] | X/len eui-64 | X link-local [standby Y]}') is an INVALID_VALUE naming it; a
valid form whose networks the text does not state (autoconfig, DHCPv6, a delegated prefix) is an
UNSUPPORTED_CONSTRUCT naming it, a warning where it can decide a verdict."""

import pytest

import policy_based_shapes as shapes
import test_nat_real_interface_review as natrev
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

INSIDE = "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 10.1.0.1 255.255.0.0\n"
OUTSIDE = "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 198.51.100.10 255.255.255.0\n"
MAP_ON_OUTSIDE = "crypto map CM interface outside\n"
LINE = 5  # the line under test follows INSIDE's four lines


def _findings_on(text, number):
    config, findings = parse_running_config(text)
    assert not [f for f in findings if "could not be read" in f.summary], findings
    return config, [f for f in findings if [cl["line"] for cl in f.evidence["asa"]["lines"]][:1] == [number]]


# -- ipv6 route ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("route", [
    "ipv6 route",  # nothing after the command (two words: the driver passed it to no handler)
    "ipv6 route inside",  # no prefix, no gateway
    "ipv6 route inside 2001:db8:1::/64",  # no gateway
    "ipv6 route inside 2001:db8:1:: 2001:db8::2",  # a prefix without its length
    "ipv6 route inside 2001:db8:1::/129 2001:db8::2",  # a length IPv6 has not
    "ipv6 route inside 10.0.0.0/8 2001:db8::2",  # an IPv4 prefix
    "ipv6 route inside 2001:db8:1::/64 gw.example",  # a gateway that is no address
    "ipv6 route inside 2001:db8:1::/64 10.0.0.1",  # an IPv4 gateway
    "ipv6 route inside 2001:db8:1::/64 2001:db8::2 999",  # a distance out of range (1-255)
    "ipv6 route inside 2001:db8:1::/64 2001:db8::2 5 track 3",  # words that are no distance nor 'tunneled'
])
def test_a_malformed_ipv6_route_is_a_finding_naming_its_line(route):
    _config, named = _findings_on(INSIDE + route + "\n", LINE)
    assert [f.code for f in named] == ["INVALID_VALUE"], [f.summary for f in named]
    assert named[0].evidence["asa"]["lines"][0]["text"] == route


def test_an_ipv6_route_to_an_undefined_interface_is_named_like_an_ipv4_one():
    _config, named = _findings_on(INSIDE + "ipv6 route dmz 2001:db8:1::/64 2001:db8::2\n", LINE)
    assert [(f.code, f.evidence["asa"]["name"]) for f in named] == [("UNDEFINED_REFERENCE", "dmz")]


@pytest.mark.parametrize("route, metric", [
    ("ipv6 route inside 2001:db8:1::/64 fe80::2", 1),
    ("ipv6 route inside 2001:db8:1::/64 2001:db8::2 20", 20),
    ("ipv6 route inside ::/0 2001:db8::2 tunneled", 1),
    ("ipv6 route inside ::/0 2001:db8::2 5 tunneled", 5),
])
def test_the_ipv6_route_forms_the_asa_accepts_are_read_without_a_finding(route, metric):
    config, named = _findings_on(INSIDE + route + "\n", LINE)
    assert named == []
    [read] = config.ipv6_routes
    assert (read.interface, str(read.network), read.metric) == ("inside", route.split()[3], metric)


# -- ipv6 address --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("address", [
    "ipv6 address",  # nothing after it
    "ipv6 address 2001:db8:1::1",  # no prefix length
    "ipv6 address 2001:db8:1::1/129",
    "ipv6 address 10.0.0.1/24",  # IPv4
    "ipv6 address fe80::zz link-local",
    "ipv6 address 2001:db8:1::1/64 standby 10.0.0.2",
    "ipv6 address 2001:db8:1::1/64 eui-64 standby",
    "ipv6 address 2001:db8:1::1/64 secondary",
])
def test_a_malformed_ipv6_address_is_a_finding_naming_its_line(address):
    _config, named = _findings_on(INSIDE + " " + address + "\n", LINE)
    assert [f.code for f in named] == ["INVALID_VALUE"], [f.summary for f in named]
    assert named[0].evidence["asa"]["context"] == {"kind": "interface", "name": "inside"}


@pytest.mark.parametrize("address, network", [
    ("ipv6 address 2001:db8:1::1/64", "2001:db8:1::/64"),
    ("ipv6 address 2001:db8:1::/64 eui-64", "2001:db8:1::/64"),
    ("ipv6 address 2001:db8:1::1/64 standby 2001:db8:1::2", "2001:db8:1::/64"),
    ("ipv6 address 2001:db8:1::1/64 cluster-pool POOL6", "2001:db8:1::/64"),
])
def test_the_ipv6_address_forms_that_state_a_network_are_its_connected_network(address, network):
    config, named = _findings_on(INSIDE + " " + address + "\n", LINE)
    assert named == []
    assert [str(n) for n in config.interfaces["GigabitEthernet0/1"].ipv6_networks] == [network]


def test_a_link_local_address_is_no_connected_network_and_no_finding():
    """Never forwarded (RFC 4291 section 2.5.6): neither a tunnel's network nor where one enters."""
    config, named = _findings_on(INSIDE + " ipv6 address fe80::1 link-local standby fe80::2\n", LINE)
    assert named == [] and config.interfaces["GigabitEthernet0/1"].ipv6_networks == []


@pytest.mark.parametrize("address", [
    "ipv6 address autoconfig", "ipv6 address autoconfig default trust dhcp", "ipv6 address dhcp default",
    "ipv6 address PD-PREFIX ::1:0:0:0:1/64",
])
def test_ipv6_networks_learned_at_run_time_are_a_warning_where_a_crypto_map_elsewhere_depends_on_them(address):
    _config, named = _findings_on(INSIDE + " " + address + "\n" + OUTSIDE + MAP_ON_OUTSIDE, LINE)
    assert [(f.code, f.severity) for f in named] == [("UNSUPPORTED_CONSTRUCT", "warning")], named
    assert "IPv6 networks" in named[0].summary and "NAT" in named[0].summary
    assert named[0].evidence["asa"]["lines"][0]["text"] == address


def test_ipv6_networks_learned_on_the_crypto_maps_own_interface_are_info():
    text = OUTSIDE + " ipv6 address autoconfig\n" + MAP_ON_OUTSIDE
    _config, named = _findings_on(text, LINE)
    assert [(f.code, f.severity) for f in named] == [("UNSUPPORTED_CONSTRUCT", "info")], named


@pytest.mark.parametrize("extra", [" management-only\n", " shutdown\n"])
def test_ipv6_networks_learned_where_no_through_traffic_enters_cannot_matter(extra):
    _config, named = _findings_on(INSIDE + " ipv6 address autoconfig\n" + extra + OUTSIDE + MAP_ON_OUTSIDE, LINE)
    assert named == []


# -- what the warning is for -----------------------------------------------------------------------------------------
INSIDE4 = " nameif inside\n security-level 100\n ip address 10.1.0.1 255.255.0.0\n"
SERVERS4 = " nameif servers\n security-level 100\n ip address 10.2.0.1 255.255.0.0\n"
ANY6 = " nat (any,outside) dynamic interface\nobject network obj_any6\n subnet ::/0\n nat (any,outside) dynamic interface ipv6\n"


def test_an_autoconfigured_inside_is_named_where_a_wider_route_takes_its_network_elsewhere():
    """2001:db8:1::/64 sits on inside, which learns its prefix by SLAAC; a /32 route points at servers. The NAT
    check can only see the route, so the tunnel's NAT verdict is judged for servers: the report must say that the
    inside's IPv6 networks are not known, on the line that makes them so."""
    text = natrev.ASA.format(onprem=" network-object 2001:db8:1::/64", nat=natrev.IDENTITY % "inside",
                             routes="ipv6 route servers 2001:db8::/32 2001:db8:2::9")
    text = text.replace(INSIDE4, INSIDE4.replace(" ip address 10.1.0.1 255.255.0.0\n", " ipv6 address autoconfig\n"))
    text = text.replace(SERVERS4, SERVERS4 + " ipv6 address 2001:db8:2::1/64\n")
    text = text.replace("network-object 172.16.0.0 255.255.0.0", "network-object 2001:db8:ff::/48")
    text = text.replace(" nat (any,outside) dynamic interface\n", ANY6)
    number = text.splitlines().index(" ipv6 address autoconfig") + 1
    facts = asa_facts_from_text(text, host="fw")
    run_check(facts, azure_facts_from_data(shapes.arm(lng_prefixes=("2001:db8:1::/64",), vnet=("2001:db8:ff::/48",))))
    named = [f for f in facts["findings"] if [cl["line"] for cl in f["evidence"]["asa"]["lines"]][:1] == [number]]
    assert [(f["code"], f["severity"]) for f in named] == [("UNSUPPORTED_CONSTRUCT", "warning")], facts["findings"]
    assert "inside" in named[0]["summary"] and "servers" not in named[0]["summary"]
