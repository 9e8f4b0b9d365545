# -*- coding: utf-8 -*-
"""Route-based Azure connections: active-active instances and BGP, as the Azure
adapter reads them, and as they travel through the facts."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import tunnel_end_from_dict

from azure_arm_builders import CONN, export, resource


def read(data):
    return azure_tunnel_ends(data)


def codes(findings):
    return sorted(f.code for f in findings)


def test_active_active_bgp_gives_each_instance_its_own_addresses():
    ends, findings = read(export())
    assert findings == []
    assert [e.name for e in ends] == [CONN, CONN]
    first, second = ends
    assert (first.ref["instance"], first.ref["instance_count"], first.local_address) == (0, 2, "203.0.113.30")
    assert (second.ref["instance"], second.ref["instance_count"], second.local_address) == (1, 2, "203.0.113.31")
    # an APIPA neighbor: Azure peers from the instance's APIPA address, not its GatewaySubnet one
    assert first.bgp.local_addresses == ("169.254.21.1",)
    assert second.bgp.local_addresses == ("169.254.22.1",)
    for end in ends:
        assert (end.bgp.asn, end.bgp.peer_asn, end.bgp.peer_address) == (65515, 65010, "169.254.21.2")
        assert end.bgp.multihop > 1  # Azure peers with a neighbor that is not on its subnet
        assert end.bgp.advertised == ["10.20.0.0/16"]
        assert end.bgp.import_filter is None
        assert end.route_based is True and end.any_to_any is True
        assert end.routed_networks == ["192.168.0.0/20", "169.254.21.2/32"]
        assert end.unknowns == ()


def test_non_apipa_neighbor_peers_with_the_default_gateway_subnet_address():
    ends, findings = read(export(lng_bgp={"asn": 65010, "bgpPeeringAddress": "192.168.15.254"}))
    assert findings == []
    assert [e.bgp.local_addresses for e in ends] == [("10.20.255.30",), ("10.20.255.31",)]
    assert ends[0].routed_networks == ["192.168.0.0/20", "192.168.15.254/32"]


def test_gateway_without_asn_uses_azure_default_65515():
    ends, _findings = read(export(gateway_asn=None))
    assert ends[0].bgp.asn == 65515
    assert any("bgpSettings.asn not set (Azure default 65515)" in s.text for s in ends[0].bgp.source)


def test_active_standby_gateway_gives_one_end_with_legacy_peering_address():
    data = export(active_active=False, lng_bgp={"asn": 65010, "bgpPeeringAddress": "192.168.15.254"})
    del resource(data, "virtualNetworkGateways")["bgpSettings"]["bgpPeeringAddresses"]
    ends, findings = read(data)
    assert findings == []
    [end] = ends
    assert (end.ref["instance"], end.ref["instance_count"]) == (0, 1)
    assert end.bgp.local_addresses == ("10.20.255.30",)


def test_without_enable_bgp_there_is_no_bgp_and_lng_prefixes_are_routed():
    ends, findings = read(export(enable_bgp=False))
    assert findings == []
    assert all(e.bgp is None for e in ends)
    assert ends[0].routed_networks == ["192.168.0.0/20"]
    assert ends[0].route_based is True


def test_policy_selectors_make_the_connection_not_route_based():
    ends, _findings = read(export(enable_bgp=False, connection={"usePolicyBasedTrafficSelectors": True}))
    assert all(e.route_based is False for e in ends)
    assert [(t.local, t.remote) for t in ends[0].traffic_selectors] == [("10.20.0.0/16", "192.168.0.0/20")]


@pytest.mark.parametrize("asn, who", [(65515, "Azure"), (8075, "Azure"), (12076, "Azure"), (65518, "Azure"),
                                      (23456, "IANA"), (64500, "IANA"), (65535, "IANA"), (65540, "IANA"),
                                      (4294967295, "IANA")])
def test_reserved_peer_asn_is_refused(asn, who):
    ends, findings = read(export(lng_bgp={"asn": asn, "bgpPeeringAddress": "169.254.21.2"}))
    assert codes(findings) == ["BGP_ASN_RESERVED"]
    [finding] = findings
    assert finding.severity == "error" and finding.phase == "config" and finding.scope == [ends[0].ref["id"]]
    assert str(asn) in finding.summary and who in finding.summary
    assert finding.evidence["azure"]["lines"] == [{"line": 0, "text": "BRANCH-LNG: bgpSettings.asn = %d" % asn}]
    assert ends[0].bgp.peer_asn == asn  # still compared, so the engine sees the same session


@pytest.mark.parametrize("asn", [64512, 65010, 65514, 65521, 65534, 4200000000])
def test_private_asns_are_fine(asn):
    _ends, findings = read(export(lng_bgp={"asn": asn, "bgpPeeringAddress": "169.254.21.2"}))
    assert findings == []


@pytest.mark.parametrize("custom", ["169.254.20.255", "169.254.23.0", "169.254.100.1"])
def test_custom_apipa_address_outside_azure_range(custom):
    ends, findings = read(export(custom_apipa=((custom,), ("169.254.22.1",))))
    assert codes(findings) == ["BGP_APIPA_INVALID"]
    [finding] = findings
    assert custom in finding.summary and "169.254.21.0 - 169.254.22.255" in finding.summary
    assert finding.evidence["azure"]["instance"] == 0
    assert finding.evidence["azure"]["lines"][0]["text"] == (
        "HUB-VNG: bgpSettings.bgpPeeringAddresses[0].customBgpIpAddresses[0] = %s" % custom)
    assert ends[0].bgp.local_addresses == (custom,)


@pytest.mark.parametrize("custom", ["169.254.21.0", "169.254.22.255"])
def test_apipa_range_bounds_are_allowed(custom):
    _ends, findings = read(export(custom_apipa=((custom,), ("169.254.22.1",))))
    assert findings == []


def test_apipa_neighbor_without_azure_apipa_address():
    _ends, findings = read(export(custom_apipa=None))
    assert codes(findings) == ["BGP_APIPA_INVALID", "BGP_APIPA_INVALID"]  # one per instance
    assert {f.evidence["azure"]["instance"] for f in findings} == {0, 1}


def test_enable_bgp_with_lng_lacking_bgp_settings_is_bgp_not_configured():
    ends, findings = read(export(lng_bgp=False))
    assert codes(findings) == ["BGP_NOT_CONFIGURED"]
    assert "BRANCH-LNG" in findings[0].summary and findings[0].severity == "error"
    assert ends[0].bgp is not None and ends[0].bgp.peer_asn is None
    assert "bgp" in ends[0].unknowns


def test_bgp_on_a_basic_gateway_is_unsupported():
    _ends, findings = read(export(active_active=False, sku="Basic"))
    assert "AZURE_SKU_UNSUPPORTED" in codes(findings)
    finding = [f for f in findings if f.code == "AZURE_SKU_UNSUPPORTED"][0]
    assert "BGP" in finding.summary
    assert finding.remediation["azure"]["connection"]["properties"] == {"enableBgp": False}
    assert any("--enable-bgp false" in line for line in finding.remediation["azure"]["az"])


def test_unreadable_peer_asn_is_invalid_and_not_compared():
    ends, findings = read(export(lng_bgp={"asn": "AS65010", "bgpPeeringAddress": "169.254.21.2"}))
    assert codes(findings) == ["INVALID_VALUE"]
    assert ends[0].bgp.peer_asn is None and "bgp" in ends[0].unknowns


def test_transit_peered_vnet_is_advertised_too():
    data = export()
    hub = [r for r in data if r["name"] == "HUB-VNet"][0]
    spoke_id = hub["id"].replace("HUB-VNet", "SPOKE-VNet")
    data.append({"name": "SPOKE-VNet", "id": spoke_id, "type": "Microsoft.Network/virtualNetworks",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.21.0.0/16"]},
                                "virtualNetworkPeerings": [{"name": "to-hub", "properties": {
                                    "remoteVirtualNetwork": {"id": hub["id"]}, "useRemoteGateways": True,
                                    "peeringState": "Connected"}}]}})
    ends, _findings = read(data)
    assert ends[0].bgp.advertised == ["10.20.0.0/16", "10.21.0.0/16"]


def test_everything_new_round_trips_through_the_facts():
    data = export(lng_bgp={"asn": 65010, "bgpPeeringAddress": "192.168.15.254"})
    facts = json.loads(json.dumps(azure_facts_from_data(data)))
    rebuilt = [tunnel_end_from_dict(t) for t in facts["tunnels"]]
    ends, _findings = read(data)
    assert rebuilt == ends
    assert rebuilt[1].bgp.local_addresses == ("10.20.255.31",) and rebuilt[1].ref["instance"] == 1
    assert facts["tunnels"][0]["route_based"] is True
    assert facts["tunnels"][0]["routed_networks"] == ["192.168.0.0/20", "192.168.15.254/32"]


def test_bgp_connection_on_a_gateway_with_bgp_off():
    _ends, findings = read(export(gateway={"enableBgp": False}))
    assert codes(findings) == ["AZURE_SKU_UNSUPPORTED"]
    assert "HUB-VNG has enableBgp off" in findings[0].summary


def test_active_active_gateway_with_one_ip_configuration_is_named():
    data = export(enable_bgp=False, active_active=False)
    resource(data, "virtualNetworkGateways")["activeActive"] = True
    ends, findings = read(data)
    assert codes(findings) == ["INVALID_VALUE"]
    assert "active-active" in findings[0].summary
    assert [(e.local_address, e.ref["instance_count"]) for e in ends] == [("203.0.113.30", 1)]


def test_instances_do_not_share_their_network_lists():
    first, second = read(export())[0]
    first.local_networks.append("10.99.0.0/16")
    first.routed_networks.append("10.98.0.0/16")
    first.bgp.advertised.append("10.97.0.0/16")
    assert second.local_networks == ["10.20.0.0/16"]
    assert second.routed_networks == ["192.168.0.0/20", "169.254.21.2/32"]
    assert second.bgp.advertised == ["10.20.0.0/16"]


def test_a_custom_bgp_address_for_an_ipconfiguration_the_gateway_lacks_names_the_ones_it_has():
    """The REST examples themselves name an ipConfiguration of a gateway whose only one is another: the
    gateway is in the input, so "not in the Azure resources input" sent people to export more (review 2026-12-05)."""
    from azure_arm_builders import GW_ID
    data = export(active_active=False, connection={"gatewayCustomBgpIpAddresses": [
        {"ipConfigurationId": GW_ID + "/ipConfigurations/second", "customBgpIpAddress": "169.254.21.1"}]})
    _ends, findings = azure_tunnel_ends(data)
    [undefined] = [f for f in findings if f.code == "UNDEFINED_REFERENCE"]
    assert "which gateway HUB-VNG does not have (it has default)" in undefined.summary
    assert "not in the Azure resources input" not in undefined.summary
