# -*- coding: utf-8 -*-
"""The subscription read when none is given (subscriptions.choose_subscription) and the CLI default's state.

States: Azure REST API "Subscriptions - List" (Enabled, Warned, PastDue, Disabled, Deleted); "Azure subscription
states" (learn.microsoft.com/azure/cost-management-billing/manage/subscription-states): Warned and Past Due allow
every operation (candidates like Enabled, said with their state), Disabled and Expired allow GET only.
"""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import resolve_auth
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.subscriptions import (
    SubscriptionChoiceError,
    choose_subscription,
)

SUB_A = "aaaaaaaa-0000-4000-8000-00000000000a"
SUB_B = "bbbbbbbb-0000-4000-8000-00000000000b"
SUB_C = "cccccccc-0000-4000-8000-00000000000c"


def listed(*pairs):
    return [dict({"subscriptionId": sub}, **({"state": state} if state else {})) for sub, state in pairs]


@pytest.mark.parametrize("items,chosen,how,warned", [
    (listed((SUB_A, "Enabled")), SUB_A, "the only usable subscription listed", []),
    # the first listed is Disabled / Deleted / of no state: never taken by default, and named
    (listed((SUB_A, "Disabled"), (SUB_B, "Enabled")), SUB_B, "the only usable subscription listed",
     ["%s (Disabled)" % SUB_A]),
    (listed((SUB_A, "Deleted"), (SUB_B, None), (SUB_C, "enabled")), SUB_C, "the only usable subscription listed",
     ["%s (Deleted)" % SUB_A, "%s (state not given)" % SUB_B]),
    # Warned and PastDue still allow every operation: candidates like Enabled, the first listed is read
    (listed((SUB_A, "Warned"), (SUB_B, "PastDue"), (SUB_C, "Enabled")), SUB_A, "first of 3 usable subscriptions listed",
     ["%s (Warned), the first of 3 usable" % SUB_A, "%s (PastDue)" % SUB_B, "%s (Enabled)" % SUB_C]),
    (listed((SUB_A, "Disabled"), (SUB_B, "Past Due")), SUB_B, "the only usable subscription listed",
     ["%s (Disabled)" % SUB_A]),
    # several usable: the first, and the others named
    (listed((SUB_A, "Enabled"), (SUB_B, "Disabled"), (SUB_C, "Enabled")), SUB_A,
     "first of 2 usable subscriptions listed", ["the first of 2 usable", SUB_C, "%s (Disabled)" % SUB_B]),
], ids=range(6))
def test_the_first_usable_subscription_is_chosen_and_the_choice_stated(items, chosen, how, warned):
    sub, why, warnings = choose_subscription(items, "managed identity")
    assert (sub, why) == (chosen, how)
    text = " | ".join(warnings)
    assert all(word in text for word in warned), text
    assert bool(warnings) == bool(warned)


@pytest.mark.parametrize("items,code,words", [
    ([], "SubscriptionNotFound", ["holds a role on no subscription", "Reader", "subscription_id"]),
    (listed((SUB_A, "Disabled"), (SUB_B, "Deleted"), (SUB_C, "Expired")), "SubscriptionNotEnabled",
     ["none of the 3", "%s (Disabled)" % SUB_A, "%s (Deleted)" % SUB_B, "%s (Expired)" % SUB_C,
      "Enabled, Warned or PastDue", "set subscription_id"]),
    ([{"displayName": "Prod", "state": "Enabled"}], "InvalidResponse", ["item 0", "no subscriptionId", "'Prod'"]),
], ids=range(3))
def test_no_subscription_is_chosen_without_a_usable_one(items, code, words):
    with pytest.raises(SubscriptionChoiceError) as caught:
        choose_subscription(items, "managed identity")
    assert caught.value.code == code and all(w in str(caught.value) for w in words), str(caught.value)


CHANGES = "azure_vpn_connection changes Azure"


@pytest.mark.parametrize("second", ["Enabled", "Warned", "PastDue"])
def test_a_module_that_changes_azure_takes_no_pick_among_several_usable(second):
    # a Warned or PastDue mirror could be changed in place of the Enabled one as well
    items = listed((SUB_A, "Enabled"), (SUB_B, "Disabled"), (SUB_C, second))
    with pytest.raises(SubscriptionChoiceError) as caught:
        choose_subscription(items, "managed identity", changes=CHANGES)
    message = str(caught.value)
    assert caught.value.code == "SubscriptionNotChosen", message
    assert "2 usable subscriptions (Enabled, Warned or PastDue): %s (Enabled), %s (%s); %s" % (
        SUB_A, SUB_C, second, CHANGES) in message, message
    assert "set subscription_id or AZURE_SUBSCRIPTION_ID" in message and SUB_B not in message, message


def test_a_module_that_changes_azure_takes_the_only_usable_one():
    items = listed((SUB_A, "Disabled"), (SUB_B, "Enabled"))
    sub, how, warnings = choose_subscription(items, "managed identity", changes=CHANGES)
    assert (sub, how) == (SUB_B, "the only usable subscription listed") and "%s (Disabled)" % SUB_A in warnings[0]


class _Token:
    def get_token(self, *scopes):
        return None


@pytest.mark.parametrize("state,warned", [("Enabled", None), ("Disabled", "refuses every change"),
                                          ("PastDue", "a payment is outstanding; Azure allows every operation"),
                                          ("Warned", "allows every operation, but disables it soon")], ids=range(4))
def test_the_cli_default_subscription_is_read_and_a_state_other_than_enabled_is_said(state, warned):
    pytest.importorskip("azure.identity")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader

    settings = resolve_auth({"auth_source": "cli"}, env={}, read_text={}.get, home="/nohome",
                            az_account=lambda: {"id": SUB_A, "tenantId": "t-1", "isDefault": True, "state": state})
    reader = AzureNetworkReader(settings, credential=_Token())
    reader.authenticate()
    assert settings.subscription_id == SUB_A and settings.describe()["subscription_from"] == "az account show"
    if warned is None:
        assert reader.warnings == []
    else:
        [warning] = reader.warnings
        assert SUB_A in warning and state in warning and warned in warning, warning


@pytest.mark.parametrize("params,env,source", [
    ({"subscription_id": SUB_A}, {}, "the subscription_id option"),
    ({}, {"AZURE_SUBSCRIPTION_ID": SUB_B}, "AZURE_SUBSCRIPTION_ID"),
], ids=range(2))
def test_where_a_given_subscription_came_from_is_in_the_result(params, env, source):
    settings = resolve_auth(dict(params, auth_source="msi"), env=env, read_text={}.get, home="/nohome")
    assert settings.describe()["subscription_from"] == source


@pytest.mark.parametrize("state,why", [("Warned", "disables it soon"), ("PastDue", "a payment is outstanding")],
                         ids=range(2))
def test_a_managed_identity_reads_a_warned_or_past_due_subscription_and_says_its_state(state, why):
    pytest.importorskip("azure.identity")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader

    settings = resolve_auth({"auth_source": "msi"}, env={}, read_text={}.get, home="/nohome")
    reader = AzureNetworkReader(settings, credential=_Token())
    answer = {"value": listed((SUB_A, "Disabled"), (SUB_B, state))}
    reader._send_json = lambda url: answer  # pylint: disable=protected-access
    reader.authenticate()
    assert settings.subscription_id == SUB_B and settings.subscription_from == "the only usable subscription listed"
    said = [w for w in reader.warnings if w.startswith("subscription %s is %s: " % (SUB_B, state))]
    assert len(said) == 1 and why in said[0], reader.warnings


class _CountedToken:
    def __init__(self):
        self.asked = 0

    def get_token(self, *scopes):
        self.asked += 1


@pytest.mark.parametrize("state", ["Disabled", "Expired", "Deleted"])
def test_a_module_that_changes_azure_refuses_a_subscription_known_to_refuse_changes(state):
    # the CLI's default subscription (az account show says its state): Azure would refuse the PUT, and a check mode
    # plan for it could never be applied (Azure subscription states)
    pytest.importorskip("azure.identity")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader, AzureSdkError

    settings = resolve_auth({"auth_source": "cli"}, env={}, read_text={}.get, home="/nohome",
                            az_account=lambda: {"id": SUB_A, "tenantId": "t-1", "isDefault": True, "state": state})
    token = _CountedToken()
    reader = AzureNetworkReader(settings, credential=token, changes=CHANGES)
    reader._send_json = None  # pylint: disable=protected-access  # any request would fail the test
    with pytest.raises(AzureSdkError) as caught:
        reader.authenticate()
    message = str(caught.value)
    assert caught.value.code == "SubscriptionReadOnly" and (token.asked, reader.requests) == (0, 0), message
    assert message.startswith("subscription %s (from az account show) is %s: " % (SUB_A, state)), message
    assert CHANGES in message and "nothing was read or changed" in message, message


@pytest.mark.parametrize("state", ["Warned", "PastDue", None])
def test_a_module_that_changes_azure_goes_on_in_a_state_that_allows_changes_or_an_unknown_one(state):
    pytest.importorskip("azure.identity")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader

    account = dict({"id": SUB_A, "tenantId": "t-1", "isDefault": True}, **({"state": state} if state else {}))
    settings = resolve_auth({"auth_source": "cli"}, env={}, read_text={}.get, home="/nohome", az_account=lambda: account)
    reader = AzureNetworkReader(settings, credential=_Token(), changes=CHANGES)
    reader.authenticate()
    assert settings.subscription_id == SUB_A


def test_a_reading_module_reads_a_disabled_subscription_and_says_so():
    pytest.importorskip("azure.identity")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader

    settings = resolve_auth({"auth_source": "cli"}, env={}, read_text={}.get, home="/nohome",
                            az_account=lambda: {"id": SUB_A, "tenantId": "t-1", "isDefault": True, "state": "Disabled"})
    reader = AzureNetworkReader(settings, credential=_Token())
    reader.authenticate()
    [warning] = reader.warnings
    assert warning.startswith("subscription %s is Disabled: Azure allows reading it but refuses every change" % SUB_A)
