# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The first-match walk over a local network's candidate NAT rules (nat_index.NatIndex.rules_for), and the index
that starts it where it would stop on a long list used often (a hub's identity rule per tunnel, issue 12)."""

import bisect

_bisect_right = bisect.bisect_right
_bisect_left = bisect.bisect_left

# A candidate list is scanned linearly until the scans have cost this many times its length; then _FirstStop is
# built (issue 12): a hub's one identity rule per tunnel, all of one source object, made each tunnel scan the
# rules of the tunnels before it (28 of 32 s of the adapter at 10k tunnels). Short lists are always scanned.
_INDEX_AFTER = 4
_INDEX_MIN = 32


class CompiledNat(object):
    """A NAT rule read for the first-match walk: its operands as integer blocks and spans (NatIndex._compile)."""

    __slots__ = ("rule", "source", "destination", "identity", "source_spans", "destination_spans")

    def __init__(self, rule, source, destination, identity, source_spans, destination_spans):
        self.rule = rule
        self.source = source  # the largest aligned blocks (_cut), or None (undecidable)
        # None: rule has no destination; a list (its networks' merged intervals); or "undecidable"
        self.destination = destination
        self.identity = identity  # True | False | None
        # Sorted, disjoint integer spans (_Spans, None when the operand is not a list): a tunnel's selectors
        # are judged by bisection instead of ipaddress comparisons with every network (the NAT walk was
        # half of the adapter's time on 100k lines, issue 12).
        self.source_spans = source_spans
        self.destination_spans = destination_spans


class Candidates(list):
    """rules_for's list of (compiled rule, does its source contain the local network), with what first_match
    keeps of it: the candidates scanned so far and, once built, its _FirstStop."""

    __slots__ = ("scanned", "stops")

    def __init__(self):
        list.__init__(self)
        self.scanned = 0
        self.stops = None


def first_match(rules, remote_span):
    """(exempt True / False / None, the compiled rule that decided or None) for traffic to ``remote_span``
    from the local network ``rules`` (rules_for) are the candidates of: the first rule that matches decides;
    the spans' bisection inline (issue 12). A long list used often starts the scan at the first rule that can
    decide (_FirstStop, issue 12), where the scan from the start would stop."""
    version, first, last = remote_span[0], remote_span[1], remote_span[2]
    if rules.__class__ is not Candidates:
        return _scan(rules, 0, version, first, last)[:2]
    stops = rules.stops
    if stops is None:
        if rules.scanned < _INDEX_AFTER * len(rules) or len(rules) <= _INDEX_MIN:
            exempt, candidate, position = _scan(rules, 0, version, first, last)
            rules.scanned += position + 1
            return exempt, candidate
        stops = rules.stops = _FirstStop(rules)
    return _scan(rules, stops.first(version, first, last), version, first, last)[:2]


def _scan(rules, start, version, first, last):
    """first_match's walk from ``rules[start]``: (exempt, compiled rule or None, the position it stopped at,
    len(rules) when no rule matches)."""
    for position in range(start, len(rules)):
        candidate, source_covers = rules[position]
        if candidate.source is None:
            return None, candidate, position
        destination = candidate.destination
        if destination == "undecidable":
            return None, candidate, position
        destination_covers = True
        if destination is not None:
            spans = candidate.destination_spans
            starts = spans.starts.get(version)
            if not starts:
                continue  # no overlap
            ends = spans.ends[version]
            index = _bisect_right(starts, last) - 1
            if index < 0 or ends[index] < first:
                continue  # no overlap
            index = _bisect_right(starts, first) - 1
            destination_covers = index >= 0 and ends[index] >= last
        if candidate.identity is None:
            return None, candidate, position
        if candidate.identity:
            if destination_covers and source_covers:
                return True, candidate, position
            continue
        return False, candidate, position
    return True, None, len(rules)  # no rule matches


class _FirstStop(object):
    """Where _scan of a candidate list stops, without scanning (issue 12). A candidate stops the scan for a
    remote network (version, first, last) by its kind alone: whatever the remote network (no source or
    destination resolved, or no destination and not an identity rule that does not cover the local network:
    ``always``, the first of them; the scan never passes it); when its destination meets the remote network
    (not an identity rule: ``meets``); when its destination contains it (an identity rule whose source contains
    the local network: ``contains``); or never (an identity rule whose source does not). Its destination's
    intervals are disjoint and sorted, so one of them meets / contains the remote network exactly when the last
    starting at or before its last / first address ends at or after its first / last address, as _scan
    bisects: the first candidate that stops is the lowest position of an interval starting at or before, and
    ending at or after, those addresses (_Earliest), or ``always``."""

    __slots__ = ("always", "meets", "contains")

    def __init__(self, rules):
        self.always = len(rules)
        meets, contains = {}, {}  # version -> [(start, end, position)]
        for position, (candidate, source_covers) in enumerate(rules):
            destination = candidate.destination
            if candidate.source is None or destination == "undecidable" or (
                    destination is None and not (candidate.identity and not source_covers)):
                self.always = position
                break  # no candidate after it is reached
            if destination is None:
                continue  # an identity rule that does not contain the local network: never decides
            if not candidate.identity:  # None (undecidable) or False (translates): decides where it meets
                into = meets
            elif source_covers:
                into = contains
            else:
                continue  # as above: never decides
            spans = candidate.destination_spans
            for version, starts in spans.starts.items():
                into.setdefault(version, []).extend(
                    (start, end, position) for start, end in zip(starts, spans.ends[version]))
        self.meets = {version: _Earliest(intervals) for version, intervals in meets.items()}
        self.contains = {version: _Earliest(intervals) for version, intervals in contains.items()}

    def first(self, version, first, last):
        found = self.always
        meets = self.meets.get(version)
        if meets is not None:
            found = meets.lowest_position(last, first, found)
        contains = self.contains.get(version)
        if contains is not None:
            found = contains.lowest_position(first, last, found)
        return found


class _Earliest(object):
    """The lowest position of the intervals (start, end, position) that start at or before an address and end at
    or after another: a Fenwick tree over the intervals in order of start, each node its intervals' ends sorted
    with the lowest position of those ending there or later (O(log^2 n) a query, O(n log n) kept; issue 12)."""

    __slots__ = ("starts", "ends", "lowest")

    def __init__(self, intervals):
        intervals.sort()
        self.starts = [interval[0] for interval in intervals]
        self.ends, self.lowest = [None], [None]  # per node, from 1: node k holds the intervals k - (k & -k) .. k - 1
        for node in range(1, len(intervals) + 1):
            block = sorted((end, position) for _start, end, position in intervals[node - (node & -node):node])
            lowest = [position for _end, position in block]
            for index in range(len(lowest) - 2, -1, -1):
                if lowest[index + 1] < lowest[index]:
                    lowest[index] = lowest[index + 1]
            self.ends.append([end for end, _position in block])
            self.lowest.append(lowest)

    def lowest_position(self, start_at_most, end_at_least, found):
        """The lowest of ``found`` and the positions of the intervals starting at or before ``start_at_most``
        and ending at or after ``end_at_least``."""
        node = _bisect_right(self.starts, start_at_most)
        while node:
            ends = self.ends[node]
            index = _bisect_left(ends, end_at_least)
            if index < len(ends) and self.lowest[node][index] < found:
                found = self.lowest[node][index]
            node &= node - 1  # the next node to the left: the intervals before this one's
        return found
