# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.xml: JUnit for CI systems. A testsuite per tunnel with a testcase per finding code; a finding
at or above ``fail_on`` is a <failure>, one below it is reported in the testcase's <system-out> and a
property, not failed. The unpaired ends are a testsuite of their own: a failing testcase per end, or a
skipped one when unpaired ends are expected (``unpaired_ok``) or ``fail_on`` is never. The notes on the sources
read (report_notes.py) are a testsuite too, a passing testcase per note.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import (
    fails_at,
    remediation_lines,
    unpaired_fails,
    unpaired_label,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_notes import (
    NOTES_INTRO,
    NOTES_TITLE,
    alternatives_text,
    source_notes,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_json import indented_json
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import clip, escape
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import suite_names, unpaired_reason

UNPAIRED_SUITE = "unpaired ends"
NOTES_SUITE = NOTES_TITLE.lower()
# report.xml of a run that stopped before its report (report_files.write_not_run): one suite, one failing testcase
NOT_RUN_SUITE = "vpnalign.s2s check"
NOT_RUN_CASE = "the check ran"


def to_junit(report, fail_on="error", unpaired_ok=False):
    """JUnit XML of ``report`` (made safe first: XML 1.0 cannot carry most control characters)."""
    return junit_text(findings._safe(report), fail_on, unpaired_ok)


def junit_text(report, fail_on="error", unpaired_ok=False):
    """JUnit XML of a report already made safe."""
    return "".join(junit_chunks(report, fail_on, unpaired_ok))


def junit_chunks(report, fail_on="error", unpaired_ok=False, evidence_texts=None):
    """JUnit XML of a report already made safe, in pieces (one per tunnel) for writing to a file.
    ``evidence_texts``: id(a finding's evidence) -> (the evidence, its indented JSON) already written (report.json's).

    The text ElementTree wrote (``ET.indent`` then ``ET.tostring``), written as escaped text instead: the
    tree was 100,000 elements at 100k lines and +76 MB at its peak (issue 12). Same escaping
    (``_text``, ``_attr``), the same two-space indent, ``<tag ... />`` for an element with no text and no
    child; tests/unit/test_report_junit_stream.py compares both on hostile strings and the bundled reports."""
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vpnalign.s2s">\n  <properties>\n'
           '    <property name="fail_on" value="%s" />\n  </properties>' % _attr(fail_on))
    # a suite per tunnel, named by its name and stable id: no two share a name (one connection name in two
    # subscriptions) and a suite keeps its name whatever else the run reads (a CI's history; tunnel_ids.suite_names)
    for t, label in zip(report["tunnels"], suite_names(report["tunnels"])):
        yield _tunnel_suite(t, fail_on, evidence_texts, label)
    unpaired = report.get("unpaired") or []
    if unpaired:
        yield _unpaired_suite(unpaired, unpaired_fails(fail_on, unpaired_ok))
        for end in unpaired:
            own = findings.unpaired_findings(end)
            if own:  # its own config's findings: a suite as a tunnel's, failing at fail_on whether or not unpaired_ok
                yield _tunnel_suite({"findings": own}, fail_on, evidence_texts, "%s: %s" % (UNPAIRED_SUITE, unpaired_label(end)))
    notes = source_notes(report)
    if notes:
        yield _notes_suite(notes)
    yield "\n</testsuites>\n"


def not_run_junit(reason, fail_on=None):
    """report.xml of a run that stopped before its report: one failing testcase whose message is why. A missing
    report.xml is "no test results" to a CI's JUnit reader (Jenkins junit, GitLab reports:junit), not a failure.
    ``reason`` is shown escaped (a terminal's escape codes or a NUL are no XML 1.0 text)."""
    reason = clip(escape(reason or "the check did not run"))
    suite = _attr(NOT_RUN_SUITE)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vpnalign.s2s">'
    if fail_on:
        head += '\n  <properties>\n    <property name="fail_on" value="%s" />\n  </properties>' % _attr(fail_on)
    return (head + '\n  <testsuite name="%s" tests="1" failures="1" errors="0" skipped="0">'
            '\n    <testcase classname="%s" name="%s">%s\n    </testcase>\n  </testsuite>\n</testsuites>\n'
            % (suite, suite, _attr(NOT_RUN_CASE), _leaf("failure", (("type", "not_run"), ("message", reason)),
                                                        "No tunnel was checked: %s" % reason, "      ")))


def _serialization_error(value):
    # ElementTree's own error for a value it cannot write (xml.etree.ElementTree._raise_serialization_error)
    return TypeError("cannot serialize %r (type %s)" % (value, type(value).__name__))


def _text(value):
    """Element text as ElementTree escapes it: & < > only (quotes and control characters as they are)."""
    try:
        if "&" in value:
            value = value.replace("&", "&amp;")
        if "<" in value:
            value = value.replace("<", "&lt;")
        if ">" in value:
            value = value.replace(">", "&gt;")
        return value
    except (TypeError, AttributeError):
        raise _serialization_error(value)


def _attr(value):
    """An attribute value as ElementTree escapes it: & < > and the double quote, and CR, LF, TAB as
    character references (so that an XML reader keeps them)."""
    value = _text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def _leaf(tag, attributes, text, indent):
    """One element without children at ``indent`` (its line break included): ``<tag a="v">text</tag>``,
    or ``<tag a="v" />`` when it has no text."""
    head = "\n%s<%s%s" % (indent, tag, "".join(' %s="%s"' % (name, _attr(value)) for name, value in attributes))
    return head + (">" + _text(text) + "</" + tag + ">" if text else " />")


# the catalog's codes in order, each with its name attribute written once
_CODES = tuple((code, ' name="%s"' % _attr(code)) for code in sorted(findings.CATALOG))
_CODE_INDEX = {code: i for i, (code, _attr_text) in enumerate(_CODES)}
# A testcase without a finding is _CASE_HEAD, the suite's name, then its code's _CASE_TAIL: a run of them is the name
# joined between these constant pieces in one call (issue 12: a piece per code was 45 a tunnel, 98,000 at 100k lines).
_CASE_HEAD = '\n    <testcase classname="'
_CASE_TAIL = tuple('"%s />' % code_attr for _code, code_attr in _CODES)
_CASE_TAIL_HEAD = tuple(tail + _CASE_HEAD for tail in _CASE_TAIL)


def _empty_cases(name, start, end):
    """The testcases of the codes ``start`` to ``end`` - 1 (catalog order), none with a finding, for suite ``name``."""
    if start >= end:
        return ""
    return name.join((_CASE_HEAD,) + _CASE_TAIL_HEAD[start:end - 1] + (_CASE_TAIL[end - 1],))


def _tunnel_suite(tunnel, fail_on, evidence_texts=None, label=None):
    """``label``: the suite's name (tunnel_ids.suite_names), the tunnel's name when not given."""
    by_code = {}
    for f in tunnel["findings"]:
        by_code.setdefault(f["code"], []).append(f)
    failing = {code for code, fs in by_code.items() if any(fails_at(f["severity"], fail_on) for f in fs)}
    name = _attr(tunnel["name"] if label is None else label)
    parts = ['\n  <testsuite name="%s" tests="%d" failures="%d" errors="0" skipped="0">'
             % (name, len(findings.CATALOG), len(failing))]
    case_open = '\n    <testcase classname="%s"' % (name,)
    name = "%s" % (name,)  # _attr gives a value that is no text back as it is (ElementTree wrote its str())
    # a code of no catalog entry is not a testcase (a hand-edited report); the others in catalog order
    done = 0
    for index in sorted(_CODE_INDEX[code] for code in by_code if code in _CODE_INDEX):
        parts.append(_empty_cases(name, done, index))
        done = index + 1
        code, code_attr = _CODES[index]
        found = by_code[code]
        children, reported = [], []
        for f in found:
            if fails_at(f["severity"], fail_on):
                children.append(_leaf("failure", (("type", f["severity"]), ("message", f["summary"])),
                                      _finding_text(f, evidence_texts), "      "))
            else:
                reported.append(f)
        if reported:
            # Below fail_on: said, not failed. The property lets a CI view filter on the severity.
            children.append("\n      <properties>%s\n      </properties>" % "".join(
                _leaf("property", (("name", "below_fail_on"), ("value", f["severity"])), None, "        ")
                for f in reported))
            children.append(_leaf("system-out", (), "\n\n".join(
                _finding_text(f, evidence_texts) if f["severity"] != findings.INFO else f["summary"] for f in reported),
                "      "))
        parts.append(case_open + code_attr + ">" + "".join(children) + "\n    </testcase>")
    parts.append(_empty_cases(name, done, len(_CODES)))
    parts.append("\n  </testsuite>")
    return "".join(parts)


def _unpaired_suite(unpaired, failing):
    count = str(len(unpaired))
    parts = ['\n  <testsuite name="%s" tests="%s" errors="0" failures="%s" skipped="%s">'
             % (_attr(UNPAIRED_SUITE), count, count if failing else "0", "0" if failing else count)]
    for end in unpaired:
        label = unpaired_label(end)
        reason = unpaired_reason(end)
        if not failing:
            child = _leaf("skipped", (("message", "not failed (unpaired_ok, or fail_on=never): %s" % reason),), None, "      ")
        else:
            child = _leaf("failure", (("type", "unpaired"), ("message", reason)),
                          "%s: %s. %s; if ends without a counterpart are expected, set unpaired_ok." % (
                              label, reason, "No tunnel of this end was checked (its own configuration's findings are "
                              "the suite '%s: %s')" % (UNPAIRED_SUITE, label) if findings.unpaired_findings(end)
                              else "Nothing about this end was checked"), "      ")
        parts.append('\n    <testcase classname="%s" name="%s">%s\n    </testcase>' % (_attr(UNPAIRED_SUITE), _attr(label), child))
    parts.append("\n  </testsuite>")
    return "".join(parts)


def _notes_suite(notes):
    """The notes on the sources read: a testcase each, named by the note (the list every JUnit view shows), passing
    (a note fails nothing: the gate does not read it), the note and what it is about in its <system-out> (what
    Jenkins shows on the case's page, GitLab in its details)."""
    count = str(len(notes))
    suite = _attr(NOTES_SUITE)
    parts = ['\n  <testsuite name="%s" tests="%s" errors="0" failures="0" skipped="0">' % (suite, count)]
    for note in notes:
        parts.append('\n    <testcase classname="%s" name="%s">%s\n    </testcase>'
                     % (suite, _attr(note), _leaf("system-out", (), "%s\n%s" % (NOTES_INTRO, note), "      ")))
    parts.append("\n  </testsuite>")
    return "".join(parts)


def _finding_text(f, evidence_texts=None):
    lines = ["%s %s phase=%s" % (f["severity"].upper(), f["code"], f["phase"]), f["summary"], "evidence:"]
    evidence = f["evidence"]
    written = evidence_texts.get(id(evidence)) if evidence_texts else None
    lines.append(written[1] if written is not None and written[0] is evidence else indented_json(evidence, allow_nan=True))
    fixes = remediation_lines(f["remediation"], f.get("proof"))
    if fixes:
        lines.append("remediation:")
        lines.extend("  " + x for x in fixes)
        either = alternatives_text(f)
        if either:
            lines.append("  " + either)
    return "\n".join(lines)
