# -*- coding: utf-8 -*-
"""playbooks/align.yml runs its Azure gather and push plays on align_azure_hosts when it is given, as its ASA plays
run on align_asa_hosts (the plan and report read align_azure_hosts: a subscription host the plays never ran on was
reported HOST_NOT_READ); without it, on the group vpnalign_azure_group (azure), else localhost, as before.
What `ansible-playbook --list-hosts` shows for each play."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
AZURE_PLAYS = ["Gather the Azure ends", "Check the Azure ends before any ASA is changed (check mode, nothing sent)",
               "Change the Azure ends, each subscription its own",
               "Gather the Azure ends again (when something changed)"]
ASA_PLAYS = ["Gather the ASA ends", "Change the ASA ends, each ASA its own",
             "Gather the ASA ends again (when something changed)"]
SUB = ("{ansible_connection: local, resource_group: RG, "
       "subscription_id: 00000000-0000-0000-0000-000000000000}")


def _inventory(tmp_path, azure_group):
    path = tmp_path / "inv.yml"
    path.write_text("all:\n  children:\n"
                    "    asa: {hosts: {hq-asa: {ansible_host: 127.0.0.1}, br-asa: {ansible_host: 127.0.0.2}}}\n"
                    "    %s: {hosts: {sub-a: %s, sub-b: %s}}\n" % (azure_group, SUB, SUB), encoding="utf-8")
    return str(path)


def _hosts_per_play(tmp_path, inventory, extra=None):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"))
    command = [ANSIBLE_PLAYBOOK, "-i", inventory, os.path.join(ROOT, "playbooks", "align.yml"), "--list-hosts"]
    if extra:
        command += ["-e", extra]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    plays, current = {}, None
    for line in done.stdout.splitlines():
        match = re.match(r"\s*play #\d+ \([^)]*\): (.*?)\tTAGS", line)
        if match:
            current = match.group(1)
            plays[current] = []
        elif current and re.match(r"^ {6}\S", line):
            plays[current].append(line.strip())
    assert set(AZURE_PLAYS + ASA_PLAYS) <= set(plays), done.stdout
    return plays


def test_the_azure_plays_run_on_align_azure_hosts_outside_the_azure_group(tmp_path):
    plays = _hosts_per_play(tmp_path, _inventory(tmp_path, "subs"),
                            '{"align_azure_hosts": ["sub-a"], "align_asa_hosts": ["hq-asa"]}')
    for name in AZURE_PLAYS:
        assert plays[name] == ["sub-a"], name
    for name in ASA_PLAYS:
        assert plays[name] == ["hq-asa"], name


def test_align_azure_hosts_picks_a_subset_of_the_azure_group(tmp_path):
    plays = _hosts_per_play(tmp_path, _inventory(tmp_path, "azure"), '{"align_azure_hosts": ["sub-b"]}')
    for name in AZURE_PLAYS:
        assert plays[name] == ["sub-b"], name


@pytest.mark.parametrize("group,expected", [("azure", ["sub-a", "sub-b"]), ("subs", ["localhost"])],
                         ids=["azure-group", "no-azure-group"])
def test_without_align_azure_hosts_the_azure_group_else_localhost(tmp_path, group, expected):
    plays = _hosts_per_play(tmp_path, _inventory(tmp_path, group))
    for name in AZURE_PLAYS:
        assert sorted(plays[name]) == expected, name
    for name in ASA_PLAYS:
        assert sorted(plays[name]) == ["br-asa", "hq-asa"], name
