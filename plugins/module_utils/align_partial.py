# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A plan a module can carry only in part is proven again before anything of it is pushed.

align.alignment turns a tunnel's proven plan (proof.TunnelPlan) into a module's options; some fixes become steps for a
person instead (a crypto setting of a tunnel of several crypto map entries, an IKEv1 proposal, a value outside
Azure's limits). The module then pushes the plan without them, which no proof covered. Review 2026-12-04: safest moved
weak crypto on both ends together; the ASA's ESP became a manual step (two crypto map entries), Azure's new GCM-only
policy was still pushed, and the working tunnel failed CHILD_NO_COMMON_PROPOSAL.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import without_other_end_tail

# What names the end a module changes, not a change in itself (align_role: kept in align_to intent, and a module whose
# options hold nothing else has nothing to do).
END_NAMES = {
    "asa": ("crypto_map", "seq", "tunnel_group", "acl", "ipsec_proposal", "tunnel_interface", "ipsec_profile"),
    "azure": ("name", "resource_group", "subscription_id"),
}


def hold_unproven_parts(alignments, prover):
    """For each way of aligning a tunnel (``alignments``: its entry["alignment"]), the part of the plan the options
    carry (``carried``; the rest is ``held``) is proven on the tunnel as it is (``prover``: its proof.Prover); when it
    brings a new error or warning, every end that way changes is held: names only, and a ``partial_plan`` step first
    saying why. ``carried`` and ``held`` are then dropped (report.json keeps options and steps)."""
    safest = alignments["safest"]
    ways = [[(alignments, "align_to_azure")], [(alignments, "align_to_asa")], [(safest, side) for side in sorted(safest)]]
    one_end = {id(alignments["align_to_azure"]), id(alignments["align_to_asa"])}
    for way in ways:
        entries = unique_objects([holder[key] for holder, key in way])
        if any(entry.get("held") for entry in entries):
            carried = {entry["side"]: entry["carried"] for entry in entries}
            # a part that only the held one makes possible (policy-based selectors on a connection the held protocol
            # change recreates with IKEv2) is not pushed alone either
            new = prover.new_if_applied(carried) or prover.cannot_without_held(carried)
            if new:
                for holder, key in way:
                    if holder is safest and id(holder[key]) in one_end:
                        # safest took that end's one-end alignment as it is: held here, it stays as it is there
                        holder[key] = dict(holder[key], options=dict(holder[key]["options"]),
                                           manual=list(holder[key]["manual"]))
                    if not holder[key].get("partial_plan_held"):
                        _hold(holder[key], new)
    _mark_parts_alone(list(safest.values()), prover)
    for entry in unique_objects([holder[key] for way in ways for holder, key in way]):
        entry.pop("carried", None)
        entry.pop("held", None)
        entry.pop("partial_plan_held", None)


def _mark_parts_alone(entries, prover):
    """In safest, an end whose module needs the pre-shared key is not pushed without it (align_role.jobs): the other
    end's part then goes alone. ``alone_proven`` on that other end says whether its part alone brings no new error or
    warning (review 2026-12-04: the ASA's ESP change waited for the key, Azure's GCM-only policy went alone, and the
    tunnel failed once the key was set)."""
    if not any(entry.get("needs_pre_shared_key") for entry in entries):
        return
    for entry in entries:
        if not entry.get("needs_pre_shared_key") and entry.get("carried"):
            entry["alone_proven"] = not prover.new_if_applied({entry["side"]: entry["carried"]})


def _hold(entry, new):
    """An alignment held: its module changes nothing, and a person is told why and what to do instead."""
    entry["partial_plan_held"] = True
    entry["options"] = {k: v for k, v in entry["options"].items() if k in END_NAMES[entry["side"]]}
    entry["needs_pre_shared_key"] = False
    if isinstance(new, str):  # what the vendor cannot do without the held part (Prover.cannot_without_held)
        # the held part of this end is what to do, not a change of the other end (the vendor's tail says that)
        what = "cannot be done without it (%s)" % without_other_end_tail(new)
    else:
        what = "applied alone brings %s" % "; ".join("%s %s" % (finding.severity, finding.code) for finding in new[:2])
    entry["manual"] = [{"kind": "partial_plan", "reason": (
        "not pushed: part of the proven plan is left to a person (the steps below), and the rest %s; make the whole "
        "change by hand, as the report's lines say" % what)}] + entry["manual"]


def unique_objects(items):
    """``items`` each once (by identity, not equality), in order."""
    seen, out = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out
