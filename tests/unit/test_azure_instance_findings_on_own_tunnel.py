# -*- coding: utf-8 -*-
"""An active-active Azure gateway's per-instance finding (BGP_APIPA_INVALID: the instance's custom BGP address out of
Azure's range) is said once, on that instance's tunnel: each tunnel carried both instances' findings, 4 findings for 2
problems, the instance-1 tunnel reporting instance 0's address (review 2026-12-06 #3). An instance the ASA has no tunnel
to still has its finding said, beside ACTIVE_ACTIVE_TUNNEL_MISSING (nothing dropped silently)."""

from scenario_builders import GATEWAY_BGP, ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

BOTH_INVALID = (("169.254.20.1",), ("169.254.23.1",))


def _apipa(tunnel):
    return [f for f in tunnel["findings"] if f["code"] == "BGP_APIPA_INVALID"]


def _report(custom, second_tunnel):
    options = dict(ROUTE_BASED_BGP)
    options.update(active_active=True, gateway_bgp=dict(GATEWAY_BGP, custom=custom))
    azure = azure_resources(**options)
    return report_for(vti_config(routes="", second_tunnel=second_tunnel, bgp=router_bgp()), azure)


def test_each_instance_finding_is_on_its_own_tunnel_once():
    tunnels = _report(BOTH_INVALID, True)["tunnels"]
    assert len(tunnels) == 2
    assert sum(len(_apipa(t)) for t in tunnels) == 2
    for tunnel in tunnels:
        [finding] = _apipa(tunnel)
        instance = tunnel["azure"]["instance"]
        assert finding["evidence"]["azure"]["instance"] == instance
        assert "instance %d has custom BGP address %s" % (instance, BOTH_INVALID[instance][0]) in finding["summary"]


def test_the_finding_of_an_instance_without_a_tunnel_is_said_next_to_the_missing_tunnel():
    [tunnel] = _report((("169.254.21.1",), ("169.254.23.1",)), False)["tunnels"]
    codes = sorted(f["code"] for f in tunnel["findings"])
    assert codes == ["ACTIVE_ACTIVE_TUNNEL_MISSING", "BGP_APIPA_INVALID"], codes
    assert "instance 1 has custom BGP address 169.254.23.1" in _apipa(tunnel)[0]["summary"]
