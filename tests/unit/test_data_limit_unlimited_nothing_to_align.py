# -*- coding: utf-8 -*-
"""ASA with no Child SA data limit (kilobytes unlimited) against Azure's number: Azure always has one, so no value
aligns them and the summary advises none (review D, finding 3: it said "raise Azure's to 102400000 KB" beside a proof
saying that change leaves the finding)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from scenario_builders import asa_config, azure_resources


def _findings(asa_kb, azure_kb):
    resources = azure_resources(policy_changes=dict(saDataSizeKilobytes=azure_kb))
    [tunnel] = run_check(asa_facts_from_text(asa_config(global_kb=asa_kb), host="fw"),
                         azure_facts_from_data(resources))["tunnels"]
    return {f["code"]: f for f in tunnel["findings"]}


def test_unlimited_against_azure_advises_no_change_its_proof_rejects():
    findings = _findings("unlimited", 1024)
    finding = findings["CHILD_DATA_LIMIT_MISMATCH"]
    assert "to align them" not in finding["summary"]
    assert "nothing to align: no value of Azure's data lifetime matches ASA's no limit" in finding["summary"]
    assert "always limits" not in finding["summary"]  # saDataSizeKilobytes 0 is Azure's no limit (tables.py)
    assert not finding.get("remediation") and not finding.get("proof"), finding
    # rekeying every 1024 KB is still REKEY_TOO_FREQUENT's, with its proven raise
    assert findings["REKEY_TOO_FREQUENT"]["proof"]["azure"]["proven"] is True


def test_two_numbers_are_still_aligned_by_a_proven_raise():
    finding = _findings("10000000", 102400000)["CHILD_DATA_LIMIT_MISMATCH"]
    assert "to align them, raise ASA's to 102400000 KB" in finding["summary"]
    assert finding["proof"]["asa"]["proven"] is True


# Review 2026-12-07: Azure's saDataSizeKilobytes 0 is read as no data limit; against an ASA's number the summary said
# "to align them, raise ASA's to 102400000 KB", beside a proof saying that change leaves the finding (review D again)
def test_a_number_against_azure_s_no_limit_advises_no_change_its_proof_rejects():
    finding = _findings("4608000", 0)["CHILD_DATA_LIMIT_MISMATCH"]
    assert "Azure never (no data limit)" in finding["summary"]
    assert "to align them" not in finding["summary"] and "nothing to align" in finding["summary"]
    assert not finding.get("remediation") and not finding.get("proof"), finding
