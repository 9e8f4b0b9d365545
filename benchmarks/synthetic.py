# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Synthetic ASA configs and the matching Azure exports, for the benchmarks and the linearity test.

Two shapes of ASA config (about 50 lines per tunnel either way):
  few   asa_parser_bench's policy-based tunnel: one crypto ACL of three entries (a deny over a
        range object, ip between nested object-groups, tcp to one object), twice and object NAT
  many  crypto ACLs of 1-20 entries over object-groups of 2-3 subnets each, so a tunnel has
        from 4 to about 180 selectors (the issue's second shape)
Every tunnel has a distinct peer address; ``azure_export(...)`` gives, per tunnel, a connection
(policy-based traffic selectors), its gateway at that peer address, the gateway's public IP, a
VNet holding the ASA's remote networks and a local network gateway with the ASA's local ones.
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
    """(lines, local prefixes, remote prefixes) of one tunnel of the 'few selectors' shape."""
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
    return lines, [local + "/24"], [remote + "/24", remote2 + "/24"]


def many_tunnel(index):
    """(lines, local prefixes, remote prefixes) of one tunnel of the 'many selectors' shape: an ACL of
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
    return lines, [n + "/24" for n in local], [n + "/24" for n in remotes]


def _crypto_and_peer(index, t, peer):
    seq = index + 1
    return [
        "crypto map OUTSIDE-MAP %d match address %s-ACL" % (seq, t),
        "crypto map OUTSIDE-MAP %d set peer %s" % (seq, peer),
        "crypto map OUTSIDE-MAP %d set ikev2 ipsec-proposal GCM CBC" % seq,
        "crypto map OUTSIDE-MAP %d set pfs group19" % seq,
        "crypto map OUTSIDE-MAP %d set security-association lifetime seconds 27000" % seq,
        "crypto map OUTSIDE-MAP %d set security-association lifetime kilobytes 102400000" % seq,
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


SHAPES = {"few": few_tunnel, "many": many_tunnel}


def generate(shape, target_lines=None, tunnels=None):
    """(ASA config text, [(peer, local prefixes, remote prefixes)] per tunnel), about ``target_lines``
    lines or exactly ``tunnels`` tunnels."""
    make = SHAPES[shape]
    lines = HEADER.splitlines()
    sites = []
    while (len(lines) < target_lines - 10) if tunnels is None else (len(sites) < tunnels):
        index = len(sites)
        more, local, remote = make(index)
        lines.extend(more)
        sites.append((peer_of(index), local, remote))
    if shape == "few":  # the object NAT section comes after twice NAT, as the ASA prints it
        for index in range(len(sites)):
            lines += ["object network T%05d-SRV" % index,
                      " nat (inside,outside) static 198.51.%d.%d" % (101 + index // 250 % 50, index % 250 + 1)]
    lines += [
        "nat (inside,outside) after-auto source dynamic any interface",
        "crypto map OUTSIDE-MAP interface outside",
        ": end",
    ]
    return "\n".join(lines) + "\n", sites


NET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"


def azure_export(sites, faults=False):
    """ARM resources (a JSON-able list): one policy-based connection per site, on its own gateway.
    ``faults``: every fourth connection has no PFS, the next a 2 MB data lifetime, the next a VNet
    prefix the ASA does not offer (so findings, proofs and alignment have work to do)."""
    resources = []
    for index, (peer, local, remote) in enumerate(sites):
        fault = index % 4 if faults else 0
        remote = list(remote) + (["10.250.%d.0/24" % (index % 250)] if fault == 3 else [])
        name = "S%05d" % index
        gw_id = "%s/virtualNetworkGateways/%s-VNG" % (NET, name)
        vnet_id = "%s/virtualNetworks/%s-VNet" % (NET, name)
        lng_id = "%s/localNetworkGateways/%s-LNG" % (NET, name)
        pip_id = "%s/publicIPAddresses/%s-pip" % (NET, name)
        resources += [
            {"name": name, "id": "%s/connections/%s" % (NET, name), "type": "Microsoft.Network/connections",
             "location": "uksouth",
             "properties": {
                 "connectionType": "IPsec", "connectionProtocol": "IKEv2", "connectionMode": "Default",
                 "virtualNetworkGateway1": {"id": gw_id}, "localNetworkGateway2": {"id": lng_id},
                 "enableBgp": False, "usePolicyBasedTrafficSelectors": True,
                 "ipsecPolicies": [{"saLifeTimeSeconds": 27000,
                                    "saDataSizeKilobytes": 2048 if fault == 2 else 102400000,
                                    "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256",
                                    "ikeEncryption": "AES256", "ikeIntegrity": "SHA256",
                                    "dhGroup": "ECP256", "pfsGroup": "None" if fault == 1 else "ECP256"}],
                 "trafficSelectorPolicies": [], "dpdTimeoutSeconds": 45}},
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
