# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the check returns to Ansible and whether it passes: the compact result and the gate.

Plain Python, no Ansible import. The full report of a fleet is megabytes; Ansible copies, scans
and prints a task result several times, so the check returns only ``compact_result`` (counts,
one small entry per tunnel, the unpaired ends, the summary lines, the file paths); the files
themselves are written by report_files.
"""

import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import finding_counts, report_counts


def compact_result(report, report_files=()):
    """The check's result without the report: counts, a verdict per tunnel, the unpaired ends,
    the readable summary and the paths of the files holding the full report."""
    tunnels = [{"name": t["name"], "verdict": t["verdict"], "counts": finding_counts(t["findings"]),
                "asa": t.get("asa"), "azure": t.get("azure")} for t in report["tunnels"]]
    return {
        "counts": report_counts(report),
        "summary": dict(report["summary"]),
        "tunnels": tunnels,
        "unpaired": list(report.get("unpaired") or []),
        "summary_lines": summary_lines(report),
        "report_files": list(report_files),
    }


def gate(counts, gate_on, report_files=()):
    """The compliance verdict on ``counts`` for ``gate_on`` (error | warning | never): passed, and the
    sentence that says why, with where the reports are. The role asserts on it; the task does not fail."""
    errors, warnings = counts["error"], counts["warning"]
    passed = gate_on == "never" or (gate_on == "error" and errors == 0) or (
        gate_on == "warning" and errors + warnings == 0)
    where = ("Reports are in %s." % os.path.dirname(report_files[0]) if report_files
             else "No report files (report_dir is empty).")
    if passed:
        return {"passed": True, "message": "Within fail_on=%s. %s" % (gate_on, where)}
    return {"passed": False, "message": "%d error(s) and %d warning(s); fail_on is %s. %s"
            % (errors, warnings, gate_on, where)}
