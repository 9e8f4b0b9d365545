# -*- coding: utf-8 -*-
"""One tunnel never gets two fixes setting one Azure property to different values (review 2026-12-05, fidelity #4):
dpdTimeoutSeconds 5 was AZURE_POLICY_INVALID with "set 45" and DPD_MISMATCH with a proven "set 30"; pasted in report
order the property was set twice, and which one stayed depended on the order."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def test_a_config_finding_takes_the_proven_value_another_finding_sets_the_same_property_to():
    report = report_for(asa_config(), azure_resources(dpd=5))
    fixes = {f["code"]: f["remediation"].get("azure") for t in report["tunnels"] for f in t["findings"]
             if f["code"] in ("AZURE_POLICY_INVALID", "DPD_MISMATCH")}
    assert set(fixes) == {"AZURE_POLICY_INVALID", "DPD_MISMATCH"}, fixes
    values = {code: fix["connection"]["properties"]["dpdTimeoutSeconds"] for code, fix in fixes.items()}
    assert len(set(values.values())) == 1 and 9 <= values["DPD_MISMATCH"] <= 3600, values
    assert fixes["AZURE_POLICY_INVALID"]["az"] == fixes["DPD_MISMATCH"]["az"]
    assert "This is the proven fix of WARNING DPD_MISMATCH" in fixes["AZURE_POLICY_INVALID"]["note"]


def test_without_a_proven_fix_for_the_property_the_config_finding_keeps_its_own():
    report = report_for(asa_config(), azure_resources(dpd=5000))  # above the range: nothing too short to fix
    [invalid] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "AZURE_POLICY_INVALID"]
    # Azure's default 45 s, not the range's 3600 s bound (an hour before a dead peer is found; Microsoft recommends
    # 30 to 45 s: DOC_POLICY_FAQ, review 2026-12-07 item 2)
    assert invalid["remediation"]["azure"]["connection"]["properties"] == {"dpdTimeoutSeconds": 45}
    assert "note" not in invalid["remediation"]["azure"]
