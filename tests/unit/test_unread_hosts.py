# -*- coding: utf-8 -*-
"""module_utils/unread_hosts.py: a fleet host that could not be read is in the report as an error, in every
format, and the check of the other hosts is unchanged."""

import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import should_fail
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts, summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result
from ansible_collections.vpnalign.s2s.plugins.module_utils.unread_hosts import unread_note, with_unread_hosts
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")
WHY = "asa_vpn_facts: could not open a CLI session on the ASA: ssh connect failed: Connection refused"


def seed_report():
    return run_check(asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt")),
                     azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json")))


def test_an_unread_asa_is_an_error_entry_naming_it_and_why_and_the_rest_is_unchanged():
    alone = seed_report()
    report = with_unread_hosts(seed_report(), [("fw-down", WHY)], [("sub-b", "timed out")])
    assert report["tunnels"][2:] == alone["tunnels"]
    asa_entry, azure_entry = report["tunnels"][:2]
    assert asa_entry["name"] == "fw-down (not read)" and asa_entry["asa"] == {"host": "fw-down"}
    assert asa_entry["azure"] is None and asa_entry["verdict"] == "fail"
    [finding] = asa_entry["findings"]
    assert (finding["code"], finding["severity"]) == ("HOST_NOT_READ", "error")
    assert finding["summary"] == "ASA fw-down was not read, so none of its tunnels is checked: " + WHY
    assert finding["evidence"] == {"asa": {"host": "fw-down", "error": WHY}}
    assert azure_entry["azure"] == {"host": "sub-b"} and "Azure subscription host sub-b" in azure_entry["findings"][0]["summary"]
    assert report["summary"] == {"tunnels": 3, "fail": 3, "degraded": 0, "pass": 0}
    # every format shows it; the gate counts it
    texts = report_texts(report)
    assert "fw-down" in texts["report.md"] and "HOST_NOT_READ" in texts["report.md"]
    assert 'name="asa:fw-down (not read)"' in texts["report.xml"]  # its report.json id, stable from run to run
    assert any("HOST_NOT_READ" in line and "fw-down" in line for line in summary_lines(report))
    compact = compact_result(report)
    assert compact["counts"]["error"] == alone_errors(alone) + 2
    assert should_fail(report, "error")
    assert unread_note([("fw-down", WHY)], [("sub-b", "timed out")]) == (
        "Not read: ASA fw-down, Azure host sub-b (HOST_NOT_READ in the report: their tunnels are not checked).")


def alone_errors(report):
    return sum(1 for t in report["tunnels"] for f in t["findings"] if f["severity"] == "error")


def test_nothing_unread_changes_nothing():
    report = seed_report()
    assert with_unread_hosts(report, [], []) is report and unread_note() == ""


def test_every_asa_unread_leaves_the_azure_ends_unpaired_and_the_report_fails():
    azure = azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json"))
    report = with_unread_hosts(run_check([], azure), [("gateway", WHY)])
    assert [t["name"] for t in report["tunnels"]] == ["gateway (not read)"]
    assert [u["azure"]["connection"] for u in report["unpaired"]] == ["UKSouth-HQ-S2S"]
    assert should_fail(report, "error")
