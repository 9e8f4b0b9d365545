# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a fix that gives an ASA tunnel new traffic takes it from another tunnel of the same ASA.

- A crypto map's entries are matched in sequence order, the first whose ACL matches protects the packet (Cisco ASA
  configuration guide, "Configuring IPsec and ISAKMP"; the crypto map entry order check, crypto_map_order.py). A pair
  added to one entry's ACL that overlaps a pair of another entry of the same map takes that traffic from the later of
  the two: from the other tunnel when this entry comes first, else the new pair is never this tunnel's.
- A VTI carries what is routed into it, and routing picks the longest match; a crypto map acts only on what leaves
  the interface it is bound to. A route into a VTI for a network a crypto map entry protects (its remote networks,
  whatever route takes them out today), or for a part of a network another VTI routes, takes that traffic into this
  VTI.

Review 2026-12-04: a "proven" ACL fix of /12 on entry 10 took a partner entry's /24, and a /12 route into the Azure
VTI took a crypto map partner's traffic; each proof had checked the tunnel itself only. ``DeviceTraffic`` indexes the
pairs and routes of one ASA once, so a hub's fixes are judged without a pass over every tunnel each.
"""

import socket
import struct

SHOWN = 3  # overlaps named in a refusal
_SPANS = {}  # prefix text -> its span or None: the same networks recur on every tunnel of a hub (issue 12)
_SPANS_MAX = 1 << 18


def _span(text):
    """(first, last address as integers, prefix length) of an IPv4 prefix as the model writes it ("10.1.0.0/16"), or
    None (IPv6, unreadable: not judged here). Read by hand, not by ipaddress: an index of a 100k-line ASA reads
    130,000 of them."""
    found = _SPANS.get(text)
    if found is not None or text in _SPANS:
        return found
    address, _slash, length = text.partition("/") if isinstance(text, str) else ("", "", "")
    try:
        bits = int(length) if length else 32
        first = struct.unpack("!I", socket.inet_aton(address))[0] if address.count(".") == 3 and 0 <= bits <= 32 \
            else None
    except (OSError, ValueError):
        first = None
    if first is not None:
        mask = ((1 << bits) - 1) << (32 - bits) if bits else 0
        first &= mask
        found = (first, first | (~mask & 0xFFFFFFFF), bits)
    if len(_SPANS) < _SPANS_MAX:
        _SPANS[text] = found
    return found


def _meet(a, b):
    return a[0] <= b[1] and b[0] <= a[1]


class _PrefixIndex(object):
    """IPv4 prefixes -> their items; ``meeting(span)`` gives the items of every prefix that contains the span or lies
    in it (CIDR prefixes are nested or apart): one look-up per prefix length above it, a range below."""

    def __init__(self):
        self.by_prefix = {}
        self.starts = None
        self.items = []

    def add(self, span, item):
        self.by_prefix.setdefault((span[0], span[2]), []).append(item)
        self.items.append((span[0], span[1], item))

    def meeting(self, span):
        """The items, as a generator: a caller that has found enough stops it."""
        if self.starts is None:
            self.items.sort(key=lambda entry: (entry[0], entry[1]))
            self.starts = [entry[0] for entry in self.items]
        for length in range(span[2] + 1):  # prefixes that contain it
            mask = ((1 << length) - 1) << (32 - length) if length else 0
            yield from self.by_prefix.get((span[0] & mask, length), ())
        low = _bisect_left(self.starts, span[0])
        for first, last, item in self.items[low:]:  # prefixes inside it (not itself: given above)
            if first > span[1]:
                break
            if last <= span[1] and (first, last) != (span[0], span[1]):
                yield item


def _bisect_left(values, value):
    low, high = 0, len(values)
    while low < high:
        middle = (low + high) // 2
        if values[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low


class DeviceTraffic(object):
    """The traffic the tunnels of one ASA carry: each crypto map entry's pairs (by remote network) and what each
    tunnel sends to its remote networks."""

    def __init__(self, ends):
        self.pairs = _PrefixIndex()  # a crypto map entry's remote network span -> (its local spans, end, remote text)
        self.remotes = _PrefixIndex()  # remote span -> end: where a tunnel's remote networks go
        for end in ends:
            ref = end.ref or {}
            if ref.get("kind") != "vti":
                # by its networks, not each pair (locals x remotes: 80,000 at 100k lines): an entry whose networks
                # meet a new pair's is taken to hold a pair that does, which refuses a fix more often, never less
                locals_ = [(span, text) for span, text in ((_span(t), t) for t in end.local_networks or ()) if span]
                for text in end.remote_networks or ():
                    remote = _span(text)
                    if remote is not None and locals_:
                        self.pairs.add(remote, (locals_, end, text))
            for text in (end.remote_networks if ref.get("kind") != "vti" else end.routed_networks) or ():
                span = _span(text)
                if span is not None:
                    self.remotes.add(span, (end, text, span))

    def taken_by(self, original, fixed):
        """Why the fix that makes ``original`` into ``fixed`` takes another tunnel's traffic, or None."""
        ref = original.ref or {}
        if ref.get("kind") == "vti":
            return self._routes_taken(original, fixed)
        return self._pairs_taken(original, fixed)

    def _pairs_taken(self, original, fixed):
        ref = original.ref or {}
        had = {(s.local, s.remote) for s in original.traffic_selectors or ()}
        told = []
        for selector in fixed.traffic_selectors or ():
            if (selector.local, selector.remote) in had:
                continue
            local, remote = _span(selector.local), _span(selector.remote)
            if local is None or remote is None:
                continue
            for other_locals, end, text in self.pairs.meeting(remote):
                other = end.ref or {}
                if end is original or other.get("crypto_map") != ref.get("crypto_map") or other.get("seq") == ref.get(
                        "seq"):
                    continue
                met = next((local_text for span, local_text in other_locals if _meet(local, span)), None)
                if met is None:
                    continue
                first = ref.get("seq", 0) < other.get("seq", 0)
                told.append("the new pair %s -> %s meets the pair %s -> %s of crypto map entry %s %s (peer %s), %s" % (
                    selector.local, selector.remote, met, text, other.get("crypto_map"), other.get("seq"),
                    end.peer_address or "unknown",
                    "which comes after this entry: the ASA would send that tunnel's traffic to this peer" if first else
                    "which comes before this entry and keeps that traffic"))
                if len(told) >= SHOWN:
                    break
        if not told:
            return None
        return "not shown: %s (crypto map entries are matched in sequence order, the first match wins)." % "; ".join(
            told)

    def _routes_taken(self, original, fixed):
        had = set(original.routed_networks or ())
        told = []
        for text in fixed.routed_networks or ():
            span = _span(text)
            if text in had or span is None:
                continue
            for end, other_text, other_span in self.remotes.meeting(span):
                if end is original or (end.ref or {}).get("interface") == (original.ref or {}).get("interface"):
                    continue
                if (end.ref or {}).get("kind") == "vti" and not (span[2] > other_span[2]):
                    # another VTI routes its network by a route of its own, which a route as long or shorter does not
                    # win (the same network: the two share it by distance, as an active-active pair's backup does)
                    continue
                told.append("a route for %s into %s takes the traffic %s sends to %s (peer %s)" % (
                    text, (original.ref or {}).get("interface") or original.name, end.name, other_text,
                    end.peer_address or "unknown"))
                if len(told) >= SHOWN:
                    break
        if not told:
            return None
        return ("not shown: %s (routing picks the longest match, and a crypto map or another tunnel acts only on what "
                "is routed to it)." % "; ".join(told))
