# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cascading crypto ACLs: a packet a deny ACE of a crypto map entry matches "resume[s] evaluation against the ACEs in
the next crypto map" (Cisco ASA configuration guide, Configuring IPsec and ISAKMP, Cascading ACLs), so a later entry
whose ACL permits it protects it. Used by crypto_acl.py to judge what the deny lines of an entry take out.

Each crypto map's later permits are indexed once (by the source and destination prefixes of each usable permit line,
the last sequence number that has it, for any peer and per peer): a hub map of thousands of entries with a deny each
looked at every later entry's ACL once per entry (4.4 s against 0.5 s for the adapter at 100k lines, review s45).

The 'deny ip' ACEs of a crypto ACL are indexed once too (IpDenies): crypto_map_order asks which of them stand ahead of
an earlier entry's permit line, where it split the ends' deny texts into words again.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import span_of

_BITS = {4: 32, 6: 128}


class LaterPermits(object):
    """The usable permit lines of one crypto map's entries, read conservatively: each entry's 'permit ip' lines before
    its first deny, active, without ports or time-range, whose networks are known; indexed by (source prefix,
    destination prefix) -> the highest sequence number with such a line, for any peer and per peer."""

    def __init__(self, ctx, crypto_map):
        self.any_peer, self.by_peer = {}, {}
        self.lengths = {}  # (version, side) -> the prefix lengths the permits have: a part is looked up at those only
        for seq in sorted(crypto_map.entries):
            entry = crypto_map.entries[seq]
            acl = ctx.config.access_lists.get(entry.acl) if entry.acl else None
            for ace in acl.entries if acl is not None else ():
                if ace.inactive:
                    continue
                if ace.action != "permit":
                    break
                if ace.protocol != 0 or ace.has_ports or " time-range " in ace.line.text:
                    continue
                sources, destinations = ctx.resolver.operand(ace.source), ctx.resolver.operand(ace.destination)
                if sources is None or destinations is None:
                    continue
                for source in ctx.infos_of(sources):
                    for destination in ctx.infos_of(destinations):
                        self._add(source[1], destination[1], seq, entry.peers)

    def _add(self, source, destination, seq, peers):
        if source[0] != destination[0]:
            return
        key = (source[0], source[1], source[3], destination[1], destination[3])
        self.any_peer[key] = max(seq, self.any_peer.get(key, seq))
        for peer in peers:
            self.by_peer[key, peer] = max(seq, self.by_peer.get((key, peer), seq))
        self.lengths.setdefault((source[0], 0), set()).add(source[3])
        self.lengths.setdefault((source[0], 1), set()).add(destination[3])

    def protects(self, source, destination, after, peers=None):
        """Whether a permit line of an entry after sequence number ``after`` (to one of ``peers``; None: to any peer)
        holds all of the pair of spans ``source`` x ``destination`` in one line."""
        version = source[0]
        if version != destination[0]:
            return False
        bits = _BITS[version]
        for source_length in self.lengths.get((version, 0), ()):
            if source_length > source[3]:
                continue
            source_first = source[1] >> (bits - source_length) << (bits - source_length)
            for destination_length in self.lengths.get((version, 1), ()):
                if destination_length > destination[3]:
                    continue
                key = (version, source_first, source_length,
                       destination[1] >> (bits - destination_length) << (bits - destination_length), destination_length)
                if peers is None:
                    if self.any_peer.get(key, after) > after:
                        return True
                elif any(self.by_peer.get((key, peer), after) > after for peer in peers):
                    return True
        return False


def _later_permits(ctx, map_name):
    """The map's LaterPermits, made once per adapter run (None without the map)."""
    made = ctx.__dict__.setdefault("later_permits", {})
    if map_name not in made:
        crypto_map = ctx.config.crypto_maps.get(map_name)
        made[map_name] = LaterPermits(ctx, crypto_map) if crypto_map is not None else None
    return made[map_name]


def handed_on(ctx, entry, taken, any_peer=False):
    """Whether each part the deny lines take out of the entry's selectors (``taken``, as crypto_acl._denied reads it)
    is permitted by a later entry of the map that sets one of the entry's peers (``any_peer``: any later entry): the
    tunnel to that peer carries it."""
    permits = _later_permits(ctx, entry.map_name)
    if permits is None or not permits.any_peer:
        return False
    spans = {}

    def span(text):
        if text not in spans:
            spans[text] = span_of(ipaddress.ip_network(text, strict=False))
        return spans[text]

    peers = None if any_peer else list(entry.peers)
    for _permit, local, remote, _protocol, cuts, _covered in taken:
        for _deny, deny_local, deny_remote in cuts:
            if not permits.protects(span(deny_local or local), span(deny_remote or remote), entry.seq, peers):
                return False
    return True


def later_entry_to_same_peer(ctx, entry):
    """The sequence number of a later entry of the map that sets one of the entry's peers, or None. Per map, the
    last sequence number setting each peer is made once (a map may have thousands of entries)."""
    made = ctx.__dict__.setdefault("last_entry_to_peer", {})
    last = made.get(entry.map_name)
    if last is None:
        crypto_map = ctx.config.crypto_maps.get(entry.map_name)
        last = made[entry.map_name] = {}
        for seq in sorted(crypto_map.entries) if crypto_map is not None else ():
            for peer in crypto_map.entries[seq].peers:
                last[peer] = seq
    later = [last[peer] for peer in entry.peers if last.get(peer, entry.seq) > entry.seq]
    return max(later) if later else None


class IpDenies(object):
    """The active 'deny ip' ACEs of one ACL whose networks are known, as (line number, source spans, destination spans)
    in order, and the line numbers of its ACEs (to tell whether a permit line is this ACL's). A deny of one protocol or of
    ports hands on part of the traffic only, so it is left out."""

    def __init__(self, ctx, acl):
        self.denies, self.lines = [], set()
        for ace in acl.entries if acl is not None else ():
            self.lines.add(ace.line.line)
            if ace.inactive or ace.action != "deny" or ace.protocol != 0:
                continue
            sources, destinations = ctx.resolver.operand(ace.source), ctx.resolver.operand(ace.destination)
            if sources is not None and destinations is not None:
                self.denies.append((ace.line.line, [info[1] for info in ctx.infos_of(sources)],
                                    [info[1] for info in ctx.infos_of(destinations)]))


def ip_denies_before(ctx, acl_names, line):
    """(source spans, destination spans) of each 'deny ip' ACE (IpDenies) ahead of the permit ACE ``line`` in the ACL of
    ``acl_names`` that holds it: traffic one matches goes on to the next entry of the map (Cascading ACLs). Each ACL
    is indexed once per adapter run."""
    made = ctx.__dict__.setdefault("ip_denies", {})
    for name in acl_names:
        denies = made.get(name)
        if denies is None:
            denies = made[name] = IpDenies(ctx, ctx.config.access_lists.get(name))
        if line.line in denies.lines:
            return [(sources, destinations) for number, sources, destinations in denies.denies if number < line.line]
    return []
