# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The local address of a tunnel end: the address of the interface IKE runs from, of the peer's address family.

An IPv6 peer (``crypto map M N set peer 2001:db8::2``, ``tunnel destination 2001:db8::2``) is reached from the
interface's IPv6 address (Cisco document 215522, "Configure IKEv2 IPv6 Site-to-Site Tunnel between ASA and FTD",
verified: false): giving it the interface's IPv4 address (review s40) had a right local network gateway called a
mismatch and a wrong one passed.

An interface may hold several IPv6 addresses (several ``ipv6 address X/len`` lines, its link-local one). Cisco does
not document which one the ASA sends IKE from; RFC 6724 section 5 ("Source Address Selection", which section 1 says
is the default of every IPv6 node, routers included) does, for addresses of one interface: rule 2, an address of the
peer's scope (a link-local address never for a global peer, RFC 4291 section 2.5.6); rule 6, one whose label in the
default policy table (section 2.1) is the peer's; rule 8, the longest prefix it shares with the peer, counted up to
its own prefix length. What stays open is left unknown with a finding naming its lines, as the address check is then
skipped: a tie after rule 8 (the RFC leaves it to the implementation), the winner an eui-64 address (its host part
comes from the MAC address), and any address the text does not state (autoconfig, DHCPv6, a delegated prefix), which
may be the one that wins.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING


# RFC 6724 section 2.1, the default policy table's labels; an address takes the label of the longest prefix holding it
_LABELS = sorted(((ipaddress.IPv6Network(prefix), label) for prefix, label in (
    ("::1/128", 0), ("::/0", 1), ("::ffff:0:0/96", 4), ("2002::/16", 2), ("2001::/32", 5), ("fc00::/7", 13),
    ("::/96", 3), ("fec0::/10", 11), ("3ffe::/16", 12))), key=lambda item: -item[0].prefixlen)
# RFC 6724 section 3.1 and RFC 4291 section 2.5.6: link-local and loopback are link scope, the deprecated site-local
# prefix site scope; every other unicast address (unique local ones too, section 3.1) global
_LINK, _SITE, _GLOBAL = 0x2, 0x5, 0xE
# RFC 4291 section 2.5.1: an eui-64 address's interface identifier is its last 64 bits
_EUI64_BITS = 64


def _family(address):
    try:
        return ipaddress.ip_address(address).version if address else None
    except ValueError:
        return None


def _label(address):
    return next(label for network, label in _LABELS if address in network)


def _scope(address):
    if address.is_multicast:
        return address.packed[1] & 0x0F
    if address.is_link_local or address.is_loopback:
        return _LINK
    return _SITE if address.is_site_local else _GLOBAL


def _common_prefix_len(source, peer, known_bits):
    """RFC 6724 rule 8's CommonPrefixLen: the leading bits ``source`` (an IPv6Interface) and ``peer`` share, up to
    the source's prefix length (and the bits of it the text states)."""
    shared = 128 - (int(source.ip) ^ int(peer)).bit_length()
    return min(shared, source.network.prefixlen, known_bits)


def _rank(peer):
    """The sort key of a candidate (address, line, host stated) for ``peer``: the least is the one RFC 6724
    section 5 prefers; candidates with equal keys are not told apart by it."""
    peer_scope, peer_label = _scope(peer), _label(peer)

    def key(candidate):
        source, _line, stated = candidate
        scope = _scope(source.ip)
        # rule 2: of the scopes at least the peer's the smallest, else the largest below it
        rule2 = (0, scope) if scope >= peer_scope else (1, -scope)
        rule6 = 0 if _label(source.ip) == peer_label else 1
        rule8 = -_common_prefix_len(source, peer, 128 if stated else _EUI64_BITS)
        return rule2, rule6, rule8
    return key


def _candidates(iface):
    """The interface's written IPv6 addresses, each once (an address written twice is one address)."""
    seen, out = set(), []
    for source, line, stated in iface.ipv6_assigned:
        if (source.ip, stated) not in seen:
            seen.add((source.ip, stated))
            out.append((source, line, stated))
    return out


def ike_local_address(ctx, iface, peer_address, name, role):
    """The address of ``iface`` (the interface IKE of the tunnel ``name`` runs from; ``role`` as
    Context.ike_interface_unusable takes it) that reaches ``peer_address``, or None (unknown, with a finding)."""
    if _family(peer_address) != 6:  # IPv4, or a peer not known: the IPv4 address, as before
        if iface.address is None and iface.leased is not None:
            ctx.leased_address(iface, name)
        ctx.ike_interface_unusable(iface, name, role)
        return iface.address
    if iface.shutdown:
        ctx.ike_interface_unusable(iface, name, role)
    peer = ipaddress.IPv6Address(peer_address)
    candidates = _candidates(iface)
    written = {id(line) for _source, line, _stated in iface.ipv6_assigned}
    learned = [line for line in iface.ipv6_unstated if id(line) not in written]
    if learned:
        _unknown(ctx, iface, name, role, peer_address, learned,
                 "the IPv6 addresses these lines give the interface (learned from router advertisements or "
                 "DHCPv6, or not read) are not in the text, and one of them may share a longer prefix with the peer "
                 "than a written one (RFC 6724 section 5, rule 8) and be the one the ASA runs IKE with %s from"
                 % peer_address)
        return None
    key = _rank(peer)
    ranked = sorted(candidates, key=key)
    if not ranked or _scope(ranked[0][0].ip) < _scope(peer):
        _no_address(ctx, iface, name, role, peer_address, bool(ranked))
        return None
    best = [candidate for candidate in ranked if key(candidate) == key(ranked[0])]
    if len(best) > 1:
        _unknown(ctx, iface, name, role, peer_address, [line for _source, line, _stated in best],
                 "these addresses match the peer %s equally (the same scope and label, and as long a common prefix: "
                 "RFC 6724 section 5, rules 2, 6 and 8), which leaves the choice to the implementation, and Cisco "
                 "does not document the ASA's" % peer_address)
        return None
    source, line, stated = best[0]
    if not stated:
        _unknown(ctx, iface, name, role, peer_address, [line],
                 "it holds the address the ASA runs IKE with %s from (RFC 6724 section 5, the longest matching "
                 "prefix), whose host part is made from the interface's MAC address, which the text does not "
                 "hold" % peer_address)
        return None
    return str(source.ip)


def _no_address(ctx, iface, name, role, peer_address, link_local):
    """PEER_ADDRESS_MISMATCH: no IPv6 address of ``iface`` reaches the peer (none, or link-local ones only)."""
    keys = {"interface": iface.hardware, "nameif": iface.nameif}
    head = [line for line in iface.lines if line.text.startswith("interface ")][:1]
    lines = head + [line for _source, line, _stated in iface.ipv6_assigned]
    ctx.add_once(
        "PEER_ADDRESS_MISMATCH", ERROR,
        "Interface %s (%s), which %s, has no IPv6 address%s and the peer %s is an IPv6 address: the ASA has no "
        "address to run IKE with it from, so the tunnel never comes up."
        % (iface.hardware, iface.nameif, role,
           " but link-local ones (never forwarded off their link, RFC 4291 section 2.5.6)" if link_local else "",
           peer_address),
        ctx.evidence(keys, lines, peer=peer_address),
        ["interface %s" % iface.hardware,
         " ipv6 address <the address Azure's local network gateway names>/<prefix length>"], [name])


def _unknown(ctx, iface, name, role, peer_address, lines, reason):
    """UNSUPPORTED_CONSTRUCT naming ``lines``, which leave the local address of the tunnel ``name`` undecided."""
    keys = {"interface": iface.hardware, "nameif": iface.nameif}
    construct = ", ".join(repr(line.text.strip()) for line in lines[:3]) + (" ..." if len(lines) > 3 else "")
    why = ("%s; so the local address is left unknown and whether Azure's local network gateway names it "
           "(gatewayIpAddress) is not checked" % reason)
    ctx.add_once(
        "UNSUPPORTED_CONSTRUCT", WARNING,
        "Interface %s (%s), which %s: %s is not modelled: %s." % (iface.hardware, iface.nameif, role, construct, why),
        ctx.evidence(keys, lines, construct=construct, why=why, peer=peer_address),
        ["! Check that Azure's local network gateway names the IPv6 address %s uses (show ipv6 interface brief)"
         % iface.nameif], [name])
