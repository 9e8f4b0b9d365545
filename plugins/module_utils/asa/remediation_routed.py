# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ASA lines for the route-based fix intents of a VTI end: a static route through the tunnel, and BGP (enable,
neighbor, multihop, activate, advertise, the inbound prefix-list). asa/remediation.py renders the others and takes
these from RENDERERS.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.bgp import AZURE_BGP_HOLD_TIME
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.interface_index import connected_where
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import printed_route
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import PrefixIndex, parse


def _route(entry, item):
    network = ipaddress.ip_network(item["network"], strict=False)
    nameif = entry.nameif
    hop = item.get("next_hop") or _tunnel_peer(entry.end.tunnel_address)
    if network.version != 4:
        return ["! route %s through %s: an IPv4 VTI carries IPv4 only" % (network, nameif or "the tunnel")]
    if not nameif or not hop:
        return ["! route %s %s %s <the peer's address on the tunnel subnet>"
                % (nameif or "<tunnel nameif>", network.network_address, network.netmask)]
    if item.get("own_network"):
        return ["! route %s %s %s %s: %s. The networks of the two sides overlap: re-address one of them, or "
                "translate one with NAT, by hand" % (
                    nameif, network.network_address, network.netmask, hop, item["own_network"])]
    if item.get("connected_unknown"):
        return ["! route %s %s %s %s: the ASA's facts do not list the networks its interfaces are on (facts gathered "
                "by an older release), so whether %s is within one of them, where this route would take the ASA's own "
                "traffic into the tunnel, is not known: gather the ASA's facts again (asa_vpn_facts) and run the "
                "check again" % (nameif, network.network_address, network.netmask, hop, network)]
    if str(item.get("blocked_by") or "").startswith("BGP over "):
        return ["! route %s %s %s %s: %s, and a static route for a part of it takes that part from that tunnel "
                "(the longer prefix wins): route it by BGP here too" % (
                    nameif, network.network_address, network.netmask, hop, item["blocked_by"])]
    if item.get("blocked_by"):
        return ["! route %s %s %s %s: '%s' routes it through another interface at the same distance, which the ASA "
                "refuses: remove that route, or add this one at another distance (a backup of it)"
                % (nameif, network.network_address, network.netmask, hop, item["blocked_by"])]
    metric = " %d" % item["metric"] if item.get("metric") else ""
    return ["route %s %s %s %s%s" % (nameif, network.network_address, network.netmask, hop, metric)]


class TunnelRouteDistances(object):
    """The distance a route fix of an ASA's tunnel needs. The ASA shares load over one egress interface only and
    refuses an equal-cost route through another ("Load sharing cannot share multiple egress interfaces", Cisco ASA
    5500 Series Configuration Guide using the CLI, Routing Overview; "ERROR: Cannot add route entry, possible conflict
    with existing routes", its Static and Default Routes chapter). So a route fix for a network another tunnel
    routes at distance 1 (the VTIs to an active-active Azure gateway's two instances, or the other tunnel's fix in
    this run) floats behind it, at the lowest distance no other interface uses, and carries the traffic while that
    tunnel is down, as asa_vpn_tunnel does; next to an interface that is no tunnel, it is not shown.

    ``static_routes``: the facts' (asa/facts.py static_routes), else the routes the VTI ends carry (facts of an
    older release). Read once per ASA, when a route fix first asks. ``connected``: the facts' connected_networks: a
    route fix within one of them is not offered (_own_network); None (an older release's facts, which do not say): no
    route fix is offered, as none is proven harmless (a note asks for the facts again)."""

    def __init__(self, ends, static_routes=None, connected=None):
        self.ends = ends
        self.static_routes = static_routes
        self.connected = connected
        self.connected_index = None
        self.index = None
        self.bgp = {}  # network -> [(nameif, distance)]: what a tunnel's BGP session brings (carried_by_bgp)

    def carried_by_bgp(self, nameif, networks, distance):
        """``networks`` reach the ASA by BGP over the tunnel ``nameif``, at administrative ``distance`` (eBGP 20, iBGP
        200: Cisco ASA configuration guide, BGP, ``distance bgp``). A static route fix at distance 1 for one of them on
        another tunnel wins over that route and moves its traffic (review 2026-12-05: on an active-active pair, the
        fix for the instance without BGP pinned the VNet to it, away from the session the other instance runs)."""
        for text in networks or ():
            try:
                self.bgp.setdefault(ipaddress.ip_network(text, strict=False), []).append((nameif, distance))
            except ValueError:
                continue

    def _bgp_float(self, item, network, nameif, others):
        """The distance ``item`` needs behind a BGP route of another tunnel for the same network, None when none
        carries it; a part of such a network is blocked (a longer prefix wins whatever the distance)."""
        same = [d for via, d in self.bgp.get(network, ()) if via != nameif]
        # the networks holding it, by their prefix lengths: a lookup each, not a pass over every tunnel's (issue 12)
        supernets = (network.supernet(new_prefix=length) for length in range(network.prefixlen - 1, -1, -1))
        wider = [(net, via) for net in supernets for via, _d in self.bgp.get(net, ()) if via != nameif]
        if wider and not same:
            item["blocked_by"] = "BGP over %s brings %s" % (wider[0][1], wider[0][0])
            return None
        if not same:
            return None
        used = {r[1] for r in others}
        distance = next((d for d in range(max(same) + 1, tables.ROUTE_METRIC_RANGE[1] + 1) if d not in used), None)
        if distance is None:
            item["blocked_by"] = "BGP over another tunnel brings %s" % network
        return distance

    def _build(self):
        # network -> [(nameif, distance, through a tunnel, the route as the ASA prints it, only a fix of this run)]
        index = {}
        if self.static_routes is not None:
            for nameif, network, gateway, distance, tunnel, *_line in self.static_routes:
                net = ipaddress.ip_network(network, strict=False)
                index.setdefault(str(net), []).append((nameif, distance, tunnel, "route %s %s %s %s %d" % (
                    nameif, net.network_address, net.netmask, gateway, distance), False))
            return index
        for end in self.ends:
            ref = end.ref or {}
            for line in ref.get("routes") or () if ref.get("kind") == "vti" else ():
                text = str(line.get("text", "") if isinstance(line, dict) else "")
                route = printed_route(text)
                if route is None:
                    continue
                nameif, address, mask, _gateway, distance = route
                try:
                    net = ipaddress.ip_network("%s/%s" % (address, mask), strict=False)
                except ValueError:
                    continue
                index.setdefault(str(net), []).append((nameif, distance, True, " ".join(text.split()), False))
        return index

    def _own_network(self, network, nameif):
        """Why a route fix for ``network`` through the tunnel ``nameif`` would harm the ASA's own traffic, or None: it
        is within (or is) the network of another of its interfaces. A part of it goes into the tunnel instead of onto
        that interface (the longer prefix wins), and the whole of it loses to the connected route (distance 0), so the
        fix carries nothing. asa_vpn_tunnel refuses such a route (push_config_checks._route_connected_error); a route
        holding a whole connected network (a summary) is no such harm."""
        if not self.connected:
            return None
        if self.connected_index is None:
            self.connected_index = PrefixIndex(
                (parse(text), (other, ipaddress.ip_network(text, strict=False), interface, line))
                for other, text, interface, line in self.connected)
        # a lookup per prefix length, not a pass over the interfaces; the widest connected network first
        for _key, found in reversed(list(self.connected_index.containing(parse(network)))):
            for other, net, interface, line in found:
                if other == nameif:
                    continue  # the tunnel's own subnet
                where = connected_where(interface, other, line)
                if net.prefixlen == network.prefixlen:
                    return ("%s is the network of %s: the connected route wins over it (distance 0), so it would "
                            "carry nothing into the tunnel" % (network, where))
                return ("%s is within %s, the network of %s: the route would take that part of the ASA's own traffic "
                        "into the tunnel (the longer prefix wins)" % (network, net, where))
        return None

    def float_fixes(self, end, findings):
        """Give each route fix of ``end`` in ``findings`` the distance it needs next to the ASA's other routes and the
        route fixes of its other tunnels before it, or mark it blocked (rendered as a note, so not shown)."""
        nameif = (end.ref or {}).get("nameif")
        for finding in findings:
            floated, planned = [], []
            for item in finding.fixes.get("asa") or ():
                if item.get("kind") != "route" or any(item.get(k) for k in HELD_KEYS):
                    continue
                network = ipaddress.ip_network(item["network"], strict=False)
                if self.connected is None:
                    # facts of an older release: the fix is not proven harmless to the ASA's own networks (the check
                    # shows a fix only when proven), so it is a note until the facts are gathered again
                    item["connected_unknown"] = True
                    continue
                own = self._own_network(network, nameif)
                if own:
                    item["own_network"] = own
                    continue
                if self.index is None:
                    self.index = self._build()
                others = [r for r in self.index.get(str(network), ()) if r[0] != nameif]
                distance = tables.ROUTE_METRIC_DEFAULT.value
                behind_bgp = self._bgp_float(item, network, nameif, others) if self.bgp else None
                if item.get("blocked_by"):
                    continue
                if behind_bgp is not None:
                    item["metric"] = distance = behind_bgp
                    floated.append("%s (by BGP)" % network)
                    self.index.setdefault(str(network), []).append(
                        (nameif, distance, True, "route %s %s %s ... %d (another fix)" % (
                            nameif, network.network_address, network.netmask, distance), True))
                    continue
                clash = [r for r in others if r[1] == distance]
                plain = [r for r in clash if not r[2]]
                if plain:
                    item["blocked_by"] = plain[0][3]
                    continue
                if clash:
                    used = {r[1] for r in others}
                    distance = next((d for d in range(distance + 1, tables.ROUTE_METRIC_RANGE[1] + 1) if d not in used), None)
                    if distance is None:
                        item["blocked_by"] = clash[0][3]
                        continue
                    item["metric"] = distance
                    # a route in the config, or only the fix of another tunnel in this run (review s39 D3: the text
                    # said another tunnel "routes" the VNet where only that tunnel's fix would)
                    fixes = [r for r in clash if r[4]]
                    if fixes and len(fixes) == len(clash):
                        planned.append("%s through %s at distance %d; this one (distance %d) is its backup" % (
                            network, ", ".join(sorted({r[0] for r in fixes})), clash[0][1], distance))
                    else:
                        floated.append("%s (through %s)" % (
                            network, ", ".join(sorted({r[0] for r in clash if not r[4]}))))
                # seen by this ASA's later tunnels: both fixes applied must not clash either
                self.index.setdefault(str(network), []).append(
                    (nameif, distance, True, "route %s %s %s ... %d (another fix)" % (
                        nameif, network.network_address, network.netmask, distance), True))
            _hold_back(finding)
            if planned:
                finding.summary += (
                    " The fix for another tunnel of the ASA adds a route for %s. This fix depends on that one: apply "
                    "both, so traffic takes that tunnel while it is up and this one when it is down (the ASA shares "
                    "load over one interface only, so one route must be the backup)." % "; ".join(planned))
            if floated:
                finding.summary += (
                    " Another tunnel of the ASA routes %s: traffic takes that tunnel while it is up, and has no route "
                    "when it is down. The ASA shares load over one interface only, so the fix adds this route as a "
                    "backup behind that one (a higher distance)." % "; ".join(floated))


# what a route fix item carries once float_fixes has placed it, or held it back (then it renders as a note)
HELD_KEYS = ("metric", "blocked_by", "own_network", "connected_unknown")
NOTE_KEYS = HELD_KEYS[1:]


def _hold_back(finding):
    """Route fixes of ``finding`` held back (NOTE_KEYS) beside others that are not: those go to ``finding.held``, so
    the rest is proven and shown alone (proof.py), the finding staying open for the held ones. Held together, one
    network within a connected one hid the routes for all the others (every route fix of the finding was refused)."""
    items = finding.fixes.get("asa") or []
    held = [i for i in items if i.get("kind") == "route" and any(i.get(k) for k in NOTE_KEYS)]
    if held and len(held) < len(items):
        held_ids = {id(i) for i in held}
        finding.fixes["asa"] = [i for i in items if id(i) not in held_ids]
        finding.held["asa"] = finding.held.get("asa", []) + held


def _tunnel_peer(tunnel_address):
    """The other host of a /30 or /31 tunnel subnet: the ASA's next hop into the tunnel."""
    if not tunnel_address:
        return None
    interface = ipaddress.ip_interface(tunnel_address)
    hosts = [h for h in interface.network.hosts() if h != interface.ip] if interface.network.prefixlen >= 30 else []
    return str(hosts[0]) if len(hosts) == 1 else None


def _bgp_block(entry, lines, asn=None):
    """``router bgp`` and its IPv4 address family around ``lines``."""
    process = entry.end.ref.get("bgp_process") or {}
    # the ASA's one router bgp, when it has one: a second "router bgp" line with another ASN is refused
    asn = (entry.end.bgp.asn if entry.end.bgp else None) or process.get("asn") or asn
    head = ["router bgp %d" % asn] if asn else ["! choose this ASA's own ASN first", "router bgp <asn>"]
    return head + [" address-family ipv4 unicast"] + ["  " + line for line in lines]


def _bgp_enabled(entry, item):
    bgp = entry.end.bgp
    if item.get("enabled"):
        return []  # the bgp_neighbor fix that comes with it writes the neighbor
    if bgp is None or not bgp.peer_address:
        return []
    return _bgp_block(entry, ["no neighbor %s remote-as %s" % (bgp.peer_address, bgp.peer_asn)])


def _bgp_neighbor(entry, item):
    bgp = entry.end.bgp
    address, remote_as = item["address"], item["remote_as"]
    lines, carried = [], []
    if bgp is not None and bgp.peer_address and bgp.peer_address != address:
        lines.append("no neighbor %s remote-as %s" % (bgp.peer_address, bgp.peer_asn))
        carried = _carried_options(bgp, address)
    lines += ["neighbor %s remote-as %s" % (address, remote_as), "neighbor %s activate" % address]
    return _bgp_block(entry, lines + carried, item.get("asn"))


# What the new neighbor is given again of the old one's lines: every option but the ones the fix writes itself and
# those that are the old address's own (disable-connected-check, as model_edit keeps it with the old address)
_NOT_CARRIED = ("remote-as", "activate", "shutdown", "disable-connected-check")


def carried_option(words, address):
    """Whether a config line's ``words`` are an option of neighbor ``address`` that a move to another address
    carries: every option but _NOT_CARRIED and short timers (the fix below, and asa_vpn_tunnel's bgp.options_from)."""
    return len(words) >= 3 and words[0] == "neighbor" and words[1] == address and words[2] not in _NOT_CARRIED \
        and not short_timers(words)


def short_timers(words):
    """Whether neighbor option ``words`` are 'neighbor X timers KEEPALIVE HOLD [MIN]' with a hold time below the fixed
    one of an Azure VPN gateway (bgp.AZURE_BGP_HOLD_TIME, its source there; 0: no keepalives, not one), which
    BGP_TIMERS_MISMATCH warns of. A move to the address Azure peers from does not carry it: the proof does not model
    timers, and the new neighbor was given the short hold time (review 2026-12-07). Not a '!' note in the fix (that
    leaves the fix to a person): the tunnel's BGP_TIMERS_MISMATCH names the line and what to do."""
    if len(words) < 5 or words[2] != "timers" or not words[4].isdigit():
        return False
    return 0 < int(words[4]) < AZURE_BGP_HOLD_TIME


def has_password(options):
    """Whether neighbor option words (carried_option) hold a password, which a running config masks, so no move can
    copy it (align leaves the move to a person; asa_vpn_tunnel's bgp.options_from refuses it)."""
    return any(words[2] == "password" for words in options)


def neighbor_options(bgp):
    """The words of the BGP neighbor's own lines a move to another address carries (carried_option): the fix below,
    and align_routed, which has asa_vpn_tunnel carry them."""
    if bgp is None:
        return []
    return [words for words in (line.text.split() for line in bgp.source or ()) if carried_option(words, bgp.peer_address)]


def _carried_options(bgp, address):
    """The old neighbor's options for the new address: `no neighbor X remote-as` removes the neighbor with all of them,
    and the proof kept its route filters (review 2026-12-04: the prefix-lists in and out were dropped, and the ASA then
    advertised its whole table to Azure). A password is masked in the config read: a note to set it again by hand."""
    out = []
    for words in neighbor_options(bgp):
        if words[2] == "password" or "*****" in words:
            out.append("! neighbor %s had a password (masked in the config read): set it on neighbor %s by hand"
                       % (bgp.peer_address, address))
            continue
        out.append(" ".join(["neighbor", address] + words[2:]))
    return out


def _bgp_multihop(entry, item):
    return _bgp_block(entry, ["neighbor %s ebgp-multihop %d" % (item["address"], item["ttl"])])


def _bgp_activate(entry, item):
    """The neighbor activated and, where the config shuts it down (``neighbor X shutdown``, which the model reads as not
    activated), no longer shut down: 'activate' alone leaves it down (review 2026-12-04)."""
    address = item["address"]
    shut = "neighbor %s shutdown" % address
    lines = ["no " + shut] if entry.end.bgp is not None and any(
        line.text.strip() == shut for line in entry.end.bgp.source) else []
    return _bgp_block(entry, lines + ["neighbor %s activate" % address])


def _bgp_advertise(entry, item):
    networks = [ipaddress.ip_network(n, strict=False) for n in item.get("networks") or ()]
    if not networks:
        return ["! the networks behind this ASA are not known: add `network <address> mask <mask>` under "
                "router bgp for each"]
    return _bgp_block(entry, ["network %s mask %s" % (n.network_address, n.netmask) for n in networks if n.version == 4])


def _bgp_import(entry, item):
    """Permit lines in the inbound prefix-list, numbered before its first entry. A list other neighbors share stays
    with a person: each tunnel's fix permits its own VNet at the same free sequence numbers, so two pasted fixes
    would collide."""
    bgp = entry.end.bgp
    return _prefix_list_permits(entry, bgp.import_filter if bgp else None, item, "inbound route filter", False)


def _bgp_export(entry, item):
    """Permit lines in the outbound prefix-list, numbered before its first entry. In a list only other tunnels'
    neighbors use alike, every tunnel's fix is the same lines (the networks this ASA originates), so it is given."""
    bgp = entry.end.bgp
    return _prefix_list_permits(entry, bgp.export_filter if bgp else None, item, "outbound route filter", True)


def _prefix_list_permits(entry, rules, item, what, alike_sharers_ok):
    """Permit lines for ``item``'s networks in the prefix-list ``rules`` come from, numbered before its first entry;
    a note to do it by hand when the filter is not a prefix-list alone, is shared with other neighbors (but, when
    ``alike_sharers_ok``, with tunnels' neighbors that use it alike), or has no free sequence numbers."""
    bgp = entry.end.bgp
    neighbor = bgp.peer_address if bgp else "<neighbor>"
    name, seqs, refused_by = None, [], None
    for rule in rules or []:
        words = rule.source[0].text.split() if rule.source else []
        if "prefix-list" in words and words.index("prefix-list") + 1 < len(words):
            if name is None:
                # the list's lines reach a route-map deny entry (bgp_filters cites it after the list's line): what
                # the list permits, the entry refuses (review 2026-12-07: a permit there was shown as proven)
                refused_by = next((line.text.strip() for line in rule.source[1:]
                                   if line.text.split()[:1] == ["route-map"] and line.text.split()[2:3] == ["deny"]),
                                  None)
            name = name or words[words.index("prefix-list") + 1]
            if words[words.index("prefix-list") + 1] != name:
                continue  # another list of a flattened route-map: its numbers are not this list's
            if "seq" in words and words.index("seq") + 1 < len(words) and words[words.index("seq") + 1].isdigit():
                seqs.append(int(words[words.index("seq") + 1]))
    networks = [str(ipaddress.ip_network(n, strict=False)) for n in item.get("networks") or ()]
    if name is None:
        return ["! permit %s in the %s of BGP neighbor %s" % (", ".join(networks), what, neighbor)]
    if refused_by is not None:
        return ["! %s refuses what prefix-list %s permits, so a permit added to that list is refused too: let %s "
                "through ahead of that entry of the %s of BGP neighbor %s, by hand"
                % (refused_by, name, ", ".join(networks), what, neighbor)]
    sharing = (entry.end.ref.get("bgp_filters_shared") or {}).get(name)
    # a list only other tunnels' neighbors use, alike: the permit is theirs too, and the proof re-checks each of
    # them (shared_objects.AsaSharedObjects); any other user (a LAN router, a route-map) is left to a person
    if sharing and not (alike_sharers_ok and name in (entry.end.ref.get("bgp_filters_shared_alike") or ())):
        return ["! prefix-list %s also filters BGP neighbor(s) %s: a permit added there reaches them too; give neighbor "
                "%s a prefix-list of its own that permits %s, by hand" % (
                    name, ", ".join(sharing), neighbor, ", ".join(networks))]
    first = min(seqs) if seqs else 0  # prefix-list sequence numbers start at 1
    if first and first <= len(networks):
        return ["! prefix-list %s has no free sequence numbers before %d: renumber it, then permit %s"
                % (name, first, ", ".join(networks))]
    lines = []
    for i, prefix in enumerate(networks):
        seq = " seq %d" % (first - len(networks) + i) if first else ""
        lines.append("prefix-list %s%s permit %s" % (name, seq, prefix))
    return lines


# intent kind renderers (fixes.KINDS names), for remediation.py
RENDERERS = {name: globals()[name] for name in (
    "_route", "_bgp_enabled", "_bgp_neighbor", "_bgp_multihop", "_bgp_activate", "_bgp_advertise", "_bgp_import",
    "_bgp_export")}
