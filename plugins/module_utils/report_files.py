# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report files the controller-side check writes (``write_reports``), and the finding counts.

Plain Python, no Ansible import. What the check returns (``compact_result``) and its pass/fail
verdict (``gate``) are in report_gate.py.
"""

import json
import os
import tempfile

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import judged_findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_junit import not_run_junit
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import REPORT_FILE_NAMES as REPORT_FILES, report_texts

SEVERITIES = ("error", "warning", "info")
# vpn_compat_check report_formats: the format's name -> its file (DESIGN.md "Report format")
REPORT_FORMATS = {"json": "report.json", "xml": "report.xml", "md": "report.md", "html": "report.html"}
FILE_MODE = 0o644  # what the role's copy tasks wrote (mode "0644")
DIR_MODE = 0o755


def finding_counts(findings):
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding["severity"]] += 1
    return counts


def report_counts(report):
    """Findings per severity over all tunnels and the unpaired ends' own (what fail_on looks at)."""
    return finding_counts(judged_findings(report))


WRITE_PIECE = 1 << 20  # characters encoded at a time: a 40 MB text is not copied whole into bytes
# Bytes gathered before a write call: the pieces are a tunnel each (~5-20 KB) and the default buffer (8 KB) made a
# system call of each, ~8,700 at 100k lines; 256 KB took the four files' writing 0.09-0.13 -> 0.05-0.08 CPU s (issue 12).
WRITE_BUFFER = 1 << 18


def write_atomic(path, text):
    """Write ``text`` (a str, or an iterable of str pieces) to ``path`` so that a reader sees the old
    file or the new one, never half."""
    directory = os.path.dirname(path)
    handle, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="", buffering=WRITE_BUFFER) as out:
            for piece in ((text,) if isinstance(text, str) else text):
                for start in range(0, len(piece), WRITE_PIECE):
                    out.write(piece[start:start + WRITE_PIECE] if len(piece) > WRITE_PIECE else piece)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def ready_report_dir(directory):
    """Create ``directory`` if missing and prove it writable (a file made and removed in it), before anything is read:
    a report_dir that is a file or read-only was found only after a fleet's every device had been read (review
    2026-12-04). Raises OSError."""
    directory = os.path.abspath(os.path.expanduser(directory))
    os.makedirs(directory, mode=DIR_MODE, exist_ok=True)
    handle, probe = tempfile.mkstemp(prefix=".vpnalign-write-test.", dir=directory)
    os.close(handle)
    os.unlink(probe)
    return directory


def write_not_run(directory, names, reason, run):
    """What ``directory`` holds after a run that stopped before its report: report.json saying it did not run and
    why, report.xml one failing testcase saying the same (a JUnit reader given no report.xml shows "no test results",
    not a failure), and none of the run's other report files (``names``), so a dashboard or a JUnit reader never takes
    an earlier night's report for this one's (review 2026-12-04). Returns the paths written."""
    directory = os.path.abspath(os.path.expanduser(directory))
    for name in names:
        path = os.path.join(directory, name)
        if name not in (REPORT_FORMATS["json"], REPORT_FORMATS["xml"]) and os.path.lexists(path):
            os.unlink(path)
    paths = []
    if REPORT_FORMATS["json"] in names:
        body = {"schema_version": 1, "status": "not_run", "reason": reason, "run": run, "tunnels": [], "unpaired": [],
                "summary": {"tunnels": 0, "fail": 0, "degraded": 0, "pass": 0}}
        paths.append(os.path.join(directory, REPORT_FORMATS["json"]))
        write_atomic(paths[-1], json.dumps(body, indent=2, sort_keys=True) + "\n")
    if REPORT_FORMATS["xml"] in names:
        paths.append(os.path.join(directory, REPORT_FORMATS["xml"]))
        write_atomic(paths[-1], not_run_junit(reason, (run or {}).get("fail_on")))
    return paths


def other_report_files(directory, names):
    """The paths of the report files in ``directory`` not among ``names``: this run did not write them (an
    earlier run with other report formats, or another tool's report.xml), so they may describe something else."""
    directory = os.path.abspath(os.path.expanduser(directory))
    return [os.path.join(directory, name) for name in REPORT_FILES
            if name not in names and os.path.lexists(os.path.join(directory, name))]


def write_reports(report, directory, texts=None, names=REPORT_FILES):
    """Write report.json, report.xml, report.md and report.html - those of them in ``names`` - into
    ``directory`` (created if missing); returns their paths. ``texts``: the contents if already rendered,
    or the ``report_texts`` mapping (then each file is rendered as it is written, one at a time). A report
    file not in ``names`` is left as it is, whoever wrote it (``other_report_files`` names them)."""
    unknown = sorted(set(names) - set(REPORT_FILES))
    if unknown:
        raise ValueError("not a report file: %s" % ", ".join(unknown))
    texts = texts if texts is not None else report_texts(report)
    directory = os.path.abspath(os.path.expanduser(directory))
    os.makedirs(directory, mode=DIR_MODE, exist_ok=True)
    paths = []
    for name in REPORT_FILES:
        if name not in names:
            continue
        path = os.path.join(directory, name)
        write_atomic(path, texts.chunks(name) if hasattr(texts, "chunks") else texts[name])
        paths.append(path)
    return paths
