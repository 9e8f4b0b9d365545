# -*- coding: utf-8 -*-
"""A BGP import fix adds a permit to the prefix-list the Azure neighbor is filtered with; where that prefix-list also
filters another neighbor (a partner over another tunnel), the permit reaches that neighbor too - it could then inject
Azure's prefix (review 2026-12-04: shown as "proven"). Not shown; the reason names the other neighbor."""

import json
import re

import pytest
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


# -- one outbound list for the neighbors of two Azure tunnels (review 2026-12-05, D3) --------------------------------
# The shape of a hub ASA peering with two Azure regions over two VTIs, one `TO-AZURE` prefix-list out for both
# neighbors. Both tunnels fail alike (the list drops the LAN); one permit fixes both, and the proof re-checks each.
TO_AZURE = "prefix-list TO-AZURE seq 5 permit 10.41.0.0/16\nprefix-list TO-AZURE seq 10 deny 0.0.0.0/0 le 32"
SECOND_REGION = {"VNG": "VNG-B", "S2S": "S2S-B", "LNG": "LNG-B", "VNet": "VNet-B"}


def two_regions():
    """One export holding two gateways, each with a BGP connection to one of the ASA's tunnel interfaces."""
    first = azure_resources(**ROUTE_BASED_BGP)
    region = dict(ROUTE_BASED_BGP)
    region.update(gateway_ip="203.0.113.21", vnet_prefixes=("172.17.0.0/16",),
                  gateway_bgp={"asn": 65515, "default": ("172.17.255.30",), "custom": (("169.254.22.1",),)},
                  lng_bgp={"asn": 65010, "address": "169.254.22.2"})
    second = json.dumps(azure_resources(**region))
    for old, new in SECOND_REGION.items():
        second = re.sub(r'(?<=[/"])%s(?=[-"/])' % old, new, second)
    return first + json.loads(second)


def export_findings(extra_bgp=(), extra=""):
    lines = ["neighbor 169.254.21.1 prefix-list TO-AZURE out", "neighbor 169.254.22.1 remote-as 65515",
             "neighbor 169.254.22.1 activate", "neighbor 169.254.22.1 prefix-list TO-AZURE out"] + list(extra_bgp)
    text = vti_config(second_tunnel=True, routes="", bgp=router_bgp(lines=lines), extra=TO_AZURE + extra)
    report = report_for(text, two_regions())
    assert sorted(t["name"] for t in report["tunnels"]) == ["S2S", "S2S-B"] and not report["unpaired"]
    found = {t["name"]: [f for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"
                         and "outbound filter" in f["summary"]] for t in report["tunnels"]}
    assert all(len(f) == 1 for f in found.values()), found
    return {name: f[0] for name, f in found.items()}, report


def test_a_list_only_azure_tunnels_neighbors_use_alike_gets_one_permit_proven_on_each():
    findings, report = export_findings()
    assert [t["findings"] == [findings[t["name"]]] for t in report["tunnels"]] == [True, True]  # nothing else is wrong
    for name, other in (("S2S", "Tunnel2 (AZURE-2)"), ("S2S-B", "Tunnel1 (AZURE)")):
        finding = findings[name]
        assert finding["remediation"]["asa"] == ["prefix-list TO-AZURE seq 4 permit 10.1.0.0/16"], name
        assert finding["proof"]["asa"]["proven"] is True
        assert finding["proof"]["asa"]["touches"] == [other]


@pytest.mark.parametrize("extra_bgp,extra,user", [
    # a LAN-side router filtered with the same list: what the permit sends it, no tunnel of the check sees
    (["neighbor 10.1.0.2 remote-as 65010", "neighbor 10.1.0.2 activate", "neighbor 10.1.0.2 prefix-list TO-AZURE out"],
     "", "10.1.0.2"),
    # the list matched in a route-map of a third neighbor: another way of using it
    (["neighbor 10.1.0.3 remote-as 65020", "neighbor 10.1.0.3 activate", "neighbor 10.1.0.3 route-map CORE out"],
     "\nroute-map CORE permit 10\n match ip address prefix-list TO-AZURE", "10.1.0.3"),
    # the other Azure tunnel's neighbor takes the list inbound too: a permit there also lets the LAN in from it
    (["neighbor 169.254.22.1 prefix-list TO-AZURE in"], "", "169.254.22.1"),
], ids=["lan-neighbor-shares-the-list", "route-map-matches-the-list", "other-tunnel-takes-it-both-ways"])
def test_a_list_another_kind_of_user_shares_stays_with_a_person(extra_bgp, extra, user):
    findings, _report = export_findings(extra_bgp, extra)
    for finding in findings.values():
        assert finding["proof"]["asa"]["proven"] is False and "asa" not in finding["remediation"]
        assert "prefix-list TO-AZURE also filters BGP neighbor(s)" in finding["proof"]["asa"]["reason"]
        assert user in finding["proof"]["asa"]["reason"]


def test_a_list_a_tunnel_this_run_cannot_check_shares_is_not_shown():
    """The second tunnel's Azure side is not in the input: what the permit does there cannot be proven."""
    lines = ["neighbor 169.254.21.1 prefix-list TO-AZURE out", "neighbor 169.254.22.1 remote-as 65515",
             "neighbor 169.254.22.1 activate", "neighbor 169.254.22.1 prefix-list TO-AZURE out"]
    text = vti_config(second_tunnel=True, routes="", bgp=router_bgp(lines=lines), extra=TO_AZURE)
    report = report_for(text, azure_resources(**ROUTE_BASED_BGP))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert finding["proof"]["asa"]["proven"] is False and "asa" not in finding["remediation"]
    assert "outbound prefix-list TO-AZURE, which Tunnel2 (AZURE-2)" in finding["proof"]["asa"]["reason"]
    assert "a tunnel this run cannot check" in finding["proof"]["asa"]["reason"]


def test_an_inbound_list_both_azure_neighbors_take_stays_with_a_person():
    """Each tunnel's import fix permits its own VNet at the list's same free sequence numbers (seq 4): pasted one after
    the other, the second would collide with the first. Unlike the outbound list (the same lines for every tunnel),
    it is left to a person."""
    lines = ["neighbor 169.254.21.1 prefix-list FROM-AZURE in", "neighbor 169.254.22.1 remote-as 65515",
             "neighbor 169.254.22.1 activate", "neighbor 169.254.22.1 prefix-list FROM-AZURE in"]
    text = vti_config(second_tunnel=True, routes="", bgp=router_bgp(lines=lines),
                      extra="prefix-list FROM-AZURE seq 5 permit 10.99.0.0/16")
    report = report_for(text, two_regions())
    findings = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert len(findings) == 2
    for finding in findings:
        assert finding["proof"]["asa"]["proven"] is False and "asa" not in finding["remediation"]
        assert "prefix-list FROM-AZURE also filters BGP neighbor(s)" in finding["proof"]["asa"]["reason"]
