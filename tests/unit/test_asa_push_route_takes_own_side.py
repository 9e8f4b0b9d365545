# -*- coding: utf-8 -*-
"""A VTI's routes[] that would take the ASA's own traffic into the tunnel are refused before anything is sent, as a
crypto map's remote_networks are (test_asa_push_hostile_prefixes): a route inside (or equal to) a connected network
takes that part off its interface, as the ASA routes by the longest prefix. A summary holding a whole connected network
leaves it where it is (the connected network is the longer prefix) and is planned. The message names the interface and
its ``ip address`` line."""

import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti

HERE = os.path.dirname(__file__)
# outside 198.51.100.10/24, inside 10.10.0.1/16, Tunnel1 169.254.21.2/30, Tunnel2 169.254.22.2/30
VTI_CONFIG = os.path.join(HERE, "..", "lab", "asa_ssh", "configs", "vti_bgp.txt")
SECRET = "Abcdefgh12345678xyz"


def _config():
    with open(VTI_CONFIG) as handle:
        return handle.read()


def _routes(*networks, gateway="169.254.21.1"):
    return dict(tunnel_interface="Tunnel1", routes=[{"network": n, "gateway": gateway} for n in networks])


# (options, what the message says)
REFUSED = [
    (_routes("10.10.128.0/17"),
     "routes[0].network: 10.10.128.0/17 is within 10.10.0.0/16, the network of interface GigabitEthernet0/1 "
     "(ip address 10.10.0.1 255.255.0.0): the route would take the ASA's own traffic into Tunnel1"),
    (_routes("10.30.0.0/16", "10.10.0.1/32"),
     "routes[1].network: 10.10.0.1/32 is within 10.10.0.0/16, the network of interface GigabitEthernet0/1"),
    (_routes("10.10.0.0/16"), "routes[0].network: 10.10.0.0/16 is within 10.10.0.0/16"),
    # the subnet the tunnel leaves by: its next hop to every peer
    (_routes("198.51.100.0/25"),
     "routes[0].network: 198.51.100.0/25 is within 198.51.100.0/24, the network of interface GigabitEthernet0/0"),
    # the other instance's tunnel subnet: its BGP session would go through this tunnel
    (_routes("169.254.22.0/30"), "the network of interface Tunnel2 (ip address 169.254.22.2 255.255.255.252)"),
    # a new tunnel, its routes checked the same way
    (dict(tunnel_interface="Tunnel3", tunnel_nameif="x3", tunnel_address="169.254.23.2/30",
          tunnel_source_interface="outside", peer="203.0.113.50", ipsec_profile="AZURE-VTI",
          routes=[{"network": "10.10.5.0/24", "gateway": "169.254.23.1"}]),
     "routes[0].network: 10.10.5.0/24 is within 10.10.0.0/16, the network of interface GigabitEthernet0/1"),
]


@pytest.mark.parametrize("options, says", REFUSED, ids=range(len(REFUSED)))
def test_a_route_over_a_connected_network_is_refused_before_the_first_line(options, says):
    assert option_error(options) is None
    with pytest.raises(IntentError) as refused:
        plan_vti(_config(), dict(options, pre_shared_key=SECRET))
    assert says in str(refused.value)


ACCEPTED = [
    _routes("10.30.0.0/16"),
    _routes("169.254.21.0/30"),  # the tunnel's own subnet is its own
    _routes("10.30.0.254/32", "10.31.0.0/16"),
    _routes("10.0.0.0/8"),  # a summary: the inside 10.10.0.0/16 is the longer prefix and stays on the inside
]


@pytest.mark.parametrize("options", ACCEPTED, ids=range(len(ACCEPTED)))
def test_routes_to_networks_behind_the_peer_are_planned(options):
    plan = plan_vti(_config(), dict(options, pre_shared_key=SECRET))
    assert any(line.startswith("route azure-vti0 ") for line in plan.commands)
