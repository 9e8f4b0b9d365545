# -*- coding: utf-8 -*-
"""Which subscription azure_vpn_facts reads, against the ARM lab with several subscriptions.

Without subscription_id a managed identity reads the first usable subscription it can see (Enabled, Warned or
PastDue: Azure allows every operation in them), and says how it chose (the result's azure.subscription_from, a
warning when there was a choice, another naming a Warned or PastDue one's state); a Disabled or Deleted subscription
is never taken by default. A subscription given that the token cannot see fails naming it.
States: Azure REST API "Subscriptions - List" (SubscriptionState) and "Azure subscription states" (Disabled:
GET and DELETE only; Warned and Past Due: all operations). The managed identity is the App Service protocol the lab serves (/msi/token).
"""

import time

import pytest

from subscription_lab import (SUB_A, SUB_B, SUB_C, lab_env, run_saved, saved_play, subscriptions_read,
                              three_subscriptions)

SECRET = "Lab-SubChoice-S3cret+/=41"
UNKNOWN = "99999999-0000-4000-8000-000000000099"

PLAYBOOK = saved_play("Gather Azure VPN facts, choosing a subscription", "Gather from Azure", """
    vpnalign.s2s.azure_vpn_facts:
      resource_group: RG
      connection: UKSouth-HQ-S2S
      auth_source: "{{ azure_args.auth_source | default(omit) }}"
      subscription_id: "{{ azure_args.subscription_id | default(omit) }}"
""")


@pytest.fixture(scope="module")
def lab(repo_root):
    with three_subscriptions(repo_root, SECRET) as running:
        yield running


@pytest.fixture
def gather(lab, run_playbook, tmp_path, no_azure_env):
    playbook = tmp_path / "gather.yml"
    playbook.write_text(PLAYBOOK)

    def run(states, azure_args=None, identity=True, fails=False, faults=None, timeout=600):
        lab.set_faults(dict({"subscription_states": states}, **(faults or {})))
        lab.clear_requests()
        args = dict({"auth_source": "msi"} if identity else {}, **(azure_args or {}))
        return run_saved(run_playbook, playbook, {"azure_args": args}, lab_env(no_azure_env, lab, SECRET, identity),
                         SECRET, fails, timeout=timeout)

    return run


def test_a_disabled_subscription_listed_first_is_not_taken(lab, gather):
    result, output = gather({SUB_A: "Disabled", SUB_B: "Enabled", SUB_C: "Warned"})
    assert result["azure"]["subscription_id"] == SUB_B and subscriptions_read(lab) == [SUB_B]
    assert result["azure"]["subscription_from"] == "first of 2 usable subscriptions listed"
    # the ones left are named with their states, not dropped without a word
    assert "%s (Disabled)" % SUB_A in output and "%s (Warned)" % SUB_C in output, output


@pytest.mark.parametrize("state", ["Warned", "PastDue"])
def test_a_warned_or_past_due_subscription_is_read_and_its_state_said(lab, gather, state):
    # Azure subscription states: "All operations are available" in both; the only usable one here
    result, output = gather({SUB_A: "Disabled", SUB_B: state, SUB_C: "Deleted"})
    assert result["azure"]["subscription_id"] == SUB_B and subscriptions_read(lab) == [SUB_B]
    assert result["azure"]["subscription_from"] == "the only usable subscription listed"
    assert result["ansible_facts"]["vpnalign_azure"]["tunnels"], result
    assert "subscription %s is %s: " % (SUB_B, state) in " ".join(output.split()), output


def test_with_several_enabled_subscriptions_the_choice_is_stated(lab, gather):
    result, output = gather({})
    assert result["azure"]["subscription_id"] == SUB_A and subscriptions_read(lab) == [SUB_A]
    assert result["azure"]["subscription_from"] == "first of 3 usable subscriptions listed"
    assert "the first of 3 usable subscriptions" in output and SUB_B in output and SUB_C in output, output


def test_no_usable_subscription_fails_naming_each_state(lab, gather):
    result, _output = gather({SUB_A: "Disabled", SUB_B: "Deleted", SUB_C: "Disabled"}, fails=True)
    assert result["error_code"] == "SubscriptionNotEnabled" and subscriptions_read(lab) == []
    for sub, state in ((SUB_A, "Disabled"), (SUB_B, "Deleted"), (SUB_C, "Disabled")):
        assert "%s (%s)" % (sub, state) in result["msg"], result["msg"]
    assert "set subscription_id" in result["msg"]


def test_an_identity_with_no_role_on_any_subscription_says_so(lab, gather):
    result, _output = gather({SUB_A: None, SUB_B: None, SUB_C: None}, fails=True)
    assert result["error_code"] == "SubscriptionNotFound"
    assert "holds a role on no subscription" in result["msg"] and "Reader" in result["msg"], result["msg"]


def test_a_refused_subscription_list_says_subscription_id_avoids_it(lab, gather):
    result, _output = gather({}, fails=True, faults={"forbidden": {"path_regex": "^/subscriptions$"}})
    assert result["error_code"] == "AuthorizationFailed" and result["status"] == 403
    assert "the subscriptions visible to the managed identity" in result["msg"], result["msg"]
    assert result["msg"].endswith("set subscription_id, and this list is not read"), result["msg"]


def test_a_disabled_subscription_named_explicitly_is_still_read(lab, gather):
    # Disabled: GET still works (Azure subscription states); only writes are refused
    result, _output = gather({SUB_B: "Disabled"}, {"subscription_id": SUB_B})
    assert result["azure"]["subscription_id"] == SUB_B and subscriptions_read(lab) == [SUB_B]
    assert result["azure"]["subscription_from"] == "the subscription_id option"
    assert result["ansible_facts"]["vpnalign_azure"]["tunnels"], result


def test_a_subscription_the_token_cannot_see_fails_naming_it(lab, gather):
    result, _output = gather({}, {"subscription_id": UNKNOWN}, identity=False, fails=True)
    assert result["error_code"] == "SubscriptionNotFound"
    assert result["msg"].startswith("azure_vpn_facts: subscription %s (from the subscription_id option) is not one "
                                    "the credentials from environment variables can see" % UNKNOWN), result["msg"]


def test_a_managed_identity_token_throttled_beyond_the_bound_is_not_waited_for(lab, gather):
    """azure-identity gives a managed identity its own retry policy, which waits for any Retry-After: a token endpoint
    answering 429 with Retry-After: 3600 held the task an hour per retry (a service principal's gave up at once)."""
    started = time.monotonic()
    result, _output = gather({}, {"subscription_id": SUB_A}, fails=True, timeout=120,
                             faults={"throttle": {"path_regex": "^/msi/token", "times": 5, "retry_after": 3600}})
    assert time.monotonic() - started < 60
    assert result["error_code"] == "Throttled" and result["status"] == 429, result
    assert "managed identity" in result["msg"] and "not a credential problem" in result["msg"], result["msg"]
    # the request went to the managed identity endpoint, never to the authority the message named
    assert result["msg"].startswith("azure_vpn_facts: the managed identity token endpoint (IDENTITY_ENDPOINT"), result["msg"]
    assert "login.microsoftonline.com" not in result["msg"], result["msg"]
    assert "Azure asked to wait 3600 s, more than the 60 s this module waits, so nothing was retried" in result["msg"], \
        result["msg"]
    assert [r["status"] for r in lab.requests() if r["path"].startswith("/msi/token")] == [429]
