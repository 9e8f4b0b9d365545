# -*- coding: utf-8 -*-
"""A misspelled variable stops playbooks/align.yml and playbooks/check.yml naming it (module_utils/variable_names.py):
-e aling_to=none (meant: check only) ran align with the default align_to=safest and pushed to the ASA and Azure;
-e failon=warning let check.yml pass at the default fail_on=error. So does an align_report_dir that cannot be
written: it was found after both ends had changed, without a word of what changed (review 2026-12-05)."""

import json
import os

import pytest

# labs and seed are fixtures pytest finds here by name
from test_align import SEED_ASA, SET_PFS, labs, seed, writes  # noqa: F401  pylint: disable=unused-import

SEED = "examples/seed-asa-azure-pfs"


def test_align_stops_on_a_misspelled_align_to_before_reading_or_pushing(seed):
    output, summary = seed(None, fails=True, aling_to="none")
    assert "aling_to (did you mean align_to?)" in output and "Nothing was read or changed" in output
    assert summary is None  # no align.json: the run stopped in its first play
    assert seed.asa.running_config() == SEED_ASA and writes(seed.arm) == []
    assert seed.asa.command_lines() == [] and seed.arm.requests() == []  # not even read


@pytest.mark.parametrize("variable, value", [("align_fail_on", "sometimes"), ("align_save_when", "always"),
                                             ("align_to", "bogus")])
def test_align_stops_on_a_value_it_does_not_take_before_reading_or_pushing(seed, variable, value):
    # review 2026-12-05 (new user #2): align_fail_on was refused by the report play after the ASA had been pushed,
    # align_save_when by the ASA push play, align_to after both ends were read
    extra = {variable: value} if variable != "align_to" else {}
    output, summary = seed(value if variable == "align_to" else None, fails=True, **extra)
    assert "Validating arguments against arg spec 'prepare'" in output and "value of %s must be one of" % variable in output
    assert summary is None
    assert seed.asa.command_lines() == [] and seed.arm.requests() == []  # not even read


def test_align_stops_on_an_align_report_dir_it_cannot_write_before_reading_or_pushing(seed, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the report directory should be\n")
    output, summary = seed(None, fails=True, align_report_dir=str(blocker))
    assert "align_report_dir %s: the reports cannot be written there" % blocker in output
    assert "nothing was read or changed" in output and summary is None
    assert seed.asa.command_lines() == [] and seed.arm.requests() == []  # not even read


def test_align_stops_on_a_blank_align_report_dir_before_reading_or_pushing(seed):
    # null (an empty value in a vars file or an AWX survey) was taken as "": the run pushed and wrote no report
    output, summary = seed(None, fails=True, align_report_dir=None)
    assert "align_report_dir is blank (null)" in " ".join(output.split()), output[-3000:]
    assert "nothing was read or changed" in output and summary is None
    assert seed.asa.command_lines() == [] and seed.arm.requests() == []  # not even read


def test_a_report_that_cannot_be_written_after_the_push_still_tells_what_changed(seed, tmp_path):
    out = tmp_path / "out"
    (out / "report.md").mkdir(parents=True)  # the directory is writable; one report file cannot be written
    output, _summary = seed(None, fails=True, align_report_dir=str(out))
    assert SET_PFS in seed.asa.running_config()  # the push went through
    assert "align_report_dir %s: cannot write the reports:" % out in output and "the changes above were made" in output
    # the story was printed before the failure: before, the changes made, after
    story = output[output.rindex("changes (align_to safest):"):output.rindex("cannot write the reports:")]
    assert SET_PFS in story and "after:" in story
    assert "Traceback" not in output


def test_check_fails_on_a_misspelled_fail_on_naming_it(run_playbook, repo_root, tmp_path):
    """Seed ASA with PFS set: only warnings are left, so fail_on=warning fails the gate; failon=warning (misspelled)
    passed at the default fail_on=error."""
    asa = tmp_path / "asa.txt"
    with open(os.path.join(repo_root, SEED, "asa_running_config.txt"), encoding="utf-8") as handle:
        text = handle.read()
    asa.write_text(text.replace("crypto map CRYPTO-MAP 2 match address",
                                "crypto map CRYPTO-MAP 2 set pfs group19\ncrypto map CRYPTO-MAP 2 match address", 1))
    base = {"asa_config_file": str(asa), "azure_resources_file": os.path.join(SEED, "azure_resources.json"),
            "report_dir": str(tmp_path / "out")}
    assert run_playbook("playbooks/check.yml", base).returncode == 0
    result = run_playbook("playbooks/check.yml", dict(base, failon="warning", report_dir=str(tmp_path / "typo")), check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "failon (did you mean fail_on?)" in output and "Nothing was checked" in output
    # nothing was checked, and report.json says so rather than holding a verdict
    with open(str(tmp_path / "typo" / "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    assert report["status"] == "not_run" and "failon (did you mean fail_on?)" in report["reason"]
    assert report["tunnels"] == [] and "failon" in (tmp_path / "typo" / "report.xml").read_text()


def test_a_fail_on_the_check_does_not_know_is_refused_and_the_failed_gate_is_still_published(run_playbook, tmp_path):
    # review 2026-12-04: -e fail_on=warn stopped the role in its argument validation, before it published vpnalign_check,
    # so an AWX workflow branching on vpnalign_check.gate.passed met an undefined variable; the message named
    # compliance_fail_on and came with 200 lines of argument specs
    base = {"asa_config_file": os.path.join(SEED, "asa_running_config.txt"),
            "azure_resources_file": os.path.join(SEED, "azure_resources.json"), "report_dir": str(tmp_path / "out")}
    for extra, said in (({"fail_on": "warn"}, "fail_on (compliance_fail_on) must be one of error, warning, never, not \"warn\""),
                        ({"report_formats": ["json", "pdf"]}, "report_formats")):
        result = run_playbook("playbooks/check.yml", dict(base, **extra), env={"ANSIBLE_SHOW_CUSTOM_STATS": "true"},
                              check=False)
        output = result.stdout + result.stderr
        assert result.returncode != 0 and "Traceback" not in output
        assert said in " ".join(output.split()), output[-3000:]
        stats = output.split("CUSTOM STATS", 1)[1]
        assert "vpnalign_check" in stats and "passed: false" in stats, stats[:2000]
        assert "argument_spec_data" not in output


def test_report_formats_given_as_one_comma_separated_string_still_work(run_playbook, tmp_path):
    # review of this pass: a role assert compared the string letter by letter and refused -e report_formats=json,md
    out = tmp_path / "out"
    result = run_playbook("playbooks/check.yml", {
        "asa_config_file": os.path.join(SEED, "asa_running_config.txt"),
        "azure_resources_file": os.path.join(SEED, "azure_resources.json"), "report_dir": str(out),
        "report_formats": "json,md", "fail_on": "never"})
    assert result.returncode == 0 and sorted(p.name for p in out.iterdir()) == ["report.json", "report.md"]


@pytest.mark.parametrize("extra, said", [
    ({"unpaired_ok": "maybe"}, "is not a valid boolean"),
    ({"timeline_throughput_mbps": "fast"}, "timeline_throughput_mbps"),
    ({"evidence": {"asa_debg": ["x"]}}, "evidence.asa_debg"),
    ({"baseline": "strict"}, "baseline")])
def test_a_bad_value_of_another_option_publishes_the_failed_gate_and_the_reason(run_playbook, tmp_path, extra, said):
    # review H6: the role's argument validation refused these before its block, so its rescue never ran: no
    # vpnalign_check for an AWX workflow, and report.json kept "this run has not written its report"
    out = tmp_path / "out"
    base = {"asa_config_file": os.path.join(SEED, "asa_running_config.txt"),
            "azure_resources_file": os.path.join(SEED, "azure_resources.json"), "report_dir": str(out)}
    result = run_playbook("playbooks/check.yml", dict(base, **extra), env={"ANSIBLE_SHOW_CUSTOM_STATS": "true"},
                          check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "Validation of arguments failed" not in output
    stats = output.split("CUSTOM STATS", 1)[1]
    assert "vpnalign_check" in stats and "passed: false" in stats and said in " ".join(stats.split()), stats[:2000]
    with open(str(out / "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    assert report["status"] == "not_run" and said in report["reason"]


@pytest.mark.parametrize("name, meant", [("baselines", "baseline"), ("unpairedokay", "unpaired_ok")])
def test_check_fails_on_a_plural_or_joined_spelling_naming_the_option(run_playbook, tmp_path, name, meant):
    # review of this pass: -e baselines=... and -e unpairedokay=true were read by nothing and the gate ran at its defaults
    base = {"asa_config_file": os.path.join(SEED, "asa_running_config.txt"),
            "azure_resources_file": os.path.join(SEED, "azure_resources.json"), "report_dir": str(tmp_path / "out")}
    result = run_playbook("playbooks/check.yml", dict(base, **{name: True}), check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "%s (did you mean %s?)" % (name, meant) in output and "Nothing was checked" in output
