# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an ASA BGP neighbor sends and accepts: its outbound filters over the networks the process originates
(``advertised``) and its inbound filter as prefix rules (``import_filter``), for bgp.BgpNeighbors.

Prefix-lists and route-maps: the first matching entry decides, implicit deny at the end; ``match ip address
prefix-list A B`` matches when any list permits (IOS semantics; bgp.py's module docstring has the sources). A filter
the adapter cannot evaluate (an unmodelled match clause, an undefined name) raises ``Undecidable``: a finding, and no
list (never a guess).

issue 12: what each neighbor advertises was worked out network by network, every filter re-sorted per network, for
every neighbor (tunnels x networks). Each filter is now evaluated once over all the networks (an index finds the
networks a prefix-list entry matches), and once per (prefix-list out, route-map out) pair.

Plain Python, no Ansible import.
"""

import bisect

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import PrefixRule


class Undecidable(Exception):
    """A filter the adapter cannot evaluate (unmodelled match clause, undefined name)."""


class BgpFilterRules(object):
    """The filters of one config's BGP process (``process``; None: no ``router bgp``) as ordered rules: what a
    neighbor accepts, and the prefix-list and route-map entries both directions read; caches are kept per config, and
    findings raised in ``scope`` (the tunnel end being read) through ``ctx``. What a neighbor is sent: BgpFilters."""

    def __init__(self, ctx, route_table):
        self.ctx = ctx
        self.process = ctx.config.bgp
        self.routes = route_table
        self.scope = []
        # A _Filter is (specials {index in _originated: (outcome, deps keys)}, default (outcome, deps keys) for the
        # other networks); an outcome is "permit", "deny" or an abort event (see _decided).
        self._sorted = {}  # (kind, name) -> its entries sorted by seq
        self._originated = None  # _Originated: the networks the process originates, each filtered by its own route-map
        self._unrouted = None  # "prefix (line N)" of its network statements with no exact route: not originated
        self._permitted = {}  # prefix-list name -> indices (in _originated) of the networks it permits
        self._mapped = {}  # route-map name -> _Filter over _originated
        self._sent = {}  # (prefix-list out, route-map out) -> (advertised or None, deps keys, abort event or None)

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

    def _export_filter(self, neighbor, deps):
        """The outbound filter as ordered rules, cited with its lines, when it drops every network the process
        originates (the evidence of the engine's BGP_ROUTES_NOT_EXCHANGED): the prefix-list out alone, or the route-map
        out alone when it reads as one rule list (review 2026-12-07: a route-map out's deny entry was not cited, the
        filter was []); None otherwise. A route-map that does not is read as _send read it, with no finding of its
        own."""
        prefix_list, route_map = neighbor.prefix_list_out, neighbor.route_map_out
        try:
            if prefix_list and not route_map:
                return self._prefix_rules(prefix_list, deps)
            if route_map and not prefix_list:
                return self._flatten_route_map(route_map, deps, quiet=True)
        except Undecidable:
            return None
        return None

    def _flatten_route_map(self, name, deps, quiet=False):
        """A route-map as one ordered rule list, when it has one: every entry matches prefix-lists
        only, and a permit entry's lists hold no deny (a deny there means "no match, next entry",
        which a flat list cannot say) unless it is the last entry. ``quiet``: Undecidable without a finding."""
        self._route_map(name, deps)
        entries = self._sorted_entries("route-map", self.ctx.config.route_maps, name)
        rules = []
        for position, entry in enumerate(entries):
            if entry.other_matches:
                if not quiet:
                    self._unsupported_line(entry.other_matches[0], "route-map %s match clause" % name)
                raise Undecidable(name)
            if not entry.match_prefix_lists:
                rules.append(PrefixRule(entry.action, "0.0.0.0/0", None, 32, tuple(entry.lines[:1])))
                rules.append(PrefixRule(entry.action, "::/0", None, 128, tuple(entry.lines[:1])))
                break  # matches everything: later entries are never reached
            last = position == len(entries) - 1
            single = len(entry.match_prefix_lists) == 1
            # the entry's own line after the list's: the entry decides what a line of the list does (a deny entry
            # refuses what its list permits), and the list's line stays first, where a fix looks for the list's name
            cited = tuple(entry.lines[:1])
            for list_name in entry.match_prefix_lists:
                list_rules = self._prefix_rules(list_name, deps)
                for at, rule in enumerate(list_rules):
                    if rule.action == "deny":
                        if last and single:
                            # the list's first match decides: a prefix it denies misses the entry and meets the
                            # implicit deny, so the deny stays where it is (review 2026-12-07: dropped, a later permit
                            # of the list passed it)
                            rules.append(PrefixRule("deny", rule.prefix, rule.ge, rule.le, rule.source + cited))
                            continue
                        if last and not any(later.action == "permit" for later in list_rules[at + 1:]):
                            continue  # a trailing deny: no match falls to the implicit deny anyway
                        if not quiet:
                            self._unsupported_line(entry.lines[0], "route-map %s with a deny in prefix-list %s"
                                                   % (name, list_name))
                        raise Undecidable(name)
                    rules.append(PrefixRule(entry.action, rule.prefix, rule.ge, rule.le, rule.source + cited))
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


class BgpFilters(BgpFilterRules):
    """What a neighbor is sent: the networks the process originates through each filter on the way out, evaluated
    once per filter over all the networks (issue 12)."""

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

    def _dropped_on_export(self, advertised):
        """What the process originates (through each network's own route-map) when the neighbor's outbound filters
        send none of it: the engine's BGP_ROUTES_NOT_EXCHANGED names it. () when something is sent (some networks
        may be filtered on purpose) or nothing is decidable. Made once per config, not per neighbor (issue 12)."""
        if advertised is None or advertised:
            return ()
        origin = self._origin()
        if origin.permitted_names is None:
            origin.permitted_names = tuple(origin.names[i] for i in origin.permitted)
        return origin.permitted_names

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

    def unrouted(self):
        """The process's ``network`` statements with no route of exactly that prefix, as "prefix (line N)": BGP does not
        originate them (asa/bgp.py). Once per process."""
        if self._unrouted is None:
            self._unrouted = tuple("%s (line %d)" % (network, line.line) for network, _map, line in self.process.networks
                                   if not self.routes.has_exact(network))
        return self._unrouted

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
        self.permitted_names = None  # the names of ``permitted``, made on first use


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
