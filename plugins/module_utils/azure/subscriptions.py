# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which subscription to read when none was given, and what a subscription's state allows.

Plain Python (no Ansible, no SDK). Sources:

- Azure REST API reference, Resources "Subscriptions - List" (api-version 2022-12-01): each item has
  ``subscriptionId``, ``displayName`` and ``state``, one of Enabled, Warned, PastDue, Disabled, Deleted
  (SubscriptionState in the Azure SDKs).
- learn.microsoft.com/azure/cost-management-billing/manage/subscription-states: Active/Enabled allows every
  operation; Disabled and Expired allow GET and DELETE only (PUT, PATCH and POST are refused); Deleted allows
  nothing; Past Due is "still active" until the bill is paid.
- azure.azcollection (azure_rm_common) reads the first subscription a managed identity lists; the Azure CLI
  uses the subscription marked ``isDefault`` (what ``az account show`` prints).

Our rule: the first listed subscription whose state is Enabled; the other states are never taken by default
(a Disabled one still reads when named with subscription_id). The choice is always stated. A module that changes
Azure (``changes``) takes no pick among several Enabled subscriptions: prod and staging often mirror resource group
and connection names, so a guessed one could be changed in place of the other.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import shown

ENABLED = "Enabled"
# states in which reads (GET) work but writes (PUT, PATCH, POST) are refused (subscription-states, above)
READ_ONLY_STATES = ("Disabled", "Expired")


class SubscriptionChoiceError(ValueError):
    """No subscription can be chosen; ``code`` is the error code the module reports."""

    def __init__(self, message, code):
        super(SubscriptionChoiceError, self).__init__(message)
        self.code = code


def state_of(item):
    state = item.get("state")
    return state if isinstance(state, str) and state.strip() else None


def is_enabled(state):
    return isinstance(state, str) and state.strip().casefold() == ENABLED.casefold()


def state_note(subscription, state):
    """A warning for a subscription read in a state other than Enabled (None when Enabled or unknown)."""
    if state is None or is_enabled(state):
        return None
    if state.strip().casefold() in [s.casefold() for s in READ_ONLY_STATES]:
        why = "Azure allows reading it but refuses every change (PUT, PATCH, POST) until it is re-enabled"
    else:
        why = "Azure may refuse requests to it"
    return "subscription %s is %s: %s (Azure subscription states)" % (subscription, shown(state)[1:-1], why)


def _label(item):
    state = state_of(item)
    return "%s (%s)" % (item["subscriptionId"], shown(state)[1:-1] if state else "state not given")


def choose_subscription(items, who, changes=None):
    """(subscription id, how it was chosen, warnings) from the Subscriptions - List ``items`` of ``who``
    (e.g. "managed identity"). SubscriptionChoiceError when none can be chosen, or when ``changes`` (what the
    module does to Azure, e.g. "azure_vpn_connection changes Azure") is given and more than one is Enabled."""
    for position, item in enumerate(items):
        # skipped, it made the next one "the first listed" without a word (review s41)
        if not isinstance(item.get("subscriptionId"), str) or not item["subscriptionId"].strip():
            raise SubscriptionChoiceError(
                "the subscriptions visible to the %s: item %d of the answer has no subscriptionId (displayName %s); "
                "no subscription is chosen from it (set subscription_id)" % (who, position, shown(item.get(
                    "displayName"))), "InvalidResponse")
    if not items:
        # what Subscriptions - List answers a principal holding no role on any subscription
        raise SubscriptionChoiceError(
            "no subscription_id given and the %s holds a role on no subscription (Azure listed none): give it a "
            "role such as Reader on the subscription to read, or set subscription_id" % who, "SubscriptionNotFound")
    enabled = [i for i in items if is_enabled(state_of(i))]
    others = [i for i in items if not is_enabled(state_of(i))]
    if not enabled:
        raise SubscriptionChoiceError(
            "no subscription_id given and none of the %d subscription(s) the %s can see is Enabled: %s; set "
            "subscription_id to read one of them (a Disabled one can still be read, not changed)"
            % (len(items), who, ", ".join(_label(i) for i in others)), "SubscriptionNotEnabled")
    if changes and len(enabled) > 1:
        # refused before any change, check mode included: the plan it would show is for a guessed subscription
        raise SubscriptionChoiceError(
            "no subscription_id given and the %s can see %d Enabled subscriptions: %s; %s and does not pick "
            "one of them (the same resource group and connection names may exist in each): set "
            "subscription_id or AZURE_SUBSCRIPTION_ID; nothing was changed" % (who, len(enabled), ", ".join(
                i["subscriptionId"] for i in enabled), changes), "SubscriptionNotChosen")
    chosen = enabled[0]["subscriptionId"]
    warnings = []
    if len(enabled) > 1:
        how = "first of %d Enabled subscriptions listed" % len(enabled)
        warnings.append("no subscription_id given; reading subscription %s, the first of %d Enabled subscriptions "
                        "the %s can see (the others: %s); set subscription_id to choose"
                        % (chosen, len(enabled), who, ", ".join(i["subscriptionId"] for i in enabled[1:])))
    else:
        how = "the only Enabled subscription listed"
    if others:
        warnings.append("no subscription_id given; not chosen because not Enabled: %s"
                        % ", ".join(_label(i) for i in others))
    return chosen, how, warnings
