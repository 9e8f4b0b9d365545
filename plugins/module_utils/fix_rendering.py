# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A finding's fixes, proven and rendered for each vendor: each end's fix is proven on the model alone (then both
together), and only a proven fix is rendered (asa/remediation.py, azure/remediation.py); the tunnel's plans are
rendered the same way. The check (compat.py) calls it for every finding it keeps.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_fix_ingress import exemption_after
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.proposals import policy_priority
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.peer_move import new_peer_settings
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation, new_peer_auth
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation_selectors import nat_kept
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.traffic_taken import DeviceTraffic
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.bgp import peers_from as azure_bgp_peers_from
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation import JOINT_KINDS, as_changed, azure_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import OTHER_END_TAIL, without_other_end_tail
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import DISPLAY
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp
from ansible_collections.vpnalign.s2s.plugins.module_utils.proof import EndRules

RENDERERS = {"asa": asa_remediation, "azure": azure_remediation}


class RenderMemo(object):
    """Each vendor's rendering of (end, intents, fixed end) made once during a check (compat.run_check): the proofs ask
    whether a fix can be rendered (``cannot``), then the proven fix and the plan are rendered, often the
    same (issue 12: a third of the renders were repeats). Active only inside run_check, whose ends nobody
    changes; the memo keeps the ends it names, so their ids are nobody else's, and is emptied after."""

    def __init__(self):
        self.active = 0
        self.memo = {}

    def begin(self):
        self.active += 1

    def end(self):
        self.active -= 1
        if not self.active:
            self.memo = {}

    def next_tunnel(self):
        self.memo = {}  # a tunnel's renders are its own: keep one tunnel's at a time

    def render(self, vendor, end, intents, fixed=None):
        """``vendor`` may be AZURE_CHECK: Azure's rendering with the commands checked, not written."""
        if not self.active:
            return _render(vendor, end, intents, fixed)
        key = (vendor, id(end), id(fixed), repr(intents))  # intents are plain data: equal repr, equal intents
        found = self.memo.get(key)
        if found is not None and found[0] is end and found[1] is fixed:
            if isinstance(found[2], ValueError):
                raise found[2]
            return found[2]
        try:
            result = _render(vendor, end, intents, fixed)
        except ValueError as exc:
            self.memo[key] = (end, fixed, exc)
            raise
        self.memo[key] = (end, fixed, result)
        return result


# A render key: Azure's rendering when only ``unsupported`` is read (_azure_cannot): the commands are checked, as
# they raise, but not written (issue 12: the lines were 0.06 of its 0.1 CPU s at 100k lines).
AZURE_CHECK = "azure (commands checked, not written)"


def _render(vendor, end, intents, fixed):
    if vendor == "azure":
        return azure_remediation(end, intents, fixed=fixed)
    if vendor == AZURE_CHECK:
        return azure_remediation(end, intents, fixed=fixed, command_lines=False)
    return RENDERERS[vendor](end, intents)


RENDERS = RenderMemo()


def _asa_cannot(end, fix):
    """A fix the ASA rendering leaves partly to a person ('!' notes) cannot be carried out as printed,
    except for typing a pre-shared key, which is never shown and always left to a person (each ASA line stands on
    its own: no other fix of the change is read, EndRules.judged_with empty)."""
    if fix["kind"] == "pre_shared_key" or (fix["kind"] == "ike_auth_method" and fix.get("method") == "psk"
                                           and not fix.get("labels")):
        return _keeps_certificate(end)
    try:
        lines = RENDERS.render("asa", end, [fix])
    except ValueError as exc:
        return "no command can be built from the input: %s" % exc
    notes = [line.lstrip("! ").strip() for line in lines if line.lstrip().startswith("!")]
    notes = [note for note in notes if "key" not in note]
    return " ".join(notes) or None


def _keeps_certificate(end):
    """Why an ASA on certificates both ways is not moved to a pre-shared key, or None: a key is the weaker method
    (the mirror of azure.remediation._keeps_certificate; review s42: it was a proven fix). An IKEv1 end whose policies
    authenticate with a key (``authentication pre-share``) beside a trust-point is on a key already."""
    if end.auth.method != "certificate" or any(p.auth_method == "psk" for p in end.ike_proposals):
        return None
    return ("the ASA authenticates both ways with a certificate, and a pre-shared key is weaker than a certificate: it "
            "is not moved to one")


def _azure_cannot(end, fix, alongside=()):
    """Why Azure cannot be told to do ``fix``, or None; judged on the connection as ``alongside`` (the other fixes of
    the same change) leaves it (azure.remediation.as_changed): a protocol and a selectors switch go in together."""
    try:
        return RENDERS.render(AZURE_CHECK, as_changed(end, alongside), [fix]).get("unsupported")
    except ValueError as exc:
        return "no command can be built from the input: %s" % exc


def _asa_nat_after(end, fixed, fixes):
    """The NatExemption of ``fixed`` (``end`` with ``fixes``) as the ASA's NAT check reads the lines the fixes render
    (asa/nat_fix_ingress.py), or None: not re-checked (a VTI, or lines that cannot be rendered, which the proof refuses
    by ``cannot``)."""
    if end.route_based:
        return None
    try:
        lines = RENDERS.render("asa", end, list(fixes))
    except ValueError:
        return None
    return exemption_after(end, fixed, lines, nat_kept(end))


def _asa_new_bgp(end):
    """A neighbor added for an ASA tunnel joins the ASA's router bgp: its ASN, the networks it advertises to a
    neighbor with no filters (asa/bgp.py new_neighbor), and the tunnel interface's address as the source."""
    process = end.ref.get("bgp_process")
    if not process:
        return None
    advertised = process.get("advertised")
    local = (end.tunnel_address.split("/")[0],) if end.tunnel_address else ()
    return Bgp(asn=process.get("asn"), local_addresses=local,
               advertised=list(advertised) if advertised is not None else None)


# How each vendor's end takes a change, for the proofs (proof.py).
PROOF_RULES = {
    # An ikev2 policy is added next to the others (an IKE version next to the other in the group-policy's
    # vpn-tunnel-protocol) and, like `sysopt connection tcpmss` and the IKE SA
    # lifetime (set in the ikev2 policy), serves every tunnel of the ASA; vpn-tunnel-protocol lives in a
    # group-policy tunnel-groups share.
    "asa": EndRules(additive=("ike_proposal", "ike_version"), routed_selectors_fixed=True, cannot=_asa_cannot,
                    proposals_per_version=True,
                    new_bgp=_asa_new_bgp, bgp_asn_fixed=True,
                    device_wide=("ike_proposal", "ike_lifetime_seconds", "tcp_mss", "ike_version", "ike_auth_method"),
                    device_wide_names=("crypto ikev2 policy", "crypto ikev2 policy lifetime",
                                       "sysopt connection tcpmss", "group-policy vpn-tunnel-protocol",
                                       "crypto ikev1 policies"),
                    traffic_taken=DeviceTraffic, policy_priority=policy_priority, nat_after=_asa_nat_after,
                    peer_auth=new_peer_auth, peer_settings=new_peer_settings),
    # A connection's ipsecPolicies holds exactly one suite; Azure takes the whole object or none
    # (DOC_POLICY_HOWTO_PS_2018 in the reference facts).
    "azure": EndRules(single_policy=True, cannot=_azure_cannot, judged_with=JOINT_KINDS, networks_follow_selectors=False,
                      bgp_advertises_local=True, bgp_routes_neighbor=True, bgp_peers_from=azure_bgp_peers_from),
}


class RenderRefused(ValueError):
    """A value of the input cannot go into a command as it is (a name Azure would refuse, a number
    that is no number): the fix is not shown, and the proof says why."""


def _rendered(end, intents, fixed):
    try:
        return RENDERS.render(end.vendor, end, intents, fixed if end.vendor == "azure" else None)
    except ValueError as exc:
        raise RenderRefused(str(exc))


def _safe_first(prover, fixes):
    """The end whose part of a fix proven only together can be applied first: applied alone to the model, it brings no
    new error or warning, so the tunnel keeps working until the other end's part (the ASA adds an IKE policy and
    keeps its own). None when each part alone breaks the tunnel: it is down between the two changes (review
    2026-12-04: "apply both" gave no order, and either order was an outage)."""
    for vendor in ("asa", "azure"):
        if fixes.get(vendor) and prover.harmless_alone(vendor, fixes[vendor]):
            return vendor
    return None


def _proof_entry(proof):
    entry = {"proven": proof["proven"], "reason": proof["reason"]}
    if proof.get("together"):
        entry["together"] = True  # proven only with the other end's fix applied as well
        entry["first"] = proof.get("first")  # the end to change first (None: the tunnel is down in between)
    if proof["touches"]:
        entry["touches"] = list(proof["touches"])
    return entry


def _no_half_of_a_pair(finding, proofs):
    """A fix proven only together with the other end's is not shown where that other part cannot be (review
    2026-12-05: the ASA's half of a PFS fix was shown as "proven together" beside an Azure half that was not)."""
    pair = [vendor for vendor, proof in proofs.items() if proof.get("together")]
    unshown = [vendor for vendor in pair if not finding.proof[vendor]["proven"]]
    if not unshown:
        return
    for vendor in pair:
        if finding.proof[vendor]["proven"]:
            finding.remediation.pop(vendor, None)
            finding.proof[vendor] = dict(finding.proof[vendor], proven=False, reason=(
                "not shown: it clears %s only together with %s's change, which is not shown (see why there)"
                % (finding.code, " and ".join(DISPLAY.get(v, v) for v in unshown))))


def prove_and_render(finding, prover, ends, one_end_plans):
    """Each end's fix proven alone (then both together when neither alone is); only proven fixes are rendered.

    ``one_end_plans``: vendor -> the one-sided plan that changes only that end (TunnelPlan). A one-suite end
    (an Azure policy) is rendered from the plan's end, so the complete policy the finding shows is the one
    align writes, and it carries the other fixes of the plan too (Azure takes the whole object)."""
    by_vendor = {end.vendor: end for end in ends}
    proofs = {}
    for vendor, intents in finding.fixes.items():
        if intents and vendor in by_vendor:
            proofs[vendor] = prover.prove(finding, {vendor: intents})
    if len(proofs) > 1 and not any(p["proven"] for p in proofs.values()):
        together = prover.prove(finding, {v: finding.fixes[v] for v in proofs})
        if together["proven"]:
            first = _safe_first(prover, together["fixes"])
            proofs = {v: dict(together, reason=together["reason"] + " (both ends together)", together=True, first=first)
                      for v in proofs}
    for vendor, proof in proofs.items():
        if proof["proven"]:
            end = by_vendor[vendor]
            fixed = proof["fixed"].get(vendor)
            plan = one_end_plans.get(vendor)
            codes, planned = (plan.codes(vendor), plan.fixed_end(vendor)) if plan is not None else ((), None)
            if PROOF_RULES[vendor].single_policy and finding.code in codes:
                fixed = planned
            elif PROOF_RULES[vendor].single_policy and codes and planned is not None:
                # a finding the plan leaves (an info one): its policy is written on top of the plan's, when that is
                # proven too, or applying the findings' fixes in turn would undo the plan's (review 2026-12-04: a
                # lifetime's fix wrote pfsGroup None over the PFS fix)
                # a fix proven only together with the other end's is tried on top with it too (review 2026-12-04: the
                # PFS fix's policy, drawn on Azure's policy of today, put back the DH group the IKE fix had changed)
                wanted = proof["fixes"] if proof.get("together") else {vendor: proof["fixes"][vendor]}
                on_top = prover.prove(finding, wanted, plan.state, plan.current)
                if on_top["proven"]:
                    fixed = on_top["fixed"][vendor]
            try:
                rendered = _rendered(end, proof["fixes"][vendor], fixed)
            except RenderRefused as exc:
                rendered = {"unsupported": "no command can be built from the input: %s" % exc}
            if isinstance(rendered, dict) and rendered.get("unsupported"):
                # Proven on the model, but the vendor cannot be told to do it (Azure's IKE SA lifetime is
                # fixed at 28800 s): not a fix anyone can apply.
                proof = dict(proof, proven=False, touches=[],
                             reason="not shown: %s" % rendered["unsupported"])
            else:
                finding.remediation[vendor] = rendered
        finding.proof[vendor] = _proof_entry(proof)
    _no_half_of_a_pair(finding, proofs)
    _say_held(finding, prover)
    none_proven = not any(entry["proven"] for entry in finding.proof.values())
    if none_proven:
        for entry in finding.proof.values():
            if entry["reason"].endswith(OTHER_END_TAIL):
                # the other end has no proven fix either: pointing there would send the user to weaken it (review
                # 2026-12-04: PFS against a Basic gateway said "change the other end", i.e. remove the ASA's PFS)
                entry["reason"] = without_other_end_tail(entry["reason"]) + "; no change to the other end is proven either."
    why_not = _NO_MOVE.get(finding.code)
    # PFS: only where no fix is shown at all, and the end that keeps its group is the one a user would look at
    if why_not and (finding.code != "PFS_MISMATCH" or (proofs and none_proven)):
        for vendor in by_vendor:
            if vendor not in finding.proof:
                # the engine asks nothing of this end: say why, rather than nothing (review 2026-12-04)
                finding.proof[vendor] = {"proven": False, "reason": finding.unfixed.get(vendor)
                                         or why_not % DISPLAY.get(vendor, vendor)}
    for vendor in by_vendor:
        if vendor not in finding.proof and finding.unfixed.get(vendor):
            # any other finding whose engine says why it asks nothing of this end (WEAK_CRYPTO where the baseline leaves
            # no suite to move to: review H, finding 3; engine/bgp.py: the peer's address is invalid)
            finding.proof[vendor] = {"proven": False, "reason": finding.unfixed[vendor]}
    return finding


def _say_held(finding, prover):
    """A fix shown for part of ``finding`` (the rest held back: Finding.held) says so: the finding stays partly open,
    and each held part is named with why it is not shown (the proof entry's ``held``, and the summary). Nothing of a
    finding is dropped silently; where no part is proven, the held ones are refused with the rest, as before."""
    if not finding.held:
        return
    reasons = prover.held_reasons(finding)
    shown = [v for v in finding.held if finding.proof.get(v, {}).get("proven")]
    if not shown:
        # nothing proven: the held parts are said as the proof's reason, after the rest's
        for vendor in finding.held:
            entry = finding.proof.setdefault(vendor, {"proven": False, "reason": "not shown"})
            entry["reason"] = "; ".join([entry["reason"]] + reasons)
        return
    done = [f.get("network") for v in shown for f in finding.fixes.get(v) or () if f.get("kind") == "route"]
    left = [f.get("network") for v in shown for f in finding.held[v]]
    for vendor in shown:
        entry = finding.proof[vendor]
        entry["held"] = reasons
        entry["reason"] = entry["reason"].replace(
            "clear %s" % finding.code, "clear %s for %s" % (finding.code, ", ".join(done)), 1) + (
            " It stays open for %s, held back (see held)." % ", ".join(left))
    said = [r[len("not shown: "):] if r.startswith("not shown: ") else r for r in reasons]
    finding.summary += " The fix shown routes %s only, so this finding stays open for %s: %s." % (
        ", ".join(done), ", ".join(left), "; ".join(said))


# Why the engine asks nothing of an end, by code: the suite findings move an end to a suite the other end takes
# (engine/suite_fixes.py suite_fixes); PFS moves the end without PFS or with the weaker group (_pfs_fixes).
_NO_SUITE_MOVE = ("not shown: no suite the other end takes would keep %s at its strength, above the crypto baseline "
                  "and within what its software accepts (a fix never weakens an end)")
_NO_MOVE = {
    "BGP_NEITHER_OPENS": "not shown: no fix sets whether %s opens the BGP session",
    "IKE_NO_COMMON_PROPOSAL": _NO_SUITE_MOVE,
    "CHILD_NO_COMMON_PROPOSAL": _NO_SUITE_MOVE,
    "PFS_MISMATCH": "not shown: %s keeps its PFS group: only the end without PFS or with the weaker group is changed "
                    "(a fix never removes or lowers PFS)",
}


def plans_for_both(entry, plans, findings):
    """What the tunnel-level plans leave, and the plan that changes both ends where it clears what neither one-end plan
    does (a fix proven only together). Review 2026-12-04: report.json's tunnel ``remediation`` held the one-end plans
    only, ``{}`` for a tunnel down whose fix needs both ends, and report.html titled them "Fix one end alone" where
    neither alone fixed the tunnel. ``remediation_left``: {end: codes of the errors and warnings its one-end plan does
    not fix}; ``remediation_both``: {end: its part of the plan that changes both}, with ``remediation_both_order``
    (_safe_first's end, or None: the tunnel is down between the two changes)."""
    failing = {f.code for f in findings if f.severity != INFO}
    left = {}
    for mode, vendor in (("align_to_azure", "asa"), ("align_to_asa", "azure")):
        codes = sorted({item["code"] for item in plans[mode].left} & failing)
        if codes:
            left[vendor] = codes
    if left:
        entry["remediation_left"] = left
    safest = plans["safest"]
    together = [code for code, vendors in safest.taken if len(vendors) > 1]
    if not together:
        return
    both = {vendor: plan_remediation(safest, vendor) for vendor in ("asa", "azure")}
    both = {k: v for k, v in both.items() if v}
    if len(both) < 2:
        return
    entry["remediation_both"] = both
    entry["remediation_both_order"] = _safe_first(safest.prover, safest.fixes)


def plan_remediation(plan, vendor):
    """The plan's fixes for one end, rendered together (what align applies to it)."""
    intents = plan.fixes.get(vendor)
    if not intents:
        return None
    end = plan.fixed_end(vendor)
    original = {e.vendor: e for e in (plan.prover.a, plan.prover.b)}[vendor]
    try:
        return _rendered(original, intents, end)
    except RenderRefused as exc:
        return ["! no command can be built from the input: %s" % exc] if vendor == "asa" else {
            "unsupported": "no command can be built from the input: %s" % exc}
