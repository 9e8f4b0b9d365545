# -*- coding: utf-8 -*-
"""The report writers' fast paths (issue 12) write what the plain ones wrote: the same report.json text
as json.dumps, the same tree as safe_text.safe_tree for any input, unsafe or not."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_json import indented_json
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import safe_tree

STRINGS = ["plain", "tab\there", "line\nbreak", "cr\r", "a\\nb", "a\\\\nb", "back\\", "\\\\\x01", "\x1b[2J",
           "\x7f", "\x85", "\udcff", "\u202e", "\u2028", "\ufffe", "caf\u00e9", '"quoted"', "\\u0001", "\f\b", "\U0001f600 astral", "\\ud83d"]
TREES = [{}, [], {"a": []}, {"a": {}}, (1, (2, [3])), 1e300, -0.0, 10 ** 30, True, None,
         {"b": [1, 2.5, True, None, False, "x"], "a": {"z": [{"y": 1}]}}, {1: "int key"},
         {"nan": float("nan")}, {"inf": float("-inf")}]
TREES += [{"k": s} for s in STRINGS] + [{s: [s]} for s in STRINGS]
# lists of flat records (written by the C encoder at once): strings that look like the layout, an empty record, NaN
TREES += [[{"a": 1}], [{"b": "x}", "a": None}, {"c": "},\n      {"}] * 2, {"k": [{"line": 1, "text": "}, {"}, {"z": 1.5, "y": True}]},
          [[{"a": 1}, {"b": 2}]], [{"a": 1}, {}], [{}], [{"a": {}}], [{"a": [1]}, {"b": 1}], [{"n": float("nan")}, {"a": 1}],
          [{"b": 1, "a": s} for s in STRINGS], [{1: "int key"}]]


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_indented_json_is_json_dumps_text(tree):
    try:
        expected = json.dumps(tree, indent=2, sort_keys=True, separators=(",", ": "), allow_nan=False)
    except ValueError as exc:
        with pytest.raises(ValueError, match=str(exc)):
            indented_json(tree)
        return
    assert indented_json(tree) == expected
    # the evidence in report.xml was written with NaN allowed
    assert indented_json(tree, allow_nan=True) == json.dumps(tree, indent=2, sort_keys=True)


def test_keys_of_mixed_types_fail_as_json_dumps_fails():
    with pytest.raises(TypeError):
        indented_json({1: "a", "b": 2})


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_a_report_is_made_safe_as_safe_tree_makes_it(tree):
    report = {"schema_version": 1, "tunnels": [{"name": "t", "evidence": tree}], "summary": {}}
    assert json.dumps(findings._safe(report), sort_keys=True, default=repr) == \
        json.dumps(safe_tree(report), sort_keys=True, default=repr)


def test_report_texts_of_a_report_with_unsafe_names_are_the_plain_writers_texts():
    report = findings.build_report([], [{"asa": {"host": s}} for s in STRINGS])
    report["unpaired"].append({"azure": {"connection": "added after build_report\x1b[2J"}})
    texts = report_texts(report)
    safe = safe_tree(report)
    assert texts["report.json"] == json.dumps(safe, indent=2, sort_keys=True, separators=(",", ": ")) + "\n"
    # the escape's backslash and "[" escaped for CommonMark: it renders as \x1b[2J
    assert "\x1b" not in texts["report.md"] and "\\\\x1b\\[2J" in texts["report.md"]


def _plain_texts(report):
    """What the writers gave before issue 12's fast paths: every file from safe_tree(report)."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.report_junit import junit_text
    from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text
    safe = safe_tree(report)
    return {"report.json": json.dumps(safe, indent=2, sort_keys=True, separators=(",", ": ")) + "\n",
            "report.xml": junit_text(safe), "report.md": markdown_text(safe)}


def _reports_around(tree):
    finding = {"code": "INVALID_VALUE", "severity": "error", "phase": "config", "summary": "s",
               "evidence": {"asa": {"value": tree, "lines": [{"line": 1, "text": "x"}]}}, "remediation": {},
               "scope": [], "proof": {}}
    tunnel = {"name": "t", "asa": {"host": "h"}, "azure": {"connection": "c"}, "verdict": "fail", "findings": [finding]}
    plain = {"name": "ok", "asa": {"host": "h"}, "azure": {"connection": "d"}, "verdict": "pass", "findings": []}
    summary = {"tunnels": 2, "fail": 1, "degraded": 0, "pass": 1}
    yield {"schema_version": 1, "tunnels": [plain, tunnel, plain], "summary": summary, "unpaired": []}
    yield {"schema_version": 1, "tunnels": [plain], "summary": summary, "unpaired": [{"asa": {"host": tree}}]}
    yield {"schema_version": 1, "tunnels": [], "summary": dict(summary, extra=tree), "unpaired": []}


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_report_texts_piece_by_piece_are_the_texts_of_the_whole_report_made_safe(tree):
    """report.json is written a tunnel at a time and each piece proven safe on its own; a piece that is
    not is written from safe_tree: the files are those of the report made safe as a whole."""
    names = ("report.json", "report.xml", "report.md")
    if "(" in repr(tree):
        names = ("report.json",)  # a tuple: build_report's reports hold lists; _safe leaves tuples to the writers
    for report in _reports_around(tree):
        texts = report_texts(report)
        assert {name: texts[name] for name in names} == {name: _plain_texts(report)[name] for name in names}
        # report.json first (as write_reports does): the other files then come from its safe pieces
        texts = report_texts(report)
        assert "".join(texts.chunks("report.json")) == _plain_texts(report)["report.json"]
        assert texts[names[-1]] == _plain_texts(report)[names[-1]]


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_report_xml_after_report_json_is_its_own_text_when_objects_are_shared(tree):
    """report.xml writes each finding's evidence as report.json wrote it (kept from report.json), and report.json
    writes a container two keys share once: the same files as the plain writers', with the same object at two
    depths (a safest alignment entry, an evidence two findings share) and with evidence made safe."""
    if "(" in repr(tree):
        return  # a tuple: build_report's reports hold lists
    for report in _reports_around(tree):
        for tunnel in report["tunnels"]:
            if tunnel["findings"]:
                finding = tunnel["findings"][0]
                tunnel["findings"].append(dict(finding, code="AUTH_MISMATCH", severity="warning"))  # the same evidence
                entry = {"options": {"v": [finding["evidence"], {"x": 1}]}, "manual": []}
                tunnel["alignment"] = {"align_to_asa": entry, "safest": {"azure": entry}}
        texts = report_texts(report)
        assert "".join(texts.chunks("report.json")) == _plain_texts(report)["report.json"]
        assert texts["report.xml"] == _plain_texts(report)["report.xml"]
        assert texts["report.xml"] == _plain_texts(report)["report.xml"]  # a second time: without the kept texts


def test_build_report_gives_tuples_as_lists_without_copying_what_holds_none():
    evidence = {"lines": [{"line": 1, "text": "a"}]}
    tunnel = {"name": "t", "verdict": "pass", "findings": [], "asa": {"hosts": ("a", ("b",))}, "azure": evidence}
    report = findings.build_report([tunnel])
    assert report["tunnels"][0]["asa"] == {"hosts": ["a", ["b"]]}
    assert report["tunnels"][0]["azure"] is evidence
    assert report == safe_tree(report)


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_summary_lines_proves_only_what_it_reads_and_says_what_the_whole_report_made_safe_says(tree):
    """summary_lines makes safe the part of the report it reads (issue 12: the whole report's JSON was 20-40 MB
    at 100k lines): the lines are those of the whole report made safe, for unsafe values inside or outside it."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines
    if "(" in repr(tree):
        return  # a tuple: read as a list only when something else in the report is unsafe (as before)
    for report in _reports_around(tree):
        text = "n\x1b%s" % json.dumps(tree, default=repr)
        finding = {"code": "PFS_MISMATCH", "severity": "warning", "phase": "child_rekey", "summary": text,
                   "remediation": {"asa": [text], "azure": {"az": [text], "x": tree}}, "proof": {"asa": {"proven": True}},
                   "evidence": {"asa": tree}}
        report["tunnels"][-1:] = [dict(t, name=text, asa={"host": text}, alignment={"x": tree}, rekey={"y": [tree]},
                                       findings=t["findings"] + [finding]) for t in report["tunnels"][-1:]]
        for args in ((), ("warning", True)):
            assert summary_lines(report, *args) == summary_lines(safe_tree(report), *args)


def _whole_text_says_safe(report):
    """The proof before issue 12's third pass: the whole report's JSON text, one regular expression over it."""
    try:
        return not findings._unsafe_json(json.dumps(report, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        return False


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_the_report_is_proven_safe_a_tunnel_at_a_time_as_its_whole_text_proved_it(tree):
    """build_report's proof reads a value (a tunnel) at a time, not the whole report's text (20-40 MB at 100k
    lines, the check's peak): the same answer wherever the value sits, beside backslashes too."""
    reports = [{"schema_version": 1, "tunnels": [{"name": "a\\"}, tree, {"name": "\\"}], "summary": {}},
               {"schema_version": 1, "tunnels": [], "summary": tree, "unpaired": ["\\", tree]},
               {"schema_version": 1, "tunnels": tree},
               {"\\": tree, "tunnels": ["\\\\"]}]
    if isinstance(tree, str) or not isinstance(tree, (dict, list, tuple)):
        reports.append({tree if isinstance(tree, str) else "k": 1, "tunnels": []})
    for report in reports:
        assert (findings._safe(report) is report) == _whole_text_says_safe(report), report
