# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04, real-world configs): on ASA 9.16+ (which dropped 3DES), an ESP proposal of 3DES alone leaves the
ASA nothing to offer for the Child SA. IKE said so (IKE_NO_COMMON_PROPOSAL), the Child SA stage was skipped: the
tunnel read "degraded" with version warnings only, and the ASA's proven plan fixed IKE alone, so the tunnel still
failed at its first Child SA once applied."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources
from vendor_apply import apply_asa


def tunnel(text):
    [entry] = run_check(asa_facts_from_text(text), azure_facts_from_data(azure_resources()))["tunnels"]
    return entry


def errors(entry):
    return [f["code"] for f in entry["findings"] if f["severity"] == "error"]


def test_an_asa_left_with_no_esp_proposal_fails_at_the_first_child_sa_and_its_fix_covers_it():
    text = asa_config(version="9.17(1)", esp_enc="3des", esp_integ="sha-1")
    entry = tunnel(text)
    assert entry["verdict"] == "fail" and errors(entry) == ["CHILD_NO_COMMON_PROPOSAL"]
    finding = next(f for f in entry["findings"] if f["code"] == "CHILD_NO_COMMON_PROPOSAL")
    assert finding["phase"] == "child_init" and "ASA has no ESP proposal it can use" in finding["summary"]
    assert finding["proof"]["asa"]["proven"] is True
    after, _applied = apply_asa(text, entry["remediation"]["asa"])
    assert errors(tunnel(after)) == []
    # before 9.16 the same proposal is one the ASA offers: judged as a suite, not as nothing
    assert "ASA has no ESP proposal" not in str(tunnel(asa_config(esp_enc="3des", esp_integ="sha-1"))["findings"])
