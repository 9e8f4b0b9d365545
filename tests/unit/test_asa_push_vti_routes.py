# -*- coding: utf-8 -*-
"""Routes of a VTI next to routes other interfaces have to the same network: the ASA shares load over one egress
interface only and refuses an equal-cost route through another ("ERROR: Cannot add route entry, possible conflict
with existing routes."). Azure active-active without BGP is the usual case: both tunnels route the VNet."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import config_after_vti, plan_vti
from test_asa_push_vti import VTI

SECOND_TUNNEL = """interface Tunnel2
 nameif AZURE-2
 ip address 169.254.22.1 255.255.255.252
 tunnel source interface outside
 tunnel destination 203.0.113.21
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROF
"""
SECOND_GROUP = """tunnel-group 203.0.113.21 type ipsec-l2l
tunnel-group 203.0.113.21 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
"""
AA = VTI.replace("crypto ikev2 policy 10\n", SECOND_TUNNEL + "crypto ikev2 policy 10\n").replace(
    "route AZURE ", SECOND_GROUP + "route AZURE ")
VNET = {"network": "10.20.0.0/16", "gateway": "169.254.22.2"}


def test_the_second_tunnel_gets_a_floating_route_behind_the_first():
    # before: "route AZURE-2 10.20.0.0 255.255.0.0 169.254.22.2 1", refused by the ASA part-way through the push
    plan = plan_vti(AA, dict(tunnel_interface="Tunnel2", routes=[VNET]))
    assert plan.commands == ["route AZURE-2 10.20.0.0 255.255.0.0 169.254.22.2 2"]
    assert plan_vti(config_after_vti(AA, plan), dict(tunnel_interface="Tunnel2", routes=[VNET])).commands == []


def test_an_asked_metric_is_kept_and_an_equal_one_is_refused_before_sending():
    plan = plan_vti(AA, dict(tunnel_interface="Tunnel2", routes=[dict(VNET, metric=5)]))
    assert plan.commands == ["route AZURE-2 10.20.0.0 255.255.0.0 169.254.22.2 5"]
    with pytest.raises(IntentError, match="route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1.*same distance"):
        plan_vti(AA, dict(tunnel_interface="Tunnel2", routes=[dict(VNET, metric=1)]))


def test_a_route_elsewhere_at_another_distance_is_no_clash():
    # a deliberate floating backup through the other tunnel, or through outside, leaves this route at distance 1
    backup = AA.replace("169.254.21.2 1\n", "169.254.21.2 10\n")
    assert plan_vti(backup, dict(tunnel_interface="Tunnel2", routes=[VNET])).commands == [
        "route AZURE-2 10.20.0.0 255.255.0.0 169.254.22.2 1"]
    outside = AA.replace("route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1", "route outside 10.20.0.0 255.255.0.0 "
                         "198.51.100.9 200")
    assert plan_vti(outside, dict(tunnel_interface="Tunnel2", routes=[VNET])).commands == [
        "route AZURE-2 10.20.0.0 255.255.0.0 169.254.22.2 1"]


def test_a_float_takes_the_lowest_distance_no_other_interface_uses():
    third = AA.replace("route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1\n",
                       "route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1\nroute outside 10.20.0.0 255.255.0.0 "
                       "198.51.100.9 2\n")
    assert plan_vti(third, dict(tunnel_interface="Tunnel2", routes=[VNET])).commands == [
        "route AZURE-2 10.20.0.0 255.255.0.0 169.254.22.2 3"]


def test_the_tunnel_nameifs_of_a_patched_tree_are_carried():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree

    tree = ConfigTree(AA)
    assert tree.tunnel_nameifs() == {"AZURE", "AZURE-2"}
    gone = [n for n, b in enumerate(tree.blocks) if b.parent == "interface Tunnel2"]
    put = ConfigTree("interface Tunnel2\n nameif AZ-TWO\n").blocks
    new = tree.replaced(gone, {gone[0]: put}, ConfigTree("interface Tunnel9\n nameif AZ9\n").blocks)

    def scan(_prefix):
        raise AssertionError("looked for again in the blocks")
    new.starting = scan
    assert new.tunnel_nameifs() == {"AZURE", "AZ-TWO", "AZ9"}


def test_a_route_through_an_interface_that_is_no_tunnel_is_not_floated_over():
    config = AA.replace("route AZURE 10.20.0.0", "route outside 10.20.0.0").replace("169.254.21.2 1", "198.51.100.9 1")
    with pytest.raises(IntentError, match="route outside 10.20.0.0 255.255.0.0 198.51.100.9 1.*no tunnel"):
        plan_vti(config, dict(tunnel_interface="Tunnel2", routes=[VNET]))


def test_routes_added_by_a_batch_mate_count():
    # the first tunnel's route is added in the same batch: the second still floats behind it
    config = AA.replace("route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1\n", "")
    first = plan_vti(config, dict(tunnel_interface="Tunnel1", routes=[{"network": "10.20.0.0/16",
                                                                       "gateway": "169.254.21.2"}]))
    assert first.commands == ["route AZURE 10.20.0.0 255.255.0.0 169.254.21.2 1"]
    second = plan_vti(config_after_vti(config, first), dict(tunnel_interface="Tunnel2", routes=[VNET]))
    assert second.commands == ["route AZURE-2 10.20.0.0 255.255.0.0 169.254.22.2 2"]


def test_a_metric_out_of_range_is_refused():
    params = dict(tunnel_interface="Tunnel2", routes=[dict(VNET, metric=256)])
    assert option_error(params) == "routes[0].metric must be a whole number from 1 to 255, got 256"


def test_the_check_floats_its_route_fix_behind_the_other_tunnel():
    # Azure active-active, no BGP: Tunnel1 routes the VNet, Tunnel2 does not. Before, the proven fix was
    # "route AZURE-2 172.16.0.0 255.255.0.0 169.254.22.1" (distance 1), which the ASA refuses next to Tunnel1's.
    from scenario_builders import ROUTE_BASED, azure_resources, vti_config
    from test_scenarios import report_for

    report = report_for(vti_config(second_tunnel=True, routes="route AZURE 172.16.0.0 255.255.0.0 169.254.21.1 1"),
                        azure_resources(**dict(ROUTE_BASED, active_active=True)))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["remediation"]["asa"] == ["route AZURE-2 172.16.0.0 255.255.0.0 169.254.22.1 2"]
    assert finding["proof"]["asa"]["proven"] is True
    assert "172.16.0.0/16 (through AZURE)" in finding["summary"] and "backup" in finding["summary"]
    # a single tunnel's route keeps the ASA's default distance
    report = report_for(vti_config(routes=""), azure_resources(**ROUTE_BASED))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["remediation"]["asa"] == ["route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"]


def _route_fixes(asa_text, resources):
    from test_scenarios import report_for

    report = report_for(asa_text, resources)
    return {t["asa"]["interface"]: f for t in report["tunnels"] for f in t["findings"] if f["code"] == "ROUTE_MISSING"}


def test_two_tunnels_missing_their_routes_get_fixes_that_both_apply():
    # before: both "proven" at distance 1; the ASA takes the first and refuses the second
    from scenario_builders import ROUTE_BASED, azure_resources, vti_config

    resources = azure_resources(**dict(ROUTE_BASED, active_active=True))
    fixes = _route_fixes(vti_config(second_tunnel=True, routes=""), resources)
    assert fixes["Tunnel1"]["remediation"]["asa"] == ["route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"]
    assert fixes["Tunnel2"]["remediation"]["asa"] == ["route AZURE-2 172.16.0.0 255.255.0.0 169.254.22.1 2"]


def test_a_route_fix_next_to_another_interface_s_route_is_not_shown():
    # the VNet is reached through the LAN today (ExpressRoute, MPLS): a route at the same distance is refused
    from scenario_builders import ROUTE_BASED, azure_resources, vti_config

    fixes = _route_fixes(vti_config(routes="route LAN 172.16.0.0 255.255.0.0 10.1.0.254 1"),
                         azure_resources(**ROUTE_BASED))
    assert "asa" not in fixes["Tunnel1"]["remediation"]
    reason = fixes["Tunnel1"]["proof"]["asa"]["reason"]
    assert "route LAN 172.16.0.0 255.255.0.0 10.1.0.254 1" in reason and "same distance" in reason


def test_facts_without_static_routes_still_float_behind_the_other_tunnel():
    # facts of an earlier release: the routes the VTI ends carry are what is known
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
    from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
    from scenario_builders import ROUTE_BASED, azure_resources, vti_config

    facts = asa_facts_from_text(vti_config(second_tunnel=True))
    del facts["static_routes"]
    report = run_check(facts, azure_facts_from_data(azure_resources(**dict(ROUTE_BASED, active_active=True))))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["remediation"]["asa"] == ["route AZURE-2 172.16.0.0 255.255.0.0 169.254.22.1 2"]
