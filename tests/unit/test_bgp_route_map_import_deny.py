# -*- coding: utf-8 -*-
"""An inbound route-map over a prefix-list that denies one of Azure's prefixes before permitting the rest: the
usual "take everything from Azure but this network" filter. A route-map entry matches a prefix only where its
prefix-list permits it; the first matching line of the list decides, so a prefix the list denies does not match the
entry, and past the last entry it meets the implicit deny (Cisco ASA general operations CLI configuration guide,
"Route Maps": "match ip address prefix-list"; IOS route-map semantics). The route-map form was read without the
list's deny: the check passed a tunnel whose ASA never learns that network, where the same list applied as
``prefix-list in`` gave the warning (review 2026-12-07)."""

import pytest
from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

FROM_AZURE = ("prefix-list FROM-AZURE seq 5 deny 172.17.0.0/16\n"
              "prefix-list FROM-AZURE seq 10 permit 0.0.0.0/0 le 32")
ROUTE_MAP = "route-map AZURE-IN permit 10\n match ip address prefix-list FROM-AZURE"


def import_findings(neighbor_filter, extra):
    resources = azure_resources(**dict(ROUTE_BASED_BGP, vnet_prefixes=("172.16.0.0/16", "172.17.0.0/16")))
    bgp = router_bgp(lines=["neighbor 169.254.21.1 %s in" % neighbor_filter])
    report = report_for(vti_config(routes="", bgp=bgp, extra=extra), resources)
    [tunnel] = report["tunnels"]
    return tunnel, [(f["code"], f["severity"], f["summary"]) for f in tunnel["findings"] if f["severity"] != "info"]


@pytest.mark.parametrize("neighbor_filter,extra", [
    ("prefix-list FROM-AZURE", FROM_AZURE),
    ("route-map AZURE-IN", FROM_AZURE + "\n" + ROUTE_MAP),
], ids=["prefix-list in", "route-map in over the prefix-list"])
def test_the_network_the_list_denies_is_refused_however_the_list_is_applied(neighbor_filter, extra):
    tunnel, found = import_findings(neighbor_filter, extra)
    assert [(code, severity) for code, severity, _summary in found] == [("BGP_ROUTES_NOT_EXCHANGED", "warning")], found
    assert "172.17.0.0/16" in found[0][2] and "172.16.0.0/16" not in found[0][2].split("(")[-1], found
    assert tunnel["verdict"] == "degraded"


def test_a_deny_before_a_permit_in_one_of_two_lists_of_the_entry_is_named_not_guessed():
    """``match ip address prefix-list A B``: a prefix matches when any list permits it, so A's deny neither refuses
    it (B may permit it) nor can be dropped (nothing else may permit it): not flattened, a finding names the entry."""
    extra = FROM_AZURE + "\nprefix-list MORE seq 5 permit 10.99.0.0/16\n" + ROUTE_MAP + " MORE"
    tunnel, found = import_findings("route-map AZURE-IN", extra)
    assert [(code, severity) for code, severity, _summary in found] == [("UNSUPPORTED_CONSTRUCT", "warning")], found
    assert "route-map AZURE-IN" in found[0][2], found
