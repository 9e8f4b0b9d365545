# -*- coding: utf-8 -*-
"""Builders for ASA configs and Azure resource exports used by the scenario table.

Both start from an aligned tunnel (HQ 10.0.0.0/8 behind ASA 198.51.100.10, VNet
172.16.0.0/16 behind Azure 203.0.113.20) and take keyword changes.
"""

import copy

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"

ASA_DEFAULTS = dict(
    ike_enc="aes-256", ike_integ="sha256", ike_prf="sha256", ike_group="14", ike_lifetime="28800",
    esp_enc="aes-gcm-256", esp_integ="null",
    pfs="", entry_lifetime="",
    global_seconds="3600", global_kb="102400000",
    peer="203.0.113.20",
    local_net="10.0.0.0 255.0.0.0", remote_net="172.16.0.0 255.255.0.0", acl_extra="",
    nat="nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-LAN AZ-LAN no-proxy-arp route-lookup",
    object_nat="",
    map_interface="crypto map AZ-MAP interface INTERNET",
    ikev2_enable="crypto ikev2 enable INTERNET",
    tunnel_protocol="ikev2",
    auth="ikev2 remote-authentication pre-shared-key *****\n ikev2 local-authentication pre-shared-key *****",
    tunnel_group=True,
    keepalive="",
    tcpmss="sysopt connection tcpmss 1350",
    proposal_name="AZ-PROP",
    acl_name="AZ-ACL",
    extra="",
)

ASA_TEMPLATE = """\
: Saved
ASA Version 9.14(4)
hostname gateway
!
interface GigabitEthernet0/0
 nameif INTERNET
 security-level 0
 ip address 198.51.100.10 255.255.255.248
!
interface GigabitEthernet0/1
 nameif LAN
 security-level 100
 ip address 10.1.0.1 255.255.0.0
!
object network HQ-LAN
 subnet {local_net}
{object_nat}
object network AZ-LAN
 subnet {remote_net}
access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN
{acl_extra}
{nat}
crypto ipsec ikev2 ipsec-proposal AZ-PROP
 protocol esp encryption {esp_enc}
 protocol esp integrity {esp_integ}
crypto ipsec security-association lifetime seconds {global_seconds}
crypto ipsec security-association lifetime kilobytes {global_kb}
crypto map AZ-MAP 10 match address {acl_name}
crypto map AZ-MAP 10 set peer {peer}
crypto map AZ-MAP 10 set ikev2 ipsec-proposal {proposal_name}
{pfs}
{entry_lifetime}
{map_interface}
crypto ikev2 policy 10
 encryption {ike_enc}
 integrity {ike_integ}
 group {ike_group}
 prf {ike_prf}
 lifetime seconds {ike_lifetime}
{ikev2_enable}
group-policy AZ-GP internal
group-policy AZ-GP attributes
 vpn-tunnel-protocol {tunnel_protocol}
{tunnel_group}
{tcpmss}
{extra}
: end
"""

TUNNEL_GROUP = """\
tunnel-group {peer} type ipsec-l2l
tunnel-group {peer} general-attributes
 default-group-policy AZ-GP
tunnel-group {peer} ipsec-attributes
 {auth}
{keepalive}"""


def asa_config(**changes):
    values = dict(ASA_DEFAULTS)
    unknown = set(changes) - set(values)
    if unknown:
        raise KeyError("unknown ASA scenario keys: %s" % sorted(unknown))
    values.update(changes)
    values["tunnel_group"] = TUNNEL_GROUP.format(**values) if values["tunnel_group"] else ""
    text = ASA_TEMPLATE.format(**values)
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


AZURE_POLICY = dict(
    saLifeTimeSeconds=3600, saDataSizeKilobytes=102400000,
    ipsecEncryption="GCMAES256", ipsecIntegrity="GCMAES256",
    ikeEncryption="AES256", ikeIntegrity="SHA256", dhGroup="DHGroup14", pfsGroup="None",
)


def _rid(kind, name):
    return "%s/%s/%s" % (SUB, kind, name)


def azure_resources(policy="aligned", policy_changes=None, use_policy_ts=True, ts_policies=None,
                    lng_ip="198.51.100.10", lng_prefixes=("10.0.0.0/8",), vnet_prefixes=("172.16.0.0/16",),
                    gateway_ip="203.0.113.20", sku="VpnGw1", vpn_type="RouteBased", protocol="IKEv2",
                    dpd=45, mode="Default", extra_connections=()):
    """A JSON list of ARM resources as GET returns them. ``policy`` None: Azure's default policy."""
    policies = []
    if policy is not None:
        p = dict(AZURE_POLICY if policy == "aligned" else policy)
        p.update(policy_changes or {})
        policies = [p]

    def connection(name, lng_name):
        return {
            "name": name, "id": _rid("connections", name), "type": "Microsoft.Network/connections",
            "location": "uksouth", "etag": 'W/"1"',
            "properties": {
                "provisioningState": "Succeeded", "connectionType": "IPsec", "connectionProtocol": protocol,
                "connectionMode": mode,
                "virtualNetworkGateway1": {"id": _rid("virtualNetworkGateways", "VNG")},
                "localNetworkGateway2": {"id": _rid("localNetworkGateways", lng_name)},
                "usePolicyBasedTrafficSelectors": use_policy_ts,
                "ipsecPolicies": copy.deepcopy(policies),
                "trafficSelectorPolicies": copy.deepcopy(ts_policies or []),
                "dpdTimeoutSeconds": dpd,
            },
        }

    def lng(name, ip, prefixes):
        return {
            "name": name, "id": _rid("localNetworkGateways", name), "type": "Microsoft.Network/localNetworkGateways",
            "location": "uksouth",
            "properties": {"gatewayIpAddress": ip, "localNetworkAddressSpace": {"addressPrefixes": list(prefixes)}},
        }

    resources = [
        connection("S2S", "LNG"),
        {
            "name": "VNG", "id": _rid("virtualNetworkGateways", "VNG"),
            "type": "Microsoft.Network/virtualNetworkGateways", "location": "uksouth",
            "properties": {
                "gatewayType": "Vpn", "vpnType": vpn_type, "sku": {"name": sku, "tier": sku},
                "activeActive": False, "enableBgp": False,
                "ipConfigurations": [{
                    "name": "default", "id": _rid("virtualNetworkGateways", "VNG") + "/ipConfigurations/default",
                    "properties": {
                        "publicIPAddress": {"id": _rid("publicIPAddresses", "VNG-pip")},
                        "subnet": {"id": _rid("virtualNetworks", "VNet") + "/subnets/GatewaySubnet"},
                    },
                }],
            },
        },
        {
            "name": "VNG-pip", "id": _rid("publicIPAddresses", "VNG-pip"), "type": "Microsoft.Network/publicIPAddresses",
            "location": "uksouth", "properties": {"ipAddress": gateway_ip, "publicIPAllocationMethod": "Static"},
        },
        {
            "name": "VNet", "id": _rid("virtualNetworks", "VNet"), "type": "Microsoft.Network/virtualNetworks",
            "location": "uksouth",
            "properties": {
                "addressSpace": {"addressPrefixes": list(vnet_prefixes)},
                "subnets": [{"name": "GatewaySubnet", "id": _rid("virtualNetworks", "VNet") + "/subnets/GatewaySubnet",
                             "properties": {"addressPrefix": "172.16.255.0/27"}}],
            },
        },
        lng("LNG", lng_ip, lng_prefixes),
    ]
    for name, ip, prefixes in extra_connections:
        resources.append(connection(name, "LNG-" + name))
        resources.append(lng("LNG-" + name, ip, prefixes))
    return resources
