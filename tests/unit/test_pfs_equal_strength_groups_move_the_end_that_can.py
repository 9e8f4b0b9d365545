# -*- coding: utf-8 -*-
"""Two PFS groups of equal strength where one end cannot take the other's (ASA group 15, MODP-3072, against Azure
ECP256, group 19: 128 bits each): the end that can move does, instead of the refused move discarding both and the
finding saying nothing of a fix (review D, finding 2)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def test_asa_group_15_against_azure_ecp256_moves_the_asa_to_group_19():
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group15"),
                        azure_resources(policy_changes={"pfsGroup": "ECP256"}))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PFS_MISMATCH"]
    # Azure has no name for group 15 (azure/tables.PFS_GROUP_TO_AZURE): it is asked nothing
    assert finding["remediation"] == {"asa": ["crypto map AZ-MAP 10 set pfs group19"]}
    assert finding["proof"]["asa"]["proven"] is True
    assert "No fix is offered" not in finding["summary"]
