# -*- coding: utf-8 -*-
"""What the tests read of a report directory."""

import json
import os


def assert_not_run(out, reason=""):
    """``out`` holds a report.json that says the run did not check (``reason`` in its reason, if given), no tunnel in
    it, and none of the other report files: nothing a reader could take for a verdict."""
    with open(os.path.join(str(out), "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    assert report["status"] == "not_run" and report["tunnels"] == [] and reason in report["reason"], report
    assert not [name for name in ("report.xml", "report.md", "report.html") if os.path.exists(os.path.join(str(out), name))]
    return report
