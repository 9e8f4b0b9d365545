# -*- coding: utf-8 -*-
"""vpn_compat_check used as a task of one's own, as its EXAMPLES show ("A nightly compliance run over the estate: the
JUnit for the pipeline": report_dir and report_formats, neither fail_on nor gate_on): report.xml is what the pipeline
reads, so it fails the tunnel that will die. Judged at the task's default fail_on (never: do not fail the task), it
failed nothing - PFS_MISMATCH, an unpaired end, all green in CI - and the console said "[below fail_on=never]". With
neither option given, report.xml, report.md and the summary are judged at error (the check's documented default); the
task itself still does not fail, and a fail_on or gate_on given is what they are judged at, as before."""

import json
import os
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import ActionModule

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "seed-asa-azure-pfs")


def check(out, **args):
    action = ActionModule.__new__(ActionModule)
    action._task = SimpleNamespace(args=dict(args, asa_config_files=os.path.join(SEED, "asa_running_config.txt"),
                                             azure_resources_files=os.path.join(SEED, "azure_resources.json"),
                                             report_dir=str(out), report_formats=["json", "xml"]))
    return action._check({}, {})


def failures(out):
    suites = ET.parse(str(out / "report.xml")).getroot().iter("testsuite")
    return {case.get("name") for suite in suites for case in suite.iter("testcase") if case.find("failure") is not None}


def test_the_nightly_example_fails_the_dying_tunnel_in_report_xml_without_failing_the_task(tmp_path):
    result = check(tmp_path)
    assert not result.get("failed")  # the task's own default: it does not fail
    assert failures(tmp_path) == {"PFS_MISMATCH"}
    assert json.loads((tmp_path / "report.json").read_text())["run"]["fail_on"] == "error"
    assert not any("below fail_on=never" in line for line in result["summary_lines"])


@pytest.mark.parametrize("args,failing", [({"fail_on": "never"}, set()), ({"gate_on": "never"}, set()),
                                          ({"fail_on": "warning"}, {"PFS_MISMATCH", "REKEY_TOO_FREQUENT"})])
def test_a_fail_on_or_gate_on_given_is_what_report_xml_is_judged_at(tmp_path, args, failing):
    result = check(tmp_path, **args)
    assert failures(tmp_path) == failing
    assert bool(result.get("failed")) == (args.get("fail_on") == "warning")
