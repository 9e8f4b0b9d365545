# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.md: the report for people. Per tunnel a table ``parameter | ASA | Azure`` holding the values
the findings compare and where each comes from (the ASA config line numbers, the Azure resource and
ARM property path), the cited ASA lines, then each finding with the fix for each end. The notes on the
sources read (report_notes.py) come before the tunnels; the unpaired ends close the report.

Plain Python, no Ansible import. Text from the input is escaped (safe_tree), kept from opening HTML in
prose (md_text), quoted in code spans that its backticks cannot close (md_code) and, in tables, kept
from ending a cell (a ``|`` is escaped; GitHub Flavored Markdown, "Tables" extension).
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import lines_text, mark_text, observations
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import (
    ends_label,
    fails_at,
    fixes_by_side,
    json_value,
    unpaired_fails,
    unpaired_label,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_notes import (
    NOTES_INTRO,
    NOTES_TITLE,
    alternatives_text,
    is_proven_label,
    finding_heading,
    same_fix_text,
    both_heading,
    keys_text,
    plan_left_text,
    source_notes,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import MD_SYNTAX_IN_LINES, UNSAFE_BUT_LF, md_code, md_text, only_str
from ansible_collections.vpnalign.s2s.plugins.module_utils.timeline import tunnel_timeline
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import suite_names, unpaired_reason

SIDES = (("asa", "ASA"), ("azure", "Azure"))
_DICT_ONLY = frozenset((dict,))
SEVERITIES_NOTE = ("Severities: error = the tunnel fails; warning = it fails or degrades under some conditions; "
                   "info = no failure (a lifetime difference alone is info: lifetimes are local and need not match).")


def to_markdown(report, fail_on="error", unpaired_ok=False):
    """report.md of ``report`` (made safe first)."""
    return markdown_text(findings._safe(report), fail_on, unpaired_ok)


def markdown_text(report, fail_on="error", unpaired_ok=False):
    """report.md of a report already made safe."""
    return "".join(markdown_chunks(report, fail_on, unpaired_ok))


def markdown_chunks(report, fail_on="error", unpaired_ok=False):
    """report.md of a report already made safe, a piece per tunnel (the lines of the whole report, then
    their text, were +40 MB at 100k lines; issue 12). Each piece after the first starts with the line
    break that joined it to the one before."""
    s = report["summary"]
    unpaired = report.get("unpaired") or []
    out = ["# vpnalign.s2s compatibility report", ""]
    failing = unpaired_fails(fail_on, unpaired_ok)
    out.append("%d tunnel(s): **%d fail**, %d degraded, %d pass; %d unpaired end(s)%s." % (
        s["tunnels"], s["fail"], s["degraded"], s["pass"], len(unpaired),
        " (not failed)" if unpaired and not failing else ""))
    out += ["", SEVERITIES_NOTE + " Judged at fail_on=%s: a finding below it is reported, not failed." % fail_on]
    run = report.get("run")
    if isinstance(run, dict) and run.get("generated_at"):
        out += ["", "Written %s (UTC)." % md_text(str(run["generated_at"]))]
    keys = keys_text(report)
    if keys:
        out += ["", md_text(keys)]
    evidence = report.get("evidence")
    if isinstance(evidence, dict) and evidence.get("notes"):
        out += ["", "Evidence given: " + "; ".join(md_text(str(n)) for n in evidence["notes"]) + "."]
    notes = source_notes(report)
    if notes:  # before the tunnels: what the report covers (a failover unit left out is said, never silent)
        out += ["", "## " + NOTES_TITLE, "", NOTES_INTRO, ""] + ["- " + md_text(note) for note in notes]
    yield "\n".join(out)
    # headed by name and stable id, as report.xml's suites are: the same heading whatever else a run reads (a name
    # qualified only where another tunnel had it changed with the subscriptions read), two same-named ones apart
    for t, label in zip(report["tunnels"], suite_names(report["tunnels"])):
        out = _tunnel(t, fail_on, label)
        if isinstance(t.get("evidence"), dict):
            out += _devices_said(t["evidence"], t)
        yield "\n" + "\n".join(out)
    if unpaired:
        out = ["", "## Ends without a counterpart", ""]
        out.append("No tunnel of these ends was checked. %s" % (
            "They fail the gate unless unpaired ends are expected (unpaired_ok)." if failing else
            "They do not fail the gate (unpaired_ok, or fail_on=never)."))
        out += ["", "| end | why |", "|---|---|"]
        for end in unpaired:
            out.append("| %s | %s |" % (_cell_text(unpaired_label(end)), _cell_text(unpaired_reason(end))))
        for end in unpaired:
            own = findings.unpaired_findings(end)
            if own:  # its own config's findings, judged at fail_on as a tunnel's are (unpaired_ok or not)
                out += ["", "### Own configuration of %s: %s" % (md_text(unpaired_label(end)), md_text(str(end.get("verdict")))),
                        ""]
                out += _finding_blocks(own, fail_on, "####")
        yield "\n" + "\n".join(out)
    yield "\n"
    _VALUE_CELLS.clear()


def _tunnel(t, fail_on, label=None):
    out = ["", "## %s: %s" % (md_text(t["name"] if label is None else label), t["verdict"]), "", md_text(ends_label(t)), ""]
    rows, asa_lines = _parameter_rows(t)
    out += ["| parameter | ASA | Azure |", "|---|---|---|"]
    out.append("| end | %s | %s |" % (_end_cell(t.get("asa"), "asa"), _end_cell(t.get("azure"), "azure")))
    out += ["| %s | %s | %s |" % row for row in rows]
    if asa_lines:
        out += ["", "ASA configuration lines cited:", ""]
        out += ["- line %s: %s" % (number, md_code(text)) for number, text in sorted(asa_lines.items())]
    out.append("")
    if not t["findings"]:
        out.append("No findings: both ends negotiate at bring-up and at every rekey.")
    out += _finding_blocks(t["findings"], fail_on)
    out += _plans(t)
    return out


def _finding_blocks(found, fail_on, level="###"):
    """A heading (at ``level``), the summary and the fixes of each finding (a tunnel's, or an unpaired end's own)."""
    out = []
    shown = {}  # (end label, fix lines) -> the heading of the finding it was shown under
    for f in found:
        below = "" if f["severity"] == findings.INFO or fails_at(f["severity"], fail_on) else \
            " - below fail_on=%s, not failed" % fail_on
        heading = finding_heading(f)
        out += ["%s %s%s" % (level, heading, below), "", md_text(f["summary"])]
        for label, lines, reason in fixes_by_side(f["remediation"], f.get("proof")):
            if reason is not None:
                out += ["", "Fix on %s: none shown, decide by hand: %s" % (label, md_text(reason))]
                continue
            first = shown.setdefault((label, tuple(lines)), heading)
            if first is not heading:
                out += ["", "Fix on %s: %s" % (label, same_fix_text(first, is_proven_label(label)))]
                continue
            out += ["", "Fix on %s:" % label, ""]
            out += ["    " + line for line in lines]
        either = alternatives_text(f)
        if either:
            out += ["", either]
        out.append("")
    return out


def _plans(t):
    """The tunnel's plans, as report.html draws them: each end's alone (with what it leaves) and, where a fix needs
    both ends, the plan for both with its order (review 2026-12-04: report.md had no tunnel-level block)."""
    out = []
    plan = t.get("remediation") or {}
    if isinstance(plan, dict) and plan:
        out += ["### Fix one end alone (every proven fix for that end)", ""]
        for vendor in (v for v in ("asa", "azure") if plan.get(v)):
            [(label, lines, _reason)] = fixes_by_side({vendor: plan[vendor]})
            out += ["%s:" % label, ""] + ["    " + line for line in lines] + [""]
            left = plan_left_text(t, vendor)
            if left:
                out += [md_text(left), ""]
    both = t.get("remediation_both") or {}
    if isinstance(both, dict) and both:
        out += ["### " + md_text(both_heading(t)), ""]
        for label, lines, _reason in fixes_by_side(both):
            out += ["%s:" % label, ""] + ["    " + line for line in lines] + [""]
    return out


def _devices_said(block, tunnel):
    """A tunnel's evidence: each observation in time order and how it stands against the findings."""
    counts = block.get("counts") if isinstance(block.get("counts"), dict) else {}
    out = ["### What the devices said", "",
           "%s finding(s) confirmed, %s contradicted, %s not covered by the evidence." % tuple(
               counts.get(k, 0) for k in ("confirmed", "contradicted", "not_covered")), ""]
    rows = observations(tunnel, tunnel_timeline(tunnel)["lanes"])  # the predicted exchange each one is about
    if rows:
        out += ["| time | what the devices said | against the findings | source |", "|---|---|---|---|"]
        out += ["| %s | %s | %s | %s |" % (_cell_text(row["clock"] or "(no time)"), _cell_text(row["says"]),
                                           _cell_text(mark_text(row) + (": " + row["note"] if row.get("note") else "")),
                                           _cell_text(lines_text(row))) for row in rows]
        out.append("")
    uncovered = [f for f in block.get("findings") or [] if isinstance(f, dict) and f.get("status") == "not_covered"]
    if uncovered:
        out += ["Not covered by the evidence: %s." % md_text(", ".join(str(f.get("code")) for f in uncovered)), ""]
    out += ["- %s" % md_text(str(note)) for note in block.get("notes") or []]
    return out


def _end_cell(end, side):
    if not end:
        return "(none)"
    if side == "asa":
        keys = (("host", "host"), ("crypto_map", "crypto map"), ("seq", "seq"), ("interface", "interface"),
                ("peer", "peer"))
    else:
        # the subscription is there when the run read several (compat._azure_id), where names may repeat
        keys = (("connection", "connection"), ("gateway", "gateway"), ("resource_group", "resource group"),
                ("subscription", "subscription"), ("instance", "instance"), ("gateway_address", "gateway address"))
    return ", ".join("%s %s" % (name, _cell_code(json_value(end[key]))) for key, name in keys
                     if end.get(key) is not None)


def _parameter_rows(tunnel):
    """(rows, ASA lines cited): a row per value the findings compare, in the order the findings show
    them; the same parameter with the same values is shown once, its sources merged."""
    rows, order, asa_lines = {}, [], {}
    for f in tunnel["findings"]:
        evidence = f["evidence"] if isinstance(f["evidence"], dict) else {}
        sources = {side: _sources(evidence.get(side), side, asa_lines) for side, _label in SIDES}
        _nested_asa_lines(evidence.get("asa"), asa_lines)
        names = []
        for side, _label in SIDES:
            ev = evidence.get(side)
            names += [k for k in (ev if isinstance(ev, dict) else {}) if k != "lines" and k not in names]
        for other in evidence:  # evidence of neither end (none today): a row with the value under both
            if other not in dict(SIDES):
                names.append(other)
        for name in names:
            values = tuple(_value_of(evidence, side, name) for side, _label in SIDES)
            key = (name, values)
            if key not in rows:
                rows[key] = [set(), set()]
                order.append(key)
            for i, (side, _label) in enumerate(SIDES):
                if values[i] is not None:
                    rows[key][i].update(_citing(values[i], sources[side]))
    out = []
    for name, values in order:
        cells = [_value_cell(values[i], rows[(name, values)][i]) for i in range(len(SIDES))]
        out.append((_cell_text(name.replace("_", " ")), cells[0], cells[1]))
    return out, asa_lines


def _value_of(evidence, side, name):
    ev = evidence.get(side)
    if isinstance(ev, dict) and name in ev:
        return _plain(ev[name])
    if name in evidence and side not in evidence:
        return _plain(evidence[name])
    return None


def _sources(ev, side, asa_lines):
    """Where one end's evidence comes from, as (kind, line number, ARM path, what the source says):
    ASA config lines (kind 0), Azure resource and ARM property paths (kind 1; an Azure entry has no
    line in a file - line 0 - its text is "<resource>: <path> = <value>")."""
    out = []
    for cited in (ev.get("lines") if isinstance(ev, dict) else None) or []:
        if not isinstance(cited, dict):
            continue
        number, text = cited.get("line"), json_value(cited.get("text", ""))
        if side == "asa" and isinstance(number, int) and number > 0:
            asa_lines[number] = text
            out.append((0, number, "", text))
        else:
            path, _sep, said = text.partition(" = ")
            out.append((1, 0, path, said))
    return out


def _citing(value, sources):
    """The sources of one value: those that state it (an ASA line holding it as a word, an ARM path whose
    value it is), else all of the finding's sources for that end (the value is derived from them)."""
    if "\n" not in value and value not in ("true", "false", "none", "(none)"):
        stating = [s for s in sources if (s[0] == 1 and s[3] == value) or (s[0] == 0 and _holds_word(s[3], value))]
        if stating:
            return [s[:3] for s in stating]
    elif "\n" in value and sources and all(s[0] == 1 for s in sources):
        # a list of values (an LNG's prefixes): the properties stating one of them, not every property the
        # finding cites (LNG_CONTAINS_PEER_ADDRESS's gatewayIpAddress was shown as a source of the prefixes)
        items = set(value.split("\n"))
        stating = [s for s in sources if s[3] in items]
        if stating:
            return [s[:3] for s in stating]
    return [s[:3] for s in sources]


def _not_word(char):
    return not (char.isalnum() or char in "_.:/-")


def _holds_word(text, value):
    """Whether ``value`` is in ``text`` as a word: no word character (``\\w``: str.isalnum() or ``_``) nor one of
    ``.:/-`` right before or after it; what re.search(r"(?<![\\w.:/-])VALUE(?![\\w.:/-])") finds, without
    compiling a pattern per value (8,700 of them at 100k lines, past re's cache: 0.1 s; issue 12)."""
    if not value:
        return re.search(r"(?<![\w.:/-])(?![\w.:/-])", text) is not None
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        if (start == 0 or _not_word(text[start - 1])) and (end == len(text) or _not_word(text[end])):
            return True
        start = text.find(value, start + 1)
    return False


def _plain(value):
    """A value as people read it: text as is, a list item per line, a record as key=value."""
    # exact types first, a text child without a call of its own (issue 12: 360,000 calls at 100k lines, many
    # selectors, most of report.md's time); what the general path below gives them
    kind = type(value)
    if kind is str:
        return value
    if kind is int or kind is float:
        return repr(value)  # as the general path below (a bool is neither)
    if kind is dict:
        return ", ".join(["%s=%s" % (k, v if (vt := type(v)) is str else repr(v) if vt is int else
                                     _line_numbers(v) if k == "lines" else _plain(v)) for k, v in value.items()])
    if kind is list and value:
        if only_str(value):
            return "\n".join(value)
        if _DICT_ONLY.issuperset(map(type, value)):  # records (selectors, cited lines): each as the dict path above
            return "\n".join([", ".join(["%s=%s" % (k, v if (vt := type(v)) is str else repr(v) if vt is int else
                                                    _line_numbers(v) if k == "lines" else _plain(v))
                                         for k, v in record.items()]) for record in value])
        return "\n".join([v if type(v) is str else _plain(v) for v in value])  # pylint: disable=unidiomatic-typecheck
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)  # what JSON writes for a finite number (the report is safe: no NaN/Infinity)
    if isinstance(value, dict):
        return ", ".join("%s=%s" % (k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(_plain(v) for v in value) if value else "(none)"
    return json_value(value)


def _nested_asa_lines(ev, asa_lines):
    """The ASA lines a value of the evidence cites inside its records (WEAK_CRYPTO's proposals, each with its
    ``lines``), into the lines table the cell's numbers point to (_line_numbers)."""
    if not isinstance(ev, dict):
        return
    for key, value in ev.items():
        if key == "lines" or type(value) is not list:  # pylint: disable=unidiomatic-typecheck
            continue
        for record in value:
            cited = record.get("lines") if type(record) is dict else None  # pylint: disable=unidiomatic-typecheck
            for line in cited if type(cited) is list else ():  # pylint: disable=unidiomatic-typecheck
                if isinstance(line, dict) and _is_line_number(line.get("line")) and line["line"] > 0:
                    asa_lines.setdefault(line["line"], json_value(line.get("text", "")))


def _is_line_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _line_numbers(cited):
    """Config lines a value of the evidence cites ([{"line", "text"}]) as their numbers ("123-128, 135"): the lines
    themselves are in the report's lines table, and written out in the cell they made a WEAK_CRYPTO row of an ASDM
    config kilobytes long (review 2026-12-04)."""
    if not isinstance(cited, list) or not cited or not all(isinstance(c, dict) and _is_line_number(c.get("line"))
                                                           for c in cited):
        return _plain(cited)
    numbers = sorted({c["line"] for c in cited})
    runs, start, last = [], numbers[0], numbers[0]
    for number in numbers[1:] + [None]:
        if number is not None and number == last + 1:
            last = number
            continue
        runs.append("%d" % start if start == last else "%d-%d" % (start, last))
        if number is not None:
            start = last = number
    return "line%s %s" % ("s" if len(numbers) > 1 else "", ", ".join(runs))


def _value_cell(value, sources):
    if value is None:
        return ""
    cell = _VALUE_CELLS.get(value)  # the same values (groups, lifetimes, algorithms) in most tunnels (issue 12)
    if cell is None:
        if len(_VALUE_CELLS) >= _VALUE_CELLS_KEPT:
            _VALUE_CELLS.clear()
        cell = _VALUE_CELLS[value] = _lines_cell(value)
    ordered = sorted(sources)
    lines = [str(number) for kind, number, _text in ordered if kind == 0]
    paths = [text for kind, _n, text in ordered if kind == 1]
    where = []
    if lines:
        where.append(("line " if len(lines) == 1 else "lines ") + ", ".join(lines))
    where += [_cell_code(p) for p in paths]
    return cell + (" <br>from " + "; ".join(where) if where else "")


_VALUE_CELLS = {}  # a value (_plain's text) -> its cell, without its sources; emptied when a report.md is written
_VALUE_CELLS_KEPT = 1024  # a value may be long (a tunnel's selectors, a few KB)


def _lines_cell(value):
    """A value of one line or more as a table cell: each line's _cell_text, a <br> between them."""
    # each line's _cell_text in one pass over them all (selectors: hundreds) when no line holds Markdown syntax to escape
    if UNSAFE_BUT_LF.search(value) is None and MD_SYNTAX_IN_LINES.search(value) is None:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", "<br>")
    return "<br>".join(_cell_text(part) for part in value.split("\n"))


def _cell_text(text):
    return md_text(text).replace("|", "\\|")


_CODE_CELLS = {}  # a text -> its code cell: hosts, crypto maps, resource groups, ARM paths repeat in every tunnel (issue 12)
_CODE_CELLS_KEPT = 4096


def _cell_code(text):
    if type(text) is not str:  # pylint: disable=unidiomatic-typecheck
        return md_code(text).replace("|", "\\|")
    found = _CODE_CELLS.get(text)
    if found is None:
        if len(_CODE_CELLS) >= _CODE_CELLS_KEPT:
            _CODE_CELLS.clear()
        found = _CODE_CELLS[text] = md_code(text).replace("|", "\\|")
    return found
