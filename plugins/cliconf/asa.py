# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
author: vpnalign.s2s developers (@vpnalign)
name: asa
short_description: Cisco ASA CLI over ansible.netcommon.network_cli
description:
  - Runs commands on a Cisco ASA and reads or changes its configuration through the CLI.
  - Selected with C(ansible_network_os=vpnalign.s2s.asa) together with C(ansible_connection=ansible.netcommon.network_cli)
    and, for privileged commands, C(become=true) with C(become_method=ansible.netcommon.enable).
  - RPCs are C(get), C(get_config), C(edit_config), C(run_commands), C(get_capabilities), C(get_device_info),
    C(reconnect) (a new login after the device dropped the session) and C(secrets_masked) (true unless
    C(persistent_log_messages) is on; answered without the device).
  - C(get_config) reads C(show running-config), C(show startup-config), or C(more system:running-config)
    (pre-shared keys in clear) when I(flags) contains C(secrets).
  - C(edit_config) enters C(configure terminal), sends the lines one by one, collects each reply, and leaves
    configuration mode with C(end); the first line the ASA rejects stops it with an error naming that line.
    The ASA has no candidate configuration, so C(commit=false), C(replace) and C(comment) are refused.
  - Secrets never leave in an error. A key or password sent in a command (C(pre-shared-key), C(password),
    C(secret)...) is remembered for the session, and every error this plugin raises - a rejected line, a reply
    cut short, a timeout, a dropped connection - is raised again with the text masked (C(*****)) and without the
    original exception chained, so neither the task result nor the connection's traceback in C(log_path) at
    C(-vvv) quotes it. C(persistent_log_messages) logs every request in clear by design, so the collection's
    modules send or read no key while it is on. Other
    cliconf plugins (C(cisco.asa.asa)) do not mask, so the collection's modules send or read a key only over this
    one (the C(secrets_masked) RPC tells them).
  - A reply the ASA's pager stops at C(<--- More --->) (C(terminal pager 0) refused for this user, with the
    C(pager lines) of the configuration in force) fails at once, naming the refusal, instead of waiting out the
    command timeout; the pager is left with C(q), so the session is back at its prompt for the next command.
  - A question the ASA asks before a command acts (C([confirm]), C([yes/no]:), a file name question ending in C(]?))
    is answered by a I(prompt) and I(answer) given with the command (C(ansible.netcommon.cli_command)); without them
    it is declined at once (C(n), C(no) or ctrl-c), so the command does not run, and the command fails quoting the
    question.
version_added: "0.1.0"
"""

import json
import re
import traceback

from collections.abc import Mapping

from ansible.errors import AnsibleConnectionFailure
from ansible.module_utils.common.text.converters import to_text
from ansible_collections.ansible.netcommon.plugins.module_utils.network.common.utils import to_list
from ansible_collections.ansible.netcommon.plugins.plugin_utils.cliconf_base import CliconfBase, enable_mode
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import device_said
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.asa_cliconf_guards import (SecretMaskingMixin, StoppedReplyMixin,
                                                                                      one_line as _one_line)
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.asa_text import reply_text

SECRETS_FLAG = "secrets"
# network_cli returns the text "None" when the channel closed before a prompt came back
CLOSED_REPLY = "None"


def _not_one_command(command):
    """Why ``command`` is not one ASA command line: the last gate under every module's own checks (review
    2026-12-05: an option that missed its check put a newline, and the lines after it ran as commands, check mode
    too). A line break or control character ends the line early or edits it; '?' is the ASA's help request
    wherever it is typed (Cisco ASA CLI: "?" lists the keywords)."""
    text = to_text(command, errors="surrogate_or_replace") if command is not None else ""
    for char in text:
        if ord(char) < 0x20 or ord(char) == 0x7F:
            return "it holds a line break or control character (%r)" % char
        if char == "?":
            return "it holds '?', which the ASA takes as a request for help"
    return None


class Cliconf(SecretMaskingMixin, StoppedReplyMixin, CliconfBase):
    def __init__(self, *args, **kwargs):
        super(Cliconf, self).__init__(*args, **kwargs)
        self._device_info = {}
        self._secrets = set()

    def send_command(self, command=None, *args, **kwargs):
        """Every command goes through here (get, get_config, edit_config, run_commands): an error
        is raised again with secrets masked and without its cause attached (a traceback logged at
        -vvv would print the cause, reply and all). A command that is not one line is never sent."""
        self._remember_secrets(command)
        problem = _not_one_command(command)
        if problem:
            raise AnsibleConnectionFailure(self._masked("refused to send %r: %s; nothing was sent"
                                                        % (to_text(command, errors="surrogate_or_replace")[:200],
                                                           problem))) from None
        terminal = getattr(self._connection, "_terminal", None)
        answers = kwargs.get("prompt", args[0] if args else None)
        leave = getattr(terminal, "questions_left_to_caller", None)
        try:
            if leave is None:
                reply = super(Cliconf, self).send_command(command, *args, **kwargs)
            else:
                with leave(bool(answers)):
                    reply = super(Cliconf, self).send_command(command, *args, **kwargs)
        except AnsibleConnectionFailure as exc:
            said = device_said(reply_text(exc))
            if said:
                # network_cli raises the whole reply (echo, '^' line, errors, prompt): name the command and keep the
                # ASA's error lines, one a line (module_utils/asa/device_cli.py reads them back with device_said)
                raise AnsibleConnectionFailure(self._masked("the ASA answered `%s` with an error:\n%s" % (
                    _one_line(to_text(command, errors="surrogate_or_replace"), 200),
                    said.replace(" | ", "\n")))) from None
            raise AnsibleConnectionFailure(self._masked(exc)) from None
        except Exception as exc:  # pylint: disable=broad-except
            text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            if not self._carries_secret(text):
                raise
            raise AnsibleConnectionFailure("%s: %s" % (type(exc).__name__, self._masked(exc))) from None
        if not kwargs.get("sendonly"):
            self._fail_at_pager(command, reply)
            self._fail_at_question(command)
        return reply

    # -- reading ------------------------------------------------------------
    def get_device_info(self):
        if not self._device_info:
            info = {"network_os": "asa"}
            data = to_text(self.get("show version"), errors="surrogate_or_replace")
            match = re.search(r"Adaptive Security Appliance Software Version (\S+)", data) or \
                re.search(r"\bVersion (\S+)", data)
            if match:
                info["network_os_version"] = match.group(1)
            match = re.search(r"^Hardware:\s+([^,\s]+)", data, re.M) or \
                re.search(r"^Model Id:\s+(\S+)", data, re.M)
            if match:
                info["network_os_model"] = match.group(1)
            match = re.search(r"^(\S+) up \d", data, re.M)
            if match:
                info["network_os_hostname"] = match.group(1)
            match = re.search(r'image file is "([^"]+)"', data)
            if match:
                info["network_os_image"] = match.group(1)
            self._device_info = info
        return self._device_info

    @enable_mode
    def get_config(self, source="running", flags=None, format=None):
        """``show running-config [flags...]``; ``more system:running-config`` when ``flags``
        holds ``secrets`` (running only); ``show startup-config`` for ``source="startup"``."""
        if source not in ("running", "startup"):
            raise ValueError("fetching configuration from %s is not supported" % source)
        if format not in (None, "text"):
            raise ValueError("'format' value %s is not supported for get_config" % format)
        flags = [f for f in to_list(flags) if f]
        if SECRETS_FLAG in flags:
            if source != "running" or len(flags) > 1:
                raise ValueError("flag 'secrets' reads the whole running configuration and takes no other flag")
            cmd = "more system:running-config"
        elif source == "running":
            cmd = " ".join(["show running-config"] + flags)
        else:
            cmd = "show startup-config"
        return self.get(cmd)

    def get(self, command=None, prompt=None, answer=None, sendonly=False, newline=True, output=None,
            check_all=False):
        if not command:
            raise ValueError("must provide value of command to execute")
        if output:
            raise ValueError("'output' value %s is not supported for get" % output)
        reply = self.send_command(command=command, prompt=prompt, answer=answer, sendonly=sendonly,
                                  newline=newline, check_all=check_all)
        if not sendonly and reply == CLOSED_REPLY:
            raise AnsibleConnectionFailure(
                "the ASA closed the connection before the reply to `%s` was complete (reply cut short)"
                % self._masked(command))
        return reply

    def run_commands(self, commands=None, check_rc=True):
        if commands is None:
            raise ValueError("'commands' value is required")
        responses = []
        for cmd in to_list(commands):
            if not isinstance(cmd, Mapping):
                cmd = {"command": cmd}
            try:
                out = self.get(**cmd)
            except AnsibleConnectionFailure as exc:
                if check_rc:
                    raise
                out = getattr(exc, "err", to_text(exc))
            responses.append(out)
        return responses

    # -- changing -----------------------------------------------------------
    @enable_mode
    def edit_config(self, candidate=None, commit=True, replace=None, diff=False, comment=None):
        """Send ``candidate`` lines in ``configure terminal``; return
        ``{"request": [...], "response": [...]}`` (one reply per line).

        A line may be a dict ``{"command", "prompt", "answer"}`` for confirmations.
        The first line that the ASA rejects (an error line in its reply) ends the session
        with ``end`` and raises AnsibleConnectionFailure naming the line; the lines before it
        stay applied (the ASA applies each line as it is entered)."""
        if not candidate:
            raise ValueError("must provide a candidate to load configuration")
        if commit is not True:
            raise ValueError("the ASA has no candidate configuration: commit=False is not supported")
        if replace:
            raise ValueError("configuration replace is not supported")
        if comment:
            raise ValueError("commit comment is not supported")
        requests, responses = [], []
        self.send_command("configure terminal")
        done = False
        try:
            for number, line in enumerate(to_list(candidate), 1):
                cmd = dict(line) if isinstance(line, Mapping) else {"command": line}
                text = to_text(cmd.get("command") or "", errors="surrogate_or_strict")
                if not text.strip() or text.strip() in ("configure terminal", "end", "exit"):
                    continue
                requests.append(text)
                try:
                    reply = self.send_command(command=text, prompt=cmd.get("prompt"), answer=cmd.get("answer"),
                                              newline=cmd.get("newline", True))
                except AnsibleConnectionFailure as exc:
                    # the ASA's error lines alone (send_command named the line already)
                    said = device_said(self._masked(exc)) or self._masked(exc)
                    raise AnsibleConnectionFailure(
                        "configuration line %d `%s` was rejected: %s (%d line(s) before it were applied)"
                        % (number, self._masked(text), _one_line(said), len(requests) - 1)) from None
                if reply == CLOSED_REPLY:
                    raise AnsibleConnectionFailure(
                        "the ASA closed the connection after configuration line %d `%s`" % (number, self._masked(text)))
                responses.append(reply)
            done = True
        finally:
            self._leave_config_mode(len(requests) if done else None)
        return {"request": requests, "response": responses}

    def _leave_config_mode(self, applied):
        """``end`` when the prompt shows configuration mode. After a failed line (``applied`` None) a failing
        ``end`` must not hide that line's error; after all ``applied`` lines it is the task's failure: the session
        may still be in configuration mode, where the next task's commands would go."""
        try:
            prompt = to_text(self._connection.get_prompt(), errors="surrogate_or_replace").strip()
            if "(config" in prompt:
                self.send_command("end")
        except AnsibleConnectionFailure as exc:
            if applied is not None:
                raise AnsibleConnectionFailure(
                    "all %d configuration line(s) were applied, but `end` failed: %s; the session may still be in "
                    "configuration mode" % (applied, _one_line(self._masked(exc)))) from None

    def reconnect(self):
        """Replace a session the device dropped or that stopped answering by a new login (enable and
        terminal settings again) in this same persistent connection, so that asa_vpn_tunnel can undo a
        push and read the config back. network_cli has no RPC for it (its close() ends the persistent
        connection), hence its attributes here (as in ansible.netcommon 8.2)."""
        conn = self._connection
        for thing in (getattr(conn, "_ssh_shell", None), conn.ssh_type_conn):
            try:
                if thing is not None:
                    thing.close()
            except Exception:  # pylint: disable=broad-except  # it is broken already
                pass
        conn._ssh_shell = None  # pylint: disable=protected-access
        conn._connected = False  # pylint: disable=protected-access
        terminal = getattr(conn, "_terminal", None)
        if hasattr(terminal, "expect_login"):
            terminal.expect_login()  # the new login's banner is not a command's reply
        conn._connect()  # pylint: disable=protected-access
        return "reconnected"

    def set_cli_prompt_context(self):
        """Called by network_cli before each task: leave configuration mode if a previous
        task left the session there."""
        if self._connection.connected:
            self._update_cli_prompt_context(config_context=")#", exit_command="end")

    def secrets_masked(self):
        """True when no key sent or read over this connection can reach a log: this plugin masks keys in every error it
        raises (module_utils/asa/device_cli.py asks before a key is sent or read in clear; no other cliconf answers),
        but persistent_log_messages logs every request and reply as it is. Else why not. Nothing goes to the device."""
        if self._connection.get_option("persistent_log_messages"):
            return ("persistent_log_messages is on for this connection: ansible-connection logs every command and "
                    "reply in clear; turn it off")
        return True

    def get_capabilities(self):
        result = super(Cliconf, self).get_capabilities()
        result["rpc"] = list(dict.fromkeys(self.get_base_rpc() + ["get_device_info", "reconnect", "secrets_masked"]))
        result["device_operations"] = {
            "supports_diff_replace": False,
            "supports_commit": False,
            "supports_rollback": False,
            "supports_defaults": True,
            "supports_onbox_diff": False,
            "supports_commit_comment": False,
            "supports_multiline_delimiter": False,
            "supports_diff_match": False,
            "supports_diff_ignore_lines": False,
            "supports_generate_diff": False,
            "supports_replace": False,
        }
        result["format"] = ["text"]
        result["output"] = []
        return json.dumps(result)
