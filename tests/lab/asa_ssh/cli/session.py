# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One interactive shell: ``feed()`` takes what the client typed, the session answers through
the ``write``/``close`` callables it was given.  Show commands and configuration mode are mixins
(``show.py``, ``config_mode.py``)."""

from __future__ import annotations

import hashlib
import re
import time
from typing import Callable, List, Optional, Tuple

from .config_mode import ConfigMixin
from . import failover
from .debugging import DebugMixin
from .failover import STANDBY_WARNING
from .device import Device
from .grammar import AUTH_FAILED, EXEC_IN_CONFIG, INCOMPLETE, INVALID_INPUT, MORE_PROMPT, _expand, expand_exec, norm
from .reply import Reply
from .show import ShowMixin
from .store import ConfigStore


def _configures(mode: str, command: str) -> bool:
    """A configuration line (what drop/hang_after_config_lines count): typed in a configuration
    mode and not a privileged EXEC command such as ``show running-config``."""
    word = command.split()[0]
    return mode.startswith("config") and _expand(word, sorted(EXEC_IN_CONFIG))[0] is None


class CliSession(ShowMixin, ConfigMixin, DebugMixin):
    def __init__(self, device: Device, write: Callable[[bytes], None], close: Callable[[bool], None],
                 username: str = "admin", number: Optional[int] = None):
        self.device = device
        self._write_raw = write
        self._close_cb = close
        self.username = username
        self.number = number if number is not None else device.new_session()
        self.privileged = False
        self.in_config = False
        self.stack: List[Tuple[str, str]] = []  # (mode, normalised parent line), outermost first
        login = device.scenario.login_context
        self.context: Optional[str] = login if login in device.scenario.contexts else None
        self.buffer: List[str] = []
        self.last_cr = False
        self.escape = 0
        self.password_tries: Optional[int] = None  # not None while "Password: " waits
        self.new_enable: Optional[List[str]] = None  # not None while "Enter  Password:"/"Repeat Password:" wait
        self.question: Optional[Tuple[str, str, str]] = None  # (command, question, mode) while a question waits
        self.pager = device.scenario.pager_lines
        self.more: Optional[List[str]] = None  # lines still to page out
        self.closed = False
        self.hung = False  # a hang_after_config_lines fault: input is swallowed from now on
        self._pending: List[str] = []

    # -- output -------------------------------------------------------------------------------
    def write(self, text: str) -> None:
        """Queue output (LF becomes CRLF); ``flush()`` sends it, at the latest when feed() returns."""
        if not self.closed and text:
            self._pending.append(text)

    def flush(self) -> None:
        if self._pending and not self.closed:
            text = "".join(self._pending).replace("\r\n", "\n").replace("\n", "\r\n")
            self._pending = []
            self._write_raw(text.encode("utf-8", "replace"))

    def close(self, abrupt: bool = False) -> None:
        if not self.closed:
            self.flush()
            self.closed = True
            self._close_cb(abrupt)

    def mode(self) -> str:
        if not self.privileged:
            return "exec"
        if not self.in_config:
            return "enable"
        return self.stack[-1][0] if self.stack else "config"

    def prompt(self) -> str:
        name = self.device.hostname + ("/" + self.context if self.context else "")
        if not self.privileged:
            return name + "> "
        if not self.in_config:
            return name + "# "
        return "%s(%s)# " % (name, self.mode())

    def start(self) -> None:
        banner = self.device.scenario.banner
        if banner:
            self.write(str(banner).rstrip("\n") + "\n")
        self.write("Type help or '?' for a list of available commands.\n")
        self.write(self.prompt())
        self.flush()

    # -- input --------------------------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        try:
            self._feed(data)
        finally:
            self.flush()

    def _feed(self, data: bytes) -> None:
        for ch in data.decode("utf-8", "replace"):
            if self.closed or self.hung:
                return
            if self.more is not None:
                self._more_key(ch)
                continue
            if self.question is not None and self.question[1].endswith("[confirm]"):
                if ch == "\n" and self.last_cr:  # the rest of the return that asked
                    self.last_cr = False
                    continue
                self._confirm_key(ch)
                continue
            if self.escape:
                # swallow ANSI escape sequences (arrow keys): ESC [ ... final byte
                if self.escape == 1 and ch in "[O":
                    self.escape = 2
                elif self.escape == 1 or "\x40" <= ch <= "\x7e":
                    self.escape = 0
                continue
            if ch in "\r\n":
                if ch == "\n" and self.last_cr:
                    self.last_cr = False
                    continue
                self.last_cr = ch == "\r"
                line = "".join(self.buffer)
                self.buffer = []
                self.write("\n")
                if self.password_tries is not None:
                    self._password(line)
                elif self.new_enable is not None:
                    self._new_enable_password(line)
                elif self.question is not None:
                    self._question_line(line)
                else:
                    self._line(line)
                continue
            self.last_cr = False
            if ch in "\x08\x7f":
                if self.buffer:
                    self.buffer.pop()
                    self.write("\b \b")
            elif ch == "\x03":  # ctrl-c: drop the line (and any question or password being asked)
                self.buffer = []
                self.password_tries = self.new_enable = None
                if self.question is not None:
                    self._answered(False)
                    continue
                self.write("\n" + self.prompt())
            elif ch == "\x15":  # ctrl-u
                self.buffer = []
            elif ch == "\x1a":  # ctrl-z: end
                self.buffer = []
                self.write("\n")
                self._line("end" if self.in_config else "")
            elif ch == "\x1b":
                self.escape = 1
            elif ch >= " ":
                self.buffer.append(ch)
                self.write("*" if self.password_tries is not None or self.new_enable is not None else ch)

    def _more_key(self, ch: str) -> None:
        lines = self.more or []
        self.write("\r" + " " * len(MORE_PROMPT) + "\r")
        if ch in "qQ\x03":
            lines = []
        elif ch in "\r\n":
            self.write("\n".join(lines[:1]) + ("\n" if lines[:1] else ""))
            lines = lines[1:]
        else:
            self.write("\n".join(lines[:self.pager]) + ("\n" if lines[:self.pager] else ""))
            lines = lines[self.pager:]
        if lines:
            self.more = lines
            self.write(MORE_PROMPT)
        else:
            self.more = None
            self.write(self.prompt())

    def _emit(self, text: str) -> bool:
        """Write command output, paging it if the pager is on; False while '<--- More --->' waits."""
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        if self.pager > 0 and len(lines) > self.pager:
            self.write("\n".join(lines[:self.pager]) + "\n" + MORE_PROMPT)
            self.more = lines[self.pager:]
            return False
        self.write(text)
        return True

    def _think(self, seconds: float) -> None:
        """The device takes ``seconds`` to answer: the echo shows first, then nothing until the reply."""
        if seconds > 0:
            self.flush()
            time.sleep(seconds)

    def _password(self, line: str) -> None:
        dev = self.device
        self._think(dev.latency)
        if line == dev.enable_password:
            self.password_tries = None
            self.privileged = True
            dev.log(self.number, "exec", "<password>", "ok")
            self.write(self.prompt())
            return
        self.password_tries += 1
        if self.password_tries >= dev.scenario.enable_attempts:
            self.password_tries = None
            dev.log(self.number, "exec", "<password>", "denied")
            self.write("Invalid password\nAccess denied.\n" + self.prompt())
        else:
            dev.log(self.number, "exec", "<password>", "error")
            self.write("Invalid password\nPassword: ")

    def _confirm_key(self, ch: str) -> None:
        """"[confirm]" takes one key: return or y goes ahead, any other declines."""
        self._answered(ch in "\r\nyY")

    def _question_line(self, line: str) -> None:
        answer = line.strip().lower()
        if answer in ("yes", "y", "no", "n"):
            self._answered(answer.startswith("y"))
        else:
            self.write("Please answer 'yes' or 'no'.\n" + self.question[1])

    def _answered(self, yes: bool) -> None:
        """The command that asked runs (the lab does nothing more than log it) or is declined."""
        command, _question, mode = self.question
        self.question = None
        self.device.log(self.number, mode, command, "confirmed" if yes else "declined")
        self.write("\n" + self.prompt())

    def _new_enable_password(self, line: str) -> None:
        entered = self.new_enable + [line]
        if len(entered) == 1:
            self.new_enable = entered
            self.write("Repeat Password: ")
            return
        self.new_enable = None
        if entered[0] != entered[1]:
            self.device.log(self.number, "exec", "<password>", "error")
            self.write("ERROR: Passwords do not match\n" + self.prompt())
            return
        self.device.enable_password = line
        self.device.scenario.enable_password_unset = False
        self.device.log(self.number, "exec", "<password>", "set")
        self.privileged = True
        self.write(self.prompt())

    def _line(self, raw: str) -> None:
        dev = self.device
        command = norm(raw)  # what is logged and what scenario regexes are searched in
        if not command:
            self.write(self.prompt())
            return
        dev.maybe_reload()
        prompt, mode = self.prompt(), self.mode()
        scenario = dev.scenario
        extra = {"context": self.context} if self.context else {}
        fault = dev.count_config_line() if self.number and _configures(mode, command) else None
        if fault == "hang":
            # the device stops answering: the line is not applied and nothing comes back, ever
            dev.log(self.number, mode, command, "hung", **extra)
            self.hung = True
            return
        question = None if scenario.denies(command) else scenario.question_for(command)
        if question:
            self._think(dev.latency)
            dev.log(self.number, mode, command, "asked", **extra)
            self.question = (command, question, mode)
            self.write(question)
            return
        if scenario.denies(command):
            reply = Reply(AUTH_FAILED + "\n", "denied")
        else:
            self._think(scenario.delay_for(command) + dev.latency)
            try:
                reply = self._dispatch(raw, prompt)
            except Exception as exc:  # a lab bug must not kill the session silently
                reply = Reply("ERROR: lab internal error: %s: %s\n" % (type(exc).__name__, exc), "error")
        truncated = scenario.truncates(command)
        if truncated:
            extra["truncated"] = True
        if fault == "drop":
            extra["dropped"] = True
        dev.log(self.number, mode, command, reply.result, **extra)
        for lines in dev.writers_after(command) if self.number else []:
            self._other_admin(lines)
        if fault == "drop":
            # the line is applied, then the TCP connection goes before its reply
            self._pending = []
            self.close(abrupt=True)
            return
        if truncated:
            text = reply.text.replace("\r\n", "\n")
            self.write(text[:len(text) // 2])
            self.close(abrupt=True)
            return
        if reply.close:
            self.write(reply.text)
            self.close()
            return
        if not self._emit(reply.text):
            return
        debug_text = self._debug_output(command) if self.number else None
        if self.closed:
            return
        if debug_text:
            self.write(debug_text)
        if reply.prompt:
            self.write(self.prompt())

    def _other_admin(self, lines: List[str]) -> None:
        """Scenario ``writers``: another administrator's session (number 0 in the log) types
        ``lines`` in configuration mode, between two lines of this session."""
        other = CliSession(self.device, lambda data: None, lambda abrupt: None, username="other-admin", number=0)
        other.privileged = other.in_config = True
        for line in lines + ["end"]:
            other._line(line)  # pylint: disable=protected-access

    # -- dispatch -----------------------------------------------------------------------------
    def _dispatch(self, raw: str, prompt: str) -> Reply:
        positions = [m.start() for m in re.finditer(r"\S+", raw)]
        tokens = raw.split()

        def invalid(index: int) -> Reply:
            if index >= len(tokens):
                return Reply(INCOMPLETE + "\n", "error")
            column = len(prompt) + positions[index]
            return Reply(" " * column + "^\n" + INVALID_INPUT + "\n", "error")

        if tokens[0].startswith("!") or (tokens[0].startswith(":") and self.in_config):
            return Reply()  # comments are accepted anywhere
        if not self.in_config:
            expanded, bad, ambiguous = expand_exec(tokens)
            if bad is not None:
                if ambiguous:
                    return Reply('ERROR: %% Ambiguous command:  "%s"\n' % raw.strip(), "error")
                return invalid(bad)
            return self._exec(expanded, invalid)
        return self._config(tokens, raw, invalid)

    def _exec(self, t: List[str], invalid) -> Reply:
        word = t[0]
        if word in ("exit", "logout", "quit"):
            return Reply("\nLogoff\n\n", close=True)
        if word == "terminal" or t[:2] == ["no", "terminal"]:
            return self._terminal(t, invalid)
        if word == "enable":
            if self.privileged:
                return Reply()
            if self.device.scenario.enable_password_unset:
                self.new_enable = []
                return Reply("The enable password is not set.  Please set it now.\nEnter  Password: ", prompt=False)
            self.password_tries = 0
            return Reply("Password: ", prompt=False)
        if word == "show" and not self.privileged:
            if len(t) > 1 and t[1] in ("version", "clock", "curpriv"):
                return self._show(t, invalid)
            return invalid(1 if len(t) > 1 else 0)
        if word in ("debug", "undebug") or t[:2] == ["no", "debug"]:
            return self._debug(t, invalid) if self.privileged else invalid(0)
        if not self.privileged:
            return invalid(0)
        if word == "disable":
            self.privileged = False
            return Reply()
        if word == "configure":
            if len(t) < 2:
                return invalid(1)
            if t[1] != "terminal" or len(t) > 2:
                return invalid(1 if t[1] != "terminal" else 2)
            self.in_config = True
            self.stack = []
            # a standby unit of a failover pair takes the configuration, but warns that it goes nowhere
            return Reply(STANDBY_WARNING if failover.is_standby(self.device) else "")
        if word == "changeto":
            return self._changeto(t, invalid)
        if word in ("show", "more"):
            return self._show(t, invalid)
        if word == "write":
            return self._write_cmd(t, invalid)
        if word == "clear":
            if len(t) > 1 and t[1] in ("crypto", "counters", "logging", "xlate", "conn", "vpn-sessiondb"):
                return Reply()
            return invalid(min(1, len(t)))
        if word in ("ping", "traceroute"):
            return Reply("Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos, timeout is 2 seconds:\n"
                         "?????\nSuccess rate is 0 percent (0/5)\n")
        return invalid(0)

    def _terminal(self, t: List[str], invalid) -> Reply:
        if t[0] == "no":
            if t[1:] == ["terminal", "pager"]:
                self.pager = 0
                return Reply()
            return invalid(2)
        if len(t) < 2:
            return invalid(1)
        if t[1] == "pager":
            value = t[3] if t[2:3] == ["lines"] else (t[2] if len(t) > 2 else None)
            if value is None or not value.isdigit():
                return invalid(min(len(t), 3 if t[2:3] == ["lines"] else 2))
            self.pager = int(value)
            return Reply()
        if t[1] == "width":
            return Reply() if len(t) == 3 and t[2].isdigit() else invalid(2)
        if t[1] == "monitor" or t[1:3] == ["no", "monitor"]:
            self.monitor = t[1] == "monitor"
            return Reply()
        if t[1] == "interactive":
            return Reply()
        return invalid(1)

    def _changeto(self, t: List[str], invalid) -> Reply:
        dev = self.device
        if not dev.multi:
            return invalid(0)
        if any(r.search(" ".join(t)) for r in dev.scenario.changeto_stays):
            return Reply()
        if t[1:] == ["system"]:
            self.context = None
        elif len(t) == 3 and t[1] == "context":
            if t[2] not in dev.scenario.contexts:
                return Reply("ERROR: Context '%s' does not exist\n" % t[2], "error")
            self.context = t[2]
        else:
            return invalid(min(len(t), 1 if len(t) < 2 or t[1] not in ("context", "system") else 2))
        self.in_config = False
        self.stack = []
        return Reply()

    def _store(self) -> ConfigStore:
        return self.device.stores[self.context]

    def _write_cmd(self, t: List[str], invalid) -> Reply:
        dev = self.device
        if len(t) == 1 or t[1] == "memory":
            with dev.lock:
                text = self._store().text()
                dev.startup[self.context] = text
                dev.write_state()
                if self.context is None:
                    failover.replicate(dev, startup=True)  # the active unit's write memory is replicated
            digest = hashlib.md5(text.encode("utf-8")).hexdigest()  # nosec - a display checksum
            return Reply("Building configuration...\nCryptochecksum: %s %s %s %s \n\n%d bytes copied in 0.110 secs\n[OK]\n"
                         % (digest[:8], digest[8:16], digest[16:24], digest[24:], len(text)))
        if t[1] == "terminal":
            return self._show(["show", "running-config"], invalid)
        return invalid(1)
