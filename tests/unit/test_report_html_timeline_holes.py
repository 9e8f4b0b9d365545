# -*- coding: utf-8 -*-
"""report.html fills a kept timeline's holes (the tunnel's index, each finding's summary) in one join of the pieces the
drawn text was split into once (issue 12), not a replace per hole over the whole text: the page is the one the replaces
gave, and the one drawn for the tunnel alone, with ten and more summaries (hole 1 beside hole 10), multi-digit indexes,
and text that looks like a hole."""

import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import report_html_timeline as timeline
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import html_text


def _replaced(text, index, summaries):
    """The general path: the index's replace, then each summary's, in turn."""
    text = text.replace(timeline._INDEX_HOLE, str(index))
    for n, summary in enumerate(summaries):
        text = text.replace(timeline._SUMMARY_HOLE % n, html_text(summary))
    return text


def _joined(text, index, summaries):
    pieces = timeline._pieces(text, len(summaries))
    fills = [str(index)] + [html_text(s) for s in summaries]
    return "".join(fills[p] if at % 2 else p for at, p in enumerate(pieces))


@pytest.mark.parametrize("seed", range(60))
def test_pieces_filled_are_the_text_each_hole_replaced_in_turn(seed):
    """A drawn text holds "\\x00" and "\\x01" only in its holes, each between words (an id, a tag, prose): there
    the replaces in turn are the general path. Tokens that look like holes (a leading zero, a number of no summary)
    stay text; hole 1 beside hole 10 is each its own. (Where two holes stood around a number, a replace could take
    the "\\x01" of both; the join cannot: the drawn-alone test below is the judge.)"""
    rng = random.Random(seed)
    count = rng.randint(0, 14)
    holes = [timeline._INDEX_HOLE, "\x0100\x01", "\x0107\x01", "\x01%d\x01" % (count + rng.randint(0, 3))] + \
        [timeline._SUMMARY_HOLE % n for n in range(count)]
    words = ["<b>", "a&b", "'q'", "x", "7 ", "0x", ">1", "id=\"t"]  # each with a character no hole's number holds
    text = "".join(rng.choice(words) + rng.choice(holes) for _word in range(rng.randint(0, 40))) + rng.choice(words)
    summaries = [rng.choice(["S<1>", "plain", "a & b", "it's", "9", "", "\\x01"]) for _n in range(count)]
    index = rng.choice([0, 7, 12, 2172])
    assert _joined(text, index, summaries) == _replaced(text, index, summaries)


def _finding(n):
    return {"code": "PFS_MISMATCH", "phase": "child_rekey", "severity": "error",
            "summary": "outcome %d <of> the 'rekey' & more" % n,
            "evidence": {"asa": {"rekeys": [{"initiator": "ASA", "outcome": "KE %d: INVALID_KE_PAYLOAD" % n}]}}}


def _tunnel(count, name):
    end = {"child_lifetime_seconds": 27000, "child_lifetime_kilobytes": 102400000, "ike_lifetime_seconds": 28800,
           "pfs_group": 19, "mode": "both"}
    return {"name": name, "asa": {"host": "h"}, "azure": {"connection": "c"}, "verdict": "fail",
            "findings": [_finding(n) for n in range(count)], "rekey": {"asa": end, "azure": dict(end, pfs_group=None)}}


@pytest.mark.parametrize("count", [0, 1, 2, 11, 13])
def test_a_kept_timeline_with_many_summaries_is_the_one_drawn_alone(count):
    drawn = {}
    first = _tunnel(count, "first")
    key, holes = timeline._timeline_key(first)
    assert key is not None and len(holes) == count  # each summary is a hole
    for index in (3, 10, 12, 1234):
        for tunnel in (first, _tunnel(count, "other %d" % index)):
            tunnel = dict(tunnel, findings=[dict(f, summary=f["summary"] + " at %d" % index) for f in tunnel["findings"]])
            assert timeline.timeline_html(index, tunnel, 10, drawn) == timeline._timeline_html(index, tunnel, 10)
    assert len(drawn) == 1  # drawn once, filled for each
