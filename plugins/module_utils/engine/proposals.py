# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Proposal matching: IKE_SA_INIT and its rekey, the Child SA suites, the KE of
Child SA rekeys (PFS), and which negotiated transforms are weak."""

import itertools

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS, NO_PFS
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import STRONG_ESP, STRONG_IKE, _join, _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.lifetimes import _may_rekey_first, _rekey_order, _rekey_timing


def ike_combinations(proposal):
    """Every (encryption, integrity, prf, dh) a single IKE proposal allows."""
    for enc in proposal.encryption:
        integs = [None] if enc in AEAD_CIPHERS else (list(proposal.integrity) or [None])
        for integ, prf, group in itertools.product(integs, list(proposal.prf) or [None], proposal.dh_groups):
            yield (enc, integ, prf, group)


def child_combinations(proposal, with_ke=True):
    """Every (encryption, integrity, dh) a single ESP proposal allows."""
    groups = proposal.dh_groups if with_ke else (NO_PFS,)
    for enc in proposal.encryption:
        integs = [None] if enc in AEAD_CIPHERS else (list(proposal.integrity) or [None])
        for integ, group in itertools.product(integs, groups):
            yield (enc, integ, group)


def _prf_compatible(a, b):
    # An unknown PRF (None) is not held against either end.
    return a is None or b is None or a == b


def select_ike(offered, accepted):
    """The first offered IKE combination the responder accepts, or None."""
    accepted_combos = [c for p in accepted for c in ike_combinations(p)]
    for proposal in offered:
        for enc, integ, prf, group in ike_combinations(proposal):
            for a_enc, a_integ, a_prf, a_group in accepted_combos:
                if (enc, integ, group) == (a_enc, a_integ, a_group) and _prf_compatible(prf, a_prf):
                    return (enc, integ, prf if prf is not None else a_prf, group)
    return None


def select_child(offered, accepted, with_ke):
    """The first offered ESP combination the responder accepts, or None."""
    accepted_set = {c for p in accepted for c in child_combinations(p, with_ke)}
    for proposal in offered:
        for combo in child_combinations(proposal, with_ke):
            if combo in accepted_set:
                return combo
    return None


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


def _first_ike_intent(props):
    for proposal in props:
        for enc, integ, prf, group in ike_combinations(proposal):
            return intent("ike_proposal", encryption=enc, integrity=integ, prf=prf, dh_group=group)
    return None


def _first_child_intent(props):
    for proposal in props:
        for enc, integ, _group in child_combinations(proposal, with_ke=False):
            return intent("child_proposal", encryption=enc, integrity=integ)
    return None


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


class ProposalChecks(object):
    """IKE and ESP proposals, PFS and weak crypto (a mixin of the engine's check)."""

    def check_ike(self):
        """IKE_SA_INIT per direction, then IKE SA rekey per direction."""
        failed = []
        for init, resp in self.directions():
            if not init.ike_proposals or not resp.responder_ike():
                continue
            if select_ike(init.ike_proposals, resp.responder_ike()) is None:
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
            summary = "No IKE proposal is acceptable to both %s and %s (no common %s): IKE_SA_INIT fails with " \
                "NO_PROPOSAL_CHOSEN and the tunnel never comes up." % (who(a), who(b), _join(missing) or "combination")
        else:
            summary = "The IKE SA comes up only when %s initiates; when %s starts IKE_SA_INIT or rekeys the IKE SA " \
                "its proposal is refused (no common %s)." % (who(resp), who(init), _join(missing) or "combination")
        self.add(
            "IKE_NO_COMMON_PROPOSAL",
            ERROR,
            phase,
            summary,
            self.ev(
                {"proposals": _describe_ike(a.ike_proposals), "failing_directions": directions, "overlap": overlap},
                {"proposals": _describe_ike(b.responder_ike())},
            ),
            self.fixes([_first_ike_intent(b.responder_ike())], [_first_ike_intent(a.ike_proposals)]),
        )
        return init_ok_somewhere

    # -- Child SA ----------------------------------------------------------------
    def check_child(self, ike_version):
        """ESP suites first (the first Child SA has no KE in IKEv2), then the KE of rekeys."""
        a, b = self.a, self.b
        both_ways = [(i, r) for i, r in ((a, b), (b, a)) if i.child_proposals and r.responder_child()]
        first_sa = [(i, r) for i, r in self.directions() if (i, r) in both_ways]
        suite_failures = [(i, r) for i, r in both_ways if select_child(i.child_proposals, r.responder_child(), False) is None]
        if suite_failures:
            init, resp = suite_failures[0]
            at_first = any(d in first_sa for d in suite_failures)
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
                self.fixes([_first_child_intent(b.responder_child())], [_first_child_intent(a.child_proposals)]),
            )
            return
        # IKEv1 Quick Mode carries PFS from the first SA on; IKEv2 only in CREATE_CHILD_SA,
        # which either end starts when its own lifetime runs out, whatever the mode.
        ke_directions = first_sa if ike_version == 1 else both_ways
        ke_failures = [(i, r) for i, r in ke_directions if select_child(i.child_proposals, r.responder_child(), True) is None]
        if ke_failures:
            self._pfs_finding(ke_failures, ike_version, first_sa)

    def _pfs_finding(self, failures, ike_version, first_sa):
        a, b = self.a, self.b
        biting = [(i, r) for i, r in failures if _may_rekey_first(i, r, "child_lifetime")]
        # Only the first selector pair's Child SA rides in IKE_AUTH; an initiator with more
        # pairs creates the others with CREATE_CHILD_SA, whose KE a PFS mismatch refuses
        # at bring-up (strongSwan oracle, scenario ts-19).
        extra_pairs = [(i, r) for i, r in failures if (i, r) in first_sa and len(i.traffic_selectors or []) > 1]
        severity = ERROR if biting or extra_pairs else WARNING
        phase = "child_init" if ike_version == 1 or extra_pairs else "child_rekey"
        # Tell the story of the rekey that happens first: the busiest limit wins.
        ordered = sorted(biting or failures, key=lambda d: _rekey_order(d[0]))
        directions = []
        for init, resp in ordered:
            outcome = _rekey_outcome(_pfs_groups(init.child_proposals), _pfs_groups(resp.responder_child()))
            directions.append(
                {
                    "initiator": who(init),
                    "offers_pfs_groups": [_group_name(g) for g in _pfs_groups(init.child_proposals)],
                    "responder": who(resp),
                    "accepts_pfs_groups": [_group_name(g) for g in _pfs_groups(resp.responder_child())],
                    "outcome": outcome,
                }
            )
        init, resp = ordered[0]
        if ike_version == 1:
            summary = "%s and %s disagree on PFS (%s vs %s): IKEv1 Quick Mode carries PFS every time, so no " \
                "IPsec SA comes up." % (who(a), who(b), _pfs_text(a), _pfs_text(b))
        else:
            timing = _rekey_timing(a, b)
            if extra_pairs:
                timing = ("%s's Child SAs for its other %d selector pair(s) are created with CREATE_CHILD_SA, so they "
                          "fail at bring-up" % (who(extra_pairs[0][0]), len(extra_pairs[0][0].traffic_selectors) - 1)
                          + ("; " + timing if timing else ""))
            summary = (
                "%s rekeys the Child SA with %s but %s has %s, so the first Child SA (made without a key exchange) "
                "comes up and then %s refuses the rekey %s starts with %s, which stops traffic while both ends still "
                "show the tunnel up%s."
                % (who(init), _pfs_text(init), who(resp), _pfs_text(resp), who(resp), who(init),
                   directions[0]["outcome"].rsplit(": ", 1)[-1], "; " + timing if timing else "")
            )
        self.add(
            "PFS_MISMATCH",
            severity,
            phase,
            summary,
            self.ev(
                {"pfs_group": _group_name(a.pfs_group), "lines": _lines(_pfs_sources(a)), "rekeys": directions,
                 "timing": _rekey_timing(a, b)},
                {"pfs_group": _group_name(b.pfs_group), "lines": _lines(_pfs_sources(b))},
            ),
            self.fixes([intent("child_pfs", group=b.pfs_group)], [intent("child_pfs", group=a.pfs_group)]),
        )

    def check_weak(self):
        a, b = self.a, self.b
        weak_enc = set(self.baseline["weak_encryption"])
        weak_integ = set(self.baseline["weak_integrity"])
        weak_dh = set(self.baseline["weak_dh_groups"])
        used = []

        def note(kind, value, weak_set):
            if value in weak_set:
                used.append((kind, value))

        ike = select_ike(a.ike_proposals, b.responder_ike()) or select_ike(b.ike_proposals, a.responder_ike())
        if ike:
            enc, integ, prf, group = ike
            note("IKE encryption", enc, weak_enc)
            note("IKE integrity", integ, weak_integ)
            note("IKE PRF", prf, weak_integ)
            note("IKE DH group", group, weak_dh)
        esp = select_child(a.child_proposals, b.responder_child(), True) or select_child(b.child_proposals, a.responder_child(), True)
        if esp:
            enc, integ, group = esp
            note("ESP encryption", enc, weak_enc)
            note("ESP integrity", integ, weak_integ)
            note("PFS group", group, weak_dh)
        if used:
            strong = [intent("ike_proposal", **STRONG_IKE), intent("child_proposal", **STRONG_ESP)]
            self.add(
                "WEAK_CRYPTO",
                WARNING,
                "ike_init" if any(kind.startswith("IKE") for kind, _value in used) else "child_init",
                "The tunnel negotiates %s, below the baseline; move both ends to a stronger suite."
                % ", ".join("%s %s" % (k, v) for k, v in used),
                self.ev({"negotiated": [{"transform": k, "value": v} for k, v in used]}, {}),
                self.fixes(strong, strong),
            )
