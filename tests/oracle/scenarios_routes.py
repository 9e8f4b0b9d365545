# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Route-based and BGP scenarios (issue 9).

Route-based ends offer 0.0.0.0/0 <-> 0.0.0.0/0 and route their peer's networks
into the tunnel (routes.py); the families vary PFS, proposals and lifetimes
against an aligned route-based pair (rb-*), put a route-based end against a
policy-based one (rb-mixed), drop routes (rb-route), and run BGP over the tunnel
with FRR (bgp-*): Azure-style APIPA peering (169.254.21.1 <-> 169.254.21.2 on
the tunnel subnet) and Azure's default peering address inside the VNet (B's
172.16.255.254, reached through a /32 route and eBGP multihop), with one fault
each.

Values: ASA-like end A AS 65010, Azure-like end B AS 65515 (Azure's default ASN,
https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-bgp-overview, "Can I
use the same ASN..."; APIPA range 169.254.21.0-169.254.22.255 from the same
page, "Azure APIPA BGP IP address").
"""

import itertools

from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, PrefixRule
from ansible_collections.vpnalign.s2s.tests.oracle.scenarios import (
    LEFT,
    RIGHT,
    Scenario,
    _name,
    end,
    esp,
    ike,
    ts,
)

ANY = "0.0.0.0/0"
ASN_A, ASN_B = 65010, 65515
APIPA_A, APIPA_B = "169.254.21.1", "169.254.21.2"
AZURE_BGP = "172.16.255.254"  # B's default peering address, inside B's network


def rb_end(side, routed=None, tunnel=None, **kw):
    """A route-based end: any-to-any selectors, its peer's network routed into the tunnel."""
    local, remote = (LEFT, RIGHT) if side == "A" else (RIGHT, LEFT)
    e = end(side, selectors=[ts(ANY, ANY)], **kw)
    e.route_based = True
    e.any_to_any = True
    e.local_networks, e.remote_networks = [local], [remote]
    e.routed_networks = [remote] if routed is None else list(routed)
    e.tunnel_address = tunnel
    return e


def policy_end(side, **kw):
    """A policy-based end whose selectors are its networks (traffic goes by strongSwan's routes)."""
    e = end(side, **kw)
    local, remote = (LEFT, RIGHT) if side == "A" else (RIGHT, LEFT)
    e.local_networks, e.remote_networks = [local], [remote]
    return e


def _rb(sid, family, title, a, b, **kw):
    return Scenario(sid, family, title, a, b, check_traffic=True, **kw)


def route_based_scenarios():
    out = []
    out.append(_rb("rb-01", "rb", "route-based both, aligned, networks routed both ways", rb_end("A"), rb_end("B")))
    out.append(_rb("rb-02", "rb", "route-based both with tunnel addresses 169.254.21.1/30 <-> .2/30",
                   rb_end("A", tunnel=APIPA_A + "/30"), rb_end("B", tunnel=APIPA_B + "/30")))
    for n, (x, y) in enumerate(itertools.combinations_with_replacement([0, 14, 19], 2), 1):
        out.append(_rb("rb-pfs-%02d" % n, "rb-pfs", "route-based, PFS %s vs %s" % (_name(x), _name(y)),
                       rb_end("A", esp_props=[esp(pfs=x)]), rb_end("B", esp_props=[esp(pfs=y)])))
    out.append(_rb("rb-pfs-07", "rb-pfs", "route-based, PFS optional on A [19, none] vs none on B",
                   rb_end("A", esp_props=[esp(pfs=(19, 0))]), rb_end("B", esp_props=[esp(pfs=0)])))
    proposals = [
        ("IKE encryption AES-CBC-256 vs AES-CBC-128", {"ike_props": [ike("AES-CBC-256")]}, {}),
        ("IKE group 14 vs 19", {"ike_props": [ike(dh=14)]}, {}),
        ("IKE lists A [aes256/sha384/20, aes128/sha256/19] vs B [aes128/sha256/19]",
         {"ike_props": [ike("AES-CBC-256", "SHA384", "SHA384", 20), ike()]}, {}),
        ("ESP AES-CBC-256/SHA256 vs AES-GCM-128", {"esp_props": [esp("AES-CBC-256")]}, {}),
        ("ESP lists A [gcm256, aes256/sha256] vs B [aes256/sha256]",
         {"esp_props": [esp("AES-GCM-256"), esp("AES-CBC-256")]}, {"esp_props": [esp("AES-CBC-256")]}),
        ("ESP AES-GCM-256 both, PFS 20 both", {"esp_props": [esp("AES-GCM-256", pfs=20)]},
         {"esp_props": [esp("AES-GCM-256", pfs=20)]}),
        ("Azure-like B offers aes256/sha256 but accepts only gcm256; A aes256/sha256",
         {"esp_props": [esp("AES-CBC-256")]},
         {"esp_props": [esp("AES-CBC-256")], "child_proposals_responder": [esp("AES-GCM-256")]}),
    ]
    for n, (title, ka, kb) in enumerate(proposals, 1):
        out.append(_rb("rb-prop-%02d" % n, "rb-prop", "route-based, " + title, rb_end("A", **ka), rb_end("B", **kb)))
    lifetimes = [
        ("aligned, A rekeys Child first, B IKE first", {}, {}, (3, 40), (40, 5)),
        ("PFS none on A vs 19 on B, A rekeys first", {"esp_props": [esp(pfs=0)]}, {"esp_props": [esp(pfs=19)]},
         (3, 40), (5, 40)),
        ("PFS 14 both, B rekeys first", {"esp_props": [esp(pfs=14)]}, {"esp_props": [esp(pfs=14)]},
         (40, 3), (40, 5)),
    ]
    for n, (title, ka, kb, (ca, cb), (ia, ib)) in enumerate(lifetimes, 1):
        out.append(_rb("rb-life-%02d" % n, "rb-life", "route-based, lifetimes: " + title,
                       rb_end("A", child_seconds=ca, ike_seconds=ia, **ka),
                       rb_end("B", child_seconds=cb, ike_seconds=ib, **kb), auto=True))
    mixed = [
        ("route-based A (any-to-any) vs policy-based B 172.16.0.0/16<->10.0.0.0/8", rb_end("A"), policy_end("B")),
        ("policy-based A 10.0.0.0/8<->172.16.0.0/16 vs route-based B (any-to-any)", policy_end("A"), rb_end("B")),
        ("route-based A vs policy-based B with a narrower remote (10.1.0.0/16)",
         rb_end("A", routed=["172.16.0.0/16"]), policy_end("B", selectors=[ts(RIGHT, "10.1.0.0/16")])),
        ("route-based A vs policy-based B, PFS 19 on A only", rb_end("A", esp_props=[esp(pfs=19)]),
         policy_end("B")),
        ("route-based A vs policy-based B, IKE group 14 on B (no common proposal)", rb_end("A"),
         policy_end("B", ike_props=[ike(dh=14)])),
    ]
    for n, (title, a, b) in enumerate(mixed, 1):
        if n == 3:
            # The Child SA is narrowed to 10.1.0.0/16: A's inside host must be in it.
            a.local_networks = ["10.1.0.0/16"]
        out.append(_rb("rb-mixed-%02d" % n, "rb-mixed", title, a, b))
    missing = [
        ("A routes nothing into the tunnel", rb_end("A", routed=[]), rb_end("B")),
        ("B routes nothing into the tunnel", rb_end("A"), rb_end("B", routed=[])),
        ("A routes 172.16.8.0/21 only, B's host 172.16.0.1 is outside it", rb_end("A", routed=["172.16.8.0/21"]),
         rb_end("B")),
        ("A routes 0.0.0.0/0 into the tunnel (forced tunnelling), B routes 10.0.0.0/8", rb_end("A", routed=[ANY]),
         rb_end("B")),
        ("both route 0.0.0.0/0 into the tunnel", rb_end("A", routed=[ANY]), rb_end("B", routed=[ANY])),
    ]
    for n, (title, a, b) in enumerate(missing, 1):
        out.append(_rb("rb-route-%02d" % n, "rb-route", "route-based, " + title, a, b))
    return out


# ---------------------------------------------------------------------------
# BGP
# ---------------------------------------------------------------------------
def apipa_pair(**over):
    """A (ASA-like VTI 169.254.21.1/30) and B (Azure-like APIPA 169.254.21.2) peering on the tunnel subnet."""
    a = rb_end("A", routed=[], tunnel=APIPA_A + "/30", **over.pop("a_kw", {}))
    b = rb_end("B", routed=[], tunnel=APIPA_B + "/30", **over.pop("b_kw", {}))
    a.bgp = Bgp(asn=ASN_A, peer_asn=ASN_B, local_addresses=(APIPA_A,), peer_address=APIPA_B, advertised=[LEFT])
    b.bgp = Bgp(asn=ASN_B, peer_asn=ASN_A, local_addresses=(APIPA_B,), peer_address=APIPA_A, advertised=[RIGHT])
    return a, b


def default_address_pair():
    """B peers from its default address inside its network (172.16.255.254); A from its tunnel
    address, with a /32 route to B's address through the tunnel and eBGP multihop on both."""
    a = rb_end("A", routed=[AZURE_BGP + "/32"], tunnel=APIPA_A + "/30")
    b = rb_end("B", routed=[APIPA_A + "/32"])
    a.bgp = Bgp(asn=ASN_A, peer_asn=ASN_B, local_addresses=(APIPA_A,), peer_address=AZURE_BGP, multihop=2,
                advertised=[LEFT])
    b.bgp = Bgp(asn=ASN_B, peer_asn=ASN_A, local_addresses=(AZURE_BGP,), peer_address=APIPA_A, multihop=2,
                advertised=[RIGHT])
    return a, b


def bgp_scenarios():
    cases = []

    def add(title, pair, **kw):
        cases.append((title, pair, kw))

    add("APIPA peering on the tunnel subnet, aligned", apipa_pair())
    add("default peering address inside B's network, /32 route and multihop 2", default_address_pair())
    a, b = apipa_pair()
    a.bgp.peer_asn = 65020
    add("ASN mismatch: A expects AS 65020, B is 65515", (a, b))
    a, b = apipa_pair()
    b.bgp.peer_asn = 65011
    add("ASN mismatch: B expects AS 65011, A is 65010", (a, b))
    a, b = default_address_pair()
    a.bgp.peer_address = "172.16.255.253"
    a.routed_networks = ["172.16.255.0/24"]
    add("wrong neighbor address on A: 172.16.255.253 (routed), B peers from .254", (a, b))
    a, b = default_address_pair()
    b.bgp.peer_address = "169.254.21.5"
    b.routed_networks = ["169.254.21.0/24"]
    add("wrong neighbor address on B: 169.254.21.5, A peers from 169.254.21.1", (a, b))
    a, b = default_address_pair()
    a.routed_networks = []
    add("no route to B's peering address on A", (a, b))
    a, b = default_address_pair()
    a.bgp.multihop = 1
    b.bgp.multihop = 1
    add("not adjacent and no eBGP multihop on either end", (a, b))
    a, b = default_address_pair()
    a.bgp.multihop = 1
    # FRR opens no session to an unconnected single-hop neighbor but accepts B's, then keeps
    # B's routes invalid (next hop not connected): session up, routes and traffic lost.
    add("not adjacent and no eBGP multihop on A (B allows 2)", (a, b))
    a, b = apipa_pair()
    a.bgp.multihop = 2
    b.bgp.multihop = 2
    add("APIPA peering with multihop 2 on both (harmless)", (a, b))
    a, b = apipa_pair()
    b.bgp.import_filter = [PrefixRule("deny", LEFT), PrefixRule("permit", "0.0.0.0/0", le=32)]
    add("B's import prefix-list denies what A advertises (10.0.0.0/8)", (a, b))
    a, b = apipa_pair()
    b.bgp.import_filter = [PrefixRule("permit", "10.0.0.0/8", le=16)]
    add("B's import prefix-list permits 10.0.0.0/8 le 16 (A advertises 10.0.0.0/8)", (a, b))
    a, b = apipa_pair()
    a.bgp.advertised = a.local_networks = ["10.1.0.0/16", "10.2.0.0/24"]
    b.bgp.import_filter = [PrefixRule("permit", "10.0.0.0/8", ge=16, le=16)]
    add("B permits 10.0.0.0/8 ge 16 le 16: A's 10.1.0.0/16 passes, 10.2.0.0/24 is filtered", (a, b))
    a, b = apipa_pair()
    a.bgp.import_filter = []
    add("A's import prefix-list is empty (denies everything)", (a, b))
    a, b = apipa_pair()
    a.bgp.advertised = []
    add("A advertises nothing", (a, b))
    a, b = apipa_pair()
    a.bgp.advertised, b.bgp.advertised = [], []
    add("neither end advertises anything", (a, b))
    a, b = apipa_pair()
    b.bgp = None
    add("BGP on A only", (a, b))
    a, b = apipa_pair()
    a.bgp.activated = False
    add("A's neighbor is not activated for IPv4 unicast", (a, b))
    a, b = apipa_pair()
    b.bgp = None
    a.routed_networks, b.routed_networks = [RIGHT], [LEFT]
    add("BGP on A only, both ends also route each other's networks statically", (a, b))
    a, b = apipa_pair()
    b.bgp.import_filter = [PrefixRule("deny", LEFT), PrefixRule("permit", "0.0.0.0/0", le=32)]
    b.routed_networks = [LEFT]
    add("B's import prefix-list denies A's 10.0.0.0/8, B routes it statically", (a, b))
    a, b = apipa_pair()
    a.bgp.peer_asn = 65020
    a.routed_networks, b.routed_networks = [RIGHT], [LEFT]
    add("ASN mismatch, both ends also route each other's networks statically", (a, b))
    a, b = apipa_pair(a_kw={"esp_props": [esp(pfs=0)], "child_seconds": 3, "ike_seconds": 40},
                      b_kw={"esp_props": [esp(pfs=19)], "child_seconds": 40, "ike_seconds": 5})
    add("PFS none on A vs 19 on B: session up, A's Child SA rekey fails, the SA expires", (a, b), auto=True)
    a, b = apipa_pair(a_kw={"esp_props": [esp(pfs=19)], "child_seconds": 3, "ike_seconds": 40},
                      b_kw={"esp_props": [esp(pfs=19)], "child_seconds": 40, "ike_seconds": 5})
    add("PFS 19 both: session survives the automatic rekeys", (a, b), auto=True)
    a, b = default_address_pair()
    a.bgp.multihop = b.bgp.multihop = 1
    a.bgp.peer_asn = b.bgp.asn = ASN_A
    add("iBGP (AS 65010 both) to the default peering address, no multihop (iBGP needs none)", (a, b))
    # New cases go last: ids stay stable (tests and notes cite them).
    out = []
    for n, (title, (a, b), kw) in enumerate(cases, 1):
        for e in (a, b):
            if e.bgp is not None:
                e.bgp.accepts_unconnected_peer = True  # bgpd is FRR (model.Bgp docstring)
        out.append(Scenario("bgp-%02d" % n, "bgp", "BGP: " + title, a, b, check_traffic=True, **kw))
    return out


def all_route_scenarios():
    return route_based_scenarios() + bgp_scenarios()
