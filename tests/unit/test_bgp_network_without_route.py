# -*- coding: utf-8 -*-
"""A ``network`` statement with no route of exactly that prefix is not originated (asa/bgp.py). When none is, the
finding names those statements and their lines and says why, with no "add a network statement" fix beside the one
that is there (review 2026-12-06: a /16 summary over the connected /22)."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "route-based-vti-bgp")


def bgp_findings(asa_text):
    with open(os.path.join(EXAMPLE, "azure_resources.json")) as handle:
        resources = json.load(handle)
    report = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(resources))
    return [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]


def test_a_network_statement_without_its_exact_route_is_named_with_its_line():
    with open(os.path.join(EXAMPLE, "asa_running_config.txt")) as handle:
        # the example with its multihop mended (its own finding), and the network statement a /16 over the /22
        text = handle.read().replace("  network 10.8.0.0 mask 255.255.252.0", "  network 10.8.0.0 mask 255.255.0.0") \
            .replace("  neighbor 10.60.255.254 activate\n",
                     "  neighbor 10.60.255.254 ebgp-multihop 2\n  neighbor 10.60.255.254 activate\n")
    [finding] = bgp_findings(text)
    line = text.splitlines().index("  network 10.8.0.0 mask 255.255.0.0") + 1
    assert "its network statement 10.8.0.0/16 (line %d) has no route of exactly that prefix" % line in finding["summary"]
    assert finding["severity"] == "error" and not finding.get("remediation")
