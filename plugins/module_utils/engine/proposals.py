# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Proposal matching: IKE_SA_INIT and its rekey, the Child SA suites and the KE of
Child SA rekeys (PFS). Their fixes never move an end to a suite or a PFS group weaker
than it has, nor below the baseline (strength.py), and never remove PFS, except against an
end that can never do PFS (_pfs_fixes)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import NO_PFS
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import STRONG_IKE, _join, _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import (
    NOT_RECOMMENDED_DH_GROUPS,
    group_bits,
    groups_both_take,
    never_does_pfs,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.lifetimes import _may_rekey_first, _rekey_order, _rekey_timing
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import _UNSET, selection
# the fixes of a suite finding (which end may move to which suite, and why not) are a concept of their own
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.suite_fixes import suite_fixes, suite_unfixed


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


def _pfs_floor(top_bits):
    """The fewest bits of a group both ends move to: the stronger end's, and no fewer than the strong suite's group."""
    return max(top_bits, group_bits(STRONG_IKE["dh_group"]))


def _pfs_fixes(a, b, baseline):
    """Never remove PFS: the end without PFS takes the other's group; of two groups the weaker moves up
    to the stronger (equal strength: either may move). A target its end cannot take, or one below the baseline or advised
    against, is dropped alone (the other end's move stands: review D, finding 2); with none left, both ends go to the
    weakest group at least as strong as each end's that both take (review D, finding 1: group 20 for ASA group 16
    against Azure group 14, where only group 14 was tried)."""
    ga, gb = a.pfs_group, b.pfs_group
    if ga == gb:
        return {}  # the same group on both ends: what refuses the rekey is a proposal list, not the group
    removal = _pfs_removal(a, b)
    if removal is not None:
        return {removal[0].vendor: [intent("child_pfs", group=None)]}
    groups = [g for g in (ga, gb) if g is not None]
    top = max(group_bits(g) for g in groups)
    targets = {}
    for end, own, theirs in ((a, ga, gb), (b, gb, ga)):
        if own is not None and group_bits(own) == top and (theirs is None or group_bits(theirs) < top):
            continue  # the end with the stronger group stays
        targets[end.vendor] = theirs if theirs is not None else own
    weak = set(baseline["weak_dh_groups"])
    ends = {a.vendor: a, b.vendor: b}
    targets = {vendor: group for vendor, group in targets.items()
               if group not in NOT_RECOMMENDED_DH_GROUPS and group not in weak
               and not ends[vendor].refused_values(dh_groups=(group,))}
    if not targets:
        # both ends move (or the one already there stays) to one group no weaker than either end's, nor than the strong
        # suite's (a weak group is replaced by it, not by one a little above it such as group 25, 96 bits)
        shared = groups_both_take(a, b, baseline, _pfs_floor(top))
        if not shared:
            return {}  # _no_pfs_fix_because says why
        targets = {end.vendor: shared[0] for end, own in ((a, ga), (b, gb)) if own != shared[0]}
    # each end's target is an alternative, proven alone and then together (fix_rendering.prove_and_render): when no way of
    # applying them leaves both ends on one group, there is no fix (_no_pfs_fix_because says why)
    ways = [{a.vendor}, {b.vendor}, {a.vendor, b.vendor}]
    if not any(len({targets.get(end.vendor, own) if end.vendor in way else own for end, own in ((a, ga), (b, gb))}) == 1
               for way in ways):
        return {}
    return {vendor: [intent("child_pfs", group=group)] for vendor, group in targets.items()}


def _pfs_removal(a, b):
    """(end with PFS, end that can never do PFS) when the only setting that works is the first without PFS, else None.

    The rule is "never lower the sane side to match the broken one", and an end that can never do PFS is not broken: an
    Azure PolicyBased gateway has no PFS at all and takes no policy that would give it some (reference
    ike_phase2.policy_based.pfs: false; azure/tables.py _POLICY_BASED_CHILD, all without PFS), nor does a Basic one start
    a rekey with PFS. Against it, PFS on the other end protects nothing: no IKEv1 Quick Mode (or IKEv2 rekey) it starts
    is taken, so the tunnel dies at its first one. Microsoft's advice for this case is to disable PFS on the device
    (learn.microsoft.com/azure/vpn-gateway/vpn-gateway-troubleshoot-site-to-site-disconnected-intermittently, step 7: "If
    the VPN device has Perfect Forward Secrecy enabled, disable the feature"). So the fix is offered, as a senior network
    engineer would set it by hand, and labelled in the finding as the only way with that gateway as it is, beside the
    alternative that keeps PFS (a gateway that takes a custom policy, _pfs_removal_text). Offering nothing would leave a
    tunnel that cannot work with a "decide by hand" that hides the one configuration Microsoft documents for it (review I,
    finding 3)."""
    for end, other in ((a, b), (b, a)):
        if end.pfs_group is not None and not end.crypto_fixed and never_does_pfs(other):
            return end, other
    return None


def _pfs_removal_text(end, other, baseline):
    """The finding's words for _pfs_removal's fix: why it is the only way, and the alternative (a group both ends take,
    no weaker than the end's own nor than the strong suite's: not the weak group 2 such an end often has)."""
    groups = groups_both_take(end, other, baseline, _pfs_floor(group_bits(end.pfs_group)))
    group = ("PFS group %d on both ends" % groups[0]) if groups else "a PFS group both ends take"
    return (" %s can never do PFS and cannot be changed (%s), so the only setting that works with it as it is has no "
            "PFS on %s either: the fix below removes %s's PFS (group %d), as Microsoft advises for a device with PFS "
            "against such a gateway (\"If the VPN device has Perfect Forward Secrecy enabled, disable the feature\", "
            "learn.microsoft.com/azure/vpn-gateway/vpn-gateway-troubleshoot-site-to-site-disconnected-intermittently, "
            "step 7). The alternative, which keeps PFS: replace %s's gateway as said and give its connection a custom "
            "policy with %s." % (who(other), other.crypto_fixed, who(end), who(end), end.pfs_group, who(other), group))


def _no_pfs_fix_because(a, b, baseline):
    """Why _pfs_fixes has none for two different groups, or "": no group at least as strong as the stronger end's is one
    both ends take (strength.groups_both_take, the same test _pfs_fixes makes), and every group both take is weaker, which
    a fix never moves an end to."""
    ga, gb = a.pfs_group, b.pfs_group
    if ga == gb or (ga is None and gb is None):
        return ""
    # the end without PFS, or with the weaker group, is the one that would have to take the other's
    (low, _low_group), (high, high_group) = sorted(((a, ga), (b, gb)), key=lambda e: (
        e[1] is not None, group_bits(e[1]) if e[1] is not None else 0))
    if groups_both_take(a, b, baseline, _pfs_floor(group_bits(high_group))):
        return ""  # _pfs_fixes moves the ends there: nothing to explain
    if low.refused_values(dh_groups=(high_group,)):
        told = " No fix is offered: %s cannot take DH group %d" % (who(low), high_group)
    else:
        told = (" No fix is offered: a fix moves no end to DH group %d (below the baseline or advised against by RFC 8247 "
                "section 2.4)" % high_group)
    shared = groups_both_take(a, b, baseline, 0)
    if not shared:
        return told + ", and no group above the baseline is one both ends take."
    best = shared[-1]  # weaker than _pfs_floor: a stronger one would have been the fix
    if group_bits(best) >= group_bits(high_group):
        return told + ", and no group as strong as group %d is one both ends take." % STRONG_IKE["dh_group"]
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
        fixes = suite_fixes(self, kind)
        return fixes, suite_unfixed(self, kind, fixes)

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
            # a direction that brings a Child SA up too: the responder picks from the initiator's offers (RFC 7296
            # sections 1.2 and 2.7), so only the other direction fails (review D, finding 4: "no traffic passes" was
            # said while the ASA's own Child SA came up)
            working_first = [(i, r) for i, r in first_sa if not _among(i, r, suite_failures)]
            if at_first and working_first:
                timing = _rekey_timing(a, b)
                phase, summary = "child_init", (
                    "The Child SA comes up only when %s initiates: %s accepts none of the ESP proposals %s offers (no "
                    "common %s), so the first Child SA of a tunnel %s brings up (%s) is refused, and traffic "
                    "stops at every Child SA rekey %s starts%s." % (
                        who(working_first[0][0]), who(resp), who(init), _join(missing) or "combination", who(init),
                        "Quick Mode" if ike_version == 1 else "IKE_AUTH", who(init), "; " + timing if timing else ""))
            elif at_first:
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
        removal = _pfs_removal(a, b)
        unfixed = {}
        if removal is not None:
            summary += _pfs_removal_text(removal[0], removal[1], self.baseline)
            unfixed[removal[1].vendor] = "not shown: %s cannot be changed: %s." % (
                who(removal[1]), removal[1].crypto_fixed)
        elif not fixes:
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
            unfixed,
        )
