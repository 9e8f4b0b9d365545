# -*- coding: utf-8 -*-
"""An Azure VPN gateway takes at most 4,000 prefixes from a BGP peer and drops the session past that (Microsoft Learn,
VPN Gateway FAQ, "How many prefixes can I advertise to Azure VPN Gateway?"). A site that originates a /24 per branch
(each ``network`` statement with its static route toward the LAN router) past that passed: the session then flaps
and no routes cross."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for


def _branches(count):
    """``count`` branch /24s behind the LAN router 10.1.0.254: their static routes and network statements."""
    nets = ["10.%d.%d.0" % (100 + i // 256, i % 256) for i in range(count)]
    routes = "\n".join("route LAN %s 255.255.255.0 10.1.0.254 1" % n for n in nets)
    return routes, ["network %s mask 255.255.255.0" % n for n in nets]


def findings(count):
    routes, networks = _branches(count)
    text = vti_config(routes=routes, bgp=router_bgp(lines=networks))
    [tunnel] = report_for(text, azure_resources(**ROUTE_BASED_BGP))["tunnels"]
    return [f for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]


def test_more_prefixes_than_azure_takes_drops_the_session():
    [finding] = findings(4000)  # and the LAN's 10.1.0.0/16: 4,001
    assert finding["severity"] == "error", finding
    summary = finding["summary"]
    assert "4001" in summary and "4000" in summary and "drops the BGP session" in summary, summary
    assert "warning-only" not in summary and "Raise the limit" not in summary, summary
    assert finding["evidence"]["azure"]["max_prefixes"] == 4000


def test_up_to_the_limit_is_fine():
    assert findings(3999) == []
