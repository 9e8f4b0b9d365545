# -*- coding: utf-8 -*-
"""The Azure modules' code runs in Ansible's worker only where nothing tells that run apart from the module's own
(review of f25fb6c): become, another Python (a venv's base Python, a delegated host's interpreter) run the module.
Offline reads (``src``): no ARM lab needed."""

import json
import os
import sys

import pytest

SEED = "examples/seed-asa-azure-pfs/azure_resources.json"


def _sections(output):
    """The -vvv output of each task, by task name."""
    return dict((part.split("]", 1)[0], part) for part in output.split("TASK [")[1:])


FAKE_SUDO = """#!/bin/sh
# stands in for sudo: notes that it ran, then runs the command as the same user
: > "%(mark)s"
while [ $# -gt 0 ] && [ "$1" != "-u" ]; do shift; done
shift 2
exec "$@"
"""

BECOME_PLAYBOOK = """---
- name: An Azure read with become
  hosts: localhost
  connection: local
  gather_facts: false
  become: true
  vars:
    ansible_become_exe: "{{ fake_sudo }}"
  tasks:
    - name: Read, here
      vpnalign.s2s.azure_vpn_facts: {src: "{{ seed }}"}
    - name: Was become used
      ansible.builtin.stat: {path: "{{ mark }}"}
      become: false
      register: after_here
    - name: Forget it
      ansible.builtin.file: {path: "{{ mark }}", state: absent}
      become: false
    - name: Read, as the module
      vpnalign.s2s.azure_vpn_facts: {src: "{{ seed }}"}
      environment: {VPNALIGN_TEST_MARK: "1"}
    - name: Was become used by the module
      ansible.builtin.stat: {path: "{{ mark }}"}
      become: false
      register: after_module
    - name: Save the results for the test
      ansible.builtin.copy:
        content: "{{ {'here': after_here.stat.exists, 'module': after_module.stat.exists} | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
      become: false
"""


def test_a_task_with_become_runs_through_its_become_method(run_playbook, tmp_path, repo_root):
    mark = tmp_path / "became"
    fake_sudo = tmp_path / "sudo"
    fake_sudo.write_text(FAKE_SUDO % {"mark": mark})
    fake_sudo.chmod(0o755)
    playbook = tmp_path / "become.yml"
    playbook.write_text(BECOME_PLAYBOOK)
    result_file = tmp_path / "become.json"
    # same-user become allowed: a runner that is root, as become's default user, still goes through sudo
    run_playbook(str(playbook), {"fake_sudo": str(fake_sudo), "mark": str(mark), "result_file": str(result_file),
                                 "seed": os.path.join(repo_root, SEED)},
                 env={"ANSIBLE_BECOME_ALLOW_SAME_USER": "1"})
    saved = json.loads(result_file.read_text())
    assert saved["module"], "the module's run did not use become: the test's premise fails"
    assert saved["here"], "azure_vpn_facts ran without its become method (as the controller's user)"


INTERPRETER_PLAYBOOK = """---
- name: An Azure read with another Python
  hosts: %(hosts)s
  gather_facts: false
  tasks:
    - name: Read
      vpnalign.s2s.azure_vpn_facts: {src: "{{ seed }}"}
      %(delegate)s
      register: read
      ignore_errors: true
    - name: Save the results for the test
      ansible.builtin.copy:
        content: "{{ read | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
      delegate_to: localhost
      vars:
        ansible_python_interpreter: "{{ ansible_playbook_python }}"
"""


def test_a_task_on_the_base_python_of_the_controllers_venv_runs_as_the_module(run_playbook, tmp_path, repo_root):
    base = os.path.realpath(sys.executable)
    if base == os.path.abspath(sys.executable):
        pytest.skip("the tests' Python is no venv")
    playbook = tmp_path / "base.yml"
    playbook.write_text(INTERPRETER_PLAYBOOK % {"hosts": "localhost", "delegate": ""})
    inventory = tmp_path / "hosts.ini"
    inventory.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % base)
    proc = run_playbook(str(playbook), {"seed": os.path.join(repo_root, SEED), "result_file": str(tmp_path / "r.json")},
                        args=["-i", str(inventory), "-vvv"])
    # the module, as Ansible runs it with this host's interpreter: its payload built and started with that Python
    assert "AnsiballZ_azure_vpn_facts" in _sections(proc.stdout)["Read"], "ran in the worker, not with %s" % base


def test_a_delegated_task_runs_with_the_delegated_hosts_python(run_playbook, tmp_path, repo_root):
    playbook = tmp_path / "delegated.yml"
    playbook.write_text(INTERPRETER_PLAYBOOK % {"hosts": "fw1", "delegate": "delegate_to: localhost"})
    inventory = tmp_path / "hosts.ini"
    # fw1 is never contacted (TEST-NET-1): every task of the play is delegated to localhost
    inventory.write_text("fw1 ansible_connection=ssh ansible_host=192.0.2.1\n"
                         "localhost ansible_connection=local ansible_python_interpreter=/nonexistent/python3\n")
    result_file = tmp_path / "r.json"
    run_playbook(str(playbook), {"seed": os.path.join(repo_root, SEED), "result_file": str(result_file)},
                 args=["-i", str(inventory)])
    read = json.loads(result_file.read_text())
    # as the module: localhost's interpreter, which does not exist here, is the one tried
    assert read.get("failed") and "/nonexistent/python3" in read.get("msg", ""), read
