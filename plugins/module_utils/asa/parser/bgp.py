# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``router bgp <asn>`` with its ``address-family ipv4 [unicast]`` block.

As the ASA prints it (yinghli/azure-vpn-asa README, ASA 9.8; Cisco document 214109 "Configure
ASA IPsec VTI Connection to Azure"): neighbors and networks one level deeper, inside the
address family; ``neighbor X remote-as`` may also sit at the router level.

    router bgp 65510
     bgp log-neighbor-changes
     bgp router-id 192.168.2.1
     address-family ipv4 unicast
      neighbor 10.10.1.254 remote-as 65500
      neighbor 10.10.1.254 ebgp-multihop 2
      neighbor 10.10.1.254 activate
      network 192.168.0.0
      no auto-summary
      no synchronization
     exit-address-family
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import BgpNeighbor, BgpProcess
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import _Block
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import redact_after
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import as_int, in_range
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine

_WORDS = ("bgp", "address-family", "exit-address-family", "neighbor", "network", "redistribute", "auto-summary",
          "synchronization", "aggregate-address", "default-information", "distance", "maximum-paths", "timers",
          "distribute-list", "table-map")
IPV4 = "ipv4"
OTHER_FAMILY = "other"

# Router and address-family commands that change neither whether a session forms nor which prefixes cross it
# (Cisco ASA command reference, "bgp ..." commands, "timers bgp", "maximum-paths", "table-map"; ASA general operations
# CLI configuration guide, BGP chapter): read past without a finding. "default-information originate" only acts on a
# redistributed default route, and redistribution has its own finding. Any other line of the block is named as not
# read (review 2026-12-06: an address-family distribute-list was read past and the check passed).
HARMLESS_PROCESS_COMMANDS = frozenset(
    ["timers", "maximum-paths", "auto-summary", "synchronization", "default-information", "table-map"]
)
# "no <command>" lines read past: the ones the ASA writes by default in an address family. Any other "no" line (e.g.
# "no bgp default ipv4-unicast", which stops neighbors being activated by themselves) is named as not read.
HARMLESS_NO_COMMANDS = frozenset(["auto-summary", "synchronization"])
# "bgp <option>" commands that do change which prefixes are advertised: the rest of "bgp ..." is best-path tuning,
# logging and timers.
BGP_OPTIONS_NOT_MODELLED = {
    "inject-map": "the prefixes it injects (conditionally, from a route-map) are not computed, so what reaches the BGP "
                  "peer is not fully known",
}

# Neighbor options that change neither whether the session comes up nor which prefixes cross it
# (ASA command reference, "neighbor" commands): read past without a finding.
HARMLESS_NEIGHBOR_OPTIONS = frozenset(
    ["description", "fall-over", "log-warnings", "version", "next-hop-self", "send-community",
     "weight", "ha-mode", "advertisement-interval",
     "soft-reconfiguration", "capability"]
)
# Neighbor options the adapter reads from the neighbor's lines (asa/bgp.py): "disable-connected-check"
# lets a single-hop eBGP session come up with a neighbor that is not on a connected subnet (sources in
# asa/bgp.py's docstring; verified: partial), which the engine's multihop check must know.
# "update-source <nameif>": the neighbor's session starts from that interface's address, not the VTI's (a loopback both
# tunnels of an active-active Azure gateway peer with; review 2026-12-04: read as not modelled, and the VTI's address
# then gave a false BGP_PEER_ADDRESS_MISMATCH with a "proven" fix that rewrote a working local network gateway).
NEIGHBOR_OPTIONS_READ_FROM_LINES = frozenset(["disable-connected-check", "maximum-prefix", "update-source"])
# Neighbor options that do change it, and what is then not checked.
NEIGHBOR_OPTIONS_NOT_MODELLED = {
    "password": (WARNING, "whether the peer uses the same TCP MD5 password cannot be checked (Azure's BGP "
                          "settings have no password), and a mismatch keeps the session down"),
    "local-as": (WARNING, "the ASN presented to this peer is not the router bgp ASN, and the ASN checks use the "
                          "latter"),
    "distribute-list": (WARNING, "prefixes filtered by an access-list are not computed, so what crosses the "
                                 "session is not known"),
    "filter-list": (WARNING, "prefixes filtered by an AS-path list are not computed, so what crosses the session "
                             "is not known"),
    "default-originate": (INFO, "the default route it sends is not counted among the advertised prefixes"),
    "allowas-in": (INFO, "routes carrying this ASA's own ASN are accepted; not modelled"),
    "remove-private-as": (INFO, "private ASNs are stripped from the AS path; not modelled"),
    "peer-group": (WARNING, "settings inherited through a peer-group are not read"),
}


def parse_asn(token):
    """An ASN in asplain (``65010``) or asdot (``1.10`` = 65546) notation; None if neither."""
    value = as_int(token)
    if value is None and token.count(".") == 1:
        high, low = (as_int(part) for part in token.split("."))
        value = high * 65536 + low if high is not None and low is not None and high < 65536 and low < 65536 else None
    return value if in_range(value, tables.BGP_ASN_RANGE) else None


def _asn(p, token, line, context):
    value = parse_asn(token)
    if value is None:
        p.invalid(line, token, "an AS number (1-4294967295, asplain or asdot)", context)
    return value


def router_bgp(p, words, line, indent):
    if len(words) < 3:  # the dispatcher passes two-word "router ..." lines on (router rip)
        p.invalid(line, line.text, "'router bgp <AS number>'", {"kind": "router-bgp", "name": ""})
        return p.ignored(indent)
    asn = _asn(p, words[2], line, {"kind": "router-bgp", "name": words[2]})
    # the adapter's dependency key for every line of the process: ("router-bgp", str(asn))
    context = {"kind": "router-bgp", "name": str(asn) if asn is not None else words[2]}
    process = p.config.bgp
    if process is None:
        process = p.config.bgp = BgpProcess(asn)
        p.at_finish.append(_route_maps_used_by_bgp)
        p.state["bgp_route_maps"] = []
    elif asn is not None and process.asn is not None and asn != process.asn:
        p.invalid(line, words[2], "the AS number of the one BGP process (%d)" % process.asn, context)
    process.lines.append(line)
    return _Block(process, indent, sub_bgp, _WORDS, context=context)


def sub_bgp(p, block, words, line):
    process, head = block.item, words[0]
    if head == "address-family":
        _address_family(p, block, words, line)
        return
    if head == "exit-address-family":
        block.state = None
        process.lines.append(line)
        return
    if block.state == OTHER_FAMILY:
        if head == "neighbor" and len(words) > 1:  # its session may teach routes from inside (networks_behind)
            process.other_neighbors.setdefault(words[1], line)
        return  # its header carries the finding
    if head == "no" and words[1:2] == ["neighbor"] and len(words) > 3:
        neighbor = _neighbor_record(p, process, words[2], line, block.context)
        if neighbor is not None and words[3] in ("activate", "shutdown"):
            setattr(neighbor, "activated" if words[3] == "activate" else "shutdown", False)
            neighbor.lines.append(line)
    elif head == "bgp" and words[1:2] == ["router-id"] and len(words) > 2:
        address = p.address(words[2], line, block.context)
        process.router_id = str(address) if address is not None else None
        process.lines.append(line)
    elif head == "neighbor" and len(words) > 2:
        _neighbor(p, process, block, words, line)
    elif head == "network" and len(words) > 1:
        _network(p, process, block, words, line)
    elif head == "redistribute" and len(words) > 1:
        process.redistribute.append(line)
        process.lines.append(line)
        _refer_route_map(p, words, line, block.context)
        p.unsupported(
            [line], WARNING, "BGP redistribution (%s)" % " ".join(words[:2]),
            "the prefixes it advertises are not computed, so what reaches the BGP peer is not fully known",
            block.context, ["! Check by hand what %r advertises, or list the prefixes with network statements."
                            % line.text],
        )
    elif head == "distance" and words[1:2] == ["bgp"] and len(words) > 3:
        # what a static route fix must float behind (compat._route_distances); a value out of 1..255 is refused
        values = [as_int(word) for word in words[2:4]]
        bad = [word for word, value in zip(words[2:4], values) if not in_range(value, (1, 255))]
        if bad:
            p.invalid(line, bad[0], "a BGP administrative distance (1-255)", block.context)
        else:
            process.distance_external, process.distance_internal = values
        process.lines.append(line)
    elif head == "timers" and words[1:2] == ["bgp"]:
        process.timers = _timers(p, words[2:], line, block.context) or process.timers  # the adapter's (asa/bgp.py)
        process.lines.append(line)
    elif head == "aggregate-address":
        process.lines.append(line)
        p.unsupported(
            [line], WARNING, "a BGP aggregate-address", "the aggregate it advertises is not computed",
            block.context, ["! Check by hand what %r advertises." % line.text],
        )
    else:
        _not_read(p, process, block, words, line)


def _not_read(p, process, block, words, line):
    """A line of the BGP block no branch above reads: quiet when harmless, else a finding naming it."""
    head = words[0]
    if head == "distribute-list":
        # "distribute-list <acl> in|out [protocol]" in the address family: every neighbor's updates pass the ACL
        # (ASA general operations CLI configuration guide, BGP, "Configure IPv4 Address Family Filtering Settings";
        # verified: partial)
        process.lines.append(line)
        p.unsupported(
            [line], WARNING, "a BGP distribute-list (%s)" % line.text,
            "the access-list filters the prefixes every neighbor sends or receives, which is not computed, so what "
            "crosses the BGP sessions is not fully known", block.context,
            ["! Check by hand what %r lets through, or filter per neighbor with a prefix-list." % line.text],
        )
    elif head == "bgp":
        why = BGP_OPTIONS_NOT_MODELLED.get(words[1] if len(words) > 1 else "")
        if why is not None:
            process.lines.append(line)
            p.unsupported([line], WARNING, "BGP %s" % " ".join(words[:2]), why, block.context,
                          ["! Check by hand what %r advertises." % line.text])
    elif head not in HARMLESS_PROCESS_COMMANDS and not (head == "no" and words[1:2] and words[1] in HARMLESS_NO_COMMANDS):
        p.unsupported([line], INFO, "the BGP command %r" % line.text, "this line of the BGP block is not read",
                      block.context, ["! Check line %d by hand." % line.line])


def _address_family(p, block, words, line):
    family = words[1:]
    block.item.lines.append(line)
    if family[:1] == [IPV4] and (len(family) == 1 or family[1] == "unicast"):
        block.state = IPV4
        return
    block.state = OTHER_FAMILY
    p.unsupported(
        [line], INFO, "BGP %s" % " ".join(words), "only address-family ipv4 unicast is read",
        block.context, ["! Check address-family %s by hand." % " ".join(family)],
    )


def _neighbor_record(p, process, token, line, context):
    """The neighbor ``token`` names; None for an invalid address (its INVALID_VALUE made) or an IPv6 one."""
    neighbor = process.neighbors.get(token)
    if neighbor is None:
        address = p.address(token, line, context, "a BGP neighbor address")
        if address is None:
            return None
        if address.version == 6:
            _ipv6_neighbor_line(p, token, line, context)
            process.other_neighbors.setdefault(token, line)
            return None
        neighbor = process.neighbors[token] = BgpNeighbor(token)
    return neighbor


# An IPv6 neighbor outside 'address-family ipv6' (whose block has one finding at its header): its session and what it
# carries are IPv6, which the checks of a BGP session over a VTI (IPv4 addresses, routes and Azure's IPv4 peering
# addresses) do not model; judged as an IPv4 neighbor it was said to have no route at all (review 2026-12-07). Not kept as a
# neighbor: its lines are named together at the end, one warning per neighbor.
def _ipv6_neighbor_line(p, token, line, context):
    named = p.gathered("bgp_ipv6_neighbors", dict, _ipv6_neighbors)
    named.setdefault(token, (dict(context, neighbor=token), []))[1].append(line)


def _ipv6_neighbors(p):
    for token, (context, lines) in p.state["bgp_ipv6_neighbors"].items():
        p.unsupported(
            lines, WARNING, "a BGP neighbor with an IPv6 address (%s)" % token,
            "only IPv4 BGP sessions over a tunnel are modelled, so whether this session comes up and what it carries "
            "are not checked", context,
            ["! Check BGP neighbor %s by hand (line %s)." % (token, ", ".join(str(line.line) for line in lines[:10]))],
            count=len(lines), neighbor=token,
        )


def _neighbor_context(p, process_context, address):
    """The process's context naming the neighbor too: the adapter scopes what a neighbor's line raises to the tunnel
    that neighbor runs through (else to every tunnel with BGP: one undefined route-map on each of a hub's neighbors
    was in every tunnel's entry, issue 12). One per neighbor, made once."""
    made = p.state.setdefault("bgp_neighbor_contexts", {})
    key = (process_context.get("name"), address)
    context = made.get(key)
    if context is None:
        context = made[key] = dict(process_context, neighbor=address)
    return context


def _neighbor(p, process, block, words, line):
    option = words[2]
    if option == "password":
        line = ConfigLine(line.line, redact_after(line.text, words, "password"))
    context = _neighbor_context(p, block.context, words[1])
    neighbor = _neighbor_record(p, process, words[1], line, context)
    if neighbor is None:
        return
    neighbor.lines.append(line)
    values = words[3:]
    if option == "remote-as" and values:
        neighbor.remote_as = _asn(p, values[0], line, context)
    elif option == "ebgp-multihop":
        neighbor.ebgp_multihop = tables.BGP_EBGP_MULTIHOP_DEFAULT.value
        if values:
            neighbor.ebgp_multihop = p.number(values[0], tables.BGP_EBGP_MULTIHOP_RANGE, line, "a TTL", context)
    elif option == "transport":
        _transport(p, values, line, context)
    elif option == "timers":
        neighbor.timers = _timers(p, values, line, context) or neighbor.timers
    elif option == "activate":
        neighbor.activated = True
    elif option == "shutdown":
        neighbor.shutdown = True
    elif option in ("route-map", "prefix-list") and len(values) > 1 and values[1] in ("in", "out"):
        setattr(neighbor, "%s_%s" % (option.replace("-", "_"), values[1]), values[0])
        p.refer(option, values[0], line, context)
        if option == "route-map":
            p.state["bgp_route_maps"].append(values[0])
    elif option in ("route-map", "prefix-list"):
        p.invalid(line, " ".join(values) or line.text, "'<name> in|out'", context)
    elif option in NEIGHBOR_OPTIONS_NOT_MODELLED:
        severity, why = NEIGHBOR_OPTIONS_NOT_MODELLED[option]
        p.unsupported([line], severity, "BGP neighbor %s %s" % (neighbor.address, option), why, context,
                      ["! Check line %d by hand." % line.line], neighbor=neighbor.address)
    elif option not in HARMLESS_NEIGHBOR_OPTIONS and option not in NEIGHBOR_OPTIONS_READ_FROM_LINES:
        p.unsupported([line], INFO, "BGP neighbor %s %s" % (neighbor.address, option),
                      "this neighbor option is not read", context, ["! Check line %d by hand." % line.line],
                      neighbor=neighbor.address)


# "timers bgp <keepalive> <holdtime> [<min-holdtime>]" and "neighbor X timers <keepalive> <holdtime> [<min-holdtime>]":
# keepalive 0-65535 s, hold time 0 (no keepalives, never expires) or 3-65535 s (Cisco ASA command reference, "timers bgp"
# and "neighbor timers"; RFC 4271 s4.2: "Hold Time MUST be either zero or at least three seconds"). What they mean
# against the peer's timers is the adapter's (asa/bgp.py _short_hold_time).
BGP_KEEPALIVE_RANGE = (0, 65535)
BGP_HOLD_TIME_RANGE = (0, 65535)


def _timers(p, values, line, context):
    """(keepalive, holdtime, line), or None for a malformed line (its INVALID_VALUE made)."""
    if len(values) not in (2, 3):
        p.invalid(line, " ".join(values) or line.text, "'<keepalive> <holdtime> [<min-holdtime>]' in seconds", context)
        return None
    keepalive = p.number(values[0], BGP_KEEPALIVE_RANGE, line, "a keepalive interval in seconds", context)
    hold = p.number(values[1], BGP_HOLD_TIME_RANGE, line, "a hold time in seconds", context)
    if hold is not None and 0 < hold < 3:
        p.invalid(line, values[1], "a hold time of 0 or 3-65535 seconds", context)
        return None
    return (keepalive, hold, line) if keepalive is not None and hold is not None else None


def _transport(p, values, line, context):
    """``neighbor X transport connection-mode {active | passive}`` and ``transport path-mtu-discovery [disable]``
    (Cisco ASA command reference, "neighbor transport"). Passive: the ASA never opens the TCP session, it waits for
    the neighbor to, which an Azure gateway peering from an APIPA address never does; the adapter reads it from the
    neighbor's lines (asa/bgp.py _passive; review 2026-12-06: read past as harmless, the check passed a session
    nobody opens). Path MTU discovery changes the session's segment size, not whether it forms."""
    if values[:1] == ["connection-mode"] and len(values) == 2 and values[1] in ("active", "passive"):
        return
    if values[:1] == ["path-mtu-discovery"] and values[1:] in ([], ["disable"]):
        return
    p.invalid(line, " ".join(values) or line.text, "'connection-mode active|passive' or 'path-mtu-discovery'", context)


def _classful_length(address):
    """Prefix length of ``network A`` without a mask: the address's class (RFC 791); the
    yinghli/azure-vpn-asa README shows ``network 192.168.0.0`` advertised as 192.168.0.0/24."""
    first = int(address) >> 24
    if first < 128:
        return 8
    if first < 192:
        return 16
    if first < 224:
        return 24
    return None


def _network(p, process, block, words, line):
    context = block.context
    process.lines.append(line)
    rest = words[2:]
    if rest[:1] == ["mask"] and len(rest) > 1:
        network = p.network(words[1], rest[1], line, context)
        rest = rest[2:]
    else:
        address = p.address(words[1], line, context)
        if address is None:
            return
        length = _classful_length(address) if address.version == 4 else None
        if length is None:
            p.invalid(line, words[1], "a class A, B or C network, or one followed by 'mask'", context)
            return
        try:
            network = ipaddress.ip_network("%s/%d" % (address, length))
        except ValueError:
            p.invalid(line, words[1], "a network address with no host bits for its class, or 'mask'", context)
            return
    if network is None:
        return
    route_map_name = rest[1] if rest[:1] == ["route-map"] and len(rest) > 1 else None
    if route_map_name is not None:
        p.refer("route-map", route_map_name, line, context)
        p.state["bgp_route_maps"].append(route_map_name)
    process.networks.append((network, route_map_name, line))


def _refer_route_map(p, words, line, context):
    if "route-map" in words:
        at = words.index("route-map")
        if at + 1 < len(words):
            p.refer("route-map", words[at + 1], line, context)
            p.state["bgp_route_maps"].append(words[at + 1])


def _route_maps_used_by_bgp(p):
    """A route-map BGP uses that matches on more than prefix-lists: what it passes is unknown."""
    seen = set()
    for name in p.state["bgp_route_maps"]:
        if name in seen or name not in p.config.route_maps:
            continue
        seen.add(name)
        for entry in p.config.route_maps[name]:
            if entry.other_matches:
                p.unsupported(
                    entry.other_matches, WARNING, "route-map %s %d matching on other than prefix-lists" % (name, entry.seq),
                    "which prefixes it passes is not computed, so what BGP exchanges through it is not fully known",
                    {"kind": "route-map", "name": name},
                    ["! Match on prefix-lists (match ip address prefix-list <name>) or check route-map %s by hand."
                     % name],
                    count=len(entry.other_matches),
                    seq=entry.seq,
                )


TOP_LEVEL = {("router", "bgp"): router_bgp}
