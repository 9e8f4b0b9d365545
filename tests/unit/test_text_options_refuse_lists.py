# -*- coding: utf-8 -*-
"""A list (or a mapping, true/false, a fraction) given where a path or a name is expected is refused naming the option,
before anything is read or written, as asa_vpn_tunnel refuses it (module_utils/raw_options.text_options_error, in the
action plugins). Review C4: ansible-core's str and path types made text of it - vpn_compat_check report_dir:
[/tmp/x] wrote the reports to a directory named "['/tmp/x']", asa_vpn_facts host: [a, b] named the ASA "['a', 'b']",
and src: [file] failed as a missing file."""

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import ARGUMENT_SPEC as CHECK_SPEC
from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import text_options_error

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = os.path.join(ROOT, "examples", "seed-asa-azure-pfs")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

TASKS = [
    ("vpn_compat_check", {"asa_config_files": SEED + "/asa_running_config.txt",
                          "azure_resources_files": SEED + "/azure_resources.json", "report_dir": ["{out}"]},
     "vpn_compat_check: report_dir must be text, got a list; nothing was read or written"),
    ("vpn_compat_check", {"asa_config_files": SEED + "/asa_running_config.txt",
                          "azure_resources_files": SEED + "/azure_resources.json",
                          "evidence": {"asa_debug": [[SEED + "/debug_crypto_ikev2.txt"]]}},
     "vpn_compat_check: evidence.asa_debug[0] must be a path (text), got a list; nothing was read or written"),
    ("asa_vpn_facts", {"src": SEED + "/asa_running_config.txt", "host": ["a", "b"]},
     "asa_vpn_facts: host must be text, got a list; nothing was read"),
    ("asa_vpn_facts", {"src": [SEED + "/asa_running_config.txt"]},
     "asa_vpn_facts: src must be a path (text), got a list; nothing was read"),
    ("azure_vpn_facts", {"src": [SEED + "/azure_resources.json"]},
     "azure_vpn_facts: src must be a path (text), got a list; nothing was run"),
    ("azure_vpn_connection", {"name": ["UKSouth-HQ-S2S"], "resource_group": "RG"},
     "azure_vpn_connection: name must be text, got a list; nothing was run"),
    ("vpn_evidence", {"report": "{out}/report.json", "tunnel": ["UKSouth-HQ-S2S"]},
     "vpn_evidence: tunnel must be text, got a list; nothing was run"),
]


def test_each_module_refuses_a_list_for_a_path_or_a_name_naming_the_option(tmp_path):
    out = str(tmp_path / "reports")
    tasks = []
    for number, (module, args, _msg) in enumerate(TASKS):
        args = json.loads(json.dumps(args).replace("{out}", out))
        tasks.append({"name": "task %d" % number, "vpnalign.s2s." + module: args, "register": "r%d" % number,
                      "ignore_errors": True})
    results = "[%s]" % ", ".join("r%d" % number for number in range(len(TASKS)))
    tasks.append({"name": "save the results", "ansible.builtin.copy": {
        "content": "{{ %s | to_json }}" % results, "dest": str(tmp_path / "results.json")}})
    playbook = tmp_path / "play.yml"
    playbook.write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]), encoding="utf-8")
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"))
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run([ANSIBLE_PLAYBOOK, str(playbook)], cwd=str(work), env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(str(tmp_path / "results.json"), encoding="utf-8") as handle:
        results = json.load(handle)
    for (module, _args, msg), result in zip(TASKS, results):
        assert result.get("failed") and result.get("msg") == msg, (module, result)
    # nothing written: no report directory named after a Python list, nor the one the list held
    assert os.listdir(str(work)) == [] and not os.path.exists(out)


@pytest.mark.parametrize("args,error", [
    ({"report_dir": {"path": "/tmp/x"}}, "report_dir must be text, got a mapping"),
    ({"run_id": True}, "run_id must be text, got true/false"),
    ({"asa_hosts": ["fw1", ["fw2"]]}, "asa_hosts[1] must be text, got a list"),
    ({"evidence": {"tunnel": [{"name": "x"}]}}, "evidence.tunnel[0] must be text, got a mapping"),
])
def test_the_option_and_what_was_given_are_named(args, error):
    assert text_options_error(args, CHECK_SPEC) == error


@pytest.mark.parametrize("args", [{"report_dir": "/tmp/x"}, {"run_id": 20261206}, {"fail_on": ["error"]},
                                  {"asa_hosts": ["fw1", 7]}, {"asa_config_files": ["a", "b"]}])
def test_text_numbers_raw_options_and_options_with_choices_are_left_to_their_own_checks(args):
    assert text_options_error(args, CHECK_SPEC) is None
