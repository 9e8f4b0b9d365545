# -*- coding: utf-8 -*-
"""Builders for ASA configs and Azure resource exports used by the scenario table.

Both start from an aligned tunnel (HQ 10.0.0.0/8 behind ASA 198.51.100.10, VNet
172.16.0.0/16 behind Azure 203.0.113.20) and take keyword changes. ``asa_config``
builds a crypto map entry; ``vti_config`` a route-based ASA (VTI Tunnel1, nameif
AZURE, 169.254.21.2/30, in the shape of Microsoft's and Cisco's route-based ASA
samples) that pairs with ``azure_resources(**ROUTE_BASED)``.
"""

import copy

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"

ASA_DEFAULTS = dict(
    # 9.14: before 9.16 removed DH group 2/24, DES, 3DES and MD5, which the crypto families below still use.
    version="9.14(4)",
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

# The site both templates start from: the ASA, its outside (INTERNET) and inside (LAN) interfaces.
SITE = """\
: Saved
ASA Version {version}
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
"""

ASA_TEMPLATE = SITE + """\
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
                    dpd=45, mode="Default", extra_connections=(), active_active=False, gateway_ip2="203.0.113.21",
                    enable_bgp=False, gateway_bgp=None, lng_bgp=None, connection_state="Succeeded",
                    gateway_admin_state=None):
    """A JSON list of ARM resources as GET returns them. ``policy`` None: Azure's default policy.

    ``gateway_bgp``: {"asn", "default": (address per instance), "custom": ((APIPA, ...) per instance)};
    ``lng_bgp``: {"asn", "address"} of the local network gateway; ``enable_bgp``: the connection's.
    ``gateway_admin_state``: the gateway's adminState (absent when None, as exports of older API versions).
    """
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
                "provisioningState": connection_state, "connectionType": "IPsec", "connectionProtocol": protocol,
                "connectionMode": mode,
                "virtualNetworkGateway1": {"id": _rid("virtualNetworkGateways", "VNG")},
                "localNetworkGateway2": {"id": _rid("localNetworkGateways", lng_name)},
                "usePolicyBasedTrafficSelectors": use_policy_ts,
                "ipsecPolicies": copy.deepcopy(policies),
                "trafficSelectorPolicies": copy.deepcopy(ts_policies or []),
                "dpdTimeoutSeconds": dpd,
                "enableBgp": enable_bgp,
            },
        }

    def lng(name, ip, prefixes, bgp=None):
        properties = {"gatewayIpAddress": ip, "localNetworkAddressSpace": {"addressPrefixes": list(prefixes)}}
        if bgp:
            properties["bgpSettings"] = {"asn": bgp["asn"], "bgpPeeringAddress": bgp["address"], "peerWeight": 0}
        return {
            "name": name, "id": _rid("localNetworkGateways", name), "type": "Microsoft.Network/localNetworkGateways",
            "location": "uksouth", "properties": properties,
        }

    vng = _rid("virtualNetworkGateways", "VNG")
    configs = [("default", "VNG-pip", gateway_ip)] + ([("activeActive", "VNG-pip2", gateway_ip2)] if active_active else [])

    admin = {} if gateway_admin_state is None else {"adminState": gateway_admin_state}
    resources = [
        connection("S2S", "LNG"),
        {
            "name": "VNG", "id": _rid("virtualNetworkGateways", "VNG"),
            "type": "Microsoft.Network/virtualNetworkGateways", "location": "uksouth",
            "properties": {
                "gatewayType": "Vpn", "vpnType": vpn_type, "sku": {"name": sku, "tier": sku},
                "activeActive": active_active, "enableBgp": gateway_bgp is not None,
                "ipConfigurations": [{
                    "name": name, "id": vng + "/ipConfigurations/" + name,
                    "properties": {
                        "publicIPAddress": {"id": _rid("publicIPAddresses", pip)},
                        "subnet": {"id": _rid("virtualNetworks", "VNet") + "/subnets/GatewaySubnet"},
                    },
                } for name, pip, _ip in configs],
                **admin,
            },
        },
    ] + [
        {
            "name": pip, "id": _rid("publicIPAddresses", pip), "type": "Microsoft.Network/publicIPAddresses",
            "location": "uksouth", "properties": {"ipAddress": ip, "publicIPAllocationMethod": "Static"},
        } for _name, pip, ip in configs
    ] + [
        {
            "name": "VNet", "id": _rid("virtualNetworks", "VNet"), "type": "Microsoft.Network/virtualNetworks",
            "location": "uksouth",
            "properties": {
                "addressSpace": {"addressPrefixes": list(vnet_prefixes)},
                "subnets": [{"name": "GatewaySubnet", "id": _rid("virtualNetworks", "VNet") + "/subnets/GatewaySubnet",
                             "properties": {"addressPrefix": "172.16.255.0/27"}}],
            },
        },
        lng("LNG", lng_ip, lng_prefixes, lng_bgp),
    ]
    if gateway_bgp is not None:
        resources[1]["properties"]["bgpSettings"] = {
            "asn": gateway_bgp["asn"], "peerWeight": 0,
            "bgpPeeringAddress": ",".join(gateway_bgp["default"][:len(configs)]),
            "bgpPeeringAddresses": [
                {"ipconfigurationId": vng + "/ipConfigurations/" + name,
                 "defaultBgpIpAddresses": [gateway_bgp["default"][i]],
                 "customBgpIpAddresses": list(gateway_bgp["custom"][i]) if gateway_bgp.get("custom") else [],
                 "tunnelIpAddresses": [ip]}
                for i, (name, _pip, ip) in enumerate(configs)
            ],
        }
    for name, ip, prefixes in extra_connections:
        resources.append(connection(name, "LNG-" + name))
        resources.append(lng("LNG-" + name, ip, prefixes))
    return resources


# ---------------------------------------------------------------------------------------------
# Route-based: an ASA VTI and a route-based Azure connection (no policy selectors)
# ---------------------------------------------------------------------------------------------
VTI_DEFAULTS = dict(
    version="9.16(4)",
    tunnel_address="169.254.21.2 255.255.255.252",
    second_tunnel=False,
    responder_only="",
    pfs="",
    routes="route AZURE 172.16.0.0 255.255.0.0 169.254.21.1 1",
    bgp="",
    extra="",
)

VTI_TEMPLATE = SITE + """\
interface Tunnel1
 nameif AZURE
 ip address {tunnel_address}
 tunnel source interface INTERNET
 tunnel destination 203.0.113.20
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROFILE
!
{second_tunnel}
crypto ipsec ikev2 ipsec-proposal AZ-PROP
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto ipsec profile AZ-PROFILE
 set ikev2 ipsec-proposal AZ-PROP
 set security-association lifetime seconds 3600
 set security-association lifetime kilobytes 102400000
{pfs}
{responder_only}
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable INTERNET
group-policy AZ-GP internal
group-policy AZ-GP attributes
 vpn-tunnel-protocol ikev2
{tunnel_groups}
{routes}
{bgp}
sysopt connection tcpmss 1350
{extra}
: end
"""

SECOND_TUNNEL = """\
interface Tunnel2
 nameif AZURE-2
 ip address 169.254.22.2 255.255.255.252
 tunnel source interface INTERNET
 tunnel destination 203.0.113.21
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROFILE
!"""

VTI_TUNNEL_GROUP = """\
tunnel-group {peer} type ipsec-l2l
tunnel-group {peer} general-attributes
 default-group-policy AZ-GP
tunnel-group {peer} ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****"""


def vti_config(**changes):
    values = dict(VTI_DEFAULTS)
    unknown = set(changes) - set(values)
    if unknown:
        raise KeyError("unknown VTI scenario keys: %s" % sorted(unknown))
    values.update(changes)
    peers = ["203.0.113.20"] + (["203.0.113.21"] if values["second_tunnel"] else [])
    values["second_tunnel"] = SECOND_TUNNEL if values["second_tunnel"] else ""
    values["tunnel_groups"] = "\n".join(VTI_TUNNEL_GROUP.format(peer=p) for p in peers)
    text = VTI_TEMPLATE.format(**values)
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def router_bgp(asn=65010, neighbor="169.254.21.1", remote_as=65515, activate=True, network=True, lines=()):
    """``router bgp`` for the VTI: one neighbor, the LAN advertised; ``lines`` go under the address family."""
    body = ["  neighbor %s remote-as %s" % (neighbor, remote_as)]
    if activate:
        body.append("  neighbor %s activate" % neighbor)
    if network:
        body.append("  network 10.1.0.0 mask 255.255.0.0")
    body += ["  " + line for line in lines]
    return "\n".join(["router bgp %d" % asn, " bgp log-neighbor-changes", " address-family ipv4 unicast"] + body
                     + ["  no auto-summary", " exit-address-family"])


# Azure side of the static VTI: a route-based connection offering any-to-any, the LNG naming the ASA's LAN.
ROUTE_BASED = dict(use_policy_ts=False, lng_prefixes=("10.1.0.0/16",))
GATEWAY_BGP = {"asn": 65515, "default": ("172.16.255.30", "172.16.255.31"),
               "custom": (("169.254.21.1",), ("169.254.22.1",))}
LNG_BGP = {"asn": 65010, "address": "169.254.21.2"}
# BGP over APIPA (Microsoft's route-based ASA sample): the LNG lists no prefix, BGP carries them.
ROUTE_BASED_BGP = dict(use_policy_ts=False, lng_prefixes=(), enable_bgp=True, gateway_bgp=GATEWAY_BGP,
                       lng_bgp=LNG_BGP)
