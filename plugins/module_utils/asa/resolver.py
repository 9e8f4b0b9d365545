# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Name resolution for the ASA adapter: network objects, object-groups, ACE and NAT operands."""

import ipaddress
import socket
import struct

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import FAST_IPV4, ipv4_int, ipv4_network

ANY_NETWORKS = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


_NTOA = socket.inet_ntoa
_IPv4Network = ipaddress.IPv4Network
_HOSTMASKS = tuple((1 << (32 - length)) - 1 for length in range(33))
_SLASH_LENGTH = tuple("/%d" % length for length in range(33))
_PACK_V4 = struct.Struct(">I").pack
_NOT_YET = object()  # a group not expanded yet (None: expanded, undecidable)


def span_of(network):
    """(version, first address, last address, prefix length) of an ipaddress network, as integers."""
    first, length = int(network.network_address), network.prefixlen
    return network.version, first, first | ((1 << (network.max_prefixlen - length)) - 1), length


_ANY_SPANS = tuple(span_of(network) for network in ANY_NETWORKS)


class Resolver(object):
    """Expands network objects and object-groups to lists of networks; None = undecidable
    (undefined, fqdn, invalid). Memoised; cycles are cut (the parser reported them)."""

    def __init__(self, config, nameifs):
        self.config = config
        self.objects = config.objects
        self.nameifs = nameifs
        self.groups = {}
        # id(network) -> (str(network), span_of(network), network); id(list) -> (list, its infos).
        # Object-groups expand to the same network objects many times, and an ipaddress network
        # hashes and prints in Python (issue 12). The object is kept in the value, so that its id
        # stays its own while this resolver lives.
        self._infos = {}
        self._lists = {}
        self._single = {}  # id(network) -> (network, [network]): operand's list of one written network

    def info_of(self, network):
        """(text, span, network): ``str(network)`` and ``span_of(network)``, remembered per object."""
        info = self._infos.get(id(network))
        if info is None:
            if network.__class__ is _IPv4Network and FAST_IPV4:
                # the attributes behind network_address/prefixlen, as values.FAST_IPV4 found them (issue 12)
                first, length = network.network_address._ip, network._prefixlen  # pylint: disable=protected-access
                span = (4, first, first | _HOSTMASKS[length], length)
                text = _NTOA(_PACK_V4(first)) + _SLASH_LENGTH[length]  # str(network), in C
            else:
                span = span_of(network)
                if span[0] == 4:
                    text = "%s/%d" % (_NTOA(span[1].to_bytes(4, "big")), span[3])
                else:
                    text = str(network)
            info = self._infos[id(network)] = (text, span, network)
        return info

    def infos_of(self, networks):
        """``info_of`` of each network of a list the resolver returned, remembered per list."""
        found = self._lists.get(id(networks))
        if found is None:
            found = self._lists[id(networks)] = (networks, [self.info_of(n) for n in networks])
        return found[1]

    def named(self, name):
        if name in self.config.objects:
            return self.object(name)
        if name in self.config.object_groups:
            return self.group(name)
        return None

    def object(self, name):
        obj = self.objects.get(name)
        return None if obj is None or obj.networks is None else obj.networks

    def group(self, name):
        groups = self.groups
        found = groups.get(name, _NOT_YET)
        if found is not _NOT_YET:
            return found
        object_groups = self.config.object_groups
        if name not in object_groups:
            return None
        # Most groups nest none not expanded yet: combined at once, without the walk (issue 12)
        found = self._combine(object_groups[name], (name,), True)
        if found is not _NOT_YET:
            groups[name] = found
            return found
        stack, on_path = [(name, iter(object_groups[name].members))], {name}
        while stack:  # post-order walk without recursion: nesting depth is unbounded in input
            current, members = stack[-1]
            for member in members:  # on to the next nested group not expanded yet
                if member.kind == "group":
                    child = member.value
                    if child in object_groups and child not in groups and child not in on_path:
                        on_path.add(child)
                        found = self._combine(object_groups[child], on_path, True)
                        if found is not _NOT_YET:  # it nests none not expanded yet: no walk over its members
                            groups[child] = found
                            on_path.discard(child)
                            continue
                        stack.append((child, iter(object_groups[child].members)))
                        break
            else:
                groups[current] = self._combine(object_groups[current], on_path)
                on_path.discard(current)
                stack.pop()
        return groups[name]

    def _combine(self, group, on_path, leaf_only=False):
        """The group's networks, one per value, in order; None if one is undecidable. ``leaf_only``:
        _NOT_YET instead when it nests an object-group not expanded yet (the walk expands those
        first, even when the answer is None: expanding them is not left to a later, other walk)."""
        infos = {}  # span -> info_of the first network with it: one per value, in order
        info_of, add = self.info_of, infos.setdefault
        fast = FAST_IPV4
        for member in group.members:
            kind = member.kind
            if kind == "network":
                network = member.network
                if network is None:
                    return self._undecidable(group, on_path, leaf_only)
                if fast and network.__class__ is _IPv4Network:
                    # info_of, inline for the members of the many groups, and not remembered per network: a
                    # member's network is its own, reached again only through this group's list (issue 12:
                    # 29k members at 100k lines, the memo never hit)
                    first, length = network.network_address._ip, network._prefixlen  # pylint: disable=protected-access
                    info = (_NTOA(_PACK_V4(first)) + _SLASH_LENGTH[length],
                            (4, first, first | _HOSTMASKS[length], length), network)
                else:
                    info = info_of(network)
                add(info[1], info)
                continue
            if kind == "object":
                found = self.object(member.value)
            elif member.value in on_path:
                continue  # cycle edge
            else:
                found = self.groups.get(member.value, _NOT_YET)
                if found is _NOT_YET:
                    if leaf_only and member.value in self.config.object_groups:
                        return _NOT_YET
                    found = None
            if found is None:
                return self._undecidable(group, on_path, leaf_only)
            for info in self.infos_of(found):
                add(info[1], info)
        # the list's infos_of is known here: remembered now, not looked up network by network later
        infos = list(infos.values())
        networks = [info[2] for info in infos]
        self._lists[id(networks)] = (networks, infos)
        return networks

    def _undecidable(self, group, on_path, leaf_only):
        """None; for ``leaf_only``, _NOT_YET while the group nests an object-group not expanded yet."""
        if leaf_only:
            for member in group.members:
                value = member.value
                if (member.kind == "group" and value not in on_path and value not in self.groups
                        and value in self.config.object_groups):
                    return _NOT_YET
        return None

    def operand(self, operand):
        if operand.kind in ("any", "network"):
            # one list per network, as for an object: infos_of then finds it remembered (the parser shares one
            # network for every "any" operand; a new list per ACE was an infos_of miss, kept in its memo)
            network = operand.network
            found = self._single.get(id(network))
            if found is None:
                found = self._single[id(network)] = (network, [network])
            return found[1]
        if operand.kind == "object":
            return self.object(operand.value)
        if operand.kind == "group":
            return self.group(operand.value)
        if operand.kind == "interface":
            iface = self.nameifs.get(operand.value)
            if iface is None or iface.address is None:
                return None
            return [ipaddress.ip_network(iface.address)]
        return None

    def nat_spans(self, token):
        """``nat_operand``'s networks as their ``span_of`` (a new list), None or the marker string. An
        address written in the rule is read to its span without a network or a text (issue 12)."""
        if token == "any":
            return list(_ANY_SPANS)
        if token == "interface" or token.startswith("pat-pool:"):
            return token
        address = self.config.names.get(token, token)
        if ":" in address or address[:1].isdigit():
            number = ipv4_int(address)
            if number is not None:  # what ip_network makes of an IPv4 address
                return [(4, number, number, 32)]
            try:
                return [span_of(ipaddress.ip_network(address))]
            except ValueError:
                pass
        found = self.named(token)
        return None if found is None else [info[1] for info in self.infos_of(found)]

    def nat_operand(self, token):
        """A NAT operand: list of networks, None (undecidable) or a marker string."""
        if token == "any":
            return list(ANY_NETWORKS)
        if token == "interface" or token.startswith("pat-pool:"):
            return token
        address = self.config.names.get(token, token)
        if ":" not in address and not address[:1].isdigit():
            return self.named(token)  # no IPv4 or IPv6 text: skip ipaddress's costly refusal (issue 12)
        number = ipv4_int(address)
        if number is not None:  # what ip_network makes of an IPv4 address, without its text parsing
            return [ipv4_network(number, 32)]
        try:
            return [ipaddress.ip_network(address)]
        except ValueError:
            return self.named(token)
