# -*- coding: utf-8 -*-
"""A report directory given blank (``-e '{"report_dir": null}'``, ``report_dir:`` left empty in a vars file or an AWX
job template) stopped playbooks/check.yml with "The filter plugin 'ansible.builtin.length' failed: object of type
'NoneType' has no len()", naming no variable; the compliance role run on its own wrote no report and passed. Blank
is neither a directory nor "" (no report files), so the run stops naming the variable, before anything is read."""

import json
import re

SEED = "examples/seed-asa-azure-pfs"
INPUTS = {"asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
          "fail_on": "never"}
ROLE_PLAYBOOK = """\
- hosts: localhost
  connection: local
  gather_facts: false
  roles:
    - role: vpnalign.s2s.compliance
      vars:
        compliance_asa_config_file: {asa}
        compliance_azure_resources_file: {azure}
        compliance_fail_on: never
"""


def _refused(result, variable):
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "NoneType" not in output and "Traceback" not in output, output
    said = " ".join(output.split())  # lines wrapped
    assert re.search(r"(^|[^_])%s( \([^)]*\))? is blank \(null\)" % variable, said), output


def test_check_playbook_refuses_a_blank_report_dir(run_playbook):
    result = run_playbook("playbooks/check.yml", dict(INPUTS, report_dir=None), check=False)
    _refused(result, "report_dir")
    assert "Read the ASA ends" not in result.stdout  # stopped in the first play, before any read


def test_compliance_role_refuses_a_blank_report_dir(run_playbook, repo_root, tmp_path):
    playbook = tmp_path / "role.yml"
    playbook.write_text(ROLE_PLAYBOOK.format(asa=json.dumps("%s/%s" % (repo_root, INPUTS["asa_config_file"])),
                                             azure=json.dumps("%s/%s" % (repo_root, INPUTS["azure_resources_file"]))))
    result = run_playbook(str(playbook), {"compliance_report_dir": None}, check=False)
    _refused(result, "compliance_report_dir")
    assert "PFS_MISMATCH" not in result.stdout  # nothing was checked


def test_an_empty_report_dir_still_checks_and_writes_no_report(run_playbook):
    result = run_playbook("playbooks/check.yml", dict(INPUTS, report_dir=""))
    assert "PFS_MISMATCH" in result.stdout
