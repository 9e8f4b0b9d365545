# -*- coding: utf-8 -*-
"""Loading Azure resources: ARM GET lists, {"value": [...]}, single resources, `az ... show` output."""

import copy
import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import (
    AzureInputError,
    load_resources,
    load_resources_text,
    prop,
)

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "azure_resources.json")
NET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"
CONNECTION_ID = NET + "/connections/UKSouth-HQ-S2S"
GATEWAY_ID = NET + "/virtualNetworkGateways/UKSouth-VNG"


def seed():
    with open(SEED) as handle:
        return json.load(handle)


def test_arm_list_is_indexed_by_type_and_id():
    index = load_resources(seed())
    assert [r.name for r in index.of_type("connections")] == ["UKSouth-HQ-S2S"]
    assert [r.name for r in index.of_type("virtualNetworkGateways")] == ["UKSouth-VNG"]
    assert len(index.order) == 5
    assert index.ignored_count == 0
    connection = index.get(CONNECTION_ID)
    assert connection.resource_group == "RG"
    assert connection.subscription == "00000000-0000-0000-0000-000000000000"
    assert connection.get("ipsecPolicies")[0]["pfsGroup"] == "ECP256"


def test_ids_are_joined_case_insensitively():
    index = load_resources(seed())
    assert index.get(CONNECTION_ID.upper()).name == "UKSouth-HQ-S2S"
    assert index.get(CONNECTION_ID.lower() + "/").name == "UKSouth-HQ-S2S"


def test_lookup_by_id_can_require_a_type():
    index = load_resources(seed())
    assert index.get(GATEWAY_ID, "virtualNetworkGateways") is not None
    assert index.get(GATEWAY_ID, "localNetworkGateways") is None


def test_value_wrapper_and_single_resource_are_accepted():
    assert len(load_resources({"value": seed()}).order) == 5
    single = load_resources(seed()[0])
    assert [r.name for r in single.order] == ["UKSouth-HQ-S2S"]


def test_nested_lists_from_concatenated_exports_are_flattened():
    data = seed()
    index = load_resources([data[:2], {"value": data[2:]}])
    assert len(index.order) == 5


def test_az_show_output_is_read_like_arm():
    az_lng = {
        "name": "HQ-LNG",
        "id": NET + "/localNetworkGateways/HQ-LNG",
        "type": "Microsoft.Network/localNetworkGateways",
        "resourceGroup": "rg-from-az",
        "location": "uksouth",
        "gatewayIpAddress": "198.51.100.10",
        "localNetworkAddressSpace": {"addressPrefixes": ["10.0.0.0/8"]},
        "provisioningState": "Succeeded",
    }
    lng = load_resources(az_lng).order[0]
    assert lng.type == "localNetworkGateways"
    assert lng.resource_group == "rg-from-az"
    assert lng.get("gatewayIpAddress") == "198.51.100.10"
    assert lng.get("localNetworkAddressSpace", "addressPrefixes") == ["10.0.0.0/8"]
    assert "location" not in lng.properties and "id" not in lng.properties


def test_prop_reads_arm_and_az_spellings_of_sub_resources():
    arm = {"name": "default", "properties": {"publicIPAddress": {"id": "x"}}}
    az = {"name": "default", "publicIpAddress": {"id": "x"}}
    assert prop(arm, "publicIPAddress", "id") == "x"
    assert prop(az, "publicIPAddress", "id") == "x"
    assert prop(az, "subnet", "id") is None


def test_unknown_types_are_ignored_but_counted():
    data = seed() + [{"id": NET + "/networkSecurityGroups/nsg", "name": "nsg",
                      "type": "Microsoft.Network/networkSecurityGroups", "properties": {}}]
    index = load_resources(data)
    assert len(index.order) == 5
    assert index.ignored_count == 1
    assert "nsg" in index.ignored[0]


def test_an_identical_duplicate_is_read_once_and_recorded():
    data = seed()
    later = copy.deepcopy(data[4])
    index = load_resources(data + [later])
    assert index.get(later["id"]).get("gatewayIpAddress") == "198.51.100.10"
    assert index.duplicates == [later["id"]]


def test_one_resource_twice_in_one_input_with_different_properties_is_refused_naming_both_items():
    # review 2026-12-06 (estate #6): a before and an after concatenated in one list; the first silently won
    data = seed()
    later = copy.deepcopy(data[4])
    later["properties"]["gatewayIpAddress"] = "192.0.2.1"
    with pytest.raises(AzureInputError, match=r"is in this input twice \(items \[4\] and \[%d\]\) with different "
                                              r"properties" % len(data)):
        load_resources(data + [later])


def test_one_resource_in_the_arm_shape_and_the_az_show_shape_is_one_resource():
    # review 2026-12-06 (estate #5): `az network vnet-gateway show` (properties lifted to the top, sub-resources too,
    # resourceGroup added) beside the ARM list was refused as "exported at different times"
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import same_content

    def flat(item):
        if isinstance(item, dict):
            out = {}
            for key, value in item.items():
                if key == "properties" and isinstance(value, dict):
                    out.update((k, flat(v)) for k, v in value.items())
                else:
                    out[key] = flat(value)
            return out
        return [flat(v) for v in item] if isinstance(item, list) else item

    for resource in seed():
        shown = flat(resource)
        shown["resourceGroup"] = "RG"
        assert same_content(resource["properties"], {k: v for k, v in shown.items()
                                                     if k not in ("id", "name", "type", "location", "etag", "tags")})
    changed = flat(seed()[4])
    changed["gatewayIpAddress"] = "192.0.2.1"
    assert not same_content(seed()[4]["properties"], changed)
    # read together: one resource, the tunnel as from the ARM list alone
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_sources_facts_and_ends
    gateways = [flat(r) for r in seed() if r["type"].endswith(("/virtualNetworkGateways", "/publicIPAddresses"))]
    together = azure_sources_facts_and_ends([(seed(), "arm.json"), (gateways, "az-show.json")])
    alone = azure_sources_facts_and_ends([(seed(), "arm.json")])
    assert [vars(end) for end in together[0][1]] == [vars(end) for end in alone[0][1]]


def test_embedded_gateway_of_old_api_versions_is_used_when_missing():
    data = seed()
    connection = data[0]
    gateway = data[1]
    connection["properties"]["virtualNetworkGateway1"] = copy.deepcopy(gateway)
    index = load_resources([connection] + data[2:])
    assert index.get(GATEWAY_ID, "virtualNetworkGateways").get("vpnType") == "RouteBased"


def test_bare_reference_is_not_mistaken_for_an_embedded_gateway():
    data = seed()
    index = load_resources([data[0]])
    assert index.get(GATEWAY_ID) is None


@pytest.mark.parametrize("data", ["text", 42, None, True])
def test_input_that_is_not_a_list_or_object_is_refused(data):
    with pytest.raises(AzureInputError, match="JSON list or object"):
        load_resources(data)


def test_a_list_item_that_is_not_an_object_is_named_by_position():
    with pytest.raises(AzureInputError, match=r"item \[1\] is a str"):
        load_resources([seed()[0], "oops"])


def test_resource_without_id_is_named():
    data = seed()
    del data[2]["id"]
    with pytest.raises(AzureInputError, match=r"'UKSouth-VNG-pip' \(input item \[2\]\) has no id"):
        load_resources(data)


def test_resource_without_type_is_named_by_id():
    data = seed()
    del data[4]["type"]
    with pytest.raises(AzureInputError, match="HQ-LNG.*has no type"):
        load_resources(data)


def test_properties_that_are_not_an_object_are_refused():
    data = seed()
    data[4]["properties"] = ["10.0.0.0/8"]
    with pytest.raises(AzureInputError, match="HQ-LNG.*'properties' is a list"):
        load_resources(data)


def test_bad_json_text_is_an_input_error():
    with pytest.raises(AzureInputError, match="not valid JSON"):
        load_resources_text("[{")
    assert len(load_resources_text(json.dumps(seed())).order) == 5


def test_azure_powershell_object_output_is_named_with_how_to_export_instead():
    # Get-AzVirtualNetworkGatewayConnection | ConvertTo-Json: PascalCase, no type (review 2026-12-04: "'(unnamed)'
    # has no id"); its SharedKey is never echoed
    ps = [{"Name": "hq-link", "ResourceGroupName": "RG", "Location": "uksouth",
           "Id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network/"
                 "connections/hq-link", "ConnectionType": "IPsec", "SharedKey": "never-shown-7f3a", "IpsecPolicies": []}]
    with pytest.raises(AzureInputError) as caught:
        load_resources(ps)
    text = str(caught.value)
    assert "Azure PowerShell object output" in text and "'hq-link'" in text and "az network vpn-connection show" in text
    assert "never-shown-7f3a" not in text
