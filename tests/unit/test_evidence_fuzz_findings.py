# -*- coding: utf-8 -*-
"""What the fuzz suite's evidence inputs (tests/fuzz/evidence.py) found, one test each (each failed before its fix):
a secret written as ``psk=x``, ``"sharedKey": "x"`` or ``pre-shared-key 0 x``, or in a field no reader redacted,
reached the result; a counter sample cut short raised TypeError."""

import json
import time

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain, parse_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import redact

from test_evidence_cases import fixture, report, seed

PSK = "Qz7-PlantedPsk-9051"


@pytest.fixture(scope="module")
def seed_report():
    return report()


@pytest.mark.parametrize("text", ["psk=%s" % PSK, '"sharedKey": "%s",' % PSK, "sharedKey=%s" % PSK, "PSK: %s" % PSK,
                                  " ikev2 local-authentication pre-shared-key 0 %s" % PSK, "password:%s" % PSK],
                         # ids name the form, never the key: test ids are artifacts (junit, logs) the secret scan reads
                         ids=["psk=", "sharedKey-json", "sharedKey=", "PSK:", "asa-key-line", "password:"])
def test_secret_values_written_without_a_space_or_after_an_encryption_type_are_removed(text):
    assert PSK not in redact(text)


def test_a_key_that_begins_with_a_word_of_prose_is_removed():
    # review 2026-12-04: a key starting "on", "or", "for" followed by punctuation was read as prose and kept
    for key in ("on$ite2026", "or+else42", "for@zure99", "is.it.k3y"):
        assert key not in redact(" ikev2 remote-authentication pre-shared-key %s" % key)
        assert key not in redact("pre-shared-key 0 %s" % key)
    assert redact("the pre-shared key is wrong") == "the pre-shared key is wrong"
    assert redact("check the shared key for errors.") == "check the shared key for errors."


def test_prose_about_keys_still_reads():
    assert redact("Pre-shared key mismatch") == "Pre-shared key mismatch"
    assert redact("Pre-shared key mismatch: psk=abc1") == "Pre-shared key mismatch: psk=<removed>"
    assert redact("sharedKey: Check shared key.") == "sharedKey: Check shared key."


def _leaks(result):
    return PSK in json.dumps(result)


@pytest.mark.parametrize("kind,text", [
    # the debug's transform lines were kept as printed
    ("debug_text", seed("debug_crypto_ikev2.txt").replace("Don't use ESN", "PSK: %s Don't use ESN" % PSK, 1)),
    # a syslog message with "psk=" (no space)
    ("syslog_text", seed("syslog.txt") + "\n%%ASA-4-750003: Local:80.x.y.z:500 Remote:51.a.b.c:500 psk=%s IKEv2\n" % PSK),
    # the peer of a `show crypto ipsec sa` sample was kept as printed
    ("counter_texts", [fixture("one_way.samples.txt").replace("current_peer: 51.a.b.c", "current_peer: psk=%s" % PSK)]),
    # a charon message's payload list was kept as printed
    ("charon_texts", [fixture("charon/pfs_mismatch.A.log").replace("[ SA KE No", "[ SA psk=%s KE No" % PSK, 1)]),
    # a troubleshoot ConnectionStats value
    ("azure_troubleshoot_texts", [fixture("azure/ConnectionStats.one_way.txt").replace(
        "Remote Tunnel Endpoint : ", "Remote Tunnel Endpoint : sharedKey=%s " % PSK, 1)]),
], ids=["debug", "syslog", "counters", "charon", "troubleshoot"])  # never the text: it holds the key
def test_a_secret_in_any_field_of_any_reader_never_reaches_the_result(kind, text, seed_report):
    assert PSK in json.dumps(text)  # planted where the test says
    assert not _leaks(parse_evidence(**{kind: text}))
    assert not _leaks(explain(seed_report, **{kind: text}))


def test_a_counter_sample_cut_short_before_two_whole_ones_gives_a_verdict_not_a_type_error(seed_report):
    samples = fixture("one_way.samples.txt")
    first = samples.split("Sep 19 17:36:30")[0]
    cut = first.replace("#pkts encaps: 4701, #pkts encrypt: 4701, #pkts digest: 4701\n", "")
    text = cut.replace("17:36:00", "17:35:30") + samples  # a sample without encaps, then the two whole ones
    result = explain(seed_report, counter_texts=[text])
    assert any("without both counters" in n for n in result["notes"])
    [one_way] = result["unexplained"]
    assert one_way["suggests"] == ["ONE_WAY_TRAFFIC", "PFS_MISMATCH"]
    assert "rose from 4701 to 5388 while #pkts decaps stayed at 4953 (2 samples)" in one_way["says"]


@pytest.mark.parametrize("kind,text", [
    ("syslog_text", seed("syslog.txt").replace("IKEv2", "IKE\udcffv2", 1)),
    ("counter_texts", [fixture("one_way.samples.txt").replace("current_peer: 51.a.b.c", "current_peer: 51.a\udc85.b.c")]),
    ("azure_troubleshoot_texts", [fixture("azure/ConnectionStats.one_way.txt").replace("Connected", "Conn\udcfeected", 1)]),
])
def test_text_with_lone_surrogates_gives_results_ansible_accepts(kind, text, seed_report):
    """A device reply decoded as to_text(errors="surrogate_or_replace") does: undecodable bytes are lone surrogates,
    which Ansible refuses in a module's result (strict UTF-8)."""
    for result in (parse_evidence(**{kind: text}), explain(seed_report, **{kind: text})):
        json.dumps(result, ensure_ascii=False).encode("utf-8")


def test_a_long_run_of_digits_in_a_charon_log_is_read_in_linear_time():
    """The line pattern tried the thread number from each digit of a run: 30,000 digits took seconds."""
    text = fixture("charon/pfs_mismatch.A.log") + "\n" + "0" * 30000 + "\n"
    started = time.process_time()
    result = parse_evidence(charon_texts=[text])
    assert time.process_time() - started < 0.5
    assert result["charon"]["messages"]
