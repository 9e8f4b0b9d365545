# -*- coding: utf-8 -*-
"""The report files say which sources the check read and left out (the other unit of a failover pair), not only the
console: report.json's ``notes``, a section of report.md and report.html, a testsuite of report.xml, and the compact
result. A report without notes is written as before. Notes may hold inventory host and file names: each writer
escapes them as it escapes any other text (module_utils/report_notes.py)."""

import json
import os
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import config_digest
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts, to_json
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import escape, safe_tree
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
SEED_AZURE = os.path.join(SEED, "azure_resources.json")
# inventory host names a writer must not take for markup: HTML, XML attribute quotes, a Markdown code span, a
# terminal escape
ACTIVE, STANDBY = 'fw-a<b>&"x"', "fw-b\x1b[2J|`y`"
NOTES_SUITE = "notes on the sources read"  # report.xml's testsuite, as a CI view lists it


def seed_text(unit):
    with open(os.path.join(SEED, "asa_running_config.txt")) as handle:
        return handle.read().replace("hostname gateway\n", "hostname edge-pair\nfailover\nfailover lan unit %s\n" % unit)


def live_pair_report():
    """A live pair (both units inventory hosts, hostile names) through fact_sources and the check, as the action
    plugin runs them: the standby is left out and named in a note."""
    facts = []
    for host, unit, state, mate in ((ACTIVE, "primary", "active", "standby ready"),
                                    (STANDBY, "secondary", "standby ready", "active")):
        one = asa_facts_from_text(seed_text(unit), host=host, source="device")
        one["failover"] = {"enabled": True, "unit": unit, "state": state, "mate_state": mate,
                           "config_digest": config_digest(seed_text(unit), "run-key")}
        facts.append(one)
    notes = []
    asa = asa_facts_from({"hostvars": {f["host"]: {"vpnalign_asa": f} for f in facts}}, hosts=[ACTIVE, STANDBY],
                         notes=notes)
    assert len(notes) == 1 and STANDBY in notes[0]
    return run_check(asa, azure_facts_from({}, paths=SEED_AZURE), notes=notes), notes


def test_report_json_names_the_standby_left_out_escaped_as_any_text():
    report, notes = live_pair_report()
    assert report["notes"] == [escape(notes[0])]  # the terminal escape made visible text
    written = json.loads(report_texts(report)["report.json"])
    assert written["notes"] == report["notes"]
    assert "fw-b\\x1b[2J|`y`" in written["notes"][0] and "\x1b" not in written["notes"][0]
    assert [t["asa"]["host"] for t in written["tunnels"]] == [ACTIVE]


@pytest.mark.parametrize("notes", [["plain"], ["a\\", "tab\tand\nline \x1b[2J", "\udcff \u202e", '"q" <b>&']])
def test_report_json_fast_path_is_the_general_path_with_notes(notes):
    report = findings.build_report([], [], notes=notes)
    texts = report_texts(report)
    general = json.dumps(safe_tree(report), indent=2, sort_keys=True, separators=(",", ": ")) + "\n"
    assert "".join(texts.chunks("report.json")) == general == to_json(report)
    # notes put in by hand after build_report (not made safe there): made safe by the writer
    report = findings.build_report([], [])
    report["notes"] = notes
    assert report_texts(report)["report.json"] == json.dumps(
        safe_tree(report), indent=2, sort_keys=True, separators=(",", ": ")) + "\n"


def test_report_md_has_a_section_naming_the_standby_escaped():
    report, _notes = live_pair_report()
    markdown = report_texts(report)["report.md"]
    head, tunnels = markdown.split("\n## UKSouth-HQ-S2S", 1)
    assert "## Notes on the sources read" in head and "## Notes" not in tunnels  # before the tunnels, once
    [line] = [line for line in head.splitlines() if line.startswith("- asa_hosts: ")]
    # backslash, "[" and backticks escaped for CommonMark: it renders as fw-b\x1b[2J|`y`
    assert "fw-a&lt;b&gt;&amp;\"x\"" in line and "fw-b\\\\x1b\\[2J|\\`y\\`" in line
    section = head.split("## Notes on the sources read", 1)[1]
    assert "<b>" not in section and "\x1b" not in markdown  # elsewhere the host is in code spans, as written
    assert "checked once, from the active unit" in line


def test_report_html_has_a_section_naming_the_standby_escaped():
    report, _notes = live_pair_report()
    page = report_texts(report)["report.html"]
    section = page.split('<section id="notes">', 1)[1].split("</section>", 1)[0]
    [item] = section.split("<li>")[1:]
    assert "fw-a&lt;b&gt;&amp;&quot;x&quot;" in item and "fw-b\\x1b[2J|`y`" in item
    assert "<b>&" not in page and "\x1b" not in page


def test_report_xml_has_a_passing_testsuite_naming_the_standby():
    report, _notes = live_pair_report()
    for fail_on in ("error", "warning", "never"):
        root = ET.fromstring(report_texts(report, fail_on)["report.xml"].encode("utf-8"))  # well-formed
        [suite] = root.findall("testsuite[@name='%s']" % NOTES_SUITE)
        assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("1", "0", "0")
        [case] = suite.findall("testcase")
        assert case.get("name") == report["notes"][0] and STANDBY not in case.get("name")  # the escaped text
        assert case.find("failure") is None and case.find("skipped") is None
        assert case.find("system-out").text.endswith(report["notes"][0])
        assert [s.get("name") for s in root.findall("testsuite")] == ["UKSouth-HQ-S2S (%s)" % report["tunnels"][0]["id"], NOTES_SUITE]


def test_offline_backups_of_a_pair_name_the_file_left_out_in_every_file(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "edge-standby-config.txt").write_text(seed_text("secondary"))
    (folder / "edge-active-config.txt").write_text(seed_text("primary"))
    notes = []
    asa = asa_facts_from({}, paths=str(folder), notes=notes)
    report = run_check(asa, azure_facts_from({}, paths=SEED_AZURE), notes=notes)
    left_out = str(folder / "edge-standby-config.txt")
    texts = report_texts(report)
    assert json.loads(texts["report.json"])["notes"] == notes and left_out in notes[0]
    for name in ("report.md", "report.html", "report.xml"):
        assert left_out in texts[name], name


def test_the_compact_result_carries_the_notes_and_the_console_summary_does_not_repeat_them():
    report, _notes = live_pair_report()
    result = compact_result(report, ["/r/report.json"], "error", False)
    assert result["notes"] == report["notes"]
    # the action plugin says each note once, before the check; the summary lines do not say it again
    assert not [line for line in result["summary_lines"] if "failover pair" in line]


def test_without_notes_the_report_and_its_files_are_as_before():
    facts = asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt"))
    azure = azure_facts_from({}, paths=SEED_AZURE)
    before = run_check(facts, azure)
    for notes in ([], None):
        report = run_check(facts, azure, notes=notes)
        assert "notes" not in report and report == before
        texts, texts_before = report_texts(report), report_texts(before)
        assert dict(texts) == dict(texts_before)
        assert "notes" not in compact_result(report)
    assert "Notes on the sources read" not in report_texts(before)["report.md"]


def test_a_note_that_is_not_text_is_an_error():
    with pytest.raises(TypeError, match="notes must be strings, not dict"):
        findings.build_report([], [], notes=["ok", {"host": "x"}])
