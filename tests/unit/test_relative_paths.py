# -*- coding: utf-8 -*-
"""A relative path given to asa_vpn_facts, azure_vpn_facts, vpn_compat_check or vpn_evidence is found the same way
(plugin_utils/controller_paths.py), as copy src finds its file: the role's files/ and the role, then the playbook's
directory (and its files/), then the directory ansible-playbook runs in. Review C3: in one play, asa_vpn_facts and
vpn_compat_check read from the directory ansible-playbook runs in and azure_vpn_facts and vpn_evidence from the
playbook's directory, so a path that worked for one failed with "No such file" for the other."""

import os
import shutil
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = os.path.join(ROOT, "examples", "seed-asa-azure-pfs")
SEED_REL = os.path.join("examples", "seed-asa-azure-pfs")  # relative to ROOT, where ansible-playbook runs
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

PLAY = """- hosts: localhost
  gather_facts: false
  tasks:
    - name: {base} asa_vpn_facts
      vpnalign.s2s.asa_vpn_facts: {{src: {asa}}}
    - name: {base} azure_vpn_facts
      vpnalign.s2s.azure_vpn_facts: {{src: {azure}}}
    - name: {base} vpn_compat_check
      vpnalign.s2s.vpn_compat_check:
        asa_config_files: {asa}
        azure_resources_files: {azure}
        evidence: {{asa_debug: [{debug}]}}
        report_dir: {out}
      register: check
    - name: {base} vpn_evidence
      vpnalign.s2s.vpn_evidence: {{report: {out}/report.json, debug: {debug}}}
    - name: all four read them
      ansible.builtin.assert:
        that:
          - vpnalign_asa.host == 'gateway'
          - vpnalign_azure.tunnels | length > 0
          - check.evidence is defined
"""


def _seed_copies(directory):
    os.makedirs(directory, exist_ok=True)
    shutil.copy(os.path.join(SEED, "asa_running_config.txt"), os.path.join(directory, "asa.txt"))
    shutil.copy(os.path.join(SEED, "azure_resources.json"), os.path.join(directory, "azure.json"))
    shutil.copy(os.path.join(SEED, "debug_crypto_ikev2.txt"), os.path.join(directory, "debug.txt"))


def _run(tmp_path, playbook):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"))
    done = subprocess.run([ANSIBLE_PLAYBOOK, str(playbook)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    return done.returncode, done.stdout + done.stderr


def test_every_module_finds_a_relative_path_as_copy_src_does_then_where_ansible_playbook_runs(tmp_path):
    """ansible-playbook runs in the checkout; the playbook is elsewhere. Three plays: files next to the playbook, files
    in a role's files/, and files only under the checkout (playbooks/check.yml -e asa_config_file=examples/..., an AWX
    job's project checkout keep working)."""
    pb = tmp_path / "pb"
    _seed_copies(str(pb))
    _seed_copies(str(pb / "roles" / "readall" / "files"))
    for name in ("asa.txt", "azure.json", "debug.txt"):  # the role's own files are taken, not the playbook's
        os.rename(str(pb / "roles" / "readall" / "files" / name), str(pb / "roles" / "readall" / "files" / ("r-" + name)))
    role_tasks = PLAY.format(base="role files", asa="r-asa.txt", azure="r-azure.json", debug="r-debug.txt",
                             out=tmp_path / "out-role").split("  tasks:\n", 1)[1]
    os.makedirs(str(pb / "roles" / "readall" / "tasks"))
    (pb / "roles" / "readall" / "tasks" / "main.yml").write_text(
        "\n".join(line[4:] for line in role_tasks.splitlines()) + "\n", encoding="utf-8")
    plays = [PLAY.format(base="playbook dir", asa="asa.txt", azure="azure.json", debug="debug.txt",
                         out=tmp_path / "out-pb"),
             "- hosts: localhost\n  gather_facts: false\n  roles: [readall]\n",
             PLAY.format(base="working dir", asa=os.path.join(SEED_REL, "asa_running_config.txt"),
                         azure=os.path.join(SEED_REL, "azure_resources.json"),
                         debug=os.path.join(SEED_REL, "debug_crypto_ikev2.txt"), out=tmp_path / "out-cwd")]
    playbook = pb / "play.yml"
    playbook.write_text("\n".join(plays), encoding="utf-8")
    rc, output = _run(tmp_path, playbook)
    assert rc == 0, output
    assert "No such file" not in output
    assert output.count("all four read them]") == 3, output
