# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Route-based ends: selectors are any-to-any, so routing decides what enters the
tunnel. Without BGP every network behind the peer needs a route into the tunnel."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import PrefixIndex, parse, parse_address, within


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
                continue
            carried = _families(end)
            # a network of a family the tunnel does not carry (an IPv6 prefix of a dual-stack VNet, beside an IPv4
            # VTI) no route can put into it (review 2026-12-05: it made a healthy IPv4 tunnel "degraded")
            missing = [n for n in other.local_networks
                       if (carried is None or parse(n).version in carried) and self.routed(end, parse(n)) is None]
            if not missing:
                continue
            self.add(
                "ROUTE_MISSING",
                WARNING,
                "traffic",
                "%s %s has no route into the tunnel for %s behind %s, so traffic to %s follows another route "
                "(usually the default route to the internet) and never enters the tunnel."
                % (who(end), end.name, ", ".join(missing), who(other), "it" if len(missing) == 1 else "them"),
                {end.vendor: {"routed_networks": list(end.routed_networks), "missing": missing,
                              "tunnel_address": end.tunnel_address},
                 other.vendor: {"local_networks": list(other.local_networks)}},
                {end.vendor: [intent("route", network=n, next_hop=next_hop(end, other)) for n in missing]},
            )

    def _routes_nothing(self, end, other):
        """No route, no BGP, and the networks behind the peer unknown: nothing can enter the tunnel from this
        side, whatever those networks are (an Azure static connection whose local network gateway lists no
        prefix). Which networks to add is the user's to say, so no fix is offered."""
        self.add(
            "ROUTE_MISSING",
            WARNING,
            "traffic",
            "%s %s routes nothing into the tunnel and runs no BGP over it, so no traffic from behind %s enters it "
            "(the tunnel may come up and stay idle): route the networks behind %s into it."
            % (who(end), end.name, who(end), who(other)),
            {end.vendor: {"routed_networks": [], "tunnel_address": end.tunnel_address},
             other.vendor: {"local_networks": None}},
            {},
        )


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
