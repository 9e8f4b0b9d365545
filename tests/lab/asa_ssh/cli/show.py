# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``show``/``more``: scenario answers, pipes, and the built-in outputs."""

from __future__ import annotations

import re
import time
from typing import List

from .grammar import (NO_IKEV1_SA, NO_IKEV2_SA, NO_IPSEC_SA, NO_SESSIONS, SHOW_WORDS, TOP_KEYWORDS, _expand,
                      mask_secrets)
from .failover import show_failover
from .reply import Reply
from .routing import bgp_summary


class ShowMixin:
    """Show commands of ``CliSession``."""

    # -- show ---------------------------------------------------------------------------------
    def _show(self, t: List[str], invalid) -> Reply:
        command = " ".join(t)
        pipe = None
        if "|" in t:
            at = t.index("|")
            pipe, t = t[at + 1:], t[:at]
            command = " ".join(t)
        with self.device.lock:
            answer = self.device.scenario.answer(command)
        if answer is None:
            reply = self._builtin_show(t, invalid)
        else:
            reply = Reply(answer if answer.endswith("\n") or not answer else answer + "\n")
        if pipe is not None and reply.result == "ok":
            return self._filter(reply, pipe, len(t) + 1, invalid)
        return reply

    def _filter(self, reply: Reply, pipe: List[str], at: int, invalid) -> Reply:
        what = _expand(pipe[0], ["include", "exclude", "begin", "grep"])[0] if pipe else None
        if what is None:
            return invalid(at)
        pipe = [what] + pipe[1:]
        args = pipe[1:]
        negate = False
        if pipe[0] == "grep" and args[:1] == ["-v"]:
            negate, args = True, args[1:]
        if not args:
            return invalid(at + 1)
        try:
            regex = re.compile(" ".join(args))
        except re.error:
            return invalid(at + 1)
        lines = reply.text.split("\n")
        if pipe[0] == "begin":
            start = next((i for i, line in enumerate(lines) if regex.search(line)), len(lines))
            kept = lines[start:]
        else:
            keep = pipe[0] != "exclude" and not negate
            kept = [line for line in lines if bool(regex.search(line)) == keep and line]
        text = "\n".join(kept).strip("\n")
        return Reply(text + "\n" if text else "")

    def _builtin_show(self, t: List[str], invalid) -> Reply:
        dev = self.device
        if t[0] == "more":
            if len(t) == 2 and t[1] in ("system:running-config", "system:/running-config"):
                with dev.lock:
                    return Reply(self._store().text())
            if len(t) < 2:
                return invalid(1)
            return Reply("%%Error opening %s (No such file or directory)\n" % t[1], "error")
        if len(t) < 2:
            return invalid(1)
        what = t[1]
        if what == "version":
            return Reply(dev.show_version())
        if what == "running-config":
            return self._show_run(t, invalid)
        if what == "startup-config":
            text = dev.startup.get(self.context, "")
            return Reply("\n".join(mask_secrets(line) for line in text.split("\n")))
        if what == "clock":
            return Reply(time.strftime("%H:%M:%S.000 UTC %a %b %d %Y", time.gmtime()) + "\n")
        if what == "curpriv":
            level = 15 if self.privileged else 1
            mode = "P_CONF" if self.in_config else ("P_PRIV" if self.privileged else "P_UNPR")
            return Reply("Username : %s\nCurrent privilege level : %d\nCurrent Mode/s : %s\n"
                         % (self.username, level, mode))
        if what == "mode":
            return Reply("Security context mode: %s\n" % ("multiple" if dev.multi else "single"))
        if what == "context":
            if not dev.multi:
                return invalid(1)
            rows = ["Context Name      Class                Interfaces           Mode         URL"]
            rows += ["%-17s default              GigabitEthernet1/%d   Routed       disk0:/%s.cfg"
                     % (name, n + 1, name) for n, name in enumerate(dev.scenario.contexts)]
            return Reply("\n".join(rows) + "\n\nTotal active Security Contexts: %d\n" % len(dev.scenario.contexts))
        if what == "crypto":
            rest = t[2:]
            if rest[:2] == ["ikev2", "sa"]:
                return Reply(NO_IKEV2_SA + "\n")
            if rest[:2] in (["ikev1", "sa"], ["isakmp", "sa"]):
                return Reply(NO_IKEV1_SA + "\n")
            if rest[:2] == ["ipsec", "sa"]:
                return Reply(NO_IPSEC_SA + "\n")
            if not rest or rest[0] not in ("ikev2", "ikev1", "isakmp", "ipsec", "map", "ca", "key", "accelerator",
                                           "protocol", "debug-condition"):
                return invalid(2)
            return Reply()
        if what == "vpn-sessiondb":
            return Reply(NO_SESSIONS + "\n")
        if what == "bgp":
            if t[2:] not in ([], ["summary"]):
                return Reply()
            with dev.lock:
                return Reply(bgp_summary(self._store()))
        if what == "debug":
            return self._show_debug()
        if what == "logging" and len(t) == 2:
            return self._show_logging()
        if what == "hostname":
            return Reply(dev.hostname + "\n")
        if what == "failover" and len(t) == 2:
            with dev.lock:
                return Reply(show_failover(dev, self.context))
        if what in SHOW_WORDS:
            return Reply()
        return invalid(1)

    def _show_run(self, t: List[str], invalid) -> Reply:
        words = t[2:]
        if words[:1] == ["all"]:
            words = words[1:]
        if words == ["?"]:
            keys = sorted(TOP_KEYWORDS | {"all"})
            return Reply("".join("  %s\n" % k for k in keys))
        with self.device.lock:
            store = self._store()
            if not words:
                return Reply("".join(mask_secrets(line) + "\n" for line in store.lines))
            if words[0] not in TOP_KEYWORDS:
                return invalid(len(t) - len(words))
            lines = store.sections(words, masked=True, nat_objects=words == ["nat"])
        return Reply("".join(line + "\n" for line in lines))
