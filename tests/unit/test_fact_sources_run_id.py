# -*- coding: utf-8 -*-
"""A host's facts count only as this run's: with fact caching on, a host whose read failed or was unreachable still
holds an earlier run's facts (review 2026-12-04: a subscription refused with 403 was reported compliant from them)."""

import pytest

from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import _validated
from ansible_collections.vpnalign.s2s.plugins.module_utils.run_id import run_id_error, stamped
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import azure_facts_from


def task_vars(**hosts):
    return {"hostvars": hosts}


FACTS = {"tunnels": [], "findings": [], "counts": {}}


def read(hosts, run_id="tonight"):
    unread = []
    found = azure_facts_from(task_vars(**hosts), hosts=sorted(hosts), unread=unread, run_id=run_id)
    return found, dict(unread)


def test_facts_of_this_run_are_read():
    found, unread = read({"sub1": {"vpnalign_azure": stamped(dict(FACTS), "tonight")}})
    assert len(found) == 1 and unread == {}


def test_facts_of_another_run_or_of_none_are_not_read_and_say_why():
    _found, unread = read({"sub1": {"vpnalign_azure": stamped(dict(FACTS), "last-night")},
                           "sub2": {"ansible_facts": {"vpnalign_azure": dict(FACTS)}}})
    assert set(unread) == {"sub1", "sub2"}
    assert "not from this run (another run id)" in unread["sub1"] and "carry no run id" in unread["sub2"]


def test_a_read_that_failed_in_this_run_wins_over_facts_it_still_holds():
    failed = {"vpnalign_azure": stamped(dict(FACTS), "tonight"), "vpnalign_azure_error": "permission denied (403)"}
    _found, unread = read({"sub1": failed}, run_id=None)
    assert unread["sub1"].startswith("permission denied (403)") and "earlier run" in unread["sub1"]


def test_without_a_list_for_them_a_stale_host_stops_the_check():
    with pytest.raises(AnsibleActionFail, match="not from this run"):
        azure_facts_from(task_vars(sub1={"vpnalign_azure": dict(FACTS)}), hosts=["sub1"], run_id="tonight")


@pytest.mark.parametrize("value, ok", [("a1B2-c3_d.4", True), ("", False), ("x" * 65, False), ("a b", False),
                                       ("a;reboot", False), (None, True), ("tonight\n", False), ("\ntonight", False)])
def test_run_ids_are_plain_words(value, ok):
    assert (run_id_error(value) is None) is ok


def test_a_run_id_ending_in_a_newline_is_refused_with_the_rule():
    assert run_id_error("tonight\n") == "run_id must be 1 to 64 letters, digits, '.', '_' or '-'"


def with_connection(rid):
    return dict(FACTS, tunnels=[{"name": rid.rsplit("/", 1)[-1], "ref": {"id": rid}}])


CONN = "/subscriptions/1111/resourceGroups/RG/providers/Microsoft.Network/connections/to-HQ"


def test_two_hosts_that_read_one_subscription_leave_the_later_one_not_read_and_the_check_goes_on():
    # review 2026-12-04: a host whose subscription_id was misspelt read AWX's AZURE_SUBSCRIPTION_ID, the same as
    # another host's, and the whole check stopped: no report for any subscription that night
    found, unread = read({"sub1": {"vpnalign_azure": stamped(with_connection(CONN), "tonight")},
                          "sub2": {"vpnalign_azure": stamped(with_connection(CONN.upper()), "tonight")}})
    assert len(found) == 1 and list(unread) == ["sub2"]
    assert "same connections as host sub1" in unread["sub2"] and "AZURE_SUBSCRIPTION_ID" in unread["sub2"]


def test_without_a_list_for_them_two_hosts_reading_one_subscription_stop_the_check():
    hosts = {"sub1": {"vpnalign_azure": with_connection(CONN)}, "sub2": {"vpnalign_azure": with_connection(CONN)}}
    with pytest.raises(AnsibleActionFail, match="is in both host sub1 and host sub2"):
        azure_facts_from(task_vars(**hosts), hosts=["sub1", "sub2"])


@pytest.mark.parametrize("run_id", ["tonight\n", "a b", "x" * 65])
def test_the_check_refuses_a_run_id_the_facts_modules_refuse(run_id):
    # the facts modules refuse it, so a check given it matched no host's facts and reported them all as not read
    with pytest.raises(AnsibleActionFail) as raised:
        _validated({"asa_config_files": "a.txt", "azure_resources_files": "b.json", "run_id": run_id})
    assert "run_id must be 1 to 64 letters, digits" in str(raised.value), raised.value
    assert _validated({"run_id": "tonight-1"})["run_id"] == "tonight-1"
    assert _validated({"run_id": ""})["run_id"] == ""  # blank: no id
