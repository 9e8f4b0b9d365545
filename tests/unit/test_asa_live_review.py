# -*- coding: utf-8 -*-
"""Review of the live ASA read: asa_vpn_facts changes back after `changeto context`, a `changeto` refused by a
single-context ASA is not blamed on privilege, a login banner is not an error, and a reply the pager stops at
'<--- More --->' fails at once naming why (a fake persistent connection and a fake network_cli; the real thing
against the lab is in tests/integration/test_asa_live_review.py)."""

import os

import pytest

from ansible.errors import AnsibleConnectionFailure
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.module_utils.connection import ConnectionError as ModuleConnectionError

from ansible_collections.vpnalign.s2s.plugins.cliconf import asa as cliconf_asa
from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_facts
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import live_read
from ansible_collections.vpnalign.s2s.plugins.terminal import asa as terminal_asa

from module_main import run_main

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "examples", "seed-asa-azure-pfs", "asa_running_config.txt")) as _handle:
    SEED_CONFIG = _handle.read()
FAILOVER_OFF = "Failover Off\nFailover unit Primary\nFailover LAN Interface: not Configured\n"
INVALID = repr(b"\r\n      ^\r\nERROR: % Invalid input detected at '^' marker.\r\n")


class ContextAsa(object):
    """A persistent connection to a multi-context ASA: the prompt follows `changeto` as on the device
    (hostname/context# in a context, hostname# in the system execution space)."""
    prompt = "gateway/admin# "
    contexts = ("admin", "cust1")
    multi = True
    replies = {}
    sent = []
    resets = 0

    def __init__(self, socket_path):
        self.socket_path = socket_path

    def get_prompt(self):
        return ContextAsa.prompt

    def reset(self):
        ContextAsa.resets += 1

    def get(self, command=None, **_kwargs):
        ContextAsa.sent.append(command)
        reply = ContextAsa.replies.get(command)
        if isinstance(reply, Exception):
            raise reply
        words = command.split()
        if words[0] == "changeto" and reply is None:
            if not ContextAsa.multi:
                raise ModuleConnectionError(INVALID, code=-32603)
            if words[1:] == ["system"]:
                ContextAsa.prompt = "gateway# "
            elif words[2] in ContextAsa.contexts:
                ContextAsa.prompt = "gateway/%s# " % words[2]
            else:
                raise ModuleConnectionError(repr(b"ERROR: Context '%s' does not exist\r\n" % to_bytes(words[2])), code=-32603)
            return ""
        if reply is None:
            raise ModuleConnectionError(INVALID, code=-32603)
        return reply


def run(monkeypatch, capsys, args, replies=None, prompt="gateway/admin# ", multi=True):
    ContextAsa.prompt, ContextAsa.multi, ContextAsa.sent, ContextAsa.resets = prompt, multi, [], 0
    ContextAsa.replies = dict({"show failover": FAILOVER_OFF, "show running-config": SEED_CONFIG}, **(replies or {}))
    monkeypatch.setattr(live_read, "Connection", ContextAsa)
    module_args = dict(args, _ansible_socket="/tmp/fake-socket")
    return run_main(monkeypatch, capsys, asa_vpn_facts, module_args)[0]


# ---------------------------------------------------------------------------------------------------------------------
# changeto context: and back
# ---------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("login,back", [("gateway/admin# ", "changeto context admin"), ("gateway# ", "changeto system"),
                                        ("gateway/admin/pri/act# ", "changeto context admin")])
def test_context_read_changes_back_to_where_the_session_was(monkeypatch, capsys, login, back):
    """A later task on the same connection (asa_vpn_facts without context, asa_vpn_tunnel) must not run in cust1."""
    result = run(monkeypatch, capsys, {"context": "cust1"}, prompt=login)
    assert not result.get("failed"), result
    assert result["commands"] == ["changeto context cust1", "show running-config", "show failover", back]
    assert ContextAsa.prompt.startswith(login.split("/pri")[0].strip().rstrip("#")) and "cust1" not in ContextAsa.prompt
    assert [t["name"] for t in result["ansible_facts"]["vpnalign_asa"]["tunnels"]] == ["CRYPTO-MAP 2"]


def test_a_read_already_in_that_context_does_not_change_back(monkeypatch, capsys):
    result = run(monkeypatch, capsys, {"context": "cust1"}, prompt="gateway/cust1# ")
    assert result["commands"] == ["show running-config", "show failover"]


def test_a_login_into_the_context_asked_for_reads_it_without_changeto(monkeypatch, capsys):
    """An inventory host per context, each reached at the context's own management address with vpnalign_asa_context
    set: the login lands in cust1, a non-admin context, where `changeto` does not exist. The read sent it anyway and
    failed the host ("`changeto context cust1` failed: ... not reachable from this login") although the session was
    in cust1 already; asa_vpn_tunnel's push (SessionContext.enter) sends none there."""
    refused = ModuleConnectionError(INVALID, code=-32603)
    result = run(monkeypatch, capsys, {"context": "cust1"}, {"changeto context cust1": refused},
                 prompt="gateway/cust1# ")
    assert not result.get("failed"), result["msg"]
    assert result["commands"] == ["show running-config", "show failover"]
    assert [t["name"] for t in result["ansible_facts"]["vpnalign_asa"]["tunnels"]] == ["CRYPTO-MAP 2"]


def test_a_failed_read_still_changes_back(monkeypatch, capsys):
    refused = ModuleConnectionError(repr(b"Command authorization failed\r\n"), code=-32603)
    result = run(monkeypatch, capsys, {"context": "cust1"}, {"show running-config": refused})
    assert result["failed"] is True and "Command authorization failed" in result["msg"]
    assert result["commands"] == ["changeto context cust1", "show running-config", "changeto context admin"]
    assert ContextAsa.prompt == "gateway/admin# " and ContextAsa.resets == 0


def test_a_failed_change_back_fails_naming_where_the_session_is_and_closes_the_connection(monkeypatch, capsys):
    refused = ModuleConnectionError(repr(b"Command authorization failed\r\n"), code=-32603)
    result = run(monkeypatch, capsys, {"context": "cust1"}, {"changeto context admin": refused})
    assert result["failed"] is True
    msg = result["msg"]
    assert "could not change back to context admin after reading context cust1" in msg, msg
    assert "left in context cust1" in msg and "persistent connection was closed" in msg
    assert ContextAsa.resets == 1


def test_a_prompt_that_does_not_tell_the_context_fails_before_any_changeto(monkeypatch, capsys):
    result = run(monkeypatch, capsys, {"context": "cust1"}, prompt="gateway/example.com/admin# ")
    assert result["failed"] is True and "cannot tell which context" in result["msg"]
    assert result["commands"] == [] == ContextAsa.sent


def test_changeto_on_a_single_context_asa_is_not_blamed_on_privilege(monkeypatch, capsys):
    """`changeto` exists only in multiple context mode; a single-context ASA (privileged, become done) answers
    `ERROR: % Invalid input detected at '^' marker.` The message told the user to use become/enable."""
    result = run(monkeypatch, capsys, {"context": "ctx1"}, prompt="gateway# ", multi=False)
    assert result["failed"] is True
    msg = result["msg"]
    assert "privileged EXEC" not in msg and "become" not in msg, msg
    assert "single context mode" in msg and "not reachable from this login" in msg
    assert result["commands"] == ["changeto context ctx1"]  # nothing read, nothing to change back


def test_a_changeto_refused_by_command_authorization_is_blamed_on_it(monkeypatch, capsys):
    """AAA command authorization refusing `changeto` for this user: the message quoted "Command authorization failed"
    and then supposed single context mode or an unreachable context."""
    refused = ModuleConnectionError(repr(b"Command authorization failed\r\n"), code=-32603)
    result = run(monkeypatch, capsys, {"context": "cust1"}, {"changeto context cust1": refused})
    msg = result["msg"]
    assert result["failed"] is True and "`changeto context cust1` failed: Command authorization failed" in msg, msg
    assert "command authorization (AAA) refused it for this user" in msg and "single context mode" not in msg, msg


def test_an_unknown_context_is_named(monkeypatch, capsys):
    result = run(monkeypatch, capsys, {"context": "cust9"})
    assert result["failed"] is True and "Context 'cust9' does not exist" in result["msg"]
    assert "privileged EXEC" not in result["msg"]


# ---------------------------------------------------------------------------------------------------------------------
# the login banner
# ---------------------------------------------------------------------------------------------------------------------
# network_cli as the terminal plugin sees it: test_asa_facts_live's terminal() and its FakeCli (receive() judges a reply as
# network_cli does)
from test_asa_facts_live import terminal  # noqa: E402  pylint: disable=wrong-import-position


@pytest.mark.parametrize("line", [b"Access denied to anyone not authorised by Example Corp IT.",
                                  b"Error: report problems to noc@example.com", b"% Error: unauthorised access is logged"])
@pytest.mark.parametrize("become", [True, False])
def test_a_motd_line_at_login_is_not_an_error(line, become):
    """network_cli's first receive after an SSH login holds the MOTD, the ASA's help line and the first prompt."""
    login = b"\r\n*** Authorised users only ***\r\n" + line + b"\r\nType help or '?' for a list of available commands.\r\ngateway> "
    script = [("enable", "enable\r\nPassword: "), ("pw", "\r\ngateway# ")] if become else []
    term, cli = terminal(script + [("terminal pager 0", "terminal pager 0\r\ngateway# ")])
    assert cli.receive(login) == login  # no error raised: the banner is not a command's reply
    if become:
        term.on_become(passwd="pw")
    term.on_open_shell()
    assert cli.messages == []
    # once the shell is open, errors are errors again
    with pytest.raises(AnsibleConnectionFailure):
        cli.receive(b"show run x\r\nERROR: % Invalid input detected at '^' marker.\r\ngateway# ")


def test_a_wrong_enable_password_after_a_banner_still_fails():
    term, cli = terminal([("enable", "enable\r\nPassword: "), ("bad", "\r\nInvalid password\r\nPassword: ")])
    cli.receive(b"\r\nError: report problems to noc@example.com\r\ngateway> ")
    with pytest.raises(AnsibleConnectionFailure) as err:
        term.on_become(passwd="bad")
    assert "enable failed: wrong enable password?" in str(err.value)


def test_a_new_login_expects_a_banner_again():
    """cliconf reconnect (a new login in the same persistent connection) reuses the terminal plugin."""
    term, cli = terminal([("terminal pager 0", "terminal pager 0\r\ngateway# ")])
    term.on_open_shell()
    assert term.terminal_stderr_re == terminal_asa.ERROR_RES
    term.on_close_shell()
    cli.receive(b"\r\nAccess denied to anyone not authorised.\r\ngateway> ")


# ---------------------------------------------------------------------------------------------------------------------
# the pager
# ---------------------------------------------------------------------------------------------------------------------
PAGED = b"show running-config\r\n: Saved\r\nASA Version 9.16(4)\r\nhostname gateway\r\n<--- More --->"


def test_after_a_refused_terminal_pager_a_more_prompt_ends_the_read():
    term, cli = terminal([("terminal pager 0", "terminal pager 0\r\nCommand authorization failed\r\ngateway# ")])
    term.on_open_shell()
    assert term.pager_refused == "Command authorization failed"
    assert cli.receive(PAGED) == PAGED and cli.prompt == b"<--- More --->"


class PagedNetworkCli(object):
    """network_cli whose reply to ``paged`` stopped at the pager; `q` sent alone gets the prompt back."""

    def __init__(self, paged, refused="Command authorization failed", leaves=True):
        self.paged = paged
        self.prompt = b"gateway# "
        self.sent = []
        self.raw = []
        self.leaves = leaves
        self.connected = True
        self._terminal = terminal_asa.TerminalModule(self)
        self._terminal.pager_refused = refused
        outer = self

        class Shell(object):
            def sendall(self, data):
                outer.raw.append(data)

        self._ssh_shell = Shell()

    def send(self, command, **_kwargs):
        command = to_text(command)
        self.sent.append(command)
        if command in self.paged:
            self.prompt = b"<--- More --->"
            return ": Saved\nASA Version 9.16(4)\nhostname gateway\n tunnel-group 203.0.113.20 ipsec-attributes"
        self.prompt = b"gateway# "
        return ""

    def receive(self, *_args, **_kwargs):
        if self.leaves:
            self.prompt = b"gateway# "
        return b""

    def get_prompt(self):
        return self.prompt


def test_a_reply_stopped_by_the_pager_fails_at_once_naming_why():
    conn = PagedNetworkCli(["show running-config"])
    plugin = cliconf_asa.Cliconf(conn)
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.get("show running-config")
    msg = str(err.value)
    assert "the ASA's pager stopped the reply to `show running-config` at '<--- More --->' after 4 line(s)" in msg, msg
    assert "`terminal pager 0` was refused when the session opened (Command authorization failed)" in msg
    assert "timeout" not in msg and "cut short" not in msg
    assert conn.raw == [b"q"]  # left the pager with a key alone: no extra return, so no stray prompt
    assert conn.get_prompt() == b"gateway# "
    plugin.get("show version")  # the session answers the next command
    assert conn.sent == ["show running-config", "show version"]


def test_a_paged_secret_is_masked():
    conn = PagedNetworkCli([" ikev2 local-authentication pre-shared-key S3cretKey99"])
    plugin = cliconf_asa.Cliconf(conn)
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.get(" ikev2 local-authentication pre-shared-key S3cretKey99")
    assert "S3cretKey99" not in str(err.value) and "pager stopped" in str(err.value)


def test_a_session_stuck_in_the_pager_is_replaced(monkeypatch):
    conn = PagedNetworkCli(["show running-config"], refused=None, leaves=False)
    plugin = cliconf_asa.Cliconf(conn)
    monkeypatch.setattr(plugin, "reconnect", lambda: "reconnected")
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.get("show running-config")
    msg = str(err.value)
    assert "`terminal pager 0` did not turn it off for this session" in msg
    assert "replaced by a new login" in msg


def test_the_module_does_not_blame_the_network_for_the_pager(monkeypatch, capsys):
    """The cliconf's pager message names "refused": the module must not add "is the ASA reachable...?"."""
    paged = ModuleConnectionError("the ASA's pager stopped the reply to `show running-config` at '<--- More --->' after 23 "
                                  "line(s): `terminal pager 0` was refused when the session opened (Command authorization "
                                  "failed). Allow this user `terminal pager`", code=-32603)
    result = run(monkeypatch, capsys, {}, {"show running-config": paged})
    assert result["failed"] is True and "pager stopped the reply" in result["msg"]
    assert "reachable" not in result["msg"] and "command authorization (AAA) refused it" not in result["msg"]
