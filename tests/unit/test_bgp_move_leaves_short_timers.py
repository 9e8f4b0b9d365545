# -*- coding: utf-8 -*-
"""A BGP neighbor moved to the address Azure peers from (BGP_PEER_ADDRESS_MISMATCH's fix, align's bgp.options_from)
copied every option of the old neighbor, a 'timers 10 30' too: the new neighbor then ran with a hold time below the
fixed 60/180 timers of an Azure VPN gateway (asa/bgp.py AZURE_BGP_HOLD_TIME), the BGP_TIMERS_MISMATCH the proof, which
does not model timers, never saw. A short timers line is no longer carried (the tunnel's BGP_TIMERS_MISMATCH names it); Azure's or longer are."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_asa_push_vti import VTI
from test_scenarios import report_for


def moved_with_findings(extra_neighbor_lines):
    bgp = router_bgp(neighbor="169.254.21.9", lines=extra_neighbor_lines)
    [tunnel] = report_for(vti_config(routes="", bgp=bgp), azure_resources(**ROUTE_BASED_BGP))["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert finding["proof"]["asa"]["proven"] is True
    return [line.strip() for line in finding["remediation"]["asa"]], tunnel["findings"]


def moved(extra_neighbor_lines):
    return moved_with_findings(extra_neighbor_lines)[0]


def test_a_short_timers_line_is_not_written_for_the_new_neighbor():
    lines, findings = moved_with_findings(["neighbor 169.254.21.9 timers 10 30", "neighbor 169.254.21.9 maximum-prefix 200"])
    assert "neighbor 169.254.21.1 maximum-prefix 200" in lines
    assert "no neighbor 169.254.21.9 remote-as 65515" in lines
    assert not any("timers" in line for line in lines)
    # not dropped silently: the tunnel's own warning names the line
    [timers] = [f for f in findings if f["code"] == "BGP_TIMERS_MISMATCH"]
    assert "neighbor 169.254.21.9 timers 10 30" in [line["text"].strip() for line in timers["evidence"]["asa"]["lines"]]


@pytest.mark.parametrize("timers", ["timers 60 180", "timers 60 240", "timers 0 0"])
def test_azures_timers_or_longer_still_go_with_the_neighbor(timers):
    assert "neighbor 169.254.21.1 %s" % timers in moved(["neighbor 169.254.21.9 %s" % timers])


OLD = "  neighbor 169.254.21.5 remote-as 65515\n  neighbor 169.254.21.5 activate\n  neighbor 169.254.21.5 timers 10 30\n"
MOVE = dict(tunnel_interface="Tunnel1", bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515,
                                             "options_from": "169.254.21.5"})


def test_asa_vpn_tunnel_does_not_push_the_short_timers_to_the_new_neighbor():
    commands = plan_vti(VTI.replace("  network 10.0.0.0", OLD + "  network 10.0.0.0"), MOVE).commands
    assert "  neighbor 169.254.21.2 remote-as 65515" in commands
    assert not any("timers" in line for line in commands)
