# -*- coding: utf-8 -*-
"""A BGP neighbor moved to the address Azure peers from keeps the old neighbor's options: `no neighbor X remote-as`
removes the neighbor with every line of it, and the fix wrote back only remote-as and activate, so the route filters
the operator had set went with it (review 2026-12-04: the ASA then advertised its whole table to Azure, partner routes
included). The proof had kept the filters; the fix now writes them for the new address."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

FILTERS = ("prefix-list FROM-AZURE seq 5 permit 172.16.0.0/16",
           "prefix-list TO-AZURE seq 5 permit 10.1.0.0/16")


def moved_neighbor_fix(extra_neighbor_lines):
    bgp = router_bgp(neighbor="169.254.21.9", lines=extra_neighbor_lines)
    report = report_for(vti_config(routes="", bgp=bgp, extra="\n".join(FILTERS)), azure_resources(**ROUTE_BASED_BGP))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    return finding


def test_the_new_neighbor_gets_the_old_ones_route_filters():
    finding = moved_neighbor_fix(["neighbor 169.254.21.9 prefix-list FROM-AZURE in",
                                  "neighbor 169.254.21.9 prefix-list TO-AZURE out"])
    lines = [line.strip() for line in finding["remediation"]["asa"]]
    assert "no neighbor 169.254.21.9 remote-as 65515" in lines
    assert "neighbor 169.254.21.1 prefix-list FROM-AZURE in" in lines
    assert "neighbor 169.254.21.1 prefix-list TO-AZURE out" in lines
    assert finding["proof"]["asa"]["proven"] is True


def test_a_password_it_cannot_carry_leaves_the_fix_to_a_person():
    finding = moved_neighbor_fix(["neighbor 169.254.21.9 password 0 s3cretBGP"])
    assert "asa" not in finding["remediation"]
    assert "set it on neighbor 169.254.21.1 by hand" in finding["proof"]["asa"]["reason"]
    assert "s3cretBGP" not in str(finding)
