# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html: the report for people, one self-contained file (inline CSS and SVG, no script, no
font or image from anywhere), drawn from report.json's content alone.

Per tunnel: the summary, a timeline of bring-up and the first rekeys (module_utils/timeline.py)
idle and under load at a stated throughput, who starts each exchange and which one fails, then the
findings with their evidence and fixes. Every text from the input goes through ``_h`` (HTML
escaping, quotes included), so a hostile name cannot open an element or an attribute.

Plain Python, no Ansible import.
"""

import html
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import lines_text, mark_text, observations, predicted_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import only_str
from ansible_collections.vpnalign.s2s.plugins.module_utils.timeline import DEFAULT_THROUGHPUT_MBPS, NAMES, ends_of, tunnel_timeline

SEVERITY_ORDER = ("error", "warning", "info")
STATUS_TEXT = {"ok": "succeeds", "warning": "succeeds, with a warning", "fail": "FAILS"}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:1.5em auto;max-width:1180px;
color:#1b1b1b;background:#fff;line-height:1.4;padding:0 1em}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.3em;margin:1.4em 0 .3em}h3{font-size:1.05em;margin:1em 0 .3em}
.summary{display:flex;gap:1em;flex-wrap:wrap;margin:.6em 0}
.count{padding:.5em 1em;border-radius:6px;color:#fff;font-weight:600}
.count.fail{background:#c62828}.count.degraded{background:#ef6c00}.count.pass{background:#2e7d32}.count.all{background:#455a64}
section.tunnel{border:1px solid #ccd;border-radius:8px;padding:.2em 1em 1em;margin:1.2em 0}
section.tunnel.verdict-fail{border-left:8px solid #c62828}section.tunnel.verdict-degraded{border-left:8px solid #ef6c00}
section.tunnel.verdict-pass{border-left:8px solid #2e7d32}
.verdict{font-weight:700;text-transform:uppercase}.verdict.fail{color:#c62828}.verdict.degraded{color:#ef6c00}
.verdict.pass{color:#2e7d32}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ccd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f0f2f5}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.92em}
pre{background:#f6f8fa;border:1px solid #dde;padding:.5em;white-space:pre-wrap;word-break:break-all}
.finding{border-top:1px solid #e3e3e8;padding:.4em 0}
.sev{display:inline-block;padding:0 .5em;border-radius:4px;color:#fff;font-weight:600;font-size:.9em}
.sev.error{background:#c62828}.sev.warning{background:#ef6c00}.sev.info{background:#607d8b}
.lane{margin:.6em 0 1em}.lane svg{display:block;width:100%;height:auto;border:1px solid #e3e3e8;border-radius:6px;background:#fcfcfd}
ol.events li.fail{color:#b71c1c;font-weight:600}ol.events li.warning{color:#a84300}
.note{color:#555;font-style:italic}.muted{color:#666}
"""

# Added only to a report that carries evidence (a report without it is drawn as before).
EVIDENCE_CSS = """
.observed table{width:100%}.mark{font-weight:600}.mark.confirmed{color:#1b5e20}.mark.contradicted{color:#6a1b9a}
.mark.effect{color:#37474f}.mark.unexplained{color:#a84300}.mark.misleading{color:#555}
ol.events li .seen{font-weight:600;color:#1b5e20}ol.events li .seen.contradicted{color:#6a1b9a}
"""
_MARK_COLOURS = {"confirmed": "#1b5e20", "contradicted": "#6a1b9a", "effect": "#37474f"}

_WIDTH, _HEIGHT = 1100, 210
_Y_ASA, _Y_AZURE = 62, 142
_COLOURS = {"ok": "#2e7d32", "warning": "#ef6c00", "fail": "#c62828"}


def _h(value):
    """Any value as escaped HTML text (quotes too: safe inside attributes): html.escape(quote=True)'s replacements,
    inline (330,000 calls at 100k lines; issue 12)."""
    text = value if isinstance(value, str) else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


# json.dumps(value, sort_keys=True, ensure_ascii=False, default=str), its encoder made once (not per call)
_JSON_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


# The same encoder's C part made once: JSONEncoder.encode built it, a marker dict and a float writer per call
# (66,000 calls at 100k lines, many selectors; issue 12). No circular-reference markers: a value that recurses
# forever goes to JSONEncoder.encode, which says so as before.
_C_JSON = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, str, json.encoder.encode_basestring, None, ": ", ", ", True, False, True)


def _json(value):
    if isinstance(value, str) or _C_JSON is None:
        return _JSON_ENCODER.encode(value)
    try:
        return "".join(_C_JSON(value, 0))
    except RecursionError:
        return _JSON_ENCODER.encode(value)


def _escape(text):
    return html.escape(text, quote=True)


def _number_text(value):
    return "%g" % value if isinstance(value, (int, float)) and not isinstance(value, bool) else "unknown"


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


def _ends_text(tunnel):
    asa, azure = tunnel.get("asa") or {}, tunnel.get("azure") or {}
    left = "ASA %s %s %s" % (asa.get("host") or "", asa.get("interface") or asa.get("crypto_map") or "",
                             asa.get("seq") if asa.get("seq") is not None else "") if asa else "no ASA end"
    right = "no Azure end"
    if azure:
        right = "Azure %s (gateway %s, resource group %s)" % (
            azure.get("connection") or "", azure.get("gateway") or "", azure.get("resource_group") or "")
    return " ".join(left.split()) + " <-> " + right


# -- the timeline ----------------------------------------------------------------------------------
def _lane_svg(tunnel_index, lane, seen=None):
    """One lane as SVG: an ASA line and an Azure line, each exchange an arrow from the end that
    starts it to the other (both heads when either end may), coloured by outcome; an exchange the
    evidence was seen confirming or contradicting (``seen``: event id -> observations) says so and when."""
    seen = seen or {}
    events = lane["events"]
    step = (_WIDTH - 360) / float(max(len(events) - 1, 1))
    lane_name = _h(lane["name"])  # once a lane, not once an arrow (issue 12)
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">'
             % (_WIDTH, _HEIGHT, _h(lane["title"])),
             "<defs>%s</defs>" % "".join(
                 '<marker id="head-%d-%s-%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" '
                 'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>'
                 % (tunnel_index, lane_name, status, colour) for status, colour in sorted(_COLOURS.items())),
             _AXES]
    for i, event in enumerate(events):
        x = 150 + i * step
        colour = _COLOURS.get(event["status"], "#455a64")
        starters = event.get("initiators") or []
        head = "url(#head-%d-%s-%s)" % (tunnel_index, lane_name, event["status"] if event["status"] in _COLOURS else "ok")
        observed = seen.get(event["id"]) or []
        parts.append('<g id="%s" class="exchange %s%s%s" data-exchange="%s" data-initiator="%s">'
                     % (_h("t%d-%s" % (tunnel_index, event["id"])), _h(event["status"]),
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
    item = '<li id="%s-text" class="%s">%s' % (_h("t%d-%s" % (tunnel_index, event["id"])), _h(event["status"]), _h(text))
    if event["status"] != "ok" and event.get("outcome"):
        item += '<br><span class="muted">%s</span>' % _h(event["outcome"])
    for row in (seen or {}).get(event["id"]) or []:
        item += '<br><span class="seen %s">%s %s: %s (%s, %s)</span>' % (
            _h(row["mark"]), "Observed" if row["mark"] != "effect" else "Then", _h(row["clock"] or "(no time)"),
            _h(row["says"]), _h(mark_text(dict(row, predicted=None))), _h(lines_text(row)))
    return item + "</li>"


def _timeline_html(tunnel_index, tunnel, throughput_mbps):
    timeline = tunnel_timeline(tunnel, throughput_mbps)
    rows = observations(tunnel, timeline["lanes"])
    parts = ['<div class="timeline" id="timeline-%d">' % tunnel_index, "<h3>Timeline: bring-up and the first rekeys</h3>"]
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
    parts = ['<div class="observed" id="observed-%d"><h4>What happened: what the devices said, next to the prediction</h4>'
             % tunnel_index,
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
                    _h("t%d-%s-text" % (tunnel_index, event["id"])), _h(predicted_text(event)),
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


# -- findings --------------------------------------------------------------------------------------
_NESTED = (dict, list, tuple)
_DICT_ONLY = frozenset((dict,))
_SCALAR_TEXT = frozenset((str, int, float, bool))  # what _value_html writes as _h(value)
_NONE_HTML = '<span class="muted">none</span>'


_KEYS_HTML = {}  # a record's keys, escaped: a few dozen names repeated 200,000 times at 100k lines (issue 12)
_KEYS_HTML_MAX = 4096


def _key_html(key):
    if type(key) is not str:  # pylint: disable=unidiomatic-typecheck
        return _h(key)
    found = _KEYS_HTML.get(key)
    if found is None:
        if len(_KEYS_HTML) >= _KEYS_HTML_MAX:
            _KEYS_HTML.clear()
        found = _KEYS_HTML[key] = _h(key)
    return found


def _value_html(value, depth=0):
    # Written for speed (issue 12: most of report.html's time at 100k lines, many selectors): list
    # comprehensions and an escape without _h's call for text; the same page.
    if isinstance(value, dict):
        if depth > 3:
            return "<code>%s</code>" % _h(_json(value))
        depth += 1
        # a text or number child escaped here (_h, what _value_html gives it), not by a call of its own; string keys
        # sorted as they are (str(key) is the key)
        return "<table>%s</table>" % "".join([
            "<tr><th>%s</th><td>%s</td></tr>" % (_key_html(k), _h(v) if type(v := value[k]) in _SCALAR_TEXT else _value_html(v, depth))
            for k in (sorted(value) if only_str(value) else sorted(value, key=str))])
    if isinstance(value, (list, tuple)):
        if only_str(value):  # text only (selectors): each str(v) is v
            return _escape(", ".join(value)) if value else _NONE_HTML
        if depth > 2 and value and _DICT_ONLY.issuperset(map(type, value)):  # records drawn as code (many selectors' evidence)
            # each item's JSON escaped in one pass over them all, "\x00" between them: a JSON text holds no raw control
            # character (the encoder escapes them), so "\x00" is only the separator and _h leaves it as it is
            texts = "\x00".join([_json(item) for item in value])
            if texts.count("\x00") == len(value) - 1:
                return "<ul><li><code>%s</code></li></ul>" % _h(texts).replace("\x00", "</code></li><li><code>")
        for v in value:
            if isinstance(v, _NESTED):
                depth += 1
                return "<ul>%s</ul>" % "".join(["<li>%s</li>" % _value_html(item, depth) for item in value])
        return _escape(", ".join([str(v) for v in value])) if value else _NONE_HTML
    if value is None:
        return _NONE_HTML
    return _escape(value) if isinstance(value, str) else _h(value)


def _evidence_html(evidence):
    parts = []
    for vendor in sorted(evidence or {}, key=str):
        side = evidence[vendor]
        if not isinstance(side, dict):
            parts.append("<p><b>%s</b>: %s</p>" % (_h(NAMES.get(vendor, vendor)), _value_html(side)))
            continue
        values = {k: v for k, v in side.items() if k != "lines"}
        parts.append("<div class=\"evidence\"><b>%s</b>" % _h(NAMES.get(vendor, vendor)))
        if values:
            parts.append(_value_html(values))
        lines = [ln for ln in side.get("lines") or [] if isinstance(ln, dict)]
        if lines:
            parts.append("<pre>%s</pre>" % "\n".join(
                _h(("line %s: " % ln.get("line") if ln.get("line") else "") + str(ln.get("text", ""))) for ln in lines))
        parts.append("</div>")
    return "".join(parts)


# Keys of an Azure fix that name a resource to change (shown as property = value lines), and the command
# lists shown folded (the same change as az and PowerShell commands).
_RESOURCES = (("connection", "connection"), ("local_network_gateway", "local network gateway"),
              ("virtual_network_gateway", "virtual network gateway"))
_COMMANDS = (("az", "Azure CLI"), ("powershell", "PowerShell"))


def _is_lines(value):
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _fix_html(vendor, fix, proof):
    proven = " (proven)" if ((proof or {}).get(vendor) or {}).get("proven") else ""
    label = "<b>Fix %s%s</b>" % (_h(NAMES.get(vendor, vendor)), _h(proven))
    if _is_lines(fix):
        return "<div class=\"fix\">%s<pre>%s</pre></div>" % (label, _h("\n".join(fix)))
    if not isinstance(fix, dict):
        return "<div class=\"fix\">%s %s</div>" % (label, _value_html(fix))
    parts, lines = [label], []
    for key, name in _RESOURCES:
        resource = fix.get(key)
        if isinstance(resource, dict):
            properties = resource.get("properties") if isinstance(resource.get("properties"), dict) else {}
            lines.extend("%s %s: %s = %s" % (name, resource.get("name") or "", prop, _json(properties[prop]))
                         for prop in sorted(properties, key=str))
    if lines:
        parts.append("<pre>%s</pre>" % _h("\n".join(lines)))
    for key, name in _COMMANDS:
        if _is_lines(fix.get(key)):
            parts.append("<details><summary>%s</summary><pre>%s</pre></details>" % (_h(name), _h("\n".join(fix[key]))))
    shown = set(dict(_RESOURCES)) | set(dict(_COMMANDS))
    for key in sorted((k for k in fix if k not in shown), key=str):
        value = fix[key]
        text = "\n".join(value) if _is_lines(value) else value if isinstance(value, str) else json.dumps(
            value, indent=2, sort_keys=True, ensure_ascii=False, default=str)
        parts.append("<p>%s: %s</p>" % (_h(key), _h(text)))
    return "<div class=\"fix\">%s</div>" % "".join(parts)


def _finding_html(tunnel_index, finding_index, finding):
    severity = str(finding.get("severity", ""))
    parts = ['<div class="finding %s" id="t%d-finding-%d">' % (_h(severity), tunnel_index, finding_index),
             '<h3><span class="sev %s">%s</span> <code>%s</code> <span class="muted">(%s)</span></h3>'
             % (_h(severity), _h(severity.upper()), _h(finding.get("code", "")), _h(finding.get("phase", ""))),
             "<p>%s</p>" % _h(finding.get("summary", ""))]
    if finding.get("evidence"):
        parts.append("<details><summary>Evidence</summary>%s</details>" % _evidence_html(finding["evidence"]))
    for vendor in sorted(finding.get("remediation") or {}, key=str):
        parts.append(_fix_html(vendor, finding["remediation"][vendor], finding.get("proof")))
    parts.append("</div>")
    return "".join(parts)


def _tunnel_html(index, tunnel, throughput_mbps):
    verdict = str(tunnel.get("verdict", ""))
    parts = ['<section class="tunnel verdict-%s" id="tunnel-%d">' % (_h(verdict), index),
             '<h2>%s: <span class="verdict %s">%s</span></h2>' % (_h(tunnel.get("name", "")), _h(verdict), _h(verdict)),
             "<p>%s</p>" % _h(_ends_text(tunnel)),
             _timeline_html(index, tunnel, throughput_mbps)]
    findings = [f for f in tunnel.get("findings") or [] if isinstance(f, dict)]
    parts.append("<h3>Findings</h3>" if findings else "<p>No findings: the two ends negotiate at bring-up and at every rekey.</p>")
    parts.extend(_finding_html(index, i, f) for i, f in enumerate(findings))
    plan = tunnel.get("remediation") or {}
    if plan:
        parts.append("<h3>Fix one end alone (every proven fix for that end)</h3>")
        parts.extend(_fix_html(vendor, plan[vendor], {}) for vendor in sorted(plan, key=str))
    parts.append("</section>")
    return "".join(parts)


def report_throughput(report, throughput_mbps=None):
    """The throughput the timelines are drawn at: the argument, else the report's
    ``timeline_throughput_mbps``, else DEFAULT_THROUGHPUT_MBPS."""
    for value in (throughput_mbps, report.get("timeline_throughput_mbps")):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return value
    return DEFAULT_THROUGHPUT_MBPS


# A report of more than this many tunnels draws the timeline of a tunnel only when its verdict is not pass (or it
# carries evidence); each passing tunnel is a row of one table. A drawn tunnel is ~15 KB of SVG and lists: at 100
# tunnels the page is ~1.5 MB and opens at once; at 2,173 (100k config lines) it was 33 MB, and a reader of a
# fleet's report looks for what fails (issue 12). Every bundled example and the fleet benchmark's 100 tunnels are
# drawn in full as before; report.json and report.md keep every tunnel in full.
DRAW_EVERY_TUNNEL_UP_TO = 100


def _drawn(tunnel, large):
    return not large or tunnel.get("verdict") != "pass" or isinstance(tunnel.get("evidence"), dict)


def _passing_table(rows):
    """The passing tunnels not drawn: name, ends, the findings' codes (info only: a pass has no error or warning)."""
    parts = ['<section id="passing"><h2>Passing tunnels (%d), not drawn</h2><table class="passing">'
             "<tr><th>tunnel</th><th>ends</th><th>findings</th></tr>" % len(rows)]
    for index, tunnel in rows:
        codes = [str(f.get("code", "")) for f in tunnel.get("findings") or [] if isinstance(f, dict)]
        parts.append('<tr id="tunnel-%d" class="verdict-pass"><td>%s: <span class="verdict pass">pass</span></td>'
                     "<td>%s</td><td>%s</td></tr>" % (index, _h(tunnel.get("name", "")), _h(_ends_text(tunnel)),
                                                      _h(", ".join(codes)) if codes else '<span class="muted">none</span>'))
    parts.append("</table></section>")
    return "".join(parts)


def to_html(report, throughput_mbps=None):
    """report.html of one report (a dict as in report.json)."""
    return "".join(html_chunks(report, throughput_mbps))


def html_chunks(report, throughput_mbps=None):
    """report.html in pieces (a tunnel each) for writing to a file: the whole page was a list of parts
    joined, +76 MB at its peak at 100k lines (issue 12)."""
    throughput = report_throughput(report, throughput_mbps)
    summary = report.get("summary") if isinstance(report.get("summary"), dict) else {}
    tunnels = [t for t in report.get("tunnels") or [] if isinstance(t, dict)]
    large = len(tunnels) > DRAW_EVERY_TUNNEL_UP_TO
    passing = [(i, t) for i, t in enumerate(tunnels) if not _drawn(t, large)]
    parts = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>vpnalign.s2s compatibility report</title><style>%s</style></head><body>" % (
                 CSS + (EVIDENCE_CSS if any(isinstance(t.get("evidence"), dict) for t in tunnels) else "")),
             "<h1>vpnalign.s2s compatibility report</h1>",
             '<div class="summary" id="summary">']
    parts.append('<span class="count all">%s tunnel(s)</span>' % _h(summary.get("tunnels", len(tunnels))))
    for verdict in ("fail", "degraded", "pass"):
        parts.append('<span class="count %s">%s %s</span>' % (verdict, _h(summary.get(verdict, 0)), verdict))
    parts.append("</div>")
    if passing:
        parts.append('<p id="not-drawn" class="note">This report has %d tunnels: only those that do not pass are drawn '
                     'below. The %d passing tunnel(s) are one row each in <a href="#passing">a table at the end</a>, '
                     "without their timelines, findings of severity info and fixes, to keep the page light; report.json "
                     "and report.md have every tunnel in full.</p>" % (len(tunnels), len(passing)))
    parts.append('<p id="throughput">Timelines are drawn idle and at <b>%s Mbit/s</b> through each tunnel '
                 '(<code>timeline_throughput_mbps</code>; 1 Mbit = 2<sup>20</sup> bits, 1 KB = 1024 bytes): a data '
                 'lifetime runs out after lifetime / throughput. Each arrow is one IKEv2 exchange, drawn from the end '
                 'that starts it; two heads: either end may. Red: the exchange fails.</p>' % _h(_number_text(throughput)))
    parts.append("<p>Severities: error = the tunnel fails; warning = it fails or degrades under some conditions; "
                 "info = no failure (lifetimes are local and need not match).</p>")
    if tunnels:
        parts.append("<ul>%s</ul>" % "".join(
            '<li><a href="#tunnel-%d">%s</a>: <span class="verdict %s">%s</span></li>'
            % (i, _h(t.get("name", "")), _h(t.get("verdict", "")), _h(t.get("verdict", ""))) for i, t in enumerate(tunnels)))
    yield "".join(parts)
    for i, t in enumerate(tunnels):
        if _drawn(t, large):
            yield _tunnel_html(i, t, throughput)
    parts = [_passing_table(passing)] if passing else []
    unpaired = report.get("unpaired") or []
    if unpaired:
        parts.append('<section id="unpaired"><h2>Ends with no counterpart</h2><ul>')
        for end in unpaired:
            parts.append("<li>%s</li>" % _h(_ends_text(end) if isinstance(end, dict) else end))
        parts.append("</ul></section>")
    parts.append("</body></html>\n")
    yield "".join(parts)
