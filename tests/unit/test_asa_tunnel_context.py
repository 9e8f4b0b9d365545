# -*- coding: utf-8 -*-
"""asa_vpn_tunnel on a multi-context ASA (a fake persistent connection; the real thing against the SSH lab is in
tests/integration/test_asa_tunnel_context.py): `context` is checked before anything is sent, with the one check
asa_vpn_facts makes; a push with it runs in that context - read, push, rollback after a new login, read-back - and
the session changes back; the prompt is read before every `configure terminal`, and a push whose session is in
another context than the one asked for, or in the system execution space, is refused with nothing sent."""

import os

import pytest

from ansible.module_utils.connection import ConnectionError as ModuleConnectionError

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import live_read, names, session_context
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction import DeviceError, run_transaction
from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_tunnel

from module_main import run_main

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "examples", "seed-asa-azure-pfs", "asa_running_config.txt")) as _handle:
    SEED_CONFIG = _handle.read()
# the system configuration of a multi-context ASA: it defines the contexts
SYSTEM_CONFIG = ("ASA Version 9.16(4) <system>\nhostname gateway\nadmin-context admin\n"
                 "context admin\n config-url disk0:/admin.cfg\ncontext cust1\n config-url disk0:/cust1.cfg\n")
PFS = dict(crypto_map="CRYPTO-MAP", seq=2, pfs_group=19)
PFS_LINE = "crypto map CRYPTO-MAP 2 set pfs group19"
INVALID = repr(b"\r\n      ^\r\nERROR: % Invalid input detected at '^' marker.\r\n")


class Device(object):
    """A multi-context ASA behind a persistent connection: one config per context, the prompt following `changeto`
    and configuration mode, faults: ``stays`` (a `changeto` answered without moving), ``move_after`` (the session is
    moved to that context after the first `show running-config`), ``lose_at`` (the connection is gone after that
    line is applied), ``refuse`` (commands answered with an error)."""

    def __init__(self, login=None, configs=None, **faults):
        self.configs = {None: SYSTEM_CONFIG, "admin": "hostname admin\n", "cust1": SEED_CONFIG}
        self.configs.update(configs or {})
        self.trees = dict((name, ConfigTree(text)) for name, text in self.configs.items())
        self.login = self.context = login
        self.in_config = False
        self.current = None
        self.lost = False
        self.sent = []  # (context, command)
        self.resets = 0
        self.stays = faults.get("stays", False)
        self.move_after = faults.get("move_after")
        self.lose_at = faults.get("lose_at")
        self.refuse = set(faults.get("refuse", ()))

    def prompt(self):
        name = "gateway" + ("/" + self.context if self.context else "")
        return name + ("(config)# " if self.in_config else "# ")

    def text(self, context):
        return self.trees[context].text()

    def get(self, command):
        if self.lost:
            raise ModuleConnectionError("Failed to write to ssh channel")
        self.sent.append((self.context, command))
        if command in self.refuse:
            raise ModuleConnectionError(INVALID, code=-32603)
        words = command.split()
        if words[0] == "changeto":
            if not self.stays:
                self.context = None if words[1] == "system" else words[2]
            self.in_config = False
            return ""
        if command.startswith("show running-config"):
            text = self.trees[self.context].text()
            if self.move_after is not None:
                self.context, self.move_after = self.move_after, None
            return text
        if command == "configure terminal":
            self.in_config = True
            return ""
        if command == "end":
            self.in_config = False
            return ""
        if command == "write memory":
            return "[OK]"
        self._apply(command)
        if command == self.lose_at:
            self.lost, self.lose_at = True, None
            raise ModuleConnectionError("the ASA closed the connection before the reply was complete")
        return ""

    def _apply(self, line):
        tree = self.trees[self.context]
        if line.startswith("no "):
            tree.blocks = [b for b in tree.blocks if b.parent != line[3:]]
        elif not line.startswith(" ") and line not in tree.by_parent:
            tree.blocks.append(ConfigTree(line).blocks[0])
        tree.by_parent = dict((b.parent, b) for b in tree.blocks)

    def reconnect(self):
        """A new login lands where logins land."""
        self.lost, self.in_config, self.context = False, False, self.login


DEVICE = []


class FakeConnection(object):
    def __init__(self, socket_path):
        self.device = DEVICE[0]

    def get_prompt(self):
        return self.device.prompt()

    def get(self, command=None, **_kwargs):
        return self.device.get(command)

    def reconnect(self):
        self.device.reconnect()
        return "reconnected"

    def reset(self):
        self.device.resets += 1


def run(monkeypatch, capsys, args, device=None, check_mode=False):
    DEVICE[:] = [device or Device()]
    monkeypatch.setattr(asa_vpn_tunnel, "Connection", FakeConnection)
    module_args = dict(args, _ansible_socket="/tmp/fake-socket", _ansible_check_mode=check_mode)
    return run_main(monkeypatch, capsys, asa_vpn_tunnel, module_args)[0], DEVICE[0]


# privileged EXEC commands, taken in configuration mode too (a batch reads there between its ends)
EXEC_COMMANDS = ("show ", "write memory")


def configured(device):
    """(context, line) of every configuration line sent in configuration mode."""
    out, in_config = [], False
    for context, command in device.sent:
        if command == "configure terminal":
            in_config = True
        elif command == "end" or command.startswith("changeto"):  # a new login is not in configuration mode
            in_config = False
        elif in_config and not command.startswith(EXEC_COMMANDS):
            out.append((context, command))
    return out


# ---------------------------------------------------------------------------------------------------------------------
# The name: one check for both modules, before anything is sent
# ---------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value,words", [
    ("cust1\nconfigure terminal", "whitespace or a control character"),
    ("cust?", "request for help"),
    ("c" * 33, "longer than 32 characters"),
    ("System", "reserves"),
    ("NULL", "reserves"),
    ("", "non-empty name"),
], ids=["newline", "question mark", "too long", "System", "Null", "empty"])
def test_a_context_name_the_asa_cannot_take_is_refused_before_anything_is_sent(monkeypatch, capsys, value, words):
    assert words in names.context_error(value)
    result, device = run(monkeypatch, capsys, dict(PFS, context=value))
    assert result["failed"] is True and words in result["msg"] and result["msg"].startswith("asa_vpn_tunnel: context")
    assert device.sent == []


def test_a_good_name_passes_and_both_modules_use_the_one_check():
    assert names.context_error("cust-1") is None and names.context_error("A" * 32) is None
    # asa_vpn_facts refuses the same names (plugins/modules/asa_vpn_facts.py and its action plugin call context_error)
    # and reads the prompt the same way (its live form, module_utils/asa/live_read.py)
    assert live_read.context_of_prompt is session_context.context_of_prompt


def test_context_does_not_go_with_running_config(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1", running_config=SEED_CONFIG))
    assert result["failed"] is True and "context only applies to a push over a connection" in result["msg"]
    assert device.sent == []


# ---------------------------------------------------------------------------------------------------------------------
# A push with context: there, and back
# ---------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("login,back", [(None, "changeto system"), ("admin", "changeto context admin")])
def test_a_push_with_context_lands_there_and_the_session_returns(monkeypatch, capsys, login, back):
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), Device(login=login))
    assert not result.get("failed"), result
    assert result["changed"] is True and result["commands"] == [PFS_LINE]
    assert configured(device) == [("cust1", PFS_LINE)]
    assert PFS_LINE in device.text("cust1") and PFS_LINE not in device.text(login)
    assert result["changeto"] == ["changeto context cust1", back]
    assert device.context == login and device.sent[0] == (login, "changeto context cust1")
    assert [c for c, command in device.sent if command.startswith("show running-config")] == ["cust1"] * 3


def test_check_mode_with_context_reads_there_and_returns(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), check_mode=True)
    assert result["changed"] is True and result["commands"] == [PFS_LINE]
    assert [command for _c, command in device.sent] == ["changeto context cust1", "show running-config", "changeto system"]
    assert device.context is None


def test_a_session_already_in_the_context_sends_no_changeto(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), Device(login="cust1"))
    assert not result.get("failed"), result
    assert "changeto" not in result and not [c for _ctx, c in device.sent if c.startswith("changeto")]
    assert configured(device) == [("cust1", PFS_LINE)]


def test_write_memory_saves_the_context_pushed_to(monkeypatch, capsys):
    _result, device = run(monkeypatch, capsys, dict(PFS, context="cust1", save_when="changed"))
    assert ("cust1", "write memory") in device.sent and device.sent[-1] == ("cust1", "changeto system")


def test_a_lost_connection_is_undone_in_the_context_after_the_new_login(monkeypatch, capsys):
    """A new login lands in the system execution space: the undo and the read-back must run in cust1 again."""
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), Device(lose_at=PFS_LINE))
    assert result["failed"] is True, result
    assert result["changeto"] == ["changeto context cust1", "changeto context cust1", "changeto system"]
    assert configured(device) == [("cust1", PFS_LINE), ("cust1", "no " + PFS_LINE)]
    assert result["rolled_back"] == ["no " + PFS_LINE] and result["left_over"] == []
    # the plan's, the one before the undo (what is still this run's: review C2) and the read-back, all in cust1
    assert [c for c, command in device.sent if command.startswith("show running-config")] == ["cust1"] * 4
    assert PFS_LINE not in device.text("cust1") and device.context is None


def test_a_failed_change_back_fails_naming_where_the_session_is_and_closes_the_connection(monkeypatch, capsys):
    device = Device(login="admin", refuse={"changeto context admin"})
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), device)
    assert result["failed"] is True and result["changed"] is True
    msg = result["msg"]
    assert "could not change back to context admin after the push in context cust1" in msg, msg
    assert "left in context cust1" in msg and "persistent connection was closed" in msg
    assert device.resets == 1 and PFS_LINE in device.text("cust1")


def test_a_prompt_that_does_not_tell_the_context_fails_before_any_changeto(monkeypatch, capsys):
    device = Device()
    device.prompt = lambda: "gateway/example.com/admin# "
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), device)
    assert result["failed"] is True and "cannot tell which context" in result["msg"]
    assert device.sent == []


# ---------------------------------------------------------------------------------------------------------------------
# The prompt check: nothing is sent into another context
# ---------------------------------------------------------------------------------------------------------------------
def test_a_changeto_that_leaves_the_prompt_elsewhere_is_refused_with_nothing_sent(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), Device(login="admin", stays=True))
    assert result["failed"] is True
    assert "prompt shows context admin, not context cust1" in result["msg"], result["msg"]
    assert [command for _c, command in device.sent] == ["changeto context cust1"]  # no read, no configuration
    assert PFS_LINE not in device.text("admin")


def test_a_session_moved_after_the_read_gets_no_configuration_command(monkeypatch, capsys):
    """The prompt is read before `configure terminal`: the session is in admin by then, the push is for cust1."""
    result, device = run(monkeypatch, capsys, dict(PFS, context="cust1"), Device(login=None, move_after="admin"))
    assert result["failed"] is True and "nothing was sent" in result["msg"]
    assert "prompt shows context admin, not context cust1" in result["msg"], result["msg"]
    assert "configure terminal" not in [command for _c, command in device.sent]
    assert PFS_LINE not in device.text("admin") and device.context is None  # and back where the login put it


def test_without_context_the_system_execution_space_is_refused_with_nothing_sent(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(PFS), Device(login=None))
    assert result["failed"] is True and result["changed"] is False
    msg = result["msg"]
    assert "system execution space" in msg and "`admin-context admin`" in msg and "set context" in msg, msg
    assert [command for _c, command in device.sent] == ["show running-config"]


def test_without_context_a_single_context_asa_is_pushed_as_before(monkeypatch, capsys):
    device = Device(login=None, configs={None: SEED_CONFIG})
    result, device = run(monkeypatch, capsys, dict(PFS), device)
    assert not result.get("failed"), result
    assert configured(device) == [(None, PFS_LINE)] and "changeto" not in result


def test_without_context_the_login_context_is_pushed_and_kept(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(PFS), Device(login="cust1"))
    assert not result.get("failed"), result
    assert configured(device) == [("cust1", PFS_LINE)]


# ---------------------------------------------------------------------------------------------------------------------
# The parts: the prompt, the system configuration, the transaction's guard
# ---------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("prompt,context", [
    ("gateway# ", None), ("gateway/cust1# ", "cust1"), ("gateway/cust1(config)# ", "cust1"),
    ("gateway/admin/pri/act# ", "admin"), (b"gateway/cust1> ", "cust1"), ("gateway(config-tunnel-general)# ", None),
    # `prompt hostname context priority state` with failover off: actNoFailover / stbyNoFailover (review 2026-12-04:
    # read as a context name, so every context host of such an ASA was sent `changeto context actNoFailover`)
    ("ASA/cust1/sec/actNoFailover# ", "cust1"), ("ASA/sec/stbyNoFailover# ", None), ("fw/pri/actNoFailover# ", None),
])
def test_the_prompt_tells_the_context(prompt, context):
    assert session_context.context_of_prompt(prompt) == context


@pytest.mark.parametrize("prompt", ["gateway/example.com/admin# ", "Password: ", ""])
def test_a_prompt_that_does_not_tell(prompt):
    with pytest.raises(ValueError):
        session_context.context_of_prompt(prompt)


def test_only_the_system_configuration_is_taken_for_it():
    assert session_context.system_config_line(SYSTEM_CONFIG) == "admin-context admin"
    assert session_context.system_config_line(SEED_CONFIG) is None
    # a context's description or an indented line naming a context is not the system configuration
    assert session_context.system_config_line("hostname fw\ninterface G0/0\n description context cust1\n") is None


class GuardedCli(object):
    def __init__(self):
        self.sent = []

    def get(self, command):
        self.sent.append(command)
        return SEED_CONFIG if command == "show running-config" else ""

    def reconnect(self):
        raise DeviceError("no")


@pytest.mark.parametrize("answers,sent", [
    ([None, "moved"], ["show running-config"]),  # the read before the change, then the guard at `configure terminal`
    (["moved"], []),  # before the read too: it must come from the context the plan was made in
], ids=["at configure terminal", "before the read"])
def test_the_transaction_asks_the_guard_and_sends_nothing_when_it_refuses(answers, sent):
    cli, answers = GuardedCli(), list(answers)

    def guard():
        answer = answers.pop(0)
        return answer and "the session's prompt shows context admin, not context cust1"

    out = run_transaction(cli, plan_present(SEED_CONFIG, PFS), SEED_CONFIG, lambda text: plan_present(text, PFS),
                          guard=guard)
    assert not out.ok and cli.sent == sent and not out.sent and answers == []
    assert "prompt shows context admin" in out.message() and "nothing was sent" in out.message()


def test_a_context_named_like_the_untold_marker_keeps_every_prompt_check(monkeypatch, capsys):
    """"untold" is a valid context name; it was the marker for a prompt that does not tell the context, and a push to
    it skipped the prompt checks: changeto answered but not taken, the line landed in admin and the task said ok."""
    device = Device(login="admin", configs={"untold": SEED_CONFIG, "admin": SEED_CONFIG}, stays=True)
    result, device = run(monkeypatch, capsys, dict(PFS, context="untold"), device)
    assert result.get("failed") and configured(device) == []


@pytest.mark.parametrize("name", ["act", "pri", "stby", "sec", "Act"])
def test_a_context_named_like_a_failover_prompt_word_is_refused_before_anything_is_sent(monkeypatch, capsys, name):
    """`prompt ... priority state` adds pri/act words to the prompt: `fw/act#` is the system execution space as much as
    context act, so the prompt checks could not tell where the session is (a system-space session with a failover
    prompt passed the check as context act). Refused, nothing sent."""
    assert "cannot be told apart" in names.context_error(name)
    result, device = run(monkeypatch, capsys, dict(PFS, context=name), Device(login=None, configs={name: SEED_CONFIG}))
    assert result.get("failed") and "cannot be told apart" in result["msg"]
    assert configured(device) == [] and device.sent == []


def _session(device):
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import ConnectionCli
    DEVICE[:] = [device]
    session = session_context.SessionContext(ConnectionCli(FakeConnection(None), ModuleConnectionError), "cust1")
    assert session.enter() is None and device.context == "cust1"
    return session


def _crash():
    raise KeyError("crashed mid-push")


def test_a_crash_in_the_context_goes_back_and_says_where_the_session_was_left():
    """SessionContext.run (asa_vpn_tunnel and asa_vpn_evidence): a crash leaves the context too; when going back
    fails, the crash is raised again with where the session was left, so the task's message says it."""
    device = Device(login="admin")
    assert _session(device).run(lambda: "done") == ("done", None) and device.context == "admin"
    device = Device(login="admin")
    with pytest.raises(KeyError, match="crashed mid-push"):
        _session(device).run(_crash)
    assert device.context == "admin", "back where the login put the session"
    device = Device(login="admin", refuse={"changeto context admin"})
    with pytest.raises(RuntimeError) as raised:
        _session(device).run(_crash)
    message = "%s" % raised.value
    assert message.startswith("KeyError: 'crashed mid-push'; and could not change back to context admin") and "left in context cust1" in message, message
    assert isinstance(raised.value.__cause__, KeyError) and device.resets == 1
    device = Device(login="admin", refuse={"changeto context admin"})
    with pytest.raises(RuntimeError, match=r"^AssertionError; and could not change back to context admin"):
        _session(device).run(_assert_crash)  # a crash with no words still says what it was


def _assert_crash():
    raise AssertionError()


def test_a_context_named_like_a_failover_state_is_refused():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names
    assert names.context_error("actNoFailover") and names.context_error("stbynofailover")
