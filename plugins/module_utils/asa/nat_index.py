# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""NAT for the ASA adapter: rules in the order the ASA evaluates them, indexed by source prefix,
and the verdict "does tunnel traffic leave untranslated".

A rule applies to traffic entering its real interface only (Cisco ASA command reference, ``nat``: the
interfaces are "(real_ifc,mapped_ifc)"; ``any`` means all). Which interface tunnel traffic from a local
network enters by is nat_ingress's (``ingress``: by the routes). A local network the routes split is
judged per part; a part no route reaches is judged undecidable by a rule bound to a real interface, not
assumed to enter by it."""

import bisect

_bisect_right = bisect.bisect_right

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_alternatives import (
    MAX_DETAILS,
    Alternatives,
    IngressAlternatives,
    UnknownIngress,
    network_text,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_first_match import Candidates as _Candidates, CompiledNat, first_match as _first_match
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_ingress import Ingress, cut_blocks as _cut
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.nat import line_number
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import NatExemption
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

# a local network the routes split into more parts than this is judged per group of parts that the same rules
# decide (its parts' verdicts named by at most MAX_DETAILS of them): a hub's summary cut by thousands of routes
# costs per tunnel the groups, not the parts (the parts and groups are remembered per network)
MAX_PARTS = 16
_NOT_READ = object()  # an operand not resolved yet (_same)
ANY_INGRESS = object()  # rules_for: the real interface is not judged (every rule applies whatever it is)


def _ordered(rules):
    """A section's rules in the order the ASA evaluates them: config order, except that a rule written with a
    line number (``nat (a,b) 1 source ...``, ``nat (a,b) after-auto 1 source ...``) is inserted at that line
    of its section when added (Cisco ASA command reference, ``nat``); a number past the end appends."""
    ordered = []
    for rule in rules:
        number = line_number(rule.line.text)
        if number is None:
            ordered.append(rule)
        else:
            ordered.insert(number - 1, rule)  # list.insert appends past the end
    return ordered


class _Spans(object):
    """The union of networks as sorted, disjoint, not adjacent integer intervals per IP version.
    Intervals, not the aligned blocks _cut makes of them: a network (an aligned block) lies inside
    an interval exactly when it lies inside one of the interval's blocks, as the largest aligned
    blocks of the cut contain every aligned block of the interval (issue 12: the cut and a second
    sort per operand were a third of building the index). rules_for and decide_tunnel bisect them
    inline."""

    __slots__ = ("starts", "ends")

    def __init__(self, merged):
        """``merged``: ``_merge``'s intervals."""
        self.starts, self.ends = {}, {}  # version -> lists; only the versions present
        for version, first, last in merged:
            starts = self.starts.get(version)
            if starts is None:
                self.starts[version], self.ends[version] = [first], [last]
            else:
                starts.append(first)
                self.ends[version].append(last)


def _same(resolver, real_token, mapped_token, real=_NOT_READ):
    """Does a static rule map this operand onto itself? True/False/None (undecidable). ``real``: the
    real operand's ``nat_spans`` when already read."""
    if real_token == mapped_token:
        return True
    if real is _NOT_READ:
        real = resolver.nat_spans(real_token)
    mapped = resolver.nat_spans(mapped_token)
    if isinstance(mapped, str) or isinstance(real, str):
        return False
    if real is None or mapped is None:
        return None
    # the same networks: the same spans (version, first, last, length), compared without
    # ipaddress's hash, which is Python (issue 12)
    return set(real) == set(mapped)


def _merge(spans):
    """The union of the spans as sorted (version, first, last) intervals, merged where they overlap
    or touch."""
    if len(spans) == 1:
        version, first, last, _length = spans[0]
        return [(version, first, last)]
    merged = []
    current = None
    for version, first, last, _length in sorted(spans):
        if current is not None and current[0] == version and first <= current[2] + 1:
            if last > current[2]:
                current[2] = last
        else:
            current = [version, first, last]
            merged.append(current)
    return merged


class NatIndex(IngressAlternatives):
    """NAT rules in the order the ASA evaluates them (manual, object, after-auto), indexed by
    source prefix so a tunnel looks at only the rules whose real source meets its networks."""

    def __init__(self, config, resolver, with_inactive=False):
        """``with_inactive``: the rules marked inactive too, as if they were active (inactive_exemptions)."""
        self.resolver = resolver
        self.config = config
        active = [rule for rule in config.nat_rules if with_inactive or not rule.inactive]
        manual = _ordered(rule for rule in active if rule.section == "manual")
        automatic = sorted((rule for rule in active if rule.section == "object"), key=self._object_order)
        after = _ordered(rule for rule in active if rule.section == "after-auto")
        self.compiled = [self._compile(rule) for rule in manual + automatic + after]
        self.by_prefix, self.spans, self.always = {}, {4: [], 6: []}, []
        for position, compiled in enumerate(self.compiled):
            if compiled.source is None:
                self.always.append(position)
                continue
            for version, first, last, length in compiled.source:
                self.by_prefix.setdefault((version, first, length), []).append(position)
                self.spans[version].append((first, last, position))
        # prefix lengths that occur, per version: a network is looked up at those lengths only
        lengths = {4: set(), 6: set()}
        for version, _first, length in self.by_prefix:
            lengths[version].add(length)
        self.lengths = {version: sorted(found) for version, found in lengths.items()}
        # (length, netmask as an integer) per version, in order of length: made once, not per network
        self.masks = {version: [(length, ((1 << bits) - 1) ^ ((1 << (bits - length)) - 1)) for length in self.lengths[version]]
                      for version, bits in ((4, 32), (6, 128))}
        for spans in self.spans.values():
            spans.sort()
        self.span_starts = {version: [span[0] for span in spans] for version, spans in self.spans.items()}
        self._rules = {}  # (local span, map interface, ingress) -> rules_for
        # where tunnel traffic enters (nat_ingress): its methods, bound here (called per local network)
        entering = Ingress(config)
        self.ingress, self.entry_nameifs, self.possible = entering.ingress, entering.entry_nameifs, entering.possible
        self.unknown_networks = entering.unknown_networks
        self._alternatives_of = {}  # (local span, map interface) -> _alternatives
        self._groups = {}  # (local span, map interface) -> _groups
        self.inside = {}  # crypto_map_end._parts_by_nameif: local network text -> its parts by interface
        self.local_spans = {}  # local network text -> its span, as decide_tunnel saw them (by_ingress)

    def _object_order(self, rule):
        # Section 2 order: static before dynamic, fewer addresses first, lower address, name.
        networks = self.resolver.object(rule.source_real) or []
        infos = self.resolver.infos_of(networks)  # (text, (version, first, last, length), network)
        if len(infos) == 1:  # an object is one network (issue 12: 2,173 object rules at 100k lines)
            span = infos[0][1]
            return (0 if rule.kind == "static" else 1, span[2] - span[1] + 1, span[1], rule.source_real)
        spans = [info[1] for info in infos]
        size = sum(span[2] - span[1] + 1 for span in spans) if spans else float("inf")
        lowest = min((span[1] for span in spans), default=0)
        return (0 if rule.kind == "static" else 1, size, lowest, rule.source_real)

    def identity_of(self, rule):
        """Whether ``rule`` (one of this index's) leaves its traffic untranslated: True, False, None (undecidable)."""
        for compiled in self.compiled:
            if compiled.rule is rule:
                return compiled.identity
        return None

    def _compile(self, rule):
        resolver = self.resolver
        real = resolver.nat_spans(rule.source_real)  # spans, not networks: no text made (issue 12)
        source = source_spans = destination_spans = None
        if isinstance(real, list):
            if len(real) == 1:  # the commonest operand: one network, its own block (issue 12)
                source = real
                source_spans = _Spans(((real[0][0], real[0][1], real[0][2]),))
            else:
                merged = _merge(real)
                source, source_spans = _cut(merged), _Spans(merged)
        destination = None
        if rule.destination_mapped is not None:
            found = resolver.nat_spans(rule.destination_mapped)
            if isinstance(found, list):
                # the destination is judged by its intervals only: no blocks cut (issue 12)
                destination = _merge(found)
                destination_spans = _Spans(destination)
            else:
                destination = "undecidable"
        if rule.kind != "static":
            identity = False
        else:
            identity = _same(resolver, rule.source_real, rule.source_mapped, real)
            if identity is not False and rule.destination_mapped is not None:
                other = _same(resolver, rule.destination_real, rule.destination_mapped)
                identity = False if other is False else (None if None in (identity, other) else True)
        return CompiledNat(rule, source, destination, identity, source_spans, destination_spans)

    def _find_candidates(self, local):
        """Positions of rules whose source contains, or lies inside, ``local`` (a ``span_of``; plus
        undecidable ones), in order (rules_for remembers them per network and interface)."""
        found = set(self.always)
        version, address, last, prefixlen = local
        by_prefix = self.by_prefix
        for length, mask in self.masks[version]:
            if length > prefixlen:
                break
            found.update(by_prefix.get((version, address & mask, length), ()))
        spans, starts = self.spans[version], self.span_starts[version]
        for index in range(bisect.bisect_left(starts, address), bisect.bisect_right(starts, last)):
            if spans[index][1] <= last:
                found.add(spans[index][2])
        return sorted(found)

    def rules_for(self, local, map_interface, ingress=ANY_INGRESS):
        """(compiled rule, does its source contain ``local``) of the candidates for ``local`` that
        apply on ``map_interface`` to traffic entering by ``ingress`` (a nameif; ANY_INGRESS: not judged,
        and a rule bound to the map's interface left out), in order: remembered per triple (the same for
        every remote network)."""
        key = (local, map_interface, ingress)
        found = self._rules.get(key)
        if found is None:
            found = self._rules[key] = _Candidates()
            for position in self._find_candidates(local):  # the pair's memo is the network's (issue 12)
                compiled = self.compiled[position]
                rule = compiled.rule
                if map_interface is not None and rule.mapped_if not in (map_interface, "any"):
                    continue
                real = rule.real_if
                if real != "any":
                    if ingress is ANY_INGRESS:
                        if real == map_interface:
                            continue  # traffic entering by the map's own interface: not judged without ingress
                    elif real != ingress:
                        continue  # bound to another real interface: not for this traffic
                covers = False  # does one interval of the source contain local: bisection inline (issue 12)
                if compiled.source is not None:
                    starts = compiled.source_spans.starts.get(local[0])
                    if starts:
                        index = _bisect_right(starts, local[1]) - 1
                        covers = index >= 0 and compiled.source_spans.ends[local[0]][index] >= local[2]
                found.append((compiled, covers))
        return found

    def _by_ingress(self, pairs):
        """(pairs, {local span: nameif or None}): ``pairs`` with each local network the routes split
        replaced by its parts (their texts), and every local span's ingress."""
        ingress_of = {}
        split = False
        last_local = None
        local_spans = self.local_spans
        for pair, spans in pairs.items():  # a pair's tuples unpacked only for a new local network
            local_span = spans[0]
            if local_span is last_local:
                continue
            last_local = local_span
            if local_span in ingress_of:
                continue
            local_spans[pair[0]] = local_span
            parts = self.ingress(local_span)
            if local_span[0] == 6:  # parts an interface whose IPv6 networks are not stated may take: by several
                parts = self.possible(local_span) or parts
            if len(parts) == 1 and parts[0][0] == local_span:
                ingress_of[local_span] = parts[0][1]
            elif len(parts) > MAX_PARTS:
                ingress_of[local_span] = _GROUPED  # judged per group of parts (decide_tunnel)
            else:
                split = True
                ingress_of[local_span] = parts
        if not split:
            return pairs, ingress_of
        texts = {}
        divided = {}
        for (local_text, remote_text), (local_span, remote_span) in pairs.items():
            parts = ingress_of[local_span]
            if parts.__class__ is not list:
                divided[(local_text, remote_text)] = (local_span, remote_span)
                continue
            for span, _nameif in parts:
                text = texts.get(span)
                if text is None:
                    text = texts[span] = network_text(span[0], span[1], span[3])
                divided[(text, remote_text)] = (span, remote_span)
        for local_span, parts in list(ingress_of.items()):
            if parts.__class__ is list:
                del ingress_of[local_span]
                ingress_of.update(parts)
        return divided, ingress_of

    def decide_tunnel(self, pairs, map_interface, by_ingress=False, unknown_ingress=None):
        """``(NatExemption of the tunnel, the rules that decided a pair in the order they first did)`` for
        ``pairs`` ({pair: (local span, remote span)}, ``span_of`` each): for each pair the first rule that
        matches decides (nat_verdict combines the pairs' verdicts). One pass that keeps no verdict per pair
        (53k pairs a side with many selectors, issue 12; tests/unit compare it with a rule-by-rule walk per
        pair): a compiled rule always gives the same verdict, so the pairs are kept per verdict and the
        deciding rule noted where it changes. The rules are looked up once per local network.

        ``by_ingress``: a rule applies only to traffic entering its real interface, the one the ASA routes the
        local network to (``ingress``; the local networks the routes split are judged per part, named by their
        parts' texts). A part no route reaches (but a default one) may enter by any interface but the crypto
        map's: decided when every such interface gives the same verdict, else undecidable, and then
        ``unknown_ingress`` (a list) gets (the part's text, a rule bound to a real interface that decided for
        one of them, None). So does an IPv6 part routed to one interface that an interface whose IPv6 networks are
        not stated may take (Ingress.possible), with Ingress.unknown_networks's answer for None."""
        if not pairs:
            return nat_verdict({}), []
        ingress_of = None
        if by_ingress:
            pairs, ingress_of = self._by_ingress(pairs)
        matched = {False: [], None: [], True: []}  # verdict -> [(pair, compiled rule or None)], in order
        more = {False: 0, None: 0, True: 0}  # verdict -> pairs of grouped parts not in matched
        deciding = {}  # compiled rule (None: no rule) -> None, in the order they first decided
        rules_of = {}
        rules_for = self.rules_for
        first_match = _first_match
        last_local = rules = last_compiled = _NOT_READ
        for pair, (local_span, remote_span) in pairs.items():
            # the selectors' pairs come a local network at a time, each its one span object: the same object as
            # the pair before needs no hash of its span
            if local_span is not last_local:
                rules = rules_of.get(local_span)
                if rules is None:
                    if ingress_of is None:
                        rules = rules_for(local_span, map_interface)
                    elif ingress_of[local_span] is None:
                        rules = self._alternatives(local_span, map_interface)
                    elif ingress_of[local_span] is _GROUPED:
                        rules = self._grouped(local_span, map_interface)
                    elif ingress_of[local_span].__class__ is tuple:  # Ingress.possible: by one of several
                        rules = self._alternatives(local_span, map_interface, ingress_of[local_span])
                    else:
                        rules = rules_for(local_span, map_interface, ingress_of[local_span])
                    rules_of[local_span] = rules
                last_local = local_span
            if rules.__class__ is tuple:  # groups of a local network's parts: (decider, part texts) each
                remote_text = pair[1]
                for decider, texts in rules:
                    if decider.__class__ is Alternatives:
                        exempt, compiled = decider.decide(remote_span)
                    else:
                        exempt, compiled = first_match(decider, remote_span)
                    matched[exempt].extend(((text, remote_text), compiled) for text in texts[:MAX_DETAILS])
                    more[exempt] += len(texts) - min(len(texts), MAX_DETAILS)
                    if compiled is not last_compiled:
                        deciding[compiled] = None
                        last_compiled = compiled
                continue
            if rules.__class__ is Alternatives:
                exempt, compiled = rules.decide(remote_span)
            else:
                exempt, compiled = first_match(rules, remote_span)
            matched[exempt].append((pair, compiled))
            if compiled is not last_compiled:
                deciding[compiled] = None  # a key seen before keeps its place
                last_compiled = compiled
        deciding.pop(None, None)
        rules = {}  # a rule once, though several parts' stand-ins (UnknownIngress) decided by it
        for compiled in deciding:
            rules.setdefault(id(compiled.rule), compiled.rule)
            if unknown_ingress is not None and compiled.__class__ is UnknownIngress:
                unknown_ingress.append((compiled.local, compiled.rule, compiled.unknown))
        return _verdict_of(matched, more), list(rules.values())


_GROUPED = object()  # _by_ingress: a local network of more than MAX_PARTS parts, judged per group (_grouped)


def inactive_exemptions(ctx, verdict, pairs, map_interface):
    """``verdict`` (a tunnel's NatExemption from ctx.nat_index) with the NAT exemptions marked ``inactive`` that would
    exempt its traffic named, where it is translated: the ASA skips an inactive rule (Cisco ASA command reference, nat: the
    inactive keyword deactivates a rule and keeps it in the configuration), so such a rule is no exemption, and the
    NAT_EXEMPTION_MISSING it causes says so in its detail and cites its line. ``verdict`` itself otherwise."""
    if verdict.exempt is not False or not any(rule.inactive for rule in ctx.config.nat_rules):
        return verdict
    index = ctx.nat_index_with_inactive
    _verdict, deciding = index.decide_tunnel(pairs, map_interface, by_ingress=True, unknown_ingress=[])
    named = [rule for rule in deciding if rule.inactive and index.identity_of(rule) is True]
    if not named:
        return verdict
    said = "; ".join("the NAT exemption on line %d '%s' would exempt it but is marked inactive, so the ASA skips it"
                     % (rule.line.line, rule.line.text) for rule in named[:MAX_DETAILS])
    lines = tuple(verdict.source) + tuple(rule.line for rule in named if rule.line not in verdict.source)
    return NatExemption(False, "%s; %s" % (verdict.detail, said) if verdict.detail else said, lines)


def nat_verdict(verdicts):
    """Combine per-pair NAT results: any translated pair -> False; else any undecidable -> None."""
    if not verdicts:
        return NatExemption(True, "the crypto ACL permits no traffic, so nothing is translated")
    by_verdict = {False: [], None: [], True: []}  # the verdicts are these three objects
    for pair, (exempt, compiled) in verdicts.items():
        by_verdict[exempt].append((pair, compiled))
    return _verdict_of(by_verdict)


def _verdict_of(by_verdict, more=None):
    """nat_verdict of the pairs with each verdict ({verdict: [(pair, compiled rule or None)]}), one at least;
    ``more``: {verdict: pairs of it not listed} (decide_tunnel's grouped parts)."""
    for wanted in (False, None, True):
        matching = by_verdict[wanted]
        if matching:
            break
    details = [_nat_detail(wanted, local, remote, compiled) for (local, remote), compiled in matching[:MAX_DETAILS]]
    # the deciding rules' lines, in order: the rules first (hashed by identity, in C), then their lines
    # (a ConfigLine hashes in Python; one per pair was most of this with many selectors, issue 12)
    rules = dict.fromkeys(compiled for _pair, compiled in matching)
    rules.pop(None, None)
    if len(rules) == 1:  # the commonest: one rule decided, its line is the list (nothing to hash)
        lines = [compiled.rule.line for compiled in rules]
    else:
        lines = list(dict.fromkeys(compiled.rule.line for compiled in rules))
    count = len(matching) + (more[wanted] if more else 0)
    return NatExemption(wanted, first_of(details, MAX_DETAILS, "; ", count), tuple(lines))


def _nat_detail(exempt, local, remote, compiled):
    pair = "traffic from %s to %s" % (local, remote)  # not "A -> B": that read as A rewritten to B (review 2026-12-04)
    if compiled is None:
        return "no NAT rule matches %s: traffic leaves untranslated" % pair
    where = "%s NAT rule on line %d" % (
        {"manual": "twice", "after-auto": "after-auto twice", "object": "object"}[compiled.rule.section],
        compiled.rule.line.line,
    )
    if compiled.__class__ is UnknownIngress and compiled.unknown is not None:
        return "%s applies only to traffic entering %s, and %s: cannot tell whether it translates %s" % (
            where, compiled.rule.real_if, compiled.unknown[0], pair)
    if compiled.__class__ is UnknownIngress:
        return ("%s applies only to traffic entering %s, and no connected network or static route (but a default "
                "one) tells which interface %s enters by: cannot tell whether it translates %s"
                % (where, compiled.rule.real_if, local, pair))
    if exempt is True:
        return "identity %s keeps %s untranslated" % (where, pair)
    if exempt is False:
        return "%s translates %s before encryption" % (where, pair)
    return "%s for %s uses objects that cannot be resolved" % (where, pair)
