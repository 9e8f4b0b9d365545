# -*- coding: utf-8 -*-
"""Review G: a tunnel_nameif another interface holds (in any case) is refused before anything is sent, and
state=absent removes only the routes through a nameif that is the tunnel's own; the ASA's own tunnel address as
bgp.neighbor or routes[].gateway, and a subnet's network or broadcast address as tunnel_address, are refused."""

import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import config_after_vti, plan_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_absent import plan_vti_absent

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single",
                       "asa_running_config.txt")
DEFAULT_ROUTE = "route OUTSIDE 0.0.0.0 0.0.0.0 198.51.100.9 1"
TUNNEL1_ROUTE = "route AZURE-WEU 10.9.0.0 255.255.0.0 169.254.21.1 1"
NEW_END = dict(tunnel_interface="Tunnel5", tunnel_address="169.254.30.1/30", tunnel_source_interface="OUTSIDE",
               peer="203.0.113.50", esp={"encryption": ["AES-GCM-256"]})


def _config():
    with open(FIXTURE) as handle:
        text = handle.read()
    assert DEFAULT_ROUTE in text and " nameif AZURE-WEU" in text and " ip address 169.254.21.2 255.255.255.252" in text
    return text.replace(DEFAULT_ROUTE, TUNNEL1_ROUTE + "\n" + DEFAULT_ROUTE)


@pytest.mark.parametrize("nameif, holder", [
    ("OUTSIDE", "GigabitEthernet0/0"), ("outside", "GigabitEthernet0/0"), ("INSIDE", "GigabitEthernet0/1"),
    ("Inside", "GigabitEthernet0/1"), ("AZURE-WEU", "Tunnel1"), ("azure-weu", "Tunnel1")])
def test_a_nameif_another_interface_holds_is_refused_in_any_case(nameif, holder):
    params = dict(NEW_END, tunnel_nameif=nameif, routes=[{"network": "10.50.0.0/16", "gateway": "169.254.30.2"}])
    with pytest.raises(IntentError) as err:
        plan_vti(_config(), params)
    assert str(err.value).startswith("tunnel_nameif: %r is the nameif of %s" % (nameif, holder)), str(err.value)


def test_a_free_nameif_is_still_planned_and_its_own_is_kept():
    plan = plan_vti(_config(), dict(NEW_END, tunnel_nameif="AZ5"))
    assert " nameif AZ5" in plan.commands
    # Tunnel1 asked with the nameif it has: not another interface's
    again = plan_vti(_config(), dict(tunnel_interface="Tunnel1", tunnel_nameif="AZURE-WEU"))
    assert not [c for c in again.commands if "nameif" in c]


def test_routes_through_a_nameif_another_interface_also_has_are_refused():
    held = _config().replace("interface Tunnel1\n", "interface Tunnel5\n nameif outside\n"
                             " ip address 169.254.30.1 255.255.255.252\n!\ninterface Tunnel1\n")
    with pytest.raises(IntentError, match=r"^routes \(through nameif outside\): 'outside' is the nameif of "):
        plan_vti(held, dict(tunnel_interface="Tunnel5", peer="203.0.113.50", esp={"encryption": ["AES-GCM-256"]},
                            routes=[{"network": "10.50.0.0/16", "gateway": "169.254.30.2"}]))


def test_the_source_interface_nameif_is_refused_as_tunnel_nameif_with_the_options():
    assert option_error(dict(NEW_END, tunnel_nameif="outside")).startswith(
        "tunnel_nameif: 'outside' is the nameif of tunnel_source_interface ('OUTSIDE')")
    assert option_error(dict(NEW_END, tunnel_nameif="AZ5")) is None


@pytest.mark.parametrize("nameif", ["OUTSIDE", "AZURE-WEU", "azure-weu"])
def test_absent_leaves_the_routes_of_the_interface_that_also_has_the_nameif(nameif):
    # a config where Tunnel5 got another interface's nameif (as the lab let it before review G)
    held = _config().replace("interface Tunnel1\n", "interface Tunnel5\n nameif %s\n"
                             " ip address 169.254.30.1 255.255.255.252\n!\ninterface Tunnel1\n" % nameif)
    plan = plan_vti_absent(held, dict(tunnel_interface="Tunnel5", state="absent"))
    assert plan.commands == ["no interface Tunnel5"], plan.commands
    after = config_after_vti(held, plan)
    assert DEFAULT_ROUTE in after and TUNNEL1_ROUTE in after
    assert not [line for line in plan.before if line.startswith("route ")], plan.before


def test_absent_still_removes_the_routes_through_its_own_nameif():
    plan = plan_vti_absent(_config(), dict(tunnel_interface="Tunnel1", state="absent"))
    assert "no " + TUNNEL1_ROUTE in plan.commands
    assert "no " + DEFAULT_ROUTE not in plan.commands


@pytest.mark.parametrize("params, option", [
    (dict(tunnel_interface="Tunnel1", bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515}),
     "bgp.neighbor"),
    (dict(tunnel_interface="Tunnel1", routes=[{"network": "10.0.0.0/8", "gateway": "169.254.21.2"}]),
     "routes[0].gateway")])
def test_the_tunnels_own_address_on_the_device_is_refused_as_next_hop_or_neighbor(params, option):
    assert option_error(params) is None  # the address is the device's: the planner knows it
    with pytest.raises(IntentError, match=r"^%s: 169\.254\.21\.2 is the ASA's own address on the tunnel"
                       % option.replace("[", r"\[").replace("]", r"\]")):
        plan_vti(_config(), params)


@pytest.mark.parametrize("extra, option", [
    (dict(bgp={"asn": 65010, "neighbor": "169.254.30.1", "remote_as": 65515}), "bgp.neighbor"),
    (dict(routes=[{"network": "10.0.0.0/8", "gateway": "169.254.30.1"}]), "routes[0].gateway")])
def test_tunnel_address_is_refused_as_next_hop_or_neighbor_with_the_options(extra, option):
    error = option_error(dict(NEW_END, tunnel_nameif="AZ5", **extra))
    assert error and error.startswith("%s: 169.254.30.1 is tunnel_address" % option), error
    ok = dict(extra)
    for value in ok.values():
        if isinstance(value, dict):
            value["neighbor"] = "169.254.30.2"
        else:
            value[0]["gateway"] = "169.254.30.2"
    assert option_error(dict(NEW_END, tunnel_nameif="AZ5", **ok)) is None


@pytest.mark.parametrize("address, what", [
    ("169.254.30.0/30", "network"), ("169.254.30.3/30", "broadcast"), ("10.1.2.0/24", "network"),
    ("10.1.2.255/24", "broadcast")])
def test_a_network_or_broadcast_tunnel_address_is_refused(address, what):
    error = option_error(dict(NEW_END, tunnel_nameif="AZ5", tunnel_address=address))
    assert error and error.startswith("tunnel_address: %r is the %s address of " % (address, what)), error


@pytest.mark.parametrize("address", ["169.254.30.1/30", "169.254.30.2/30", "169.254.30.0/31", "169.254.30.1/31"])
def test_host_addresses_and_both_of_a_31_are_taken(address):
    assert option_error(dict(NEW_END, tunnel_nameif="AZ5", tunnel_address=address)) is None


def test_a_32_is_refused_as_leaving_no_peer():
    error = option_error(dict(NEW_END, tunnel_nameif="AZ5", tunnel_address="169.254.30.1/32"))
    assert error and error.startswith("tunnel_address: '169.254.30.1/32'") and "no address for the peer" in error


def test_the_address_the_tunnel_moves_away_from_may_be_the_peers():
    # the two ends swap their APIPA addresses: the ASA's old .2 becomes the peer's next hop
    plan = plan_vti(_config(), dict(tunnel_interface="Tunnel1", tunnel_address="169.254.21.1/30",
                                    routes=[{"network": "10.0.0.0/8", "gateway": "169.254.21.2"}]))
    assert "route AZURE-WEU 10.0.0.0 255.0.0.0 169.254.21.2 1" in plan.commands
