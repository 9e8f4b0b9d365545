# -*- coding: utf-8 -*-
"""An earlier crypto map entry to another peer whose ACL takes the Azure tunnel's pairs: the ASA protects that
traffic towards the other peer (first match by sequence number), so it never enters the Azure tunnel. Review
2026-12-04: such a tunnel passed."""

import test_crypto_map_peers_review as peers
from policy_based_shapes import arm

OTHER = "192.0.2.77"


def _azure_tunnel(other_acl, other_seq):
    acl = peers.ONE_ACL + "\naccess-list OTHER-ACL extended permit ip " + other_acl
    groups = peers.tunnel_group("203.0.113.20") + "\n" + peers.tunnel_group(OTHER)
    maps = peers.entry(other_seq, "OTHER-ACL", peer=OTHER) + "\n" + peers.entry(10)
    _facts, report = peers.check(peers.asa(acl=acl, map_lines=maps, groups=groups), arm())
    [tunnel] = report["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]


def test_an_earlier_entry_taking_all_of_it_is_an_error():
    tunnel, [finding] = _azure_tunnel("10.0.0.0 255.0.0.0 172.16.0.0 255.240.0.0", 5)
    assert finding["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "crypto map CM 5 comes before CM 10" in finding["summary"] and OTHER in finding["summary"]


def test_an_earlier_entry_taking_part_of_it_is_a_warning():
    _tunnel, [finding] = _azure_tunnel("10.2.0.0 255.255.0.0 172.16.0.0 255.255.0.0", 5)
    assert finding["severity"] == "warning" and "part of its traffic" in finding["summary"]


def test_a_later_entry_or_disjoint_networks_take_nothing():
    tunnel, found = _azure_tunnel("10.0.0.0 255.0.0.0 172.16.0.0 255.240.0.0", 20)  # after it: ours matches first
    assert found == [] and tunnel["verdict"] == "pass"
    tunnel, found = _azure_tunnel("10.9.0.0 255.255.0.0 172.16.0.0 255.255.0.0", 5)
    assert found == [] and tunnel["verdict"] == "pass"
