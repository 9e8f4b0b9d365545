# -*- coding: utf-8 -*-
"""Issue 14: cut, interleaved, reordered and mislabeled evidence gives partial results and notes, never a
traceback; key material and pre-shared keys in the evidence never reach the result."""

import json
import random
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import HEX_RUN_RE, is_hex_dump, redact

from test_evidence_cases import by_code, fixture, report, seed

SEED_FILES = ("debug_crypto_ikev2.txt", "syslog.txt", "show_crypto_ipsec_sa.txt")
PSK = "Az-Lab-Key-7731"


@pytest.fixture(scope="module")
def seed_report():
    return report()


def _assert_clean(result):
    text = json.dumps(result)
    assert HEX_RUN_RE.search(text) is None
    assert PSK not in text
    for name in SEED_FILES + ("auth_failed.debug.txt",):
        source = seed(name) if name in SEED_FILES else fixture(name)
        for line in source.splitlines():
            stripped = line.strip()
            if is_hex_dump(line) and len(stripped) > 12:
                assert stripped not in text


def _mutations(rng, text):
    lines = text.splitlines()
    kind = rng.choice(["cut", "cut_mid_line", "shuffle", "interleave", "drop", "swap_blocks", "bytes"])
    if kind == "cut":
        return "\n".join(lines[:rng.randrange(len(lines) + 1)])
    if kind == "cut_mid_line":
        return text[:rng.randrange(len(text) + 1)]
    if kind == "shuffle":
        rng.shuffle(lines)
        return "\n".join(lines)
    if kind == "interleave":
        other = seed(rng.choice(SEED_FILES)).splitlines()
        merged = lines + other
        rng.shuffle(merged)
        return "\n".join(merged)
    if kind == "drop":
        return "\n".join(line for line in lines if rng.random() > 0.3)
    if kind == "swap_blocks":
        cut = rng.randrange(len(lines) + 1)
        return "\n".join(lines[cut:] + lines[:cut])
    data = bytearray(text.encode())
    for _index in range(rng.randrange(1, 20)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def test_random_cuts_and_shuffles_of_the_seed_never_raise_and_never_leak(seed_report):
    rng = random.Random(1414)
    for _round in range(150):
        texts = {name: _mutations(rng, seed(name)) for name in SEED_FILES}
        names = list(SEED_FILES)
        if rng.random() < 0.2:  # mislabeled: files given as the wrong kind
            rng.shuffle(names)
        result = explain(seed_report, debug_text=texts[names[0]], syslog_text=texts[names[1]],
                         counter_texts=texts[names[2]])
        assert {f["status"] for f in result["findings"]} <= {"confirmed", "contradicted", "not_covered"}
        _assert_clean(result)


def test_debug_cut_before_the_answer_leaves_pfs_not_covered_and_says_why(seed_report):
    lines = seed("debug_crypto_ikev2.txt").splitlines()
    cut = "\n".join(lines[:95])  # after "Construct Notify Payload: INVALID_KE_PAYLOAD", before "Sending Packet"
    result = explain(seed_report, debug_text=cut)
    assert by_code(result)["PFS_MISMATCH"]["status"] == "not_covered"
    assert any("INVALID_KE_PAYLOAD but the packet that carries it is not in the text" in n for n in result["notes"])


def test_reordered_debug_is_noted(seed_report):
    lines = seed("debug_crypto_ikev2.txt").splitlines()
    reordered = "\n".join(lines[130:] + lines[:130])
    result = explain(seed_report, debug_text=reordered)
    assert any("earlier than" in n and "reordered" in n for n in result["notes"])
    assert by_code(result)["PFS_MISMATCH"]["status"] == "confirmed"


def test_mislabeled_files_say_so(seed_report):
    result = explain(seed_report, debug_text=seed("syslog.txt"), syslog_text=seed("debug_crypto_ikev2.txt"),
                     counter_texts=seed("syslog.txt"))
    notes = " | ".join(result["notes"])
    assert "looks like a syslog line" in notes
    assert "no ASA syslog line found" in notes
    assert "no `show crypto ipsec sa` output found" in notes
    assert all(f["status"] == "not_covered" for f in result["findings"])


def test_no_report_tunnel_still_reads_the_evidence():
    result = explain({"tunnels": []}, debug_text=seed("debug_crypto_ikev2.txt"))
    assert result["findings"] == []
    assert [u["suggests"] for u in result["unexplained"]] == [["PFS_MISMATCH"]]
    assert any("no tunnel" in n for n in result["notes"])


def test_nothing_at_all():
    result = explain(None)
    assert result["findings"] == [] and result["timeline"] == []


def test_psk_and_hex_data_from_the_debug_never_reach_the_result():
    checked = report([(" ikev2 remote-authentication pre-shared-key *****\n", " ikev2 remote-authentication certificate\n")])
    result = explain(checked, debug_text=fixture("auth_failed.debug.txt"),
                     syslog_text="%ASA-4-750003: Local:198.51.100.10:500 Remote:203.0.113.20:500 Username:x IKEv2 "
                                 "Negotiation aborted due to ERROR: pre-shared-key " + PSK + " 5e 2a 91 0c 77 41 d8 3f 09 be")
    assert by_code(result)["AUTH_MISMATCH"]["status"] == "confirmed"
    _assert_clean(result)
    assert "<removed>" in json.dumps(result) and "<hex dump removed>" in json.dumps(result)


def test_redact():
    assert redact("key f6 b6 68 e9 13 e6 a5 8e 04 c4 | ..h.....") == "key <hex dump removed>"
    assert redact("nonce 9f3a1c0b7d2e4f6a8b1c3d5e7f9a0b2c") == "nonce <hex removed>"
    assert redact("SPI 0x73EF6FC2 InitSPI=0x145521242b6265d7") == "SPI 0x73EF6FC2 InitSPI=0x145521242b6265d7"
    assert re.search(r"secret <removed>", redact("client secret hunter2"))


def test_redact_keeps_prose_about_keys_and_removes_values():
    # Network Watcher's fault summary "Pre-shared key mismatch" lost its last word before this test
    assert redact("Pre-shared key mismatch") == "Pre-shared key mismatch"
    assert redact("Check shared key. Check crypto.") == "Check shared key. Check crypto."
    assert redact("pre-shared-key checksum-77 and psk is-it-0k") == "pre-shared-key <removed> and psk <removed>"
    assert redact("secret failedX1") == "secret <removed>"


@pytest.mark.parametrize("text,kept", [
    # review 2026-12-05: an error text or a syslog that echoes a config command kept these values in the report
    ("IKEv2 Negotiation aborted due to ERROR: community SEKa1 failover key SEKb2",
     "IKEv2 Negotiation aborted due to ERROR: community <removed> failover key <removed>"),
    ("pre-shared-key hex 53454b6865787265327121", "pre-shared-key <removed>"),
    # the fuzz slice's form (CI, this pass): secrets.redact alone took the "=" for the value
    ("Pre-Shared-Key = Qz7-Planted-9051", "Pre-Shared-Key = <removed>"),
    ("crypto isakmp key SEKc3 address 203.0.113.20", "crypto isakmp key <removed> address 203.0.113.20"),
    ("tacacs-server key SEKd4", "tacacs-server key <removed>"),
    ("ntp authentication-key 1 md5 7 SEKe5", "ntp authentication-key 1 md5 7 <removed>"),
    ("snmp-server user ops g v3 auth sha SEKf6 priv aes 256 SEKg7",
     "snmp-server user ops g v3 auth sha <removed> priv aes 256 <removed>"),
    ("aaa-server R host 10.1.0.5 radius-common-pw SEKh8", "aaa-server R host 10.1.0.5 radius-common-pw <removed>"),
    # log prose after "key" stays
    ("IKEv2 key exchange failed: key length 256, key material derived", None),
    ("community strings differ", None),
], ids=["community-and-failover-key", "pre-shared-key-hex", "pre-shared-key-equals", "isakmp-key", "tacacs-key",
        "ntp-authentication-key", "snmpv3-auth-priv", "radius-common-pw", "prose-key-exchange", "prose-community"])
def test_redact_removes_every_config_secret_form_and_keeps_prose(text, kept):
    assert redact(text) == (text if kept is None else kept)
    assert "SEK" not in redact(text) and "53454b" not in redact(text)


AZURE_FILES = ("azure/ike_no_proposal.IKEDiagnosticLog.json", "azure/auth_failed.IKEDiagnosticLog.csv",
               "azure/bgp_down.AzureDiagnostics.json", "azure/failover.TunnelDiagnosticLog.json",
               "azure/troubleshoot_auth.json", "azure/IKEErrors.txt", "azure/ConnectionStats.one_way.txt",
               "azure/getikesas.json")
CHARON_FILES = ("charon/pfs_mismatch.A.log", "charon/rekey_collision.A.log", "charon/dpd_teardown.A.log")


def test_random_cuts_shuffles_and_mislabels_of_azure_and_charon_evidence_never_raise_and_never_leak(seed_report):
    rng = random.Random(1415)
    for _round in range(120):
        texts = [_mutations(rng, fixture(rng.choice(AZURE_FILES + CHARON_FILES))) for _index in range(4)]
        leak = "\npre-shared-key %s\n5e 2a 91 0c 77 41 d8 3f 09 be\n" % PSK
        where = rng.randrange(4)
        texts[where] += leak.encode() if isinstance(texts[where], bytes) else leak
        result = explain(seed_report, azure_log_texts=[texts[0]], azure_troubleshoot_texts=[texts[1]],
                         azure_ike_sas_text=texts[2], charon_texts=[texts[3]])
        assert {f["status"] for f in result["findings"]} <= {"confirmed", "contradicted", "not_covered"}
        _assert_clean(result)


def test_odd_json_values_in_azure_evidence_give_notes_not_errors(seed_report):
    for odd in ("null", "42", '"text"', "[1, [2], null]", '{"records": 5}', '{"results": [1, {"id": null}]}',
                '[{"quickModeSa": 3, "elapsedTimeInseconds": "x", "lifeTimeSeconds": 0}]', '{"tables": [{"rows": 1}]}'):
        result = explain(seed_report, azure_log_texts=[odd], azure_troubleshoot_texts=[odd], azure_ike_sas_text=odd,
                         charon_texts=[odd])
        assert {f["status"] for f in result["findings"]} <= {"confirmed", "contradicted", "not_covered"}


def test_emblem_syslog_with_the_message_class_is_read():
    # EMBLEM format carries the message class: "%ASA-vpn-4-750003" (review 2026-12-04: skipped as "not the syslog")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import parse_syslog

    line = ("<164>:Sep 19 17:36:02 UTC: %ASA-vpn-4-750003: Local:198.51.100.10:500 Remote:203.0.113.20:500 "
            "Username:203.0.113.20 IKEv2 Negotiation aborted due to ERROR: Detected unsupported failover version")
    [record] = parse_syslog(line)["records"]
    assert (record["message_id"], record["severity"]) == ("750003", 4)


def test_the_debug_sent_as_syslog_is_named_not_dropped():
    # `logging debug-trace`: message 711001 carries the debug (Cisco TechNote 200365)
    from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_debug import parse_debug
    from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import parse_syslog

    text = ("Sep 19 2026 17:35:29 hq-asa : %ASA-7-711001: IKEv2-PLAT-3: RECV PKT [CREATE_CHILD_SA] "
            "[203.0.113.20]:500->[198.51.100.10]:500 InitSPI=0x145521242b6265d7 RespSPI=0x0c25d68e92bfcdc2 MID=00000002")
    notes = parse_syslog(text)["notes"]
    assert any("message 711001, the IKEv2 debug sent as syslog" in note for note in notes)
    assert not any("looks like a syslog line" in note for note in parse_debug(text)["notes"])


def test_twelve_hour_times_and_printed_years_order_and_read_as_they_are():
    # Microsoft's ConnectionStats example prints "2/1/2017 8:22:06 PM"; a portal CSV "9/19/2026, 5:31:02.120 PM"
    from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import clock, sort_key

    assert clock("9/19/2026 4:02:11 PM") == "16:02:11"
    assert clock("9/19/2026, 5:31:02.120 PM") == "17:31:02"
    assert clock("9/19/2026 12:05:00 AM") == "00:05:00" and clock("Sep 19 17:35:29") == "17:35:29"
    assert sort_key("9/19/2026, 5:31:02.120 PM") > sort_key("9/19/2026, 11:59:59.000 AM")
    assert sort_key("Jan  1 2027 00:00:02") > sort_key("Dec 31 2026 23:59:58")


def test_a_capture_over_new_years_midnight_is_not_called_reordered():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_debug import parse_debug

    text = ("Dec 31 23:59:58 [IKEv1]IKE Receiver: Packet received on 198.51.100.10:500 from 203.0.113.20:500\n"
            "Jan  1 00:00:03 [IKEv1]IKE Receiver: Packet received on 198.51.100.10:500 from 203.0.113.20:500\n")
    assert not any("reordered" in note for note in parse_debug(text)["notes"])
    # a time that goes back within one day is still said (the same lines, the second an hour earlier)
    reordered = text.replace("Dec 31 23:59:58", "Jan  1 01:00:00")
    assert any("reordered" in note for note in parse_debug(reordered)["notes"])
