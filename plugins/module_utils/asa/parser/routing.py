# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Static routes, ``prefix-list``, ``route-map``; ``ipv6 route`` and the routing protocols the
collection does not model (``router ospf|eigrp|rip|isis``, ``ipv6 router ospf``) become UNSUPPORTED_CONSTRUCT.
``router bgp`` is in ``bgp``.

As the ASA prints them (ASA command reference; yinghli/azure-vpn-asa README):

    route vti 10.10.1.0 255.255.255.0 10.10.1.254 1
    route Null0 10.1.0.0 255.255.0.0 254
    prefix-list AZURE-IN seq 5 permit 10.10.0.0/16 le 24
    route-map TO-AZURE permit 10
     match ip address prefix-list ON-PREM
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import (
    NULL0, PrefixListEntry, RouteMapEntry, StaticRoute)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import _Block
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING


# -- route ------------------------------------------------------------------------
def route(p, words, line, indent):
    """``route <nameif> <network> <mask> <gateway> [distance] [track N | tunneled]``; ``route null0 ...``: _null0."""
    nameif = words[1]
    if nameif.lower() == "null0":
        return _null0(p, words, line, False)
    context = {"kind": "route", "name": nameif}
    if len(words) < 5:
        p.invalid(line, line.text, "'route <nameif> <network> <mask> <gateway> [distance]'", context)
        return None
    p.refer("interface", nameif, line, context)
    network = p.network(words[2], words[3], line, context)
    gateway = p.address(words[4], line, context)
    metric, rest = _DEFAULT_DISTANCE, words[5:]
    if rest and rest[0].isdigit():
        metric, rest = _distance(p, rest[0], line, context), rest[1:]
    # 'track N' (the route is installed while SLA monitor N is up) and 'tunneled' (the default route of traffic leaving
    # a VPN tunnel, not one the table looks up: Cisco ASA command reference, route); review 2026-12-04: both were read
    # past, a tunneled default route taken for the one out of outside
    track, tunneled = None, False
    if rest[:1] == ["track"] and len(rest) > 1:
        track, rest = p.number(rest[1], tables.ROUTE_TRACK_RANGE, line, "a track number", context), rest[2:]
    elif rest[:1] == ["tunneled"]:
        tunneled, rest = True, rest[1:]
    if rest:
        p.invalid(line, " ".join(rest), "a route distance (%d-%d), 'track <number>' or 'tunneled'"
                  % tables.ROUTE_METRIC_RANGE, context)
    p.config.routes.append(
        StaticRoute(nameif, network, str(gateway) if gateway is not None else None, metric, line, track, tunneled)
    )
    return None


def ipv6_route(p, words, line, indent):
    """``ipv6 route <nameif> <prefix>/<length> <gateway> [distance] [tunneled]`` (Cisco ASA Series Command Reference,
    I-R, "ipv6 route", https://www.cisco.com/c/en/us/td/docs/security/asa/asa-command-reference/I-R/cmdref2/i4.html;
    verified: partial: the chapter lists the command, its syntax line is the IPv4 ``route``'s with a prefix/length):
    kept in config.ipv6_routes (where tunnel traffic from a local network enters, nat_ingress); a problem only when it
    leads into a VTI, which is known once every interface is read. A line that is not this form is an INVALID_VALUE
    naming it: a route not read could be the one that tells where a tunnel's IPv6 network enters."""
    if len(words) > 2 and words[2].lower() == "null0":
        return _null0(p, words, line, True)
    pending = p.gathered("ipv6_routes", dict, _ipv6_routes_into_tunnels)
    nameif = words[2] if len(words) > 2 else ""  # the driver passes 3 words or more; a bare 'ipv6 route' if MIN_WORDS allows
    if nameif:
        pending.setdefault(nameif, []).append(line)
    context = {"kind": "route", "name": nameif}
    if len(words) < 5:
        p.invalid(line, line.text, "'ipv6 route <nameif> <prefix>/<length> <gateway> [distance] [tunneled]'", context)
        return None
    p.refer("interface", nameif, line, context)
    network = _ipv6_prefix(p, words[3], line, context)
    gateway = p.address(words[4], line, context, "an IPv6 gateway address")
    if gateway is not None and gateway.version != 6:
        p.invalid(line, words[4], "an IPv6 gateway address", context)
        gateway = None
    metric, rest = _DEFAULT_DISTANCE, words[5:]
    if rest and rest[0].isdigit():
        metric, rest = _distance(p, rest[0], line, context), rest[1:]
    if rest[:1] == ["tunneled"]:  # the default route for tunnel traffic: a default one, which says no ingress
        rest = rest[1:]
    if rest:
        p.invalid(line, " ".join(rest), "a route distance (%d-%d) or 'tunneled'" % tables.ROUTE_METRIC_RANGE, context)
    if network is not None:  # where the ASA routes a prefix (nat_ingress: the interface tunnel traffic enters by)
        p.config.ipv6_routes.append(StaticRoute(nameif, network, str(gateway) if gateway is not None else None, metric,
                                                line))
    return None


_DEFAULT_DISTANCE = tables.ROUTE_METRIC_DEFAULT.value


def _distance(p, token, line, context):
    """A route's distance; out of range or unreadable, an INVALID_VALUE and the default (the route is kept)."""
    metric = p.number(token, tables.ROUTE_METRIC_RANGE, line, "a route distance", context)
    return _DEFAULT_DISTANCE if metric is None else metric


def _null0(p, words, line, ipv6):
    """``route null0 <network> <mask> [distance]`` / ``ipv6 route null0 <prefix>/<length> [distance]``, any case: a
    black-hole route (config.NULL0, its source; the IPv6 form: verified: partial, the guide's section shows the
    IPv4 command). No gateway, no nameif to refer to; kept as StaticRoute(NULL0, ..., gateway None) because it puts
    its prefix in the routing table (a BGP ``network`` it backs is advertised: the FTD guide, "Route to null0
    Interface to Drop Unwanted Traffic", https://securitydocs.cisco.com/docs/scc-fw/ftd/manage/55676.dita, "BGP can
    leverage the static null0 route"). Any other form is an INVALID_VALUE naming the line, the route left out."""
    context = {"kind": "route", "name": NULL0}
    head = 4  # words before the distance: 'route null0 <network> <mask>' and 'ipv6 route null0 <prefix>/<length>'
    if len(words) not in (head, head + 1):
        p.invalid(line, line.text, "'ipv6 route null0 <prefix>/<length> [distance]'" if ipv6
                  else "'route null0 <network> <mask> [distance]'", context)
        return None
    network = _ipv6_prefix(p, words[3], line, context) if ipv6 else p.network(words[2], words[3], line, context)
    metric = _DEFAULT_DISTANCE
    if len(words) > head:
        metric = p.number(words[head], tables.ROUTE_METRIC_RANGE, line, "a route distance", context)
    if network is not None and metric is not None:
        (p.config.ipv6_routes if ipv6 else p.config.routes).append(StaticRoute(NULL0, network, None, metric, line))
    return None


def _ipv6_prefix(p, token, line, context):
    """The IPv6 network of ``<prefix>/<length>``; None after an INVALID_VALUE (no length, not IPv6, a bad length)."""
    network = None
    if "/" in token:
        try:
            network = ipaddress.IPv6Network(token, strict=False)
        except ValueError:
            network = None
    if network is None:
        p.invalid(line, token, "an IPv6 prefix/length (such as 2001:db8:1::/64)", context)
    return network


def _ipv6_routes_into_tunnels(p):
    tunnels = {iface.nameif: iface for iface in p.config.interfaces.values() if iface.tunnel and iface.nameif}
    for nameif, lines in p.state["ipv6_routes"].items():
        if nameif in tunnels:
            p.unsupported(
                lines, WARNING, "an IPv6 route through tunnel interface %s" % nameif,
                "only IPv4 routes into a tunnel are modelled, so IPv6 traffic through it is not checked",
                {"kind": "interface", "name": nameif},
                ["! Check the IPv6 routes through %s by hand." % nameif], count=len(lines),
            )


# -- routing protocols not modelled ------------------------------------------------------
def other_routing_process(p, words, line, indent):
    """``router ospf|eigrp|rip|isis``, ``ipv6 router ospf`` (OSPFv3: Cisco ASA Series Command Reference, I-R, "ipv6
    router ospf", verified: partial, the chapter lists it): what it learns or redistributes is not modelled. OSPFv3
    learns IPv6 networks, which networks_behind counts among the ASA's own too, so it is kept with the others."""
    p.config.routing_processes.append(line)
    pending = p.gathered("igp", list, _other_routing_processes)
    pending.append(line)
    return p.ignored(indent)


def _other_routing_processes(p):
    # A warning only where it can matter: when the config has a VTI, routes this process learns
    # may be what enters (or leaves) a tunnel, and ROUTE_MISSING does not see them.
    has_vti = any(iface.tunnel for iface in p.config.interfaces.values())
    for line in p.state["igp"]:
        why = ("routes it learns or redistributes are not known, so what it routes into a tunnel "
               "is not checked" if has_vti else "routes it learns are not known (no tunnel interface depends on them)")
        p.unsupported(
            [line], WARNING if has_vti else INFO, line.text, why,
            {"kind": "router", "name": _process_name(line.text.split())},
            ["! Check by hand which routes %r puts into a tunnel, or use static routes or BGP for them."
             % line.text],
        )


def _process_name(words):
    """'ospf 1' of 'router ospf 1'; 'ipv6 ospf 1' of 'ipv6 router ospf 1', so the two processes stay apart."""
    return " ".join(words[1:3]) if words[0] != "ipv6" else " ".join(words[:1] + words[2:4])


# -- prefix-list ------------------------------------------------------------------
def prefix_list(p, words, line, indent):
    name = words[1]
    context = {"kind": "prefix-list", "name": name}
    rest = words[2:]
    if rest[:1] == ["description"]:
        return None
    entries = p.config.prefix_lists.get(name)
    if entries is None:
        entries = p.config.prefix_lists[name] = []
    if rest[:1] == ["seq"] and len(rest) > 1:
        seq = p.number(rest[1], tables.PREFIX_LIST_SEQ_RANGE, line, "a prefix-list sequence number", context)
        rest = rest[2:]
        if seq is None:
            return None
    else:
        seq = (entries[-1].seq if entries else 0) + tables.PREFIX_LIST_SEQ_STEP.value
    if len(rest) < 2 or rest[0] not in ("permit", "deny"):
        p.invalid(line, " ".join(rest) or line.text, "'permit|deny <address>/<length> [ge N] [le N]'", context)
        return None
    if "/" not in rest[1]:
        p.invalid(line, rest[1], "an address/prefix-length", context)
        return None
    network = p.prefix(rest[1], line, context)
    if network is None:
        return None
    bounds = _ge_le(p, network, rest[2:], line, context)
    if bounds is None:
        return None
    entries.append(PrefixListEntry(seq, rest[0], network, bounds[0], bounds[1], line))
    return None


def _ge_le(p, network, words, line, context):
    """(ge, le) from ``[ge N] [le N]``; None (after a finding) when they cannot hold."""
    found = {"ge": None, "le": None}
    position = 0
    while position < len(words):
        key = words[position]
        value = words[position + 1] if position + 1 < len(words) else None
        if key not in found:
            p.invalid(line, key, "'ge' or 'le'", context)
            return None
        found[key] = p.number(value, (1, network.max_prefixlen), line, "a prefix length", context)
        if found[key] is None:
            return None
        position += 2
    ge, le = found["ge"], found["le"]
    if (ge is not None and ge < network.prefixlen) or (ge is not None and le is not None and le < ge) or (
        le is not None and le < network.prefixlen
    ):
        p.invalid(line, " ".join(words), "lengths with %d <= ge <= le" % network.prefixlen, context)
        return None
    return ge, le


# -- route-map --------------------------------------------------------------------
def route_map(p, words, line, indent):
    name = words[1]
    context = {"kind": "route-map", "name": name}
    action, seq_token = "permit", None
    rest = words[2:]
    if rest[:1] in (["permit"], ["deny"]):
        action, rest = rest[0], rest[1:]
    if rest:
        seq_token = rest[0]
    seq = tables.ROUTE_MAP_DEFAULT_SEQ.value
    if seq_token is not None:
        seq = p.number(seq_token, tables.ROUTE_MAP_SEQ_RANGE, line, "a route-map sequence number", context)
        if seq is None:
            return p.ignored(indent)
    entries = p.config.route_maps.get(name)
    if entries is None:
        entries = p.config.route_maps[name] = []
    # (map, seq) -> its entry: a scan of the map's entries per line was entries squared on a long map (issue 12)
    by_seq = p.state.setdefault("route_map_entries", {})
    entry = by_seq.get((name, seq))
    if entry is None:
        entry = by_seq[(name, seq)] = RouteMapEntry(seq, action)
        entries.append(entry)
    entry.action = action
    entry.lines.append(line)
    # findings name the map alone: the adapter's dependency key is ("route-map", name)
    return _Block(entry, indent, sub_route_map, ("match", "set", "description", "continue"), context=context)


def sub_route_map(p, block, words, line):
    entry = block.item
    if words[0] != "match" or len(words) < 2:
        if words[0] in block.words:
            entry.lines.append(line)
        return
    entry.lines.append(line)
    if words[1:4] == ["ip", "address", "prefix-list"] and len(words) > 4:
        entry.match_prefix_lists.extend(words[4:])
        for name in words[4:]:
            p.refer("prefix-list", name, line, block.context)
    else:
        entry.other_matches.append(line)  # judged by bgp at the end, if BGP uses this route-map


TOP_LEVEL = {
    ("route",): route,
    ("ipv6", "route"): ipv6_route,
    ("router", "ospf"): other_routing_process,
    ("router", "eigrp"): other_routing_process,
    ("router", "rip"): other_routing_process,
    ("router", "isis"): other_routing_process,
    # 'ipv6 router ospf <id>': a bare 'ipv6 router' (two words, MIN_WORDS) names the process type badly, still a line
    # naming a routing process
    ("ipv6", "router"): other_routing_process,
    ("prefix-list",): prefix_list,
    ("route-map",): route_map,
}
