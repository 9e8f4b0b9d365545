# -*- coding: utf-8 -*-
"""A static route for Azure's VNet through the tunnel interface of ANOTHER peer (the VTI of an old gateway, left in
place when the site moved to this one and to BGP) wins over the route BGP learns from Azure (static 1 against eBGP
20; a longer prefix whatever its distance), so Azure-bound traffic goes into that tunnel while it is up. Every route
through a tunnel interface was skipped as "Azure either way", and the tunnel passed. A route through the tunnel to
the gateway's other active-active instance does reach Azure, and stays no finding."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import asa_text, azure

NEIGHBOR = ["neighbor 10.50.255.4 remote-as 65515", "neighbor 10.50.255.4 disable-connected-check",
            "neighbor 10.50.255.4 activate"]
TO_BGP_PEER = "route AZ-1 10.50.255.4 255.255.255.255 192.168.250.1 1\n"
# Tunnel 7: the site's old tunnel to a gateway it no longer uses (192.0.2.77), still configured
OLD = (7, "192.168.77.2", "192.0.2.77")


def _findings(routes, vtis=None, instances=None, active_active=False):
    text = asa_text(vtis or [(1, "192.168.250.2", "203.0.113.50"), OLD], NEIGHBOR, routes=TO_BGP_PEER + routes)
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(azure(
        instances or [("default", "203.0.113.50", "10.50.255.4", [])], "192.168.250.2", active_active)))
    [tunnel] = [t for t in report["tunnels"] if t["asa"]["interface"] == "Tunnel1"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]


def test_the_vnet_routed_into_an_old_peers_tunnel_is_said():
    tunnel, [finding] = _findings("route AZ-7 10.50.0.0 255.255.0.0 192.168.77.1 1\n")
    assert finding["severity"] == "warning" and tunnel["verdict"] == "degraded", finding
    summary = finding["summary"]
    assert "10.50.0.0/16 out of AZ-7 at distance 1 (line " in summary, summary
    assert "192.0.2.77" in summary and "not this gateway" in summary, summary
    assert "route AZ-7 10.50.0.0/16 1" in finding["evidence"]["asa"]["static_routes"]


def test_part_of_the_vnet_routed_into_an_old_peers_tunnel_is_said_whatever_its_distance():
    _tunnel, [finding] = _findings("route AZ-7 10.50.8.0 255.255.248.0 192.168.77.1 250\n")
    assert finding["severity"] == "warning" and "10.50.8.0/21 out of AZ-7" in finding["summary"], finding


def test_a_floating_route_into_the_old_tunnel_is_no_finding():
    assert _findings("route AZ-7 10.50.0.0 255.255.0.0 192.168.77.1 250\n")[1] == []


def test_a_route_into_the_other_instances_tunnel_reaches_azure_and_is_no_finding():
    vtis = [(1, "192.168.250.2", "203.0.113.50"), (2, "192.168.251.2", "203.0.113.51")]
    instances = [("default", "203.0.113.50", "10.50.255.4", []), ("second", "203.0.113.51", "10.50.255.5", [])]
    _tunnel, found = _findings("route AZ-2 10.50.0.0 255.255.0.0 192.168.251.1 1\n", vtis, instances, True)
    assert found == []
