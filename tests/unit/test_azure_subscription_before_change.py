# -*- coding: utf-8 -*-
"""The state of a subscription named with subscription_id, read before a change (AzureNetworkReader.before_change).

Azure REST API, Resources "Subscriptions - Get" (GET /subscriptions/{subscriptionId}, api-version 2022-12-01) answers
its ``state``; "Azure subscription states" (learn.microsoft.com/azure/cost-management-billing/manage/
subscription-states): Disabled and Expired allow reads only, Deleted nothing, Warned and Past Due everything.
"""

import types

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import resolve_auth

SUB = "aaaaaaaa-0000-4000-8000-00000000000a"
CHANGES = "azure_vpn_connection changes Azure"
FROM = "(from the subscription_id option)"


class _Token:
    def get_token(self, *scopes):
        return None


def _reader(answer, changes=CHANGES):
    """A signed-in reader of SUB (named), whose requests answer ``answer`` (an exception is raised); the URLs asked."""
    pytest.importorskip("azure.identity")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader

    settings = resolve_auth({"auth_source": "msi", "subscription_id": SUB}, env={}, read_text={}.get, home="/nohome")
    reader = AzureNetworkReader(settings, credential=_Token(), changes=changes)
    reader.authenticate()
    asked = []

    def send(url):
        asked.append(url)
        if isinstance(answer, Exception):
            raise answer
        return answer

    reader._send_json = send  # pylint: disable=protected-access
    return reader, asked


def _refused(status, code, message):
    from azure.core.exceptions import HttpResponseError

    exc = HttpResponseError(message=message)
    exc.status_code = status
    exc.error = types.SimpleNamespace(code=code, message=message)
    return exc


# review R2 2026-12-07: each said "re-enable it", which an Expired one is not (it is reactivated) and a Deleted one
# cannot be
REMEDIES = {"Disabled": "re-enable it, or name another with subscription_id",
            "Expired": "reactivate it, or name another with subscription_id",
            "Deleted": "name another with subscription_id"}


@pytest.mark.parametrize("state", sorted(REMEDIES))
def test_a_named_subscription_that_refuses_changes_is_refused_before_the_change(state):
    reader, asked = _reader({"subscriptionId": SUB, "state": state})
    with pytest.raises(Exception) as caught:
        reader.before_change()
    message = str(caught.value)
    assert getattr(caught.value, "code", None) == "SubscriptionReadOnly", message
    assert asked == ["/subscriptions/%s?api-version=2022-12-01" % SUB]
    assert message.startswith("subscription %s %s is %s: " % (SUB, FROM, state)), message
    assert message.endswith("%s, so nothing was changed (%s)" % (CHANGES, REMEDIES[state])), message


@pytest.mark.parametrize("state,warned", [("Enabled", None), ("Warned", "disables it soon"),
                                          ("PastDue", "a payment is outstanding")], ids=range(3))
def test_a_named_usable_subscription_costs_one_request_and_a_state_other_than_enabled_is_said(state, warned):
    reader, asked = _reader({"subscriptionId": SUB, "state": state})
    reader.before_change()
    reader.before_change()  # asked once per run
    assert len(asked) == 1 and reader.settings.subscription_state == state
    assert [w for w in reader.warnings if warned and warned in w] == ([] if warned is None else reader.warnings)
    assert len(reader.warnings) == (0 if warned is None else 1), reader.warnings


def test_a_module_that_only_reads_never_asks():
    reader, asked = _reader({"subscriptionId": SUB, "state": "Disabled"}, changes=None)
    reader.before_change()
    assert asked == [] and reader.warnings == []


@pytest.mark.parametrize("status,code,said", [
    (403, "AuthorizationFailed", "permission denied reading subscription %s" % SUB),
    (404, "NotFound", "subscription %s not found" % SUB),
], ids=range(2))
def test_a_state_that_cannot_be_read_lets_the_change_go_on_and_says_so(status, code, said):
    reader, asked = _reader(_refused(status, code, "no"))
    reader.before_change()
    [warning] = reader.warnings
    assert len(asked) == 1 and reader.settings.subscription_state is None
    assert warning.startswith("the state of subscription %s %s could not be read before the change (" % (SUB, FROM))
    assert said in warning and code in warning and "Azure refuses it if the subscription is Disabled" in warning


def test_an_answer_without_a_state_is_said():
    reader, _asked = _reader({"subscriptionId": SUB})
    reader.before_change()
    [warning] = reader.warnings
    assert "could not be read before the change (Azure's answer gave no state)" in warning, warning


@pytest.mark.parametrize("status,code", [(404, "SubscriptionNotFound"), (500, "InternalServerError")], ids=range(2))
def test_a_subscription_not_found_or_a_server_error_stops_the_change(status, code):
    reader, _asked = _reader(_refused(status, code, "no"))
    with pytest.raises(Exception) as caught:
        reader.before_change()
    assert getattr(caught.value, "code", None) == code and reader.warnings == [], caught.value
    if code == "SubscriptionNotFound":
        assert str(caught.value).startswith("subscription %s %s is not one the credentials" % (SUB, FROM))


@pytest.mark.parametrize("state,said", [
    ("Disabled", "is Disabled in Azure and read-only: Azure allows reading it but refuses every change (PUT, PATCH, "
                 "POST) until it is re-enabled (Azure subscription states); re-enable it, or name"),
    ("Expired", "is Expired in Azure and read-only: Azure allows reading it but refuses every change (PUT, PATCH, "
                "POST) until it is reactivated (Azure subscription states); reactivate it, or name"),
    (None, "is disabled or expired in Azure and read-only: Azure allows reading it but refuses every change (PUT, "
           "PATCH, POST) until it is re-enabled or reactivated (Azure subscription states); re-enable or reactivate"),
], ids=range(3))
def test_azure_refusing_a_change_as_read_only_is_worded_by_the_state_read(state, said):
    # review R2 2026-12-07: ReadOnlyDisabledSubscription (Disabled or Expired) always said "disabled ... re-enabled"
    reader, _asked = _reader({})
    reader.settings.subscription_state = state
    error = reader.http_error("changing connection S2S", _refused(409, "ReadOnlyDisabledSubscription", "read only"),
                              verb="changing")
    assert error.code == "ReadOnlyDisabledSubscription"
    assert str(error).startswith("subscription %s %s %s" % (SUB, FROM, said)), str(error)
