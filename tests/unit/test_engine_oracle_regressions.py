# -*- coding: utf-8 -*-
"""Engine fixes found by the strongSwan oracle (tests/oracle): each test names the
oracle scenario where two real charons disagreed with the engine."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    ChildSaProposal,
    IkeProposal,
    PeerAuth,
    TrafficSelector,
    TunnelEnd,
)


def _end(vendor, local, peer, selector, narrows=True):
    return TunnelEnd(
        vendor=vendor,
        name=vendor,
        local_address=local,
        peer_address=peer,
        ike_proposals=[IkeProposal("i", ("AES-CBC-128",), ("SHA256",), ("SHA256",), (19,))],
        child_proposals=[ChildSaProposal("e", ("AES-GCM-128",), ())],
        traffic_selectors=[selector],
        narrows_selectors=narrows,
        auth=PeerAuth(method="psk", psk_digest="k"),
    )


def _selector_findings(a, b):
    return [f for f in check_tunnel(a, b) if f.code == "TRAFFIC_SELECTOR_MISMATCH"]


def test_narrowing_responder_narrows_an_any_protocol_offer_to_its_protocol():
    # oracle ts-13 / ts-14: A offers 10/8 <-> 172.16/16 any protocol, B has the same
    # pair for TCP only and narrows. strongSwan installs the TCP-only Child SA.
    a = _end("A", "192.0.2.1", "192.0.2.2", TrafficSelector("10.0.0.0/8", "172.16.0.0/16"))
    b = _end("B", "192.0.2.2", "192.0.2.1", TrafficSelector("172.16.0.0/16", "10.0.0.0/8", protocol=6))
    found = _selector_findings(a, b)
    assert len(found) == 1
    assert found[0].severity == "warning"
    problems = found[0].evidence["A"]["problems"]
    assert [(p["initiator"], p["verdict"]) for p in problems] == [("A", "narrowed")]


def test_non_narrowing_responder_still_refuses_an_any_protocol_offer():
    a = _end("A", "192.0.2.1", "192.0.2.2", TrafficSelector("10.0.0.0/8", "172.16.0.0/16"))
    b = _end("B", "192.0.2.2", "192.0.2.1", TrafficSelector("172.16.0.0/16", "10.0.0.0/8", protocol=6), narrows=False)
    found = _selector_findings(a, b)
    assert found and found[0].severity == "error"
    assert ("A", "refused") in [(p["initiator"], p["verdict"]) for p in found[0].evidence["A"]["problems"]]


def test_a_different_specific_protocol_is_refused_even_by_a_narrowing_responder():
    # oracle ts-15: TCP offered, UDP configured: TS_UNACCEPTABLE.
    a = _end("A", "192.0.2.1", "192.0.2.2", TrafficSelector("10.0.0.0/8", "172.16.0.0/16", protocol=6))
    b = _end("B", "192.0.2.2", "192.0.2.1", TrafficSelector("172.16.0.0/16", "10.0.0.0/8", protocol=17))
    found = _selector_findings(a, b)
    assert found and found[0].severity == "error"
