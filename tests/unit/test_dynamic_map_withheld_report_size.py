# -*- coding: utf-8 -*-
"""A fix to a dynamic crypto map entry that would break other connections the same entry answers is withheld, and the
reason named every one of them in each connection's finding: k connections, a report that grew as k*k (a hub's
DefaultL2LGroup answering 100 branches' gateways: 50 names in each of 50 findings). Now the reason names the first few
and counts the rest, and the full list is in the report once per change (the proof's "breaks" of the first connection
that withholds it)."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from test_dynamic_map_linear import _gateways
from test_dynamic_map_serves_azure import dynamic_asa


def _report(count):
    return run_check(asa_facts_from_text(dynamic_asa()), azure_facts_from_data(_gateways(count)), None)


def _withheld(report):
    return [f["proof"]["asa"] for t in report["tunnels"] for f in t["findings"]
            if f["code"] == "PFS_MISMATCH" and "would break" in ((f.get("proof") or {}).get("asa") or {}).get("reason", "")]


def test_report_size_per_connection_stays_flat_at_ten_times_the_connections():
    sizes = {}
    for count in (12, 120):
        report = _report(count)
        assert len(report["tunnels"]) == count
        sizes[count] = len(json.dumps(report)) / count
    assert sizes[120] <= 1.1 * sizes[12], sizes


def test_withheld_reason_names_a_few_and_the_full_list_is_kept_once():
    report = _report(40)
    withheld = _withheld(report)
    assert len(withheld) == 20  # the connections with PFS: 'set pfs' on the entry would break the 20 without it
    for proof in withheld:
        assert "and 17 more connection(s)" in proof["reason"], proof["reason"]
        assert proof["reason"].count("connection S2S of gateway") <= 5, proof["reason"]
    full = [proof["breaks"] for proof in withheld if "breaks" in proof]
    assert len(full) == 1 and len(full[0]) == 20
    without_pfs = {"203.0.113.%d" % (20 + index) for index in range(0, 40, 2)}
    assert {name.split(" of gateway ")[1].split(" ")[0] for name in full[0]} == without_pfs
    # the others say where the list is: the first connection that withholds the change
    first = [t for t in report["tunnels"]
             if any("breaks" in ((f.get("proof") or {}).get("asa") or {}) for f in t["findings"])]
    assert len(first) == 1
