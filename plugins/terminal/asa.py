# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Terminal plugin for Cisco ASA CLI sessions over ansible.netcommon.network_cli.

Use with ``ansible_network_os: vpnalign.s2s.asa``. It tells network_cli what an
ASA prompt and an ASA error look like, turns the pager off when the shell opens,
and enters/leaves privileged mode for ``become`` (``become_method:
ansible.netcommon.enable``).

What comes before the first prompt of a login is the login banner (MOTD, exec banner), never a command's
reply: a banner line such as "Access denied to anyone not authorised" or "Error: report problems to ..." is
not an error. A failed login is refused by SSH itself (user, password) and a wrong enable password is
caught by ``on_become``. Once the shell is open, ``<--- More --->`` ends a read too (the pager stopped the
reply: ``terminal pager 0`` was refused), so that the cliconf plugin fails it at once instead of waiting
for the command timeout.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import re

from ansible.errors import AnsibleConnectionFailure
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible_collections.ansible.netcommon.plugins.plugin_utils.terminal_base import TerminalBase
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.asa_text import MORE_RE as _MORE, QUESTION_RE as _QUESTION, reply_text

# hostname, optional /context (multi-context) or /pri/act (failover), optional (config...) mode,
# then > (user EXEC) or # (privileged EXEC / config). Up to seven parts: `prompt` takes hostname, context, domain,
# slot, state, priority and cluster-unit, each shown after a slash (Cisco ASA command reference, "prompt").
_PROMPT = rb"[\w.+:\-]+(?:/[\w.+:\-]+){0,6}(?:\([\w.+:/ \-]*\))?[>#] ?$"
# "Password: " of `enable` (and of `login`)
PASSWORD_PROMPT_RE = re.compile(rb"(?:\A|[\r\n])\s*[Pp]assword: ?$")
# ASA 9.12 and later with no enable password yet: `enable` says "The enable password is not set.  Please set it
# now." and asks "Enter  Password:" then "Repeat Password:" (ASA 9.12 release notes, "Enable password change now
# required at login"); answering would set the device's enable password, so become stops there
ENABLE_UNSET_RE = re.compile(rb"(?:\A|[\r\n])[^\r\n]*Enter +[Pp]assword: ?$")

# Errors: the ASA prints them on a line of their own, mostly as "ERROR: % ...". Anchored at
# a line start so that config text (descriptions, banners) quoting such words is not an error.
_ERRORS = (
    rb"error:",  # "ERROR: % Invalid input detected at '^' marker.", "ERROR: Context 'x' does not exist"
    rb"%[ \t]*error\b",  # "%Error opening disk0:/x (No such file or directory)"
    rb"(?:ERROR:[ \t]*)?Command authorization failed",
    rb"(?:ERROR:[ \t]*)?%[ \t]*Invalid input",
    rb"(?:ERROR:[ \t]*)?%[ \t]*Incomplete command",
    rb"(?:ERROR:[ \t]*)?%[ \t]*Ambiguous command",
    rb"(?:ERROR:[ \t]*)?Invalid password",
    rb"(?:ERROR:[ \t]*)?Access denied",
    # no ERROR: prefix: "Removing object-group (X) not allowed, it is being used." (a `no` of an object still in
    # use; cisco.asa's terminal plugin matches the same text)
    rb"(?:ERROR:[ \t]*)?Removing\b.*\bnot allowed, it is being used",
)


class TailRegex(object):
    """A compiled regex whose ``search`` looks only at the last ``tail`` bytes.

    network_cli over libssh searches the whole reply received so far after every read (a few
    KB), so a long ``show running-config`` would be scanned hundreds of times over: quadratic,
    and a 50k-line config then runs into the command timeout. A prompt is at the very end, and
    an error line is found in the read that brings it (network_cli keeps it until the prompt
    comes), so the tail is enough. Everything else is the regex's own (``pattern``, ``flags``...).
    """

    def __init__(self, regex, tail):
        self.regex = regex
        self.tail = tail

    def search(self, data, pos=0, endpos=None):
        if endpos is None:
            endpos = len(data)
        return self.regex.search(data, max(pos, endpos - self.tail), endpos)

    def __getattr__(self, name):
        return getattr(self.regex, name)


# The prompt starts a line, so that a config line ending in '#' or '>' in the middle of a
# reply does not end it; or it is the very first thing the device sends.
PROMPT_RE = TailRegex(re.compile(rb"[\r\n]" + _PROMPT), 512)
FIRST_PROMPT_RE = re.compile(rb"\A" + _PROMPT)
# One regex for all errors (one pass), over the last 8 KB: one read of network_cli (libssh's read_bulk_response:
# at most 5 x 1,024 bytes; paramiko: a 256-byte window) and 3 KB before it, where an error line that the read
# completes begins. A line's start is a real one (``^`` does not match where the search begins). The 64 KB it was
# scanned each 5 KB read of a long reply 13 times over: 87 ms per 700 KB `show running-config`, a third of
# ansible-connection's CPU in a hub push (issue 12).
ERROR_RE = TailRegex(re.compile(rb"^[ \t]*(?:" + rb"|".join(_ERRORS) + rb")", re.I | re.M), 8192)
ERROR_RES = [ERROR_RE]
# the pager's "<--- More --->" at the very end of what came so far: the device waits for a key
MORE_RE = TailRegex(_MORE, 64)
# a question at the very end of what came so far (asa_text.QUESTION_RE): without a prompt/answer from the caller it
# ends the read at once, instead of the command timeout
QUESTION_RE = TailRegex(_QUESTION, 256)


def _last_prompt(prompt):
    return to_text(prompt or b"", errors="surrogate_or_strict").strip()


def _device_lines(exc):
    """The device's own words from an AnsibleConnectionFailure (network_cli puts the reply in it)."""
    text = reply_text(getattr(exc, "message", None) or exc)
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    hits = [line for line in lines if any(r.search(to_bytes(line)) for r in ERROR_RES)]
    # the device's words may echo the line typed: never a key or password into a message
    return redact("; ".join(hits or lines[-2:]))


class TerminalModule(TerminalBase):
    terminal_stdout_re = [PROMPT_RE, FIRST_PROMPT_RE]
    terminal_stderr_re = ERROR_RES
    terminal_config_prompt = re.compile(r"^.+\(config(-.*)?\)#$")

    def __init__(self, *args, **kwargs):
        super(TerminalModule, self).__init__(*args, **kwargs)
        # why `terminal pager 0` was refused in this session (the device's words, redacted), else None;
        # the cliconf plugin names it when a reply stops at '<--- More --->'
        self.pager_refused = None
        self.expect_login()

    def expect_login(self):
        """Next comes a login: network_cli's first read holds the login banner, then the first prompt. Banner
        text is not a command's reply, so no error regex applies until the shell is open (on_become or
        on_open_shell, which network_cli calls right after). Called again before a new login (cliconf reconnect)."""
        self.terminal_stderr_re = []
        self.terminal_stdout_re = [PROMPT_RE, FIRST_PROMPT_RE]

    def _shell_open(self):
        self.terminal_stderr_re = ERROR_RES

    def on_open_shell(self):
        """Turn the pager off for this session. A device that refuses (user EXEC on
        some releases, command authorization) still works for short replies, so a
        refusal is a warning, not fatal; a longer reply then stops at '<--- More --->', which ends
        the read (a prompt for network_cli) and which the cliconf plugin fails at once, naming the refusal."""
        self._shell_open()
        self.pager_refused = None
        try:
            self._exec_cli_command(b"terminal pager 0")
        except AnsibleConnectionFailure as exc:
            self.pager_refused = _device_lines(exc) or "refused"
            self._connection.queue_message(
                "warning",
                "vpnalign.s2s.asa: `terminal pager 0` was refused (%s); replies longer than the ASA's pager lines stop at "
                "'<--- More --->' and fail. Use become (enable) or a user allowed to run it." % self.pager_refused,
            )
        self.terminal_stdout_re = [PROMPT_RE, FIRST_PROMPT_RE, MORE_RE, QUESTION_RE]

    @contextlib.contextmanager
    def questions_left_to_caller(self, caller_answers):
        """While the caller gave a prompt and answer (cli_command prompt/answer), a question is network_cli's to
        answer and must not end the read: the reply goes on after the answer."""
        saved = self.terminal_stdout_re
        if caller_answers:
            self.terminal_stdout_re = [regex for regex in saved if regex is not QUESTION_RE]
        try:
            yield
        finally:
            if caller_answers and self.terminal_stdout_re is not saved:
                self.terminal_stdout_re = saved

    def on_close_shell(self):
        self.expect_login()

    def on_become(self, passwd=None):
        """``enable`` with the become password. The ASA asks ``Password:`` and, when the
        password is wrong, says ``Invalid password`` and asks again (``Access denied``
        after three tries): both end here as a clear failure instead of a timeout."""
        self._shell_open()
        if _last_prompt(self._get_prompt()).endswith("#"):
            return
        if passwd is None:
            # network_cli passes None when no become password is set ('' when it is set empty): an empty guess would
            # use up an enable attempt (an AAA lockout counts it) and blame the password (review E4)
            raise AnsibleConnectionFailure(
                "enable failed: become is on but no ansible_become_password is set, so `enable` was not sent: set it "
                "to the enable password (an ASA without one takes an explicit empty one: ansible_become_password: '')")
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in to_text(passwd, errors="surrogate_or_replace")):
            # the ASA ends the password at a line break and runs what follows in privileged EXEC (the ASA lab logged a
            # `write erase` after it); a value vaulted from stdin often ends in a newline. The password is not quoted.
            raise AnsibleConnectionFailure(
                "enable failed: ansible_become_password holds a line break or control character, which would end the "
                "password early and send the rest to the ASA as a command; nothing was sent. Remove it (a vaulted "
                "value made from stdin often ends in a newline)")
        saved = self.terminal_stdout_re
        # While answering, "Password:" counts as a prompt: the reply to `enable` ends there,
        # and a wrong password is seen as soon as the device asks again.
        self.terminal_stdout_re = [PROMPT_RE, FIRST_PROMPT_RE, PASSWORD_PROMPT_RE, ENABLE_UNSET_RE]
        unset = False
        try:
            self._exec_cli_command(to_bytes(json.dumps({"command": "enable"})))
            unset = bool(ENABLE_UNSET_RE.search(to_bytes(_last_prompt(self._get_prompt()))))
            if not unset and PASSWORD_PROMPT_RE.search(to_bytes(_last_prompt(self._get_prompt()))):
                self._exec_cli_command(to_bytes(json.dumps({"command": passwd}), errors="surrogate_or_strict"))
        except AnsibleConnectionFailure as exc:
            # from None: a traceback logged at -vvv would print the cause, the raw reply with it
            raise AnsibleConnectionFailure(
                "enable failed: wrong enable password? The ASA said: %s" % (_device_lines(exc) or "nothing")) from None
        finally:
            self.terminal_stdout_re = saved
        if unset:
            self._leave_enable_setup()
        prompt = _last_prompt(self._get_prompt())
        if not prompt.endswith("#"):
            if PASSWORD_PROMPT_RE.search(to_bytes(prompt)):
                self._interrupt()  # leave the password prompt without another guess
            raise AnsibleConnectionFailure(
                "enable failed: wrong enable password? The ASA is still at prompt %r "
                "(set ansible_become_password to the enable password)" % prompt)

    def _interrupt(self):
        """ctrl-c, to leave a password prompt unanswered; the failure that follows names what went wrong, so a
        session that breaks here raises nothing more."""
        try:
            self._exec_cli_command(b"\x03")
        except AnsibleConnectionFailure:
            pass

    def _leave_enable_setup(self):
        """The ASA asks for a new enable password: leave with ctrl-c, answer nothing, and fail saying so."""
        self._interrupt()
        raise AnsibleConnectionFailure(
            "enable failed: the ASA asked to set a new enable password, as an ASA without one does from release 9.12 "
            "('Enter  Password:'); it was not answered, so nothing was set. Configure `enable password` on the ASA (then "
            "ansible_become_password to it), or log in as a user that lands in privileged EXEC")

    def on_unbecome(self):
        prompt = _last_prompt(self._get_prompt())
        if not prompt.endswith("#"):
            return
        if "(config" in prompt:
            self._exec_cli_command(b"end")
        self._exec_cli_command(b"disable")
