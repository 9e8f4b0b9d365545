# -*- coding: utf-8 -*-
"""Ids and links in Azure's answers go into request URLs only when each part is a valid Azure name and the link is on
the run's Resource Manager endpoint (review 2026-12-05, hostile input: an id holding '..' made the SDK request another
path; the PUT of an update took its target from the answer; a nextLink carries the bearer token wherever it points)."""

import pytest

pytest.importorskip("azure.identity")

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import resolve_auth  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import (  # noqa: E402
    AzureNetworkReader,
    AzureSdkError,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.writes import put_connection  # noqa: E402

SUB = "00000000-0000-0000-0000-000000000000"
NET = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/%s/%s"


class _NoToken:
    def get_token(self, *scopes):
        raise AssertionError("a token was asked for: a request was about to be sent")


@pytest.fixture
def reader():
    settings = resolve_auth({"auth_source": "msi", "subscription_id": SUB}, env={}, read_text={}.get, home="/nohome")
    found = AzureNetworkReader(settings, credential=_NoToken())

    def no_client(subscription_id=None):
        raise AssertionError("a client was made for subscription %r: a request was about to be sent" % subscription_id)
    found.client = no_client
    return found


def test_a_reference_with_dot_dot_is_an_undefined_reference_and_nothing_is_sent(reader):
    lng = NET % (SUB, "..", "localNetworkGateways", "..")
    assert reader.get(lng, optional=True, referenced_by="connection 'C1'") is None
    [warning] = reader.warnings
    assert "its resource group '..' is not a valid resource group name" in warning and "named by connection 'C1'" in warning


def test_a_required_id_with_an_invalid_name_fails_before_any_request(reader):
    with pytest.raises(AzureSdkError, match="nothing was sent"):
        reader.get(NET % (SUB, "RG", "connections", "a?b"))


@pytest.mark.parametrize("rid", [NET % (SUB, "..", "connections", "C1"), NET % ("not-a-guid", "RG", "connections", "C1"),
                                 NET % (SUB, "RG", "connections", "..")])
def test_an_update_takes_no_target_from_an_invalid_id_in_the_answer(reader, rid):
    with pytest.raises(AzureSdkError, match="nothing was sent"):
        put_connection(reader, {"id": rid, "etag": 'W/"1"'}, {"properties": {}}, timeout=60)


def test_a_key_read_takes_no_target_from_an_invalid_id(reader):
    with pytest.raises(AzureSdkError, match="nothing was sent"):
        reader.shared_key({"id": NET % (SUB, "..", "connections", "C1")})


def test_a_next_link_to_another_host_is_not_followed(reader):
    pages = {"first": {"value": [{"id": "a"}], "nextLink": "https://collector.example/steal?page=2"}}
    reader._send_json = pages.__getitem__  # pylint: disable=protected-access
    with pytest.raises(AzureSdkError, match="nextLink 'https://collector.example/steal.page=2' is not on"):
        reader._pages("the connections", "first")  # pylint: disable=protected-access
