# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where tunnel traffic enters the ASA, for the NAT check (nat_index): a NAT rule applies to traffic entering
its real interface only (Cisco ASA command reference, ``nat``: the interfaces are "(real_ifc,mapped_ifc)";
``any`` means all). Tunnel traffic from a local network enters by the interface the ASA routes that network
to (``Ingress.ingress``): the longest prefix among the connected interfaces' networks (IPv4 and 'ipv6
address') and the static routes ('route', 'ipv6 route'); a default route says nothing about where a local
network sits, and dynamic routes are not in the config. A local network the routes split is judged per
part. Traffic may enter only by an interface that carries through traffic (``Ingress.entry_nameifs``: not
management-only, not shut down).

Plain Python, no Ansible import.
"""

import bisect

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import connected_network


class Ingress(object):
    """The config's routes by prefix (built on first use) and each local span's ingress, remembered."""

    def __init__(self, config):
        self.config = config
        self._routes = None  # ingress: {version: (sorted [(first, last, length, nameif)], their firsts)}, exact
        self._ingress = {}  # local span -> ingress
        self._nameifs = None  # entry_nameifs: the nameifs through traffic can enter by, sorted

    def _route_index(self):
        """The config's connected networks and static routes but default ones, by prefix: a connected
        network wins over a static route for the same prefix (administrative distance 0 against 1)."""
        exact = {}
        for iface in self.config.interfaces.values():
            networks = [connected_network(iface)]
            if iface.nameif:  # 'ipv6 address X/len' (Cisco ASA command reference): connected as well
                networks.extend(iface.ipv6_networks)
            for network in networks:
                if network is not None and network.prefixlen:
                    exact.setdefault((network.version, network.prefixlen, int(network.network_address)), iface.nameif)
        for route in self.config.routes + self.config.ipv6_routes:
            network = route.network
            if network is not None and network.prefixlen:
                exact.setdefault((network.version, network.prefixlen, int(network.network_address)), route.interface)
        by_version = {4: [], 6: []}
        for (version, length, first), nameif in exact.items():
            bits = 32 if version == 4 else 128
            by_version[version].append((first, first | ((1 << (bits - length)) - 1), length, nameif))
        routes, masks = {}, {}
        for version, found in by_version.items():
            found.sort(key=lambda route: (route[0], route[2]))  # a block before the blocks inside it
            routes[version] = (found, [route[0] for route in found])
            bits = 32 if version == 4 else 128
            masks[version] = [(length, ((1 << bits) - 1) ^ ((1 << (bits - length)) - 1))
                              for length in sorted({route[2] for route in found}, reverse=True)]
        self._routes = (routes, exact, masks)
        return self._routes

    def ingress(self, local):
        """[(span, nameif or None)]: the parts of ``local`` (a ``span_of``) by the interface the ASA routes
        them to (longest prefix; None: no route but a default one), as aligned blocks; ``[(local, nameif)]``
        when one interface takes all of it. Remembered per span."""
        found = self._ingress.get(local)
        if found is not None:
            return found
        routes, exact, masks = self._routes or self._route_index()
        version, first, last, length = local
        outer = None
        for prefix, mask in masks[version]:  # the routes' prefix lengths, longest first
            if prefix <= length:
                outer = exact.get((version, prefix, first & mask))
                if outer is not None:
                    break
        table, starts = routes[version]
        inner = [route for route in table[bisect.bisect_left(starts, first):bisect.bisect_right(starts, last)]
                 if route[2] > length]
        if not inner:
            found = self._ingress[local] = [(local, outer)]
            return found
        pieces = []  # [first, last, nameif], adjacent ones with the same nameif merged

        def add(start, end, nameif):
            if pieces and pieces[-1][2] == nameif and pieces[-1][1] + 1 == start:
                pieces[-1][1] = end
            else:
                pieces.append([start, end, nameif])

        stack, position = [(last, outer)], first  # prefixes nest: the innermost one open decides
        for start, end, _length, nameif in inner:
            while stack[-1][0] < start:
                top_end, top_nameif = stack.pop()
                if position <= top_end:
                    add(position, top_end, top_nameif)
                    position = top_end + 1
            if position < start:
                add(position, start - 1, stack[-1][1])
                position = start
            stack.append((end, nameif))
        while stack:
            top_end, top_nameif = stack.pop()
            if position <= top_end:
                add(position, top_end, top_nameif)
                position = top_end + 1
        if len(pieces) == 1:
            found = [(local, pieces[0][2])]
        else:
            found = [(block, nameif) for start, end, nameif in pieces for block in cut_blocks(((version, start, end),))]
        self._ingress[local] = found
        return found

    def entry_nameifs(self):
        """The nameifs through traffic can enter by, sorted: not a management-only interface (Cisco ASA general
        configuration guide, "Management Interface": no through traffic) nor a shut-down one."""
        if self._nameifs is None:
            self._nameifs = sorted(nameif for nameif, iface in self.config.nameifs().items()
                                   if not iface.management_only and not iface.shutdown)
        return self._nameifs


def cut_blocks(merged):
    """Sorted, disjoint (version, first, last) intervals (nat_index._merge's) cut into the largest aligned blocks
    (version, first, last, length): the blocks ``ipaddress.collapse_addresses`` makes of the networks (per
    version; that cut is unique), in integers: collapsing ipaddress objects was most of building the NAT index
    (issue 12)."""
    blocks = []
    for version, first, last in merged:
        bits = 32 if version == 4 else 128
        while first <= last:
            size = min((first & -first).bit_length() - 1 if first else bits, (last - first + 1).bit_length() - 1)
            blocks.append((version, first, first + (1 << size) - 1, bits - size))
            first += 1 << size
    return blocks
