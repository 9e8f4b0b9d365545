# -*- coding: utf-8 -*-
"""module_utils/timeline.py (who starts each exchange, which fails) and report_html.py (report.html)."""

import copy
import json
import os
import re
import time
from html.parser import HTMLParser

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import to_html
from ansible_collections.vpnalign.s2s.plugins.module_utils.timeline import lane_events, tunnel_timeline
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

SEED_ANCHOR = "azure_00000000-0000-0000-0000-000000000000_RG_UKSouth-HQ-S2S_asa_gateway_CRYPTO-MAP_2"  # the seed tunnel's report.html anchor

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")


def _report(tmp_path, asa_edit=None, azure_edit=None):
    asa_text = open(os.path.join(SEED, "asa_running_config.txt")).read()
    resources = json.load(open(os.path.join(SEED, "azure_resources.json")))
    if asa_edit:
        asa_text = asa_edit(asa_text)
    if azure_edit:
        azure_edit(resources)
    (tmp_path / "asa.txt").write_text(asa_text)
    (tmp_path / "azure.json").write_text(json.dumps(resources))
    return run_check(asa_facts_from({}, paths=str(tmp_path / "asa.txt")),
                     azure_facts_from({}, paths=str(tmp_path / "azure.json")))


@pytest.fixture(scope="module")
def seed_report():
    return run_check(asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt")),
                     azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json")))


def _fixed_seed(tmp_path):
    """The seed with both fixes applied: ASA set pfs group19, Azure data lifetime 102400000 KB."""
    def asa(text):
        return text.replace("crypto map CRYPTO-MAP 2 set nat-t-disable",
                            "crypto map CRYPTO-MAP 2 set nat-t-disable\ncrypto map CRYPTO-MAP 2 set pfs group19")

    def azure(resources):
        resources[0]["properties"]["ipsecPolicies"][0]["saDataSizeKilobytes"] = 102400000
    return _report(tmp_path, asa, azure)


def _brief(events):
    return [(e["exchange"], e["initiator"], e["at_seconds"], e["status"], e["codes"]) for e in events]


def test_seed_report_carries_each_ends_lifetimes_and_mode(seed_report):
    assert seed_report["tunnels"][0]["rekey"] == {
        "asa": {"child_lifetime_seconds": 3600, "child_lifetime_kilobytes": 102400000, "ike_lifetime_seconds": 28800,
                "pfs_group": None, "mode": "both"},
        "azure": {"child_lifetime_seconds": 3600, "child_lifetime_kilobytes": 2048, "ike_lifetime_seconds": 28800,
                  "pfs_group": 19, "mode": "both"}}


def test_seed_under_load_azure_starts_the_first_child_rekey_after_2_mb_and_the_asa_refuses_it(seed_report):
    events, notes = lane_events(seed_report["tunnels"][0], "load", 10)
    assert _brief(events) == [
        ("IKE_SA_INIT", "ASA or Azure", 0.0, "ok", []),
        ("IKE_AUTH", "ASA or Azure", 0.0, "ok", []),  # the first Child SA has no KE: PFS is not used yet
        # Azure's 2048 KB at 10 Mbit/s (1280 KB/s): 1.6 s
        ("CREATE_CHILD_SA", "Azure", 1.6, "fail", ["PFS_MISMATCH"]),
    ]
    failing = events[-1]
    assert failing["at_kilobytes"] == 2048 and failing["responder"] == "ASA"
    assert failing["notify"] == "INVALID_KE_PAYLOAD" and "data lifetime 2048 KB" in failing["trigger"]
    assert any("decaps freeze" in n for n in notes)


def test_seed_idle_either_end_rekeys_at_3600_s_and_both_directions_fail(seed_report):
    events, _notes = lane_events(seed_report["tunnels"][0], "idle", 0)
    assert _brief(events)[-1] == ("CREATE_CHILD_SA", "ASA or Azure", 3600.0, "fail", ["PFS_MISMATCH"])
    assert events[-1]["notify"] == "NO_PROPOSAL_CHOSEN / INVALID_KE_PAYLOAD"


def test_throughput_moves_the_data_driven_rekey(seed_report):
    events, _notes = lane_events(seed_report["tunnels"][0], "load", 100)
    assert events[-1]["at_seconds"] == 0.16 and events[-1]["initiator"] == "Azure"


def test_a_passing_tunnel_rekeys_successfully_and_the_ike_sa_is_rekeyed(tmp_path):
    report = _fixed_seed(tmp_path)
    tunnel = report["tunnels"][0]
    assert tunnel["verdict"] == "pass"
    for lane in tunnel_timeline(tunnel, 10)["lanes"]:
        events = lane["events"]
        assert all(e["status"] == "ok" for e in events)
        assert _brief(events)[2:] == [
            ("CREATE_CHILD_SA", "ASA or Azure", 3600.0, "ok", []),
            ("CREATE_CHILD_SA", "ASA or Azure", 7200.0, "ok", []),
            ("CREATE_CHILD_SA", "ASA or Azure", 10800.0, "ok", []),
            ("CREATE_CHILD_SA", "ASA or Azure", 28800.0, "ok", []),
        ]
        assert events[-1]["purpose"] == "IKE SA rekey"
        # 28800 / 3600: the 8th Child SA rekey falls with the IKE SA rekey; 4 between the 3rd and it
        assert lane["notes"] == ["4 more Child SA rekey(s) like the last one before the IKE SA rekey."]
        assert events[-1]["child_rekeys_before"] == 4


def _tunnel(asa, azure, findings=()):
    base = {"child_lifetime_seconds": 3600, "child_lifetime_kilobytes": None, "ike_lifetime_seconds": 28800,
            "pfs_group": None, "mode": "both"}
    return {"name": "t", "asa": {"host": "h"}, "azure": {"connection": "c"}, "findings": list(findings),
            "rekey": {"asa": dict(base, **asa), "azure": dict(base, **azure)}}


def test_the_end_whose_lifetime_runs_out_first_starts_every_rekey():
    tunnel = _tunnel({"child_lifetime_seconds": 28800, "ike_lifetime_seconds": 86400}, {"mode": "responder_only"})
    events, _notes = lane_events(tunnel, "idle", 0)
    assert [(e["exchange"], e["initiator"], e["at_seconds"]) for e in events] == [
        ("IKE_SA_INIT", "ASA", 0.0), ("IKE_AUTH", "ASA", 0.0),  # Azure is responder-only: the ASA brings it up
        ("CREATE_CHILD_SA", "Azure", 3600.0), ("CREATE_CHILD_SA", "Azure", 7200.0), ("CREATE_CHILD_SA", "Azure", 10800.0),
        ("CREATE_CHILD_SA", "Azure", 28800.0)]  # Azure's IKE SA lifetime is the shorter too


def test_a_failure_fails_only_the_direction_the_finding_names():
    pfs = {"code": "PFS_MISMATCH", "severity": "error", "phase": "child_rekey", "summary": "s",
           "evidence": {"asa": {"rekeys": [{"initiator": "ASA", "outcome": "no KE: NO_PROPOSAL_CHOSEN"}]}}}
    azure_first = _tunnel({"child_lifetime_seconds": 28800}, {}, [pfs])
    events, _notes = lane_events(azure_first, "idle", 0)
    assert [e["status"] for e in events if e["exchange"] == "CREATE_CHILD_SA"] == ["ok"] * 4
    asa_first = _tunnel({}, {"child_lifetime_seconds": 28800}, [pfs])
    events, _notes = lane_events(asa_first, "idle", 0)
    assert _brief(events)[-1] == ("CREATE_CHILD_SA", "ASA", 3600.0, "fail", ["PFS_MISMATCH"])


def test_bring_up_failures_stop_the_timeline_at_their_exchange():
    ike = {"code": "IKE_NO_COMMON_PROPOSAL", "severity": "error", "phase": "ike_init", "summary": "no IKE proposal"}
    events, _notes = lane_events(_tunnel({}, {}, [ike]), "load", 10)
    assert _brief(events) == [("IKE_SA_INIT", "ASA or Azure", 0.0, "fail", ["IKE_NO_COMMON_PROPOSAL"])]
    ts = {"code": "TRAFFIC_SELECTOR_MISMATCH", "severity": "error", "phase": "child_init", "summary": "ts"}
    events, _notes = lane_events(_tunnel({}, {}, [ts]), "load", 10)
    assert _brief(events)[-1] == ("IKE_AUTH", "ASA or Azure", 0.0, "fail", ["TRAFFIC_SELECTOR_MISMATCH"])


def test_a_report_without_lifetimes_draws_bring_up_and_says_why_no_rekey(seed_report):
    tunnel = copy.deepcopy(seed_report["tunnels"][0])
    del tunnel["rekey"]
    events, notes = lane_events(tunnel, "load", 10)
    assert [e["exchange"] for e in events] == ["IKE_SA_INIT", "IKE_AUTH"] and "no rekey block" in notes[0]


# -- report.html ---------------------------------------------------------------------------------
class _Page(HTMLParser):
    """Elements, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.tags, self.ids, self.text = [], {}, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs

    def handle_data(self, data):
        self.text.append(data)


def _parse(page):
    parser = _Page()
    parser.feed(page)
    return parser


def test_the_seed_page_marks_the_failing_azure_started_rekey(seed_report):
    page = report_texts(seed_report)["report.html"]
    parsed = _parse(page)
    failing = parsed.ids["%s-load-2" % SEED_ANCHOR]
    assert failing["class"].split() == ["exchange", "fail", "initiator-azure"]
    assert failing["data-exchange"] == "CREATE_CHILD_SA" and failing["data-initiator"] == "Azure"
    text = " ".join(parsed.text)
    assert "FAILS: PFS_MISMATCH (INVALID_KE_PAYLOAD)" in text
    assert "10 Mbit/s" in text and "timeline_throughput_mbps" in text
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in text  # the fixes: the ASA's line, Azure's property
    assert 'connection UKSouth-HQ-S2S: ipsecPolicies = [{"dhGroup": "ECP256"' in text and '"saDataSizeKilobytes": 102400000' in text
    assert "Azure CLI" in text and "az network vpn-connection update" in text
    assert "REKEY_TOO_FREQUENT" in text and "CHILD_DATA_LIMIT_MISMATCH" in text


def test_the_page_is_self_contained(seed_report):
    page = to_html(seed_report)
    assert page.startswith("<!DOCTYPE html>")
    tags = set(_parse(page).tags)
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:|//)", page)
    assert "@import" not in page and "url(http" not in page and "@font-face" not in page


def test_the_stated_throughput_is_drawn_and_shown(seed_report):
    page = to_html(seed_report, throughput_mbps=100)
    assert "100 Mbit/s" in page and "t = 0.16 s, 2 MB" in page
    report = dict(seed_report, timeline_throughput_mbps=1)
    assert "<b>1 Mbit/s</b>" in to_html(report) and "t = 16 s, 2 MB" in to_html(report)


def test_hostile_names_do_not_inject_html(tmp_path):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'

    def azure(resources):
        resources[0]["name"] = hostile

    def asa(text):
        return text.replace("hostname gateway", "hostname gw<script>x</script>")
    report = _report(tmp_path, asa, azure)
    page = report_texts(report)["report.html"]
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(name.startswith("on") for attrs in parsed.ids.values() for name in attrs)
    assert "&lt;script&gt;" in page
    # the name is there, as text
    assert any(hostile in chunk for chunk in parsed.text)


def test_no_pre_shared_key_reaches_the_page(tmp_path):
    key = "Sup3rS3cretK3y"

    def asa(text):
        return text.replace("pre-shared-key *****", "pre-shared-key " + key)
    report = _report(tmp_path, asa)
    assert key not in json.dumps(report)  # masked in the facts already
    page = report_texts(report)["report.html"]
    assert key not in page and "pre-shared-key *****" in page


def test_the_page_costs_the_same_per_tunnel_at_ten_times_the_tunnels(seed_report):
    """report.html is written for fleets too (issue 12): CPU per tunnel at 10x the tunnels at most 2.5x."""

    def per_tunnel(count):
        report = dict(seed_report, tunnels=[dict(seed_report["tunnels"][0], name="t%d" % i) for i in range(count)])
        best = float("inf")
        for _run in range(3):
            started = time.process_time()
            to_html(report)
            best = min(best, time.process_time() - started)
        return best / count

    small, large = per_tunnel(20), per_tunnel(200)
    assert large <= 2.5 * small, (small, large)


def test_a_hand_edited_report_with_odd_values_still_renders():
    report = {"summary": "x", "unpaired": ["<blink>", {"asa": {"host": "<marquee>"}}], "tunnels": [
        {"name": 5, "verdict": "<xmp>", "rekey": ["not", "a", "dict"], "findings": [{"severity": "error", "phase": "config"}]},
        {"name": "t", "asa": {"host": "h"}, "azure": {"connection": "c"},
         "rekey": {"asa": {"child_lifetime_seconds": "3600", "ike_lifetime_seconds": -1}, "azure": None},
         "findings": [{"code": "X", "severity": "error", "phase": "child_rekey", "evidence": {"asa": [1, {"a": None}]},
                       "remediation": {"asa": {"k": [1, 2]}, "azure": "text"}}]}]}
    parsed = _parse(to_html(report))
    assert not {"blink", "marquee", "xmp", "script"} & set(parsed.tags)


def test_the_config_as_posted_marks_its_config_errors_and_still_shows_the_failing_rekey():
    report = run_check(asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.as_posted.txt")),
                       azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json")))
    events, notes = lane_events(report["tunnels"][0], "load", 10)
    assert _brief(events) == [
        ("config", "nobody", 0.0, "fail", ["UNDEFINED_REFERENCE"]),
        ("IKE_SA_INIT", "ASA or Azure", 0.0, "ok", []),
        ("IKE_AUTH", "ASA or Azure", 0.0, "ok", []),
        ("CREATE_CHILD_SA", "Azure", 1.6, "fail", ["PFS_MISMATCH"]),
    ]
    assert "rest of the configuration as read" in notes[0]


def test_an_azure_end_without_an_asa_counterpart_never_gets_past_ike_sa_init():
    peer = {"code": "PEER_NOT_FOUND", "severity": "error", "phase": "config", "summary": "no crypto map entry"}
    tunnel = {"name": "lonely", "asa": None, "azure": {"connection": "c"}, "findings": [peer]}
    events, _notes = lane_events(tunnel, "load", 10)
    assert _brief(events) == [("IKE_SA_INIT", "nobody", 0.0, "fail", ["PEER_NOT_FOUND"])]
