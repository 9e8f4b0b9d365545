# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Undoing a push that did not go through, and reading back what the device then holds (transaction.py).

``Undo`` is the second half of ``transaction.Transaction``: the changes begun, newest first, after a reconnect when
the connection was lost, only those still this run's when another session is in the parts, and the config read back
to say exactly what is left (``left_over``). It uses the transaction's connection, outcome and state.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import (
    LEAVE,
    block_map,
    change_scopes,
    changed_outside,
    diff_lines,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import DeviceError, is_refusal, short
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import MASK, masked

# Reconnects one run may make while undoing and reading back.
RECONNECTS = 2


class Undo(object):
    """The undo and read-back of a ``Transaction`` (its attributes: cli, out, begun, conflict, lost, in_config,
    reconnects, guard, refused; its methods: _send, _read, _mask, _enter_config)."""

    def _reconnect(self):
        """Replace a lost connection; False when that is not possible (any more)."""
        if not self.lost:
            return True
        if self.reconnects >= RECONNECTS:
            return False
        self.reconnects += 1
        try:
            self.cli.reconnect()
        except DeviceError as exc:
            self.out.read_back = "reconnecting failed: %s" % short(self._mask(exc))
            return False
        self.lost = False
        self.in_config = False
        return True

    def _rollback(self):
        out = self.out
        if not out.sent and not self.begun:
            return
        # the config is read before the undo, not only after a sign of another session seen while pushing: a line
        # refused midway left no read, and the undo overwrote a touched line another session had rewritten meanwhile,
        # unsaid (review C2). After a lost connection, on a new login.
        ours = self._still_ours_check(self.conflict) if self.begun and self._reconnect() else None
        pending = []
        for change, acknowledged in reversed(self.begun):
            if not acknowledged and self.refused:
                # the change the device refused at its first line: nothing of it was taken, and its undo (a `no` or
                # `clear configure` of what it would have made) is no undo of anything this run did
                continue
            if ours is not None and acknowledged and not ours(change.apply[:acknowledged]):
                out.skipped_undo += masked(change.undo)
                continue
            pending += _without_untouched_keys(change.undo, change.apply[:acknowledged])
        while pending:
            if not self._reconnect():
                out.not_restored = masked(pending)
                return
            if not self.in_config:
                # the standby guard too: after a reconnect the session may reach a unit that became standby (a
                # failover meanwhile); undo lines entered there would not be replicated to the active unit
                problem = self._enter_config()
                if problem is not None:
                    if self.lost:
                        continue  # reconnect (or give up) at the top
                    out.not_restored = masked(pending)
                    out.undo_stopped = problem
                    return
            line = pending[0]
            if MASK in line:
                # a key read masked cannot be put back; never send the mask as a key
                out.keys_not_restored.append(line)
                pending.pop(0)
                continue
            error = self._send(line)
            if error is None:
                out.rolled_back.append(masked([line])[0])
                pending.pop(0)
            elif not self.lost:
                out.rollback_refused.append(masked([line])[0])  # e.g. the undo of a part never applied
                pending.pop(0)
                if _opens_block(line):
                    # the session stays where it was: the block's lines would be typed there, and its exit would
                    # leave configuration mode (review 2026-12-05: a second exit logged the session out, and every
                    # undo line after it failed)
                    inside = _block_length(pending)
                    out.undo_not_entered += masked(pending[:inside])
                    del pending[:inside]
            elif self.reconnects >= RECONNECTS:
                out.not_restored = masked(pending)
                return
            # lost: the line may or may not have been taken; resend it after the reconnect
        if self.in_config and not self.lost:
            self._send("end")
            self.in_config = False

    def _still_ours_check(self, sign=True):
        """A test whether a change's acknowledged lines are still on the device as sent (read now), or None: every
        change is then undone. None when there is no sign of another session (``sign``: one was seen while pushing;
        else lines outside this run's parts that changed since the guard's read, in the read made here), where a part
        that differs from what was sent is the device's doing (it took a line differently), and when the config
        cannot be read (with a sign, the message says so)."""
        try:
            now = self._read()
        except DeviceError as exc:
            message = self._mask(exc)
            if not is_refusal(message):
                self.lost = True  # the undo reconnects first
            if sign:
                self.out.ownership_unread = short(message)
            return None
        if not sign:
            scopes = []
            for change, _acknowledged in self.begun:
                scopes += [s for s in change_scopes(change) if s not in scopes]
            if not changed_outside(self.guard, now, scopes):
                return None
        children = {b.parent: set(b.children) for b in now.blocks}

        def ours(lines):
            parent = None
            for line in masked(lines):
                text = line.strip()
                if text in LEAVE:
                    parent = None
                    continue
                if not line.startswith(" "):
                    if text.startswith("clear configure "):
                        rest = text[len("clear configure "):]
                        if any(p == rest or p.startswith(rest + " ") for p in children):
                            return False
                        parent = None
                    elif text.startswith("no "):
                        if text[3:] in children:
                            return False
                        parent = None
                    else:
                        if text not in children:
                            return False
                        parent = text
                elif parent is not None:
                    have = children.get(parent, set())
                    if text.startswith("no ") and text[3:] in have or not text.startswith("no ") and text not in have:
                        return False
            return True

        return ours

    def _read_back(self):
        out = self.out
        if not out.sent:
            out.left_over = []
            return
        while True:
            if not self._reconnect():
                out.read_back = out.read_back or "the connection is lost"
                return
            try:
                now = self._read()
                break
            except DeviceError as exc:
                message = self._mask(exc)
                if is_refusal(message):
                    out.read_back = short(message)
                    return
                self.lost = True
        # this run's parts: those of the changes it began; the rest is other sessions' doing
        ours = []
        for change, _acknowledged in self.begun:
            ours += [s for s in change_scopes(change) if s not in ours]
        out.left_over = diff_lines(block_map(self.guard, ours), block_map(now, ours))
        out.concurrent = changed_outside(self.guard, now, ours)


def _opens_block(line):
    """Whether ``line`` is a top-level command that enters a sub-mode its next lines are typed in."""
    return not line.startswith(" ") and line.strip() not in LEAVE


def _block_length(pending):
    """How many of the first ``pending`` lines belong to the block just opened: its indented lines and the exits
    that close it."""
    count = 0
    for line in pending:
        if _opens_block(line):
            break
        count += 1
    return count


def _without_untouched_keys(undo, acknowledged):
    """``undo`` without the masked key lines of keys this change never touched: a key line the device did not take
    (or never got) left the key before in place, so there is nothing to put back (review 2026-12-05: such keys were
    said to "stay on the device" as set by this run). A key is touched by an acknowledged line that sets it (the same
    words before the key) or that removes what holds it (``clear configure``, ``no``)."""
    shown = masked(acknowledged)
    removes = any(line.strip().startswith(("clear configure ", "no ")) for line in shown)
    out = []
    for line in undo:
        if MASK in line and not removes:
            head = line.split(MASK, 1)[0].strip()
            if not any(head and other.strip().startswith(head) for other in shown):
                continue
        out.append(line)
    return out
