# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crypto map entries in the order the ASA reads them: an outbound packet is matched against the entries of the
interface's crypto map by sequence number, lowest first, and the first entry whose ACL permits it protects it (Cisco
ASA 5500 Series Configuration Guide using the CLI, Configuring IPsec and ISAKMP: a permit match halts "further
evaluation ... against the remaining ACEs in the crypto map set"; the sequence number "determines its position in the
evaluation sequence"). So an entry to another peer whose ACL takes some of a later entry's pairs sends that traffic to
its own peer: the later tunnel may come up (the peer's offers are answered by the matching entry), but the traffic
from behind the ASA for those pairs never enters it. Review 2026-12-04: such a tunnel passed.

A deny ACE is the opposite: traffic it matches "resume[s] evaluation against the ACEs in the next crypto map"
(same guide, "Cascading ACLs"), so a deny before an earlier entry's permit hands that traffic on to the later
entries rather than taking it (review 2026-12-07: a 'deny ip <site> <Azure>' ahead of a branch entry's
'permit ip <site> any4', the guide's own pattern, made the Azure tunnel behind it fail).

Found in one sweep over the selectors by their remote networks (a hub's entries share the local network and
differ in the remote one), so the pairs compared are those whose remote networks overlap, not every two entries.
"""

import heapq

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_acl_cascade import ip_denies_before
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import parse
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING


def shadowed_entries(ctx, ends):
    """TRAFFIC_SELECTOR_MISMATCH on each crypto map end some of whose pairs an earlier entry to another peer takes."""
    by_map = {}
    for end in ends:
        ref = end.ref or {}
        if ref.get("kind") == "crypto_map" and end.traffic_selectors and end.peer_address:
            by_map.setdefault(ref.get("crypto_map"), []).append(end)
    for group in by_map.values():
        if len({end.peer_address for end in group}) > 1:
            for later, earlier, pairs, whole in _shadows(ctx, group):
                _report(ctx, later, earlier, pairs, whole)


def _span(text):
    """(version, first address, last address) of a selector's network, or None when it is not one. By the engine's
    memo of parsed prefixes: the engine reads the same texts of the selectors again."""
    try:
        net = parse(text)
    except (TypeError, ValueError):
        return None
    return net.version, net.start, net.end


def _shadows(ctx, group):
    """(later end, earlier end, [(its pair, the earlier pair)], every pair of the later end taken) per shadowed end.
    Swept by each end's remote networks with its local networks (the selectors are among their product: far fewer
    items than selectors); the pairs themselves are compared for the entries found only."""
    items = []
    for end in group:
        # the networks the selectors pair (a crypto map end lists each once): their product holds every selector
        local_networks = end.local_networks or [t.local for t in end.traffic_selectors]
        remote_networks = end.remote_networks or [t.remote for t in end.traffic_selectors]
        local_spans = tuple({span for span in map(_span, local_networks) if span is not None})
        seq = end.ref.get("seq") or 0
        items.extend((remote, seq, id(end), end, local_spans)
                     for remote in {span for span in map(_span, remote_networks) if span is not None})
    items.sort(key=lambda item: item[0])
    found = {}  # id(later end) -> (later end, earlier end)
    active, version = [], None  # heap of (remote's last address, order, item): items whose remote may still overlap
    for order, item in enumerate(items):
        remote = item[0]
        if remote[0] != version:
            active, version = [], remote[0]
        while active and active[0][0] < remote[1]:
            heapq.heappop(active)
        for _last, _order, other in active:
            if other[1] == item[1] or other[3].peer_address == item[3].peer_address:
                continue
            earlier, later = (other, item) if other[1] < item[1] else (item, other)
            if id(later[3]) not in found and _meet(earlier[4], later[4]):
                found[id(later[3])] = (later[3], earlier[3])
        heapq.heappush(active, (remote[2], order, item))
    for later, earlier in found.values():
        acls = _acl_names(earlier)
        pairs = [(mine, theirs) for mine in later.traffic_selectors for theirs in earlier.traffic_selectors
                 if _overlap(mine, theirs) and not _handed_on(ctx, mine, theirs, acls)]
        if pairs:
            # a deny before the permit that hands part of the pair on leaves the earlier entry part of it only
            taken = {id(mine) for mine, theirs in pairs
                     if _within(mine, theirs) and not _handed_on(ctx, mine, theirs, acls, part=True)}
            yield later, earlier, pairs, len(taken) == len(later.traffic_selectors)


def _meet(spans, others):
    """Does a span of ``spans`` overlap one of ``others``?"""
    return any(a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2] for a in spans for b in others)


def _overlap(mine, theirs):
    """Do the two pairs take some of the same traffic?"""
    spans = [(_span(mine.local), _span(theirs.local)), (_span(mine.remote), _span(theirs.remote))]
    return all(a is not None and b is not None and _meet((a,), (b,)) for a, b in spans)


def _within(mine, theirs):
    """Does the earlier pair ``theirs`` take all of ``mine``?"""
    for a, b in ((mine.local, theirs.local), (mine.remote, theirs.remote)):
        inner, outer = _span(a), _span(b)
        if inner is None or outer is None or not (outer[1] <= inner[1] and inner[2] <= outer[2]):
            return False
    return True


def _acl_names(end):
    """The crypto ACLs of the end's entries (several when entries to one peer are united: crypto_map_end)."""
    ref = end.ref or {}
    entries = ref.get("entries") or [{"acl": ref.get("acl")}]
    return [entry["acl"] for entry in entries if entry.get("acl")]


def _handed_on(ctx, mine, theirs, acls, part=False):
    """Does a 'deny ip' ACE before ``theirs``'s permit in its ACL (one of ``acls``) match all of ``mine``'s traffic
    (``part``: some of it)? The ASA then goes on to the next entry with it (Cascading ACLs), so the earlier entry does
    not take it through that permit."""
    denies = ip_denies_before(ctx, acls, theirs.source[0]) if theirs.source else ()
    local, remote = _span(mine.local), _span(mine.remote)
    if not denies or local is None or remote is None:
        return False
    if part:
        return any(_meet((local,), sources) and _meet((remote,), destinations) for sources, destinations in denies)
    return any(_meet_within(local, sources) and _meet_within(remote, destinations) for sources, destinations in denies)


def _meet_within(inner, spans):
    """Does one of ``spans`` hold all of ``inner``?"""
    return any(inner[0] == outer[0] and outer[1] <= inner[1] and inner[2] <= outer[2] for outer in spans)


def _report(ctx, later, earlier, pairs, whole):
    mine, theirs = pairs[0]
    first = "crypto map %s %s" % (earlier.ref.get("crypto_map"), earlier.ref.get("seq"))
    what = "all of its traffic" if whole else "part of its traffic (%s -> %s first)" % (mine.local, mine.remote)
    lines = list(mine.source[:1]) + list(theirs.source[:1])
    ctx.add(
        "TRAFFIC_SELECTOR_MISMATCH",
        ERROR if whole else WARNING,
        "%s comes before %s %s in the crypto map and its ACL takes %s (%s -> %s), which it protects towards its own "
        "peer %s: that traffic from behind the ASA never enters the tunnel to %s." % (
            first, later.ref.get("crypto_map"), later.ref.get("seq"), what, theirs.local, theirs.remote,
            earlier.peer_address, later.peer_address),
        ctx.evidence({"crypto_map": later.ref.get("crypto_map"), "seq": later.ref.get("seq")}, lines,
                     earlier_entry=first, earlier_peer=earlier.peer_address, pairs_taken=len(pairs)),
        ["! narrow access-list %s of %s so that it does not take %s -> %s, or give crypto map %s %s a lower "
         "sequence number than %s" % (earlier.ref.get("acl"), first, mine.local, mine.remote,
                                      later.ref.get("crypto_map"), later.ref.get("seq"), earlier.ref.get("seq"))],
        [later.name],
        phase="traffic",
    )
