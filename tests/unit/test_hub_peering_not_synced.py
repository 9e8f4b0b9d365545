# -*- coding: utf-8 -*-
"""A spoke's address space grown (or shrunk) after its hub peering was made: Azure lets a peered VNet's address space
change, and the hub's peering link to it then holds the old one (remoteAddressSpace, "the address space peered")
until it is synced (peeringSyncLevel LocalNotInSync; Sync-AzVirtualNetworkPeering / az network vnet peering sync on
the hub). The hub - and its gateway, through gateway transit - has only what the peering holds: the spoke's new range
is not behind Azure yet. Both exports in hand, the spoke's current address space was counted instead (review s47),
so an ASA selector for the new range passed while its traffic had no route in Azure."""

import copy

from test_hub_transit_peering_prefixes import SPOKE_NET, hub_only, the_end, the_tunnel, with_spoke
from scenario_builders import asa_config, azure_resources

NEW_RANGE = "172.25.0.0/16"
ACL_TO_BOTH = ("access-list AZ-ACL extended permit ip object HQ-LAN 172.24.0.0 255.255.0.0\n"
               "access-list AZ-ACL extended permit ip object HQ-LAN 172.25.0.0 255.255.0.0")


def grown_spoke(sync_level="LocalNotInSync"):
    """Hub and spoke exported together; the spoke has a second range its hub peering does not hold yet."""
    resources = copy.deepcopy(with_spoke(hub_only(azure_resources())))
    [hub, spoke] = [r for r in resources if r["type"].endswith("/virtualNetworks")]
    spoke["properties"]["addressSpace"]["addressPrefixes"].append(NEW_RANGE)
    peering = hub["properties"]["virtualNetworkPeerings"][0]["properties"]
    peering["remoteVirtualNetworkAddressSpace"] = {"addressPrefixes": [SPOKE_NET, NEW_RANGE]}
    if sync_level is None:
        del peering["peeringSyncLevel"]
    else:
        peering["peeringSyncLevel"] = sync_level
    return resources


def test_a_range_the_hub_peering_does_not_hold_is_not_behind_azure_and_is_named():
    end, [finding] = the_end(grown_spoke())
    assert end.local_networks == ["172.16.0.0/16", SPOKE_NET]
    assert (finding.code, finding.severity) == ("ROUTE_MISSING", "warning")
    assert NEW_RANGE in finding.summary and "LocalNotInSync" in finding.summary
    assert "az network vnet peering sync" in finding.summary and "hub-to-apps" in finding.summary
    texts = [line["text"] for line in finding.evidence["azure"]["lines"]]
    assert any("remoteAddressSpace.addressPrefixes" in t and NEW_RANGE not in t for t in texts), texts
    assert any("APPS-VNet: addressSpace.addressPrefixes" in t and NEW_RANGE in t for t in texts), texts


def test_without_a_sync_level_the_address_lists_still_tell():
    end, [finding] = the_end(grown_spoke(sync_level=None))
    assert end.local_networks == ["172.16.0.0/16", SPOKE_NET] and NEW_RANGE in finding.summary


def test_an_asa_selector_for_the_unsynced_range_does_not_pass():
    tunnel = the_tunnel(asa_config(acl_extra=ACL_TO_BOTH), grown_spoke())
    assert tunnel["verdict"] != "pass"
    assert any(f["code"] == "ROUTE_MISSING" and NEW_RANGE in f["summary"] for f in tunnel["findings"])


def test_a_range_removed_from_the_spoke_stays_counted_until_synced_and_is_named():
    resources = grown_spoke()
    [hub, spoke] = [r for r in resources if r["type"].endswith("/virtualNetworks")]
    spoke["properties"]["addressSpace"]["addressPrefixes"] = [NEW_RANGE]
    hub["properties"]["virtualNetworkPeerings"][0]["properties"]["remoteAddressSpace"] = {
        "addressPrefixes": [SPOKE_NET, NEW_RANGE]}
    end, [finding] = the_end(resources)
    assert end.local_networks == ["172.16.0.0/16", NEW_RANGE, SPOKE_NET]
    assert SPOKE_NET in finding.summary and "no longer in" in finding.summary


def test_a_synced_peering_says_nothing():
    resources = grown_spoke(sync_level="FullyInSync")
    [hub, _spoke] = [r for r in resources if r["type"].endswith("/virtualNetworks")]
    hub["properties"]["virtualNetworkPeerings"][0]["properties"]["remoteAddressSpace"] = {
        "addressPrefixes": [SPOKE_NET, NEW_RANGE]}
    end, findings = the_end(resources)
    assert end.local_networks == ["172.16.0.0/16", SPOKE_NET, NEW_RANGE] and findings == []


def test_a_hub_exported_alone_names_the_range_its_peering_does_not_hold():
    # the spoke's export is elsewhere: the hub's peering still tells its current address space apart
    resources = hub_only(azure_resources(), spaces=("remoteAddressSpace",))
    [hub] = [r for r in resources if r["type"].endswith("/virtualNetworks")]
    peering = hub["properties"]["virtualNetworkPeerings"][0]["properties"]
    peering["remoteVirtualNetworkAddressSpace"] = {"addressPrefixes": [SPOKE_NET, NEW_RANGE]}
    peering["peeringSyncLevel"] = "LocalNotInSync"
    end, [finding] = the_end(resources)
    assert end.local_networks == ["172.16.0.0/16", SPOKE_NET]
    assert finding.code == "ROUTE_MISSING" and NEW_RANGE in finding.summary and "APPS-VNet" in finding.summary
    texts = [line["text"] for line in finding.evidence["azure"]["lines"]]
    assert any("remoteVirtualNetworkAddressSpace" in t and NEW_RANGE in t for t in texts), texts
