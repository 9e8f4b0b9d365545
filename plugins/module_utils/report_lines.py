# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The words every report format shares: how a tunnel's ends, an unpaired end and a fix read, and the
console summary (a list of lines, so that any callback shows it the same: no joined string with
line breaks for a callback to print as a literal ``\\n``).

Plain Python, no Ansible import. Every function takes a report made safe (findings._safe) or makes it so.
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import unpaired_findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import CONFIRMED, lines_text, observations
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import DRAW_EVERY_TUNNEL_UP_TO
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_notes import (
    alternatives_text,
    file_suffix,
    keys_text,
    proven_label,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import unpaired_reason

SEVERITY_RANK = findings.SEVERITY_RANK
# fail_on / gate_on -> the lowest severity that fails ("never": none does).
FAILING_FROM = {"error": findings.ERROR, "warning": findings.WARNING, "never": None}

_VENDOR_LABEL = {"asa": "ASA", "azure": "Azure"}
# Keys of an Azure remediation that name a resource to change, and how to call it.
_RESOURCES = (("connection", "connection"), ("local_network_gateway", "local network gateway"),
              ("virtual_network_gateway", "virtual network gateway"))


def fails_at(severity, fail_on):
    """Whether a finding of ``severity`` fails under ``fail_on`` (error | warning | never)."""
    lowest = FAILING_FROM[fail_on]
    return lowest is not None and SEVERITY_RANK[severity] >= SEVERITY_RANK[lowest]


def unpaired_fails(fail_on, unpaired_ok):
    """Whether an end without a counterpart fails: unless expected (unpaired_ok); fail_on=never fails nothing."""
    return not unpaired_ok and fail_on != "never"


# json.dumps(value, sort_keys=True)'s encoder, made once: json.dumps makes one per call when given an argument
# (issue 12: ~40,000 calls at 100k lines, a fix's properties in three report files and the console summary); and its
# C part made once too (its encode made one per call). Without circular-reference markers: a value that recurses
# forever goes to the encoder's encode, which says so as json.dumps did.
_SORTED_JSON = json.JSONEncoder(sort_keys=True)
_SORTED_C_JSON = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, _SORTED_JSON.default, json.encoder.encode_basestring_ascii, None, ": ", ", ", True, False, True)


def json_value(value):
    if isinstance(value, str):
        return value
    if _SORTED_C_JSON is not None:
        try:
            return "".join(_SORTED_C_JSON(value, 0))
        except RecursionError:
            pass
    return _SORTED_JSON.encode(value)


def ends_label(tunnel):
    asa, azure = tunnel.get("asa") or {}, tunnel.get("azure") or {}
    left = "ASA %s %s %s" % (asa.get("host") or "", asa.get("crypto_map") or "", asa.get("seq") or "")
    right = "Azure %s" % (azure.get("connection") or "")
    return " ".join(left.split()) + file_suffix(asa) + " <-> " + right.strip() + file_suffix(azure)


def unpaired_label(end):
    """One unpaired end of report.json ({"asa": {...}} or {"azure": {...}}) in words."""
    if isinstance(end.get("asa"), dict):
        asa = end["asa"]
        where = asa.get("interface") or " ".join(str(asa.get(k)) for k in ("crypto_map", "seq") if asa.get(k) is not None)
        return " ".join(("ASA %s %s peer %s" % (asa.get("host") or "", where, asa.get("peer") or "?")).split())
    if isinstance(end.get("azure"), dict):
        azure = end["azure"]
        text = "Azure connection %s" % (azure.get("connection") or "?")
        extra = ["gateway %s" % azure["gateway"]] if azure.get("gateway") else []
        extra += ["resource group %s" % azure["resource_group"]] if azure.get("resource_group") else []
        extra += ["subscription %s" % azure["subscription"]] if azure.get("subscription") else []
        extra += ["instance %s" % azure["instance"]] if azure.get("instance") is not None else []
        return text + (" (%s)" % ", ".join(extra) if extra else "")
    return json_value(end)


def _vendor_fix_lines(fix):
    """[(separator after the end's label, line)]: a line that names what it changes (a resource, az,
    PowerShell) follows the label after a space, any other after a colon."""
    if isinstance(fix, list):
        return [(": ", str(line)) for line in fix]
    lines = []
    for key, name in _RESOURCES:
        resource = fix.get(key)
        if not isinstance(resource, dict):
            continue
        where = ("%s %s" % (name, resource.get("name") or "")).strip()
        for prop, value in (resource.get("properties") or {}).items():
            lines.append((" ", "%s: %s = %s" % (where, prop, json_value(value))))
    for key in ("az", "powershell"):
        for command in fix.get(key) or []:
            lines.append((" ", "%s: %s" % ("az" if key == "az" else "PowerShell", command)))
    for key, value in fix.items():
        if key in dict(_RESOURCES) or key in ("az", "powershell"):
            continue
        lines.append((": ", "%s = %s" % (key, json_value(value))))
    return lines


def _fixes(remediation, proof):
    out = []
    for side in ("asa", "azure"):
        label = _VENDOR_LABEL[side]
        fix = remediation.get(side)
        verdict = (proof or {}).get(side)
        if fix:
            label += proven_label(verdict)
            out.append((label, _vendor_fix_lines(fix), None))
        elif verdict and not verdict.get("proven"):
            out.append((label, [], verdict.get("reason")))
    return out


def fixes_by_side(remediation, proof=None):
    """[(end label, fix lines, decide-by-hand reason or None)] for the ASA and then Azure: each end's
    fix, its label saying proven; for an end whose fix the proof rejected, why (decide by hand)."""
    return [(label, [text for _sep, text in lines], reason) for label, lines, reason in _fixes(remediation, proof)]


def remediation_lines(remediation, proof=None):
    """Each end's fix as one list, every line labelled with its end."""
    out = []
    for label, lines, reason in _fixes(remediation, proof):
        if reason is not None:
            out.append("%s: no fix shown, decide by hand: %s" % (label, reason))
        out += [label + sep + text for sep, text in lines]
    return out


def _numbers(lines):
    return ",".join(str(n) for n in lines) if isinstance(lines, list) else ""


def _evidence_lines(tunnel):
    """A line per finding the devices' evidence confirmed (its first piece of evidence in time), a line per misleading
    message: nothing without evidence. The evidence is read as report.md and report.html read it
    (report_evidence.observations: one UTC order and clock); its first item in the file, at its device's clock, was
    shown (a syslog at +02:00 two hours off the other formats)."""
    block = tunnel.get("evidence")
    if not isinstance(block, dict):
        return []
    out, first = [], {}
    for row in observations(tunnel):
        if row["mark"] == CONFIRMED:
            first.setdefault(row["code"], row)
    for entry in block.get("findings") or []:
        row = first.get(entry.get("code")) if isinstance(entry, dict) and entry.get("status") == CONFIRMED else None
        if row:
            out.append("  CONFIRMED %s by the evidence: %s %s [%s]" % (
                entry.get("code"), row["clock"] or "(no time)", row["says"], lines_text(row)))
    for item in block.get("misleading") or []:
        if isinstance(item, dict):
            out.append("  MISLEADING %s [%s line %s]: not the cause, %s" % (
                item.get("message_id"), item.get("source"), _numbers(item.get("lines")),
                item.get("instead")))
    return out


_TUNNEL_KEYS = ("name", "verdict", "asa", "azure", "findings", "evidence")
_FINDING_KEYS = ("severity", "code", "phase", "summary", "remediation", "proof")


def _summary_part(report):
    """What summary_lines reads of ``report``, the same objects, for ``_safe`` to prove (or copy) instead of the
    whole report: its JSON text was 20-40 MB at 100k lines (the evidence, alignment and rekey inputs) and
    0.2-0.4 s (issue 12). ``safe_tree`` escapes each value on its own, so the part made safe reads as the
    whole made safe. A report of another shape is taken whole."""
    tunnels = report.get("tunnels") if isinstance(report, dict) else None
    if not isinstance(tunnels, list) or not all(isinstance(t, dict) for t in tunnels):
        return report
    part = {key: report[key] for key in ("summary", "unpaired", "keys_not_compared") if key in report}
    part["tunnels"] = slim = []
    for t in tunnels:
        entry = {key: t[key] for key in _TUNNEL_KEYS if key in t}
        found = t.get("findings")
        if isinstance(found, list) and all(isinstance(f, dict) for f in found):
            entry["findings"] = [{key: f[key] for key in _FINDING_KEYS if key in f} for f in found]
        slim.append(entry)
    return part


# Over DRAW_EVERY_TUNNEL_UP_TO tunnels with the report written to files, this many of those that do not pass are shown
# finding by finding on the console; each other one is a line with its codes.
DETAILED_UP_TO = 20


def summary_lines(report, fail_on=None, unpaired_ok=None, fixes_in_files=False):
    """A short readable summary for the console, one list item per line. With ``fail_on``, each
    finding says whether it fails the gate; ``unpaired_ok`` says whether unpaired ends fail it.
    ``fixes_in_files``: the report was written to files, which hold every fix; over
    DRAW_EVERY_TUNNEL_UP_TO tunnels the fix lines are then left to them."""
    report = findings._safe(_summary_part(report))  # no line break, terminal escape or undecodable byte from the input
    s = report["summary"]
    unpaired = report.get("unpaired") or []
    head = "%d tunnel(s): %d fail, %d degraded, %d pass" % (s["tunnels"], s["fail"], s["degraded"], s["pass"])
    out = [head + ("; %d unpaired end(s)" % len(unpaired) if unpaired else "")]
    listed = report["tunnels"]
    # Over report.html's DRAW_EVERY_TUNNEL_UP_TO tunnels the passing ones are counted, not a line each, as the page
    # lists them in a table: at 2,173 tunnels (100k config lines) the summary was 48,900 lines, 4 MB of job output
    # and 0.5 CPU s of the playbook (issue 12). report.json, report.md and report.xml keep every tunnel.
    with_fixes = True
    if len(listed) > DRAW_EVERY_TUNNEL_UP_TO:
        listed = [t for t in listed if t["verdict"] != "pass" or t.get("evidence")]
        out.append("%d passing tunnel(s) not listed one by one (over %d tunnels, only those that do not pass are); "
                   "the report lists every tunnel"
                   % (len(report["tunnels"]) - len(listed), DRAW_EVERY_TUNNEL_UP_TO))
        # A fleet's fixes, the same few commands in three syntaxes per tunnel, were the bulk of the output: 1,630 failing
        # tunnels of 2,173 printed 48,000 lines (4 MB in an AWX job's events, ~1 CPU s of the controller's callback, issue
        # 12). The report files hold each one; the console keeps a line per finding.
        with_fixes = not fixes_in_files
        if fixes_in_files:
            out.append("over %d tunnels each finding is one line here: its proven fixes, for each end, are in the "
                       "report files" % DRAW_EVERY_TUNNEL_UP_TO)
            if len(listed) > DETAILED_UP_TO:
                out.append("the first %d tunnels that do not pass are shown finding by finding, the other %d one line "
                           "each with their codes: the report files hold every finding" % (
                               DETAILED_UP_TO, len(listed) - DETAILED_UP_TO))
    for index, t in enumerate(listed):
        if not with_fixes and index >= DETAILED_UP_TO:
            # past the first DETAILED_UP_TO that do not pass, one line a tunnel (review 2026-12-04: 2,000 failing
            # tunnels printed every finding in full, 2.8 MB and 33,000 lines of an AWX job's output)
            codes = dict.fromkeys(f["code"] for f in t["findings"] if f["severity"] != findings.INFO)
            out.append("%s [%s] %s: %s" % (t["verdict"].upper(), t["name"], ends_label(t), ", ".join(codes)))
            continue
        out.append("%s [%s] %s" % (t["verdict"].upper(), t["name"], ends_label(t)))
        out += _finding_lines(t["findings"], fail_on, with_fixes)
        out += _evidence_lines(t)
        out += _info_lines(t["findings"])
    keys = keys_text(report, short=True)
    if keys:
        out.append(keys)
    for end in unpaired:
        tag = "UNPAIRED" if unpaired_ok is None or unpaired_fails(fail_on, unpaired_ok) else "UNPAIRED (not failed)"
        out.append("%s %s: %s" % (tag, unpaired_label(end), unpaired_reason(end)))
        # its own config's findings, judged at fail_on as a tunnel's are, whether or not unpaired ends are expected
        own = unpaired_findings(end)
        out += _finding_lines(own, fail_on, with_fixes)
        out += _info_lines(own)
    return out


def _finding_lines(found, fail_on, with_fixes):
    """A line per finding that is not info (and its fix lines ``with_fixes``), as summary_lines lists a tunnel's."""
    out = []
    for f in found:
        if f["severity"] == findings.INFO:
            continue
        below = fail_on is not None and not fails_at(f["severity"], fail_on)
        out.append("  %s %s (%s): %s%s" % (f["severity"].upper(), f["code"], f["phase"], f["summary"],
                                           " [below fail_on=%s]" % fail_on if below else ""))
        if with_fixes:
            for line in remediation_lines(f["remediation"], f.get("proof")):
                out.append("    fix %s" % line)
            either = alternatives_text(f)
            if either:
                out.append("    fix: %s" % either)
    return out


def _info_lines(found):
    infos = [f["code"] for f in found if f["severity"] == findings.INFO]
    if not infos:
        return []
    return ["  info (no failure; e.g. lifetimes are local and need not match): %s" % ", ".join(dict.fromkeys(infos))]
