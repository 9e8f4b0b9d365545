# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BGP over an ASA VTI: which ``router bgp`` neighbor runs through a tunnel interface, and
what the session looks like from the ASA (``model.Bgp``).

A neighbor belongs to the VTI whose subnet holds its address, else to the VTI the longest
static route to it points at. Sources for the behaviour modelled here:
  - ``network`` is advertised only when the routing table holds a non-BGP route with exactly
    that prefix and mask (connected or static here): Cisco IOS BGP behaviour the ASA's BGP
    shares (Cisco ASA General Operations CLI guide, BGP chapter, "network" under Configure
    BGP; corroborated by https://notes.networklessons.com/bgp-advertising-a-prefix and the
    LANCOM LCOS-SX "network (BGP Router Config)" reference). verified: partial.
  - ``neighbor X ebgp-multihop`` without a number allows TTL 255 (Cisco BGP-4 Command and
    Configuration Handbook 8-9 "The default hop count is 255"; the FTD API, ASA code,
    NeighborEBGPMultiHop.maxHopCount "Default value is 255",
    https://developer.cisco.com/docs/ftd-ansible-v6-3/neighborebgpmultihop). verified: partial.
  - Without ``ebgp-multihop`` an eBGP session uses TTL 1 (peers must share a subnet).
  - ``neighbor X disable-connected-check`` lifts only the check that a single-hop eBGP neighbor is on a
    connected subnet; the TTL stays 1, so the neighbor must still be one hop away (over a VTI the far end
    of the tunnel is). ASA code: the FTD API (ASA code), NeighborEBGPMultiHop.disableConnectedCheck "disables
    connection verification to establish an eBGP peering session with a single-hop peer that uses a
    loopback interface" (https://developer.cisco.com/docs/ftd-ansible-v6-3/neighborebgpmultihop); the
    behaviour as IOS has it: https://ccieblog.co.uk/bgp/bgp-disable-connected-check-vs-ebgp-multi-hop and
    https://notes.networklessons.com/bgp-multihop-vs-disable-connected-check ("a TTL of 1 is accepted ... the
    neighbor is only ever a maximum of one hop away"); Cisco Nexus 3000 NX-OS unicast routing guide,
    "Disables checking whether or not a single-hop eBGP peer is directly connected". verified: partial (the
    ASA CLI command reference page itself was not found; the FTD API field is the ASA code's).
  - Prefix-lists and route-maps: first matching entry decides, implicit deny at the end;
    ``match ip address prefix-list A B`` matches when any list permits (IOS semantics).
Routes the ASA learned from other BGP neighbors (which it also advertises) are not in the
config, so ``advertised`` lists only what the ASA originates.
"""

import bisect
import ipaddress
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, PrefixRule

# The parser fills ebgp_multihop from the same table entry for a bare "ebgp-multihop"; records
# built without the parser get it here. Sources: module docstring (IOS handbook, FTD API: 255).
EBGP_MULTIHOP_DEFAULT_TTL = tables.BGP_EBGP_MULTIHOP_DEFAULT.value
EBGP_SINGLE_HOP_TTL = 1
# Azure's default gateway ASN and APIPA range mark a neighbor meant for an Azure tunnel.
# src: facts review_2026_11_30 (APIPA 169.254.21.0 - 169.254.22.255, verified: partial);
# 65515: Azure "About BGP with VPN Gateway" (default ASN of Azure VPN gateways; not in the facts file).
AZURE_DEFAULT_ASN = 65515
AZURE_APIPA_RANGE = (ipaddress.ip_address("169.254.21.0"), ipaddress.ip_address("169.254.22.255"))

_MULTIHOP_BARE = re.compile(r"^neighbor\s+\S+\s+ebgp-multihop\s*$")
_DISABLE_CONNECTED_CHECK = re.compile(r"^neighbor\s+\S+\s+disable-connected-check\s*$")


class Undecidable(Exception):
    """A filter the adapter cannot evaluate (unmodelled match clause, undefined name)."""


class BgpNeighbors(object):
    """The BGP process of one config, its neighbors by the nameif that reaches them."""

    def __init__(self, ctx, route_table):
        self.ctx = ctx
        self.process = ctx.config.bgp
        self.routes = route_table
        self.claimed = set()
        self.scope = []
        self.by_nameif = {}  # nameif -> [neighbor] in config order
        # issue 12: what each neighbor advertises was worked out network by network, every filter re-sorted per
        # network, for every neighbor (tunnels x networks). Caches, per BgpNeighbors (one config). A _Filter is
        # (specials {index in _originated: (outcome, deps keys)}, default (outcome, deps keys) for the other networks);
        # an outcome is "permit", "deny" or an abort event (see _decided).
        self._sorted = {}  # (kind, name) -> its entries sorted by seq
        self._originated = None  # _Originated: the networks the process originates, each filtered by its own route-map
        self._permitted = {}  # prefix-list name -> indices (in _originated) of the networks it permits
        self._mapped = {}  # route-map name -> _Filter over _originated
        self._sent = {}  # (prefix-list out, route-map out) -> (advertised or None, deps keys, abort event or None)
        if self.process is None:
            return
        vti_nameifs = [i.nameif for i in ctx.config.interfaces.values() if i.tunnel is not None and i.nameif]
        through_vti = frozenset(vti_nameifs)  # asked per neighbor: a list made it tunnels x neighbors (issue 12)
        astray = []  # meant for an Azure tunnel, but routed through no tunnel interface
        for neighbor in self.process.neighbors.values():
            found = _lookup(route_table, neighbor.address)
            if found is not None and found[2] == "null0":
                # dropped by a null0 route (the longest prefix, or the lower distance): through no interface, and not
                # given to a tunnel as if only its route were missing - the tunnel's own routes may cover the address,
                # and the check would pass a session whose packets the ASA drops (unclaimed names the null0 route)
                continue
            if found is not None:
                self.by_nameif.setdefault(found[0], []).append(neighbor)
            if (found is None or found[0] not in through_vti) and _meant_for_azure(neighbor):
                astray.append(neighbor)
        # One such neighbor and one tunnel interface without a neighbor: that is the session the
        # tunnel was built for, missing its route. Attached to the VTI, the engine can say so
        # (BGP_NO_ROUTE_TO_PEER, with both ends' evidence) instead of "no BGP on the ASA".
        bare = [nameif for nameif in vti_nameifs if nameif not in self.by_nameif]
        if len(astray) == 1 and len(bare) == 1:
            self.by_nameif[bare[0]] = astray

    def for_vti(self, nameif, vti_address, deps, name):
        """(Bgp or None, the neighbor address or None, other neighbors through this VTI);
        ``name`` is the tunnel end's, the scope of what its filters raise."""
        neighbors = self.by_nameif.get(nameif, [])
        if self.process is None or not neighbors:
            return None, None, []
        self.scope = [name]
        neighbor = neighbors[0]
        for address in (n.address for n in neighbors):
            self.claimed.add(address)
            deps.add(("bgp-neighbor", address, None))  # the parser's key for that neighbor's lines (adapter._context_key)
        deps.add(("router-bgp", str(self.process.asn), None))  # the parser's key for router bgp lines
        advertised = self._advertised(neighbor, deps)
        import_filter = self._import_filter(neighbor, deps)
        bgp = Bgp(
            asn=self.process.asn,
            peer_asn=neighbor.remote_as,
            local_addresses=(vti_address,) if vti_address else (),
            peer_address=neighbor.address,
            multihop=_multihop(neighbor),
            disable_connected_check=any(_DISABLE_CONNECTED_CHECK.match(line.text) for line in neighbor.lines),
            activated=neighbor.activated and not neighbor.shutdown,
            advertised=advertised,
            import_filter=import_filter,
            source=tuple(self.process.lines[:1]) + tuple(neighbor.lines),
        )
        return bgp, neighbor.address, [n.address for n in neighbors[1:]]

    def unclaimed(self):
        """Neighbors no VTI claimed that look meant for an Azure tunnel: BGP_NO_ROUTE_TO_PEER."""
        if self.process is None:
            return
        for neighbor in self.process.neighbors.values():
            if neighbor.address in self.claimed or not _meant_for_azure(neighbor):
                continue
            found = _lookup(self.routes, neighbor.address)
            via = "interface %s" % found[0] if found is not None else "no route at all"
            lines = neighbor.lines[:2]
            if found is not None and found[2] == "null0":
                via = "the null0 route on line %d ('%s'), which drops its traffic" % (found[1].line, found[1].text)
                lines = lines + [found[1]]
            self.ctx.add(
                "BGP_NO_ROUTE_TO_PEER",
                WARNING,
                "BGP neighbor %s (remote-as %s) looks like an Azure gateway's peering address, but it is reached "
                "through %s, not through a tunnel interface, so the session cannot come up over a tunnel."
                % (neighbor.address, neighbor.remote_as, via),
                self.ctx.evidence({"bgp_neighbor": neighbor.address}, lines),
                ["! Route the neighbor through its tunnel: route <tunnel nameif> %s 255.255.255.255 %s"
                 % (neighbor.address, neighbor.address)],
                [],
            )

    # -- what the ASA sends ---------------------------------------------------------------
    # Semantics: for each network the process originates (its ``network`` with an exact route), in config order: its
    # own route-map, then the neighbor's prefix-list out, then its route-map out; the first that does not permit drops
    # the network; the first filter that cannot be evaluated (Undecidable) makes the whole list None, after a finding
    # for it. issue 12: the same, computed per filter over all the networks at once (an index finds the networks a
    # prefix-list entry matches), and once per (prefix-list out, route-map out) pair; a neighbor replays the deps keys
    # and the finding that evaluation gave, in its own scope.
    def _advertised(self, neighbor, deps):
        process = self.process
        if process.redistribute:
            return None  # redistributed routes come from sources the config does not enumerate
        key = (neighbor.prefix_list_out, neighbor.route_map_out)
        sent = self._sent.get(key)
        if sent is None:
            sent = self._sent[key] = self._send(neighbor.prefix_list_out, neighbor.route_map_out)
        advertised, keys, event = sent
        deps.update(keys)
        if event is not None:
            self._replay(event)
            return None
        return list(advertised)  # a list per end, as before: ends share no mutable object (tests/unit/test_azure_bgp.py)

    def _send(self, prefix_list, route_map):
        """(advertised strings or None, the deps keys evaluation notes, the abort event or None) for a neighbor with
        these outbound filters: exactly what the network-by-network loop yields, without walking every network."""
        origin = self._origin()
        filters = [f for f in (self._list_filter(prefix_list) if prefix_list else None,
                               self._map_filter(route_map) if route_map else None) if f is not None]
        stop, permitted = origin.stop, origin.permitted  # networks past the first Undecidable never count

        def outcome(index):  # of a network its own route-map permits: (outcome, keys) of the neighbor's filters
            keys = frozenset()
            for specials, default in filters:
                result, touched = specials.get(index, default) if index is not None else default
                keys = keys | touched
                if result != "permit":
                    return result, keys
            return "permit", keys

        special = set()
        for specials, _default in filters:
            special.update(i for i in specials if i < stop and origin.outcome[i] == "permit")
        special = sorted(special)
        decided = [(i,) + outcome(i) for i in special]
        bulk, bulk_keys = outcome(None)  # every other network its own route-map permits
        skip = set(special)
        first_bulk = next((i for i in permitted if i not in skip), None)  # at most len(special) + 1 steps
        abort, event = stop, origin.event
        for index, result, _keys in decided:
            if not _decided(result):
                if index < abort:
                    abort, event = index, result
                break  # sorted: the first is the earliest
        if first_bulk is not None and not _decided(bulk) and first_bulk < abort:
            abort, event = first_bulk, bulk
        keys = set(key for key, first in origin.first_use.items() if first <= abort)
        for index, _result, touched in decided:
            if index <= abort:
                keys.update(touched)
        if first_bulk is not None and first_bulk <= abort:
            keys.update(bulk_keys)
        if event is not None:
            return None, frozenset(keys), event
        if bulk == "permit":
            by_index = {index: result for index, result, _keys in decided}
            sent = [origin.names[i] for i in permitted if by_index.get(i, "permit") == "permit"]
        else:
            sent = [origin.names[i] for i, result, _keys in decided if result == "permit"]
        return tuple(sent), frozenset(keys), None

    def _origin(self):
        """The networks the process originates (exact route in the table), in config order, each through its own
        route-map: this does not depend on the neighbor, so it is made once (issue 12)."""
        if self._originated is not None:
            return self._originated
        networks = [(network, route_map) for network, route_map, _line in self.process.networks
                    if self.routes.has_exact(network)]
        origin = self._originated = _Originated([network for network, _map in networks])
        for index, (_network, route_map) in enumerate(networks):
            result, touched = "permit", ()
            if route_map is not None:
                specials, default = self._map_filter(route_map)
                result, touched = specials.get(index, default)
            for key in touched:
                origin.first_use.setdefault(key, index)
            origin.outcome.append(result)
            if not _decided(result):
                origin.stop, origin.event = index, result
                break
            if result == "permit":
                origin.permitted.append(index)
        return origin

    def _list_filter(self, name):
        """A prefix-list as a _Filter over the originated networks: those it permits, else deny."""
        touched = frozenset((("prefix-list", name, None),))
        if self.ctx.config.prefix_lists.get(name) is None:
            return {}, (("undefined", "prefix-list", name), touched)
        permit = ("permit", touched)
        return dict.fromkeys(self._list_permits(name), permit), ("deny", touched)

    def _list_permits(self, name):
        """Indices of the originated networks prefix-list ``name`` (defined) permits: first matching entry decides."""
        found = self._permitted.get(name)
        if found is None:
            decided = {}
            index = self._origin().index
            for entry in self._sorted_entries("prefix-list", self.ctx.config.prefix_lists, name):
                for i in index.matching(entry):
                    decided.setdefault(i, entry.action)
            found = self._permitted[name] = [i for i, action in decided.items() if action == "permit"]
        return found

    def _map_filter(self, name):
        """A route-map as a _Filter over the originated networks (cached per name, issue 12): the networks an entry
        matching prefix-lists takes, with what it decides and the deps keys evaluation noted until then; the rest
        fall through to the first entry that matches everything, an Undecidable one, or the implicit deny."""
        found = self._mapped.get(name)
        if found is not None:
            return found
        touched = [("route-map", name, None)]
        specials = {}
        default = None
        if self.ctx.config.route_maps.get(name) is None:
            default = (("undefined", "route-map", name), frozenset(touched))
        for entry in self._sorted_entries("route-map", self.ctx.config.route_maps, name) if default is None else ():
            if entry.other_matches:
                default = (("unsupported", entry.other_matches[0], "route-map %s match clause" % name),
                           frozenset(touched))
                break
            if not entry.match_prefix_lists:
                default = (_action(entry), frozenset(touched))
                break
            for list_name in entry.match_prefix_lists:  # any(): lists in order until one permits
                touched.append(("prefix-list", list_name, None))
                if self.ctx.config.prefix_lists.get(list_name) is None:
                    default = (("undefined", "prefix-list", list_name), frozenset(touched))
                    break  # every network not yet decided reaches this list
                decision = (_action(entry), frozenset(touched))
                for i in self._list_permits(list_name):
                    specials.setdefault(i, decision)
            if default is not None:
                break
        if default is None:
            default = ("deny", frozenset(touched))  # implicit deny
        found = self._mapped[name] = (specials, default)
        return found

    def _replay(self, event):
        """The finding the abort event raised where it was met; in this tunnel's scope."""
        if event[0] == "undefined":
            self._undefined(event[1], event[2])
        else:
            self._unsupported_line(event[1], event[2])

    # -- what the ASA accepts -------------------------------------------------------------
    def _import_filter(self, neighbor, deps):
        """Ordered PrefixRules (implicit deny at the end), None = accepts all."""
        prefix_list, route_map = neighbor.prefix_list_in, neighbor.route_map_in
        try:
            if prefix_list and route_map:
                rules = self._flatten_route_map(route_map, deps)
                plain = self._prefix_rules(prefix_list, deps)
                if not _permits_all(rules):
                    if _permits_all(plain):
                        return rules
                    self._unsupported(neighbor, "both an inbound prefix-list and a filtering inbound route-map")
                    return None
                return plain
            if prefix_list:
                return self._prefix_rules(prefix_list, deps)
            if route_map:
                return self._flatten_route_map(route_map, deps)
        except Undecidable:
            return None
        return None

    def _prefix_rules(self, name, deps):
        self._prefix_list(name, deps)
        return [
            PrefixRule(entry.action, str(entry.prefix), entry.ge, entry.le, (entry.line,))
            for entry in self._sorted_entries("prefix-list", self.ctx.config.prefix_lists, name)
            if entry.prefix is not None  # an invalid prefix is the parser's INVALID_VALUE
        ]

    def _flatten_route_map(self, name, deps):
        """A route-map as one ordered rule list, when it has one: every entry matches prefix-lists
        only, and a permit entry's lists hold no deny (a deny there means "no match, next entry",
        which a flat list cannot say) unless it is the last entry."""
        self._route_map(name, deps)
        entries = self._sorted_entries("route-map", self.ctx.config.route_maps, name)
        rules = []
        for position, entry in enumerate(entries):
            if entry.other_matches:
                self._unsupported_line(entry.other_matches[0], "route-map %s match clause" % name)
                raise Undecidable(name)
            if not entry.match_prefix_lists:
                rules.append(PrefixRule(entry.action, "0.0.0.0/0", None, 32, tuple(entry.lines[:1])))
                rules.append(PrefixRule(entry.action, "::/0", None, 128, tuple(entry.lines[:1])))
                break  # matches everything: later entries are never reached
            last = position == len(entries) - 1
            for list_name in entry.match_prefix_lists:
                for rule in self._prefix_rules(list_name, deps):
                    if rule.action == "deny":
                        if not last:
                            self._unsupported_line(entry.lines[0], "route-map %s with a deny in prefix-list %s"
                                                   % (name, list_name))
                            raise Undecidable(name)
                        continue  # last entry: no match falls to the implicit deny anyway
                    rules.append(PrefixRule(entry.action, rule.prefix, rule.ge, rule.le, rule.source))
        return rules

    def _prefix_list(self, name, deps):
        return self._entries("prefix-list", self.ctx.config.prefix_lists, name, deps)

    def _route_map(self, name, deps):
        return self._entries("route-map", self.ctx.config.route_maps, name, deps)

    def _entries(self, kind, defined, name, deps):
        """The entries of the ``kind`` named ``name`` (noted in ``deps``); undefined: a finding and Undecidable."""
        deps.add((kind, name, None))
        entries = defined.get(name)
        if entries is None:
            self._undefined(kind, name)
            raise Undecidable(name)
        return entries

    def _sorted_entries(self, kind, defined, name):
        """The entries of a defined prefix-list or route-map by seq (stable: config order on a tie), sorted once per
        name (issue 12: they were sorted for every network and every neighbor)."""
        found = self._sorted.get((kind, name))
        if found is None:
            found = self._sorted[(kind, name)] = sorted(defined[name], key=lambda e: e.seq)
        return found

    # -- findings -------------------------------------------------------------------------
    def _undefined(self, kind, name):
        if self.ctx.parse_reported("UNDEFINED_REFERENCE", name=name):
            return
        lines = [line for n in self.process.neighbors.values() for line in n.lines if name in line.text.split()]
        self.ctx.add_once(
            "UNDEFINED_REFERENCE",
            ERROR,
            "BGP names %s %r, which is not defined in this config, so what the ASA sends or accepts over BGP "
            "cannot be decided." % (kind, name),
            self.ctx.evidence({"kind": kind, "name": name}, lines[:3]),
            ["! Define %s %s, or correct the name" % (kind, name)],
            self.scope,
        )

    def _unsupported_line(self, line, what):
        if self.ctx.parse_reported("UNSUPPORTED_CONSTRUCT", line=line.line):
            return
        self.ctx.add_once(
            "UNSUPPORTED_CONSTRUCT",
            WARNING,
            "Line %d (%s) is not modelled, so what BGP sends or accepts through it is not checked."
            % (line.line, what),
            self.ctx.evidence({}, [line]),
            ["! Check by hand what line %d lets through" % line.line],
            self.scope,
        )

    def _unsupported(self, neighbor, what):
        self._unsupported_line(neighbor.lines[0], "BGP neighbor %s with %s" % (neighbor.address, what))


def _lookup(route_table, address):
    try:
        return route_table.lookup(address)
    except ValueError:
        return None  # the parser reported the invalid neighbor address


def _multihop(neighbor):
    if neighbor.ebgp_multihop is not None:
        return neighbor.ebgp_multihop
    if any(_MULTIHOP_BARE.match(line.text) for line in neighbor.lines):
        return EBGP_MULTIHOP_DEFAULT_TTL
    return EBGP_SINGLE_HOP_TTL


def _meant_for_azure(neighbor):
    if neighbor.remote_as == AZURE_DEFAULT_ASN:
        return True
    try:
        address = ipaddress.ip_address(neighbor.address)
    except ValueError:
        return False
    return address.version == 4 and AZURE_APIPA_RANGE[0] <= address <= AZURE_APIPA_RANGE[1]


def _prefix_matches(entry, network):
    prefix = entry.prefix
    if prefix is None or prefix.version != network.version or not network.subnet_of(prefix):
        return False
    if entry.ge is None and entry.le is None:
        return network.prefixlen == prefix.prefixlen
    low = entry.ge if entry.ge is not None else prefix.prefixlen
    high = entry.le if entry.le is not None else network.max_prefixlen
    return low <= network.prefixlen <= high


def _permits_all(rules):
    return bool(rules) and rules[0].action == "permit" and rules[0].prefix in ("0.0.0.0/0", "::/0") and (
        rules[0].le in (32, 128)
    )


def _action(entry):
    """What a matching route-map entry decides (anything but permit denies, as ``== "permit"`` did)."""
    return "permit" if entry.action == "permit" else "deny"


def _decided(result):
    """permit or deny; anything else is an abort event: ("undefined", kind, name) or ("unsupported", line, what)."""
    return result == "permit" or result == "deny"


class _Originated(object):
    """The networks a BGP process originates, in config order (``network`` statements with an exact route), and
    what their own route-map (``network X route-map Y``) does with them: ``outcome`` per network up to ``stop``, the
    first one it cannot decide (``event``: the abort event), or all of them; ``permitted`` the indices it permits;
    ``first_use`` the index at which each deps key was first noted."""

    def __init__(self, networks):
        self.names = [str(network) for network in networks]
        self.index = _NetworkIndex(networks)
        self.outcome = []
        self.permitted = []
        self.first_use = {}
        self.stop, self.event = len(networks), None


class _NetworkIndex(object):
    """Networks by (IP version, prefix length), sorted by address: the networks a prefix-list entry matches are,
    per length it allows, one bisected run (issue 12: instead of testing every network against every entry)."""

    def __init__(self, networks):
        rows = {}
        for i, network in enumerate(networks):
            rows.setdefault((network.version, network.prefixlen), []).append((int(network.network_address), i))
        self._starts, self._indices = {}, {}
        for key, found in rows.items():
            found.sort()
            self._starts[key] = [start for start, _i in found]
            self._indices[key] = [i for _start, i in found]

    def matching(self, entry):
        """Indices of the networks ``entry`` matches (as _prefix_matches decides), in no particular order."""
        prefix = entry.prefix
        if prefix is None:
            return []
        if entry.ge is None and entry.le is None:
            lengths = (prefix.prefixlen,)
        else:
            low = entry.ge if entry.ge is not None else prefix.prefixlen
            high = entry.le if entry.le is not None else prefix.max_prefixlen
            # a network inside the prefix is at least as long as it (subnet_of)
            lengths = range(max(low, prefix.prefixlen), min(high, prefix.max_prefixlen) + 1)
        first, last = int(prefix.network_address), int(prefix.broadcast_address)
        found = []
        for length in lengths:
            starts = self._starts.get((prefix.version, length))
            if starts is None:
                continue
            found.extend(self._indices[(prefix.version, length)][
                bisect.bisect_left(starts, first):bisect.bisect_right(starts, last)])
        return found
