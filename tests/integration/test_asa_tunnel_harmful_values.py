# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel on the ASA lab (ansible-playbook, network_cli) refuses values that pass every syntax check yet would
leave the ASA in a state nobody asked for (review s39 rev2), before anything is sent: empty network lists (the live
entry was moved onto an ACL that does not exist), the ASA's built-in DfltGrpPolicy and DefaultL2LGroup/DefaultRAGroup
(rewritten for everyone, cleared by the undo), a /0 in a crypto map entry (crypto ACL ``any4 any4``) and a VTI route
holding the tunnel's own destination. Each task fails naming the option; the lab sees no configuration command and its
running config stays the same."""

import os
import sys

from test_asa_injection import KEY, SEED_CONFIG, run_tasks

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lab"))
from asa_ssh.lab import lab_config  # noqa: E402  pylint: disable=wrong-import-position

# the seed's live tunnel: crypto map CRYPTO-MAP 2 to 203.0.113.20
LIVE = dict(crypto_map="CRYPTO-MAP", seq=2)
NEW = dict(crypto_map="CRYPTO-MAP", seq=10, peer="203.0.113.99", pre_shared_key=KEY,
           local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"])


def refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path, config, probes, name):
    """Runs each of ``probes`` ((options, words the message holds)) as a task on a lab holding ``config``."""
    lab = asa_lab_factory(config)
    before = lab.running_config()
    results = run_tasks(run_playbook, lab, tmp_path, [options for options, _words in probes], name)
    for number, ((_options, words), result) in enumerate(zip(probes, results)):
        assert result.get("failed") is True and result.get("changed") is not True, (number, result)
        for word in words:
            assert word in result["msg"], (number, word, result["msg"])
        assert not result.get("commands"), number
    assert [c for c in lab.commands() if c["mode"].startswith("config") or c["command"].startswith("conf")] == []
    assert lab.running_config() == before


def test_empty_lists_built_in_groups_and_slash_zero_are_refused(asa_lab_factory, run_playbook, tmp_path):
    probes = [
        (dict(LIVE, local_networks=[], remote_networks=[]), ["local_networks is empty"]),
        (dict(NEW, local_networks=[], remote_networks=[]), ["local_networks is empty"]),
        (dict(LIVE, peer="203.0.113.20", group_policy="DfltGrpPolicy"), ["group_policy", "default group-policy"]),
        (dict(NEW, tunnel_group="DefaultL2LGroup"), ["tunnel_group", "built-in LAN-to-LAN"]),
        (dict(NEW, tunnel_group="DefaultRAGroup"), ["tunnel_group", "built-in remote-access"]),
        (dict(NEW, local_networks=["0.0.0.0/0"], remote_networks=["0.0.0.0/0"]),
         ["local_networks[0]: 0.0.0.0/0", "never widens a crypto ACL to any"]),
        (dict(NEW, local_networks=["10.1.0.0/16"], remote_networks=["0.0.0.0/0"],
              nat_exemption={"inside_interface": "LAN", "outside_interface": "INTERNET"}),
         ["remote_networks[0]: 0.0.0.0/0", "internet traffic"]),
    ]
    refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path, SEED_CONFIG, probes, "harmful")


def test_a_vti_route_holding_a_tunnel_destination_is_refused(asa_lab_factory, run_playbook, tmp_path):
    probes = [
        (dict(tunnel_interface="Tunnel1", routes=[{"network": "203.0.113.40/32", "gateway": "169.254.21.1"}]),
         ["routes[0].network", "the tunnel destination of Tunnel1"]),
        (dict(tunnel_interface="Tunnel1",
              routes=[{"network": "0.0.0.0/0", "gateway": "169.254.21.1", "metric": 5}]),
         ["routes[0].network: 0.0.0.0/0", "IKE and ESP packets"]),
    ]
    refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path, lab_config("vti_bgp"), probes, "vti_loop")


def test_a_yaml_bool_for_pfs_group_or_tcp_mss_is_refused(asa_lab_factory, run_playbook, tmp_path):
    """False equals 0 (review s41): `pfs_group: false` removed the live entry's PFS and `tcp_mss: false` planned the
    global `sysopt connection tcpmss 0`; in a `tunnels` item too."""
    config = SEED_CONFIG.replace("crypto map CRYPTO-MAP 2 set peer 203.0.113.20",
                                 "crypto map CRYPTO-MAP 2 set peer 203.0.113.20\ncrypto map CRYPTO-MAP 2 set pfs group14")
    probes = [
        (dict(LIVE, pfs_group=False), ["pfs_group must be a number", "0 removes PFS"]),
        (dict(LIVE, tcp_mss=False), ["tcp_mss must be a number", "every interface"]),
        (dict(tunnels=[dict(LIVE, name="spoke", pfs_group=False)]), ["pfs_group must be a number"]),
    ]
    refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path, config, probes, "bools")


def test_bgp_asns_azure_refuses_are_refused_before_router_bgp_is_sent(asa_lab_factory, run_playbook, tmp_path):
    """An ASN Azure reserves (or IANA's AS_TRANS) for the ASA, one no Azure gateway has for the neighbor, or the ASA's
    own ASN for the neighbor (iBGP, which Azure does not do) passed the 1-4294967295 range check: `router bgp 65517`
    and a neighbor that never comes up were configured, and only the next check said BGP_ASN_RESERVED/MISMATCH."""
    neighbor = dict(tunnel_interface="Tunnel1")
    probes = [
        (dict(neighbor, bgp={"asn": 65517, "neighbor": "169.254.100.2", "remote_as": 65515}),
         ["bgp.asn 65517", "Azure reserves", "64512-65514"]),
        (dict(neighbor, bgp={"asn": 23456, "neighbor": "169.254.100.2", "remote_as": 65515}),
         ["bgp.asn 23456", "IANA reserves"]),
        (dict(neighbor, bgp={"asn": 65010, "neighbor": "169.254.100.2", "remote_as": 8075}),
         ["bgp.remote_as 8075", "no Azure VPN gateway has"]),
        (dict(neighbor, bgp={"asn": 65010, "neighbor": "169.254.100.2", "remote_as": 65010}),
         ["bgp.remote_as 65010 is bgp.asn", "eBGP only"]),
    ]
    refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path, lab_config("vti_static"), probes, "asns")


def test_a_bgp_neighbor_that_is_no_peer_is_refused_before_anything_is_sent(asa_lab_factory, run_playbook, tmp_path):
    """bgp.neighbor checked only for syntax and the tunnel's own address: the ASA's inside address, the broadcast
    address of the tunnel's /30, 255.255.255.255 or a loopback were configured as a neighbor that never comes up."""
    tunnel = dict(tunnel_interface="Tunnel1")
    probes = [
        (dict(tunnel, bgp={"asn": 65010, "neighbor": "10.30.0.1", "remote_as": 65515}),
         ["bgp.neighbor: 10.30.0.1 is the address interface GigabitEthernet0/1 has"]),
        (dict(tunnel, bgp={"asn": 65010, "neighbor": "169.254.100.3", "remote_as": 65515}),
         ["169.254.100.3 is the broadcast address of the tunnel's subnet"]),
        (dict(tunnel, bgp={"asn": 65010, "neighbor": "255.255.255.255", "remote_as": 65515}),
         ["bgp.neighbor: 255.255.255.255 is a broadcast address"]),
        (dict(tunnel, routes=[{"network": "10.60.0.0/16", "gateway": "127.0.0.1"}]),
         ["routes[0].gateway: 127.0.0.1 is a loopback address"]),
    ]
    refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path, lab_config("vti_static"), probes, "neighbors")


def test_a_tunnel_address_no_interface_can_have_is_refused(asa_lab_factory, run_playbook, tmp_path):
    """tunnel_address was checked for IPv4, a prefix length and the subnet's network/broadcast address only: a
    loopback, multicast, class E or 0.0.0.0/8 address was sent as Tunnel1's `ip address`."""
    probes = [
        (dict(tunnel_interface="Tunnel1", tunnel_address=address), ["tunnel_address: %s is a %s" % (address.split("/", maxsplit=1)[0], kind)])
        for address, kind in (("127.0.0.2/30", "loopback"), ("224.0.0.1/30", "multicast"),
                              ("240.0.0.1/30", "reserved"), ("0.0.0.1/30", '"this network"'))
    ]
    refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path, lab_config("vti_static"), probes, "addresses")
