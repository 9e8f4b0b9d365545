# -*- coding: utf-8 -*-
"""An active-active gateway that also serves point-to-site has a third ipConfiguration with its own public IP
("If you have an active-active mode gateway, you need to specify a third public IP address to configure
point-to-site", MicrosoftDocs/azure-docs includes/vpn-gateway-third-public-ip-portal-include.md; the Azure Verified
Module avm/res/network/virtual-network-gateway adds it as the third ipConfiguration, beside vpnClientConfiguration,
and names only the first two in bgpPeeringAddresses). Its site-to-site tunnels still end on two instances: the third
configuration was read as a third tunnel end, with an INVALID_VALUE saying an active-active gateway has two."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

from azure_arm_builders import GW_ID, NET, VNET_ID, export, resource

P2S_PIP = NET + "/publicIPAddresses/HUB-VNG-pip3"


def _with_p2s(data, client_configuration=True):
    gateway = resource(data, "virtualNetworkGateways")
    gateway["ipConfigurations"].append({
        "name": "p2sConfig", "id": GW_ID + "/ipConfigurations/p2sConfig",
        "properties": {"privateIPAllocationMethod": "Dynamic", "publicIPAddress": {"id": P2S_PIP},
                       "subnet": {"id": VNET_ID + "/subnets/GatewaySubnet"}}})
    if client_configuration:
        gateway["vpnClientConfiguration"] = {"vpnClientAddressPool": {"addressPrefixes": ["172.31.200.0/24"]},
                                             "vpnClientProtocols": ["OpenVPN"]}
    data.append({"name": "HUB-VNG-pip3", "id": P2S_PIP, "type": "Microsoft.Network/publicIPAddresses",
                 "location": "westeurope", "properties": {"ipAddress": "203.0.113.32",
                                                          "publicIPAllocationMethod": "Static"}})
    return data


def test_the_point_to_site_configuration_is_no_third_tunnel_end():
    facts = azure_facts_from_data(_with_p2s(export()))
    assert [t["local_address"] for t in facts["tunnels"]] == ["203.0.113.30", "203.0.113.31"]
    assert [(t["ref"]["instance"], t["ref"]["instance_count"]) for t in facts["tunnels"]] == [(0, 2), (1, 2)]
    assert [f["code"] for f in facts["findings"]] == []


def test_three_configurations_without_point_to_site_are_still_named():
    facts = azure_facts_from_data(_with_p2s(export(), client_configuration=False))
    (finding,) = [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]
    assert "the 2 ipConfigurations an active-active gateway has" in finding["summary"]
