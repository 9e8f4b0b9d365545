# -*- coding: utf-8 -*-
"""report.json's writer (report_json.py) writes a dict holding containers with each key's text kept and its text
children in place, not by a call each (issue 12): the same text as the child-by-child path and as json.dumps, on
random trees with hostile text (quotes, backslashes, markup, control characters, non-ASCII) in keys and values."""

import json
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import report_json

HOSTILE = ["", "plain", "\x00", '"\x00', '\\"\x00"', "a\x00b", "\\u0000", '"\\u0000"', "</pre><script>", "a&b<c>'d'",
           'say "hi"', "tab\tline\nbreak\r", "\x1b[2J", "\x7f\x85", "\u202e", "caf\u00e9", "\U0001f600", "\udcff",
           "},\n  {", "[]", "{}", ": ", ",", "\\", "\\\\"]


def _scalar(rng):
    return rng.choice([rng.choice(HOSTILE), rng.randint(-3, 10 ** 20), rng.random() * 1e6, -0.0, 1e300, True, False,
                       None, rng.choice(HOSTILE) + rng.choice(HOSTILE)])


def _tree(rng, depth):
    """A container holding scalars, empty containers and containers, mixed."""
    def child():
        pick = rng.random()
        if depth > 0 and pick < 0.35:
            return _tree(rng, depth - 1)
        if pick < 0.45:
            return rng.choice([{}, [], ()])
        return _scalar(rng)
    if rng.random() < 0.5:
        return {rng.choice(HOSTILE) + str(i % 3) if rng.random() < 0.5 else rng.choice(HOSTILE): child()
                for i in range(rng.randint(1, 6))}
    items = [child() for _item in range(rng.randint(1, 6))]
    return tuple(items) if rng.random() < 0.2 else items


def _dumps(tree):
    return json.dumps(tree, indent=2, sort_keys=True, separators=(",", ": "), allow_nan=False)


@pytest.mark.parametrize("seed", range(40))
def test_containers_with_scalars_and_containers_are_written_as_json_dumps_writes_them(seed):
    rng = random.Random(seed)
    for _round in range(25):
        tree = _tree(rng, 3)
        assert report_json.indented_json(tree) == _dumps(tree)
        for indent in ("", "    "):
            if isinstance(tree, dict):
                assert report_json._dict_json(tree, indent, {}) == report_json._dict_json_each(tree, indent, {})


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_key_or_text_is_written_as_json_dumps_writes_it(text):
    """Keys are kept by their text: each is written as itself, wherever it stands."""
    trees = [{"a": text, "b": {"c": 1}}, {text: 1, "b": [1, {"c": text}]}, {text: {"c": 1}, "d": text},
             [text, {"c": 1}, text], [{"c": 1}, 1, text, [text]], {"a": [text, {"x": [1]}], text: None}]
    for tree in trees:
        assert report_json.indented_json(tree) == _dumps(tree)
        assert report_json.indented_json(tree).replace("\n", "\n  ") == report_json._plain_json(tree, "  ")


def test_nan_in_a_container_with_containers_is_left_to_json_dumps():
    for tree in ({"a": float("nan"), "b": {"c": 1}}, [float("inf"), [1]]):
        with pytest.raises(ValueError):
            report_json.indented_json(tree)
        assert report_json.indented_json(tree, allow_nan=True) == json.dumps(tree, indent=2, sort_keys=True)


def test_a_container_two_keys_share_is_written_once_and_read_again_at_its_indent():
    shared = {"options": {"esp": ["AES"], "seq": 2}, "side": "asa"}
    tree = {"align": shared, "safest": {"asa": shared, "n": 1}, "x": [shared, 2]}
    memo = {}
    assert report_json._plain_json(tree, "    ", memo) == _dumps(tree).replace("\n", "\n    ")
    assert memo[id(shared)][0] is shared


def _records(rng):
    """Four or more records (selectors with their cited lines, findings): scalars and containers, hostile keys."""
    def record():
        out = {}
        for i in range(rng.randint(1, 5)):
            key = rng.choice(HOSTILE) + str(i % 2)
            pick = rng.random()
            out[key] = (_scalar(rng) if pick < 0.5 else rng.choice([{}, [], ()]) if pick < 0.6 else
                        [{"line": rng.randint(1, 9), "text": rng.choice(HOSTILE), rng.choice(HOSTILE): _scalar(rng)}
                         for _round in range(rng.randint(1, 3))] if pick < 0.8 else _tree(rng, 1))
        return out
    return [record() for _item in range(rng.randint(report_json._RECORDS_AT_ONCE, 8))]


@pytest.mark.parametrize("seed", range(40))
def test_records_with_containers_are_written_as_json_dumps_writes_them(seed):
    """A list of records holding containers is written at once, each container into its place (issue 12)."""
    rng = random.Random(seed)
    for _round in range(10):
        records = _records(rng)
        assert report_json.indented_json(records) == _dumps(records)
        assert report_json.indented_json({"selectors": records, "n": 1}) == _dumps({"selectors": records, "n": 1})
        for indent in ("", "      "):
            assert report_json._records_json(records, indent, {}) == report_json._list_json(records, indent, {})


def test_records_whose_text_holds_the_hole_are_written_as_themselves():
    line = [{"line": 1, "text": "x"}]
    for text in ("\x00", '"\x00', "a\x00"):
        for records in ([{"a": text, "lines": line}] * 4, [{text: 1, "lines": line}] * 4, [{"lines": line, "z": [text]}] * 4):
            assert report_json.indented_json(records) == _dumps(records)


def test_records_whose_containers_are_all_cited_lines_or_not_all_are_written_as_json_dumps_writes_them():
    lines = [{"line": 1, "text": "a"}, {"line": 2, "text": '"},\n{'}]
    selectors = [{"local": "10.0.%d.0/24" % i, "protocol": 0, "lines": lines[: i % 2 + 1]} for i in range(6)]
    odd = [dict(selectors[0], lines=[{"line": 1, "nested": [1]}])] + selectors[1:]
    empty = [dict(selectors[0], lines=[{}])] + selectors[1:]
    tuples = [dict(selectors[0], lines=tuple(lines))] + selectors[1:]
    for records in (selectors, odd, empty, tuples, [dict(s, more=[{"k": 1}]) for s in selectors]):
        assert report_json.indented_json(records) == _dumps(records)
