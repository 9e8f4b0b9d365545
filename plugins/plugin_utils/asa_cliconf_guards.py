# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two concerns of the ASA cliconf plugin (plugins/cliconf/asa.py), mixed into its Cliconf: masking the secrets a
session sent (every error it raises is masked) and leaving a reply the ASA stopped at a question or at its pager.

They use the Cliconf's ``_connection`` and ``reconnect``; the plugin's docstring says what each does for the user.
"""

from ansible.errors import AnsibleConnectionFailure
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import MASK, redact, secrets_in
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.asa_text import (MORE_PROMPT, MORE_RE, QUESTION_RE, decline_key,
                                                                            reply_text)

# A value this short is not masked wherever it occurs: a key of 1 to 3 characters is inside most words of the ASA's
# messages ("Invalid", "marker"), which garbled them and told the key by where the stars fell. It is still masked where
# it stands as the key of a key line (redact's keyword pattern), the form in which the ASA echoes a rejected line.
_MIN_REMEMBERED = 4


def one_line(text, limit=400):
    text = " ".join(to_text(text, errors="surrogate_or_replace").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class SecretMaskingMixin:
    """The keys and passwords sent in this session, and the masking of every text raised; ``_secrets`` is a set the
    Cliconf makes."""

    def _remember_secrets(self, command):
        # the forms redact() knows (secrets.py): an NTP, OSPF or failover key is sent after its key number
        for value in secrets_in(to_text(command or "", errors="surrogate_or_replace")):
            if len(value) >= _MIN_REMEMBERED:
                self._secrets.add(value)

    def _masked(self, value):
        """``value`` (an exception, reply or command) as text with every secret masked: the values
        sent in this session (also as a bytes repr would escape them) and anything after a secret keyword."""
        text = reply_text(value)
        forms = set()
        for secret in self._secrets:
            forms.update((secret, repr(secret)[1:-1], repr(secret.encode("utf-8", "surrogateescape"))[2:-1]))
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, MASK)
        return redact(text)

    def _carries_secret(self, text):
        return self._masked(text) != text


class StoppedReplyMixin:
    """A read that ended at a question ([confirm], [yes/no]) or at '<--- More --->': leave it, so that the session is
    at its prompt for the next command, and fail saying why."""

    # -- a question ([confirm], [yes/no]) ---------------------------------------
    def _fail_at_question(self, command):
        """The read ended at a question the ASA asks before it acts (the terminal plugin's QUESTION_RE) and the caller
        gave no answer: decline it (the command does not run), get the prompt back, and fail quoting the question."""
        question = to_text(self._connection.get_prompt() or b"", errors="surrogate_or_replace").strip()
        asked = to_bytes(question, errors="surrogate_or_strict")
        if not question or not QUESTION_RE.search(asked):
            return
        key = decline_key(asked)
        left = self._leave_with(key, QUESTION_RE)
        raise AnsibleConnectionFailure(self._masked(
            "the ASA asked %r after `%s` and waited for an answer; it was declined (%r sent), so the command did not "
            "run. To answer it, send the command with prompt and answer (ansible.netcommon.cli_command)%s"
            % (one_line(question, 200), command, to_text(key), left))) from None

    # -- the pager ------------------------------------------------------------
    def _fail_at_pager(self, command, reply):
        """The read ended at '<--- More --->' (the terminal plugin counts it as a prompt once the shell is open):
        the pager stopped the reply. Leave the pager with `q` (the ASA then prints its prompt), so that the session
        is ready for the next command, and fail naming why the pager is on (terminal pager 0 refused)."""
        prompt = self._connection.get_prompt()
        if not prompt or not MORE_RE.search(to_bytes(prompt, errors="surrogate_or_strict")):
            return
        lines = len(to_text(reply or "", errors="surrogate_or_replace").splitlines())
        left = self._quit_pager()
        refused = getattr(getattr(self._connection, "_terminal", None), "pager_refused", None)
        why = ("`terminal pager 0` was refused when the session opened (%s)" % refused if refused
               else "`terminal pager 0` did not turn it off for this session")
        raise AnsibleConnectionFailure(self._masked(
            "the ASA's pager stopped the reply to `%s` at '%s' after %d line(s): %s. Allow this user `terminal pager` "
            "(command authorization) or privilege 15 (become: true), or set `pager lines 0` on the ASA%s"
            % (command, to_text(MORE_PROMPT), lines, why, left))) from None

    def _quit_pager(self):
        """Send `q` alone (network_cli's send would add a return: one more prompt, read as the next command's
        reply) and read up to the prompt; when that fails, log in again. Returns what to add to the message."""
        return self._leave_with(b"q", MORE_RE, "the pager")

    def _leave_with(self, key, still, what="the question"):
        """Send ``key`` alone and read up to the prompt; when the prompt is still ``still`` (or the read fails), log
        in again. Returns what to add to the message."""
        conn = self._connection
        if getattr(conn, "_single_user_mode", False):
            conn.get_cache().invalidate()  # the cut reply must not be served from the cache
        try:
            conn._ssh_shell.sendall(key)  # pylint: disable=protected-access
            conn.receive()
            if not still.search(to_bytes(conn.get_prompt() or b"", errors="surrogate_or_strict")):
                return ""
        except Exception:  # pylint: disable=broad-except  # a new login below, and the first failure is raised
            pass
        try:
            self.reconnect()
            return " (the session could not leave %s and was replaced by a new login)" % what
        except Exception as exc:  # pylint: disable=broad-except
            return " (the session could not leave %s, and a new login failed: %s)" % (what, one_line(self._masked(exc), 200))
