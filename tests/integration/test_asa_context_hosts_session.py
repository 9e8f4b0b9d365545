# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two inventory hosts of one multi-context ASA (fw-admin, fw-cust1: the same ansible_host, port and user, one
vpnalign_asa_context each) share ONE persistent connection: ansible-core names its socket by address, port, user and
connection, not by inventory host. At forks 2 their reads would interleave on one SSH session (one host's
`changeto context` undoing the other's), so playbooks/check.yml refuses the run before anything is read, naming both
hosts and what to do (vpnalign.s2s.vpn_session_guard). At forks 1 each host's read ends (close_connection) before the
next one's starts: the second logs in again, both contexts are read, one report has both."""

import json
import os

from report_files_helpers import assert_not_run
from test_asa_live import SEED_CONFIG, load

# as tests/integration/test_asa_tunnel_context.py sets up the multi-context lab (imported by name, tests/unit's module of
# that name could shadow it): the system configuration defines the contexts
SYSTEM_CONFIG = ("ASA Version 9.16(4) <system>\nhostname gateway\nadmin-context admin\n"
                 "context admin\n config-url disk0:/admin.cfg\ncontext cust1\n config-url disk0:/cust1.cfg\n: end\n")
CONTEXTS = {"contexts": ["admin", "cust1"]}
SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")
# admin holds a tunnel of its own, to a peer the Azure export does not have (unpaired, expected: unpaired_ok)
ADMIN_CONFIG = SEED_CONFIG.replace("hostname gateway", "hostname admin").replace("203.0.113.20", "203.0.113.99")


def check(asa_lab_factory, run_playbook, tmp_path, forks):
    configs = {"cust1": SEED_CONFIG, "admin": ADMIN_CONFIG}
    lab = asa_lab_factory(SYSTEM_CONFIG, scenario=dict(CONTEXTS, context_configs=configs))
    hosts = {}
    for context in ("admin", "cust1"):
        host_vars = lab.ansible_host_vars(network_os="vpnalign.s2s.asa")
        host_vars["vpnalign_asa_context"] = context
        hosts["fw-" + context] = host_vars
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": hosts}}}}))
    out = tmp_path / "report"
    proc = run_playbook("playbooks/check.yml", {"azure_resources_file": os.path.join(SEED, "azure_resources.json"),
                                                "report_dir": str(out), "fail_on": "never",
                                                "unpaired_ok": True},
                        args=["-i", str(inventory), "--forks", str(forks)], check=False)
    assert "Traceback" not in proc.stdout + proc.stderr
    return lab, proc, out


def test_context_hosts_of_one_asa_at_forks_2_are_refused_before_anything_is_read(asa_lab_factory, run_playbook,
                                                                                 tmp_path):
    lab, proc, out = check(asa_lab_factory, run_playbook, tmp_path, 2)
    assert proc.rc != 0
    said = " ".join((proc.stdout + proc.stderr).split())
    assert "fw-admin, fw-cust1" in said and "would share one persistent connection" in said, said
    assert "--forks 1" in said and "serial: 1" in said and "ansible_user" in said
    assert lab.commands() == []  # no login went as far as a command: nothing read, nothing changed
    # the run stopped: report.json says it did not check (from the run's first task), no verdict of these hosts
    assert_not_run(out)


def test_context_hosts_of_one_asa_at_forks_1_are_read_one_after_the_other(asa_lab_factory, run_playbook, tmp_path):
    lab, proc, out = check(asa_lab_factory, run_playbook, tmp_path, 1)
    assert proc.rc == 0, proc.stdout + proc.stderr
    reads = [(e["session"], e.get("context")) for e in lab.commands() if e["command"] == "show running-config"]
    # each host read its own context on its own session (close_connection: the second host logged in again)
    assert [context for _session, context in reads] == ["admin", "cust1"], lab.commands()
    assert reads[0][0] != reads[1][0]
    for session in {s for s, _c in reads}:
        lines = lab.command_lines(session)
        assert lines[-1] == "changeto system"  # each session left where the login put it
    report = load(out / "report.json")
    assert [t["asa"]["host"] for t in report["tunnels"]] == ["fw-cust1"]
    assert "PFS_MISMATCH" in {f["code"] for f in report["tunnels"][0]["findings"]}
    assert "HOST_NOT_READ" not in json.dumps(report)
    assert "fw-admin" in json.dumps(report["unpaired"]), report["unpaired"]  # the admin context's end, read too
