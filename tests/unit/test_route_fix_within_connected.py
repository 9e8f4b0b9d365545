# -*- coding: utf-8 -*-
"""A route fix into the tunnel for a network within (or equal to) one the ASA is connected to is not shown, nor planned
by align: asa_vpn_tunnel refuses it before sending (push_config_checks._route_connected_error), and a user pasting it
would send part of the ASA's own inside traffic into the tunnel (the longer prefix wins), or add a route the connected
one always beats. The case: a route-based ASA whose inside is 10.1.0.0/16, with no route to an Azure VNet that reuses
that range (a VNet built from a template, an address plan nobody checked). The report says why no fix is shown, naming
the interface and its ``ip address`` line, and what to do instead. A summary holding the inside (10.0.0.0/8) stays a
fix, as asa_vpn_tunnel plans it: the connected network is the longer prefix and keeps the inside's traffic."""

import pytest

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

# SITE's inside: "interface GigabitEthernet0/1 / nameif LAN / ip address 10.1.0.1 255.255.0.0", its address on line 13
INSIDE = "interface GigabitEthernet0/1 (LAN), line 13"
TAIL = "The networks of the two sides overlap: re-address one of them, or translate one with NAT, by hand"


def _report(vnet):
    # the VTI routes nothing to the VNet: ROUTE_MISSING, whose fix is a route for the VNet through the tunnel
    return report_for(vti_config(routes=""), azure_resources(**dict(ROUTE_BASED, vnet_prefixes=(vnet,))))


REFUSED = [
    ("10.1.0.0/16", "route AZURE 10.1.0.0 255.255.0.0 169.254.21.1: 10.1.0.0/16 is the network of %s: the connected "
     "route wins over it (distance 0), so it would carry nothing into the tunnel. %s" % (INSIDE, TAIL)),
    ("10.1.128.0/17", "route AZURE 10.1.128.0 255.255.128.0 169.254.21.1: 10.1.128.0/17 is within 10.1.0.0/16, the "
     "network of %s: the route would take that part of the ASA's own traffic into the tunnel (the longer prefix "
     "wins). %s" % (INSIDE, TAIL)),
]


@pytest.mark.parametrize("vnet, why", REFUSED, ids=range(len(REFUSED)))
def test_a_route_fix_within_the_inside_network_is_not_shown_and_says_why(vnet, why):
    report = _report(vnet)
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert "asa" not in finding["remediation"]
    assert "asa" not in tunnel.get("remediation", {})
    text = markdown_text(report)
    assert "Fix on ASA: none shown, decide by hand: not shown: " + why in text
    # no route into the tunnel anywhere in the report's commands (a fix, or the one-end fix section)
    assert not [line for line in text.splitlines() if line.strip().startswith("route AZURE")]


@pytest.mark.parametrize("vnet, why", REFUSED, ids=range(len(REFUSED)))
def test_align_plans_no_such_route_and_leaves_it_to_a_person(vnet, why):
    [tunnel] = _report(vnet)["tunnels"]
    for mode in ("align_to_azure", "safest"):
        alignment = tunnel["alignment"][mode]
        asa = alignment if mode == "align_to_azure" else alignment["azure"]
        assert "routes" not in asa["options"], mode
        assert [m["reason"] for m in asa["manual"] if m["kind"] == "ROUTE_MISSING"] == ["not shown: " + why], mode


def test_a_summary_holding_the_inside_network_is_still_a_fix():
    report = _report("10.0.0.0/8")
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["remediation"]["asa"] == ["route AZURE 10.0.0.0 255.0.0.0 169.254.21.1"]
    assert tunnel["alignment"]["align_to_azure"]["options"]["routes"] == [
        {"network": "10.0.0.0/8", "gateway": "169.254.21.1"}]


# Where the traffic goes instead: the interface the reused range is on, not "the default route to the internet"
WHERE = [
    ("10.1.0.0/16", "traffic to 10.1.0.0/16 goes to %s instead (10.1.0.0/16 is the network of that interface: the "
     "same range is used on both sides)." % INSIDE),
    ("10.1.128.0/17", "traffic to 10.1.128.0/17 goes to %s instead (10.1.128.0/17 is within 10.1.0.0/16, the network "
     "of that interface: the same range is used on both sides)." % INSIDE),
]


@pytest.mark.parametrize("vnet, where", WHERE, ids=range(len(WHERE)))
def test_route_missing_says_the_traffic_goes_to_the_inside_interface(vnet, where):
    [tunnel] = _report(vnet)["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["summary"].endswith(", so traffic to it never enters the tunnel: " + where)
    assert "default route" not in finding["summary"]
    assert finding["evidence"]["asa"]["connected"] == {vnet: INSIDE}


def test_route_missing_names_the_interface_only_for_the_network_within_it():
    [tunnel] = report_for(vti_config(routes=""), azure_resources(**dict(
        ROUTE_BASED, vnet_prefixes=("10.1.0.0/16", "172.16.0.0/16"))))["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert "traffic to 10.1.0.0/16 goes to %s instead" % INSIDE in finding["summary"]
    # then the summary says the fix shown routes 172.16.0.0/16 only (test_route_fix_partly_held.py)
    assert ("; traffic to 172.16.0.0/16 follows another route (usually the default route to the internet). The fix "
            "shown routes 172.16.0.0/16 only" in finding["summary"])
    assert finding["evidence"]["asa"]["connected"] == {"10.1.0.0/16": INSIDE}


def test_a_network_outside_the_inside_keeps_the_default_route_sentence():
    [tunnel] = _report("172.16.0.0/16")["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["summary"].endswith("so traffic to it follows another route (usually the default route to the "
                                       "internet) and never enters the tunnel.")
    assert "connected" not in finding["evidence"]["asa"]
    assert finding["remediation"]["asa"] == ["route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"]


OLDER = ("route AZURE %s 255.255.0.0 169.254.21.1: the ASA's facts do not list the networks its interfaces are on "
         "(facts gathered by an older release), so whether %s/16 is within one of them, where this route would take "
         "the ASA's own traffic into the tunnel, is not known: gather the ASA's facts again (asa_vpn_facts) and run "
         "the check again")


@pytest.mark.parametrize("vnet", ["10.1.0.0/16", "172.16.0.0/16"], ids=range(2))
def test_facts_without_connected_networks_withhold_the_route_fix_and_ask_for_them_again(vnet):
    """Facts saved by an older release do not say which networks are connected: the fix cannot be proven harmless
    there (10.1.0.0/16 is the inside; 172.16.0.0/16 would be fine, but the check cannot know), so it is a note."""
    facts = asa_facts_from_text(vti_config(routes=""))
    assert ["LAN", "10.1.0.0/16", "GigabitEthernet0/1", 13] in facts["connected_networks"]
    del facts["connected_networks"]
    report = run_check(facts, azure_facts_from_data(azure_resources(**dict(ROUTE_BASED, vnet_prefixes=(vnet,)))))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert "asa" not in finding["remediation"]
    assert "asa" not in tunnel.get("remediation", {})
    address = vnet.split("/")[0]
    text = markdown_text(report)
    assert "Fix on ASA: none shown, decide by hand: not shown: " + OLDER % (address, address) in text
    assert not [line for line in text.splitlines() if line.strip().startswith("route AZURE")]
    assert "routes" not in tunnel["alignment"]["align_to_azure"]["options"]
    # the summary does not claim an interface it cannot know of
    assert "goes to interface" not in finding["summary"]
