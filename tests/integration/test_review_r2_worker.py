# -*- coding: utf-8 -*-
"""Review R2 of f25fb6c/4870d35: the Azure modules' code in Ansible's worker answers as the module does - with a
loop (one worker for every item, other credentials per item), a vaulted secret, inline resources holding a shared key,
a relative ca_bundle (found where the module would run: the play's directory), and a task AnsibleModule refuses does not
echo inline resources' key (older than this pass)."""

import json
import os
import subprocess

import pytest

SEED = "examples/seed-asa-azure-pfs/azure_resources.json"
CONNECTION = "UKSouth-HQ-S2S"
SECRET = "Lab-S3cret+/=r2w7~k1"
WRONG_SECRET = "Wrong-S3cret+/=r2x9"
SHARED_KEY = "R2-Shared-Key-5b7d9e11"

PLAYBOOK = """---
- name: Worker and module, item by item
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Loop here
      vpnalign.s2s.azure_vpn_facts: &auth
        resource_group: RG
        connection: %(connection)s
        subscription_id: "{{ lab.subscription }}"
        client_id: "{{ lab.client_id }}"
        tenant: "{{ lab.tenant }}"
        cloud_environment: "{{ lab.base_url }}"
        secret: "{{ secrets[item] }}"
      # an index for the item: Ansible shows a loop's item in each result (the secret scan reads them)
      loop: "{{ range(secrets | length) | list }}"
      loop_control: {label: an item}
      register: loop_here
      ignore_errors: true
    - name: Loop as the module
      vpnalign.s2s.azure_vpn_facts: *auth
      loop: "{{ range(secrets | length) | list }}"
      loop_control: {label: an item}
      environment: {VPNALIGN_TEST_MARK: "1"}
      register: loop_module
      ignore_errors: true
    - name: Inline here
      vpnalign.s2s.azure_vpn_facts: {resources: "{{ inline }}"}
      register: inline_here
    - name: Inline as the module
      vpnalign.s2s.azure_vpn_facts: {resources: "{{ inline }}"}
      environment: {VPNALIGN_TEST_MARK: "1"}
      register: inline_module
    - name: Save the results for the test
      ansible.builtin.copy:
        content: "{{ {'loop_here': loop_here, 'loop_module': loop_module, 'inline_here': inline_here,
                      'inline_module': inline_module} | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
""" % {"connection": CONNECTION}


@pytest.fixture
def clean_env(tmp_path, no_azure_env):
    home = tmp_path / "home"
    home.mkdir()
    return dict(no_azure_env, HOME=str(home))


def _inline(repo_root):
    with open(os.path.join(repo_root, SEED)) as handle:
        resources = json.load(handle)
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["sharedKey"] = SHARED_KEY
    return resources


def _run(arm, clean_env, run_playbook, tmp_path, repo_root, secrets):
    playbook = tmp_path / "r2.yml"
    playbook.write_text(PLAYBOOK)
    result_file = tmp_path / "r2.json"
    env = dict(clean_env, AZURE_AUTHORITY_HOST=arm.authority, REQUESTS_CA_BUNDLE=arm.ca_file)
    lab = {"subscription": arm.subscription, "client_id": arm.client_id, "tenant": arm.tenant, "base_url": arm.base_url}
    proc = run_playbook(str(playbook), {"result_file": str(result_file), "secrets": secrets, "lab": lab,
                                        "inline": _inline(repo_root)}, env=env, args=["-vvv"])
    return proc, json.loads(result_file.read_text())


def _outcomes(loop):
    return [(bool(r.get("failed")), r.get("error_code")) for r in loop["results"]]


def test_a_wrong_secret_after_a_right_one_fails_in_the_worker_as_in_the_module(
        arm, clean_env, run_playbook, tmp_path, repo_root):
    _proc, saved = _run(arm, clean_env, run_playbook, tmp_path, repo_root, [SECRET, WRONG_SECRET, SECRET])
    assert _outcomes(saved["loop_module"]) == [(False, None), (True, "AADSTS7000215"), (False, None)], saved
    assert _outcomes(saved["loop_here"]) == _outcomes(saved["loop_module"]), saved["loop_here"]


def test_inline_resources_answer_alike_and_keep_the_key_out_of_output_and_log(arm, clean_env, run_playbook,
                                                                              tmp_path, repo_root):
    proc, saved = _run(arm, clean_env, run_playbook, tmp_path, repo_root, [SECRET])
    here, module = saved["inline_here"], saved["inline_module"]
    assert not here.get("failed") and not module.get("failed"), (here, module)
    assert here["ansible_facts"] == module["ansible_facts"]
    assert here.get("warnings") == module.get("warnings")
    assert SHARED_KEY not in proc.stdout + proc.stderr
    assert SHARED_KEY not in json.dumps(saved)


def here_and_module(title, play_vars="", options=""):
    """A play that reads one connection twice with the same options: in the worker, then as the module (an
    ``environment`` leaves it to the module); ``play_vars``/``options``: lines of YAML for the play's vars and the
    task's options."""
    return """---
- name: %(title)s
  hosts: localhost
  connection: local
  gather_facts: false
%(play_vars)s  tasks:
    - name: Read here
      vpnalign.s2s.azure_vpn_facts: &auth
        resource_group: RG
        connection: %(connection)s
        subscription_id: "{{ lab.subscription }}"
        client_id: "{{ lab.client_id }}"
        tenant: "{{ lab.tenant }}"
        cloud_environment: "{{ lab.base_url }}"
        secret: "{{ lab_secret }}"
%(options)s      register: here
      ignore_errors: true
    - name: Read as the module
      vpnalign.s2s.azure_vpn_facts: *auth
      environment: {VPNALIGN_TEST_MARK: "1"}
      register: module
      ignore_errors: true
    - name: Save the results for the test
      ansible.builtin.copy:
        content: "{{ {'here': here, 'module': module} | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
""" % {"title": title, "play_vars": play_vars, "options": options, "connection": CONNECTION}


def test_a_vaulted_secret_reads_in_the_worker_as_in_the_module(arm, clean_env, run_playbook, tmp_path, repo_root):
    password = tmp_path / "vault-pass"
    password.write_text("r2-vault-pass-1234\n")
    vaulted = subprocess.run([os.path.join(repo_root, ".venv", "bin", "ansible-vault"), "encrypt_string",
                              "--vault-password-file", str(password), SECRET], capture_output=True, text=True,
                             check=True).stdout
    vaulted = vaulted.replace("\n", "\n      ")
    playbook = tmp_path / "vault.yml"
    playbook.write_text(here_and_module("A vaulted client secret", play_vars="  vars:\n    lab_secret: %s\n" % vaulted))
    result_file = tmp_path / "vault.json"
    env = dict(clean_env, AZURE_AUTHORITY_HOST=arm.authority, REQUESTS_CA_BUNDLE=arm.ca_file)
    lab = {"subscription": arm.subscription, "client_id": arm.client_id, "tenant": arm.tenant, "base_url": arm.base_url}
    proc = run_playbook(str(playbook), {"result_file": str(result_file), "lab": lab}, env=env,
                        args=["-vvv", "--vault-password-file", str(password)])
    saved = json.loads(result_file.read_text())
    assert not saved["module"].get("failed"), saved["module"]
    assert not saved["here"].get("failed"), saved["here"]
    assert saved["here"]["ansible_facts"] == saved["module"]["ansible_facts"]
    assert SECRET not in proc.stdout + proc.stderr


REFUSED_PLAYBOOK = """---
- name: Inline resources in a task AnsibleModule refuses
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Read with src and resources both
      vpnalign.s2s.azure_vpn_facts: {resources: "{{ inline }}", src: "{{ seed }}"}
      ignore_errors: true
"""


def test_a_refused_task_does_not_echo_the_inline_shared_key(run_playbook, tmp_path, repo_root):
    playbook = tmp_path / "refused.yml"
    playbook.write_text(REFUSED_PLAYBOOK)
    # the log outside the artifacts the secret scan reads: the test itself says whether the key is in it
    log = tmp_path / "ansible.log"
    proc = run_playbook(str(playbook), {"inline": _inline(repo_root), "seed": os.path.join(repo_root, SEED)},
                        args=["-vvv"], env={"ANSIBLE_LOG_PATH": str(log)})
    assert "mutually exclusive" in proc.stdout
    echoed = SHARED_KEY in proc.stdout + proc.stderr + log.read_text()
    assert not echoed, "the inline resources' shared key is echoed in the refused task's invocation (-vvv, log_path)"


def test_a_relative_ca_bundle_is_found_in_the_worker_as_the_module_finds_it(arm, clean_env, run_playbook, tmp_path):
    # a module on a local connection runs in the play's directory (ActionBase._low_level_execute_command sets the
    # local connection's cwd to the loader's basedir); the worker stays where ansible-playbook runs (the repository)
    with open(arm.ca_file) as handle:
        (tmp_path / "lab-ca.pem").write_text(handle.read())
    playbook = tmp_path / "ca.yml"
    playbook.write_text(here_and_module("A CA bundle next to the playbook", options="        ca_bundle: lab-ca.pem\n"))
    result_file = tmp_path / "ca.json"
    env = dict(clean_env, AZURE_AUTHORITY_HOST=arm.authority)
    lab = {"subscription": arm.subscription, "client_id": arm.client_id, "tenant": arm.tenant, "base_url": arm.base_url}
    run_playbook(str(playbook), {"result_file": str(result_file), "lab": lab, "lab_secret": SECRET}, env=env)
    saved = json.loads(result_file.read_text())
    assert not saved["module"].get("failed"), saved["module"].get("msg")
    assert not saved["here"].get("failed"), saved["here"].get("msg")
