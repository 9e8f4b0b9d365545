# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/align.yml with two inventory hosts of one multi-context ASA (fw-admin, fw-cust1: one login, one
vpnalign_asa_context each), on the SSH ASA lab and the ARM lab. They share one persistent connection (ansible-core
names it by address, port, user and connection): at forks 2 the align role's gather refuses the run before anything
is read or pushed; at forks 1 each host's gather and push end before the next host's, and the PFS line lands in cust1
only (tests/integration/test_asa_context_hosts_session.py: the same for playbooks/check.yml)."""

import json

import pytest

from test_align import SECRET, SEED_ARM, SEED_ASA, SET_PFS, run_playbook, writes
from arm_https.lab import start_arm_lab

# as tests/integration/test_asa_tunnel_context.py sets up the multi-context lab (imported by name, tests/unit's module of
# that name could shadow it): the system configuration defines the contexts
SYSTEM_CONFIG = ("ASA Version 9.16(4) <system>\nhostname gateway\nadmin-context admin\n"
                 "context admin\n config-url disk0:/admin.cfg\ncontext cust1\n config-url disk0:/cust1.cfg\n: end\n")
CONTEXTS = {"contexts": ["admin", "cust1"]}
# admin holds a tunnel of its own, to a peer Azure does not have (an unpaired end: nothing to align there)
ADMIN_ASA = SEED_ASA.replace("hostname gateway", "hostname admin").replace("203.0.113.20", "203.0.113.99")


@pytest.fixture
def labs(asa_lab_factory):
    asa = asa_lab_factory(SYSTEM_CONFIG, scenario=dict(CONTEXTS, context_configs={"cust1": SEED_ASA, "admin": ADMIN_ASA}))
    with start_arm_lab(SEED_ARM, client_secret=SECRET) as arm:
        yield asa, arm


def align(labs, tmp_path, forks):
    asa, arm = labs
    hosts = {}
    for context in ("admin", "cust1"):
        hosts["fw-" + context] = dict(asa.ansible_host_vars(network_os="vpnalign.s2s.asa"), vpnalign_asa_context=context)
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": hosts}}}}))
    variables = {"align_azure": {"resource_group": "RG"}, "align_to": "azure",
                 "align_report_dir": str(tmp_path / "out")}
    rc, output, summary, _report = run_playbook(str(inventory), arm, str(tmp_path), variables, ["--forks", str(forks)])
    assert "Traceback (most recent call last)" not in output
    return rc, output, summary


def configured(asa):
    return [(e.get("context"), e["command"]) for e in asa.commands() if e["mode"].startswith("config")]


def test_align_refuses_context_hosts_of_one_asa_at_forks_2_before_anything_is_read(labs, tmp_path):
    asa, arm = labs
    rc, output, summary = align(labs, tmp_path, 2)
    said = " ".join(output.split())
    assert rc != 0 and "fw-admin, fw-cust1" in said and "would share one persistent connection" in said, output[-4000:]
    assert asa.commands() == [] and writes(arm) == []
    assert summary is None


def test_align_at_forks_1_pushes_in_the_context_of_each_host(labs, tmp_path):
    asa, arm = labs
    rc, output, summary = align(labs, tmp_path, 1)
    assert "prompt shows" not in output, output[-6000:]
    assert configured(asa) == [("cust1", SET_PFS), ("cust1", "end")], output[-6000:]
    assert SET_PFS in asa.running_config("cust1") and SET_PFS not in asa.running_config("admin")
    assert summary is not None and [(c["side"], c["changed"]) for c in summary["changes"]] == [("asa", True)]
    assert writes(arm) == []
    reads = [e.get("context") for e in asa.commands() if e["command"] == "show running-config"]
    assert {"admin", "cust1"} <= set(reads), reads
    del rc  # admin's unpaired end may fail the gate; what was pushed where is the point here
