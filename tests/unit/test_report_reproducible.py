# -*- coding: utf-8 -*-
"""SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) stands for the run's time in the
reports: two identical runs write byte-identical report.json, report.md and report.html, for a CI job's diff (review H7:
they differed in generated_at and the "Written ... (UTC)." line only)."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import ActionModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_time import generated_at

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "seed-asa-azure-pfs"


def check(out, **args):
    action = ActionModule.__new__(ActionModule)
    action._task = SimpleNamespace(args=dict(args, asa_config_files=str(EXAMPLE / "asa_running_config.txt"),
                                             azure_resources_files=str(EXAMPLE / "azure_resources.json"),
                                             report_dir=str(out)))
    return action._check({}, {})


def test_two_runs_with_one_source_date_epoch_write_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    check(tmp_path / "one")
    check(tmp_path / "two")
    for name in ("report.json", "report.xml", "report.md", "report.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    report = json.loads((tmp_path / "one" / "report.json").read_text())
    assert report["run"]["generated_at"] == "2023-11-14T22:13:20Z"
    assert "Written 2023-11-14T22:13:20Z (UTC)." in (tmp_path / "one" / "report.md").read_text()
    assert "Written 2023-11-14T22:13:20Z (UTC)." in (tmp_path / "one" / "report.html").read_text()


def test_without_source_date_epoch_the_reports_carry_the_current_time(monkeypatch):
    import datetime
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    now = datetime.datetime(2026, 12, 6, 1, 2, 3, tzinfo=datetime.timezone.utc)
    assert generated_at(now=now) == "2026-12-06T01:02:03Z"
    assert generated_at({"SOURCE_DATE_EPOCH": ""}, now=now) == "2026-12-06T01:02:03Z"  # empty: unset
    assert generated_at({"SOURCE_DATE_EPOCH": "0"}, now=now) == "1970-01-01T00:00:00Z"


@pytest.mark.parametrize("value", ["yesterday", "1700000000.5", "-1", " 1700000000", "1e9", "99999999999999999999"])
def test_a_malformed_source_date_epoch_stops_the_check_before_it_reads(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(AnsibleActionFail, match="SOURCE_DATE_EPOCH"):
        check(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_readme_documents_generated_at_and_source_date_epoch():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "generated_at" in readme and "SOURCE_DATE_EPOCH" in readme
    assert "reproducible-builds.org/specs/source-date-epoch" in readme
