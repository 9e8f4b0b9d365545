# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The oracle's scenarios: pairs of TunnelEnds (end A, end B) in the model's terms.

Both ends narrow traffic selectors (strongSwan does), use PSK with the same key
and run IKEv2.  Families vary one thing against an aligned base (IKE AES-CBC-128 /
SHA256 / PRF SHA256 / group 19, ESP AES-GCM-128 without PFS, 10.0.0.0/8 <->
172.16.0.0/16): seed (by hand and through the ASA/Azure adapters), ike-*, esp-*,
pfs*, ts (selectors), asym (responder lists differ from offers, Azure-like), life
(short lifetimes: automatic rekeys), data (data limits under traffic) and a seeded
random family that mixes everything.

A scenario may carry ``known``: phases where strongSwan is expected to differ
from the engine, each with the reason (see oracle.py: a known difference that
reproduces is 'explained', one that stops reproducing fails so it gets removed).
"""

import copy
import itertools
import json
import os
import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    ChildSaProposal,
    IkeProposal,
    Lifetimes,
    NatExemption,
    PeerAuth,
    TrafficSelector,
    TunnelEnd,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import ends_from_facts
from ansible_collections.vpnalign.s2s.tests.oracle.swan import ADDR

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
LEFT, RIGHT = "10.0.0.0/8", "172.16.0.0/16"


class Scenario(object):
    def __init__(self, sid, family, title, a, b, auto=False, known=(), traffic=False, check_traffic=False):
        self.id = sid
        self.family = family
        self.title = title
        self.a = a
        self.b = b
        self.auto = auto  # short lifetimes: watch strongSwan rekey on its own
        self.traffic = traffic  # data limits: send traffic, watch who rekeys
        self.known = list(known)  # (phase, direction or None, reason)
        self.check_traffic = check_traffic  # route-based: ping between the ends' inside hosts
        # Route-based or BGP: observe_routes.RouteRun sets up routes, FRR and the extra phases.
        self.routed = bool(a.route_based or b.route_based or a.bgp or b.bgp)

    def known_reason(self, phase, direction):
        for k_phase, k_direction, reason in self.known:
            if k_phase == phase and (k_direction is None or k_direction == direction):
                return reason
        return None


def ike(enc="AES-CBC-128", integ="SHA256", prf="SHA256", dh=19, label="ike"):
    def tup(v):
        return tuple(v) if isinstance(v, (list, tuple)) else ((v,) if v is not None else ())
    return IkeProposal(label=label, encryption=tup(enc), integrity=tup(integ), prf=tup(prf), dh_groups=tup(dh))


def esp(enc="AES-GCM-128", integ=None, pfs=0, label="esp"):
    def tup(v):
        return tuple(v) if isinstance(v, (list, tuple)) else ((v,) if v is not None else ())
    encs = tup(enc)
    if integ is None:
        integ = () if all("GCM" in e or "GMAC" in e for e in encs) else "SHA256"
    return ChildSaProposal(label=label, encryption=encs, integrity=tup(integ), dh_groups=tup(pfs))


def ts(local, remote, protocol=0):
    return TrafficSelector(local=local, remote=remote, protocol=protocol)


def end(side, ike_props=None, esp_props=None, selectors=None, child_seconds=3600, child_kb=None,
        ike_seconds=28800, **kw):
    """An oracle end: vendor 'A' or 'B' (the engine's display name), addresses of the netns."""
    me, peer = side.lower(), ("b" if side == "A" else "a")
    esp_props = esp_props if esp_props is not None else [esp()]
    groups = [g for g in esp_props[0].dh_groups if g] if esp_props else []
    if selectors is None:
        selectors = [ts(LEFT, RIGHT)] if side == "A" else [ts(RIGHT, LEFT)]
    e = TunnelEnd(
        vendor=side,
        name="end %s" % side,
        local_address=ADDR[me],
        peer_address=ADDR[peer],
        ike_proposals=ike_props if ike_props is not None else [ike()],
        child_proposals=esp_props,
        pfs_group=groups[0] if groups else None,
        ike_lifetime=Lifetimes(seconds=ike_seconds),
        child_lifetime=Lifetimes(seconds=child_seconds, kilobytes=child_kb),
        traffic_selectors=selectors,
        narrows_selectors=True,
        auth=PeerAuth(method="psk", psk_digest="same-key"),
        nat=NatExemption(exempt=True),
    )
    for key, value in kw.items():
        setattr(e, key, value)
    return e


def pair_family(out, family, values, build, title):
    """Unordered pairs (with equal pairs) of ``values``; build(value) -> kwargs for end()."""
    for n, (x, y) in enumerate(itertools.combinations_with_replacement(values, 2), 1):
        out.append(Scenario("%s-%02d" % (family, n), family, title(x, y), end("A", **build(x)), end("B", **build(y))))


def _name(v):
    if isinstance(v, (list, tuple)):
        return "+".join(_name(x) for x in v)
    return "none" if v in (0, None) else str(v)


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------
def seed_scenarios():
    out = []
    asa = end("A", [ike("AES-CBC-128", "SHA256", "SHA256", 19)], [esp("AES-GCM-128", pfs=0)],
              child_seconds=3600, child_kb=102400000)
    azure = end("B", [ike("AES-CBC-128", "SHA256", "SHA256", 19)], [esp("AES-GCM-128", pfs=19)],
                child_seconds=3600, child_kb=2048)
    out.append(Scenario("seed-01", "seed", "seed case by hand: ASA no PFS, Azure PFS 19 (bring-up ok, rekeys fail)",
                        asa, azure))
    adapted = seed_from_adapters()
    if adapted:
        out.append(adapted)
    return out


def seed_from_adapters():
    """The seed example through the real ASA and Azure adapters (selectors, lifetimes, proposals
    as the collection reads them), made oracle ends: narrowing on, addresses of the netns."""
    # pylint: disable=import-outside-toplevel
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
    with open(os.path.join(SEED_DIR, "asa_running_config.txt")) as handle:
        asa_facts = asa_facts_from_text(handle.read())
    with open(os.path.join(SEED_DIR, "azure_resources.json")) as handle:
        azure_facts = azure_facts_from_data(json.load(handle))
    asa = ends_from_facts(asa_facts)[0]
    azure = ends_from_facts(azure_facts)[0]
    for e, side in ((asa, "A"), (azure, "B")):
        me, peer = side.lower(), ("b" if side == "A" else "a")
        e.vendor, e.name = side, "%s (%s)" % (e.name, side)
        e.local_address, e.peer_address = ADDR[me], ADDR[peer]
        e.narrows_selectors = True
        e.local_networks = e.remote_networks = None
        e.auth = PeerAuth(method="psk", psk_digest="same-key")
        e.unknowns = ()
    return Scenario("seed-02", "seed", "seed example through the ASA and Azure adapters (narrowing forced on)",
                    asa, azure)


def ike_scenarios():
    out = []
    pair_family(out, "ike-enc", ["AES-CBC-128", "AES-CBC-192", "AES-CBC-256", "AES-GCM-128", "AES-GCM-256"],
                lambda v: {"ike_props": [ike(enc=v, integ=None if "GCM" in v else "SHA256")]},
                lambda x, y: "IKE encryption %s vs %s" % (x, y))
    pair_family(out, "ike-integ", ["SHA1", "SHA256", "SHA384", "SHA512"],
                lambda v: {"ike_props": [ike(integ=v, prf="SHA256")]},
                lambda x, y: "IKE integrity %s vs %s (PRF SHA256)" % (x, y))
    pair_family(out, "ike-prf", ["SHA1", "SHA256", "SHA384", "SHA512"],
                lambda v: {"ike_props": [ike(prf=v)]},
                lambda x, y: "IKE PRF %s vs %s" % (x, y))
    pair_family(out, "ike-dh", [2, 14, 19, 20, 24],
                lambda v: {"ike_props": [ike(dh=v)]},
                lambda x, y: "IKE DH group %s vs %s" % (x, y))
    extra = [
        ("ike-dh-list-01", "IKE groups A [14,19] vs B [19] (INVALID_KE retry)", [ike(dh=(14, 19))], [ike(dh=19)]),
        ("ike-dh-list-02", "IKE groups A [19,14] vs B [14]", [ike(dh=(19, 14))], [ike(dh=14)]),
        ("ike-dh-list-03", "IKE groups A [20,19] vs B [19,20]", [ike(dh=(20, 19))], [ike(dh=(19, 20))]),
        ("ike-dh-list-04", "IKE groups A [14,24] vs B [19,20]", [ike(dh=(14, 24))], [ike(dh=(19, 20))]),
        ("ike-dh-list-05", "IKE group 1 (modp768) both", [ike(dh=1)], [ike(dh=1)]),
        ("ike-dh-list-06", "IKE group 5 (modp1536) both", [ike(dh=5)], [ike(dh=5)]),
        ("ike-multi-01", "A [aes256/sha256/14, aes128/sha256/19] vs B [aes128/sha256/19]",
         [ike("AES-CBC-256", dh=14), ike()], [ike()]),
        ("ike-multi-02", "A [aes128/sha256/19] vs B [aes256/sha384/20, aes128/sha256/19]",
         [ike()], [ike("AES-CBC-256", "SHA384", "SHA384", 20), ike()]),
        ("ike-multi-03", "A [aes256/sha256/14, gcm128/19] vs B [gcm128/prf256/19]",
         [ike("AES-CBC-256", dh=14), ike("AES-GCM-128", None)], [ike("AES-GCM-128", None)]),
        ("ike-multi-04", "disjoint lists: A [aes256/sha384/20, aes128/sha1/14] vs B [aes128/sha256/19, gcm256/24]",
         [ike("AES-CBC-256", "SHA384", "SHA384", 20), ike("AES-CBC-128", "SHA1", "SHA1", 14)],
         [ike(), ike("AES-GCM-256", None, "SHA256", 24)]),
        ("ike-multi-05", "one proposal with alternatives: A aes128|aes256/sha256|sha384/19|20 vs B aes256/sha384/prf384/20",
         [ike(("AES-CBC-128", "AES-CBC-256"), ("SHA256", "SHA384"), ("SHA256", "SHA384"), (19, 20))],
         [ike("AES-CBC-256", "SHA384", "SHA384", 20)]),
        ("ike-multi-06", "mixed AEAD and CBC in one model proposal: A aes256|gcm256/sha256/19 vs B gcm256/19",
         [ike(("AES-CBC-256", "AES-GCM-256"), "SHA256", "SHA256", 19)], [ike("AES-GCM-256", None)]),
        ("ike-multi-07", "integrity sha256 with PRF sha384 vs PRF sha256 (PRF decides)",
         [ike(integ="SHA256", prf="SHA384")], [ike(integ="SHA256", prf="SHA256")]),
        ("ike-multi-08", "3DES/SHA1/group 2 both (legacy)",
         [ike("3DES", "SHA1", "SHA1", 2)], [ike("3DES", "SHA1", "SHA1", 2)]),
    ]
    for sid, title, pa, pb in extra:
        out.append(Scenario(sid, sid.rsplit("-", 1)[0], title, end("A", ike_props=pa), end("B", ike_props=pb)))
    return out


def esp_scenarios():
    out = []
    pair_family(out, "esp-enc", ["AES-CBC-128", "AES-CBC-192", "AES-CBC-256", "AES-GCM-128", "AES-GCM-192", "AES-GCM-256"],
                lambda v: {"esp_props": [esp(v)]},
                lambda x, y: "ESP encryption %s vs %s" % (x, y))
    pair_family(out, "esp-integ", ["SHA1", "SHA256", "SHA384", "SHA512"],
                lambda v: {"esp_props": [esp("AES-CBC-256", v)]},
                lambda x, y: "ESP AES-CBC-256 integrity %s vs %s" % (x, y))
    extra = [
        ("esp-multi-01", "A [gcm128, aes256/sha256] vs B [aes256/sha256]",
         [esp("AES-GCM-128"), esp("AES-CBC-256")], [esp("AES-CBC-256")]),
        ("esp-multi-02", "A [aes128/sha1] vs B [gcm256, aes256/sha256, aes128/sha1]",
         [esp("AES-CBC-128", "SHA1")], [esp("AES-GCM-256"), esp("AES-CBC-256"), esp("AES-CBC-128", "SHA1")]),
        ("esp-multi-03", "disjoint lists A [gcm256, aes256/sha384] vs B [gcm128, aes128/sha256]",
         [esp("AES-GCM-256"), esp("AES-CBC-256", "SHA384")], [esp("AES-GCM-128"), esp("AES-CBC-128")]),
        ("esp-multi-04", "one model proposal mixing AEAD and CBC: A gcm256|aes256/sha256 vs B aes256/sha256",
         [esp(("AES-GCM-256", "AES-CBC-256"), "SHA256")], [esp("AES-CBC-256")]),
        ("esp-multi-05", "alternatives in one proposal: A aes128|aes256/sha256|sha512 vs B aes256/sha512",
         [esp(("AES-CBC-128", "AES-CBC-256"), ("SHA256", "SHA512"))], [esp("AES-CBC-256", "SHA512")]),
        ("esp-multi-06", "3DES/SHA1 both (legacy)", [esp("3DES", "SHA1")], [esp("3DES", "SHA1")]),
        # AES-GMAC is left out: kernel-libipsec cannot install it ("unsupported AEAD algorithm
        # NULL_AES_GMAC"), so strongSwan here cannot show it; tests/unit/test_engine.py covers it.
    ]
    known = {}
    for sid, title, pa, pb in extra:
        out.append(Scenario(sid, "esp-multi", title, end("A", esp_props=pa), end("B", esp_props=pb),
                            known=known.get(sid, ())))
    return out


def pfs_scenarios():
    out = []
    pair_family(out, "pfs", [0, 2, 14, 19, 20, 24],
                lambda v: {"esp_props": [esp("AES-GCM-128", pfs=v)]},
                lambda x, y: "PFS %s vs %s (ESP AES-GCM-128)" % (_name(x), _name(y)))
    extra = [
        ("pfs-list-01", "PFS A [14,19] vs B [19]", [esp(pfs=(14, 19))], [esp(pfs=19)]),
        ("pfs-list-02", "PFS A [19,14] vs B [14] on AES-CBC-256/SHA256",
         [esp("AES-CBC-256", pfs=(19, 14))], [esp("AES-CBC-256", pfs=14)]),
        ("pfs-list-03", "PFS optional on A [19, none] vs B none", [esp(pfs=(19, 0))], [esp(pfs=0)]),
        ("pfs-list-04", "PFS optional on A [19, none] vs B 19", [esp(pfs=(19, 0))], [esp(pfs=19)]),
        ("pfs-list-05", "PFS optional on A [19, none] vs B 14", [esp(pfs=(19, 0))], [esp(pfs=14)]),
        ("pfs-list-06", "PFS A [none, 14] vs B [14, none]", [esp(pfs=(0, 14))], [esp(pfs=(14, 0))]),
        ("pfs-list-07", "two ESP proposals: A [gcm128 pfs 19, aes256/sha256 no pfs] vs B aes256/sha256 no pfs",
         [esp(pfs=19), esp("AES-CBC-256", pfs=0)], [esp("AES-CBC-256", pfs=0)]),
        ("pfs-list-08", "two ESP proposals: A [gcm128 pfs 19, aes256/sha256 pfs 14] vs B [aes256/sha256 pfs 14]",
         [esp(pfs=19), esp("AES-CBC-256", pfs=14)], [esp("AES-CBC-256", pfs=14)]),
    ]
    for sid, title, pa, pb in extra:
        out.append(Scenario(sid, "pfs-list", title, end("A", esp_props=pa), end("B", esp_props=pb)))
    return out


def selector_scenarios():
    cases = [
        ("equal", [ts(LEFT, RIGHT)], [ts(RIGHT, LEFT)]),
        ("A subset of B (A 10.1/16)", [ts("10.1.0.0/16", RIGHT)], [ts(RIGHT, LEFT)]),
        ("A superset of B (B 10.1/16)", [ts(LEFT, RIGHT)], [ts(RIGHT, "10.1.0.0/16")]),
        ("A narrower on both sides", [ts("10.1.0.0/16", "172.16.1.0/24")], [ts(RIGHT, LEFT)]),
        ("partial overlap (A 10/8<->172.16/16, B 172.16.0/20<->10.0/9 and wider remote)",
         [ts(LEFT, "172.16.0.0/20")], [ts("172.16.0.0/16", "10.0.0.0/9")]),
        ("crossed overlap (A local wider, remote narrower)", [ts(LEFT, "172.16.4.0/24")],
         [ts("172.16.0.0/16", "10.9.0.0/16")]),
        ("disjoint remote (A 192.168.0.0/16 behind B)", [ts(LEFT, "192.168.0.0/16")], [ts(RIGHT, LEFT)]),
        ("disjoint local (B expects 10.0.0.0/8 as 11.0.0.0/8)", [ts(LEFT, RIGHT)], [ts(RIGHT, "11.0.0.0/8")]),
        ("any-to-any A vs specific B", [ts("0.0.0.0/0", "0.0.0.0/0")], [ts(RIGHT, LEFT)]),
        ("any-to-any both", [ts("0.0.0.0/0", "0.0.0.0/0")], [ts("0.0.0.0/0", "0.0.0.0/0")]),
        ("host selectors /32 both", [ts("10.1.2.3/32", "172.16.5.6/32")], [ts("172.16.5.6/32", "10.1.2.3/32")]),
        ("host /32 on A inside B's subnets", [ts("10.1.2.3/32", "172.16.5.6/32")], [ts(RIGHT, LEFT)]),
        ("protocol tcp on A, any on B", [ts(LEFT, RIGHT, 6)], [ts(RIGHT, LEFT)]),
        ("protocol tcp on B, any on A", [ts(LEFT, RIGHT)], [ts(RIGHT, LEFT, 6)]),
        ("protocol tcp vs udp", [ts(LEFT, RIGHT, 6)], [ts(RIGHT, LEFT, 17)]),
        ("two pairs on A, B has both", [ts("10.1.0.0/16", RIGHT), ts("10.2.0.0/16", RIGHT)],
         [ts(RIGHT, "10.1.0.0/16"), ts(RIGHT, "10.2.0.0/16")]),
        ("two pairs on A, B has one", [ts("10.1.0.0/16", RIGHT), ts("10.2.0.0/16", RIGHT)],
         [ts(RIGHT, "10.1.0.0/16")]),
        ("two pairs on A, B one wide pair", [ts("10.1.0.0/16", RIGHT), ts("10.2.0.0/16", RIGHT)],
         [ts(RIGHT, LEFT)]),
    ]
    out = []
    for n, (title, sa, sb) in enumerate(cases, 1):
        out.append(Scenario("ts-%02d" % n, "ts", "selectors: " + title, end("A", selectors=sa), end("B", selectors=sb)))
    # B takes whatever A proposes, as proposed, and offers its own only when it initiates (an Azure gateway:
    # TunnelEnd.accepts_any_selectors); A narrows as strongSwan does.
    accepting = [
        ("A superset of B", [ts(LEFT, RIGHT)], [ts(RIGHT, "10.1.0.0/16")]),
        ("A wider on both sides", [ts("10.0.0.0/7", "172.16.0.0/12")], [ts(RIGHT, LEFT)]),
        ("disjoint remote (A 192.168.0.0/16 behind B)", [ts(LEFT, "192.168.0.0/16")], [ts(RIGHT, LEFT)]),
        ("any-to-any A vs specific B", [ts("0.0.0.0/0", "0.0.0.0/0")], [ts(RIGHT, LEFT)]),
        ("two pairs on A, B has one", [ts("10.1.0.0/16", RIGHT), ts("10.2.0.0/16", RIGHT)],
         [ts(RIGHT, "10.1.0.0/16")]),
        ("partial overlap", [ts(LEFT, "172.16.0.0/20")], [ts("172.16.0.0/16", "10.0.0.0/9")]),
    ]
    for n, (title, sa, sb) in enumerate(accepting, 1):
        out.append(Scenario("tsa-%02d" % n, "ts", "selectors, B accepts any proposal: " + title,
                            end("A", selectors=sa), end("B", selectors=sb, accepts_any_selectors=True)))
    # Two pairs with a PFS mismatch: the second Child SA is a CREATE_CHILD_SA with KE.
    out.append(Scenario(
        "ts-%02d" % (len(cases) + 1), "ts", "selectors: two pairs on both, PFS 19 on A only (second Child SA carries KE)",
        end("A", esp_props=[esp(pfs=19)], selectors=[ts("10.1.0.0/16", RIGHT), ts("10.2.0.0/16", RIGHT)]),
        end("B", esp_props=[esp(pfs=0)], selectors=[ts(RIGHT, "10.1.0.0/16"), ts(RIGHT, "10.2.0.0/16")]),
    ))
    return out


def asymmetric_scenarios():
    """Ends whose responder lists differ from what they offer (like Azure's default policy)."""
    azure_default_ike = [ike(e, i, i, 2) for e, i in (("AES-CBC-256", "SHA1"), ("AES-CBC-256", "SHA256"),
                                                      ("AES-CBC-128", "SHA1"), ("AES-CBC-128", "SHA256"))]
    azure_offers = [esp("AES-GCM-256"), esp("AES-CBC-256", "SHA1"), esp("AES-CBC-256", "SHA256"),
                    esp("AES-CBC-128", "SHA1")]
    azure_accepts = azure_offers + [esp("AES-CBC-256", "SHA1", 14), esp("AES-CBC-128", "SHA1", 14),
                                    esp("AES-CBC-256", "SHA256", 14), esp("AES-CBC-256", "SHA256", 24),
                                    esp("AES-CBC-128", "SHA256", (0, 2, 14))]

    def azure_like(**kw):
        return end("B", ike_props=list(azure_default_ike), esp_props=list(azure_offers),
                   child_proposals_responder=list(azure_accepts), **kw)

    cases = [
        ("ASA-like aes256/sha256 no PFS", [esp("AES-CBC-256", "SHA256")]),
        ("ASA-like gcm256 no PFS", [esp("AES-GCM-256")]),
        ("ASA-like aes256/sha1 PFS 14 (Azure accepts 14, never offers it)", [esp("AES-CBC-256", "SHA1", 14)]),
        ("ASA-like aes256/sha256 PFS 24", [esp("AES-CBC-256", "SHA256", 24)]),
        ("ASA-like aes128/sha256 PFS 2", [esp("AES-CBC-128", "SHA256", 2)]),
        ("ASA-like gcm256 PFS 19 (never accepted)", [esp("AES-GCM-256", pfs=19)]),
        ("ASA-like aes128/sha256 no PFS (Azure accepts it, never offers it)", [esp("AES-CBC-128", "SHA256")]),
        ("ASA-like gcm128 no PFS (no common suite)", [esp("AES-GCM-128")]),
    ]
    out = []
    for n, (title, asa_esp) in enumerate(cases, 1):
        out.append(Scenario("asym-%02d" % n, "asym", "Azure-default-like B vs " + title,
                            end("A", ike_props=[ike("AES-CBC-256", "SHA256", "SHA256", 2)], esp_props=asa_esp),
                            azure_like()))
    # IKE lists that differ per role
    out.append(Scenario("asym-%02d" % (len(cases) + 1), "asym",
                        "B offers IKE group 19 only but accepts 14 and 19; A offers and accepts 14",
                        end("A", ike_props=[ike(dh=14)]),
                        end("B", ike_props=[ike(dh=19)], ike_proposals_responder=[ike(dh=14), ike(dh=19)])))
    out.append(Scenario("asym-%02d" % (len(cases) + 2), "asym",
                        "B offers ESP aes256/sha256 but accepts only gcm256; A offers and accepts aes256/sha256",
                        end("A", esp_props=[esp("AES-CBC-256")]),
                        end("B", esp_props=[esp("AES-CBC-256")], child_proposals_responder=[esp("AES-GCM-256")])))
    return out


def lifetime_scenarios():
    """Short lifetimes: strongSwan rekeys on its own; the end with the shorter lifetime starts."""
    cases = [
        ("seed, A (no PFS) rekeys first", [esp(pfs=0)], [esp(pfs=19)], (3, 40), (5, 40)),
        ("seed, B (PFS 19) rekeys first", [esp(pfs=0)], [esp(pfs=19)], (40, 3), (40, 5)),
        ("aligned, A rekeys Child first, B rekeys IKE first", [esp()], [esp()], (3, 40), (40, 5)),
        ("aligned PFS 14, B rekeys both first", [esp(pfs=14)], [esp(pfs=14)], (40, 3), (40, 5)),
        ("PFS 14 vs 19, A rekeys first", [esp(pfs=14)], [esp(pfs=19)], (3, 40), (5, 40)),
        ("optional PFS on A [19,none] vs none, A rekeys first", [esp(pfs=(19, 0))], [esp(pfs=0)], (3, 40), (5, 40)),
        ("A 3 s vs B 4 s (close lifetimes), aligned", [esp()], [esp()], (3, 5), (5, 7)),
        ("different ESP suite per rekey direction irrelevant: gcm both, A first", [esp("AES-GCM-256")],
         [esp("AES-GCM-256")], (3, 40), (40, 5)),
    ]
    out = []
    for n, (title, ea, eb, (ca, cb), (ia, ib)) in enumerate(cases, 1):
        out.append(Scenario("life-%02d" % n, "life", "lifetimes: " + title,
                            end("A", esp_props=ea, child_seconds=ca, ike_seconds=ia),
                            end("B", esp_props=eb, child_seconds=cb, ike_seconds=ib), auto=True))
    return out


def data_limit_scenarios():
    """Child SA data limits (kilobytes) under traffic: 200 KB go through the tunnel once."""
    big = 102400000
    cases = [
        ("seed: B (PFS 19) 128 KB, A 102400000 KB (the 2 MB Azure limit, scaled)", [esp(pfs=0)], [esp(pfs=19)], big, 128),
        ("seed: A (no PFS) 128 KB, B no data limit", [esp(pfs=0)], [esp(pfs=19)], 128, None),
        ("aligned no PFS, B 128 KB, A no data limit", [esp()], [esp()], None, 128),
        ("aligned PFS 14, A 128 KB, B 1024 KB", [esp(pfs=14)], [esp(pfs=14)], 128, 1024),
        ("PFS 14 vs 19, A 128 KB, B 102400000 KB", [esp(pfs=14)], [esp(pfs=19)], 128, big),
        ("optional PFS on B [19, none] vs none, B 128 KB", [esp(pfs=0)], [esp(pfs=(19, 0))], big, 128),
    ]
    out = []
    for n, (title, ea, eb, ka, kb) in enumerate(cases, 1):
        out.append(Scenario("data-%02d" % n, "data", "data limits: " + title,
                            end("A", esp_props=ea, child_kb=ka), end("B", esp_props=eb, child_kb=kb), traffic=True))
    return out


def random_scenarios(count=20, seed=20260427):
    rng = random.Random(seed)
    ike_pool = [ike(), ike("AES-CBC-256", "SHA256", "SHA256", 14), ike("AES-GCM-256", None, "SHA384", 20),
                ike("AES-CBC-256", "SHA384", "SHA384", 19), ike("AES-CBC-128", "SHA1", "SHA1", 2)]
    esp_pool = [esp(), esp("AES-GCM-256"), esp("AES-CBC-256"), esp("AES-CBC-128", "SHA1"), esp("AES-CBC-256", "SHA384")]
    pfs_pool = [0, 0, 14, 19, 20]
    ts_pool = [(LEFT, RIGHT), ("10.1.0.0/16", RIGHT), (LEFT, "172.16.8.0/21"), ("0.0.0.0/0", "0.0.0.0/0")]

    def pick_end(side, base=None):
        if base is not None and rng.random() < 0.5:
            ike_props = copy.deepcopy(base.ike_proposals)
        else:
            ike_props = rng.sample(ike_pool, rng.choice([1, 1, 2]))
        if base is not None and rng.random() < 0.5:
            esp_props = copy.deepcopy(base.child_proposals)
        else:
            pfs = rng.choice(pfs_pool)
            esp_props = [ChildSaProposal(label=p.label, encryption=p.encryption, integrity=p.integrity, dh_groups=(pfs,))
                         for p in rng.sample(esp_pool, rng.choice([1, 1, 2]))]
        local, remote = rng.choice(ts_pool)
        selectors = [ts(local, remote)] if side == "A" else [ts(remote, local)]
        return end(side, ike_props=ike_props, esp_props=esp_props, selectors=selectors)

    out = []
    for n in range(1, count + 1):
        a = pick_end("A")
        b = pick_end("B", a)
        out.append(Scenario("rand-%02d" % n, "rand", "random mix %d" % n, a, b))
    return out


def all_scenarios():
    # pylint: disable=import-outside-toplevel
    from ansible_collections.vpnalign.s2s.tests.oracle.scenarios_routes import all_route_scenarios
    out = []
    for family in (seed_scenarios, ike_scenarios, esp_scenarios, pfs_scenarios, selector_scenarios,
                   asymmetric_scenarios, lifetime_scenarios, data_limit_scenarios, random_scenarios,
                   all_route_scenarios):
        out += family()
    ids = [s.id for s in out]
    assert len(ids) == len(set(ids)), "duplicate scenario ids"
    return out
