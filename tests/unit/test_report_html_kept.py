# -*- coding: utf-8 -*-
"""report.html keeps what it drew (issue 12): a timeline once per fault pattern, its text given to every tunnel of the
pattern with its own index, and a tunnel's fix once for its finding and its plan. Each tunnel's page is the one drawn
for it alone, whatever the tunnels share or not (hostile text, the hole's own character, values that are no JSON,
the devices' evidence)."""

import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import report_html, report_html_timeline
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import to_html
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import anchor_keys

TEXTS = ["", "x", "\x00", "a\x00b", "\\u0000", "\x010\x01", "\x011\x01 b", "\\u0001", "</title><script>", "a&b 'q' \"dq\"", "line\nbreak", "\x1b[2J",
         "caf\u00e9 \u202e", "\U0001f600", "ends: INVALID_KE_PAYLOAD", "NO_PROPOSAL_CHOSEN"]
CODES = ["PFS_MISMATCH", "PEER_NOT_FOUND", "IKE_NO_COMMON_PROPOSAL", "TRAFFIC_SELECTOR_MISMATCH", "CHILD_LIFETIME_MISMATCH",
         "REKEY_TOO_FREQUENT", "AZURE_SKU_UNSUPPORTED", "ONE_WAY_TRAFFIC"]
PHASES = ["config", "ike_init", "child_init", "child_rekey", "ike_rekey", "traffic", "other"]


def _end(rng):
    return {"child_lifetime_seconds": rng.choice([27000, 3600, 30, None, 0, 3600.0, True, "3600"]),
            "child_lifetime_kilobytes": rng.choice([102400000, 2048, None, 1]),
            "ike_lifetime_seconds": rng.choice([28800, 86400, None, 25000]),
            "pfs_group": rng.choice([19, None, 14, "x<y"]),
            "mode": rng.choice(["both", "responder_only", "initiator_only", "<b>"])}


def _finding(rng):
    side = {"lines": [{"line": rng.randint(1, 9), "text": rng.choice(TEXTS)}]}  # not drawn in the timeline
    pick = rng.random()
    if pick < 0.4:
        side["rekeys"] = [{"initiator": rng.choice(["ASA", "Azure", "x"]), "outcome": rng.choice(TEXTS + [None, 3])}
                          for _round in range(rng.randint(0, 2))]
    elif pick < 0.6:
        side["failing_directions"] = [rng.choice(["ASA -> Azure", "Azure -> ASA", "none"]), rng.choice(TEXTS)]
    return {"code": rng.choice(CODES), "phase": rng.choice(PHASES), "severity": rng.choice(["error", "warning", "info"]),
            "summary": rng.choice(TEXTS), "evidence": {rng.choice(["asa", "azure"]): side, "other": rng.choice([{}, 1])}}


def _tunnel(rng):
    tunnel = {"name": rng.choice(TEXTS), "asa": rng.choice([{"host": "h"}, {}, None]), "azure": {"connection": "c"},
              "findings": [_finding(rng) for _item in range(rng.randint(0, 3))], "verdict": "fail"}
    if rng.random() < 0.9:
        tunnel["rekey"] = {"asa": _end(rng), "azure": _end(rng)} if rng.random() < 0.9 else {"asa": "x"}
    return tunnel


def _variants(rng, tunnel):
    """The tunnel, copies with one thing the timeline reads changed, and with something it does not read changed."""
    yield tunnel
    yield dict(tunnel, name=rng.choice(TEXTS), findings=[  # what the timeline does not read
        dict(f, evidence={side: dict(ev, lines=[{"line": 99, "text": "other"}]) if isinstance(ev, dict) else ev
                          for side, ev in f["evidence"].items()}) for f in tunnel["findings"]])
    for finding_index, finding in enumerate(tunnel["findings"]):
        sides = [side for side, ev in finding["evidence"].items() if isinstance(ev, dict)]
        rekeys = dict(finding["evidence"], **{side: dict(finding["evidence"][side], rekeys=[
            {"initiator": rng.choice(["ASA", "Azure"]), "outcome": rng.choice(TEXTS)}]) for side in sides})
        directions = dict(finding["evidence"], **{side: dict(finding["evidence"][side], failing_directions=[
            rng.choice(["ASA -> x", "Azure -> y"])]) for side in sides})
        for key, value in (("summary", rng.choice(TEXTS)), ("phase", rng.choice(PHASES)), ("code", rng.choice(CODES)),
                           ("severity", rng.choice(["error", "warning"])), ("evidence", rekeys), ("evidence", directions)):
            changed = list(tunnel["findings"])
            changed[finding_index] = dict(finding, **{key: value})
            yield dict(tunnel, findings=changed)
    if isinstance(tunnel.get("rekey"), dict) and isinstance(tunnel["rekey"].get("azure"), dict):
        yield dict(tunnel, rekey=dict(tunnel["rekey"], azure=_end(rng)))
    yield dict(tunnel, azure=None)


@pytest.mark.parametrize("seed", range(12))
def test_each_tunnel_gets_the_timeline_drawn_for_it_alone(seed):
    rng = random.Random(seed)
    patterns = [_tunnel(rng) for _item in range(6)]
    tunnels = [variant for pattern in patterns for variant in _variants(rng, pattern)]
    tunnels += [rng.choice(tunnels) for _item in range(40)]  # the same patterns again, at other indexes
    drawn = {}
    for throughput in (10, 0.5):
        drawn = {}
        for index, tunnel in enumerate(tunnels):
            assert report_html_timeline.timeline_html(index, tunnel, throughput, drawn) == \
                report_html_timeline._timeline_html(index, tunnel, throughput)
        assert 0 < len(drawn) < len(tunnels)  # drawn once per pattern


def test_a_tunnel_that_cannot_be_told_by_its_key_is_drawn_on_its_own():
    base = {"name": "t", "asa": {"h": 1}, "azure": {"c": 1}, "verdict": "fail",
            "rekey": {"asa": {"mode": "both"}, "azure": {"mode": "both"}},
            "findings": [{"code": "PFS_MISMATCH", "phase": "child_rekey", "severity": "error", "summary": "s", "evidence": {}}]}
    unkeyed = [dict(base, findings=[dict(base["findings"][0], summary="a\x00b")]),
               dict(base, findings=[dict(base["findings"][0], summary=object())]),
               dict(base, rekey={"asa": {"mode": "both", 1: "int key"}, "azure": {}}),
               dict(base, evidence={"counts": {}}),
               dict(base, findings=[dict(base["findings"][0], evidence=type("D", (dict,), {})(asa={"rekeys": []}))])]
    for tunnel in unkeyed:
        assert report_html_timeline._timeline_key(tunnel) == (None, None)
        drawn = {}
        assert report_html_timeline.timeline_html(3, tunnel, 10, drawn) == report_html_timeline._timeline_html(3, tunnel, 10)
        assert drawn == {}
    assert report_html_timeline._timeline_key(base)[0] is not None


def test_a_large_page_is_its_tunnels_drawn_one_by_one():
    """More tunnels than a page keeps timelines for, repeated patterns among them: the page as drawn before."""
    rng = random.Random(5)
    patterns = [_tunnel(rng) for _item in range(report_html_timeline.DRAWN_KEPT + 20)]
    tunnels = patterns + [rng.choice(patterns) for _item in range(200)]
    report = {"tunnels": tunnels, "summary": {}, "unpaired": []}
    page = to_html(report)
    anchors = anchor_keys(tunnels)  # each tunnel's ids start with its anchor (its id, else its name)
    drawn_alone = [report_html_timeline._timeline_html(anchors[i], t, 10) for i, t in enumerate(tunnels)]
    position = 0
    for text in drawn_alone:
        position = page.index(text, position) + len(text)


def test_a_fix_drawn_for_a_finding_and_again_for_the_plan_is_the_fix_drawn_alone():
    """The plan holds the findings' fix objects: each is drawn once a tunnel, under each label (proven or not)."""
    rng = random.Random(3)
    fixes = [["asa line <1>", "no \x00 crypto"], {"connection": {"name": "c<", "properties": {"a": [1, {"b": "&"}]}},
                                                  "az": ["az x '1'"], "powershell": ["$p = \"q\""], "note": "n>", "z": {"k": 1}},
             {"virtual_network_gateway": {"name": 1, "properties": "no dict"}, "x": ["l1", "l2"]}, "text fix", 3, None, {}]
    proofs = [None, {}, {"asa": {"proven": True}}, {"azure": {"proven": False}}, {"asa": {}}]
    for _round in range(200):
        bodies = {}
        drawn = []
        for _draw in range(rng.randint(1, 6)):
            fix = rng.choice(fixes)
            if rng.random() < 0.3 and isinstance(fix, (list, dict)):
                fix = type(fix)(fix)  # the same content, another object
            vendor, proof = rng.choice(["asa", "azure", "<x>"]), rng.choice(proofs)
            drawn.append((report_html._fix_html(vendor, fix, proof, bodies), report_html._fix_html(vendor, fix, proof)))
        assert [kept for kept, _alone in drawn] == [alone for _kept, alone in drawn]


def test_a_tunnel_whose_plan_holds_its_findings_fixes_is_drawn_as_with_copies_of_them():
    fix = {"connection": {"name": "c", "properties": {"p": 1}}, "az": ["az a"]}
    finding = {"code": "PFS_MISMATCH", "severity": "error", "phase": "child_rekey", "summary": "s", "evidence": {},
               "remediation": {"azure": fix, "asa": ["x"]}, "proof": {"azure": {"proven": True}}}
    shared = {"name": "t", "verdict": "fail", "findings": [finding, dict(finding)], "remediation": finding["remediation"]}
    copied = dict(shared, remediation={"azure": dict(fix), "asa": ["x"]})
    assert report_html._tunnel_html(0, shared, 10) == report_html._tunnel_html(0, copied, 10)
    assert "(proven)" in report_html._tunnel_html(0, shared, 10)
