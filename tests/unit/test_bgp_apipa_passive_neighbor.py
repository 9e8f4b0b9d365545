# -*- coding: utf-8 -*-
"""Azure never opens a BGP session from an APIPA address: "When APIPA addresses are used on Azure VPN gateways, the
gateways do not initiate BGP peering sessions with APIPA source IP addresses. The on-premises VPN device must initiate
BGP peering connections." (Microsoft Learn, "How to configure BGP on Azure VPN Gateways",
https://learn.microsoft.com/azure/vpn-gateway/bgp-howto, Part 1 step 2). An ASA neighbor in ``transport
connection-mode passive`` then waits for a session nobody opens (review 2026-12-06 #1: the check passed it, the parser
read ``transport`` as harmless), and BGP_MULTIHOP_MISSING must not say "Azure opens it" of an APIPA neighbor."""

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

PASSIVE = "neighbor 169.254.21.1 transport connection-mode passive"


def _tunnel(text, **azure):
    [tunnel] = report_for(text, azure_resources(**dict(ROUTE_BASED_BGP, **azure)))["tunnels"]
    return tunnel


def test_a_passive_asa_neighbor_against_azure_apipa_fails_naming_the_line():
    tunnel = _tunnel(vti_config(routes="", bgp=router_bgp(lines=(PASSIVE,))))
    assert tunnel["verdict"] == "fail"
    assert [(f["code"], f["severity"]) for f in tunnel["findings"]] == [("BGP_NEITHER_OPENS", "error")]
    [finding] = tunnel["findings"]
    assert "'%s' (line" % PASSIVE in finding["summary"]
    assert "never opens a BGP session from an APIPA address" in finding["summary"]
    # no fix is proven, and the proof says why for each end rather than nothing
    assert finding["remediation"] == {}
    assert finding["proof"] and not any(p["proven"] for p in finding["proof"].values())


def test_connection_mode_active_or_path_mtu_discovery_is_not_a_finding():
    for line in ("neighbor 169.254.21.1 transport connection-mode active",
                 "neighbor 169.254.21.1 transport path-mtu-discovery"):
        tunnel = _tunnel(vti_config(routes="", bgp=router_bgp(lines=(line,))))
        assert tunnel["verdict"] == "pass", (line, tunnel["findings"])


def test_a_mistyped_transport_option_is_named_not_read_past():
    tunnel = _tunnel(vti_config(routes="", bgp=router_bgp(lines=("neighbor 169.254.21.1 transport connection-mode x",))))
    assert "INVALID_VALUE" in [f["code"] for f in tunnel["findings"]]


def test_multihop_missing_towards_apipa_does_not_say_azure_opens_the_session():
    # the neighbor 169.254.21.1 is off the VTI's subnet 169.254.22.0/30: without multihop the ASA does not open it
    text = vti_config(routes="route AZURE 169.254.21.1 255.255.255.255 169.254.22.1 1",
                      tunnel_address="169.254.22.2 255.255.255.252", bgp=router_bgp())
    tunnel = _tunnel(text, lng_bgp={"asn": 65010, "address": "169.254.22.2"})
    [finding] = [f for f in tunnel["findings"] if f["code"] == "BGP_MULTIHOP_MISSING"]
    assert finding["severity"] == "error"
    assert "Azure opens it" not in finding["summary"]
    assert "Azure does not open it either (an Azure gateway never opens a BGP session from an APIPA address" \
        in finding["summary"]
    assert "  neighbor 169.254.21.1 ebgp-multihop 2" in finding["remediation"]["asa"]
