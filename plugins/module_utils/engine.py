# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compatibility engine: will two tunnel ends negotiate, now and at every rekey?

Plain Python, no Ansible and no vendor knowledge: it reads two TunnelEnds and
simulates IKEv2 (RFC 7296) in both directions:

* IKE_SA_INIT: the initiator's IKE proposals against what the responder accepts.
  A wrong KE guess costs a round trip (INVALID_KE_PAYLOAD) but is no failure.
* IKE_AUTH: the first Child SA. It carries no KE (RFC 7296 s1.2), so PFS is not
  exercised; traffic selectors are checked here.
* CREATE_CHILD_SA rekey of the Child SA, by either end: the KE is part of the
  proposal, so a PFS group the responder does not accept fails the rekey.
* CREATE_CHILD_SA rekey of the IKE SA: a common IKE proposal with a fresh DH.
Lifetimes are local (never negotiated in IKEv2); they decide who rekeys and
how often, which decides when a rekey failure bites.

For IKEv1-only pairs the same matching is used, except that PFS is part of
every Quick Mode, the first one included.
"""

import ipaddress
import itertools

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS, MODE_INITIATOR_ONLY, MODE_RESPONDER_ONLY, NO_PFS

# What the engine calls weak unless the caller gives its own baseline
# (DESIGN.md, WEAK_CRYPTO: DES, 3DES, MD5, SHA-1, DH 1/2/5).
DEFAULT_BASELINE = {
    "weak_encryption": ["DES", "3DES", "NULL"],
    "weak_integrity": ["MD5", "SHA1"],
    "weak_dh_groups": [1, 2, 5],
}
# A suite both vendors support that passes the default baseline, used when the
# fix for weak crypto must name something to move to.
STRONG_IKE = {"encryption": "AES-CBC-256", "integrity": "SHA256", "prf": "SHA256", "dh_group": 14}
STRONG_ESP = {"encryption": "AES-GCM-256", "integrity": None}
# Below this an end declares its peer dead after a few lost packets.
MIN_DPD_TIMEOUT = 10
# An end whose lifetime is within this fraction of the peer's may rekey first:
# rekey timers are jittered and start some percent before expiry.
REKEY_MARGIN = 0.1

DISPLAY = {"asa": "ASA", "azure": "Azure"}


def who(end):
    """A short human name for an end: 'ASA CRYPTO-MAP 2'."""
    return DISPLAY.get(end.vendor, end.vendor)


def _kb(value):
    return "%d KB" % value if value is not None else "no data limit"


def _human_kb(kilobytes):
    if kilobytes is None:
        return "never (no data limit)"
    if kilobytes >= 1024 * 1024:
        return "every %d KB (%.1f GB)" % (kilobytes, kilobytes / 1024.0 / 1024.0)
    if kilobytes >= 1024:
        return "every %d KB (%.0f MB)" % (kilobytes, kilobytes / 1024.0)
    return "every %d KB" % kilobytes


def _lines(source):
    return [{"line": cl.line, "text": cl.text} for cl in source]


# --------------------------------------------------------------------------
# Proposal matching
# --------------------------------------------------------------------------
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


# --------------------------------------------------------------------------
# Rekey timing
# --------------------------------------------------------------------------
def _may_rekey_first(end, other, lifetime_attr):
    """Can ``end``'s own timer or byte count run out before ``other``'s?"""
    mine, theirs = getattr(end, lifetime_attr), getattr(other, lifetime_attr)
    if mine.seconds is None or theirs.seconds is None:
        return True
    if mine.seconds <= theirs.seconds * (1 + REKEY_MARGIN):
        return True
    if mine.kilobytes is not None and (theirs.kilobytes is None or mine.kilobytes < theirs.kilobytes):
        return True
    return False


def _rekey_timing(a, b):
    """One sentence on who starts Child SA rekeys and how often."""
    parts = []
    la, lb = a.child_lifetime, b.child_lifetime
    if la.seconds is not None and lb.seconds is not None:
        if la.seconds == lb.seconds:
            parts.append("both ends rekey after %d s, so either may start the rekey" % la.seconds)
        else:
            first, sec = (a, la.seconds) if la.seconds < lb.seconds else (b, lb.seconds)
            parts.append("%s starts the time-based rekey after %d s" % (who(first), sec))
    ka, kb = la.kilobytes, lb.kilobytes
    if ka != kb and (ka is not None or kb is not None):
        if kb is None or (ka is not None and ka < kb):
            first, limit = a, ka
        else:
            first, limit = b, kb
        parts.append("under traffic %s rekeys first, %s" % (who(first), _human_kb(limit)))
    return "; ".join(parts)


# --------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------
class _Check(object):
    """Collects the findings for one pair of ends."""

    def __init__(self, a, b, baseline):
        self.a, self.b = a, b
        self.baseline = dict(DEFAULT_BASELINE)
        self.baseline.update(baseline or {})
        self.findings = []

    def add(self, code, severity, phase, summary, evidence, fixes=None):
        self.findings.append(
            Finding(code=code, severity=severity, phase=phase, summary=summary, evidence=evidence, fixes=fixes or {})
        )

    def ev(self, a_values, b_values):
        return {self.a.vendor: a_values, self.b.vendor: b_values}

    def fixes(self, a_intents, b_intents):
        out = {}
        if a_intents:
            out[self.a.vendor] = [i for i in a_intents if i]
        if b_intents:
            out[self.b.vendor] = [i for i in b_intents if i]
        return out

    def directions(self):
        """(initiator, responder) pairs the ends' modes allow."""
        pairs = []
        for init, resp in ((self.a, self.b), (self.b, self.a)):
            if init.mode == MODE_RESPONDER_ONLY or resp.mode == MODE_INITIATOR_ONLY:
                continue
            pairs.append((init, resp))
        return pairs

    # -- addresses, versions, auth ------------------------------------------
    def check_addresses(self):
        a, b = self.a, self.b
        for end, other in ((a, b), (b, a)):
            if "peer_address" in end.unknowns or "local_address" in other.unknowns:
                continue
            if end.peer_address and other.local_address and end.peer_address != other.local_address:
                self.add(
                    "PEER_ADDRESS_MISMATCH",
                    ERROR,
                    "config",
                    "%s %s expects its peer at %s, but %s %s is at %s: IKE packets go to the wrong address "
                    "or are refused." % (who(end), end.name, end.peer_address, who(other), other.name, other.local_address),
                    {end.vendor: {"peer_address": end.peer_address}, other.vendor: {"local_address": other.local_address}},
                    {end.vendor: [intent("peer_address", address=other.local_address)]},
                )
        for end, other in ((a, b), (b, a)):
            if not end.remote_networks or not other.local_address:
                continue
            try:
                address = ipaddress.ip_address(other.local_address)
            except ValueError:
                continue
            covering = [n for n in end.remote_networks if _contains(n, address)]
            if covering:
                kept = [n for n in end.remote_networks if n not in covering]
                self.add(
                    "LNG_CONTAINS_PEER_ADDRESS",
                    WARNING,
                    "traffic",
                    "%s %s routes %s into the tunnel, which contains %s's own public address %s: IKE and ESP "
                    "packets to the peer can be sent into the tunnel, which causes sporadic disconnects."
                    % (who(end), end.name, ", ".join(covering), who(other), other.local_address),
                    {end.vendor: {"remote_networks": end.remote_networks}, other.vendor: {"local_address": other.local_address}},
                    {end.vendor: [intent("remote_networks", networks=kept)]},
                )

    def check_versions(self):
        common = set(self.a.ike_versions) & set(self.b.ike_versions)
        if common:
            return max(common)
        a, b = self.a, self.b
        self.add(
            "IKE_VERSION_MISMATCH",
            ERROR,
            "ike_init",
            "%s allows IKE version %s and %s allows %s: the tunnel can never come up."
            % (who(a), _versions(a), who(b), _versions(b)),
            self.ev({"ike_versions": list(a.ike_versions)}, {"ike_versions": list(b.ike_versions)}),
            self.fixes(
                [intent("ike_version", version=max(b.ike_versions))] if b.ike_versions else [],
                [intent("ike_version", version=max(a.ike_versions))] if a.ike_versions else [],
            ),
        )
        return None

    def check_auth(self):
        a, b = self.a, self.b
        if "auth" in a.unknowns or "auth" in b.unknowns:
            return
        ma, mb = a.auth.method, b.auth.method
        if ma != mb:
            self.add(
                "AUTH_MISMATCH",
                ERROR,
                "ike_init",
                "%s authenticates with %s and %s with %s: IKE_AUTH fails."
                % (who(a), ma or "nothing configured", who(b), mb or "nothing configured"),
                self.ev({"method": ma, "lines": _lines(a.auth.source)}, {"method": mb, "lines": _lines(b.auth.source)}),
                self.fixes([intent("pre_shared_key")] if mb == "psk" else [], [intent("pre_shared_key")] if ma == "psk" else []),
            )
        elif ma == "psk" and a.auth.psk_digest and b.auth.psk_digest and a.auth.psk_digest != b.auth.psk_digest:
            self.add(
                "AUTH_MISMATCH",
                ERROR,
                "ike_init",
                "The pre-shared keys on %s and %s differ (compared by keyed hash, never printed): IKE_AUTH fails."
                % (who(a), who(b)),
                self.ev({"method": "psk", "lines": _lines(a.auth.source)}, {"method": "psk"}),
                self.fixes([intent("pre_shared_key")], [intent("pre_shared_key")]),
            )

    # -- IKE SA --------------------------------------------------------------
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

    # -- traffic selectors --------------------------------------------------------
    def check_selectors(self):
        a, b = self.a, self.b
        if a.traffic_selectors is None or b.traffic_selectors is None:
            return
        if "traffic_selectors" in a.unknowns or "traffic_selectors" in b.unknowns:
            return
        problems = []
        for init, resp in ((a, b), (b, a)):
            for ts in init.traffic_selectors:
                verdict = _responder_verdict(ts, resp)
                if verdict != "accepted":
                    problems.append((init, resp, ts, verdict))
        if not problems:
            return
        refused = [p for p in problems if p[3] == "refused"]
        severity = ERROR if refused else WARNING
        init, resp, ts, verdict = (refused or problems)[0]
        if verdict == "refused" and not resp.narrows_selectors:
            outcome = "which %s refuses with TS_UNACCEPTABLE, so no Child SA comes up when %s initiates" % (
                who(resp), who(init))
        elif verdict == "refused":
            outcome = "which shares no address range with %s's selectors, so no Child SA comes up for it" % who(resp)
        else:
            outcome = "which %s only partly covers and narrows, so traffic outside the narrowed range is dropped" % (
                who(resp))
        summary = "%s offers traffic selectors %s <-> %s, %s." % (who(init), ts.local, ts.remote, outcome)
        if init.any_to_any and not resp.narrows_selectors:
            summary = summary[:-1] + "; any-to-any selectors need the peer to narrow them, which a policy-based end does not."
        self.add(
            "TRAFFIC_SELECTOR_MISMATCH",
            severity,
            "child_init",
            summary,
            self.ev(
                {"selectors": _describe_ts(a), "any_to_any": a.any_to_any,
                 "problems": [{"initiator": who(i), "local": t.local, "remote": t.remote, "verdict": v} for i, _r, t, v in problems]},
                {"selectors": _describe_ts(b), "any_to_any": b.any_to_any},
            ),
            self.fixes(_selector_fixes(a, b), _selector_fixes(b, a)),
        )

    # -- lifetimes ------------------------------------------------------------------
    def check_lifetimes(self):
        a, b = self.a, self.b
        ia, ib = a.ike_lifetime.seconds, b.ike_lifetime.seconds
        if ia is not None and ib is not None and ia != ib:
            first = a if ia < ib else b
            self.add(
                "IKE_LIFETIME_MISMATCH",
                INFO,
                "ike_rekey",
                "IKE SA lifetimes differ (%s %d s, %s %d s). IKEv2 does not negotiate lifetimes, so this is no "
                "failure by itself: %s rekeys the IKE SA first." % (who(a), ia, who(b), ib, who(first)),
                self.ev({"seconds": ia, "lines": _lines(a.ike_lifetime.source)}, {"seconds": ib, "lines": _lines(b.ike_lifetime.source)}),
                self.fixes([intent("ike_lifetime_seconds", seconds=ib)], [intent("ike_lifetime_seconds", seconds=ia)]),
            )
        ca, cb = a.child_lifetime, b.child_lifetime
        if ca.seconds is not None and cb.seconds is not None and ca.seconds != cb.seconds:
            first = a if ca.seconds < cb.seconds else b
            self.add(
                "CHILD_LIFETIME_MISMATCH",
                INFO,
                "child_rekey",
                "Child SA lifetimes differ (%s %d s, %s %d s): %s starts the time-based rekeys."
                % (who(a), ca.seconds, who(b), cb.seconds, who(first)),
                self.ev({"seconds": ca.seconds, "lines": _lines(ca.source)}, {"seconds": cb.seconds, "lines": _lines(cb.source)}),
                self.fixes(
                    [intent("child_lifetime_seconds", seconds=cb.seconds)],
                    [intent("child_lifetime_seconds", seconds=ca.seconds)],
                ),
            )
        if ca.kilobytes != cb.kilobytes and "child_lifetime" not in a.unknowns + b.unknowns:
            first, second = (a, b) if cb.kilobytes is None or (ca.kilobytes is not None and ca.kilobytes < cb.kilobytes) else (b, a)
            self.add(
                "CHILD_DATA_LIMIT_MISMATCH",
                WARNING,
                "child_rekey",
                "Child SA data lifetimes differ: %s rekeys %s of traffic, %s %s, so under traffic %s starts "
                "every data-driven rekey and any rekey problem shows up after a time that varies with load."
                % (who(first), _human_kb(first.child_lifetime.kilobytes), who(second),
                   _human_kb(second.child_lifetime.kilobytes), who(first)),
                self.ev(
                    {"kilobytes": ca.kilobytes, "rekeys": _human_kb(ca.kilobytes), "lines": _lines(ca.source)},
                    {"kilobytes": cb.kilobytes, "rekeys": _human_kb(cb.kilobytes), "lines": _lines(cb.source)},
                ),
                self.fixes(
                    [intent("child_lifetime_kilobytes", kilobytes=cb.kilobytes)],
                    [intent("child_lifetime_kilobytes", kilobytes=ca.kilobytes)],
                ),
            )

    # -- traffic path ----------------------------------------------------------------
    def check_traffic(self):
        a, b = self.a, self.b
        for end, other in ((a, b), (b, a)):
            if end.nat.exempt is False:
                self.add(
                    "NAT_EXEMPTION_MISSING",
                    ERROR,
                    "traffic",
                    "%s %s translates tunnel traffic before encryption (%s), so it no longer matches the tunnel's "
                    "selectors and never enters the tunnel." % (who(end), end.name, end.nat.detail or "a NAT rule matches"),
                    {end.vendor: {"detail": end.nat.detail, "lines": _lines(end.nat.source)}, other.vendor: {}},
                    {end.vendor: [intent("nat_exemption", local=end.local_networks or [], remote=end.remote_networks or [])]},
                )
            if end.tcp_mss is not None and other.max_tcp_mss is not None and end.tcp_mss > other.max_tcp_mss:
                self.add(
                    "TCP_MSS_TOO_HIGH",
                    WARNING,
                    "traffic",
                    "%s clamps TCP MSS to %d, above the %d %s recommends: large TCP segments fragment or are "
                    "dropped inside the tunnel." % (who(end), end.tcp_mss, other.max_tcp_mss, who(other)),
                    {end.vendor: {"tcp_mss": end.tcp_mss}, other.vendor: {"recommended_max_tcp_mss": other.max_tcp_mss}},
                    {end.vendor: [intent("tcp_mss", mss=other.max_tcp_mss)]},
                )
        if not a.dpd.enabled and not b.dpd.enabled:
            self.add(
                "DPD_MISMATCH",
                WARNING,
                "traffic",
                "Neither %s nor %s runs dead-peer detection: a dead tunnel is never torn down and rebuilt."
                % (who(a), who(b)),
                self.ev({"enabled": False, "lines": _lines(a.dpd.source)}, {"enabled": False, "lines": _lines(b.dpd.source)}),
                self.fixes([intent("dpd_timeout", seconds=b.dpd.timeout_seconds or 45)], []),
            )
        for end, other in ((a, b), (b, a)):
            t = end.dpd.timeout_seconds
            if end.dpd.enabled and t is not None and t < MIN_DPD_TIMEOUT:
                self.add(
                    "DPD_MISMATCH",
                    WARNING,
                    "traffic",
                    "%s declares its peer dead after %d s without an answer: a short loss tears the tunnel down."
                    % (who(end), t),
                    {end.vendor: {"timeout_seconds": t, "lines": _lines(end.dpd.source)}, other.vendor: {}},
                    {end.vendor: [intent("dpd_timeout", seconds=max(other.dpd.timeout_seconds or 45, 30))]},
                )

    # -- weak crypto ----------------------------------------------------------------------
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


def _contains(network, address):
    try:
        return address in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def _versions(end):
    return " and ".join("IKEv%d" % v for v in sorted(end.ike_versions)) or "none"


def _join(items):
    return ", ".join(items)


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


def _rekey_order(end):
    """Sort key: the end whose data limit, then time limit, runs out first."""
    inf = float("inf")
    life = end.child_lifetime
    return (life.kilobytes if life.kilobytes is not None else inf, life.seconds if life.seconds is not None else inf)


def _rekey_outcome(offered, accepted):
    real_offered = [g for g in offered if g != NO_PFS]
    real_accepted = [g for g in accepted if g != NO_PFS]
    if not real_offered:
        return "no KE offered while the responder requires PFS: NO_PROPOSAL_CHOSEN"
    if not real_accepted:
        return "KE for group %s sent while the responder has no PFS: INVALID_KE_PAYLOAD" % "/".join(map(str, real_offered))
    return "KE for group %s sent while the responder accepts only group %s: INVALID_KE_PAYLOAD" % (
        "/".join(map(str, real_offered)), "/".join(map(str, real_accepted)))


def _describe_ts(end):
    return [{"local": t.local, "remote": t.remote, "protocol": t.protocol, "lines": _lines(t.source)} for t in end.traffic_selectors or []]


def _responder_verdict(offered, resp):
    """How the responder treats one offered selector (seen from the initiator)."""
    off_local, off_remote = offered.networks()
    # From the responder's side the initiator's local is its remote.
    best = "refused"
    for own in resp.traffic_selectors or []:
        own_local, own_remote = own.networks()
        if own.protocol not in (0, offered.protocol):
            # An any-protocol offer against a selector for one protocol: a narrowing
            # responder narrows the protocol too (RFC 7296 s2.9; strongSwan oracle ts-13/14).
            if (offered.protocol == 0 and resp.narrows_selectors
                    and off_remote.overlaps(own_local) and off_local.overlaps(own_remote)):
                best = "narrowed"
            continue
        if _subnet(off_remote, own_local) and _subnet(off_local, own_remote):
            return "accepted"
        if resp.narrows_selectors and off_remote.overlaps(own_local) and off_local.overlaps(own_remote):
            best = "narrowed"
    return best


def _subnet(inner, outer):
    return inner.version == outer.version and inner.subnet_of(outer)


def _selector_fixes(end, other):
    """What ``end`` must change so the pair's selectors agree."""
    if end.any_to_any and not other.narrows_selectors:
        return [intent("policy_selectors", enabled=True)]
    pairs = [[t.remote, t.local] for t in other.traffic_selectors or []]
    return [intent("traffic_selectors", pairs=pairs)]


def check_tunnel(a, b, baseline=None):
    """All findings for two ends of one tunnel. ``baseline`` overrides DEFAULT_BASELINE keys."""
    check = _Check(a, b, baseline)
    check.check_addresses()
    version = check.check_versions()
    check.check_auth()
    if version is not None:
        ike_ok = check.check_ike()
        check.check_child(version)
        check.check_selectors()
        if ike_ok:
            check.check_weak()
    check.check_lifetimes()
    check.check_traffic()
    return check.findings
