# -*- coding: utf-8 -*-
"""A configuration read as typed (a change window's transcript) may set a crypto map entry's PFS or lifetime and later
remove it with ``no crypto map M N set ...``. The finding on the removal says the entry is read as not setting it: the
tunnel is then judged without it, as the ASA runs it, not on the line the removal undid."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _tunnel(**changes):
    [found] = [t for t in report_for(asa_config(**changes), azure_resources())["tunnels"] if t["azure"]]
    return found


def test_pfs_set_then_removed_is_judged_as_no_pfs():
    found = _tunnel(pfs="crypto map AZ-MAP 10 set pfs group14\nno crypto map AZ-MAP 10 set pfs")
    codes = [f["code"] for f in found["findings"]]
    assert "PFS_MISMATCH" not in codes
    [named] = [f for f in found["findings"] if "no crypto map AZ-MAP 10 set pfs" in f["summary"]]
    assert named["severity"] == "info" and "read as not setting it" in named["summary"]
    assert found["verdict"] == "pass"


def test_a_lifetime_removed_falls_back_to_the_global_one():
    found = _tunnel(entry_lifetime="crypto map AZ-MAP 10 set security-association lifetime seconds 300\n"
                                   "no crypto map AZ-MAP 10 set security-association lifetime seconds")
    assert not [f for f in found["findings"] if f["code"].startswith("CHILD") or "REKEY" in f["code"]]
    assert found["verdict"] == "pass"


def test_a_removal_before_the_setting_leaves_the_setting():
    found = _tunnel(pfs="no crypto map AZ-MAP 10 set pfs\ncrypto map AZ-MAP 10 set pfs group14")
    assert "PFS_MISMATCH" in [f["code"] for f in found["findings"]]
