# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A subscription picked from Azure's Subscriptions - List answer (a managed identity without subscription_id) goes
into every request URL after it (/subscriptions/<id>/...): an id there that is no GUID is refused naming the item,
as an id given by the user or read from az account show is, never chosen and sent."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.subscriptions import (
    SubscriptionChoiceError,
    choose_subscription,
)

GOOD = "aaaaaaaa-0000-4000-8000-00000000000a"


@pytest.mark.parametrize("listed_id", ["..", ".", "../providers/Microsoft.Network", GOOD + "\n", GOOD + "/x",
                                       GOOD + "?api-version=1", "a%2fb", " " + GOOD,
                                       "\u0430aaaaaaa-0000-4000-8000-00000000000a"],
                         ids=["dotdot", "dot", "climb", "newline", "slash", "query", "escape", "space", "lookalike"])
def test_a_listed_subscription_id_that_is_no_guid_is_refused_not_chosen(listed_id):
    items = [{"subscriptionId": listed_id, "displayName": "Prod", "state": "Enabled"}]
    with pytest.raises(SubscriptionChoiceError) as caught:
        choose_subscription(items, "managed identity")
    message = str(caught.value)
    assert caught.value.code == "InvalidResponse", message
    assert "item 0" in message and "not a subscription id" in message and "set subscription_id" in message, message
    assert "\n" not in message


def test_a_bad_id_after_a_good_one_is_refused_too():
    """Not skipped: the list itself is not what Azure answers, so no pick is made from it."""
    items = [{"subscriptionId": GOOD, "state": "Enabled"}, {"subscriptionId": "..", "state": "Enabled"}]
    with pytest.raises(SubscriptionChoiceError, match="item 1"):
        choose_subscription(items, "managed identity")


def test_a_guid_in_upper_case_is_still_chosen():
    sub, _how, _warnings = choose_subscription([{"subscriptionId": GOOD.upper(), "state": "Enabled"}], "managed identity")
    assert sub == GOOD.upper()
