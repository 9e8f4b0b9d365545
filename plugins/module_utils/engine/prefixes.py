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
_PARSED = PARSED = BoundedMemo(_PARSED_MAX)  # PARSED: read-only for callers (a text in it is a valid prefix)


def parse(cidr):
    """A CIDR (host bits allowed) as a Net; ValueError names the value that is not one."""
    found = _PARSED.get(cidr) if cidr.__class__ is str else None
    if found is not None:
        return found  # the engine asks this hundreds of thousands of times per check (issue 12)
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


# IPv4 "a.b.c.d/len" or "a.b.c.d" as ipaddress writes it (octets 0-255 without leading zeros, a length
# 0-32 without one): read straight into integers, the same values as ip_network(strict=False); anything
# else (IPv6, a netmask, a leading zero) goes to ipaddress. ip_network was most of a cold engine run
# (issue 12).
_OCTETS = {str(number): number for number in range(256)}
_LENGTHS = {str(number): number for number in range(33)}
_ALL_V4 = (1 << 32) - 1


def _plain_v4(cidr):
    address, slash, length = cidr.partition("/")
    parts = address.split(".")
    if len(parts) != 4:
        return None
    octets = _OCTETS
    try:
        number = (octets[parts[0]] << 24) | (octets[parts[1]] << 16) | (octets[parts[2]] << 8) | octets[parts[3]]
    except KeyError:
        return None
    length = _LENGTHS.get(length) if slash else 32
    if length is None:
        return None
    host = _ALL_V4 >> length
    return Net(4, number & ~host, number | host, length)


def _parse(cidr):
    plain = _plain_v4(cidr) if isinstance(cidr, str) else None
    if plain is not None:
        return plain
    try:
        parsed = network(cidr)
    except (TypeError, ValueError):
        raise ValueError("%r is not an IP prefix" % (cidr,))
    return Net(parsed.version, int(parsed.network_address), int(parsed.broadcast_address), parsed.prefixlen)


def plain_v4_address(address):
    """A plain dotted-quad IPv4 address text ("192.0.2.1", as ipaddress writes it) as its integer, else
    None (then ask ipaddress: IPv6, or not an address)."""
    if not isinstance(address, str) or "/" in address:
        return None
    net = _plain_v4(address)
    return None if net is None else net.start


def parse_address(address):
    """An address as a host Net, or None when it is not one."""
    try:
        return parse(ipaddress.ip_address(address))
    except ValueError:
        return None


def host_prefix(addr):
    """The /32 (or /128) of an address, as the adapters write it."""
    parsed = ipaddress.ip_address(addr)
    return "%s/%d" % (parsed, parsed.max_prefixlen)


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


def covers(cidr, address):
    """Whether prefix text ``cidr`` holds address text ``address``; False when either is not one."""
    host = parse_address(address)
    try:
        net = parse(cidr)
    except ValueError:
        return False
    return host is not None and net is not None and within(host, net)


class Coverage(object):
    """Networks (texts) merged into disjoint ranges per IP version once: ``missing`` then looks each prefix up in them
    (bisect), so that a selector fix of thousands of pairs against thousands of routes is judged in their logs, not one
    against the other (issue 12). Unreadable texts are left out; ``texts`` keeps the readable ones, each once."""

    def __init__(self, networks):
        spans, self.texts = {}, []
        for text in dict.fromkeys(networks or ()):
            try:
                net = parse(text)
            except ValueError:
                continue
            spans.setdefault(net.version, []).append((net.start, net.end))
            self.texts.append(text)
        self.ranges = {}
        for version, found in spans.items():
            found.sort()
            merged = [list(found[0])]
            for start, end in found[1:]:
                if start <= merged[-1][1] + 1:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
            self.ranges[version] = ([span[0] for span in merged], merged)

    def missing(self, prefixes, judged_versions=None):
        """The texts of ``prefixes`` these networks do not cover together; unreadable ones are left to others.
        ``judged_versions``: only prefixes of these IP versions are judged (None: every version)."""
        outside = []
        for text in prefixes:
            try:
                prefix = parse(text)
            except ValueError:
                continue
            if judged_versions is not None and prefix.version not in judged_versions:
                continue
            starts, spans = self.ranges.get(prefix.version, ((), ()))
            index = bisect.bisect_right(starts, prefix.start) - 1
            if index < 0 or spans[index][1] < prefix.end:
                outside.append(text)
        return outside


class Behind(object):
    """What an end may protect (``held``: what it reaches, and what its other tunnels protect) and what it reaches
    itself (``reached``), as Coverages; the proof's view of an end's networks (proof_behind.NetworksBehindChecks._not_behind)."""

    def __init__(self, held, reached=None):
        self.held = held
        self.reached = held if reached is None else reached


def uncovered(prefixes, networks):
    """The texts of ``prefixes`` that ``networks`` (texts) do not cover together (Coverage.missing)."""
    return Coverage(networks).missing(prefixes)


class PrefixIndex(object):
    """Prefixes with a value each; answers containment and overlap without a scan."""

    def __init__(self, items=()):
        self._by_key = {}
        # version -> sorted [(start, end, key)], made when ``inside`` is first asked (most indexes never
        # are: fewer objects kept, and the collector's next pass is shorter; issue 12)
        self._starts = None
        for net, value in items:
            self.add(net, value)

    def add(self, net, value):
        k = (net.version, net.start, net.length)
        values = self._by_key.get(k)
        if values is None:
            values = self._by_key[k] = []
            self._starts = None
        values.append(value)

    def __len__(self):
        return len(self._by_key)

    def containing(self, net):
        """(key, values) of every indexed prefix that contains ``net``, longest first."""
        for k in supernet_keys(net):
            values = self._by_key.get(k)
            if values is not None:
                yield k, values

    def _sorted_starts(self):
        if self._starts is None:
            starts = {}
            for k in self._by_key:
                version, start, length = k
                starts.setdefault(version, []).append((start, start | ((1 << (_bits(version) - length)) - 1), k))
            for entries in starts.values():
                entries.sort()
            self._starts = starts
        return self._starts

    def inside(self, net):
        """(key, values) of every indexed prefix inside ``net`` (``net`` itself included)."""
        entries = self._sorted_starts().get(net.version, [])
        i = bisect.bisect_left(entries, (net.start, -1, ()))
        while i < len(entries) and entries[i][0] <= net.end:
            _start, end, k = entries[i]
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


# Addresses a host reaches the internet from only through NAT: RFC 1918 private space and RFC 6598 shared (carrier-
# grade NAT) space. Not ipaddress's is_private, which counts the documentation ranges (RFC 5737) as well.
_NAT_ONLY = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"))


def behind_nat(address):
    """Whether ``address`` (text) is one a device can only be reached at through NAT; False for anything else,
    including text that is no IPv4 address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return parsed.version == 4 and any(parsed in n for n in _NAT_ONLY)
