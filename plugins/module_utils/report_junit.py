# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.xml: JUnit for CI systems. A testsuite per tunnel with a testcase per finding code; a finding
at or above ``fail_on`` is a <failure>, one below it is reported in the testcase's <system-out> and a
property, not failed. The unpaired ends are a testsuite of their own: a failing testcase per end, or a
skipped one when unpaired ends are expected (``unpaired_ok``) or ``fail_on`` is never.

Plain Python, no Ansible import.
"""

from xml.etree import ElementTree as ET

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import (
    fails_at,
    remediation_lines,
    unpaired_fails,
    unpaired_label,
    unpaired_reason,
)

UNPAIRED_SUITE = "unpaired ends"


def to_junit(report, fail_on="error", unpaired_ok=False):
    """JUnit XML of ``report`` (made safe first: XML 1.0 cannot carry most control characters)."""
    return junit_text(findings._safe(report), fail_on, unpaired_ok)


def junit_text(report, fail_on="error", unpaired_ok=False):
    """JUnit XML of a report already made safe."""
    suites = ET.Element("testsuites", name="vpnalign.s2s")
    ET.SubElement(ET.SubElement(suites, "properties"), "property", name="fail_on", value=fail_on)
    for t in report["tunnels"]:
        _tunnel_suite(suites, t, fail_on)
    _unpaired_suite(suites, report.get("unpaired") or [], unpaired_fails(fail_on, unpaired_ok))
    if hasattr(ET, "indent"):  # Python 3.9+
        ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _tunnel_suite(suites, tunnel, fail_on):
    by_code = {}
    for f in tunnel["findings"]:
        by_code.setdefault(f["code"], []).append(f)
    failing = {code for code, fs in by_code.items() if any(fails_at(f["severity"], fail_on) for f in fs)}
    suite = ET.SubElement(suites, "testsuite", name=tunnel["name"], tests=str(len(findings.CATALOG)),
                          failures=str(len(failing)), errors="0", skipped="0")
    for code in sorted(findings.CATALOG):
        case = ET.SubElement(suite, "testcase", classname=tunnel["name"], name=code)
        reported = []
        for f in by_code.get(code, []):
            if fails_at(f["severity"], fail_on):
                fail = ET.SubElement(case, "failure", type=f["severity"], message=f["summary"])
                fail.text = _finding_text(f)
            else:
                reported.append(f)
        if reported:
            # Below fail_on: said, not failed. The property lets a CI view filter on the severity.
            properties = ET.SubElement(case, "properties")
            for f in reported:
                ET.SubElement(properties, "property", name="below_fail_on", value=f["severity"])
            out = ET.SubElement(case, "system-out")
            out.text = "\n\n".join(_finding_text(f) if f["severity"] != findings.INFO else f["summary"]
                                   for f in reported)


def _unpaired_suite(suites, unpaired, failing):
    if not unpaired:
        return
    suite = ET.SubElement(suites, "testsuite", name=UNPAIRED_SUITE, tests=str(len(unpaired)), errors="0",
                          failures=str(len(unpaired)) if failing else "0",
                          skipped="0" if failing else str(len(unpaired)))
    for end in unpaired:
        case = ET.SubElement(suite, "testcase", classname=UNPAIRED_SUITE, name=unpaired_label(end))
        reason = unpaired_reason(end)
        if not failing:
            ET.SubElement(case, "skipped", message="not failed (unpaired_ok, or fail_on=never): %s" % reason)
        else:
            fail = ET.SubElement(case, "failure", type="unpaired", message=reason)
            fail.text = ("%s: %s. Nothing about this end was checked; if ends without a counterpart are "
                         "expected, set unpaired_ok." % (unpaired_label(end), reason))


def _finding_text(f):
    lines = ["%s %s phase=%s" % (f["severity"].upper(), f["code"], f["phase"]), f["summary"], "evidence:"]
    lines.append(findings.indented_json(f["evidence"], allow_nan=True))
    fixes = remediation_lines(f["remediation"], f.get("proof"))
    if fixes:
        lines.append("remediation:")
        lines.extend("  " + x for x in fixes)
    return "\n".join(lines)
