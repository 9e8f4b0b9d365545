# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A gateway NAT rule bound (ipConfigurationId: "The IP Configuration ID this NAT rule applies to", REST
VirtualNetworkGatewayNatRule) to an ipConfiguration the gateway does not have: the rule translates for no instance.
It was passed over without a word and the VNet compared untranslated; it is named now, and the networks it would
have changed are not compared. Exports in the shape of VirtualNetworkGatewayGet, our own names and values."""

import pytest

from azure_arm_builders import GW_ID, export, nat_rule

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.arm_json import arm_dict

GONE = GW_ID + "/ipConfigurations/activeActive"  # the second instance's, left on the rule after active-active was turned off


def bound(mode, internal, external, config):
    rule = nat_rule("site-map", mode, internal, external)
    rule["properties"]["ipConfigurationId"] = config
    return rule


@pytest.mark.parametrize("mode, internal, external, link, field", [
    ("EgressSnat", "10.20.0.0/16", "100.64.0.0/16", "egress", "local_networks"),
    ("IngressSnat", "192.168.0.0/20", "100.65.0.0/20", "ingress", "remote_networks"),
], ids=["egress", "ingress"])
def test_a_rule_bound_to_an_ip_configuration_the_gateway_lacks_is_named(mode, internal, external, link, field):
    rule = bound(mode, internal, external, GONE)
    ends, findings = azure_tunnel_ends(export(active_active=False, enable_bgp=False, nat_rules=[rule],
                                              **{link: [rule["id"]]}))
    [finding] = [f for f in findings if "ipConfigurationId" in f.evidence["azure"].get("property", "")]
    assert finding.code == "UNDEFINED_REFERENCE" and finding.severity == "warning"
    assert GONE in finding.summary and "HUB-VNG" in finding.summary and "(they are default)" in finding.summary
    assert "which the gateway does not have" in finding.summary
    assert "NAT rule site-map" in finding.summary and finding.evidence["azure"]["nat_rule"] == "site-map"
    assert finding.evidence["azure"]["property"] == "natRules[0].ipConfigurationId"
    assert [e["text"] for e in finding.evidence["azure"]["lines"]] == [
        "HUB-VNG: natRules[0].ipConfigurationId = %s" % GONE]
    assert field in ends[0].unknowns and "traffic_selectors" in ends[0].unknowns


def test_a_rule_bound_to_an_ip_configuration_spelled_in_another_case_still_applies():
    rule = bound("EgressSnat", "10.20.0.0/16", "100.64.0.0/16", (GW_ID + "/ipConfigurations/default").upper())
    ends, findings = azure_tunnel_ends(export(active_active=False, enable_bgp=False, nat_rules=[rule],
                                              egress=[rule["id"]]))
    assert findings == [] and ends[0].local_networks == ["100.64.0.0/16"]


def test_the_installed_sdk_keeps_the_rules_ip_configuration_on_the_live_read():
    models = pytest.importorskip("azure.mgmt.network.models")
    gateway = models.VirtualNetworkGateway({"properties": {"natRules": [bound("EgressSnat", "10.20.0.0/16",
                                                                              "100.64.0.0/16", GONE)]}})
    assert arm_dict(gateway)["properties"]["natRules"][0]["properties"]["ipConfigurationId"] == GONE


def test_a_rule_bound_to_the_point_to_site_ip_configuration_of_an_active_active_gateway_is_named():
    # an active-active gateway with point-to-site has a third ipConfiguration, which ends no site-to-site tunnel
    # (azure/gateway.py read_instances); a rule bound to it translates for neither instance
    data = export(enable_bgp=False, gateway={"vpnClientConfiguration": {"vpnClientProtocols": ["OpenVPN"]}})
    gateway = [r for r in data if r["type"].endswith("/virtualNetworkGateways")][0]["properties"]
    third = GW_ID + "/ipConfigurations/p2s"
    gateway["ipConfigurations"].append({"name": "p2s", "id": third, "properties": dict(
        gateway["ipConfigurations"][0]["properties"])})
    rule = bound("EgressSnat", "10.20.0.0/16", "100.64.0.0/16", third)
    gateway["natRules"] = [rule]
    data[0]["properties"]["egressNatRules"] = [{"id": rule["id"]}]
    ends, findings = azure_tunnel_ends(data)
    [finding] = [f for f in findings if f.code == "UNDEFINED_REFERENCE"]
    assert third in finding.summary and "none of the gateway's site-to-site instances" in finding.summary
    assert "(they are default, activeActive)" in finding.summary
    assert [e.local_networks for e in ends] == [None, None] or all("local_networks" in e.unknowns for e in ends)
