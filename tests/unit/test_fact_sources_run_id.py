# -*- coding: utf-8 -*-
"""A host's facts count only as this run's: with fact caching on, a host whose read failed or was unreachable still
holds an earlier run's facts (review 2026-12-04: a subscription refused with 403 was reported compliant from them)."""

import pytest

from ansible.errors import AnsibleActionFail

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
                                       ("a;reboot", False), (None, True)])
def test_run_ids_are_plain_words(value, ok):
    assert (run_id_error(value) is None) is ok
