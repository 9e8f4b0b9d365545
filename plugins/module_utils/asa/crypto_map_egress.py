# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a crypto map tunnel's remote networks are routed out of the interface its map is applied to.

A crypto map sees only the traffic that leaves the interface it is applied to (Cisco ASA VPN CLI guide, "Applying
Crypto Maps to Interfaces": https://www.cisco.com/c/en/us/td/docs/security/asa/asa92/configuration/vpn/asa-vpn-cli/vpn-ike.html);
traffic to a remote network that the routing table sends out of another interface is never encrypted. Microsoft's ASA
sample relies on the default route out of the outside interface. Review 2026-12-04: a stale `route inside` for the
Azure VNet passed the check. Only the config's static and connected routes are known (routes.RouteTable): a network
they do not route at all (a dynamic protocol's) is not judged.

Plain Python, no Ansible import.
"""

import socket
import struct

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import WARNING


def check_egress(ctx, ends, route_table, at_most=5):
    """ROUTE_MISSING (warning) for each crypto map end whose remote networks, or part of them, the config routes out of
    another interface than its map's. Each (network, interface) is looked up once per config (a hub's tunnels share
    remote networks; issue 12: 26,000 lookups at 100k lines)."""
    looked = {}
    for end in ends:
        ref = end.ref
        interface = ref.get("interface")
        if ref.get("kind") != "crypto_map" or not interface:
            continue
        elsewhere = []
        for text in end.remote_networks or ():
            key = (text, interface)
            found = looked.get(key)
            if found is None:
                found = looked[key] = _routed_elsewhere(route_table, text, interface)
            elsewhere += found
        if elsewhere:
            _report(ctx, end, interface, elsewhere, at_most)


def _routed_elsewhere(route_table, text, interface):
    """[(network text, (nameif, line or None, kind))] of the routes that send IPv4 network ``text``, or part of it, out
    of another interface than ``interface``."""
    parsed = _v4(text)
    if parsed is None or parsed[1] == 0:
        return []
    start, length = parsed
    out = []
    found = route_table.lookup_value(4, start)
    if found is not None and found[2] != "null0" and found[0] != interface:
        out.append((text, found))
    out += [(str(r.network), (r.interface, r.line, "static"))
            for r in route_table.v4_routes_within(start, length, interface)]
    return out


def _v4(text):
    """(network as an integer, prefix length) of an IPv4 CIDR text, or None (IPv6, or not a network)."""
    address, _slash, length = text.partition("/")
    try:
        value = struct.unpack("!I", socket.inet_aton(address))[0]
        length = int(length) if length else 32
    except (OSError, ValueError):
        return None
    if not 0 <= length <= 32 or address.count(".") != 3:
        return None
    return value & (((1 << 32) - 1) ^ ((1 << (32 - length)) - 1)), length


def _report(ctx, end, interface, elsewhere, at_most):
    seen, shown = set(), []
    for network, (nameif, line, kind) in elsewhere:
        if (network, nameif) not in seen:
            seen.add((network, nameif))
            shown.append((network, nameif, line, kind))
    more = " and more" if len(shown) > at_most else ""
    shown = shown[:at_most]
    what = ", ".join("%s out of %s (%s)" % (network, nameif, _where(line)) for network, nameif, line, _kind in shown)
    lines = [line for _n, _i, line, _k in shown if line is not None]
    ctx.add(
        "ROUTE_MISSING",
        WARNING,
        "Crypto map %s %s is applied to %s, but the routes send %s%s: traffic to %s never leaves by %s, so the crypto "
        "map never encrypts it." % (end.ref.get("crypto_map"), end.ref.get("seq"), interface, what, more,
                                    "it" if len(shown) == 1 else "them", interface),
        ctx.evidence({"crypto_map": end.ref.get("crypto_map"), "seq": end.ref.get("seq")}, lines,
                     interface=interface, routed_elsewhere=[network for network, _i, _l, _k in shown]),
        ["! Route %s out of %s, or remove the route%s that send%s %s elsewhere, if that traffic belongs in the tunnel" % (
            ", ".join(network for network, _i, _l, _k in shown), interface, "s" if len(lines) > 1 else "",
            "" if len(lines) > 1 else "s", "them" if len(shown) > 1 else "it")],
        [end.name],
        "traffic",
    )


def _where(line):
    return "line %d" % line.line if line is not None else "its connected network"
