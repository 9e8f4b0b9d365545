# -*- coding: utf-8 -*-
"""Review F2 #1 and #2: the timeline orders what happened by when it happened, whatever form each source prints
its times in: an ASA time without a year ("Sep 19 17:35:29"), Azure's UTC TimeGenerated, a syslog's RFC 5424
time with its offset, a counter sample labelled with a clock only. Each time is read into one UTC form; the notes
say which year, date or zone was assumed."""

import json
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_logs import parse_diagnostic_logs
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import attach_evidence, observations
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import to_html
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import to_markdown

from test_evidence_cases import report, seed

IKE_LINE = ("SESSION_ID :{4f1c} Remote 198.51.100.10:500: Local 203.0.113.20:500: %s")


def _azure_refused_rekey(when):
    """Azure's CREATE_CHILD_SA answered INVALID_KE_PAYLOAD by the ASA, at ``when`` (UTC)."""
    return json.dumps([
        {"TimeGenerated": when + ".000Z", "Category": "IKEDiagnosticLog", "OperationName": "IKELogEvent",
         "Message": IKE_LINE % "[SEND][CHILD_SA] Sending CREATE_CHILD_SA rekey request"},
        {"TimeGenerated": when + ".050Z", "Category": "IKEDiagnosticLog", "OperationName": "IKELogEvent",
         "Message": IKE_LINE % "[RECEIVED][NOTIFY] Received Notify INVALID_KE_PAYLOAD"}])


@pytest.fixture(scope="module")
def checked():
    return report()


def _clocks(result):
    return [line.split(" ", 1)[0] for line in result["timeline"]]


def test_an_azure_row_before_the_asa_debug_comes_first(checked):
    # the debug's refused rekey is at "Sep 19 17:35:29" (no year); Azure's at 2026-09-19T17:30:01Z
    result = explain(checked, debug_text=seed("debug_crypto_ikev2.txt"),
                     azure_log_texts=[_azure_refused_rekey("2026-09-19T17:30:01")])
    assert _clocks(result) == ["17:30:01", "17:35:29"]
    assert "1 time(s) printed without a year (e.g. 'Sep 19 17:35:29') were taken to be in 2026, the year of the " \
           "other evidence" in result["notes"]


def test_a_syslog_time_with_an_offset_is_shown_and_ordered_in_utc(checked):
    syslog = ("<164>1 2026-09-19T19:35:40+02:00 fw-a - - - %ASA-4-750003: Local:198.51.100.10:500 "
              "Remote:203.0.113.20:500 Username:203.0.113.20 IKEv2 Negotiation aborted due to ERROR: Received "
              "INVALID_KE_PAYLOAD")
    result = explain(checked, syslog_text=syslog, azure_log_texts=[_azure_refused_rekey("2026-09-19T17:50:01")])
    assert _clocks(result) == ["17:35:40", "17:50:01"]  # 19:35:40+02:00 is 17:35:40 UTC
    assert result["timeline"][0].endswith("[PFS_MISMATCH: confirmed, syslog line 1]")
    assert "times printed with a UTC offset (e.g. '2026-09-19T19:35:40+02:00') are shown in UTC" in result["notes"]


def test_clock_only_counter_samples_come_after_the_refused_rekey_they_are_the_effect_of(checked):
    sample = seed("show_crypto_ipsec_sa.txt")
    later = sample.replace("#pkts encaps: 4549", "#pkts encaps: 5549")
    result = explain(checked, debug_text=seed("debug_crypto_ikev2.txt"),
                     counter_texts=[("17:40:00", sample), ("17:40:05", later)])
    assert _clocks(result) == ["17:35:29", "17:40:00-17:40:05"]
    assert "[effect of PFS_MISMATCH" in result["timeline"][1]
    assert any(n.startswith("2 time(s) printed as a clock only") and "taken to be on Sep 19" in n
               for n in result["notes"])


def test_exports_of_different_offsets_are_merged_in_utc_order():
    first = json.dumps([{"TimeGenerated": "2026-09-19T19:00:00+02:00", "Category": "TunnelDiagnosticLog",
                         "OperationName": "TunnelDisconnected", "instance_s": "GatewayTenantWorker_IN_0"}])
    second = json.dumps([{"TimeGenerated": "2026-09-19T17:30:00Z", "Category": "TunnelDiagnosticLog",
                          "OperationName": "TunnelConnected", "instance_s": "GatewayTenantWorker_IN_0"}])
    parsed = parse_diagnostic_logs([first, second])
    assert [r["operation"] for r in parsed["records"]] == ["TunnelDisconnected", "TunnelConnected"]  # 17:00Z, 17:30Z


def test_the_reports_observations_are_in_the_same_order(checked):
    reported = attach_evidence(json.loads(json.dumps(checked)), {
        "asa_debug": [("debug.txt", seed("debug_crypto_ikev2.txt"))],
        "azure_diagnostic_logs": [("ike.json", _azure_refused_rekey("2026-09-19T17:30:01"))]})
    rows = observations(reported["tunnels"][0])
    assert [r["clock"] for r in rows if r["mark"] == "confirmed"] == ["17:30:01", "17:35:29"]


def _offset_syslog_and_azure(checked):
    """PFS_MISMATCH seen by the ASA at 19:35:40+02:00 (17:35:40 UTC) in its syslog, by Azure at 17:30:01Z: the ASA's
    line comes first in the files, Azure's first in time."""
    syslog = ("<164>1 2026-09-19T19:35:40+02:00 fw-a - - - %ASA-4-750003: Local:198.51.100.10:500 "
              "Remote:203.0.113.20:500 Username:203.0.113.20 IKEv2 Negotiation aborted due to ERROR: Received "
              "INVALID_KE_PAYLOAD")
    return attach_evidence(json.loads(json.dumps(checked)), {
        "asa_syslog": [("syslog.txt", syslog)],
        "azure_diagnostic_logs": [("ike.json", _azure_refused_rekey("2026-09-19T17:30:01"))]})


def test_the_summary_lines_give_the_confirmed_findings_first_evidence_in_utc(checked):
    lines = summary_lines(_offset_syslog_and_azure(checked))
    [confirmed] = [ln for ln in lines if ln.startswith("  CONFIRMED")]
    # Azure's answer at 17:30:01 UTC, not the syslog line listed first, shown at its device clock 19:35:40
    assert confirmed.startswith("  CONFIRMED PFS_MISMATCH by the evidence: 17:30:01 Azure (203.0.113.20) started "
                                "CREATE_CHILD_SA; ASA answered INVALID_KE_PAYLOAD")
    assert confirmed.endswith("[azure_logs line 2]")


def test_report_md_and_report_html_show_the_timelines_utc_order_and_clocks(checked):
    reported = _offset_syslog_and_azure(checked)
    timeline = [(line.split(" ", 1)[0], line.split(" [")[-1].rstrip("]").split(", ", 1)[1])
                for line in reported["tunnels"][0]["evidence"]["timeline"]]
    assert timeline == [("17:30:01", "azure_logs line 2"), ("17:35:40", "syslog line 1")]
    markdown = to_markdown(reported)
    rows = re.findall(r"^\| (\d\d:\d\d:\d\d) \| .* \| (\w+ line [\d,]+) \|$", markdown, re.M)
    assert rows == timeline
    page = to_html(reported)
    table = page[page.index('<div class="observed"'):]
    cells = re.findall(r'<tr class="observation [a-z]+"><td>([^<]*)</td>.*?<td>([^<]*)</td></tr>', table)
    assert cells == timeline


def test_the_timeline_takes_a_missing_date_from_all_the_evidence_the_reports_show(checked):
    # the ASA's refused rekey on Dec 31 (no year), Azure's disconnect just after midnight, the ASA's counters sampled
    # with a clock only: the samples are on Jan 1 (Azure's date), after the refusal, in report.json's timeline as in
    # report.md and report.html, and the notes say the date they were read on
    syslog = ("Dec 31 23:59:50 fw-a : %ASA-4-750003: Local:198.51.100.10:500 Remote:203.0.113.20:500 "
              "Username:203.0.113.20 IKEv2 Negotiation aborted due to ERROR: Received INVALID_KE_PAYLOAD")
    disconnect = json.dumps([{"TimeGenerated": "2027-01-01T00:00:05.000Z", "Category": "TunnelDiagnosticLog",
                              "OperationName": "TunnelDisconnected", "instance_s": "GatewayTenantWorker_IN_0",
                              "Message": "Tunnel disconnected"}])
    sample = seed("show_crypto_ipsec_sa.txt")
    later = sample.replace("#pkts encaps: 4549", "#pkts encaps: 5549")
    result = explain(checked, syslog_text=syslog, counter_texts=[("00:00:10", sample), ("00:00:20", later)],
                     azure_log_texts=[disconnect])
    assert _clocks(result) == ["23:59:50", "00:00:10-00:00:20"]
    shown = [row["clock"] for row in observations({"evidence": result}) if row["mark"] != "unexplained"]
    assert shown == _clocks(result)
    assert "2 time(s) printed as a clock only (e.g. '00:00:20') were taken to be on 2027-01-01, the date of the other " \
           "evidence" in result["notes"]
