# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel ``tunnels`` on a config whose VPN part is small beside the rest (a hub among thousands of ACL lines,
issue 12): each end reads back its own sections, not the whole config; the batch reads the whole config once more at
its end and checks every end on it; another session's changes are still found, in the parts and outside them."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_asa_tunnel import run_tunnel  # noqa: E402  pylint: disable=wrong-import-position

SPOKES = (1, 2, 3)
FILLER = 5200  # ACL lines outside every end's parts (config_parts.ROUND_TRIP_LINES): reading the crypto map section is cheaper


def hub_config(pfs=()):
    """A crypto map hub of three spokes (``pfs``: the spokes that already have PFS group 19) and an unrelated ACL."""
    lines = ["hostname hub", "interface GigabitEthernet0/0", " nameif outside", " security-level 0",
             " ip address 198.51.100.10 255.255.255.248",
             "crypto ipsec ikev2 ipsec-proposal AZ", " protocol esp encryption aes-gcm-256", " protocol esp integrity null"]
    lines += ["access-list WEB-IN extended permit tcp any host 192.0.%d.%d eq 443" % (n // 250, n % 250 + 1)
              for n in range(FILLER)]
    for spoke in SPOKES:
        lines.append("access-list SPOKE-%d extended permit ip 10.%d.0.0 255.255.0.0 172.16.%d.0 255.255.255.0"
                     % (spoke, spoke, spoke))
    for spoke in SPOKES:
        entry = "crypto map HUB %d " % (10 * spoke)
        lines += [entry + "match address SPOKE-%d" % spoke, entry + "set peer 203.0.113.%d" % spoke]
        if spoke in pfs:
            lines.append(entry + "set pfs group19")
        lines.append(entry + "set ikev2 ipsec-proposal AZ")
    lines += ["crypto map HUB interface outside", "crypto ikev2 policy 1", " encryption aes-256", " integrity sha256",
              " group 14", " prf sha256", " lifetime seconds 28800", "crypto ikev2 enable outside"]
    for spoke in SPOKES:
        lines += ["tunnel-group 203.0.113.%d type ipsec-l2l" % spoke]
    return "\n".join(lines) + "\n"


PFS_ENDS = dict(tunnels=[dict(name="spoke-%d" % s, crypto_map="HUB", seq=10 * s, pfs_group=19) for s in SPOKES])


def full_reads(lab):
    return lab.command_lines().count("show running-config")


def test_the_ends_of_a_big_config_read_back_their_sections_and_the_batch_the_whole_config_once(
        asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(hub_config())
    result, proc = run_tunnel(run_playbook, lab, tmp_path, dict(PFS_ENDS, save_when="changed"))
    assert result["changed"] is True and not result.get("failed"), result.get("msg")
    wanted = [["crypto map HUB %d set pfs group19" % (10 * s)] for s in SPOKES]
    assert [r["commands"] for r in result["results"]] == wanted
    text = lab.running_config()
    assert all("crypto map HUB %d set pfs group19" % (10 * s) in text for s in SPOKES)
    # one read at the start, the last end's read-back; three before (each end read the whole config back)
    assert full_reads(lab) == 2
    # the first two ends read back the crypto map section, which the next end, touching only that section, is
    # planned on and pushed after without reading it again (the last end reads back the whole config)
    assert lab.command_lines().count("show running-config crypto map") == 2
    assert lab.command_lines().count("write memory") == 1
    assert "concurrent_changes" not in result and "another session" not in proc.stdout
    # the ends go on in configuration mode (two round trips an end fewer), the reads between them made there; the
    # batch's `end` comes before `write memory`, in privileged EXEC as on a single push
    modes = [(e["command"], e["mode"]) for e in lab.commands()
             if e["command"] in ("configure terminal", "end", "write memory", "show running-config crypto map")]
    assert modes == [("configure terminal", "enable"), ("show running-config crypto map", "config"),
                     ("show running-config crypto map", "config"), ("end", "config"), ("write memory", "enable")], modes

    lab.clear_log()
    again, _proc = run_tunnel(run_playbook, lab, tmp_path, PFS_ENDS, name="again")
    assert again["changed"] is False and full_reads(lab) == 1


def test_a_session_undoing_an_earlier_end_fails_that_end_at_the_closing_read_and_nothing_is_saved(
        asa_lab_factory, run_playbook, tmp_path):
    """Spoke 1's change is read back and in place; then, while spoke 2 is pushed, another administrator removes it.
    The batch's closing read finds spoke 1 no longer as desired: that end fails with what is still to send, and no
    write memory saves a config the task did not leave."""
    writer = {"after": r"^crypto map HUB 20 set pfs group19$", "lines": ["no crypto map HUB 10 set pfs group19"]}
    lab = asa_lab_factory(hub_config(), scenario={"writers": [writer]})
    result, proc = run_tunnel(run_playbook, lab, tmp_path, dict(PFS_ENDS, save_when="changed"), fails=True)
    first, second, third = result["results"]
    assert first["failed"] is True and first["still_to_send"] == ["crypto map HUB 10 set pfs group19"]
    assert "no longer holds it" in first["msg"]
    assert [r["saved"] for r in (second, third)] == [False, False] and "not saved: spoke-1" in second["msg"]
    assert "- crypto map HUB 10 set pfs group19" in second["concurrent_changes"], "seen in the section read back"
    assert "spoke-1:" in result["msg"]
    assert "write memory" not in lab.command_lines()
    assert "crypto map HUB 10 set pfs group19" not in lab.running_config(), "their change is kept, not pushed over"
    assert "another session changed" in proc.stdout


def test_a_change_outside_every_end_is_reported_by_the_closing_read(asa_lab_factory, run_playbook, tmp_path):
    """The last end has nothing to change, so the batch reads the whole config once more to check the ends before
    it: an ACL line another administrator added meanwhile is reported for the task."""
    theirs = "access-list WEB-IN extended permit tcp any host 192.0.9.9 eq 22"
    writer = {"after": r"^crypto map HUB 10 set pfs group19$", "lines": [theirs]}
    lab = asa_lab_factory(hub_config(pfs=(3,)), scenario={"writers": [writer]})
    result, proc = run_tunnel(run_playbook, lab, tmp_path, PFS_ENDS)
    assert result["changed"] is True and not result.get("failed"), result.get("msg")
    assert result["results"][2]["changed"] is False
    assert result["concurrent_changes"] == ["+ " + theirs]
    assert full_reads(lab) == 2
    assert "another session changed 1 line(s)" in proc.stdout


def test_a_session_changing_an_ends_part_after_it_was_read_stops_that_end_before_it_sends(
        asa_lab_factory, run_playbook, tmp_path):
    """Another administrator sets spoke 3's PFS right after spoke 1's read-back; spoke 2 has nothing to change. Spoke
    3, planned on the tree spoke 1 left, re-reads its section before its first line (no end read it just before),
    finds its entry changed and sends nothing: their group stays. The config is not read whole for that."""
    writer = {"after": r"^show running-config crypto map$", "lines": ["crypto map HUB 30 set pfs group14"]}
    lab = asa_lab_factory(hub_config(pfs=(2,)), scenario={"writers": [writer]})
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, PFS_ENDS, fails=True)
    first, second, third = result["results"]
    assert first["changed"] is True and not first.get("failed") and second["changed"] is False
    assert third["failed"] is True and third["changed"] is False
    assert "another session changed `crypto map HUB 30`" in third["msg"] and "nothing was sent" in third["msg"]
    text = lab.running_config()
    assert "crypto map HUB 30 set pfs group14" in text and "crypto map HUB 30 set pfs group19" not in text
    assert "crypto map HUB 10 set pfs group19" in text
    # the read at the start, and the batch's closing read that checks spoke 1 (spoke 3 ended before its read-back)
    assert full_reads(lab) == 2 and "spoke-1" not in result["msg"]


def test_a_long_push_says_each_end_as_it_is_done_and_runs_in_the_worker(asa_lab_factory, run_playbook, tmp_path):
    """A hub's ends in one task take minutes on a device (issue 12: progress during long runs): at -v each end is said
    as it is done, with its outcome. The live push runs in Ansible's worker (the action plugin), not in a module
    process per ASA: no AnsiballZ payload is built or run for it."""
    lab = asa_lab_factory(hub_config(pfs=(2,)))
    result, proc = run_tunnel(run_playbook, lab, tmp_path, PFS_ENDS)
    assert result["changed"] is True and not result.get("failed"), result.get("msg")
    said = [line.split(": ", 2)[2] for line in proc.stdout.splitlines() if line.startswith("asa_vpn_tunnel: ")]
    assert [line.split(", ")[:2] for line in said] == [
        ["end 1 of 3 (spoke-1): changed", "1 command(s)"],
        ["end 2 of 3 (spoke-2): ok", "0 command(s)"],
        ["end 3 of 3 (spoke-3): changed", "1 command(s)"]], proc.stdout[-3000:]
    assert "AnsiballZ_asa_vpn_tunnel" not in proc.stdout + proc.stderr


def _progress_lines(proc):
    return [line for line in proc.stdout.splitlines() if line.startswith("asa_vpn_tunnel: ")]


def test_a_task_timeout_runs_the_module_so_the_push_is_never_cut_off_mid_transaction(
        asa_lab_factory, run_playbook, tmp_path):
    """Ansible ends a task past its `timeout` by an exception raised in the worker, which no rollback sees: lines sent
    would stay and the session be left in configuration mode. With a timeout the push runs as the module, which
    finishes or undoes on its own (review of the action plugin)."""
    lab = asa_lab_factory(hub_config())
    result, proc = run_tunnel(run_playbook, lab, tmp_path, PFS_ENDS, keywords={"timeout": 300})
    assert result["changed"] is True and not result.get("failed"), result.get("msg")
    assert "AnsiballZ_asa_vpn_tunnel" in proc.stdout + proc.stderr and _progress_lines(proc) == []
    assert all("crypto map HUB %d set pfs group19" % (10 * s) in lab.running_config() for s in SPOKES)


def test_no_log_keeps_the_ends_names_out_of_the_progress_lines(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(hub_config())
    _result, proc = run_tunnel(run_playbook, lab, tmp_path, PFS_ENDS, keywords={"no_log": True})
    assert _progress_lines(proc) == []
    assert all("crypto map HUB %d set pfs group19" % (10 * s) in lab.running_config() for s in SPOKES)


ITEM_KEY = "Item-Key-In-Clear-7"


def test_a_key_in_an_item_is_masked_when_ansible_refuses_the_tasks_options(run_playbook, tmp_path):
    """A key put in an item (refused there) was masked by the module only once AnsibleModule's own checks had passed:
    a task they refuse (here a save_when it does not know) echoed the items, key and all, in its result."""
    out = tmp_path / "r.json"
    playbook = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"vpnalign.s2s.asa_vpn_tunnel": {
            "tunnels": [{"name": "a", "crypto_map": "HUB", "seq": 10, "pre_shared_key": ITEM_KEY}],
            "save_when": "sometimes", "running_config": hub_config()},
         "register": "r", "ignore_errors": True},
        {"ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}}]}]
    path = tmp_path / "refused.yml"
    path.write_text(json.dumps(playbook))
    proc = run_playbook(str(path), args=["-vvv"])
    result = json.loads(out.read_text())
    assert result["failed"] is True and "save_when" in result["msg"]
    assert ITEM_KEY not in proc.stdout + proc.stderr and ITEM_KEY not in out.read_text()


def _new_spoke(number, ike):
    return dict(name="new-%d" % number, crypto_map="HUB", seq=100 + number, interface="outside",
                peer="198.51.100.%d" % number, local_networks=["10.%d.0.0/16" % (50 + number)],
                remote_networks=["172.20.%d.0/24" % number], ike=ike,
                esp={"encryption": ["AES-GCM-256"]}, pfs_group=19)


NEW_SPOKES = dict(tunnels=[
    _new_spoke(1, {"encryption": ["AES-GCM-256"], "prf": ["SHA384"], "dh_groups": [20], "lifetime_seconds": 28800}),
    _new_spoke(2, {"encryption": ["AES-CBC-256"], "integrity": ["SHA384"], "dh_groups": [19], "lifetime_seconds": 28800}),
    dict(_new_spoke(1, {"encryption": ["AES-GCM-256"], "prf": ["SHA384"], "dh_groups": [20], "lifetime_seconds": 28800}),
         name="new-1-again"),
])


def test_check_mode_and_offline_show_the_commands_the_push_then_sends(asa_lab_factory, run_playbook, tmp_path):
    """Planned on the config before them, every end of a check-mode or offline batch took the first free IKEv2 policy
    priority: both new spokes showed `crypto ikev2 policy 2`, and pasted, the second's lines rewrote the first's
    policy. Each end is now planned on what the ends before would leave, as the push plans it on what they left."""
    lab = asa_lab_factory(hub_config())
    checked, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_SPOKES, check_mode=True, name="check")
    offline, _proc = run_tunnel(run_playbook, lab, tmp_path, dict(NEW_SPOKES, running_config=lab.running_config()),
                                name="offline")
    assert lab.command_lines().count("configure terminal") == 0, "check mode and offline send nothing"
    pushed, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_SPOKES, name="push")
    assert not pushed.get("failed"), pushed.get("msg")
    sent = [r["commands"] for r in pushed["results"]]
    assert [r["commands"] for r in checked["results"]] == sent
    assert [r["commands"] for r in offline["results"]] == sent
    policies = [line for line in pushed["commands"] if line.startswith("crypto ikev2 policy ")]
    assert policies == ["crypto ikev2 policy 2", "crypto ikev2 policy 3"]
    assert sent[2] == [], "the third end asks for what the first put in"
    again, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_SPOKES, name="again")
    assert again["changed"] is False
