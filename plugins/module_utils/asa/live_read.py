# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live form of asa_vpn_facts: the commands it sends over the persistent connection, the context it reads in
and back, and the words of its failures. Used by the module and by its action plugin (plugins/action/asa_vpn_facts.py),
which runs the live form in the controller's worker with this same code."""

import ast
import re

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.connection import Connection, ConnectionError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import add_state, asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import SHOW_FAILOVER, config_digest, parse_show_failover
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import NotAsaConfig
# one reading of the prompt and of `changeto` for asa_vpn_facts and asa_vpn_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import CHANGETO_HINT, and_then, context_of_prompt
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import context_names, system_config_line
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import where as _where
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state import SHOW_IKEV2_SA, SHOW_IPSEC_SA, SHOW_SESSIONDB_L2L
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import SECRETS_MASKED_RPC, device_said, unmasked_error, wait_alive
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact

SHOW_RUN = "show running-config"
MORE_SYSTEM_RUN = "more system:running-config"
# network_cli hands back the text "None" when the channel closed before the prompt returned
CLOSED_REPLY = "None"

_HINTS = (
    # the cliconf's message when the pager stopped a reply names its own cause (terminal pager 0 refused)
    ("<--- more --->", None),
    # SSH trust, before the words a failed login shares with it (review E2)
    ("host key", "the ASA's SSH host key is not the one known_hosts holds for this address (a replaced device, or "
                 "something in between): check the key, then update ~/.ssh/known_hosts; ansible_host_key_checking: "
                 "false skips the check"),
    ("authenticity of host", "the ASA's SSH host key is not in known_hosts: add it (ssh-keyscan, after checking its "
                             "fingerprint on the console), or set ansible_host_key_checking: false"),
    ("command authorization failed", "the ASA's command authorization (AAA) refused it for this user"),
    ("invalid input", "the ASA does not accept it here: is the session in privileged EXEC? Use become: true with "
                      "become_method: ansible.netcommon.enable (and the enable password in ansible_become_password)"),
    ("incomplete command", "the ASA found the command incomplete"),
    ("enable failed", None),
    ("authentication", "check ansible_user and ansible_password"),
    ("access denied", "check ansible_user and ansible_password"),
    ("command timeout", "no prompt came back in time: the reply was cut short (connection closed mid-reply) or "
                        "the ASA is slow; see ansible_command_timeout"),
    ("timed out", "is the ASA reachable on that address and port?"),
    ("timeout", "is the ASA reachable on that address and port?"),
    ("refused", "is the ASA reachable on that address and port, with SSH enabled?"),
    ("unable to connect", "is the ASA reachable on that address and port, with SSH enabled?"),
    ("no route", "is the ASA reachable on that address and port?"),
    ("cut short", None),
    ("closed", "the reply was cut short: the connection dropped, or the ASA ended the session"),
    # libssh's words when the session is gone before the command is sent (paramiko says "Socket is closed", above): a
    # reply cut short before it (a `show failover`, which does not fail the read, say) dropped the connection
    ("failed to write", "the connection dropped, or the ASA ended the session, before the command was sent"),
)


# Failures of the connection set-up (login, enable, terminal) rather than of the command sent
_SESSION_FAILURES = ("ssh connection failed", "ssh connect failed", "enable failed", "authentication",
                     "unable to open shell", "unable to elevate privilege", "timed out", "no route to host",
                     "name or service not known", "connection refused", "unable to connect",
                     "host key", "authenticity of host", "could not resolve")


# A reply raised as an error that holds no ASA error line (device_said): the terminal plugin of another network_os took
# a line of it for one - cisco.asa's matches "error:" anywhere in a line (its terminal_stderr_re), so an interface
# description or an ACL remark with "ERROR:" in it failed `show running-config`
_NO_ERROR_LINE = ("no line of the reply is an ASA error line: the connection's terminal plugin took one of these for an "
                  "error, as cisco.asa.asa's does with 'error:' anywhere in a line (a description, a remark); "
                  "ansible_network_os=vpnalign.s2s.asa takes only the ASA's own error lines for errors")


class DeviceError(Exception):
    """A failed read, in the user's words. ``session_lost``: the connection failed, not the ASA answering (a refusal,
    an error line): nothing more can be read on it, so no caller may take it for a refusal."""

    def __init__(self, message, session_lost=False):
        super(DeviceError, self).__init__(message)
        self.session_lost = session_lost


_BYTES_REPR = re.compile(r"\bb'(?:[^'\\]|\\.)*'" + r'|\bb"(?:[^"\\]|\\.)*"')
_WHOLE_BYTES_REPR = re.compile(r"""^b(['"]).*\1$""", re.S)


def _unrepr(match):
    try:
        return to_text(ast.literal_eval(match.group(0)), errors="surrogate_or_replace")
    except (ValueError, SyntaxError):
        return match.group(0)


def _device_words(message, secrets):
    """The device's message, reduced to its meaningful lines and redacted. network_cli raises
    with the raw reply (bytes), which arrives here as its repr: decode it first."""
    text = _BYTES_REPR.sub(_unrepr, to_text(message, errors="surrogate_or_replace"))
    text = redact(text, secrets)
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    markers = ("error", "failed", "invalid", "incomplete", "denied", "refused", "timed out", "timeout", "closed",
               "unable", "cannot", "could not", "authentication", "unreachable", "no route", "cut short")
    keep = [line for line in lines if any(m in line.lower() for m in markers)]
    keep = (keep or lines)[-4:]
    return " | ".join(keep)[:800] or "no message"


def _hint(words):
    low = words.lower()
    for marker, hint in _HINTS:
        if marker in low:
            return hint
    return None


class LiveAsa(object):
    """The commands this module sends, through whichever cliconf serves the connection
    (vpnalign.s2s.asa or cisco.asa.asa): only ``get`` is used, which both have."""

    def __init__(self, module, secrets):
        self.module = module
        self.secrets = secrets
        self.sent = []
        self.conn = Connection(module._socket_path)

    def context(self):
        """The context the session is in now, from its prompt (context_of_prompt)."""
        try:
            prompt = self.conn.get_prompt()
        except ConnectionError as exc:
            raise DeviceError("could not read the session's prompt: %s" % _device_words(exc, self.secrets))
        try:
            return context_of_prompt(prompt)
        except ValueError as exc:
            raise DeviceError("cannot tell which context the session is in, so it could not be changed back after the "
                              "read (%s): nothing was sent; use the default prompt (hostname and context)" % exc)

    def wait(self, seconds):
        """Sleep ``seconds`` between samples, keeping the persistent connection (device_cli.wait_alive)."""
        wait_alive(seconds, self._ping)

    def _ping(self):
        try:
            self.conn.get_prompt()  # answered by ansible-connection from the last prompt seen: nothing reaches the ASA
        except ConnectionError as exc:
            raise DeviceError("the connection ended while waiting between samples: %s" % _device_words(exc, self.secrets))

    def run(self, command, hint=None):
        self.sent.append(command)
        try:
            reply = self.conn.get(command=command)
        except ConnectionError as exc:
            # the ASA's own error lines when it refused the command (device_said), else the connection's words
            message = to_text(exc, errors="surrogate_or_replace")
            said = device_said(message)
            words = redact(said, self.secrets) if said else _device_words(exc, self.secrets)
            # network_cli raised the ASA's reply to the command, the whole message its raw bytes: the session was open,
            # whatever words the reply holds ("remote-authentication" in a config line is no failed login)
            replied = bool(_WHOLE_BYTES_REPR.match(message.strip()))
            if replied and not said:
                hint = hint or _NO_ERROR_LINE
            if "command authorization failed" in words.lower():
                # the ASA said why: its AAA refused the command, whatever the caller's hint supposes (a `changeto` refused
                # so was blamed on single context mode)
                hint = _hint(words)
            hint = hint or _hint(words)
            hint = (" (%s)" % hint) if hint else ""
            # neither the ASA's error line nor its reply: the connection's own failure (closed, timed out)
            lost = not said and not replied
            if lost and any(marker in words.lower() for marker in _SESSION_FAILURES):
                raise DeviceError("could not open a CLI session on the ASA: %s%s" % (words, hint), session_lost=True)
            raise DeviceError("`%s` failed: %s%s" % (redact(command, self.secrets), words, hint), session_lost=lost)
        reply = to_text(reply, errors="surrogate_or_replace") if reply is not None else None
        if reply is None or reply.strip() == CLOSED_REPLY:
            raise DeviceError("`%s` failed: the ASA closed the connection before the reply was complete "
                              "(reply cut short)" % redact(command, self.secrets), session_lost=True)
        return reply


def _config_complete(text):
    """A whole ``show running-config`` ends with ``: end``."""
    for line in reversed(text.splitlines()):
        if line.strip():
            return line.strip().lower() in (": end", ":end", "end")
    return False


def read_failover(asa, text, key=None, secrets=()):
    """The compact failover fact with ``config_digest`` (failover.config_digest of ``text`` keyed with ``key``, the
    run's psk_hash_key: secrets masked, never a line; None without a key). A ``show failover`` refused (AAA command
    authorization) or not read as one does not fail the read: the configuration facts stand, and the fact says the
    unit is unknown (``enabled`` null) and why - redacted (secrets.redact, and ``secrets``: the clear keys read), since
    the reason may quote the reply's first line and goes into notes and reports. A session lost in it fails the read:
    without gather_state nothing else is sent, so the task passed on a dead session."""
    try:
        facts = parse_show_failover(asa.run(SHOW_FAILOVER))
    except (DeviceError, ValueError) as exc:
        if isinstance(exc, DeviceError) and exc.session_lost:
            raise
        why = " ".join(("%s" % exc).split())
        if not isinstance(exc, DeviceError):
            # a DeviceError holds the device's words redacted already (LiveAsa.run) and this module's hint, which
            # redact would garble ("the enable password ***** ansible_become_password", review E5)
            why = redact(why, secrets)
        return {"enabled": None, "unit": None, "state": None, "mate_state": None,
                "error": "`%s` did not return the failover status: %s" % (SHOW_FAILOVER, why[:300])}
    facts["config_digest"] = config_digest(text, key)
    return facts


def enter_context(asa, context):
    """``changeto context <context>`` unless the prompt shows the session in ``context`` already (a login to that
    context's own address, where `changeto` does not exist: a login to a non-admin context reaches that context only -
    Cisco ASA configuration guide, Multiple Context Mode, "Context Administrator Access"; and a session started by
    `changeto` runs as enable_15, which the context's command authorization may refuse - same guide, "Security Contexts
    and Command Authorization"), as SessionContext.enter does for a push; returns where the session was before (None:
    the system execution space)."""
    home = asa.context()
    if home != context:
        asa.run("changeto context %s" % context, hint=CHANGETO_HINT)
    return home


def in_context(asa, context):
    """DeviceError unless the prompt shows ``context`` after the changeto: an ASA that answered it without changing
    (AAA command authorization, a reply network_cli took for success) would have had another context read as this one,
    and align would plan its push on that."""
    now = asa.context()
    if now != context:
        raise DeviceError("after `changeto context %s` the session's prompt shows %s, not context %s: nothing was read"
                          % (context, _where(now), context))


def leave_context(asa, context, home):
    """Change back to ``home`` after reading ``context``. None when the session is back there; else what went wrong,
    after closing the persistent connection, so that no later task on it runs in ``context``."""
    if home == context:
        return None
    back = "changeto system" if home is None else "changeto context %s" % home
    left = context
    try:
        asa.run(back, hint=CHANGETO_HINT)
        left = asa.context()
        if left == home:
            return None
        why = "the prompt then showed %s" % _where(left)
    except DeviceError as exc:
        why = "%s" % exc
    try:
        asa.conn.reset()
        closed = "the persistent connection was closed, so the next task logs in again"
    except ConnectionError as exc:
        closed = ("closing the persistent connection failed too (%s): end it (meta: reset_connection) before any other "
                  "task on this host" % _device_words(exc, asa.secrets))
    return ("could not change back to %s after reading context %s (%s): the session was left in %s; %s"
            % (_where(home), context, why, _where(left), closed))


def system_space_error(facts, text):
    """Why a live read without ``context`` is no read of the ASA's tunnels: the session is in the system execution space
    of a multiple-context ASA (``ASA Version X <system>``, or the lines only its configuration has), whose VPNs run in
    the contexts; None otherwise. A forgotten vpnalign_asa_context must fail the host (HOST_NOT_READ), not read as an
    ASA without tunnels next to others (review E1); a saved system configuration given as a file is still only noted."""
    line = "ASA Version %s <system>" % facts["version"] if facts.get("system_context") else system_config_line(text)
    if not line:
        return None
    names = context_names(text)
    which = "one of its contexts (%s)" % ", ".join(names) if names else "the context"
    return ("the session is in the system execution space of a multiple-context ASA (the configuration read has `%s`): "
            "its VPN tunnels are in the security contexts, none of which was read; set context (the host variable "
            "vpnalign_asa_context in playbooks/check.yml and the align role) to %s that terminates the tunnels"
            % (line, which))


def read_live(asa, params, digester, secrets):
    """The facts of the context the session is in."""
    command = MORE_SYSTEM_RUN if params["include_secrets"] else SHOW_RUN
    text = asa.run(command)
    if not _config_complete(text):
        lines = len(text.splitlines())
        raise DeviceError("`%s` failed: the reply was cut short (%d line(s) and no ': end' line)" % (command, lines))
    try:
        facts = asa_facts_from_text(text, host=params["host"], source="device", psk_digest=digester)
    except NotAsaConfig as exc:
        raise DeviceError("`%s` did not return an ASA configuration (%s)" % (command, exc))
    problem = system_space_error(facts, text) if params["context"] is None else None
    if problem:
        raise DeviceError(problem)
    # which unit of a failover pair this is (vpn_compat_check checks a proven pair once; align never pushes to a
    # standby); the digest of the replicated lines is what proves two hosts are one pair's units
    facts["failover"] = (read_failover(asa, text, params["psk_hash_key"], secrets) if params["gather_failover"]
                         else None)
    del text
    if params["gather_state"]:
        samples = max(1, params["samples"])
        interval = max(0.0, float(params["sample_interval"]))
        ipsec = [asa.run(SHOW_IPSEC_SA)]
        ikev2 = asa.run(SHOW_IKEV2_SA)
        sessiondb = asa.run(SHOW_SESSIONDB_L2L)
        for _n in range(1, samples):
            asa.wait(interval)
            ipsec.append(asa.run(SHOW_IPSEC_SA))
        add_state(facts, ipsec, ikev2, sessiondb, interval=interval, commands=asa.sent)
    return facts


def gather_live(module, digester, secrets):
    params = module.params
    if not module._socket_path:
        module.fail_json(msg="asa_vpn_facts: no running_config or src given, and no persistent connection to read "
                             "the ASA live: run it against an ASA host with ansible_connection="
                             "ansible.netcommon.network_cli and ansible_network_os=vpnalign.s2s.asa (or cisco.asa.asa)")
    asa = LiveAsa(module, secrets)
    if params["include_secrets"]:
        problem = unmasked_error(getattr(asa.conn, SECRETS_MASKED_RPC), ConnectionError, "include_secrets")
        if problem:
            module.fail_json(msg="asa_vpn_facts: %s; nothing was read" % problem, commands=[])
    context = params["context"]
    errors = []
    facts = None
    try:
        home = enter_context(asa, context) if context else None
    except DeviceError as exc:
        errors.append("%s" % exc)
    else:
        # also when the read failed, or crashed: a later task on this connection must not run in `context`
        try:
            if context:
                in_context(asa, context)
            facts = read_live(asa, params, digester, secrets)
        except DeviceError as exc:
            errors.append("%s" % exc)
        except Exception as exc:
            left = leave_context(asa, context, home) if context else None
            if left:
                raise RuntimeError(and_then("%s" % exc, left)) from exc
            raise
        left = leave_context(asa, context, home) if context else None
        if left:
            errors.append(left)
    if errors:
        module.no_log_values.update(secrets)
        module.fail_json(msg="asa_vpn_facts: %s" % "; and ".join(errors), commands=asa.sent)
    return {"commands": asa.sent, "facts": facts}
