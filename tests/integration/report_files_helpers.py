# -*- coding: utf-8 -*-
"""What the tests read of a report directory."""

import json
import os
import xml.etree.ElementTree as ET


def assert_not_run(out, reason=""):
    """``out`` holds a report.json that says the run did not check (``reason`` in its reason, if given), no tunnel in
    it, a report.xml of one failing testcase saying the same, and none of the other report files: nothing a reader
    could take for a verdict."""
    with open(os.path.join(str(out), "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    assert report["status"] == "not_run" and report["tunnels"] == [] and reason in report["reason"], report
    assert not [name for name in ("report.md", "report.html") if os.path.exists(os.path.join(str(out), name))]
    assert_not_run_xml(out)
    return report


def assert_not_run_xml(out, reason=""):
    """``out``'s report.xml, if there is one, is the stopped run's: one failing testcase, no tunnel's suite."""
    path = os.path.join(str(out), "report.xml")
    if not os.path.exists(path):
        return
    [suite] = ET.parse(path).getroot().findall("testsuite")
    [failure] = suite.findall("testcase/failure")
    assert suite.get("name") == "vpnalign.s2s check" and failure.get("type") == "not_run", ET.tostring(suite)
    assert reason in failure.get("message"), failure.get("message")
