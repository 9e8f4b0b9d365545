# -*- coding: utf-8 -*-
"""An inbound route-map whose deny entry matches a prefix-list that permits Azure's VNet refuses the VNet. The import
fix adds a permit to the prefix-list the filter's first rule comes from; that list feeds the deny entry, so the permit
is refused too: ``prefix-list AZ-NETS seq 4 permit 172.16.0.0/16`` was shown as "Fix on ASA (proven)" though the ASA
then refuses the VNet as before (review 2026-12-07). Not shown; the reason names the entry. A permit entry over the
list still gets the permit (what the proof checked is what the ASA does)."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

AZ_NETS = "prefix-list AZ-NETS seq 5 permit 10.99.0.0/16"


def import_finding(route_map):
    bgp = router_bgp(lines=["neighbor 169.254.21.1 route-map AZ-IN in"])
    text = vti_config(routes="", bgp=bgp, extra=AZ_NETS + "\n" + route_map)
    report = report_for(text, azure_resources(**ROUTE_BASED_BGP))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert "172.16.0.0/16" in finding["summary"], finding["summary"]
    return finding


def test_a_deny_entry_over_the_list_gets_no_permit_in_that_list():
    finding = import_finding("route-map AZ-IN deny 10\n match ip address prefix-list AZ-NETS\n"
                             "route-map AZ-IN permit 20\n match ip address prefix-list AZ-NETS")
    assert "asa" not in finding["remediation"], finding["remediation"]
    assert finding["proof"]["asa"]["proven"] is False
    assert "route-map AZ-IN deny 10 refuses what prefix-list AZ-NETS permits" in finding["proof"]["asa"]["reason"]


def test_a_permit_entry_over_the_list_gets_the_permit():
    finding = import_finding("route-map AZ-IN permit 10\n match ip address prefix-list AZ-NETS")
    assert finding["proof"]["asa"]["proven"] is True
    assert finding["remediation"]["asa"] == ["prefix-list AZ-NETS seq 4 permit 172.16.0.0/16"]
