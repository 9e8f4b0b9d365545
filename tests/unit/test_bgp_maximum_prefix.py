# -*- coding: utf-8 -*-
"""``neighbor X maximum-prefix N`` on the ASA: past N prefixes from Azure the ASA tears the session down (unless
warning-only), so a VNet that grows past the limit loses every route over the tunnel (review 2026-12-04: the option
was read past as harmless)."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

TWO_VNET_PREFIXES = dict(ROUTE_BASED_BGP, vnet_prefixes=("172.16.0.0/16", "172.17.0.0/16"))


def findings(option):
    text = vti_config(routes="", bgp=router_bgp(lines=("neighbor 169.254.21.1 " + option,)))
    [tunnel] = report_for(text, azure_resources(**TWO_VNET_PREFIXES))["tunnels"]
    return [f for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]


def test_a_limit_below_what_azure_advertises_tears_the_session_down():
    [finding] = findings("maximum-prefix 1")
    assert finding["severity"] == "error" and "maximum-prefix" in finding["summary"]
    assert finding["evidence"]["asa"]["max_prefixes"] == 1
    assert any("maximum-prefix 1" in line["text"] for line in finding["evidence"]["asa"]["lines"])


def test_a_limit_azure_stays_under_or_warning_only_is_fine():
    assert findings("maximum-prefix 10") == []
    assert findings("maximum-prefix 1 warning-only") == []
