# -*- coding: utf-8 -*-
"""Issue 14: other failure kinds, each with evidence in the ASA's formats tied to the finding the check
reports for the same fault (the seed case with one thing changed)."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import parse_syslog
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain

from test_evidence_cases import by_code, codes, fixture, report

IKE_GROUP_14 = [(" group 19\n", " group 14\n")]
ASA_CERTIFICATE_AUTH = [(" ikev2 remote-authentication pre-shared-key *****\n", " ikev2 remote-authentication certificate\n")]
OTHER_REMOTE_NETWORK = [("network-object object Azure-UKSouth-LAN", "network-object 192.168.50.0 255.255.255.0")]


def _short_azure_dpd(resources):
    for resource in resources:
        if resource.get("type", "").endswith("/connections"):
            resource["properties"]["dpdTimeoutSeconds"] = 9


def test_no_proposal_chosen_at_ike_sa_init_confirms_ike_no_common_proposal():
    checked = report(IKE_GROUP_14)
    assert "IKE_NO_COMMON_PROPOSAL" in codes(checked)
    result = explain(checked, debug_text=fixture("ike_init_no_proposal.debug.txt"),
                     syslog_text=fixture("ike_init_no_proposal.syslog.txt"))
    finding = by_code(result)["IKE_NO_COMMON_PROPOSAL"]
    assert finding["status"] == "confirmed"
    debug, syslog = finding["evidence"]
    assert debug["source"] == "debug" and debug["notify"] == "NO_PROPOSAL_CHOSEN" and debug["exchange"] == "IKE_SA_INIT"
    assert debug["time"] == "Oct 02 09:14:05"
    assert "ASA started IKE_SA_INIT (IKE SA set-up, message 0) with KE group 14; Azure (203.0.113.20) answered " \
           "NO_PROPOSAL_CHOSEN" in debug["says"]
    assert syslog["source"] == "syslog" and syslog["lines"] == [2] and syslog["time"] == "Oct 02 2026 09:14:05"
    # nothing in the evidence reached the rekey: the PFS finding is neither confirmed nor contradicted
    assert by_code(result)["PFS_MISMATCH"]["status"] == "not_covered"


def test_no_proposal_chosen_on_a_child_sa_is_not_read_as_ike():
    rekey = fixture("ike_init_no_proposal.debug.txt").replace("IKE_SA_INIT", "CREATE_CHILD_SA").replace(
        "Protocol id: IKE", "Protocol id: ESP")
    tunnel = {"name": "t", "asa": {"peer": "203.0.113.20"}, "azure": {}, "findings": [
        {"code": "IKE_NO_COMMON_PROPOSAL", "phase": "ike_init"}, {"code": "CHILD_NO_COMMON_PROPOSAL", "phase": "child_init"}]}
    result = explain({"tunnels": [tunnel]}, debug_text=rekey)
    assert by_code(result)["IKE_NO_COMMON_PROPOSAL"]["status"] == "not_covered"
    assert by_code(result)["CHILD_NO_COMMON_PROPOSAL"]["status"] == "confirmed"


def test_authentication_failed_confirms_auth_mismatch():
    checked = report(ASA_CERTIFICATE_AUTH)
    assert "AUTH_MISMATCH" in codes(checked)
    result = explain(checked, debug_text=fixture("auth_failed.debug.txt"))
    finding = by_code(result)["AUTH_MISMATCH"]
    assert finding["status"] == "confirmed"
    [evidence] = finding["evidence"]
    assert evidence["notify"] == "AUTHENTICATION_FAILED" and evidence["time"] == "Oct 03 11:02:40"
    assert evidence["says"].startswith("Azure (203.0.113.20) started IKE_AUTH") and \
        evidence["says"].endswith("ASA answered AUTHENTICATION_FAILED")


def test_ts_unacceptable_confirms_traffic_selector_mismatch():
    checked = report(OTHER_REMOTE_NETWORK)
    assert "TRAFFIC_SELECTOR_MISMATCH" in codes(checked)
    result = explain(checked, debug_text=fixture("ts_unacceptable.debug.txt"))
    finding = by_code(result)["TRAFFIC_SELECTOR_MISMATCH"]
    assert finding["status"] == "confirmed"
    assert finding["evidence"][0]["says"] == (
        "ASA started IKE_AUTH (authentication and the first Child SA, message 1); Azure (203.0.113.20) answered "
        "TS_UNACCEPTABLE")
    assert result["timeline"][0].startswith("14:20:11 ASA started IKE_AUTH")


def test_dpd_teardown_in_syslog_confirms_dpd_mismatch_and_sa_up_contradicts_bring_up_findings():
    checked = report(azure_edit=_short_azure_dpd)
    assert "DPD_MISMATCH" in codes(checked)
    tunnel = dict(checked["tunnels"][0])
    tunnel["findings"] = tunnel["findings"] + [{"code": "IKE_NO_COMMON_PROPOSAL", "phase": "ike_init"}]
    result = explain({"tunnels": [tunnel]}, syslog_text=fixture("dpd_teardown.syslog.txt"))
    dpd = by_code(result)["DPD_MISMATCH"]
    assert dpd["status"] == "confirmed"
    assert [(e["lines"], e["time"]) for e in dpd["evidence"]] == [
        ([5], "Oct 04 2026 08:31:12"), ([6], "Oct 04 2026 08:31:12")]
    # 750006 "SA UP" at 08:00:01: IKE set-up worked with this peer
    assert by_code(result)["IKE_NO_COMMON_PROPOSAL"]["status"] == "contradicted"
    assert any("not ASA syslog" in n for n in result["notes"])


def test_dpd_teardown_without_a_dpd_finding_is_listed_as_unexplained():
    result = explain(report(), syslog_text=fixture("dpd_teardown.syslog.txt"))
    assert [u["suggests"] for u in result["unexplained"]] == [["DPD_MISMATCH"], ["DPD_MISMATCH"]]
    assert result["unexplained"][0]["says"].startswith("ASA tore the tunnel to Azure (203.0.113.20) down")


@pytest.mark.parametrize("line, framing, time", [
    ("<165>1 2026-10-04T08:00:01.114Z gateway asa - - - %ASA-5-750006: x", "rfc5424", "2026-10-04T08:00:01.114Z"),
    ("<166>Oct  4 08:00:01 gateway %ASA-6-602303: x", "rfc3164", "Oct  4 08:00:01"),
    ("<165>57: gateway: Oct 04 2026 08:31:12: %ASA-5-750007: x", "emblem", "Oct 04 2026 08:31:12"),
    ("Oct 04 2026 08:31:12: %ASA-4-113019: x", "timestamped", "Oct 04 2026 08:31:12"),
    ("Fri Sep 06 14:32:18 2013: <167>Sep 06 2013 14:32:17: %ASA-7-713236: x", "rfc3164", "Sep 06 2013 14:32:17"),
    ("%ASA-4-750003: x", "plain", None),
])
def test_syslog_framings_and_the_device_timestamp(line, framing, time):
    [record] = parse_syslog(line)["records"]
    assert (record["framing"], record["time"]) == (framing, time)


def test_syslog_fields_and_table():
    records = parse_syslog(fixture("dpd_teardown.syslog.txt"))["records"]
    assert [r["message_id"] for r in records] == ["750006", "602303", "302013", "750007", "113019", "602304"]
    assert [r["severity"] for r in records] == [5, 6, 6, 5, 4, 6]
    assert records[0]["local"] == "198.51.100.10" and records[0]["remote"] == "203.0.113.20"
    assert records[1]["remote"] == "203.0.113.20" and records[4]["remote"] == "203.0.113.20"
    assert "SA DOWN" in records[3]["what"] and "what" not in records[2]


def test_evidence_about_another_peer_is_left_out_with_a_note():
    other = fixture("auth_failed.debug.txt").replace("203.0.113.20", "192.0.2.77")
    result = explain(report(ASA_CERTIFICATE_AUTH), debug_text=other)
    assert by_code(result)["AUTH_MISMATCH"]["status"] == "not_covered"
    assert any("other peers (192.0.2.77)" in n for n in result["notes"])


def test_with_several_tunnels_the_one_whose_peer_the_evidence_names_is_chosen():
    checked = report(ASA_CERTIFICATE_AUTH)
    other = {"name": "other", "asa": {"peer": "192.0.2.77"}, "azure": {}, "findings": [{"code": "AUTH_MISMATCH",
                                                                                       "phase": "ike_init"}]}
    result = explain({"tunnels": [other] + checked["tunnels"]}, debug_text=fixture("auth_failed.debug.txt"))
    assert result["tunnel"] == "UKSouth-HQ-S2S"
    assert by_code(result)["AUTH_MISMATCH"]["status"] == "confirmed"
    assert result["notes"][0] == "tunnel UKSouth-HQ-S2S chosen: the evidence is about its peer 203.0.113.20"
    unnamed = explain({"tunnels": [other, dict(other, name="third")]}, debug_text=fixture("auth_failed.debug.txt"))
    assert unnamed["findings"] == [] and unnamed["notes"][0].startswith("no tunnel chosen in the report (tunnels: other, third)")
