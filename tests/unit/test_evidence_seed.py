# -*- coding: utf-8 -*-
"""Issue 14: the seed case's own debug, syslog and counters tied to the check's findings."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_debug import parse_debug
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.ipsec_counters import parse_counters

from test_evidence_cases import by_code, fixture, report, seed


@pytest.fixture(scope="module")
def seed_report():
    return report()


@pytest.fixture(scope="module")
def result(seed_report):
    return explain(seed_report, debug_text=seed("debug_crypto_ikev2.txt"), syslog_text=seed("syslog.txt"),
                   counter_texts=seed("show_crypto_ipsec_sa.txt"))


def test_pfs_mismatch_confirmed_by_the_refused_rekey_with_its_time(result):
    pfs = by_code(result)["PFS_MISMATCH"]
    assert pfs["status"] == "confirmed"
    [evidence] = pfs["evidence"]
    assert evidence["source"] == "debug"
    assert evidence["time"] == "Sep 19 17:35:29"
    assert evidence["notify"] == "INVALID_KE_PAYLOAD" and evidence["exchange"] == "CREATE_CHILD_SA"
    # the request (line 4), the ASA's "Sending invalid ke notification" (87) and its response (103)
    assert evidence["lines"] == [4, 87, 103]
    assert "Azure (51.a.b.c) started CREATE_CHILD_SA" in evidence["says"]
    assert "KE group 19" in evidence["says"] and "local policy prefers group 0" in evidence["says"]


def test_timeline_names_who_started_what_and_the_answer(result):
    assert result["timeline"] == [
        "17:35:29 Azure (51.a.b.c) started CREATE_CHILD_SA (a Child SA rekey, message 2) with KE group 19; "
        "ASA answered INVALID_KE_PAYLOAD (peer sent group 19, local policy prefers group 0) "
        "[PFS_MISMATCH: confirmed, debug line 4,87,103]"]


def test_750003_is_named_as_misleading_and_pointed_at_the_real_cause(result):
    [item] = result["misleading"]
    assert item["message_id"] == "750003" and item["lines"] == [1]
    assert "failover" in item["explanation"] and "not about the ASA's failover" in item["explanation"]
    assert item["instead"] == "the evidence shows: PFS_MISMATCH (INVALID_KE_PAYLOAD at 17:35:29)"
    assert result["unexplained"] == []


def test_one_sample_of_counters_cannot_show_one_way_traffic(result, seed_report):
    # The seed's `show crypto ipsec sa` is one sample (encaps 4549, decaps 4953): no trend, and it says so.
    assert "ONE_WAY_TRAFFIC" not in by_code(result)
    assert any("one sample" in n for n in result["notes"])
    assert result["consequences"] == []


def test_later_samples_show_one_way_traffic_as_the_consequence_of_the_refused_rekey(seed_report):
    result = explain(seed_report, debug_text=seed("debug_crypto_ikev2.txt"),
                     counter_texts=[seed("show_crypto_ipsec_sa.txt"), fixture("one_way.samples.txt")])
    [consequence] = result["consequences"]
    assert consequence["explained_by"] == "PFS_MISMATCH" and consequence["suggests"] == ["ONE_WAY_TRAFFIC"]
    assert "encaps rose from 4549 to 5388 while #pkts decaps stayed at 4953" in consequence["says"]
    assert consequence["inputs"] == [0, 1, 1]
    assert by_code(result)["PFS_MISMATCH"]["consequences"]
    assert result["timeline"][1] == (
        "17:36:30 #pkts encaps rose from 4549 to 5388 while #pkts decaps stayed at 4953 (3 samples): ASA sends into "
        "the tunnel and nothing comes back from Azure (51.a.b.c) [effect of PFS_MISMATCH, counters line 2,4,15]")


def test_one_way_traffic_finding_confirmed_by_counters(seed_report):
    tunnel = dict(seed_report["tunnels"][0])
    tunnel["findings"] = list(tunnel["findings"]) + [{"code": "ONE_WAY_TRAFFIC", "phase": "traffic", "severity": "error"}]
    result = explain({"tunnels": [tunnel]}, counter_texts=fixture("one_way.samples.txt"))
    one_way = by_code(result)["ONE_WAY_TRAFFIC"]
    assert one_way["status"] == "confirmed"
    assert one_way["evidence"][0]["time"] == "Sep 19 17:36:30"
    assert one_way["evidence"][0]["start_time"] == "Sep 19 17:36:00"


def test_two_way_counters_contradict_one_way_traffic(seed_report):
    tunnel = dict(seed_report["tunnels"][0], findings=[{"code": "ONE_WAY_TRAFFIC", "phase": "traffic"}])
    later = seed("show_crypto_ipsec_sa.txt").replace("#pkts decaps: 4953", "#pkts decaps: 5120").replace(
        "#pkts encaps: 4549", "#pkts encaps: 4800")
    samples = [("17:40:00", seed("show_crypto_ipsec_sa.txt")), ("17:40:30", later)]
    result = explain({"tunnels": [tunnel]}, counter_texts=samples)
    assert by_code(result)["ONE_WAY_TRAFFIC"]["status"] == "contradicted"


def test_config_findings_are_not_covered_by_the_evidence(result):
    assert by_code(result)["CHILD_DATA_LIMIT_MISMATCH"]["status"] == "not_covered"
    assert result["counts"] == {"confirmed": 1, "contradicted": 0, "not_covered": len(result["findings"]) - 1}


def test_debug_reader_sees_the_exchanges_and_who_started_them():
    debug = parse_debug(seed("debug_crypto_ikev2.txt"))
    rekey, dpd3, dpd4 = debug["exchanges"]
    assert (rekey["exchange"], rekey["kind"], rekey["started_by"], rekey["ike_sa_initiator"]) == \
        ("CREATE_CHILD_SA", "child_rekey", "peer", "peer")
    assert rekey["rekey_sa"] and rekey["ke_group"] == 19
    assert rekey["proposals"][0]["transforms"] == {"encryption": ["AES-GCM"], "dh": [19], "esn": ["Don't use ESN"]}
    assert rekey["selectors"]["tsi"][0]["start"] == "172.16.0.0" and rekey["selectors"]["tsr"][0]["end"] == "10.255.255.255"
    assert [n["type"] for n in rekey["error_notifies"]] == ["INVALID_KE_PAYLOAD"]
    assert rekey["error_notifies"][0]["number"] == 17
    # the second IKE SA's DPD checks, one of them logged on run-together lines with a wrapped address
    assert [(e["exchange"], e["message_id"], e["dpd"], e["outcome"]) for e in (dpd3, dpd4)] == \
        [("INFORMATIONAL", 3, True, "ok"), ("INFORMATIONAL", 4, True, "ok")]
    assert dpd3["request_line"] == 135 and dpd3["response_line"] == 138
    assert debug["crypto_map"]["name"] == "CRYPTO-MAP"
    assert debug["local_address"] == "80.x.y.z"


def test_counters_reader_reads_the_seed_sa():
    counters = parse_counters(seed("show_crypto_ipsec_sa.txt"))
    [sa] = counters["sas"]
    assert (sa["crypto_map"], sa["seq"], sa["peer"]) == ("CRYPTO-MAP", 1, "51.a.b.c")
    assert sa["points"][0]["encaps"] == 4549 and sa["points"][0]["decaps"] == 4953
    assert sa["points"][0]["outbound_spi"] == "73EF6FC2"
    assert sa["verdict"] == "single_sample"


def test_result_is_json(result):
    assert json.loads(json.dumps(result)) == result


# Another peer's DPD answer, sent by the ASA while session 59's INVALID_KE_PAYLOAD waits for its packet: a hub ASA's
# debug interleaves its sessions (review 2026-12-04: that packet took the notify, and the refused rekey read as one
# that succeeded - PFS_MISMATCH "contradicted")
OTHER_PEERS_DPD = """IKEv2-PROTO-2: (60): Received DPD/liveness query
IKEv2-PROTO-2: (60): Sending ACK to informational exchange
IKEv2-PROTO-2: (60): Sending Packet [To 192.0.2.50:500/From 80.x.y.z:500/VRF i0:f0]
(60): Initiator SPI : 77AA0438C0410657 - Responder SPI : 9E3FE5F28836754C Message id: 7
(60): IKEv2 INFORMATIONAL Exchange RESPONSE
IKEv2-PLAT-3: (60): SENT PKT [INFORMATIONAL] [80.x.y.z]:500->[192.0.2.50]:500 InitSPI=0x77aa0438c0410657 RespSPI=0x9e3fe5f28836754c MID=00000007
"""


def test_another_sessions_packet_sent_in_between_does_not_take_the_notify(seed_report):
    lines = seed("debug_crypto_ikev2.txt").split("\n")
    at = next(i for i, line in enumerate(lines) if "(59): Sending Packet [To 51.a.b.c" in line)
    text = "\n".join(lines[:at] + OTHER_PEERS_DPD.rstrip("\n").split("\n") + lines[at:])
    pfs = by_code(explain(seed_report, debug_text=text))["PFS_MISMATCH"]
    assert pfs["status"] == "confirmed"
    assert pfs["evidence"][0]["notify"] == "INVALID_KE_PAYLOAD"
