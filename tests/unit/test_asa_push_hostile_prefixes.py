# -*- coding: utf-8 -*-
"""Values that pass every syntax check but would leave the ASA in a state nobody asked for are refused before
anything is sent, with a message naming the option (review s39 rev2, 6-11): mixed address families, host bits, a
prefix given twice, a peer that cannot be one, a route gateway off the tunnel's subnet, local and remote networks
that overlap, and (from the running config) a tunnel_address on another interface's subnet, a second VTI with the
same source and destination, the ASA's own address as peer and a remote network the ASA is on."""

import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import planned
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree, IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_state import ipv4_prefix_problem

HERE = os.path.dirname(__file__)
SEED = os.path.join(HERE, "..", "..", "examples", "seed-asa-azure-pfs", "asa_running_config.txt")
VTI_CONFIG = os.path.join(HERE, "..", "lab", "asa_ssh", "configs", "vti_bgp.txt")
ENTRY = dict(crypto_map="CRYPTO-MAP", seq=10, peer="203.0.113.99", local_networks=["10.0.0.0/8"],
             remote_networks=["172.16.0.0/16"])
NAT = {"inside_interface": "LAN", "outside_interface": "INTERNET"}
VTI = dict(tunnel_interface="Tunnel1")
NEW_VTI = dict(tunnel_interface="Tunnel3", tunnel_nameif="x3", tunnel_address="169.254.23.2/30",
               tunnel_source_interface="outside", peer="203.0.113.50", ipsec_profile="AZURE-VTI")


def _read(path):
    with open(path) as handle:
        return handle.read()


# (options over ENTRY or VTI, what the message says)
REFUSED = [
    (dict(ENTRY, remote_networks=["2001:db8::/32"]),
     "local_networks[0] is IPv4 and remote_networks[0] is IPv6: no packet is both"),
    (dict(ENTRY, nat_exemption=dict(NAT, local_networks=["10.0.0.0/8"], remote_networks=["2001:db8::/32"])),
     "nat_exemption.local_networks[0] is IPv4 and nat_exemption.remote_networks[0] is IPv6"),
    (dict(ENTRY, local_networks=["10.1.2.3/8"]),
     "local_networks[0]: '10.1.2.3/8' has host bits set (the prefix is 10.0.0.0/8)"),
    (dict(ENTRY, remote_networks=["172.16.0.0/16", "172.16.5.1/16"]),
     "remote_networks[1]: '172.16.5.1/16' has host bits set (the prefix is 172.16.0.0/16)"),
    (dict(ENTRY, nat_exemption=dict(NAT, local_networks=["10.1.2.3/8"])),
     "nat_exemption.local_networks[0]: '10.1.2.3/8' has host bits set"),
    (dict(VTI, routes=[{"network": "10.30.0.0/16", "gateway": "169.254.21.1"},
                       {"network": "10.31.2.3/16", "gateway": "169.254.21.1"}]),
     "routes[1].network: '10.31.2.3/16' has host bits set (the prefix is 10.31.0.0/16)"),
    (dict(VTI, bgp={"asn": 65010, "networks": ["10.10.0.1/16"]}),
     "bgp.networks[0]: '10.10.0.1/16' has host bits set"),
    (dict(ENTRY, local_networks=["10.0.0.0/8", "10.0.0.0/8"]),
     "local_networks[1]: '10.0.0.0/8' is local_networks[0] again (10.0.0.0/8): give each prefix once"),
    (dict(ENTRY, remote_networks=["172.16.0.1", "172.16.0.1/32"]),
     "remote_networks[1]: '172.16.0.1/32' is remote_networks[0] again"),
    (dict(VTI, bgp={"asn": 65010, "networks": ["10.10.0.0/16", "10.10.0.0/16"]}), "bgp.networks[1]"),
    (dict(ENTRY, peer="255.255.255.255"), "peer: 255.255.255.255 is a broadcast address"),
    (dict(ENTRY, peer="127.0.0.1"), "peer: 127.0.0.1 is a loopback address"),
    (dict(ENTRY, peer="169.254.1.1"), "peer: 169.254.1.1 is a link-local address"),
    (dict(ENTRY, peer="240.0.0.1"), "peer: 240.0.0.1 is a reserved address"),
    (dict(ENTRY, peer="224.0.0.5"), "peer: '224.0.0.5' is not a unicast address"),
    (dict(VTI, peer="127.0.0.1"), "peer: 127.0.0.1 is a loopback address"),
    (dict(VTI, tunnel_address="169.254.21.2/30", routes=[{"network": "10.30.0.0/16", "gateway": "8.8.8.8"}]),
     "routes[0].gateway: 8.8.8.8 is not on the tunnel's subnet 169.254.21.0/30 (tunnel_address)"),
    (dict(ENTRY, local_networks=["10.0.0.0/8"], remote_networks=["10.1.0.0/16"]),
     "local_networks[0] (10.0.0.0/8) and remote_networks[0] (10.1.0.0/16) overlap"),
    (dict(ENTRY, local_networks=["192.168.0.0/24", "10.0.0.0/8"], remote_networks=["10.0.0.0/8"]),
     "local_networks[1] (10.0.0.0/8) and remote_networks[0] (10.0.0.0/8) overlap: the tunnel would take traffic of "
     "the ASA's own side"),
    (dict(ENTRY, nat_exemption=dict(NAT, remote_networks=["10.2.0.0/16"])),
     "local_networks[0] (10.0.0.0/8) and nat_exemption.remote_networks[0] (10.2.0.0/16) overlap"),
]


@pytest.mark.parametrize("options, says", REFUSED, ids=range(len(REFUSED)))
def test_values_the_tunnel_could_not_use_are_refused_before_planning(options, says):
    assert says in (option_error(options) or "")


def test_the_asa_refuses_host_bits_as_azure_vpn_connection_does():
    problem = ipv4_prefix_problem("10.1.2.3/8")
    assert problem == "has host bits set (the prefix is 10.0.0.0/8)"
    assert problem in option_error(dict(ENTRY, local_networks=["10.1.2.3/8"]))


def test_a_removal_is_not_refused_for_the_networks_it_names():
    # state absent takes off what the entry has: networks that overlap are no reason to keep a bad tunnel
    assert option_error(dict(ENTRY, state="absent", remote_networks=["10.1.0.0/16"])) is None


# (planner, config, options, what the message says): the running config refutes them
CONFIG_REFUSED = [
    (plan_present, SEED, dict(ENTRY, peer="198.51.100.10"),
     "peer: 198.51.100.10 is the ASA's own address (interface GigabitEthernet0/0, ip address 198.51.100.10 "
     "255.255.255.248)"),
    (plan_present, SEED, dict(ENTRY, local_networks=["192.168.50.0/24"], remote_networks=["10.1.128.0/17"]),
     "remote_networks[0] (10.1.128.0/17) overlaps 10.1.0.0/16, the network of interface GigabitEthernet0/1 "
     "(ip address 10.1.0.1 255.255.0.0)"),
    (plan_vti, VTI_CONFIG, dict(NEW_VTI, tunnel_address="10.10.5.1/30"),
     "tunnel_address: 10.10.5.1/30 overlaps 10.10.0.0/16, the network of interface GigabitEthernet0/1 "
     "(ip address 10.10.0.1 255.255.0.0)"),
    (plan_vti, VTI_CONFIG, dict(NEW_VTI, tunnel_address="169.254.22.1/30"),
     "tunnel_address: 169.254.22.1/30 overlaps 169.254.22.0/30, the network of interface Tunnel2"),
    (plan_vti, VTI_CONFIG, dict(NEW_VTI, peer="203.0.113.40"),
     "interface Tunnel1 already tunnels from outside to 203.0.113.40"),
    (plan_vti, VTI_CONFIG, dict(NEW_VTI, peer="198.51.100.10"),
     "peer: 198.51.100.10 is the ASA's own address (interface GigabitEthernet0/0"),
    (plan_vti, VTI_CONFIG, dict(VTI, routes=[{"network": "10.30.0.0/16", "gateway": "8.8.8.8"}]),
     "routes[0].gateway: 8.8.8.8 is not on the tunnel's subnet 169.254.21.0/30 (the address interface Tunnel1 "
     "has)"),
]


@pytest.mark.parametrize("plan, path, options, says", CONFIG_REFUSED, ids=range(len(CONFIG_REFUSED)))
def test_values_the_running_config_refutes_are_refused_before_the_first_line(plan, path, options, says):
    assert option_error(options) is None
    with pytest.raises(IntentError) as refused:
        plan(_read(path), dict(options, pre_shared_key="Abcdefgh12345678xyz"))
    assert says in str(refused.value)


# what still plans: the same values used rightly
ACCEPTED = [
    (plan_present, SEED, dict(ENTRY, local_networks=["10.1.0.0/16", "10.3.0.0/16"], remote_networks=["172.16.0.1"])),
    (plan_vti, VTI_CONFIG, dict(NEW_VTI)),  # its own subnet, another destination
    (plan_vti, VTI_CONFIG, dict(VTI, tunnel_address="169.254.21.2/30", peer="203.0.113.40",
                                routes=[{"network": "10.30.0.0/16", "gateway": "169.254.21.1"}])),
    (plan_vti, VTI_CONFIG, dict(VTI, routes=[{"network": "10.30.0.0/16", "gateway": "169.254.21.1"}])),
]


@pytest.mark.parametrize("plan, path, options", ACCEPTED, ids=range(len(ACCEPTED)))
def test_the_same_values_used_rightly_are_planned(plan, path, options):
    assert option_error(options) is None
    assert plan(_read(path), dict(options, pre_shared_key="Abcdefgh12345678xyz")).commands


def test_the_next_end_of_a_batch_is_checked_against_the_interfaces_the_end_before_adds():
    """A batch plans each end on the tree the end before would leave (config_parts.planned); the index of the
    interfaces' addresses is carried to it, with the new tunnel's address and destination in it."""
    tree = ConfigTree.of(_read(VTI_CONFIG))
    first = plan_vti(tree, dict(NEW_VTI, pre_shared_key="Abcdefgh12345678xyz"))
    after = planned(tree, first)
    assert after is not tree and after.get("interface Tunnel3") is not None
    for options, says in ((dict(NEW_VTI, tunnel_interface="Tunnel4", tunnel_nameif="x4", tunnel_address="169.254.23.1/30",
                                peer="203.0.113.51"),
                           "tunnel_address: 169.254.23.1/30 overlaps 169.254.23.0/30, the network of interface Tunnel3"),
                          (dict(NEW_VTI, tunnel_interface="Tunnel4", tunnel_nameif="x4",
                                tunnel_address="169.254.24.2/30"),
                           "interface Tunnel3 already tunnels from outside to 203.0.113.50")):
        with pytest.raises(IntentError) as refused:
            plan_vti(after, dict(options, pre_shared_key="Abcdefgh12345678xyz"))
        assert says in str(refused.value)
    # the tree planned on first is left as it was: Tunnel3 is not in its index
    assert plan_vti(tree, dict(NEW_VTI, tunnel_interface="Tunnel4", tunnel_nameif="x4",
                               pre_shared_key="Abcdefgh12345678xyz")).commands
