# -*- coding: utf-8 -*-
"""What the check step makes once and reuses (issue 12): a proof asked again by another plan, and the
intent copies alignment makes; the results are the same as made afresh."""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import plain_copy
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

from scenario_builders import asa_config, azure_resources
from test_proof import STRONGER_ON_AZURE, prover_for, two_tunnels


def test_a_proof_asked_again_runs_the_engine_no_more_and_says_the_same():
    _t, _f, _s, first, second = two_tunnels(STRONGER_ON_AZURE)
    prover = prover_for(first, second)
    [finding] = [f for f in prover.findings if f.code == "IKE_NO_COMMON_PROPOSAL"]
    proof = prover.prove(finding, {"asa": finding.fixes["asa"]})
    runs = prover.runs
    again = prover.prove(finding, {"asa": list(finding.fixes["asa"])})
    assert again == proof and prover.runs == runs
    fresh = prover_for(first, second).prove(finding, {"asa": finding.fixes["asa"]})
    assert (fresh["proven"], fresh["reason"], fresh["fixes"]) == (proof["proven"], proof["reason"], proof["fixes"])


def test_a_proof_on_top_of_other_fixes_is_not_the_proof_from_the_start():
    _t, _f, _s, first, second = two_tunnels(STRONGER_ON_AZURE)
    prover = prover_for(first, second)
    [finding] = [f for f in prover.findings if f.code == "IKE_NO_COMMON_PROPOSAL"]
    start = prover.prove(finding, {"asa": finding.fixes["asa"]})
    fixed = start["fixed"]
    state = (fixed["asa"], fixed["azure"])
    on_top = prover.prove(finding, {"asa": finding.fixes["asa"]}, state, start["after"])
    assert on_top is not start


def test_a_plain_copy_equals_the_original_and_shares_nothing_that_can_change():
    intent = {"ike": {"encryption": ["AES-CBC-256"], "dh_groups": [14], "lifetime_seconds": None},
              "local_networks": ["10.0.0.0/8"], "pairs": (("a", "b"),), "on": True, "mss": 1350.0}
    copied = plain_copy(intent)
    assert copied == intent == copy.deepcopy(intent)
    copied["ike"]["encryption"].append("3DES")
    copied["local_networks"][0] = "0.0.0.0/0"
    assert intent["ike"]["encryption"] == ["AES-CBC-256"] and intent["local_networks"] == ["10.0.0.0/8"]


def test_a_check_made_twice_reports_the_same():
    asa_text = asa_config()
    export = azure_resources(policy_changes=STRONGER_ON_AZURE)
    reports = [run_check(asa_facts_from_text(asa_text), azure_facts_from_data(export)) for _i in range(2)]
    assert reports[0] == reports[1] and reports[0]["tunnels"]
