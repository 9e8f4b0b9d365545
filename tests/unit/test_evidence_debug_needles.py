# -*- coding: utf-8 -*-
"""The ASA debug reader searches a line only with the patterns whose needles the line holds
(asa_debug._candidates): every pattern that matches a line must be among them, or a phrase is lost."""

import glob
import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence import asa_debug

DEBUG_FILES = sorted(glob.glob("examples/*/debug_crypto_ikev2*.txt") + glob.glob("tests/fixtures/evidence/*.debug.txt"))


def _lines():
    lines = []
    for name in DEBUG_FILES:
        with open(name, encoding="utf-8") as handle:
            lines.extend(handle.read().splitlines())
    return lines


def _variants(lines):
    """The lines as captures garble them: glued together, cut, case changed, non-ASCII letters that re's
    IGNORECASE takes for ASCII ones (U+0130 for "i", U+212A for "k", U+017F for "s")."""
    rng = random.Random(7)
    yield from lines
    for _round in range(3000):
        first, second = rng.choice(lines), rng.choice(lines)
        yield first + second
        yield first[rng.randrange(len(first) + 1):] + second[:rng.randrange(len(second) + 1)]
        yield first.upper()
        yield first.lower()
        yield first.replace("i", "\u0130").replace("k", "\u212a").replace("s", "\u017f")
    for phrase in ("FAILED TO FIND A MATCHING POLICY", "Authentication Failed", "fa\u0130led to ver\u0130fy auth",
                   "No Proposal Chosen", "Construct Notify Payload: NO_PROPOSAL_CHOSEN", "Parse Notify Payload: X"):
        yield "(59): " + phrase


def test_every_pattern_that_matches_a_line_is_a_candidate_for_it():
    assert len(DEBUG_FILES) >= 4
    missed, checked = [], 0
    for raw in _variants(_lines()):
        candidates = set(asa_debug._candidates(raw))
        for index, (name, pattern, _needles) in enumerate(asa_debug._PATTERNS):
            checked += 1
            if index not in candidates and pattern.search(raw):
                missed.append((name, raw))
    assert checked > 100000
    assert missed == []


def test_no_needle_starts_another():
    """The one-scan lookahead finds one needle per position: a needle that starts another would hide it."""
    needles = list(asa_debug._NEEDLE_PATTERN)
    assert [(a, b) for a in needles for b in needles if a != b and b.startswith(a)] == []


def test_candidates_keep_the_patterns_order():
    """Two matches at one position are handled in _PATTERNS order, as when every pattern ran."""
    line = "IKEv2-PROTO-2: Sep 19 17:35:29 Received Packet [From 51.0.0.1:500/To 80.0.0.1:500] NOTIFY(REKEY_SA)"
    candidates = asa_debug._candidates(line)
    assert candidates == sorted(candidates) and len(candidates) >= 3
