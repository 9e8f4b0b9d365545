# -*- coding: utf-8 -*-
"""The engine's shortcuts answer what its general path answers (issue 12): selectors that are each other's
mirror are not judged one by one, proposal matching is remembered per the proposals' transforms, an end's
offers are read once when it accepts what it offers, and an address is read once per text."""

import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel, select_child, select_ike
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.peers import _address, _read_address
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import selection
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.selectors import ResponderSelectors
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ChildSaProposal, IkeProposal, TrafficSelector

from test_engine import asa_end, azure_end

PREFIXES = ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "172.16.0.0/12", "172.16.5.0/24",
            "192.168.1.1/32", "0.0.0.0/0", "2001:db8::/32", "2001:db8:1::/48", "::/0"]


def _indexed_problems(a, b):
    """Every offer either way judged by the responder's index, the general path."""
    problems = []
    for init, resp in ((a, b), (b, a)):
        index = ResponderSelectors(resp)
        for ts in init.traffic_selectors:
            verdict = index.verdict(ts)
            if verdict != "accepted":
                problems.append((who(init), ts.local, ts.remote, verdict))
    return problems


def _engine_problems(a, b):
    found = [f for f in check_tunnel(a, b) if f.code == "TRAFFIC_SELECTOR_MISMATCH"]
    if not found:
        return []
    return [(p["initiator"], p["local"], p["remote"], p["verdict"]) for p in found[0].evidence[a.vendor]["problems"]]


def _peer_selectors(rng, own):
    """The peer's selectors: ``own`` mirrored (reordered, repeated), or that with one changed, missing or extra."""
    mirrored = [TrafficSelector(t.remote, t.local, t.protocol) for t in own]
    rng.shuffle(mirrored)
    mirrored += rng.sample(mirrored, rng.randint(0, 1))
    change = rng.choice(("none", "none", "protocol", "drop", "extra", "swap", "other"))
    t = mirrored[0]
    if change == "protocol":
        mirrored[0] = TrafficSelector(t.local, t.remote, rng.choice([p for p in (0, 6, 17) if p != t.protocol]))
    elif change == "drop":
        mirrored = [m for m in mirrored if (m.local, m.remote, m.protocol) != (t.local, t.remote, t.protocol)]
    elif change == "extra":
        mirrored.append(TrafficSelector(rng.choice(PREFIXES), rng.choice(PREFIXES), rng.choice((0, 6))))
    elif change == "swap":
        mirrored[0] = TrafficSelector(t.remote, t.local, t.protocol)
    elif change == "other":
        mirrored = [TrafficSelector(rng.choice(PREFIXES), rng.choice(PREFIXES), rng.choice((0, 0, 6, 17)))
                    for _i in range(rng.randint(1, 5))]
    return mirrored


def test_mirrored_selectors_and_their_variants_get_the_verdicts_of_the_index():
    rng = random.Random(5)
    shortcut = 0
    for _round in range(200):
        own = [TrafficSelector(rng.choice(PREFIXES), rng.choice(PREFIXES), rng.choice((0, 0, 6, 17)))
               for _i in range(rng.randint(1, 6))]
        peer = _peer_selectors(rng, own)
        a = asa_end(traffic_selectors=own, narrows_selectors=rng.random() < 0.3)
        b = azure_end(traffic_selectors=peer, narrows_selectors=rng.random() < 0.7)
        for first, second in ((a, b), (b, a)):
            assert _engine_problems(first, second) == _indexed_problems(first, second), (own, peer)
        shortcut += {(t.remote, t.local, t.protocol) for t in own} == {(t.local, t.remote, t.protocol) for t in peer}
    assert 40 < shortcut < 160  # both the shortcut and the general path were exercised


def test_a_mirror_with_another_protocol_is_judged_not_taken_as_mirrored():
    own = [TrafficSelector("10.0.0.0/8", "172.16.0.0/12", 6)]
    a = asa_end(traffic_selectors=own, narrows_selectors=False)
    b = azure_end(traffic_selectors=[TrafficSelector("172.16.0.0/12", "10.0.0.0/8", 17)], narrows_selectors=False)
    assert _engine_problems(a, b) == [("ASA", "10.0.0.0/8", "172.16.0.0/12", "refused"),
                                      ("Azure", "172.16.0.0/12", "10.0.0.0/8", "refused")]


def _ike(rng):
    return IkeProposal(label=rng.choice("pq"), encryption=tuple(rng.sample(["AES-CBC-256", "AES-GCM-256", "3DES"], 2)),
                       integrity=tuple(rng.sample(["SHA256", "SHA1"], rng.randint(0, 2))),
                       prf=tuple(rng.sample(["SHA256", "SHA384"], rng.randint(0, 1))),
                       dh_groups=tuple(rng.sample([2, 14, 19, 20], rng.randint(1, 2))))


def _esp(rng):
    return ChildSaProposal(label=rng.choice("pq"), encryption=tuple(rng.sample(["AES-GCM-256", "AES-CBC-256", "3DES"], 2)),
                           integrity=tuple(rng.sample(["SHA256", "SHA1"], rng.randint(0, 1))),
                           dh_groups=tuple(rng.sample([0, 14, 19], rng.randint(1, 2))))


def _expected(init, resp, child, with_ke):
    if child:
        return select_child(init.child_proposals, resp.responder_child(), with_ke)
    return select_ike(init.ike_proposals, resp.responder_ike())


def test_remembered_proposal_matching_follows_the_proposals_also_when_they_change_in_place():
    rng = random.Random(3)
    kinds = ((False, False), (True, False), (True, True))
    chosen = 0
    for _round in range(300):
        a = asa_end(ike_proposals=[_ike(rng) for _i in range(rng.randint(1, 2))],
                    child_proposals=[_esp(rng) for _i in range(rng.randint(1, 2))])
        b = azure_end(ike_proposals=[_ike(rng)], child_proposals=[_esp(rng)],
                      child_proposals_responder=[_esp(rng)] if rng.random() < 0.3 else None)
        for child, with_ke in kinds:
            assert selection(a, b, child, with_ke) == _expected(a, b, child, with_ke)
            chosen += selection(a, b, child, with_ke) is not None
        # a proof changes an end's proposal where it is: the remembered answer must not outlive that
        a.ike_proposals[0].dh_groups = tuple(rng.sample([2, 14, 19, 20], 1))
        a.child_proposals[0].encryption = tuple(rng.sample(["AES-GCM-256", "AES-CBC-256", "3DES"], 1))
        b.responder_child()[0].dh_groups = tuple(rng.sample([0, 14, 19], 1))
        for child, with_ke in kinds:
            assert selection(a, b, child, with_ke) == _expected(a, b, child, with_ke)
    assert 300 < chosen < 800


def test_proposals_that_differ_only_in_one_transform_are_not_taken_for_each_other():
    b = azure_end(ike_proposals=[IkeProposal("q", ("AES-CBC-256",), ("SHA256",), ("SHA256", "SHA384"), (14,))],
                  child_proposals=[ChildSaProposal("q", ("AES-CBC-256",), ("SHA256",), (14, 19))])
    for prf in ("SHA256", "SHA384"):
        a = asa_end(ike_proposals=[IkeProposal("p", ("AES-CBC-256",), ("SHA256",), (prf,), (14,))])
        assert selection(a, b) == ("AES-CBC-256", "SHA256", prf, 14)
    for group in (14, 19):
        a = asa_end(child_proposals=[ChildSaProposal("p", ("AES-CBC-256",), ("SHA256",), (group,))])
        assert selection(a, b, child=True, with_ke=True) == ("AES-CBC-256", "SHA256", group)
        assert selection(b, a, child=True, with_ke=True) == ("AES-CBC-256", "SHA256", group)
        assert selection(a, b, child=True) == ("AES-CBC-256", "SHA256", 0)


def test_proposals_with_list_transforms_are_matched_without_being_remembered():
    a = asa_end(ike_proposals=[IkeProposal("p", ["AES-CBC-256"], ["SHA256"], ["SHA256"], [14])])
    b = azure_end(ike_proposals=[IkeProposal("q", ("AES-CBC-256",), ("SHA256",), ("SHA256",), (14,))])
    assert selection(a, b) == ("AES-CBC-256", "SHA256", "SHA256", 14)
    a.ike_proposals[0].dh_groups.append(19)
    a.ike_proposals[0].dh_groups.remove(14)
    assert selection(a, b) is None


def _findings(a, b):
    return [(f.code, f.severity, f.phase, f.summary, f.evidence, f.fixes) for f in check_tunnel(a, b)]


def test_an_end_that_accepts_its_offers_is_judged_as_if_it_listed_them_again():
    """Weak crypto and AEAD with integrity: an end without a responder list reads its offers once, not twice."""
    rng = random.Random(8)
    for _round in range(120):
        offers = [_ike(rng) for _i in range(rng.randint(1, 3))]
        esps = [_esp(rng) for _i in range(rng.randint(1, 3))]
        for esp in esps:
            if rng.random() < 0.3 and "AES-GCM-256" in esp.encryption:
                esp.ignored_integrity = ("SHA256",)
        b = azure_end(ike_proposals=[_ike(rng)], child_proposals=[_esp(rng)])
        short = asa_end(ike_proposals=offers, child_proposals=esps)
        listed = asa_end(ike_proposals=offers, child_proposals=esps, ike_proposals_responder=list(offers),
                         child_proposals_responder=list(esps))
        assert _findings(short, b) == _findings(listed, b)
        assert _findings(b, short) == _findings(b, listed)


def test_an_address_is_read_alike_the_first_time_and_after():
    texts = ["203.0.113.20", "2001:db8::20", "010.0.0.1", "203.0.113.20/32", "not an address", "::ffff:203.0.113.20"]
    for _time in range(2):
        for text in texts:
            assert _address(text) == _read_address(text)
    assert _address("203.0.113.20") == (4, 0xCB007114)
    assert _address("2001:db8::20") == (6, 0x20010DB8000000000000000000000020)
    assert _address("not an address") is False


def test_a_peer_address_inside_the_routed_networks_is_found_however_often_it_is_asked():
    for _time in range(2):
        for local_address, found in (("10.1.2.3", True), ("192.0.2.1", False), ("2001:db8::1", True), ("nonsense", False)):
            a = asa_end(remote_networks=["172.16.0.0/16", "10.0.0.0/8", "2001:db8::/32"], peer_address=local_address)
            b = azure_end(local_address=local_address)
            codes = [f.code for f in check_tunnel(a, b)]
            assert ("LNG_CONTAINS_PEER_ADDRESS" in codes) is found, local_address


def test_the_address_an_end_sends_to_is_judged_not_the_peers_private_one():
    """useLocalAzureIpAddress: Azure's own address is private (inside its VNet, which the ASA routes into the tunnel),
    and the ASA sends IKE to the gateway's public address, outside it. Nothing is sent into the tunnel; the warning
    (which also called the private address "public") was false (review 2026-12-05)."""
    a = asa_end(remote_networks=["172.16.0.0/16"], peer_address="203.0.113.20")
    codes = [f.code for f in check_tunnel(a, azure_end(local_address="172.16.255.4"))]
    assert "LNG_CONTAINS_PEER_ADDRESS" not in codes
    # aimed at the private address itself, inside the routed VNet: named, with the address it sends to
    a = asa_end(remote_networks=["172.16.0.0/16"], peer_address="172.16.255.4")
    [found] = [f for f in check_tunnel(a, azure_end(local_address="172.16.255.4"))
               if f.code == "LNG_CONTAINS_PEER_ADDRESS"]
    assert "which contains 172.16.255.4, the address of Azure it sends IKE and ESP to" in found.summary
    assert "public" not in found.summary


def test_rekey_too_frequent_evidence_starts_with_the_lines():
    a = asa_end()
    a.child_lifetime.kilobytes, a.child_lifetime.seconds = 10, 120
    found = [f for f in check_tunnel(a, azure_end()) if f.code == "REKEY_TOO_FREQUENT"][0]
    assert list(found.evidence["asa"]) == ["lines", "kilobytes", "rekey_interval_seconds", "assumed_throughput_mbit_s",
                                           "max_rekey_rate", "raise_kilobytes_to", "raise_kilobytes_source", "seconds",
                                           "floor_seconds", "raise_seconds_to", "raise_seconds_source"]


def test_weak_proposals_an_end_only_accepts_are_still_named():
    weak_ike = IkeProposal("ikev1-only", ("3DES",), ("SHA1",), ("SHA1",), (2,))
    weak_esp = ChildSaProposal("legacy", ("3DES",), ("SHA1",), (0,))
    a = asa_end(ike_proposals_responder=asa_end().ike_proposals + [weak_ike],
                child_proposals_responder=asa_end().child_proposals + [weak_esp])
    found = [f for f in check_tunnel(a, azure_end()) if f.code == "WEAK_CRYPTO"][0]
    assert [e["proposal"] for e in found.evidence["asa"]["configured_not_negotiated"]] == ["ikev1-only", "legacy"]


def test_mirrored_selectors_with_a_text_that_is_no_prefix_on_either_side_are_refused():
    for bad_local, bad_remote in (("10.0.0.0/33", "172.16.0.0/12"), ("10.0.0.0/8", "172.16.0.0/33")):
        a = asa_end(traffic_selectors=[TrafficSelector(bad_local, bad_remote)])
        b = azure_end(traffic_selectors=[TrafficSelector(bad_remote, bad_local)])
        with pytest.raises(ValueError, match="/33"):
            check_tunnel(a, b)
