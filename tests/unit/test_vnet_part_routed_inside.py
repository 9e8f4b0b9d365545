# -*- coding: utf-8 -*-
"""A static route sends a subnet of the Azure VNet out of an inside interface (review s39 D2): the longer prefix wins
over the tunnel's route whatever its distance, so that subnet never enters the tunnel, and the tunnel passed with no
finding, while the whole VNet out of inside was information and a longer prefix out of the source interface a
warning. It is now a warning naming the route, with static routes and with BGP."""

import pytest

from scenario_builders import ROUTE_BASED, ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

TO_VNET = "route AZURE 172.16.0.0 255.255.0.0 169.254.21.1 1"
SUBNET_INSIDE = "route LAN 172.16.5.0 255.255.255.0 10.1.0.254 1"


def _route_findings(vti_changes, azure):
    [tunnel] = report_for(vti_config(**vti_changes), azure_resources(**azure))["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]


@pytest.mark.parametrize("vti_changes,azure", [
    (dict(routes=TO_VNET + "\n" + SUBNET_INSIDE), ROUTE_BASED),
    (dict(routes=SUBNET_INSIDE, bgp=router_bgp()), ROUTE_BASED_BGP),
], ids=["static", "bgp"])
def test_a_vnet_subnet_routed_inside_is_a_warning_naming_the_route(vti_changes, azure):
    tunnel, found = _route_findings(vti_changes, azure)
    [finding] = found
    assert finding["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert "'route LAN 172.16.5.0 255.255.255.0'" in finding["summary"]
    assert "172.16.0.0/16" in finding["summary"] and "172.16.5.0/24 never enters the tunnel" in finding["summary"]
    assert finding["remediation"]["asa"][0].startswith("! remove the static route (route LAN 172.16.5.0")


def test_a_longer_prefix_outside_the_vnet_is_not_judged():
    # on-premises networks or another path's: the rest of a summary the tunnel carries
    _tunnel, found = _route_findings(dict(routes=TO_VNET + "\nroute LAN 192.168.5.0 255.255.255.0 10.1.0.254 1"),
                                     ROUTE_BASED)
    assert not found
