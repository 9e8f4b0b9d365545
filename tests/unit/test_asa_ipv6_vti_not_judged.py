# -*- coding: utf-8 -*-
"""An IPv6 VTI (``tunnel mode ipsec ipv6``) is not modelled: the parser names its line as UNSUPPORTED_CONSTRUCT. The
engine then judged it anyway: its ::/0 selectors against Azure's 0.0.0.0/0 gave TRAFFIC_SELECTOR_MISMATCH blaming "a
policy-based end", and with an IPv6 inner address it said the tunnel had no IP address and offered to add an IPv4 one
(review 2026-12-06 #4). It is now "not checked": a warning naming the line, no false error, no IPv4 fix."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for


def _ipv6_vti(text):
    assert text.count("tunnel mode ipsec ipv4") == 1
    return text.replace("tunnel mode ipsec ipv4", "tunnel mode ipsec ipv6")


def _tunnel(text):
    [tunnel] = report_for(text, azure_resources(**ROUTE_BASED))["tunnels"]
    return tunnel


def test_an_ipv6_vti_is_not_checked_rather_than_refused_by_a_policy_based_end():
    tunnel = _tunnel(_ipv6_vti(vti_config()))
    assert tunnel["verdict"] == "degraded"
    assert [(f["code"], f["severity"]) for f in tunnel["findings"]] == [("UNSUPPORTED_CONSTRUCT", "warning")]
    assert "tunnel mode ipsec ipv6" in tunnel["findings"][0]["summary"]
    assert not any("policy-based" in f["summary"] for f in tunnel["findings"])


def test_an_ipv6_vti_with_an_ipv6_address_gets_no_ipv4_address_fix():
    text = _ipv6_vti(vti_config(tunnel_address="169.254.21.2 255.255.255.252"))
    text = text.replace(" ip address 169.254.21.2 255.255.255.252\n", " ipv6 address fd00:21::2/126\n")
    tunnel = _tunnel(text)
    codes = [f["code"] for f in tunnel["findings"]]
    assert "INVALID_VALUE" not in codes and "TRAFFIC_SELECTOR_MISMATCH" not in codes, codes
    assert not any("ip address <address> <mask>" in line for f in tunnel["findings"]
                   for line in (f["remediation"] or {}).get("asa") or ())
    assert tunnel["verdict"] == "degraded"
