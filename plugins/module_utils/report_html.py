# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html: the report for people, one self-contained file (inline CSS and SVG, no script, no
font or image from anywhere), drawn from report.json's content alone.

Per tunnel: the summary, a timeline of bring-up and the first rekeys (module_utils/timeline.py, drawn by
report_html_timeline.py) idle and under load at a stated throughput, who starts each exchange and which one
fails, then the findings with their evidence and fixes. Every text from the input goes through ``_h``
(safe_text.html_text: HTML escaping, quotes included), so a hostile name cannot open an element or an attribute.

Plain Python, no Ansible import.
"""

import html
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html_timeline import timeline_html
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_notes import (
    NOTES_INTRO,
    NOTES_TITLE,
    file_suffix,
    finding_heading,
    alternatives_text,
    proven_label,
    same_fix_text,
    both_heading,
    keys_text,
    plan_left_text,
    source_notes,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import html_text as _h
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import only_str
from ansible_collections.vpnalign.s2s.plugins.module_utils.timeline import DEFAULT_THROUGHPUT_MBPS, NAMES
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import unpaired_findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import anchor_keys, suite_names, unpaired_anchor_keys, unpaired_reason

SEVERITY_ORDER = ("error", "warning", "info")

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


def _ends_text(tunnel):
    asa, azure = tunnel.get("asa") or {}, tunnel.get("azure") or {}
    left = "ASA %s %s %s" % (asa.get("host") or "", asa.get("interface") or asa.get("crypto_map") or "",
                             asa.get("seq") if asa.get("seq") is not None else "") if asa else "no ASA end"
    right = "no Azure end"
    if azure:
        right = "Azure %s (gateway %s, resource group %s%s)" % (
            azure.get("connection") or "", azure.get("gateway") or "", azure.get("resource_group") or "",
            # there when the run read several subscriptions, where names may repeat (compat._azure_id)
            ", subscription %s" % azure["subscription"] if azure.get("subscription") else "")
    return " ".join(left.split()) + file_suffix(asa) + " <-> " + right + file_suffix(azure)


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


_ROWS_HTML = {}  # a record's key -> the head of its row (_key_html inside), kept as _KEYS_HTML is


def _row_head(key):
    found = _ROWS_HTML.get(key)
    if found is None:
        if len(_ROWS_HTML) >= _KEYS_HTML_MAX:
            _ROWS_HTML.clear()
        found = _ROWS_HTML[key] = "<tr><th>" + _key_html(key) + "</th><td>"
    return found


def _value_html(value, depth=0):
    # Written for speed (issue 12: most of report.html's time at 100k lines, many selectors): list
    # comprehensions and an escape without _h's call for text; the same page.
    if isinstance(value, dict):
        if depth > 3:
            return "<code>%s</code>" % _h(_json(value))
        depth += 1
        # a text or number child escaped here (_h, what _value_html gives it), not by a call of its own; string keys
        # sorted as they are (str(key) is the key), each row's head kept (_ROWS_HTML)
        if only_str(value):
            parts = ["<table>"]
            for k in sorted(value):  # the pieces joined once (a + b copied a nested table at each "+")
                v = value[k]
                parts += (_ROWS_HTML.get(k) or _row_head(k), _h(v) if type(v) in _SCALAR_TEXT else _value_html(v, depth), "</td></tr>")
            parts.append("</table>")
            return "".join(parts)
        return "<table>%s</table>" % "".join([
            "<tr><th>%s</th><td>%s</td></tr>" % (_key_html(k), _h(v) if type(v := value[k]) in _SCALAR_TEXT else _value_html(v, depth))
            for k in sorted(value, key=str)])
    if isinstance(value, (list, tuple)):
        if only_str(value):  # text only (selectors): each str(v) is v
            return _escape(", ".join(value)) if value else _NONE_HTML
        if depth > 2 and value and _DICT_ONLY.issuperset(map(type, value)):  # records drawn as code (many selectors' evidence)
            codes = _codes_html(value)
            if codes is not None:
                return codes
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


def _codes_html(records):
    """Records (dicts) drawn as code, an item each: their JSON written at once and escaped in one pass (issue 12: a
    call each was half of report.html's time with many selectors). In that text the records are joined by ", " and
    each is "{...}": "}, {" stands between two and, counted, in none (else None: the caller writes each on its own)."""
    if _C_JSON is None:
        return None
    try:
        text = "".join(_C_JSON(records, 0))[1:-1]
    except (RecursionError, TypeError, ValueError):
        return None
    if text.count("}, {") != len(records) - 1:
        return None
    return "<ul><li><code>" + _h(text).replace("}, {", "}</code></li><li><code>{") + "</code></li></ul>"


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
            parts.append("<pre>%s</pre>" % _h("\n".join(  # escaped at once: _h leaves line breaks as they are
                ("line %s: " % ln.get("line") if ln.get("line") else "") + str(ln.get("text", "")) for ln in lines)))
        parts.append("</div>")
    return "".join(parts)


# Keys of an Azure fix that name a resource to change (shown as property = value lines), and the command
# lists shown folded (the same change as az and PowerShell commands).
_RESOURCES = (("connection", "connection"), ("local_network_gateway", "local network gateway"),
              ("virtual_network_gateway", "virtual network gateway"))
_COMMANDS = (("az", "Azure CLI"), ("powershell", "PowerShell"))


def _is_lines(value):
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _fix_html(vendor, fix, proof, bodies=None, shown=None, here=None):
    """One end's fix: its label (proven or not) and its body. ``bodies``: id(a fix) -> (the fix, its body) drawn so far
    for this tunnel: the tunnel's plan holds its findings' fix objects, drawn again under another label (issue 12).
    ``shown``: (end, proven, body) -> (anchor, heading) of the finding of this tunnel it was first drawn under, and
    ``here`` this finding's: a fix drawn before, word for word, is a link to it (report_notes.same_fix_text)."""
    proven = proven_label((proof or {}).get(vendor))
    label = "<b>Fix %s%s</b>" % (_h(NAMES.get(vendor, vendor)), _h(proven))
    kept = bodies.get(id(fix)) if bodies is not None else None
    if kept is not None and kept[0] is fix:
        body = kept[1]
    else:
        body = _fix_body(fix)
        if bodies is not None:
            bodies[id(fix)] = (fix, body)
    if shown is not None:
        first = shown.setdefault((vendor, proven, body), here)
        if first is not here:
            anchor, heading = first
            text = _h(same_fix_text(heading, bool(proven))).replace(
                _h(heading), '<a href="#%s">%s</a>' % (anchor, _h(heading)), 1)
            return '<div class="fix">%s: %s</div>' % (label, text)
    return '<div class="fix">' + label + body + "</div>"


_SHOWN = frozenset(dict(_RESOURCES)) | frozenset(dict(_COMMANDS))  # the keys of a fix shown as resources or commands


def _fix_body(fix):
    if _is_lines(fix):
        return "<pre>%s</pre>" % _h("\n".join(fix))
    if not isinstance(fix, dict):
        return " " + _value_html(fix)
    parts, lines = [], []
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
    for key in sorted((k for k in fix if k not in _SHOWN), key=str):
        value = fix[key]
        text = "\n".join(value) if _is_lines(value) else value if isinstance(value, str) else json.dumps(
            value, indent=2, sort_keys=True, ensure_ascii=False, default=str)
        parts.append("<p>%s: %s</p>" % (_h(key), _h(text)))
    return "".join(parts)


def _finding_html(tunnel_index, finding_index, finding, bodies=None, shown=None):
    """``tunnel_index``: the tunnel's index, or the anchor's prefix as text (the tunnel's anchor key, an unpaired end's
    own findings)."""
    severity = str(finding.get("severity", ""))
    anchor = "%s-finding-%d" % (tunnel_index if isinstance(tunnel_index, str) else "t%d" % tunnel_index, finding_index)
    here = (anchor, finding_heading(finding))
    parts = ['<div class="finding %s" id="%s">' % (_h(severity), anchor),
             '<h3><span class="sev %s">%s</span> <code>%s</code> <span class="muted">(%s)</span></h3>'
             % (_h(severity), _h(severity.upper()), _h(finding.get("code", "")), _h(finding.get("phase", ""))),
             "<p>%s</p>" % _h(finding.get("summary", ""))]
    if finding.get("evidence"):
        parts.append("<details><summary>Evidence</summary>%s</details>" % _evidence_html(finding["evidence"]))
    for vendor in sorted(finding.get("remediation") or {}, key=str):
        parts.append(_fix_html(vendor, finding["remediation"][vendor], finding.get("proof"), bodies, shown, here))
    either = alternatives_text(finding)
    if either:
        parts.append('<p class="muted">%s</p>' % _h(either))
    parts.append("</div>")
    return "".join(parts)


def _tunnel_html(index, tunnel, throughput_mbps, drawn=None, label=None):
    """One tunnel's section; ``index``: its anchor key (tunnel_ids.anchor_keys) or its position; ``drawn``: the
    timelines drawn so far on this page (report_html_timeline.timeline_html); ``label``: its heading
    (tunnel_ids.suite_names), its name when not given."""
    verdict = str(tunnel.get("verdict", ""))
    parts = ['<section class="tunnel verdict-%s" id="tunnel-%s">' % (_h(verdict), index),
             '<h2>%s: <span class="verdict %s">%s</span></h2>' % (
                 _h(tunnel.get("name", "") if label is None else label), _h(verdict), _h(verdict)),
             "<p>%s</p>" % _h(_ends_text(tunnel)),
             timeline_html(index, tunnel, throughput_mbps, drawn)]
    findings = [f for f in tunnel.get("findings") or [] if isinstance(f, dict)]
    parts.append("<h3>Findings</h3>" if findings else "<p>No findings: the two ends negotiate at bring-up and at every rekey.</p>")
    bodies = {}  # the fixes drawn: the plan below holds the findings' fix objects
    shown = {}  # a fix drawn under one finding is a link under the next it clears (the plan below draws each in full)
    parts.extend(_finding_html(index, i, f, bodies, shown) for i, f in enumerate(findings))
    plan = tunnel.get("remediation") or {}
    if plan:
        parts.append("<h3>Fix one end alone (every proven fix for that end)</h3>")
        for vendor in sorted(plan, key=str):
            parts.append(_fix_html(vendor, plan[vendor], {}, bodies))
            left = plan_left_text(tunnel, vendor)
            if left:
                parts.append('<p class="note">%s</p>' % _h(left))
    both = tunnel.get("remediation_both") or {}
    if isinstance(both, dict) and both:
        parts.append("<h3>%s</h3>" % _h(both_heading(tunnel)))
        parts.extend(_fix_html(vendor, both[vendor], {}, bodies) for vendor in sorted(both, key=str))
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
    for index, tunnel, label in rows:
        codes = [str(f.get("code", "")) for f in tunnel.get("findings") or [] if isinstance(f, dict)]
        parts.append('<tr id="tunnel-%s" class="verdict-pass"><td>%s: <span class="verdict pass">pass</span></td>'
                     "<td>%s</td><td>%s</td></tr>" % (index, _h(label), _h(_ends_text(tunnel)),
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
    # headed by name and stable id, as report.xml's suites are (report_markdown: the same heading from run to run)
    labels = [label if isinstance(label, str) else "" for label in suite_names(tunnels)]
    # anchors by report.json's id, not position: a tunnel added or removed moved every anchor after it
    anchors = anchor_keys(tunnels)
    large = len(tunnels) > DRAW_EVERY_TUNNEL_UP_TO
    passing = [(anchors[i], t, labels[i]) for i, t in enumerate(tunnels) if not _drawn(t, large)]
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
    run = report.get("run")
    if isinstance(run, dict) and run.get("generated_at"):
        parts.append('<p id="written" class="note">Written %s (UTC).</p>' % _h(run["generated_at"]))
    keys = keys_text(report)
    if keys:
        parts.append('<p id="keys" class="note">%s</p>' % _h(keys))
    notes = source_notes(report)
    if notes:  # before the tunnels: what the report covers (a failover unit left out is said, never silent)
        parts.append('<section id="notes"><h2>%s</h2><p>%s</p><ul>%s</ul></section>' % (
            _h(NOTES_TITLE), _h(NOTES_INTRO), "".join("<li>%s</li>" % _h(note) for note in notes)))
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
            '<li><a href="#tunnel-%s">%s</a>: <span class="verdict %s">%s</span></li>'
            % (anchors[i], _h(labels[i]), _h(t.get("verdict", "")), _h(t.get("verdict", ""))) for i, t in enumerate(tunnels)))
    yield "".join(parts)
    drawn = {}
    for i, t in enumerate(tunnels):
        if _drawn(t, large):
            yield _tunnel_html(anchors[i], t, throughput, drawn, labels[i])
    parts = [_passing_table(passing)] if passing else []
    unpaired = report.get("unpaired") or []
    if unpaired:
        parts.append('<section id="unpaired"><h2>Ends with no counterpart</h2><ul>')
        # anchored by the end's names, not its position: an end added or removed moved every anchor after it
        keys = unpaired_anchor_keys(unpaired, anchors)
        for i, end in enumerate(unpaired):
            # with its own config's findings, judged as a tunnel's are (review s43 F: they were in no format)
            own = "".join(_finding_html(keys[i], j, f, {}, {}) for j, f in enumerate(unpaired_findings(end)))
            parts.append("<li>%s%s</li>" % (_h("%s: %s" % (_ends_text(end), unpaired_reason(end)) if isinstance(end, dict)
                                               else end), own))
        parts.append("</ul></section>")
    parts.append("</body></html>\n")
    yield "".join(parts)
