# -*- coding: utf-8 -*-
"""Azure's IPsec policy is one object, so each finding's Azure fix writes all of it: an info finding's fix is written
on top of the tunnel's plan, or applying the findings' fixes in turn undoes the plan (review 2026-12-04: the Child
SA lifetime's fix wrote pfsGroup None over the PFS fix)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _azure_policy(finding):
    return finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0]


def test_the_lifetime_fix_keeps_the_pfs_fix():
    # ASA: PFS group 14, Child SA lifetime 28800 s; Azure: no PFS, 3600 s
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group14", global_seconds="28800"),
                        azure_resources())
    by_code = {f["code"]: f for f in report["tunnels"][0]["findings"]}
    assert _azure_policy(by_code["PFS_MISMATCH"])["pfsGroup"] == "PFS2048"
    lifetime = _azure_policy(by_code["CHILD_LIFETIME_MISMATCH"])
    assert (lifetime["saLifeTimeSeconds"], lifetime["pfsGroup"]) == (28800, "PFS2048")
    assert by_code["CHILD_LIFETIME_MISMATCH"]["proof"]["azure"]["proven"] is True


def test_with_nothing_else_to_fix_the_lifetime_fix_is_the_policy_as_it_is_plus_the_lifetime():
    report = report_for(asa_config(global_seconds="28800"), azure_resources())
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "CHILD_LIFETIME_MISMATCH"]
    assert (_azure_policy(finding)["saLifeTimeSeconds"], _azure_policy(finding)["pfsGroup"]) == (28800, "None")
