# -*- coding: utf-8 -*-
"""Issue 14: the failures no configuration finding names - IKE requests never answered, rekey collisions, an SA
expiring with no rekey started - become findings from the evidence (IKE_NO_RESPONSE, REKEY_COLLISION,
SA_EXPIRED_WITHOUT_REKEY), each from every source that shows it, with its lines; they never change the verdict."""

import copy
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import to_junit
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import attach_evidence, mark_text, observations

from test_evidence_cases import fixture, read, FIXTURES, report, seed

CHARON_PEER = "192.0.2.2"


def charon(name):
    return read(FIXTURES, "charon", name + ".A.log")


def azure(name):
    return read(FIXTURES, "azure", name)


def peer_tunnel(peer):
    return {"tunnels": [{"name": "t", "asa": {"peer": peer}, "azure": {}, "findings": []}]}


def found(result, code=None):
    items = {f["code"]: f for f in result["evidence_findings"]}
    return items.get(code) if code else items


def test_requests_never_answered_give_ike_no_response_from_asa_debug_charon_azure_log_and_troubleshoot():
    asa = explain(report(), debug_text=fixture("no_answer.debug.txt"))
    finding = found(asa, "IKE_NO_RESPONSE")
    assert (finding["severity"], finding["phase"], finding["from"]) == ("error", "ike_init", "evidence")
    [item] = finding["evidence"]
    assert item["lines"] == [2] and item["exchange"] == "IKE_SA_INIT" and "2 retransmission(s)" in item["says"]
    assert asa["unexplained"] == [] and all(f["status"] == "not_covered" for f in asa["findings"])
    assert "UDP 500 and 4500" in finding["next_steps"]["asa"] and "gatewayIpAddress" in finding["next_steps"]["azure"]
    assert "does not change the tunnel's verdict" in finding["explanation"]
    assert any("IKE_NO_RESPONSE (error, from the evidence)" in row for row in asa["timeline"])

    from_charon = found(explain(peer_tunnel(CHARON_PEER), charon_texts=[charon("no_answer")]), "IKE_NO_RESPONSE")
    assert from_charon["evidence"][0]["says"].startswith("strongSwan started IKE_SA_INIT") and \
        "2 retransmission(s)" in from_charon["evidence"][0]["says"]

    from_log = found(explain(report(), azure_log_texts=[azure("no_answer.IKEDiagnosticLog.json")]), "IKE_NO_RESPONSE")
    assert from_log["evidence"][0]["lines"] == [1, 2, 3]
    assert from_log["evidence"][0]["says"].startswith("Azure (203.0.113.20) sent IKE_SA_INIT to ASA (198.51.100.10) 3 times")

    from_troubleshoot = found(explain(report(), azure_troubleshoot_texts=[azure("troubleshoot_unreachable.json")]),
                              "IKE_NO_RESPONSE")
    assert "PeerReachability" in from_troubleshoot["evidence"][0]["says"]


def test_a_request_sent_once_with_the_capture_ending_or_retransmitted_then_answered_is_not_ike_no_response():
    sent_once = "\n".join(fixture("no_answer.debug.txt").splitlines()[:5])
    result = explain(report(), debug_text=sent_once)
    assert "IKE_NO_RESPONSE" not in found(result)
    [item] = result["unexplained"]
    assert "not IKE_NO_RESPONSE" in item["note"] and "capture may end" in item["note"]
    # charon's rekey request 2 is retransmitted once, then answered (TEMPORARY_FAILURE)
    answered = explain(peer_tunnel(CHARON_PEER), charon_texts=[charon("rekey_collision")])
    assert "retransmit 1 of request with message ID 2" in charon("rekey_collision")
    assert "IKE_NO_RESPONSE" not in found(answered)


def test_rekey_collision_from_asa_syslog_charon_and_azure_is_info_when_resolved():
    asa = found(explain(report(), syslog_text=fixture("rekey_collision.syslog.txt")), "REKEY_COLLISION")
    assert (asa["severity"], asa["phase"]) == ("info", "child_rekey")
    [item] = asa["evidence"]
    assert item["lines"] == [1] and item["time"] == "Oct 06 2026 10:00:00" and item["message_id"] == "750005"
    assert "RFC 7296 s2.8.1" in asa["explanation"] and "normally harmless" in asa["explanation"]
    from_charon = explain(peer_tunnel(CHARON_PEER), charon_texts=[charon("rekey_collision")])
    collision = found(from_charon, "REKEY_COLLISION")
    assert collision["severity"] == "info" and len(collision["evidence"]) == 2
    assert all(e["says"].startswith("both ends rekeyed at once: strongSwan detected a CHILD_REKEY collision")
               for e in collision["evidence"])
    assert from_charon["unexplained"] == [] and "TEMPORARY_FAILURE" not in json.dumps(from_charon["evidence_findings"])
    azure_result = explain(report(), azure_log_texts=[azure("rekey_collision.IKEDiagnosticLog.json")])
    assert found(azure_result, "REKEY_COLLISION")["severity"] == "info" and azure_result["unexplained"] == []


def test_rekey_collision_with_an_sa_lost_after_it_is_a_warning():
    lost = fixture("rekey_collision.syslog.txt") + (
        "Oct 06 2026 10:00:04: %ASA-4-750015: Local:198.51.100.10:500 Remote:203.0.113.20:500 Username:203.0.113.20 "
        "IKEv2 deleting IPSec SA due to INVALID_SPI notification\n")
    collision = found(explain(report(), syslog_text=lost), "REKEY_COLLISION")
    assert collision["severity"] == "warning" and "invalid_spi" in collision["explanation"]


def _without_the_rekey(log):
    """The oracle's lifetime log without the Child SA rekey it tried (request and response 3): an SA that
    expires with no rekey started, as with rekeying disabled."""
    return "\n".join(line for line in log.splitlines() if "CREATE_CHILD_SA request 3" not in line
                     and "CREATE_CHILD_SA response 3" not in line)


def test_sa_expired_without_rekey_from_charon_azure_log_and_getikesas():
    cut = _without_the_rekey(charon("lifetime_expiry"))
    result = explain(peer_tunnel(CHARON_PEER), charon_texts=[cut])
    finding = found(result, "SA_EXPIRED_WITHOUT_REKEY")
    assert (finding["severity"], finding["phase"], finding["from"]) == ("error", "child_rekey", "evidence")
    [item] = finding["evidence"]
    assert item["says"] == "strongSwan closed an expired CHILD_SA: its hard lifetime ran out without a successful rekey"
    assert "closing expired CHILD_SA" in cut.splitlines()[item["lines"][0] - 1]

    log = found(explain(report(), azure_log_texts=[azure("lifetime_expiry.IKEDiagnosticLog.json")]),
                "SA_EXPIRED_WITHOUT_REKEY")
    assert log["severity"] == "error" and log["evidence"][0]["time"] == "2026-10-08T13:30:00.000Z"

    sas = found(explain(report(), azure_ike_sas_text=azure("getikesas.json")), "SA_EXPIRED_WITHOUT_REKEY")
    assert (sas["severity"], sas["phase"]) == ("warning", "ike_rekey")
    assert "30120s old, past its 28800s lifetime" in sas["evidence"][0]["says"]


def test_an_expiry_after_a_refused_rekey_is_not_sa_expired_without_rekey():
    result = explain(peer_tunnel(CHARON_PEER), charon_texts=[charon("lifetime_expiry")])
    assert "SA_EXPIRED_WITHOUT_REKEY" not in found(result)
    [expiry] = [u for u in result["unexplained"] if "expired" in u["says"]]
    assert "a rekey was attempted" in expiry["note"]
    # the seed's refused rekey is a Child SA's: the IKE SA past its lifetime had no rekey of its own in the evidence
    seeded = explain(report(), debug_text=seed("debug_crypto_ikev2.txt"), azure_ike_sas_text=azure("getikesas.json"))
    assert found(seeded, "SA_EXPIRED_WITHOUT_REKEY")["phase"] == "ike_rekey"


def test_findings_from_evidence_do_not_change_the_verdict_the_gate_or_report_xml():
    checked = report()
    before_findings = copy.deepcopy(checked["tunnels"][0]["findings"])
    before_xml = to_junit(checked)
    texts = {"asa_debug": [("no_answer.debug.txt", fixture("no_answer.debug.txt"))],
             "asa_syslog": [("rekey_collision.syslog.txt", fixture("rekey_collision.syslog.txt"))],
             "azure_ike_sas": [("getikesas.json", azure("getikesas.json"))]}
    attach_evidence(checked, texts)
    tunnel = checked["tunnels"][0]
    assert tunnel["findings"] == before_findings and to_junit(checked) == before_xml
    codes = {f["code"]: f["from"] for f in tunnel["evidence"]["evidence_findings"]}
    assert codes == {"IKE_NO_RESPONSE": "evidence", "REKEY_COLLISION": "evidence", "SA_EXPIRED_WITHOUT_REKEY": "evidence"}
    rows = [r for r in observations(tunnel) if r["mark"] == "evidence"]
    assert {r["code"] for r in rows} == set(codes)
    assert mark_text(rows[0]).endswith("(a finding from the evidence only; the verdict is the configuration's)")
