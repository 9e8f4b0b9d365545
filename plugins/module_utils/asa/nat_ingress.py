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
management-only, not shut down). An interface whose IPv6 networks the text does not state ('ipv6 address
autoconfig', 'dhcp', a delegated prefix: Interface.ipv6_unknown) may be on a longer prefix than the route that
decides, so it is a possible ingress for an IPv6 local network unless a known route decides (``Ingress.possible``).
A null0 route (config.NULL0) is no ingress: traffic does not enter from it, and the hosts of what it takes are
behind routes the config does not state, so that part enters by an interface not known (None, as with no route);
for one prefix, a route through an interface says more about where its hosts are than a null0 route, so it decides.

Plain Python, no Ansible import.
"""

import bisect
import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import NULL0
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import connected_network


def network_text_of(version, first, length):
    """The CIDR text of a prefix (version, first address as an integer, length)."""
    make = ipaddress.IPv4Network if version == 4 else ipaddress.IPv6Network
    return str(make((first, length)))


class Ingress(object):
    """The config's routes by prefix (built on first use) and each local span's ingress, remembered."""

    def __init__(self, config):
        self.config = config
        self._routes = None  # ingress: {version: (sorted [(first, last, length, nameif)], their firsts)}, exact
        self._ingress = {}  # local span -> ingress
        self._nameifs = None  # entry_nameifs: the nameifs through traffic can enter by, sorted
        # IPv6 networks the text does not state (Interface.ipv6_unknown): [(nameif, their prefix length or None:
        # any, lines)] of the interfaces through traffic enters by; the connected IPv6 prefixes; possible's parts
        self._unknown6, self._connected6, self._possible = [], set(), {}

    @classmethod
    def from_facts(cls, items):
        """An Ingress from an ASA facts' ``ingress`` (``facts``): where the check runs on facts, without the config, a
        fix's new local networks are placed as the NAT check places its selectors (review I, defect 2)."""
        self = cls(None)
        exact, nameifs = {}, []
        for item in items:
            word, _sep, rest = item.partition(" ")
            if word == "entry":
                nameifs.append(rest)
                continue
            if word == "ipv6-unknown":
                nameif, _sep, length = rest.partition(" ")
                self._unknown6.append((nameif, None if length == "any" else int(length), []))
                continue
            text, _sep, nameif = rest.partition(" ")
            network = ipaddress.ip_network(text, strict=False)
            key = (network.version, network.prefixlen, int(network.network_address))
            exact[key] = None if nameif == "-" else nameif
            if word == "connected" and network.version == 6:
                self._connected6.add(key)
        self._nameifs = sorted(nameifs)
        self._index(exact)
        return self

    def facts(self):
        """What ``from_facts`` reads, as strings, once per device (linear in the connected networks and static routes):
        "route|connected <prefix> <nameif>" ("-": none, as an interface without one), "entry <nameif>" (entry_nameifs),
        "ipv6-unknown <nameif> <length>|any" (an interface whose IPv6 networks the text does not state)."""
        _routes, exact, _masks = self._routes or self._route_index()
        found = ["%s %s %s" % ("connected" if key in self._connected6 else "route",
                               network_text_of(key[0], key[2], key[1]), "-" if nameif is None else nameif)
                 for key, nameif in exact.items()]
        found += ["entry %s" % nameif for nameif in self.entry_nameifs()]
        found += ["ipv6-unknown %s %s" % (nameif, "any" if length is None else length)
                  for nameif, length, _lines in self._unknown6]
        return found

    def _route_index(self):
        """The config's connected networks and static routes but default ones, by prefix: a connected
        network wins over a static route for the same prefix (administrative distance 0 against 1)."""
        exact = {}
        entering = None
        for iface in self.config.interfaces.values():
            networks = [connected_network(iface)]
            if iface.nameif:  # 'ipv6 address X/len' (Cisco ASA command reference): connected as well
                networks.extend(iface.ipv6_networks)
                if iface.ipv6_unknown:
                    entering = self.entry_nameifs() if entering is None else entering
                    if iface.nameif in entering:
                        lengths = [length for _line, length in iface.ipv6_unknown]
                        self._unknown6.append((iface.nameif, None if None in lengths else max(lengths),
                                               [line for line, _length in iface.ipv6_unknown]))
            for network in networks:
                if network is not None and network.prefixlen:
                    key = (network.version, network.prefixlen, int(network.network_address))
                    exact.setdefault(key, iface.nameif)
                    if network.version == 6:
                        self._connected6.add(key)
        routes = self.config.routes + self.config.ipv6_routes
        for route in [r for r in routes if r.interface != NULL0] + [r for r in routes if r.interface == NULL0]:
            network = route.network
            if network is not None and network.prefixlen:
                exact.setdefault((network.version, network.prefixlen, int(network.network_address)), route.interface)
        return self._index(exact)

    def _index(self, exact):
        """The route index (``_route_index``) of ``exact``: {(version, length, first): nameif}."""
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
        if local[0] == 6 and self._unknown6:
            pieces = self._pieces(local, routes, exact, masks, self._label6)
            # the parts an interface of unknown networks may take too (possible), then the routes' parts alone
            labelled = any(piece[2].__class__ is tuple for piece in pieces)
            self._possible[local] = _blocks(local, pieces) if labelled else None
            if labelled:
                merged = []
                for start, end, nameif in pieces:
                    nameif = nameif[0] if nameif.__class__ is tuple else nameif
                    if merged and merged[-1][2] == nameif and merged[-1][1] + 1 == start:
                        merged[-1][1] = end
                    else:
                        merged.append([start, end, nameif])
                pieces = merged
        else:
            pieces = self._pieces(local, routes, exact, masks)
        found = self._ingress[local] = _blocks(local, pieces)
        return found

    def possible(self, local):
        """The parts of an IPv6 ``local`` as ``ingress`` cuts them, and finer where an interface whose IPv6 networks the
        text does not state (``ipv6 address autoconfig``, ``dhcp``, a delegated prefix) may hold a longer prefix than
        the route that decides: [(span, nameif or None or a tuple (the nameif routed to, the interfaces it may enter by
        instead))]; None when no part may (always for IPv4)."""
        if local[0] != 6:
            return None
        if local not in self._ingress:
            self.ingress(local)
        return self._possible.get(local)

    def _label6(self, nameif, length, first):
        """``nameif``, the interface a route of ``length`` at ``first`` sends an IPv6 part to, or (nameif, the
        interfaces of unknown networks that may hold a longer prefix of it). Such a network of a known length L
        is passed over by a static route longer than L (longest prefix); any unknown network, of any length, by a
        prefix stated as connected on an interface (assumed: one prefix is on-link on one interface only, the same
        prefix on two links being a misconfiguration of its own; not verified for a prefix learned from router
        advertisements)."""
        if nameif is None:
            return None  # no route: any interface already (nat_index._alternatives)
        if (6, length, first) in self._connected6:
            return nameif  # stated on-link there: one prefix is on one link, whatever another link may learn
        extra = tuple(other for other, unknown, _lines in self._unknown6 if other != nameif and (
            unknown is None or length <= unknown))
        return (nameif,) + extra if extra else nameif

    def _pieces(self, local, routes, exact, masks, label=None):
        """[[first, last, nameif]] of ``local`` by the longest prefix, adjacent ones with the same nameif merged;
        ``label`` (IPv6 with networks not stated): what stands for a route's nameif (_label6)."""
        version, first, last, length = local
        outer = None
        for prefix, mask in masks[version]:  # the routes' prefix lengths, longest first
            if prefix <= length:
                outer = exact.get((version, prefix, first & mask))
                if outer is not None:
                    if outer == NULL0:
                        outer = None  # dropped: enters by an interface not known
                    elif label is not None:
                        outer = label(outer, prefix, first & mask)
                    break
        table, starts = routes[version]
        inner = [route for route in table[bisect.bisect_left(starts, first):bisect.bisect_right(starts, last)]
                 if route[2] > length]
        if not inner:
            return [[first, last, outer]]
        pieces = []  # [first, last, nameif], adjacent ones with the same nameif merged

        def add(start, end, nameif):
            if pieces and pieces[-1][2] == nameif and pieces[-1][1] + 1 == start:
                pieces[-1][1] = end
            else:
                pieces.append([start, end, nameif])

        stack, position = [(last, outer)], first  # prefixes nest: the innermost one open decides
        for start, end, route_length, nameif in inner:
            while stack[-1][0] < start:
                top_end, top_nameif = stack.pop()
                if position <= top_end:
                    add(position, top_end, top_nameif)
                    position = top_end + 1
            if position < start:
                add(position, start - 1, stack[-1][1])
                position = start
            stack.append((end, None if nameif == NULL0 else nameif if label is None else label(nameif, route_length, start)))
        while stack:
            top_end, top_nameif = stack.pop()
            if position <= top_end:
                add(position, top_end, top_nameif)
                position = top_end + 1
        return pieces

    def unknown_networks(self, local_text, possible):
        """(why, lines, remediation, ``possible``) for a NAT verdict left undecided because the local network
        ``local_text`` may enter by ``possible[1:]``, interfaces whose IPv6 networks the text does not state, rather
        than by ``possible[0]``, where the routes send it."""
        noted = {nameif: (length, lines) for nameif, length, lines in self._unknown6}
        named, fixes = [], []
        for nameif in possible[1:]:
            length, lines = noted[nameif]
            named.append("%s (%s)" % (nameif, ", ".join("line %d '%s'" % (line.line, line.text) for line in lines)))
            fix = "give %s its IPv6 prefix ('ipv6 address <prefix>/<length>')" % nameif
            if length is not None:
                fix += " or route %s to its interface by static routes longer than /%d ('ipv6 route <nameif> " \
                       "<prefix>/<length> <gateway>')" % (local_text, length)
            fixes.append(fix)
        why = ("the routes send %s to %s, but %s, whose IPv6 networks the text does not state, may be on a longer "
               "prefix that takes it or part of it" % (local_text, possible[0], " or ".join(named)))
        lines = [line for nameif in possible[1:] for line in noted[nameif][1]]
        remediation = ["! %s, or check by hand that NAT leaves the tunnel traffic from %s untranslated"
                       % ("; ".join(fixes), local_text)]
        return why, lines, remediation, possible

    def entry_nameifs(self):
        """The nameifs through traffic can enter by, sorted: not a management-only interface (Cisco ASA general
        configuration guide, "Management Interface": no through traffic) nor a shut-down one."""
        if self._nameifs is None:
            self._nameifs = sorted(nameif for nameif, iface in self.config.nameifs().items()
                                   if not iface.management_only and not iface.shutdown)
        return self._nameifs


def _blocks(local, pieces):
    """Ingress.ingress's answer from _pieces: [(local, nameif)] for one piece, else the pieces' aligned blocks."""
    if len(pieces) == 1:
        return [(local, pieces[0][2])]
    version = local[0]
    return [(block, nameif) for start, end, nameif in pieces for block in cut_blocks(((version, start, end),))]


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
