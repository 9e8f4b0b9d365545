# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ASA's IPv4/IPv6 routes as the config states them: connected interface networks and
static routes, looked up by longest prefix (a connected network wins over a static route for
the same prefix: administrative distance 0 against 1). Dynamic routes are not known here.

``lookup`` answers where the config means a destination to go, shut interfaces included (the
shutdown is a finding of its own); ``has_exact`` answers what the routing table holds now, so
routes of a shut interface do not count there.

A null0 route (config.NULL0) is in both: it is always installed (no interface to shut), so a BGP ``network`` it
backs is advertised; ``lookup`` answers (NULL0, line, "null0") for what it takes, a destination dropped, not an
interface that leads anywhere, and it is in no ``by_nameif``. For one prefix, a null0 route and a route through an
interface, or two interfaces: the lower distance is the one installed (a floating route as a backup; the guide's
"Static and Default Routes", config.NULL0's source), a tie goes to the interface (assumed), between interfaces to
the first line (assumed). IPv6 routes are not in this table (the BGP ``network`` statements modelled are IPv4)."""

import bisect
import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import NULL0


def printed_route(text):
    """(nameif, address, mask, gateway, distance) of a ``route`` line as the running config prints it, or None. The
    distance is 1 where the line has none (Cisco ASA command reference, ``route``)."""
    words = text.split()
    if words[:1] != ["route"] or len(words) < 5:
        return None
    return words[1], words[2], words[3], words[4], int(words[5]) if len(words) > 5 and words[5].isdigit() else 1


class RouteTable(object):
    def __init__(self, config):
        self.exact = {}  # (version, prefixlen, int network) -> (nameif, line or None, kind)
        self.installed = set()  # keys of routes whose interface is up
        self.by_nameif = {}  # nameif -> [StaticRoute] in config order
        down = {iface.nameif for iface in config.interfaces.values() if iface.shutdown and iface.nameif}
        for iface in config.interfaces.values():
            network = connected_network(iface)
            if network is not None:
                self.exact.setdefault(_key(network), (iface.nameif, None, "connected"))
                if not iface.shutdown:
                    self.installed.add(_key(network))
        self.down = down  # nameifs of shut interfaces: their routes are not installed
        self.tracked = set()  # lines of routes installed only while their track object is up ('track N')
        distance = {}  # key -> the distance of the static route ``exact`` holds there
        for route in config.routes:
            if route.network is None or route.tunneled:
                continue  # the parser reported the invalid line; a tunneled route is for decrypted traffic only
            if route.track is not None:
                self.tracked.add(route.line.line)
            key = _key(route.network)
            black_hole = route.interface == NULL0
            entry = (route.interface, route.line, "null0" if black_hole else "static")
            if not black_hole:
                self.by_nameif.setdefault(route.interface, []).append(route)
            if black_hole or route.interface not in down:
                self.installed.add(key)
            found = self.exact.get(key)
            if found is None:
                self.exact[key], distance[key] = entry, route.metric
            elif found[2] != "connected" and (route.metric < distance[key] or (
                    route.metric == distance[key] and found[2] == "null0" and not black_hole)):
                # the lower distance is installed, whatever the order of the lines (a floating static route, the
                # guide's "Static and Default Routes"); a tie between interfaces keeps the first line (assumed: the
                # guide's equal-cost routes are per interface), a tie with null0 goes to the interface
                self.exact[key], distance[key] = entry, route.metric

        # the prefix lengths the table holds, longest first: a lookup tries those only (a few, not 33 or 129)
        self._lengths = {}
        for version, length, _value in self.exact:
            self._lengths.setdefault(version, set()).add(length)
        self._lengths = {version: sorted(lengths, reverse=True) for version, lengths in self._lengths.items()}

        # IPv4 null0 routes by network address: black_holes_within finds those inside a route in log time
        self._null0 = sorted((r for r in config.routes if r.interface == NULL0 and r.network is not None
                              and r.network.version == 4), key=lambda r: int(r.network.network_address))
        self._null0_starts = [int(r.network.network_address) for r in self._null0]
        # the same for the IPv4 static routes through an interface (routes_within)
        self._through = sorted((r for r in config.routes if r.interface != NULL0 and r.network is not None
                                and r.network.version == 4 and not r.tunneled and r.interface not in down),
                               key=lambda r: int(r.network.network_address))
        self._through_starts = [int(r.network.network_address) for r in self._through]

    def black_holes_within(self, route, at_most=5):
        """Up to ``at_most`` + 1 null0 routes that take traffic ``route`` sends to its interface: inside its network
        and more specific (the longest prefix wins), or the same prefix at a lower distance (installed instead of it;
        a tie goes to the interface, as in ``exact``). A null0 route that contains ``route`` takes nothing from it."""
        network = route.network
        if network is None or network.version != 4 or not self._null0:
            return []
        found = []
        first = bisect.bisect_left(self._null0_starts, int(network.network_address))
        last = bisect.bisect_right(self._null0_starts, int(network.broadcast_address))
        for index in range(first, last):  # stops early: only same-prefix routes at a higher distance are skipped
            hole = self._null0[index]
            length = hole.network.prefixlen
            if length > network.prefixlen or (length == network.prefixlen and hole.metric < route.metric):
                found.append(hole)
                if len(found) > at_most:
                    break
        return found

    def routes_within(self, route, at_most=5, besides=()):
        """Up to ``at_most`` + 1 static routes through another interface that take traffic ``route`` sends to its
        own: inside its network and more specific (the longest prefix wins), or the same prefix at a lower distance,
        or at the same distance on an earlier line (installed instead of it, as in ``exact``)."""
        network = route.network
        if network is None or network.version != 4:
            return []
        return self.v4_routes_within(int(network.network_address), network.prefixlen, route.interface, route.metric,
                                     route.line.line, at_most, besides)

    def v4_routes_within(self, start, prefixlen, interface, metric=None, line=None, at_most=5, besides=()):
        """``routes_within`` for the IPv4 network ``start``/``prefixlen`` routed out of ``interface``; without
        ``metric`` only the longer prefixes count. Routes out of the nameifs ``besides`` are not counted (nor counted
        against ``at_most``), nor those of a shut interface."""
        found = []
        if not self._through:
            return found
        first = bisect.bisect_left(self._through_starts, start)
        last = bisect.bisect_right(self._through_starts, start | ((1 << (32 - prefixlen)) - 1))
        for index in range(first, last):
            other = self._through[index]
            if other.interface == interface or other.interface in besides:
                continue
            length = other.network.prefixlen
            if length > prefixlen or (metric is not None and length == prefixlen and (
                    other.metric < metric or (other.metric == metric and other.line.line < line))):
                found.append(other)
                if len(found) > at_most:
                    break
        return found

    def lookup(self, address):
        """(nameif, line or None, kind: connected, static or null0) of the longest prefix that contains
        ``address``, or None."""
        address = ipaddress.ip_address(address)
        found = self.installed_route(address.version, int(address), installed_only=False)
        return found[0] if found is not None else None

    def installed_route(self, version, value, installed_only=True):
        """(``lookup``'s answer, its prefix length) for the address whose integer is ``value``; with
        ``installed_only``, a route of a shut interface is passed over (the next longest prefix answers)."""
        bits = 32 if version == 4 else 128
        for length in self._lengths.get(version, ()):
            mask = ((1 << bits) - 1) ^ ((1 << (bits - length)) - 1)
            key = (version, length, value & mask)
            found = self.exact.get(key)
            if found is not None and (not installed_only or key in self.installed):
                return found, length
        return None

    def has_exact(self, network):
        return _key(network) in self.installed


def connected_network(iface):
    """The network an interface's address and mask put it on, or None."""
    if not iface.nameif or not iface.address or not iface.mask:
        return None
    try:
        return ipaddress.ip_network("%s/%s" % (iface.address, iface.mask), strict=False)
    except ValueError:
        return None


def _key(network):
    return (network.version, network.prefixlen, int(network.network_address))
