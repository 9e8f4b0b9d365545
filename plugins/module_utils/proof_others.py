# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Proving a fix against the other tunnels it reaches: a change to something the whole device uses (the ASA's IKEv2
policies, its global lifetimes: ``EndRules.touches_device``), proven against every other tunnel of that device; a
change to an object several tunnels share (an Azure local network gateway, connection or gateway, an ASA ipsec profile:
shared_objects.py), proven against each tunnel that uses it. "First, do no harm": a fix that clears one tunnel's
finding and breaks another's is not shown.

``ProofsOnOtherTunnels`` is the part of proof.Prover that does this: it uses the prover's ``a``, ``b``, ``rules``,
``siblings``, ``sibling_cache``, ``shared``, ``check`` and ``edit``. Each verdict is computed once per change and object
for the whole run (``sibling_cache``), so a hub's shared change stays linear in its tunnels.

Plain Python: the model, the engine and the intents; no Ansible, no vendor.
"""

from collections import Counter

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_edit import NO_RULES

# A change names at most this many of the other tunnels it touches, then a count.
TOUCHES_SHOWN = 10


def _problems(findings):
    """Errors and warnings by code: what "no new error or warning" is counted against."""
    return Counter((f.code, f.severity) for f in findings if f.severity in (ERROR, WARNING))


def new_problems(before, after):
    """Findings in ``after`` that are errors or warnings of a code (or severity) ``before`` did not have as often."""
    extra = _problems(after) - _problems(before)
    if not extra:
        return []
    # of several findings of one code, name one whose text is new (the old one may still be there)
    told = {(f.code, f.severity, f.summary) for f in before}
    unseen = [f for f in after if (f.code, f.severity, f.summary) not in told]
    out, seen = [], Counter()
    for f in unseen + [f for f in after if (f.code, f.severity, f.summary) in told]:
        key = (f.code, f.severity)
        if extra.get(key, 0) > seen[key]:
            seen[key] += 1
            out.append(f)
    return out


class ProofsOnOtherTunnels(object):
    """The proofs of proof.Prover against the tunnels a change reaches besides its own (see the module docstring)."""

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
                new = new_problems(before, self.check(self.edit(end, other, wide), other))
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
            unchecked = self._unchecked_user(vendor, shared, own, changed)
            if unchecked is not None:
                end, obj = unchecked
                advice = shared.advice(own, items, (obj[0],))
                return touches, ("not shown: it changes %s, which %s (peer %s) also uses, a tunnel this run cannot check "
                                 "(no end of it was read on the other side)%s" % (
                                     shared.name(own, obj[0]), shared.tunnel_name(end), end.peer_address or "unknown",
                                     ": %s." % advice if advice else "."))
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

    def _unchecked_user(self, vendor, shared, own, changed):
        """(end, object) of the first unpaired end of ``vendor`` (``self.unpaired``: a VTI to another site, a
        connection to another device) that uses one of the ``changed`` objects, or None: what a change does there
        cannot be proven, as that tunnel's other end was not read. Indexed once per run."""
        ends = self.unpaired.get(vendor) or ()
        if not ends:
            return None
        memo = ("unpaired-index", vendor, id(ends))
        found = self.sibling_cache.get(memo)
        if found is None or found[0] is not ends:
            users = {}
            for end in ends:
                for what in shared.objects:
                    key = shared.key(end, what)
                    if key is not None:
                        users.setdefault(key, end)
            found = self.sibling_cache[memo] = (ends, users)
        for obj in changed:
            end = found[1].get(obj)
            if end is not None and end is not own and not shared.same_tunnel(own, end):
                return end, obj
        return None

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
        problems = new_problems(before[1], after)
        return problems[0] if problems else None
