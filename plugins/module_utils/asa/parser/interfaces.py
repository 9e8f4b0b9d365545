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
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING

# ipv6 sub-commands are listed so that a flattened paste does not take them for top-level ones
_ACCEPTED_PAIRS = (("ip", "address"), ("ip", "unnumbered"), ("ipv6", "address"), ("ipv6", "enable"), ("ipv6", "nd"))
_ACCEPTED_WORDS = ("nameif", "description", "shutdown", "tunnel", "management-only")
# "tunnel mode ipsec ipv4|ipv6" (ASA command reference, verified: false). Only IPv4 is modelled:
# reference yaml asa.vti.limits "static VTI, IPv4 over IPv4" (CISCO_VTI_AZURE_214109, verified: true).
TUNNEL_MODES = ("ipv4", "ipv6")


def interface(p, words, line, indent):
    hardware = " ".join(words[1:])
    template = hardware[:16].lower() == "virtual-template"
    if template and len(words) > 3 and words[-2].lower() == "type" and words[-1].lower() == "tunnel":
        hardware = " ".join(words[1:-2])  # "Virtual-Template1 type tunnel": the interface is Virtual-Template1
    iface = p.config.interfaces.get(hardware)
    if iface is None:
        iface = p.config.interfaces[hardware] = Interface(hardware)
        if hardware.lower().startswith("tunnel"):
            iface.tunnel = TunnelSettings()
        elif template:
            _virtual_template(p, iface)
    iface.lines.append(line)
    return _Block(iface, indent, sub_interface, _ACCEPTED_WORDS, _ACCEPTED_PAIRS)


# A dynamic VTI (ASA 9.19 and later; ASA_VPN_GUIDE_920_VTI, "Dynamic VTI", verified: false): 'interface
# Virtual-Template N type tunnel', bound to a tunnel group by 'virtual-template N' under its ipsec-attributes, is
# instantiated for each peer that connects. Not modelled: as a dynamic crypto map's, its peers are whoever connects,
# so no tunnel of it can be paired with an Azure end. Named at the end (virtual_templates).
def _templates(p):
    """The dynamic VTIs read so far; the first call has virtual_templates run at the end."""
    templates = p.state.get("virtual_templates")
    if templates is None:
        templates = p.state["virtual_templates"] = []
        p.at_finish.append(virtual_templates)
    return templates


def _virtual_template(p, iface):
    _templates(p).append(iface)


def template_binding(p, group, number, line):
    """'virtual-template N' under a tunnel-group's ipsec-attributes: the group's peers are served by the DVTI."""
    _templates(p)
    p.state.setdefault("template_bindings", []).append((group, number, line))


def _template_number(hardware):
    return hardware[16:].strip()  # "Virtual-Template1" -> "1"


def virtual_templates(p):
    """One UNSUPPORTED_CONSTRUCT per dynamic VTI, naming its interface lines and the tunnel-group lines that bind it
    (one per binding of a template no interface defines). Its severity as a dynamic map entry's
    (crypto_maps.dynamic_entries): information next to tunnels with a configured peer, which are checked as they are;
    a warning where the ASA has none, as nothing of it is checked. No tunnel end depends on its context, so the
    finding stands for the whole ASA and goes with a PEER_NOT_FOUND (pairing_findings.peer_not_found)."""
    static = any(e.peers for m in p.config.crypto_maps.values() for e in m.entries.values()) \
        or any(i.tunnel is not None for i in p.config.interfaces.values())
    severity = INFO if static else WARNING
    bindings = {}
    for group, number, line in p.state.get("template_bindings", ()):
        bindings.setdefault(number, []).append((group, line))
    for iface in p.state["virtual_templates"]:
        number = _template_number(iface.hardware)
        bound = bindings.pop(number, [])
        groups = [group for group, _line in bound]
        _template_finding(p, severity, "interface %s type tunnel%s" % (
            iface.hardware, ", bound to tunnel-group %s" % ", ".join(groups) if groups else ""),
            iface.lines + [line for _group, line in bound], iface.hardware,
            {"kind": "virtual-template", "name": iface.nameif or iface.hardware}, groups)
    for number, bound in bindings.items():  # bound to a template the text does not define: it serves no peer
        groups = [group for group, _line in bound]
        _template_finding(p, severity, "virtual-template %s of tunnel-group %s" % (number, ", ".join(groups)),
                          [line for _group, line in bound], "Virtual-Template%s" % number,
                          {"kind": "virtual-template", "name": "Virtual-Template%s" % number}, [])


# How many tunnel-groups a dynamic VTI's finding names (it goes with every tunnel of the ASA): beyond them, any
# Azure gateway may be one of its peers (pairing_findings.dvti_may_serve)
_GROUPS_KEPT = 100


def _template_finding(p, severity, what, lines, hardware, context, serving_groups):
    """``serving_groups``: the tunnel-groups whose peers the template serves (pairing_findings.dvti_may_serve)."""
    p.unsupported(
        lines, severity, "a dynamic VTI (%s)" % what,
        "the tunnels it serves have no configured peer (each peer that connects gets one), so they cannot be "
        "paired with an Azure end or checked",
        context,
        ["! Check the tunnels of %s by hand, or give each Azure peer a static VTI: interface Tunnel<N> / "
         "tunnel destination <address> / tunnel protection ipsec profile <profile>" % hardware],
        count=len(lines), tunnel_groups=serving_groups[:_GROUPS_KEPT], tunnel_groups_total=len(serving_groups),
    )


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
    elif words[:2] == ["ipv6", "address"]:
        iface.lines.append(line)
        _ipv6_address(p, iface, words, line)
        if iface.tunnel is not None:
            named = p.gathered("vti_ipv6_addresses", dict, _vti_ipv6_addresses)
            named.setdefault(iface.hardware, (iface, []))[1].append(line)
    elif head == "tunnel" and iface.tunnel is not None:
        iface.lines.append(line)
        iface.tunnel.lines.append(line)
        _tunnel(p, iface, words, line)
    elif head == "tunnel":
        _tunnel_elsewhere(p, iface, words, line)
    elif words[:2] == ["ip", "unnumbered"]:
        # ASA 9.19 and later: a VTI borrows a loopback's address (Cisco ASA 9.19 general configuration guide,
        # "Loopback Interface"). Not modelled: without it the tunnel's address is unknown, and the checks that need
        # it (the BGP session's addresses against Azure's) would say nothing rather than what they do not know.
        iface.lines.append(line)
        p.unsupported(
            [line], WARNING, "an unnumbered interface (%s)" % line.text,
            "the interface takes the address of %s, which is not read as its own, so the BGP neighbor and source "
            "addresses through it are not checked against the peer's" % (words[2] if len(words) > 2 else "another interface"),
            _context(iface), ["! Check by hand that the peer expects BGP from the address %s borrows." % iface.hardware],
        )
    elif words[:2] == ["ip", "address"] and len(words) > 2:
        iface.lines.append(line)
        if words[2] in ("dhcp", "pppoe"):
            iface.leased = line  # the tunnels through it say what this leaves unchecked (context.leased_address)
            return
        context = _context(iface)
        network = p.network(words[2], words[3] if len(words) > 3 else None, line, context)
        if network is not None:
            iface.address, iface.mask = p.config.names.get(words[2], words[2]), words[3]
        if len(words) > 5 and words[4] == "standby":
            standby = p.address(words[5], line, context)  # a 'name' alias resolved, as the active address is
            if standby is not None:
                iface.standby = str(standby)
    else:
        _not_read(p, iface, words, line)


# Interface lines that change which routing table or interface carries traffic; the check computes a tunnel's egress
# from the global routing table and the interfaces' own networks, so on any interface they are a warning.
_ROUTING_CHANGED = {
    # Cisco ASA general operations CLI configuration guide, "Policy Based Routing", a chapter from 9.4 on (9.4 copy:
    # https://cupdf.com/document/policy-based-routing-ciscowwwciscocomcenustddocssecurityasaasa94config-guidesclipdf.html;
    # https://www.cisco.com/c/en/us/td/docs/security/asa/asa917/configuration/general/asa-917-general-config/
    # route-policy-based.html; read 2026-12-07: PBR routes by source, ports and protocol, not by the routing table).
    # verified: partial (the interface command's exact words were not in the text read)
    "policy-route": ("policy-based routing",
                     "traffic entering by it that its route-map matches is forwarded by the route-map's next hops, not "
                     "by the routing table the check reads, so which tunnel (if any) carries it is not known"),
    # Cisco ASA 9.3 general configuration guide, "Traffic Zones" (verified: false)
    "zone-member": ("a traffic zone",
                    "connections are balanced over the zone's interfaces (ECMP across them), so traffic may leave by "
                    "another interface than the one the routes name"),
    # IOS forms ('vrf forwarding', 'ip vrf forwarding'); the ASA has no per-interface VRF: kept as a warning, as the
    # text is then not what the check takes it for
    "vrf": ("a VRF",
            "its routes are in a routing table of their own, not the global one the check reads"),
}
# Lines on any interface that change nothing the check computes: free text, the security level (what an ACL-less
# interface lets through, not what a tunnel negotiates or where it routes), and 'no ...' lines, which show
# running-config prints for defaults ('no nameif', 'no ip address' on an unused port).
_QUIET_EVERYWHERE = ("description", "security-level", "no")
# IPv6 link-local and neighbor discovery settings: no global address, so no network a tunnel's traffic is routed by
_QUIET_IPV6 = (["ipv6", "enable"], ["ipv6", "nd"])


def _not_read(p, iface, words, line):
    """An interface line none of the above reads. A line of _ROUTING_CHANGED: a warning naming it, on any interface.
    On a static VTI, any other line (not quiet) is collected and named at the end as information: the VTI's lines
    are few and each may bear on its tunnel ('ip mtu', 'ospf cost', 'bfd interval'). On other interfaces the port
    settings (speed, duplex, vlan, channel-group, mac-address...) are many and bear on no tunnel: not named."""
    head = words[0]
    if head in _QUIET_EVERYWHERE or words[:2] in _QUIET_IPV6:
        return
    key = "vrf" if words[:2] == ["ip", "vrf"] else head
    changed = _ROUTING_CHANGED.get(key)
    if changed is not None:
        iface.lines.append(line)
        p.unsupported(
            [line], WARNING, "%s on interface %s (%s)" % (changed[0], iface.hardware, line.text), changed[1],
            _context(iface), ["! Check by hand where interface %s sends tunnel traffic (line %d)." % (
                iface.nameif or iface.hardware, line.line)],
        )
        return
    if iface.tunnel is None:
        return
    iface.lines.append(line)
    p.gathered("vti_lines_not_read", dict, _vti_lines_not_read).setdefault(iface.hardware, (iface, []))[1].append(line)


def _vti_lines_not_read(p):
    """One INFO per VTI naming the lines of it not read."""
    for iface, lines in p.state["vti_lines_not_read"].values():
        what = ", ".join(repr(line.text) for line in lines[:3]) + (" ..." if len(lines) > 3 else "")
        p.unsupported(
            lines, INFO, "what line%s %s of tunnel interface %s set%s" % (
                "s" if len(lines) > 1 else "", what, iface.hardware, "" if len(lines) > 1 else "s"),
            "only nameif, ip address, ipv6 address, shutdown and the tunnel commands of a VTI are read, so what "
            "these lines change for its tunnel is not checked", _context(iface),
            ["! Check line%s %s of interface %s by hand." % (
                "s" if len(lines) > 1 else "", ", ".join(str(line.line) for line in lines[:10]), iface.hardware)],
            count=len(lines),
        )


def _vti_ipv6_addresses(p):
    """One INFO per static VTI that has 'ipv6 address' lines but no 'tunnel mode ipsec ipv6': the mode sets the one
    family the tunnel carries (Cisco ASA 9.16 VPN configuration guide, "Virtual Tunnel Interface", IPv6 Support:
    "the tunnel mode can either be IPv4 or IPv6", verified: partial), and only IPv4 traffic through a VTI is modelled,
    so what the IPv6 address takes in is not checked. An IPv6 VTI has its own warning (_tunnel), not this one."""
    for iface, lines in p.state["vti_ipv6_addresses"].values():
        if iface.tunnel.mode == "ipsec ipv6":
            continue
        mode = "tunnel mode %s" % iface.tunnel.mode if iface.tunnel.mode else "no 'tunnel mode ipsec ipv6'"
        p.unsupported(
            lines, INFO, "an IPv6 address on tunnel interface %s (%s), whose tunnel carries IPv4 (%s)" % (
                iface.hardware, lines[0].text, mode),
            "only IPv4 traffic through a VTI is modelled, so what IPv6 traffic is routed to this interface, and "
            "whether it is carried, is not checked", _context(iface),
            ["! Check by hand what IPv6 traffic is routed to %s (line %s)." % (
                iface.nameif or iface.hardware, ", ".join(str(line.line) for line in lines[:10]))],
            count=len(lines),
        )


# 'ipv6 address' as the Cisco ASA Series Command Reference, I-R, "ipv6 address" gives it (verified: true,
# https://www.cisco.com/c/en/us/td/docs/security/asa/asa-command-reference/I-R/cmdref2/i4.html):
#   ipv6 address {autoconfig | ipv6-address/prefix-length [standby ipv6-address | cluster-pool poolname] |
#                 ipv6-prefix/prefix-length eui-64 | ipv6-address link-local [standby ipv6-address]}
# and, in later releases (verified: false), 'autoconfig [default] [trust dhcp]', 'dhcp [default]' (DHCPv6 client)
# and '<prefix-name> <address>/<length>' (an address in a DHCPv6-delegated prefix).
_IPV6_ADDRESS_FORMS = ("an IPv6 address/prefix-length ['eui-64' | 'standby <address>' | 'cluster-pool <pool>'], "
                       "'<address> link-local', 'autoconfig' or 'dhcp'")
_IPV6_LEARNED = {"autoconfig": "are learned from router advertisements", "dhcp": "are leased by DHCPv6"}
# The prefix length of the networks each form puts the interface on, where the text tells it: SLAAC forms an address
# only from a prefix whose length and the 64-bit interface identifier make 128 bits (RFC 4862 section 5.5.3 d, RFC
# 4291 section 2.5.1), so a /64 (assumed to be the on-link prefix it installs too); a DHCPv6 lease is an address, its
# on-link prefix comes from router advertisements and may be of any length (None).
_IPV6_LEARNED_LENGTH = {"autoconfig": 64, "dhcp": None}
_IPV6_TAILS = {"eui-64": "'eui-64'", "standby": "'standby <IPv6 address>'", "cluster-pool": "'cluster-pool <pool>'"}


def _ipv6_address(p, iface, words, line):
    """'ipv6 address <address>/<len> [eui-64 | standby <address> | cluster-pool <pool>]' puts the interface on that
    prefix (its connected network, which nat_ingress uses for where tunnel traffic enters). The forms whose networks
    the text does not state are a finding at the end (_ipv6_unknown); a form that is none of these, an INVALID_VALUE."""
    context, rest = _context(iface), words[2:]
    head = rest[0] if rest else ""
    if head in _IPV6_LEARNED:
        _ipv6_unknown(p, iface, line, _IPV6_LEARNED[head], _IPV6_LEARNED_LENGTH[head])
        return
    if rest[1:2] == ["link-local"]:
        # Read for its errors only: a link-local address is never forwarded (RFC 4291 section 2.5.6), so it is neither a
        # tunnel's network nor tells where one enters.
        address = p.address(head, line, context, "an IPv6 link-local address")
        if address is not None and address.version != 6:
            p.invalid(line, head, "an IPv6 link-local address", context)
        _ipv6_tail(p, rest[2:], ("standby",), line, context)
        return
    if "/" not in head and len(rest) > 1 and "/" in rest[1]:
        # '<prefix-name> <address>/<length>': the length is the interface network's, written (Cisco ASA command
        # reference, "ipv6 address"); the delegated prefix it sits in is not
        length = rest[1].rpartition("/")[2]
        length = int(length) if length.isdigit() and int(length) <= 128 else None
        _ipv6_unknown(p, iface, line, "are in the prefix %r that DHCPv6 delegates" % head, length)
        return
    try:
        address = ipaddress.IPv6Interface(head) if "/" in head else None
    except ValueError:
        address = None
    if address is None:
        p.invalid(line, head or line.text, _IPV6_ADDRESS_FORMS, context)
        iface.ipv6_unstated.append(line)  # an address not read: the interface's IPv6 address is not known
        return
    standby = _ipv6_tail(p, rest[1:], ("eui-64", "standby", "cluster-pool"), line, context)
    iface.ipv6_assigned.append((address, line, rest[1:] != ["eui-64"]))
    if rest[1:] == ["eui-64"]:
        iface.ipv6_unstated.append(line)  # the host part is made from the MAC address, which the text does not hold
    elif str(address.ip) not in iface.ipv6_addresses:
        iface.ipv6_addresses.append(str(address.ip))
    if standby is not None and standby not in iface.ipv6_standby:
        iface.ipv6_standby.append(standby)
    if address.network not in iface.ipv6_networks:
        iface.ipv6_networks.append(address.network)


def _ipv6_tail(p, tail, accepted, line, context):
    """The words after the address: one of ``accepted`` ('eui-64' alone; 'standby <IPv6 address>'; 'cluster-pool
    <pool>'); anything else an INVALID_VALUE. Returns the standby address, if valid."""
    if not tail:
        return None
    if tail == ["eui-64"] and "eui-64" in accepted:
        return None
    if len(tail) == 2 and tail[0] in accepted and tail[0] != "eui-64":
        if tail[0] == "standby":
            address = p.address(tail[1], line, context, "an IPv6 standby address")
            if address is not None and address.version != 6:
                p.invalid(line, tail[1], "an IPv6 standby address", context)
            elif address is not None:
                return str(address)
        return None
    p.invalid(line, " ".join(tail), " or ".join(_IPV6_TAILS[word] for word in accepted), context)
    return None


def _ipv6_unknown(p, iface, line, how, length):
    """Note on the interface the networks its line leaves unknown (their prefix length, None: any), for
    nat_ingress, and report them at the end."""
    iface.ipv6_unknown.append((line, length))
    iface.ipv6_unstated.append(line)
    pending = p.gathered("ipv6_unknown", list, _ipv6_unknown_networks)
    pending.append((iface, line, how, length))


def _ipv6_unknown_networks(p):
    """An interface whose IPv6 networks the text does not state: a finding naming the line, once the whole text
    tells whether it matters. nat_ingress judges where a tunnel's local network enters by the connected networks and
    static routes; a network it does not know may be the longer prefix that decides. It cannot matter on an interface
    no through traffic enters by (no nameif, management-only, shut down: nat_ingress.entry_nameifs), so there it is
    not reported. It decides a verdict only for a crypto map on another interface (tunnel traffic is not taken to
    enter by the crypto map's own interface, nat_index), hence a warning only then: nat_ingress takes the interface as
    a possible ingress for an IPv6 local network no known route places, so such a tunnel's NAT verdict is undecidable
    where NAT rules bound to an interface differ."""
    map_interfaces = {cm.interface for cm in p.config.crypto_maps.values() if cm.interface}
    map_interfaces.update(nameif for cm in p.config.crypto_maps.values() for nameif, _line in cm.more_interfaces)
    for iface, line, how, length in p.state["ipv6_unknown"]:
        if not iface.nameif or iface.management_only or iface.shutdown:
            continue
        others = sorted(map_interfaces - {iface.nameif})
        if others:
            severity = WARNING
            placed = ("an IPv6 local network unless a connected network stated on an interface places it (a prefix "
                      "of any length may be on-link there, so no static route rules it out)" if length is None else
                      "an IPv6 local network unless a connected network stated on an interface or a static route "
                      "longer than /%d places it (its prefix there is a /%d)" % (length, length))
            why = ("NAT per ingress interface takes %s as a possible ingress for %s: for a "
                   "tunnel of the crypto map on %s whose NAT rules differ between %s and the interface routed to, "
                   "whether NAT leaves its traffic untranslated is then not decided" % (
                       iface.nameif, placed, " and ".join(others), iface.nameif))
        else:
            severity = INFO
            why = ("no crypto map is on another interface, so no tunnel's NAT check depends on them (tunnel traffic "
                   "is not taken to enter by the crypto map's own interface)")
        p.unsupported(
            [line], severity, "%r on interface %s (its IPv6 networks %s, not stated in the text)" % (
                line.text, iface.nameif, how), why, _context(iface),
            ["! Give %s its IPv6 prefix ('ipv6 address <prefix>/<length>')%s." % (
                iface.nameif, "" if length is None else ", or route each tunnel's IPv6 local network by static routes "
                "longer than /%d ('ipv6 route <nameif> <prefix>/<length> <gateway>')" % length)],
        )


# The tunnel commands read, as their words go before the value: a line that is the start of one is cut short (an
# INVALID_VALUE); another form ('tunnel protection ipsec policy', IOS's 'tunnel source <address>', 'tunnel mode gre
# ip') is a construct not modelled (review s41: those were "not a complete command").
_TUNNEL_FORMS = (["source", "interface"], ["destination"], ["mode", "ipsec"], ["protection", "ipsec", "profile"])


def _tunnel(p, iface, words, line):
    tunnel, context = iface.tunnel, _context(iface)
    rest = words[1:]
    # the words after 'tunnel' of the form the line starts with, with its one value
    whole = next((len(form) + 1 for form in _TUNNEL_FORMS if rest[:len(form)] == form), None)
    if whole is not None and len(rest) > whole:
        # each of these takes one value (ASA command reference, "tunnel source interface", "tunnel destination",
        # "tunnel mode", "tunnel protection ipsec profile"; verified: false): a second one (two lines pasted onto one)
        # is named; the first is read (it was read and the rest dropped without a word)
        p.invalid(line, " ".join(rest[whole:]), "a word 'tunnel %s' takes (none follows it)" % " ".join(rest[:whole]),
                  context)
        rest = rest[:whole]
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
    elif rest and any(rest == form[:len(rest)] for form in _TUNNEL_FORMS):
        p.invalid(line, line.text, "a complete 'tunnel %s ...' command" % rest[0], context)
    else:
        p.unsupported(
            [line], WARNING, "the tunnel command %r" % " ".join(words[:3]),
            "only tunnel source interface, destination, mode ipsec and protection ipsec profile are read",
            context, ["! Check line %d of interface %s by hand." % (line.line, iface.hardware)],
        )


def _tunnel_elsewhere(p, iface, words, line):
    """A 'tunnel ...' line of an interface that is no static VTI: part of a dynamic VTI (named with it), or on an
    interface the ASA takes no tunnel command on (a block whose header was lost or edited): no tunnel is read."""
    iface.lines.append(line)
    if any(template is iface for template in p.state.get("virtual_templates", ())):
        if words[1:4] == ["protection", "ipsec", "profile"] and len(words) > 4:
            p.refer("ipsec-profile", words[4], line, _context(iface))
        return
    p.unsupported(
        [line], WARNING, "the tunnel command %r on interface %s" % (line.text, iface.hardware),
        "only a tunnel interface (interface Tunnel<N>, or Virtual-Template<N> type tunnel) takes tunnel commands, "
        "so no tunnel is read from it", _context(iface),
        ["! Move line %d into the tunnel interface it belongs to, or remove it." % line.line],
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
