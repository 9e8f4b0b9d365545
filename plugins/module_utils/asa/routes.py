# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ASA's IPv4/IPv6 routes as the config states them: connected interface networks and
static routes, looked up by longest prefix (a connected network wins over a static route for
the same prefix: administrative distance 0 against 1). Dynamic routes are not known here.

``lookup`` answers where the config means a destination to go, shut interfaces included (the
shutdown is a finding of its own); ``has_exact`` answers what the routing table holds now, so
routes of a shut interface do not count there."""

import ipaddress


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
        for route in config.routes:
            if route.network is None:
                continue  # the parser reported the invalid line
            self.by_nameif.setdefault(route.interface, []).append(route)
            self.exact.setdefault(_key(route.network), (route.interface, route.line, "static"))
            if route.interface not in down:
                self.installed.add(_key(route.network))

    def lookup(self, address):
        """(nameif, line or None, kind) of the longest prefix that contains ``address``, or None."""
        address = ipaddress.ip_address(address)
        bits = address.max_prefixlen
        value = int(address)
        for length in range(bits, -1, -1):
            mask = ((1 << bits) - 1) ^ ((1 << (bits - length)) - 1)
            found = self.exact.get((address.version, length, value & mask))
            if found is not None:
                return found
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
