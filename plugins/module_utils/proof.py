# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prove a fix before anyone sees it.

A user pastes our fix into a production firewall. So a fix is shown only when
applying its intents (fixes.py) to the model of that end and running the engine
again shows that the finding is gone and that no new error or warning appeared.
A fix that weakens crypto, widens a policy-based end's selectors to any, or
lowers a lifetime is refused before it is tried.

``ModelEdit`` applies intents to a TunnelEnd (a copy: nothing shared is
mutated); ``Prover`` proves one finding's fix for one end, or for both ends at
once, and plans a whole tunnel (what align pushes) from the same proofs.

Plain Python: the model, the engine and the intents; no Ansible, no vendor.
Vendor semantics come in as ``EndRules`` from compat.py.
"""

import dataclasses
from collections import Counter

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel, select_child, select_ike
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import DEFAULT_BASELINE
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, SEVERITY_RANK, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_BOTH,
    NO_PFS,
    Bgp,
    ChildSaProposal,
    Dpd,
    IkeProposal,
    NatExemption,
    PrefixRule,
    TrafficSelector,
)

CRYPTO_KINDS = ("child_pfs", "child_proposal", "ike_proposal", "child_lifetime_seconds", "child_lifetime_kilobytes")
# Proving may pull in the fixes of findings the first fix uncovers (an IKE fix lets the engine look at
# ESP): at most this many rounds, so a proof always ends.
FOLLOW_UP_ROUNDS = 3
# A device-wide change names at most this many of the other tunnels it touches, then a count.
TOUCHES_SHOWN = 10


@dataclasses.dataclass(frozen=True)
class EndRules(object):
    """How one vendor's end takes a change (compat.py fills these per vendor).

    ``cannot``: asks the vendor's renderer whether it can carry a fix out at all.
    ``single_policy``: the end holds one suite (Azure's custom ipsecPolicies): a crypto change replaces
    what it negotiates today as a whole. ``additive``: kinds that add to what the end has instead of
    replacing it (an ASA ``crypto ikev2 policy`` is added next to the others). ``device_wide``: kinds
    that change something every tunnel of the device uses -> a short name of what they touch.
    """

    single_policy: bool = False
    additive: tuple = ()
    device_wide: tuple = ()
    device_wide_names: tuple = ()
    # (end, fix) -> why the vendor cannot be told to do it, or None (Azure's IKE SA lifetime is fixed)
    cannot: object = None
    # Selectors are the end's networks (an ASA crypto ACL); Azure's trafficSelectorPolicies leave the
    # local network gateway's address space (its remote_networks) as it is.
    networks_follow_selectors: bool = True
    # A route-based end offers any-to-any whatever it is told (an ASA VTI).
    routed_selectors_fixed: bool = False
    # Turning BGP on advertises the end's own networks (Azure advertises its VNet), else nothing yet.
    bgp_advertises_local: bool = False

    def touches_device(self, kind):
        return kind in self.device_wide

    def device_object(self, kind):
        names = dict(zip(self.device_wide, self.device_wide_names))
        return names.get(kind, kind)


NO_RULES = EndRules()


# ----------------------------------------------------------------------------------------------
# Refusals: what is never shown, whatever the engine says afterwards
# ----------------------------------------------------------------------------------------------
def _lifetime_value(value):
    return float("inf") if value is None else value


def _algorithms(end, kind):
    """Every algorithm and group the end offers or accepts today for IKE or ESP."""
    if kind == "ike_proposal":
        props = list(end.ike_proposals) + list(end.ike_proposals_responder or [])
        attrs = ("encryption", "integrity", "prf", "dh_groups")
    else:
        props = list(end.child_proposals) + list(end.child_proposals_responder or [])
        attrs = ("encryption", "integrity")
    return {v for p in props for attr in attrs for v in getattr(p, attr)}


# lifetime fix kind -> (TunnelEnd attribute, Lifetimes field, what to call it)
_LIFETIMES = {"child_lifetime_seconds": ("child_lifetime", "seconds", "Child SA lifetime"),
              "child_lifetime_kilobytes": ("child_lifetime", "kilobytes", "Child SA data lifetime"),
              "ike_lifetime_seconds": ("ike_lifetime", "seconds", "IKE SA lifetime")}


def refusal(end, fix, baseline=None, other=None):
    """Why ``fix`` must never be applied to ``end`` (weaker crypto, any-to-any selectors on a
    policy-based end, a lower lifetime), or None. ``other``: the end across the tunnel."""
    base = dict(DEFAULT_BASELINE)
    base.update(baseline or {})
    kind = fix["kind"]
    if kind == "child_pfs" and not fix.get("group") and end.pfs_group:
        return "it would remove PFS (group %d) from %s: never weaken one end to match the other" % (
            end.pfs_group, end.name)
    if kind in ("ike_proposal", "child_proposal"):
        # Weak values the end already uses are no weakening of it (Azure's default policy offers SHA1).
        has = _algorithms(end, kind)
        weak = [v for v in (fix.get("encryption"),) if v in base["weak_encryption"] and v not in has]
        weak += [v for v in (fix.get("integrity"), fix.get("prf")) if v and v in base["weak_integrity"]
                 and v not in has]
        if kind == "ike_proposal" and fix.get("dh_group") in base["weak_dh_groups"] and fix["dh_group"] not in has:
            weak.append("DH group %d" % fix["dh_group"])
        if weak:
            return "it would move %s to %s, below the crypto baseline" % (end.name, ", ".join(str(w) for w in weak))
    if kind == "traffic_selectors" and not end.route_based:
        for pair in fix.get("pairs") or []:
            if any(str(p).endswith("/0") for p in pair):
                return ("it would widen %s's crypto ACL to any, pulling all traffic leaving the interface into the "
                        "tunnel" % end.name)
    # Any-to-any is what a route-based peer (a VTI) offers and expects; towards a policy-based peer it
    # would pull everything into the tunnel.
    if kind == "policy_selectors" and not fix.get("enabled") and not end.route_based and not (
            other is not None and other.route_based):
        return "it would make policy-based %s offer any-to-any selectors" % end.name
    lifetime = _LIFETIMES.get(kind)
    if lifetime is not None:
        attr, unit, what = lifetime
        current = getattr(getattr(end, attr), unit)
        wanted = fix.get(unit)
        # No data limit (kilobytes None) is the highest data lifetime there is.
        if current is None and unit == "kilobytes" and wanted is not None and "child_lifetime" not in end.unknowns:
            current = float("inf")
        if current is not None and _lifetime_value(wanted) < current:
            return "it would lower %s's %s from %s to %s %s: raise the lower end instead" % (
                end.name, what, current, wanted, unit)
    return None


# ----------------------------------------------------------------------------------------------
# Applying intents to a model (copies only; an end's nested values are never mutated)
# ----------------------------------------------------------------------------------------------
def _negotiated_ike(end, other):
    combo = select_ike(end.ike_proposals, other.responder_ike()) or select_ike(other.ike_proposals, end.responder_ike())
    if combo is None:
        return end.ike_proposals[:1]
    enc, integ, prf, group = combo
    return [IkeProposal("negotiated", (enc,), (integ,) if integ else (), (prf,) if prf else (), (group,))]


def _negotiated_child(end, other, group):
    combo = select_child(end.child_proposals, other.responder_child(), False) or \
        select_child(other.child_proposals, end.responder_child(), False)
    if combo is None:
        return [dataclasses.replace(p, dh_groups=(group,)) for p in end.child_proposals[:1]]
    enc, integ = combo[0], combo[1]
    return [ChildSaProposal("negotiated", (enc,), (integ,) if integ else (), (group,))]


class ModelEdit(object):
    """Applies fix intents to a copy of one end; ``other`` is the end across the tunnel."""

    def __init__(self, end, other, rules=NO_RULES):
        self.end = dataclasses.replace(end)
        self.other = other
        self.rules = rules

    def apply(self, fixes):
        if self.rules.single_policy and any(f["kind"] in CRYPTO_KINDS for f in fixes):
            self._collapse()
        for fix in fixes:
            getattr(self, "_" + fix["kind"])(fix)
        return self.end

    def _collapse(self):
        """A one-suite end (Azure custom policy) keeps the suite the pair negotiates today."""
        end = self.end
        end.ike_proposals = _negotiated_ike(end, self.other)
        end.ike_proposals_responder = None
        end.child_proposals = _negotiated_child(end, self.other, end.pfs_group or NO_PFS)
        end.child_proposals_responder = None

    def _set(self, **values):
        self.end = dataclasses.replace(self.end, **values)
        drop = {"pfs_group": "pfs_group", "child_proposals": "child_proposals", "ike_proposals": "ike_proposals",
                "child_lifetime": "child_lifetime", "traffic_selectors": "traffic_selectors"}
        gone = {drop[k] for k in values if k in drop}
        if gone:
            self.end.unknowns = tuple(u for u in self.end.unknowns if u not in gone)

    def _child_pfs(self, fix):
        group = fix.get("group") or NO_PFS
        end = self.end
        responder = end.child_proposals_responder
        self._set(pfs_group=fix.get("group") or None,
                  child_proposals=[dataclasses.replace(p, dh_groups=(group,)) for p in end.child_proposals],
                  child_proposals_responder=None if responder is None else [
                      dataclasses.replace(p, dh_groups=(group,)) for p in responder])

    def _child_proposal(self, fix):
        group = self.end.pfs_group or NO_PFS
        integrity = (fix["integrity"],) if fix.get("integrity") else ()
        self._set(child_proposals=[ChildSaProposal("fix", (fix["encryption"],), integrity, (group,))],
                  child_proposals_responder=None)

    def _ike_proposal(self, fix):
        integ = fix.get("integrity")
        prf = fix.get("prf") or integ
        new = IkeProposal("fix", (fix["encryption"],), (integ,) if integ else (), (prf,) if prf else (),
                          (fix["dh_group"],))
        end = self.end
        if "ike_proposal" in self.rules.additive:
            responder = end.ike_proposals_responder
            self._set(ike_proposals=[new] + list(end.ike_proposals),
                      ike_proposals_responder=None if responder is None else [new] + list(responder))
        else:
            self._set(ike_proposals=[new], ike_proposals_responder=None)

    def _child_lifetime_seconds(self, fix):
        self._set(child_lifetime=dataclasses.replace(self.end.child_lifetime, seconds=fix["seconds"], source=()))

    def _child_lifetime_kilobytes(self, fix):
        self._set(child_lifetime=dataclasses.replace(self.end.child_lifetime, kilobytes=fix["kilobytes"],
                                                     source=()))

    def _ike_lifetime_seconds(self, fix):
        self._set(ike_lifetime=dataclasses.replace(self.end.ike_lifetime, seconds=fix["seconds"], source=()))

    def _traffic_selectors(self, fix):
        if self.rules.routed_selectors_fixed and self.end.route_based:
            return
        pairs = [tuple(p) for p in fix["pairs"]]
        values = {"traffic_selectors": [TrafficSelector(local, remote) for local, remote in pairs],
                  "any_to_any": False}
        if self.rules.networks_follow_selectors:
            values.update(local_networks=list(dict.fromkeys(p[0] for p in pairs)),
                          remote_networks=list(dict.fromkeys(p[1] for p in pairs)))
        self._set(**values)

    def _policy_selectors(self, fix):
        end = self.end
        if fix["enabled"]:
            known = end.local_networks is not None and end.remote_networks is not None
            selectors = [TrafficSelector(lo, re) for lo in end.local_networks or [] for re in end.remote_networks or []]
            self._set(any_to_any=False, traffic_selectors=selectors if known else None)
        else:
            self._set(any_to_any=True, traffic_selectors=[TrafficSelector("0.0.0.0/0", "0.0.0.0/0")])

    def _peer_address(self, fix):
        self._set(peer_address=fix["address"])

    def _ike_version(self, fix):
        if "ike_version" in self.rules.additive:
            self._set(ike_versions=tuple(sorted(set(self.end.ike_versions) | {fix["version"]})))
        else:
            self._set(ike_versions=(fix["version"],))

    def _tcp_mss(self, fix):
        self._set(tcp_mss=fix["mss"])

    def _dpd_timeout(self, fix):
        self._set(dpd=Dpd(enabled=True, timeout_seconds=fix["seconds"]))

    def _nat_exemption(self, fix):
        self._set(nat=NatExemption(exempt=True, detail="exempted by the fix"))

    def _remote_networks(self, fix):
        end = self.end
        derived = (not end.any_to_any and end.traffic_selectors is not None and end.local_networks is not None
                   and {(t.local, t.remote) for t in end.traffic_selectors}
                   == {(lo, re) for lo in end.local_networks for re in end.remote_networks or []})
        values = {"remote_networks": list(fix["networks"])}
        if derived:
            values["traffic_selectors"] = [TrafficSelector(lo, re) for lo in end.local_networks
                                           for re in fix["networks"]]
        self._set(**values)

    def _pre_shared_key(self, fix):
        theirs = self.other.auth
        self._set(auth=dataclasses.replace(self.end.auth, method=theirs.method, psk_digest=theirs.psk_digest))

    def _initiator(self, fix):
        self._set(mode=MODE_BOTH)

    def _route(self, fix):
        routed = list(self.end.routed_networks or [])
        if fix["network"] not in routed:
            routed.append(fix["network"])
        self._set(routed_networks=routed)

    def _bgp(self):
        return self.end.bgp if self.end.bgp is not None else Bgp()

    def _bgp_enabled(self, fix):
        if not fix["enabled"]:
            self._set(bgp=None)
        elif self.end.bgp is None:
            local = list(self.end.local_networks or []) if self.rules.bgp_advertises_local else []
            self._set(bgp=Bgp(advertised=local))

    def _bgp_neighbor(self, fix):
        bgp = self._bgp()
        asn = fix.get("asn") if fix.get("asn") is not None else bgp.asn
        self._set(bgp=dataclasses.replace(bgp, peer_address=fix["address"], peer_asn=fix["remote_as"], asn=asn))

    def _bgp_multihop(self, fix):
        self._set(bgp=dataclasses.replace(self._bgp(), multihop=fix["ttl"]))

    def _bgp_activate(self, fix):
        self._set(bgp=dataclasses.replace(self._bgp(), activated=True))

    def _bgp_advertise(self, fix):
        bgp = self._bgp()
        advertised = list(bgp.advertised or [])
        advertised += [n for n in fix["networks"] if n not in advertised]
        self._set(bgp=dataclasses.replace(bgp, advertised=advertised))

    def _bgp_import(self, fix):
        bgp = self._bgp()
        if bgp.import_filter is None:
            return
        rules = [PrefixRule("permit", n) for n in fix["networks"]]
        self._set(bgp=dataclasses.replace(bgp, import_filter=rules + list(bgp.import_filter)))


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
    """

    def __init__(self, a, b, findings, rules=None, baseline=None, siblings=None, sibling_cache=None):
        self.a, self.b = a, b
        self.findings = findings
        self.rules = rules or {}
        self.baseline = baseline
        self.siblings = siblings or {}
        # Shared by the provers of one run: a device-wide change is checked once per sibling tunnel,
        # not once per tunnel that asks for it (the same ikev2 policy fix for every tunnel stays linear).
        self.sibling_cache = {} if sibling_cache is None else sibling_cache
        self.runs = 0
        self.cannot_memo = {}
        self.proof_memo = {}

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
            fixed_a = self.edit(a, b, fixes[a.vendor]) if fixes.get(a.vendor) else a
            fixed_b = self.edit(b, a, fixes[b.vendor]) if fixes.get(b.vendor) else b
            after = self.check(fixed_a, fixed_b)
            new = _new_problems(before, after)
            cleared = not _still_there(target, after)
            if cleared and not new:
                touches, why = self._prove_device_wide(fixes)
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
