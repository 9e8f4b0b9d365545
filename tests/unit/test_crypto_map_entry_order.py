# -*- coding: utf-8 -*-
"""An earlier crypto map entry to another peer whose ACL takes the Azure tunnel's pairs: the ASA protects that
traffic towards the other peer (first match by sequence number), so it never enters the Azure tunnel. Review
2026-12-04: such a tunnel passed."""

import test_crypto_map_peers_review as peers
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import crypto_map_end
from policy_based_shapes import arm

OTHER = "192.0.2.77"


def _azure_tunnel(other_acl, other_seq):
    return _cascaded(["permit ip " + other_acl], other_seq)


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


# Review 2026-12-07: Cisco's "Cascading ACLs" (Configuring IPsec and ISAKMP): a packet that matches a deny ACE resumes
# evaluation against the next crypto map entry. A branch entry that denies the Azure pairs before permitting its site
# to any4 hands them on to the Azure entry; the Azure tunnel was reported FAIL ("takes all of its traffic").
def _cascaded(other_aces, other_seq=5):
    acl = peers.ONE_ACL + "\n" + "\n".join("access-list OTHER-ACL extended " + ace for ace in other_aces)
    groups = peers.tunnel_group("203.0.113.20") + "\n" + peers.tunnel_group(OTHER)
    maps = peers.entry(other_seq, "OTHER-ACL", peer=OTHER) + "\n" + peers.entry(10)
    _facts, report = peers.check(peers.asa(acl=acl, map_lines=maps, groups=groups), arm())
    [tunnel] = report["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]


def test_a_deny_before_the_earlier_entry_s_permit_hands_the_traffic_on():
    tunnel, found = _cascaded(["deny ip object-group ONPREM object-group AZURE", "permit ip object-group ONPREM any4"])
    assert found == [] and tunnel["verdict"] == "pass", found


def test_the_deny_is_read_from_the_parsed_acl_not_from_the_ends_texts(monkeypatch):
    """Which deny hands the traffic on comes from the parsed ACEs (crypto_acl_cascade), not from the deny texts the
    end's ref keeps for the fixes (acl_deny_lines) split into words again."""
    monkeypatch.setattr(crypto_map_end, "_deny_lines", lambda deny_aces: [])
    tunnel, found = _cascaded(["deny ip object-group ONPREM object-group AZURE", "permit ip object-group ONPREM any4"])
    assert found == [] and tunnel["verdict"] == "pass", found


def test_a_deny_after_the_permit_or_of_one_protocol_hands_nothing_on():
    _tunnel, [finding] = _cascaded(["permit ip object-group ONPREM any4", "deny ip object-group ONPREM object-group AZURE"])
    assert finding["severity"] == "error" and "crypto map CM 5 comes before CM 10" in finding["summary"]
    _tunnel, [finding] = _cascaded(["deny tcp object-group ONPREM object-group AZURE", "permit ip object-group ONPREM any4"])
    assert finding["severity"] == "error"


def test_a_deny_of_one_network_hands_on_that_network_only():
    # 10.2/16 is handed on, 10.1/16 is still taken by the branch entry
    _tunnel, [finding] = _cascaded(["deny ip 10.2.0.0 255.255.0.0 object-group AZURE",
                                    "permit ip object-group ONPREM any4"])
    assert finding["severity"] == "warning" and "10.1.0.0/16 -> 172.16.0.0/16" in finding["summary"]
    assert "10.2.0.0/16" not in finding["summary"]


def test_a_deny_of_part_of_a_pair_leaves_the_earlier_entry_part_of_it():
    # 172.16.0.0/24 of Azure's 172.16/16 is handed on; the branch entry takes the rest: part of it, not all
    tunnel, [finding] = _cascaded(["deny ip object-group ONPREM 172.16.0.0 255.255.255.0",
                                   "permit ip object-group ONPREM any4"])
    assert finding["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert "part of its traffic" in finding["summary"]


# Review 2026-12-07: the same pattern seen from the branch entry: its deny hands ONPREM <-> AZURE on to CM 10, which
# protects it towards Azure. The unpaired branch end was warned that this traffic "leaves the ASA unencrypted".
def _branch_findings(other_aces, azure_acl=peers.ONE_ACL):
    acl = azure_acl + "\n" + "\n".join("access-list OTHER-ACL extended " + ace for ace in other_aces)
    groups = peers.tunnel_group("203.0.113.20") + "\n" + peers.tunnel_group(OTHER)
    maps = peers.entry(5, "OTHER-ACL", peer=OTHER) + "\n" + peers.entry(10)
    _facts, report = peers.check(peers.asa(acl=acl, map_lines=maps, groups=groups), arm())
    [branch] = [end for end in report["unpaired"] if end["asa"]["peer"] == OTHER]
    return [f for f in branch.get("findings", []) if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]


def test_the_earlier_entry_s_deny_a_later_entry_protects_is_not_said_to_leave_unencrypted():
    found = _branch_findings(["deny ip object-group ONPREM object-group AZURE", "permit ip object-group ONPREM any4"])
    assert not [f for f in found if "unencrypted" in f["summary"]], found


def test_the_earlier_entry_s_deny_no_later_entry_protects_still_leaves_unencrypted():
    # CM 10 protects 10.1/16 only: 10.2/16 <-> 172.16/16 matches no permit after the deny
    found = _branch_findings(["deny ip object-group ONPREM object-group AZURE", "permit ip object-group ONPREM any4"],
                             "access-list AZ-ACL extended permit ip 10.1.0.0 255.255.0.0 object-group AZURE")
    assert [f for f in found if "unencrypted" in f["summary"] and "10.2.0.0/16 <-> 172.16.0.0/16" in f["summary"]], found
