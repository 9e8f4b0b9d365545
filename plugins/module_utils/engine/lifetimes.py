# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lifetimes: never negotiated in IKEv2, but they decide who rekeys and how often,
which decides when a rekey failure bites."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import REKEY_MARGIN, _human_kb, _lines, who


def _may_rekey_first(end, other, lifetime_attr):
    """Can ``end``'s own timer or byte count run out before ``other``'s?"""
    mine, theirs = getattr(end, lifetime_attr), getattr(other, lifetime_attr)
    if mine.seconds is None or theirs.seconds is None:
        return True
    if mine.seconds <= theirs.seconds * (1 + REKEY_MARGIN):
        return True
    if mine.kilobytes is not None and (theirs.kilobytes is None or mine.kilobytes < theirs.kilobytes):
        return True
    return False


def _rekey_timing(a, b):
    """One sentence on who starts Child SA rekeys and how often."""
    parts = []
    la, lb = a.child_lifetime, b.child_lifetime
    if la.seconds is not None and lb.seconds is not None:
        if la.seconds == lb.seconds:
            parts.append("both ends rekey after %d s, so either may start the rekey" % la.seconds)
        else:
            first, sec = (a, la.seconds) if la.seconds < lb.seconds else (b, lb.seconds)
            parts.append("%s starts the time-based rekey after %d s" % (who(first), sec))
    ka, kb = la.kilobytes, lb.kilobytes
    if ka != kb and (ka is not None or kb is not None):
        if kb is None or (ka is not None and ka < kb):
            first, limit = a, ka
        else:
            first, limit = b, kb
        parts.append("under traffic %s rekeys first, %s" % (who(first), _human_kb(limit)))
    return "; ".join(parts)


def _rekey_order(end):
    """Sort key: the end whose data limit, then time limit, runs out first."""
    inf = float("inf")
    life = end.child_lifetime
    return (life.kilobytes if life.kilobytes is not None else inf, life.seconds if life.seconds is not None else inf)


class LifetimeChecks(object):
    """IKE and Child SA lifetimes (a mixin of the engine's check)."""

    def check_lifetimes(self):
        a, b = self.a, self.b
        ia, ib = a.ike_lifetime.seconds, b.ike_lifetime.seconds
        if ia is not None and ib is not None and ia != ib:
            first = a if ia < ib else b
            self.add(
                "IKE_LIFETIME_MISMATCH",
                INFO,
                "ike_rekey",
                "IKE SA lifetimes differ (%s %d s, %s %d s). IKEv2 does not negotiate lifetimes, so this is no "
                "failure by itself: %s rekeys the IKE SA first." % (who(a), ia, who(b), ib, who(first)),
                self.ev({"seconds": ia, "lines": _lines(a.ike_lifetime.source)}, {"seconds": ib, "lines": _lines(b.ike_lifetime.source)}),
                self.fixes([intent("ike_lifetime_seconds", seconds=ib)], [intent("ike_lifetime_seconds", seconds=ia)]),
            )
        ca, cb = a.child_lifetime, b.child_lifetime
        if ca.seconds is not None and cb.seconds is not None and ca.seconds != cb.seconds:
            first = a if ca.seconds < cb.seconds else b
            self.add(
                "CHILD_LIFETIME_MISMATCH",
                INFO,
                "child_rekey",
                "Child SA lifetimes differ (%s %d s, %s %d s): %s starts the time-based rekeys."
                % (who(a), ca.seconds, who(b), cb.seconds, who(first)),
                self.ev({"seconds": ca.seconds, "lines": _lines(ca.source)}, {"seconds": cb.seconds, "lines": _lines(cb.source)}),
                self.fixes(
                    [intent("child_lifetime_seconds", seconds=cb.seconds)],
                    [intent("child_lifetime_seconds", seconds=ca.seconds)],
                ),
            )
        if ca.kilobytes != cb.kilobytes and "child_lifetime" not in a.unknowns + b.unknowns:
            first, second = (a, b) if cb.kilobytes is None or (ca.kilobytes is not None and ca.kilobytes < cb.kilobytes) else (b, a)
            self.add(
                "CHILD_DATA_LIMIT_MISMATCH",
                WARNING,
                "child_rekey",
                "Child SA data lifetimes differ: %s rekeys %s of traffic, %s %s, so under traffic %s starts "
                "every data-driven rekey and any rekey problem shows up after a time that varies with load."
                % (who(first), _human_kb(first.child_lifetime.kilobytes), who(second),
                   _human_kb(second.child_lifetime.kilobytes), who(first)),
                self.ev(
                    {"kilobytes": ca.kilobytes, "rekeys": _human_kb(ca.kilobytes), "lines": _lines(ca.source)},
                    {"kilobytes": cb.kilobytes, "rekeys": _human_kb(cb.kilobytes), "lines": _lines(cb.source)},
                ),
                self.fixes(
                    [intent("child_lifetime_kilobytes", kilobytes=cb.kilobytes)],
                    [intent("child_lifetime_kilobytes", kilobytes=ca.kilobytes)],
                ),
            )
