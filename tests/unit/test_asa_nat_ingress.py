# -*- coding: utf-8 -*-
"""asa/nat_ingress.py, split out of nat_index.py: the interface tunnel traffic from a local network enters the ASA by
(longest prefix among connected networks, 'route' and 'ipv6 route'; a default route tells nothing), and the
interfaces through traffic can enter by (not management-only, not shut down: Cisco ASA general configuration guide,
"Management Interface"). NatIndex answers with it."""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_index import NatIndex
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_ingress import Ingress, cut_blocks
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import span_of

CONFIG = """interface G0
 nameif outside
 ip address 198.51.100.1 255.255.255.0
interface G1
 nameif inside
 ip address 10.1.0.1 255.255.0.0
 ipv6 address 2001:db8:1::1/64
interface G2
 nameif dmz
 shutdown
 ip address 10.2.0.1 255.255.0.0
interface M0
 management-only
 nameif management
 ip address 192.168.255.1 255.255.255.0
route outside 0.0.0.0 0.0.0.0 198.51.100.254
route inside 10.50.0.0 255.255.0.0 10.1.0.254
route dmz 10.50.128.0 255.255.128.0 10.2.0.254
ipv6 route inside 2001:db8:50::/48 2001:db8:1::254
"""


def _span(text):
    return span_of(ipaddress.ip_network(text))


def _ingress(ingress, text):
    return [(str(ipaddress.ip_network((part[1], part[3]))), nameif) for part, nameif in ingress.ingress(_span(text))]


def test_the_longest_prefix_tells_the_interface_and_splits_a_network():
    config, _findings = parse_running_config(CONFIG)
    ingress = Ingress(config)
    assert _ingress(ingress, "10.1.5.0/24") == [("10.1.5.0/24", "inside")]  # connected
    assert _ingress(ingress, "10.50.1.0/24") == [("10.50.1.0/24", "inside")]  # static route
    assert _ingress(ingress, "10.50.0.0/16") == [("10.50.0.0/17", "inside"), ("10.50.128.0/17", "dmz")]
    assert _ingress(ingress, "10.0.0.0/8") == [  # parts no route reaches: None (the default route tells nothing)
        ("10.0.0.0/16", None), ("10.1.0.0/16", "inside"), ("10.2.0.0/16", "dmz"), ("10.3.0.0/16", None),
        ("10.4.0.0/14", None), ("10.8.0.0/13", None), ("10.16.0.0/12", None), ("10.32.0.0/12", None),
        ("10.48.0.0/15", None), ("10.50.0.0/17", "inside"), ("10.50.128.0/17", "dmz"), ("10.51.0.0/16", None),
        ("10.52.0.0/14", None), ("10.56.0.0/13", None), ("10.64.0.0/10", None), ("10.128.0.0/9", None)]
    assert _ingress(ingress, "172.16.0.0/12") == [("172.16.0.0/12", None)]
    assert _ingress(ingress, "2001:db8:50:1::/64") == [("2001:db8:50:1::/64", "inside")]  # ipv6 route
    assert _ingress(ingress, "2001:db8:1::/64") == [("2001:db8:1::/64", "inside")]  # ipv6 address
    assert ingress.entry_nameifs() == ["inside", "outside"]  # not dmz (shut down) nor management


def test_nat_index_answers_with_the_ingress_of_its_config():
    config, _findings = parse_running_config(CONFIG)
    index = AdapterContext(config, "h").nat_index
    assert isinstance(index, NatIndex)
    alone = Ingress(config)
    for text in ("10.1.5.0/24", "10.50.0.0/16", "10.0.0.0/8", "2001:db8:50:1::/64", "192.168.0.0/16"):
        assert index.ingress(_span(text)) == alone.ingress(_span(text)), text
    assert index.entry_nameifs() == alone.entry_nameifs()


def test_cut_blocks_is_what_ipaddress_collapses():
    for first, last in ((0, 0), (5, 200), (10, 10), (1, 2 ** 32 - 2), (2 ** 31 - 3, 2 ** 31 + 7)):
        blocks = cut_blocks(((4, first, last),))
        wanted = ipaddress.collapse_addresses(ipaddress.summarize_address_range(
            ipaddress.IPv4Address(first), ipaddress.IPv4Address(last)))
        assert [(4, b[1], b[2], b[3]) for b in blocks] == [span_of(n) for n in wanted], (first, last)
