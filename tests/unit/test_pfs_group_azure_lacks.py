# -*- coding: utf-8 -*-
"""An ASA PFS group Azure has no name for (21, ECP-521): no end can move up to the other, and moving the ASA down
would weaken it. The finding says so once, naming the strongest group both take, instead of each side's fix pointing
at the other end (review 2026-12-04)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _pfs(asa_group, azure_group):
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group%d" % asa_group),
                        azure_resources(policy_changes={"pfsGroup": azure_group}))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PFS_MISMATCH"]
    return finding


def test_a_group_azure_cannot_take_is_explained_with_the_strongest_shared_one():
    finding = _pfs(21, "ECP384")
    assert finding["remediation"] == {}
    assert "Azure cannot take DH group 21" in finding["summary"]
    assert "strongest group both take, group 20, would lower ASA from group 21" in finding["summary"]
    assert "Set ASA to group 20 by hand" in finding["summary"]


def test_a_group_azure_takes_is_still_fixed_upwards():
    finding = _pfs(19, "ECP384")
    assert finding["remediation"]["asa"] == ["crypto map AZ-MAP 10 set pfs group20"]
    assert "No fix is offered" not in finding["summary"]


def test_azure_without_pfs_next_to_a_group_it_cannot_take_is_explained_too():
    # before: Azure was asked for group 14, which leaves the ASA's 21 refused: "the engine still reports PFS_MISMATCH"
    finding = _pfs(21, "None")
    assert finding["remediation"] == {}
    assert "Azure cannot take DH group 21" in finding["summary"]
    assert "Set ASA and Azure to group 20 by hand" in finding["summary"]
