# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel pushes as transactions, on the ASA SSH lab with its faults armed: a refused
rollback line, a connection dropped mid-push (back, or gone for good), a line the device never
answers, another administrator writing between the plan and the push or midway, and two runs
at once. Each ends with the device equal to before, or with a result that lists exactly what is
left - checked against the lab's own config."""

import json
import re
import threading
import time

import pytest

from asa_ssh import lab_config
from test_asa_tunnel import BASE, NEW_TUNNEL, PSK, SEED_CONFIG


# The case on the seed tunnel: the crypto ACL replaced, the ESP changed, a new IKEv2 policy,
# NAT exemption object-groups and rule, PFS.
RESHAPE = dict(
    crypto_map="CRYPTO-MAP", seq=2, acl="uksouth-s2s-acl", ipsec_proposal="UKSouth",
    local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16", "172.17.0.0/16"],
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"]}, pfs_group=19,
    nat_exemption={"inside_interface": "LAN"},
)
# A second tunnel on BASE (an entry of the same crypto map: one map per interface) that, like NEW_TUNNEL,
# needs an IKEv2 policy of its own (priority 1 when alone).
OTHER_TUNNEL = dict(
    crypto_map="AZ", seq=20, interface="outside", peer="203.0.113.21",
    local_networks=["10.2.0.0/16"], remote_networks=["172.18.0.0/16"],
    ike={"encryption": ["AES-CBC-128"], "integrity": ["SHA384"], "dh_groups": [19], "lifetime_seconds": 3600},
    esp={"encryption": ["AES-GCM-128"]}, pfs_group=0, pre_shared_key=PSK,
)


def run(run_playbook, lab, tmp_path, args, name="t", check_mode=False, **hostvars):
    """One asa_vpn_tunnel task through ansible-playbook; (result, output)."""
    inventory = lab.write_inventory(tmp_path / ("%s-inv.json" % name), network_os="vpnalign.s2s.asa", **hostvars)
    out = tmp_path / ("%s.json" % name)
    playbook = [{"name": "tunnel", "hosts": "asa", "gather_facts": False, "tasks": [
        {"name": "tunnel", "vpnalign.s2s.asa_vpn_tunnel": args, "register": "r", "ignore_errors": True},
        {"name": "save", "delegate_to": "localhost", "check_mode": False,
         "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
    ]}]
    path = tmp_path / ("%s.yml" % name)
    path.write_text(json.dumps(playbook))
    proc = run_playbook(str(path), args=["-i", inventory, "-vvv"] + (["--check"] if check_mode else []), check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert PSK not in output, "the pre-shared key leaked into the output"
    assert "Traceback" not in output and "MODULE FAILURE" not in output, output[-4000:]
    return json.loads(out.read_text()), output


def blocks(text):
    """{top-level line: sorted children} of a config text, as the collection compares them."""
    found, parent = {}, None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith(("!", ":")):
            continue
        if raw.startswith(" ") and parent is not None:
            found[parent].append(raw.strip())
        else:
            parent = raw.strip()
            found[parent] = []
    return {p: sorted(c) for p, c in found.items()}


def difference(before, after):
    """(lines added, lines gone) between two configs, each line as (parent, child-or-None)."""
    old, new = blocks(before), blocks(after)
    added = {(p, None) for p in new if p not in old} | {(p, c) for p in new for c in new[p] if c not in old.get(p, [])}
    gone = {(p, None) for p in old if p not in new} | {(p, c) for p in old for c in old[p] if c not in new.get(p, [])}
    return added, gone


def listed(entries):
    """The (added, gone) a result's left_over / concurrent_changes list says."""
    added, gone, parent = set(), set(), None
    for entry in entries:
        sign, text = entry[:1], entry[2:]
        if text.startswith(" "):
            (added if sign == "+" else gone).add((parent, text.strip()))
            continue
        parent = text
        if sign == "+":
            added.add((parent, None))
        elif sign == "-":
            gone.add((parent, None))
    return added, gone


def masked_config(lab):
    """The lab's running config with keys masked, as the module reads it."""
    return "\n".join(line.split("pre-shared-key ")[0] + "pre-shared-key *****" if "pre-shared-key " in line else line
                     for line in lab.running_config().splitlines())


def config_lines_sent(lab):
    """The configuration lines the first session in the log typed (as the lab counts them: no show
    commands), in order."""
    first = lab.commands()[0]["session"]
    return [c for c in lab.commands(first) if c["mode"].startswith("config") and not c["command"].startswith("show ")]


def check_mode_commands(run_playbook, lab, tmp_path, args):
    result, _output = run(run_playbook, lab, tmp_path, args, name="plan", check_mode=True)
    lab.clear_log()
    return result["commands"]


# ---------------------------------------------------------------------------------------------
# A refused rollback line
# ---------------------------------------------------------------------------------------------
def test_a_refused_rollback_line_is_reported_with_exactly_what_is_left(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE, scenario={"reject": [r"^crypto map AZ 10 set ikev2 ipsec-proposal",
                                                     r"^no crypto ikev2 policy 1$"]})
    before = masked_config(lab)
    result, _output = run(run_playbook, lab, tmp_path, NEW_TUNNEL)
    assert result["failed"] is True and result["changed"] is True
    assert "every change was undone" not in result["msg"]
    assert "rollback is incomplete" in result["msg"] and "`no crypto ikev2 policy 1`" in result["msg"]
    assert result["rollback_refused"] == ["no crypto ikev2 policy 1"]
    assert result["device_state_known"] is True
    # What the result says is left is what the lab holds beyond its config before the run.
    added, gone = difference(before, masked_config(lab))
    assert listed(result["left_over"]) == (added, gone)
    assert ("crypto ikev2 policy 1", None) in added and not gone
    assert "no crypto map AZ 10 match address AZ-10-vpnalign" in result["rolled_back"]
    # the refused line's change left nothing to undo: its `no` is not typed
    assert not [c for c in lab.commands() if c["command"].startswith("no crypto map AZ 10 set ikev2 ipsec-proposal")]


def test_an_undo_the_asa_refuses_without_error_prefix_is_listed_as_refused(asa_lab_factory, run_playbook, tmp_path):
    """The NAT rule's undo is refused, so the ASA itself refuses to remove the object-groups it still uses:
    "Removing object-group (X) not allowed, it is being used." has no ERROR: but is a refusal all the same."""
    lab = asa_lab_factory(SEED_CONFIG)
    commands = check_mode_commands(run_playbook, lab, tmp_path, RESHAPE)
    nat = [c for c in commands if c.startswith("nat ")][0]
    lab.set_scenario({"reject": [re.escape(commands[-1]) + "$", "^no " + re.escape(nat) + "$"]})
    before = masked_config(lab)
    result, _output = run(run_playbook, lab, tmp_path, RESHAPE)
    refused_by_lab = [c["command"] for c in lab.commands() if c["result"] == "error" and c["command"].startswith("no ")]
    assert any(c.startswith("no object-group network VPNALIGN-") for c in refused_by_lab)
    assert sorted(result["rollback_refused"]) == sorted(refused_by_lab)
    assert not set(refused_by_lab) & set(result["rolled_back"])
    added, gone = difference(before, masked_config(lab))
    assert listed(result["left_over"]) == (added, gone)


@pytest.mark.parametrize("fault", ["drop_after_config_lines", "hang_after_config_lines"])
def test_a_push_whose_end_is_lost_is_read_back_on_a_new_login_and_kept_when_complete(asa_lab_factory, run_playbook,
                                                                                     tmp_path, fault):
    """Every line was taken; only `end` (its reply, or the session) went. A new login reads the config back: the
    device holds the desired state, so nothing is undone."""
    lab = asa_lab_factory(BASE)
    commands = check_mode_commands(run_playbook, lab, tmp_path, NEW_TUNNEL)
    lab.set_scenario({fault: len(commands) + 1})  # the line after the last: `end`
    result, _output = run(run_playbook, lab, tmp_path, NEW_TUNNEL, ansible_command_timeout=5)
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True and result["applied"] == commands and not result["rolled_back"]
    assert not [c for c in lab.command_lines() if c.startswith("no ")], "nothing was undone"
    again, _output = run(run_playbook, lab, tmp_path, NEW_TUNNEL, name="again")
    assert again["changed"] is False


def test_a_write_memory_whose_reply_is_lost_is_sent_again_and_then_said_unknown_not_failed(
        asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE, scenario={"truncate": [r"^write memory$"]})
    result, _output = run(run_playbook, lab, tmp_path, dict(NEW_TUNNEL, save_when="changed"))
    assert result["failed"] is True and result["changed"] is True and result["saved"] is None
    assert "may or may not hold the change" in result["msg"] and "write memory failed" not in result["msg"]
    assert lab.command_lines().count("write memory") == 2
    # and what it could not tell: the lab did save (the reply, not the save, was lost)
    assert "crypto map AZ 10 set peer" in lab.startup_config()


# ---------------------------------------------------------------------------------------------
# A dropped connection
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("at", ["crypto ikev2 policy 3", "object-group network VPNALIGN-CRYPTO-MAP-2-LOCAL"])
def test_a_connection_dropped_mid_push_is_undone_after_reconnecting(asa_lab_factory, run_playbook, tmp_path, at):
    lab = asa_lab_factory(SEED_CONFIG)
    commands = check_mode_commands(run_playbook, lab, tmp_path, RESHAPE)
    drop_after = commands.index(at) + 1
    assert any(c.startswith("no access-list uksouth-s2s-acl") for c in commands[:drop_after]), "the ACL is replaced"
    lab.set_scenario({"drop_after_config_lines": drop_after})
    before = lab.running_config()
    result, _output = run(run_playbook, lab, tmp_path, RESHAPE)
    assert result["failed"] is True
    assert "connection to the device was lost at `%s`" % at in result["msg"]
    assert "every change was undone: the running config read back equals the one before" in result["msg"]
    assert result["left_over"] == [] and result["device_state_known"] is True and result["changed"] is False
    assert lab.running_config() == before
    sent = config_lines_sent(lab)
    assert sent[drop_after - 1]["command"] == at and sent[drop_after - 1].get("dropped") is True
    # applied: the lines the device acknowledged before the drop
    assert result["applied"] == commands[:drop_after - 1]
    sessions = sorted({c["session"] for c in lab.commands()})
    assert len(sessions) == 2, "the rollback ran on a new login"


def type_lines(lab, lines):
    """Type lines into the lab in configuration mode from a plain SSH session, as an operator would."""
    import paramiko
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(lab.host, lab.port, lab.username, lab.password, look_for_keys=False, allow_agent=False)
    shell = client.invoke_shell()
    for line in ["enable", lab.enable_password, "configure terminal"] + lines + ["end", "exit"]:
        shell.send((line + "\r").encode())
        time.sleep(0.02)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and lab.command_lines()[-1:] != ["exit"]:
        time.sleep(0.05)
    client.close()


def test_a_connection_gone_for_good_lists_what_was_applied_and_what_restores_it(
        asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    commands = check_mode_commands(run_playbook, lab, tmp_path, RESHAPE)
    drop_after = commands.index("crypto ikev2 policy 3") + 1
    lab.set_scenario({"drop_after_config_lines": drop_after, "logins_after_fault": False})
    before = lab.running_config()
    result, _output = run(run_playbook, lab, tmp_path, RESHAPE, ansible_network_cli_retries=0)
    assert result["failed"] is True and result["changed"] is True and result["device_state_known"] is False
    assert "could not be read back" in result["msg"] and "unknown" in result["msg"]
    assert "every change was undone" not in result["msg"]
    assert result["applied"] == commands[:drop_after - 1]
    assert lab.running_config() != before and result["rolled_back"] == []
    # The lines it lists undo the push: typed by hand once the device is back, the config is as before.
    lab.set_scenario({})
    type_lines(lab, result["not_restored"])
    assert blocks(lab.running_config()) == blocks(before)


def test_a_line_the_device_never_answers_times_out_and_is_undone(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE)
    commands = check_mode_commands(run_playbook, lab, tmp_path, NEW_TUNNEL)
    hang_at = commands.index("tunnel-group 203.0.113.20 type ipsec-l2l") + 1
    lab.set_scenario({"hang_after_config_lines": hang_at})
    before = lab.running_config()
    began = time.monotonic()
    result, _output = run(run_playbook, lab, tmp_path, NEW_TUNNEL, ansible_command_timeout=5)
    assert time.monotonic() - began < 60
    assert result["failed"] is True and "connection to the device was lost at" in result["msg"]
    assert "every change was undone" in result["msg"] and result["left_over"] == []
    assert lab.running_config() == before
    assert [c["result"] for c in config_lines_sent(lab)][hang_at - 1] == "hung"


# ---------------------------------------------------------------------------------------------
# Another writer
# ---------------------------------------------------------------------------------------------
THEIR_POLICY = ["crypto ikev2 policy 1", " encryption aes-192", " integrity sha512", " group 21", " prf sha512",
                " lifetime seconds 7200", "exit"]


def test_a_writer_between_the_plan_and_the_push_stops_it_before_anything_is_sent(
        asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE, scenario={"writers": [{"after": r"^show running-config$", "lines": THEIR_POLICY}]})
    result, _output = run(run_playbook, lab, tmp_path, NEW_TUNNEL)
    assert result["failed"] is True and result["changed"] is False
    assert "changed after it was read for the plan" in result["msg"] and "nothing was sent" in result["msg"]
    assert "+ crypto ikev2 policy 1" in result["concurrent_changes"]
    assert "configure terminal" not in lab.command_lines()
    assert " encryption aes-192" in lab.running_config(), "their policy stays"


def test_a_writer_taking_the_ikev2_policy_midway_stops_the_run_and_keeps_theirs(asa_lab_factory, run_playbook,
                                                                                tmp_path):
    lab = asa_lab_factory(BASE, scenario={"writers": [{"after": r"^access-list AZ-10-vpnalign", "lines": THEIR_POLICY}]})
    before = masked_config(lab)
    result, _output = run(run_playbook, lab, tmp_path, NEW_TUNNEL)
    assert result["failed"] is True
    assert "another session changed `crypto ikev2 policy 1`" in result["msg"]
    assert "every change was undone" in result["msg"] and result["left_over"] == []
    sent = [c["command"] for c in config_lines_sent(lab)]
    assert "crypto ikev2 policy 1" not in sent and "encryption aes-256" not in sent, "theirs was not overwritten"
    # the device holds before + their policy, and the result says so
    added, gone = difference(before, masked_config(lab))
    assert listed(result["concurrent_changes"]) == (added, gone)
    theirs = {("crypto ikev2 policy 1", c.strip()) for c in THEIR_POLICY[1:-1]}
    assert added == {("crypto ikev2 policy 1", None)} | theirs


def test_two_runs_at_once_cannot_both_succeed_when_one_overwrote_the_other(asa_lab_factory, run_playbook, tmp_path):
    """Both tunnels want an IKEv2 policy of their own and, planned from the same config, both take
    priority 1. Slow configuration lines make the two pushes overlap."""
    lab = asa_lab_factory(BASE, scenario={"delay": {r"^(crypto|access-list|tunnel-group|group-policy| )": 0.05}})
    results = {}

    def push(name, args):
        results[name] = run(run_playbook, lab, tmp_path / name, args, name=name)[0]

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    threads = [threading.Thread(target=push, args=("a", NEW_TUNNEL)),
               threading.Thread(target=push, args=("b", OTHER_TUNNEL))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert set(results) == {"a", "b"}
    sessions = {}
    for c in lab.commands():
        sessions.setdefault(c["session"], []).append(c)
    planned = [min(c["t"] for c in cs if c["command"] == "show running-config") for cs in sessions.values()]
    pushed = [max(c["t"] for c in cs) for cs in sessions.values() if any(c["mode"].startswith("config") for c in cs)]
    assert len(planned) == 2 and max(planned) < min(pushed), "both runs planned before either had pushed"
    lab.set_scenario({})
    for name, args in (("a", NEW_TUNNEL), ("b", OTHER_TUNNEL)):
        result = results[name]
        print("run %s: %s" % (name, result.get("msg", "ok")))
        if result.get("failed"):
            assert "another session" in result["msg"] or "changed after it was read" in result["msg"], result["msg"]
            assert result["device_state_known"] is True
            other = results["b" if name == "a" else "a"]
            parent = None
            for entry in result["left_over"]:
                if not entry[2:].startswith(" "):
                    parent = entry[2:]
                if entry.startswith("+ "):
                    # true when it was said; the other run, failing too, may have taken it back since: it added
                    # the same line (both take priority 1), or its undo removed the whole block the line is in
                    # (both seen under load in CI-like runs)
                    undone = other.get("rolled_back") or []
                    taken_back = other.get("failed") and (
                        entry[2:] in (other.get("commands") or []) or "no " + (parent or "") in undone)
                    assert entry[2:] in lab.running_config() or taken_back, (entry, other.get("msg"), undone)
        else:
            # it said it succeeded: its tunnel is on the device as asked, nothing overwrote it
            again, _output = run(run_playbook, lab, tmp_path / name, args, name="again", check_mode=True)
            assert again["changed"] is False, (name, again["commands"])


def test_an_undo_after_a_writer_says_when_it_could_not_tell_their_lines_from_ours(asa_lab_factory, run_playbook,
                                                                                  tmp_path):
    """The writer also takes away the whole-config read the rollback uses to keep the other session's lines: every
    change of this run is undone, and the message says the check could not be made and why."""
    lab = asa_lab_factory(BASE, scenario={"writers": [{"after": r"^access-list AZ-10-vpnalign", "lines": THEIR_POLICY,
                                                       "deny": [r"^show running-config$"]}]})
    result, _output = run(run_playbook, lab, tmp_path, NEW_TUNNEL)
    assert result["failed"] is True
    assert "another session changed `crypto ikev2 policy 1`" in result["msg"]
    assert "could not be read to tell its lines from this run's (" in result["msg"]
    assert "Command authorization failed" in result["msg"]


# A change to the lab's VTI+BGP tunnel (tests/lab/asa_ssh/configs/vti_bgp.txt) that touches every block kind: a
# new IKEv2 policy, proposal and profile, the tunnel interface, a route, BGP and the tunnel-group's keys.
VTI_CHANGE = dict(
    tunnel_interface="Tunnel1", peer="203.0.113.40",
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA384"], "dh_groups": [20], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"]}, pfs_group=14, child_lifetime_seconds=3600, ipsec_profile="AZURE-VTI-1",
    routes=[{"network": "10.20.0.0/16", "gateway": "169.254.21.1"}],
    bgp={"asn": 65010, "neighbor": "169.254.21.1", "remote_as": 65515, "ebgp_multihop": 10, "networks": ["10.11.0.0/16"]},
    pre_shared_key=PSK, update_pre_shared_key="always")


def test_an_undo_whose_block_the_device_will_not_enter_leaves_out_that_block_only(
        asa_lab_factory, run_playbook, tmp_path):
    # review 2026-12-05 (push faults): command authorization denies `router bgp 65010` to the undo. The undo typed the
    # block's lines at (config)#, its exit left configuration mode and a second logged the session out, so every later
    # undo line failed though the device would have taken it. Here the push enters the BGP block, its `network` line is
    # refused, and from the `neighbor` line on the block is denied (an AAA change meanwhile).
    lab = asa_lab_factory(lab_config("vti_bgp"), scenario={
        "reject": [r"^network 10\.11\.0\.0 mask 255\.255\.0\.0$"],
        "writers": [{"after": r"^neighbor 169\.254\.21\.1 ebgp-multihop 10$", "lines": [],
                     "deny": [r"^router bgp 65010$"]}]})
    before = masked_config(lab)
    result, _output = run(run_playbook, lab, tmp_path, dict(VTI_CHANGE, update_pre_shared_key="on_create"))
    assert result["failed"] is True
    assert result["rollback_refused"] == ["router bgp 65010"]
    assert result["rollback_not_sent"] and all(line.startswith(" ") or line.strip() in ("exit", "exit-address-family")
                                               for line in result["rollback_not_sent"])
    assert {"no route azure-vti0 10.20.0.0 255.255.0.0 169.254.21.1 1", "no crypto ikev2 policy 11"} <= set(
        result["rolled_back"])
    # the undo after the refused block went on in configuration mode, in the same session
    assert len({c["session"] for c in lab.commands()} - {0}) == 1  # 0: the other administrator (the lab's writer)
    added, gone = difference(before, masked_config(lab))
    assert listed(result["left_over"]) == (added, gone)
    assert added and all(parent.startswith("router bgp 65010") or parent.startswith(" ") for parent, _child in added)


def test_a_block_the_device_will_not_enter_at_all_is_not_undone(asa_lab_factory, run_playbook, tmp_path):
    # the push's `router bgp 65010` is denied: nothing of that change was taken, so its undo is not typed (it used to
    # be, and was refused once more)
    lab = asa_lab_factory(lab_config("vti_bgp"), scenario={"deny": [r"^router bgp 65010$"]})
    before = masked_config(lab)
    result, _output = run(run_playbook, lab, tmp_path, dict(VTI_CHANGE, update_pre_shared_key="on_create"))
    assert result["failed"] is True and "rollback_refused" not in result
    assert [c["command"] for c in lab.commands()].count("router bgp 65010") == 1
    assert "no crypto ikev2 policy 11" in result["rolled_back"]
    assert difference(before, masked_config(lab)) == (set(), set()) and result["left_over"] == []


@pytest.mark.parametrize("fault", [{"reject": [r"^ikev2 remote-authentication pre-shared-key "]},
                                   {"deny": [r"^tunnel-group 203\.0\.113\.40 ipsec-attributes$"]}],
                         ids=["key line refused", "key block denied"])
def test_a_key_line_the_device_did_not_take_is_not_said_to_stay(asa_lab_factory, run_playbook, tmp_path, fault):
    # review 2026-12-05 (push faults): "the pre-shared key(s) this run set stay on the device" where the old key was
    # still there; the operator would re-key a tunnel that needed nothing
    lab = asa_lab_factory(lab_config("vti_bgp"), scenario=fault)
    result, _output = run(run_playbook, lab, tmp_path, VTI_CHANGE)
    assert result["failed"] is True
    keys = [line.strip() for line in lab.running_config().splitlines() if "pre-shared-key" in line]
    assert keys and all(key.endswith("Lab-VTI-PSK-0") for key in keys)  # the key before is still there
    assert "keys_not_restored" not in result and "pre-shared key" not in result["msg"]


# Review C2: the seed's proposal and IKE policy changed, `group 20` refused after the proposal went; meanwhile another
# session rewrites the proposal's encryption and the entry's lifetime.
ESP_AND_IKE = dict(crypto_map="CRYPTO-MAP", seq=2, ipsec_proposal="UKSouth",
                   esp={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]},
                   ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA384"], "dh_groups": [20],
                        "lifetime_seconds": 28800})
THEIR_PROPOSAL = ["crypto ipsec ikev2 ipsec-proposal UKSouth", "protocol esp encryption aes-256 aes-192", "exit",
                  "crypto map CRYPTO-MAP 2 set security-association lifetime seconds 7200"]


def test_an_undo_keeps_a_touched_part_another_session_changed_meanwhile_and_says_so(asa_lab_factory, run_playbook,
                                                                                    tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={
        "reject": [r"^group 20$"],
        "writers": [{"after": r"^protocol esp integrity sha-256$", "times": 1, "lines": THEIR_PROPOSAL}]})
    before = masked_config(lab)
    result, _output = run(run_playbook, lab, tmp_path, ESP_AND_IKE)
    assert result["failed"] is True and "the device refused `group 20`" in result["msg"]
    after = masked_config(lab)
    assert " protocol esp encryption aes-256 aes-192" in after, "the other session's proposal was overwritten"
    assert "every change was undone" not in result["msg"]
    assert "kept because another session changed them" in result["msg"] and result["kept_for_other_session"]
    # what differs from before is exactly what the result lists: left over in the touched parts, concurrent elsewhere
    added, gone = difference(before, after)
    assert listed(result["left_over"] + result.get("concurrent_changes", [])) == (added, gone)
