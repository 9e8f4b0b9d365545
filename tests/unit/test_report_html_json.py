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
