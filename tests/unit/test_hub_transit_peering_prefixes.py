# -*- coding: utf-8 -*-
"""A hub VNet exported without its spokes (one resource group per export, or spokes in another subscription): the
hub's own peering holds what gateway transit carries. A peering in state Connected whose hub side allows gateway
transit names the spoke's address space in remoteAddressSpace (the address space peered) and
remoteVirtualNetworkAddressSpace (the spoke's current one; VirtualNetworkPeeringPropertiesFormat, Azure REST API
2024-05-01). Those prefixes are Azure's networks: Azure offers them as selectors and a fix naming them is no typo
(review s46: a crypto ACL missing a spoke got no ASA fix, "past the networks Azure has"). A transit peering that is
not Connected carries nothing and is named, not dropped without a word."""

import copy

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import load_resources
from scenario_builders import SUB, asa_config, azure_resources
from test_scenarios import report_for

SPOKE_ID = SUB.replace("/resourceGroups/RG/", "/resourceGroups/RG-APPS/") + "/virtualNetworks/APPS-VNet"
SPOKE_NET = "172.24.0.0/16"
ACL_TO_SPOKE = "access-list AZ-ACL extended permit ip object HQ-LAN 172.24.0.0 255.255.0.0"


def hub_only(resources, state="Connected", transit=True, spaces=("remoteAddressSpace",)):
    """The builder's export with one peering on its VNet (the hub) to a spoke the export does not hold."""
    resources = copy.deepcopy(resources)
    [vnet] = [r for r in resources if r["type"].endswith("/virtualNetworks")]
    peering = {"peeringState": state, "peeringSyncLevel": "FullyInSync", "allowGatewayTransit": transit,
               "useRemoteGateways": False, "allowVirtualNetworkAccess": True,
               "remoteVirtualNetwork": {"id": SPOKE_ID}}
    if state is None:
        del peering["peeringState"]
    for space in spaces:
        peering[space] = {"addressPrefixes": [SPOKE_NET]}
    vnet["properties"]["virtualNetworkPeerings"] = [{
        "name": "hub-to-apps", "id": vnet["id"] + "/virtualNetworkPeerings/hub-to-apps",
        "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "properties": peering}]
    return resources


def the_tunnel(asa, resources):
    [tunnel] = [t for t in report_for(asa, resources)["tunnels"] if t["azure"]]
    return tunnel


def the_end(resources):
    [end], findings = azure_tunnel_ends(load_resources(resources))
    return end, findings


@pytest.mark.parametrize("spaces", [("remoteAddressSpace",), ("remoteVirtualNetworkAddressSpace",),
                                    ("remoteAddressSpace", "remoteVirtualNetworkAddressSpace")])
def test_a_connected_transit_peering_puts_the_spoke_behind_azure(spaces):
    end, findings = the_end(hub_only(azure_resources(), spaces=spaces))
    assert findings == []
    assert end.local_networks == ["172.16.0.0/16", SPOKE_NET]
    assert [(t.local, t.remote) for t in end.traffic_selectors] == [
        ("172.16.0.0/16", "10.0.0.0/8"), (SPOKE_NET, "10.0.0.0/8")]


def test_an_acl_naming_the_spoke_passes():
    tunnel = the_tunnel(asa_config(acl_extra=ACL_TO_SPOKE), hub_only(azure_resources()))
    assert tunnel["verdict"] == "pass", tunnel["findings"]


def test_an_acl_missing_the_spoke_gets_a_proven_asa_fix():
    tunnel = the_tunnel(asa_config(), hub_only(azure_resources()))
    [finding] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert "172.24.0.0/16" in finding["summary"]
    assert finding["proof"]["asa"]["proven"] is True
    assert any("172.24.0.0 255.255.0.0" in line for line in finding["remediation"]["asa"])


def test_selector_policies_naming_the_spoke_are_not_narrowed_away():
    """The known symptom: Azure's trafficSelectorPolicies name the spoke; the ASA fix was refused as "past the
    networks" Azure has, and the Azure fix shown dropped the custom policies (the spoke out of the tunnel)."""
    policies = [{"localAddressRanges": ["172.16.0.0/16", SPOKE_NET], "remoteAddressRanges": ["10.0.0.0/8"]}]
    tunnel = the_tunnel(asa_config(), hub_only(azure_resources(ts_policies=policies)))
    [finding] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert finding["proof"]["asa"]["proven"] is True, finding["proof"]
    assert "azure" not in finding["remediation"], finding["remediation"]


@pytest.mark.parametrize("state", ["Initiated", "Disconnected", None])
def test_a_transit_peering_not_connected_is_named_and_not_counted(state):
    end, findings = the_end(hub_only(azure_resources(), state=state))
    assert end.local_networks == ["172.16.0.0/16"]
    [finding] = findings
    assert finding.severity == "info"
    assert "hub-to-apps" in finding.summary and SPOKE_NET in finding.summary
    assert (state or "no peeringState") in finding.summary


def test_no_transit_is_not_counted_nor_named():
    end, findings = the_end(hub_only(azure_resources(), transit=False))
    assert end.local_networks == ["172.16.0.0/16"] and findings == []


def with_spoke(resources, spoke_state="Connected"):
    """The spoke's own export too, its peering back to the hub using remote gateways."""
    [hub] = [r for r in resources if r["type"].endswith("/virtualNetworks")]
    return resources + [{
        "name": "APPS-VNet", "id": SPOKE_ID, "type": "Microsoft.Network/virtualNetworks", "location": "uksouth",
        "properties": {"addressSpace": {"addressPrefixes": [SPOKE_NET]}, "virtualNetworkPeerings": [{
            "name": "apps-to-hub", "properties": {"peeringState": spoke_state, "useRemoteGateways": True,
                                                  "allowGatewayTransit": False,
                                                  "remoteVirtualNetwork": {"id": hub["id"]}}}]}}]


@pytest.mark.parametrize("state", ["Initiated", "Disconnected"])
def test_a_hub_peering_not_connected_keeps_an_exported_spoke_out_and_says_so(state):
    """The spoke's side reads Connected (an export of another time): the hub's own peering is not, so no traffic
    flows (DOC_PEERING_STATE); the finding that says so is not contradicted by the spoke counted anyway."""
    end, [finding] = the_end(with_spoke(hub_only(azure_resources(), state=state)))
    assert end.local_networks == ["172.16.0.0/16"] and state in finding.summary


def test_a_hub_peering_of_no_state_defers_to_the_exported_spokes_peering():
    end, findings = the_end(with_spoke(hub_only(azure_resources(), state=None)))
    assert end.local_networks == ["172.16.0.0/16", SPOKE_NET] and findings == []
