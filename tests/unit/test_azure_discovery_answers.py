# -*- coding: utf-8 -*-
"""The live reader's lists (azure/discovery.py) when Azure's answer is not shaped as ARM's: refused by name, never
read in part (review 2026-12-06: an item that was not an object was dropped without a word, a nextLink naming a page
already read was followed for ever, a resource-list item without a resource group left its group unread, and a
listed connection without an id was an "unexpected KeyError")."""

from types import SimpleNamespace

import pytest

pytest.importorskip("azure.identity")

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureSdkError  # noqa: E402

# the reader fixture (no token, no SDK client: nothing can be sent) is used by name
from test_azure_response_ids import SUB, reader  # noqa: E402,F401  # pylint: disable=unused-import

OTHER_SUB = "11111111-1111-1111-1111-111111111111"
CONN = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/connections/%s"
BASE = "https://management.azure.com"


def serve(reader, pages):
    """The reader's raw GETs answered from ``pages`` (path or link -> JSON); a path not there is a 404."""
    sent = []

    def send(url):
        sent.append(url)
        if len(sent) > 20:
            raise AssertionError("a list was followed for ever: %s" % sent[-3:])
        if url not in pages:
            raise AzureSdkError("not found", code="ResourceNotFound", status=404)
        return pages[url]
    reader._send_json = send  # pylint: disable=protected-access


@pytest.mark.parametrize("page, words", [
    ({"value": [{"id": CONN % (SUB, "RG", "C1")}, "C2"]}, "item 1 of page 1 of the answer is a str, not an object"),
    ({"value": [{"id": CONN % (SUB, "RG", "C1")}, None]}, "item 1 of page 1 of the answer is a NoneType"),
    ({"value": {"id": CONN % (SUB, "RG", "C1")}}, "page 1 of the answer is not an ARM list"),
    ([{"id": CONN % (SUB, "RG", "C1")}], "page 1 of the answer is not an ARM list (an object whose value is a list): "
                                         "it is a list"),
    ({"value": [], "nextLink": 7}, "the nextLink of page 1 is a int, not a link"),
    # review 2026-12-07: read as an empty page, whatever it held was left out without a word
    ({"value": None}, "page 1 of Azure's answer holds no list (its value is null, not the resources of the page); the "
                      "list is not read"),
], ids=range(6))
def test_a_list_answer_not_shaped_as_arm_is_refused_not_read_in_part(reader, page, words):
    serve(reader, {"first": page})
    with pytest.raises(AzureSdkError, match="the connections: ") as caught:
        reader._pages("the connections", "first")  # pylint: disable=protected-access
    assert words in str(caught.value)


def test_a_next_link_back_to_a_page_already_read_ends_with_an_error_not_a_loop(reader):
    page2 = BASE + "/subscriptions/%s/resources?page=2" % SUB
    serve(reader, {"first": {"value": [{"id": "a"}], "nextLink": page2},
                   page2: {"value": [{"id": "b"}], "nextLink": page2}})
    with pytest.raises(AzureSdkError, match="the nextLink of page 2 names a page already read") as caught:
        reader._pages("the connections", "first")  # pylint: disable=protected-access
    assert caught.value.code == "InvalidNextLink"


def test_every_page_is_read_when_the_links_move_on(reader):
    page2 = BASE + "/subscriptions/%s/resources?page=2" % SUB
    serve(reader, {"first": {"value": [{"id": "a"}], "nextLink": page2}, page2: {"value": [{"id": "b"}]}})
    assert [i["id"] for i in reader._pages("the connections", "first")] == ["a", "b"]  # pylint: disable=protected-access


def _resources_list(items):
    url = ("/subscriptions/%s/resources?$filter=resourceType%%20eq%%20%%27Microsoft.Network%%2Fconnections%%27"
           "&api-version=2021-04-01" % SUB)
    return {url: {"value": items}}


@pytest.mark.parametrize("item, words", [
    ({"name": "C1"}, "item 1 of the resource list names no resource group (id missing)"),
    ({"id": "/subscriptions/%s/providers/Microsoft.Network/connections/C1" % SUB}, "names no resource group"),
    ({"id": CONN % (OTHER_SUB, "RG", "C1")}, "item 1 of the resource list is in another subscription"),
], ids=range(3))
def test_a_subscription_resource_list_item_that_names_no_group_here_is_refused(reader, item, words):
    serve(reader, _resources_list([{"id": CONN % (SUB, "RG", "C0")}, item]))
    groups = []
    reader.group_connections = lambda rg, subscription_id=None: groups.append(rg) or []
    with pytest.raises(AzureSdkError, match="the connections of subscription %s: " % SUB) as caught:
        reader.subscription_connections()
    assert words in str(caught.value) and groups == []


def test_the_subscription_fallback_list_refuses_a_connection_without_an_id(reader):
    url = "/subscriptions/%s/providers/Microsoft.Network/connections?api-version=2024-05-01" % SUB
    serve(reader, {url: {"value": [{"id": CONN % (SUB, "RG", "C0"), "name": "C0"}, {"name": "C1"}]}})
    with pytest.raises(AzureSdkError, match="item 1 of the answer has no resource id .name 'C1'.") as caught:
        reader.subscription_connections()
    assert caught.value.code == "InvalidResponse"


def test_a_group_list_refuses_a_connection_without_an_id(reader):
    listing = SimpleNamespace(list=lambda rg, cls=None: [{"id": CONN % (SUB, rg, "C0"), "name": "C0"}, {"name": "C1", "id": None}])
    reader.client = lambda subscription_id=None: SimpleNamespace(virtual_network_gateway_connections=listing)
    with pytest.raises(AzureSdkError, match="the connections of resource group RG: item 1 of the answer has no "
                                            "resource id .name 'C1'."):
        reader.group_connections("RG")


def test_a_gateway_list_refuses_a_connection_entity_without_an_id(reader):
    gateways = SimpleNamespace(list_connections=lambda rg, name, cls=None: [SimpleNamespace(id=None, name="C1")])
    reader.client = lambda subscription_id=None: SimpleNamespace(virtual_network_gateways=gateways)
    reader.get = lambda rid, **_kw: {"id": rid}
    with pytest.raises(AzureSdkError, match="item 0 of the answer has no resource id .name 'C1'."):
        reader.gateway_connections("RG", "GW")


@pytest.mark.parametrize("link, same", [
    ("https://management.azure.com:443/subscriptions/%s/resources?page=2" % SUB, True),
    ("https://MANAGEMENT.azure.com/subscriptions/%s/resources?page=2" % SUB, True),
    ("https://management.azure.com:8443/subscriptions/%s/resources?page=2" % SUB, False),
    ("https://management.azure.com.example/subscriptions/%s/resources?page=2" % SUB, False),
    ("https://someone@management.azure.com/subscriptions/%s/resources?page=2" % SUB, False),
    ("http://management.azure.com/subscriptions/%s/resources?page=2" % SUB, False),
    ("https://management.azure.com:x/subscriptions/%s/resources?page=2" % SUB, False),
], ids=range(7))
def test_a_next_link_with_the_default_port_written_out_is_on_the_endpoint(reader, link, same):
    # ARM writes https://management.azure.com:443/... in its links: refused as "not on the endpoint" before, the
    # second page of a subscription's resources was never read
    serve(reader, {"first": {"value": [{"id": "a"}], "nextLink": link}, link: {"value": [{"id": "b"}]}})
    if same:
        assert len(reader._pages("the connections", "first")) == 2  # pylint: disable=protected-access
    else:
        with pytest.raises(AzureSdkError, match="it was not followed"):
            reader._pages("the connections", "first")  # pylint: disable=protected-access


def test_a_peering_whose_remote_id_is_no_text_is_refused_by_name(reader):
    """Review 2026-12-06: a spoke peering's remoteVirtualNetwork.id given as a number reached id_key and was an
    "unexpected AttributeError"."""
    vnet = {"id": "/subscriptions/%s/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/spoke" % SUB,
            "properties": {"virtualNetworkPeerings": [{"name": "to-hub", "properties": {
                "remoteVirtualNetwork": {"id": 5}, "useRemoteGateways": True}}]}}
    with pytest.raises(AzureInputError) as info:
        reader.peerings(vnet)
    assert "virtualNetworkPeerings[0].remoteVirtualNetwork.id is a int, not a resource id" in str(info.value)
