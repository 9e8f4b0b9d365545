# -*- coding: utf-8 -*-
"""What an outbound route-map drops is cited with the route-map entry that drops it, as the inbound one is
(test_bgp_route_map_import_evidence). ``neighbor X route-map DENY-ALL out`` with ``route-map DENY-ALL deny 10``: the
finding said the outbound filter drops 10.1.0.0/16, and its export_filter was [] (built for a prefix-list out alone),
so no line of the report showed what drops it (review 2026-12-07)."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for


def not_exchanged(route_map, extra):
    bgp = router_bgp(lines=["neighbor 169.254.21.1 route-map %s out" % route_map])
    report = report_for(vti_config(routes="", bgp=bgp, extra=extra), azure_resources(**ROUTE_BASED_BGP))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert "10.1.0.0/16" in finding["summary"] and "outbound filter" in finding["summary"], finding["summary"]
    return tunnel, finding


def test_the_route_map_entry_that_drops_everything_is_cited():
    _tunnel, finding = not_exchanged("DENY-ALL", "route-map DENY-ALL deny 10")
    rules = finding["evidence"]["asa"]["export_filter"]
    assert rules and all(rule["action"] == "deny" for rule in rules), rules
    assert [line["text"] for line in rules[0]["lines"]] == ["route-map DENY-ALL deny 10"]
    assert finding["proof"]["asa"]["proven"] is False  # no prefix-list to permit it in: a person decides


def test_a_route_map_over_a_prefix_list_cites_both_and_gets_no_new_finding():
    tunnel, finding = not_exchanged("OUT", "prefix-list OTHER seq 5 permit 192.168.0.0/16\n"
                                           "route-map OUT permit 10\n match ip address prefix-list OTHER")
    [rule] = finding["evidence"]["asa"]["export_filter"]
    assert [line["text"] for line in rule["lines"]] == ["prefix-list OTHER seq 5 permit 192.168.0.0/16",
                                                        "route-map OUT permit 10"]
    assert not [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    # the entry permits what its list permits: a permit ahead in the list lets the network through
    assert finding["remediation"]["asa"] == ["prefix-list OTHER seq 4 permit 10.1.0.0/16"]
    assert finding["proof"]["asa"]["proven"] is True


def test_a_route_map_the_rules_cannot_say_leaves_the_filter_out_and_adds_no_finding():
    # a deny inside the list of a non-last entry: _send reads it (no match, next entry), a flat rule list cannot
    tunnel, finding = not_exchanged("OUT", "prefix-list OTHER seq 5 deny 10.1.0.0/16\n"
                                           "prefix-list OTHER seq 10 permit 192.168.0.0/16\n"
                                           "route-map OUT permit 10\n match ip address prefix-list OTHER\n"
                                           "route-map OUT deny 20")
    assert finding["evidence"]["asa"].get("export_filter") == []
    assert not [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
