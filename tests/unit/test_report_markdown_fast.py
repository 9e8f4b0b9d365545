# -*- coding: utf-8 -*-
"""report.md's fast paths (issue 12) write what the general ones wrote: a code span of text without a backtick, a
value as people read it (exact types first), a table cell of many lines escaped in one pass; on hostile text
(control characters, line breaks, markup, pipes, backticks, quotes, non-ASCII)."""

import random
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import report_markdown, safe_text
from test_report_markdown_citing import _plain_as_written_before  # report_markdown._plain before issue 12's paths

HOSTILE = ["", "plain", " lead", "trail ", "`", "a``b", "``", "|pipe|", "<b>&amp;</b>", '"q" \'s\'', "line\nbreak",
           "cr\r\nlf", "\n", "\x00\x1b[2J", "\x7f\x85", "\u2028\u202e", "caf\u00e9", "\U0001f600", "\udcff", "\t"]


def _md_code_as_written_before(text):
    text = safe_text.escape(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    if longest or text[:1] == " " or text[-1:] == " ":
        return "%s %s %s" % (fence, text, fence)
    return "%s%s%s" % (fence, text, fence)


@pytest.mark.parametrize("text", HOSTILE + [a + b for a in HOSTILE for b in ("`", " ", "x")], ids=ascii)
def test_md_code_is_the_code_span_it_was(text):
    assert safe_text.md_code(text) == _md_code_as_written_before(text)


class _Int(int):
    pass


@pytest.mark.parametrize("seed", range(20))
def test_a_value_reads_as_it_read(seed):
    rng = random.Random(seed)

    def value(depth):
        pick = rng.random()
        if depth > 2 or pick < 0.5:
            return rng.choice(HOSTILE + [0, -3, 10 ** 20, 1.5, float("nan"), -0.0, True, False, None, _Int(4)])
        if pick < 0.75:
            return {rng.choice(HOSTILE + [1, None]): value(depth + 1) for _item in range(rng.randint(0, 4))}
        items = [value(depth + 1) for _item in range(rng.randint(0, 4))]
        return tuple(items) if pick < 0.8 else items
    for _round in range(50):
        tree = value(0)
        assert report_markdown._plain(tree) == _plain_as_written_before(tree)


def test_unsafe_but_lf_is_unsafe_without_the_line_feed():
    every = "".join(map(chr, range(0x110000)))
    assert safe_text.UNSAFE_BUT_LF.findall(every) == [c for c in safe_text.UNSAFE.findall(every) if c != "\n"]


@pytest.mark.parametrize("value", HOSTILE + ["a\nb|c\n<d>", "10.0.0.0/8\n10.1.0.0/16", "x\n\x1b\ny", "\n\n"], ids=ascii)
def test_a_cell_of_many_lines_is_each_line_escaped(value):
    sources = [(0, 12, ""), (1, 0, "conn: p|q")]
    expected = "<br>".join(report_markdown._cell_text(part) for part in value.split("\n"))
    assert report_markdown._value_cell(value, sources).split(" <br>from ")[0] == expected
    assert report_markdown._value_cell(value, sources[:1]).split(" <br>from ")[0] == expected  # kept by its value


def test_a_code_cell_kept_by_its_text_is_the_cell_made_anew():
    """report.md keeps the code cells of texts every tunnel repeats (hosts, crypto maps, ARM paths): the same cell as
    made from the text each time, past the number kept too."""
    texts = HOSTILE + ["p|q", "a`|`b", "x" * 300] + ["name %d |" % i for i in range(report_markdown._CODE_CELLS_KEPT + 10)]
    for text in texts + texts[::-1] + [3, None, 2.5]:
        assert report_markdown._cell_code(text) == safe_text.md_code(text).replace("|", "\\|")
