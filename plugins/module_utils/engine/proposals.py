# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Proposal matching: IKE_SA_INIT and its rekey, the Child SA suites and the KE of
Child SA rekeys (PFS). Their fixes never move an end to a suite or a PFS group weaker
than it has, nor below the baseline (strength.py), and never remove PFS."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS, NO_PFS
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import STRONG_ESP, STRONG_IKE, _join, _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import (
    DH_GROUP_BITS,
    NOT_RECOMMENDED_DH_GROUPS,
    child_combo_is_weak,
    child_strength,
    group_bits,
    ike_combo_is_weak,
    ENCRYPTION_BITS,
    INTEGRITY_BITS,
    ike_strength,
    lowered_parts,
    weak_parts,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.lifetimes import _may_rekey_first, _rekey_order, _rekey_timing
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import _UNSET, child_combinations, ike_combinations, selection


def _among(init, resp, directions):
    """(init, resp) in directions, the ends compared by identity."""
    return any(init is i and resp is r for i, r in directions)


def _transform_overlap(offered_values, accepted_values):
    offered = sorted(set(offered_values), key=str)
    accepted = sorted(set(accepted_values), key=str)
    return {"offered": offered, "accepted": accepted, "common": sorted(set(offered) & set(accepted), key=str)}


def _ike_overlap(offered, accepted):
    """Per transform type, which values the two sides share: says what to fix."""
    def values(props, attr):
        return [v for p in props for v in getattr(p, attr)]

    return {
        attr: _transform_overlap(values(offered, attr), values(accepted, attr))
        for attr in ("encryption", "integrity", "prf", "dh_groups")
    }


def _child_overlap(offered, accepted, with_ke):
    def values(props, attr):
        return [v for p in props for v in getattr(p, attr)]

    attrs = ("encryption", "integrity", "dh_groups") if with_ke else ("encryption", "integrity")
    return {attr: _transform_overlap(values(offered, attr), values(accepted, attr)) for attr in attrs}


def _describe_ike(props):
    return [
        {
            "label": p.label,
            "encryption": list(p.encryption),
            "integrity": list(p.integrity),
            "prf": list(p.prf),
            "dh_groups": list(p.dh_groups),
            "lines": _lines(p.source),
        }
        for p in props
    ]


def _describe_child(props):
    return [
        {
            "label": p.label,
            "encryption": list(p.encryption),
            "integrity": list(p.integrity),
            "pfs_groups": list(p.dh_groups),
            "lines": _lines(p.source),
        }
        for p in props
    ]


def _child_suites(proposal):
    return [c[:2] for c in child_combinations(proposal, with_ke=False)]


# kind -> (combinations of one proposal, strength, below the baseline?, an end's offers, its accepted list)
_SUITES = {
    "ike": (ike_combinations, ike_strength, ike_combo_is_weak, lambda e: e.ike_proposals, lambda e: e.responder_ike()),
    "child": (_child_suites, child_strength, child_combo_is_weak, lambda e: e.child_proposals,
              lambda e: e.responder_child()),
}


def _own_suites(end, kind):
    """Every suite ``end`` offers or accepts."""
    combos, _strength, _weak, offers, accepts = _SUITES[kind]
    props = list(offers(end))
    props += [p for p in accepts(end) if p not in props]
    return [c for p in props for c in combos(p)]


def _candidates(end, kind):
    """Suites ``end`` offers and also accepts (both directions then work), then the rest it accepts,
    in its order of preference."""
    combos, _strength, _weak, offers, accepts = _SUITES[kind]
    accepted = [c for p in accepts(end) for c in combos(p)]
    offered = [c for p in offers(end) for c in combos(p)]
    return [c for c in offered if c in accepted] + [c for c in accepted if c not in offered]


def _best(end, kind):
    strength = _SUITES[kind][1]
    return max([strength(c) for c in _own_suites(end, kind)] or [(0, 0)])


def _lowers(end, kind, combo):
    """Does ``combo`` lower a part (cipher, mode, integrity, PRF, DH group) of every strongest suite ``end`` has?
    Equal weakest-part strength is not enough: a fix never weakens an end (review D, finding 2)."""
    strength = _SUITES[kind][1]
    own = _own_suites(end, kind)
    if not own:
        return False
    best = max(strength(c) for c in own)
    return all(lowered_parts(combo, c) for c in own if strength(c) == best)


def _move_to(end, other, baseline, kind):
    """The intent that moves ``end`` to a suite ``other`` offers and accepts, or None when every such suite
    is below the baseline or weaker than the strongest ``end`` has, as a whole or in a part (a fix never weakens
    an end)."""
    _combos, strength, is_weak, _offers, _accepts = _SUITES[kind]
    best = _best(end, kind)
    for combo in _candidates(other, kind):
        if not is_weak(baseline, combo) and strength(combo) >= best and not _refuses(end, kind, combo) and (
                not _lowers(end, kind, combo)):
            return _suite_intent(kind, combo)
    return None


def _refuses(end, kind, combo):
    """Can ``end`` not be set to ``combo``: its software no longer takes a value of it (TunnelEnd.refused_*), or has
    no name for one (accepted_*_algorithms), or pairs no other PRF with an integrity (ike_prf_is_integrity)?"""
    values = combo[:3] if kind == "ike" else combo[:2]
    if end.refused_values(values, combo[3:] if kind == "ike" else ()):
        return True
    accepted = end.accepted_ike_algorithms if kind == "ike" else end.accepted_esp_algorithms
    if accepted is not None and any(value is not None and value not in accepted for value in values):
        return True
    # an AEAD suite has no integrity: its PRF is named on its own
    return kind == "ike" and end.ike_prf_is_integrity and combo[1] is not None and combo[2] not in (None, combo[1])


def _suite_intent(kind, combo):
    if kind == "ike":
        enc, integ, prf, group = combo
        return intent("ike_proposal", encryption=enc, integrity=integ, prf=prf, dh_group=group)
    return intent("child_proposal", encryption=combo[0], integrity=combo[1])


def _strong(kind):
    if kind == "ike":
        return (STRONG_IKE["encryption"], STRONG_IKE["integrity"], STRONG_IKE["prf"], STRONG_IKE["dh_group"])
    return (STRONG_ESP["encryption"], STRONG_ESP["integrity"])


def _may_take(end, kind, combo, baseline):
    """Can ``end`` be moved to ``combo`` with no loss: above the baseline, a suite its software takes, no weaker than its
    strongest suite as a whole nor in a part (what _move_to asks of a suite of the other end's)."""
    strength, is_weak = _SUITES[kind][1], _SUITES[kind][2]
    return not is_weak(baseline, combo) and strength(combo) >= _best(end, kind) and not _refuses(end, kind, combo) \
        and not _lowers(end, kind, combo)


def _may_add(end, kind, combo, baseline):
    """Can ``end``, which keeps its own IKE proposals beside one a fix adds (ike_proposals_kept: an ASA's new policy),
    add ``combo``: above the baseline, a suite its software takes, and no part of it lower than a suite the end takes
    already. Its strongest suite stays, and it takes nothing weaker than it did (review D: an all-SHA-2 ASA against
    Azure's GCM suite, whose parts its own AES-256/SHA384/group 20 has, had no fix)."""
    if kind != "ike" or not end.ike_proposals_kept:
        return False
    is_weak = _SUITES[kind][2]
    return not is_weak(baseline, combo) and not _refuses(end, kind, combo) and any(
        not lowered_parts(combo, own) for own in _own_suites(end, kind))


def _stronger_parts(kind, first, second):
    """The suite with the stronger of each part of ``first`` and ``second``: it lowers no part of either."""
    def stronger(x, y, bits):
        return x if bits(x) >= bits(y) else y

    def enc_rank(enc):
        return (ENCRYPTION_BITS.get(enc, 0), enc in AEAD_CIPHERS)

    enc = stronger(first[0], second[0], enc_rank)
    integ = None if enc in AEAD_CIPHERS else stronger(first[1], second[1], lambda v: INTEGRITY_BITS.get(v, -1))
    if kind != "ike":
        return (enc, integ)
    prf = stronger(first[2], second[2], lambda v: INTEGRITY_BITS.get(v, -1))
    return (enc, integ, prf, stronger(first[3], second[3], group_bits))


def _strongest(end, kind):
    """The suites ``end`` has of its best strength (_best), in its order."""
    strength = _SUITES[kind][1]
    own = _own_suites(end, kind)
    best = max([strength(c) for c in own] or [(0, 0)])
    return list(dict.fromkeys(c for c in own if strength(c) == best))


def _shared_suite(check, kind):
    """When neither end can move to a suite of the other's: a suite both can then use, as {vendor: [intent]} for the ends
    that must change, or {}. Tried: each part at the stronger end's (a suite lowering neither end), the strong suite,
    and the ends' own suites; an end moves to it with no loss (_may_take) or, keeping its own IKE proposals, adds one
    no weaker in any part than one it takes already (_may_add). Changes that lower nothing of either end come first,
    then the fewest ends changed, then the strongest suite."""
    a, b = check.a, check.b
    strength = _SUITES[kind][1]
    own_a, own_b = _candidates(a, kind), _candidates(b, kind)
    top_a, top_b = _strongest(a, kind), _strongest(b, kind)
    pool = []
    for combo in [_stronger_parts(kind, x, y) for x in top_a for y in top_b] + [_strong(kind)] + own_b + own_a:
        if combo not in pool:
            pool.append(combo)
    options = []
    for order, combo in enumerate(pool):
        movers, added = [], 0
        for end, own in ((a, own_a), (b, own_b)):
            if combo in own:
                continue
            if _may_take(end, kind, combo, check.baseline):
                movers.append(end)
            elif _may_add(end, kind, combo, check.baseline):
                movers.append(end)
                added += 1
            else:
                break
        else:
            if movers:
                options.append(((added, len(movers), tuple(-v for v in strength(combo)), order), combo, movers))
    if not options:
        return {}
    _key, combo, movers = min(options, key=lambda o: o[0])
    return {end.vendor: [_suite_intent(kind, combo)] for end in movers}


def _suite_fixes(check, kind):
    """Per end, the move to the other end's suite that weakens nothing; when neither end can move, the suite both can
    use (_shared_suite): the ends' parts at their stronger, or the strong suite (both have weak suites only), or an
    end that keeps its own IKE proposals adding the other's."""
    a, b = check.a, check.b
    fixes = {}
    for end, other in ((a, b), (b, a)):
        move = _move_to(end, other, check.baseline, kind)
        if move:
            fixes[end.vendor] = [move]
    if fixes:
        return fixes
    return _shared_suite(check, kind)


def _suite_text(kind, combo):
    if kind == "ike":
        enc, integ, prf, group = combo
        parts = [enc] + ([integ] if integ else []) + (["PRF %s" % prf] if prf and prf != integ else [])
        return "/".join(parts + ["group %s" % group])
    return "/".join(v for v in combo[:2] if v)


def _why_not_to(end, kind, combo, baseline):
    """Why ``end`` is not moved to ``combo``, in words: what it cannot take, what it would lower, what stays below
    the baseline."""
    strength = _SUITES[kind][1]
    why = []
    values = combo[:3] if kind == "ike" else combo[:2]
    refused = end.refused_values(values, combo[3:] if kind == "ike" else ())
    if refused:
        why.append("%s cannot take %s" % (who(end), ", ".join(refused)))
    else:
        accepted = end.accepted_ike_algorithms if kind == "ike" else end.accepted_esp_algorithms
        unnamed = [v for v in dict.fromkeys(values) if v is not None and accepted is not None and v not in accepted]
        if unnamed:
            why.append("%s has no %s" % (who(end), ", ".join(unnamed)))
        elif _refuses(end, kind, combo):
            why.append("%s takes no PRF other than its integrity" % who(end))
    own = _own_suites(end, kind)
    best = _best(end, kind)
    lowered = [p for c in own if strength(c) == best for p in lowered_parts(combo, c)][:2]
    if lowered:
        why.append("it would lower its %s" % ", ".join(lowered))
    elif strength(combo) < best:
        why.append("it is weaker than its strongest suite")
    weak = _weak_of(baseline, kind, combo)
    if weak:
        why.append("the suite stays below the crypto baseline (%s)" % ", ".join(weak))
    return ", and ".join(why) or "it does not clear the mismatch"


def _weak_of(baseline, kind, combo):
    if kind == "ike":
        found = weak_parts(baseline, [combo[0]], [v for v in combo[1:3] if v is not None], [combo[3]])
    else:
        found = weak_parts(baseline, [combo[0]], [combo[1]] if combo[1] is not None else [])
    return [str(v) if not isinstance(v, int) else "group %d" % v for v in dict.fromkeys(found)]


def _suite_unfixed(check, kind, fixes):
    """Why the suite finding asks nothing of an end (fixes has none for it), per vendor: the other end's suites it is
    not moved to and why, and why no suite both ends could take is offered. Review D, finding 4: an IKEv1 pair was
    told "cannot take SHA256" for a cipher mismatch, and "the engine still reports" it of the other end."""
    a, b = check.a, check.b
    out = {}
    if len(fixes) == 2:
        return out
    strong = _strong(kind)
    # the ends that cannot take the strong suite (an ASA's IKEv1 policy or transform-set: no SHA-2, no GCM)
    barred = [(end, end.refused_values(strong[:3] if kind == "ike" else strong[:2], strong[3:] if kind == "ike" else ()))
              for end in (a, b)]
    barred = [(end, values) for end, values in barred if values]
    for end, other in ((a, b), (b, a)):
        if end.vendor in fixes:
            continue
        tried = [(combo, _why_not_to(end, kind, combo, check.baseline)) for combo in _candidates(other, kind)[:2]]
        text = "not shown: " + "; ".join("%s's suite %s is not one %s may move to: %s" % (
            who(other), _suite_text(kind, combo), who(end), why) for combo, why in tried)
        if not tried:
            text += "%s has no suite %s could move to" % (who(other), who(end))
        if fixes:
            text += "; the change tried is %s's (see its proof)" % " and ".join(who(e) for e in (a, b) if e.vendor in fixes)
        elif barred:
            text += "; no suite above the baseline is one both ends take: %s" % "; ".join(
                "%s cannot take %s" % (who(e), ", ".join(values)) for e, values in barred)
            if any("with IKEv1" in v for _e, values in barred for v in values):
                text += ": move the tunnel to IKEv2, where both ends take SHA-2 and GCM"
        else:
            text += "; no suite above the baseline is one both ends take without lowering a part of either end's strongest suite"
        out[end.vendor] = text + " (a fix never weakens an end nor leaves a suite below the crypto baseline)."
    return out


def _group_name(group):
    if group is None or group == NO_PFS:
        return "none"
    return "group%d" % group


def _pfs_text(end):
    if end.pfs_group is None:
        return "no PFS"
    return "PFS DH group %d" % end.pfs_group


def _pfs_sources(end):
    return end.pfs_source or tuple(cl for p in end.child_proposals for cl in p.source)


def _pfs_groups(proposals):
    return sorted({g for p in proposals for g in p.dh_groups})


def _rekey_outcome(offered, accepted):
    real_offered = [g for g in offered if g != NO_PFS]
    real_accepted = [g for g in accepted if g != NO_PFS]
    if not real_offered:
        return "no KE offered while the responder requires PFS: NO_PROPOSAL_CHOSEN"
    if not real_accepted:
        return "KE for group %s sent while the responder has no PFS: INVALID_KE_PAYLOAD" % "/".join(map(str, real_offered))
    return "KE for group %s sent while the responder accepts only group %s: INVALID_KE_PAYLOAD" % (
        "/".join(map(str, real_offered)), "/".join(map(str, real_accepted)))


def _quick_mode_outcome(offered):
    """IKEv1: Quick Mode with a KE payload (PFS) or without one; a responder that wants the other refuses the
    proposal with NO-PROPOSAL-CHOSEN (RFC 2409 section 5.5), no INVALID_KE_PAYLOAD, which is IKEv2's (review
    2026-12-05: the IKEv1 evidence cited RFC 7296)."""
    real = [g for g in offered if g != NO_PFS]
    return "Quick Mode %s: NO-PROPOSAL-CHOSEN" % (
        "with a KE for group %s" % "/".join(map(str, real)) if real else "without a KE")


def _quick_modes_refused(failures, starters):
    """IKEv1: which Quick Modes a PFS mismatch refuses, in words. ``failures``: the (initiator, responder) pairs
    refused; ``starters``: the pairs whose initiator may start one (the connection modes)."""
    if all(_among(i, r, failures) for i, r in starters):
        return "no IPsec SA comes up"
    init, resp = failures[0]
    working = next(i for i, r in starters if not _among(i, r, failures))
    return ("%s refuses every Quick Mode %s starts (%s): the tunnel comes up when %s starts it, and its traffic stops "
            "whenever %s starts one, at its own rekey or when it brings the tunnel up again" % (
                who(resp), who(init), _quick_mode_outcome(_pfs_groups(init.child_proposals)), who(working),
                who(init)))


def _pfs_fixes(a, b, baseline):
    """Never remove PFS: the end without PFS takes the other's group; of two groups the weaker moves up
    to the stronger (equal strength: either may move); a group below the baseline is replaced by the
    strong suite's group on every end that has it or lacks PFS."""
    ga, gb = a.pfs_group, b.pfs_group
    if ga == gb:
        return {}  # the same group on both ends: what refuses the rekey is a proposal list, not the group
    groups = [g for g in (ga, gb) if g is not None]
    top = max(group_bits(g) for g in groups)
    targets = {}
    for end, own, theirs in ((a, ga, gb), (b, gb, ga)):
        if own is not None and group_bits(own) == top and (theirs is None or group_bits(theirs) < top):
            continue  # the end with the stronger group stays
        targets[end.vendor] = theirs if theirs is not None else own
    # no end is moved to a group RFC 8247 advises against; the other end's move (equal strength) is enough, or, with
    # none left, the strong group below
    kept = {vendor: group for vendor, group in targets.items() if group not in NOT_RECOMMENDED_DH_GROUPS}
    avoided = kept != targets
    targets = kept
    weak = set(baseline["weak_dh_groups"])
    refused = any(end.refused_values(dh_groups=(targets.get(end.vendor),)) for end in (a, b))
    if refused or any(g in weak for g in targets.values()) or (not targets and (
            avoided or any(g in weak for g in groups))):
        strong = STRONG_IKE["dh_group"]
        targets = {end.vendor: strong for end, own in ((a, ga), (b, gb))
                   if own != strong and (own is None or group_bits(own) <= group_bits(strong))}
    # each end's target is an alternative, proven alone and then together (fix_rendering.prove_and_render): when no way of
    # applying them leaves both ends on one group, there is no fix (_no_pfs_fix_because says why)
    ways = [{a.vendor}, {b.vendor}, {a.vendor, b.vendor}]
    if not any(len({targets.get(end.vendor, own) if end.vendor in way else own for end, own in ((a, ga), (b, gb))}) == 1
               for way in ways):
        return {}
    return {vendor: [intent("child_pfs", group=group)] for vendor, group in targets.items()}


def _no_pfs_fix_because(a, b, baseline):
    """Why _pfs_fixes has none for two different groups, or "": the stronger group is one the other end cannot take,
    and every group both take (above the baseline) is weaker than the stronger end's, which a fix never lowers."""
    ga, gb = a.pfs_group, b.pfs_group
    if ga == gb or (ga is None and gb is None):
        return ""
    # the end without PFS, or with the weaker group, is the one that would have to take the other's
    (low, _low_group), (high, high_group) = sorted(((a, ga), (b, gb)), key=lambda e: (
        e[1] is not None, group_bits(e[1]) if e[1] is not None else 0))
    if not low.refused_values(dh_groups=(high_group,)):
        return ""
    weak = set(baseline["weak_dh_groups"])
    shared = [g for g in DH_GROUP_BITS if g not in weak and not a.refused_values(dh_groups=(g,))
              and not b.refused_values(dh_groups=(g,))]
    best = max(shared, key=lambda g: (group_bits(g), g)) if shared else None
    told = " No fix is offered: %s cannot take DH group %d" % (who(low), high_group)
    if best is None:
        return told + ", and no group above the baseline is one both ends take."
    movers = " and ".join(who(end) for end, group in ((a, ga), (b, gb)) if group != best)
    return told + (", and the strongest group both take, group %d, would lower %s from group %d; a fix never weakens "
                   "an end. Set %s to group %d by hand if that is acceptable."
                   % (best, who(high), high_group, movers, best))


class ProposalChecks(object):
    """IKE and ESP proposals, PFS and weak crypto (a mixin of the engine's check)."""

    def selected(self, init, resp, child=False, with_ke=False):
        """select_ike / select_child for (init, resp), made once in this check: check_ike, check_child and
        check_weak ask the same (issue 12: every proof re-runs the engine). The ends do not change
        during a check."""
        key = (id(init), id(resp), child, with_ke)
        found = self.selections.get(key, _UNSET)
        if found is _UNSET:
            found = self.selections[key] = selection(init, resp, child, with_ke)
        return found

    def suite_fixes(self, kind):
        """(fixes, unfixed) of a suite finding, for add(): unfixed says why an end is asked nothing."""
        fixes = _suite_fixes(self, kind)
        return fixes, _suite_unfixed(self, kind, fixes)

    def check_ike(self):
        """IKE_SA_INIT per direction, then IKE SA rekey per direction."""
        empty = [e for e in (self.a, self.b) if not e.ike_proposals and "ike_proposals" not in e.unknowns]
        if empty:
            # no policy at all, or only ones the software refuses (left out by the adapter): "New ASA configurations
            # do not have a default IKEv1 or IKEv2 policy" (ASA_CLI_GUIDE_IKE_POLICY); review 2026-12-04: it passed
            self.add(
                "IKE_NO_COMMON_PROPOSAL",
                ERROR,
                "ike_init",
                "%s has no IKE proposal it can use (no IKE policy for the IKE version of this tunnel, or only ones its "
                "software no longer accepts or ones for another authentication method; there is no default policy): "
                "%s fails with NO_PROPOSAL_CHOSEN and the tunnel never comes up."
                % (who(empty[0]), self.exchange("init")),
                self.ev({"proposals": _describe_ike(self.a.ike_proposals)},
                        {"proposals": _describe_ike(self.b.responder_ike())}),
                *self.suite_fixes("ike"),
            )
            return False
        failed = []
        for init, resp in self.directions():
            if not init.ike_proposals or not resp.responder_ike():
                continue
            if self.selected(init, resp) is None:
                failed.append((init, resp))
        if not failed:
            return True
        phase = "ike_init"
        init_ok_somewhere = len(failed) < len(self.directions())
        if init_ok_somewhere:
            # One end can bring the IKE SA up, the other cannot: the IKE SA
            # comes up, then fails when the other end rekeys or reconnects.
            phase = "ike_rekey"
        a, b = self.a, self.b
        directions = ["%s -> %s" % (who(i), who(r)) for i, r in failed]
        init, resp = failed[0]
        overlap = _ike_overlap(init.ike_proposals, resp.responder_ike())
        missing = [k for k, v in overlap.items() if not v["common"] and (v["offered"] or v["accepted"])]
        if phase == "ike_init":
            summary = "No IKE proposal is acceptable to both %s and %s (no common %s): %s fails with " \
                "NO_PROPOSAL_CHOSEN and the tunnel never comes up." % (
                    who(a), who(b), _join(missing) or "combination", self.exchange("init"))
        else:
            summary = "The IKE SA comes up only when %s initiates; when %s starts %s or rekeys the IKE SA " \
                "its proposal is refused (no common %s)." % (
                    who(resp), who(init), self.exchange("init"), _join(missing) or "combination")
        self.add(
            "IKE_NO_COMMON_PROPOSAL",
            ERROR,
            phase,
            summary,
            self.ev(
                {"proposals": _describe_ike(a.ike_proposals), "failing_directions": directions, "overlap": overlap},
                {"proposals": _describe_ike(b.responder_ike())},
            ),
            *self.suite_fixes("ike"),
        )
        return init_ok_somewhere

    # -- Child SA ----------------------------------------------------------------
    def check_child(self, ike_version):
        """ESP suites first (the first Child SA has no KE in IKEv2), then the KE of rekeys."""
        a, b = self.a, self.b
        empty = [e for e in (a, b) if not e.child_proposals and "child_proposals" not in e.unknowns]
        if empty:
            # only proposals its software no longer accepts (left out by the adapter: ASA 9.16+ and 3DES), as check_ike
            # says of IKE; review 2026-12-04: the Child SA stage was skipped and the tunnel "degraded"
            self.add(
                "CHILD_NO_COMMON_PROPOSAL",
                ERROR,
                "child_init",
                "%s has no ESP proposal it can use (only ones its software no longer accepts): the IKE SA comes up but "
                "the first Child SA is refused and no traffic passes." % who(empty[0]),
                self.ev({"proposals": _describe_child(a.child_proposals)}, {"proposals": _describe_child(b.responder_child())}),
                *self.suite_fixes("child"),
            )
            return
        both_ways = [(i, r) for i, r in ((a, b), (b, a)) if i.child_proposals and r.responder_child()]
        # by identity: (b, a) in [(a, b)] compared the ends field by field (dataclass equality)
        first_sa = [(i, r) for i, r in self.directions() if _among(i, r, both_ways)]
        suite_failures = [(i, r) for i, r in both_ways if self.selected(i, r, child=True) is None]
        if suite_failures:
            init, resp = suite_failures[0]
            at_first = any(_among(i, r, first_sa) for i, r in suite_failures)
            overlap = _child_overlap(init.child_proposals, resp.responder_child(), False)
            missing = [k for k, v in overlap.items() if not v["common"] and (v["offered"] or v["accepted"])]
            if at_first:
                phase, summary = "child_init", (
                    "No ESP proposal is acceptable to both %s and %s (no common %s): the IKE SA comes up but the "
                    "first Child SA is refused and no traffic passes." % (who(a), who(b), _join(missing) or "combination"))
            else:
                phase, summary = "child_rekey", (
                    "The first Child SA comes up, but when %s rekeys it %s accepts none of its ESP proposals "
                    "(no common %s): traffic stops at that rekey." % (who(init), who(resp), _join(missing) or "combination"))
            self.add(
                "CHILD_NO_COMMON_PROPOSAL",
                ERROR,
                phase,
                summary,
                self.ev(
                    {"proposals": _describe_child(a.child_proposals), "overlap": overlap},
                    {"proposals": _describe_child(b.responder_child())},
                ),
                *self.suite_fixes("child"),
            )
        # IKEv1 Quick Mode carries PFS from the first SA on; IKEv2 only in CREATE_CHILD_SA,
        # which either end starts when its own lifetime runs out, whatever the mode.
        ke_directions = first_sa if ike_version == 1 else both_ways
        working = [(i, r) for i, r in ke_directions if not _among(i, r, suite_failures)]
        if working or not suite_failures:
            # the rekeys of the Child SAs that come up
            ke_failures = [(i, r) for i, r in working if self.selected(i, r, child=True, with_ke=True) is None]
        else:
            # No Child SA comes up, but the PFS groups are compared all the same: once the suites are fixed, a group
            # the other end refuses stops traffic at the first rekey (review 2026-12-04: found only after that fix,
            # whose proof then refused it as bringing a new PFS_MISMATCH).
            ke_failures = [(i, r) for i, r in ke_directions
                           if not set(_pfs_groups(i.child_proposals)) & set(_pfs_groups(r.responder_child()))]
        if "pfs_group" in a.unknowns or "pfs_group" in b.unknowns:
            self._pfs_against_none(ike_version)  # its group not known: only PFS against no PFS is judged
        elif ke_failures:
            self._pfs_finding(ke_failures, ike_version, first_sa)

    def _pfs_against_none(self, ike_version):
        """An end that has PFS of a group not known (a bare ``set pfs`` on a release without the group it is assumed
        to mean) against an end without PFS: whatever the group, the end with PFS puts a KE in its rekeys and requires
        one in the other's, which the end without PFS neither sends nor takes (RFC 7296 s1.3), so each rekey is refused
        (review 2026-12-06: judging nothing there turned this failure into a warning). Which group to set is not known,
        so no fix is offered: the UNSUPPORTED_CONSTRUCT of the line asks for it."""
        for end, other in ((self.a, self.b), (self.b, self.a)):
            if "pfs_group" not in end.unknowns or other.pfs_group is not None or "pfs_group" in other.unknowns:
                continue
            self.add(
                "PFS_MISMATCH",
                ERROR,
                "child_init" if ike_version == 1 else "child_rekey",
                "%s has PFS (a group not known) but %s has no PFS, so %s: whatever the group, %s puts a key exchange "
                "in its rekeys and requires one in %s's, which %s neither sends nor takes." % (
                    who(end), who(other), "no IPsec SA comes up (IKEv1 Quick Mode carries PFS every time)"
                    if ike_version == 1 else "the first Child SA comes up and its first rekey is refused",
                    who(end), who(other), who(other)),
                self.ev({"pfs_group": "not known" if end is self.a else other.pfs_group},
                        {"pfs_group": "not known" if end is self.b else other.pfs_group}),
                {},
            )

    def _pfs_finding(self, failures, ike_version, first_sa):
        a, b = self.a, self.b
        biting = [(i, r) for i, r in failures if _may_rekey_first(i, r, "child_lifetime")]
        # Only the first selector pair's Child SA rides in IKE_AUTH; an initiator with more
        # pairs creates the others with CREATE_CHILD_SA, whose KE a PFS mismatch refuses
        # at bring-up (strongSwan oracle, scenario ts-19).
        extra_pairs = [(i, r) for i, r in failures if _among(i, r, first_sa) and len(i.traffic_selectors or []) > 1]
        # IKEv1: each Quick Mode carries its initiator's PFS choice, and either end starts one at its own rekey or
        # when it brings the tunnel up again (Azure rebuilds an IKEv1 tunnel at each Main Mode rekey:
        # IKE_REKEY_RECONNECTS), so a direction that fails stops traffic, whichever lifetime runs out first
        # (review 2026-12-06: a warning said "no IPsec SA comes up", while the ASA's own Quick Modes worked)
        severity = ERROR if biting or extra_pairs or ike_version == 1 else WARNING
        phase = "child_init" if ike_version == 1 or extra_pairs else "child_rekey"
        # Tell the story of the rekey that happens first: the busiest limit wins.
        ordered = sorted(biting or failures, key=lambda d: _rekey_order(d[0]))
        directions = []
        for init, resp in ordered:
            offered, accepted = _pfs_groups(init.child_proposals), _pfs_groups(resp.responder_child())
            directions.append(
                {
                    "initiator": who(init),
                    "offers_pfs_groups": [_group_name(g) for g in offered],
                    "responder": who(resp),
                    "accepts_pfs_groups": [_group_name(g) for g in accepted],
                    "outcome": _rekey_outcome(offered, accepted) if ike_version != 1 else _quick_mode_outcome(offered),
                }
            )
        timing = _rekey_timing(a, b)
        init, resp = ordered[0]
        if ike_version == 1:
            summary = "%s and %s disagree on PFS (%s vs %s): IKEv1 Quick Mode carries PFS every time, so %s." % (
                who(a), who(b), _pfs_text(a), _pfs_text(b), _quick_modes_refused(failures, first_sa))
        else:
            told = timing
            if extra_pairs:
                told = ("%s's Child SAs for its other %d selector pair(s) are created with CREATE_CHILD_SA, so they "
                        "fail at bring-up" % (who(extra_pairs[0][0]), len(extra_pairs[0][0].traffic_selectors) - 1)
                        + ("; " + timing if timing else ""))
            summary = (
                "%s rekeys the Child SA with %s but %s has %s, so the first Child SA (made without a key exchange) "
                "comes up and then %s refuses the rekey %s starts with %s, as RFC 7296 section 1.3 has it, which stops "
                "traffic while both ends still show the tunnel up%s."
                % (who(init), _pfs_text(init), who(resp), _pfs_text(resp), who(resp), who(init),
                   directions[0]["outcome"].rsplit(": ", 1)[-1], "; " + told if told else "")
            )
        fixes = _pfs_fixes(a, b, self.baseline)
        if not fixes:
            summary += _no_pfs_fix_because(a, b, self.baseline)
        self.add(
            "PFS_MISMATCH",
            severity,
            phase,
            summary,
            self.ev(
                {"pfs_group": _group_name(a.pfs_group), "lines": _lines(_pfs_sources(a)), "rekeys": directions,
                 "timing": timing, "refusal_per": "RFC 7296 section 1.3" if ike_version != 1 else "RFC 2409 section 5.5"},
                {"pfs_group": _group_name(b.pfs_group), "lines": _lines(_pfs_sources(b))},
            ),
            fixes,
        )
