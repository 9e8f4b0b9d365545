# -*- coding: utf-8 -*-
"""load_json_text's check of a text's strings and nesting (safe_text._text_within_budgets, issue 12: brackets kept by
bytes.translate, the long-string test by one regex search) decides as the split of the text at its quotes it stands
for, on JSON and on any text; and what it lets through is what safe_data gives."""

import itertools
import json
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import safe_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import (
    MAX_DEPTH, MAX_JSON_STRING, load_json_text, safe_data)

_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}


def reference_within_budgets(text):
    """_text_within_budgets as it was before (the text split at every quote)."""
    if '\\"' in text or safe_text._has_surrogate_or_escape(text):
        return False
    pieces = text.split('"')
    if max(map(len, pieces)) > MAX_JSON_STRING:
        return False
    brackets = "".join(c for c in "".join(pieces[0::2]) if c in _DEPTH)
    return max(itertools.accumulate(map(_DEPTH.__getitem__, brackets)), default=0) <= MAX_DEPTH


def _hooks(text):
    return json.loads(text, parse_int=safe_text._parse_int, parse_float=safe_text._parse_float,
                      parse_constant=safe_text._parse_constant)


EDGES = [
    "", "[]", '""', '"', '"""', '[""]', '["]"]', '["[[[["]', '["]]]]", "[[[["]', '[""""]', '["", "[", "]", ""]',
    " " * MAX_JSON_STRING + '["a"]', " " * (MAX_JSON_STRING + 1) + '["a"]', " " * (MAX_JSON_STRING + 1),
    '["%s"]' % ("y" * MAX_JSON_STRING), '["%s"]' % ("y" * (MAX_JSON_STRING + 1)),
    '["a"]' + " " * (MAX_JSON_STRING + 1), '["a",' + " " * (MAX_JSON_STRING + 1) + '"b"]',
    "[" * MAX_DEPTH + "]" * MAX_DEPTH, "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    '["' + "[" * (MAX_DEPTH + 5) + '"]', "[" * (MAX_DEPTH - 1) + '"]]]]"' + "[]" + "]" * (MAX_DEPTH - 1),
    '{"caf\u00e9 [": ["\u00e9]\u00e9", {"\U0001F600": "{{"}]}', '["\u00e9' + "\u00e9" * MAX_JSON_STRING + '"]',
    '["a\\"b"]', '["\\ud800"]', '["\ud800"]', '["\\u0041["]',
]


@pytest.mark.parametrize("text", EDGES, ids=range(len(EDGES)))
def test_the_check_decides_as_the_split_on_edge_texts(text):
    assert safe_text._text_within_budgets(text) == reference_within_budgets(text)


def test_the_check_decides_as_the_split_on_random_texts():
    """Any text (even quotes, odd quotes, brackets in and out of strings, long runs), not only JSON."""
    rng = random.Random(41)
    alphabet = ['"', '"', "[", "]", "{", "}", "a", " ", ",", "\u00e9", '""', "[[[", "]]]"]
    checked = set()
    for _i in range(6000):
        parts = [rng.choice(alphabet) for _j in range(rng.randint(0, 40))]
        if rng.random() < 0.2:
            parts.insert(rng.randint(0, len(parts)), "x" * rng.choice((MAX_JSON_STRING - 1, MAX_JSON_STRING,
                                                                       MAX_JSON_STRING + 1)))
        if rng.random() < 0.2:
            depth = rng.choice((MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1))
            parts.insert(rng.randint(0, len(parts)), "[" * depth)
        text = "".join(parts)
        result = safe_text._text_within_budgets(text)
        assert result == reference_within_budgets(text), text[:120]
        checked.add(result)
    assert checked == {True, False}


def _random_doc(rng, depth):
    kind = rng.random()
    if depth <= 0 or kind < 0.35:
        return rng.choice(["a", "[x]", "{", "]]]]", "}", "", "\u00e9[", "y" * (MAX_JSON_STRING + rng.randint(-1, 1)),
                           1, 2.5, None, True])
    if kind < 0.7:
        return [_random_doc(rng, depth - 1) for _i in range(rng.randint(0, 4))]
    return {rng.choice(["k", "[k]", "{k", "id", "\u00e9"]) + str(i): _random_doc(rng, depth - 1)
            for i in range(rng.randint(0, 4))}


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_the_check_on_random_json_and_what_it_lets_through(ensure_ascii):
    rng = random.Random(7)
    for _i in range(1500):
        doc = _random_doc(rng, rng.choice((3, 6)))
        for _wrap in range(rng.choice((0, 0, MAX_DEPTH - 4, MAX_DEPTH - 1, MAX_DEPTH))):
            doc = [doc]
        text = json.dumps(doc, ensure_ascii=ensure_ascii, indent=rng.choice((None, 1)))
        within = safe_text._text_within_budgets(text)
        assert within == reference_within_budgets(text), text[:120]
        if within:  # what load_json_text keeps as json.loads gave it
            assert safe_data(_hooks(text)) == _hooks(text)
        try:
            expected = safe_data(_hooks(text))
        except safe_text.InputBudgetError:
            with pytest.raises(safe_text.InputBudgetError):
                load_json_text(text)
            continue
        assert load_json_text(text) == expected
