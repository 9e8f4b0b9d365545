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

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING


def check_egress(ctx, ends, route_table, at_most=5):
    """ROUTE_MISSING for each crypto map end whose remote networks, or part of them, the config routes out of another
    interface than its map's: a warning, or information where a tracked route takes them (a backup design: the map
    sees that traffic while the track is down). Each (network, interface) is looked up once per config (a hub's tunnels
    share remote networks; issue 12: 26,000 lookups at 100k lines)."""
    looked = {}
    for end in ends:
        ref = end.ref
        interface = ref.get("interface")
        if ref.get("kind") != "crypto_map" or not interface or interface in route_table.down or _nat_diverts(ref, interface):
            continue
        elsewhere = []
        for text in end.remote_networks or ():
            key = (text, interface)
            found = looked.get(key)
            if found is None:
                found = looked[key] = _routed_elsewhere(route_table, text, interface)
            elsewhere += found
        if elsewhere:
            _report(ctx, end, interface, elsewhere, route_table.tracked, at_most)


def _nat_diverts(ref, interface):
    """Whether a twice NAT rule of the tunnel sends its traffic out of the map's interface without ``route-lookup``: the
    ASA then takes the rule's mapped interface as the egress, whatever the routes say (Cisco ASA configuration guide,
    "NAT and the routing table": twice NAT without route-lookup diverts to the mapped interface; review 2026-12-04: a
    route summary inside gave a false warning)."""
    for rule in ref.get("nat_rule_lines") or ():
        words = (rule.get("text") or "").split() if isinstance(rule, dict) else []
        if words[:1] == ["nat"] and len(words) > 1 and words[1].startswith("(") and "route-lookup" not in words:
            mapped = words[1].strip("()").split(",")[-1]
            if mapped == interface:
                return True
    return False


def _routed_elsewhere(route_table, text, interface):
    """[(network text, (nameif, line or None, kind))] of the installed routes that send IPv4 network ``text``, or part
    of it, out of another interface than ``interface``: the one the network's own address falls to, when it holds the
    whole network, and the longer prefixes inside it."""
    parsed = _v4(text)
    if parsed is None or parsed[1] == 0:
        return []
    start, length = parsed
    out = []
    found = route_table.installed_route(4, start)
    if found is not None:
        (nameif, line, kind), found_length = found
        if kind != "null0" and nameif != interface and found_length <= length:
            out.append((text, (nameif, line, kind)))
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


def _report(ctx, end, interface, elsewhere, tracked, at_most):
    seen, shown = set(), []
    for network, (nameif, line, kind) in elsewhere:
        key = (network, nameif, line.line if line is not None else None)
        if key not in seen:
            seen.add(key)
            shown.append((network, nameif, line, kind))
    more = " and more" if len(shown) > at_most else ""
    shown = shown[:at_most]
    what = ", ".join("%s out of %s (%s)" % (network, nameif, _where(line)) for network, nameif, line, _kind in shown)
    lines = list(dict.fromkeys(line for _n, _i, line, _k in shown if line is not None))
    backup = all(line is not None and line.line in tracked for _n, _i, line, _k in shown)
    networks = ", ".join(network for network, _i, _l, _k in shown)
    label = "Crypto map %s %s is applied to %s" % (end.ref.get("crypto_map"), end.ref.get("seq"), interface)
    if backup:
        summary = ("%s, but tracked routes send %s%s: while their track objects are up that traffic leaves by another "
                   "interface, and the crypto map encrypts it only when they are down (a backup design)." % (
                       label, what, more))
        severity, fix = INFO, []
    else:
        summary = ("%s, but the routes send %s%s: traffic to %s never leaves by %s, so the crypto map never encrypts it."
                   % (label, what, more, "it" if len(shown) == 1 else "them", interface))
        plural = len(lines) > 1
        severity, fix = WARNING, ["! Route %s out of %s, or remove the route%s on line%s %s, if that traffic belongs in "
                                  "the tunnel" % (networks, interface, "s" if plural else "", "s" if plural else "",
                                                  ", ".join(str(line.line) for line in lines))]
        if not lines:
            fix = ["! %s: a connected network of another interface holds it; the crypto map never sees that traffic"
                   % networks]
    ctx.add(
        "ROUTE_MISSING",
        severity,
        summary,
        ctx.evidence({"crypto_map": end.ref.get("crypto_map"), "seq": end.ref.get("seq")}, lines,
                     interface=interface, routed_elsewhere=[network for network, _i, _l, _k in shown]),
        fix,
        [end.name],
        "traffic",
    )


def _where(line):
    return "line %d" % line.line if line is not None else "its connected network"
