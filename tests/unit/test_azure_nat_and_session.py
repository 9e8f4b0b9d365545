# -*- coding: utf-8 -*-
"""Gateway NAT rules linked by a connection (DOC_NAT_OVERVIEW: EgressSnat maps the
VNet to what the peer sees, IngressSnat maps the peer's networks inside Azure),
useLocalAzureIpAddress and certificate authentication."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import tunnel_end_from_dict

from azure_arm_builders import GW_ID, export, nat_rule

EGRESS = nat_rule("vnet-out", "EgressSnat", "10.20.0.0/16", "100.64.0.0/16")
INGRESS = nat_rule("branch-in", "IngressSnat", "192.168.0.0/20", "100.65.0.0/20")


def codes(findings):
    return sorted(f.code for f in findings)


def test_egress_rule_shows_the_vnet_as_its_external_mapping():
    ends, findings = azure_tunnel_ends(export(enable_bgp=False, nat_rules=[EGRESS], egress=[EGRESS["id"]]))
    assert findings == []
    assert [e.local_networks for e in ends] == [["100.64.0.0/16"], ["100.64.0.0/16"]]
    assert ends[0].ref["nat_rules"] == [{"name": "vnet-out", "mode": "EgressSnat"}]


def test_egress_rule_narrower_than_the_vnet_translates_that_part_only():
    rule = nat_rule("part", "EgressSnat", "10.20.1.0/24", "100.64.1.0/24")
    ends, _findings = azure_tunnel_ends(export(enable_bgp=False, active_active=False, nat_rules=[rule],
                                               egress=[rule["id"]], vnet_prefixes=("10.20.0.0/22",)))
    assert ends[0].local_networks == ["100.64.1.0/24", "10.20.0.0/24", "10.20.2.0/23"]


def test_lng_prefix_written_post_nat_is_the_peers_internal_prefix():
    ends, findings = azure_tunnel_ends(export(enable_bgp=False, nat_rules=[INGRESS], ingress=[INGRESS["id"]],
                                              lng_prefixes=("100.65.0.0/20",)))
    assert findings == []
    assert ends[0].remote_networks == ["192.168.0.0/20"]
    assert ends[0].routed_networks == ["192.168.0.0/20"]


def test_lng_prefix_written_pre_nat_stays_as_the_peer_has_it():
    ends, _findings = azure_tunnel_ends(export(enable_bgp=False, nat_rules=[INGRESS], ingress=[INGRESS["id"]]))
    assert ends[0].remote_networks == ["192.168.0.0/20"]


def test_bgp_with_nat_uses_post_nat_addresses_and_translated_routes():
    # non-APIPA neighbor written post-NAT in the LNG, as the NAT FAQ asks; route translation on
    data = export(nat_rules=[EGRESS, INGRESS], egress=[EGRESS["id"]], ingress=[INGRESS["id"]],
                  lng_bgp={"asn": 65010, "bgpPeeringAddress": "100.65.15.254"},
                  vnet_prefixes=("10.20.0.0/16",), gateway={"enableBgpRouteTranslationForNat": True})
    ends, findings = azure_tunnel_ends(data)
    assert findings == []
    first = ends[0]
    assert first.bgp.peer_address == "192.168.15.254"  # what the peer really has
    assert first.bgp.local_addresses == ("100.64.255.30",)  # Azure's default address, post-NAT
    assert first.bgp.advertised == ["100.64.0.0/16"]
    assert first.routed_networks == ["192.168.0.0/20", "192.168.15.254/32"]


def test_rule_bound_to_one_instance_applies_to_that_instance_only():
    rule = nat_rule("vnet-out-0", "EgressSnat", "10.20.0.0/16", "100.64.0.0/16", instance=0)
    ends, _findings = azure_tunnel_ends(export(enable_bgp=False, nat_rules=[rule], egress=[rule["id"]]))
    assert [e.local_networks for e in ends] == [["100.64.0.0/16"], ["10.20.0.0/16"]]


@pytest.mark.parametrize("rule, prop", [
    (nat_rule("dyn", "EgressSnat", "10.20.0.0/16", "100.64.0.0/26", rule_type="Dynamic"), "natRules[0].type"),
    (nat_rule("ports", "EgressSnat", "10.20.0.0/16", "100.64.0.0/16", port_range="1000-2000"),
     "natRules[0].internalMappings[0].portRange"),
    (nat_rule("wrong-mode", "IngressSnat", "10.20.0.0/16", "100.64.0.0/16"), "natRules[0].mode"),
    (nat_rule("shrink", "EgressSnat", "10.20.0.0/16", "100.64.0.0/24"), "natRules[0].externalMappings[0].addressSpace"),
])
def test_unmodelled_nat_is_named_and_makes_the_networks_unknown(rule, prop):
    ends, findings = azure_tunnel_ends(export(enable_bgp=False, nat_rules=[rule], egress=[rule["id"]]))
    assert codes(findings) == ["UNSUPPORTED_CONSTRUCT"]
    finding = findings[0]
    assert finding.evidence["azure"]["property"] == prop and finding.evidence["azure"]["nat_rule"] == rule["name"]
    assert rule["name"] in finding.summary and "HUB-VNG" in finding.summary
    assert "local_networks" in ends[0].unknowns


def test_linked_rule_missing_from_the_gateway_is_undefined():
    ends, findings = azure_tunnel_ends(export(enable_bgp=False, egress=[GW_ID + "/natRules/gone"]))
    assert codes(findings) == ["UNDEFINED_REFERENCE"]
    assert "which gateway HUB-VNG does not have" in findings[0].summary  # the gateway is in the input
    assert "local_networks" in ends[0].unknowns


def test_nat_on_vpngw1_and_with_policy_selectors_breaks_azure_rules():
    data = export(enable_bgp=False, sku="VpnGw1", nat_rules=[EGRESS], egress=[EGRESS["id"]],
                  connection={"usePolicyBasedTrafficSelectors": True})
    _ends, findings = azure_tunnel_ends(data)
    assert codes(findings) == ["AZURE_POLICY_INVALID", "AZURE_SKU_UNSUPPORTED"]
    # no bare "usePolicyBasedTrafficSelectors false": a crypto map peer refuses the any-to-any that follows; the two
    # ways are said instead (review 2026-12-05)
    [invalid] = [f for f in findings if f.code == "AZURE_POLICY_INVALID"]
    assert invalid.remediation == {}
    assert "unlink the NAT rules" in invalid.summary and "only a route-based peer (a VTI) accepts" in invalid.summary


def test_use_local_azure_ip_address_puts_the_private_ip_on_the_gateway_side():
    data = export(enable_bgp=False, connection={"useLocalAzureIpAddress": True},
                  gateway={"enablePrivateIpAddress": True})
    ends, findings = azure_tunnel_ends(data)
    assert findings == []
    assert [e.local_address for e in ends] == ["10.20.255.4", "10.20.255.5"]
    assert ends[0].ref["public_ip"] == "203.0.113.30" and ends[0].ref["use_local_azure_ip_address"] is True


def test_private_ip_is_found_in_tunnel_ip_addresses_too():
    data = export(enable_bgp=False, active_active=False, connection={"useLocalAzureIpAddress": True},
                  gateway={"enablePrivateIpAddress": True})
    gateway = [r for r in data if r["id"] == GW_ID][0]["properties"]
    del gateway["ipConfigurations"][0]["properties"]["privateIPAddress"]
    gateway["bgpSettings"]["bgpPeeringAddresses"][0]["tunnelIpAddresses"] = ["203.0.113.30", "10.20.255.9"]
    [end], _findings = azure_tunnel_ends(data)
    assert end.local_address == "10.20.255.9"


def test_use_local_azure_ip_address_without_private_ip_on_the_gateway():
    ends, findings = azure_tunnel_ends(export(enable_bgp=False, connection={"useLocalAzureIpAddress": True}))
    assert codes(findings) == ["AZURE_SKU_UNSUPPORTED"]
    assert "enablePrivateIpAddress" in findings[0].summary


def test_certificate_authentication():
    ends, findings = azure_tunnel_ends(export(enable_bgp=False, connection={"authenticationType": "Certificate"}))
    assert [(f.code, f.severity) for f in findings] == [("UNSUPPORTED_CONSTRUCT", "info")]  # the certificates
    assert all(e.auth.method == "certificate" and e.auth.psk_digest is None for e in ends)
    assert ends[0].auth.source[0].text == "HUB-to-BRANCH: authenticationType = Certificate"


def test_unknown_authentication_type_is_invalid():
    _ends, findings = azure_tunnel_ends(export(enable_bgp=False, connection={"authenticationType": "Kerberos"}))
    assert codes(findings) == ["INVALID_VALUE"]


def test_nat_and_session_settings_round_trip_through_the_facts():
    data = export(nat_rules=[EGRESS, INGRESS], egress=[EGRESS["id"]], ingress=[INGRESS["id"]],
                  connection={"useLocalAzureIpAddress": True, "authenticationType": "Certificate"},
                  gateway={"enablePrivateIpAddress": True})
    facts = json.loads(json.dumps(azure_facts_from_data(data)))
    ends, _findings = azure_tunnel_ends(data)
    assert [tunnel_end_from_dict(t) for t in facts["tunnels"]] == ends
    assert facts["tunnels"][1]["local_address"] == "10.20.255.5"
    assert facts["tunnels"][0]["auth"]["method"] == "certificate"


def test_use_local_azure_ip_address_with_no_private_ip_in_the_input_is_named():
    data = export(enable_bgp=False, active_active=False, connection={"useLocalAzureIpAddress": True},
                  gateway={"enablePrivateIpAddress": True})
    gateway = [r for r in data if r["id"] == GW_ID][0]["properties"]
    del gateway["ipConfigurations"][0]["properties"]["privateIPAddress"]
    [end], findings = azure_tunnel_ends(data)
    assert codes(findings) == ["INVALID_VALUE"]
    assert "ipConfigurations[0].privateIPAddress" in findings[0].summary
    assert end.local_address is None and "local_address" in end.unknowns


def test_a_flattened_rule_gives_its_nat_type_however_the_export_names_it():
    # az's flattened output: the resource type and the NAT type clash, azure-cli names the latter typePropertiesType
    flat = dict(EGRESS["properties"], name=EGRESS["name"], id=EGRESS["id"], type=EGRESS["type"],
                typePropertiesType="Static")
    plain = dict(EGRESS["properties"], name=EGRESS["name"], id=EGRESS["id"])  # one `type`: the NAT type
    for rule in (flat, plain):
        ends, findings = azure_tunnel_ends(export(enable_bgp=False, nat_rules=[rule], egress=[EGRESS["id"]]))
        assert findings == [] and ends[0].local_networks == ["100.64.0.0/16"]


def test_nat_with_bgp_over_apipa_is_named():
    # "NAT isn't supported with BGP APIPA addresses" (Microsoft's NAT FAQ); review 2026-12-04: it passed
    data = export(nat_rules=[EGRESS], egress=[EGRESS["id"]], lng_bgp={"asn": 65010, "bgpPeeringAddress": "169.254.21.2"})
    _ends, findings = azure_tunnel_ends(data)
    [finding] = [f for f in findings if f.code == "AZURE_POLICY_INVALID"]
    assert finding.severity == "error" and "APIPA" in finding.summary
    assert any("bgpPeeringAddress" in line["text"] for line in finding.evidence["azure"]["lines"])
    # a non-APIPA neighbor written post-NAT, as the FAQ asks: nothing to say
    data = export(nat_rules=[EGRESS], egress=[EGRESS["id"]], lng_bgp={"asn": 65010, "bgpPeeringAddress": "100.65.15.254"})
    _ends, findings = azure_tunnel_ends(data)
    assert "AZURE_POLICY_INVALID" not in codes(findings)
