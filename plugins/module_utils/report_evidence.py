# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the devices said, put into the check's report (issue 14): each tunnel the evidence is about gets
an ``evidence`` block (module_utils/evidence/correlate.py: every finding confirmed / contradicted /
not_covered with the evidence lines and their time, the consequences, the unexplained evidence, the
misleading messages, the notes), and the report an ``evidence`` summary (the inputs, which tunnels the
evidence was tied to, notes). Without evidence the report is not touched.

Also: which exchange of the predicted timeline (timeline.py) each observation confirms or contradicts,
and the counts set_stats publishes. The gate does not read any of it: evidence explains an outage, the
configuration decides whether the tunnel passes.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import (
    CONFIRMED,
    CONTRADICTED,
    NOT_COVERED,
    SharedEvidence,
    correlate,
    parse_evidence,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.bgp_peers import BgpPeers
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import clock, is_ip, order_times

# The evidence inputs of the compliance role / vpn_compat_check, each a list of files, and the argument of
# parse_evidence each one feeds (one text, or a list of texts).
EVIDENCE_KINDS = (
    ("asa_debug", "debug_text", "one"),                 # debug crypto ikev2 protocol|platform output
    ("asa_syslog", "syslog_text", "one"),               # ASA syslog lines
    ("ipsec_sa", "counter_texts", "many"),              # show crypto ipsec sa, one or more samples
    ("azure_diagnostic_logs", "azure_log_texts", "many"),  # IKE/Tunnel/RouteDiagnosticLog exports (JSON or CSV)
    ("azure_troubleshoot", "azure_troubleshoot_texts", "many"),  # Network Watcher VPN troubleshoot output
    ("azure_ike_sas", "azure_ike_sas_text", "first"),   # getikesas of the connection (one JSON document)
    ("charon_logs", "charon_texts", "many"),            # strongSwan charon logs
)
STATUSES = (CONFIRMED, CONTRADICTED, NOT_COVERED)


def has_evidence(texts):
    return any(texts.get(kind) for kind, _arg, _how in EVIDENCE_KINDS)


def _arguments(texts):
    """parse_evidence's arguments from {kind: [(file label, text)]}, and notes on what was left out."""
    args, notes = {}, []
    for kind, arg, how in EVIDENCE_KINDS:
        given = [text for _label, text in texts.get(kind) or []]
        if not given:
            continue
        if how == "one":  # several files of one kind read as one capture, in the order given
            args[arg] = "\n".join(given)
        elif how == "first":
            args[arg] = given[0]
            if len(given) > 1:
                notes.append("%s: only the first file is read (%s); give one getikesas output per check"
                             % (kind, texts[kind][0][0]))
        else:
            args[arg] = given
    return args, notes


def _lookup(names):
    """``names`` (evidence.tunnel: a list of str) as a set, or None when ``in`` must stay theirs (a string: a
    substring test; unhashable items)."""
    if not isinstance(names, (list, tuple, set, frozenset)):
        return None
    try:
        return set(names)
    except TypeError:
        return None


def _among(name, wanted, names):
    if wanted is None:
        return name in names
    try:
        return name in wanted
    except TypeError:  # an unhashable name (a hand-edited report), compared as before
        return name in names


def _chosen(report, shared, tunnel_names):
    """The tunnels the evidence is about: those named; else the only tunnel; else those whose ASA peer the
    evidence (``shared``: correlate.SharedEvidence) speaks with. Returns (tunnels, notes)."""
    tunnels = [t for t in report.get("tunnels") or [] if isinstance(t, dict)]
    if tunnel_names:
        # looked up in sets built once, not a list per tunnel and a set per name (issue 12: names x tunnels)
        wanted = _lookup(tunnel_names)
        chosen = [t for t in tunnels if _among(t.get("name"), wanted, tunnel_names)]
        found = {t.get("name") for t in chosen}
        missing = [n for n in tunnel_names if n not in found]
        notes = ["no tunnel named %s in the report: its evidence is not shown" % ", ".join(missing)] if missing else []
        return chosen, notes
    if len(tunnels) == 1:
        return tunnels, []
    peers = shared.peers()
    chosen = [t for t in tunnels if (t.get("asa") or {}).get("peer") in peers]
    if chosen:
        return chosen, []
    masked = sorted(p for p in peers if p and not is_ip(p))
    return [], ["the evidence names no peer address of a tunnel of the report%s: name the tunnel (evidence tunnel)"
                % (" (its addresses are masked: %s)" % ", ".join(masked[:3]) if masked else "")]


def attach_evidence(report, texts, tunnel_names=None, live=None):
    """Correlate the evidence ``texts`` ({kind of EVIDENCE_KINDS: [(file label, text)]}) with the report's
    tunnels and put the result into ``report`` (changed in place and returned): an ``evidence`` block per
    tunnel it is about, a report-level ``evidence`` summary. Nothing happens when no evidence is given.

    ``live``: evidence gathered live by the run (live_evidence.py), {"tunnels": {index of a report tunnel:
    correlate's keyword arguments, already parsed}, "inputs": [per run], "notes": [...]}; for a tunnel that also has
    saved evidence, a kind gathered live replaces the saved one (noted)."""
    live = live or {}
    if not has_evidence(texts) and not live:
        return report
    notes, choice_notes, parsed, chosen, shared = [], [], {}, [], None
    if has_evidence(texts):
        args, notes = _arguments(texts)
        parsed = parse_evidence(**args)
        # the observations read once and grouped by peer, not again for each tunnel (issue 12: a hub ASA's one
        # syslog given for all its tunnels cost tunnels x records)
        shared = SharedEvidence(parsed)
        chosen, choice_notes = _chosen(report, shared, tunnel_names)
    from_files = {id(t) for t in chosen}
    live_tunnels, live_notes = live.get("tunnels") or {}, []
    tied = []
    # the report's BGP addresses read once: an Azure BGP event is the tunnel's whose address it names (review F2 #5)
    bgp_peers = BgpPeers(report.get("tunnels") or [])
    for index, tunnel in enumerate(report.get("tunnels") or []):
        if not isinstance(tunnel, dict) or (id(tunnel) not in from_files and index not in live_tunnels):
            continue
        kwargs = dict(parsed) if id(tunnel) in from_files else {}
        for kind, value in sorted((live_tunnels.get(index) or {}).items()):
            if kwargs.get(kind) is not None:
                live_notes.append("%s: %s gathered live is shown, not the saved file's" % (tunnel.get("name"), kind))
            kwargs[kind] = value
        block = correlate(tunnel, shared=shared, bgp_peers=bgp_peers, **kwargs)
        del block["tunnel"]  # the tunnel's own name, next to it
        tunnel["evidence"] = block
        tied.append(tunnel.get("name"))
    report["evidence"] = {
        "inputs": {kind: [label for label, _text in texts[kind]] for kind, _arg, _how in EVIDENCE_KINDS if texts.get(kind)},
        "tunnels": tied,
        "counts": evidence_counts(report),
        "notes": notes + choice_notes + list(live.get("notes") or []) + live_notes,
    }
    if live:
        report["evidence"]["live"] = list(live.get("inputs") or [])
    return report


def evidence_counts(report):
    """Findings confirmed / contradicted / not covered by the evidence, over all tunnels (set_stats)."""
    counts = dict.fromkeys(STATUSES, 0)
    for tunnel in report.get("tunnels") or []:
        block = tunnel.get("evidence") if isinstance(tunnel, dict) else None
        for status in STATUSES:
            value = ((block or {}).get("counts") or {}).get(status) if isinstance(block, dict) else None
            counts[status] += value if isinstance(value, int) and not isinstance(value, bool) else 0
    return counts


# -- the observations next to the prediction (report.html, report.md, summary lines) -------------------------------
def _predicted(lanes, code):
    """The first predicted exchange (under load, else idle) that the finding ``code`` fails or warns:
    (lane name, event) or (None, None)."""
    for lane in sorted(lanes, key=lambda ln: ln.get("name") != "load"):
        for event in lane.get("events") or []:
            if code in (event.get("codes") or []) and event.get("status") in ("fail", "warning"):
                return lane.get("name"), event
    return None, None


def predicted_text(event):
    """The predicted exchange in words: "CREATE_CHILD_SA (Child SA rekey 1), started by Azure"."""
    started = ", started by %s" % event["initiator"] if event.get("initiator") else ""
    return "%s (%s)%s" % (event.get("exchange"), event.get("purpose"), started)


def observations(tunnel, lanes=()):
    """The tunnel's evidence as rows in time order, each what the devices said and how it stands against the
    prediction: {time, clock, says, source, lines, mark (confirmed | contradicted | effect | evidence (a finding
    only the evidence gives: IKE_NO_RESPONSE, ...) | unexplained | misleading), code, predicted (lane, event) or None,
    note}. [] when the tunnel has no evidence block."""
    block = tunnel.get("evidence")
    if not isinstance(block, dict):
        return []
    rows = []

    def add(item, mark, code=None, note=None):
        if not isinstance(item, dict):
            return
        lane, event = _predicted(lanes, code) if code else (None, None)
        time = item.get("time") if isinstance(item.get("time"), str) else None  # a hand-edited report: anything
        start = item.get("start_time") if isinstance(item.get("start_time"), str) else None
        when = clock(time) or ""
        if start and clock(start) and clock(start) != when:
            when = "%s-%s" % (clock(start), when)
        rows.append({"time": time, "start": start, "clock": when, "says": str(item.get("says") or ""),
                     "source": str(item.get("source") or ""), "lines": list(item["lines"]) if isinstance(item.get("lines"), list) else [],
                     "mark": mark, "code": code, "predicted": (lane, event) if event else None, "note": note})

    for finding in block.get("findings") or []:
        if not isinstance(finding, dict) or finding.get("status") not in (CONFIRMED, CONTRADICTED):
            continue
        for item in finding.get("evidence") or []:
            add(item, finding["status"], finding.get("code"))
        for item in finding.get("consequences") or []:
            add(item, "effect", finding.get("code"))
    for finding in block.get("evidence_findings") or []:  # findings only the evidence gives
        if not isinstance(finding, dict):
            continue
        for item in finding.get("evidence") or []:
            add(item, "evidence", finding.get("code"), note=finding.get("severity"))
    for item in block.get("unexplained") or []:
        add(item, "unexplained", note=item.get("note") if isinstance(item, dict) else None)
    for item in block.get("misleading") or []:
        add(item, "misleading", note=item.get("explanation") if isinstance(item, dict) else None)
    order = {"confirmed": 0, "contradicted": 1, "effect": 2, "evidence": 3, "unexplained": 4, "misleading": 5}
    # every time in one UTC form, as the evidence's own timeline (review F2 #1, #2); at one instant the cause first
    keyed, _notes = order_times([r["time"] for r in rows] + [r.pop("start") for r in rows])
    for index, row in enumerate(rows):
        when, start = keyed[index][1], keyed[len(rows) + index][1]
        if when:
            row["clock"] = "%s-%s" % (start, when) if start and start != when else when
    rows = [row for _key, _rank, _line, _index, row in sorted(
        (keyed[index][0], order[r["mark"]], r["lines"][0] if r["lines"] and isinstance(r["lines"][0], int) else 0,
         index, r) for index, r in enumerate(rows))]
    return rows


def mark_text(row):
    """How one observation stands against the findings, in words."""
    if row["mark"] == CONFIRMED:
        text = "confirms %s" % row["code"]
    elif row["mark"] == CONTRADICTED:
        text = "contradicts %s: the exchange it predicts to fail succeeds" % row["code"]
    elif row["mark"] == "effect":
        text = "effect of %s" % row["code"]
    elif row["mark"] == "evidence":
        text = "%s (a finding from the evidence only; the verdict is the configuration's)" % row["code"]
    elif row["mark"] == "misleading":
        text = "misleading: not the cause"
    else:
        text = "no finding explains this"
    if row.get("predicted"):
        text += " (predicted: %s)" % predicted_text(row["predicted"][1])
    return text


def lines_text(row):
    return "%s line %s" % (row["source"], ",".join(str(n) for n in row["lines"])) if row["lines"] else row["source"]
