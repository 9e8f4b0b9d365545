# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lifetimes: never negotiated in IKEv2, but they decide who rekeys and how often,
which decides when a rekey failure bites.

A difference alone is information: "The SA lifetimes are local specifications only, and
don't need to match" (Azure, DOC_REQUIREMENTS in the reference yaml; RFC 7296 s2.8: each
end rekeys on its own timer). What hurts is a lifetime so short that rekeys come too often
(REKEY_TOO_FREQUENT). Every fix raises the end that is too low; none lowers a value.
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import REKEY_MARGIN, _human_kb, _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import negotiated_ike_lifetime

# The load at which a data lifetime is turned into a rekey rate: an ordinary load for one
# site-to-site tunnel, assumed (the check cannot see the real one). Mbit is 2^20 bits and KB
# 1024 bytes, as in Cisco's own arithmetic for the ASA default data lifetime
# (ASA_CLI_GUIDE_SA_LIFETIME: 4,608,000 KB is "10 megabytes per second for one hour", which
# holds for 10 Mbit/s in those units).
ASSUMED_THROUGHPUT_MBIT_S = 100
_KB_PER_SECOND = ASSUMED_THROUGHPUT_MBIT_S * 1024 * 1024 / 8.0 / 1024
# A data lifetime that rekeys more often than this at that load is a mistake: it is far below
# the shortest time lifetime either vendor accepts (MIN_CHILD_LIFETIME_SECONDS), and every
# rekey is an exchange (with PFS a key exchange) that can fail.
REKEY_MIN_INTERVAL_SECONDS = 60
# The shortest Child SA lifetime Azure accepts (saLifeTimeSeconds min 300; DOC_ALG_TABLE_2024,
# verified): the floor below which a time lifetime rekeys too often.
MIN_CHILD_LIFETIME_SECONDS = 300
# What an end that rekeys too often is raised to when the other end's value is no better:
# Azure's defaults for a custom policy (saLifeTimeSeconds 27000, saDataSizeKilobytes
# 102400000; DOC_ALG_TABLE_2024, verified), sane values both vendors take.
SANE_CHILD_LIFETIME_SECONDS = 27000
SANE_CHILD_KILOBYTES = 102400000
SANE_SOURCE = "Azure's default for a custom IPsec policy (Microsoft's IPsec/IKE parameter table)"


def rekey_interval(kilobytes):
    """Seconds between data-driven rekeys at ASSUMED_THROUGHPUT_MBIT_S (None: no data limit)."""
    return None if kilobytes is None else kilobytes / _KB_PER_SECOND


def _interval_text(seconds):
    if seconds < 60:
        return "%.2g s" % seconds
    if seconds < 3600:
        return "%.0f min" % (seconds / 60.0)
    return "%.1f h" % (seconds / 3600.0)


def _data_too_frequent(kilobytes):
    interval = rekey_interval(kilobytes)
    return interval is not None and interval < REKEY_MIN_INTERVAL_SECONDS


def _time_too_frequent(seconds):
    return seconds is not None and seconds < MIN_CHILD_LIFETIME_SECONDS


# The words that set each unit, as both vendors write them: ASA "lifetime seconds" / "lifetime kilobytes", Azure
# saLifeTimeSeconds / saDataSizeKilobytes (lower-cased, spaces kept)
_UNIT_WORDS = {"second": re.compile(r"lifetime ?seconds"), "kilobyte": re.compile(r"lifetime ?kilobytes|datasizekilobytes")}


def _unit_lines(source, unit):
    """The lines of a lifetime's ``source`` that set ``unit`` ("second" or "kilobyte"); a value from a default has
    none (review 2026-12-04: a default 28800 s was cited from the kilobytes line; a name such as AZ-SECONDARY is
    no seconds line)."""
    words = _UNIT_WORDS[unit]
    return tuple(line for line in source if words.search(line.text.lower()))


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


def _raise_seconds(value, other_value):
    """(target, source) for a time lifetime that must go up: the other end's when that is sane."""
    if other_value is not None and not _time_too_frequent(other_value) and other_value > value:
        return other_value, "the other end's value"
    return max(SANE_CHILD_LIFETIME_SECONDS, value), SANE_SOURCE


def _raise_kilobytes(value, other_value):
    """(target, source) for a data lifetime that must go up: the other end's when that is sane
    (a number that does not rekey too often), else SANE_CHILD_KILOBYTES, never "no limit"."""
    if other_value is not None and not _data_too_frequent(other_value) and other_value > value:
        return other_value, "the other end's value"
    return max(SANE_CHILD_KILOBYTES, value), SANE_SOURCE


class LifetimeChecks(object):
    """IKE and Child SA lifetimes (a mixin of the engine's check)."""

    def check_lifetimes(self):
        a, b = self.a, self.b
        life_a, life_b = negotiated_ike_lifetime(a, b), negotiated_ike_lifetime(b, a)
        ia, ib = life_a.seconds, life_b.seconds
        if ia is not None and ib is not None and ia != ib:
            low, high_s = (a, ib) if ia < ib else (b, ia)
            # the lower end's cannot be set (Azure's 28,800 s): nothing to align, as a fix never lowers the other
            # (review 2026-12-05: "raise Azure's to 86400 s" stood beside evidence saying Azure fixes it)
            advice = ("%s's cannot be set, and they need not match" % who(low) if low.ike_lifetime_fixed else
                      "To align them, raise %s's to %d s" % (who(low), high_s))
            if self.ike_version == 1:
                # IKEv1 proposes the lifetime in Main Mode (RFC 2409 s5; Cisco ASA CLI configuration guide, Configuring
                # ISAKMP: "If the lifetimes are not identical, the ASA uses the shorter lifetime"); review 2026-12-04
                how = ("IKEv1 proposes the lifetime in Main Mode and, where they differ, the shorter one is used (Cisco "
                       "ASA configuration guide, Configuring ISAKMP), so the IKE SA lives %d s whoever starts it; Cisco "
                       "also says a policy matches only when the peer's lifetime is not longer than the initiator's, so "
                       "equal lifetimes are safest" % min(ia, ib))
            else:
                how = "IKEv2 does not negotiate lifetimes, so this is no failure by itself: %s rekeys the IKE SA first" \
                    % who(low)
            self.add(
                "IKE_LIFETIME_MISMATCH",
                INFO,
                "ike_rekey",
                "IKE SA lifetimes differ (%s %d s, %s %d s). %s. %s."
                % (who(a), ia, who(b), ib, how, advice),
                self.ev({"seconds": ia, "lines": _lines(life_a.source)}, {"seconds": ib, "lines": _lines(life_b.source)}),
                {} if low.ike_lifetime_fixed else {low.vendor: [intent("ike_lifetime_seconds", seconds=high_s)]},
            )
        self._ike_rekey_reconnects(ia, ib)
        ca, cb = a.child_lifetime, b.child_lifetime
        if ca.seconds is not None and cb.seconds is not None and ca.seconds != cb.seconds \
                and "child_lifetime" not in a.unknowns + b.unknowns:
            low, high_s = (a, cb.seconds) if ca.seconds < cb.seconds else (b, ca.seconds)
            self.add(
                "CHILD_LIFETIME_MISMATCH",
                INFO,
                "child_rekey",
                "Child SA lifetimes differ (%s %d s, %s %d s): %s starts the time-based rekeys. Lifetimes are local "
                "and need not match; to align them, raise %s's to %d s."
                % (who(a), ca.seconds, who(b), cb.seconds, who(low), who(low), high_s),
                self.ev({"seconds": ca.seconds, "lines": _lines(_unit_lines(ca.source, "second"))},
                        {"seconds": cb.seconds, "lines": _lines(_unit_lines(cb.source, "second"))}),
                {low.vendor: [intent("child_lifetime_seconds", seconds=high_s)]},
            )
        if ca.kilobytes != cb.kilobytes and "child_lifetime" not in a.unknowns + b.unknowns:
            first, second = (a, b) if cb.kilobytes is None or (ca.kilobytes is not None and ca.kilobytes < cb.kilobytes) else (b, a)
            target, source = _raise_kilobytes(first.child_lifetime.kilobytes, second.child_lifetime.kilobytes)
            raise_first = [intent("child_lifetime_kilobytes", kilobytes=target)] \
                if target != first.child_lifetime.kilobytes else []
            advice = "; to align them, raise %s's to %d KB (%s)" % (who(first), target, source) if raise_first else ""
            if second.child_lifetime.kilobytes is None:
                # no number equals "no limit", and no fix removes a data limit (_raise_kilobytes): a raise would leave
                # this finding as it is (its proof said so beside the advice, review D finding 3; review 2026-12-07:
                # again for an ASA's number against Azure's saDataSizeKilobytes 0); a raise for rekeying too often is
                # REKEY_TOO_FREQUENT's
                raise_first = []
                advice = ", and there is nothing to align: no value of %s's data lifetime matches %s's no limit, and " \
                    "no fix removes a data limit" % (who(first), who(second))
            self.add(
                "CHILD_DATA_LIMIT_MISMATCH",
                INFO,
                "child_rekey",
                "Child SA data lifetimes differ: %s rekeys %s of traffic, %s %s, so under traffic %s starts "
                "every data-driven rekey. Lifetimes are local and need not match%s."
                % (who(first), _human_kb(first.child_lifetime.kilobytes), who(second),
                   _human_kb(second.child_lifetime.kilobytes), who(first), advice),
                self.ev(
                    {"kilobytes": ca.kilobytes, "rekeys": _human_kb(ca.kilobytes),
                     "lines": _lines(_unit_lines(ca.source, "kilobyte"))},
                    {"kilobytes": cb.kilobytes, "rekeys": _human_kb(cb.kilobytes),
                     "lines": _lines(_unit_lines(cb.source, "kilobyte"))},
                ),
                {first.vendor: raise_first} if raise_first else {},
            )
        for end, other in ((a, b), (b, a)):
            self._rekey_too_frequent(end, other)

    def _ike_rekey_reconnects(self, ia, ib):
        """IKE_REKEY_RECONNECTS (information) where the negotiated version's IKE SA is rebuilt, not rekeyed, by an
        end (``ike_rekey_reconnects``: Azure with IKEv1): a short outage every IKE lifetime that no setting on either
        end removes, only IKEv2 on both."""
        rebuilding = [end for end in (self.a, self.b) if self.ike_version in end.ike_rekey_reconnects]
        if not rebuilding:
            return
        known = [s for s in (ia, ib) if s is not None]
        every = " every %d s (the shorter IKE lifetime)" % min(known) if known else ""
        self.add(
            "IKE_REKEY_RECONNECTS",
            INFO,
            "ike_rekey",
            "%s does not rekey an IKEv%d IKE SA in place: at each IKE rekey%s it tears the tunnel down and builds it "
            "again, which stops traffic for a few seconds. IKEv2 rekeys in place: only IKEv2 on both ends removes it."
            % (" and ".join(who(end) for end in rebuilding), self.ike_version, every),
            self.ev({"ike_rekey_reconnects": self.ike_version in self.a.ike_rekey_reconnects, "seconds": ia},
                    {"ike_rekey_reconnects": self.ike_version in self.b.ike_rekey_reconnects, "seconds": ib}),
            {},
        )

    def _rekey_too_frequent(self, end, other):
        """REKEY_TOO_FREQUENT for ``end`` when its data limit or its time lifetime makes it rekey the
        Child SA more often than MIN_CHILD_LIFETIME_SECONDS / REKEY_MIN_INTERVAL_SECONDS allow."""
        if "child_lifetime" in end.unknowns:
            return
        life, theirs = end.child_lifetime, other.child_lifetime
        reasons, evidence, fixes = [], {}, []
        if _data_too_frequent(life.kilobytes):
            interval = rekey_interval(life.kilobytes)
            reasons.append("every %d KB, that is every %s at %d Mbit/s, more often than once every %d s"
                           % (life.kilobytes, _interval_text(interval), ASSUMED_THROUGHPUT_MBIT_S,
                              REKEY_MIN_INTERVAL_SECONDS))
            target, source = _raise_kilobytes(life.kilobytes, theirs.kilobytes)
            evidence.update({"kilobytes": life.kilobytes, "rekey_interval_seconds": round(interval, 3),
                             "assumed_throughput_mbit_s": ASSUMED_THROUGHPUT_MBIT_S,
                             "max_rekey_rate": "once every %d s" % REKEY_MIN_INTERVAL_SECONDS,
                             "raise_kilobytes_to": target, "raise_kilobytes_source": source})
            fixes.append(intent("child_lifetime_kilobytes", kilobytes=target))
        if _time_too_frequent(life.seconds):
            reasons.append("every %d s, below %d s, the shortest Child SA lifetime Azure accepts"
                           % (life.seconds, MIN_CHILD_LIFETIME_SECONDS))
            target, source = _raise_seconds(life.seconds, theirs.seconds)
            evidence.update({"seconds": life.seconds, "floor_seconds": MIN_CHILD_LIFETIME_SECONDS,
                             "raise_seconds_to": target, "raise_seconds_source": source})
            fixes.append(intent("child_lifetime_seconds", seconds=target))
        if not reasons:
            return
        evidence = dict({"lines": _lines(life.source)}, **evidence)  # the lines first, as written
        self.add(
            "REKEY_TOO_FREQUENT",
            WARNING,
            "child_rekey",
            "%s rekeys the Child SA %s: each rekey is an exchange (with PFS a fresh key exchange) that can fail and "
            "briefly leaves the ends on different SAs. Raise %s's lifetime (%s)."
            % (who(end), " and ".join(reasons), who(end),
               "; ".join("%s to %s" % (k, v) for k, v in _fix_words(fixes))),
            {end.vendor: evidence, other.vendor: {"seconds": theirs.seconds, "kilobytes": theirs.kilobytes,
                                                  "lines": _lines(theirs.source)}},
            {end.vendor: fixes},
        )


def _fix_words(fixes):
    for item in fixes:
        if item["kind"] == "child_lifetime_kilobytes":
            yield "data lifetime", "%d KB" % item["kilobytes"]
        else:
            yield "time lifetime", "%d s" % item["seconds"]
