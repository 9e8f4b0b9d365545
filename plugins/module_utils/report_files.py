# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the controller-side check returns and writes: the compact result, and the report files.

Plain Python, no Ansible import. The full report of a fleet is megabytes; Ansible copies, scans
and prints a task result several times, so the check returns only ``compact_result`` (counts,
one small entry per tunnel, the unpaired ends, the summary lines, the file paths) and writes the
full report to files with ``write_reports``.
"""

import os
import tempfile

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import summary_lines

SEVERITIES = ("error", "warning", "info")
REPORT_FILES = ("report.json", "report.xml", "report.md")
FILE_MODE = 0o644  # what the role's copy tasks wrote (mode "0644")
DIR_MODE = 0o755


def finding_counts(findings):
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding["severity"]] += 1
    return counts


def report_counts(report):
    """Findings per severity over all tunnels (what fail_on looks at)."""
    return finding_counts(f for t in report["tunnels"] for f in t["findings"])


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


def report_texts(report):
    """File name -> content, the three formats of one report (made safe once for the three)."""
    return findings.report_texts(report)


def write_atomic(path, text):
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half."""
    directory = os.path.dirname(path)
    handle, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def write_reports(report, directory, texts=None):
    """Write report.json, report.xml and report.md into ``directory`` (created if missing);
    returns their paths. ``texts``: the contents if already rendered (``report_texts``)."""
    texts = texts or report_texts(report)
    directory = os.path.abspath(os.path.expanduser(directory))
    os.makedirs(directory, mode=DIR_MODE, exist_ok=True)
    paths = []
    for name in REPORT_FILES:
        path = os.path.join(directory, name)
        write_atomic(path, texts[name])
        paths.append(path)
    return paths


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
