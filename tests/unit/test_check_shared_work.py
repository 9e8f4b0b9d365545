# -*- coding: utf-8 -*-
"""Work the check step shares or leaves out instead of repeating it (issue 12), each against the general path it
stands in for: a fix tried once for every finding that asks it of the same state (proof.Prover._trial), a report
told already safe without the walks that would give it back as it is (findings._plain_and_safe), and the Azure
alignment's look at the end before the fixes (align.alignment: the data limit, not a copy of the whole intent)."""

import enum
import math

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import align as align_module
from ansible_collections.vpnalign.s2s.plugins.module_utils import findings as findings_module
from ansible_collections.vpnalign.s2s.plugins.module_utils.align import alignment
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import plain_copy
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.fix_rendering import PROOF_RULES
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import Finding, build_report
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.proof import Prover

from scenario_builders import asa_config, azure_resources
from test_proof import STRONGER_ON_AZURE, one_pair, prover_for, two_tunnels

# Azure's 1 MB data lifetime: REKEY_TOO_FREQUENT and CHILD_DATA_LIMIT_MISMATCH, both fixed by one kilobytes value.
SMALL_DATA_LIFETIME = dict(saDataSizeKilobytes=1024)


def _data_lifetime_prover():
    asa, azure = one_pair(asa_config(), azure_resources(policy_changes=SMALL_DATA_LIFETIME))
    return Prover(asa, azure, check_tunnel(asa, azure), PROOF_RULES, siblings={"asa": [(asa, azure)]})


def _said(proof):
    return proof["proven"], proof["reason"], proof["fixes"], proof["touches"], [f.to_dict() for f in proof["after"] or []]


def test_two_findings_asking_one_fix_share_its_engine_run_and_each_says_what_it_would_alone():
    prover = _data_lifetime_prover()
    asked = {f.code: f for f in prover.findings if f.fixes.get("azure")}
    assert sorted(asked) == ["CHILD_DATA_LIMIT_MISMATCH", "REKEY_TOO_FREQUENT"]
    assert repr(asked["REKEY_TOO_FREQUENT"].fixes) == repr(asked["CHILD_DATA_LIMIT_MISMATCH"].fixes), "one fix for both"
    proofs = {code: prover.prove(f, {"azure": f.fixes["azure"]}) for code, f in sorted(asked.items())}
    assert prover.runs == 1, "the second finding's proof re-ran the engine on the same fix"
    for code, finding in asked.items():
        alone = _data_lifetime_prover()
        assert _said(proofs[code]) == _said(alone.prove(finding, {"azure": finding.fixes["azure"]}))
        assert code in proofs[code]["reason"]
    assert proofs["REKEY_TOO_FREQUENT"]["proven"] and proofs["CHILD_DATA_LIMIT_MISMATCH"]["proven"]


def test_a_fix_tried_on_top_of_another_is_tried_again_there():
    _t, _f, _s, first, second = two_tunnels(STRONGER_ON_AZURE)
    prover = prover_for(first, second)
    [finding] = [f for f in prover.findings if f.code == "IKE_NO_COMMON_PROPOSAL"]
    start = prover.prove(finding, {"asa": finding.fixes["asa"]})
    runs = prover.runs
    state = (start["fixed"]["asa"], start["fixed"]["azure"])
    on_top = prover.prove(finding, {"asa": finding.fixes["asa"]}, state, start["after"])
    assert prover.runs > runs and on_top["fixed"]["asa"] is not start["fixed"]["asa"]
    fresh = prover_for(first, second).prove(finding, {"asa": finding.fixes["asa"]}, state, start["after"])
    assert _said(on_top) == _said(fresh)


def test_the_report_of_a_tunnel_whose_findings_share_a_fix_is_the_same_as_each_proven_alone(monkeypatch):
    asa_text, export = asa_config(), azure_resources(policy_changes=SMALL_DATA_LIFETIME)
    shared = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(export))
    monkeypatch.setattr(Prover, "_trial", _trial_every_time)
    alone = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(export))
    assert shared == alone
    assert {f["code"] for f in shared["tunnels"][0]["findings"] if f["remediation"].get("azure")} == {
        "CHILD_DATA_LIMIT_MISMATCH", "REKEY_TOO_FREQUENT"}


_TRIAL = Prover._trial


def _trial_every_time(self, a, b, before, fixes):
    self.trial_memo = {}
    return _TRIAL(self, a, b, before, fixes)


# ---------------------------------------------------------------------------------------------
# build_report: a report already safe is given back as it is; anything else as the walks make it
# ---------------------------------------------------------------------------------------------
def _general(report, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(findings_module, "_plain_and_safe", lambda _report: False)
        return build_report(*report)


def _typed(value):
    """``value`` with every type spelled out: a tuple, a str subclass or True for 1 differ where == says equal."""
    if isinstance(value, dict):
        return ("dict", type(value).__name__, sorted((_typed(k), _typed(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    if isinstance(value, float) and not math.isfinite(value):
        return ("float", repr(value))
    return (type(value).__name__, value)


class _Text(str):
    pass


class _Code(enum.IntEnum):
    ONE = 1


def _tunnels(count, deep_value=None, deep_key="detail", at=None):
    """``count`` report tunnels; the one at ``at`` carries ``deep_value`` under ``deep_key`` five levels down."""
    tunnels = []
    for n in range(count):
        evidence = {"asa": {"lines": [{"line": n, "text": "crypto map AZ-MAP %d match address T%d" % (n, n)}],
                            "seq": n, "lifetime": 3600.0, "pfs": None, "on": True}}
        if n == at:
            evidence["asa"]["lines"][0]["more"] = {deep_key: deep_value}
        tunnels.append({"name": "t%d" % n, "verdict": "fail", "asa": {"host": "fw1"}, "azure": None,
                        "findings": [{"code": "PFS_MISMATCH", "severity": "error", "evidence": evidence,
                                      "remediation": {"asa": ["crypto map AZ-MAP %d set pfs group14" % n]}}]})
    return tunnels


# Each is a report the fast path must not give back as it is: the walks change it (or, for the printable tab and
# no-break space, keep it: then the fast path's expression, not its isprintable shortcut, answers).
NOT_PLAIN = {
    "tuple": ("a", ("b", "c")),
    "escape character": "x\x1b[2Jy",
    "bidi override": "admin\u202e",
    "lone surrogate": "caf\udcff",
    "line break": "one\ntwo",
    "nan": float("nan"),
    "infinity": float("inf"),
    "str subclass": _Text("kept?"),
    "int subclass": _Code.ONE,
    "tab (printable to JSON, kept)": "a\tb",
    "no-break space (kept)": "a\xa0b",
}


@pytest.mark.parametrize("name", sorted(NOT_PLAIN))
@pytest.mark.parametrize("at", [0, 300], ids=["first-chunk", "later-chunk"])
def test_a_report_with_a_value_to_change_deep_inside_is_what_the_walks_make_of_it(name, at, monkeypatch):
    value = NOT_PLAIN[name]
    report = (_tunnels(320, value, at=at), [{"azure": {"connection": "c"}}], None)
    assert _typed(build_report(*report)) == _typed(_general(report, monkeypatch))


@pytest.mark.parametrize("key", ["bad\x07key", "\u2066isolate", 7])
def test_a_report_with_a_key_to_change_deep_inside_is_what_the_walks_make_of_it(key, monkeypatch):
    report = (_tunnels(3, "value", deep_key=key, at=2), [], None)
    assert _typed(build_report(*report)) == _typed(_general(report, monkeypatch))


def test_a_tuple_or_an_escape_is_not_told_plain():
    for name, value in NOT_PLAIN.items():
        if "kept" in name:
            continue
        report = {"tunnels": _tunnels(300, value, at=299), "summary": {}, "unpaired": []}
        assert not findings_module._plain_and_safe(report), name
    assert not findings_module._plain_and_safe({"bad\x1bkey": 1, "tunnels": []})


def test_a_tree_deeper_than_the_levels_followed_takes_the_walks(monkeypatch):
    deep = "leaf"
    for _n in range(findings_module._PLAIN_LEVELS + 5):
        deep = {"down": [deep]}
    report = (_tunnels(2, deep, at=1), [], ["a note"])
    assert not findings_module._plain_and_safe({"tunnels": report[0]})
    assert _typed(build_report(*report)) == _typed(_general(report, monkeypatch))


def test_a_checked_report_is_told_plain_and_given_back_as_it_is(monkeypatch):
    report = run_check(asa_facts_from_text(asa_config()), azure_facts_from_data(azure_resources(
        policy_changes=SMALL_DATA_LIFETIME)))
    assert findings_module._plain_and_safe(report), "the fast path is not taken for an ordinary report"
    tunnels = report["tunnels"]
    again = build_report(tunnels, report["unpaired"])
    assert again["tunnels"] is tunnels
    assert _typed(again) == _typed(_general((tunnels, report["unpaired"], None), monkeypatch))


# ---------------------------------------------------------------------------------------------
# alignment: Azure's data limit before the fixes, kept where a fix would remove it
# ---------------------------------------------------------------------------------------------
def test_a_fix_lifting_azures_data_limit_keeps_the_limit_it_had_and_says_why(monkeypatch):
    asa, azure = one_pair(asa_config(), azure_resources(policy_changes=dict(saDataSizeKilobytes=204800)))
    unlimited = Finding("CHILD_DATA_LIMIT_MISMATCH", "info", "child_rekey", "s",
                        fixes={"azure": [intent("child_lifetime_kilobytes", kilobytes=None)]})
    to_asa = alignment(asa, azure, [unlimited], "asa")
    assert to_asa["options"]["child_lifetime_kilobytes"] == 204800, "the limit it had, not the fix's None"
    assert [m["kind"] for m in to_asa["manual"]] == ["child_lifetime_kilobytes"]
    # as made when azure_options was given a copy of the whole intent before the fixes
    whole = plain_copy(align_module.end_intent(azure))
    azure_options = align_module.azure_options
    with monkeypatch.context() as patch:
        patch.setattr(align_module, "azure_options",
                      lambda end, intent_after, touched=(), current=None: azure_options(end, intent_after, touched, whole))
        assert to_asa == alignment(asa, azure, [unlimited], "asa")


def test_a_vendor_judges_each_fix_with_only_the_kinds_it_reads_not_every_other_fix_of_the_change():
    """Review 2026-12-06: each fix of a change was judged with all the others (the Azure joint protocol and selectors
    fix), a list rebuilt, printed for the memo and copied per fix: quadratic in a change of thousands of routes."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation import JOINT_KINDS
    from ansible_collections.vpnalign.s2s.plugins.module_utils.proof import EndRules
    asa, azure = one_pair(asa_config(), azure_resources())
    seen = []

    def cannot(end, fix, others=()):
        seen.append(len(others))

    prover = Prover(asa, azure, check_tunnel(asa, azure), {"azure": EndRules(cannot=cannot, judged_with=JOINT_KINDS)})
    routes = [intent("route", next_hop=None, network="10.%d.%d.0/24" % (i // 256, i % 256)) for i in range(2000)]
    assert prover.cannot_without_held({"azure": routes + [intent("ike_version", version=2)]}) is None
    assert len(seen) == 2001 and max(seen) == 1
