# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel on a multi-context ASA, through ansible-playbook and network_cli against the SSH ASA lab
(tests/lab/README.md: `contexts`, `login_context`, `changeto_stays`): a push with `context` lands in that context
and the session returns where the login put it (a later task on the same connection reads there); a push whose
prompt shows another context than the one asked for, or without `context` in the system execution space, is
refused with nothing sent; after a dropped connection the undo runs in the context again."""

import json
import os

import pytest

from test_asa_live import SEED_CONFIG, TERMINAL_SETUP, load

# the system configuration defines the contexts (`admin-context`, `context`): what tells the system execution space
SYSTEM_CONFIG = ("ASA Version 9.16(4) <system>\nhostname gateway\nadmin-context admin\n"
                 "context admin\n config-url disk0:/admin.cfg\ncontext cust1\n config-url disk0:/cust1.cfg\n: end\n")
CONTEXTS = {"contexts": ["admin", "cust1"], "context_configs": {"cust1": SEED_CONFIG, "admin": "hostname admin\n: end\n"}}
PFS = dict(crypto_map="CRYPTO-MAP", seq=2, pfs_group=19)
PFS_LINE = "crypto map CRYPTO-MAP 2 set pfs group19"


def push_then_read(tmp_path, push_args):
    """One play, one persistent connection: asa_vpn_tunnel, then asa_vpn_facts without context."""
    tasks = [{"name": "push", "vpnalign.s2s.asa_vpn_tunnel": push_args, "register": "one", "ignore_errors": True},
             {"name": "read", "vpnalign.s2s.asa_vpn_facts": {}, "register": "two", "ignore_errors": True}]
    for name in ("one", "two"):
        tasks.append({"name": "write " + name, "delegate_to": "localhost", "ansible.builtin.copy": {
            "content": "{{ %s | to_json }}" % name, "dest": str(tmp_path / (name + ".json"))}})
    (tmp_path / "pb.yml").write_text(json.dumps([{"name": "live", "hosts": "asa", "gather_facts": False, "tasks": tasks}]))
    return str(tmp_path / "pb.yml")


def run(asa_lab_factory, run_playbook, tmp_path, push_args, **scenario):
    lab = asa_lab_factory(SYSTEM_CONFIG, scenario=dict(CONTEXTS, **scenario))
    before = {name: lab.running_config(name) for name in (None, "admin", "cust1")}
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa")
    proc = run_playbook(push_then_read(tmp_path, push_args), args=["-i", inventory])
    assert "Traceback" not in proc.stdout + proc.stderr
    return lab, before, load(tmp_path / "one.json"), load(tmp_path / "two.json")


def configured(lab):
    """(context, command) of every line the lab took in a configuration mode."""
    return [(entry.get("context"), entry["command"]) for entry in lab.commands() if entry["mode"].startswith("config")]


@pytest.mark.parametrize("login_context,back", [(None, "changeto system"), ("admin", "changeto context admin")])
def test_a_push_with_context_lands_there_and_the_session_returns(asa_lab_factory, run_playbook, tmp_path,
                                                                 login_context, back):
    lab, before, one, two = run(asa_lab_factory, run_playbook, tmp_path, dict(PFS, context="cust1"),
                                login_context=login_context)
    assert not one.get("failed"), one
    assert one["changed"] is True and one["commands"] == [PFS_LINE]
    assert one["changeto"] == ["changeto context cust1", back]
    assert configured(lab) == [("cust1", PFS_LINE), ("cust1", "end")]
    assert PFS_LINE in lab.running_config("cust1")
    assert lab.running_config(None) == before[None] and lab.running_config("admin") == before["admin"]
    # the next task on the same connection, without context, read where the login put the session (in the system
    # execution space that read fails: no context of the ASA was read)
    entries = [(e["command"], e.get("context")) for e in lab.commands()]
    if login_context is None:
        assert two["failed"] is True and "system execution space" in two["msg"], two
        assert entries[-1] == ("show running-config", None)
    else:
        assert not two.get("failed"), two
        assert two["ansible_facts"]["vpnalign_asa"]["host"] == "admin"
        assert entries[-2:] == [("show running-config", "admin"), ("show failover", "admin")]


def test_a_push_refused_when_the_prompt_shows_another_context_sends_nothing(asa_lab_factory, run_playbook, tmp_path):
    """`changeto context cust1` answered as taken, the prompt still `gateway/admin#`: nothing is read or configured in
    admin, and the task says where the session is."""
    lab, before, one, _two = run(asa_lab_factory, run_playbook, tmp_path, dict(PFS, context="cust1"),
                                 login_context="admin", changeto_stays=["^changeto context cust1$"])
    assert one["failed"] is True
    assert "prompt shows context admin, not context cust1" in one["msg"], one["msg"]
    assert "no configuration command was sent" in one["msg"]
    assert lab.command_lines()[:len(TERMINAL_SETUP) + 1] == TERMINAL_SETUP + ["changeto context cust1"]
    assert "configure terminal" not in lab.command_lines() and configured(lab) == []
    assert {name: lab.running_config(name) for name in before} == before


def test_without_context_the_system_execution_space_gets_nothing(asa_lab_factory, run_playbook, tmp_path):
    """The login put the session in the system execution space (`gateway#`), which has no crypto configuration of its
    own: the push fails naming it, after one `show running-config`."""
    lab, before, one, _two = run(asa_lab_factory, run_playbook, tmp_path, dict(PFS))
    assert one["failed"] is True and one["changed"] is False
    assert "system execution space" in one["msg"] and "set context" in one["msg"], one["msg"]
    assert lab.command_lines()[len(TERMINAL_SETUP):len(TERMINAL_SETUP) + 2] == ["show running-config", "show running-config"]
    assert "configure terminal" not in lab.command_lines() and configured(lab) == []
    assert {name: lab.running_config(name) for name in before} == before


def test_after_a_dropped_connection_the_undo_runs_in_the_context(asa_lab_factory, run_playbook, tmp_path):
    """The connection drops after the line is applied; the new login lands in the system execution space; the module
    changes to cust1 again before it undoes the line and reads the config back."""
    lab, before, one, _two = run(asa_lab_factory, run_playbook, tmp_path, dict(PFS, context="cust1"),
                                 drop_after_config_lines=1)
    assert one["failed"] is True and "every change was undone" in one["msg"], one["msg"]
    assert one["changeto"] == ["changeto context cust1", "changeto context cust1", "changeto system"]
    assert [context for context, _command in configured(lab)] == ["cust1"] * len(configured(lab))
    assert ("cust1", "no " + PFS_LINE) in configured(lab)
    assert {name: lab.running_config(name) for name in before} == before


def test_check_playbook_reads_the_context_the_inventory_host_names(asa_lab_factory, run_playbook, tmp_path):
    """playbooks/check.yml passes an ASA host's vpnalign_asa_context to asa_vpn_facts, as the align role does for its
    read and push: the check reads the context align would change (it read where the login put the session)."""
    lab = asa_lab_factory(SYSTEM_CONFIG, scenario=dict(CONTEXTS, login_context="admin"))
    host_vars = lab.ansible_host_vars(network_os="vpnalign.s2s.asa")
    host_vars["vpnalign_asa_context"] = "cust1"
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": {"fw": host_vars}}}}}))
    out = tmp_path / "report"
    seed = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")
    run_playbook("playbooks/check.yml", {"azure_resources_file": os.path.join(seed, "azure_resources.json"),
                                         "report_dir": str(out), "fail_on": "never"}, args=["-i", str(inventory)])
    report = load(out / "report.json")
    assert [t["asa"]["host"] for t in report["tunnels"]] == ["fw"] and report["unpaired"] == []
    assert "PFS_MISMATCH" in {f["code"] for f in report["tunnels"][0]["findings"]}
    entries = [(e["command"], e.get("context")) for e in lab.commands()]
    assert ("show running-config", "cust1") in entries and ("show running-config", "admin") not in entries
    assert lab.command_lines()[-1] == "changeto context admin"  # back where the login put the session


def test_check_fails_a_host_read_in_the_system_execution_space(asa_lab_factory, run_playbook, tmp_path):
    """An ASA host without vpnalign_asa_context whose login lands in the system execution space: none of its contexts
    was read, so the host is not read (HOST_NOT_READ naming the variable and the contexts) and the gate fails, also
    next to another ASA that holds a tunnel (review E1: a note only, and the run passed at fail_on=warning)."""
    ctx = asa_lab_factory(SYSTEM_CONFIG, scenario=CONTEXTS)
    branch = asa_lab_factory(SEED_CONFIG)
    hosts = {"fw-ctx": ctx.ansible_host_vars(network_os="vpnalign.s2s.asa"),
             "branch": branch.ansible_host_vars(network_os="vpnalign.s2s.asa")}
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": hosts}}}}))
    out = tmp_path / "report"
    seed = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")
    proc = run_playbook("playbooks/check.yml", {"azure_resources_file": os.path.join(seed, "azure_resources.json"),
                                                "report_dir": str(out), "fail_on": "warning", "unpaired_ok": True},
                        args=["-i", str(inventory)], check=False)
    assert proc.rc != 0 and "Not read: ASA fw-ctx" in proc.stdout, proc.stdout[-3000:]
    report = load(out / "report.json")
    unread = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "HOST_NOT_READ"]
    assert len(unread) == 1 and "ASA fw-ctx was not read" in unread[0]["summary"], unread
    assert "system execution space" in unread[0]["summary"] and "vpnalign_asa_context" in unread[0]["summary"]
    assert "(admin, cust1)" in unread[0]["summary"], unread[0]["summary"]
    assert ctx.command_lines()[len(TERMINAL_SETUP):] == ["show running-config"]  # nothing more was sent
