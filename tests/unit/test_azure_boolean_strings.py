# -*- coding: utf-8 -*-
"""Boolean properties given as something else in an Azure resources input (review s43). ARM JSON from the portal, the
REST API and az holds true or false (JSON booleans); a string "true" is hand-edited input. Before, the readers
compared each property with ``is True``: "true" was read as false without a word (disableIPSecReplayProtection,
usePolicyBasedTrafficSelectors, enableBgp, ...), and only enablePrivateIpAddress said anything ("is true, which is not
true or false"). Each boolean property the readers take is now refused naming the resource, the property, the value
as given and its type."""

import copy

import pytest

from azure_arm_builders import NET, VNET_ID, export

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError

SPOKE_ID = NET + "/virtualNetworks/SPOKE-VNet"

# (resource type, name, property path): every boolean property the Azure readers take (REST Microsoft.Network
# 2024-05-01, "type": "boolean" in VirtualNetworkGatewayConnectionPropertiesFormat,
# VirtualNetworkGatewayPropertiesFormat and VirtualNetworkPeeringPropertiesFormat)
BOOLEANS = [
    ("connections", "HUB-to-BRANCH", "enableBgp"),
    ("connections", "HUB-to-BRANCH", "usePolicyBasedTrafficSelectors"),
    ("connections", "HUB-to-BRANCH", "useLocalAzureIpAddress"),
    ("virtualNetworkGateways", "HUB-VNG", "activeActive"),
    ("virtualNetworkGateways", "HUB-VNG", "enableBgp"),
    ("virtualNetworkGateways", "HUB-VNG", "enablePrivateIpAddress"),
    ("virtualNetworkGateways", "HUB-VNG", "disableIPSecReplayProtection"),
    ("virtualNetworkGateways", "HUB-VNG", "enableBgpRouteTranslationForNat"),
    ("virtualNetworks", "HUB-VNet", "virtualNetworkPeerings[0].allowGatewayTransit"),
    ("virtualNetworks", "SPOKE-VNet", "virtualNetworkPeerings[0].useRemoteGateways"),
]
# what a hand edit leaves: JSON strings of either case, a number
GIVEN = [("true", '"true"', "str"), ("False", '"False"', "str"), (1, "1", "int")]


def _peered_export():
    """The hub of azure_arm_builders with a spoke VNet that uses its gateway (both peerings Connected)."""
    data = export()
    hub = next(r for r in data if r["id"] == VNET_ID)
    hub["properties"]["virtualNetworkPeerings"] = [{"name": "to-spoke", "properties": {
        "remoteVirtualNetwork": {"id": SPOKE_ID}, "allowGatewayTransit": True, "useRemoteGateways": False,
        "peeringState": "Connected"}}]
    data.append({"name": "SPOKE-VNet", "id": SPOKE_ID, "type": "Microsoft.Network/virtualNetworks",
                 "location": "westeurope", "properties": {
                     "addressSpace": {"addressPrefixes": ["10.30.0.0/16"]},
                     "virtualNetworkPeerings": [{"name": "to-hub", "properties": {
                         "remoteVirtualNetwork": {"id": VNET_ID}, "allowGatewayTransit": False,
                         "useRemoteGateways": True, "peeringState": "Connected"}}]}})
    return data


def _with(data, name, path, value):
    """``data`` with ``path`` (a property, or virtualNetworkPeerings[0].<property>) of resource ``name`` set."""
    data = copy.deepcopy(data)
    props = next(r for r in data if r["name"] == name)["properties"]
    if path.startswith("virtualNetworkPeerings[0]."):
        props = props["virtualNetworkPeerings"][0]["properties"]
    props[path.rsplit(".", 1)[-1]] = value
    return data


def _position(data, name):
    return "[%d]" % next(n for n, r in enumerate(data) if r["name"] == name)


def test_the_peered_export_reads_as_given():
    facts = azure_facts_from_data(_peered_export())
    assert len(facts["tunnels"]) == 2  # active-active: a tunnel per instance


@pytest.mark.parametrize("case", range(len(BOOLEANS) * len(GIVEN)), ids=range(len(BOOLEANS) * len(GIVEN)))
def test_a_boolean_property_given_as_another_type_is_refused_naming_it(case):
    kind, name, path = BOOLEANS[case // len(GIVEN)]
    value, shown, type_name = GIVEN[case % len(GIVEN)]
    data = _with(_peered_export(), name, path, value)
    with pytest.raises(AzureInputError) as caught:
        azure_facts_from_data(data)
    message = str(caught.value)
    assert message.startswith("%s %r (input item %s): %s is %s, a %s, not a boolean" % (
        kind, name, _position(data, name), path, shown, type_name)), message
    assert "true or false" in message and "which is not true or false" not in message


@pytest.mark.parametrize("number", range(len(BOOLEANS)), ids=range(len(BOOLEANS)))
def test_a_null_boolean_property_reads_as_absent(number):
    # null is how a saved answer may spell a property the API version leaves unset: absent, not refused
    _kind, name, path = BOOLEANS[number]
    assert azure_facts_from_data(_with(_peered_export(), name, path, None))["tunnels"]


def test_a_flattened_az_show_gateway_is_refused_the_same_way():
    # az network vnet-gateway show puts the properties beside id and name
    data = _peered_export()
    at = next(n for n, r in enumerate(data) if r["name"] == "HUB-VNG")
    flat = dict(data[at], **data[at]["properties"])
    del flat["properties"]
    flat["disableIPSecReplayProtection"] = "true"
    data[at] = flat
    with pytest.raises(AzureInputError) as caught:
        azure_facts_from_data(data)
    assert str(caught.value).startswith("virtualNetworkGateways 'HUB-VNG' (input item [%d]): "
                                        "disableIPSecReplayProtection is \"true\", a str, not a boolean" % at)


def test_a_gateway_embedded_in_an_old_connection_is_refused_the_same_way():
    # old API versions embed the whole gateway in the connection (read when the gateway is not in the input)
    data = _peered_export()
    gateway = next(r for r in data if r["name"] == "HUB-VNG")
    data.remove(gateway)
    gateway = copy.deepcopy(gateway)
    gateway["properties"]["activeActive"] = "true"
    data[0]["properties"]["virtualNetworkGateway1"] = gateway
    with pytest.raises(AzureInputError) as caught:
        azure_facts_from_data(data)
    assert str(caught.value).startswith("virtualNetworkGateways 'HUB-VNG' (input item [0].virtualNetworkGateway1): "
                                        "activeActive is \"true\", a str, not a boolean")
