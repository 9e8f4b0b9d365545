# -*- coding: utf-8 -*-
"""Review R2 of 00455f9: an ASA end two connections claim is still free in pairing steps 2 and 3 (pairing.py does
not mark it used), so it can be paired too; its own findings are said in its pair, not again in the contended
entry."""

from test_estate_pairing import PFS, SUB_B, check, site_asa, site_export, spoke


def test_a_claimed_asa_end_paired_in_step_2_says_its_own_findings_once(tmp_path):
    asa = site_asa("site-a", "198.51.100.10").replace(PFS[0], PFS[0] + "crypto map CRYPTO-MAP 2 set reverse-route\n")
    # a third connection of the same gateway, its LNG at another address (a NAT address, an old IP): step 2 pairs it
    report, _c, _e = check(tmp_path, {"a.cfg": asa},
                           {"live.json": site_export("A", "198.51.100.10") + spoke("B", "198.51.100.99"),
                            "stale.json": site_export("A", "198.51.100.10", sub=SUB_B)})
    where = [(t["name"], bool(t["asa"])) for t in report["tunnels"]]
    said = [(t["name"], f["summary"]) for t in report["tunnels"] for f in t["findings"]
            if f["code"] == "UNSUPPORTED_CONSTRUCT" and "reverse-route" in f["summary"]]
    assert len(said) == 1, (where, said)


def test_a_claimed_asa_end_paired_in_step_3_says_its_own_findings_once(tmp_path):
    asa = site_asa("site-a", "198.51.100.10").replace(PFS[0], PFS[0] + "crypto map CRYPTO-MAP 2 set reverse-route\n")
    # a connection of a second gateway to the same ASA address, which the ASA has no entry for: step 3 takes it for
    # the ASA end with a wrong set peer
    report, _c, _e = check(tmp_path, {"a.cfg": asa},
                           {"live.json": site_export("A", "198.51.100.10"),
                            "stale.json": site_export("A", "198.51.100.10", sub=SUB_B),
                            "west.json": spoke("W", "198.51.100.10", gw="203.0.113.99", sub="22222222-2222-4222-8222-222222222222")})
    where = [(t["name"], bool(t["asa"])) for t in report["tunnels"]]
    said = [t["name"] for t in report["tunnels"] for f in t["findings"]
            if f["code"] == "UNSUPPORTED_CONSTRUCT" and "reverse-route" in f["summary"]]
    assert len(said) == 1, (where, said)


def test_a_claimed_asa_end_is_not_paired_with_a_connection_that_matches_it_less(tmp_path):
    # review R2, the older oddity: a third connection of the gateway (its LNG at another address) took the end both
    # contended connections match exactly, and showed PEER_ADDRESS_MISMATCH against it
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "198.51.100.10")},
                           {"live.json": site_export("A", "198.51.100.10") + spoke("B", "198.51.100.99"),
                            "stale.json": site_export("A", "198.51.100.10", sub=SUB_B)})
    assert [t for t in report["tunnels"] if t["asa"] and t["azure"]] == [], report["tunnels"]
    assert {t["name"] for t in report["tunnels"]} >= {"A-S2S"}
