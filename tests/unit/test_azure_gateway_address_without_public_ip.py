# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review s45 B: the Azure side saved as the README's ``az ... show`` outputs (``az network vpn-connection show``,
``az network vnet-gateway show``, ``az network local-gateway show``) holds no public IP address resource, yet the
gateway's own export names each instance's public address: bgpSettings.bgpPeeringAddresses[].tunnelIpAddresses, "the
list of tunnel public IP addresses which belong to IP configuration" (Microsoft.Network REST API,
IPConfigurationBgpPeeringAddress). An ASA aimed at another address was "degraded" (the public IP resource is not in
the input) instead of failing with PEER_ADDRESS_MISMATCH; the right one was never "pass"."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources
from test_azure_adapter import az_show

# Azure's default BGP address of each instance: every VPN gateway's GET carries bgpSettings (asn 65515), BGP on or off
GATEWAY_BGP = {"asn": 65515, "default": ("172.16.255.30", "172.16.255.31")}


def without_public_ips(resources):
    return [r for r in resources if r["type"] != "Microsoft.Network/publicIPAddresses"]


def tunnels(resources, asa):
    return run_check(asa_facts_from_text(asa, host="fw"), azure_facts_from_data(resources))["tunnels"]


@pytest.mark.parametrize("shape", [without_public_ips, lambda r: az_show(without_public_ips(r))],
                         ids=["arm", "az-show"])
def test_an_asa_aimed_elsewhere_fails_on_the_address_the_gateway_export_names(shape):
    (tunnel,) = tunnels(shape(azure_resources(gateway_bgp=GATEWAY_BGP)), asa_config(peer="203.0.113.99"))
    assert tunnel["verdict"] == "fail"
    (finding,) = [f for f in tunnel["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert "203.0.113.20" in finding["summary"] and "203.0.113.99" in finding["summary"]
    cited = [entry["text"] for entry in finding["evidence"]["azure"]["lines"]]
    assert any("bgpSettings.bgpPeeringAddresses[0].tunnelIpAddresses[0] = 203.0.113.20" in text for text in cited)


@pytest.mark.parametrize("shape", [without_public_ips, lambda r: az_show(without_public_ips(r))],
                         ids=["arm", "az-show"])
def test_the_asa_aimed_at_it_passes_with_no_missing_public_ip_warning(shape):
    (tunnel,) = tunnels(shape(azure_resources(gateway_bgp=GATEWAY_BGP)), asa_config())
    assert tunnel["verdict"] == "pass", [f["summary"] for f in tunnel["findings"]]


def test_each_active_active_instance_takes_its_own_tunnel_address():
    resources = without_public_ips(azure_resources(gateway_bgp=GATEWAY_BGP, active_active=True))
    asa = asa_config(peer="203.0.113.21")
    found = tunnels(resources, asa)
    assert [t["asa"]["peer"] for t in found] == ["203.0.113.21"]
    assert not [f for t in found for f in t["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]


def test_a_private_tunnel_address_is_not_taken_for_the_public_one():
    resources = azure_resources(gateway_bgp=GATEWAY_BGP)
    gateway = next(r for r in resources if r["type"] == "Microsoft.Network/virtualNetworkGateways")
    gateway["properties"]["bgpSettings"]["bgpPeeringAddresses"][0]["tunnelIpAddresses"] = ["172.16.255.4",
                                                                                           "203.0.113.20"]
    (tunnel,) = tunnels(without_public_ips(resources), asa_config(peer="172.16.255.4"))
    (finding,) = [f for f in tunnel["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert "203.0.113.20" in finding["summary"]


def test_without_tunnel_addresses_the_missing_public_ip_is_still_named():
    resources = without_public_ips(azure_resources())
    (tunnel,) = tunnels(resources, asa_config(peer="203.0.113.99"))
    assert tunnel["verdict"] != "pass"
    assert [f for f in tunnel["findings"] if f["code"] == "UNDEFINED_REFERENCE" and "VNG-pip" in f["summary"]]
