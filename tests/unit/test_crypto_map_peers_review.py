# -*- coding: utf-8 -*-
"""Review: several crypto map entries to one peer, and backup peers ('set peer PRIMARY BACKUP').

Cisco ASA configuration guide, "Configuring IPsec and ISAKMP": a negotiation the peer starts is matched against
the map's static entries in sequence order, and several entries to the same peer cascade their ACLs; so the
entries of one map to one peer are one tunnel to it. Cisco ASA troubleshooting ("VPN preempt"): "the VPN gets
established with the backup peer IP once the primary peer goes down"; so a backup peer that is Azure is Azure's
tunnel, checked with its own tunnel-group."""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import device_lines, tunnel_end_from_dict
from policy_based_shapes import arm
from seed_example import seed_arm, seed_asa_text


ASA = """ASA Version 9.12(4)
hostname fw
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.248
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.0.0.1 255.0.0.0
object-group network ONPREM
 network-object 10.1.0.0 255.255.0.0
 network-object 10.2.0.0 255.255.0.0
object-group network AZURE
 network-object 172.16.0.0 255.255.0.0
{acl}
nat (inside,outside) source static ONPREM ONPREM destination static AZURE AZURE no-proxy-arp route-lookup
route outside 0.0.0.0 0.0.0.0 198.51.100.9 1
crypto ipsec ikev2 ipsec-proposal AZ
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec security-association lifetime seconds 3600
crypto ipsec security-association lifetime kilobytes 102400000
{map}
crypto map CM interface outside
crypto ikev2 policy 1
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable outside
group-policy GP internal
group-policy GP attributes
 vpn-tunnel-protocol ikev2
{groups}
sysopt connection tcpmss 1350
"""

TWO_ACLS = ("access-list AZ-ACL-1 extended permit ip 10.1.0.0 255.255.0.0 object-group AZURE\n"
            "access-list AZ-ACL-2 extended permit ip 10.2.0.0 255.255.0.0 object-group AZURE")
ONE_ACL = "access-list AZ-ACL extended permit ip object-group ONPREM object-group AZURE"


def tunnel_group(peer, auth=True):
    lines = ["tunnel-group %s type ipsec-l2l" % peer, "tunnel-group %s general-attributes" % peer,
             " default-group-policy GP", "tunnel-group %s ipsec-attributes" % peer]
    if auth:
        lines += [" ikev2 remote-authentication pre-shared-key *****",
                  " ikev2 local-authentication pre-shared-key *****"]
    return "\n".join(lines)


def entry(seq, acl="AZ-ACL", peer="203.0.113.20", pfs="group14"):
    return "\n".join("crypto map CM %d %s" % (seq, cmd) for cmd in (
        "match address " + acl, "set peer " + peer, "set ikev2 ipsec-proposal AZ", "set pfs " + pfs,
        "set security-association lifetime seconds 3600"))


def asa(acl=ONE_ACL, map_lines=None, groups=None):
    return ASA.format(acl=acl, map=map_lines or entry(10), groups=groups or tunnel_group("203.0.113.20"))


def check(text, resources=None):
    facts = asa_facts_from_text(text, host="fw")
    return facts, run_check(copy.deepcopy(facts), azure_facts_from_data(resources or arm()))


def fixes(report, vendor="asa"):
    return [line for t in report["tunnels"] for f in t["findings"]
            for line in ((f.get("remediation") or {}).get(vendor) or [] if vendor == "asa" else
                         [repr((f.get("remediation") or {}).get(vendor))])]


def two_entries(**kwargs):
    return entry(10, "AZ-ACL-1", **kwargs) + "\n" + entry(20, "AZ-ACL-2")


# -- several entries to one peer ---------------------------------------------------------------
def test_two_entries_to_one_peer_are_one_tunnel_covering_the_site():
    facts, report = check(asa(acl=TWO_ACLS, map_lines=two_entries()))
    [tunnel] = report["tunnels"]
    assert tunnel["verdict"] == "pass", tunnel["findings"]
    assert tunnel["asa"]["seq"] == 10 and tunnel["asa"]["peer"] == "203.0.113.20"
    assert not report["unpaired"]
    assert not any(f["code"] == "TRAFFIC_SELECTOR_MISMATCH" for f in tunnel["findings"])
    # never "cut 10.2/16 out" of Azure, never "add 10.2/16 to entry 10's ACL"
    assert not any("AZ-ACL-1" in line and "10.2.0.0" in line for line in fixes(report))
    end = facts["tunnels"][0]
    assert len(facts["tunnels"]) == 1
    assert end["ref"]["entries"] == [{"seq": 10, "acl": "AZ-ACL-1"}, {"seq": 20, "acl": "AZ-ACL-2"}]
    cited = {line for ts in tunnel_end_from_dict(end, device_lines(facts)).traffic_selectors for line in ts.source}
    assert {line.text for line in cited} == set(TWO_ACLS.splitlines())  # each selector names its own ACE


def test_entries_to_one_peer_that_differ_in_pfs_are_named_together():
    _facts, report = check(asa(acl=TWO_ACLS, map_lines=entry(10, "AZ-ACL-1") + "\n" + entry(20, "AZ-ACL-2", pfs="group5")))
    # CM 20 answers 10.2/16's part of Azure's offer: checked as a tunnel of its own; CM 10's names the difference
    [tunnel] = [t for t in report["tunnels"] if "CM 20" not in t["name"]]
    assert [t["name"] for t in report["tunnels"] if "CM 20" in t["name"]] == ["to-fw (crypto map CM 20)"]
    [differ] = [f for f in tunnel["findings"] if "CM 20" in f["summary"]]
    assert differ["severity"] == "warning" and "CM 10" in differ["summary"] and "PFS" in differ["summary"]
    texts = {line["text"] for line in differ["evidence"]["asa"]["lines"]}
    assert "crypto map CM 10 set pfs group14" in texts and "crypto map CM 20 set pfs group5" in texts


def test_entries_to_one_peer_that_agree_raise_no_difference():
    _facts, report = check(asa(acl=TWO_ACLS, map_lines=two_entries()))
    assert not [f for t in report["tunnels"] for f in t["findings"] if "CM 20" in f["summary"]]


def test_a_selector_fix_goes_to_the_entry_holding_its_networks():
    """Azure's VNet gains 172.17/16: each entry's ACL gets its own network's pair, none duplicates another's."""
    _facts, report = check(asa(acl=TWO_ACLS, map_lines=two_entries()), arm(vnet=("172.16.0.0/16", "172.17.0.0/16")))
    [tunnel] = report["tunnels"]
    lines = fixes(report) + list((tunnel.get("remediation") or {}).get("asa") or [])
    assert "access-list AZ-ACL-1 extended permit ip 10.1.0.0 255.255.0.0 172.17.0.0 255.255.0.0" in lines, lines
    assert "access-list AZ-ACL-2 extended permit ip 10.2.0.0 255.255.0.0 172.17.0.0 255.255.0.0" in lines, lines
    assert not any(" 10.2.0.0 " in line and "AZ-ACL-1" in line for line in lines)
    assert not any(" 10.1.0.0 " in line and "AZ-ACL-2" in line for line in lines)


# Review 2026-12-07: Cisco's "Cascading ACLs": entry 10 denies 10.2/16 before permitting the site, so that traffic goes
# on to entry 20 to the same peer, whose ACL permits it. The tunnel was reported degraded ("the ASA does not accept these
# selectors for entry CM 10"), with a fix that removes the deny.
CASCADED = ("access-list AZ-ACL-1 extended deny ip 10.2.0.0 255.255.0.0 object-group AZURE\n"
            "access-list AZ-ACL-1 extended permit ip object-group ONPREM object-group AZURE\n"
            "access-list AZ-ACL-2 extended permit ip 10.2.0.0 255.255.0.0 object-group AZURE")


def test_a_deny_handing_pairs_on_to_a_later_entry_to_the_peer_is_no_finding():
    _facts, report = check(asa(acl=CASCADED, map_lines=two_entries()))
    [tunnel] = report["tunnels"]
    assert tunnel["verdict"] == "pass", tunnel["findings"]
    assert not [line for line in fixes(report) if "deny" in line]


def test_a_deny_the_later_entry_to_the_peer_does_not_permit_is_still_said():
    acls = CASCADED.replace("AZ-ACL-2 extended permit ip 10.2.0.0 255.255.0.0", "AZ-ACL-2 extended permit ip 10.2.0.0 255.255.255.0")
    _facts, report = check(asa(acl=acls, map_lines=two_entries()))
    said = [f for t in report["tunnels"] for f in t["findings"]
            if f["code"] == "TRAFFIC_SELECTOR_MISMATCH" and "denies before it permits" in f["summary"]]
    assert len(said) == 1 and "line 16 'access-list AZ-ACL-1 extended deny ip 10.2.0.0" in said[0]["summary"], said


def test_one_entry_per_peer_is_unchanged():
    facts, _report = check(asa())
    assert len(facts["tunnels"]) == 1
    end = facts["tunnels"][0]
    assert end["name"] == "CM 10" and "entries" not in end["ref"] and "peer_index" not in end["ref"]


# -- backup peers ------------------------------------------------------------------------------
BACKUP = "192.0.2.99 203.0.113.20"


def test_azure_as_backup_peer_pairs_and_is_no_peer_mismatch():
    text = asa(map_lines=entry(10, peer=BACKUP), groups=tunnel_group("203.0.113.20") + "\n" + tunnel_group("192.0.2.99"))
    _facts, report = check(text)
    [tunnel] = report["tunnels"]
    codes = {f["code"] for f in tunnel["findings"]}
    assert "PEER_ADDRESS_MISMATCH" not in codes and tunnel["verdict"] == "pass", tunnel["findings"]
    assert tunnel["asa"] == {"host": "fw", "crypto_map": "CM", "seq": 10, "peer": "203.0.113.20", "address": "198.51.100.10"}
    [note] = [f for f in tunnel["findings"] if "backup peer" in f["summary"]]
    assert note["severity"] == "info" and "192.0.2.99" in note["summary"]
    assert not any(line.startswith("crypto map CM 10 set peer") for line in fixes(report))
    # the primary peer is a tunnel of its own, to a peer not in this run
    assert report["unpaired"] == [{"asa": {"host": "fw", "crypto_map": "CM", "seq": 10, "peer": "192.0.2.99", "address": "198.51.100.10"},
                                   "reason": "no Azure connection of this run is at its peer address 192.0.2.99"}]


def test_backup_peer_is_checked_with_its_own_tunnel_group():
    """The Azure peer's tunnel-group lacks authentication, the primary's has it: the Azure tunnel says so."""
    groups = tunnel_group("192.0.2.99") + "\n" + tunnel_group("203.0.113.20", auth=False)
    _facts, report = check(asa(map_lines=entry(10, peer=BACKUP), groups=groups))
    [tunnel] = report["tunnels"]
    [auth] = [f for f in tunnel["findings"] if f["code"] == "AUTH_MISMATCH" and "Tunnel-group" in f["summary"]]
    assert "Tunnel-group 203.0.113.20 " in auth["summary"] and "192.0.2.99" not in auth["summary"]
    assert not any("192.0.2.99" in line for line in fixes(report))


def test_azure_as_primary_peer_with_a_backup_is_checked_with_its_tunnel_group():
    groups = tunnel_group("203.0.113.20") + "\n" + tunnel_group("192.0.2.99", auth=False)
    _facts, report = check(asa(map_lines=entry(10, peer="203.0.113.20 192.0.2.99"), groups=groups))
    [tunnel] = report["tunnels"]
    assert tunnel["verdict"] == "pass", tunnel["findings"]
    assert not any("backup peer" in f["summary"] for f in tunnel["findings"])


def test_peer_fix_on_an_entry_with_several_peers_keeps_them_and_copies_no_key():
    """Neither peer is Azure's address (the LNG names the ASA): the fix adds Azure, drops none, and never
    copies a tunnel-group's authentication from another peer."""
    groups = tunnel_group("192.0.2.99") + "\n" + tunnel_group("192.0.2.98")
    _facts, report = check(asa(map_lines=entry(10, peer="192.0.2.99 192.0.2.98"), groups=groups))
    [tunnel] = report["tunnels"]
    [mismatch] = [f for f in tunnel["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    # which peer was meant for Azure cannot be told: a manual step, never 'set peer 203.0.113.20' alone
    assert not mismatch["remediation"].get("asa") and not mismatch["proof"]["asa"]["proven"]
    assert "192.0.2.99 192.0.2.98" in mismatch["proof"]["asa"]["reason"]
    lines = fixes(report) + list((tunnel.get("remediation") or {}).get("asa") or [])
    assert not any(line.startswith("crypto map CM 10 set peer") for line in lines), lines
    assert not any("copy the authentication" in line for line in lines)
    manual = tunnel["alignment"]["align_to_azure"]
    assert "peer" not in manual["options"] and [m["kind"] for m in manual["manual"]] == ["PEER_ADDRESS_MISMATCH"]


def test_remediation_of_a_backup_peer_end_keeps_the_list():
    facts = asa_facts_from_text(asa(map_lines=entry(10, peer="192.0.2.99 203.0.113.21"),
                                    groups=tunnel_group("192.0.2.99") + "\n" + tunnel_group("203.0.113.21")), host="fw")
    backup = tunnel_end_from_dict([t for t in facts["tunnels"] if t["peer_address"] == "203.0.113.21"][0],
                                  device_lines(facts))
    lines = asa_remediation(backup, [{"kind": "peer_address", "address": "203.0.113.20"}])
    assert lines[0] == "crypto map CM 10 set peer 192.0.2.99 203.0.113.21 203.0.113.20"
    assert not any("copy" in line for line in lines)


def test_a_child_sa_of_the_backup_peer_is_matched_to_its_end():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state_match import match_child
    facts = asa_facts_from_text(asa(map_lines=entry(10, peer=BACKUP),
                                    groups=tunnel_group("203.0.113.20") + "\n" + tunnel_group("192.0.2.99")), host="fw")
    assert [t["name"] for t in facts["tunnels"]] == ["CM 10", "CM 10 (peer 203.0.113.20)"]
    end, how = match_child({"crypto_map": "CM", "seq": 10, "peer": "203.0.113.20"}, facts["tunnels"])
    assert end is not None and end["name"] == "CM 10 (peer 203.0.113.20)", how


def test_align_leaves_a_selector_fix_of_several_entries_to_a_person():
    """asa_vpn_tunnel sets one entry's ACL: planned from entry 10, it would copy entry 20's 10.2/16 pairs into AZ-ACL-1.
    The check's own lines add each pair to its own entry; align lists it as a manual step and changes no ACL."""
    _facts, report = check(asa(acl=TWO_ACLS, map_lines=two_entries()), arm(vnet=("172.16.0.0/16", "172.17.0.0/16")))
    [tunnel] = report["tunnels"]
    to_azure = tunnel["alignment"]["align_to_azure"]
    assert to_azure["options"].get("local_networks") is None
    [step] = [m for m in to_azure["manual"] if m["kind"] == "traffic_selectors"]
    assert "2 crypto map entries to one peer" in step["reason"] and "AZ-ACL-2" in step["reason"]


def test_a_mistyped_peer_gets_the_peer_fix_not_a_tunnel_group_for_the_typo():
    # review 2026-12-05 (pasted fixes): the seed with 'set peer' one off from Azure's address. The config finding
    # "no tunnel-group for the peer" offered that tunnel-group, with no key: pasted alone it left the mismatch and
    # added two AUTH_MISMATCH errors. The proven PEER_ADDRESS_MISMATCH fix moves the peer with its tunnel-group.
    peer, typo = "203.0.113.20", "203.0.113.21"
    text = seed_asa_text().replace("crypto map CRYPTO-MAP 2 set peer %s" % peer, "crypto map CRYPTO-MAP 2 set peer %s" % typo)
    [tunnel] = run_check(asa_facts_from_text(text), azure_facts_from_data(seed_arm()))["tunnels"]
    by_code = {f["code"]: f for f in tunnel["findings"]}
    assert "crypto map CRYPTO-MAP 2 set peer %s" % peer in by_code["PEER_ADDRESS_MISMATCH"]["remediation"]["asa"]
    not_found = by_code["PEER_NOT_FOUND"]
    assert "asa" not in not_found["remediation"]
    assert "PEER_ADDRESS_MISMATCH" in not_found["proof"]["asa"]["reason"]
