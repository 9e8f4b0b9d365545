# -*- coding: utf-8 -*-
"""report.xml written as escaped text pieces (issue 12: the ElementTree tree was +76 MB at 100k lines) is
the text ElementTree wrote: the same bytes for hostile strings (control characters, quotes, ]]>, markup,
non-ASCII, lone surrogates), every fail_on and unpaired_ok, and the bundled examples' reports."""

import glob
import json
import os
from xml.etree import ElementTree as ET

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import compat, findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_junit import UNPAIRED_SUITE, _finding_text, junit_chunks, junit_text, to_junit
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import fails_at, unpaired_fails, unpaired_label, unpaired_reason

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HOSTILE = ["plain", "", " ", "\n", "tab\there", "line\nbreak", "cr\r", "crlf\r\n", "\x00nul", "\x01\x08\x0b\x0c\x1f",
           "\x1b[2J", "\x7f\x85", '"quoted" \'single\'', "]]>", "<![CDATA[x]]>", "<b>&amp;</b>", "&#10;&lt;", "a > b < c & d",
           "caf\u00e9 \u00fc\u00df", "\u202e\u2028\u2029\ufffe\uffff", "\U0001f600 astral", "\udcff lone", "\ud800", "\ud83d\ude00",
           "\\u0001", "back\\", "--> <!-- -->"]
FAIL_ONS = ("error", "warning", "never")


def _et_junit(report, fail_on="error", unpaired_ok=False):
    """report.xml as ElementTree wrote it before issue 12 (the reference for the text writer)."""
    suites = ET.Element("testsuites", name="vpnalign.s2s")
    ET.SubElement(ET.SubElement(suites, "properties"), "property", name="fail_on", value=fail_on)
    for tunnel in report["tunnels"]:
        # named by the tunnel's name and its stable id (review 2026-12-07); a hand-made entry without one by its name
        name, ident = tunnel["name"], tunnel.get("id")
        if ident and ident != name:
            name = ident if ident.endswith(name) else "%s (%s)" % (name, ident)
        by_code = {}
        for f in tunnel["findings"]:
            by_code.setdefault(f["code"], []).append(f)
        failing = {code for code, fs in by_code.items() if any(fails_at(f["severity"], fail_on) for f in fs)}
        suite = ET.SubElement(suites, "testsuite", name=name, tests=str(len(findings.CATALOG)),
                              failures=str(len(failing)), errors="0", skipped="0")
        for code in sorted(findings.CATALOG):
            case = ET.SubElement(suite, "testcase", classname=name, name=code)
            reported = []
            for f in by_code.get(code, []):
                if fails_at(f["severity"], fail_on):
                    ET.SubElement(case, "failure", type=f["severity"], message=f["summary"]).text = _finding_text(f)
                else:
                    reported.append(f)
            if reported:
                properties = ET.SubElement(case, "properties")
                for f in reported:
                    ET.SubElement(properties, "property", name="below_fail_on", value=f["severity"])
                ET.SubElement(case, "system-out").text = "\n\n".join(
                    _finding_text(f) if f["severity"] != findings.INFO else f["summary"] for f in reported)
    unpaired = report.get("unpaired") or []
    failing = unpaired_fails(fail_on, unpaired_ok)
    if unpaired:
        suite = ET.SubElement(suites, "testsuite", name=UNPAIRED_SUITE, tests=str(len(unpaired)), errors="0",
                              failures=str(len(unpaired)) if failing else "0", skipped="0" if failing else str(len(unpaired)))
        for end in unpaired:
            case = ET.SubElement(suite, "testcase", classname=UNPAIRED_SUITE, name=unpaired_label(end))
            reason = unpaired_reason(end)
            if not failing:
                ET.SubElement(case, "skipped", message="not failed (unpaired_ok, or fail_on=never): %s" % reason)
            else:
                ET.SubElement(case, "failure", type="unpaired", message=reason).text = (
                    "%s: %s. Nothing about this end was checked; if ends without a counterpart are "
                    "expected, set unpaired_ok." % (unpaired_label(end), reason))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _finding(code, severity, text):
    return {"code": code, "severity": severity, "phase": "config", "summary": text,
            "evidence": {"asa": {"value": text, "lines": [{"line": 3, "text": text}]}},
            "remediation": {"asa": ["no crypto map " + text], "azure": {"connection": {"name": text, "properties": {text: text}}}},
            "scope": [], "proof": {"asa": {"proven": True}}}


def _hostile_report(text):
    tunnels = [
        {"name": text, "asa": {"host": text}, "azure": {"connection": text}, "verdict": "fail",
         "findings": [_finding("PFS_MISMATCH", "error", text), _finding("PFS_MISMATCH", "warning", text + "2"),
                      _finding("WEAK_CRYPTO", "warning", text), _finding("IKE_LIFETIME_MISMATCH", "info", text),
                      _finding("IKE_LIFETIME_MISMATCH", "info", "")]},
        {"name": "ok " + text, "asa": {}, "azure": {}, "verdict": "pass", "findings": []},
    ]
    unpaired = [{"asa": {"host": text, "crypto_map": text, "seq": 1, "peer": text}},
                {"azure": {"connection": text, "gateway": text, "resource_group": text, "instance": 0}}, {}]
    return {"schema_version": 1, "tunnels": tunnels, "unpaired": unpaired,
            "summary": {"tunnels": 2, "fail": 1, "degraded": 0, "pass": 1}}


@pytest.mark.parametrize("fail_on", FAIL_ONS)
@pytest.mark.parametrize("unpaired_ok", (False, True))
@pytest.mark.parametrize("text", HOSTILE, ids=ascii)
def test_text_writer_escapes_as_elementtree_did(text, fail_on, unpaired_ok):
    report = _hostile_report(text)
    # as given (a writer's own escaping, control characters and surrogates included) and made safe (what is written)
    assert junit_text(report, fail_on, unpaired_ok) == _et_junit(report, fail_on, unpaired_ok)
    assert to_junit(report, fail_on, unpaired_ok) == _et_junit(findings._safe(report), fail_on, unpaired_ok)


@pytest.mark.parametrize("text", ["plain", "\x00nul", 'q"<&>\'', "caf\u00e9"], ids=ascii)
def test_testcases_without_a_finding_between_those_with_one_are_written_as_elementtree_did(text):
    """The testcases of codes without a finding are written a run at a time (issue 12): runs at either end of the
    catalog, between adjacent codes, none at all, and a code of no catalog entry."""
    codes = sorted(findings.CATALOG)
    picks = [[], [codes[0]], [codes[-1]], [codes[0], codes[1]], [codes[-2], codes[-1], codes[0]], codes, codes[::3],
             [codes[5], "NOT_A_CODE", codes[5], codes[6]], ["NOT_A_CODE"]]
    tunnels = [{"name": text + str(i), "asa": {}, "azure": {}, "verdict": "fail",
                "findings": [_finding(code, ("error", "warning", "info")[j % 3], text) for j, code in enumerate(pick)]}
               for i, pick in enumerate(picks)]
    report = {"schema_version": 1, "tunnels": tunnels, "unpaired": [], "summary": {"tunnels": len(tunnels)}}
    for fail_on in FAIL_ONS:
        assert junit_text(report, fail_on) == _et_junit(report, fail_on)


def test_written_report_xml_parses_back_to_the_hostile_values():
    text = 'x"y]]><z>&\t caf\u00e9 \U0001f600'  # a tab is kept by safe_tree, and must be by the attribute
    root = ET.fromstring(to_junit(_hostile_report(text)).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite.get("name") == text and suite.find("testcase/failure").get("message") == text


def test_a_value_elementtree_cannot_write_fails_as_it_failed():
    report = _hostile_report("x")
    report["tunnels"][0]["name"] = 7
    with pytest.raises(TypeError, match="cannot serialize 7"):
        _et_junit(report)
    with pytest.raises(TypeError, match="cannot serialize 7"):
        junit_text(report)
    report["tunnels"][0]["name"] = ["a list"]  # ElementTree wrote its str() into the attribute
    assert junit_text(report) == _et_junit(report)


def _bundled_reports():
    for directory in sorted(glob.glob(os.path.join(REPO, "examples", "*")) +
                            glob.glob(os.path.join(REPO, "tests", "fixtures", "route_based", "*"))):
        asa, azure = (os.path.join(directory, name) for name in ("asa_running_config.txt", "azure_resources.json"))
        if os.path.isfile(asa) and os.path.isfile(azure):
            with open(asa, encoding="utf-8") as a, open(azure, encoding="utf-8") as z:
                yield os.path.basename(directory), compat.run_check(asa_facts_from_text(a.read(), host="h"),
                                                                    azure_facts_from_data(json.load(z)))


@pytest.mark.parametrize("fail_on", FAIL_ONS)
def test_bundled_reports_are_written_as_elementtree_wrote_them(fail_on):
    reports = list(_bundled_reports())
    assert reports
    for _name, report in reports:
        for unpaired_ok in (False, True):
            expected = _et_junit(findings._safe(report), fail_on, unpaired_ok)
            assert to_junit(report, fail_on, unpaired_ok) == expected
            assert report_texts(report, fail_on, unpaired_ok)["report.xml"] == expected


def test_report_xml_comes_in_a_piece_per_tunnel():
    report = _hostile_report("t")
    assert len(list(junit_chunks(report))) == 2 + len(report["tunnels"]) + 1
