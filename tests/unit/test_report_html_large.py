# -*- coding: utf-8 -*-
"""report.html of a large report (issue 12): written a tunnel at a time, and above DRAW_EVERY_TUNNEL_UP_TO
tunnels only the tunnels that do not pass (or carry evidence) are drawn; each passing one is a row of one table,
and the page says so. Small reports (every bundled example) are drawn in full as before. The console summary
follows the same threshold: above it, the tunnels that do not pass (or carry evidence) and a count of the rest."""

import json
import os
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import write_reports
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import DETAILED_UP_TO, summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import (
    DRAW_EVERY_TUNNEL_UP_TO,
    _tunnel_html,
    html_chunks,
    report_throughput,
    to_html,
)
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import anchor_keys, suite_names

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")


@pytest.fixture(scope="module")
def two_tunnels(tmp_path_factory):
    """(the seed's failing tunnel, the seed with both fixes: a passing tunnel)."""
    folder = tmp_path_factory.mktemp("seed")
    asa_text = open(os.path.join(SEED, "asa_running_config.txt"), encoding="utf-8").read()
    resources = json.load(open(os.path.join(SEED, "azure_resources.json"), encoding="utf-8"))
    failing = run_check(asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt")),
                        azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json")))["tunnels"][0]
    (folder / "asa.txt").write_text(asa_text.replace(
        "crypto map CRYPTO-MAP 2 set nat-t-disable", "crypto map CRYPTO-MAP 2 set nat-t-disable\ncrypto map CRYPTO-MAP 2 set pfs group19"))
    resources[0]["properties"]["ipsecPolicies"][0]["saDataSizeKilobytes"] = 102400000
    (folder / "azure.json").write_text(json.dumps(resources))
    passing = run_check(asa_facts_from({}, paths=str(folder / "asa.txt")),
                        azure_facts_from({}, paths=str(folder / "azure.json")))["tunnels"][0]
    assert failing["verdict"] == "fail" and passing["verdict"] == "pass"
    return failing, passing


def _fleet(two_tunnels, count, every=3):
    """``count`` tunnels, every ``every``-th one failing, the rest passing, each with its own name."""
    failing, passing = two_tunnels
    tunnels = [dict(failing if i % every == 0 else passing, name="site-%d<&>" % i, id="azure:-/rg/site-%d asa:fw/map/%d" % (i, i))
               for i in range(count)]
    verdicts = [t["verdict"] for t in tunnels]
    summary = {"tunnels": count, "fail": verdicts.count("fail"), "degraded": 0, "pass": verdicts.count("pass")}
    return {"schema_version": 1, "tunnels": tunnels, "summary": summary, "unpaired": [{"asa": {"host": "lone"}}]}


def _ids(page, kind):
    return re.findall(r'<%s[^>]* id="(tunnel-[^"]+)"' % kind, page)


def _anchors(report, indexes):
    """The anchors of the tunnels at ``indexes``: their report.json ids (tunnel_ids.anchor_keys)."""
    keys = anchor_keys(report["tunnels"])
    return ["tunnel-%s" % keys[i] for i in indexes]


def test_up_to_the_threshold_every_tunnel_is_drawn_as_before(two_tunnels):
    report = _fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO)
    page = to_html(report)
    assert _ids(page, "section") == _anchors(report, range(DRAW_EVERY_TUNNEL_UP_TO))
    assert 'id="not-drawn"' not in page and 'id="passing"' not in page
    throughput = report_throughput(report)
    # headed as report.xml's suites are: name and stable id (tunnel_ids.suite_names)
    labels = suite_names(report["tunnels"])
    keys = anchor_keys(report["tunnels"])
    for i, tunnel in enumerate(report["tunnels"]):
        assert _tunnel_html(keys[i], tunnel, throughput, label=labels[i]) in page


def test_above_it_passing_tunnels_are_rows_and_the_rest_are_drawn_in_full(two_tunnels):
    count = DRAW_EVERY_TUNNEL_UP_TO + 1
    report = _fleet(two_tunnels, count)
    page = to_html(report)
    failing = [i for i, t in enumerate(report["tunnels"]) if t["verdict"] != "pass"]
    passing = [i for i in range(count) if i not in failing]
    throughput = report_throughput(report)
    labels = suite_names(report["tunnels"])
    keys = anchor_keys(report["tunnels"])
    for i in failing:  # drawn exactly as a small report draws it
        assert _tunnel_html(keys[i], report["tunnels"][i], throughput, label=labels[i]) in page
    assert _ids(page, "section") == _anchors(report, failing)
    assert _ids(page, "tr") == _anchors(report, passing)
    assert not any('id="timeline-%s"' % keys[i] in page for i in passing)
    # every entry of the list at the top still leads somewhere, once
    assert sorted(re.findall(r'<a href="#(tunnel-[^"]+)">', page)) == sorted(_ids(page, "section") + _ids(page, "tr"))
    note = re.search(r'<p id="not-drawn" class="note">(.*?)</p>', page).group(1)
    assert "%d tunnels" % count in note and "The %d passing tunnel(s)" % len(passing) in note and "report.json" in note
    row = re.search(r'<tr id="%s"[^>]*>(.*?)</tr>' % _anchors(report, passing[:1])[0], page).group(1)
    assert "site-%d&lt;&amp;&gt;" % passing[0] in row and "Azure" in row
    assert "<li>ASA lone" in page  # the unpaired ends close the page as before


def test_a_passing_tunnel_with_evidence_is_drawn(two_tunnels):
    report = _fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO + 1)
    report["tunnels"][1] = dict(report["tunnels"][1], evidence={"counts": {}, "findings": [], "notes": ["n"]})
    assert _anchors(report, [1])[0] in _ids(to_html(report), "section")


def test_a_passing_tunnel_costs_a_row_not_a_drawing(two_tunnels):
    small = len(to_html(_fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO, every=10 ** 6)))
    large = len(to_html(_fleet(two_tunnels, 10 * DRAW_EVERY_TUNNEL_UP_TO, every=10 ** 6)))
    # only tunnel 0 fails (every=10**6): 99 passing tunnels drawn weigh more than 999 rows
    assert large < small


def test_the_page_is_written_a_tunnel_at_a_time_and_the_file_is_the_page(two_tunnels, tmp_path):
    report = _fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO + 5)
    drawn = sum(1 for t in report["tunnels"] if t["verdict"] != "pass")
    assert len(list(html_chunks(report))) == 1 + drawn + 1
    write_reports(report, str(tmp_path))
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == to_html(report) == report_texts(report)["report.html"]


def test_the_console_summary_of_a_large_report_lists_what_does_not_pass_and_counts_the_rest(two_tunnels):
    count = DRAW_EVERY_TUNNEL_UP_TO + 1
    report = _fleet(two_tunnels, count)
    report["tunnels"][1] = dict(report["tunnels"][1], evidence={"counts": {}, "findings": [], "notes": ["n"]})
    lines = summary_lines(report, "error")
    listed = [line.split("[", 1)[1].split("]", 1)[0] for line in lines if re.match(r"(FAIL|PASS|DEGRADED) \[", line)]
    failing = ["site-%d<&>" % i for i, t in enumerate(report["tunnels"]) if t["verdict"] != "pass"]
    assert listed == ["site-0<&>", "site-1<&>"] + failing[1:]  # a passing tunnel with evidence is listed
    assert "%d passing tunnel(s) not listed one by one" % (count - len(failing) - 1) in lines[1]
    assert any("PFS_MISMATCH" in line for line in lines) and lines[-1].startswith("UNPAIRED ASA lone")


def test_over_the_threshold_with_report_files_a_finding_is_one_line_and_its_fixes_are_left_to_the_files(two_tunnels):
    report = _fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO + 1)
    full = summary_lines(report, "error")
    short = summary_lines(report, "error", fixes_in_files=True)
    assert any(line.startswith("    fix ") for line in full)
    assert not any(line.startswith("    fix ") for line in short)
    assert "over %d tunnels each finding is one line here: its proven fixes, for each end, are in the report files" % (
        DRAW_EVERY_TUNNEL_UP_TO) in short
    # the first DETAILED_UP_TO tunnels that do not pass keep every finding line; the others are a line each with their
    # codes (review 2026-12-04: 2,000 failing tunnels printed 33,000 lines into an AWX job), and the unpaired end stays
    heads = [i for i, line in enumerate(short) if re.match(r"(FAIL|PASS|DEGRADED) \[", line)]
    assert len(heads) > DETAILED_UP_TO
    detailed = [line for line in full if not line.startswith("    fix ")]
    cut = detailed.index(short[heads[DETAILED_UP_TO]].rsplit(": ", 1)[0])
    assert [line for line in short[:heads[DETAILED_UP_TO]] if not line.startswith(("over ", "the first "))] == \
        detailed[:cut]
    assert all(": " in short[i] and not short[i + 1].startswith("  ") for i in heads[DETAILED_UP_TO:-1])
    assert short[-1].startswith("UNPAIRED ASA lone")
    assert "the first %d tunnels that do not pass are shown finding by finding" % DETAILED_UP_TO in "\n".join(short)
    # up to the threshold the fixes are printed even with the files
    small = _fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO)
    assert summary_lines(small, "error", fixes_in_files=True) == summary_lines(small, "error")


def test_the_compact_result_leaves_the_fixes_to_the_files_only_when_there_are_files(two_tunnels):
    report = _fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO + 1)
    with_files = compact_result(report, ["/reports/report.json"], "error")["summary_lines"]
    without = compact_result(report, [], "error")["summary_lines"]
    assert any(line.startswith("    fix ") for line in without)
    assert not any(line.startswith("    fix ") for line in with_files)


def test_up_to_the_threshold_the_console_summary_lists_every_tunnel(two_tunnels):
    report = _fleet(two_tunnels, DRAW_EVERY_TUNNEL_UP_TO)
    lines = summary_lines(report, "error")
    assert sum(1 for line in lines if re.match(r"(FAIL|PASS) \[", line)) == DRAW_EVERY_TUNNEL_UP_TO
    assert not any("not listed" in line for line in lines)
