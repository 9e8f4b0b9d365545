# -*- coding: utf-8 -*-
"""A route-based Azure connection without BGP routes into the tunnel only its local network gateway's prefixes. When
none of them is a network the ASA has behind it (another site's prefixes copied, a typo), Azure sends nothing for the
ASA's networks into the tunnel, replies included: the tunnel comes up and carries nothing. Before, such a tunnel
passed (estate review 2026-12-05, #1): a VTI does not say what is behind the ASA, so the engine did not judge it."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_static")


def inputs(prefixes, asa_edit=None):
    """vti_static (ASA inside 10.3.0.0/24 and pos 10.3.8.0/22, route azure-uks 10.30.0.0/16) with the local network
    gateway's address space set to ``prefixes``."""
    with open(os.path.join(FIXTURES, "asa_running_config.txt")) as handle:
        asa = handle.read()
    with open(os.path.join(FIXTURES, "azure_resources.json")) as handle:
        resources = json.load(handle)
    for resource in resources:
        if resource["type"].endswith("/localNetworkGateways"):
            resource["properties"]["localNetworkAddressSpace"]["addressPrefixes"] = list(prefixes)
    if asa_edit:
        asa = asa_edit(asa)
    return asa_facts_from_text(asa), azure_facts_from_data(resources)


def route_findings(report):
    (tunnel,) = report["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]


def test_prefixes_of_another_site_make_route_missing_naming_the_asas_networks():
    tunnel, found = route_findings(run_check(*inputs(["10.99.0.0/16"])))
    assert tunnel["verdict"] == "degraded"
    (finding,) = found
    assert finding["severity"] == "warning"
    assert "10.99.0.0/16" in finding["summary"]
    assert "10.3.0.0/24" in finding["summary"] and "10.3.8.0/22" in finding["summary"]
    assert finding["evidence"]["asa"]["networks_behind"][:2] == ["10.3.0.0/24", "10.3.8.0/22"]
    # which networks Azure should route is the user's to say: no fix is offered, none is "proven"
    assert not finding.get("fixes")


@pytest.mark.parametrize("prefixes", [
    ["10.3.0.0/24", "10.3.8.0/22"],  # the fixture as it is
    ["10.3.0.0/24"],  # part of the site: the pos network may be kept from Azure on purpose
    ["10.0.0.0/8"],  # a summary holding the site
    ["10.3.0.0/25", "10.99.0.0/16"],  # one prefix reaches the site
])
def test_prefixes_that_reach_any_asa_network_are_the_users_choice(prefixes):
    assert route_findings(run_check(*inputs(prefixes)))[1] == []


def test_an_asa_whose_networks_are_not_known_is_not_judged():
    """OSPF inside: what is behind the ASA is learnt, not configured."""
    with_ospf = inputs(["10.99.0.0/16"], lambda asa: asa.replace(
        "route outside 0.0.0.0", "router ospf 1\n network 10.3.0.0 255.255.255.0 area 0\n!\nroute outside 0.0.0.0", 1))
    assert route_findings(run_check(*with_ospf))[1] == []


def test_a_site_the_asa_routes_to_elsewhere_counts_as_behind_it():
    """A hub ASA: the gateway lists a branch the ASA reaches through another interface (transit)."""
    with_branch = inputs(["172.16.40.0/24"], lambda asa: asa.replace(
        "route outside 0.0.0.0 0.0.0.0 192.0.2.1 1\n",
        "route outside 0.0.0.0 0.0.0.0 192.0.2.1 1\nroute inside 172.16.40.0 255.255.255.0 10.3.0.254 1\n", 1))
    assert route_findings(run_check(*with_branch))[1] == []


def test_the_vnet_the_asa_routes_into_this_tunnel_is_not_behind_the_asa():
    """A gateway listing the VNet's own prefix (10.30.0.0/16, which the ASA routes into this tunnel)."""
    (finding,) = route_findings(run_check(*inputs(["10.30.0.0/16"])))[1]
    assert finding["evidence"]["asa"]["networks_behind"] == ["10.3.0.0/24", "10.3.8.0/22"]


def test_a_summary_the_asa_routes_into_the_tunnel_keeps_its_inside_networks_behind_it():
    """Review 2026-12-06: a floating 10.0.0.0/8 into the VTI (all RFC 1918 to Azure) and a guest network outside it; the
    inside networks under the summary were taken for the ASA's own routes into the tunnel."""
    def edit(asa):
        asa = asa.replace("route azure-uks 10.30.0.0 255.255.0.0 169.254.100.2 1\n",
                          "route azure-uks 10.30.0.0 255.255.0.0 169.254.100.2 1\n"
                          "route azure-uks 10.0.0.0 255.0.0.0 169.254.100.2 10\n")
        return asa.replace("interface Management1/1", "interface GigabitEthernet1/4\n nameif guest\n security-level 10\n"
                           " ip address 172.20.5.1 255.255.255.0\n!\ninterface Management1/1")

    found = route_findings(run_check(*inputs(["10.3.0.0/24", "10.3.8.0/22"], edit)))[1]
    assert found == []


def test_a_tunneled_default_route_leaves_the_asas_networks_unknown():
    """Decrypted traffic to any address goes on to the inside core: the gateway may list what is behind it."""
    tunneled = inputs(["10.200.0.0/16"], lambda asa: asa.replace(
        "route outside 0.0.0.0", "route inside 0.0.0.0 0.0.0.0 10.3.0.254 tunneled\nroute outside 0.0.0.0", 1))
    assert route_findings(run_check(*tunneled))[1] == []
