# -*- coding: utf-8 -*-
"""A static VTI with 'tunnel protection ipsec profile' but no 'tunnel mode ipsec ipv4|ipv6'. A VTI works in IPsec mode
only ("VTIs are only configurable in IPsec mode", Cisco ASA VPN CLI configuration guide, "Virtual Tunnel Interface"),
which Cisco's procedure sets with that line; the check read past its absence and passed the tunnel (review s49H)."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for

MODE = " tunnel mode ipsec ipv4\n"


def _tunnel(text):
    [tunnel] = report_for(text, azure_resources(**ROUTE_BASED))["tunnels"]
    return tunnel


def test_a_vti_without_tunnel_mode_is_named_with_its_lines_and_the_line_to_add():
    text = vti_config()
    assert MODE in text
    text = text.replace(MODE, "\n")
    tunnel = _tunnel(text)
    assert tunnel["verdict"] == "degraded"
    [finding] = tunnel["findings"]
    assert (finding["code"], finding["severity"]) == ("INVALID_VALUE", "warning")
    assert "Interface Tunnel1" in finding["summary"] and "'tunnel mode ipsec ipv4' is missing" in finding["summary"]
    cited = [entry["text"].strip() for entry in finding["evidence"]["asa"]["lines"]]
    assert cited[0] == "interface Tunnel1" and "tunnel protection ipsec profile AZ-PROFILE" in cited
    assert finding["remediation"]["asa"] == ["interface Tunnel1", " tunnel mode ipsec ipv4"]


def test_a_vti_with_its_tunnel_mode_still_passes():
    assert _tunnel(vti_config())["verdict"] == "pass"
