# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The life of one tunnel as a list of IKEv2 exchanges: bring-up and the first rekeys, who starts
each one and which fails, computed from report.json alone (a tunnel's ``rekey`` block and its
findings), so that report.html can be drawn again from a saved report.

Plain Python, no Ansible import, no vendor knowledge beyond the two display names.

Rules (each with its source):
- Bring-up is IKE_SA_INIT then IKE_AUTH, started by an end that may initiate (an Azure connection
  in ResponderOnly mode never does; REST connectionMode, reference yaml
  azure_custom_policy...connection_mode, verified). IKE_AUTH creates the first Child SA with no KE
  payload, so PFS is not exercised then (RFC 7296 s1.2; yaml ikev2_rfc7296 first_child_sa_no_ke,
  verified).
- Lifetimes are not negotiated: each end rekeys on its own timer (yaml ikev2_rfc7296 lifetimes_local,
  verified; RFC 7296 s2.8), so the end whose lifetime - seconds, or kilobytes at the stated
  throughput - runs out first starts the rekey (CREATE_CHILD_SA, RFC 7296 s1.3.3 for a Child SA,
  s1.3.2 for the IKE SA). Palo Alto's IKEv2 "SA Key Lifetime and Re-Authentication Interval" page says
  it outright: "the gateway with the shorter key lifetime is the one that will request that the SA be
  re-keyed". Within REKEY_MARGIN of each other either end may start it (the engine's rule: rekey
  timers are jittered; RFC 7296 s2.8 asks for jitter, quoted from memory, not checked here). The
  modes do not stop an end from rekeying (the engine's rule; how ResponderOnly treats rekeys is
  undocumented: yaml connection_mode note, verified: false).
- A rekey that carries a KE the responder does not take is refused (INVALID_KE_PAYLOAD, RFC 7296
  s1.3 / s3.4; yaml ikev2_rfc7296 invalid_ke, verified); the engine's findings say which direction
  fails and how (PFS_MISMATCH evidence ``rekeys``, IKE_NO_COMMON_PROPOSAL ``failing_directions``).
"""

import math

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import negotiated_ike_lifetime

NAMES = {"asa": "ASA", "azure": "Azure"}
VENDORS = ("asa", "azure")

# The throughput a data lifetime is turned into time at, unless the user states one: an ordinary
# load for one site-to-site tunnel (an assumption shown on the page; the check cannot see the load).
DEFAULT_THROUGHPUT_MBPS = 10
# Mbit is 2^20 bits and KB 1024 bytes, as in the engine (engine/lifetimes.py) and in Cisco's
# arithmetic for the ASA default data lifetime (ASA_CLI_GUIDE_SA_LIFETIME in the reference yaml).
KB_PER_SECOND_PER_MBPS = 1024 * 1024 / 8.0 / 1024
# Two lifetimes within this fraction of each other: either end may rekey first (engine/base.py
# REKEY_MARGIN: rekey timers are jittered and start some percent before expiry).
REKEY_MARGIN = 0.1
# How many Child SA rekeys are drawn before the first IKE SA rekey (the rest are counted).
CHILD_REKEYS_SHOWN = 3

# Config findings after which IKE_SA_INIT never succeeds: no counterpart or the wrong peer address, no
# crypto map on an interface or no IKEv2 on it, an end that was not read, a gateway that cannot run the
# connection (the codes' meanings in DESIGN.md and findings.CATALOG).
BRING_UP_BLOCKERS = frozenset(["PEER_NOT_FOUND", "PEER_ADDRESS_MISMATCH", "CRYPTO_MAP_NOT_APPLIED", "IKEV2_NOT_ENABLED",
                               "HOST_NOT_READ", "AZURE_SKU_UNSUPPORTED"])

OK, WARN, FAIL = "ok", "warning", "fail"
MODE_RESPONDER_ONLY = "responder_only"
MODE_INITIATOR_ONLY = "initiator_only"


def rekey_inputs(asa_end, azure_end):
    """The ``rekey`` block of a paired tunnel in report.json: per end its lifetimes, PFS group and
    mode (duck-typed model.TunnelEnd; None values mean unknown or no limit)."""
    out = {}
    for vendor, end, other in (("asa", asa_end, azure_end), ("azure", azure_end, asa_end)):
        out[vendor] = {
            "child_lifetime_seconds": end.child_lifetime.seconds,
            "child_lifetime_kilobytes": end.child_lifetime.kilobytes,
            "ike_lifetime_seconds": negotiated_ike_lifetime(end, other).seconds,
            "pfs_group": end.pfs_group,
            "mode": end.mode,
        }
    return out


def ends_of(tunnel):
    """The tunnel's ``rekey`` block, each end a dict (a hand-edited report may hold anything)."""
    block = tunnel.get("rekey")
    if not isinstance(block, dict):
        return {}
    return {v: block[v] for v in VENDORS if isinstance(block.get(v), dict)}


def kilobytes_per_second(throughput_mbps):
    return max(float(throughput_mbps or 0), 0.0) * KB_PER_SECOND_PER_MBPS


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else None


def _child_expiry(end, rate):
    """(seconds until this end's Child SA runs out, what runs out) at ``rate`` KB/s, or (None, None)."""
    seconds = _number(end.get("child_lifetime_seconds"))
    kilobytes = _number(end.get("child_lifetime_kilobytes"))
    by_data = kilobytes / rate if kilobytes and rate else None
    if by_data is not None and (seconds is None or by_data < seconds):
        return by_data, "data lifetime %d KB" % kilobytes
    if seconds is not None:
        return float(seconds), "lifetime %d s" % seconds
    return None, None


def _ike_expiry(end):
    seconds = _number(end.get("ike_lifetime_seconds"))
    return (float(seconds), "IKE SA lifetime %d s" % seconds) if seconds else (None, None)


def _first(expiries):
    """Who rekeys first: (interval, [vendors starting it], {vendor: trigger}); ties within REKEY_MARGIN
    give both ends. ``expiries``: vendor -> (seconds or None, trigger)."""
    known = {v: e for v, e in expiries.items() if e[0] is not None}
    if not known:
        return None, [], {}
    interval = min(e[0] for e in known.values())
    starters = [v for v in VENDORS if v in known and known[v][0] <= interval * (1 + REKEY_MARGIN)]
    return interval, starters, {v: known[v][1] for v in starters}


def _unique(items):
    return list(dict.fromkeys(items))


def _initiators_label(vendors):
    return " or ".join(NAMES[v] for v in vendors) if vendors else "nobody"


def _other(vendor):
    return "azure" if vendor == "asa" else "asa"


def _notify(outcome):
    """The notify an outcome sentence ends with ('...: INVALID_KE_PAYLOAD')."""
    tail = str(outcome).rsplit(": ", 1)[-1]
    return tail if tail.replace("_", "").isalpha() and tail.isupper() else None


def _failing_directions(finding):
    """{initiator vendor: outcome} a finding names, or None when it fails whoever starts."""
    by_name = {name: vendor for vendor, name in NAMES.items()}
    out = {}
    for side in (finding.get("evidence") or {}).values():
        if not isinstance(side, dict):
            continue
        for rekey in side.get("rekeys") or []:
            if isinstance(rekey, dict) and rekey.get("initiator") in by_name:
                out[by_name[rekey["initiator"]]] = str(rekey.get("outcome") or finding.get("summary", ""))
        for text in side.get("failing_directions") or []:
            initiator = str(text).split(" -> ", 1)[0].strip()
            if initiator in by_name:
                out[by_name[initiator]] = "no IKE proposal the responder accepts: NO_PROPOSAL_CHOSEN"
    return out or None


class _Phase(object):
    """The findings of one phase: which initiators each error fails, the warnings."""

    def __init__(self, findings, phase):
        self.errors = [f for f in findings if f.get("phase") == phase and f.get("severity") == "error"]
        self.warnings = [f for f in findings if f.get("phase") == phase and f.get("severity") == "warning"]

    def outcome(self, initiators):
        """(status, codes, outcome text) of an exchange that any of ``initiators`` may start."""
        codes, texts = [], []
        for finding in self.errors:
            directions = _failing_directions(finding)
            hit = initiators if directions is None else [v for v in initiators if v in directions]
            if not initiators or hit:
                codes.append(str(finding.get("code", "")))
                if directions is None:
                    texts.append(str(finding.get("summary", "")))
                else:
                    texts.extend("%s starts it: %s" % (NAMES[v], directions[v]) for v in hit)
        if codes:
            return FAIL, _unique(codes), texts
        warned = _unique(str(f.get("code", "")) for f in self.warnings)
        return (WARN if warned else OK), warned, [str(f.get("summary", "")) for f in self.warnings]


def _event(lane, index, at, rate, exchange, purpose, initiators, trigger, verdict):
    status, codes, texts = verdict
    starters = list(initiators)
    event = {
        "id": "%s-%d" % (lane, index),
        "at_seconds": round(at, 3),
        "at_kilobytes": round(at * rate, 1),
        "exchange": exchange,
        "purpose": purpose,
        "initiator": _initiators_label(starters),
        "initiators": [NAMES[v] for v in starters],
        "responder": " or ".join(NAMES[_other(v)] for v in starters) if starters else "",
        "trigger": trigger,
        "status": status,
        "codes": codes,
        "outcome": "; ".join(t for t in texts if t),
    }
    notifies = []
    for text in texts:
        notify = _notify(text)
        if notify and notify not in notifies:
            notifies.append(notify)
    if notifies:
        event["notify"] = " / ".join(notifies)
    return event


def _bring_up_initiators(ends):
    """Ends that may start IKE_SA_INIT: not responder-only, and facing no initiator-only peer."""
    out = []
    for vendor in VENDORS:
        mine, theirs = ends.get(vendor) or {}, ends.get(_other(vendor)) or {}
        if mine.get("mode") != MODE_RESPONDER_ONLY and theirs.get("mode") != MODE_INITIATOR_ONLY:
            out.append(vendor)
    return out


def lane_events(tunnel, lane, throughput_mbps):
    """The exchanges of one tunnel at ``throughput_mbps`` through it (0: idle, time lifetimes only),
    in time order, up to the first failure, CHILD_REKEYS_SHOWN Child SA rekeys and the first IKE SA
    rekey. Returns (events, notes)."""
    rate = kilobytes_per_second(throughput_mbps)
    findings = [f for f in tunnel.get("findings") or [] if isinstance(f, dict)]
    ends = ends_of(tunnel)
    paired = bool(tunnel.get("asa")) and bool(tunnel.get("azure"))
    events, notes = [], []
    initiators = _bring_up_initiators(ends) if paired else []
    index = [0]

    def add(at, exchange, purpose, starters, trigger, verdict):
        events.append(_event(lane, index[0], at, rate, exchange, purpose, starters, trigger, verdict))
        index[0] += 1
        return verdict[0] != FAIL

    # Bring-up. Config errors that leave nobody to answer IKE_SA_INIT stop it at the first message; other
    # config errors (an undefined name, a value not understood) are marked before it, and the exchanges
    # are drawn from the rest of the configuration as read.
    config = _Phase(findings, "config")
    blockers = [f for f in config.errors if f.get("code") in BRING_UP_BLOCKERS]
    config.errors = [f for f in config.errors if f.get("code") not in BRING_UP_BLOCKERS]
    if config.errors:
        add(0.0, "config", "configuration as read", [], "before bring-up", config.outcome([]))
        notes.append("Configuration errors are marked first; the exchanges after them are drawn from the rest of "
                     "the configuration as read.")
    init_verdict = _Phase(findings, "ike_init").outcome(initiators)
    if blockers or not paired:
        init_verdict = (FAIL, _unique(str(f.get("code", "")) for f in blockers) or ["PEER_NOT_FOUND"],
                        [str(f.get("summary", "")) for f in blockers] or ["one end has no counterpart"])
    if not add(0.0, "IKE_SA_INIT", "bring-up: IKE SA", initiators, "traffic for the tunnel, or the tunnel set to connect",
               init_verdict):
        return events, notes
    # IKE_AUTH carries the first Child SA with no KE (RFC 7296 s1.2): Child SA errors at child_init.
    if not add(0.0, "IKE_AUTH", "bring-up: first Child SA (no KE, so PFS is not used yet)", initiators,
               "follows IKE_SA_INIT", _Phase(findings, "child_init").outcome(initiators)):
        return events, notes
    traffic = _Phase(findings, "traffic")
    if traffic.errors:
        add(0.0, "traffic", "traffic through the tunnel", [], "after bring-up", traffic.outcome([]))

    child = {v: _child_expiry(ends.get(v) or {}, rate) for v in VENDORS}
    ike = {v: _ike_expiry(ends.get(v) or {}) for v in VENDORS}
    child_every, child_starters, child_triggers = _first(child)
    ike_every, ike_starters, ike_triggers = _first(ike)
    if not ends:
        notes.append("This report has no lifetimes for the tunnel (no rekey block), so no rekey is drawn.")
        return events, notes
    child_rekey, ike_rekey = _Phase(findings, "child_rekey"), _Phase(findings, "ike_rekey")
    shown = 0
    at = 0.0
    while child_every is not None and shown < CHILD_REKEYS_SHOWN and (ike_every is None or at + child_every < ike_every):
        at += child_every
        shown += 1
        trigger = "; ".join("%s's %s" % (NAMES[v], child_triggers[v]) for v in child_starters)
        if not add(at, "CREATE_CHILD_SA", "Child SA rekey %d" % shown, child_starters, trigger,
                   child_rekey.outcome(child_starters)):
            notes.append("After the failed rekey the old Child SA expires on one end while the other keeps "
                         "sending into it: encaps rise, decaps freeze, and both ends still show the tunnel up.")
            return events, notes
    if ike_every is None:
        return events, notes
    skipped = 0
    if child_every is not None:  # Child SA rekeys strictly before the IKE SA rekey, not drawn
        skipped = int(math.ceil(ike_every / child_every)) - 1 - shown
        if skipped > 0:
            notes.append("%d more Child SA rekey(s) like the last one before the IKE SA rekey." % skipped)
    trigger = "; ".join("%s's %s" % (NAMES[v], ike_triggers[v]) for v in ike_starters)
    add(ike_every, "CREATE_CHILD_SA", "IKE SA rekey", ike_starters, trigger, ike_rekey.outcome(ike_starters))
    if skipped > 0:
        events[-1]["child_rekeys_before"] = skipped
    return events, notes


def tunnel_timeline(tunnel, throughput_mbps=DEFAULT_THROUGHPUT_MBPS):
    """Two lanes for one tunnel of report.json: idle (time lifetimes only) and under load at
    ``throughput_mbps`` (time or data lifetime, whichever runs out first)."""
    lanes = []
    for name, mbps, title in (
            ("idle", 0, "Idle: rekeys by lifetime in seconds"),
            ("load", throughput_mbps, "Under load at %s Mbit/s: rekeys by seconds or kilobytes, whichever runs out first"
             % _mbps_text(throughput_mbps))):
        events, notes = lane_events(tunnel, name, mbps)
        lanes.append({"name": name, "title": title, "throughput_mbps": mbps, "events": events, "notes": notes})
    return {"throughput_mbps": throughput_mbps, "lanes": lanes}


def _mbps_text(value):
    return ("%g" % value) if isinstance(value, (int, float)) else str(value)
