# -*- coding: utf-8 -*-
"""A PolicyBased gateway supports 200 subnet SA pairs (VNet prefixes x local network gateway prefixes); a connection
with more gets a warning counting them and naming both sides (Microsoft, "Troubleshooting: Azure Site-to-Site VPN
disconnects intermittently", DOC_TSHOOT_INTERMITTENT). Review I, defect 1: 15 x 14 = 210 passed with no finding."""

import copy
import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

HERE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "policy_based_ikev1")
with open(os.path.join(HERE, "azure_resources.json")) as handle:
    AZURE = json.load(handle)


def _resources(vnet_count, lng_count):
    resources = copy.deepcopy(AZURE)
    for resource in resources:
        if resource["type"] == "Microsoft.Network/virtualNetworks":
            resource["properties"]["addressSpace"]["addressPrefixes"] = [
                "10.%d.0.0/16" % (40 + i) for i in range(vnet_count)]
        if resource["type"] == "Microsoft.Network/localNetworkGateways":
            resource["properties"]["localNetworkAddressSpace"]["addressPrefixes"] = [
                "172.16.%d.0/24" % i for i in range(lng_count)]
    return resources


def _limit_findings(vnet_count, lng_count):
    facts = azure_facts_from_data(_resources(vnet_count, lng_count))
    return [f for f in facts["findings"] if f["code"] == "AZURE_SKU_UNSUPPORTED" and "SA pairs" in f["summary"]]


def test_210_pairs_on_a_policy_based_gateway_is_a_warning_counting_them():
    [finding] = _limit_findings(15, 14)
    assert finding["severity"] == "warning"
    assert "210 subnet SA pairs (15 virtual network prefixes x 14 local network gateway prefixes)" in finding["summary"]
    assert "above the 200 a PolicyBased gateway supports" in finding["summary"]
    evidence = finding["evidence"]["azure"]
    assert evidence["sa_pairs"] == 210 and evidence["limit"] == 200
    assert evidence["virtual_network_prefixes"] == 15 and evidence["local_network_gateway_prefixes"] == 14
    cited = " ".join(line["text"] for line in evidence["lines"])
    assert "addressSpace.addressPrefixes[0] = 10.40.0.0/16" in cited, cited
    assert "localNetworkAddressSpace.addressPrefixes[0] = 172.16.0.0/24" in cited, cited


def test_200_pairs_is_within_the_limit():
    assert _limit_findings(10, 20) == []
