# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A dpdTimeoutSeconds outside Azure's range (9..3600 s: DOC_ALG_TABLE_2024, DOC_POLICY_FAQ) is AZURE_POLICY_INVALID
with a fix setting a value inside it. That fix was shown with an empty proof, so the report did not label it proven
as it labels every other proven fix, and nothing had applied it to the model against the peer. It now is, and its
proof says what was checked."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _invalid(report):
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "AZURE_POLICY_INVALID"]
    return finding


# Above the range the fix sets Azure's default 45 s, not the 3600 s bound: an hour before a dead peer is found, where
# Microsoft recommends 30 to 45 s (DOC_POLICY_FAQ; review 2026-12-07 item 2: 3600 was proven because the engine does not
# flag a long timeout). Below it, the proven DPD_MISMATCH fix's 30 s (the ASA's DPD-derived value, at least 30).
@pytest.mark.parametrize("timeout, fixed", [(4000, 45), (86400, 45), (5, 30)])
def test_the_dpd_fix_is_checked_and_labelled_proven(timeout, fixed):
    report = report_for(asa_config(), azure_resources(dpd=timeout))
    finding = _invalid(report)
    assert finding["remediation"]["azure"]["connection"]["properties"] == {"dpdTimeoutSeconds": fixed}
    proof = finding["proof"]["azure"]
    assert proof["proven"] is True
    assert "inside Azure's range" in proof["reason"] and "no new error or warning" in proof["reason"]
    assert "Fix on Azure (proven)" in markdown_text(report)
