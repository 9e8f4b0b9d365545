# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fixes of IKE_NO_COMMON_PROPOSAL and CHILD_NO_COMMON_PROPOSAL (proposals.py): which end may move to which
suite - never to one weaker than it has in any part, nor below the baseline (strength.py) - the suite both ends can take
when neither may move to the other's, and, per end, why no fix is offered."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import STRONG_ESP, STRONG_IKE, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import (
    DH_GROUP_BITS,
    ENCRYPTION_BITS,
    INTEGRITY_BITS,
    NOT_RECOMMENDED_DH_GROUPS,
    child_combo_is_weak,
    child_strength,
    group_bits,
    groups_both_take,
    ike_combo_is_weak,
    ike_strength,
    lowered_parts,
    weak_parts,
    weakest_first,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import child_combinations, ike_combinations


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


def _strongest(end, kind):
    """The suites ``end`` has of its best strength (_best), in its order."""
    strength, best = _SUITES[kind][1], _best(end, kind)
    return list(dict.fromkeys(c for c in _own_suites(end, kind) if strength(c) == best))


def _lowers(end, kind, combo):
    """Does ``combo`` lower a part (cipher, mode, integrity, PRF, DH group) of every strongest suite ``end`` has?
    Equal weakest-part strength is not enough: a fix never weakens an end (review D, finding 2)."""
    strongest = _strongest(end, kind)
    return bool(strongest) and all(lowered_parts(combo, c) for c in strongest)


def _move_to(end, other, baseline, kind):
    """The intent that moves ``end`` to a suite ``other`` offers and accepts, or None when every such suite
    is below the baseline or weaker than the strongest ``end`` has, as a whole or in a part (a fix never weakens
    an end)."""
    for combo in _candidates(other, kind):
        if _may_take(end, kind, combo, baseline):
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


# What each part of a suite is, for strong_suite: (index in an IKE suite, in an ESP suite, strength table, baseline list)
_PARTS = (("encryption", 0, 0, ENCRYPTION_BITS, "weak_encryption"), ("integrity", 1, 1, INTEGRITY_BITS, "weak_integrity"),
          ("PRF", 2, None, INTEGRITY_BITS, "weak_integrity"), ("DH group", 3, None, DH_GROUP_BITS, "weak_dh_groups"))


def _takes(end, kind, part, value):
    """Can ``end`` be set to ``value`` as ``part`` of a ``kind`` suite (what _refuses asks of a whole suite)?"""
    if part == "DH group":
        return not end.refused_values(dh_groups=(value,))
    accepted = end.accepted_ike_algorithms if kind == "ike" else end.accepted_esp_algorithms
    return not end.refused_values((value,)) and (accepted is None or value in accepted)


def strong_suite(a, b, baseline, kind):
    """(suite, lacking): the built-in strong suite (base.STRONG_IKE, STRONG_ESP) with each part ``baseline`` calls weak
    raised to the weakest value at least as strong that both ends take and the baseline does not (strength.weakest_first;
    DH groups: strength.groups_both_take), so the fix of weak crypto and of a suite no end can move to meets the run's
    baseline. Only the parts the baseline calls weak change: under the default baseline it is the built-in suite. Review
    H, finding 3: with DH 14 or SHA-256 called weak, no fix was shown though group 19 (Azure ECP256, asa tables.DH_GROUPS)
    and SHA-384 (Azure IKE_INTEGRITY_TO_AZURE, asa IKEV2_INTEGRITY) satisfy both ends. ``lacking``: the parts for which
    no such value exists, in words (suite None then)."""
    if kind == "ike":
        suite = [STRONG_IKE["encryption"], STRONG_IKE["integrity"], STRONG_IKE["prf"], STRONG_IKE["dh_group"]]
    else:
        suite = [STRONG_ESP["encryption"], STRONG_ESP["integrity"]]
    lacking = []
    for part, ike_at, esp_at, bits, weak_list in _PARTS:
        at = ike_at if kind == "ike" else esp_at
        if at is None or suite[at] is None or suite[at] not in baseline[weak_list]:
            continue
        value = suite[at]
        if part == "DH group":
            raised = groups_both_take(a, b, baseline, group_bits(value))
        else:
            weak = set(baseline[weak_list])
            raised = weakest_first(bits, bits.get(value, 0), lambda v: v not in weak and bits[v] > 0 and all(
                _takes(end, kind, part, v) for end in (a, b)))
        if raised:
            suite[at] = raised[0]
        else:
            lacking.append("no %s at least as strong as %s, above the baseline%s, is one both ends take" % (
                part, "group %d" % value if part == "DH group" else value,
                " and not one RFC 8247 section 2.4 advises against" if part == "DH group" else ""))
    if not lacking and suite[0] in AEAD_CIPHERS:
        suite[1] = None  # a combined-mode cipher has no integrity transform (RFC 7296 s3.3)
    return (None if lacking else tuple(suite)), lacking


def _new_weakness(end, kind, combo, baseline):
    """The values of ``combo`` the baseline calls weak that ``end`` does not use today, in words ([] when none). A
    weakness the end has already is not one a fix brings: it keeps its own WEAK_CRYPTO finding, whose fix raises it.
    The same rule as model_edit.refusal ("Weak values the end already uses are no weakening of it") and the PFS fix,
    which sets group 14 on an SHA-1 suite (review I, finding 6: an ASA IKEv1 policy takes only SHA-1 or MD5, asa
    tables.IKEV1_HASH, so no IKE fix of an IKEv1 ASA end was ever shown, though moving its policy from group 2 to
    group 14 only raises it)."""
    has = set(v for c in _own_suites(end, kind) for v in c if v is not None)
    return [v for v in _weak_of(baseline, kind, combo) if _weak_value(v) not in has]


def _new_advised_against(end, kind, combo):
    """The DH group of ``combo`` that RFC 8247 section 2.4 advises against (strength.NOT_RECOMMENDED_DH_GROUPS) where
    ``end`` does not use it today, or None. Once the baseline no longer refuses every suite of an IKEv1 end (review I,
    finding 6), this keeps a suite fix from moving an end to group 24, as the PFS fixes never do."""
    if kind != "ike" or combo[3] not in NOT_RECOMMENDED_DH_GROUPS:
        return None
    return None if any(own[3] == combo[3] for own in _own_suites(end, kind)) else combo[3]


def _weak_value(text):
    """A value of _weak_of in the suites' terms (an int for "group 14")."""
    return int(text[len("group "):]) if text.startswith("group ") else text


def _may_take(end, kind, combo, baseline):
    """Can ``end`` be moved to ``combo`` with no loss: no value below the baseline it does not use today
    (_new_weakness), a suite its software takes, no weaker than its strongest suite as a whole nor in a part, and an end
    whose suites can be set at all (TunnelEnd.crypto_fixed)."""
    strength = _SUITES[kind][1]
    return not end.crypto_fixed and not _new_weakness(end, kind, combo, baseline) \
        and _new_advised_against(end, kind, combo) is None and strength(combo) >= _best(end, kind) \
        and not _refuses(end, kind, combo) and not _lowers(end, kind, combo)


def _may_add(end, kind, combo, baseline):
    """Can ``end``, which keeps its own IKE proposals beside one a fix adds (ike_proposals_kept: an ASA's new policy),
    add ``combo``: no value below the baseline it does not use today (_new_weakness), a suite its software takes, and no
    part of it lower than a suite the end takes already. Its strongest suite stays, and it takes nothing weaker than it did (review D: an all-SHA-2 ASA against
    Azure's GCM suite, whose parts its own AES-256/SHA384/group 20 has, had no fix)."""
    if kind != "ike" or not end.ike_proposals_kept or end.crypto_fixed:
        return False
    if _new_weakness(end, kind, combo, baseline) or _new_advised_against(end, kind, combo) is not None:
        return False
    return not _refuses(end, kind, combo) and any(not lowered_parts(combo, own) for own in _own_suites(end, kind))


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


def _group_both_take(check, kind, combo):
    """``combo`` with its DH group raised, when an end cannot take it, to the weakest group at least as strong that both
    ends take (strength.groups_both_take: an ASA's release; Azure's dhGroup enum, azure/tables.ACCEPTED_DH_GROUPS), above
    the baseline and not one RFC 8247 advises against; ties to the lower number, so the choice is fixed. None when there
    is none, or nothing to raise. Review D, finding 3: ASA group 16 against Azure group 14 had no fix while group 20
    raises both."""
    if kind != "ike":
        return None
    a, b = check.a, check.b
    group = combo[3]
    if not (a.refused_values(dh_groups=(group,)) or b.refused_values(dh_groups=(group,))):
        return None
    raised = groups_both_take(a, b, check.baseline, group_bits(group))
    return combo[:3] + (raised[0],) if raised else None


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
    stronger = [_stronger_parts(kind, x, y) for x in top_a for y in top_b]
    # where an end cannot take the stronger DH group, the weakest stronger group both take lowers neither end either
    raised = [c for c in (_group_both_take(check, kind, combo) for combo in stronger) if c is not None]
    pool = []
    strong = strong_suite(a, b, check.baseline, kind)[0]
    for combo in stronger + raised + ([strong] if strong else []) + own_b + own_a:
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


def suite_fixes(check, kind):
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
    # each part once: two equally strong suites of the end (PRF SHA-384 and SHA-512 under one GCM policy) lower the
    # same cipher mode, which was said twice
    lowered = list(dict.fromkeys(p for c in own if strength(c) == best for p in lowered_parts(combo, c)))[:2]
    if lowered:
        why.append("it would lower its %s" % ", ".join(lowered))
    elif strength(combo) < best:
        why.append("it is weaker than its strongest suite")
    advised_against = _new_advised_against(end, kind, combo)
    if advised_against is not None:
        why.append("it would bring DH group %d, which RFC 8247 section 2.4 advises against" % advised_against)
    weak = _new_weakness(end, kind, combo, baseline)
    if weak:
        why.append("it would bring %s, below the crypto baseline, which %s does not use today" % (
            ", ".join(weak), who(end)))
    return ", and ".join(why) or "it does not clear the mismatch"


def _weak_of(baseline, kind, combo):
    if kind == "ike":
        found = weak_parts(baseline, [combo[0]], [v for v in combo[1:3] if v is not None], [combo[3]])
    else:
        found = weak_parts(baseline, [combo[0]], [combo[1]] if combo[1] is not None else [])
    return [str(v) if not isinstance(v, int) else "group %d" % v for v in dict.fromkeys(found)]


def suite_unfixed(check, kind, fixes):
    """Why the suite finding asks nothing of an end (fixes has none for it), per vendor: the other end's suites it is
    not moved to and why, and why no suite both ends could take is offered. Review D, finding 4: an IKEv1 pair was
    told "cannot take SHA256" for a cipher mismatch, and "the engine still reports" it of the other end."""
    a, b = check.a, check.b
    out = {}
    if len(fixes) == 2:
        return out
    strong, lacking = strong_suite(a, b, check.baseline, kind)
    # the ends that cannot take the strong suite (an ASA's IKEv1 policy or transform-set: no SHA-2, no GCM)
    barred = [(end, end.refused_values(strong[:3] if kind == "ike" else strong[:2], strong[3:] if kind == "ike" else ()))
              for end in (a, b)] if strong else []
    barred = [(end, values) for end, values in barred if values]
    for end, other in ((a, b), (b, a)):
        if end.vendor in fixes:
            continue
        if end.crypto_fixed:
            # nothing of it can be set: say that, not which suites it "may not move to" as if it could move (review I,
            # finding 4: Azure's PolicyBased gateway was told a suite "would lower its encryption")
            text = "not shown: %s's suites cannot be changed: %s" % (who(end), end.crypto_fixed)
            if fixes:
                text += "; the change tried is %s's (see its proof)" % " and ".join(
                    who(e) for e in (a, b) if e.vendor in fixes)
            out[end.vendor] = text + "."
            continue
        # every suite of an end that cannot change (Azure's fixed lists: a few suites), else the other end's first two;
        # each once (a responder list repeats a suite per PFS group)
        tried = [(combo, _why_not_to(end, kind, combo, check.baseline))
                 for combo in list(dict.fromkeys(_candidates(other, kind)))[:None if other.crypto_fixed else 2]]
        text = "not shown: " + "; ".join("%s's suite %s is not one %s may move to: %s" % (
            who(other), _suite_text(kind, combo), who(end), why) for combo, why in tried)
        if not tried:
            text += "%s has no suite %s could move to" % (who(other), who(end))
        if fixes:
            text += "; the change tried is %s's (see its proof)" % " and ".join(who(e) for e in (a, b) if e.vendor in fixes)
        elif other.crypto_fixed:
            # the other end takes only its own fixed suites, so no suite both ends take can be made, and a move to
            # another IKE version is no way either: what is possible is this end on one of those suites (lowering
            # what is said above, by hand) or the other end made settable (review I, finding 4: "move the tunnel to
            # IKEv2" was said against a PolicyBased gateway, which runs IKEv1 only)
            text += "; %s's suites cannot be changed: %s. What is possible: " % (who(other), other.crypto_fixed)
            if any(not _refuses(end, kind, combo) for combo, _why in tried):
                text += ("set %s by hand to one of the suites above it can take if what it would lower is acceptable, "
                         "or replace %s's gateway as said and give both ends a suite above the baseline" % (
                             who(end), who(other)))
            else:
                text += ("%s can take none of those suites, so only replacing %s's gateway as said, with a suite above "
                         "the baseline on both ends" % (who(end), who(other)))
        elif barred:
            text += "; no suite above the baseline is one both ends take: %s" % "; ".join(
                "%s cannot take %s" % (who(e), ", ".join(values)) for e, values in barred)
            if any("with IKEv1" in v for _e, values in barred for v in values):
                text += ": move the tunnel to IKEv2, where both ends take SHA-2 and GCM"
        elif lacking:
            # the baseline calls weak every value of a part both ends take: say so, not that a fix would go below it
            text += "; the crypto baseline leaves no suite to move to: %s" % "; ".join(lacking)
        else:
            text += "; no suite above the baseline is one both ends take without lowering a part of either end's strongest suite"
        out[end.vendor] = text + (" (a fix never weakens an end nor brings it a value below the crypto baseline it "
                                  "does not use today).")
    return out
