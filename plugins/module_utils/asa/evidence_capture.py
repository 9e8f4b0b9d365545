# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evidence gathered live on an ASA for one peer (issue 14): a bounded IKEv2 debug capture, the
syslog buffer lines of the IKEv2/IPsec message IDs and ``show crypto ipsec sa peer`` samples, read
through the evidence readers. The debug levels found before are set back afterwards, even when the
capture fails, and read back with ``show debug``.

Plain Python: ``capture(run, options, check_mode)`` sends every command through ``run(command) ->
reply`` (the module passes the persistent connection's ``get``); ``run`` raises ``DeviceError``.
Only parsed evidence leaves this file: the readers drop hex dumps and key material, and the raw
replies are not returned.
"""

import ipaddress
import re
import time

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.names import address_error, context_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state import SAMPLE_INTERVAL_MAX, SAMPLES_MAX
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_debug import parse_debug
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import CONTEXT_RANGES, MESSAGE_IDS, parse_syslog
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.ipsec_counters import parse_counters
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import redact

DEBUG_KINDS = ("protocol", "platform")
# `debug crypto ikev2 protocol|platform [level]`: level 1-255 (Cisco ASA Series Command Reference, debug
# crypto ikev2; 254/255 add packet decodes and dumps, "Mapping Debug/Event Levels ... to the ASA").
LEVEL_MIN, LEVEL_MAX = 1, 255
# Our own bounds (no vendor limit): a debug left running loads the ASA's CPU, so a capture is short.
LIMITS = {
    "duration": (1, 600),            # seconds of capture
    "max_lines": (1, 100000),        # debug lines kept
    "max_bytes": (1024, 16777216),   # debug bytes kept
    "poll_interval": (0.1, 10),      # seconds between two reads of the session during the capture
    "samples": (0, SAMPLES_MAX),     # `show crypto ipsec sa peer` samples
    "sample_interval": (0, SAMPLE_INTERVAL_MAX),  # seconds between two samples after the capture
}
SHOW_DEBUG = "show debug"
POLL = "show clock"  # answers at once and changes nothing; debug output arrives with its reply
_CLOCK_RE = re.compile(r"^\s*\*?\d{1,2}:\d{2}:\d{2}(\.\d+)?\s+\S+\s+\w{3}\s+\w{3}\s+\d{1,2}\s+\d{4}\s*$")
_SHOW_DEBUG_RE = re.compile(r"^\s*debug\s+(.+?)\s+enabled(?:\s+at\s+level\s+(\d+))?\s*$", re.IGNORECASE)


class DeviceError(Exception):
    """A command failed or the session was lost; ``lost`` when the connection is gone."""

    def __init__(self, message, lost=False):
        super(DeviceError, self).__init__(message)
        self.lost = lost


REPLY_TAIL = 300  # characters of the device's reply kept in a failure message


def reply_tail(words):
    """The end of the device's reply (or of the connection's error, which quotes it) for a failure message: redacted
    before it is cut, as terminal/asa.py's _device_lines is - during a capture the reply holds debug lines (nonces,
    KE data, keys), and a cut could leave a hex run too short for the redaction to know it."""
    return redact(str(words).strip())[-REPLY_TAIL:]


def validate(options, restore=False):
    """Errors in the options, before anything is sent (the peer and levels go into commands)."""
    errors = []
    if options.get("context") is not None:
        problem = context_error(options["context"])  # it goes into `changeto context <context>`
        if problem:
            errors.append(problem)
    peer = options.get("peer")
    # it goes into `show crypto ipsec sa peer <peer>`: no %zone (ipaddress takes any text after '%', newlines too)
    problem = address_error(str(peer).strip() if peer is not None else peer, "peer")
    if problem:
        errors.append(problem)
    else:
        options["peer"] = str(ipaddress.ip_address(str(peer).strip()))
    if restore:
        return errors + restore_errors(options.get("restore_debug"))
    levels = [(kind, options.get("%s_level" % kind)) for kind in DEBUG_KINDS]
    for kind, level in levels:
        if level is not None and not LEVEL_MIN <= level <= LEVEL_MAX:
            errors.append("%s_level must be %d-%d (the ASA's debug levels), not %s" % (kind, LEVEL_MIN, LEVEL_MAX, level))
    if all(level is None for _kind, level in levels):
        errors.append("set protocol_level and/or platform_level")
    for name, (low, high) in LIMITS.items():
        value = options.get(name)
        if value is not None and not low <= value <= high:
            errors.append("%s must be %s-%s, not %s" % (name, low, high, value))
    return errors


def syslog_filter():
    """`show logging | include` regex of the message IDs the syslog reader knows (and its context ranges)."""
    ids = sorted(MESSAGE_IDS) + ["%s[0-9][0-9][0-9]" % prefix for prefix in sorted(CONTEXT_RANGES)]
    return "%%ASA-[0-7]-(%s)" % "|".join(ids)


def parse_show_debug(text):
    """``show debug`` -> {"crypto ikev2 protocol": 127, ...} (None where no level is shown)."""
    levels = {}
    for line in (text or "").splitlines():
        match = _SHOW_DEBUG_RE.match(line)
        if match:
            levels[" ".join(match.group(1).lower().split())] = int(match.group(2)) if match.group(2) else None
    return levels


def _restore_commands(before, turned_on):
    """Set back exactly what was there: the level found before, else off."""
    commands = []
    for kind in turned_on:
        key = "crypto ikev2 %s" % kind
        if key in before:
            commands.append("debug %s %d" % (key, before[key]) if before[key] else "debug %s" % key)
        else:
            commands.append("no debug %s" % key)
    return commands


def _debug_lines(reply):
    """Lines of a poll's reply that are not the poll's own answer."""
    return [line.rstrip("\r") for line in (reply or "").split("\n") if line.strip() and not _CLOCK_RE.match(line)]


class _Capture(object):
    def __init__(self, run, options, check_mode, clock, sleep):
        self.run_command = run
        self.options = options
        self.check_mode = check_mode
        self.clock = clock
        self.sleep = sleep
        self.commands = []
        self.notes = []
        self.warnings = []

    def run(self, command):
        self.commands.append(command)
        return self.run_command(command)

    def sample(self, samples):
        peer = self.options["peer"]
        samples.append((time.strftime("%H:%M:%S", time.gmtime()), self.run("show crypto ipsec sa peer %s" % peer)))

    def debug(self, turned_on, monitor):
        """Turn the debugs on, read the session until a bound is reached; the caller restores."""
        opts = self.options
        monitor.append(True)
        # an SSH session sees debug output only with the monitor on; the debug commands print nothing of
        # their own, so whatever comes back with them is already debug output
        replies = [self.run("terminal monitor")]
        for kind in DEBUG_KINDS:
            level = opts.get("%s_level" % kind)
            if level is not None:
                turned_on.append(kind)
                replies.append(self.run("debug crypto ikev2 %s %d" % (kind, level)))
        lines, size, started = [], 0, self.clock()
        stopped_by = "duration"
        while True:
            reply = "\n".join(replies) + "\n" + self.run(POLL)
            replies = []
            for line in _debug_lines(reply):
                if len(lines) >= opts["max_lines"]:
                    stopped_by = "max_lines"
                    break
                if size + len(line) + 1 > opts["max_bytes"]:
                    stopped_by = "max_bytes"
                    break
                lines.append(line)
                size += len(line) + 1
            if stopped_by != "duration" or self.clock() - started >= opts["duration"]:
                break
            self.sleep(opts["poll_interval"])
        return {"lines": len(lines), "bytes": size, "seconds": round(self.clock() - started, 1), "stopped_by": stopped_by,
                "text": "\n".join(lines) + ("\n" if lines else "")}

    def restore(self, before, turned_on, monitor):
        """Set back the levels found before, turn the monitor off, read ``show debug`` back."""
        outcome = {"commands": _restore_commands(before, turned_on) + (["terminal no monitor"] if monitor else []),
                   "sent": [], "debug_after": None, "restored": False, "left_on": {}}
        try:
            for command in outcome["commands"]:
                self.run(command)
                outcome["sent"].append(command)
            after = parse_show_debug(self.run(SHOW_DEBUG))
        except DeviceError as exc:
            outcome["error"] = str(exc)
            # not read back: what this task turned on may still be on
            outcome["left_on"] = dict(("crypto ikev2 %s" % kind, self.options["%s_level" % kind]) for kind in turned_on)
            return outcome
        outcome["debug_after"] = after
        outcome["restored"] = after == before
        outcome["left_on"] = dict((key, level) for key, level in after.items() if before.get(key, 0) != level)
        return outcome


def capture(run, options, check_mode=False, clock=time.monotonic, sleep=time.sleep):
    """Gather and read the evidence; returns the result (see the module's RETURN). Raises DeviceError
    only when nothing was changed yet (``show debug`` failed)."""
    job = _Capture(run, options, check_mode, clock, sleep)
    before = parse_show_debug(job.run(SHOW_DEBUG))
    result = {"peer": options["peer"], "check_mode": check_mode, "debug_before": before, "notes": job.notes,
              "warnings": job.warnings, "commands": job.commands}
    samples, debug_text, syslog_text, failure = [], None, None, None
    try:
        if options["samples"]:
            job.sample(samples)
        if check_mode:
            job.notes.append("check mode: no debug was turned on (only show commands were sent)")
        else:
            turned_on, monitor = [], []
            try:
                captured = job.debug(turned_on, monitor)
                debug_text = captured.pop("text")
                result["capture"] = captured
                if not captured["lines"]:
                    job.notes.append("no debug output reached the session in %s s: nothing happened with the peer, or the "
                                     "ASA sends debug output to syslog (logging debug-trace)" % captured["seconds"])
            except DeviceError as exc:
                failure = exc
                result["capture"] = {"stopped_by": "connection_lost" if exc.lost else "error", "error": str(exc)}
            finally:
                result["restore"] = job.restore(before, turned_on, monitor)
        if failure is None:
            syslog_text = job.run("show logging | include %s" % syslog_filter())
            for _n in range(1, options["samples"]):
                job.sleep(options["sample_interval"])
                job.sample(samples)
    except DeviceError as exc:
        failure = failure or exc
    result["evidence"] = {
        "debug": parse_debug(debug_text) if debug_text is not None else None,
        "syslog": parse_syslog(syslog_text) if syslog_text is not None else None,
        "counters": parse_counters(samples) if samples else None,
    }
    result["texts_read"] = {"debug": debug_text is not None, "syslog": syslog_text is not None, "counters": len(samples)}
    result["_texts"] = {"debug": debug_text, "syslog": syslog_text, "counters": samples}
    if failure is not None:
        result["error"] = str(failure)
    return result


def restore_errors(levels):
    """``restore_debug``: IKEv2 debug names -> level 1-255 (or null: on at the default level)."""
    errors = []
    for key, level in (levels or {}).items():
        kind = " ".join(str(key).lower().split())
        if kind not in ["crypto ikev2 %s" % k for k in DEBUG_KINDS]:
            errors.append("restore_debug: %r is not one of crypto ikev2 protocol, crypto ikev2 platform" % (key,))
        elif level is not None and (isinstance(level, bool) or not isinstance(level, int) or not LEVEL_MIN <= level <= LEVEL_MAX):
            errors.append("restore_debug: %s must be %d-%d or null, not %r" % (kind, LEVEL_MIN, LEVEL_MAX, level))
    return errors


def restore_only(run, levels, check_mode=False):
    """Set the IKEv2 debugs to ``levels`` (what a lost session's run found before), read them back."""
    wanted = dict((" ".join(str(key).lower().split()), level) for key, level in (levels or {}).items())
    job = _Capture(run, {}, check_mode, time.monotonic, time.sleep)
    now = parse_show_debug(job.run(SHOW_DEBUG))
    kinds = [kind for kind in DEBUG_KINDS if now.get("crypto ikev2 %s" % kind) != wanted.get("crypto ikev2 %s" % kind)]
    result = {"check_mode": check_mode, "debug_before": now, "commands": job.commands, "notes": job.notes}
    if check_mode:
        result["restore"] = {"commands": _restore_commands(wanted, kinds), "sent": [], "debug_after": now,
                             "restored": not kinds, "left_on": {}}
        job.notes.append("check mode: nothing was sent but show debug")
        return result
    job.options = dict(("%s_level" % kind, now.get("crypto ikev2 %s" % kind)) for kind in DEBUG_KINDS)
    target = dict((key, level) for key, level in now.items() if not key.startswith("crypto ikev2 "))
    target.update(wanted)
    result["restore"] = job.restore(target, kinds, [])
    return result
