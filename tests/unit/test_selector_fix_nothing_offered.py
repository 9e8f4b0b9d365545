# -*- coding: utf-8 -*-
"""A crypto ACL whose only line is inactive offers no selectors: Azure is given no fix that writes an empty selector
list (which Azure reads as "from the prefixes", what it has), review 2026-12-04."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

ACL = "access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN"


def test_no_azure_fix_for_an_asa_that_offers_nothing():
    text = asa_config().replace(ACL, ACL + " inactive")
    report = report_for(text, azure_resources())
    found = [f for f in report["tunnels"][0]["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert found and all("azure" not in f["remediation"] for f in found)
    assert all("trafficSelectorPolicies = []" not in str(f) for f in found)
