# -*- coding: utf-8 -*-
"""Azure connections that one dynamic crypto map entry answers are each checked against it, and a fix to the entry is
shown only where it breaks none of the others (pairing_dynamic_map). Each connection asked the engine again about every
other one: k connections, k*k engine runs (a hub's DefaultL2LGroup answering 100 branches' gateways took 100x the
time of 10 per connection). 10x the connections, at most 2.5x the CPU time per connection, the least of 3 rounds (as
test_pipeline_linear: ratios in one run, never absolute times)."""

import json
import time

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused
from test_dynamic_map_serves_azure import dynamic_asa
from scenario_builders import azure_resources
from test_pipeline_linear import BOUND, FACTOR, _least_of_rounds


def _gateways(count):
    """``count`` Azure gateways, each in a resource group of its own, every other one with PFS (which the entry, without
    'set pfs', refuses at a rekey: a fix to the entry is tried, and checked against every other connection)."""
    resources = []
    for index in range(count):
        changes = {"pfsGroup": "ECP256"} if index % 2 else {}
        text = json.dumps(azure_resources(gateway_ip="203.0.%d.%d" % (113 + index // 200, 20 + index % 200),
                                          policy_changes=changes))
        resources += json.loads(text.replace("/resourceGroups/RG/", "/resourceGroups/RG%d/" % index))
    return resources


def _per_connection(count):
    """A measure: one check's CPU seconds per connection."""
    asa, azure = asa_facts_from_text(dynamic_asa()), azure_facts_from_data(_gateways(count))

    def measure():
        with gc_paused():
            started = time.process_time()
            report = run_check(asa, azure, None)
            seconds = time.process_time() - started
        assert len(report["tunnels"]) == count
        assert all(any(f["code"] == "PEER_NOT_FOUND" and f["severity"] == "warning" for f in t["findings"])
                   for t in report["tunnels"])
        return seconds / count
    return measure


def test_connections_one_dynamic_entry_answers_are_checked_in_linear_time():
    small, large = _least_of_rounds(3, _per_connection(6), _per_connection(6 * FACTOR))
    assert large <= BOUND * small, (small, large)
