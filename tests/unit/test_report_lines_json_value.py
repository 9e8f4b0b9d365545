# -*- coding: utf-8 -*-
"""report_lines.json_value (a fix's property values in report.xml, report.md and the console summary) writes with an
encoder made once (issue 12): the text json.dumps(value, sort_keys=True) wrote, and its errors, on hostile values."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import json_value

LOOP = []
LOOP.append(LOOP)
VALUES = [0, -1, 10 ** 30, 1.5, -0.0, 1e300, float("nan"), float("inf"), True, False, None, [], {}, (), (1, "a"),
          ["\x00", "\x1b[2J", "</pre>", '"q"', "caf\u00e9", "\U0001f600", "\udcff", "\\"],
          {"b": [{"z": 1, "a": {"y": None}}], "a": "\u202e"}, {1: "int key"}, {True: 1, False: 2}, {None: 0},
          [{"ipsecEncryption": "GCMAES256", "saLifeTimeSeconds": 27000}]]


@pytest.mark.parametrize("value", VALUES, ids=ascii)
def test_json_value_is_json_dumps_sorted(value):
    assert json_value(value) == json.dumps(value, sort_keys=True)
    assert json_value([value, {"k": value}]) == json.dumps([value, {"k": value}], sort_keys=True)


@pytest.mark.parametrize("value", ["", "text as is", "\x00", '{"a": 1}'], ids=ascii)
def test_text_is_itself(value):
    assert json_value(value) is value


@pytest.mark.parametrize("value", [object(), {"a": object()}, {1: "a", "b": 2}, LOOP], ids=["object", "in a dict", "mixed keys", "loop"])
def test_what_json_dumps_refuses_json_value_refuses_alike(value):
    with pytest.raises((TypeError, ValueError)) as expected:
        json.dumps(value, sort_keys=True)
    with pytest.raises(expected.type, match=str(expected.value)[:20].replace("(", r"\(").replace(")", r"\)")):
        json_value(value)
