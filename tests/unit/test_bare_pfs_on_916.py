# -*- coding: utf-8 -*-
"""A bare ``set pfs`` is read as group 2 (tables.PFS_GROUP_WITHOUT_NUMBER, an assumption). On a release that no longer
has group 2 (9.16(1) removed it) that reading is impossible, and the tunnel failed on it with PFS_MISMATCH and a weak
group note (review 2026-12-06). There the group is not known: a warning names the line, PFS is not judged."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

PFS14 = {"pfsGroup": "PFS2048"}


def tunnel(version, pfs):
    [found] = [t for t in report_for(asa_config(version=version, pfs=pfs),
                                     azure_resources(policy_changes=PFS14))["tunnels"] if t["azure"]]
    return found


def test_a_bare_set_pfs_on_916_is_not_known_and_says_so():
    found = tunnel("9.16(4)", "crypto map AZ-MAP 10 set pfs")
    codes = [(f["code"], f["severity"]) for f in found["findings"]]
    assert ("PFS_MISMATCH", "error") not in codes and "WEAK_CRYPTO" not in [c for c, _s in codes]
    [named] = [f for f in found["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert named["severity"] == "warning" and "'set pfs' names no group" in named["summary"]
    assert "removed by 9.16(1)" in named["summary"]
    assert found["verdict"] == "degraded"


@pytest.mark.parametrize("version, pfs, code", [
    ("9.14(4)", "crypto map AZ-MAP 10 set pfs", "PFS_MISMATCH"),  # before 9.16: group 2 assumed, as before
    ("9.16(4)", "crypto map AZ-MAP 10 set pfs group19", "PFS_MISMATCH"),  # a named group is judged
])
def test_elsewhere_pfs_is_judged_as_before(version, pfs, code):
    assert code in [f["code"] for f in tunnel(version, pfs)["findings"]]


def test_pfs_of_a_group_not_known_against_no_pfs_still_fails():
    """Review 2026-12-06: whatever the group, the ASA requires a key exchange Azure (pfsGroup None) never sends."""
    [found] = [t for t in report_for(asa_config(version="9.16(4)", pfs="crypto map AZ-MAP 10 set pfs"),
                                     azure_resources(policy_changes={"pfsGroup": "None"}))["tunnels"] if t["azure"]]
    [mismatch] = [f for f in found["findings"] if f["code"] == "PFS_MISMATCH"]
    assert mismatch["severity"] == "error" and "has PFS (a group not known)" in mismatch["summary"]
    assert found["verdict"] == "fail"
