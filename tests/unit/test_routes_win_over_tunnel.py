# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04, real-world configs): the check passed tunnels whose traffic the routing table sends elsewhere. A
VTI's route was taken as carrying its network whatever else the config routed: a leftover longer prefix out of the
outside interface sent part of the VNet to the internet, and a route through the inside interface at a lower distance
left the tunnel's (floating) route a backup that carried nothing. A crypto map's remote networks were never looked up
at all: a stale `route inside` for the Azure VNet meant the map never saw that traffic."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config

DEFAULT_ROUTE = "route INTERNET 0.0.0.0 0.0.0.0 198.51.100.9 1"
TO_AZURE = "route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"


def route_findings(asa_text, arm):
    [tunnel] = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(arm))["tunnels"]
    return [(f["severity"], f["summary"]) for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]


def line_of(text, wanted):
    return next(n for n, line in enumerate(text.splitlines(), 1) if line == wanted)


# -- crypto map ----------------------------------------------------------------------------------------------------
def test_a_remote_network_routed_out_of_another_interface_is_never_encrypted():
    stale = "route LAN 172.16.0.0 255.255.0.0 10.1.0.254 1"
    text = asa_config(extra=DEFAULT_ROUTE + "\n" + stale)
    [(severity, summary)] = route_findings(text, azure_resources())
    assert severity == "warning"
    assert summary.startswith("Crypto map AZ-MAP 10 is applied to INTERNET, but the routes send 172.16.0.0/16 out of "
                              "LAN (line %d)" % line_of(text, stale)), summary


def test_a_longer_prefix_out_of_another_interface_takes_part_of_it():
    part = "route LAN 172.16.8.0 255.255.248.0 10.1.0.254 1"
    text = asa_config(extra=DEFAULT_ROUTE + "\n" + part)
    [(severity, summary)] = route_findings(text, azure_resources())
    assert severity == "warning" and "172.16.8.0/21 out of LAN (line %d)" % line_of(text, part) in summary


def test_remote_networks_routed_out_of_the_maps_interface_or_not_routed_at_all_are_not_judged():
    assert route_findings(asa_config(extra=DEFAULT_ROUTE), azure_resources()) == []
    assert route_findings(asa_config(), azure_resources()) == [], "no static route: a dynamic protocol's, not known"


# -- VTI -----------------------------------------------------------------------------------------------------------
def test_a_longer_prefix_out_of_the_outside_interface_takes_part_of_the_tunnels_network():
    leftover = "route INTERNET 172.16.8.0 255.255.248.0 198.51.100.9 1"
    text = vti_config(routes=TO_AZURE + " 1\n" + leftover)
    [(severity, summary)] = route_findings(text, azure_resources(**ROUTE_BASED))
    assert severity == "warning"
    assert "longer prefixes take part of it elsewhere: 172.16.8.0/21 out of INTERNET (line %d)" % line_of(
        text, leftover) in summary


def test_a_floating_tunnel_route_behind_a_lower_distance_one_is_said_to_be_a_backup():
    primary = "route LAN 172.16.0.0 255.255.0.0 10.1.0.254 1"
    text = vti_config(routes=TO_AZURE + " 200\n" + primary)
    [(severity, summary)] = route_findings(text, azure_resources(**ROUTE_BASED))
    assert severity == "info" and "is a backup: line %d sends the same network out of LAN at distance 1 (this one: " \
                                  "200)" % line_of(text, primary) in summary


def test_routes_through_another_tunnel_interface_are_not_traffic_taken_elsewhere():
    # active-active: the second tunnel carries a longer prefix, or the same one as a floating backup; Azure either way
    text = vti_config(second_tunnel=True, routes=TO_AZURE + " 1\nroute AZURE-2 172.16.8.0 255.255.248.0 169.254.22.1 1")
    assert route_findings(text, azure_resources(**ROUTE_BASED)) == []
    assert route_findings(vti_config(), azure_resources(**ROUTE_BASED)) == []
