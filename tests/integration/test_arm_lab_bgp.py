# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ARM lab's route-based and policy-based gateways, through the real azure-mgmt-network:
active-active instances, BGP settings with APIPA addresses, BGP-enabled connections, and
Azure's rules for them (tests/lab/arm_https/armlab/gateways.py cites the documents)."""

import copy
import json
import os
import sys

import pytest

pytest.importorskip("azure.identity")
pytest.importorskip("azure.mgmt.network")

from azure.core.exceptions import HttpResponseError  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "lab"))

from arm_https.lab import seed_path, start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
# lab, client: this module's arm_lab reset for each test, and a client of it (pytest registers imported
# fixtures as this module's, so they use the arm_lab below)
from test_arm_lab import client, lab, module_client  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import

RG = "RG"
AA_GW, AA_LNG, AA_CONN = "vgw-aa", "lng-asa", "cn-asa-aa"
PB_GW, PB_LNG, PB_CONN = "vgw-pb", "lng-asa-pb", "cn-asa-pb"


def load_seed(name):
    with open(seed_path(name), encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def arm_lab():
    # both ready-made seeds in one lab (the second's first entry declares the same resource group)
    with start_arm_lab(load_seed("route_based_active_active") + load_seed("policy_based")[1:]) as lab:
        yield lab


def body(lab, name, type_suffix, **changes):
    value = copy.deepcopy(lab.resource(name, type_suffix))
    value["properties"].update(changes)
    return value


def error_of(call):
    with pytest.raises(HttpResponseError) as info:
        call()
    assert info.value.status_code == 400
    return info.value.error.code, [d.target for d in info.value.error.details]


def test_active_active_bgp_gateway_in_azure_shape(lab, client):
    gateway = client.virtual_network_gateways.get(RG, AA_GW).properties
    assert gateway.active_active is True and gateway.enable_bgp is True and gateway.vpn_type == "RouteBased"
    assert [c.name for c in gateway.ip_configurations] == ["default", "activeActive"]
    bgp = gateway.bgp_settings
    assert bgp.asn == 65515 and bgp.bgp_peering_address == "10.20.255.4,10.20.255.5"
    peerings = [(p.ipconfiguration_id.rsplit("/", 1)[1], p.default_bgp_ip_addresses, p.custom_bgp_ip_addresses,
                 p.tunnel_ip_addresses) for p in bgp.bgp_peering_addresses]
    assert peerings == [("default", ["10.20.255.4"], ["169.254.21.1"], ["203.0.113.40"]),
                        ("activeActive", ["10.20.255.5"], ["169.254.22.1"], ["203.0.113.41"])]
    lng = client.local_network_gateways.get(RG, AA_LNG).properties
    assert (lng.bgp_settings.asn, lng.bgp_settings.bgp_peering_address) == (65010, "169.254.21.2")
    conn = client.virtual_network_gateway_connections.get(RG, AA_CONN).properties
    assert conn.enable_bgp is True
    assert [(c.ip_configuration_id.rsplit("/", 1)[1], c.custom_bgp_ip_address)
            for c in conn.gateway_custom_bgp_ip_addresses] == [("default", "169.254.21.1"),
                                                               ("activeActive", "169.254.22.1")]
    # one IKE SA per gateway instance, any-to-any selectors (route-based)
    sas = json.loads(client.virtual_network_gateway_connections.begin_get_ike_sas(RG, AA_CONN).result())["Data"]
    assert [(sa["LocalEndpoint"], sa["RemoteEndpoint"]) for sa in sas] == [("203.0.113.40", "198.51.100.10"),
                                                                           ("203.0.113.41", "198.51.100.10")]
    assert sas[0]["InitiatorCookie"] != sas[1]["InitiatorCookie"]
    assert [q["LocalTrafficSelectors"] for sa in sas for q in sa["QuickModeSAs"]] == [["0.0.0.0/0"], ["0.0.0.0/0"]]


def test_enable_bgp_toggles_like_any_put(lab, client):
    ops = client.virtual_network_gateway_connections
    conn = ops.get(RG, AA_CONN)
    conn.properties.enable_bgp = False
    off = ops.begin_create_or_update(RG, AA_CONN, conn, headers={"If-Match": conn.etag}).result()
    assert off.properties.enable_bgp is False and off.properties.provisioning_state == "Succeeded"
    assert off.etag != conn.etag
    puts = [r for r in lab.requests() if r["method"] == "PUT"]
    assert [(r["status"], r["if_match"]) for r in puts] == [(200, conn.etag)]
    assert any(r.get("operation", {}).get("status") == "InProgress" for r in lab.requests())
    with pytest.raises(HttpResponseError) as info:  # the old ETag no longer matches
        ops.begin_create_or_update(RG, AA_CONN, conn, headers={"If-Match": conn.etag})
    assert info.value.status_code == 412
    off.properties.enable_bgp = True
    on = ops.begin_create_or_update(RG, AA_CONN, off, headers={"If-Match": off.etag}).result()
    assert on.properties.enable_bgp is True and lab.resource(AA_CONN, "/connections")["properties"]["enableBgp"] is True


def test_enable_bgp_needs_bgp_settings_on_the_local_network_gateway(lab, client):
    lng = body(lab, AA_LNG, "/localNetworkGateways")
    del lng["properties"]["bgpSettings"]
    client.local_network_gateways.begin_create_or_update(RG, AA_LNG, lng).result()
    code, targets = error_of(lambda: client.virtual_network_gateway_connections.begin_create_or_update(
        RG, AA_CONN, body(lab, AA_CONN, "/connections")))
    assert (code, targets) == ("LocalNetworkGatewayBgpSettingsMissing", ["properties.enableBgp"])
    # the same connection without BGP is fine
    done = client.virtual_network_gateway_connections.begin_create_or_update(
        RG, AA_CONN, body(lab, AA_CONN, "/connections", enableBgp=False)).result()
    assert done.properties.enable_bgp is False


@pytest.mark.parametrize("asn, code", [
    (65515, "InvalidBgpAsn"), (65517, "InvalidBgpAsn"), (8075, "InvalidBgpAsn"), (12076, "InvalidBgpAsn"),
    (23456, "InvalidBgpAsn"), (64500, "InvalidBgpAsn"), (65540, "InvalidBgpAsn"), (4294967295, "InvalidBgpAsn"),
    (65010, None), (65521, None), (4200000001, None),
])
def test_reserved_asns_on_the_local_network_gateway(lab, client, asn, code):
    lng = body(lab, AA_LNG, "/localNetworkGateways")
    lng["properties"]["bgpSettings"]["asn"] = asn

    def put():
        return client.local_network_gateways.begin_create_or_update(RG, AA_LNG, lng).result()
    if code is None:
        assert put().properties.bgp_settings.asn == asn
    else:
        assert error_of(put) == (code, ["properties.bgpSettings.asn"])
        assert lab.resource(AA_LNG, "/localNetworkGateways")["properties"]["bgpSettings"]["asn"] == 65010


def test_gateway_asn_and_custom_apipa_rules(lab, client):
    gateways = client.virtual_network_gateways
    gateway = body(lab, AA_GW, "/virtualNetworkGateways")
    gateway["properties"]["bgpSettings"]["asn"] = 65518
    assert error_of(lambda: gateways.begin_create_or_update(RG, AA_GW, gateway)) == (
        "InvalidBgpAsn", ["properties.bgpSettings.asn"])
    gateway = body(lab, AA_GW, "/virtualNetworkGateways")
    gateway["properties"]["bgpSettings"]["bgpPeeringAddresses"][1]["customBgpIpAddresses"] = ["169.254.23.1"]
    assert error_of(lambda: gateways.begin_create_or_update(RG, AA_GW, gateway)) == (
        "InvalidCustomBgpIpAddress", ["properties.bgpSettings.bgpPeeringAddresses[1].customBgpIpAddresses"])
    # the edges of 169.254.21.0 - 169.254.22.255 are allowed; Azure fills in the read-only addresses
    gateway["properties"]["bgpSettings"]["bgpPeeringAddresses"][0]["customBgpIpAddresses"] = ["169.254.21.0"]
    gateway["properties"]["bgpSettings"]["bgpPeeringAddresses"][1]["customBgpIpAddresses"] = ["169.254.22.255"]
    for peering in gateway["properties"]["bgpSettings"]["bgpPeeringAddresses"]:
        del peering["defaultBgpIpAddresses"], peering["tunnelIpAddresses"]
    gateways.begin_create_or_update(RG, AA_GW, gateway).result()
    stored = lab.resource(AA_GW, "/virtualNetworkGateways")["properties"]["bgpSettings"]
    assert [(p["defaultBgpIpAddresses"], p["customBgpIpAddresses"], p["tunnelIpAddresses"])
            for p in stored["bgpPeeringAddresses"]] == [(["10.20.255.4"], ["169.254.21.0"], ["203.0.113.40"]),
                                                        (["10.20.255.5"], ["169.254.22.255"], ["203.0.113.41"])]
    # the connection may only pick custom addresses the gateway instance has
    code, targets = error_of(lambda: client.virtual_network_gateway_connections.begin_create_or_update(
        RG, AA_CONN, body(lab, AA_CONN, "/connections")))
    assert (code, targets) == ("InvalidCustomBgpIpAddress", ["properties.gatewayCustomBgpIpAddresses[0]",
                                                             "properties.gatewayCustomBgpIpAddresses[1]"])


def test_connection_bgp_needs_a_bgp_gateway_and_different_asns(lab, client):
    gateway = body(lab, AA_GW, "/virtualNetworkGateways")
    gateway["properties"]["bgpSettings"]["asn"] = 65010  # the LNG's ASN
    client.virtual_network_gateways.begin_create_or_update(RG, AA_GW, gateway).result()
    conn = body(lab, AA_CONN, "/connections")
    assert error_of(lambda: client.virtual_network_gateway_connections.begin_create_or_update(RG, AA_CONN, conn))[0] \
        == "BgpAsnConflict"
    gateway["properties"]["bgpSettings"]["asn"] = 65515
    gateway["properties"]["enableBgp"] = False
    client.virtual_network_gateways.begin_create_or_update(RG, AA_GW, gateway).result()
    assert error_of(lambda: client.virtual_network_gateway_connections.begin_create_or_update(RG, AA_CONN, conn))[0] \
        == "BgpNotEnabledOnGateway"


def test_active_active_needs_two_ip_configurations(lab, client):
    gateway = body(lab, AA_GW, "/virtualNetworkGateways")
    gateway["properties"]["ipConfigurations"] = gateway["properties"]["ipConfigurations"][:1]
    gateway["properties"]["bgpSettings"]["bgpPeeringAddresses"] = \
        gateway["properties"]["bgpSettings"]["bgpPeeringAddresses"][:1]
    code, targets = error_of(lambda: client.virtual_network_gateways.begin_create_or_update(RG, AA_GW, gateway))
    assert (code, targets) == ("ActiveActiveRequiresTwoIpConfigurations", ["properties.ipConfigurations"])
    gateway["properties"]["activeActive"] = False  # one instance: fine, and getikesas shows one SA
    client.virtual_network_gateways.begin_create_or_update(RG, AA_GW, gateway).result()
    sas = json.loads(client.virtual_network_gateway_connections.begin_get_ike_sas(RG, AA_CONN).result())["Data"]
    assert [sa["LocalEndpoint"] for sa in sas] == ["203.0.113.40"]


def test_policy_based_gateway(lab, client):
    gateway = client.virtual_network_gateways.get(RG, PB_GW).properties
    assert (gateway.vpn_type, gateway.sku.name, gateway.enable_bgp, gateway.active_active) == (
        "PolicyBased", "Basic", False, False)
    conn = client.virtual_network_gateway_connections.get(RG, PB_CONN).properties
    assert conn.connection_protocol == "IKEv1" and conn.ipsec_policies == []
    # LNG prefixes x VNet prefix, without usePolicyBasedTrafficSelectors
    [sa] = json.loads(client.virtual_network_gateway_connections.begin_get_ike_sas(RG, PB_CONN).result())["Data"]
    assert [(q["LocalTrafficSelectors"], q["RemoteTrafficSelectors"]) for q in sa["QuickModeSAs"]] == [
        (["10.60.0.0/16"], ["10.50.0.0/16"]), (["10.60.0.0/16"], ["10.51.0.0/16"])]
    ops = client.virtual_network_gateway_connections
    new = body(lab, PB_CONN, "/connections", connectionProtocol="IKEv2")
    new["id"] = new["id"].replace(PB_CONN, "cn-new")
    assert error_of(lambda: ops.begin_create_or_update(RG, "cn-new", new)) == (
        "ConnectionProtocolNotSupportedBySku", ["properties.connectionProtocol"])
    custom = body(lab, PB_CONN, "/connections", ipsecPolicies=[{
        "saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "AES256",
        "ipsecIntegrity": "SHA256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
        "pfsGroup": "None"}])
    assert error_of(lambda: ops.begin_create_or_update(RG, PB_CONN, custom))[0] == "IpsecPolicyNotSupportedOnBasicSku"
    code, targets = error_of(lambda: ops.begin_create_or_update(RG, PB_CONN, body(lab, PB_CONN, "/connections",
                                                                                  enableBgp=True)))
    assert code == "BgpNotSupported" and targets[0] == "properties.enableBgp"  # (the LNG has no BGP settings either)
    # PolicyBased exists only on Basic, and has neither BGP nor active-active
    pb = body(lab, PB_GW, "/virtualNetworkGateways", sku={"name": "VpnGw1", "tier": "VpnGw1"}, enableBgp=True)
    code, targets = error_of(lambda: client.virtual_network_gateways.begin_create_or_update(RG, PB_GW, pb))
    assert (code, targets) == ("PolicyBasedGatewayRequiresBasicSku", ["properties.sku", "properties.enableBgp"])
    # an IKEv1 connection without custom policy is accepted
    assert ops.begin_create_or_update(RG, PB_CONN, body(lab, PB_CONN, "/connections", dpdTimeoutSeconds=30)).result() \
        .properties.dpd_timeout_seconds == 30
