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

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import select_ike
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of
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


# ----------------------------------------------------------------------------------------------
# A new IKE policy among the device's global ones
# ----------------------------------------------------------------------------------------------
def negotiating_policies(end, other):
    """What ``end`` negotiates with ``other`` through its IKE proposals, per direction: ((the first of its offers
    ``other`` accepts, combination), (the first of its own proposals, as responder, that takes one of ``other``'s
    offers, combination)), each None where none does. An ASA offers its policies in priority order and, as responder,
    takes the first of its policies (by priority) that matches the peer's offer (Cisco ASA Series VPN CLI
    Configuration Guide, Site-to-Site: "crypto ikev2 policy priority"; engine.matching.negotiated_ike_lifetime)."""
    accepts = other.responder_ike()
    offered = next((p for p in end.ike_proposals if select_ike([p], accepts)), None)
    taken = next((p for p in end.responder_ike() if select_ike(other.ike_proposals, [p])), None)
    return ((offered, select_ike([offered], accepts)) if offered is not None else None,
            (taken, select_ike(other.ike_proposals, [taken])) if taken is not None else None)


def _result(end, found):
    """(combination, IKE SA lifetime) a direction of negotiating_policies gives ``end``, None where none."""
    if found is None:
        return None
    proposal, combo = found
    seconds = proposal.lifetime_seconds
    if seconds is None and end.ike_lifetime is not None:
        seconds = end.ike_lifetime.seconds
    return combo, seconds


class NewPolicyProof(object):
    """The part of proof.Prover that judges a new IKE policy among the device's global ones (an ASA's ``crypto ikev2
    policy``, matched in priority order by every tunnel of the ASA): ``new_policy_refusal``."""

    def new_policy_refusal(self, fixes_by_vendor):
        """Why the new IKE policy of an ``ike_proposal`` fix with its own lifetime or priority (align_to intent's
        ``crypto ikev2 policy``) must not be pushed, or None. One rule with the report's own IKE fixes
        (asa.proposals.new_policy_priority): a new policy changes no other tunnel's negotiated result, and it is one
        that takes effect. So it is refused when
        - for this tunnel an existing policy comes first (a lower number whose suite the peer takes): the new one is
          never chosen, and what the intent asks is not what negotiates (review L, finding 2);
        - placed before existing policies, it changes the suite or IKE SA lifetime another paired tunnel of the device
          negotiates, or the device has tunnels whose other end this run did not read (self.unpaired), whose
          negotiation nothing can judge. After every policy it takes effect only where none matched before."""
        fixes = {v: list(f) for v, f in fixes_by_vendor.items() if f}
        for vendor, items in fixes.items():
            rank = self.rules.get(vendor, NO_RULES).policy_priority
            placed = [f for f in items if f["kind"] == "ike_proposal"
                      and (f.get("lifetime_seconds") is not None or f.get("priority") is not None)]
            if rank is None or not placed:
                continue
            own = self.a if self.a.vendor == vendor else self.b
            fixed = {e.vendor: e for e in self._trial(self.a, self.b, self.findings, fixes)[:2]}
            mine, theirs = fixed[vendor], next(e for v, e in fixed.items() if v != vendor)
            for fix in placed:
                why = self._shadowed(own, mine, theirs, fix, rank) or self._moves_others(vendor, own, fix, rank)
                if why:
                    return why
        return None

    @staticmethod
    def _policy_name(proposal, rank):
        number = rank(proposal)
        return "crypto ikev2 policy %d" % number if number is not None else proposal.label

    def _shadowed(self, own, mine, theirs, fix, rank):
        """Why the new policy is not what ``own``'s tunnel negotiates once applied (``mine`` and ``theirs``: both ends
        with the fixes), or None."""
        label = fix.get("label") or "fix"
        asked = fix.get("lifetime_seconds")
        for found in negotiating_policies(mine, theirs):
            if found is None or found[0].label == label:
                continue
            combo, seconds = _result(mine, found)
            suite_kept = (combo[0], combo[3]) == (fix["encryption"], fix["dh_group"])
            if suite_kept and (asked is None or seconds == asked):
                continue  # what the fix asks negotiates, through a policy that says the same
            number = rank(found[0])
            name = self._policy_name(found[0], rank)
            where = ("priority %d" % fix["priority"] if fix.get("priority") is not None
                     else "a priority after every existing policy")
            kept = "the IKE SA lifetime stays %s s, not the intent's %s s" % (seconds, asked) if suite_kept else \
                "the tunnel keeps negotiating %s" % "/".join(str(v) for v in combo if v is not None)
            return ("%s (%s, lifetime %s s) comes first for %s (peer %s), so a new crypto ikev2 policy at %s is never "
                    "chosen there and %s: IKE policies are global (the ASA takes the first by priority that matches "
                    "the peer) and shared ones are never edited; give ike.priority below %s (proven against the "
                    "ASA's other tunnels) or the lifetime %s has; nothing is pushed to either end" % (
                        name, "/".join(str(v) for v in combo if v is not None), seconds, own.name,
                        own.peer_address or "unknown", where, kept, number if number is not None else "it", name))
        return None

    def _moves_others(self, vendor, own, fix, rank):
        """Why a new policy placed before existing ones changes what other tunnels of the device negotiate, or None."""
        priority = fix.get("priority")
        if priority is None or not any((rank(p) or 0) > priority for p in own.ike_proposals):
            return None  # after every policy: it takes effect only where none matched before
        changed = [name for end_id, name in self._policy_verdict(vendor, fix, rank)
                   if end_id != id(own) and name != own.name]
        if changed:
            return ("crypto ikev2 policy %d is global: placed before the ASA's existing policies it changes the IKE "
                    "suite or IKE SA lifetime that %d other tunnel(s) of the ASA negotiate (%s), and after them it "
                    "would not be the one chosen: the intent's IKE policy cannot be given to this tunnel alone; align "
                    "it by hand; nothing is pushed to either end" % (priority, len(changed), first_of(changed, 3)))
        unread = ["%s (peer %s)" % (e.name, e.peer_address or "unknown") for e in self.unpaired.get(vendor) or ()
                  if e is not own and e.name != own.name and any(rank(p) is not None for p in e.ike_proposals)]
        # the peers of a dynamic crypto map are whoever connects: no end of this run stands for them
        unread += ["%s (any peer)" % name for name in (own.ref or {}).get("dynamic_peers") or ()]
        if unread:
            return ("crypto ikev2 policy %d is global: placed before the ASA's existing policies it may change what "
                    "%d other tunnel(s) negotiate, whose other end this run did not read (%s): give ike.priority "
                    "after them; nothing is pushed to either end" % (priority, len(unread), first_of(unread, 3)))
        return None

    def _policy_verdict(self, vendor, fix, rank):
        """[(id, name)] of the paired tunnels of the device whose negotiated IKE suite or lifetime the new policy
        changes, once per fix for the run (sibling_cache)."""
        key = ("new-policy", vendor, repr(sorted(fix.items())))
        found = self.sibling_cache.get(key)
        if found is None:
            found = []
            for end, other in self.siblings.get(vendor, []):
                if not any(rank(p) is not None for p in end.ike_proposals):
                    continue  # its proposals are no IKEv2 policies (an IKEv1 tunnel)
                before = [_result(end, f) for f in negotiating_policies(end, other)]
                edited = self.edit(end, other, [fix])
                after = [_result(edited, f) for f in negotiating_policies(edited, other)]
                if any(b is not None and b != a for b, a in zip(before, after)):
                    found.append((id(end), end.name))
            self.sibling_cache[key] = found
        return found
