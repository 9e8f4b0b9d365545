# -*- coding: utf-8 -*-
"""Review F2 #6: the ASA's `show clock` output ("17:35:29.123 UTC Sat Sep 19 2026") before a `show crypto ipsec sa`
sample is the sample's time, as the live capture polls with `show clock` between samples."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.ipsec_counters import parse_counters

from test_evidence_cases import report, seed

SAMPLE = seed("show_crypto_ipsec_sa.txt")
TEXT = ("asa# show clock\n17:35:29.123 UTC Sat Sep 19 2026\nasa# show crypto ipsec sa\n" + SAMPLE
        + "\nasa# show clock\n*17:36:29.456 UTC Sat Sep 19 2026\nasa# show crypto ipsec sa\n"
        + SAMPLE.replace("#pkts encaps: 4549", "#pkts encaps: 5549"))


def test_show_clock_output_is_each_samples_time():
    parsed = parse_counters(TEXT)
    first, second = "17:35:29.123 UTC Sat Sep 19 2026", "17:36:29.456 UTC Sat Sep 19 2026"
    assert [s["time"] for s in parsed["samples"]] == [first, second]
    [sa] = parsed["sas"]
    assert sa["verdict"] == "one_way"
    assert (sa["deltas"][0]["from_time"], sa["deltas"][0]["to_time"]) == (first, second)


def test_the_timeline_shows_the_samples_clocks_after_the_rekey_they_follow():
    result = explain(report(), debug_text=seed("debug_crypto_ikev2.txt"), counter_texts=TEXT)
    assert [line.split(" ", 1)[0] for line in result["timeline"]] == ["17:35:29", "17:35:29-17:36:29"]
    assert "[effect of PFS_MISMATCH" in result["timeline"][1]
