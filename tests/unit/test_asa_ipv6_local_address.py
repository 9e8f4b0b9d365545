# -*- coding: utf-8 -*-
"""The local address of a tunnel to an IPv6 peer on an interface with several IPv6 addresses: the one RFC 6724
section 5 has a node send from (rule 2, scope; rule 6, label; rule 8, longest matching prefix), or unknown with a
finding naming the lines that leave it open (a tie, an eui-64 winner, an address learned by autoconfig or DHCPv6).
Before, any second address left it unknown, and a lone link-local one was taken as the address a global peer sees."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from scenario_builders import asa_config

V4_LINE = " ip address 198.51.100.10 255.255.255.248"
PEER = "2001:db8:20::20"


def _site(v6_lines, peer=PEER):
    text = asa_config(peer=peer, local_net="2001:db8:a::/48", remote_net="2001:db8:b::/48")
    return text.replace(V4_LINE, V4_LINE + "\n" + "\n".join(v6_lines) +
                        "\n ipv6 enable\n!\nipv6 route INTERNET ::/0 2001:db8:100::1")


def _end(text):
    facts = asa_facts_from_text(text)
    assert len(facts["tunnels"]) == 1, facts["tunnels"]
    return facts, facts["tunnels"][0]


def _named(facts, code):
    return [f for f in facts["findings"] if f["code"] == code and "IPv6 address" in f["summary"] + str(f["remediation"])]


def _numbers(text, lines):
    rows = text.splitlines()
    return sorted(rows.index(line) + 1 for line in lines)


def _line_numbers(finding):
    return sorted(line["line"] for line in finding["evidence"]["asa"]["lines"])


@pytest.mark.parametrize("lines,expected", [
    # rule 8: the address sharing the longer prefix with the peer, whichever line comes first
    ((" ipv6 address 2001:db8:100::10/64", " ipv6 address 2001:db8:20::10/64"), "2001:db8:20::10"),
    ((" ipv6 address 2001:db8:20::10/64", " ipv6 address 2001:db8:100::10/64"), "2001:db8:20::10"),
    # rule 8 counts up to the source's prefix length: the /48 shares 48 bits, the /64's 64-bit match counts fully
    ((" ipv6 address 2001:db8:20:5::10/48", " ipv6 address 2001:db8:20::10/64"), "2001:db8:20::10"),
    # rule 2: a link-local address written as a prefix is never the source for a global peer
    ((" ipv6 address fe80::10/64", " ipv6 address 2001:db8:100::10/64"), "2001:db8:100::10"),
    # the link-local form and the automatic one ('ipv6 enable') are not candidates either
    ((" ipv6 address fe80::1 link-local", " ipv6 address 2001:db8:100::10/64"), "2001:db8:100::10"),
    # rule 6: a 6to4 address (label 2) loses to one of the peer's label (1) though it shares a longer prefix
    ((" ipv6 address 2002:db8:20::10/64", " ipv6 address 3000::10/64"), "3000::10"),
    # rule 6: a unique local address (label 13) loses to a global one for a global peer
    ((" ipv6 address fd00:db8:20::10/64", " ipv6 address 2001:db8:100::10/64"), "2001:db8:100::10"),
    # an eui-64 address that loses does not matter
    ((" ipv6 address 2001:db8:100::/64 eui-64", " ipv6 address 2001:db8:20::10/64"), "2001:db8:20::10"),
    # an address written twice (also in another spelling) is one address
    ((" ipv6 address 2001:db8:100::10/64", " ipv6 address 2001:DB8:100:0::10/64"), "2001:db8:100::10"),
], ids=range(9))
def test_the_source_address_rfc_6724_picks_is_the_local_address(lines, expected):
    facts, end = _end(_site(lines))
    assert end["local_address"] == expected and "local_address" not in end.get("unknowns", ())
    assert not _named(facts, "UNSUPPORTED_CONSTRUCT") and not _named(facts, "PEER_ADDRESS_MISMATCH")


def test_two_addresses_matching_the_peer_equally_leave_it_unknown_naming_both():
    lines = (" ipv6 address 2001:db8:100::10/64", " ipv6 address 2001:db8:101::10/64", " ipv6 address fe80::10/64")
    text = _site(lines)
    facts, end = _end(text)
    assert end["local_address"] is None and "local_address" in end["unknowns"]
    [named] = _named(facts, "UNSUPPORTED_CONSTRUCT")
    assert named["severity"] == "warning" and end["name"] in named["scope"]
    assert _line_numbers(named) == _numbers(text, lines[:2])  # the tied ones, not the link-local loser
    assert "RFC 6724" in named["summary"] and "gatewayIpAddress" in named["summary"]


def test_an_eui_64_address_that_wins_leaves_it_unknown_naming_its_line():
    lines = (" ipv6 address 2001:db8:100::10/64", " ipv6 address 2001:db8:20::/64 eui-64")
    text = _site(lines)
    facts, end = _end(text)
    assert end["local_address"] is None and "local_address" in end["unknowns"]
    [named] = _named(facts, "UNSUPPORTED_CONSTRUCT")
    assert _line_numbers(named) == _numbers(text, lines[1:]) and "MAC address" in named["summary"]


@pytest.mark.parametrize("learned", [" ipv6 address autoconfig", " ipv6 address dhcp",
                                     " ipv6 address PREFIX-A ::10/64"], ids=range(3))
def test_an_address_learned_at_run_time_leaves_it_unknown_naming_that_line(learned):
    """A written address sharing the peer's /64 does not decide it: a learned /64 may be the same prefix."""
    lines = (" ipv6 address 2001:db8:20::10/64", learned)
    text = _site(lines)
    facts, end = _end(text)
    assert end["local_address"] is None and "local_address" in end["unknowns"]
    [named] = [f for f in _named(facts, "UNSUPPORTED_CONSTRUCT") if end["name"] in f["scope"]]
    assert _line_numbers(named) == _numbers(text, lines[1:])


def test_only_link_local_addresses_give_a_global_peer_no_address():
    text = _site((" ipv6 address fe80::10/64",))
    facts, end = _end(text)
    assert end["local_address"] is None and "local_address" in end["unknowns"]
    [named] = _named(facts, "PEER_ADDRESS_MISMATCH")
    assert named["severity"] == "error" and "link-local" in named["summary"] and end["name"] in named["scope"]
    assert _numbers(text, [" ipv6 address fe80::10/64"])[0] in _line_numbers(named)


def test_a_peer_written_in_capitals_or_with_zeros_is_compared_as_an_address():
    lines = (" ipv6 address 2001:db8:100::10/64", " ipv6 address 2001:db8:20::10/64")
    _facts, end = _end(_site(lines, peer="2001:DB8:20:0::20"))
    assert end["peer_address"] == PEER and end["local_address"] == "2001:db8:20::10"
