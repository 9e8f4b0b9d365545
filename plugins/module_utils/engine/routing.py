# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Route-based ends: selectors are any-to-any, so routing decides what enters the
tunnel. Without BGP every network behind the peer needs a route into the tunnel."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import PrefixIndex, network, parse, parse_address, within


class RoutingChecks(object):
    """Routes into a route-based tunnel (a mixin of the engine's check)."""

    def routes(self, end):
        """``end``'s routed networks as an index, built once per check (None: not decidable)."""
        cache = self.__dict__.setdefault("_routes", {})
        if id(end) not in cache:
            if end.routed_networks is None or "routed_networks" in end.unknowns:
                cache[id(end)] = None
            else:
                cache[id(end)] = PrefixIndex((parse(n), n) for n in end.routed_networks)
        return cache[id(end)]

    def routed(self, end, net):
        """The routed network of ``end`` that carries ``net`` into the tunnel, or None."""
        index = self.routes(end)
        if index is None:
            return None
        for _key, values in index.containing(net):
            return values[0]
        return None

    def check_routes(self):
        for end, other in ((self.a, self.b), (self.b, self.a)):
            if not end.route_based or end.bgp is not None or "bgp" in end.unknowns or self.routes(end) is None:
                continue
            if other.local_networks is None or "local_networks" in other.unknowns:
                if not end.routed_networks:
                    self._routes_nothing(end, other)
                elif other.held_networks:
                    self._routes_none_of_held(end, other)
                continue
            carried = _families(end)
            # a network of a family the tunnel does not carry (an IPv6 prefix of a dual-stack VNet, beside an IPv4
            # VTI) no route can put into it (review 2026-12-05: it made a healthy IPv4 tunnel "degraded")
            missing = [n for n in other.local_networks
                       if (carried is None or parse(n).version in carried) and self.routed(end, parse(n)) is None]
            if not missing:
                continue
            carried_networks = [n for n in other.local_networks if carried is None or parse(n).version in carried]
            connected = _on_interfaces(end, missing)
            evidence = {"routed_networks": list(end.routed_networks), "missing": missing,
                        "tunnel_address": end.tunnel_address, "lines": _lines(end.networks_source)}
            if connected:
                evidence["connected"] = {n: where for n, (_net, where) in connected.items()}
            self.add(
                "ROUTE_MISSING",
                # none of the peer's networks: the tunnel carries nothing, replies included ("will fail", as the BGP
                # findings of the same outcome are; review 2026-12-06, route-based #3); some of them: a part fails
                ERROR if len(missing) == len(carried_networks) else WARNING,
                "traffic",
                _missing_summary(end, other, missing, connected),
                {end.vendor: evidence,
                 other.vendor: {"local_networks": list(other.local_networks),
                                "lines": _lines(stating(other, other.local_networks))}},
                {end.vendor: [intent("route", network=n, next_hop=next_hop(end, other)) for n in missing]},
            )

    def _routes_nothing(self, end, other):
        """No route, no BGP, and the networks behind the peer unknown: nothing can enter the tunnel from this
        side, whatever those networks are (an error: the tunnel carries nothing) (an Azure static connection whose local network gateway lists no
        prefix). Which networks to add is the user's to say, so no fix is offered."""
        self.add(
            "ROUTE_MISSING",
            ERROR,
            "traffic",
            "%s %s routes nothing into the tunnel and runs no BGP over it, so no traffic from behind %s enters it "
            "(the tunnel may come up and stay idle): route the networks behind %s into it."
            % (who(end), end.name, who(end), who(other)),
            {end.vendor: {"routed_networks": [], "tunnel_address": end.tunnel_address,
                          "lines": _lines(end.networks_source)},
             other.vendor: {"local_networks": None}},
            {},
        )

    def _routes_none_of_held(self, end, other):
        """Routes into the tunnel, none of which reaches a network the peer's device has behind it (a local network
        gateway listing another site's prefixes, or a typo): nothing for the peer's networks enters the tunnel, replies
        included. Only "none" is judged: leaving some of the peer's networks out (a DMZ) may be the user's choice, and
        which ones to route is theirs to say, so no fix is offered."""
        held = _held_index(other.held_networks)
        routed = list(end.routed_networks)
        # the peer's own routes into this tunnel and its tunnel subnet are on this side, not behind the peer: only those
        # (a summary it routes into the tunnel may hold its inside networks, which stay behind it; review 2026-12-06)
        own = set(other.routed_networks or ())
        subnet = parse(other.tunnel_address) if other.tunnel_address else None

        def behind(text):
            return text not in own and (subnet is None or not within(parse(text), subnet))

        # each prefix stops at the first network behind the peer it meets: the ones skipped are the peer's few own
        # routes into this tunnel, so this stays linear in the routes (a new Coverage per tunnel was not)
        for prefix in routed:
            try:
                net = parse(prefix)
            except ValueError:
                return  # the adapter's finding
            if any(behind(values[0]) for _key, values in held.overlapping(net)):
                return
        networks = [text for text in other.held_networks if behind(text)]
        if not networks:
            return
        shown = networks[:HELD_SHOWN]
        more = len(networks) - len(shown)
        self.add(
            "ROUTE_MISSING",
            WARNING,
            "traffic",
            "%s %s routes only %s into the tunnel and runs no BGP over it, and none of that is behind %s, whose "
            "networks are %s%s: traffic from behind %s to them, replies included, takes another route and never "
            "enters the tunnel. Route the networks behind %s that should reach %s into it."
            % (who(end), end.name, ", ".join(routed), who(other), ", ".join(shown),
               " and %d more" % more if more else "", who(end), who(other), who(end)),
            {end.vendor: {"routed_networks": list(end.routed_networks), "tunnel_address": end.tunnel_address,
                          "lines": _lines(end.networks_source)},
             other.vendor: {"networks_behind": shown, "networks_behind_count": len(networks)}},
            {},
        )


# how many of the peer's networks a finding names (a hub ASA may have thousands)
HELD_SHOWN = 10
# held_networks (or connected_networks) tuple id -> (the tuple, its PrefixIndex): the tuple is shared by a device's ends,
# so its index is built once per device, not once per tunnel (issue 12: linear in the input)
_HELD = {}


def _held_index(networks):
    return _shared_index(networks, lambda shared: ((text, text) for text in shared))


def _shared_index(shared, items):
    """The PrefixIndex of a tuple a device's ends share, of ``items(shared)`` ((CIDR text, value) pairs; the texts that
    are no network left out), built once per tuple."""
    found = _HELD.get(id(shared))
    if found is None or found[0] is not shared:
        if len(_HELD) > 1024:
            _HELD.clear()
        index = PrefixIndex()
        for text, value in items(shared):
            try:
                index.add(parse(text), value)
            except ValueError:
                continue
        found = _HELD[id(shared)] = (shared, index)
    return found[1]


def _on_interfaces(end, missing):
    """The networks of ``missing`` that are within a network ``end``'s device is connected to (a VNet range reused
    inside): {network: (that network, where it is)}, the longest match (the one the device routes by). The tunnel's own
    subnet is not one: what is in it enters the tunnel."""
    if not end.connected_networks:
        return {}
    index = _shared_index(end.connected_networks, lambda shared: (
        (text, (text, where)) for text, where in shared))
    subnet = parse(end.tunnel_address) if end.tunnel_address else None
    out = {}
    for text in missing:
        for key, values in index.containing(parse(text)):
            if subnet is not None and key == (subnet.version, subnet.start, subnet.length):
                continue
            out[text] = values[0]
            break
    return out


def _missing_summary(end, other, missing, connected):
    """ROUTE_MISSING's sentence: where the traffic for each missing network goes instead."""
    head = "%s %s has no route into the tunnel for %s behind %s" % (who(end), end.name, ", ".join(missing), who(other))
    if not connected:
        return ("%s, so traffic to %s follows another route (usually the default route to the internet) and never "
                "enters the tunnel." % (head, "it" if len(missing) == 1 else "them"))
    parts = []
    for text in missing:
        if text not in connected:
            continue
        net, where = connected[text]
        held = "the network of" if parse(net) == parse(text) else "within %s, the network of" % net
        parts.append("traffic to %s goes to %s instead (%s is %s that interface: the same range is used on both "
                     "sides)" % (text, where, text, held))
    rest = [text for text in missing if text not in connected]
    if rest:
        parts.append("traffic to %s follows another route (usually the default route to the internet)"
                     % ", ".join(rest))
    return "%s, so traffic to %s never enters the tunnel: %s." % (
        head, "it" if len(missing) == 1 else "them", "; ".join(parts))


def stating(end, networks):
    """The lines of ``end.networks_source`` that state one of ``networks`` (CIDR text, as an Azure property holds it,
    or address and mask, as an ASA line does)."""
    if not end.networks_source or not networks:
        return ()
    words = set()
    for text in networks:
        words.add(text)
        try:
            net = network(text)
        except ValueError:
            continue
        if net.version == 4:
            words.add("%s %s" % (net.network_address, net.netmask))
    return tuple(line for line in end.networks_source
                 if any(line.text.endswith(" " + word) or " %s " % word in line.text for word in words))


def next_hop(end, other):
    """The peer's address inside ``end``'s tunnel subnet, when the peer has one there."""
    if not end.tunnel_address:
        return None
    subnet = parse(end.tunnel_address)
    candidates = list(other.bgp.local_addresses) if other.bgp else []
    if other.tunnel_address:
        candidates.append(other.tunnel_address.split("/")[0])
    for address in candidates:
        net = parse_address(address)
        if net is not None and within(net, subnet) and address != end.tunnel_address.split("/")[0]:
            return address
    return None


def _families(end):
    """The IP versions ``end``'s tunnel carries, from its selectors (a VTI's 0.0.0.0/0 or ::/0), or None (unknown)."""
    if not end.traffic_selectors or "traffic_selectors" in end.unknowns:
        return None
    return {parse(ts.local).version for ts in end.traffic_selectors}
