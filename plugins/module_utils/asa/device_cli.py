# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CLI a push (transaction.py, session_context.py) talks to, and how it fails.

Plain Python, no Ansible import: an Ansible ``Connection`` (network_cli) comes in wrapped by ``ConnectionCli``.
"""

import ast
import re
import time

# What an ASA prints when it refuses a line (the terminal plugin raises on these); anything else
# that goes wrong while sending is the connection: dropped, timed out, closed mid-reply.
_REFUSED_RE = re.compile(r"ERROR:|%\s*Invalid input|%\s*Incomplete command|%\s*Ambiguous command|"
                         r"Command authorization failed|%\s*Error\b|"
                         r"Removing\b.*\bnot allowed, it is being used", re.I)


class DeviceError(Exception):
    """The CLI transport failed: the device refused the line, or the connection broke."""


class ConnectionCli(object):
    """An Ansible ``Connection`` (network_cli) as the CLI a transaction needs.

    ``errors``: the exception types the connection raises (``ansible.module_utils.connection.ConnectionError``).
    ``reconnect`` is the ``reconnect`` RPC of the vpnalign.s2s.asa cliconf plugin."""

    def __init__(self, connection, errors):
        self.connection = connection
        self.errors = errors

    def _call(self, method, *args):
        try:
            return getattr(self.connection, method)(*args)
        except self.errors as exc:
            raise DeviceError("%s" % exc)

    def get(self, command):
        return self._call("get", command)

    def reconnect(self):
        self._call("reconnect")

    def prompt(self):
        """The prompt the session showed last (network_cli's ``get_prompt``): where the session is (session_context)."""
        return self._call("get_prompt")

    def reset(self):
        """End the persistent connection, as ``meta: reset_connection`` does: the next task logs in again."""
        self._call("reset")

    def unmasked_error(self, what):
        """None when the connection's cliconf masks keys in its errors; else why ``what`` may not go over it."""
        return unmasked_error(getattr(self.connection, SECRETS_MASKED_RPC), self.errors, what)


# network_cli raises a device reply as its error, and ansible-connection writes that traceback to log_path at
# verbosity 3: a key sent or read in clear is then logged as well unless the cliconf masks it. Only the collection's
# own cliconf (plugins/cliconf/asa.py) does, and it alone answers this RPC (any other says "Method not found").
SECRETS_MASKED_RPC = "secrets_masked"


def unmasked_error(ask, errors, what):
    """None when ``ask()`` (the secrets_masked RPC) answers True; else the message that refuses ``what`` (a key to
    send, a read with keys in clear). ``errors``: the exception types the connection raises."""
    try:
        answer = ask()
    except errors as exc:
        words = " ".join(("%s" % exc).split())
        why = "" if "method not found" in words.lower() else " (asking it failed: %s)" % short(words)
    else:
        if answer is True:
            return None
        if isinstance(answer, str):  # the collection's cliconf, on a connection that logs in clear
            return "%s cannot be used: %s" % (what, short(answer))
        why = ""
    return ("%s needs ansible_network_os=vpnalign.s2s.asa: this connection's cliconf plugin does not mask keys in "
            "the errors it raises, and ansible-connection writes those to log_path at -vvv%s" % (what, why))


# Seconds between two calls on a persistent connection while a module waits (wait_alive).
KEEPALIVE = 10


def wait_alive(seconds, ping, sleep=time.sleep, clock=time.monotonic):
    """Sleep ``seconds``, calling ``ping`` (a call on the persistent connection that sends nothing to the ASA, e.g.
    network_cli's ``get_prompt``) every KEEPALIVE seconds: ansible-connection ends a persistent connection after
    persistent_connect_timeout (30 s by default) without a call (review 2026-12-04: a sample_interval of 35 s failed the
    read after the whole wait)."""
    end = clock() + seconds
    while True:
        left = end - clock()
        if left <= 0:
            return
        sleep(min(left, KEEPALIVE))
        if end - clock() > 0:
            ping()


# The ASA's error lines, each on a line of its own (the same forms as the terminal plugin's _ERRORS, terminal/asa.py):
# "ERROR: % Invalid input detected at '^' marker.", "ERROR: % No trustpoints", "%Error opening disk0:/x", "Command
# authorization failed", "Removing object-group (X) not allowed, it is being used."
_ERROR_LINE_RE = re.compile(r"^\s*(?:error:|%\s*error\b|(?:ERROR:\s*)?(?:Command authorization failed|%\s*Invalid input|"
                            r"%\s*Incomplete command|%\s*Ambiguous command|Invalid password|Access denied|"
                            r"Removing\b.*\bnot allowed, it is being used))", re.I)
_CARET_RE = re.compile(r"^(\s*)\^\s*$")
_BYTES_REPR_RE = re.compile(r"""^b(['"]).*\1$""", re.S)


def _reply_text(message):
    """``message`` as text: network_cli raises a refused command's raw reply (bytes), which arrives as its repr."""
    text = "%s" % (message if message is not None else "")
    if _BYTES_REPR_RE.match(text.strip()):
        try:
            value = ast.literal_eval(text.strip())
            text = value.decode("utf-8", "replace") if isinstance(value, bytes) else "%s" % value
        except (ValueError, SyntaxError):
            pass
    return text


def device_said(message):
    """What the ASA said when it refused a command, from its reply (the command's echo, a ``^`` marker line, the
    error lines, the prompt): its error lines, joined by " | ", and after an "Invalid input" the word the ``^``
    marks in the echo ("(at `word`)"); "" when the reply holds no error line (a timeout, a dropped connection).
    Not redacted: the caller masks it (the word marked may be a key)."""
    lines = _reply_text(message).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    said, marked = [], None
    for at, line in enumerate(lines):
        caret = _CARET_RE.match(line)
        if caret and at and marked is None:
            column = len(caret.group(1).expandtabs())
            words = re.finditer(r"\S+", lines[at - 1])
            marked = next((m.group(0) for m in words if m.start() <= column < m.end() or m.start() >= column), None)
        elif _ERROR_LINE_RE.match(line):
            said.append(" ".join(line.split()))
    if not said:
        return ""
    return " | ".join(said) + (" (at `%s`)" % marked if marked and "invalid input" in said[0].lower() else "")


def is_refusal(message):
    return bool(_REFUSED_RE.search(message or ""))


def short(message, limit=300):
    text = " ".join(("%s" % message).replace("\\r", " ").replace("\\n", " ").split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
