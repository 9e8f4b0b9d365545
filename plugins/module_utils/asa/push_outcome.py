# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a push (transaction.py) did, and what the device holds afterwards: the module result and message.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

SHOWN = 8  # lines quoted in a message; the result lists them all


class Outcome(object):
    """What a push did and what the device holds afterwards (lines masked)."""

    def __init__(self):
        self.ok = False
        self.problem = None  # why the push stopped (None: it went through)
        self.applied = []  # lines the device took (acknowledged)
        self.rolled_back = []  # undo lines the device took
        self.rollback_refused = []  # undo lines the device refused (or never answered)
        self.not_restored = []  # undo lines that could not be sent: the connection was gone
        # undo lines of keys read masked: the key this run sent stays (a read-back shows both keys masked)
        self.keys_not_restored = []
        self.skipped_undo = []  # undo lines not sent because another session changed their part since
        self.undo_not_entered = []  # undo lines not sent because the device refused the line that opens their block
        # why the config could not be read to tell this run's lines from another session's: every change was undone
        self.ownership_unread = None
        self.left_over = None  # differences from before in this run's parts, as read back; None: unknown
        self.concurrent = []  # differences from before outside this run's parts (another session)
        self.read_back = None  # why the config could not be read back
        self.undo_stopped = None  # why the undo lines (not_restored) were not sent: e.g. a standby unit answered
        self.sent = False
        # the running config read back after a push that went through: what the next end of a batch is planned
        # from (asa_vpn_tunnel tunnels): the text read, or a tree patched with the sections ``final_sections`` read;
        # not result keys
        self.final_config = None
        self.final_sections = frozenset()
        # the session is left in configuration mode (a batch's end but the last, that went through: the next end's
        # lines follow without `end` and `configure terminal` between them)
        self.in_config = False

    @property
    def changed(self):
        if self.ok:
            return bool(self.applied)
        if self.left_over is None:
            return self.sent
        return bool(self.left_over or self.keys_not_restored)

    def result(self):
        """The module result keys."""
        result = dict(applied=self.applied, rolled_back=self.rolled_back)
        if not self.ok:
            result["left_over"] = self.left_over if self.left_over is not None else []
            # Nothing sent: this run left nothing on the device, whatever another session did there.
            result["device_state_known"] = self.left_over is not None or not self.sent
        if self.rollback_refused:
            result["rollback_refused"] = self.rollback_refused
        if self.not_restored:
            result["not_restored"] = self.not_restored
        if self.keys_not_restored:
            result["keys_not_restored"] = self.keys_not_restored
        if self.skipped_undo:
            result["kept_for_other_session"] = self.skipped_undo
        if self.undo_not_entered:
            result["rollback_not_sent"] = self.undo_not_entered
        if self.concurrent:
            result["concurrent_changes"] = self.concurrent
        return result

    def message(self):
        if self.ok:
            return None
        parts = [self.problem]
        if not self.sent:
            parts.append("nothing was sent")
        elif self.left_over is None:
            parts.append("the running config could not be read back (%s), so what the device holds is unknown: "
                         "%d line(s) were applied%s" % (
                             self.read_back, len(self.applied),
                             "; to restore, send not_restored (%d line(s))" % len(self.not_restored)
                             if self.not_restored else ""))
        elif not self.left_over and not self.keys_not_restored:
            parts.append("every change was undone: the running config read back equals the one before in every "
                         "part this run touched")
        elif not self.left_over:
            parts.append("the rollback is incomplete: the pre-shared key line(s) this run changed or removed cannot be "
                         "put back as they were, as the ASA shows keys masked (keys_not_restored: %s): set the key the "
                         "peer uses again; the other changes were undone" % quote(self.keys_not_restored))
        else:
            changed = [line for line in self.left_over if line[:1] in "+-"]
            parts.append("the rollback is incomplete: %d line(s) differ from before (left_over): %s" % (
                len(changed), quote(changed)))
            if self.rollback_refused:
                parts.append("the device refused %d undo line(s): %s" % (
                    len(self.rollback_refused), quote(self.rollback_refused)))
            if self.undo_not_entered:
                parts.append("%d undo line(s) of blocks the device would not enter were not sent (rollback_not_sent)"
                             % len(self.undo_not_entered))
            if self.skipped_undo:
                parts.append("kept because another session changed them after this run: %s"
                             % quote(self.skipped_undo))
            if self.keys_not_restored:
                parts.append("the pre-shared key line(s) this run changed or removed cannot be put back as they were "
                             "(keys_not_restored: %s)" % quote(self.keys_not_restored))
        if self.ownership_unread:
            parts.append("another session changed the same parts, and the config could not be read to tell its lines "
                         "from this run's (%s), so the undo lines of every change of this run were sent, including "
                         "those of parts the other session may have made its own since" % self.ownership_unread)
        if self.undo_stopped:
            parts.append("the undo stopped before its first line (not_restored: %d line(s)): %s"
                         % (len(self.not_restored), self.undo_stopped))
        if self.concurrent:
            parts.append("another session changed %d line(s) meanwhile (concurrent_changes)" % len(self.concurrent))
        return "; ".join(parts)


def quote(lines):
    return first_of(["`%s`" % line.strip() for line in lines[:SHOWN]], SHOWN, total=len(lines))
