# -*- coding: utf-8 -*-
"""asa/transaction.py without a device: scopes, the differences it reports, and the decisions of a
push over a small in-memory CLI (the ASA lab tests the same on a real SSH session)."""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree, child_key
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import block_map, diff_lines, in_scope, scope_of
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction import DeviceError, run_transaction

BASE = "hostname fw\ninterface G0/0\n nameif outside\n"
INTENT = dict(crypto_map="AZ", seq=10, interface="outside", peer="203.0.113.20", local_networks=["10.0.0.0/8"],
              remote_networks=["172.16.0.0/16"], esp={"encryption": ["AES-GCM-256"]},
              ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800})
REFUSED = "crypto map AZ 10 set peer 203.0.113.20\r\n ^\r\nERROR: % Invalid input detected at '^' marker."


class Cli(object):
    """Config text edited line by line the way the ASA lab does, with faults: ``refuse`` (lines
    answered with an error), ``lose_at`` (the line after which the connection is gone), ``reconnects``
    (how many logins work after that)."""

    def __init__(self, text, refuse=(), lose_at=None, reconnects=1):
        self.tree = ConfigTree(text)
        self.refuse, self.lose_at, self.logins = set(refuse), lose_at, reconnects
        self.current = None
        self.lost = False
        self.sent = []

    def get(self, command):
        if self.lost:
            raise DeviceError("Failed to write to ssh channel")
        if command.startswith("show running-config"):
            words = command.split()[2:]
            return "".join(b.parent + "\n" + "".join(" %s\n" % c for c in b.children) for b in self.tree.blocks
                           if b.parent.split()[:len(words)] == words)
        self.sent.append(command)
        if command in self.refuse:
            raise DeviceError(REFUSED)
        self._apply(command)
        if command == self.lose_at:
            self.lost = True
            raise DeviceError("the ASA closed the connection before the reply was complete")
        return ""

    def reconnect(self):
        if self.logins < 1:
            raise DeviceError("ssh connection failed: Connection refused")
        self.logins -= 1
        self.lost, self.lose_at, self.current = False, None, None

    def _apply(self, line):
        tree = self.tree
        if line.strip() in ("configure terminal", "end", "exit"):
            self.current = None
        elif line.startswith(" ") and self.current is not None:
            child = line.strip()
            if child.startswith("no "):
                self.current.children = [c for c in self.current.children if c != child[3:]]
            else:
                key = child_key(child)
                self.current.children = [c for c in self.current.children if child_key(c) != key] + [child]
        elif line.startswith("no "):
            tree.blocks = [b for b in tree.blocks if b.parent != line[3:]]
            self.current = None
        elif line.startswith("clear configure "):
            tree.blocks = [b for b in tree.blocks if not b.parent.startswith(line[16:] + " ")]
            self.current = None
        else:
            self.current = next((b for b in tree.blocks if b.parent == line), None)
            if self.current is None:
                tree.blocks.append(ConfigTree(line).blocks[0])
                self.current = tree.blocks[-1]
        tree.by_parent = {b.parent: b for b in tree.blocks}

    def text(self):
        return self.tree.text()


def replan(text):
    return plan_present(text, INTENT)


def push(cli):
    return run_transaction(cli, plan_present(BASE, INTENT), BASE, replan)


def test_scopes_group_what_replaces_each_other():
    assert scope_of("no access-list X extended permit ip any4 any4") == "access-list X "
    assert scope_of("clear configure tunnel-group 203.0.113.20") == "tunnel-group 203.0.113.20 "
    assert scope_of("crypto map AZ 10 set pfs group19") == "crypto map AZ 10 "
    assert scope_of("crypto map AZ interface outside") == "crypto map * interface outside"
    assert in_scope("crypto map OTHER interface outside", "crypto map * interface outside")
    assert not in_scope("crypto map OTHER interface inside", "crypto map * interface outside")
    assert scope_of("crypto ikev2 policy 1") == "crypto ikev2 policy 1"
    assert not in_scope("crypto ikev2 policy 10", "crypto ikev2 policy 1")


def test_differences_name_added_gone_and_changed_lines():
    before = block_map(ConfigTree("a\n x\nb\nc\n"))
    after = block_map(ConfigTree("a\n y\nc\nd\n z\n"))
    assert diff_lines(before, after) == ["  a", "-  x", "+  y", "- b", "+ d", "+  z"]
    assert diff_lines(before, before) == []


def test_a_clean_push_holds_and_reports_what_it_applied():
    cli = Cli(BASE)
    out = push(cli)
    assert out.ok and out.applied == plan_present(BASE, INTENT).commands and out.changed
    assert replan(cli.text()).commands == []


def test_a_refused_line_is_undone_and_the_read_back_proves_it():
    cli = Cli(BASE, refuse=["crypto map AZ 10 set peer 203.0.113.20"])
    out = push(cli)
    assert not out.ok and out.left_over == [] and not out.changed
    assert "every change was undone" in out.message() and "the device refused" in out.message()
    assert block_map(ConfigTree(cli.text())) == block_map(ConfigTree(BASE))


def test_the_change_the_device_refused_is_not_undone_for_it_took_nothing_of_it():
    cli = Cli(BASE, refuse=["crypto map AZ 10 set peer 203.0.113.20"])
    out = push(cli)
    after_refusal = cli.sent[cli.sent.index("crypto map AZ 10 set peer 203.0.113.20") + 1:]
    assert "no crypto map AZ 10 set peer 203.0.113.20" not in after_refusal
    assert "no crypto map AZ 10 match address AZ-10-vpnalign" in out.rolled_back and out.left_over == []


def test_a_refused_undo_line_is_listed_and_the_message_does_not_claim_success():
    cli = Cli(BASE, refuse=["crypto map AZ 10 set peer 203.0.113.20", "no crypto ikev2 policy 1"])
    out = push(cli)
    assert out.rollback_refused == ["no crypto ikev2 policy 1"]
    assert out.left_over[0] == "+ crypto ikev2 policy 1" and out.changed
    assert "every change was undone" not in out.message() and "rollback is incomplete" in out.message()


def test_a_lost_connection_is_replaced_then_everything_is_undone():
    cli = Cli(BASE, lose_at="crypto ikev2 policy 1")
    out = push(cli)
    assert not out.ok and out.left_over == [] and "connection to the device was lost" in out.message()
    assert out.applied[-1] == "exit" and "crypto ikev2 policy 1" not in out.applied
    assert block_map(ConfigTree(cli.text())) == block_map(ConfigTree(BASE))


def test_a_connection_that_cannot_come_back_leaves_the_state_unknown_and_the_restore_lines():
    cli = Cli(BASE, lose_at="crypto ikev2 policy 1", reconnects=0)
    out = push(cli)
    assert out.left_over is None and out.changed and "unknown" in out.message()
    assert out.not_restored == ["no crypto ikev2 policy 1", "no crypto ipsec ikev2 ipsec-proposal AZ-10-vpnalign",
                                "no access-list AZ-10-vpnalign extended permit ip 10.0.0.0 255.0.0.0 "
                                "172.16.0.0 255.255.0.0"]


def test_a_change_between_plan_and_push_sends_nothing():
    cli = Cli(BASE + "crypto ikev2 policy 1\n encryption aes\n")
    out = push(cli)
    assert not out.ok and not out.sent and cli.sent == [] and "nothing was sent" in out.message()
    assert out.concurrent == ["+ crypto ikev2 policy 1", "+  encryption aes"]
    # Found by the parallel-runs lab test: nothing sent means this run left nothing, a known state.
    assert out.result()["device_state_known"] is True and out.result()["left_over"] == []


def test_another_session_making_the_same_change_is_not_a_conflict():
    """It bound the same crypto map to the interface first: that change is skipped, not undone."""
    cli = Cli(BASE)
    plan = plan_present(BASE, INTENT)
    real_get = cli.get

    def get(command):
        if command == "crypto map AZ 10 match address AZ-10-vpnalign":
            cli.tree.blocks += ConfigTree("crypto map AZ interface outside\n").blocks
        return real_get(command)

    cli.get = get
    out = run_transaction(cli, plan, BASE, replan)
    assert out.ok and "crypto map AZ interface outside" not in cli.sent


def test_a_device_that_takes_a_line_differently_fails_the_run_instead_of_reporting_success():
    """Here every ``protocol ...`` child replaces the last: the proposal ends up without its encryption."""
    cli = Cli(BASE)
    real_apply = cli._apply

    def apply(line):
        if line.startswith(" protocol ") and cli.current is not None:
            cli.current.children = [c for c in cli.current.children if not c.startswith("protocol ")]
        real_apply(line)

    cli._apply = apply
    out = push(cli)
    assert not out.ok and "does not hold the desired state" in out.message()
    assert "still to send `crypto ipsec ikev2 ipsec-proposal AZ-10-vpnalign`" in out.message()
    assert out.left_over == [] and "every change was undone" in out.message()
    assert block_map(ConfigTree(cli.text())) == block_map(ConfigTree(BASE))


class MaskingCli(Cli):
    """The CLI as `show running-config` prints it on an ASA: every pre-shared key masked."""

    def get(self, command):
        reply = super(MaskingCli, self).get(command)
        return re.sub(r"pre-shared-key \S+", "pre-shared-key *****", reply) if command.startswith("show ") else reply


def test_a_key_the_undo_cannot_put_back_is_reported_changed_and_never_as_undone():
    """update_pre_shared_key: always on a tunnel-group with a key, a later line refused: the old key reads masked, so
    its undo is not sent and the new key stays; the read-back shows both masked. Before: "every change was undone",
    changed false, while the peer's tunnel was down on the new key."""
    old, new = "Old-Key-1234", "New-Key-5678"
    config = BASE + ("crypto map AZ 10 match address ACL1\ncrypto map AZ 10 set peer 203.0.113.20\n"
                     "tunnel-group 203.0.113.20 type ipsec-l2l\ntunnel-group 203.0.113.20 ipsec-attributes\n"
                     " ikev2 remote-authentication pre-shared-key %s\n ikev2 local-authentication pre-shared-key %s\n"
                     % (old, old))
    shown = re.sub(r"pre-shared-key \S+", "pre-shared-key *****", config)
    params = dict(crypto_map="AZ", seq=10, peer="203.0.113.20", pfs_group=19, pre_shared_key=new,
                  update_pre_shared_key="always", state="present")
    cli = MaskingCli(config, refuse={"crypto map AZ 10 set pfs group19"})
    out = run_transaction(cli, plan_present(shown, params), shown, lambda text: plan_present(text, params), secret=new)
    assert new in cli.tree.get("tunnel-group 203.0.113.20 ipsec-attributes").children[0]
    assert out.changed and out.left_over == []
    assert out.keys_not_restored == [" ikev2 remote-authentication pre-shared-key *****",
                                     " ikev2 local-authentication pre-shared-key *****"]
    assert out.result()["keys_not_restored"] == out.keys_not_restored
    message = out.message()
    assert "every change was undone" not in message and "rollback is incomplete" in message
    assert "keys_not_restored" in message and new not in message and old not in message
