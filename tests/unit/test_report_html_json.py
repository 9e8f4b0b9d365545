# -*- coding: utf-8 -*-
"""report.html writes a nested value as JSON with one C encoder made once (issue 12: JSONEncoder.encode built one
per call, 66,000 calls at 100k lines): the same text as json.JSONEncoder(sort_keys=True, ensure_ascii=False,
default=str) for every kind of value a report or its evidence may hold, and a circular value still refused."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import report_html


ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


@pytest.mark.parametrize("value", [
    {"b": 1, "a": [1.5, float("nan"), None, True, "é\"<\u2028"]},
    [1, 2, {"x": {"y": ()}}],
    1e300, float("inf"), -0.0, 10 ** 30, {2: "a", 1: "b"}, "text\n", (1, "2"), [], {},
    {"set": {1}},  # no JSON type: default=str writes its text
])
def test_the_same_json_as_the_encoder(value):
    assert report_html._json(value) == ENCODER.encode(value)


def test_a_circular_value_is_refused_as_before():
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        report_html._json(loop)


def test_record_keys_are_escaped_as_html():
    assert report_html._key_html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert report_html._key_html(3) == "3"


def _value_html_as_written_before(value, depth=0):
    """report_html._value_html before its inline text and record-list paths (issue 12)."""
    if isinstance(value, dict):
        if depth > 3:
            return "<code>%s</code>" % report_html._h(report_html._json(value))
        depth += 1
        return "<table>%s</table>" % "".join(
            "<tr><th>%s</th><td>%s</td></tr>" % (report_html._h(k), _value_html_as_written_before(value[k], depth))
            for k in sorted(value, key=str))
    if isinstance(value, (list, tuple)):
        for v in value:
            if isinstance(v, (dict, list, tuple)):
                depth += 1
                return "<ul>%s</ul>" % "".join("<li>%s</li>" % _value_html_as_written_before(item, depth) for item in value)
        return report_html._escape(", ".join(str(v) for v in value)) if value else '<span class="muted">none</span>'
    if value is None:
        return '<span class="muted">none</span>'
    return report_html._escape(value) if isinstance(value, str) else report_html._h(value)


class _Text(str):
    pass


HOSTILE = ["<b>&\"'", "\x00nul", "\u202e\u2066", "\udcff", "a\nb", _Text("<sub>"), "\\u0000"]
RECORDS = [{"local": s, "remote": "10.0.0.0/8", "protocol": 0, "lines": [{"line": 1, "text": s}, {"line": 2.5, "text": None}]}
           for s in HOSTILE]


@pytest.mark.parametrize("value", [
    {"selectors": RECORDS}, {"a": {"b": {"c": RECORDS}}}, {"a": {"b": {"c": {"d": RECORDS, "e": [{"x": {1}}, {}]}}}},
    [[[[{"k": s} for s in HOSTILE]]]], {2: "int key", "b": True, "c": 1.5, "d": None, "e": _Text("t"), "f": [], "g": ()},
    {"a": {"b": {"c": [{"x": 1}, [1], "s"]}}}, {"a": {"b": {"c": [{}, {"y": "\x00"}]}}}, {"z": {"y": {"x": ({"w": 1},)}}},
])
def test_a_value_is_drawn_as_it_was_before_the_fast_paths(value):
    assert report_html._value_html(value) == _value_html_as_written_before(value)


CODE_RECORDS = [{"text": "}, {"}, {"}, {": 1}, {"a": {"b": 1}, "c": {}}, {}, {"a": [{"b": 1}, {}]}, {"o": {1}},
                {"q": '"}, {"'}, {"n": float("nan")}]


@pytest.mark.parametrize("records", [CODE_RECORDS, CODE_RECORDS[:1], CODE_RECORDS[3:4], [{}, {}], [{"x": 1}] * 3,
                                     tuple({"line": i, "text": s} for i, s in enumerate(HOSTILE))], ids=repr)
def test_records_drawn_as_code_at_once_are_drawn_as_before(records):
    """Records below the third level are drawn as code from one JSON text of them all (issue 12): "}, {" inside a
    record (a text, a nested record) makes it draw each on its own, as before."""
    for value in ({"a": {"b": {"c": records}}}, {"a": {"b": {"c": {"d": records}}}}, [[[records]]]):
        assert report_html._value_html(value) == _value_html_as_written_before(value)


@pytest.mark.parametrize("seed", range(20))
def test_random_records_are_drawn_as_before(seed):
    import random
    rng = random.Random(seed)
    texts = HOSTILE + ["}, {", "{", "}", ", ", "plain", ""]

    def scalar():
        return rng.choice([rng.choice(texts), rng.randint(-5, 5), 1.5, True, None])

    def record(depth):
        return {rng.choice(texts): (scalar() if rng.random() < 0.7 or depth > 2 else [record(depth + 1) for _item in range(rng.randint(0, 3))])
                for _round in range(rng.randint(0, 4))}
    for _round in range(20):
        value = {"a": {"b": {"c": [record(0) for _item in range(rng.randint(1, 5))]}}, "k": [record(0), record(0)]}
        assert report_html._value_html(value) == _value_html_as_written_before(value)
