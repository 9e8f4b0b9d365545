# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A gateway's bgpSettings.bgpPeeringAddresses entry whose ipconfigurationId ("The ID of IP configuration which belongs
to gateway", REST IPConfigurationBgpPeeringAddress) names an IP configuration the gateway does not have (hand-edited,
copied from another gateway, an ipConfiguration renamed). It was skipped without a word, and the instance it was meant
for was read as having no custom APIPA address: a false BGP_APIPA_INVALID error. Exports in the shape of
VirtualNetworkGatewayGet, our own names and values."""

from azure_arm_builders import GW_ID, export, resource

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends

STRAY = GW_ID + "/ipConfigurations/vng-ipconfig-b"  # not one of the gateway's (default, activeActive)


def _with_stray(entry):
    data = export()
    resource(data, "virtualNetworkGateways")["bgpSettings"]["bgpPeeringAddresses"][entry]["ipconfigurationId"] = STRAY
    return azure_tunnel_ends(data)


def test_an_entry_for_an_ip_configuration_the_gateway_lacks_is_named():
    ends, findings = _with_stray(1)
    [finding] = [f for f in findings if f.code == "UNDEFINED_REFERENCE"]
    assert finding.severity == "warning"
    assert STRAY in finding.summary and "(it has default, activeActive)" in finding.summary
    assert "IP configuration activeActive are not known" in finding.summary
    assert finding.evidence["azure"]["property"] == "bgpSettings.bgpPeeringAddresses[1].ipconfigurationId"
    assert [e["text"] for e in finding.evidence["azure"]["lines"]] == [
        "HUB-VNG: bgpSettings.bgpPeeringAddresses[1].ipconfigurationId = %s" % STRAY]


def test_the_instance_left_without_an_entry_is_not_judged_as_having_no_apipa_address():
    ends, findings = _with_stray(1)
    assert not [f for f in findings if f.code == "BGP_APIPA_INVALID"], [f.summary for f in findings]
    first, second = ends
    assert "bgp" not in first.unknowns and first.bgp.local_addresses == ("169.254.21.1",)
    assert "bgp" in second.unknowns and second.bgp.local_addresses == ()
    assert second.ref["bgp_peering"] is None


def test_the_first_instances_entry_gone_leaves_the_second_compared():
    ends, findings = _with_stray(0)
    assert not [f for f in findings if f.code == "BGP_APIPA_INVALID"]
    assert "bgp" in ends[0].unknowns and "bgp" not in ends[1].unknowns
    assert ends[1].bgp.local_addresses == ("169.254.22.1",)


def test_entries_that_name_the_gateways_configurations_in_another_case_say_nothing():
    data = export()
    for entry in resource(data, "virtualNetworkGateways")["bgpSettings"]["bgpPeeringAddresses"]:
        entry["ipconfigurationId"] = entry["ipconfigurationId"].upper()
    ends, findings = azure_tunnel_ends(data)
    assert findings == [] and all("bgp" not in e.unknowns for e in ends)
