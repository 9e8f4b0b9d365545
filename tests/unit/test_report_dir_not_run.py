# -*- coding: utf-8 -*-
"""vpn_compat_check mark_not_run: what report_dir says from the start of a run (playbooks/check.yml) or after a stop
(roles/compliance tasks/stop.yml), before any input is read."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import NOT_RUN_YET, ActionModule

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "seed-asa-azure-pfs"


def mark(args):
    action = ActionModule.__new__(ActionModule)
    action._task = SimpleNamespace(args=dict(args, mark_not_run=True))
    return action._check({}, {})


def earlier_reports(directory):
    directory.mkdir()
    for name in ("report.json", "report.xml", "report.md", "report.html"):
        (directory / name).write_text('{"summary": {"fail": 0}}' if name.endswith("json") else "all passed")


def test_a_run_starts_by_leaving_not_run_and_none_of_the_earlier_files(tmp_path):
    out = tmp_path / "out"
    earlier_reports(out)
    result = mark({"report_dir": str(out), "report_formats": ["json", "xml", "md"]})
    assert result["status"] == "not_run" and result["report_files"] == [str(out / "report.json"), str(out / "report.xml")]
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "not_run" and report["reason"] == NOT_RUN_YET and report["tunnels"] == []
    assert report["run"]["generated_at"].endswith("Z")
    # the formats this run writes are gone or say not_run; one it does not write is another's and stays
    # (other_report_files names it)
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.xml"]
    assert "all passed" not in (out / "report.xml").read_text()


def test_a_stop_is_recorded_with_its_reason(tmp_path):
    out = tmp_path / "out"
    earlier_reports(out)
    mark({"report_dir": str(out), "not_run_reason": "fail_on must be one of error, warning, never, not warn"})
    report = json.loads((out / "report.json").read_text())
    assert report["reason"] == "fail_on must be one of error, warning, never, not warn"
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.xml"]


def test_a_report_dir_that_cannot_be_written_stops_a_starting_run_but_only_warns_beside_a_stop(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("not a directory")
    with pytest.raises(AnsibleActionFail, match="report_dir .*afile: cannot write the reports: .*; nothing was read"):
        mark({"report_dir": str(afile)})
    # the run already fails with its own reason: that one is kept, the report_dir's problem is a warning beside it
    result = mark({"report_dir": str(afile), "not_run_reason": "Nothing was checked"})
    assert not result.get("failed") and result["report_files"] == []
    assert "cannot write the reports" in result["warnings"][0] and "does not say this run stopped" in result["warnings"][0]
    assert afile.read_text() == "not a directory"


def test_marking_needs_a_report_dir():
    with pytest.raises(AnsibleActionFail, match="mark_not_run needs report_dir"):
        mark({})


def test_no_report_format_is_refused_before_the_directory_is_made(tmp_path):
    with pytest.raises(AnsibleActionFail, match="report_formats is empty"):
        mark({"report_dir": str(tmp_path / "out"), "report_formats": []})
    assert not (tmp_path / "out").exists()


def test_a_check_that_crashes_leaves_not_run_with_the_exception_not_the_earlier_pass(tmp_path, monkeypatch):
    from ansible_collections.vpnalign.s2s.plugins.action import vpn_compat_check

    def crash(*_args, **_kwargs):
        raise KeyError("lifetime_seconds")
    monkeypatch.setattr(vpn_compat_check, "run_check", crash)
    out = tmp_path / "out"
    earlier_reports(out)
    action = ActionModule.__new__(ActionModule)
    action._task = SimpleNamespace(args={
        "asa_config_files": [str(EXAMPLE / "asa_running_config.txt")],
        "azure_resources_files": [str(EXAMPLE / "azure_resources.json")],
        "report_dir": str(out), "report_formats": ["json", "xml"]})
    with pytest.raises(AnsibleActionFail, match="unexpected KeyError: 'lifetime_seconds'") as stopped:
        action._check({}, {})
    assert isinstance(stopped.value.orig_exc, KeyError)
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "not_run" and "unexpected KeyError" in report["reason"]
    assert "unexpected KeyError" in (out / "report.xml").read_text() and "all passed" not in (out / "report.xml").read_text()


@pytest.mark.parametrize("value", ["yesterday", "2026-12-06T01:02:03Z", "99999999999999"])
def test_a_malformed_source_date_epoch_stops_the_run_with_no_earlier_report_left(tmp_path, monkeypatch, value):
    # The run stops on it before it reads (report_time.py), but the earlier night's report.xml and report.json must
    # not stay behind for CI to read as this run's: report_dir says not_run and why, as for any other stop.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "out"
    earlier_reports(out)
    with pytest.raises(AnsibleActionFail, match="SOURCE_DATE_EPOCH"):
        mark({"report_dir": str(out)})
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.xml"]
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "not_run" and "SOURCE_DATE_EPOCH" in report["reason"] and report["tunnels"] == []
    # the stop the role records afterwards (tasks/stop.yml) keeps its reason and does not fail a second time
    result = mark({"report_dir": str(out), "not_run_reason": "vpn_compat_check: SOURCE_DATE_EPOCH ..."})
    assert result["status"] == "not_run" and not result.get("failed")
    assert json.loads((out / "report.json").read_text())["reason"] == "vpn_compat_check: SOURCE_DATE_EPOCH ..."


def test_a_stopped_run_leaves_a_failing_report_xml_that_says_why(tmp_path):
    # A CI's JUnit reader (Jenkins junit, GitLab reports:junit) shows "no test results" for a missing report.xml, not
    # that the check stopped: the run's report.xml is one failing testcase naming the stop, never the earlier night's.
    import xml.etree.ElementTree as ET
    out = tmp_path / "out"
    earlier_reports(out)
    reason = 'host fw-<edge>&"01" was not read: \x1b[31mSSH timeout\x1b[0m'
    result = mark({"report_dir": str(out), "not_run_reason": reason, "report_formats": ["json", "xml"]})
    assert result["report_files"] == [str(out / "report.json"), str(out / "report.xml")]
    root = ET.parse(str(out / "report.xml")).getroot()
    [suite] = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("1", "1")
    [case] = suite.findall("testcase")
    [failure] = case.findall("failure")
    assert "fw-<edge>&\"01\" was not read" in failure.get("message") and "SSH timeout" in failure.text
    assert "\x1b" not in (out / "report.xml").read_text()
    assert "all passed" not in (out / "report.xml").read_text()


def test_a_run_starting_marks_report_xml_failing_until_the_check_writes_it(tmp_path):
    import xml.etree.ElementTree as ET
    out = tmp_path / "out"
    earlier_reports(out)
    mark({"report_dir": str(out), "report_formats": ["xml"]})
    [failure] = ET.parse(str(out / "report.xml")).getroot().findall("testsuite/testcase/failure")
    assert failure.get("message") == NOT_RUN_YET
