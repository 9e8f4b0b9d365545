# -*- coding: utf-8 -*-
"""Two VTIs to an active-active Azure gateway with static routes, no BGP (tests/fixtures/route_based/
vti_active_active_static), the second with a wrong tunnel destination (a typo, or instance 0's address pasted twice).
With a BGP neighbor the misdirected VTI is named by the instance address it peers with; with static routes it was not
found at all, and the warning said to add a second tunnel interface for instance 1, a third tunnel next to the one
that only needs its destination corrected. Its routes to the gateway's VNet say which gateway it is meant for."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_active_active_static")
RIGHT = "tunnel destination 203.0.113.51"


def read(name):
    with open(os.path.join(FIXTURE, name), encoding="utf-8") as handle:
        return handle.read()


def report_of(asa_text):
    return run_check(asa_facts_from_text(asa_text), azure_facts_from_data(json.loads(read("azure_resources.json"))))


def missing_finding(report):
    found = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "ACTIVE_ACTIVE_TUNNEL_MISSING"]
    assert len(found) == 1, [(t["name"], [f["code"] for f in t["findings"]]) for t in report["tunnels"]]
    return found[0]


@pytest.mark.parametrize("wrong", ["203.0.113.52", "203.0.113.50"], ids=["typo", "instance 0 pasted twice"])
def test_the_misdirected_static_vti_is_named_with_the_destination_to_set(wrong):
    text = read("asa_running_config.txt")
    assert text.count(RIGHT) == 1
    finding = missing_finding(report_of(text.replace(RIGHT, "tunnel destination " + wrong)))
    [fix] = finding["remediation"]["asa"]
    assert "Tunnel2" in fix and RIGHT in fix and wrong in fix and "10.50.0.0/16" in fix, fix
    assert "add a second tunnel interface" not in fix and "BGP" not in fix
    assert {"line": 44, "text": "tunnel destination " + wrong} in finding["evidence"]["asa"]["lines"]


def test_its_own_peer_not_found_names_the_destination_not_a_tunnel_group_for_the_typo():
    report = report_of(read("asa_running_config.txt").replace(RIGHT, "tunnel destination 203.0.113.52"))
    [entry] = [e for e in report["unpaired"] if (e.get("asa") or {}).get("interface") == "Tunnel2"]
    [finding] = [f for f in entry["findings"] if f["code"] == "PEER_NOT_FOUND"]
    [fix] = finding["remediation"]["asa"]
    assert fix.startswith("! ") and RIGHT in fix and "Tunnel2" in fix, fix


def test_a_static_vti_routing_other_networks_is_not_taken_for_the_missing_tunnel():
    # a VTI to another site (its own networks routed into it) is no misdirected tunnel to this gateway
    text = read("asa_running_config.txt").replace(RIGHT, "tunnel destination 192.0.2.200").replace(
        "route AZURE-NEU-1 10.50.0.0 255.255.0.0 169.254.22.1 2", "route AZURE-NEU-1 10.77.0.0 255.255.0.0 169.254.22.1 1")
    [fix] = missing_finding(report_of(text))["remediation"]["asa"]
    assert fix.startswith("! add a second tunnel interface to the other gateway instance"), fix
