# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply fix intents to a copy of one tunnel end, and refuse the fixes that must never be tried.

``ModelEdit`` applies intents (fixes.py) to a TunnelEnd (a copy: nothing shared is mutated);
``refusal`` says why a fix is refused before it is tried (it weakens crypto, widens a policy-based
end's selectors to any, or lowers a lifetime); ``EndRules`` is how one vendor's end takes a change
(compat.py fills these per vendor). proof.py proves the edited ends with the engine.

Plain Python: the model, the engine and the intents; no Ansible, no vendor.
"""

import dataclasses

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import select_child, select_ike
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import DEFAULT_BASELINE
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import covers, host_prefix
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import never_does_pfs
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_BOTH,
    NO_PFS,
    Bgp,
    ChildSaProposal,
    Dpd,
    IkeProposal,
    NatExemption,
    PeerAuth,
    PrefixRule,
    TrafficSelector,
    VersionProposals,
)

# Fix kinds after which the end's NAT is read again (EndRules.nat_after)
NAT_KINDS = ("traffic_selectors", "nat_exemption")
CRYPTO_KINDS = ("child_pfs", "child_proposal", "ike_proposal", "child_lifetime_seconds", "child_lifetime_kilobytes")


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
    # (end, fix[, others]) -> why the vendor cannot be told to do it, or None (Azure's IKE SA lifetime is fixed)
    cannot: object = None
    # The kinds of the other fixes of a change that ``cannot`` judges a fix with (Azure: the protocol and selector
    # switches a connection created again takes together); only these are passed, so a change of thousands of route
    # fixes is not handed to each (issue 12: linear)
    judged_with: tuple = ()
    # Selectors are the end's networks (an ASA crypto ACL); Azure's trafficSelectorPolicies leave the
    # local network gateway's address space (its remote_networks) as it is.
    networks_follow_selectors: bool = True
    # A route-based end offers any-to-any whatever it is told (an ASA VTI).
    routed_selectors_fixed: bool = False
    # Turning BGP on advertises the end's own networks (Azure advertises its VNet), else nothing yet.
    bgp_advertises_local: bool = False
    # While BGP is on, the end routes its BGP neighbor's host address into the tunnel by itself (Azure:
    # DOC_BGP_FAQ); turning BGP off takes that route away.
    bgp_routes_neighbor: bool = False
    # end -> the Bgp a neighbor added to an end without one joins (the ASA's existing router bgp and what it
    # advertises), or None for an empty one
    new_bgp: object = None
    # The end runs one BGP process, whose ASN a fix never changes (an ASA has one router bgp: another ASN is a
    # second process it refuses, and changing it means removing every neighbor)
    bgp_asn_fixed: bool = False
    # Each IKE version has proposals and keys of its own (an ASA's ikev1 policies and transform-sets, ikev2 policies
    # and ipsec-proposals); else a version change keeps them (an Azure connection's policy serves both)
    proposals_per_version: bool = False
    # ends of one device -> an index whose taken_by(original end, fixed end) says why a fix that gives the end new
    # selectors or routes takes traffic another tunnel of the device carries, or None (an ASA's crypto map entry order
    # and routes: asa/traffic_taken.py)
    traffic_taken: object = None
    # proposal -> its priority among the device's IKE policies, which are global and matched in priority order (an ASA's
    # crypto ikev2 policy numbers), or None; a fix with a "priority" is placed by it (ModelEdit._ike_proposal)
    policy_priority: object = None
    # (original end, fixed end, fixes) -> the NatExemption of the fixed end as the vendor's NAT check reads the fix it
    # renders, or None (nothing to re-check): a fix that gives an end new selectors or an exemption is proven with the
    # NAT the device would then apply, not with "exempted" taken on trust (review I, defect 2: an ASA exemption on
    # the interface of the old networks passed the proof and left the new ones translated)
    nat_after: object = None
    # (end, new BGP neighbor address) -> (local addresses, refused addresses, passive) the end then peers from, or None
    # (as it is): an Azure gateway peers from its custom APIPA addresses with an APIPA neighbor, else from its default
    # one (DOC_BGP_FAQ; azure/bgp.py peering_choices)
    bgp_peers_from: object = None
    # (end, new peer address) -> the PeerAuth the end authenticates with once a fix sets that peer, or None (as it is):
    # an ASA authenticates a peer by the tunnel-group named for its address, where it has one with keys (asa/remediation
    # new_peer_auth); a fix then writes only 'set peer', and the proof must see that group's authentication
    peer_auth: object = None
    # (end, new peer address) -> the TunnelEnd fields besides auth the end runs with once a fix sets that peer ({}: as it
    # is): an ASA's tunnel-group for that address decides its DPD and IKE versions too (asa/peer_move)
    peer_settings: object = None

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


# What a fix sets inside a BGP session (ModelEdit.apply)
_BGP_SETTINGS = ("bgp_neighbor", "bgp_multihop", "bgp_activate", "bgp_advertise", "bgp_import", "bgp_export")

# lifetime fix kind -> (TunnelEnd attribute, Lifetimes field, what to call it)
_LIFETIMES = {"child_lifetime_seconds": ("child_lifetime", "seconds", "Child SA lifetime"),
              "child_lifetime_kilobytes": ("child_lifetime", "kilobytes", "Child SA data lifetime"),
              "ike_lifetime_seconds": ("ike_lifetime", "seconds", "IKE SA lifetime")}


def _refused_by_release(end, fix):
    """The values of a crypto ``fix`` that ``end``'s release refuses (TunnelEnd.refused_*)."""
    kind = fix["kind"]
    group = fix.get("dh_group") if kind == "ike_proposal" else fix.get("group") if kind == "child_pfs" else None
    algorithms = (fix.get("encryption"), fix.get("integrity"), fix.get("prf")) \
        if kind in ("ike_proposal", "child_proposal") else ()
    return end.refused_values(algorithms, (group,))


def weak_values(end, fix, baseline=None):
    """(brought, kept): the values of crypto ``fix`` below ``baseline`` that ``end`` does not use today, and those it
    does, in words ([] when none). Weak values the end already uses are no weakening of it (Azure's default policy
    offers SHA1): such a weakness keeps its own WEAK_CRYPTO finding. Both in one pass: the proof asks for both per
    crypto fix of every trial."""
    base = dict(DEFAULT_BASELINE)
    base.update(baseline or {})
    kind = fix["kind"]
    brought, kept = [], []
    if kind == "child_pfs":
        group = fix.get("group")
        if group and group in base["weak_dh_groups"]:
            has = {g for p in list(end.child_proposals) + list(end.child_proposals_responder or []) for g in p.dh_groups}
            (kept if group in has else brought).append("PFS group %d" % group)
        return brought, kept
    if kind not in ("ike_proposal", "child_proposal"):
        return brought, kept
    has = _algorithms(end, kind)
    weak = [v for v in (fix.get("encryption"),) if v in base["weak_encryption"]]
    weak += [v for v in (fix.get("integrity"), fix.get("prf")) if v and v in base["weak_integrity"]]
    for value in weak:
        (kept if value in has else brought).append(str(value))
    if kind == "ike_proposal" and fix.get("dh_group") in base["weak_dh_groups"]:
        (kept if fix["dh_group"] in has else brought).append("DH group %d" % fix["dh_group"])
    return brought, kept


def new_weak_values(end, fix, baseline=None):
    """The values of crypto ``fix`` below ``baseline`` that ``end`` does not use today, in words (weak_values)."""
    return weak_values(end, fix, baseline)[0]


def refusal(end, fix, baseline=None, other=None):
    """Why ``fix`` must never be applied to ``end`` (weaker crypto, any-to-any selectors on a
    policy-based end, a lower lifetime), or None. ``other``: the end across the tunnel."""
    kind = fix["kind"]
    # PFS is never removed to match the other end, except where the other end can never do PFS at all and cannot be
    # changed (never_does_pfs: an Azure PolicyBased or Basic gateway). That end is not misconfigured: it has no PFS
    # to give, and with PFS on this end no Quick Mode (IKEv1) or no rekey (IKEv2) it starts is ever taken, so the tunnel
    # dies at rekey whatever else is done. Microsoft's advice for exactly this: "If the VPN device has Perfect Forward
    # Secrecy enabled, disable the feature" (learn.microsoft.com/azure/vpn-gateway/vpn-gateway-troubleshoot-site-to-
    # site-disconnected-intermittently, step 7; reference troubleshooting_guidance, verified). The finding says it is
    # the only way with that gateway and names the alternative that keeps PFS (engine/proposals.py _pfs_fixes).
    if kind == "child_pfs" and not fix.get("group") and end.pfs_group and not (
            other is not None and never_does_pfs(other)):
        return "it would remove PFS (group %d) from %s: never weaken one end to match the other" % (
            end.pfs_group, end.name)
    refused = _refused_by_release(end, fix)
    if refused:
        return "%s cannot take %s" % (end.name, ", ".join(refused))
    if kind in ("ike_proposal", "child_proposal"):
        weak = new_weak_values(end, fix, baseline)
        if weak:
            return "it would move %s to %s, below the crypto baseline" % (end.name, ", ".join(weak))
    if (kind == "bgp_neighbor" and other is not None and other.bgp is not None
            and fix.get("address") in other.bgp.refused_addresses):
        # the peer's address is itself invalid (Bgp.refused_addresses): once it is corrected, the neighbor is wrong
        return "it would move %s's BGP neighbor to %s, which %s's own rules refuse: that address is what to correct" % (
            end.name, fix["address"], other.name)
    if kind == "traffic_selectors" and not end.route_based:
        for pair in fix.get("pairs") or []:
            if any(str(p).endswith("/0") for p in pair):
                return ("it would widen %s's crypto ACL to any, pulling all traffic leaving the interface into the "
                        "tunnel" % end.name)
        # the end's own IKE address behind its selectors: its IKE and ESP packets would match them (review
        # 2026-12-05: the fix copied a local network gateway that wrongly held the ASA's public /24)
        own = [p for p in dict.fromkeys(str(pair[0]) for pair in fix.get("pairs") or [] if pair)
               if end.local_address and covers(p, end.local_address)]
        if own:
            return ("it would put %s's own address %s (where IKE and ESP end) behind its selectors (%s)"
                    % (end.name, end.local_address, ", ".join(own)))
    if kind == "nat_exemption" and not end.route_based:
        # an exemption placed before every other rule (section 1) for traffic to any takes the local networks' traffic
        # to the internet out of the interface PAT too (review 2026-12-05: a crypto ACL to any got a "proven"
        # `destination static 0.0.0.0/0` exemption); Azure's ASA sample exempts the VNet only (DOC_ASA_SAMPLE)
        wide = [p for p in list(fix.get("local") or []) + list(fix.get("remote") or []) if str(p).endswith("/0")]
        if wide:
            return ("it would exempt traffic between %s and %s from address translation, the internet's too (the "
                    "interface PAT): narrow the tunnel's selectors first" % (
                        ", ".join(fix.get("local") or ["?"]), ", ".join(fix.get("remote") or ["?"])))
    # Any-to-any is what a route-based peer (a VTI) offers and expects; towards a policy-based peer it
    # would pull everything into the tunnel.
    if kind == "policy_selectors" and not fix.get("enabled") and not end.route_based and not (
            other is not None and other.route_based):
        return "it would make policy-based %s offer any-to-any selectors" % end.name
    lifetime = _LIFETIMES.get(kind)
    if lifetime is not None:
        attr, unit, what = lifetime
        current = getattr(getattr(end, attr), unit)
        if kind == "ike_lifetime_seconds" and _own_ike_lifetimes(end):
            current = min(_own_ike_lifetimes(end))  # each policy below the value is raised, none lowered
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
# The label of the proposal a one-suite end keeps when a change collapses it (_collapse): the suite the pair negotiates.
# Where the pair negotiates none, the end's own first proposal is kept, under its own label.
NEGOTIATED = "negotiated"


def _negotiated_ike(end, other):
    if _one_ike_suite(end):
        # Already one suite (an Azure custom policy): kept as the end says it. The negotiated combination would fill in
        # what the end leaves unsaid from the peer (the PRF of a GCMAES ikeIntegrity, azure/tables.IKE_PRF), and the
        # policy drawn from the fixed end would write it back: an ESP-only fix rewrote ikeIntegrity.
        return list(end.ike_proposals)
    combo = select_ike(end.ike_proposals, other.responder_ike()) or select_ike(other.ike_proposals, end.responder_ike())
    if combo is None:
        return end.ike_proposals[:1]
    enc, integ, prf, group = combo
    return [IkeProposal(NEGOTIATED, (enc,), (integ,) if integ else (), (prf,) if prf else (), (group,))]


def _one_ike_suite(end):
    """Whether ``end`` offers and accepts one IKE suite only: one proposal, at most one value of each transform."""
    if len(end.ike_proposals) != 1 or end.ike_proposals_responder not in (None, end.ike_proposals):
        return False
    proposal = end.ike_proposals[0]
    return all(len(values) <= 1 for values in (proposal.encryption, proposal.integrity, proposal.prf,
                                               proposal.dh_groups))


def _negotiated_child(end, other, group):
    combo = select_child(end.child_proposals, other.responder_child(), False) or \
        select_child(other.child_proposals, end.responder_child(), False)
    if combo is None:
        return [dataclasses.replace(p, dh_groups=(group,)) for p in end.child_proposals[:1]]
    enc, integ = combo[0], combo[1]
    return [ChildSaProposal(NEGOTIATED, (enc,), (integ,) if integ else (), (group,))]


def _own_ike_lifetimes(end):
    """The IKE lifetimes of ``end``'s proposals where they differ (ASA policies), else []."""
    return [p.lifetime_seconds for p in end.ike_proposals + (end.ike_proposals_responder or [])
            if p.lifetime_seconds is not None]


def _raised(proposals, seconds):
    """``proposals`` whose own IKE lifetime is raised to at least ``seconds``."""
    return [p if p.lifetime_seconds is None or p.lifetime_seconds >= seconds
            else dataclasses.replace(p, lifetime_seconds=seconds) for p in proposals]


def new_ike_proposal(fix):
    """The IKE proposal an ``ike_proposal`` fix adds: its suite, and its own lifetime when it gives one (align_to
    intent's new policy), under its ``label`` (else "fix")."""
    integ = fix.get("integrity")
    prf = fix.get("prf") or integ
    return IkeProposal(fix.get("label") or "fix", (fix["encryption"],), (integ,) if integ else (), (prf,) if prf else (),
                       (fix["dh_group"],), lifetime_seconds=fix.get("lifetime_seconds"))


class ModelEdit(object):
    """Applies fix intents to a copy of one end; ``other`` is the end across the tunnel."""

    def __init__(self, end, other, rules=NO_RULES):
        self.original = end
        self.end = dataclasses.replace(end)
        self.other = other
        self.rules = rules

    def apply(self, fixes):
        if self.rules.single_policy and any(f["kind"] in CRYPTO_KINDS for f in fixes):
            self._collapse()
        # BGP turned off stays off: a neighbor, ASN or filter asked beside it (a follow-up merged in) changes
        # settings BGP no longer reads (Azure's connection enableBgp false), and must not bring BGP back in the model
        bgp_off = any(f["kind"] == "bgp_enabled" and not f["enabled"] for f in fixes)
        for fix in fixes:
            if bgp_off and fix["kind"] in _BGP_SETTINGS:
                continue
            getattr(self, "_" + fix["kind"])(fix)
        if self.rules.nat_after is not None and any(f["kind"] in NAT_KINDS for f in fixes):
            nat = self.rules.nat_after(self.original, self.end, fixes)
            if nat is not None:
                self._set(nat=nat)
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
        new = new_ike_proposal(fix)
        end = self.end
        if "ike_proposal" in self.rules.additive:
            responder = end.ike_proposals_responder
            # a policy of its own lifetime among the others: each says its own (its policy's, else the end's)
            seconds = end.ike_lifetime.seconds if end.ike_lifetime and fix.get("lifetime_seconds") is not None else None

            def own(proposals):
                return [p if p.lifetime_seconds is not None or seconds is None
                        else dataclasses.replace(p, lifetime_seconds=seconds) for p in proposals]
            # after the others, as the ASA numbers a policy it adds (asa.proposals.new_policy_priority), or at the
            # priority the fix gives (align_to intent's ike.priority): the ASA matches its policies in that order
            self._set(ike_proposals=self._placed(own(end.ike_proposals), new, fix.get("priority")),
                      ike_proposals_responder=None if responder is None else self._placed(
                          own(responder), new, fix.get("priority")))
        else:
            self._set(ike_proposals=[new], ike_proposals_responder=None)

    def _placed(self, proposals, new, priority):
        """``proposals`` with ``new`` before the first whose priority (EndRules.policy_priority) is higher than
        ``priority``; at the end without one."""
        rank = self.rules.policy_priority
        if priority is None or rank is None:
            return list(proposals) + [new]
        at = next((n for n, p in enumerate(proposals) if rank(p) is not None and rank(p) > priority), len(proposals))
        return list(proposals[:at]) + [new] + list(proposals[at:])

    def _child_lifetime_seconds(self, fix):
        self._set(child_lifetime=dataclasses.replace(self.end.child_lifetime, seconds=fix["seconds"], source=()))

    def _child_lifetime_kilobytes(self, fix):
        self._set(child_lifetime=dataclasses.replace(self.end.child_lifetime, kilobytes=fix["kilobytes"],
                                                     source=()))

    def _ike_lifetime_seconds(self, fix):
        end = self.end
        seconds = fix["seconds"]
        if _own_ike_lifetimes(end):
            # each policy below it is raised to it (asa/remediation.py), none lowered
            first = end.ike_lifetime.seconds
            self._set(ike_lifetime=dataclasses.replace(
                end.ike_lifetime, seconds=first if first is None else max(first, seconds), source=()))
            self.end.ike_proposals = _raised(end.ike_proposals, seconds)
            if end.ike_proposals_responder is not None:
                self.end.ike_proposals_responder = _raised(end.ike_proposals_responder, seconds)
        else:
            self._set(ike_lifetime=dataclasses.replace(end.ike_lifetime, seconds=seconds, source=()))

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
        address = fix["address"]
        auth = self.rules.peer_auth(self.end, address) if self.rules.peer_auth else None
        if auth is None or address == self.end.peer_address:
            self._set(peer_address=address)
            return
        values = {"peer_address": address, "auth": auth}
        values.update(self.rules.peer_settings(self.end, address) if self.rules.peer_settings else {})
        other = self.end.other_version
        if other is not None:
            # the other IKE version authenticates by that group too: with nothing, where it has no key of that version
            values["other_version"] = dataclasses.replace(
                other, auth=self.rules.peer_auth(self.end, address, other.version) or PeerAuth(method=None))
        self._set(**values)

    def _ike_version(self, fix):
        end = self.end
        if self.rules.proposals_per_version and end.proposals_version not in (None, fix["version"]) and (
                end.other_version is None or end.other_version.version != fix["version"]):
            # nothing of that version is configured (no policy, proposal or key the model knows): what the end
            # negotiates with it is nothing, until fixes of that version say otherwise (review 2026-12-04: an
            # IKEv1-only ASA moved to IKEv2 was "proven" with its IKEv1 policies)
            self._set(other_version=VersionProposals(fix["version"]))
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
        old = end.remote_networks or []
        if end.routed_networks is not None and set(old) <= set(end.routed_networks):
            # what it routes into the tunnel is what it expects behind the peer (an Azure gateway: the local network
            # gateway's prefixes), and its own routes beside them (the BGP neighbor's host route) stay
            values["routed_networks"] = list(fix["networks"]) + [n for n in end.routed_networks if n not in set(old)]
        if derived:
            values["traffic_selectors"] = [TrafficSelector(lo, re) for lo in end.local_networks
                                           for re in fix["networks"]]
        self._set(**values)

    def _pre_shared_key(self, fix):
        theirs = self.other.auth
        self._set(auth=dataclasses.replace(self.end.auth, method=theirs.method, psk_digest=theirs.psk_digest))

    def _ike_auth_method(self, fix):
        """The proposals named take the fix's method (an ASA IKEv1 policy's ``authentication``); no algorithm changes.
        No proposal named: the end itself authenticates by that method both ways (engine peers._toward)."""
        labels = set(fix.get("labels") or ())
        if not labels:
            self._set(auth=dataclasses.replace(self.end.auth, method=fix["method"], psk_digest=None))
            return

        def moved(proposals):
            return [dataclasses.replace(p, auth_method=None if fix["method"] == self.end.auth.method else fix["method"])
                    if p.label.replace(" (AEAD)", "") in labels else p for p in proposals]
        responder = self.end.ike_proposals_responder
        self._set(ike_proposals=moved(self.end.ike_proposals),
                  ike_proposals_responder=None if responder is None else moved(responder))

    def _initiator(self, fix):
        self._set(mode=MODE_BOTH)

    def _route(self, fix):
        routed = list(self.end.routed_networks or [])
        if fix["network"] not in routed:
            routed.append(fix["network"])
        self._set(routed_networks=routed)

    def _bgp(self):
        if self.end.bgp is not None:
            return self.end.bgp
        return self._joined_bgp() or Bgp()

    def _joined_bgp(self):
        """The BGP an end without one joins when a fix adds it (EndRules.new_bgp), or None."""
        return self.rules.new_bgp(self.end) if self.rules.new_bgp else None

    def _bgp_enabled(self, fix):
        if not fix["enabled"]:
            peer = self.end.bgp.peer_address if self.end.bgp is not None else None
            self._set(bgp=None)
            if peer:
                self._move_neighbor_route(peer, None)
        elif self.end.bgp is None:
            local = list(self.end.local_networks or []) if self.rules.bgp_advertises_local else []
            self._set(bgp=self._joined_bgp() or Bgp(advertised=local))

    def _bgp_neighbor(self, fix):
        bgp = self._bgp()
        asn = fix.get("asn") if fix.get("asn") is not None else bgp.asn
        if self.rules.bgp_asn_fixed and bgp.asn is not None:
            asn = bgp.asn  # the peer expecting another ASN is then a finding the proof sees
        # a new neighbor gets the old one's options (remediation_routed.carried_option; asa_vpn_tunnel bgp.options_from),
        # its filters with them; disable-connected-check stays with the old address
        keeps_options = fix["address"] == bgp.peer_address
        old_peer = bgp.peer_address
        picked = self.rules.bgp_peers_from(self.end, fix["address"]) if self.rules.bgp_peers_from else None
        moved = {} if picked is None else dict(zip(("local_addresses", "refused_addresses", "passive"), picked))
        self._set(bgp=dataclasses.replace(bgp, peer_address=fix["address"], peer_asn=fix["remote_as"], asn=asn,
                                          disable_connected_check=bgp.disable_connected_check and keeps_options,
                                          **moved))
        if fix["address"] != old_peer:
            # the new neighbor's, not the old one's (review 2026-12-05: a route to the new address came in as a
            # follow-up, written into the local network gateway's address space)
            self._move_neighbor_route(old_peer, fix["address"])

    def _move_neighbor_route(self, old_peer, new_peer):
        """An end that routes its BGP neighbor's host address into the tunnel by itself (EndRules.bgp_routes_neighbor;
        Azure: DOC_BGP_FAQ) routes the new neighbor's (None: BGP off), no longer the old one's, as the adapter adds it;
        a host prefix the end's own networks hold stays."""
        if not self.rules.bgp_routes_neighbor or self.end.routed_networks is None:
            return
        old = host_prefix(old_peer) if old_peer else None
        routed = [n for n in self.end.routed_networks if n != old or n in (self.end.remote_networks or ())]
        new = host_prefix(new_peer) if new_peer else None
        self._set(routed_networks=routed + ([new] if new and new not in routed else []))

    def _bgp_multihop(self, fix):
        self._set(bgp=dataclasses.replace(self._bgp(), multihop=fix["ttl"]))

    def _bgp_activate(self, fix):
        self._set(bgp=dataclasses.replace(self._bgp(), activated=True))

    def _bgp_advertise(self, fix):
        bgp = self._bgp()
        advertised = list(bgp.advertised or [])
        advertised += [n for n in fix["networks"] if n not in advertised]
        self._set(bgp=dataclasses.replace(bgp, advertised=advertised))

    def _bgp_export(self, fix):
        bgp = self._bgp()
        passed = [n for n in fix["networks"] if n in bgp.export_dropped]
        advertised = list(bgp.advertised or []) + [n for n in passed if n not in (bgp.advertised or [])]
        self._set(bgp=dataclasses.replace(bgp, advertised=advertised,
                                          export_dropped=tuple(n for n in bgp.export_dropped if n not in passed)))

    def _bgp_import(self, fix):
        bgp = self._bgp()
        if bgp.import_filter is None:
            return
        rules = [PrefixRule("permit", n) for n in fix["networks"]]
        self._set(bgp=dataclasses.replace(bgp, import_filter=rules + list(bgp.import_filter)))
