# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sending a plan (push_crypto_map.py, push_vti*.py) to an ASA as a transaction, and saying what the device holds.

The ASA applies every line as it is typed and has no candidate configuration or commit for
crypto maps, tunnel-groups and IKE policies (its configuration sessions only cover access-group
ACLs and objects: ASA CLI configuration guide, "Edit ACLs in an Isolated Configuration Session"),
and no lock another session must respect. So a push here is:

1. the undo of every change is known before the first line (each ``Change`` carries it);
2. guard: the running config is read again just before ``configure terminal`` and must equal the
   one the plan was made from, else nothing is sent (another session is writing); a plan made from a
   read this run made right before (``fresh``: the ends of asa_vpn_tunnel ``tunnels``, each planned from
   the read-back of the one before) is not read twice: that read is the one just before; an end of a
   batch planned on a tree patched with the sections the ends before read back (``batch``, below)
   reads its own parts again before its first line (step 3 for its first change too);
3. before a change that touches a part of the config this run has not touched yet (an ACL, a
   tunnel-group, an IKEv2 policy...), that part is read again and must still be as planned, else
   the run stops there: a concurrent writer took it;
4. after the last line the config is read back and planned again: the run succeeds only when
   nothing is left to change, i.e. the device holds the desired state (a line the device took
   differently, or a writer that overwrote ours, fails the run); an end of a batch in a big config
   reads back only its sections (``parts_are_cheaper``) and is planned again on the tree they patch, the
   whole config being read back when that leaves something to change, and once by the batch after it;
5. on a refused line, a lost connection (dropped, timed out), a conflict or a failed check, the
   begun changes are undone newest first (after a reconnect when the connection was lost; on a
   conflict only the changes whose lines are still this run's, so another writer's are kept), and
   the config is read back: ``left_over`` is what differs from before in the parts this run
   touched, as read - "every change was undone" is said only when that is empty.

Without a device lock a writer whose whole change falls between one of these reads and the
write after it stays unseen; the reads are placed to make that window one round trip.

In a batch an end that went through stays in configuration mode (``in_config``) and the next end's lines follow
without `end` and `configure terminal` between them; its reads are privileged EXEC commands, which the ASA takes in
configuration mode ("All lower commands can be entered in higher modes": Cisco ASA 5500 Series Configuration Guide
using the CLI, Appendix A, "Command Modes and Prompts"). The standby check answers the batch's `configure terminal`;
a failover meanwhile ends the session (a new login enters configuration mode, and is checked, again).

Plain Python, no Ansible import: the CLI comes in as an object with ``get(command)`` and
``reconnect()`` raising ``DeviceError`` (device_cli.py; ``ConnectionCli`` wraps an Ansible connection). The parts
and sections of a config are config_parts.py's, the outcome push_outcome.py's, the undo (step 5) transaction_undo.py's.
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import (
    LEAVE,
    SHOW_RUN,
    block_map,
    change_scopes,
    changed_outside,
    diff_lines,
    in_sections,
    parts_are_cheaper,
    patched,
    section_command,
    sections_of,
    tree_of,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import DeviceError, device_said, is_refusal, short
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_outcome import Outcome, quote
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import MASK, PSK_PLACEHOLDER, ConfigTree, masked
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import in_config_mode
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction_undo import Undo

# What a standby unit of a failover pair prints when a command is entered on it: "**** WARNING **** Configuration
# Replication is NOT performed from Standby unit to Active unit. Configurations are no longer synchronized." (Cisco ASA
# CLI configuration guide, "Configuring Active/Standby Failover", Command Replication). Matched on its stable words.
STANDBY_WARNING_RE = re.compile(r"Configuration\s+Replication\s+is\s+NOT\s+performed\s+from\s+Standby", re.I)


def _before_it(applied):
    """What a push had applied when a line failed: the count and the first lines (the result's ``applied`` has all)."""
    if not applied:
        return "it was the push's first line: nothing was applied before it"
    return "%d line(s) of this push were applied before it: %s" % (len(applied), quote(applied))


class Transaction(Undo):
    """One push of ``plan`` (made from ``before_text``) over ``cli``.

    ``replan(text)``: the plan for the same options made from ``text`` (the check that the
    device holds the desired state). ``secret``: the pre-shared key, put in place of
    ``PSK_PLACEHOLDER`` when sending and masked in every message. ``guard()``: None when configuration may be
    entered, else why not (session_context.SessionContext.check: the prompt shows another security context); asked
    before every ``configure terminal``, the undo's too."""

    def __init__(self, cli, plan, before_text, replan, secret=None, guard=None, fresh=False, batch=None,
                 in_config=False):
        self.cli = cli
        self.fresh = fresh
        self.batch = batch
        self.guard_check = guard
        self.plan = plan
        self.before = ConfigTree.of(before_text)  # the tree the plan was made from (read, never changed)
        self.replan = replan
        self.secret = secret
        self.out = Outcome()
        self.scopes = []
        for change in plan.changes:
            self.scopes += [s for s in change_scopes(change) if s not in self.scopes]
        self.begun = []  # (change, number of its apply lines acknowledged)
        self.lost = False  # the connection broke and was not re-established
        self.refused = False  # the push stopped on a line the device refused (so it took nothing of that line)
        self.reconnects = 0
        self.conflict = False
        # in configuration mode: the end before in this batch entered it and stayed (``batch`` "next" below)
        self.in_config = in_config
        self.guard = None  # the config read just before the first line
        # an end of a batch whose parts are a small share of the config: they are read again instead of the whole
        # config, before the first line (unless read just now: the whole config, or its sections by the end before)
        # and, but for the batch's last end, after the last
        self.sections = sections_of(self.scopes)  # what `show running-config <words>` reads for them
        self.in_parts = batch is not None and parts_are_cheaper(self.before, self.sections)
        self.scoped_guard = self.in_parts and fresh is not True and not set(self.sections) <= set(fresh or ())

    # -- sending ---------------------------------------------------------------------------------
    def _mask(self, text):
        text = "%s" % text
        return text.replace(self.secret, MASK) if self.secret else text

    def _wire(self, line):
        return line.replace(PSK_PLACEHOLDER, self.secret) if self.secret else line

    def _send(self, line):
        """Send one line; returns None when taken, else the error (and marks a lost connection)."""
        try:
            self.cli.get(self._wire(line))
            return None
        except DeviceError as exc:
            message = self._mask(exc)
            if not is_refusal(message):
                self.lost = True
            return message

    def _read(self, command=SHOW_RUN):
        return ConfigTree(self.cli.get(command))

    def run(self):
        out = self._run()
        out.in_config = self.in_config and not self.lost
        return out

    def _run(self):
        out = self.out
        # the read the guard compares with must come from the context the plan was made in, too
        out.problem = self.guard_check() if self.guard_check is not None else None
        if out.problem is not None:
            return out
        if self.fresh is True or self.in_parts:
            # fresh: read just now, in this context: the same window as a second read; a batch's end planned on a
            # patched tree: its parts, unless read just now, are read again before its first line (_push)
            self.guard = self.before
        else:
            try:
                self.guard = self._read()
            except DeviceError as exc:
                out.problem = "cannot read the running config before the change: %s" % self._mask(exc)
                return out
        moved = changed_outside(self.before, self.guard, ())
        if moved:
            out.concurrent = moved
            out.problem = ("the running config changed after it was read for the plan (another session is "
                           "writing): %d line(s) differ: %s" % (len(moved), quote(moved)))
            return out
        if self._push():
            out.ok = True
            return out
        self._rollback()
        self._read_back()
        return out

    def _push(self):
        """Send every change; True when all went through and the device holds the desired state."""
        out = self.out
        touched = []
        problem = self._enter_config()
        if problem is not None:
            out.problem = problem
            return False
        for number, change in enumerate(self.plan.changes):
            fresh = [s for s in change_scopes(change) if s not in touched]
            touched += fresh
            found = self._still_as_planned(fresh, change) if (number or self.scoped_guard) and fresh else "as planned"
            if found == "done":
                continue  # another session made exactly this change: nothing to send, nothing to undo
            if found != "as planned":
                return False
            self.begun.append([change, 0])
            for line in change.apply:
                out.sent = True  # from here on the device may hold something of this run
                error = self._send(line)
                if error is not None:
                    kind = "the connection to the device was lost at" if self.lost else "the device refused"
                    self.refused = not self.lost
                    # the ASA's error lines, not its whole reply (the echo, the '^' line, the prompt)
                    said = device_said(error) if not self.lost else ""
                    out.problem = "%s `%s`: %s (%s)" % (kind, masked([line])[0].strip(), short(said or error),
                                                        _before_it(out.applied))
                    return False
                self.begun[-1][1] += 1
                out.applied.append(masked([line])[0])
        if self.batch != "next":
            self.in_config = self._send("end") is not None and not self.lost
        # else the batch's next end goes on in configuration mode (two round trips an end fewer: the read-back
        # and the next end's reads are privileged EXEC commands, which an ASA takes in configuration mode too)
        return self._holds()

    def _read_after_push(self):
        """The running config after every line was taken; read again on a new login when the connection went with the
        first read (the push is complete, and a lost reply alone must not undo it); None with ``problem`` set."""
        for attempt in (1, 2):
            try:
                return self.cli.get(SHOW_RUN)
            except DeviceError as exc:
                self.lost = not is_refusal(self._mask(exc))
                self.out.problem = "cannot read the running config back after the change: %s" % short(self._mask(exc))
                if attempt == 2 or not self.lost or not self._reconnect():
                    return None
        return None

    def _enter_config(self):
        """``configure terminal``; None when in configuration mode on a unit that takes configuration, else why not.
        A standby unit of a failover pair answers with its replication warning (STANDBY_WARNING_RE): nothing is sent
        to it, whoever planned the push (a failover since the facts were read, a run against the standby)."""
        problem = self.guard_check() if self.guard_check is not None else None
        if problem is not None:
            return problem
        if self.in_config and self._prompt_shows_config():
            return None  # in configuration mode since the end before, whose `configure terminal` was answered
        try:
            reply = self.cli.get("configure terminal")
        except DeviceError as exc:
            message = self._mask(exc)
            if not is_refusal(message):
                self.lost = True
            return "cannot enter configuration mode: %s" % short(message)
        self.in_config = True
        if STANDBY_WARNING_RE.search("%s" % (reply or "")):
            self.in_config = self._send("end") is not None and not self.lost
            return ("this ASA is the standby unit of a failover pair: it answered `configure terminal` with its warning "
                    "that configuration is not replicated from the standby unit to the active unit. Configuration "
                    "entered on a standby is lost at the next sync (Cisco ASA CLI configuration guide, failover, "
                    "Command Replication): run this against the active unit, which replicates the change to the "
                    "standby")
        return None

    def _prompt_shows_config(self):
        """Whether the session's prompt shows configuration mode (``host(config)#``, ``host/ctx(config-...)#``): what
        the end before left is checked, not assumed (a CLI without ``prompt``: taken as left)."""
        prompt = getattr(self.cli, "prompt", None)
        if prompt is None:
            return True
        try:
            return in_config_mode(prompt())
        except DeviceError:
            return False  # `configure terminal` then tells

    def _still_as_planned(self, scopes, change):
        """Re-read the parts a change is about to touch: "as planned" when they are as the plan saw
        them, "done" when another session added exactly what the change adds, else "conflict"."""
        now = self._read_parts(scopes, "before changing it")
        if now is None:
            return "lost"
        moved = diff_lines(block_map(self.before, scopes), block_map(now, scopes))
        if not moved:
            return "as planned"
        if _only_adds(moved, change.apply):
            return "done"
        self.conflict = True
        self.out.concurrent = moved
        self.out.problem = ("another session changed %s after this run read the config, so this run stopped "
                            "before changing it: %s" % (", ".join("`%s`" % s.strip() for s in scopes), quote(moved)))
        return "conflict"

    def _read_parts(self, scopes, why):
        """The sections of ``scopes`` as read now (``section_command``; the whole config, and only it, where this ASA
        does not know a filter: a section read besides would put its blocks in twice); None when they could not be
        read (``problem`` says why)."""
        now = ConfigTree("")
        for command in dict.fromkeys(section_command(s) for s in scopes):
            try:
                text = self.cli.get(command)
            except DeviceError as exc:
                if not is_refusal(self._mask(exc)):
                    self.lost = True
                    self.out.problem = "the connection to the device was lost reading `%s`: %s" % (
                        command, short(self._mask(exc)))
                    return None
                try:
                    return ConfigTree(self.cli.get(SHOW_RUN))  # a filter this ASA does not know: read it all
                except DeviceError as again:
                    self.lost = not is_refusal(self._mask(again))
                    self.out.problem = "cannot read `%s` %s: %s" % (command, why, short(self._mask(again)))
                    return None
            now.blocks += ConfigTree(text).blocks
        return now

    def _holds_in_parts(self):
        """A batch's read-back: the end's parts read again and patched into the tree it was planned on, planned again.
        The tree when nothing is left to change, else None (and the whole config is read back, as without a batch:
        what differs and whether another session is in it decide what is undone). Changes by another session outside
        the parts are the batch's closing read's to find (asa_vpn_tunnel: a full read after the batch's ends)."""
        now = self._read_parts(self.scopes, "after the change")
        if now is None:
            return None
        after = patched(self.guard, self.sections, now)
        try:
            remaining = self.replan(after).commands
        except ValueError:
            return None
        if remaining:
            return None
        # what differs in the sections read, outside this end's parts: another session's doing
        self.out.concurrent = diff_lines(
            block_map(tree_of([b for _n, b in in_sections(self.guard, self.sections)]), outside=self.scopes),
            block_map(tree_of([b for _n, b in in_sections(after, self.sections)]), outside=self.scopes))
        self.out.final_sections = frozenset(self.sections)
        return after

    def _holds(self):
        """Read back and plan again: nothing left to change, and what others changed meanwhile."""
        out = self.out
        if self.lost and not self._reconnect():
            # `end` went with the connection, after every line was taken: what the device holds is read on a new
            # login, not assumed undone
            out.problem = "the connection was lost at `end` after every line was taken, and %s" % out.read_back
            return False
        if self.in_parts and self.batch != "last":
            after = self._holds_in_parts()
            if after is not None:
                out.final_config = after
                return True
            if self.lost:
                return False
            out.problem = None  # a section this ASA would not filter: the whole config is read below
        text = self._read_after_push()
        if text is None:
            return False
        after = ConfigTree.of(text)  # parsed once for this check, replan and the next end's plan
        out.concurrent = changed_outside(self.guard, after, self.scopes)
        try:
            remaining = self.replan(text).commands
        except ValueError as exc:  # IntentError: what the plan relies on is gone
            remaining = ["(%s)" % exc]
        if remaining:
            # undo only what is still this run's when there is a sign of another session; otherwise
            # (the device took a line differently) undo it all
            self.conflict = bool(out.concurrent)
            out.problem = ("after the last line the device does not hold the desired state (another session "
                           "changed it, or the device took a line differently): still to send %s"
                           % quote(masked(remaining)))
            return False
        out.final_config = text
        return True


def _only_adds(moved, apply):
    """Whether the differences ``moved`` only add lines that ``apply`` adds (same parents)."""
    adds, parent = set(), None
    for line in masked(apply):
        if line.strip() in LEAVE:
            parent = None
        elif not line.startswith(" "):
            parent = line
            adds.add((line, None))
        elif parent is not None:
            adds.add((parent, line.strip()))
    parent = None
    for entry in moved:
        sign, text = entry[:1], entry[2:]
        if not text.startswith(" "):
            parent = text
        if sign == "-" or sign == "+" and ((parent, None) if not text.startswith(" ") else
                                           (parent, text.strip())) not in adds:
            return False
    return True


def run_transaction(cli, plan, before_text, replan, secret=None, guard=None, fresh=False, batch=None, in_config=False):
    """Push ``plan`` as a transaction; returns the ``Outcome``. ``fresh``: True when ``before_text`` was read over
    ``cli`` right before the plan was made (not read again as the guard); in a batch, the sections (``sections_of``)
    the end before read back right before. ``batch`` ("next" or "last"): one end of several, planned on a config
    read in full or on a tree the ends before patched with their sections. Where the end's sections are a small share
    of the config (``parts_are_cheaper``) they are read again rather than the whole config: before the first line
    unless read just now, and after the last but for the "last" end, whose read-back reads the whole config for the
    batch (asa_vpn_tunnel checks the ends before on it); ``final_config`` is then a patched tree and
    ``final_sections`` those read (issue 12: each end of a hub read its 100k lines back). A "next" end that goes through
    leaves the session in configuration mode (``Outcome.in_config``) and the next end, told ``in_config``, sends no
    `configure terminal`: privileged EXEC commands - the reads, `write memory` - are taken in configuration mode too
    ("All lower commands can be entered in higher modes", Cisco ASA 5500 Series Configuration Guide using the CLI,
    Appendix A, "Command Modes and Prompts"); the batch sends `end` after its last end (asa_vpn_tunnel)."""
    return Transaction(cli, plan, before_text, replan, secret, guard, fresh, batch, in_config).run()
