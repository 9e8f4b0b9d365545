# -*- coding: utf-8 -*-
"""report.md cites the ASA lines that hold a value as a word. Found without a regular expression per value
(issue 12: 8,700 patterns compiled at 100k lines); it must cite exactly the lines the pattern
(?<![\\w.:/-])VALUE(?![\\w.:/-]) found, for values and lines a user could have (addresses, prefixes, names with
dots and dashes, non-ASCII digits and letters, the value at either end of the line, repeated, overlapping)."""

import random
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import json_value
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import _citing, _holds_word, _plain


def _by_pattern(text, value):
    return re.search(r"(?<![\w.:/-])%s(?![\w.:/-])" % re.escape(value), text) is not None


@pytest.mark.parametrize("text, value, expected", [
    ("crypto map OUT 10 set peer 203.0.113.20", "203.0.113.20", True),
    ("crypto map OUT 10 set peer 203.0.113.201", "203.0.113.20", False),
    ("set peer 1203.0.113.20", "203.0.113.20", False),
    ("object network N-10.1.0.0", "10.1.0.0", False),  # a dash before: part of a name
    ("subnet 10.1.0.0/24", "10.1.0.0", False),  # a slash after: part of a prefix
    ("aa aa", "aa", True),
    ("xaa aa", "aa", True),  # the first occurrence is inside a word, the second is one
    ("aaa", "aa", False),
    ("lifetime 28800²", "28800", False),  # a superscript digit is a word character
    ("name é1 x", "1", False),
    ("100", "100", True),
])
def test_a_value_is_cited_where_it_stands_as_a_word(text, value, expected):
    assert _holds_word(text, value) is expected
    assert _by_pattern(text, value) is expected


def test_the_same_lines_as_the_pattern_on_random_text():
    rng = random.Random(12)
    alphabet = "a1 ._:/-\u00b2\u00e9\u0663x0"
    for _case in range(20000):
        text = "".join(rng.choice(alphabet) for _i in range(rng.randint(0, 12)))
        value = "".join(rng.choice(alphabet) for _i in range(rng.randint(0, 3)))
        assert _holds_word(text, value) == _by_pattern(text, value), (text, value)


def test_citing_keeps_the_sources_that_state_the_value():
    sources = [(0, 3, "", "set peer 203.0.113.20"), (0, 4, "", "set peer 203.0.113.201"),
               (1, 0, "properties.x", "203.0.113.20")]
    assert _citing("203.0.113.20", sources) == [(0, 3, ""), (1, 0, "properties.x")]
    assert _citing("198.51.100.1", sources) == [s[:3] for s in sources]


class _Text(str):
    pass


def _plain_as_written_before(value):
    """report_markdown._plain before its exact-type paths (issue 12)."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return ", ".join("%s=%s" % (k, _plain_as_written_before(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(_plain_as_written_before(v) for v in value) if value else "(none)"
    return json_value(value)


PLAIN_VALUES = [None, "", "a|b\n", _Text("sub"), True, False, 0, -1.5, 10 ** 20, [], (), ["a", "b"], ["a", 1, None, True],
                [_Text("x"), "y"], [["a"], [], {"k": "v"}], {}, {"a": "x", "b": 2, "c": None, "d": [1, "z"], "e": {"f": False}},
                {1: "int key", "s": _Text("t")}, ("t", 1), {"x": ()}, [{"local": "10.0.0.0/24", "remote": "10.1.0.0/24"}] * 3]


@pytest.mark.parametrize("value", PLAIN_VALUES, ids=repr)
def test_a_value_reads_as_it_did_before_the_fast_paths(value):
    assert _plain(value) == _plain_as_written_before(value)
