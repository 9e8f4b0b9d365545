# -*- coding: utf-8 -*-
"""Properties of recent network API versions (REST 2024-05-01, azure-mgmt-network 33.1.0) that change whether or how
a tunnel runs: a Disabled gateway (adminState), a connection's tunnelProperties, disableIPSecReplayProtection. Each
passed without a word (review s42); the exports here follow the shape of Microsoft's VirtualNetworkGatewayGet and
VirtualNetworkGatewayConnectionCreate examples, with our own values."""

import pytest

from azure_arm_builders import export

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.arm_json import arm_dict


def findings_naming(prop, gateway=None, connection=None):
    _ends, findings = azure_tunnel_ends(export(gateway=gateway, connection=connection))
    return [f for f in findings if prop in f.summary]


@pytest.mark.parametrize("raw", ["Disabled", "disabled"], ids=range(2))
def test_a_disabled_vpn_gateway_is_information_naming_gateway_and_property(raw):
    # review 2026-12-07: a warning said the gateway "serves no traffic", citing SDK text that speaks of ExpressRoute
    # gateways only ("if the Express Route Gateway serves traffic when there are multiple Express Route Gateways in
    # the vnet"); nothing Microsoft publishes says so of a VPN gateway, so it is named, not made a cause
    data = export(gateway={"adminState": raw})
    assert [r for r in data if r["type"].endswith("/virtualNetworkGateways")][0]["properties"]["gatewayType"] == "Vpn"
    ends, findings = azure_tunnel_ends(data)
    [finding] = [f for f in findings if "adminState" in f.summary]
    assert finding.code == "UNSUPPORTED_CONSTRUCT" and finding.severity == "info"
    assert "HUB-VNG" in finding.summary and "does not model" in finding.summary
    assert "serves no traffic" not in finding.summary and finding.remediation == {}
    assert [e["text"] for e in finding.evidence["azure"]["lines"]] == ["HUB-VNG: adminState = %s" % raw]
    assert [e.unknowns for e in ends] == [e.unknowns for e in azure_tunnel_ends(export())[0]]


@pytest.mark.parametrize("gateway", [{}, {"adminState": "Enabled"}, {"adminState": "ENABLED"}], ids=range(3))
def test_an_enabled_or_absent_admin_state_is_quiet(gateway):
    assert findings_naming("adminState", gateway=gateway) == []


def test_an_admin_state_that_is_no_state_is_named_and_leaves_the_ends_alone():
    plain, _f = azure_tunnel_ends(export())
    ends, findings = azure_tunnel_ends(export(gateway={"adminState": "Paused"}))
    [finding] = [f for f in findings if "adminState" in f.summary]
    assert finding.code == "INVALID_VALUE" and "Enabled or Disabled" in finding.summary
    assert [e.unknowns for e in ends] == [e.unknowns for e in plain]


def test_tunnel_properties_are_reported_as_not_modelled():
    tunnels = [{"tunnelIpAddress": "203.0.113.70", "bgpPeeringAddress": "169.254.21.6"},
               {"tunnelIpAddress": "203.0.113.71", "bgpPeeringAddress": "169.254.22.6"}]
    [finding] = findings_naming("tunnelProperties", connection={"tunnelProperties": tunnels})
    assert finding.code == "UNSUPPORTED_CONSTRUCT" and finding.severity == "warning"
    assert "2 tunnelProperties entries" in finding.summary
    assert finding.evidence["azure"]["lines"][0]["text"].startswith("HUB-to-BRANCH: tunnelProperties = ")


def test_an_empty_tunnel_properties_list_as_exports_hold_it_is_quiet():
    assert findings_naming("tunnelProperties", connection={"tunnelProperties": []}) == []


def test_replay_protection_turned_off_is_information_naming_the_gateway():
    [finding] = findings_naming("disableIPSecReplayProtection", gateway={"disableIPSecReplayProtection": True})
    assert finding.code == "UNSUPPORTED_CONSTRUCT" and finding.severity == "info"
    assert "HUB-VNG" in finding.summary and finding.remediation == {}
    assert findings_naming("disableIPSecReplayProtection", gateway={"disableIPSecReplayProtection": False}) == []


def test_the_installed_sdk_keeps_these_properties_on_the_live_read():
    """The live path turns SDK models into ARM JSON (arm_json.arm_dict): the properties must survive it."""
    models = pytest.importorskip("azure.mgmt.network.models")
    gateway = models.VirtualNetworkGateway({"properties": {"adminState": "Disabled",
                                                           "disableIPSecReplayProtection": True}})
    connection = models.VirtualNetworkGatewayConnection({"properties": {"tunnelProperties": [
        {"tunnelIpAddress": "203.0.113.70", "bgpPeeringAddress": "169.254.21.6"}]}})
    assert arm_dict(gateway)["properties"]["adminState"] == "Disabled"
    assert arm_dict(gateway)["properties"]["disableIPSecReplayProtection"] is True
    assert arm_dict(connection)["properties"]["tunnelProperties"][0]["tunnelIpAddress"] == "203.0.113.70"


def test_certificate_connections_say_the_certificates_are_not_compared():
    vault_id = "https://hub-vault.vault.azure.net/secrets/hub-out/0123"
    cert = {"outboundAuthCertificate": vault_id, "inboundAuthCertificateSubjectName": "CN=branch-asa.example.net",
            "inboundAuthCertificateChain": ["MIIC-not-a-real-chain-1", "MIIC-not-a-real-chain-2"]}
    [finding] = findings_naming("certificate", connection={"authenticationType": "Certificate",
                                                           "certificateAuthentication": cert})
    assert finding.code == "UNSUPPORTED_CONSTRUCT" and finding.severity == "info"
    assert "CN=branch-asa.example.net" in finding.summary and "one of the 2 certificate(s)" in finding.summary
    assert vault_id not in repr(finding.to_dict() if hasattr(finding, "to_dict") else finding.__dict__)
    assert [e["text"] for e in finding.evidence["azure"]["lines"]] == [
        "HUB-to-BRANCH: certificateAuthentication.inboundAuthCertificateSubjectName = CN=branch-asa.example.net"]


def test_a_certificate_connection_without_certificate_settings_says_none_is_set():
    [finding] = findings_naming("certificate", connection={"authenticationType": "certificate"})
    assert "(none set)" in finding.summary and "0 certificate(s)" in finding.summary


def test_a_psk_connection_says_nothing_of_certificates():
    assert findings_naming("certificate") == []


def test_expressroute_only_and_routing_weight_properties_leave_an_ipsec_connection_alone():
    # quiet on purpose (recent_properties.py): FastPath is ExpressRoute's, routingWeight is negotiated by neither end
    plain_ends, plain_findings = azure_tunnel_ends(export())
    ends, findings = azure_tunnel_ends(export(connection={"routingWeight": 25, "expressRouteGatewayBypass": True,
                                                          "enablePrivateLinkFastPath": True}))
    assert [f.summary for f in findings] == [f.summary for f in plain_findings]
    assert [(e.unknowns, e.local_networks, e.remote_networks) for e in ends] == [
        (e.unknowns, e.local_networks, e.remote_networks) for e in plain_ends]
