# -*- coding: utf-8 -*-
"""Desired Azure connection -> what differs and the PUT body; a second run finds nothing."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_state import (
    IntentError,
    changed_properties,
    desired_properties,
    immutable_change_error,
    put_body,
)

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "azure_resources.json")

INTENT = dict(
    ike={"encryption": ["AES-CBC-128"], "integrity": ["SHA256"], "prf": ["SHA256"], "dh_groups": [19]},
    esp={"encryption": ["AES-GCM-128"], "integrity": []},
    pfs_group=0, child_lifetime_seconds=3600, child_lifetime_kilobytes=102400000,
    use_policy_based_traffic_selectors=True, dpd_timeout_seconds=45,
)


def connection():
    with open(SEED) as handle:
        return [r for r in json.load(handle) if r["type"].endswith("/connections")][0]


def test_seed_fix_changes_pfs_and_data_size_only():
    changes = changed_properties(connection(), desired_properties(INTENT))
    assert list(changes) == ["ipsecPolicies"]
    before, after = changes["ipsecPolicies"]
    assert before[0]["pfsGroup"] == "ECP256" and after[0]["pfsGroup"] == "None"
    assert after[0]["saDataSizeKilobytes"] == 102400000
    assert {k: v for k, v in after[0].items() if k not in ("pfsGroup", "saDataSizeKilobytes")} == {
        k: v for k, v in before[0].items() if k not in ("pfsGroup", "saDataSizeKilobytes")}


def test_second_run_is_idempotent_including_aliases_and_case():
    conn = connection()
    body = put_body(conn, changed_properties(conn, desired_properties(INTENT)))
    assert changed_properties(body, desired_properties(INTENT)) == {}
    body["properties"]["ipsecPolicies"][0]["dhGroup"] = "ecp256"
    assert changed_properties(body, desired_properties(INTENT)) == {}
    intent14 = dict(INTENT, ike=dict(INTENT["ike"], dh_groups=[14]), pfs_group=14)
    body["properties"]["ipsecPolicies"][0].update(dhGroup="DHGroup2048", pfsGroup="PFS14")
    assert changed_properties(body, desired_properties(intent14)) == {}


def test_put_body_drops_read_only_fields_and_keeps_the_rest():
    conn = connection()
    body = put_body(conn, changed_properties(conn, desired_properties(INTENT)))
    props = body["properties"]
    assert "connectionStatus" not in props and "provisioningState" not in props and "etag" not in body
    assert props["virtualNetworkGateway1"] == conn["properties"]["virtualNetworkGateway1"]


def test_default_policy_removes_the_custom_one():
    changes = changed_properties(connection(), desired_properties({"use_default_policy": True}))
    assert changes["ipsecPolicies"][1] == []


def test_default_policy_with_parts_of_a_custom_one_is_refused_naming_them():
    # review 2026-12-06 (E2): pfs_group and the lifetimes were dropped without a word and the policy removed
    with pytest.raises(IntentError) as refused:
        desired_properties({"use_default_policy": True, "pfs_group": 19, "child_lifetime_seconds": 3600})
    assert "%s" % refused.value == ("pfs_group, child_lifetime_seconds: part of a custom IPsec/IKE policy, and "
                                    "use_default_policy removes it for Azure's default policy: give one or the other")


def test_gcm_integrity_is_paired_by_the_module():
    policy = desired_properties(dict(INTENT, esp={"encryption": ["AES-GCM-256"], "integrity": []}))["ipsecPolicies"][0]
    assert policy["ipsecEncryption"] == policy["ipsecIntegrity"] == "GCMAES256"


@pytest.mark.parametrize("bad", [
    dict(ike=dict(INTENT["ike"], dh_groups=[21])),
    dict(ike=dict(INTENT["ike"], encryption=["AES-CBC-128", "AES-CBC-256"])),
    dict(esp={"encryption": ["AES-CBC-256"], "integrity": ["SHA512"]}),
    dict(pfs_group=5),
])
def test_what_azure_cannot_express_is_refused(bad):
    with pytest.raises(IntentError):
        desired_properties(dict(INTENT, **bad))


# traffic_selector_policies ranges went into the PUT body as given ("not-a-prefix", "10.0.0.0/33",
# "10.0.0.0/8\n" reached ARM after the token and the reads): each is checked before any request.
def selectors(local, remote=("172.16.0.0/16",)):
    return dict(traffic_selector_policies=[{"local_address_ranges": ["10.1.0.0/16"], "remote_address_ranges":
                                            ["192.168.0.0/24"]},
                                           {"local_address_ranges": list(local), "remote_address_ranges": list(remote)}])


@pytest.mark.parametrize("bad,problem", [
    ("not-a-prefix", "is not an IPv4 prefix"),
    ("10.0.0.0/33", "is not an IPv4 prefix"),
    ("10.0.0.0/8\n", "is not an IPv4 prefix"),
    (" 10.0.0.0/8", "is not an IPv4 prefix"),
    ("10.0.0.0", "is not an IPv4 prefix"),
    ("10.0.0.0/08", "is not an IPv4 prefix"),
    ("256.0.0.0/8", "is not an IPv4 prefix"),
    ("fd00::/8", "is not an IPv4 prefix"),
    ("10.0.0.1/8", "has host bits set (the prefix is 10.0.0.0/8)"),
])
def test_a_traffic_selector_range_azure_would_not_take_is_refused_naming_it(bad, problem):
    with pytest.raises(IntentError) as info:
        desired_properties(selectors(["10.2.0.0/16", bad]))
    message = str(info.value)
    assert message.startswith("traffic_selector_policies[1].local_address_ranges[1] (localAddressRanges) "), message
    assert problem in message and message.endswith("; nothing was sent"), message
    with pytest.raises(IntentError, match=r"^traffic_selector_policies\[1\]\.remote_address_ranges\[0\] "):
        desired_properties(selectors(["10.2.0.0/16"], remote=[bad]))


def test_an_empty_traffic_selector_range_list_is_refused():
    with pytest.raises(IntentError, match=r"local_address_ranges \(localAddressRanges\) must list at least one"):
        desired_properties(selectors([]))


def test_plain_ipv4_prefixes_go_into_the_body_as_given():
    body = desired_properties(selectors(["10.2.0.0/16", "0.0.0.0/0", "10.3.4.5/32"]))
    assert body["trafficSelectorPolicies"][1] == {"localAddressRanges": ["10.2.0.0/16", "0.0.0.0/0", "10.3.4.5/32"],
                                                  "remoteAddressRanges": ["172.16.0.0/16"]}


def test_protocol_is_immutable():
    changes = changed_properties(connection(), {"connectionProtocol": "IKEv1"})
    assert "delete and recreate" in immutable_change_error(changes)


# ---- long-running operations (lro.py) ------------------------------------------------------

class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def _with_state(state):
    resource = connection()
    resource["properties"]["provisioningState"] = state
    return resource


def test_a_resource_in_progress_is_waited_for_until_it_settles():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.lro import wait_settled

    clock = _Clock()
    states = iter(["Updating", "Updating", "Failed"])
    reads = []

    def read():
        reads.append(clock.now)
        return _with_state(next(states))

    settled = wait_settled(read, 60, "connection 'C'", clock=clock, sleep=clock.sleep, interval=2)
    assert settled["properties"]["provisioningState"] == "Failed" and reads == [0, 2, 4]


def test_a_resource_that_never_settles_fails_naming_the_state_after_the_timeout():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.lro import wait_settled

    clock = _Clock()
    with pytest.raises(AzureSdkError) as caught:
        wait_settled(lambda: _with_state("Updating"), 5, "connection 'C'", clock=clock, sleep=clock.sleep, interval=2)
    assert "connection 'C' is still Updating after 5 s" in str(caught.value) and "nothing was sent" in str(caught.value)
    assert clock.now == 5 and caught.value.code == "LroTimeout"


def test_an_operation_still_running_at_the_timeout_is_not_a_result():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.lro import wait_for

    class Poller:
        """azure-core's LROPoller as far as wait_for uses it: result() answers even when not done."""

        def __init__(self, done):
            self.finished = done
            self.waited = None

        def wait(self, timeout=None):
            self.waited = timeout

        def done(self):
            return self.finished

        def status(self):
            return "InProgress" if not self.finished else "Succeeded"

        def result(self, timeout=None):
            return _with_state("Updating" if not self.finished else "Succeeded")

    running = Poller(done=False)
    with pytest.raises(AzureSdkError) as caught:
        wait_for(running, 7, "the update of connection 'C'")
    assert running.waited == 7 and caught.value.accepted is True
    assert str(caught.value) == "the update of connection 'C' did not finish within 7 s (wait_timeout); the " \
                                "operation was still InProgress"
    assert wait_for(Poller(done=True), 7, "x")["properties"]["provisioningState"] == "Succeeded"
