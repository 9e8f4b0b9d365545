# -*- coding: utf-8 -*-
"""A NAT rule whose mapped interface is a VTI's nameif translates the traffic routed into the tunnel: it still enters
the tunnel (routing, not a crypto ACL, puts it there) but from the translated addresses, which the peer must route back
(Cisco ASA VPN CLI configuration guide, "Virtual Tunnel Interface"). The check kept such rules in the end's NAT detail
only and passed the tunnel without a word of them (review s49H); an identity NAT into the VTI marked ``inactive`` is
skipped by the ASA (Cisco ASA command reference, nat) and is named with them, as for a crypto map."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for

OBJECTS = ("object network HQ-NET\n subnet 10.1.0.0 255.255.0.0\n"
           "object network VNET\n subnet 172.16.0.0 255.255.0.0\n")
PAT = "nat (LAN,AZURE) source dynamic any interface"
EXEMPT_OFF = "nat (LAN,AZURE) source static HQ-NET HQ-NET destination static VNET VNET inactive"
EXEMPT_ON = "nat (LAN,AZURE) source static HQ-NET HQ-NET destination static VNET VNET"


def _tunnel(extra):
    [tunnel] = report_for(vti_config(extra=extra), azure_resources(**ROUTE_BASED))["tunnels"]
    return tunnel


def _line_of(text, line):
    return next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == line)


def test_a_pat_rule_into_the_vti_is_named_not_passed():
    text = vti_config(extra=PAT)
    tunnel = _tunnel(PAT)
    assert tunnel["verdict"] == "degraded"
    [finding] = tunnel["findings"]
    assert (finding["code"], finding["severity"]) == ("NAT_EXEMPTION_MISSING", "warning")
    number = _line_of(text, PAT)
    assert "line %d '%s'" % (number, PAT) in finding["summary"]
    assert "Tunnel1 (AZURE)" in finding["summary"]
    assert [entry["line"] for entry in finding["evidence"]["asa"]["lines"]] == [number]
    # no command is shown: whether the peer routes the translated addresses back is not known from the config
    assert all(line.startswith("!") for line in finding["remediation"]["asa"])


def test_an_inactive_exemption_into_the_vti_is_named_with_the_rule_it_would_have_beaten():
    extra = OBJECTS + EXEMPT_OFF + "\n" + PAT
    text = vti_config(extra=extra)
    [finding] = _tunnel(extra)["findings"]
    off = _line_of(text, EXEMPT_OFF)
    assert finding["code"] == "NAT_EXEMPTION_MISSING"
    assert "on line %d '%s'" % (off, EXEMPT_OFF) in finding["summary"] and "marked inactive" in finding["summary"]
    assert [entry["line"] for entry in finding["evidence"]["asa"]["inactive_exemptions"]] == [off]
    assert "remove 'inactive' from line %d" % off in finding["remediation"]["asa"][0]


def test_an_active_exemption_first_leaves_the_tunnel_passing_and_the_rule_named():
    extra = OBJECTS + EXEMPT_ON + "\n" + PAT
    tunnel = _tunnel(extra)
    assert tunnel["verdict"] == "pass", tunnel["findings"]
    [finding] = tunnel["findings"]
    assert (finding["code"], finding["severity"]) == ("NAT_EXEMPTION_MISSING", "info")
    assert "identity NAT on line %d comes first" % _line_of(vti_config(extra=extra), EXEMPT_ON) in finding["summary"]
