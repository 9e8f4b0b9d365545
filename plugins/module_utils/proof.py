# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prove a fix before anyone sees it.

A user pastes our fix into a production firewall. So a fix is shown only when
applying its intents (fixes.py) to the model of that end and running the engine
again shows that the finding is gone and that no new error or warning appeared.
A fix that weakens crypto, widens a policy-based end's selectors to any, or
lowers a lifetime is refused before it is tried.

``ModelEdit`` (model_edit.py) applies intents to a TunnelEnd (a copy: nothing
shared is mutated); ``Prover`` proves one finding's fix for one end, or for both ends at
once, and plans a whole tunnel (what align pushes) from the same proofs.

Plain Python: the model, the engine and the intents; no Ansible, no vendor.
Vendor semantics come in as ``EndRules`` from compat.py.
"""

from collections import Counter

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, SEVERITY_RANK, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_edit import NO_RULES, EndRules, ModelEdit, refusal
from ansible_collections.vpnalign.s2s.plugins.module_utils.shared_objects import SHARED

# EndRules, ModelEdit and refusal are part of what the prover offers its callers (compat.py, the tests).
__all__ = ["EndRules", "ModelEdit", "Prover", "TunnelPlan", "refusal"]

# Proving may pull in the fixes of findings the first fix uncovers (an IKE fix lets the engine look at
# ESP): at most this many rounds, so a proof always ends.
FOLLOW_UP_ROUNDS = 3
# A device-wide change names at most this many of the other tunnels it touches, then a count.
TOUCHES_SHOWN = 10


# ----------------------------------------------------------------------------------------------
# Proofs
# ----------------------------------------------------------------------------------------------
def _problems(findings):
    """Errors and warnings by code: what "no new error or warning" is counted against."""
    return Counter((f.code, f.severity) for f in findings if f.severity in (ERROR, WARNING))


def _new_problems(before, after):
    """Findings in ``after`` that are errors or warnings of a code (or severity) ``before`` did not have as often."""
    extra = _problems(after) - _problems(before)
    out, seen = [], Counter()
    for f in after:
        key = (f.code, f.severity)
        if extra.get(key, 0) > seen[key]:
            seen[key] += 1
            out.append(f)
    return out


# Codes a pair can hold once per end (the end that must change tells them apart).
_PER_END = ("ROUTE_MISSING", "BGP_NO_ROUTE_TO_PEER", "BGP_ROUTES_NOT_EXCHANGED", "BGP_MULTIHOP_MISSING",
            "REKEY_TOO_FREQUENT")


def _ends_asked(finding):
    return tuple(sorted(v for v, fixes in finding.fixes.items() if fixes))


def _still_there(target, after):
    """Is ``target`` still reported: the same code at the same or a higher severity (for a per-end code,
    asking the same end(s) to change)? A summary may change when other values do; the finding is the same."""
    rank = SEVERITY_RANK[target.severity]
    same_end = target.code in _PER_END
    return any(f.code == target.code and SEVERITY_RANK[f.severity] >= rank
               and (not same_end or _ends_asked(f) == _ends_asked(target)) for f in after)


def _merge(fixes, more):
    out = list(fixes)
    kinds = {f["kind"] for f in out}
    for fix in more:
        if fix and fix not in out and fix["kind"] not in kinds:
            out.append(fix)
            kinds.add(fix["kind"])
    return out


def _other(ends, vendor):
    """The end across the tunnel from ``vendor``'s, in a {vendor: end} of the two."""
    return next((e for v, e in ends.items() if v != vendor), None)


class Prover(object):
    """Proofs for one pair of ends (``a``, ``b``) whose findings are ``findings``.

    ``rules``: vendor -> EndRules. ``siblings``: vendor -> [(end of that vendor, its counterpart)] for the
    other tunnels of the same device, against which a device-wide change is proven too.
    ``shared``: vendor -> SharedObjects (shared_objects.py): a change to an object other tunnels use too (an
    Azure local network gateway, connection or gateway) is proven against each tunnel that uses it. Those
    tunnels are found among ``siblings[vendor]`` or, without it, among the other vendor's siblings' counterparts.
    """

    def __init__(self, a, b, findings, rules=None, baseline=None, siblings=None, sibling_cache=None, shared=None):
        self.a, self.b = a, b
        self.findings = findings
        self.rules = rules or {}
        self.baseline = baseline
        self.siblings = siblings or {}
        # Shared by the provers of one run: a device-wide change is checked once per sibling tunnel,
        # not once per tunnel that asks for it (the same ikev2 policy fix for every tunnel stays linear).
        self.sibling_cache = {} if sibling_cache is None else sibling_cache
        self.shared = SHARED if shared is None else shared
        self.runs = 0
        self.cannot_memo = {}
        self.proof_memo = {}
        self.trial_memo = {}
        self.others_memo = {}

    def _cannot(self, vendor, end, fix):
        """The vendor's ``cannot`` for (end, fix), asked once per end and fix by this prover: the plans and
        the findings' proofs ask it again for the same ones, and it renders the fix (issue 12)."""
        cannot = self.rules.get(vendor, NO_RULES).cannot
        if not cannot:
            return None
        memo = (vendor, id(end), repr(fix))  # fixes are plain data: equal repr, equal fix
        found = self.cannot_memo.get(memo)
        if found is None or found[0] is not end:  # the end is kept, so its id is not another's
            found = self.cannot_memo[memo] = (end, cannot(end, fix))
        return found[1]

    def check(self, a, b):
        self.runs += 1
        return check_tunnel(a, b, self.baseline)

    def ends(self):
        return {self.a.vendor: (self.a, self.b), self.b.vendor: (self.b, self.a)}

    def edit(self, end, other, fixes):
        return ModelEdit(end, other, self.rules.get(end.vendor, NO_RULES)).apply(fixes)

    def prove(self, target, fixes_by_vendor, state=None, before=None):
        """Proof of applying ``fixes_by_vendor`` ({vendor: [intents]}) to clear ``target``.

        Returns {"proven": bool, "reason": str, "fixes": {vendor: [intents, with follow-ups]},
        "fixed": {vendor: fixed end}, "touches": [...], "after": findings}. ``state`` (a, b) and
        ``before`` (its findings) let a plan prove on top of fixes already taken.

        A proof is made once per target, fixes, state and findings before: the three plans and the
        findings' own proofs ask for the same ones (issue 12: each was an engine run or more). The same
        proof (dict) is returned again: callers do not change it.
        """
        a, b = state or (self.a, self.b)
        before = self.findings if before is None else before
        # fixes are plain data (equal repr, equal fixes); the objects are kept with the proof, so their
        # ids are nobody else's while the memo lives
        memo = (id(target), id(a), id(b), id(before), repr(sorted(fixes_by_vendor.items())))
        found = self.proof_memo.get(memo)
        if found is not None and found[0] is target and found[1] is a and found[2] is b and found[3] is before:
            return found[4]
        proof = self._prove(target, fixes_by_vendor, a, b, before)
        self.proof_memo[memo] = (target, a, b, before, proof)
        return proof

    def _prove(self, target, fixes_by_vendor, a, b, before):
        fixes = {v: list(f) for v, f in fixes_by_vendor.items() if f}
        ends = {a.vendor: a, b.vendor: b}
        for vendor, items in fixes.items():
            for fix in items:
                why = refusal(ends[vendor], fix, self.baseline, _other(ends, vendor))
                if why:
                    return self._refused("not shown: %s." % why, fixes)
                why = self._cannot(vendor, ends[vendor], fix)
                if why:
                    return self._refused("not shown: %s" % why, fixes)
        first = None
        for _round in range(FOLLOW_UP_ROUNDS + 1):
            fixed_a, fixed_b, after, new = self._trial(a, b, before, fixes)
            cleared = not _still_there(target, after)
            if cleared and not new:
                touches, why = self._prove_others(fixes)
                if why:
                    return self._refused(why, fixes)
                return {"proven": True, "reason": self._proven_text(target, fixes, touches), "fixes": fixes,
                        "fixed": {a.vendor: fixed_a, b.vendor: fixed_b}, "touches": touches, "after": after}
            if first is None:
                first = (cleared, new, fixes)
            follow = self._follow_ups(new, fixes, {a.vendor: fixed_a, b.vendor: fixed_b})
            if not follow:
                break
            fixes = follow
        # Say why the fix as the finding asked for it fails, not why the last follow-up did.
        cleared, new, fixes = first
        if not cleared:
            return self._refused("not shown: applied to the model, the engine still reports %s." % target.code, fixes)
        return self._refused("not shown: applied to the model it clears %s but brings %s." % (
            target.code, "; ".join("%s %s (%s)" % (f.severity, f.code, f.summary) for f in new[:2])), fixes)

    def _trial(self, a, b, before, fixes):
        """(fixed a, fixed b, the engine's findings on them, those new against ``before``) of ``fixes`` applied to
        (``a``, ``b``): once per state, findings before and fixes. Two findings may ask the same fix of the same
        state (CHILD_DATA_LIMIT_MISMATCH and REKEY_TOO_FREQUENT: one child lifetime in kilobytes); only the
        target, which the trial does not read, told their proofs apart (issue 12: 543 engine runs at 100k lines)."""
        memo = (id(a), id(b), id(before), repr(sorted(fixes.items())))
        found = self.trial_memo.get(memo)
        if found is not None and found[0] is a and found[1] is b and found[2] is before:
            return found[3]
        fixed_a = self.edit(a, b, fixes[a.vendor]) if fixes.get(a.vendor) else a
        fixed_b = self.edit(b, a, fixes[b.vendor]) if fixes.get(b.vendor) else b
        after = self.check(fixed_a, fixed_b)
        trial = (fixed_a, fixed_b, after, _new_problems(before, after))
        self.trial_memo[memo] = (a, b, before, trial)
        return trial

    def _prove_others(self, fixes):
        """(the other tunnels ``fixes`` touch, why it is refused or None): the device-wide and shared proofs, which
        read the fixes only (not the target, nor the state the fixes are tried on), once per fixes."""
        memo = repr(sorted(fixes.items()))
        found = self.others_memo.get(memo)
        if found is None:
            touches, why = self._prove_device_wide(fixes)
            if not why:
                more, why = self._prove_shared(fixes)
                touches += more
            found = self.others_memo[memo] = (touches, why)
        return list(found[0]), found[1]

    def _follow_ups(self, new, fixes, fixed_ends):
        """The fixes, plus those the uncovered findings ask of the same ends (refused ones excluded)."""
        out = {v: list(f) for v, f in fixes.items()}
        grew = False
        for finding in new:
            for vendor in fixes:
                extra = [f for f in finding.fixes.get(vendor) or []
                         if f and refusal(fixed_ends[vendor], f, self.baseline, _other(fixed_ends, vendor)) is None]
                merged = _merge(out[vendor], extra)
                if len(merged) > len(out[vendor]):
                    out[vendor], grew = merged, True
        return out if grew else None

    def _prove_device_wide(self, fixes):
        """A change to something the whole device uses, proven against its other tunnels too.

        Returns (names of the other tunnels it touches (at most TOUCHES_SHOWN, then a count), why it is
        refused or None)."""
        touches = []
        for vendor, items in fixes.items():
            rules = self.rules.get(vendor, NO_RULES)
            wide = [f for f in items if rules.touches_device(f["kind"])]
            if not wide:
                continue
            own = self.a if self.a.vendor == vendor else self.b
            verdict = self._device_verdict(vendor, wide)
            others = [name for end_id, name in verdict["names"] if end_id != id(own)]
            touches += others[:TOUCHES_SHOWN]
            if len(others) > TOUCHES_SHOWN:
                touches.append("and %d other tunnel(s)" % (len(others) - TOUCHES_SHOWN))
            failed = [(name, finding) for end_id, name, finding in verdict["failures"] if end_id != id(own)]
            if failed:
                name, finding = failed[0]
                return touches, "not shown: it changes %s, which %s also uses, and there it brings %s %s." % (
                    ", ".join(sorted({rules.device_object(f["kind"]) for f in wide})), name, finding.severity,
                    finding.code)
        return touches, None

    def _device_verdict(self, vendor, wide):
        """What one device-wide change does to every tunnel of the device, computed once per change and
        shared by every tunnel that asks for it: {"names": [(id, name)], "failures": [(id, name, finding)]}."""
        key = (vendor, repr(sorted(sorted(f.items()) for f in wide)))
        verdict = self.sibling_cache.get(key)
        if verdict is None:
            verdict = {"names": [], "failures": []}
            for end, other in self.siblings.get(vendor, []):
                verdict["names"].append((id(end), end.name))
                before = self.sibling_cache.get(id(end))
                if before is None:
                    before = self.sibling_cache[id(end)] = self.check(end, other)
                new = _new_problems(before, self.check(self.edit(end, other, wide), other))
                # Two are enough: a tunnel's own failure is no sibling's, the other one is.
                if new and len(verdict["failures"]) < 2:
                    verdict["failures"].append((id(end), end.name, new[0]))
            self.sibling_cache[key] = verdict
        return verdict

    def _prove_shared(self, fixes):
        """A change to an object other tunnels use too (shared_objects.py), proven against each of them: applied
        to their end as it reaches them, it must bring no new error or warning there ("first, do no harm": the
        two instances of an active-active gateway on one local network gateway must not each be given the
        other's BGP address). Returns (names of those tunnels, why it is refused or None).

        Linear in the tunnels: what a change does to the tunnels that share one object with this end is judged once
        per object and change as it reaches them (_sweep: a hub gateway's ASN, asked for by every spoke, is proven
        against its 2,000 connections once); the few tunnels that share two or more of the changed objects with this
        end (the other instance of an active-active gateway) are judged one by one with all they share."""
        touches = []
        for vendor, items in fixes.items():
            shared = self.shared.get(vendor)
            if shared is None:
                continue
            own = self.a if self.a.vendor == vendor else self.b
            changed = sorted({obj for fix in items for obj in shared.changed(own, fix)}, key=repr)
            if not changed:
                continue
            index = self._shared_index(vendor, shared)
            lists = {obj: index.get(obj) or ((), frozenset(), {}) for obj in changed}
            several = self._sharing_several(shared, own, changed, lists)
            names, count = self._shared_names(shared, own, changed, lists, several)
            touches += names
            if count > len(names):
                touches.append("and %d other tunnel(s)" % (count - len(names)))
            change = repr(sorted(sorted(f.items()) for f in items))
            found = None
            for end, other, whats in several.values():
                new = self._shared_verdict(vendor, shared, end, other, items, whats, change)
                if new:
                    found = (end, whats, new)
                    break
            mine = shared.identity(own)
            for obj in changed if found is None else ():
                if len(lists[obj][0]) == lists[obj][2].get(mine, 0):
                    continue  # only this tunnel uses it: a sweep would re-run the engine on it for nothing
                for end, new in self._sweep(vendor, shared, obj, items)["failures"]:
                    if end is not own and id(end) not in several and not shared.same_tunnel(own, end):
                        found = (end, (obj[0],), new)
                        break
                if found is not None:
                    break
            if found is not None:
                end, whats, new = found
                why = "not shown: it changes %s, which %s also uses, and there it brings %s %s" % (
                    " and ".join(shared.name(own, w) for w in whats), shared.tunnel_name(end), new.severity, new.code)
                advice = shared.advice(own, items, whats)
                return touches, why + (": %s." % advice if advice else ".")
        return touches, None

    @staticmethod
    def _sharing_several(shared, own, changed, lists):
        """{id(end): (end, its counterpart, the kinds of the changed objects it uses)} of the other tunnels that use
        two or more of them: each is in every list of what it uses, so all of them are in the lists but the longest
        (a hub gateway's is not walked for a spoke's fix)."""
        several = {}
        if len(changed) < 2:
            return several
        longest = max(changed, key=lambda obj: len(lists[obj][0]))
        for obj in changed:
            if obj is longest:
                continue
            for end, other in lists[obj][0]:
                if end is own or id(end) in several or shared.same_tunnel(own, end):
                    continue
                whats = tuple(o[0] for o in changed if id(end) in lists[o][1])
                if len(whats) > 1:
                    several[id(end)] = (end, other, whats)
        return several

    @staticmethod
    def _shared_names(shared, own, changed, lists, several):
        """The names of the first TOUCHES_SHOWN other tunnels that use the changed objects, and how many there are
        (each counted once, this end not)."""
        names, seen = [], {id(own)}
        for obj in changed:
            for end, _other in lists[obj][0]:
                if len(names) >= TOUCHES_SHOWN:
                    break
                if id(end) not in seen and not shared.same_tunnel(own, end):
                    seen.add(id(end))
                    names.append(shared.tunnel_name(end))
        # every user of each object, less this tunnel (this end, and the same tunnel read twice: shared.identity),
        # less the repeats of those that use several
        mine = shared.identity(own)
        count = sum(len(lists[obj][0]) - lists[obj][2].get(mine, 0) for obj in changed)
        count -= sum(len(w) - 1 for _e, _o, w in several.values())
        return names, max(count, len(names))

    def _shared_index(self, vendor, shared):
        """{object: ([(end of ``vendor``, its counterpart)], frozenset of those ends' ids, {shared.identity: how many of
        them})} of the tunnels the siblings hold, made once per run."""
        basis = self.siblings.get(vendor)
        derived = basis is None
        if derived:
            basis = next((pairs for v, pairs in sorted(self.siblings.items()) if v != vendor), [])
        memo = ("shared-index", vendor, id(basis))
        found = self.sibling_cache.get(memo)
        if found is not None and found[0] is basis:
            return found[1]
        users = {}
        for pair in basis:
            end, other = (pair[1], pair[0]) if derived else pair
            if end.vendor != vendor:
                continue
            for what in shared.objects:
                key = shared.key(end, what)
                if key is not None:
                    users.setdefault(key, []).append((end, other))
        index = {obj: (pairs, frozenset(id(end) for end, _other in pairs), Counter(shared.identity(end) for end, _o in pairs))
                 for obj, pairs in users.items()}
        self.sibling_cache[memo] = (basis, index)
        return index

    def _sweep(self, vendor, shared, obj, items):
        """What ``items`` do to every tunnel that uses ``obj`` and takes the change only through it:
        {"failures": [(end, the first new error or warning)]}, once per object and change as it reaches them
        (shared.essence) for the whole run."""
        essence = tuple(shared.essence(fix, obj[0]) for fix in items)
        memo = ("sweep", vendor, obj, essence)
        found = self.sibling_cache.get(memo)
        if found is not None:
            return found
        failures = []
        if any(e is not None for e in essence):
            index = self._shared_index(vendor, shared)
            for end, other in (index.get(obj) or ((),))[0]:
                new = self._verdict_through(vendor, shared, end, other, items, (obj[0],))
                if new:
                    failures.append((end, new))
        found = self.sibling_cache[memo] = {"failures": failures}
        return found

    def _shared_verdict(self, vendor, shared, end, other, items, whats, change):
        """The first new error or warning ``items`` bring to another tunnel's ``end`` through the objects
        ``whats`` it shares, or None; once per change and tunnel for the whole run."""
        memo = ("shared", vendor, change, whats, id(end))
        found = self.sibling_cache.get(memo)
        if found is not None and found[0] is end:
            return found[1]
        new = self._verdict_through(vendor, shared, end, other, items, whats)
        self.sibling_cache[memo] = (end, new)
        return new

    def _verdict_through(self, vendor, shared, end, other, items, whats):
        """The engine re-run on ``end`` with what of ``items`` reaches it through ``whats``: its first new error or
        warning, or None."""
        parts = [p for p in (shared.part(end, fix, whats) for fix in items) if p]
        if not parts:
            return None
        own_first = self.a.vendor == vendor  # the pair in the order the check runs it
        pair = ("pair", id(end))
        before = self.sibling_cache.get(pair)
        if before is None or before[0] is not end:
            findings = self.check(end, other) if own_first else self.check(other, end)
            before = self.sibling_cache[pair] = (end, findings)
        fixed = self.edit(end, other, parts)
        after = self.check(fixed, other) if own_first else self.check(other, fixed)
        problems = _new_problems(before[1], after)
        return problems[0] if problems else None

    def _proven_text(self, target, fixes, touches):
        what = " and ".join("%d %s change(s)" % (len(v), _DISPLAY.get(k, k)) for k, v in sorted(fixes.items()))
        text = "proven: %s applied to the model clear %s and bring no new error or warning" % (what, target.code)
        if touches:
            text += "; it also changes what %s use(s), proven against them too" % ", ".join(touches)
        return text + "."

    @staticmethod
    def _refused(reason, fixes):
        return {"proven": False, "reason": reason, "fixes": fixes, "fixed": {}, "touches": [], "after": None}


_DISPLAY = {"asa": "ASA", "azure": "Azure"}


# Kinds of which an end holds several values (each fix adds one); every other kind holds one value,
# so a later fix of that kind replaces the earlier one in a plan.
_ADDING_KINDS = ("route", "bgp_advertise", "bgp_import")


def _add_to_plan(plan, fixes):
    for fix in fixes:
        if fix["kind"] in _ADDING_KINDS:
            if fix not in plan:
                plan.append(fix)
            continue
        plan[:] = [f for f in plan if f["kind"] != fix["kind"]] + [fix]


def _safety(proof):
    """Sort key of a proven fix: fewest other tunnels touched, then fewest ends changed, then fewest changes."""
    fixes = proof["fixes"]
    return (len(proof["touches"]), len(fixes), sum(len(v) for v in fixes.values()))


class TunnelPlan(object):
    """What align applies to one tunnel: per finding (most severe first) the safest proven fix among the ends
    allowed to change, each proven on top of the fixes taken before it."""

    def __init__(self, prover, changeable):
        self.prover = prover
        self.changeable = tuple(changeable)
        self.fixes = {v: [] for v in self.changeable}
        self.left = []  # [{"code", "reason"}] findings this plan does not fix
        self.taken = []  # [(code, [vendors])]
        p = prover
        self.state = (p.a, p.b)
        self.current = p.findings

    def build(self):
        for finding in self.prover.findings:
            if finding.severity == INFO or not finding.fixes:
                continue
            if not _still_there(finding, self.current):
                continue
            proofs, reasons = [], []
            for option in self._options(finding):
                proof = self.prover.prove(finding, option, self.state, self.current)
                (proofs if proof["proven"] else reasons).append(proof if proof["proven"] else proof["reason"])
            if not proofs:
                self.left.append({"code": finding.code, "reason": self._why_left(finding, reasons)})
                continue
            best = min(proofs, key=_safety)
            for vendor, items in best["fixes"].items():
                _add_to_plan(self.fixes[vendor], items)
            fixed = best["fixed"]
            self.state = tuple(fixed.get(e.vendor, e) for e in self.state)
            self.current = best["after"]
            self.taken.append((finding.code, sorted(best["fixes"])))
        return self

    def _options(self, finding):
        """Each allowed end alone, then every allowed end together (both ends must move for weak crypto)."""
        own = [v for v in self.changeable if finding.fixes.get(v)]
        options = [{v: finding.fixes[v]} for v in own]
        if len(own) > 1:
            options.append({v: finding.fixes[v] for v in own})
        return options

    def _why_left(self, finding, reasons):
        if reasons:
            return reasons[0]
        others = [v for v in finding.fixes if v not in self.changeable]
        if others and len(self.changeable) == 1:
            return "only %s can fix this (align to %s instead)" % (
                " or ".join(_DISPLAY.get(v, v) for v in others), _DISPLAY.get(self.changeable[0]))
        return "no fix can be proven for it: decide by hand"

    def codes(self, vendor):
        """The codes of the findings this plan fixes with a change to ``vendor``'s end."""
        return {code for code, vendors in self.taken if vendor in vendors}

    def fixed_end(self, vendor):
        return {e.vendor: e for e in self.state}.get(vendor)
