# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crypto below the baseline, and ESP proposals that break RFC 7296's rule for combined-mode
ciphers.

WEAK_CRYPTO is a warning when this pair negotiates the weak transform (at bring-up or at a
rekey, started by either end), and information when an end only offers or accepts it: a
weak proposal another peer may pick, which compliance checks look for.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS, NO_PFS
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import STRONG_IKE, _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.proposals import _pfs_floor, _pfs_sources
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import group_bits, groups_both_take
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.suite_fixes import _suite_intent, strong_suite

IKE_KINDS = ("IKE encryption", "IKE integrity", "IKE PRF", "IKE DH group")
ESP_KINDS = ("ESP encryption", "ESP integrity", "PFS group")


def _negotiated(check):
    """Every (kind, value) the pair uses: IKE_SA_INIT and IKE SA rekeys and Child SAs started by
    either end (a rekey may be started by a responder-only end too)."""
    a, b = check.a, check.b
    used = set()
    ike_up = False
    for init, resp in ((a, b), (b, a)):
        ike = check.selected(init, resp)
        if ike:
            ike_up = True
            used.update(zip(IKE_KINDS, ike))
    if not ike_up:
        return set()  # no IKE SA, so no Child SA either: nothing is negotiated
    for init, resp in ((a, b), (b, a)):
        first = check.selected(init, resp, child=True)
        rekey = check.selected(init, resp, child=True, with_ke=True)
        for combo in (first, rekey):
            if combo:
                used.update(zip(ESP_KINDS[:2], combo[:2]))
        if rekey and rekey[2] != NO_PFS:
            used.add(("PFS group", rekey[2]))
    return {(k, v) for k, v in used if v is not None}


# kind -> the baseline list its weak values are in
_BASELINE_OF = {"IKE encryption": "weak_encryption", "ESP encryption": "weak_encryption",
                "IKE integrity": "weak_integrity", "ESP integrity": "weak_integrity", "IKE PRF": "weak_integrity",
                "IKE DH group": "weak_dh_groups", "PFS group": "weak_dh_groups"}


def _and(items):
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _weak_kind(kind, value, baseline):
    return value in baseline[_BASELINE_OF.get(kind, "weak_dh_groups")]


def _weak_values(baseline):
    """Every value the baseline calls weak, or None when one is no str or number (then no shortcut)."""
    try:
        return frozenset(baseline["weak_encryption"]).union(baseline["weak_integrity"], baseline["weak_dh_groups"])
    except TypeError:
        return None


def _offered_and_accepted(offered, accepted_or_none):
    # an end without a list of its own for the responder accepts its offers: the same proposals once, not twice
    # (the second pass added nothing: each proposal was skipped or seen)
    return list(offered) if accepted_or_none is None else list(offered) + list(accepted_or_none)


def _configured_weak(end, baseline, negotiated, weak_any=False):
    """(label, [(kind, value)] below the baseline and not ``negotiated``, lines) per proposal ``end`` offers
    or accepts that has any. Only weak values are collected: this runs for every engine run of every
    proof (issue 12), and most proposals have none. ``weak_any``: _weak_values(baseline), if made already."""
    weak_enc, weak_integ, weak_dh = baseline["weak_encryption"], baseline["weak_integrity"], baseline["weak_dh_groups"]
    if weak_any is False:
        weak_any = _weak_values(baseline)
    out = []
    seen = []
    for proposal in _offered_and_accepted(end.ike_proposals, end.ike_proposals_responder):
        if weak_any is not None and weak_any.isdisjoint(proposal.encryption) and weak_any.isdisjoint(
                proposal.integrity) and weak_any.isdisjoint(proposal.prf) and weak_any.isdisjoint(proposal.dh_groups):
            continue  # nothing weak in it (most proposals): it adds no entry, nor would a copy of it
        if proposal in seen:
            continue
        seen.append(proposal)
        values = [("IKE encryption", e) for e in proposal.encryption if e in weak_enc]
        if any(e not in AEAD_CIPHERS for e in proposal.encryption):
            values += [("IKE integrity", i) for i in proposal.integrity if i in weak_integ]
        values += [("IKE PRF", p) for p in proposal.prf if p in weak_integ]
        values += [("IKE DH group", g) for g in proposal.dh_groups if g in weak_dh]
        values = [kv for kv in values if kv not in negotiated]
        if values:
            out.append((proposal.label, values, proposal.source))
    for proposal in _offered_and_accepted(end.child_proposals, end.child_proposals_responder):
        if weak_any is not None and weak_any.isdisjoint(proposal.encryption) and weak_any.isdisjoint(
                proposal.integrity) and weak_any.isdisjoint(proposal.dh_groups):
            continue
        if proposal in seen:
            continue
        seen.append(proposal)
        values = [("ESP encryption", e) for e in proposal.encryption if e in weak_enc]
        if any(e not in AEAD_CIPHERS for e in proposal.encryption):
            values += [("ESP integrity", i) for i in proposal.integrity if i in weak_integ]
        values += [("PFS group", g) for g in proposal.dh_groups if g != NO_PFS and g in weak_dh]
        values = [kv for kv in values if kv not in negotiated]
        if values:
            out.append((proposal.label, values, proposal.source))
    return out


# kind -> the proposal field its values are in
_FIELD_OF = {"IKE encryption": "encryption", "IKE integrity": "integrity", "IKE PRF": "prf", "IKE DH group": "dh_groups",
             "ESP encryption": "encryption", "ESP integrity": "integrity", "PFS group": "dh_groups"}


def _carrying(end, used):
    """The lines of ``end``'s proposals that hold a weak value the pair negotiates (``used``: (kind, value) pairs), so
    that the finding names where each end configures it (it named the values only)."""
    lines = []
    for kinds, proposals in ((IKE_KINDS, _offered_and_accepted(end.ike_proposals, end.ike_proposals_responder)),
                             (ESP_KINDS, _offered_and_accepted(end.child_proposals, end.child_proposals_responder))):
        wanted = [(_FIELD_OF[kind], value) for kind, value in used if kind in kinds]
        for proposal in proposals if wanted else ():
            if any(value in getattr(proposal, field) for field, value in wanted):
                lines += [line for line in proposal.source if line not in lines]
    return lines


class WeakChecks(object):
    """Weak crypto and AEAD proposals with an integrity transform (a mixin of the engine's check)."""

    def check_weak(self):
        a, b = self.a, self.b
        negotiated = _negotiated(self)
        used = sorted(((k, v) for k, v in negotiated if _weak_kind(k, v, self.baseline)), key=lambda kv: (
            (IKE_KINDS + ESP_KINDS).index(kv[0]), str(kv[1])))
        unused = {}
        weak_any = _weak_values(self.baseline)
        for end in (a, b):
            entries = []
            for label, weak, source in _configured_weak(end, self.baseline, negotiated, weak_any):
                entries.append({"proposal": label, "weak": ["%s %s" % kv for kv in dict.fromkeys(weak)],
                                "lines": _lines(source)})
            if entries:
                unused[end.vendor] = entries
        if not used and not unused:
            return
        unused_text = "; ".join(
            "%s offers or accepts %s" % (who(end), ", ".join(sorted({w for e in unused[end.vendor] for w in e["weak"]})))
            for end in (a, b) if end.vendor in unused)
        evidence = {end.vendor: {} for end in (a, b)}
        for end in (a, b):
            if end.vendor in unused:
                evidence[end.vendor]["configured_not_negotiated"] = unused[end.vendor]
        if used:
            evidence[a.vendor]["negotiated"] = [{"transform": k, "value": v} for k, v in used]
            for end in (a, b):
                cited = _lines(_carrying(end, used))
                if cited:
                    evidence[end.vendor]["lines"] = cited
            if any(k == "PFS group" for k, _v in used):
                for end in (a, b):
                    evidence[end.vendor]["pfs_lines"] = _lines(_pfs_sources(end))
            # only what is weak moves (review 2026-12-04: a weak IKE suite also swapped a sane ESP proposal, which made
            # each end's change alone an outage; review H, finding 2: a weak PFS group moved both suites and left the
            # group as it was): the IKE suite, the ESP suite and the PFS group each move only when weak, to a target that
            # meets this run's baseline and that both ends take (suite_fixes.strong_suite, strength.groups_both_take)
            strong, moved, lacking = self._weak_targets(used)
            self.add(
                "WEAK_CRYPTO",
                WARNING,
                "ike_init" if any(kind.startswith("IKE") for kind, _value in used) else "child_init",
                "The tunnel negotiates %s, below the baseline; move both ends to a stronger %s.%s"
                % (", ".join("%s %s" % (k, v) for k, v in used), _and(moved),
                   " Not negotiated with this peer but configured: %s." % unused_text if unused_text else ""),
                evidence,
                {} if lacking else self.fixes(strong, strong),
                {end.vendor: "not shown: the crypto baseline leaves no suite to move to: %s (a fix never leaves a suite "
                             "below the crypto baseline)." % "; ".join(lacking) for end in (a, b)} if lacking else None,
            )
            return
        self.add(
            "WEAK_CRYPTO",
            INFO,
            "config",
            "This tunnel negotiates nothing below the baseline, but %s: a peer that prefers them gets them, and "
            "compliance checks flag them (see the proposals and lines in the evidence)." % unused_text,
            evidence,
        )

    def _weak_targets(self, used):
        """(intents, what moves in words, lacking) of the fix of the weak ``used`` (kind, value) pairs: the IKE suite when
        an IKE value is weak, the ESP suite when an ESP one is (to suite_fixes.strong_suite: the built-in one with the
        parts this baseline calls weak raised), the PFS group when it is (to the weakest group at least as strong as both
        ends' and as the strong suite's, above the baseline, both take: proposals._pfs_floor, strength.groups_both_take,
        as the PFS_MISMATCH fix picks it). ``lacking``: why there is no target, in words."""
        a, b = self.a, self.b
        kinds = {kind for kind, _value in used}
        intents, moved, lacking = [], [], []
        for weak, kind, what in ((kinds & set(IKE_KINDS), "ike", "IKE suite"),
                                 (kinds & {"ESP encryption", "ESP integrity"}, "child", "ESP suite")):
            if not weak:
                continue
            moved.append(what)
            suite, missing = strong_suite(a, b, self.baseline, kind)
            lacking += missing
            if suite:
                intents.append(_suite_intent(kind, suite))
        if "PFS group" in kinds:
            moved.append("PFS group")
            top = max([group_bits(g) for g in (a.pfs_group, b.pfs_group) if g is not None] or [0])
            shared = groups_both_take(a, b, self.baseline, _pfs_floor(top))
            if shared:
                intents.append(intent("child_pfs", group=shared[0]))
            else:
                lacking.append("no PFS group at least as strong as group %d and as each end's, above the baseline and not "
                               "one RFC 8247 section 2.4 advises against, is one both ends take" % STRONG_IKE["dh_group"])
        return intents, moved, lacking

    def check_aead_integrity(self):
        """An ESP proposal with an AEAD cipher and an integrity transform: RFC 7296 s3.3 says an
        integrity transform MUST NOT be proposed with a combined-mode cipher."""
        for end, other in ((self.a, self.b), (self.b, self.a)):
            seen = []
            for proposal in _offered_and_accepted(end.child_proposals, end.child_proposals_responder):
                extra = getattr(proposal, "ignored_integrity", ())
                if not extra or proposal in seen:
                    continue
                seen.append(proposal)
                aead = [e for e in proposal.encryption if e in AEAD_CIPHERS]
                self.add(
                    "AEAD_WITH_INTEGRITY",
                    WARNING,
                    "child_init",
                    "%s's ESP proposal %s combines %s with integrity %s. RFC 7296 section 3.3 says an integrity "
                    "transform MUST NOT be proposed with a combined-mode cipher: the check ignores it when matching, "
                    "but a peer that follows the RFC strictly may refuse the proposal; set the integrity to none."
                    % (who(end), proposal.label, "/".join(aead), "/".join(extra)),
                    {end.vendor: {"proposal": proposal.label, "encryption": list(proposal.encryption),
                                  "integrity": list(extra), "lines": _lines(proposal.source)},
                     other.vendor: {}},
                    {end.vendor: [intent("child_proposal", encryption=aead[0], integrity=None)]},
                )
