# -*- coding: utf-8 -*-
"""playbooks/check.yml writes report.html, drawn at the stated timeline_throughput_mbps."""

import json
import re

SEED = "examples/seed-asa-azure-pfs"


def _check(run_playbook, tmp_path, **extra):
    out = tmp_path / "report"
    extravars = {"asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
                 "report_dir": str(out), "fail_on": "never"}
    extravars.update(extra)
    return run_playbook("playbooks/check.yml", extravars, check=False), out


def test_the_stated_throughput_reaches_the_page_and_report_json(run_playbook, tmp_path):
    result, out = _check(run_playbook, tmp_path, timeline_throughput_mbps=100)
    assert result.rc == 0, result
    page = (out / "report.html").read_text()
    assert "<b>100 Mbit/s</b>" in page
    # Azure's 2048 KB data lifetime at 100 Mbit/s: its failing rekey comes after 0.16 s
    assert re.search(r'id="azure_[^"]*_CRYPTO-MAP_2-load-2" class="exchange fail initiator-azure"', page) and "t = 0.16 s, 2 MB" in page
    assert json.loads((out / "report.json").read_text())["timeline_throughput_mbps"] == 100


def test_the_default_throughput_is_10_mbit_s(run_playbook, tmp_path):
    result, out = _check(run_playbook, tmp_path)
    assert result.rc == 0, result
    assert "<b>10 Mbit/s</b>" in (out / "report.html").read_text() and "t = 1.6 s, 2 MB" in (out / "report.html").read_text()


def test_a_throughput_of_zero_fails_naming_the_option(run_playbook, tmp_path):
    result, out = _check(run_playbook, tmp_path, timeline_throughput_mbps=0)
    assert result.rc != 0
    assert "timeline_throughput_mbps must be above 0" in result.stdout
    assert not (out / "report.html").exists()


def test_a_throughput_given_as_true_or_beyond_any_gateway_fails_naming_the_option(run_playbook, tmp_path):
    # review 2026-12-05 (hostile input): true was taken as 1 Mbit/s, 1e308 drew no rekey
    for value in (True, 1e308):
        result, out = _check(run_playbook, tmp_path, timeline_throughput_mbps=value)
        assert result.rc != 0, value
        assert "timeline_throughput_mbps must be above 0 and at most 1000000" in result.stdout, value
        assert not (out / "report.html").exists()
