# -*- coding: utf-8 -*-
"""Issue 14, the report side: evidence tied to a report's tunnels (report_evidence.py) and shown in report.html,
report.md, the summary lines and the compact result; nothing changes without evidence."""

import copy
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import to_json
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import attach_evidence, evidence_counts, observations
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result, gate
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import to_html
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import to_markdown
from ansible_collections.vpnalign.s2s.plugins.module_utils.timeline import tunnel_timeline

from test_evidence_cases import report, seed

SEED_ANCHOR = "azure_00000000-0000-0000-0000-000000000000_RG_UKSouth-HQ-S2S_asa_hq-asa_CRYPTO-MAP_2"  # the seed tunnel's report.html anchor

SEED_TEXTS = {"asa_debug": [("debug_crypto_ikev2.txt", seed("debug_crypto_ikev2.txt"))],
              "asa_syslog": [("syslog.txt", seed("syslog.txt"))],
              "ipsec_sa": [("show_crypto_ipsec_sa.txt", seed("show_crypto_ipsec_sa.txt"))]}


def _seed_with_evidence():
    return attach_evidence(report(), copy.deepcopy(SEED_TEXTS))


def test_without_evidence_the_report_is_not_touched():
    plain = report()
    before = to_json(plain)
    assert attach_evidence(plain, {}) is plain and attach_evidence(plain, {"asa_debug": []}) is plain
    assert to_json(plain) == before and "evidence" not in plain


def test_seed_evidence_is_tied_to_its_only_tunnel_with_counts():
    result = _seed_with_evidence()
    [tunnel] = result["tunnels"]
    assert result["evidence"]["tunnels"] == [tunnel["name"]]
    assert result["evidence"]["inputs"]["asa_debug"] == ["debug_crypto_ikev2.txt"]
    assert tunnel["evidence"]["counts"] == {"confirmed": 1, "contradicted": 0, "not_covered": 2}
    assert evidence_counts(result) == {"confirmed": 1, "contradicted": 0, "not_covered": 2}
    assert "tunnel" not in tunnel["evidence"]  # its name is the tunnel's own
    json.loads(to_json(result))  # report.json holds it as JSON


def test_the_refused_rekey_is_placed_on_the_predicted_failing_rekey_under_load():
    tunnel = _seed_with_evidence()["tunnels"][0]
    rows = observations(tunnel, tunnel_timeline(tunnel)["lanes"])
    confirmed = [r for r in rows if r["mark"] == "confirmed"]
    assert [(r["clock"], r["code"], r["predicted"][0], r["predicted"][1]["id"]) for r in confirmed] == [
        ("17:35:29", "PFS_MISMATCH", "load", "load-2")]
    assert [r["mark"] for r in rows] == ["misleading", "confirmed"]  # the untimed 750003 sorts first


def _two_tunnels(result):
    second = copy.deepcopy(result["tunnels"][0])
    second["name"], second["asa"] = "OTHER", dict(second["asa"], peer="198.51.100.7")
    second.pop("evidence", None)
    result["tunnels"].append(second)
    return result


def test_masked_evidence_and_several_tunnels_ties_to_none_and_says_so_unless_named():
    plain = _two_tunnels(report())
    result = attach_evidence(copy.deepcopy(plain), copy.deepcopy(SEED_TEXTS))
    assert result["evidence"]["tunnels"] == [] and all("evidence" not in t for t in result["tunnels"])
    assert "masked: 51.a.b.c" in result["evidence"]["notes"][0] and "evidence tunnel" in result["evidence"]["notes"][0]
    named = attach_evidence(copy.deepcopy(plain), copy.deepcopy(SEED_TEXTS), ["OTHER", "NOPE"])
    assert named["evidence"]["tunnels"] == ["OTHER"] and "evidence" in named["tunnels"][1]
    assert named["evidence"]["notes"] == ["no tunnel named NOPE in the report: its evidence is not shown"]


def test_html_shows_the_observation_beside_the_predicted_exchange_and_escapes_it():
    result = _seed_with_evidence()
    page = to_html(result)
    assert 'class="exchange fail initiator-azure observed-confirmed"' in page
    assert "observed 17:35:29 PFS_MISMATCH" in page and '<a href="#%s-load-2-text">' % SEED_ANCHOR in page
    assert "What happened: what the devices said, next to the prediction" in page
    result["tunnels"][0]["evidence"]["findings"][0]["evidence"][0]["says"] = "<script>alert(1)</script>"
    page = to_html(result)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_and_markdown_without_evidence_have_none_of_it():
    plain = report()
    assert "observed" not in to_html(plain) and "What the devices said" not in to_markdown(plain)


def test_markdown_table_keeps_a_pipe_in_a_cell():
    result = _seed_with_evidence()
    result["tunnels"][0]["evidence"]["findings"][0]["evidence"][0]["says"] = "a | b"
    text = to_markdown(result)
    assert "| 17:35:29 | a \\| b | confirms PFS_MISMATCH (predicted: CREATE_CHILD_SA (Child SA rekey 1), started by Azure)" in text


def test_summary_has_a_line_per_confirmed_finding_and_per_misleading_message():
    lines = summary_lines(_seed_with_evidence())
    confirmed = [ln for ln in lines if "CONFIRMED" in ln]
    assert confirmed == ["  CONFIRMED PFS_MISMATCH by the evidence: 17:35:29 Azure (51.a.b.c) started CREATE_CHILD_SA (a Child "
                         "SA rekey, message 2) with KE group 19; ASA answered INVALID_KE_PAYLOAD (peer sent group 19, local "
                         "policy prefers group 0) [debug line 4,87,103]"]
    assert [ln for ln in lines if "MISLEADING" in ln][0].startswith("  MISLEADING 750003 [syslog line 1]: not the cause")
    assert not [ln for ln in summary_lines(report()) if "CONFIRMED" in ln or "MISLEADING" in ln]


def test_compact_result_counts_the_evidence_and_the_gate_ignores_it():
    plain, result = report(), _seed_with_evidence()
    assert "evidence" not in compact_result(plain)
    assert compact_result(result)["evidence"] == {"confirmed": 1, "contradicted": 0, "not_covered": 2}
    for gate_on in ("error", "warning", "never"):
        assert gate(compact_result(result), gate_on) == gate(compact_result(plain), gate_on)


def test_a_contradicted_finding_is_marked_so():
    result = _seed_with_evidence()
    entry = result["tunnels"][0]["evidence"]["findings"][0]
    entry["status"] = "contradicted"
    page = to_html(result)
    assert "observed-contradicted" in page and "contradicts PFS_MISMATCH: the exchange it predicts to fail succeeds" in page
    assert "contradicts PFS_MISMATCH" in to_markdown(result)
    assert not [ln for ln in summary_lines(result) if "CONFIRMED" in ln]


def test_a_hand_edited_evidence_block_never_raises():
    result = _seed_with_evidence()
    block = result["tunnels"][0]["evidence"]
    block["findings"] = [None, 3, {"status": "confirmed", "code": "X", "evidence": [{"time": 5, "lines": ["a"], "says": 7}, None]},
                         {"status": "confirmed", "code": "Y", "evidence": [None, {"lines": 4}]},
                         {"status": "confirmed", "code": "Z", "evidence": [{"lines": 4}]}, {"status": "confirmed", "evidence": "x"}]
    block["misleading"] = [None, {"lines": None}, {"lines": 2}]
    block["unexplained"] = "text"
    block["counts"] = []
    to_html(result)
    to_markdown(result)
    summary_lines(result)
    result["tunnels"][0]["evidence"] = "not a block"
    to_html(result)
    to_markdown(result)
    summary_lines(result)


def test_frozen_decaps_after_the_refused_rekey_are_shown_as_its_effect_on_the_predicted_rekey():
    from test_evidence_cases import fixture
    texts = dict(copy.deepcopy(SEED_TEXTS), ipsec_sa=[("one_way.samples.txt", fixture("one_way.samples.txt"))])
    result = attach_evidence(report(), texts)
    tunnel = result["tunnels"][0]
    rows = observations(tunnel, tunnel_timeline(tunnel)["lanes"])
    effects = [r for r in rows if r["mark"] == "effect"]
    assert [(r["code"], r["predicted"][1]["id"]) for r in effects] == [("PFS_MISMATCH", "load-2")]
    page = to_html(result)
    item = page[page.index('<li id="%s-load-2-text"' % SEED_ANCHOR):]
    item = item[:item.index("</li>")]
    assert "Observed 17:35:29" in item and "Then 17:36:00-17:36:30" in item and "nothing comes back" in item
    assert "effect of PFS_MISMATCH" in to_markdown(result)
