# -*- coding: utf-8 -*-
"""Active-active static VTIs with neither route to the VNet (review s39 D3): instance 1's ROUTE_MISSING said "Another
tunnel of the ASA routes 10.70.0.0/16" where no such route existed, only instance 0's fix; and its distance-2 route is
that fix's backup, which it did not say. A route that is only another fix is now said to be one, and the dependency
too; a route that is in the config is still said to route."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for


def _route_findings(routes):
    report = report_for(vti_config(second_tunnel=True, routes=routes),
                        azure_resources(**dict(ROUTE_BASED, active_active=True)))
    return {t["asa"]["interface"]: [f for f in t["findings"] if f["code"] == "ROUTE_MISSING"]
            for t in report["tunnels"]}


def test_a_backup_of_another_fix_says_it_depends_on_that_fix_and_claims_no_route():
    found = _route_findings("")
    [first] = found["Tunnel1"]
    [second] = found["Tunnel2"]
    assert "Another tunnel" not in first["summary"] and "depends" not in first["summary"]
    assert "routes 172.16.0.0/16" not in second["summary"], second["summary"]
    assert ("The fix for another tunnel of the ASA adds a route for 172.16.0.0/16 through AZURE at distance 1; this "
            "one (distance 2) is its backup. This fix depends on that one: apply both") in second["summary"]
    assert second["remediation"]["asa"] == ["route AZURE-2 172.16.0.0 255.255.0.0 169.254.22.1 2"]


def test_a_route_in_the_config_is_still_said_to_route():
    found = _route_findings("route AZURE 172.16.0.0 255.255.0.0 169.254.21.1 1")
    [second] = found["Tunnel2"]
    assert "Another tunnel of the ASA routes 172.16.0.0/16 (through AZURE)" in second["summary"]
    assert "depends" not in second["summary"]
