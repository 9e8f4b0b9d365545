# -*- coding: utf-8 -*-
"""Review 2026-12-06: a local network gateway that lists the ASA's VTI /30 beside its inside networks made each tunnel
rebuild the ASA's networks less its own routes, so 2,000 static VTIs took 16.5 s instead of 0.7 s. The check of
a static route-based peer's routes (engine/routing._routes_none_of_held) stays linear in the tunnels."""

import ipaddress
import os
import sys
import time
import types

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation_routed import _hold_back
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
import synthetic  # noqa: E402  (benchmarks/ is no package)


def hub(tunnels, routes=2000):
    """synthetic's routed hub made static (no BGP): a VTI and a route to its VNet per tunnel, ``routes`` inside routes;
    each local network gateway lists the inside /16 and the VTI's /30."""
    lines = synthetic.HEADER.replace(" ip address 10.0.0.1 255.0.0.0", " ip address 10.0.0.1 255.255.0.0").splitlines()
    sites = []
    for i in range(tunnels):
        tunnel_lines, site = synthetic.routed_tunnel(i)
        lines += [x for x in tunnel_lines if not x.startswith(("prefix-list", "route-map", " match ip"))
                  and not (x.startswith("route ") and "255.255.255.255" in x)]
        vnet, address = ipaddress.ip_network(site[2][0]), int(ipaddress.ip_address(site[3]))
        lines.append("route R%05d %s %s %s 1" % (i, vnet.network_address, vnet.netmask, synthetic._quad(address + 1)))
        sites.append(synthetic.RoutedSite(site[0], ["10.0.0.0/16", "%s/30" % synthetic._quad(address - 1)], site[2],
                                          site[3], site[4], False))
    lines += ["route inside 10.%d.%d.0 255.255.255.0 10.0.0.254 1" % (1 + r // 250, r % 250) for r in range(routes)]
    lines += ["route outside 0.0.0.0 0.0.0.0 198.51.100.1 1", ": end"]
    return asa_facts_from_text("\n".join(lines) + "\n"), azure_facts_from_data(synthetic.azure_export(sites))


def per_tunnel(tunnels):
    asa, azure = hub(tunnels)
    best = float("inf")
    for _run in range(2):
        started = time.process_time()
        report = run_check(asa, azure)
        best = min(best, time.process_time() - started)
    assert len(report["tunnels"]) == tunnels
    assert not [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "ROUTE_MISSING"]
    return best / tunnels


def test_the_check_of_a_static_peers_routes_is_linear_in_the_tunnels():
    small, large = per_tunnel(100), per_tunnel(1000)
    assert large <= 2.5 * small, (small, large)


def _held_split_per_item(count):
    """CPU seconds per route fix of one ROUTE_MISSING that holds every other route back (asa/remediation_routed
    _hold_back, review s42: each fix was compared with every held one)."""
    best = float("inf")
    for _run in range(3):
        items = [dict({"kind": "route", "network": "10.%d.%d.0/24" % (i // 256, i % 256)},
                      **({"own_network": "10.%d.0.0/16" % (i // 256)} if i % 2 else {})) for i in range(count)]
        finding = types.SimpleNamespace(fixes={"asa": items}, held={})
        started = time.process_time()
        _hold_back(finding)
        best = min(best, time.process_time() - started)
    assert len(finding.fixes["asa"]) == count // 2 and len(finding.held["asa"]) == count // 2
    return best / count


def test_holding_route_fixes_back_is_linear_in_the_fixes():
    small, large = _held_split_per_item(1000), _held_split_per_item(10000)
    assert large <= 2.5 * small, (small, large)
