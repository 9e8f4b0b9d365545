# -*- coding: utf-8 -*-
"""playbooks/check.yml through ansible-runner, as AWX runs a job template: a private data dir with
env/extravars, env/envvars and an inventory, the playbook in a project directory (the working
directory, so relative input paths are the project's), and the artifacts AWX reads afterwards - the
exit status, the job events, and in the playbook_on_stats event the set_stats data a workflow branches
on (issue 13). Inputs are built from the seed example: as is it fails, with the ASA's PFS fixed it is
degraded, with Azure's data lifetime raised too it passes. A real pre-shared key is put on both ends:
it must not reach the job events, the job's stdout or the reports."""

import glob
import json
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import ARTIFACTS, _collections_root

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNNER = os.path.join(REPO, ".venv", "bin", "ansible-runner")
SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
PSK = "Runner-PSK-7f3a9c21e"  # a test key (tests/secrets_registry.py finds it by its name)
CONNECTION = "UKSouth-HQ-S2S"


def seed_inputs(verdict):
    """(ASA config, Azure export) of the seed example changed to give ``verdict``, with a real key."""
    with open(os.path.join(SEED, "asa_running_config.txt")) as handle:
        asa = handle.read().replace("pre-shared-key *****", "pre-shared-key " + PSK)
    with open(os.path.join(SEED, "azure_resources.json")) as handle:
        azure = json.load(handle)
    [connection] = [r for r in azure if r["type"] == "Microsoft.Network/connections"]
    connection["properties"]["sharedKey"] = PSK
    if verdict in ("degraded", "pass"):  # the ASA's fix of PFS_MISMATCH; REKEY_TOO_FREQUENT stays (warning)
        lifetime = "crypto map CRYPTO-MAP 2 set security-association lifetime seconds 3600"
        asa = asa.replace(lifetime, "crypto map CRYPTO-MAP 2 set pfs group19\n" + lifetime)
    if verdict == "pass":  # Azure's fix of REKEY_TOO_FREQUENT: the ASA's data lifetime
        connection["properties"]["ipsecPolicies"][0]["saDataSizeKilobytes"] = 102400000
    return asa, json.dumps(azure, indent=2)


def run_job(tmp_path, name, verdict, fail_on, renamed=None):
    """One job as AWX starts it (``renamed``: extra vars given under another, misspelled, name);
    returns (exit status, artifacts dir, report dir)."""
    private = tmp_path / name
    project, env, inventory = private / "project", private / "env", private / "inventory"
    for directory in (project / "inputs", env, inventory):
        directory.mkdir(parents=True)
    shutil.copy(os.path.join(REPO, "playbooks", "check.yml"), str(project / "check.yml"))
    asa, azure = seed_inputs(verdict)
    (project / "inputs" / "asa.txt").write_text(asa)
    (project / "inputs" / "azure.json").write_text(azure)
    reports = private / "reports"
    extravars = {"asa_config_file": "inputs/asa.txt", "azure_resources_file": "inputs/azure.json",
                 "report_dir": str(reports), "fail_on": fail_on}
    for old, new in (renamed or {}).items():
        extravars[new] = extravars.pop(old)
    (env / "extravars").write_text(json.dumps(extravars))
    home = private / "ansible-home"
    # No ansible.cfg of the checkout: the collection is found as an installed one would be.
    (env / "envvars").write_text(json.dumps({
        "ANSIBLE_COLLECTIONS_PATH": _collections_root(), "ANSIBLE_HOME": str(home),
        "ANSIBLE_LOCAL_TEMP": str(home / "tmp"), "ANSIBLE_REMOTE_TEMP": str(home / "remote-tmp"), "ANSIBLE_NOCOLOR": "1"}))
    (inventory / "hosts").write_text("localhost ansible_connection=local\n")
    process_env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    process_env["PATH"] = os.path.dirname(RUNNER) + os.pathsep + process_env.get("PATH", "")
    done = subprocess.run([RUNNER, "run", str(private), "--playbook", "check.yml", "--ident", name],
                          env=process_env, capture_output=True, text=True, timeout=600, check=False)
    artifacts = private / "artifacts" / name
    assert artifacts.is_dir(), done.stdout + done.stderr
    # kept for tools/secret_scan.py (`make secret-scan` scans the test run's artifacts)
    kept = os.path.join(ARTIFACTS, "ansible-runner")
    os.makedirs(kept, exist_ok=True)
    shutil.copytree(str(artifacts), tempfile.mkdtemp(prefix=name + "-", dir=kept), dirs_exist_ok=True)
    return done.returncode, artifacts, reports


def job_events(artifacts):
    events = []
    for path in sorted(glob.glob(str(artifacts / "job_events" / "*.json"))):
        with open(path) as handle:
            events.append(json.load(handle))
    return events


def stats_data(artifacts):
    [stats] = [e for e in job_events(artifacts) if e.get("event") == "playbook_on_stats"]
    return stats["event_data"]["artifact_data"]["vpnalign_check"]


@pytest.mark.parametrize("verdict, fail_on, passes, counts", [
    ("pass", "error", True, {"error": 0, "warning": 0, "info": 0}),
    ("degraded", "error", True, {"error": 0, "warning": 1, "info": 1}),
    ("degraded", "warning", False, {"error": 0, "warning": 1, "info": 1}),
    ("fail", "error", False, {"error": 1, "warning": 1, "info": 1}),
])
def test_a_job_exits_per_fail_on_and_leaves_the_stats_a_workflow_branches_on(tmp_path, verdict, fail_on, passes, counts):
    status, artifacts, reports = run_job(tmp_path, "%s-%s" % (verdict, fail_on), verdict, fail_on)
    assert (status == 0) is passes, (artifacts / "stdout").read_text()
    assert (artifacts / "rc").read_text().strip() == str(status)
    assert (artifacts / "status").read_text().strip() == ("successful" if passes else "failed")

    stats = stats_data(artifacts)
    assert stats["counts"] == counts
    assert stats["verdicts"] == {CONNECTION: verdict}
    assert [(t["name"], t["verdict"]) for t in stats["tunnels"]] == [(CONNECTION, verdict)]
    assert stats["summary"]["tunnels"] == 1 and stats["summary"][verdict] == 1
    assert stats["unpaired"] == []
    assert stats["gate"]["passed"] is passes
    assert stats["report_files"] == [str(reports / name) for name in ("report.json", "report.xml", "report.md",
                                                                      "report.html")]
    if not passes:
        assert stats["gate"]["reasons"] and "fail_on is %s" % fail_on in stats["gate"]["message"]

    # Nothing secret in what AWX keeps (every job event, the job's stdout) nor in the reports.
    kept = [p for p in glob.glob(str(artifacts / "**" / "*"), recursive=True) if os.path.isfile(p)]
    kept += [str(p) for p in reports.iterdir()]
    assert len(kept) > 10
    for path in kept:
        with open(path, errors="replace") as handle:
            assert PSK not in handle.read(), path


def test_a_job_that_checks_nothing_still_leaves_the_failed_gate_in_its_stats(tmp_path):
    status, artifacts, _reports = run_job(tmp_path, "nothing", "pass", "error",
                                          renamed={"azure_resources_file": "azure_resources_fle"})
    assert status != 0
    stats = stats_data(artifacts)
    assert stats["gate"]["passed"] is False
    assert "nothing to check on the Azure side" in stats["gate"]["message"]
    assert "azure_resources_fle" in stats["gate"]["message"]
