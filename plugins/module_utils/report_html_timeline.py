# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html's timeline of a tunnel (report_html.py draws the rest of the page): the two ends' lifetimes, then
per lane (idle, under load) an SVG of the exchanges (module_utils/timeline.py) and the list of them, and what the
devices' evidence said next to the prediction. Every text from the input goes through ``_h``.

Plain Python, no Ansible import.
"""

import json
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import lines_text, mark_text, observations, predicted_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import html_text as _h
from ansible_collections.vpnalign.s2s.plugins.module_utils.timeline import _notify, ends_of, tunnel_timeline

STATUS_TEXT = {"ok": "succeeds", "warning": "succeeds, with a warning", "fail": "FAILS"}
_MARK_COLOURS = {"confirmed": "#1b5e20", "contradicted": "#6a1b9a", "effect": "#37474f"}

_WIDTH, _HEIGHT = 1100, 210
_Y_ASA, _Y_AZURE = 62, 142
_COLOURS = {"ok": "#2e7d32", "warning": "#ef6c00", "fail": "#c62828"}


def _seconds_text(seconds):
    if seconds < 60:
        return "%.3g s" % seconds
    if seconds < 3600:
        return "%.3g min" % (seconds / 60.0)
    return "%.3g h" % (seconds / 3600.0)


def _volume_text(kilobytes):
    if kilobytes <= 0:
        return "no data"
    if kilobytes < 1024:
        return "%.3g KB" % kilobytes
    if kilobytes < 1024 * 1024:
        return "%.3g MB" % (kilobytes / 1024.0)
    return "%.3g GB" % (kilobytes / 1024.0 / 1024.0)


def _lane_svg(tunnel_index, lane, seen=None):
    """One lane as SVG: an ASA line and an Azure line, each exchange an arrow from the end that
    starts it to the other (both heads when either end may), coloured by outcome; an exchange the
    evidence was seen confirming or contradicting (``seen``: event id -> observations) says so and when."""
    seen = seen or {}
    events = lane["events"]
    step = (_WIDTH - 360) / float(max(len(events) - 1, 1))
    lane_name = _h(lane["name"])  # once a lane, not once an arrow (issue 12)
    tunnel_index = _key(tunnel_index)
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">'
             % (_WIDTH, _HEIGHT, _h(lane["title"])),
             "<defs>%s</defs>" % "".join(
                 '<marker id="head-%s-%s-%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" '
                 'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>'
                 % (tunnel_index, lane_name, status, colour) for status, colour in sorted(_COLOURS.items())),
             _AXES]
    for i, event in enumerate(events):
        x = 150 + i * step
        colour = _COLOURS.get(event["status"], "#455a64")
        starters = event.get("initiators") or []
        head = "url(#head-%s-%s-%s)" % (tunnel_index, lane_name, event["status"] if event["status"] in _COLOURS else "ok")
        observed = seen.get(event["id"]) or []
        parts.append('<g id="%s" class="exchange %s%s%s" data-exchange="%s" data-initiator="%s">'
                     % (_h("%s-%s" % (tunnel_index, event["id"])), _h(event["status"]),
                        "".join(" initiator-%s" % _h(s.lower()) for s in starters),
                        "".join(" observed-%s" % _h(m) for m in sorted({r["mark"] for r in observed})) if observed else "",
                        _h(event["exchange"]), _h(event["initiator"])))
        parts.append("<title>%s</title>" % _h("%s (%s), started by %s: %s%s" % (
            event["exchange"], event["purpose"], event["initiator"], STATUS_TEXT.get(event["status"], ""),
            "".join("; observed %s: %s" % (r["clock"] or "(no time)", r["says"]) for r in observed) if observed else "")))
        if observed:  # what the devices said about this predicted exchange, beside it
            first = observed[0]
            parts.append('<text x="%.1f" y="%d" text-anchor="end" font-size="11" font-weight="700" fill="%s" '
                         'class="observed-label">%s</text>'
                         % (x - 8, (_Y_ASA + _Y_AZURE) // 2 + 30, _MARK_COLOURS.get(first["mark"], "#37474f"),
                            _h("%s %s %s" % ("observed" if first["mark"] != "contradicted" else "contradicted",
                                             first["clock"] or "(no time)", first["code"] or ""))))
        if event.get("child_rekeys_before"):
            parts.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#455a64">&#x22EF; %s more</text>'
                         % (x - step / 2, (_Y_ASA + _Y_AZURE) // 2 + 4, _h(event["child_rekeys_before"])))
        if starters:
            down = "ASA" in starters
            y1, y2 = (_Y_ASA + 6, _Y_AZURE - 6) if down else (_Y_AZURE - 6, _Y_ASA + 6)
            start = ' marker-start="%s"' % head if len(starters) > 1 else ""
            parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="%d" marker-end="%s"%s/>'
                         % (x, y1, x, y2, colour, 5 if event["status"] == "fail" else 3, head, start))
        else:
            parts.append('<circle cx="%.1f" cy="%d" r="9" fill="%s"/>' % (x, (_Y_ASA + _Y_AZURE) // 2, colour))
        parts.append('<text x="%.1f" y="22" text-anchor="middle" font-size="13" font-weight="700" fill="%s">%s</text>'
                     % (x, colour, _h(event["exchange"])))
        parts.append('<text x="%.1f" y="40" text-anchor="middle" font-size="11" fill="#37474f">%s</text>'
                     % (x, _h(_short_purpose(event))))
        at = "t = %s" % _seconds_text(event["at_seconds"]) if event["at_seconds"] else "t = 0"
        if lane["throughput_mbps"]:
            at += ", %s" % _volume_text(event["at_kilobytes"])
        parts.append('<text x="%.1f" y="170" text-anchor="middle" font-size="12" fill="#263238">%s</text>' % (x, _h(at)))
        if event["status"] == "fail":
            label = "FAILS: %s" % ", ".join(event["codes"])
            if event.get("notify"):
                label += " (%s)" % event["notify"]
            parts.append('<text x="%.1f" y="192" text-anchor="middle" font-size="12" font-weight="700" fill="%s" '
                         'class="failure-label">%s</text>' % (x, colour, _h(label)))
            parts.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="22" font-weight="700" fill="%s">&#x2715;</text>'
                         % (x + 16, (_Y_ASA + _Y_AZURE) // 2 + 8, colour))
        elif event["status"] == "warning":
            parts.append('<text x="%.1f" y="192" text-anchor="middle" font-size="12" fill="%s">warning: %s</text>'
                         % (x, colour, _h(", ".join(event["codes"]))))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


# The two ends' lines of every lane, the same in each
_AXES = "".join('<text x="12" y="%d" font-size="15" font-weight="700" fill="#263238">%s</text>'
                '<line x1="80" y1="%d" x2="%d" y2="%d" stroke="#90a4ae" stroke-width="2"/>' % (y + 5, name, y, _WIDTH - 20, y)
                for name, y in (("ASA", _Y_ASA), ("Azure", _Y_AZURE)))


def _short_purpose(event):
    purpose = event["purpose"]
    if purpose.startswith("bring-up"):
        return "bring-up"
    return purpose


def _event_item(tunnel_index, event, lane, seen=None):
    at = "t = %s" % _seconds_text(event["at_seconds"]) if event["at_seconds"] else "t = 0"
    if lane["throughput_mbps"]:
        at += " (%s through the tunnel)" % _volume_text(event["at_kilobytes"])
    started = ", started by %s" % event["initiator"] if event["exchange"] not in ("config", "traffic") else ""
    text = "%s: %s %s%s%s, %s" % (
        at, event["exchange"], event["purpose"], started,
        " (%s)" % event["trigger"] if event.get("trigger") else "", STATUS_TEXT.get(event["status"], event["status"]))
    if event["codes"]:
        text += " [%s]" % ", ".join(event["codes"])
    item = '<li id="%s-text" class="%s">%s' % (_h("%s-%s" % (_key(tunnel_index), event["id"])), _h(event["status"]), _h(text))
    if event["status"] != "ok" and event.get("outcome"):
        item += '<br><span class="muted">%s</span>' % _h(event["outcome"])
    for row in (seen or {}).get(event["id"]) or []:
        item += '<br><span class="seen %s">%s %s: %s (%s, %s)</span>' % (
            _h(row["mark"]), "Observed" if row["mark"] != "effect" else "Then", _h(row["clock"] or "(no time)"),
            _h(row["says"]), _h(mark_text(dict(row, predicted=None))), _h(lines_text(row)))
    return item + "</li>"


# A tunnel's timeline is drawn from what _timeline_key takes of it, the page's throughput and its index; tunnels
# of a large report share a few fault patterns, so it is drawn once per pattern (its index a hole) and that text
# given to the others with their index (issue 12: the timelines were half of report.html's time at 100k lines).
# A finding's summary (an exchange's outcome: often names a tunnel's own selectors) is a hole of its own.
_INDEX_HOLE = "\x00"  # never in a drawn key's text (_timeline_key)
_SUMMARY_HOLE = "\x01%d\x01"  # the n-th summary taken out of the key; "\x01" never in a drawn key's text
DRAWN_KEPT = 256  # timelines kept per page (about 12 KB each)
_KEY_JSON = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, None, json.encoder.encode_basestring, None, ":", ",", True, False, True)


def _timeline_key(tunnel):
    """(what the timeline of ``tunnel`` is drawn from as JSON text, [(position of a finding, its summary) taken out
    of it]), or (None, None) when it cannot be told so: evidence of the devices (drawn beside the exchanges), a
    finding's evidence that is no dict, a value that is not JSON, a "\x00" or "\x01" in a text. timeline.lane_events
    and _lifetimes_table read nothing else: each finding's phase, severity, code and summary and its evidence's
    rekeys and failing directions, the rekey block, whether both ends are there. A summary is drawn as it is into
    the outcome of an exchange (each text escaped on its own: a hole for it is filled with its escaped text), and
    read for the notify it ends with: only a text that ends with none is taken out."""
    if _KEY_JSON is None or isinstance(tunnel.get("evidence"), dict):
        return None, None
    found, holes = [], []
    for position, finding in enumerate(tunnel.get("findings") or []):
        if not isinstance(finding, dict):
            continue
        evidence = finding.get("evidence") or {}
        if type(evidence) is not dict:  # pylint: disable=unidiomatic-typecheck
            return None, None
        summary = finding.get("summary")
        plain = type(summary) is str and "\x00" not in summary and "\x01" not in summary  # pylint: disable=unidiomatic-typecheck
        if plain and summary and _notify(summary) is None:
            said = [len(holes)]  # a list: no text is one
            holes.append((position, summary))
        else:
            said = summary
        found.append((finding.get("phase"), finding.get("severity"), finding.get("code"), said,
                      [(side.get("rekeys"), side.get("failing_directions")) for side in evidence.values() if isinstance(side, dict)]))
    try:
        key = "".join(_KEY_JSON((found, tunnel.get("rekey"), bool(tunnel.get("asa")) and bool(tunnel.get("azure"))), 0))
    except (TypeError, ValueError, RecursionError):
        return None, None
    if "\\u0000" in key or "\\u0001" in key:
        return None, None
    return key, holes


def _key(tunnel_index):
    """What the ids of a tunnel's timeline start with: ``tunnel_index`` when it is text (report_html gives the tunnel's
    anchor, tunnel_ids.anchor_keys: the same from night to night), ``t<index>`` for a position."""
    return tunnel_index if isinstance(tunnel_index, str) else "t%d" % tunnel_index


def timeline_html(tunnel_index, tunnel, throughput_mbps, drawn=None):
    """The timeline of one tunnel at ``throughput_mbps``; ``drawn``: a dict kept for one page (the timelines drawn
    so far, by _timeline_key), or None. ``tunnel_index``: its anchor (text, safe in an id) or its position."""
    key, holes = _timeline_key(tunnel) if drawn is not None else (None, None)
    if key is None:
        return _timeline_html(tunnel_index, tunnel, throughput_mbps)
    pieces = drawn.get(key)
    if pieces is None:
        if len(drawn) >= DRAWN_KEPT:
            drawn.clear()
        findings = list(tunnel.get("findings") or [])
        for n, (position, _summary) in enumerate(holes):
            findings[position] = dict(findings[position], summary=_SUMMARY_HOLE % n)
        pieces = drawn[key] = _pieces(_timeline_html(_INDEX_HOLE, dict(tunnel, findings=findings), throughput_mbps),
                                      len(holes))
    # the holes filled in one join (issue 12: a replace per hole went over the ~12 KB text once per summary)
    fills = [_key(tunnel_index)] + [_h(summary) for _position, summary in holes]
    parts = list(pieces)
    for at in range(1, len(parts), 2):
        parts[at] = fills[parts[at]]
    return "".join(parts)


_HOLES = re.compile("(\x00|\x01[0-9]+\x01)")


def _pieces(text, holes):
    """``text`` (a timeline drawn with holes) split at its holes: its text and each hole's number in turn (0: the
    tunnel's index, n + 1: the n-th summary; an _SUMMARY_HOLE of no summary is text), what timeline_html fills in:
    the text the index's replace and then each summary's would give (no filled text holds a hole: a summary with
    _INDEX_HOLE or "\x01" in it is no hole)."""
    split = _HOLES.split(text)
    pieces = [split[0]]
    for at in range(1, len(split), 2):
        hole = split[at]
        if hole == _INDEX_HOLE:
            number = 0
        else:
            number = int(hole[1:-1]) + 1
            if number > holes or _SUMMARY_HOLE % (number - 1) != hole:  # "\x01007\x01" is no hole
                pieces[-1] += hole + split[at + 1]
                continue
        pieces += (number, split[at + 1])
    return pieces


def _timeline_html(tunnel_index, tunnel, throughput_mbps):
    timeline = tunnel_timeline(tunnel, throughput_mbps)
    rows = observations(tunnel, timeline["lanes"])
    parts = ['<div class="timeline" id="timeline-%s">' % _key(tunnel_index), "<h3>Timeline: bring-up and the first rekeys</h3>"]
    parts.append(_lifetimes_table(tunnel))
    for lane in timeline["lanes"]:
        seen = {}
        for row in rows:
            if row["predicted"] and row["predicted"][0] == lane["name"] and row["mark"] in _MARK_COLOURS:
                seen.setdefault(row["predicted"][1]["id"], []).append(row)
        parts.append('<div class="lane lane-%s"><h4>%s</h4>' % (_h(lane["name"]), _h(lane["title"])))
        parts.append(_lane_svg(tunnel_index, lane, seen))
        parts.append('<ol class="events">%s</ol>' % "".join(_event_item(tunnel_index, e, lane, seen) for e in lane["events"]))
        parts.extend('<p class="note">%s</p>' % _h(note) for note in lane["notes"])
        parts.append("</div>")
    if isinstance(tunnel.get("evidence"), dict):
        parts.append(_observed_html(tunnel_index, tunnel["evidence"], rows))
    parts.append("</div>")
    return "".join(parts)


def _observed_html(tunnel_index, block, rows):
    """What happened, from the devices' evidence, next to the prediction: each observation in time order with
    how it stands against the findings (a link to the predicted exchange it confirms or contradicts), the
    findings the evidence does not cover, the notes."""
    counts = block.get("counts") if isinstance(block.get("counts"), dict) else {}
    parts = ['<div class="observed" id="observed-%s"><h4>What happened: what the devices said, next to the prediction</h4>'
             % _key(tunnel_index),
             "<p>%s finding(s) confirmed, %s contradicted, %s not covered by the evidence.</p>" % tuple(
                 _h(counts.get(k, 0)) for k in ("confirmed", "contradicted", "not_covered"))]
    if rows:
        parts.append("<table><tr><th>time</th><th>what the devices said</th><th>against the prediction</th>"
                     "<th>source</th></tr>")
        for row in rows:
            against = _h(mark_text(dict(row, predicted=None)))
            if row["predicted"]:
                lane, event = row["predicted"]
                against += ' (predicted: <a href="#%s">%s, %s</a>)' % (
                    _h("%s-%s-text" % (_key(tunnel_index), event["id"])), _h(predicted_text(event)),
                    "under load" if lane == "load" else "idle")
            if row.get("note"):
                against += '<br><span class="muted">%s</span>' % _h(row["note"])
            parts.append('<tr class="observation %s"><td>%s</td><td>%s</td><td class="mark %s">%s</td><td>%s</td></tr>'
                         % (_h(row["mark"]), _h(row["clock"] or "(no time)"), _h(row["says"]), _h(row["mark"]), against,
                            _h(lines_text(row))))
        parts.append("</table>")
    else:
        parts.append('<p class="muted">The evidence holds nothing about this tunnel\'s exchanges.</p>')
    uncovered = [f for f in block.get("findings") or [] if isinstance(f, dict) and f.get("status") == "not_covered"]
    if uncovered:
        parts.append("<p>Not covered by the evidence: %s.</p>" % _h(", ".join(
            "%s (%s)" % (f.get("code"), f.get("reason") or "") for f in uncovered)))
    parts.extend('<p class="note">%s</p>' % _h(note) for note in block.get("notes") or [])
    parts.append("</div>")
    return "".join(parts)


def _lifetimes_table(tunnel):
    ends = ends_of(tunnel)
    if not ends:
        return ""
    rows = (("Child SA lifetime (s)", "child_lifetime_seconds"), ("Child SA lifetime (KB)", "child_lifetime_kilobytes"),
            ("IKE SA lifetime (s)", "ike_lifetime_seconds"), ("PFS group for rekeys", "pfs_group"),
            ("starts exchanges", "mode"))
    out = ['<table class="lifetimes"><tr><th>parameter</th><th>ASA</th><th>Azure</th></tr>']
    for label, key in rows:
        cells = []
        for vendor in ("asa", "azure"):
            value = (ends.get(vendor) or {}).get(key)
            if key == "pfs_group":
                value = "none" if not value else "group %s" % value
            elif key == "mode":
                value = {"both": "initiates and responds", "responder_only": "responder only",
                         "initiator_only": "initiator only"}.get(value, value)
            elif value is None:
                value = "no limit" if key == "child_lifetime_kilobytes" else "unknown"
            cells.append("<td>%s</td>" % _h(value))
        out.append("<tr><th>%s</th>%s</tr>" % (_h(label), "".join(cells)))
    out.append("</table>")
    return "".join(out)
