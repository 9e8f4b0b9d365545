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

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import PrefixIndex, overlaps, parse

SHOWN = 3  # overlaps named in a refusal


def _net(text):
    """The IPv4 prefix ``text`` names (prefixes.parse: remembered per text, plain IPv4 read by hand), or None (IPv6,
    unreadable: not judged here)."""
    try:
        net = parse(text)
    except ValueError:
        return None
    return net if net.version == 4 else None


class DeviceTraffic(object):
    """The traffic the tunnels of one ASA carry: each crypto map entry's pairs (by remote network) and what each
    tunnel sends to its remote networks."""

    def __init__(self, ends):
        self.pairs = PrefixIndex()  # a crypto map entry's remote network -> (its local networks, end, remote text)
        self.remotes = PrefixIndex()  # a remote network -> (end, text, net): where a tunnel's remote networks go
        for end in ends:
            ref = end.ref or {}
            if ref.get("kind") != "vti":
                # by its networks, not each pair (locals x remotes: 80,000 at 100k lines): an entry whose networks
                # meet a new pair's is taken to hold a pair that does, which refuses a fix more often, never less
                locals_ = [(net, text) for net, text in ((_net(t), t) for t in end.local_networks or ()) if net]
                for text in end.remote_networks or ():
                    remote = _net(text)
                    if remote is not None and locals_:
                        self.pairs.add(remote, (locals_, end, text))
            for text in (end.remote_networks if ref.get("kind") != "vti" else end.routed_networks) or ():
                net = _net(text)
                if net is not None:
                    self.remotes.add(net, (end, text, net))

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
            local, remote = _net(selector.local), _net(selector.remote)
            if local is None or remote is None:
                continue
            for other_locals, end, text in _meeting(self.pairs, remote):
                other = end.ref or {}
                if end is original or other.get("crypto_map") != ref.get("crypto_map") or other.get("seq") == ref.get(
                        "seq"):
                    continue
                met = next((local_text for net, local_text in other_locals if overlaps(local, net)), None)
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
            net = _net(text)
            if text in had or net is None:
                continue
            for end, other_text, other_net in _meeting(self.remotes, net):
                if end is original or (end.ref or {}).get("interface") == (original.ref or {}).get("interface"):
                    continue
                if (end.ref or {}).get("kind") == "vti" and not net.length > other_net.length:
                    # another VTI routes its network by a route of its own, which a route as long or shorter does not
                    # win (the same network: the two share it by distance, as an active-active pair's backup does)
                    continue
                told.append("a route for %s into %s takes the traffic %s sends to %s (peer %s)" % (
                    text, (original.ref or {}).get("interface") or original.name, end.name, other_text,
                    end.peer_address or "unknown"))
                if len(told) >= SHOWN:
                    break
            if len(told) >= SHOWN:
                break
        if not told:
            return None
        return ("not shown: %s (routing picks the longest match, and a crypto map or another tunnel acts only on what "
                "is routed to it)." % "; ".join(told))


def _meeting(index, net):
    """The items of every prefix of ``index`` that contains ``net`` or lies in it, as a generator: a caller that has
    found enough stops it."""
    for _key, items in index.overlapping(net):
        yield from items
