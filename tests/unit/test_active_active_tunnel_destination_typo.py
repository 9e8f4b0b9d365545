# -*- coding: utf-8 -*-
"""Two VTIs to an active-active Azure gateway, the second with a typo in its tunnel destination (203.0.113.142 for
instance 1's 203.0.113.141; or the first instance's address pasted twice). Its BGP neighbor is instance 1's peering
address and its tunnel-group is instance 1's: the ASA has the tunnel, pointed at the wrong address. The warning's
fix said to add a second tunnel interface, tunnel-group and BGP neighbor for instance 1, which would make a third
tunnel next to the misdirected one (review 2026-12-07). It now names the interface and the destination to set."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_loopback_source")


def read(name):
    with open(os.path.join(FIXTURE, name), encoding="utf-8") as handle:
        return handle.read()


def missing_finding(asa_text):
    report = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(json.loads(read("azure_resources.json"))))
    found = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "ACTIVE_ACTIVE_TUNNEL_MISSING"]
    assert len(found) == 1, [(t["name"], [f["code"] for f in t["findings"]]) for t in report["tunnels"]]
    return found[0]


@pytest.mark.parametrize("wrong", ["203.0.113.142", "203.0.113.140"], ids=["typo", "instance 0 pasted twice"])
def test_the_misdirected_vti_is_named_with_the_destination_to_set(wrong):
    text = read("asa_running_config.txt")
    assert text.count("tunnel destination 203.0.113.141") == 1
    finding = missing_finding(text.replace("tunnel destination 203.0.113.141", "tunnel destination " + wrong))
    [fix] = finding["remediation"]["asa"]
    assert "Tunnel11" in fix and "tunnel destination 203.0.113.141" in fix and wrong in fix, fix
    assert "add a second tunnel interface" not in fix
    assert {"line": 46, "text": "tunnel destination " + wrong} in finding["evidence"]["asa"]["lines"]


def test_without_the_second_vti_the_fix_still_adds_one():
    text = read("asa_running_config.txt")
    start = text.index("interface Tunnel11")
    text = text[:start] + text[text.index("!", start) + 2:]
    finding = missing_finding(text)
    assert finding["remediation"]["asa"][0].startswith("! add a second tunnel interface to the other gateway instance")


def test_the_misdirected_vti_gets_no_tunnel_group_for_its_wrong_destination():
    # review 2026-12-07: the unpaired Tunnel11's PEER_NOT_FOUND fix built `tunnel-group 203.0.113.142 type ipsec-l2l`,
    # config for the typo; it names the destination to set instead
    text = read("asa_running_config.txt").replace("tunnel destination 203.0.113.141", "tunnel destination 203.0.113.142")
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(json.loads(read("azure_resources.json"))))
    [entry] = [e for e in report["unpaired"] if (e.get("asa") or {}).get("interface") == "Tunnel11"]
    [finding] = [f for f in entry["findings"] if f["code"] == "PEER_NOT_FOUND"]
    lines = finding["remediation"]["asa"]
    assert not any(line.startswith("tunnel-group 203.0.113.142") for line in lines), lines
    [fix] = lines
    assert fix.startswith("! ") and "tunnel destination 203.0.113.141" in fix and "Tunnel11" in fix, fix
    assert {"line": 46, "text": "tunnel destination 203.0.113.142"} in finding["evidence"]["asa"]["lines"]
