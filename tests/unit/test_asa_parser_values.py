# -*- coding: utf-8 -*-
"""The parser's fast IPv4 path reads exactly what ipaddress reads (issue 12: it replaced ipaddress's
own parsing for most addresses); what it refuses still gets ipaddress's answer and finding."""

import ipaddress
import itertools
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import NETMASK_BITS, ipv4_int, ipv4_range_networks

ODD_ADDRESSES = [
    "1.2.3.4", "0.0.0.0", "255.255.255.255", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.5", "256.1.1.1",
    "1.2.3.4 ", " 1.2.3.4", "1.2.3.0x4", "0x1.2.3.4", "1.2.3.-4", "+1.2.3.4", "1.2.3.4\x00", "\u0661.2.3.4",
    "1.2.3.\udcff", "1..3.4", "1.2.3.", ".1.2.3", "4294967295", "1.2.3.4/32", "::1", "::ffff:1.2.3.4",
    "1.2.3.4%eth0", "", "1.2.3.4\n", "1.2.3.2555", "1.2.3.000",
]


@pytest.mark.parametrize("token", ODD_ADDRESSES)
def test_fast_ipv4_reads_what_ipaddress_reads(token):
    try:
        expected = int(ipaddress.IPv4Address(token))
    except ValueError:
        expected = None
    assert ipv4_int(token) == expected


def test_netmask_table_holds_the_33_netmasks_as_ipaddress_reads_them():
    assert len(NETMASK_BITS) == 33
    for text, bits in NETMASK_BITS.items():
        assert ipaddress.ip_network("10.0.0.0/%s" % text, strict=False).prefixlen == bits


def test_objects_and_operands_read_by_the_fast_path_equal_ipaddress_networks():
    config, findings = parse_running_config(
        "object network S\n subnet 10.1.2.3 255.255.255.0\n"
        "object network H\n host 10.1.2.5\n"
        "object network W\n subnet 10.1.2.0 0.0.0.255\n"
        "object network B\n subnet 10.1.2.0 255.0.255.0\n"
        "object-group network G\n network-object 10.9.0.0 255.255.0.0\n network-object host 10.9.1.1\n"
        "access-list A extended permit ip 10.1.0.0 255.255.0.0 host 10.2.0.1\n"
    )
    assert config.objects["S"].networks == [ipaddress.ip_network("10.1.2.0/24")]
    assert config.objects["H"].networks == [ipaddress.ip_network("10.1.2.5/32")]
    # a hostmask is read as ipaddress reads it; a mask with holes is still a finding
    assert config.objects["W"].networks == [ipaddress.ip_network("10.1.2.0/24")]
    assert config.objects["B"].networks is None
    assert [f.code for f in findings] == ["INVALID_VALUE"] and "255.0.255.0" in findings[0].summary
    members = config.object_groups["G"].members
    assert [m.network for m in members] == [ipaddress.ip_network("10.9.0.0/16"), ipaddress.ip_network("10.9.1.1/32")]
    ace = config.access_lists["A"].entries[0]
    assert (ace.source.network, ace.destination.network) == (
        ipaddress.ip_network("10.1.0.0/16"), ipaddress.ip_network("10.2.0.1/32"))
    assert [str(n) for n in ace.destination.network.hosts()] == ["10.2.0.1"]


def test_ipv4_ranges_cut_into_the_blocks_ipaddress_makes():
    rng = random.Random(12)
    edges = [0, 1, 2, 255, 256, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1]
    pairs = [(a, b) for a in edges for b in edges if a <= b]
    for _round in range(500):
        first = rng.randrange(2 ** 32)
        pairs.append((first, min(2 ** 32 - 1, first + rng.randrange(1 << rng.randint(0, 20)))))
    for first, last in pairs:
        expected = list(ipaddress.summarize_address_range(ipaddress.IPv4Address(first), ipaddress.IPv4Address(last)))
        assert ipv4_range_networks(first, last) == expected, (first, last)


def test_networks_made_from_integers_are_the_networks_ipaddress_makes():
    """values.ipv4_network / ipv4_address skip ipaddress's constructors (issue 12, third pass)."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import values
    assert values.FAST_IPV4  # this Python takes the fast path
    rng = random.Random(3)
    numbers = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF] + [rng.getrandbits(32) for _number in range(40)]
    for bits in range(33):
        for number in numbers:
            built, made = ipaddress.IPv4Network((number, bits), strict=False), values.ipv4_network(number, bits)
            assert made.__class__ is ipaddress.IPv4Network  # the exact class
            assert made == built and hash(made) == hash(built) and str(made) == str(built) and repr(made) == repr(built)
            assert (made.network_address, made.netmask, made.prefixlen, made.broadcast_address, made.hostmask) == (
                built.network_address, built.netmask, built.prefixlen, built.broadcast_address, built.hostmask)
            assert made.num_addresses == built.num_addresses and (made < built) is False and made.compare_networks(built) == 0
            assert list(itertools.islice(made.hosts(), 4)) == list(itertools.islice(built.hosts(), 4))
            assert made.overlaps(built) and made.subnet_of(built) and built.supernet_of(made)
            if bits < 32:
                assert list(itertools.islice(made.subnets(), 2)) == list(itertools.islice(built.subnets(), 2))
            address = values.ipv4_address(number)
            assert address.__class__ is ipaddress.IPv4Address and address == ipaddress.IPv4Address(number)
            assert hash(address) == hash(ipaddress.IPv4Address(number)) and str(address) == str(ipaddress.IPv4Address(number))
            assert address.is_private == ipaddress.IPv4Address(number).is_private
    assert ipaddress.collapse_addresses([values.ipv4_network(10 << 24, 9), values.ipv4_network((10 << 24) | (1 << 23), 9)]) \
        .__next__() == ipaddress.ip_network("10.0.0.0/8")


@pytest.mark.parametrize("token", ODD_ADDRESSES + ["%d.%d.%d.%d" % (a, b, c, d) for a, b, c, d in (
    (0, 0, 0, 1), (10, 0, 0, 0), (100, 64, 255, 9), (255, 0, 10, 200))])
def test_text_the_fast_path_reads_is_the_text_ipaddress_writes(token):
    """The crypto map peer is kept as written when ipv4_int reads it (issue 12): only canonical text is read."""
    if ipv4_int(token) is not None:
        assert str(ipaddress.IPv4Address(token)) == token
        config, _findings = parse_running_config("crypto map M 1 set peer %s\n" % token)
        assert config.crypto_maps["M"].entries[1].peer_addresses == [token]


def test_host_operands_read_as_before_for_aliases_ipv6_and_bad_addresses():
    config, findings = parse_running_config(
        "name 10.7.7.7 SERVER\n"
        "object network A\n host SERVER\nobject network B\n host 2001:db8::1\nobject network C\n host 10.1.1.256\n"
        "object-group network G\n network-object host SERVER\n network-object host 2001:db8::2\n network-object host x.y\n"
        "access-list L extended permit ip host SERVER host 2001:db8::3\n"
        "access-list L extended permit ip host 01.2.3.4 any\n")
    assert config.objects["A"].networks == [ipaddress.ip_network("10.7.7.7/32")]
    assert config.objects["B"].networks == [ipaddress.ip_network("2001:db8::1/128")]
    assert config.objects["C"].networks is None
    assert [m.network for m in config.object_groups["G"].members] == [
        ipaddress.ip_network("10.7.7.7/32"), ipaddress.ip_network("2001:db8::2/128"), None]
    first, second = config.access_lists["L"].entries
    assert (first.source.kind, first.source.network, first.destination.network) == (
        "network", ipaddress.ip_network("10.7.7.7/32"), ipaddress.ip_network("2001:db8::3/128"))
    assert (second.source.kind, second.source.value) == ("invalid", "01.2.3.4")
    assert sorted(f.evidence["asa"]["value"] for f in findings) == ["01.2.3.4", "10.1.1.256", "x.y"]
