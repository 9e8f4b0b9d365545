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


# ---------------------------------------------------------------------------
# Route-based tunnels with BGP (oracle families rb-*, bgp-*: FRR's bgpd in both
# namespaces, peering over a kernel-libipsec tunnel).  Each test states what bgpd did
# where the engine once disagreed.  A strict xfail marks a disagreement still open (the
# scenario carries the same reason as `known` in tests/oracle/scenarios_routes.py): when
# the engine is fixed both turn into failures, and both go.
# ---------------------------------------------------------------------------
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, PrefixRule  # noqa: E402


def _vti_end(vendor, local, peer, tunnel, routed, bgp):
    e = _end(vendor, local, peer, TrafficSelector("0.0.0.0/0", "0.0.0.0/0"))
    e.route_based, e.any_to_any = True, True
    e.local_networks = ["10.0.0.0/8"] if vendor == "A" else ["172.16.0.0/16"]
    e.remote_networks = ["172.16.0.0/16"] if vendor == "A" else ["10.0.0.0/8"]
    e.tunnel_address, e.routed_networks, e.bgp = tunnel, routed, bgp
    return e


def _codes(a, b, prefix="BGP_"):
    return sorted({(f.code, f.severity) for f in check_tunnel(a, b) if f.code.startswith(prefix)})


def test_multihop_missing_on_one_end_only_does_not_stop_the_session():
    # oracle bgp-09: A (VTI 169.254.21.1/30, no ebgp-multihop) peers with B's address
    # 172.16.255.254 inside B's network through a /32 route; B allows multihop 2.  bgpd on
    # A does not open the connection itself (neighbor not on a connected subnet), but B
    # does, A accepts it (FRR: accepts_unconnected_peer), and A's TTL-1 packets reach B: the
    # tunnel is a single hop.  Both bgpds report Established in both runs (what A then does
    # with B's routes: the next test).
    a = _vti_end("A", "192.0.2.1", "192.0.2.2", "169.254.21.1/30", ["172.16.255.254/32"],
                 Bgp(asn=65010, peer_asn=65515, local_addresses=("169.254.21.1",), peer_address="172.16.255.254",
                     multihop=1, advertised=["10.0.0.0/8"], accepts_unconnected_peer=True))
    b = _vti_end("B", "192.0.2.2", "192.0.2.1", None, ["169.254.21.1/32"],
                 Bgp(asn=65515, peer_asn=65010, local_addresses=("172.16.255.254",), peer_address="169.254.21.1",
                     multihop=2, advertised=["172.16.0.0/16"]))
    # The session forms: its own finding is no error (the routes are the next test's).
    assert ("BGP_MULTIHOP_MISSING", "warning") in _codes(a, b)
    assert [c for c in _codes(a, b) if c[1] == "error" and c[0] != "BGP_ROUTES_NOT_EXCHANGED"] == []


def test_an_import_filter_that_refuses_one_of_the_advertised_prefixes_is_reported():
    # oracle bgp-13: A advertises 10.1.0.0/16 and 10.2.0.0/24; B's import prefix-list
    # permits 10.0.0.0/8 ge 16 le 16 only.  bgpd on B accepts 10.1.0.0/16 and drops
    # 10.2.0.0/24, so B has no route to 10.2.0.0/24: "what one end advertises ... is not
    # accepted" (findings.CATALOG), and the finding should name 10.2.0.0/24.
    a = _vti_end("A", "192.0.2.1", "192.0.2.2", "169.254.21.1/30", [],
                 Bgp(asn=65010, peer_asn=65515, local_addresses=("169.254.21.1",), peer_address="169.254.21.2",
                     advertised=["10.1.0.0/16", "10.2.0.0/24"]))
    b = _vti_end("B", "192.0.2.2", "192.0.2.1", "169.254.21.2/30", [],
                 Bgp(asn=65515, peer_asn=65010, local_addresses=("169.254.21.2",), peer_address="169.254.21.1",
                     advertised=["172.16.0.0/16"],
                     import_filter=[PrefixRule("permit", "10.0.0.0/8", ge=16, le=16)]))
    found = [f for f in check_tunnel(a, b) if f.code == "BGP_ROUTES_NOT_EXCHANGED"]
    assert found
    assert "10.2.0.0/24" in found[0].summary


def _bgp09():
    a = _vti_end("A", "192.0.2.1", "192.0.2.2", "169.254.21.1/30", ["172.16.255.254/32"],
                 Bgp(asn=65010, peer_asn=65515, local_addresses=("169.254.21.1",), peer_address="172.16.255.254",
                     multihop=1, advertised=["10.0.0.0/8"], accepts_unconnected_peer=True))
    b = _vti_end("B", "192.0.2.2", "192.0.2.1", None, ["169.254.21.1/32"],
                 Bgp(asn=65515, peer_asn=65010, local_addresses=("172.16.255.254",), peer_address="169.254.21.1",
                     multihop=2, advertised=["172.16.0.0/16"], accepts_unconnected_peer=True))
    return a, b


def test_multihop_missing_on_one_end_leaves_the_routes_it_learns_unusable():
    # oracle bgp-09, after the session is up: bgpd on A lists B's 172.16.0.0/16 with next
    # hop 172.16.255.254 but not as valid (a single-hop eBGP neighbor's next hop must be on a
    # connected subnet), so zebra installs no route, and pings between 10.0.0.1 and
    # 172.16.0.1 are lost in both runs.  B uses A's 10.0.0.0/8 (next hop 169.254.21.1 is
    # on A's tunnel subnet, B allows multihop).  Traffic loses its route: an error saying A
    # does not use 172.16.0.0/16.
    a, b = _bgp09()
    lost = [f for f in check_tunnel(a, b) if f.code == "BGP_ROUTES_NOT_EXCHANGED" and f.severity == "error"]
    assert lost
    assert "172.16.0.0/16" in lost[0].summary


def test_a_failed_session_is_a_warning_when_static_routes_carry_the_traffic():
    # oracle bgp-21: A expects AS 65020, B is 65515: both bgpds refuse the OPEN (Bad Peer AS)
    # and the session never forms.  Both ends also route each other's networks into the
    # tunnel (A 172.16.0.0/16, B 10.0.0.0/8), and pings between 10.0.0.1 and 172.16.0.1
    # pass in both runs.  engine/bgp.py: "a session that fails while static routes still
    # carry the traffic is a warning" (as BGP_NOT_CONFIGURED already does).
    a = _vti_end("A", "192.0.2.1", "192.0.2.2", "169.254.21.1/30", ["172.16.0.0/16"],
                 Bgp(asn=65010, peer_asn=65020, local_addresses=("169.254.21.1",), peer_address="169.254.21.2",
                     advertised=["10.0.0.0/8"], accepts_unconnected_peer=True))
    b = _vti_end("B", "192.0.2.2", "192.0.2.1", "169.254.21.2/30", ["10.0.0.0/8"],
                 Bgp(asn=65515, peer_asn=65010, local_addresses=("169.254.21.2",), peer_address="169.254.21.1",
                     advertised=["172.16.0.0/16"], accepts_unconnected_peer=True))
    assert _codes(a, b) == [("BGP_ASN_MISMATCH", "warning")]
