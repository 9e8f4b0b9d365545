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
    assert "longer prefixes take part of it out of INTERNET, the interface the tunnel itself leaves by: 172.16.8.0/21 " \
           "out of INTERNET (line %d). That traffic leaves unencrypted." % line_of(text, leftover) in summary


def test_a_floating_tunnel_route_behind_a_lower_distance_one_is_said_to_be_a_backup():
    primary = "route LAN 172.16.0.0 255.255.0.0 10.1.0.254 1"
    text = vti_config(routes=TO_AZURE + " 200\n" + primary)
    [(severity, summary)] = route_findings(text, azure_resources(**ROUTE_BASED))
    assert severity == "info" and "is a backup: line %d sends the same network out of LAN at distance 1 (this one: " \
                                  "200)" % line_of(text, primary) in summary


def test_the_same_network_out_of_the_outside_interface_at_a_lower_distance_is_an_error_not_a_backup():
    # review 2026-12-06 (route-based #2): the internet side holds no private path to a VNet, so this is no backup
    # design: everything for the VNet leaves unencrypted. It was information and the tunnel passed.
    leftover = "route INTERNET 172.16.0.0 255.255.0.0 198.51.100.9 1"
    text = vti_config(routes=TO_AZURE + " 5\n" + leftover)
    [(severity, summary)] = route_findings(text, azure_resources(**ROUTE_BASED))
    assert severity == "error"
    assert "line %d sends the same network out of INTERNET, the interface the tunnel itself leaves by, at distance 1 " \
           "(this one: 5): all of that traffic leaves unencrypted" % line_of(text, leftover) in summary
    [tunnel] = run_check(asa_facts_from_text(text), azure_facts_from_data(azure_resources(**ROUTE_BASED)))["tunnels"]
    assert tunnel["verdict"] == "fail"


def test_routes_through_another_tunnel_interface_are_not_traffic_taken_elsewhere():
    # active-active: the second tunnel carries a longer prefix, or the same one as a floating backup; Azure either way
    text = vti_config(second_tunnel=True, routes=TO_AZURE + " 1\nroute AZURE-2 172.16.8.0 255.255.248.0 169.254.22.1 1")
    assert route_findings(text, azure_resources(**ROUTE_BASED)) == []
    assert route_findings(vti_config(), azure_resources(**ROUTE_BASED)) == []


# Review of this pass's diff (2026-12-04): false alarms and a miss of the first version of these checks.
def test_a_nat_exemption_without_route_lookup_decides_the_egress_not_the_routes():
    # twice NAT without route-lookup sends the traffic out of its mapped interface whatever the table says
    summary = "route LAN 172.16.0.0 255.240.0.0 10.1.0.254 1"
    divert = asa_config(nat="nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-LAN AZ-LAN "
                            "no-proxy-arp", extra=DEFAULT_ROUTE + "\n" + summary)
    assert route_findings(divert, azure_resources()) == []
    looked_up = asa_config(extra=DEFAULT_ROUTE + "\n" + summary)  # with route-lookup the route decides
    assert [severity for severity, _s in route_findings(looked_up, azure_resources())] == ["warning"]


def test_a_tunneled_default_route_is_not_the_one_traffic_takes():
    text = asa_config(extra="route LAN 0.0.0.0 0.0.0.0 10.1.0.254 tunneled\n" + DEFAULT_ROUTE)
    assert route_findings(text, azure_resources()) == []
    with_distance = asa_config(extra="route LAN 0.0.0.0 0.0.0.0 10.1.0.254 1 tunneled\n" + DEFAULT_ROUTE)
    assert route_findings(with_distance, azure_resources()) == []


def test_routes_of_a_shut_interface_take_nothing():
    shut = asa_config(extra="interface GigabitEthernet0/2\n nameif DMZ\n security-level 50\n ip address 10.9.0.1 "
                            "255.255.0.0\n shutdown\n" + DEFAULT_ROUTE + "\nroute DMZ 172.16.0.0 255.255.0.0 10.9.0.254 1")
    assert route_findings(shut, azure_resources()) == []


def test_a_tracked_route_elsewhere_is_a_backup_design_not_a_warning():
    primary = "route LAN 172.16.0.0 255.255.0.0 10.1.0.254 1 track 1"
    [(severity, summary)] = route_findings(asa_config(extra=DEFAULT_ROUTE + "\n" + primary), azure_resources())
    assert severity == "info" and "a backup design" in summary


def test_a_longer_prefix_at_the_start_of_the_network_is_named_as_itself_once():
    part = "route LAN 172.16.0.0 255.255.255.0 10.1.0.254 1"
    text = asa_config(extra=DEFAULT_ROUTE + "\n" + part)
    [(severity, summary)] = route_findings(text, azure_resources())
    assert "172.16.0.0/24 out of LAN (line %d)" % line_of(text, part) in summary
    assert "172.16.0.0/16 out of" not in summary and summary.count("line %d" % line_of(text, part)) == 1


def test_a_vti_summary_over_on_premises_routes_is_not_a_leak():
    # route AZURE 172.16.0.0/12 into the tunnel (Azure's 172.16/16 within), on-premises 172.20.0.0/16 inside: longest
    # prefix by design
    text = vti_config(routes="route AZURE 172.16.0.0 255.240.0.0 169.254.21.1 1\n"
                             "route LAN 172.20.0.0 255.255.0.0 10.1.0.254 1")
    assert route_findings(text, azure_resources(**ROUTE_BASED)) == []
    default = vti_config(routes="route AZURE 0.0.0.0 0.0.0.0 169.254.21.1 1\nroute INTERNET 203.0.113.0 255.255.255.0 "
                                "198.51.100.9 1")
    assert not [s for _sev, s in route_findings(default, azure_resources(**ROUTE_BASED)) if "203.0.113.0/24" in s]


def test_many_routes_of_another_tunnel_do_not_hide_a_leak():
    others = "\n".join("route AZURE-2 172.16.%d.0 255.255.255.0 169.254.22.1 1" % n for n in range(10))
    leak = "route INTERNET 172.16.200.0 255.255.255.0 198.51.100.9 1"
    text = vti_config(second_tunnel=True, routes=TO_AZURE + " 1\n" + others + "\n" + leak)
    [(severity, summary)] = route_findings(text, azure_resources(**ROUTE_BASED))
    assert severity == "warning" and "172.16.200.0/24 out of INTERNET (line %d)" % line_of(text, leak) in summary


def test_a_vti_routing_part_of_the_vnet_is_a_warning_and_none_of_it_an_error():
    # review 2026-12-06 (route-based #3): a tunnel that carries none of the VNet was only "degraded"
    two = dict(ROUTE_BASED, vnet_prefixes=("172.16.0.0/16", "172.17.0.0/16"))
    part = route_findings(vti_config(routes=TO_AZURE + " 1"), azure_resources(**two))
    none = route_findings(vti_config(routes=""), azure_resources(**two))
    assert [severity for severity, _s in none] == ["error"]
    assert [severity for severity, _s in part] == ["warning"] and "172.17.0.0/16" in part[0][1]
