# -*- coding: utf-8 -*-
"""Prefix texts read by the engine, and the traffic-selector verdicts that rest on them (issue 12:
IPv4 prefixes are read without ipaddress, and a mirrored offer is answered from its text)."""

import ipaddress
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import PrefixIndex, _parse, parse, plain_v4_address
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.selectors import ResponderSelectors, scan_verdict
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TrafficSelector

from test_engine import asa_end, azure_end

TEXTS = ["10.0.0.1/24", "10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "192.0.2.7", "10.0.0.1/024",
         "1.2.3.4/255.255.255.0", "2001:db8::1/64", "::/0", "010.0.0.1/24", "10.0.0.0/33", "256.1.1.1/8",
         " 10.0.0.0/8", "10.0.0.0/ 8", "10.0.0.0/+8", "10.0.0.0/", "10.0.0/8", "10.0.0.0.0/8", "10..0.0/8",
         "10.0.0.0/8/8", "", "/8", "\u0661.2.3.4/8", "10.0.0.0/8\n", "not a prefix"]


def _by_ipaddress(text):
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return "refused"
    return (net.version, int(net.network_address), int(net.broadcast_address), net.prefixlen)


@pytest.mark.parametrize("text", TEXTS)
def test_a_prefix_reads_as_ipaddress_reads_it(text):
    try:
        got = tuple(_parse(text))
    except ValueError as exc:
        assert "is not an IP prefix" in str(exc)
        got = "refused"
    assert got == _by_ipaddress(text)


@pytest.mark.parametrize("text", ["192.0.2.7", "0.0.0.0", "192.0.2.7/32", "2001:db8::1", "192.0.2.07", "x"])
def test_a_plain_address_is_its_integer_or_left_to_ipaddress(text):
    expected = int(ipaddress.ip_address(text)) if text.count(".") == 3 and "/" not in text and "07" not in text else None
    assert plain_v4_address(text) == expected


def test_an_index_answers_inside_for_prefixes_added_after_a_question():
    index = PrefixIndex([(parse("10.1.0.0/16"), "a")])
    assert [v for _k, v in index.inside(parse("10.0.0.0/8"))] == [["a"]]
    index.add(parse("10.2.3.0/24"), "b")
    index.add(parse("10.1.0.0/16"), "c")
    assert [v for _k, v in index.inside(parse("10.0.0.0/8"))] == [["a", "c"], ["b"]]
    assert [v for _k, v in index.overlapping(parse("10.2.0.0/16"))] == [["b"]]


def _selectors(pairs):
    return [TrafficSelector(local=local, remote=remote) for local, remote in pairs]


def test_an_offer_with_host_bits_is_accepted_like_its_network():
    asa = asa_end(traffic_selectors=_selectors([("10.0.0.5/8", "172.16.0.9/16")]))
    azure = azure_end(traffic_selectors=_selectors([("172.16.0.0/16", "10.0.0.0/8")]))
    assert [f.code for f in check_tunnel(asa, azure) if f.code == "TRAFFIC_SELECTOR_MISMATCH"] == []


def test_a_missing_mirror_is_still_found_among_many_matching_ones():
    pairs = [("10.%d.0.0/16" % i, "172.16.%d.0/24" % i) for i in range(40)]
    asa = asa_end(traffic_selectors=_selectors(pairs))
    azure = azure_end(traffic_selectors=_selectors([(r, l) for l, r in pairs[:-1]]))
    finding = [f for f in check_tunnel(asa, azure) if f.code == "TRAFFIC_SELECTOR_MISMATCH"][0]
    assert [(p["local"], p["remote"], p["verdict"]) for p in finding.evidence["asa"]["problems"]] == [
        ("10.39.0.0/16", "172.16.39.0/24", "refused")]


def test_a_selector_that_is_no_prefix_is_refused_even_when_both_ends_write_it_alike():
    asa = asa_end(traffic_selectors=_selectors([("10.0.0.0/8", "172.16.0.0/33")]))
    azure = azure_end(traffic_selectors=_selectors([("172.16.0.0/33", "10.0.0.0/8")]))
    with pytest.raises(ValueError, match="172.16.0.0/33"):
        check_tunnel(asa, azure)


def test_a_few_offers_are_judged_by_scanning_as_the_index_judges_them():
    rng = random.Random(12)
    prefixes = ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.2.0.0/16", "172.16.0.0/12",
                "172.16.5.0/24", "192.168.0.0/16", "192.168.1.1/32", "0.0.0.0/0", "2001:db8::/32", "2001:db8:1::/48"]
    for _round in range(300):
        own = [TrafficSelector(rng.choice(prefixes), rng.choice(prefixes), rng.choice((0, 0, 6, 17)))
               for _i in range(rng.randint(1, 6))]
        resp = azure_end(traffic_selectors=own, narrows_selectors=rng.random() < 0.5)
        index = ResponderSelectors(resp)
        for _offer in range(6):
            offered = TrafficSelector(rng.choice(prefixes), rng.choice(prefixes), rng.choice((0, 6, 17)))
            assert scan_verdict(resp, offered) == index.verdict(offered), (own, offered, resp.narrows_selectors)
