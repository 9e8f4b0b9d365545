# -*- coding: utf-8 -*-
"""A BGP import fix adds a permit to the prefix-list the Azure neighbor is filtered with; where that prefix-list also
filters another neighbor (a partner over another tunnel), the permit reaches that neighbor too - it could then inject
Azure's prefix (review 2026-12-04: shown as "proven"). Not shown; the reason names the other neighbor."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

ONLY_BRANCH = "prefix-list FROM-PEERS seq 5 permit 10.99.0.0/16"


def import_finding(lines):
    bgp = router_bgp(lines=lines)
    report = report_for(vti_config(routes="", bgp=bgp, extra=ONLY_BRANCH), azure_resources(**ROUTE_BASED_BGP))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"
                 and "asa" in (f.get("proof") or {})]
    return finding


def test_a_prefix_list_only_the_azure_neighbor_uses_gets_the_permit():
    finding = import_finding(["neighbor 169.254.21.1 prefix-list FROM-PEERS in"])
    assert finding["proof"]["asa"]["proven"] is True
    assert any(line.startswith("prefix-list FROM-PEERS seq") and "172.16.0.0/16" in line
               for line in finding["remediation"]["asa"])


def test_a_prefix_list_another_neighbor_uses_too_is_left_to_a_person():
    finding = import_finding(["neighbor 169.254.21.1 prefix-list FROM-PEERS in",
                              "neighbor 192.168.255.2 remote-as 64900", "neighbor 192.168.255.2 activate",
                              "neighbor 192.168.255.2 prefix-list FROM-PEERS in"])
    assert finding["proof"]["asa"]["proven"] is False and "asa" not in finding["remediation"]
    assert "prefix-list FROM-PEERS also filters BGP neighbor(s) 192.168.255.2" in finding["proof"]["asa"]["reason"]
