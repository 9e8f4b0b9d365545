# -*- coding: utf-8 -*-
"""A ROUTE_MISSING of a route-based ASA whose Azure networks are partly routable: one reuses a network the ASA is
connected to (its route fix is held back, remediation_routed._own_network), the other is free. The proven routes are
shown (and planned by align) alone; the held one is named with why, and the finding says it stays partly open. Before,
the held route made the whole fix "none shown", so the free network got no route either."""

import pytest

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

# SITE's inside is 10.1.0.0/16 on GigabitEthernet0/1 (LAN), its address on line 13 (test_route_fix_within_connected)
INSIDE = "interface GigabitEthernet0/1 (LAN), line 13"
FREE = "172.16.0.0/16"
HELD = [
    ("10.1.0.0/16", "route AZURE 10.1.0.0 255.255.0.0 169.254.21.1: 10.1.0.0/16 is the network of %s" % INSIDE),
    ("10.1.64.0/18", "route AZURE 10.1.64.0 255.255.192.0 169.254.21.1: 10.1.64.0/18 is within 10.1.0.0/16, the "
     "network of %s" % INSIDE),
]


def _tunnel(held):
    report = report_for(vti_config(routes=""), azure_resources(**dict(ROUTE_BASED, vnet_prefixes=(held, FREE))))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    return report, tunnel, finding


@pytest.mark.parametrize("held, why", HELD, ids=range(len(HELD)))
def test_the_proven_route_is_shown_and_the_held_one_named_with_why(held, why):
    report, tunnel, finding = _tunnel(held)
    assert finding["remediation"]["asa"] == ["route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"]
    proof = finding["proof"]["asa"]
    assert proof["proven"] is True
    assert "clear ROUTE_MISSING for 172.16.0.0/16" in proof["reason"]
    assert "It stays open for %s" % held in proof["reason"]
    [reason] = proof["held"]
    assert reason.startswith("not shown: " + why)
    assert ("The fix shown routes 172.16.0.0/16 only, so this finding stays open for %s: %s" % (held, why)
            in finding["summary"])
    text = markdown_text(report)
    assert "Fix on ASA (proven):" in text
    # the held route is never a command of the report, only named in the text
    commands = [line.strip() for line in text.splitlines() if line.strip().startswith("route AZURE")]
    assert set(commands) == {"route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"}
    assert tunnel["remediation"]["asa"] == ["route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"]


@pytest.mark.parametrize("held, why", HELD, ids=range(len(HELD)))
def test_align_pushes_the_proven_route_only_and_leaves_the_held_one_to_a_person(held, why):
    _report, tunnel, _finding = _tunnel(held)
    for mode in ("align_to_azure", "safest"):
        alignment = tunnel["alignment"][mode]
        asa = alignment if mode == "align_to_azure" else alignment["asa"]
        assert asa["options"]["routes"] == [{"network": FREE, "gateway": "169.254.21.1"}], mode
        [step] = [m for m in asa["manual"] if m["kind"] == "ROUTE_MISSING"]
        assert step["reason"].startswith("not shown: " + why), mode
        assert not [m for m in asa["manual"] if m["kind"] == "partial_plan"], mode
    # the one-end plan says it does not clear ROUTE_MISSING whole
    assert tunnel["remediation_left"]["asa"] == ["ROUTE_MISSING"]


def test_every_network_held_still_shows_no_fix():
    """Both networks within the inside: nothing is proven, so no fix, and the reason names the held route(s)."""
    report = report_for(vti_config(routes=""), azure_resources(**dict(
        ROUTE_BASED, vnet_prefixes=("10.1.0.0/17", "10.1.128.0/17"))))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert "asa" not in finding["remediation"]
    assert finding["proof"]["asa"]["proven"] is False
    assert "10.1.0.0/17 is within 10.1.0.0/16" in finding["proof"]["asa"]["reason"]
    assert "routes" not in tunnel["alignment"]["align_to_azure"]["options"]


def test_a_route_held_by_another_interface_at_the_same_distance_leaves_the_other_route_shown():
    """The other hold: the ASA routes one VNet range out of the LAN at distance 1, so a route into the tunnel at that
    distance is refused by the ASA (remediation_routed.TunnelRouteDistances); the free range is still routed."""
    report = report_for(vti_config(routes="route LAN 172.17.0.0 255.255.0.0 10.1.0.254 1"), azure_resources(**dict(
        ROUTE_BASED, vnet_prefixes=("172.17.0.0/16", FREE))))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["remediation"]["asa"] == ["route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"]
    why = ("route AZURE 172.17.0.0 255.255.0.0 169.254.21.1: 'route LAN 172.17.0.0 255.255.0.0 10.1.0.254 1' routes it "
           "through another interface at the same distance")
    assert finding["proof"]["asa"]["held"][0].startswith("not shown: " + why)
    assert "so this finding stays open for 172.17.0.0/16: " + why in finding["summary"]
    asa = tunnel["alignment"]["align_to_azure"]
    assert asa["options"]["routes"] == [{"network": FREE, "gateway": "169.254.21.1"}]
    assert [m["reason"][:len(why) + 11] for m in asa["manual"] if m["kind"] == "ROUTE_MISSING"] == ["not shown: " + why]
