# -*- coding: utf-8 -*-
"""Azure input and the report writers under hostile input (issue 11): JSON nesting and number
budgets, NaN/Infinity never in report.json, undecodable bytes and control characters never raw
in JSON, XML, Markdown or on the console."""

import copy
import json
import os
import re
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import safe_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import (
    AzureInputError,
    load_resources,
    load_resources_text,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import build_report
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import summary_lines, to_json, to_junit, to_markdown

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def read(name, mode="r"):
    with open(os.path.join(SEED, name), mode) as handle:
        return handle.read()


def arm_text():
    return read("azure_resources.json")


def arm():
    return json.loads(arm_text())


def connection(data):
    return [r for r in data if r["type"] == "Microsoft.Network/connections"][0]


def strict_json(value):
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


def no_constant(name):
    raise AssertionError("JSON constant %s in report.json" % name)


def assert_outputs_safe(report):
    strict_json(report)
    json.loads(to_json(report), parse_constant=no_constant)
    ET.fromstring(to_junit(report).encode("utf-8"))
    assert RAW.search(to_markdown(report)) is None
    for line in summary_lines(report):
        assert RAW.search(line) is None and "\n" not in line and "\r" not in line


# -- JSON nesting ------------------------------------------------------------------------------
@pytest.mark.parametrize("depth", [65, 2000, 100000])
def test_deeply_nested_json_text_is_a_clear_error_naming_the_depth(depth):
    """100,000 '[' once raised RecursionError out of json.loads (13 escaped the fuzzer)."""
    with pytest.raises(AzureInputError, match="nested more than 64 levels deep"):
        load_resources_text("[" * depth + "]" * depth)
    with pytest.raises(ValueError, match="nested more than 64 levels deep"):  # what azure_vpn_facts reads src with
        safe_text.load_json_text(("[" * depth + "]" * depth).encode())


def test_deep_nesting_inside_a_resource_names_where():
    data = arm()
    value = 3600
    for _n in range(990):  # parsed data given as the resources option: Python's limit is ~1,000 frames
        value = [value]
    connection(data)["properties"]["ipsecPolicies"][0]["saLifeTimeSeconds"] = value
    with pytest.raises(AzureInputError, match=r"nested more than 64 levels deep \(at \[0\]\.properties\.ipsecPolicies"):
        azure_facts_from_data(data)


def test_resources_nested_within_the_budget_are_read():
    assert len(load_resources([[[[arm()]]]]).order) == 5


# -- numbers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e400", "9" * 4301, "99999999999999999999"])
def test_a_lifetime_json_cannot_hold_is_an_invalid_value_and_report_json_stays_strict(raw):
    """'saLifeTimeSeconds': NaN once reached report.json as NaN (invalid JSON)."""
    text = re.sub(r'"saLifeTimeSeconds": *\d+', '"saLifeTimeSeconds": %s' % raw, arm_text())
    # as the resources option gets it (Ansible's from_json reads NaN as a float), or, for numbers
    # json.loads refuses (over 4,300 digits), as azure_vpn_facts reads src
    data = json.loads(text) if raw[-1] != "9" else safe_text.load_json_text(text)
    facts = azure_facts_from_data(data)
    strict_json(facts)
    [finding] = [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]
    assert finding["evidence"]["azure"]["property"] == "ipsecPolicies[0].saLifeTimeSeconds"
    assert "which is not a whole number" in finding["summary"]
    report = run_check([asa_facts_from_text(read("asa_running_config.txt"))], [facts])
    assert_outputs_safe(report)


def test_nan_given_as_parsed_data_is_an_invalid_value():
    for value in (float("nan"), float("inf"), 10 ** 30):
        data = arm()
        connection(data)["properties"]["ipsecPolicies"][0]["saDataSizeKilobytes"] = value
        facts = azure_facts_from_data(data)
        strict_json(facts)
        assert [f["evidence"]["azure"]["property"] for f in facts["findings"] if f["code"] == "INVALID_VALUE"] == [
            "ipsecPolicies[0].saDataSizeKilobytes"]


# -- text --------------------------------------------------------------------------------------
def test_a_lone_surrogate_or_undecodable_byte_in_an_azure_name_gives_facts_ansible_accepts():
    text = arm_text().replace('"name": "UKSouth-HQ-S2S"', '"name": "UKSouth\\udcff-HQ"')
    facts = azure_facts_from_data(safe_text.load_json_text(text))
    strict_json(facts)
    assert facts["tunnels"][0]["name"] == "UKSouth\\xff-HQ"
    data = arm_text().encode().replace(b'"name": "UKSouth-HQ-S2S"', b'"name": "UKSouth\xfe-HQ"')
    strict_json(azure_facts_from_data(safe_text.load_json_text(data)))


def test_control_characters_in_names_give_well_formed_xml_and_no_raw_control_on_the_console():
    """A \\x01 in a name once made report.xml not well-formed and reached the console raw."""
    asa = read("asa_running_config.txt").replace("hostname gateway", "hostname gate\x01\x1b[2Jway")
    report = run_check([asa_facts_from_text(asa)], [azure_facts_from_data(arm())])
    assert_outputs_safe(report)
    assert "gate\\x01way" in summary_lines(report)[1]  # the terminal sequence ESC[2J removed, the \\x01 escaped


def test_writers_make_any_report_safe():
    """The writers sanitize the report they are given, whatever made it."""
    hostile = "a\x00b\x1b[31mc\ud800d\udcffe\u202ef\nFAIL [x]\r<script>`x`"
    report = {
        "schema_version": 1,
        "summary": {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0},
        "unpaired": [{"name": hostile}],
        "tunnels": [{
            "name": hostile, "verdict": "fail", "asa": {"host": hostile}, "azure": {"connection": hostile},
            "findings": [{"code": "INVALID_VALUE", "severity": "error", "phase": "config", "summary": hostile,
                          "evidence": {"asa": {"lines": [{"line": 1, "text": hostile}], "value": float("nan")},
                                       "azure": {"value": float("inf"), hostile: hostile}},
                          "remediation": {"asa": [hostile], "azure": {hostile: float("-inf")}}, "proof": {}}],
        }],
    }
    assert_outputs_safe(build_report(copy.deepcopy(report["tunnels"]), report["unpaired"]))
    json.loads(to_json(report), parse_constant=no_constant)
    ET.fromstring(to_junit(report).encode("utf-8"))
    markdown = to_markdown(report)
    assert RAW.search(markdown) is None and "&lt;script&gt;\\`x\\`" in markdown  # prose: no HTML, no code span
    for line in markdown.split("\n"):
        if "<script>" in line:  # only inside a code block or a code span its backticks cannot close
            outside_spans = re.sub(r"(``+) .*?<script>`x`.*? \1", "", line)  # report.md's tables hold code spans
            assert line.startswith("    ") or "<script>" not in outside_spans, line
    lines = summary_lines(report)
    assert all(RAW.search(line) is None and "\n" not in line for line in lines)
    assert lines[1].startswith("FAIL [a\\x00b\\x1b[31mc\\ud800d\\xffe\\u202ef\\nFAIL [x]\\r<script>`x`]")


def test_escape_shows_each_unsafe_character():
    assert safe_text.escape("tab\tok") == "tab\tok"
    assert safe_text.escape("\x00\x7f\x85\u2028\u202e\ud800\udcff\ufffe") == \
        "\\x00\\x7f\\x85\\u2028\\u202e\\ud800\\xff\\ufffe"
    assert safe_text.md_code("a`b") == "`` a`b ``" and safe_text.md_code("ab") == "`ab`"
    assert safe_text.safe_tree({"k\x00": [float("nan"), 1.5, (2, "x\x1b")]}) == {"k\\x00": ["NaN", 1.5, [2, "x\\x1b"]]}
    assert safe_text.safe_data([float("nan"), float("-inf"), 10 ** 20, "\udcff"]) == [
        "NaN", "-Infinity", "(an integer of 67 bits)", "\\xff"]
