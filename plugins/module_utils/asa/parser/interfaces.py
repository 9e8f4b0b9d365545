# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``interface X`` blocks, including static VTIs (``interface TunnelN``).

A VTI as ``show running-config`` prints it (reference yaml asa.vti.config_skeleton, from Cisco
document 214109 "Configure ASA IPsec VTI Connection to Azure", verified: partial; the
yinghli/azure-vpn-asa README, ASA 9.8):

    interface Tunnel1
     nameif vti
     ip address 169.254.21.1 255.255.255.252
     tunnel source interface outside
     tunnel destination 203.0.113.20
     tunnel mode ipsec ipv4
     tunnel protection ipsec profile PROFILE1
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import Interface, TunnelSettings
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import _Block
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import looks_like_fqdn
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import WARNING

# ipv6 sub-commands are listed so that a flattened paste does not take them for top-level ones
_ACCEPTED_PAIRS = (("ip", "address"), ("ipv6", "address"), ("ipv6", "enable"), ("ipv6", "nd"))
_ACCEPTED_WORDS = ("nameif", "description", "shutdown", "tunnel", "management-only")
# "tunnel mode ipsec ipv4|ipv6" (ASA command reference, verified: false). Only IPv4 is modelled:
# reference yaml asa.vti.limits "static VTI, IPv4 over IPv4" (CISCO_VTI_AZURE_214109, verified: true).
TUNNEL_MODES = ("ipv4", "ipv6")


def interface(p, words, line, indent):
    hardware = " ".join(words[1:])
    iface = p.config.interfaces.get(hardware)
    if iface is None:
        iface = p.config.interfaces[hardware] = Interface(hardware)
        if hardware.lower().startswith("tunnel"):
            iface.tunnel = TunnelSettings()
    iface.lines.append(line)
    return _Block(iface, indent, sub_interface, _ACCEPTED_WORDS, _ACCEPTED_PAIRS)


def _context(iface):
    return {"kind": "interface", "name": iface.nameif or iface.hardware}


def sub_interface(p, block, words, line):
    iface = block.item
    head = words[0]
    if head == "nameif" and len(words) > 1:
        iface.nameif = words[1]
        iface.lines.append(line)
    elif head == "shutdown":
        iface.shutdown = True
        iface.lines.append(line)
    elif head == "management-only":
        # no through traffic enters or leaves it (Cisco ASA general configuration guide, "Management Interface")
        iface.management_only = True
        iface.lines.append(line)
    elif words[:2] == ["ipv6", "address"] and len(words) > 2:
        iface.lines.append(line)
        _ipv6_address(iface, words)
    elif head == "tunnel" and iface.tunnel is not None:
        iface.lines.append(line)
        iface.tunnel.lines.append(line)
        _tunnel(p, iface, words, line)
    elif words[:2] == ["ip", "address"] and len(words) > 2:
        iface.lines.append(line)
        if words[2] in ("dhcp", "pppoe"):
            return
        context = _context(iface)
        network = p.network(words[2], words[3] if len(words) > 3 else None, line, context)
        if network is not None:
            iface.address, iface.mask = p.config.names.get(words[2], words[2]), words[3]
        if len(words) > 5 and words[4] == "standby" and p.address(words[5], line, context) is not None:
            iface.standby = words[5]


def _ipv6_address(iface, words):
    """'ipv6 address <address>/<len> [eui-64 | standby <address>]' puts the interface on that prefix (its connected
    network, Cisco ASA command reference ``ipv6 address``); 'autoconfig', 'dhcp' and 'X link-local' say none."""
    if "/" not in words[2] or "link-local" in words[3:]:
        return
    try:
        network = ipaddress.IPv6Interface(words[2]).network
    except ValueError:
        return  # not an IPv6 prefix: no connected network read from it (as an unreadable 'ip address')
    if network not in iface.ipv6_networks:
        iface.ipv6_networks.append(network)


def _tunnel(p, iface, words, line):
    tunnel, context = iface.tunnel, _context(iface)
    rest = words[1:]
    if rest[:2] == ["source", "interface"] and len(rest) > 2:
        tunnel.source_interface = rest[2]
        p.refer("interface", rest[2], line, context)
    elif rest[:1] == ["destination"] and len(rest) > 1:
        _destination(p, tunnel, rest[1], line, context)
    elif rest[:2] == ["mode", "ipsec"] and len(rest) > 2:
        if rest[2] not in TUNNEL_MODES:
            p.invalid(line, rest[2], "'ipv4' or 'ipv6'", context)
            return
        tunnel.mode = "ipsec " + rest[2]
        if rest[2] == "ipv6":
            p.unsupported(
                [line], WARNING, "an IPv6 VTI (tunnel mode ipsec ipv6)",
                "the collection models IPv4 tunnels only, so this tunnel's addresses and routes are not checked",
                context, ["! Check the IPv6 tunnel %s by hand." % iface.hardware],
            )
    elif rest[:3] == ["protection", "ipsec", "profile"] and len(rest) > 3:
        tunnel.profile = rest[3]
        p.refer("ipsec-profile", rest[3], line, context)
    elif rest[:1] in (["source"], ["destination"], ["mode"], ["protection"]):
        p.invalid(line, line.text, "a complete 'tunnel %s ...' command" % rest[0], context)
    else:
        p.unsupported(
            [line], WARNING, "the tunnel command %r" % " ".join(words[:3]),
            "only tunnel source interface, destination, mode ipsec and protection ipsec profile are read",
            context, ["! Check line %d of interface %s by hand." % (line.line, iface.hardware)],
        )


def _destination(p, tunnel, token, line, context):
    tunnel.destination = token
    if token not in p.config.names and looks_like_fqdn(token):
        p.unsupported(
            [line], WARNING, "a tunnel destination given by DNS name (%s)" % token,
            "the address it resolves to is not known offline, so the peer cannot be matched",
            context, ["! Give the peer's address: tunnel destination <address>"],
        )
        return
    address = p.address(token, line, context, "an IPv4 or IPv6 address (or a name defined by 'name')")
    tunnel.destination_address = str(address) if address is not None else None


TOP_LEVEL = {("interface",): interface}
