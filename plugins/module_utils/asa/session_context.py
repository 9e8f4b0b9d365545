# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which security context a CLI session on a multi-context ASA is in, and keeping a push in the one asked for.

The prompt tells it: ``hostname/context#`` in a context, ``hostname#`` in the system execution space or on an ASA in
single context mode (Cisco ASA 5500 Series Configuration Guide using the CLI, Appendix A, "Command Modes and Prompts";
ASA CLI configuration guide, Multiple Context Mode, "Changing Between Contexts and the System Execution Space").
The prompt alone cannot tell the system execution space from single mode; the configuration read can: the system
configuration is the one that defines the contexts (``admin-context NAME``, ``context NAME``; "The security context
definition in the system configuration identifies the context name, configuration file URL, and interfaces", Cisco
Security Appliance Command Line Configuration Guide 7.0, "Adding and Managing Security Contexts",
https://www.cisco.com/c/en/us/td/docs/security/asa/asa70/configuration/guide/config/mngcntxt.html), and it has no
network settings of its own ("The system configuration does not include any network interfaces or network settings
for itself", ASA 9.1 general configuration guide, Multiple Context Mode,
https://www.cisco.com/c/en/us/td/docs/security/asa/asa91/asdm71/general/asdm_71_general_config/ha_contexts.html):
crypto maps, tunnel-groups and IKE policies belong to a context.

Plain Python, no Ansible import: the CLI is an object with ``get(command)``, ``prompt()``, ``reconnect()`` and
``reset()`` raising device_cli.DeviceError (device_cli.ConnectionCli).
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.names import FAILOVER_PROMPT_WORDS
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import DeviceError

# `changeto` (Cisco ASA command reference, changeto): multiple context mode only, from the system execution space or the
# admin context (a login to another context can reach only that one)
CHANGETO_HINT = ("`changeto` exists only on an ASA in multiple context mode, and works only from the system execution "
                 "space or the admin context: this ASA may be in single context mode, or the context is not reachable "
                 "from this login")
_PROMPT_SHAPE = re.compile(r"^([^\s()#>]+)(?:\([^)]*\))?\s*[#>]$")
# top-level lines only the system configuration has (see the module docstring)
_SYSTEM_LINE = re.compile(r"^(?:admin-context|context)[ \t]+\S+[ \t]*$", re.M)
_CONTEXT_LINE = re.compile(r"^context[ \t]+(\S+)[ \t]*$", re.M)
# the prompt did not tell the context (a `prompt` command adding the domain, say): an object no context name equals (a
# context may be named "untold": a string marker switched every prompt check off for it)
UNTOLD = object()


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "%s" % (value or "")


def context_of_prompt(prompt):
    """The security context an ASA prompt shows: None for ``host#`` (the system execution space, or single mode), the
    name for ``host/name#``; failover's ``pri``/``act`` words are skipped (names.context_error refuses a context named
    like one). ValueError when the prompt does not tell."""
    text = _text(prompt).strip()
    match = _PROMPT_SHAPE.match(text)
    if not match:
        raise ValueError("the prompt %r is not an ASA prompt" % text[-80:])
    parts = [part for part in match.group(1).split("/")[1:] if part.lower() not in FAILOVER_PROMPT_WORDS]
    if len(parts) > 1:
        raise ValueError("the prompt %r does not tell which of %s is the context" % (text, ", ".join(parts)))
    return parts[0] if parts else None


def in_config_mode(prompt):
    """Whether an ASA prompt shows a configuration mode: ``host(config)#``, ``host/context(config-tunnel-general)#``
    (the guide's "Command Modes and Prompts", above)."""
    return "(config" in _text(prompt)


def and_then(first, then):
    """One message: ``first``, and ``then`` (why the session could not change back) when there is one."""
    if not first:
        return then
    return "%s; and %s" % (first.rstrip("."), then) if then else first


def where(context):
    return "the system execution space" if context is None else "context %s" % context


def changeto_command(context):
    return "changeto system" if context is None else "changeto context %s" % context


def system_config_line(config_text):
    """The first line of ``config_text`` that only the system configuration of a multi-context ASA has, else None."""
    match = _SYSTEM_LINE.search(_text(config_text))
    return match.group(0).strip() if match else None


def context_names(config_text):
    """The security contexts a system configuration defines (``context NAME`` lines), in its order."""
    return _CONTEXT_LINE.findall(_text(config_text))


class SessionContext(object):
    """Where a push runs: ``context`` (None: where the login put the session), and back afterwards.

    ``enter`` changes to ``context`` (unless the session is there already) and checks the prompt; ``check`` is the
    guard before each ``configure terminal``; ``rejoin`` follows a reconnect (a new login lands where logins land);
    ``leave`` changes back to where the session was. Each returns None, or why not (``rejoin`` raises DeviceError)."""

    def __init__(self, cli, context, activity="push"):
        self.cli = cli
        self.context = context
        self.activity = activity  # what runs in the context, as the messages say it ("push", "capture")
        self.home = UNTOLD  # where the session was when the task began
        self.expected = UNTOLD  # what the prompt must show before configuration
        self.changed = False  # a changeto was sent: leave() goes back
        self.sent = []

    def _now(self):
        """The context the prompt shows now; DeviceError, or ValueError when it does not tell."""
        return context_of_prompt(self.cli.prompt())

    def _changeto(self, context):
        command = changeto_command(context)
        self.changed = True
        self.sent.append(command)
        self.cli.get(command)

    def enter(self):
        try:
            self.home = self._now()
        except DeviceError as exc:
            return "could not read the session's prompt: %s" % exc
        except ValueError as exc:
            if self.context is None:
                return None  # nothing to change to; the configuration read still shows the system execution space
            return ("cannot tell which context the session is in (%s), so it could not be changed back after the %s: "
                    "nothing was sent; use the default prompt (hostname and context)" % (exc, self.activity))
        if self.context is None or self.home == self.context:
            self.expected = self.home
            return None
        self.expected = self.context
        try:
            self._changeto(self.context)
        except DeviceError as exc:
            return "`%s` failed: %s (%s)" % (changeto_command(self.context), exc, CHANGETO_HINT)
        return self.check()

    def check(self):
        """None when the prompt shows the context this push is for."""
        if self.expected is UNTOLD:
            return None
        try:
            now = self._now()
        except DeviceError as exc:
            return "could not read the session's prompt before configuration mode: %s" % exc
        except ValueError as exc:
            return "the prompt no longer tells which context the session is in (%s)" % exc
        if now == self.expected:
            return None
        asked = "the context asked for" if self.context is not None else "where the configuration was read"
        return ("the session's prompt shows %s, not %s (%s): no configuration command was sent, so that nothing lands "
                "in another security context" % (where(now), where(self.expected), asked))

    def system_space(self, config_text):
        """Why ``config_text`` (the configuration read) must not be planned against: the system configuration."""
        line = system_config_line(config_text)
        if line is None:
            return None
        fix = ("set context to the security context that holds the tunnel" if self.context is None
               else "the prompt showed context %s, yet the configuration read is the system's" % self.context)
        return ("the session is in the system execution space of a multiple context mode ASA (the running config read "
                "has `%s`, a line only the system configuration has); crypto maps, tunnel-groups and IKE policies belong "
                "to a security context, the system configuration has no network settings of its own (Cisco ASA "
                "configuration guide, Multiple Context Mode, System Configuration): %s; nothing was sent"
                % (line, fix))

    def rejoin(self):
        """After a reconnect: back in the context of this push, else DeviceError (nothing is read or undone elsewhere)."""
        if self.expected is UNTOLD:
            return
        try:
            now = self._now()
        except ValueError as exc:
            raise DeviceError("after logging in again the prompt does not tell the context (%s)" % exc)
        if now != self.expected and self.context is not None:
            try:
                self._changeto(self.context)
            except DeviceError as exc:
                raise DeviceError("logged in again, but `%s` failed: %s" % (changeto_command(self.context), exc))
        problem = self.check()
        if problem is not None:
            raise DeviceError("after logging in again %s" % problem)

    def run(self, work):
        """``work()`` in the context, then back (``enter`` came first): (its value, ``leave``'s answer). After a
        crash in ``work`` the session goes back too, and the crash is raised again with what ``leave`` said, so that
        the task's message tells where the session was left (a later task on this connection must not run here)."""
        try:
            value = work()
        except Exception as exc:
            left = self.leave()
            if left:
                # "%s" of AssertionError() is empty and of a KeyError a bare key: name the crash's type as well.
                said = "%s: %s" % (type(exc).__name__, exc) if "%s" % exc else type(exc).__name__
                raise RuntimeError(and_then(said, left)) from exc
            raise
        return value, self.leave()

    def leave(self):
        """Back to where the session was. None when it is there; else what went wrong, after closing the persistent
        connection, so that no later task on it runs in ``context``."""
        if not self.changed:
            return None
        left = UNTOLD
        try:
            left = self._now()
            if left == self.home:
                return None
            self._changeto(self.home)
            left = self._now()
            if left == self.home:
                return None
            why = "the prompt then showed %s" % where(left)
        except (DeviceError, ValueError) as exc:
            why = "%s" % exc
        try:
            self.cli.reset()
            closed = "the persistent connection was closed, so the next task logs in again"
        except DeviceError as exc:
            closed = ("closing the persistent connection failed too (%s): end it (meta: reset_connection) before any "
                      "other task on this host" % exc)
        there = "an unknown context" if left is UNTOLD else where(left)
        return ("could not change back to %s after the %s in context %s (%s): the session was left in %s; %s"
                % (where(self.home), self.activity, self.context, why, there, closed))


class InContextCli(object):
    """The CLI of a transaction (``get``, ``prompt``, ``reconnect``) that, after a reconnect, is back in the push's
    context."""

    def __init__(self, cli, session):
        self.cli = cli
        self.session = session

    def get(self, command):
        return self.cli.get(command)

    def prompt(self):
        return self.cli.prompt()

    def reconnect(self):
        self.cli.reconnect()
        self.session.rejoin()
