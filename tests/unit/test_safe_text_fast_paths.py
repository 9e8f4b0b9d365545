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
