# -*- coding: utf-8 -*-
"""An inbound route-map whose entries match two prefix-lists: the import fix adds a permit to the first entry's list,
numbered before that list's first entry. The sequence numbers of the other list are not that list's: a second list
starting at seq 1 made the fix "prefix-list AZ-NETS has no free sequence numbers before 1" (a note, no fix), though
AZ-NETS starts at seq 10."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

LISTS = ("prefix-list AZ-NETS seq 10 permit 10.99.0.0/16\n"
         "prefix-list LAB-NETS seq 1 permit 192.168.0.0/16 le 24\n")
ROUTE_MAP = ("route-map AZ-IN permit 10\n match ip address prefix-list AZ-NETS\n"
             "route-map AZ-IN permit 20\n match ip address prefix-list LAB-NETS")


def test_the_permit_is_numbered_by_the_list_it_goes_into():
    bgp = router_bgp(lines=["neighbor 169.254.21.1 route-map AZ-IN in"])
    report = report_for(vti_config(routes="", bgp=bgp, extra=LISTS + ROUTE_MAP), azure_resources(**ROUTE_BASED_BGP))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert "172.16.0.0/16" in finding["summary"], finding["summary"]
    assert finding["proof"]["asa"]["proven"] is True, finding["proof"]
    assert finding["remediation"]["asa"] == ["prefix-list AZ-NETS seq 9 permit 172.16.0.0/16"]
