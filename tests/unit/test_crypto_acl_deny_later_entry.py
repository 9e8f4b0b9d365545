# -*- coding: utf-8 -*-
"""A crypto ACL deny that takes out a whole permit, on an entry whose peer a later entry of the map also sets: the
finding names that later entry (the packet goes on to it). Its text was made with one value for two placeholders:
a TypeError out of the adapter, so no tunnel of such a config was checked (61 of 1,000 generated configs). The later
entry permits part of what the deny takes: a later entry that permits all of it carries the traffic, and nothing is
said (cascading ACLs, test_crypto_map_peers_review)."""
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config

CONFIG = """ASA Version 9.8(2)
hostname gw
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.248
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.1.0.1 255.255.0.0
object network LAN
 subnet 10.1.0.0 255.255.0.0
object network AZ
 subnet 172.16.0.0 255.255.0.0
access-list A1 extended deny ip object LAN object AZ
access-list A1 extended permit ip object LAN object AZ
access-list A2 extended permit ip 10.1.0.0 255.255.255.0 object AZ
crypto ipsec ikev2 ipsec-proposal P1
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto map CM 10 match address A1
crypto map CM 10 set peer 203.0.113.20
crypto map CM 10 set ikev2 ipsec-proposal P1
crypto map CM 20 match address A2
crypto map CM 20 set peer 203.0.113.20
crypto map CM 20 set ikev2 ipsec-proposal P1
crypto map CM interface outside
crypto ikev2 enable outside
"""


def test_a_whole_deny_names_the_later_entry_to_the_same_peer():
    config, _findings = parse_asa_config(CONFIG)
    ends, findings = asa_tunnel_ends(config, host="gw")
    assert ends, "the config's tunnels are read"
    denials = [f for f in findings if f.code == "TRAFFIC_SELECTOR_MISMATCH" and "denies before it permits" in f.summary]
    assert [(f.severity, "entry CM 10" in f.summary, "CM 20 here" in f.summary) for f in denials] == [
        ("warning", True, True)]
