# -*- coding: utf-8 -*-
"""Desired VTI end -> fewest ASA commands in a safe order, with a rollback that restores the old config,
and options that cannot reach the device refused before anything is sent."""

import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import MASK, PSK_PLACEHOLDER, IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import config_after_vti, plan_vti

BASE = """ASA Version 9.16(4)
hostname fw
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.248
"""

# A route-based end in the shape of Cisco's ASA-to-Azure VTI guide, with BGP over APIPA addresses,
# whose profile asks for PFS group 2 and whose BGP has no neighbor yet.
VTI = BASE + """crypto ipsec ikev2 ipsec-proposal AZ-PROP
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec profile AZ-PROF
 set ikev2 ipsec-proposal AZ-PROP
 set pfs group2
 set security-association lifetime seconds 27000
interface Tunnel1
 nameif AZURE
 ip address 169.254.21.1 255.255.255.252
 tunnel source interface outside
 tunnel destination 203.0.113.20
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROF
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable outside
tunnel-group 203.0.113.20 type ipsec-l2l
tunnel-group 203.0.113.20 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1
router bgp 65010
 bgp log-neighbor-changes
 address-family ipv4 unicast
  network 10.0.0.0 mask 255.255.0.0
  no auto-summary
  no synchronization
 exit-address-family
"""

NEW = dict(
    tunnel_interface="Tunnel1", tunnel_nameif="AZURE", tunnel_address="169.254.21.1/30",
    tunnel_source_interface="outside", peer="203.0.113.20", ipsec_profile="AZ-PROF",
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"], "integrity": []}, pfs_group=14, child_lifetime_seconds=27000,
    child_lifetime_kilobytes="102400000", pre_shared_key="s3cret-key",
    routes=[{"network": "10.20.0.0/16", "gateway": "169.254.21.2"}],
    bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515, "ebgp_multihop": 255,
         "networks": ["10.0.0.0/16"]},
)


def test_new_vti_end_defines_before_it_references_and_is_then_idempotent():
    plan = plan_vti(BASE, NEW)
    cmds = plan.commands
    order = ["crypto ipsec ikev2 ipsec-proposal Tunnel1-vpnalign", "crypto ipsec profile AZ-PROF",
             "tunnel-group 203.0.113.20 type ipsec-l2l", "interface Tunnel1", " nameif AZURE",
             "crypto ikev2 enable outside", "route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1", "router bgp 65010",
             "  neighbor 169.254.21.2 remote-as 65515"]
    assert [cmds.index(c) for c in order] == sorted(cmds.index(c) for c in order)
    # The profile names the proposal defined above it; the interface the profile.
    assert " set ikev2 ipsec-proposal Tunnel1-vpnalign" in cmds and " set pfs group14" in cmds
    assert " ip address 169.254.21.1 255.255.255.252" in cmds
    assert cmds.index(" tunnel protection ipsec profile AZ-PROF") > cmds.index("crypto ipsec profile AZ-PROF")
    assert cmds[-4:] == ["  neighbor 169.254.21.2 activate", "  network 10.0.0.0 mask 255.255.0.0",
                         " exit-address-family", "exit"]
    # The key is a placeholder in the plan and masked in the diff.
    assert "s3cret-key" not in "\n".join(cmds + plan.after + plan.rollback)
    assert any(PSK_PLACEHOLDER in c for c in cmds) and any(MASK in line for line in plan.after)
    # Rollback removes everything new, referrers first.
    assert plan.rollback[:2] == ["no router bgp 65010", "no route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1"]
    assert plan.rollback.index("no interface Tunnel1") < plan.rollback.index("no crypto ipsec profile AZ-PROF")
    assert plan_vti(config_after_vti(BASE, plan), NEW).commands == []


def test_wrong_pfs_in_the_profile_and_missing_neighbor_fixed_with_the_fewest_lines():
    intent = dict(tunnel_interface="Tunnel1", pfs_group=14,
                  bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515})
    plan = plan_vti(VTI, intent)
    assert plan.commands == [
        "crypto ipsec profile AZ-PROF", " set pfs group14", "exit",
        "router bgp 65010", " address-family ipv4 unicast", "  neighbor 169.254.21.2 remote-as 65515",
        "  neighbor 169.254.21.2 activate", " exit-address-family", "exit",
    ]
    # Undo puts group2 back and removes the neighbor (with its settings) in one line.
    assert plan.rollback == [
        "router bgp 65010", " address-family ipv4 unicast", "  no neighbor 169.254.21.2 remote-as 65515",
        " exit-address-family", "exit",
        "crypto ipsec profile AZ-PROF", " set pfs group2", "exit",
    ]
    assert " set pfs group2" in plan.before and " set pfs group14" in plan.after
    after = config_after_vti(VTI, plan)
    assert plan_vti(after, intent).commands == []


def test_pfs_zero_removes_pfs_from_the_profile():
    plan = plan_vti(VTI, dict(tunnel_interface="Tunnel1", pfs_group=0))
    assert plan.commands == ["crypto ipsec profile AZ-PROF", " no set pfs group2", "exit"]
    assert plan.rollback == ["crypto ipsec profile AZ-PROF", " set pfs group2", "exit"]


def test_lifetimes_and_proposal_go_to_the_profile_not_a_crypto_map():
    intent = dict(tunnel_interface="Tunnel1", ipsec_proposal="AZ-PROP", child_lifetime_seconds=3600,
                  child_lifetime_kilobytes="unlimited", esp={"encryption": ["AES-GCM-256"], "integrity": []})
    cmds = plan_vti(VTI, intent).commands
    assert cmds == ["crypto ipsec ikev2 ipsec-proposal AZ-PROP", " protocol esp encryption aes-gcm-256",
                    " protocol esp integrity null", "exit",
                    "crypto ipsec profile AZ-PROF", " set security-association lifetime seconds 3600",
                    " set security-association lifetime kilobytes unlimited", "exit"]
    assert not any(c.startswith("crypto map") for c in cmds)


def test_a_shut_down_neighbor_is_brought_up_and_its_rollback_shuts_it_again():
    # review 2026-12-04: 'activate' was pushed and the neighbor stayed administratively down
    config = VTI.replace("  network 10.0.0.0", "  neighbor 169.254.21.2 remote-as 65515\n"
                         "  neighbor 169.254.21.2 activate\n  neighbor 169.254.21.2 shutdown\n  network 10.0.0.0")
    intent = dict(tunnel_interface="Tunnel1", bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515})
    plan = plan_vti(config, intent)
    assert plan.commands == ["router bgp 65010", " address-family ipv4 unicast", "  no neighbor 169.254.21.2 shutdown",
                             " exit-address-family", "exit"]
    assert "  neighbor 169.254.21.2 shutdown" in plan.rollback
    assert plan_vti(config_after_vti(config, plan), intent).commands == []


def test_existing_neighbor_settings_change_in_place():
    config = VTI.replace("  network 10.0.0.0", "  neighbor 169.254.21.2 remote-as 65500\n"
                         "  neighbor 169.254.21.2 activate\n  network 10.0.0.0")
    intent = dict(tunnel_interface="Tunnel1",
                  bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515, "ebgp_multihop": 255})
    plan = plan_vti(config, intent)
    assert plan.commands == ["router bgp 65010", " address-family ipv4 unicast",
                             "  neighbor 169.254.21.2 remote-as 65515", "  neighbor 169.254.21.2 ebgp-multihop 255",
                             " exit-address-family", "exit"]
    assert plan.rollback[2:4] == ["  neighbor 169.254.21.2 remote-as 65500",
                                  "  no neighbor 169.254.21.2 ebgp-multihop 255"]


def test_routes_and_networks_already_there_are_not_sent_again():
    intent = dict(tunnel_interface="Tunnel1", routes=[{"network": "10.20.0.0/16", "gateway": "169.254.21.2"},
                                                      {"network": "10.30.0.0/16", "gateway": "169.254.21.2"}],
                  bgp={"asn": 65010, "networks": ["10.0.0.0/16"]})
    assert plan_vti(VTI, intent).commands == ["route AZURE 10.30.0.0 255.255.0.0 169.254.21.2 1"]


def test_a_classful_network_shown_without_mask_counts_as_present():
    config = VTI.replace("network 10.0.0.0 mask 255.255.0.0", "network 192.168.7.0")
    assert plan_vti(config, dict(tunnel_interface="Tunnel1",
                                 bgp={"asn": 65010, "networks": ["192.168.7.0/24"]})).commands == []


def test_a_shut_tunnel_stays_shut_unless_asked_and_undo_shuts_it_again():
    protect = " tunnel protection ipsec profile AZ-PROF"
    config = VTI.replace(protect, protect + "\n shutdown")
    assert plan_vti(config, dict(tunnel_interface="Tunnel1", pfs_group=2)).commands == []
    plan = plan_vti(config, dict(tunnel_interface="Tunnel1", tunnel_enabled=True))
    assert plan.commands == ["interface Tunnel1", " no shutdown", "exit"]
    assert plan.rollback == ["interface Tunnel1", " shutdown", "exit"]
    again = plan_vti(config_after_vti(config, plan), dict(tunnel_interface="Tunnel1", tunnel_enabled=True))
    assert again.commands == []
    assert plan_vti(VTI, dict(tunnel_interface="Tunnel1", tunnel_enabled=False)).commands == [
        "interface Tunnel1", " shutdown", "exit"]


def test_left_out_options_keep_the_tunnel_as_it_is():
    # No ipsec_profile given: the profile the tunnel uses is the one changed, the interface is not re-pointed.
    plan = plan_vti(VTI, dict(tunnel_interface="Tunnel1", pfs_group=2))
    assert plan.commands == []


def test_another_bgp_asn_is_refused_rather_than_replacing_the_process():
    with pytest.raises(IntentError, match="router bgp 65010"):
        plan_vti(VTI, dict(tunnel_interface="Tunnel1", bgp={"asn": 65020, "neighbor": "169.254.21.2",
                                                            "remote_as": 65515}))


@pytest.mark.parametrize("missing", ["tunnel_nameif", "tunnel_address", "tunnel_source_interface", "peer"])
def test_a_new_tunnel_needs_what_makes_it_work(missing):
    with pytest.raises(IntentError, match=missing):
        plan_vti(BASE, dict(NEW, **{missing: None}))


def test_a_new_profile_needs_an_esp_proposal():
    with pytest.raises(IntentError, match="give esp"):
        plan_vti(BASE, dict(NEW, esp=None))


@pytest.mark.parametrize("bad, message", [
    (dict(tunnel_nameif="AZ URE"), "whitespace"),
    (dict(ipsec_profile="P\nno crypto ikev2 enable outside"), "control character"),
    (dict(tunnel_group="peer?"), "help"),
    (dict(tunnel_nameif="N" * 49), "longer than 48"),
    (dict(tunnel_interface="Tunnel 1"), "Tunnel1"),
    (dict(tunnel_interface="GigabitEthernet0/1"), "Tunnel1"),
    (dict(tunnel_address="169.254.21.1"), "prefix length"),
    (dict(tunnel_address="169.254.21.1/32"), "at most /31"),
    (dict(tunnel_address="fe80::1/64"), "IPv4"),
    # an address no interface can have went to `ip address` (s47)
    (dict(tunnel_address="127.0.0.2/30"), "tunnel_address: 127.0.0.2 is a loopback address"),
    (dict(tunnel_address="224.0.0.1/30"), "tunnel_address: 224.0.0.1 is a multicast address"),
    (dict(tunnel_address="240.0.0.1/30"), "tunnel_address: 240.0.0.1 is a reserved or broadcast address"),
    (dict(tunnel_address="0.0.0.1/30"), "tunnel_address: 0.0.0.1 is a \"this network\" (0.0.0.0/8) address"),
    (dict(peer="azure-gw.example"), "not an IP address"),
    (dict(routes=[{"network": "10.1.0.0/33", "gateway": "169.254.21.2"}]), "routes[0].network"),
    (dict(routes=[{"network": "10.1.0.0/16", "gateway": "169.254.21.300"}]), "routes[0].gateway"),
    (dict(bgp={"asn": 0, "neighbor": "169.254.21.2", "remote_as": 65515}), "bgp.asn"),
    (dict(bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 4294967296}), "bgp.remote_as"),
    (dict(bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515, "ebgp_multihop": 256}),
     "ebgp_multihop"),
    (dict(bgp={"asn": 65010, "neighbor": "not-an-address", "remote_as": 65515}), "bgp.neighbor"),
    # a neighbor or next hop no host has: refused for peer, passed for these (s47)
    (dict(bgp={"asn": 65010, "neighbor": "255.255.255.255", "remote_as": 65515}), "bgp.neighbor: 255.255.255.255 is a broadcast"),
    (dict(bgp={"asn": 65010, "neighbor": "127.0.0.1", "remote_as": 65515}), "bgp.neighbor: 127.0.0.1 is a loopback"),
    (dict(bgp={"asn": 65010, "neighbor": "240.0.0.1", "remote_as": 65515}), "bgp.neighbor: 240.0.0.1 is a reserved"),
    (dict(routes=[{"network": "10.1.0.0/16", "gateway": "127.0.0.1"}]), "routes[0].gateway: 127.0.0.1 is a loopback"),
    # Azure's BGP FAQ: reserved ASNs are refused for the on-premises speaker, and the two ends need different ASNs
    (dict(bgp={"asn": 65515, "neighbor": "169.254.21.2", "remote_as": 65515}), "bgp.asn 65515 is an AS number Azure"),
    (dict(bgp={"asn": 65520, "neighbor": "169.254.21.2", "remote_as": 65515}), "Azure reserves"),
    (dict(bgp={"asn": 64500, "networks": ["10.0.0.0/8"]}), "bgp.asn 64500 is an AS number IANA"),
    (dict(bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 12076}), "bgp.remote_as 12076"),
    (dict(bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65010}), "eBGP only"),
    (dict(bgp={"asn": 65010, "networks": ["10.0.0.0/8", "10.0.0.0/40"]}), "bgp.networks[1]"),
    (dict(pre_shared_key="two words"), "pre_shared_key"),
    (dict(crypto_map="CRYPTO-MAP", seq=2), "cannot be used together"),
    (dict(child_lifetime_seconds=60), "child_lifetime_seconds"),
    (dict(child_lifetime_kilobytes="5"), "child_lifetime_kilobytes"),
    (dict(child_lifetime_kilobytes="lots"), "'unlimited'"),
    (dict(ike=dict(NEW["ike"], lifetime_seconds=100)), "ike.lifetime_seconds"),
    (dict(ike=dict(NEW["ike"], priority=70000)), "ike.priority"),
    (dict(tcp_mss=20), "tcp_mss"),
])
def test_options_that_cannot_reach_the_device_are_refused_first(bad, message):
    error = option_error(dict(NEW, **bad))
    assert error and message in error
    assert "s3cret-key" not in error and "two words" not in error


def test_valid_options_pass_and_a_crypto_map_entry_is_still_checked_as_before():
    assert option_error(NEW) is None
    assert option_error(dict(crypto_map="CRYPTO-MAP", seq=2, pfs_group=19)) is None
    assert "go together" in option_error(dict(crypto_map="M", seq=1, local_networks=["10.0.0.0/8"]))
    assert "crypto_map" in option_error({"pfs_group": 19})
    assert "whitespace" in option_error(dict(crypto_map="MY MAP", seq=1))
    assert "seq" in option_error(dict(crypto_map="M", seq=0))
    assert option_error(dict(crypto_map="M", seq=1, child_lifetime_kilobytes="unlimited", tcp_mss=0)) is None


def test_tcp_mss_is_global_and_set_once():
    plan = plan_vti(VTI + "sysopt connection tcpmss 1460\n", dict(tunnel_interface="Tunnel1", tcp_mss=1350))
    assert plan.commands == ["sysopt connection tcpmss 1350"] and plan.rollback == ["sysopt connection tcpmss 1460"]
    after = config_after_vti(VTI + "sysopt connection tcpmss 1460\n", plan)
    assert "tcpmss 1460" not in after and plan_vti(after, dict(tunnel_interface="Tunnel1", tcp_mss=1350)).commands == []


# -- state absent -------------------------------------------------------------------------------
WITH_NEIGHBOR = VTI.replace("  network 10.0.0.0", "  neighbor 169.254.21.2 remote-as 65515\n"
                            "  neighbor 169.254.21.2 activate\n  network 10.0.0.0")


def test_absent_unreferences_before_it_deletes_and_keeps_what_is_shared():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_absent import plan_vti_absent

    plan = plan_vti_absent(WITH_NEIGHBOR, dict(tunnel_interface="Tunnel1"))
    assert plan.commands == [
        "router bgp 65010", " address-family ipv4 unicast", "  no neighbor 169.254.21.2 remote-as 65515",
        " exit-address-family", "exit",
        "no route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1",
        "no interface Tunnel1",
        "no crypto ipsec profile AZ-PROF",
        "no crypto ipsec ikev2 ipsec-proposal AZ-PROP",
        "clear configure tunnel-group 203.0.113.20",
    ]
    after = config_after_vti(WITH_NEIGHBOR, plan)
    for kept in ("crypto ikev2 policy 10", "crypto ikev2 enable outside", "router bgp 65010",
                 "network 10.0.0.0 mask 255.255.0.0"):
        assert kept in after
    assert "Tunnel1" not in after and "neighbor 169.254.21.2" not in after
    assert plan_vti_absent(after, dict(tunnel_interface="Tunnel1")).commands == []
    # The rollback restores the neighbor with its settings, the interface with its children, the key lines.
    assert "  neighbor 169.254.21.2 activate" in plan.rollback and " nameif AZURE" in plan.rollback
    assert " ikev2 remote-authentication pre-shared-key *****" in plan.rollback
    # With the key given, the undo of the tunnel-group carries it (filled in at send time, never shown).
    keyed = plan_vti_absent(WITH_NEIGHBOR, dict(tunnel_interface="Tunnel1", pre_shared_key="k"))
    assert " ikev2 remote-authentication pre-shared-key %s" % PSK_PLACEHOLDER in keyed.rollback


def test_absent_leaves_a_profile_and_a_tunnel_group_another_tunnel_still_uses():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_absent import plan_vti_absent

    second = VTI + ("interface Tunnel2\n nameif AZURE2\n ip address 169.254.22.1 255.255.255.252\n"
                    " tunnel source interface outside\n tunnel destination 203.0.113.20\n tunnel mode ipsec ipv4\n"
                    " tunnel protection ipsec profile AZ-PROF\n")
    cmds = plan_vti_absent(second, dict(tunnel_interface="Tunnel1")).commands
    assert cmds == ["no route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1", "no interface Tunnel1"]


def test_an_ipv6_tunnel_keeps_its_mode_when_only_its_profile_changes():
    config = VTI.replace(" tunnel mode ipsec ipv4", " tunnel mode ipsec ipv6")
    assert plan_vti(config, dict(tunnel_interface="Tunnel1", pfs_group=14)).commands == [
        "crypto ipsec profile AZ-PROF", " set pfs group14", "exit"]


@pytest.mark.parametrize("option, message", [
    ({"bgp": {"asn": 65010, "neighbor": "198.51.100.10", "remote_as": 65515}},
     "bgp.neighbor: 198.51.100.10 is the address interface GigabitEthernet0/0 has, the ASA's own"),
    ({"bgp": {"asn": 65010, "neighbor": "169.254.21.3", "remote_as": 65515}},
     "bgp.neighbor: 169.254.21.3 is the broadcast address of the tunnel's subnet 169.254.21.0/30"),
    ({"bgp": {"asn": 65010, "neighbor": "169.254.21.0", "remote_as": 65515}}, "is the network address"),
    ({"routes": [{"network": "10.20.0.0/16", "gateway": "169.254.21.3"}]}, "routes[0].gateway: 169.254.21.3 is the broadcast"),
])
def test_a_neighbor_or_next_hop_that_is_the_asa_or_no_host_is_refused(option, message):
    """The ASA's outside address, or the tunnel subnet's network/broadcast address, as bgp.neighbor was planned as a
    neighbor that never comes up (only the tunnel's own address was checked)."""
    with pytest.raises(IntentError, match=re.escape(message)):
        plan_vti(VTI, dict(tunnel_interface="Tunnel1", **option))
    # the same tunnel with the peer's address is planned
    assert plan_vti(VTI, dict(tunnel_interface="Tunnel1", bgp={"asn": 65010, "neighbor": "169.254.21.2",
                                                               "remote_as": 65515})).commands
