# -*- coding: utf-8 -*-
"""ARM exports for route-based, active-active, BGP and NAT Azure tests, in the
shape of the REST API's GET bodies (azure-rest-api-specs VirtualNetworkGatewayGet:
ipConfigurations[].id, bgpSettings.bgpPeeringAddresses[].ipconfigurationId with
defaultBgpIpAddresses / customBgpIpAddresses / tunnelIpAddresses; natRules inline).

The site: VNet 10.20.0.0/16 (GatewaySubnet 10.20.255.0/27) behind gateway
203.0.113.30 (and .31 when active-active); on-premises 192.168.0.0/20 behind
198.51.100.40, its BGP speaker AS 65010.
"""

import copy

NET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/HUB/providers/Microsoft.Network"
GW_ID = NET + "/virtualNetworkGateways/HUB-VNG"
VNET_ID = NET + "/virtualNetworks/HUB-VNet"
LNG_ID = NET + "/localNetworkGateways/BRANCH-LNG"
CONN = "HUB-to-BRANCH"

# per instance: (ipConfiguration name, public IP, private IP, default BGP address)
INSTANCES = (("default", "203.0.113.30", "10.20.255.4", "10.20.255.30"),
             ("activeActive", "203.0.113.31", "10.20.255.5", "10.20.255.31"))


def config_id(n):
    return "%s/ipConfigurations/%s" % (GW_ID, INSTANCES[n][0])


def export(active_active=True, enable_bgp=True, gateway_asn=65515, custom_apipa=(("169.254.21.1",), ("169.254.22.1",)),
           lng_bgp=None, lng_prefixes=("192.168.0.0/20",), vnet_prefixes=("10.20.0.0/16",), sku="VpnGw2",
           vpn_type="RouteBased", nat_rules=(), ingress=(), egress=(), connection=None, gateway=None):
    """A list of ARM resources. ``lng_bgp`` None: AS 65010 at 169.254.21.2; False: no bgpSettings.
    ``connection``/``gateway``: extra properties merged into those resources."""
    count = 2 if active_active else 1
    configs, peering = [], []
    for n in range(count):
        name, _public, private, default = INSTANCES[n]
        configs.append({
            "name": name, "id": config_id(n),
            "properties": {
                "privateIPAllocationMethod": "Dynamic", "privateIPAddress": private,
                "publicIPAddress": {"id": "%s/publicIPAddresses/HUB-VNG-pip%d" % (NET, n + 1)},
                "subnet": {"id": VNET_ID + "/subnets/GatewaySubnet"},
            },
        })
        peering.append({
            "ipconfigurationId": config_id(n),
            "defaultBgpIpAddresses": [default],
            "customBgpIpAddresses": list(custom_apipa[n]) if custom_apipa else [],
            "tunnelIpAddresses": [INSTANCES[n][1]],
        })
    bgp_settings = {"bgpPeeringAddress": ",".join(INSTANCES[n][3] for n in range(count)), "peerWeight": 0,
                    "bgpPeeringAddresses": peering}
    if gateway_asn is not None:
        bgp_settings["asn"] = gateway_asn
    gateway_props = {
        "gatewayType": "Vpn", "vpnType": vpn_type, "sku": {"name": sku, "tier": sku},
        "activeActive": active_active, "enableBgp": enable_bgp, "enablePrivateIpAddress": False,
        "ipConfigurations": configs, "bgpSettings": bgp_settings,
        "natRules": copy.deepcopy(list(nat_rules)), "enableBgpRouteTranslationForNat": False,
    }
    gateway_props.update(gateway or {})
    lng_props = {"gatewayIpAddress": "198.51.100.40",
                 "localNetworkAddressSpace": {"addressPrefixes": list(lng_prefixes)}}
    if lng_bgp is None:
        lng_bgp = {"asn": 65010, "bgpPeeringAddress": "169.254.21.2", "peerWeight": 0}
    if lng_bgp is not False:
        lng_props["bgpSettings"] = dict(lng_bgp)
    conn_props = {
        "connectionType": "IPsec", "connectionProtocol": "IKEv2", "enableBgp": enable_bgp,
        "usePolicyBasedTrafficSelectors": False, "ipsecPolicies": [], "trafficSelectorPolicies": [],
        "virtualNetworkGateway1": {"id": GW_ID}, "localNetworkGateway2": {"id": LNG_ID},
        "ingressNatRules": [{"id": rid} for rid in ingress], "egressNatRules": [{"id": rid} for rid in egress],
        "dpdTimeoutSeconds": 45, "connectionMode": "Default",
    }
    conn_props.update(connection or {})
    resources = [
        {"name": CONN, "id": NET + "/connections/" + CONN, "type": "Microsoft.Network/connections",
         "location": "westeurope", "properties": conn_props},
        {"name": "HUB-VNG", "id": GW_ID, "type": "Microsoft.Network/virtualNetworkGateways",
         "location": "westeurope", "properties": gateway_props},
        {"name": "HUB-VNet", "id": VNET_ID, "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
         "properties": {"addressSpace": {"addressPrefixes": list(vnet_prefixes)},
                        "subnets": [{"name": "GatewaySubnet", "id": VNET_ID + "/subnets/GatewaySubnet",
                                     "properties": {"addressPrefix": "10.20.255.0/27"}}]}},
        {"name": "BRANCH-LNG", "id": LNG_ID, "type": "Microsoft.Network/localNetworkGateways",
         "location": "westeurope", "properties": lng_props},
    ]
    for n in range(count):
        resources.append({"name": "HUB-VNG-pip%d" % (n + 1), "id": "%s/publicIPAddresses/HUB-VNG-pip%d" % (NET, n + 1),
                          "type": "Microsoft.Network/publicIPAddresses", "location": "westeurope",
                          "properties": {"ipAddress": INSTANCES[n][1], "publicIPAllocationMethod": "Static"}})
    return resources


def nat_rule(name, mode, internal, external, rule_type="Static", instance=None, port_range=None):
    """A gateway NAT rule as GET returns it inside the gateway's natRules: a sub-resource with its own resource type
    beside the NAT type in properties (azure-cli issue 27735 quotes one)."""
    inner = {"addressSpace": internal}
    outer = {"addressSpace": external}
    if port_range:
        inner["portRange"] = outer["portRange"] = port_range
    props = {"type": rule_type, "mode": mode, "internalMappings": [inner], "externalMappings": [outer]}
    if instance is not None:
        props["ipConfigurationId"] = config_id(instance)
    return {"name": name, "id": "%s/natRules/%s" % (GW_ID, name), "etag": 'W/"00000000-0000-0000-0000-000000000001"',
            "type": "Microsoft.Network/virtualNetworkGateways/natRules", "properties": props}


def resource(data, kind):
    found = [r for r in data if r["type"] == "Microsoft.Network/" + kind]
    assert len(found) == 1
    return found[0]["properties"]
