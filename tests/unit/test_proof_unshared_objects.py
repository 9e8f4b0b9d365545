# -*- coding: utf-8 -*-
"""A fix to an object only its own tunnel uses (its connection, its local network gateway, its ipsec profile) is
proven without re-running the engine for the other users of that object: there are none (issue 12: on an estate
where each connection has its own objects, the sweep re-ran the engine twice per fix on the fixing tunnel itself,
40 % of the check's engine runs)."""
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import proof
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")


def _run(monkeypatch, example, shared):
    monkeypatch.setattr(proof, "SHARED", shared)
    calls = []
    real = proof.check_tunnel
    monkeypatch.setattr(proof, "check_tunnel", lambda *a, **k: calls.append(1) or real(*a, **k))
    directory = os.path.join(EXAMPLES, example)
    report = run_check(asa_facts_from({}, paths=[os.path.join(directory, "asa_running_config.txt")], ends=True),
                       azure_facts_from({}, paths=[os.path.join(directory, "azure_resources.json")], ends=True))
    verdicts = [(f["code"], sorted((v, p["proven"], p["reason"]) for v, p in f.get("proof", {}).items()))
                for t in report["tunnels"] for f in t["findings"]]
    return len(calls), verdicts


@pytest.mark.parametrize("example", ["seed-asa-azure-pfs", "route-based-vti-bgp"])
def test_a_fix_to_objects_no_other_tunnel_uses_costs_no_engine_run_over_the_proof_itself(monkeypatch, example):
    with_shared, proofs = _run(monkeypatch, example, proof.SHARED)
    without, plain_proofs = _run(monkeypatch, example, {})
    assert any(p for _code, p in proofs), "the example must hold a proven fix"
    assert proofs == plain_proofs  # nobody else uses the objects: the same proofs, the same words
    assert with_shared == without, (with_shared, without)
