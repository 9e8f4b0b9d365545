# -*- coding: utf-8 -*-
"""Builders for an ASA with VTIs (BGP over APIPA addresses) and an Azure route-based gateway, in the shape of
Microsoft's active-active APIPA samples (instance 0 169.254.21.x, instance 1 169.254.22.x): ASA_TEMPLATE, VTI, TG,
asa_text() and azure(), shared by the tests of BGP and of proofs over shared objects."""

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"

ASA_TEMPLATE = """\
: Saved
ASA Version 9.18(3)
hostname dc-asa
!
interface GigabitEthernet0/0
 nameif OUTSIDE
 security-level 0
 ip address 198.51.100.20 255.255.255.240
!
interface GigabitEthernet0/1
 nameif INSIDE
 security-level 100
 ip address 10.2.0.1 255.255.0.0
!
{tunnels}router bgp 65020
 bgp log-neighbor-changes
 address-family ipv4 unicast
{neighbors}  network 10.2.0.0 mask 255.255.0.0
 exit-address-family
!
route OUTSIDE 0.0.0.0 0.0.0.0 198.51.100.17 1
{routes}crypto ipsec ikev2 ipsec-proposal AZ-ESP
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto ipsec ikev2 ipsec-proposal AZ-ESP-CBC
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec profile AZ-PROF
 set ikev2 ipsec-proposal AZ-ESP
 set pfs group20
 set security-association lifetime kilobytes 102400000
 set security-association lifetime seconds 27000
crypto ipsec profile AZ-PROF-CBC
 set ikev2 ipsec-proposal AZ-ESP-CBC
 set pfs group20
 set security-association lifetime kilobytes 102400000
 set security-association lifetime seconds 27000
crypto ikev2 policy 20
 encryption aes-256
 integrity sha384
 group 20
 prf sha384
 lifetime seconds 28800
crypto ikev2 enable OUTSIDE
sysopt connection tcpmss 1350
group-policy AZ-GP internal
group-policy AZ-GP attributes
 vpn-tunnel-protocol ikev2
{groups}: end
"""
VTI = """\
interface Tunnel{n}
 nameif AZ-{n}
 ip address {addr} 255.255.255.252
 tunnel source interface OUTSIDE
 tunnel destination {dest}
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile {profile}
!
"""
TG = """\
tunnel-group {dest} type ipsec-l2l
tunnel-group {dest} general-attributes
 default-group-policy AZ-GP
tunnel-group {dest} ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
"""


def asa_text(vtis, neighbors, routes="", profiles=None):
    """vtis: [(n, own tunnel address, Azure public IP)]; neighbors: ASA lines under address-family; ``profiles``: the
    ipsec profile of each VTI (AZ-PROF each by default)."""
    profiles = profiles or ["AZ-PROF"] * len(vtis)
    return ASA_TEMPLATE.format(
        tunnels="".join(VTI.format(n=n, addr=a, dest=d, profile=p) for (n, a, d), p in zip(vtis, profiles)),
        neighbors="".join("  %s\n" % line for line in neighbors), routes=routes,
        groups="".join(TG.format(dest=d) for _n, _a, d in vtis))


def azure(instances, lng_bgp_address, active_active, conn_extra=None, policy=None):
    """A route-based gateway (``active_active``: both instances), one connection, one local network gateway (BGP
    address ``lng_bgp_address``). instances: [(ipconfig name, public IP, default BGP IP, [custom APIPA])];
    ``policy``: fields of the connection's ipsecPolicies[0] to change; ``conn_extra``: connection properties."""
    gw_id = SUB + "/virtualNetworkGateways/vng"
    ipconfigs, peering, pips = [], [], []
    for name, pip, default, custom in instances:
        ipc_id = gw_id + "/ipConfigurations/" + name
        ipconfigs.append({"name": name, "id": ipc_id, "properties": {
            "privateIPAllocationMethod": "Dynamic",
            "publicIPAddress": {"id": SUB + "/publicIPAddresses/pip-" + name},
            "subnet": {"id": SUB + "/virtualNetworks/hub/subnets/GatewaySubnet"}}})
        peering.append({"ipconfigurationId": ipc_id, "defaultBgpIpAddresses": [default],
                        "customBgpIpAddresses": list(custom), "tunnelIpAddresses": [pip]})
        pips.append({"name": "pip-" + name, "id": SUB + "/publicIPAddresses/pip-" + name,
                     "type": "Microsoft.Network/publicIPAddresses",
                     "properties": {"ipAddress": pip, "publicIPAllocationMethod": "Static"}})
    conn = {"provisioningState": "Succeeded", "connectionType": "IPsec", "connectionProtocol": "IKEv2",
            "connectionMode": "Default", "virtualNetworkGateway1": {"id": gw_id},
            "localNetworkGateway2": {"id": SUB + "/localNetworkGateways/lng"}, "enableBgp": True,
            "usePolicyBasedTrafficSelectors": False, "dpdTimeoutSeconds": 45,
            "ipsecPolicies": [dict({"saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000,
                                    "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256",
                                    "ikeEncryption": "AES256", "ikeIntegrity": "SHA384",
                                    "dhGroup": "ECP384", "pfsGroup": "ECP384"}, **(policy or {}))]}
    conn.update(conn_extra or {})
    return [
        {"name": "conn", "id": SUB + "/connections/conn", "type": "Microsoft.Network/connections",
         "properties": conn},
        {"name": "vng", "id": gw_id, "type": "Microsoft.Network/virtualNetworkGateways", "properties": {
            "gatewayType": "Vpn", "vpnType": "RouteBased", "vpnGatewayGeneration": "Generation2",
            "sku": {"name": "VpnGw2AZ", "tier": "VpnGw2AZ"}, "enableBgp": True, "activeActive": active_active,
            "ipConfigurations": ipconfigs,
            "bgpSettings": {"asn": 65515, "bgpPeeringAddress": ",".join(i[2] for i in instances),
                            "bgpPeeringAddresses": peering}}},
        *pips,
        {"name": "hub", "id": SUB + "/virtualNetworks/hub", "type": "Microsoft.Network/virtualNetworks",
         "properties": {"addressSpace": {"addressPrefixes": ["10.50.0.0/16"]}, "subnets": [
             {"name": "GatewaySubnet", "id": SUB + "/virtualNetworks/hub/subnets/GatewaySubnet",
              "properties": {"addressPrefix": "10.50.255.0/27"}}]}},
        {"name": "lng", "id": SUB + "/localNetworkGateways/lng", "type": "Microsoft.Network/localNetworkGateways",
         "properties": {"gatewayIpAddress": "198.51.100.20", "localNetworkAddressSpace": {"addressPrefixes": []},
                        "bgpSettings": {"asn": 65020, "bgpPeeringAddress": lng_bgp_address}}},
    ]
