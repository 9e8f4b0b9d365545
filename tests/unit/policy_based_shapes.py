# -*- coding: utf-8 -*-
"""Shared shapes of a policy-based ASA <-> Azure pair (review 4): the ASA of test_crypto_acl_review, and the Azure
export (arm()) the crypto ACL, NAT and crypto map peer tests all pair it with."""

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network/"
ASA = """ASA Version 9.12(4)
hostname fw
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.248
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.1.0.1 255.255.0.0
interface GigabitEthernet0/2
 nameif servers
 security-level 100
 ip address 10.2.0.1 255.255.0.0
object network obj_any
 subnet 0.0.0.0 0.0.0.0
 nat (any,outside) dynamic interface
object-group network ONPREM
 network-object 10.1.0.0 255.255.0.0
 network-object 10.2.0.0 255.255.0.0
object-group network AZURE
 network-object 172.16.0.0 255.255.0.0
{acl}
{nat}
route outside 0.0.0.0 0.0.0.0 198.51.100.9 1
crypto ipsec ikev2 ipsec-proposal AZ
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec security-association lifetime seconds 3600
crypto ipsec security-association lifetime kilobytes 102400000
{map}
crypto map CM interface outside
crypto ikev2 policy 1
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable outside
group-policy GP internal
group-policy GP attributes
 vpn-tunnel-protocol ikev2
tunnel-group 203.0.113.20 type ipsec-l2l
tunnel-group 203.0.113.20 general-attributes
 default-group-policy GP
tunnel-group 203.0.113.20 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
sysopt connection tcpmss 1350
"""

ACL = "access-list AZ-ACL extended permit ip object-group ONPREM object-group AZURE"
NAT = ("nat (inside,outside) source static ONPREM ONPREM destination static AZURE AZURE no-proxy-arp route-lookup\n"
       "nat (servers,outside) source static ONPREM ONPREM destination static AZURE AZURE no-proxy-arp route-lookup")


def entry(seq, acl="AZ-ACL", peer="203.0.113.20"):
    return "\n".join("crypto map CM %d %s" % (seq, cmd) for cmd in (
        "match address " + acl, "set peer " + peer, "set ikev2 ipsec-proposal AZ", "set pfs group14",
        "set security-association lifetime seconds 3600"))


def asa(acl=ACL, nat=NAT, map_lines=None):
    return ASA.format(acl=acl, nat=nat, map=map_lines or entry(10))


def line_of(text, fragment):
    """The 1-based number of the first line of ``text`` holding ``fragment``."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def arm(lng_prefixes=("10.1.0.0/16", "10.2.0.0/16"), vnet=("172.16.0.0/16",), lng_address="198.51.100.10"):
    """A route-based VpnGw1 gateway (203.0.113.20), its VNet ``vnet``, a local network gateway at ``lng_address`` with
    ``lng_prefixes``, and a connection with policy-based traffic selectors and an AES-256/SHA-256/group 14 policy."""
    policy = {"saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "AES256",
              "ipsecIntegrity": "SHA256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256",
              "dhGroup": "DHGroup14", "pfsGroup": "PFS2048"}
    return [
        {"name": "to-fw", "id": SUB + "connections/to-fw", "type": "Microsoft.Network/connections",
         "properties": {
             "connectionType": "IPsec", "connectionProtocol": "IKEv2", "connectionMode": "Default",
             "virtualNetworkGateway1": {"id": SUB + "virtualNetworkGateways/vng"},
             "localNetworkGateway2": {"id": SUB + "localNetworkGateways/lng"},
             "usePolicyBasedTrafficSelectors": True, "trafficSelectorPolicies": [], "dpdTimeoutSeconds": 45,
             "ipsecPolicies": [policy]}},
        {"name": "vng", "id": SUB + "virtualNetworkGateways/vng", "type": "Microsoft.Network/virtualNetworkGateways",
         "properties": {"gatewayType": "Vpn", "vpnType": "RouteBased", "sku": {"name": "VpnGw1", "tier": "VpnGw1"},
                        "enableBgp": False, "activeActive": False,
                        "ipConfigurations": [{
                            "name": "default", "id": SUB + "virtualNetworkGateways/vng/ipConfigurations/default",
                            "properties": {"publicIPAddress": {"id": SUB + "publicIPAddresses/pip"},
                                           "subnet": {"id": SUB + "virtualNetworks/vnet/subnets/GatewaySubnet"}}}]}},
        {"name": "pip", "id": SUB + "publicIPAddresses/pip", "type": "Microsoft.Network/publicIPAddresses",
         "properties": {"ipAddress": "203.0.113.20", "publicIPAllocationMethod": "Static"}},
        {"name": "vnet", "id": SUB + "virtualNetworks/vnet", "type": "Microsoft.Network/virtualNetworks",
         "properties": {"addressSpace": {"addressPrefixes": list(vnet)},
                        "subnets": [{"name": "GatewaySubnet", "id": SUB + "virtualNetworks/vnet/subnets/GatewaySubnet",
                                     "properties": {"addressPrefix": "172.16.255.0/27"}}]}},
        {"name": "lng", "id": SUB + "localNetworkGateways/lng", "type": "Microsoft.Network/localNetworkGateways",
         "properties": {"gatewayIpAddress": lng_address, "localNetworkAddressSpace": {"addressPrefixes": list(lng_prefixes)}}},
    ]
