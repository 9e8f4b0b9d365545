# -*- coding: utf-8 -*-
"""report.md (tables people read), report.xml (JUnit that follows fail_on) and the console summary, on the
seed example and with unpaired ends (issue 13)."""

import copy
import os
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts, summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import anchor_keys
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")
ASA_END = {"asa": {"host": "branch|7", "crypto_map": "CM", "seq": 10, "peer": "198.51.100.7"}}
AZURE_END = {"azure": {"connection": "to-branch", "gateway": "VNG", "resource_group": "RG"}}


@pytest.fixture(scope="module")
def seed_report():
    asa = asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt"))
    azure = azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json"))
    return run_check(asa, azure)


@pytest.fixture
def with_unpaired(seed_report):
    report = copy.deepcopy(seed_report)
    report["unpaired"] = [ASA_END, AZURE_END]
    return report


def cases(xml, suite_name):
    suite = ET.fromstring(xml.encode("utf-8")).find("testsuite[@name='%s']" % suite_name)
    return suite, {case.get("name"): case for case in suite.findall("testcase")}


def test_markdown_has_a_parameter_table_citing_asa_lines_and_azure_paths(seed_report):
    markdown = report_texts(seed_report)["report.md"]
    assert "| parameter | ASA | Azure |" in markdown
    assert ("| end | host `gateway`, crypto map `CRYPTO-MAP`, seq `2`, peer `203.0.113.20` | connection "
            "`UKSouth-HQ-S2S`, gateway `UKSouth-VNG`, resource group `RG` |") in markdown
    [pfs] = [line for line in markdown.splitlines() if line.startswith("| pfs group |")]
    assert pfs == ("| pfs group | none <br>from lines 39, 40, 41, 42, 43, 44 | group19 <br>from "
                   "`UKSouth-HQ-S2S: ipsecPolicies[0].pfsGroup` |")
    assert "- line 40: `crypto map CRYPTO-MAP 2 set peer 203.0.113.20`" in markdown
    # a value cites the line or ARM path that states it, not every source of its finding
    assert ("| kilobytes | 102400000 <br>from line 36 | 2048 <br>from "
            "`UKSouth-HQ-S2S: ipsecPolicies[0].saDataSizeKilobytes` |") in markdown
    # no evidence dumped as JSON, no Azure value said to come from "line 0"
    assert "line 0" not in markdown and '{"' not in markdown.split("### ", maxsplit=1)[0]
    # the fix per end, under its finding
    pfs_finding = markdown.split("### ERROR PFS_MISMATCH (child_rekey)")[1].split("### ")[0]
    assert "Fix on ASA (proven):\n\n    crypto map CRYPTO-MAP 2 set pfs group19" in pfs_finding
    assert "### WARNING REKEY_TOO_FREQUENT (child_rekey) - below fail_on=error, not failed" in markdown


@pytest.mark.parametrize("fail_on, failing, reported", [
    ("error", {"PFS_MISMATCH"}, {"REKEY_TOO_FREQUENT", "CHILD_DATA_LIMIT_MISMATCH"}),
    ("warning", {"PFS_MISMATCH", "REKEY_TOO_FREQUENT"}, {"CHILD_DATA_LIMIT_MISMATCH"}),
    ("never", set(), {"PFS_MISMATCH", "REKEY_TOO_FREQUENT", "CHILD_DATA_LIMIT_MISMATCH"}),
])
def test_junit_fails_what_is_at_or_above_fail_on_and_reports_the_rest(seed_report, fail_on, failing, reported):
    [tunnel] = seed_report["tunnels"]
    suite, by_name = cases(report_texts(seed_report, fail_on)["report.xml"], "UKSouth-HQ-S2S (%s)" % tunnel["id"])
    assert {name for name, case in by_name.items() if case.find("failure") is not None} == failing
    assert suite.get("failures") == str(len(failing))
    assert {name for name, case in by_name.items() if case.find("system-out") is not None} == reported
    if "REKEY_TOO_FREQUENT" in reported:
        case = by_name["REKEY_TOO_FREQUENT"]
        assert case.find("properties/property").attrib == {"name": "below_fail_on", "value": "warning"}
        assert "Raise Azure's lifetime" in case.find("system-out").text


def test_unpaired_ends_fail_in_junit_unless_expected(with_unpaired):
    suite, by_name = cases(report_texts(with_unpaired, "error")["report.xml"], "unpaired ends")
    assert suite.get("tests") == "2" and suite.get("failures") == "2"
    assert by_name["ASA branch|7 CM 10 peer 198.51.100.7"].find("failure").get("message") == \
        "no Azure connection has this peer address"
    assert by_name["Azure connection to-branch (gateway VNG, resource group RG)"].find("failure") is not None
    for texts in (report_texts(with_unpaired, "error", unpaired_ok=True), report_texts(with_unpaired, "never")):
        suite, by_name = cases(texts["report.xml"], "unpaired ends")
        assert suite.get("failures") == "0" and suite.get("skipped") == "2"
        assert all(case.find("skipped") is not None for case in by_name.values())


def test_unpaired_ends_are_in_the_markdown_and_the_summary(with_unpaired):
    markdown = report_texts(with_unpaired)["report.md"]
    assert "1 tunnel(s): **1 fail**, 0 degraded, 0 pass; 2 unpaired end(s)." in markdown
    # a | from the input does not end a table cell
    assert "| ASA branch\\|7 CM 10 peer 198.51.100.7 | no Azure connection has this peer address |" in markdown
    lines = summary_lines(with_unpaired, "error", False)
    assert lines[0] == "1 tunnel(s): 1 fail, 0 degraded, 0 pass; 2 unpaired end(s)"
    assert lines[-2:] == [
        "UNPAIRED ASA branch|7 CM 10 peer 198.51.100.7: no Azure connection has this peer address",
        "UNPAIRED Azure connection to-branch (gateway VNG, resource group RG): no ASA tunnel end points at this "
        "connection's gateway"]
    assert summary_lines(with_unpaired, "error", True)[-1].startswith("UNPAIRED (not failed) Azure connection")


def test_summary_lines_are_a_list_and_mark_what_is_below_fail_on(seed_report):
    lines = summary_lines(seed_report, "error")
    assert all("\n" not in line for line in lines)
    [warning] = [line for line in lines if "REKEY_TOO_FREQUENT" in line]
    assert warning.endswith("[below fail_on=error]")
    assert not any("below fail_on" in line for line in summary_lines(seed_report, "warning"))


AZURE_LIFETIME_ADD = "ipsecPolicies=[{"  # the az update's --set, as it is shown in every format


def test_a_fix_two_findings_share_is_printed_once_and_the_second_finding_points_to_it(seed_report):
    """The seed's REKEY_TOO_FREQUENT and CHILD_DATA_LIMIT_MISMATCH are both cleared by one Azure change (the data
    lifetime raised): report.md and report.html printed its nine lines under each, read as two changes to make."""
    texts = report_texts(seed_report)
    markdown = texts["report.md"].split("### Fix one end alone", maxsplit=1)[0]  # the plans after draw theirs in full
    assert markdown.count(AZURE_LIFETIME_ADD) == 1
    second = markdown.split("### INFO CHILD_DATA_LIMIT_MISMATCH (child_rekey)")[1]
    assert ("Fix on Azure (proven): the same change as for WARNING REKEY_TOO_FREQUENT (child_rekey) above (made once, "
            "it clears this finding too)") in second
    page = "".join(texts["report.html"])
    findings_part = page.split("Fix one end alone", maxsplit=1)[0]  # the plan after the findings draws every fix in full
    assert findings_part.count(AZURE_LIFETIME_ADD) == 1
    assert ('<a href="#%s-finding-1">WARNING REKEY_TOO_FREQUENT (child_rekey)</a> above'
            % anchor_keys(seed_report["tunnels"])[0]) in findings_part
    # a CI page shows each test case alone: report.xml keeps the fix in the case of the warning (an info's case has
    # its summary only)
    assert texts["report.xml"].count(AZURE_LIFETIME_ADD) == 1


def test_a_fix_proven_for_one_finding_only_is_printed_in_full_under_the_other(seed_report):
    report = copy.deepcopy(seed_report)
    [data_limit] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "CHILD_DATA_LIMIT_MISMATCH"]
    data_limit["proof"]["azure"]["proven"] = False
    data_limit["proof"]["azure"].pop("reason", None)
    texts = report_texts(report)
    assert texts["report.md"].split("### Fix one end alone", maxsplit=1)[0].count(AZURE_LIFETIME_ADD) == 2
    assert "the same change as for" not in texts["report.md"]
    assert "the same change as for" not in "".join(texts["report.html"])
