# -*- coding: utf-8 -*-
"""What an inbound route-map refuses is cited with the route-map entry that refuses it. A rule of the flattened
filter comes from a line of a prefix-list and the route-map entry matching that list; the entry decides what the
line does (``route-map AZ-IN deny 10`` refuses what its list permits). Only the list's line was cited: the finding
said the filter denies 172.16.0.0/16 and showed ``prefix-list AZ-NETS seq 5 permit 172.16.0.0/16`` as the proof,
without the line that denies it (review 2026-12-07)."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

DENY_AZURE = ("prefix-list AZ-NETS seq 5 permit 172.16.0.0/16\n"
              "route-map AZ-IN deny 10\n match ip address prefix-list AZ-NETS\n"
              "route-map AZ-IN permit 20")


def refused_rule():
    bgp = router_bgp(lines=["neighbor 169.254.21.1 route-map AZ-IN in"])
    report = report_for(vti_config(routes="", bgp=bgp, extra=DENY_AZURE), azure_resources(**ROUTE_BASED_BGP))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert finding["severity"] == "error" and "172.16.0.0/16" in finding["summary"], finding["summary"]
    rules = finding["evidence"]["asa"]["import_filter"]
    return [rule for rule in rules if rule["prefix"] == "172.16.0.0/16"][0]


def test_the_route_map_entry_that_denies_is_cited_with_the_list_line():
    rule = refused_rule()
    assert rule["action"] == "deny"
    assert [line["text"] for line in rule["lines"]] == ["prefix-list AZ-NETS seq 5 permit 172.16.0.0/16",
                                                        "route-map AZ-IN deny 10"]
