# -*- coding: utf-8 -*-
"""Two BGP neighbors routed through one VTI: the one the site peered with before Azure moved to APIPA addresses
(the gateway's default BGP address, its host route through the tunnel kept), now shut down, and the APIPA neighbor
that runs the session. The neighbor written first was the one the tunnel was judged by: the old one, so "Azure peers
from 169.254.21.1, the session never forms" (an error), with a fix moving the old neighbor onto the address the live
one already has. The neighbor that runs is the one judged now."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, vti_config
from test_scenarios import report_for

BGP = """router bgp 65010
 bgp log-neighbor-changes
 address-family ipv4 unicast
  neighbor 172.16.255.30 remote-as 65515
  neighbor 172.16.255.30 ebgp-multihop 2
  neighbor 172.16.255.30 shutdown
  neighbor 169.254.21.1 remote-as 65515
  neighbor 169.254.21.1 activate
  network 10.1.0.0 mask 255.255.0.0
  no auto-summary
 exit-address-family"""
OLD_HOST_ROUTE = "route AZURE 172.16.255.30 255.255.255.255 169.254.21.1 1"


def test_the_live_neighbor_is_judged_not_the_shut_one():
    [tunnel] = report_for(vti_config(routes=OLD_HOST_ROUTE, bgp=BGP), azure_resources(**ROUTE_BASED_BGP))["tunnels"]
    bgp = [f for f in tunnel["findings"] if f["code"].startswith("BGP_")]
    assert bgp == [], [(f["code"], f["summary"]) for f in bgp]
    assert tunnel["asa"]["bgp"]["neighbor"] == "169.254.21.1"
