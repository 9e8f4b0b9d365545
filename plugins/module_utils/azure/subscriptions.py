# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which subscription to read when none was given, and what a subscription's state allows.

Plain Python (no Ansible, no SDK). Sources:

- Azure REST API reference, Resources "Subscriptions - List" (api-version 2022-12-01): each item has
  ``subscriptionId``, ``displayName`` and ``state``, one of Enabled, Warned, PastDue, Disabled, Deleted
  (SubscriptionState in the Azure SDKs); "Subscriptions - Get" (``GET /subscriptions/{subscriptionId}``, same
  api-version) answers one subscription, with the same ``state``.
- learn.microsoft.com/azure/cost-management-billing/manage/subscription-states ("Azure subscription states"):
  Active/Enabled allows every operation; Warned "can be used normally" and Past Due is "still active", both with
  "All operations are available"; Disabled and Expired allow GET and DELETE only (PUT, PATCH and POST are refused);
  Deleted allows nothing.
- azure.azcollection (azure_rm_common) reads the first subscription a managed identity lists; the Azure CLI
  uses the subscription marked ``isDefault`` (what ``az account show`` prints).

Our rule: the first listed subscription in a usable state (Enabled, Warned or PastDue: every operation works, see
above); a Warned or PastDue one is said with its state. Disabled, Expired and Deleted ones are never taken by
default (a Disabled one still reads when named with subscription_id). The choice is always stated. A module that
changes Azure (``changes``) takes no pick among several usable subscriptions: prod and staging often mirror resource
group and connection names, so a guessed one could be changed in place of the other; nor does it change a
subscription whose state it knows to refuse changes (``refusal``). A subscription named with subscription_id is
read with Subscriptions - Get before a change (``unread_note`` when Azure does not answer its state).
"""

from urllib.parse import quote

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import GUID_RE, shown

# Subscriptions - List (the subscriptions an identity sees, sdk.discover_subscription) and Subscriptions - Get (one
# subscription's state before a change, StateBeforeChangeMixin): Azure REST API reference, Resources
SUBSCRIPTIONS_API_VERSION = "2022-12-01"
ENABLED = "Enabled"
# states in which every operation works (subscription-states: "All operations are available" for Warned and Past
# Due too): the candidates when no subscription is given
USABLE_STATES = (ENABLED, "Warned", "PastDue")
USABLE_WORDS = "Enabled, Warned or PastDue"
# states in which reads (GET) work but writes (PUT, PATCH, POST) are refused (subscription-states, above)
READ_ONLY_STATES = ("Disabled", "Expired")
DELETED = "Deleted"
# why each state other than Enabled is said (subscription-states, above)
STATE_WHY = {
    "warned": "Azure allows every operation, but disables it soon unless the reason for the warning is addressed",
    "pastdue": "a payment is outstanding; Azure allows every operation until it disables it",
    "disabled": "Azure allows reading it but refuses every change (PUT, PATCH, POST) until it is re-enabled",
    "expired": "Azure allows reading it but refuses every change (PUT, PATCH, POST) until it is reactivated",
    "deleted": "Azure allows no operation on it",
}
# what to do about a state that refuses changes (subscription-states, above): a Deleted one cannot be brought back
REMEDY = {
    "disabled": "re-enable it, or name another with subscription_id",
    "expired": "reactivate it, or name another with subscription_id",
    "deleted": "name another with subscription_id",
}


class SubscriptionChoiceError(ValueError):
    """No subscription can be chosen; ``code`` is the error code the module reports."""

    def __init__(self, message, code):
        super(SubscriptionChoiceError, self).__init__(message)
        self.code = code


def state_of(item):
    state = item.get("state")
    return state if isinstance(state, str) and state.strip() else None


def _key(state):
    # "PastDue" as the API spells it, "Past Due" as the portal does
    return "".join(state.split()).casefold() if isinstance(state, str) else None


def is_enabled(state):
    return _key(state) == ENABLED.casefold()


_USABLE_KEYS = frozenset(_key(s) for s in USABLE_STATES)
_REFUSING_KEYS = frozenset(_key(s) for s in READ_ONLY_STATES + (DELETED,))


def is_usable(state):
    """Whether Azure allows every operation in ``state`` (Enabled, Warned, PastDue)."""
    return _key(state) in _USABLE_KEYS


def refuses_changes(state):
    """Whether Azure refuses changes (PUT, PATCH, POST) in ``state``: Disabled, Expired, Deleted. False when the
    state is not known."""
    return _key(state) in _REFUSING_KEYS


def state_note(subscription, state):
    """A warning for a subscription read in a state other than Enabled (None when Enabled or unknown)."""
    if state is None or is_enabled(state):
        return None
    why = STATE_WHY.get(_key(state), "Azure may refuse requests to it")
    return "subscription %s is %s: %s (Azure subscription states)" % (subscription, shown(state)[1:-1], why)


def refusal(subscription, state, from_where, changes, done="nothing was read or changed"):
    """The error message when ``changes`` (what the module does to Azure) would go to a subscription whose known
    ``state`` refuses changes, else None: Azure would refuse the PUT, and a check mode run would show a plan that can
    never be applied. ``done``: what the module did before it stopped."""
    if not refuses_changes(state):
        return None
    return ("subscription %s (from %s) is %s: %s (Azure subscription states); %s, so %s (%s)" % (
        subscription, from_where, shown(state)[1:-1], STATE_WHY[_key(state)], changes, done, REMEDY[_key(state)]))


def read_only_refusal(subscription, from_where, state, error):
    """The message when Azure refused a change with ReadOnlyDisabledSubscription (its answer for a Disabled or
    Expired subscription), worded by the ``state`` read before (None: not known) rather than always "disabled"."""
    if refuses_changes(state):
        said, why, remedy = shown(state)[1:-1], STATE_WHY[_key(state)], REMEDY[_key(state)]
    else:  # which of the two is not known
        said = "disabled or expired"
        why = "Azure allows reading it but refuses every change (PUT, PATCH, POST) until it is re-enabled or reactivated"
        remedy = "re-enable or reactivate it, or name another with subscription_id"
    return "subscription %s (from %s) is %s in Azure and read-only: %s (Azure subscription states); %s (%s)" % (
        subscription, from_where, said, why, remedy, error)


def unread_note(subscription, from_where, why):
    """The warning when Subscriptions - Get did not give the state of the subscription about to be changed: the
    change goes on (a token may read resources without reading their subscription), and a refusal then comes from
    Azure."""
    return ("the state of subscription %s (from %s) could not be read before the change (%s); the change was planned "
            "without it: Azure refuses it if the subscription is Disabled, Expired or Deleted (Azure subscription "
            "states)" % (subscription, from_where, why))


def _label(item):
    state = state_of(item)
    return "%s (%s)" % (item["subscriptionId"], shown(state)[1:-1] if state else "state not given")


def choose_subscription(items, who, changes=None):
    """(subscription id, how it was chosen, warnings) from the Subscriptions - List ``items`` of ``who``
    (e.g. "managed identity"). SubscriptionChoiceError when none can be chosen, or when ``changes`` (what the
    module does to Azure, e.g. "azure_vpn_connection changes Azure") is given and more than one is usable."""
    for position, item in enumerate(items):
        # skipped, it made the next one "the first listed" without a word (review s41)
        if not isinstance(item.get("subscriptionId"), str) or not item["subscriptionId"].strip():
            raise SubscriptionChoiceError(
                "the subscriptions visible to the %s: item %d of the answer has no subscriptionId (displayName %s); "
                "no subscription is chosen from it (set subscription_id)" % (who, position, shown(item.get(
                    "displayName"))), "InvalidResponse")
        if not GUID_RE.match(item["subscriptionId"]):
            # it goes into every request URL after the pick (/subscriptions/<id>/...): a '..' or '/' there sent the
            # requests to another path; "The subscription ID ... a GUID" (names.GUID_RE), as checked for one given
            raise SubscriptionChoiceError(
                "the subscriptions visible to the %s: item %d of the answer names %s, which is not a subscription id "
                "(a GUID); no subscription is chosen from it (set subscription_id)" % (
                    who, position, shown(item["subscriptionId"])), "InvalidResponse")
    if not items:
        # what Subscriptions - List answers a principal holding no role on any subscription
        raise SubscriptionChoiceError(
            "no subscription_id given and the %s holds a role on no subscription (Azure listed none): give it a "
            "role such as Reader on the subscription to read, or set subscription_id" % who, "SubscriptionNotFound")
    usable = [i for i in items if is_usable(state_of(i))]
    others = [i for i in items if not is_usable(state_of(i))]
    if not usable:
        raise SubscriptionChoiceError(
            "no subscription_id given and none of the %d subscription(s) the %s can see is in a usable state (%s): "
            "%s; set subscription_id to read one of them (a Disabled one can still be read, not changed)"
            % (len(items), who, USABLE_WORDS, ", ".join(_label(i) for i in others)), "SubscriptionNotEnabled")
    if changes and len(usable) > 1:
        # refused before any change, check mode included: the plan it would show is for a guessed subscription
        raise SubscriptionChoiceError(
            "no subscription_id given and the %s can see %d usable subscriptions (%s): %s; %s and does not pick "
            "one of them (the same resource group and connection names may exist in each): set "
            "subscription_id or AZURE_SUBSCRIPTION_ID; nothing was changed"
            % (who, len(usable), USABLE_WORDS, ", ".join(_label(i) for i in usable), changes), "SubscriptionNotChosen")
    chosen = usable[0]["subscriptionId"]
    warnings = []
    if len(usable) > 1:
        how = "first of %d usable subscriptions listed" % len(usable)
        warnings.append("no subscription_id given; reading subscription %s, the first of %d usable subscriptions "
                        "(%s) the %s can see (the others: %s); set subscription_id to choose"
                        % (_label(usable[0]), len(usable), USABLE_WORDS, who, ", ".join(_label(i) for i in usable[1:])))
    else:
        how = "the only usable subscription listed"
    if others:
        warnings.append("no subscription_id given; not chosen because Azure refuses changes to it or its state is not "
                        "known: %s" % ", ".join(_label(i) for i in others))
    return chosen, how, warnings


class StateBeforeChangeMixin:
    """Mixed into sdk.AzureNetworkReader, which provides ``changes``, ``settings``, ``call``, ``_send_json``,
    ``refuse_read_only`` and ``warnings``."""

    _state_asked = False  # before_change asks once

    def before_change(self):
        """Called when there is something to change, before it is sent or shown (check mode): the state of a
        subscription that no answer so far gave (one named with subscription_id: no list was read) is read with one
        request, Subscriptions - Get, and a state that refuses changes stops the module (refuse_read_only). Reads
        alone never pay for it: Azure allows them in every state but Deleted. A 403, or a 404 other than
        SubscriptionNotFound, leaves the state unknown, said in a warning: the token may read the resources without
        reading their subscription."""
        if not self.changes or self.settings.subscription_state is not None or self._state_asked:
            return
        self._state_asked = True
        sub = self.settings.subscription_id
        from_where = self.settings.subscription_from or self.settings.origin
        url = "/subscriptions/%s?api-version=%s" % (quote(sub, safe=""), SUBSCRIPTIONS_API_VERSION)
        try:
            answer = self.call("subscription %s" % sub, self._send_json, url)
        except AzureSdkError as exc:
            # SubscriptionNotFound: no subscription by that id for these credentials, as any request would say
            if exc.code == "SubscriptionNotFound" or exc.status not in (403, 404):
                raise
            self.warnings.append(unread_note(sub, from_where, exc))
            return
        state = state_of(answer) if isinstance(answer, dict) else None
        if state is None:
            self.warnings.append(unread_note(sub, from_where, "Azure's answer gave no state"))
            return
        self.settings.subscription_state = state
        self.refuse_read_only(done="nothing was changed")
        note = state_note(sub, state)
        if note:
            self.warnings.append(note)
