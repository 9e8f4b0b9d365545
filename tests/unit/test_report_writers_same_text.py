# -*- coding: utf-8 -*-
"""The report writers' fast paths (issue 12) write what the plain ones wrote: the same report.json text
as json.dumps, the same tree as safe_text.safe_tree for any input, unsafe or not."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import safe_tree

STRINGS = ["plain", "tab\there", "line\nbreak", "cr\r", "a\\nb", "a\\\\nb", "back\\", "\\\\\x01", "\x1b[2J",
           "\x7f", "\x85", "\udcff", "\u202e", "\u2028", "\ufffe", "caf\u00e9", '"quoted"', "\\u0001", "\f\b"]
TREES = [{}, [], {"a": []}, {"a": {}}, (1, (2, [3])), 1e300, -0.0, 10 ** 30, True, None,
         {"b": [1, 2.5, True, None, False, "x"], "a": {"z": [{"y": 1}]}}, {1: "int key"},
         {"nan": float("nan")}, {"inf": float("-inf")}]
TREES += [{"k": s} for s in STRINGS] + [{s: [s]} for s in STRINGS]


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_indented_json_is_json_dumps_text(tree):
    try:
        expected = json.dumps(tree, indent=2, sort_keys=True, separators=(",", ": "), allow_nan=False)
    except ValueError as exc:
        with pytest.raises(ValueError, match=str(exc)):
            findings.indented_json(tree)
        return
    assert findings.indented_json(tree) == expected
    # the evidence in report.xml was written with NaN allowed
    assert findings.indented_json(tree, allow_nan=True) == json.dumps(tree, indent=2, sort_keys=True)


def test_keys_of_mixed_types_fail_as_json_dumps_fails():
    with pytest.raises(TypeError):
        findings.indented_json({1: "a", "b": 2})


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_a_report_is_made_safe_as_safe_tree_makes_it(tree):
    report = {"schema_version": 1, "tunnels": [{"name": "t", "evidence": tree}], "summary": {}}
    assert json.dumps(findings._safe(report), sort_keys=True, default=repr) == \
        json.dumps(safe_tree(report), sort_keys=True, default=repr)


def test_report_texts_of_a_report_with_unsafe_names_are_the_plain_writers_texts():
    report = findings.build_report([], [{"asa": {"host": s}} for s in STRINGS])
    report["unpaired"].append({"azure": {"connection": "added after build_report\x1b[2J"}})
    texts = findings.report_texts(report)
    safe = safe_tree(report)
    assert texts["report.json"] == json.dumps(safe, indent=2, sort_keys=True, separators=(",", ": ")) + "\n"
    assert "\x1b" not in texts["report.md"] and "\\x1b[2J" in texts["report.md"]
