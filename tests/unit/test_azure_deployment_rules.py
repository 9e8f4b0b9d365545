# -*- coding: utf-8 -*-
"""Azure rules real deployments break, as Microsoft documents them (review 2026-12-06, the Azure side):

- the same ASN on the gateway and the local network gateway: "you must assign different ASNs between your
  on-premises networks and your Azure virtual networks" (DOC_BGP_FAQ); read as iBGP, it passed;
- two site connections on a PolicyBased gateway: "A PolicyBased VPN can only support one Site-to-Site VPN tunnel";
  both passed;
- an ASN given as text was "not an AS number"; an ``az graph query`` answer was refused as "has no id"."""

import copy

import pytest

from scenario_builders import azure_resources

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError


def codes(resources):
    return [(f["code"], f["severity"]) for f in azure_facts_from_data(resources)["findings"]]


def bgp_resources(peer_asn):
    return azure_resources(enable_bgp=True, gateway_bgp={"asn": 65010, "default": ("172.16.255.254",)},
                           lng_bgp={"asn": peer_asn, "address": "10.1.0.1"})


def test_the_gateways_own_asn_on_the_peer_is_refused():
    assert ("BGP_ASN_RESERVED", "error") in codes(bgp_resources(65010))
    assert "BGP_ASN_RESERVED" not in [code for code, _s in codes(bgp_resources(65020))]


def test_an_asn_as_text_is_said_to_be_text():
    resources = bgp_resources(65020)
    [lng] = [r for r in resources if r["type"].endswith("/localNetworkGateways")]
    lng["properties"]["bgpSettings"]["asn"] = "65020"
    [finding] = [f for f in azure_facts_from_data(resources)["findings"] if f["code"] == "INVALID_VALUE"]
    assert "it is text: a JSON number is what Azure returns" in finding["summary"]


def test_a_second_site_connection_on_a_policy_based_gateway_is_named_on_both():
    resources = azure_resources(vpn_type="PolicyBased", sku="Basic", protocol="IKEv1", policy=None,
                                use_policy_ts=False, extra_connections=(("S2S-2", "198.51.100.77", ("10.77.0.0/16",)),))
    found = [f for f in azure_facts_from_data(resources)["findings"] if f["code"] == "AZURE_SKU_UNSUPPORTED"
             and "PolicyBased gateway" in f["summary"]]
    assert len(found) == 2 and all(f["severity"] == "error" for f in found)
    one = azure_resources(vpn_type="PolicyBased", sku="Basic", protocol="IKEv1", policy=None, use_policy_ts=False)
    assert not [f for f in azure_facts_from_data(one)["findings"] if "PolicyBased gateway" in f["summary"]]


def graph(rows, skip_token=None):
    """``az graph query`` output: Resource Graph rows (lowercase types) in its envelope."""
    rows = copy.deepcopy(rows)
    for row in rows:
        row["type"] = row["type"].lower()
    return {"count": len(rows), "data": rows, "skip_token": skip_token, "total_records": len(rows)}


def test_a_resource_graph_answer_reads_as_its_rows():
    rows = azure_resources()
    assert len(azure_facts_from_data(graph(rows))["tunnels"]) == len(azure_facts_from_data(rows)["tunnels"]) == 1


def test_resource_graph_answers_inside_a_list_read_as_their_rows():
    # review B (2026-12) item 5: refused with "has no id"; a list of answers is what saving several queries gives
    rows = azure_resources()
    assert len(azure_facts_from_data([graph(rows)])["tunnels"]) == 1
    assert len(azure_facts_from_data([graph(rows[:2]), graph(rows[2:])])["tunnels"]) == 1


def test_a_resource_graph_page_is_refused_as_a_page():
    with pytest.raises(AzureInputError, match="one page of a Resource Graph query"):
        azure_facts_from_data(graph(azure_resources(), skip_token="ew0KICAiJGlkIjogIjEiLA0K"))
