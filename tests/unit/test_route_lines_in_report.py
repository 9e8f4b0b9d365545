# -*- coding: utf-8 -*-
"""The routing findings name the lines they are about (review s40): ROUTE_MISSING cited no ASA line for the static
routes it was about (the facts' static_routes had no line numbers, the VTI's routes were not on the model) and no Azure
property for the networks behind Azure. Each now names the ASA line numbers and the Azure resource and property, in
report.md and report.json, as the other findings do."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

from scenario_builders import ROUTE_BASED, ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_static_over_bgp import _tunnel as bgp_tunnel

TO_VNET = "route AZURE 172.16.0.0 255.255.0.0 169.254.21.1 1"
SUBNET_INSIDE = "route LAN 172.16.5.0 255.255.255.0 10.1.0.254 1"
VNET_PROPERTY = "VNet: addressSpace.addressPrefixes[0]"


def _number(text, wanted):
    return next(i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == wanted)


def _report(text, azure):
    return run_check(asa_facts_from_text(text), azure_facts_from_data(azure_resources(**azure)))


def _route_missing(report):
    [tunnel] = report["tunnels"]
    return [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]


@pytest.mark.parametrize("changes,azure", [
    (dict(routes=TO_VNET + "\n" + SUBNET_INSIDE), ROUTE_BASED),
    (dict(routes=SUBNET_INSIDE, bgp=router_bgp()), ROUTE_BASED_BGP),
], ids=["static", "bgp"])
def test_a_vnet_subnet_routed_inside_names_the_route_line_and_the_vnet_property(changes, azure):
    text = vti_config(**changes)
    number = _number(text, SUBNET_INSIDE)
    report = _report(text, azure)
    [finding] = _route_missing(report)
    assert {"line": number, "text": SUBNET_INSIDE} in finding["evidence"]["asa"]["lines"]
    assert {"line": 0, "text": VNET_PROPERTY + " = 172.16.0.0/16"} in finding["evidence"]["azure"]["lines"]
    assert "at line %d" % number in finding["summary"]
    md = markdown_text(report)
    assert "- line %d: `%s`" % (number, SUBNET_INSIDE) in md
    assert "| static routes | route LAN 172.16.5.0 255.255.255.0 <br>from line %d |" % number in md
    assert "172.16.0.0/16 <br>from `%s`" % VNET_PROPERTY in md


def test_a_missing_route_names_the_tunnels_routes_and_the_vnet_property():
    short = "route AZURE 172.16.0.0 255.255.255.0 169.254.21.1 1"  # a /24 of the /16 VNet
    text = vti_config(routes=short)
    number = _number(text, short)
    report = _report(text, ROUTE_BASED)
    [finding] = _route_missing(report)
    assert {"line": number, "text": short} in finding["evidence"]["asa"]["lines"]
    assert finding["evidence"]["azure"]["lines"] == [{"line": 0, "text": VNET_PROPERTY + " = 172.16.0.0/16"}]
    md = markdown_text(report)
    assert "- line %d: `%s`" % (number, short) in md
    assert "| local networks |  | 172.16.0.0/16 <br>from `%s` |" % VNET_PROPERTY in md


def test_a_static_route_over_bgp_names_its_line():
    route = "route OUTSIDE 10.50.0.0 255.255.0.0 198.51.100.17 1"
    tunnel = bgp_tunnel(route + "\n")
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    [cited] = [c for c in finding["evidence"]["asa"]["lines"] if c["text"].startswith("route ")]
    assert cited["text"] == route and cited["line"] > 0 and "(line %d)" % cited["line"] in finding["summary"]


def test_the_facts_reference_route_lines_by_number_only():
    text = vti_config(routes=TO_VNET + "\n" + SUBNET_INSIDE)
    facts = asa_facts_from_text(text)
    assert ["LAN", "172.16.5.0/24", "10.1.0.254", 1, False, _number(text, SUBNET_INSIDE)] in facts["static_routes"]
    end = facts["tunnels"][0]
    assert len(facts["tunnels"]) == 1
    # the VTI's own route and address lines once, in the device's cited lines, referenced by number
    assert facts["cited_lines"][str(_number(text, TO_VNET))] == TO_VNET
    assert _number(text, TO_VNET) in end["networks_source"] and "lines" not in end
    assert SUBNET_INSIDE not in facts["cited_lines"].values()
