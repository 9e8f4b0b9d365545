# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tie what the devices said to the check's findings for one tunnel.

Plain Python, no Ansible import. ``correlate(tunnel, debug=, syslog=, counters=)`` takes one tunnel
of a check report (``report["tunnels"][i]``: findings with code and phase) and the parsed evidence,
and returns per finding a ``status``: ``confirmed`` (with the evidence: source, lines, time, what it
says), ``contradicted`` (the evidence shows the exchange the finding predicts to fail succeeding) or
``not_covered``; the evidence no finding explains (``unexplained``, with the codes it suggests);
evidence that is the effect of a confirmed finding (``consequences``); known misleading messages
(``misleading``, with why); findings only the evidence gives (``evidence_findings``, evidence_findings.py:
IKE_NO_RESPONSE, REKEY_COLLISION, SA_EXPIRED_WITHOUT_REKEY, marked ``"from": "evidence"``; they do not
change the verdict); a ``timeline`` line per confirmed finding and per evidence finding; and ``notes``.
``explain(report, ...)`` reads the texts and picks the tunnel.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_debug import parse_debug
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import misleading_explanation, parse_syslog
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_gateway import (
    ike_sa_signals,
    parse_ike_sas,
    parse_troubleshoot,
    troubleshoot_signals,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_logs import (
    BGP_SESSION_CODES,
    bgp_over_tunnel_state,
    diagnostic_signals,
    parse_diagnostic_logs,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.bgp_peers import BgpPeers, runs_bgp, unattributed_note
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.charon_log import charon_signals, parse_charon
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.evidence_findings import evidence_findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.ipsec_counters import parse_counters
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.signals import (
    NO_FINDING,
    counter_signals,
    debug_signals,
    syslog_signals,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import behind_nat
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import clock, is_ip, order_times
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

CONFIRMED, CONTRADICTED, NOT_COVERED = "confirmed", "contradicted", "not_covered"


def explain(report, tunnel=None, debug_text=None, syslog_text=None, counter_texts=None, azure_log_texts=None,
            azure_troubleshoot_texts=None, azure_ike_sas_text=None, charon_texts=None):
    """Parse the texts and correlate them with one tunnel of ``report``: the one named ``tunnel``, else the
    only one, else the only one whose ASA peer is the address the evidence speaks with."""
    parsed = parse_evidence(debug_text, syslog_text, counter_texts, azure_log_texts, azure_troubleshoot_texts,
                            azure_ike_sas_text, charon_texts)
    tunnels = report.get("tunnels") if isinstance(report, dict) else None
    tunnels = [t for t in tunnels if isinstance(t, dict)] if isinstance(tunnels, list) else []
    notes, chosen = [], None
    if tunnel is not None:
        chosen = next((t for t in tunnels if t.get("name") == tunnel), None)
    elif len(tunnels) == 1:
        chosen = tunnels[0]
    elif tunnels:
        peers = evidence_peers(parsed)
        matching = [t for t in tunnels if (t.get("asa") or {}).get("peer") in peers]
        if len(matching) == 1:
            chosen = matching[0]
            notes.append("tunnel %s chosen: the evidence is about its peer %s" % (chosen.get("name"), chosen["asa"]["peer"]))
    if chosen is None:
        names = [t.get("name") for t in tunnels]
        notes.append("no tunnel %s in the report (tunnels: %s); the evidence is read without findings"
                     % ("named %r" % tunnel if tunnel else "chosen", ", ".join(str(n) for n in names) or "none"))
        chosen = {"name": tunnel, "findings": []}
    result = correlate(chosen, bgp_peers=BgpPeers(tunnels) if chosen in tunnels else None, **parsed)
    result["notes"] = notes + result["notes"]
    return result


def parse_evidence(debug_text=None, syslog_text=None, counter_texts=None, azure_log_texts=None,
                   azure_troubleshoot_texts=None, azure_ike_sas_text=None, charon_texts=None):
    """The texts read once (None for a source not given): keyword arguments of ``correlate``, so that
    several tunnels of one report are correlated with the same evidence without reading it again."""
    return {
        "debug": parse_debug(debug_text) if debug_text is not None else None,
        "syslog": parse_syslog(syslog_text) if syslog_text is not None else None,
        "counters": parse_counters(counter_texts) if counter_texts is not None else None,
        "azure_logs": parse_diagnostic_logs(azure_log_texts) if azure_log_texts is not None else None,
        "azure_troubleshoot": parse_troubleshoot(azure_troubleshoot_texts) if azure_troubleshoot_texts is not None else None,
        "azure_ike_sas": parse_ike_sas(azure_ike_sas_text) if azure_ike_sas_text is not None else None,
        "charon": _parse_charon_texts(charon_texts) if charon_texts is not None else None,
    }


def evidence_peers(parsed):
    """The peer addresses (or masked names) the parsed evidence speaks with."""
    return {s.get("peer") for s in debug_signals(parsed.get("debug"))
            + syslog_signals(parsed.get("syslog"), misleading_explanation) + counter_signals(parsed.get("counters"))
            + _other_signals(parsed)}


def _parse_charon_texts(texts):
    """One charon log, or several (each end's, or one per run) read one after the other."""
    texts = [texts] if isinstance(texts, (str, bytes)) else list(texts or [])
    parsed = [parse_charon(text) for text in texts]
    merged = {"exchanges": [], "events": [], "messages": [], "notes": [], "logs": len(parsed)}
    for index, one in enumerate(parsed):
        for key in ("exchanges", "events", "messages"):
            merged[key] += one[key]
        merged["notes"] += [("log %d: %s" % (index + 1, n)) if len(parsed) > 1 else n for n in one["notes"]]
    return merged


def _other_signals(sources):
    """Observations of the Azure sources and of charon logs."""
    sources = sources or {}
    return (diagnostic_signals(sources.get("azure_logs")) + troubleshoot_signals(sources.get("azure_troubleshoot"))
            + ike_sa_signals(sources.get("azure_ike_sas")) + charon_signals(sources.get("charon"), debug_signals))


# correlate's keyword arguments in the order their notes and observations are listed, each with its reader of
# observations; each reads its own source only, so a tunnel's observations are these lists one after the other.
_SOURCES = (
    ("debug", debug_signals),
    ("syslog", lambda parsed: syslog_signals(parsed, misleading_explanation)),
    ("counters", counter_signals),
    ("azure_logs", diagnostic_signals),
    ("azure_troubleshoot", troubleshoot_signals),
    ("azure_ike_sas", ike_sa_signals),
    ("charon", lambda parsed: charon_signals(parsed, debug_signals)),
)
# How many of the other peers the note on left-out observations names (issue 12: one syslog of a hub ASA
# named every other peer in every tunnel's entry, a report growing with the square of the tunnels).
SHOWN_PEERS = 5


class _Source(object):
    """The observations of one parsed source, read once and grouped as correlate keeps them for a tunnel: by
    peer address (a signal whose ``peer`` is an IP address concerns that peer only), Azure's BGP events (``bgp``:
    a BgpPeers ties each to its tunnel, review F2 #5) and those of no or a masked peer, which concern every tunnel.
    Each kept with its position, so a tunnel's share keeps the source's order."""

    def __init__(self, label, read, parsed):
        self.parsed = parsed
        self.notes = ["%s: %s" % (label, note) for note in (parsed or {}).get("notes", [])]
        self.signals = read(parsed)
        self.by_peer, self.peerless, self.bgp, self.not_bgp = {}, [], [], []
        for position, signal in enumerate(self.signals):
            peer = signal.get("peer")
            if "bgp_peer" in signal:
                self.bgp.append((position, signal))
                continue
            self.not_bgp.append((position, signal))
            if peer and is_ip(peer):
                self.by_peer.setdefault(peer, []).append((position, signal))
            else:
                self.peerless.append((position, signal))
        self.with_peer = len(self.signals) - len(self.peerless) - len(self.bgp)

    def mine(self, peer_address, site=None, bgp=()):
        """This tunnel's observations in the source's order, how many concern other peers, and the other on-premises
        devices (addresses) of those left out for their site. ``site``: the ASA's own
        address; an observation that names another on-premises device (an Azure gateway's logs cover every
        connection of the gateway: review 2026-12-04, another site's NO_PROPOSAL_CHOSEN confirmed this tunnel's
        finding) concerns another tunnel. ``bgp``: the BGP events (position, signal) that are this tunnel's."""
        peerless = _merged(self.peerless, list(bgp), positions=True) if bgp else self.peerless
        if not peer_address:
            own, other = _merged(self.not_bgp, list(bgp)), 0
        else:
            mine = self.by_peer.get(peer_address, [])
            own, other = _merged(mine, peerless), self.with_peer - len(mine)
        sites = set()
        if site:
            kept = [s for s in own if not (is_ip(s.get("site")) and s.get("site") != site)]
            sites = {s["site"] for s in own if is_ip(s.get("site")) and s.get("site") != site}
            own = kept
        return own, other, sites


def _merged(first, second, positions=False):
    """The signals of two lists of (position, signal) sorted by position, in position order (``positions``: as
    (position, signal))."""
    if not first or not second:
        merged = list(first or second)
    else:
        merged, i, j = [], 0, 0
        while i < len(first) and j < len(second):
            if first[i][0] < second[j][0]:
                merged.append(first[i])
                i += 1
            else:
                merged.append(second[j])
                j += 1
        merged += first[i:] + second[j:]
    return merged if positions else [signal for _position, signal in merged]


class SharedEvidence(object):
    """parse_evidence's result read into observations once for all the tunnels of a report (issue 12).

    correlate rebuilt every observation of the whole evidence for each tunnel and then kept this peer's: one
    syslog of a hub ASA covering all its peers cost tunnels x records (1,000 tunnels: 84 s). Given as
    ``correlate(..., shared=SharedEvidence(parsed))``, a source passed as the very object parsed here is read
    from the groups (each tunnel costs its own observations and those of no peer); any other (a kind gathered
    live for one tunnel) is read for that call as before. The result is the same as without ``shared``."""

    def __init__(self, parsed):
        parsed = parsed or {}
        self._sources = {label: _Source(label, read, parsed.get(label)) for label, read in _SOURCES}
        self._peers = {}       # the labels of shared sources used -> sorted peer addresses they speak with
        self._sa_init = None   # _sa_init_logged of the shared Azure logs, read once

    def source(self, label, parsed):
        """The grouped observations of ``parsed`` as source ``label``: the shared ones when it is the shared object."""
        shared = self._sources[label]
        return shared if shared.parsed is parsed else None

    def peers(self):
        """evidence_peers of the shared evidence: every signal's peer (None, a masked name, an address)."""
        return {s.get("peer") for label, _read in _SOURCES for s in self._sources[label].signals}

    def peer_addresses(self, labels):
        """The sorted peer addresses the shared sources ``labels`` speak with, and them as a set (cached: the
        same sources serve every tunnel)."""
        if labels not in self._peers:
            found = set()
            for label in labels:
                found.update(self._sources[label].by_peer)
            self._peers[labels] = (sorted(found), found)
        return self._peers[labels]

    def sa_init_logged(self, azure_logs):
        if azure_logs is not self._sources["azure_logs"].parsed:
            return _sa_init_logged(azure_logs)
        if self._sa_init is None:
            self._sa_init = _sa_init_logged(azure_logs)
        return self._sa_init


def _other_peers(shared, sources, peer_address):
    """The note's list of the peers other than ``peer_address`` that ``sources`` (label, _Source, shared?) speak
    with: at most SHOWN_PEERS of them in sorted order, then how many more. Only the first few of a hub's
    peers are looked at, so that it costs a tunnel nothing per other peer (issue 12)."""
    labels = tuple(label for label, _source, is_shared in sources if is_shared)
    ordered, known = shared.peer_addresses(labels) if shared is not None and labels else ([], set())
    extra = set()
    for _label, source, is_shared in sources:
        if not is_shared:
            extra.update(p for p in source.by_peer if p not in known)
    total = len(known) + len(extra) - (1 if peer_address in known or peer_address in extra else 0)
    first = [p for p in sorted(ordered[:SHOWN_PEERS + 1] + sorted(extra)) if p != peer_address][:SHOWN_PEERS]
    return first_of(first, SHOWN_PEERS, total=total)


def correlate(tunnel, debug=None, syslog=None, counters=None, azure_logs=None, azure_troubleshoot=None,
              azure_ike_sas=None, charon=None, shared=None, bgp_peers=None):
    """``shared``: a SharedEvidence of the parsed evidence when many tunnels are correlated with it (issue 12).
    ``bgp_peers``: a BgpPeers of the report's tunnels (one of them ``tunnel``), which ties each of Azure's BGP events
    to the tunnel whose BGP address it names (review F2 #5); without it, of ``tunnel`` alone."""
    tunnel = tunnel if isinstance(tunnel, dict) else {}
    if bgp_peers is None or not bgp_peers.knows(tunnel):
        bgp_peers = BgpPeers([tunnel])
    about_bgp = runs_bgp(tunnel) or any(isinstance(f, dict) and f.get("code") in BGP_SESSION_CODES
                                        for f in tunnel.get("findings") or [])
    names = _end_names(tunnel)
    given = {"debug": debug, "syslog": syslog, "counters": counters, "azure_logs": azure_logs,
             "azure_troubleshoot": azure_troubleshoot, "azure_ike_sas": azure_ike_sas, "charon": charon}
    # Only the observations about this tunnel's peer (or of no / a masked peer) are kept: those of a source given
    # as the shared object come from its groups, read once for all tunnels (issue 12), the others are read here.
    sources, notes, signals, other, sites = [], [], [], 0, set()
    for label, read in _SOURCES:
        source = shared.source(label, given[label]) if shared is not None else None
        sources.append((label, source or _Source(label, read, given[label]), source is not None))
        notes += sources[-1][1].notes
        owned, unattributed = bgp_peers.attribution(sources[-1][1].bgp) if sources[-1][1].bgp else ({}, [])
        own_bgp = owned.get(id(tunnel), [])
        if about_bgp and unattributed:
            notes.append("%s: %s" % (label, unattributed_note(unattributed)))
        elsewhere = len(sources[-1][1].bgp) - len(own_bgp) - len(unattributed)
        if about_bgp and elsewhere:
            notes.append("%s: %d Azure BGP event(s) name the BGP neighbor of another tunnel of the report and were "
                         "left out" % (label, elsewhere))
        mine, left_out, left_sites = sources[-1][1].mine(names["peer_address"], names["site"], own_bgp)
        signals += mine
        other += left_out
        sites |= left_sites
    # a BGP session's loss over its own tunnel's state, read from this tunnel's events only (one gateway's log holds
    # every connection's and both instances' tunnel events)
    signals = bgp_over_tunnel_state(signals)
    signals += _nobody_starts(signals, debug, charon, azure_logs,
                              shared.sa_init_logged if shared is not None else _sa_init_logged)
    if other:
        notes.append("%d observation(s) concern other peers (%s) and were left out"
                     % (other, _other_peers(shared, sources, names["peer_address"])))
    if sites:
        shown = sorted(sites)[:SHOWN_PEERS]
        notes.append("the Azure gateway's observations about other on-premises devices (%s%s) were left out: they are "
                     "its other connections', not this tunnel's (whose ASA is %s)"
                     % (", ".join(shown), " and %d more" % (len(sites) - len(shown)) if len(sites) > len(shown) else "",
                        names["site"]))
    if signals and names["peer_address"] and any(s.get("peer") and not is_ip(s["peer"]) for s in signals):
        notes.append("the evidence's addresses are masked (e.g. %s): it is taken to be about this tunnel's peer %s"
                     % (next(s["peer"] for s in signals if s.get("peer") and not is_ip(s["peer"])),
                        names["peer_address"]))

    findings, confirmed_codes, used = [], set(), set()
    for finding in tunnel.get("findings") or []:
        code, phase = finding.get("code"), finding.get("phase")
        entry = {"code": code, "phase": phase, "severity": finding.get("severity"), "evidence": []}
        backing = [s for s in signals if code in s["codes"] and _phase_ok(s, phase)]
        against = [s for s in signals if code in s["contradicts"]]
        if backing:
            entry["status"] = CONFIRMED
            entry["evidence"] = [_evidence(s, names) for s in backing]
            confirmed_codes.add(code)
            used.update(id(s) for s in backing)
        elif against:
            entry["status"] = CONTRADICTED
            entry["evidence"] = [_evidence(s, names) for s in against]
            entry["reason"] = "the evidence shows this phase succeeding with this peer"
        else:
            entry["status"] = NOT_COVERED
            entry["reason"] = ("a configuration finding: the devices' messages do not show it" if phase == "config"
                               else "no exchange or message of this kind in the evidence")
        findings.append(entry)

    consequences, unexplained, misleading, leftover = [], [], [], []
    for signal in signals:
        if signal["kind"] == "misleading":
            misleading.append(dict(_evidence(signal, names), message_id=signal["message_id"],
                                   explanation=signal["explanation"]))
            continue
        if id(signal) in used or not signal["abnormal"]:
            continue
        cause = next((c for c in signal["consequence_of"] if c in confirmed_codes), None)
        if cause:
            # a copy: with SharedEvidence one signal serves many tunnels, whose entries must not share a list
            consequences.append(dict(_evidence(signal, names), explained_by=cause, suggests=list(signal["codes"])))
            for entry in findings:
                if entry["code"] == cause and entry["status"] == CONFIRMED:
                    entry.setdefault("consequences", []).append(_evidence(signal, names))
            continue
        leftover.append(signal)
    from_evidence, tied = evidence_findings(leftover, signals, lambda s: _evidence(s, names))
    for signal in leftover:
        if id(signal) in tied:
            continue
        item = dict(_evidence(signal, names), suggests=signal["codes"] + signal["consequence_of"])
        if signal["kind"] in NO_FINDING:
            item["note"] = NO_FINDING[signal["kind"]]
        unexplained.append(item)

    shown = ["%s (%s)" % (f["code"], "; ".join(_brief(e) for e in f["evidence"])) for f in findings
             if f["status"] == CONFIRMED]
    for entry in misleading:
        entry["instead"] = ("the evidence shows: " + ", ".join(shown)) if shown else \
            "the evidence holds nothing that explains the aborted negotiation: capture the IKEv2 debug"

    contradicting = [item for entry in findings if entry["status"] == CONTRADICTED for item in entry["evidence"]]
    timeline, time_notes = _timeline(findings, from_evidence, contradicting + unexplained + misleading)
    return {
        "tunnel": tunnel.get("name"),
        "findings": findings,
        "consequences": consequences,
        "unexplained": unexplained,
        "misleading": misleading,
        "evidence_findings": from_evidence,
        "timeline": timeline,
        "counts": {status: sum(1 for f in findings if f["status"] == status)
                   for status in (CONFIRMED, CONTRADICTED, NOT_COVERED)},
        "sources": {
            "debug": _count(debug, "packets"), "syslog": _count(syslog, "records"), "counters": _count(counters, "samples"),
            "azure_logs": _count(azure_logs, "records"), "azure_troubleshoot": _count(azure_troubleshoot, "read"),
            "azure_ike_sas": _count(azure_ike_sas, "ike_sas"), "charon": _count(charon, "messages"),
        },
        "notes": notes + time_notes,
    }


def _sa_init_logged(azure_logs):
    """Azure's IKE log shows an IKE_SA_INIT (with any peer: the log is not read per peer here)."""
    ike_log = [r for r in (azure_logs or {}).get("records", []) if r.get("category") == "IKEDiagnosticLog"]
    return any("SA_INIT" in (r.get("message") or "") for r in ike_log)


def _nobody_starts(signals, debug, charon, azure_logs, sa_init_logged=_sa_init_logged):
    """Azure holds no IKE SA and a capture that would show IKE_SA_INIT shows none from either end: nobody
    starts the tunnel (NO_INITIATOR: both ends responder-only). The Azure log is read only when it decides,
    once per report with a SharedEvidence's ``sa_init_logged`` (issue 12: it was read for every tunnel)."""
    captures = [p for p in (debug, charon) if p is not None]
    no_sa = [s for s in signals if s["kind"] == "no_sa"]
    if not no_sa or not (captures or azure_logs is not None):
        return []
    started = [s for s in signals if s.get("exchange") == "IKE_SA_INIT" or s.get("exchange_kind") == "ike_init"]
    if started or sa_init_logged(azure_logs):
        return []
    return [dict(no_sa[0], kind="nobody_starts", codes=["NO_INITIATOR"], phases=["ike_init"], abnormal=True,
                 says="{peer} holds no IKE SA and no IKE_SA_INIT from either end is in the evidence "
                      "(%s): nobody starts the tunnel" % ", ".join(
                          n for n, p in (("debug", debug), ("charon log", charon), ("Azure diagnostic logs", azure_logs))
                          if p is not None))]


def _count(parsed, key):
    return None if parsed is None else len(parsed.get(key) or [])


def _end_names(tunnel):
    asa = tunnel.get("asa") or {}
    peer_address = asa.get("peer") if is_ip(asa.get("peer")) else None
    # the address Azure's logs name for this site is the local network gateway's (an ASA behind NAT is seen at its NAT
    # device's public address, not its own); without it (an older report), the ASA's own address unless behind NAT
    site = (tunnel.get("azure") or {}).get("site_address")
    if not is_ip(site):
        site = asa.get("address") if is_ip(asa.get("address")) and not behind_nat(asa.get("address")) else None
    return {"local": "ASA", "peer": "Azure" if tunnel.get("azure") else "the peer", "peer_address": peer_address,
            "site": site}


def _phase_ok(signal, phase):
    return not signal["phases"] or phase is None or phase in signal["phases"]


def _says(signal, names):
    peer = signal.get("peer_name") or (names["peer"] if not signal.get("local_name") else "the peer")
    if signal.get("peer"):
        peer = "%s (%s)" % (peer, signal["peer"])
    return signal["says"].replace("{peer}", peer).replace("{local}", signal.get("local_name") or names["local"])


def _evidence(signal, names):
    entry = {"source": signal["source"], "lines": list(signal["lines"]), "time": signal.get("time"),
             "says": _says(signal, names)}
    if signal.get("start_time"):
        entry["start_time"] = signal["start_time"]
    for key in ("notify", "exchange", "message_id", "inputs"):
        if signal.get(key) is not None:  # a list copied: a SharedEvidence signal serves many tunnels' entries
            entry[key] = list(signal[key]) if isinstance(signal[key], list) else signal[key]
    return entry


def _brief(item):
    what = item.get("notify") or item["source"]
    return "%s at %s" % (what, clock(item.get("time")) or "line %s" % (item["lines"][0] if item["lines"] else "?"))


def _timeline(findings, from_evidence=(), others=()):
    """The timeline's lines in time order and the notes on how their times were read (review F2 #1, #2): every time
    in one UTC form (text.order_times: an offset applied, a missing year or date taken from the other evidence), so
    that an ASA time without a year, a counter sample's clock and Azure's UTC TimeGenerated are ordered as they
    happened; at one instant a finding's evidence comes before its effects (the cause first). ``others``: the
    tunnel's other evidence (contradicting, unexplained, misleading), not lines of the timeline but read for the year and date as
    report_evidence.observations (report.md, report.html) reads them all: a year or date taken from fewer times put
    a clock-only sample on another day there, and the notes said the other day."""
    items = []
    for entry in from_evidence:
        tag = "%s (%s, from the evidence)" % (entry["code"], entry["severity"])
        findings = findings + [dict(entry, status=CONFIRMED, tag=tag)]
    for entry in findings:
        if entry["status"] != CONFIRMED:
            continue
        items += [(item, entry.get("tag") or "%s: confirmed" % entry["code"], 0) for item in entry["evidence"]]
        items += [(item, "effect of %s" % entry["code"], 1) for item in entry.get("consequences", [])]
    if not items:
        return [], []
    keyed, notes = order_times([item.get("time") for item, _tag, _rank in items]
                               + [item.get("start_time") for item, _tag, _rank in items]
                               + [item.get(key) for item in others for key in ("time", "start_time")])
    rows = []
    for index, (item, tag, rank) in enumerate(items):
        (key, when), (_start_key, start) = keyed[index], keyed[len(items) + index]
        when = when or clock(item.get("time")) or "--:--:--"
        if item.get("start_time") and (start or clock(item["start_time"])) != when:
            when = "%s-%s" % (start or clock(item["start_time"]), when)
        rows.append((key, rank, item["lines"][0] if item["lines"] else 0,
                     "%s %s [%s, %s line %s]" % (when, item["says"], tag, item["source"],
                                                 ",".join(str(n) for n in item["lines"]))))
    return [text for _key, _rank, _line, text in sorted(rows, key=lambda row: row[:3])], notes
