# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prefixes parsed once into integers, and indexes that answer "which of these
contains / overlaps that" by walking the (at most 33 or 129) supernets of one
prefix instead of comparing it with every entry: the checks stay linear in the
number of selectors and prefixes.
"""

import bisect
import ipaddress
from collections import namedtuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.memo import BoundedMemo
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import network_of

# version, first address, last address, prefix length (as integers)
Net = namedtuple("Net", "version start end length")


# A Net per prefix text: the engine asks for the same selector and network strings again for every
# tunnel, rekey and proof, and ipaddress.ip_network was most of its time (issue 12). Bounded, so a
# long-lived process does not keep every prefix it ever saw.
_PARSED_MAX = 1 << 17
_PARSED = BoundedMemo(_PARSED_MAX)


def parse(cidr):
    """A CIDR (host bits allowed) as a Net; ValueError names the value that is not one."""
    if isinstance(cidr, str):
        return _PARSED.get_or_make(cidr, _parse)
    return _parse(cidr)


_STRICT_NETWORKS = BoundedMemo(_PARSED_MAX)


def network(cidr, strict=False):
    """``ipaddress.ip_network(cidr, strict=strict)``, remembered per text (the renderers, the evidence and
    the alignment parse the same selector strings for every finding and proof; issue 12). Raises what
    ip_network raises (a failure is not remembered). Not strict: the model's memo, shared."""
    if not isinstance(cidr, str):
        return ipaddress.ip_network(cidr, strict=strict)
    if not strict:
        return network_of(cidr)
    return _STRICT_NETWORKS.get_or_make(cidr, lambda text: ipaddress.ip_network(text, strict=True))


_NORMALIZED = BoundedMemo(_PARSED_MAX)


def normalized(cidr):
    """``str(network(cidr))``: the prefix as ipaddress writes it (host bits cleared), remembered per text."""
    if not isinstance(cidr, str):
        return str(network(cidr))
    return _NORMALIZED.get_or_make(cidr, lambda text: str(network(text)))


def _parse(cidr):
    try:
        parsed = network(cidr)
    except (TypeError, ValueError):
        raise ValueError("%r is not an IP prefix" % (cidr,))
    return Net(parsed.version, int(parsed.network_address), int(parsed.broadcast_address), parsed.prefixlen)


def parse_address(address):
    """An address as a host Net, or None when it is not one."""
    try:
        return parse(ipaddress.ip_address(address))
    except ValueError:
        return None


def _bits(version):
    return 32 if version == 4 else 128


def key(net):
    return (net.version, net.start, net.length)


def supernet_keys(net):
    """Keys of ``net`` and of every prefix that contains it, longest first."""
    bits = _bits(net.version)
    for length in range(net.length, -1, -1):
        mask = ((1 << bits) - 1) ^ ((1 << (bits - length)) - 1)
        yield (net.version, net.start & mask, length)


def text(net):
    cls = ipaddress.IPv4Network if net.version == 4 else ipaddress.IPv6Network
    return str(cls((net.start, net.length)))


def within(inner, outer):
    return inner.version == outer.version and outer.start <= inner.start and inner.end <= outer.end


def overlaps(a, b):
    return a.version == b.version and a.start <= b.end and b.start <= a.end


class PrefixIndex(object):
    """Prefixes with a value each; answers containment and overlap without a scan."""

    def __init__(self, items=()):
        self._by_key = {}
        self._starts = {}  # version -> sorted [(start, end, key)]
        for net, value in items:
            self.add(net, value)
        self._sorted = False

    def add(self, net, value):
        k = key(net)
        if k not in self._by_key:
            self._by_key[k] = []
            self._starts.setdefault(net.version, []).append((net.start, net.end, k))
        self._by_key[k].append(value)
        self._sorted = False

    def __len__(self):
        return len(self._by_key)

    def containing(self, net):
        """(key, values) of every indexed prefix that contains ``net``, longest first."""
        for k in supernet_keys(net):
            values = self._by_key.get(k)
            if values is not None:
                yield k, values

    def inside(self, net):
        """(key, values) of every indexed prefix inside ``net`` (``net`` itself included)."""
        if not self._sorted:
            for entries in self._starts.values():
                entries.sort()
            self._sorted = True
        entries = self._starts.get(net.version, [])
        i = bisect.bisect_left(entries, (net.start, -1, ()))
        while i < len(entries) and entries[i][0] <= net.end:
            start, end, k = entries[i]
            if end <= net.end:
                yield k, self._by_key[k]
            i += 1

    def overlapping(self, net):
        """(key, values) of every indexed prefix that overlaps ``net``: its supernets, then its subnets."""
        seen = set()
        for k, values in self.containing(net):
            seen.add(k)
            yield k, values
        for k, values in self.inside(net):
            if k not in seen:
                yield k, values
