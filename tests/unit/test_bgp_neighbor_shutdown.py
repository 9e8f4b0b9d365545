# -*- coding: utf-8 -*-
"""A BGP neighbor shut down on the ASA (``neighbor X shutdown``) is read as not activated; its fix must undo the
shutdown: 'neighbor X activate' alone leaves the session down (review 2026-12-04: the "proven" fix did just that)."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for


def test_a_shut_down_neighbor_is_fixed_by_no_shutdown():
    text = vti_config(routes="", bgp=router_bgp(lines=("neighbor 169.254.21.1 shutdown",)))
    [tunnel] = report_for(text, azure_resources(**ROUTE_BASED_BGP))["tunnels"]
    fixes = [line for f in tunnel["findings"] for line in (f.get("remediation") or {}).get("asa") or ()]
    assert "  no neighbor 169.254.21.1 shutdown" in fixes, tunnel["findings"]
    # a neighbor that is only not activated gets 'activate' alone
    text = vti_config(routes="", bgp=router_bgp(activate=False))
    [tunnel] = report_for(text, azure_resources(**ROUTE_BASED_BGP))["tunnels"]
    fixes = [line for f in tunnel["findings"] for line in (f.get("remediation") or {}).get("asa") or ()]
    assert "  neighbor 169.254.21.1 activate" in fixes and not any("shutdown" in line for line in fixes)


def test_a_shut_down_neighbor_is_said_to_be_shut_down_not_unactivated():
    text = vti_config(routes="", bgp=router_bgp(lines=("neighbor 169.254.21.1 shutdown",)))
    [tunnel] = report_for(text, azure_resources(**ROUTE_BASED_BGP))["tunnels"]
    summaries = [f["summary"] for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert summaries and all("down (neighbor shutdown)" in s for s in summaries)
