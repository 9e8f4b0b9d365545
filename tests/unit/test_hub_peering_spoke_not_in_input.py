# -*- coding: utf-8 -*-
"""A hub VNet's peering that allows gateway transit to a VNet the export does not hold: the spoke may use the
gateway, and then its prefixes are behind Azure too. Exported per resource group, such a hub passed while the same
deployment with the spoke's file failed (review 2026-12-06). It is now an UNDEFINED_REFERENCE (warning) naming the
peering and the prefixes the hub's peering gives."""

import copy

from scenario_builders import SUB, asa_config, azure_resources
from test_scenarios import report_for

SPOKE_ID = SUB.replace("/resourceGroups/RG/", "/resourceGroups/RG-SPOKE/") + "/virtualNetworks/SPOKE"


def with_peering(resources, transit=True, spoke=None, space=("10.50.0.0/16",)):
    resources = copy.deepcopy(resources)
    [vnet] = [r for r in resources if r["type"].endswith("/virtualNetworks")]
    vnet["properties"]["virtualNetworkPeerings"] = [{
        "name": "hub-to-spoke", "id": vnet["id"] + "/virtualNetworkPeerings/hub-to-spoke",
        "properties": {"peeringState": "Connected", "allowGatewayTransit": transit, "useRemoteGateways": False,
                       "remoteVirtualNetwork": {"id": SPOKE_ID},
                       "remoteAddressSpace": {"addressPrefixes": list(space)}}}]
    return resources + ([spoke] if spoke else [])


def found(resources):
    [tunnel] = [t for t in report_for(asa_config(), resources)["tunnels"] if t["azure"]]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "UNDEFINED_REFERENCE"]


def test_a_transit_peering_to_a_vnet_not_in_the_input_without_its_address_space_is_named():
    tunnel, [finding] = found(with_peering(azure_resources(), space=()))
    assert finding["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert "peering hub-to-spoke allows gateway transit to %s, which is not in" % SPOKE_ID in finding["summary"]


def test_a_transit_peering_that_gives_the_address_space_is_not_named():
    assert found(with_peering(azure_resources()))[1] == []


def test_no_transit_or_the_spoke_in_the_input_is_not_named():
    assert found(with_peering(azure_resources(), transit=False))[1] == []
    spoke = {"name": "SPOKE", "id": SPOKE_ID, "type": "Microsoft.Network/virtualNetworks", "location": "uksouth",
             "properties": {"addressSpace": {"addressPrefixes": ["10.50.0.0/16"]}, "virtualNetworkPeerings": []}}
    tunnel, named = found(with_peering(azure_resources(), spoke=spoke))
    assert named == [] and tunnel["verdict"] == "pass"
