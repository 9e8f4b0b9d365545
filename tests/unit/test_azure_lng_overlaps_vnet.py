# -*- coding: utf-8 -*-
"""No Azure fix proposes a local network gateway address space that overlaps what the gateway has behind it (the VNet,
its gateway subnet, the peered VNets using its gateway): Microsoft documents that a duplicate range on both sides of
the connection routes traffic unexpectedly (includes/vpn-gateway-cross-premises.md), and Azure's answer to overlapping
ranges is NAT, which no prefix list gives. The fix is refused as unsupported, naming the gateway, the prefix and the
VNet range it overlaps, and the report tells to change the other end instead."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation import azure_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent

# VNet UKSouth-VNet 172.16.0.0/16 (its GatewaySubnet within it), local network gateway HQ-LNG 10.0.0.0/8
SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "azure_resources.json")


def _end():
    with open(SEED) as handle:
        ends, _findings = azure_tunnel_ends(json.load(handle))
    return ends[0]


REFUSED = [
    (intent("remote_networks", networks=["10.0.0.0/8", "172.16.5.0/24"]), "172.16.5.0/24 overlaps 172.16.0.0/16"),
    (intent("remote_networks", networks=["172.0.0.0/8"]), "172.0.0.0/8 overlaps 172.16.0.0/16"),
    (intent("remote_networks", networks=["172.16.0.0/16"]), "172.16.0.0/16 overlaps 172.16.0.0/16"),
    (intent("route", network="172.16.255.0/27", next_hop="169.254.21.1"), "172.16.255.0/27 overlaps 172.16.0.0/16"),
]


@pytest.mark.parametrize("fix, says", REFUSED, ids=range(len(REFUSED)))
def test_an_address_space_overlapping_the_vnet_is_never_proposed(fix, says):
    changes = azure_remediation(_end(), [fix])
    assert "local_network_gateway" not in changes and "az" not in changes and "powershell" not in changes
    assert ("local network gateway HQ-LNG (connection UKSouth-HQ-S2S): %s, an address range of virtual network "
            "UKSouth-VNet behind the gateway" % says) in changes["unsupported"]
    assert changes["unsupported"].endswith("change the other end instead.")


@pytest.mark.parametrize("fix", [intent("remote_networks", networks=["10.0.0.0/9", "192.168.0.0/16"]),
                                 intent("route", network="192.168.0.0/16", next_hop="169.254.21.1")],
                         ids=range(2))
def test_an_address_space_beside_the_vnet_is_proposed(fix):
    changes = azure_remediation(_end(), [fix])
    assert "unsupported" not in changes
    assert changes["local_network_gateway"]["properties"]["localNetworkAddressSpace"]["addressPrefixes"]
