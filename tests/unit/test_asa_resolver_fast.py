# -*- coding: utf-8 -*-
"""The ASA adapter's resolver reads a network's text and span from the attributes behind them (issue
12, third pass): the same as ``str(network)`` and ``span_of(network)`` on every kind of network; a
group's networks, deduplicated by value, in order, with their infos remembered."""

import ipaddress
import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import ipv4_network
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import Resolver, span_of


def _networks():
    rng = random.Random(5)
    for bits in range(33):
        number = rng.getrandbits(32)
        yield ipv4_network(number, bits)
        yield ipaddress.IPv4Network((number, bits), strict=False)
        yield ipaddress.ip_network("%s/%d" % (ipaddress.IPv4Address(number), bits), strict=False)
    for text in ("0.0.0.0/0", "255.255.255.255/32", "10.0.0.0/8", "::/0", "2001:db8::/32", "::ffff:10.0.0.0/104", "fe80::1/128"):
        yield ipaddress.ip_network(text)


def test_info_of_is_the_text_and_span_of_each_network():
    config, _findings = parse_running_config("hostname x\n")
    resolver = Resolver(config, {})
    for network in _networks():
        text, span, same = resolver.info_of(network)
        assert (text, span, same) == (str(network), span_of(network), network)
        assert resolver.span_of_text[text] == span


def test_group_networks_are_deduplicated_by_value_in_order_with_their_infos():
    config, _findings = parse_running_config(
        "object network A\n subnet 10.1.0.0 255.255.0.0\n"
        "object network B\n range 10.2.0.0 10.2.0.5\n"
        "object-group network INNER\n network-object 10.1.0.0 255.255.0.0\n network-object host 10.3.0.1\n"
        "object-group network G\n network-object object A\n group-object INNER\n network-object object B\n"
        " network-object 2001:db8::/32\n network-object 10.1.0.0 255.255.0.0\n")
    resolver = Resolver(config, {})
    networks = resolver.group("G")
    assert [str(n) for n in networks] == ["10.1.0.0/16", "10.3.0.1/32", "10.2.0.0/30", "10.2.0.4/31", "2001:db8::/32"]
    assert networks[0] is config.objects["A"].networks[0]  # the first network with the value is kept
    assert resolver.infos_of(networks) == [(str(n), span_of(n), n) for n in networks]
    assert resolver.group("G") is networks
