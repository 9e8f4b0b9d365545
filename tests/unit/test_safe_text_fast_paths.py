# -*- coding: utf-8 -*-
"""safe_text's shortcut for JSON text with nothing to clean (issue 12) decides as the regex it stands for, and
load_json_text gives what safe_data gives for hostile input: control characters, bidirectional overrides, lone
surrogates and their escapes, over-long strings, escaped quotes, deep nesting, numbers JSON readers choke on."""

import json
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import safe_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import load_json_text, safe_data

HOSTILE = [
    "plain", "", "tab\there", "nl\nhere", "\x1b[2J", "\x00\x07\x7f\x85\x9f", "bidi \u202e gnp.exe", "\u2066iso\u2069",
    "\u2028\u2029", "\ufffe\uffff", "caf\u00e9", "\U0001F600", "lone \ud800", "lone \udcff byte", "x" * 5000,
    'quote " inside', "back\\slash", "\\u0041 as text", "\\ud800 as text", "\\uDC00", "\\uD83D\\uDE00",
]


def _hooks(text):
    return json.loads(text, parse_int=safe_text._parse_int, parse_float=safe_text._parse_float,
                      parse_constant=safe_text._parse_constant)


HOSTILE_TEXTS = HOSTILE + [json.dumps(s) for s in HOSTILE] + [json.dumps(s, ensure_ascii=False) for s in HOSTILE]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_the_shortcut_finds_what_the_regex_finds(text):
    assert safe_text._has_surrogate_or_escape(text) == (safe_text._SURROGATE_OR_ESCAPE.search(text) is not None)


def test_the_shortcut_agrees_with_the_regex_on_random_texts():
    rng = random.Random(12)
    alphabet = ["a", "\\", "u", "d", "D", "8", "9", "a", "F", "0", '"', "\ud800", "\udfff", "\u00e9", "\x00", "\u202e"]
    for _i in range(5000):
        text = "".join(rng.choice(alphabet) for _j in range(rng.randint(0, 12)))
        assert safe_text._has_surrogate_or_escape(text) == (safe_text._SURROGATE_OR_ESCAPE.search(text) is not None)


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_load_json_text_of_hostile_strings_is_what_safe_data_gives(ensure_ascii):
    for value in HOSTILE:
        for doc in ([value], {"name": value, value: 1}, {"properties": {"ipsecPolicies": [{"pfsGroup": value}]}}):
            text = json.dumps(doc, ensure_ascii=ensure_ascii)
            assert load_json_text(text) == safe_data(_hooks(text)), text[:80]
            if ensure_ascii:  # as read from a file
                assert load_json_text(text.encode("ascii")) == safe_data(_hooks(text))


def test_load_json_text_cuts_and_escapes_as_safe_data_and_refuses_deep_nesting():
    long_text = json.dumps({"name": "y" * (safe_text.MAX_JSON_STRING + 1)})
    assert load_json_text(long_text)["name"].endswith(" ...[1 more characters]")
    assert load_json_text('["\\ud800"]') == safe_data(["\ud800"]) == ["\\ud800"]
    assert load_json_text("[1e999, NaN, 12345678901234567890]") == ["1e999", "NaN", "12345678901234567890"]
    deep = "[" * (safe_text.MAX_DEPTH + 1) + "]" * (safe_text.MAX_DEPTH + 1)
    with pytest.raises(safe_text.InputBudgetError):
        load_json_text(deep)
    within = "[" * safe_text.MAX_DEPTH + "]" * safe_text.MAX_DEPTH
    assert load_json_text(within) == _hooks(within)


# -- safe_data's fast paths against the walk they stand for ----------------------------------------------
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import (  # noqa: E402
    MAX_DEPTH, InputBudgetError, _INT_LIMIT, _safe_string, clip, non_finite_text)
import math  # noqa: E402


def reference_safe_data(data, max_depth=MAX_DEPTH):
    """safe_data as it was before its fast paths (issue 12): the walk every value takes."""
    root = [None]
    todo = [(data, root, 0, 0, "")]
    while todo:
        item, holder, slot, depth, where = todo.pop()
        if isinstance(item, str):
            holder[slot] = _safe_string(item)
        elif isinstance(item, bool) or item is None:
            holder[slot] = item
        elif isinstance(item, int):
            holder[slot] = item if -_INT_LIMIT < item < _INT_LIMIT else "(an integer of %d bits)" % item.bit_length()
        elif isinstance(item, float):
            holder[slot] = item if math.isfinite(item) else non_finite_text(item)
        elif isinstance(item, (dict, list, tuple)):
            if depth >= max_depth:
                raise InputBudgetError("JSON nested more than %d levels deep (at %s)"
                                       % (max_depth, clip(where or "the top", 200)))
            if isinstance(item, dict):
                copy = {}
                holder[slot] = copy
                for key, child in item.items():
                    key = _safe_string(key) if isinstance(key, str) else key
                    copy[key] = None
                    todo.append((child, copy, key, depth + 1, "%s.%s" % (where, clip(str(key), 40))))
            else:
                copy = [None] * len(item)
                holder[slot] = copy
                todo.extend((child, copy, i, depth + 1, "%s[%d]" % (where, i)) for i, child in enumerate(item))
        else:
            holder[slot] = item
    return root[0]


class Tagged(str):
    """A str subclass (as Ansible tags strings): kept as the object it is."""


def _typed(value):
    """``value`` with every type spelled out, to compare two copies type for type."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _outcome(function, data, **kwargs):
    try:
        return "ok", _typed(function(data, **kwargs))
    except InputBudgetError as exc:
        return "refused", str(exc)


SCALARS = HOSTILE + [0, -1, 10 ** 19 - 1, 10 ** 19, -(10 ** 19), 2 ** 200, 1.5, float("nan"), float("inf"), -float("inf"),
                     True, False, None, Tagged("tag"), Tagged("\ud800" + "z" * 5000), "\ud800", "\\ud800"]
KEYS = ["a", "b", "\ud800", "\\ud800", "k" * 5000, "k" * 4096 + "extra", "\u202e", 1, 2.5, True, None, Tagged("t"), "x" * 60]


def _random_tree(rng, depth):
    roll = rng.random()
    if depth <= 0 or roll < 0.35:
        return rng.choice(SCALARS)
    if roll < 0.6:
        return {rng.choice(KEYS): _random_tree(rng, depth - 1) for _i in range(rng.randint(0, 5))}
    items = [_random_tree(rng, depth - 1) for _i in range(rng.randint(0, 5))]
    return tuple(items) if rng.random() < 0.2 else items


def test_safe_data_is_the_walk_it_stands_for_on_random_hostile_trees():
    rng = random.Random(2026)
    for _i in range(3000):
        tree = _random_tree(rng, rng.randint(0, 7))
        for depth in (MAX_DEPTH, 3, 1, 0):
            assert _outcome(safe_data, tree, max_depth=depth) == _outcome(reference_safe_data, tree, max_depth=depth)


def test_keys_that_become_equal_resolve_as_before():
    for data in ({"\ud800": 1, "\\ud800": 2}, {"\\ud800": 1, "\ud800": [2]}, {"k" * 5000: "a", "k" * 4096 + "x" * 904: "b"},
                 [{"\ud800": {"x": 1}, "\\ud800": 3}]):
        assert _outcome(safe_data, data) == _outcome(reference_safe_data, data)


def test_too_deep_input_names_the_same_place():
    data = {"resources": [{"properties": {"k" * 80: [{1: {"\ud800": [[{"leaf": 1}]]}}]}}]}
    for depth in range(0, 10):
        assert _outcome(safe_data, data, max_depth=depth) == _outcome(reference_safe_data, data, max_depth=depth)
    deep = current = {}
    for i in range(MAX_DEPTH + 3):
        current["level%d" % i] = [{}]
        current = current["level%d" % i][0]
    refused = _outcome(safe_data, deep)
    assert refused[0] == "refused" and refused == _outcome(reference_safe_data, deep)


def test_a_clean_export_is_copied_not_shared():
    data = {"value": [{"name": "c", "properties": {"ipsecPolicies": [{"saLifeTimeSeconds": 3600}]}}]}
    copy = safe_data(data)
    assert copy == data and copy is not data and copy["value"][0]["properties"] is not data["value"][0]["properties"]
