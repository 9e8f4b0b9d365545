# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Synthetic ASA configs and the matching Azure exports, for the benchmarks and the linearity test.

Three shapes of ASA config:
  few     asa_parser_bench's policy-based tunnel (about 50 lines): one crypto ACL of three entries (a deny
          over a range object, ip between nested object-groups, tcp to one object), twice and object NAT
  many    crypto ACLs of 1-20 entries over object-groups of 2-3 subnets each, so a tunnel has
          from 4 to about 180 selectors (the issue's second shape)
  routed  route-based (about 25 lines), as most ASA <-> Azure tunnels are: a VTI with its IPsec profile,
          tunnel-group and group-policy; seven in eight learn the VNet over BGP (a neighbor per tunnel at the
          gateway's default BGP address, a host route to it over the VTI, eBGP multihop, a route-map out),
          the eighth routes the VNet statically over its VTI
Every tunnel has a distinct peer address; ``azure_export(...)`` gives, per tunnel, a connection
(policy-based traffic selectors, or route-based with or without BGP), its gateway at that peer address,
the gateway's public IP, a VNet holding the ASA's remote networks and a local network gateway with the
ASA's local networks or its BGP peering address and ASN.
Plain Python, no product import (the lab rule is not needed here, but the generator stays neutral).
"""

ASA_ADDRESS = "198.51.100.10"

HEADER = """\
: Saved
ASA Version 9.16(4)
hostname bench
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.0.0.1 255.0.0.0
crypto ipsec ikev2 ipsec-proposal GCM
 protocol esp encryption aes-gcm-256 aes-gcm
 protocol esp integrity null
crypto ipsec ikev2 ipsec-proposal CBC
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec security-association lifetime seconds 28800
crypto ipsec security-association lifetime kilobytes 4608000
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 19 14
 prf sha256
 lifetime seconds 28800
crypto ikev2 policy 20
 encryption aes-gcm-256
 integrity null
 group 20
 prf sha384
crypto ikev2 enable outside
sysopt connection tcpmss 1350
"""


def peer_of(index):
    """A distinct public address per tunnel (up to 64,516 tunnels)."""
    return "203.%d.%d.%d" % (index // 64516 % 256, index // 254 % 254 + 1, index % 254 + 1)


def _octets(index):
    third, fourth = divmod(index, 250)
    return third, fourth


def few_tunnel(index):
    """(lines, (peer, local prefixes, remote prefixes)) of one tunnel of the 'few selectors' shape."""
    third, fourth = _octets(index)
    local = "10.%d.%d.0" % (third % 250 + 1, fourth)
    remote = "172.%d.%d.0" % (16 + third % 16, fourth)
    remote2 = "192.168.%d.0" % (index % 256)
    peer = peer_of(index)
    t = "T%05d" % index
    lines = [
        "object network %s-L" % t,
        " subnet %s 255.255.255.0" % local,
        " description local LAN of %s" % t,
        "object network %s-R" % t,
        " subnet %s 255.255.255.0" % remote,
        "object network %s-R2" % t,
        " subnet %s 255.255.255.0" % remote2,
        "object network %s-RANGE" % t,
        " range %s %s" % (local[:-1] + "200", local[:-1] + "210"),
        "object network %s-SRV" % t,
        " host %s" % (local[:-1] + "5"),
        "object-group network %s-LOCAL" % t,
        " network-object object %s-L" % t,
        "object-group network %s-REMOTE-A" % t,
        " network-object object %s-R" % t,
        "object-group network %s-REMOTE" % t,
        " group-object %s-REMOTE-A" % t,
        " network-object object %s-R2" % t,
        "access-list %s-ACL extended deny ip object %s-RANGE any" % (t, t),
        "access-list %s-ACL extended permit ip object-group %s-LOCAL object-group %s-REMOTE" % (t, t, t),
        "access-list %s-ACL extended permit tcp object %s-SRV object %s-R eq 443" % (t, t, t),
        "access-list outside_in extended permit tcp any host %s eq 443" % (local[:-1] + "5"),
        "access-list outside_in extended permit udp host %s host %s eq 500" % (peer, ASA_ADDRESS),
        "access-list outside_in remark tunnel %s" % t,
        "nat (inside,outside) source static %s-LOCAL %s-LOCAL destination static %s-REMOTE %s-REMOTE "
        "no-proxy-arp route-lookup" % (t, t, t, t),
    ] + _crypto_and_peer(index, t, peer)
    return lines, (peer, [local + "/24"], [remote + "/24", remote2 + "/24"])


def many_tunnel(index):
    """(lines, (peer, local prefixes, remote prefixes)) of one tunnel of the 'many selectors' shape: an ACL of
    1-20 entries, each between the tunnel's local group (2 subnets) and a remote group of 1-3 subnets."""
    peer = peer_of(index)
    t = "M%05d" % index
    entries = 1 + index % 20
    local = ["10.%d.%d.0" % (1 + (2 * index + k) // 250 % 250, (2 * index + k) % 250) for k in range(2)]
    lines = ["object-group network %s-LOCAL" % t]
    lines += [" network-object %s 255.255.255.0" % net for net in local]
    remotes, acl = [], []
    for entry in range(entries):
        group = "%s-R%02d" % (t, entry)
        count = 1 + (index + entry) % 3
        nets = []
        for k in range(count):
            serial = index * 60 + entry * 3 + k  # distinct per tunnel, entry and subnet
            nets.append("%d.%d.%d.0" % (100 + serial // 65536 % 100, serial // 256 % 256, serial % 256))
        lines.append("object-group network %s" % group)
        lines += [" network-object %s 255.255.255.0" % net for net in nets]
        acl.append("access-list %s-ACL extended permit ip object-group %s-LOCAL object-group %s" % (t, t, group))
        remotes += nets
    lines.append("object-group network %s-REMOTE" % t)
    lines += [" group-object %s-R%02d" % (t, entry) for entry in range(entries)]
    lines += acl
    lines += [
        "nat (inside,outside) source static %s-LOCAL %s-LOCAL destination static %s-REMOTE %s-REMOTE "
        "no-proxy-arp route-lookup" % (t, t, t, t),
    ] + _crypto_and_peer(index, t, peer)
    return lines, (peer, [n + "/24" for n in local], [n + "/24" for n in remotes])


def _crypto_and_peer(index, t, peer):
    seq = index + 1
    return [
        "crypto map OUTSIDE-MAP %d match address %s-ACL" % (seq, t),
        "crypto map OUTSIDE-MAP %d set peer %s" % (seq, peer),
        "crypto map OUTSIDE-MAP %d set ikev2 ipsec-proposal GCM CBC" % seq,
        "crypto map OUTSIDE-MAP %d set pfs group19" % seq,
        "crypto map OUTSIDE-MAP %d set security-association lifetime seconds 27000" % seq,
        "crypto map OUTSIDE-MAP %d set security-association lifetime kilobytes 102400000" % seq,
    ] + _group_policy_and_peer(t, peer)


def _group_policy_and_peer(t, peer):
    return [
        "group-policy %s-GP internal" % t,
        "group-policy %s-GP attributes" % t,
        " vpn-idle-timeout 30",
        " vpn-tunnel-protocol ikev2",
        "tunnel-group %s type ipsec-l2l" % peer,
        "tunnel-group %s general-attributes" % peer,
        " default-group-policy %s-GP" % t,
        "tunnel-group %s ipsec-attributes" % peer,
        " ikev2 remote-authentication pre-shared-key *****",
        " ikev2 local-authentication pre-shared-key *****",
        " isakmp keepalive threshold 30 retry 3",
        "policy-map type inspect dns %s-DNS" % t,
        " parameters",
        "  message-length maximum client auto",
        "!",
    ]


# Route-based addressing: a /30 per VTI in 100.64.0.0/11 (ASA .1, the far side .2) and a /26 VNet per tunnel in
# 100.96.0.0/11 (workloads .0/27, GatewaySubnet .32/27), so neither meets the ASA's own 10.0.0.0/8 and 20,000
# tunnels and more fit. The gateway's default BGP address is the GatewaySubnet's .30 (as single-instance gateways
# show it: tests/fixtures/route_based; Microsoft, "About BGP with VPN Gateway"); its ASN Azure's default 65515.
ASA_ASN, AZURE_ASN = 65010, 65515


class RoutedSite(tuple):
    """(peer, local prefixes, remote prefixes) as the policy shapes' sites, plus what the export needs."""

    __slots__ = ()

    def __new__(cls, peer, local, remote, vti_address, azure_bgp, bgp):
        return tuple.__new__(cls, (peer, local, remote, vti_address, azure_bgp, bgp))


def _quad(value):
    return "%d.%d.%d.%d" % (value >> 24, value >> 16 & 255, value >> 8 & 255, value & 255)


def routed_tunnel(index):
    """(lines, RoutedSite) of one route-based tunnel."""
    peer = peer_of(index)
    t = "R%05d" % index
    vti = (100 << 24) + (64 << 16) + 4 * index  # 100.64.0.0/11
    vnet = (100 << 24) + (96 << 16) + 64 * index  # 100.96.0.0/11
    asa_vti, far_vti = _quad(vti + 1), _quad(vti + 2)
    remote = "%s/26" % _quad(vnet)
    azure_bgp = _quad(vnet + 32 + 30)
    bgp = index % 8 != 7
    lines = [
        "interface Tunnel%d" % (index + 1),
        " nameif %s" % t,
        " ip address %s 255.255.255.252" % asa_vti,
        " tunnel source interface outside",
        " tunnel destination %s" % peer,
        " tunnel mode ipsec ipv4",
        " tunnel protection ipsec profile %s-PROF" % t,
        "!",
        "crypto ipsec profile %s-PROF" % t,
        " set ikev2 ipsec-proposal GCM CBC",
        " set pfs group19",
        " set security-association lifetime seconds 27000",
        " set security-association lifetime kilobytes 102400000",
    ]
    if bgp:
        lines += [
            "route %s %s 255.255.255.255 %s 1" % (t, azure_bgp, far_vti),
            "prefix-list %s-OUT seq 5 permit 10.0.0.0/8" % t,
            "route-map %s-OUT permit 10" % t,
            " match ip address prefix-list %s-OUT" % t,
        ]
    else:
        lines.append("route %s %s 255.255.255.192 %s 1" % (t, _quad(vnet), far_vti))
    lines += _group_policy_and_peer(t, peer)
    return lines, RoutedSite(peer, ["10.0.0.0/8"], [remote], asa_vti, azure_bgp, bgp)


def _bgp_lines(sites):
    lines = ["router bgp %d" % ASA_ASN, " bgp log-neighbor-changes", " address-family ipv4 unicast"]
    for index, site in enumerate(sites):
        if site[5]:
            lines += _bgp_neighbor_lines(site[4], index)
    return lines + ["  network 10.0.0.0 mask 255.0.0.0", "  no auto-summary", " exit-address-family"]


def _bgp_neighbor_lines(neighbor, index):
    return [
        "  neighbor %s remote-as %d" % (neighbor, AZURE_ASN),
        "  neighbor %s ebgp-multihop 2" % neighbor,
        "  neighbor %s activate" % neighbor,
        "  neighbor %s route-map R%05d-OUT out" % (neighbor, index),
    ]


SHAPES = {"few": few_tunnel, "many": many_tunnel, "routed": routed_tunnel}


def generate(shape, target_lines=None, tunnels=None):
    """(ASA config text, [(peer, local prefixes, remote prefixes)] per tunnel; RoutedSite for ``routed``),
    about ``target_lines`` lines or exactly ``tunnels`` tunnels."""
    make = SHAPES[shape]
    lines = HEADER.splitlines()
    sites = []
    bgp_lines = 0  # the routed shape's neighbors, written after the tunnels, as the ASA prints router bgp
    while (len(lines) + bgp_lines < target_lines - 10) if tunnels is None else (len(sites) < tunnels):
        more, site = make(len(sites))
        lines.extend(more)
        sites.append(site)
        bgp_lines += 4 if shape == "routed" and site[5] else 0
    if shape == "routed":
        lines += _bgp_lines(sites)
    if shape == "few":  # the object NAT section comes after twice NAT, as the ASA prints it
        for index in range(len(sites)):
            lines += ["object network T%05d-SRV" % index,
                      " nat (inside,outside) static 198.51.%d.%d" % (101 + index // 250 % 50, index % 250 + 1)]
    if shape != "routed":
        lines += ["nat (inside,outside) after-auto source dynamic any interface",
                  "crypto map OUTSIDE-MAP interface outside"]
    lines.append(": end")
    return "\n".join(lines) + "\n", sites


NET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"


def azure_export(sites, faults=False):
    """ARM resources (a JSON-able list): one connection per site, on its own gateway (policy-based, or
    route-based for RoutedSite). ``faults``: every fourth connection has no PFS, the next a 2 MB data lifetime,
    the next a VNet prefix the ASA does not offer, or for a route-based one with BGP a local network gateway
    whose BGP peering address is not the ASA's (so findings, proofs and alignment have work to do)."""
    resources = []
    for index, site in enumerate(sites):
        fault = index % 4 if faults else 0
        if site.__class__ is RoutedSite:
            resources += _routed_resources(index, site, fault)
            continue
        peer, local, remote = site
        remote = list(remote) + (["10.250.%d.0/24" % (index % 250)] if fault == 3 else [])
        name = "S%05d" % index
        gw_id = "%s/virtualNetworkGateways/%s-VNG" % (NET, name)
        vnet_id = "%s/virtualNetworks/%s-VNet" % (NET, name)
        lng_id = "%s/localNetworkGateways/%s-LNG" % (NET, name)
        pip_id = "%s/publicIPAddresses/%s-pip" % (NET, name)
        resources += [
            _connection(name, gw_id, lng_id, fault, bgp=False, policy_based=True),
            {"name": "%s-VNG" % name, "id": gw_id, "type": "Microsoft.Network/virtualNetworkGateways",
             "location": "uksouth",
             "properties": {
                 "gatewayType": "Vpn", "vpnType": "RouteBased", "sku": {"name": "VpnGw2", "tier": "VpnGw2"},
                 "enableBgp": False, "activeActive": False,
                 "ipConfigurations": [{"name": "default", "id": gw_id + "/ipConfigurations/default",
                                       "properties": {"publicIPAddress": {"id": pip_id},
                                                      "subnet": {"id": vnet_id + "/subnets/GatewaySubnet"}}}]}},
            {"name": "%s-pip" % name, "id": pip_id, "type": "Microsoft.Network/publicIPAddresses",
             "location": "uksouth", "properties": {"ipAddress": peer, "publicIPAllocationMethod": "Static"}},
            {"name": "%s-VNet" % name, "id": vnet_id, "type": "Microsoft.Network/virtualNetworks",
             "location": "uksouth", "properties": {"addressSpace": {"addressPrefixes": list(remote)}}},
            {"name": "%s-LNG" % name, "id": lng_id, "type": "Microsoft.Network/localNetworkGateways",
             "location": "uksouth",
             "properties": {"gatewayIpAddress": ASA_ADDRESS,
                            "localNetworkAddressSpace": {"addressPrefixes": list(local)}}},
        ]
    return resources


def _connection(name, gw_id, lng_id, fault, bgp, policy_based):
    """The connection of a site: fault 1 no PFS, fault 2 a 2 MB data lifetime."""
    return {
        "name": name, "id": "%s/connections/%s" % (NET, name), "type": "Microsoft.Network/connections",
        "location": "uksouth",
        "properties": {
            "connectionType": "IPsec", "connectionProtocol": "IKEv2", "connectionMode": "Default",
            "virtualNetworkGateway1": {"id": gw_id}, "localNetworkGateway2": {"id": lng_id},
            "enableBgp": bgp, "usePolicyBasedTrafficSelectors": policy_based,
            "ipsecPolicies": [{"saLifeTimeSeconds": 27000,
                               "saDataSizeKilobytes": 2048 if fault == 2 else 102400000,
                               "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256",
                               "ikeEncryption": "AES256", "ikeIntegrity": "SHA256",
                               "dhGroup": "ECP256", "pfsGroup": "None" if fault == 1 else "ECP256"}],
            "trafficSelectorPolicies": [], "dpdTimeoutSeconds": 45}}


def _routed_resources(index, site, fault):
    """A route-based connection (BGP or static) and its gateway, public IP, VNet and local network gateway."""
    peer, local, remote, asa_vti, azure_bgp, bgp = site
    name = "S%05d" % index
    gw_id = "%s/virtualNetworkGateways/%s-VNG" % (NET, name)
    vnet_id = "%s/virtualNetworks/%s-VNet" % (NET, name)
    lng_id = "%s/localNetworkGateways/%s-LNG" % (NET, name)
    pip_id = "%s/publicIPAddresses/%s-pip" % (NET, name)
    vnet = remote[0].split("/")[0]
    gateway_subnet = vnet.rsplit(".", 1)[0] + ".%d/27" % (int(vnet.rsplit(".", 1)[1]) + 32)
    address_space = list(remote) + (["100.127.%d.0/24" % (index % 250)] if fault == 3 and not bgp else [])
    gateway = {
        "gatewayType": "Vpn", "vpnType": "RouteBased", "sku": {"name": "VpnGw2", "tier": "VpnGw2"},
        "enableBgp": bgp, "activeActive": False,
        "ipConfigurations": [{"name": "default", "id": gw_id + "/ipConfigurations/default",
                              "properties": {"publicIPAddress": {"id": pip_id},
                                             "subnet": {"id": vnet_id + "/subnets/GatewaySubnet"}}}]}
    lng = {"gatewayIpAddress": ASA_ADDRESS, "localNetworkAddressSpace": {"addressPrefixes": [] if bgp else list(local)}}
    if bgp:
        gateway["bgpSettings"] = {
            "asn": AZURE_ASN, "bgpPeeringAddress": azure_bgp, "peerWeight": 0,
            "bgpPeeringAddresses": [{"ipconfigurationId": gw_id + "/ipConfigurations/default",
                                     "defaultBgpIpAddresses": [azure_bgp], "customBgpIpAddresses": [],
                                     "tunnelIpAddresses": [peer]}]}
        lng["bgpSettings"] = {"asn": ASA_ASN, "peerWeight": 0,
                              "bgpPeeringAddress": "100.127.255.%d" % (index % 250 + 1) if fault == 3 else asa_vti}
    return [
        _connection(name, gw_id, lng_id, fault, bgp=bgp, policy_based=False),
        {"name": "%s-VNG" % name, "id": gw_id, "type": "Microsoft.Network/virtualNetworkGateways",
         "location": "uksouth", "properties": gateway},
        {"name": "%s-pip" % name, "id": pip_id, "type": "Microsoft.Network/publicIPAddresses",
         "location": "uksouth", "properties": {"ipAddress": peer, "publicIPAllocationMethod": "Static"}},
        {"name": "%s-VNet" % name, "id": vnet_id, "type": "Microsoft.Network/virtualNetworks",
         "location": "uksouth",
         "properties": {"addressSpace": {"addressPrefixes": address_space},
                        "subnets": [{"name": "GatewaySubnet", "id": vnet_id + "/subnets/GatewaySubnet",
                                     "properties": {"addressPrefix": gateway_subnet}}]}},
        {"name": "%s-LNG" % name, "id": lng_id, "type": "Microsoft.Network/localNetworkGateways",
         "location": "uksouth", "properties": lng},
    ]
