# -*- coding: utf-8 -*-
"""A twice NAT whose mapped interface is ``any`` applies to traffic leaving by every interface, a VTI's too (Cisco ASA
firewall CLI configuration guide, "Network Address Translation": a rule's interface may be any, which matches every
interface; verified: partial). Only rules naming the VTI's nameif were taken for the traffic routed into the tunnel, so a static NAT of
the LAN to other addresses towards 'any' passed the tunnel without a word (review s49H)."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for

OBJECTS = ("object network HQ-NET\n subnet 10.1.0.0 255.255.0.0\n"
           "object network HQ-MAPPED\n subnet 192.168.50.0 255.255.255.0\n")
TO_ANY = "nat (LAN,any) source static HQ-NET HQ-MAPPED"


def _tunnel(extra):
    [tunnel] = report_for(vti_config(extra=extra), azure_resources(**ROUTE_BASED))["tunnels"]
    return tunnel


def test_a_static_nat_towards_any_interface_is_named_on_the_vti():
    text = vti_config(extra=OBJECTS + TO_ANY)
    number = next(n for n, line in enumerate(text.splitlines(), 1) if line.strip() == TO_ANY)
    tunnel = _tunnel(OBJECTS + TO_ANY)
    assert tunnel["verdict"] == "degraded"
    [finding] = tunnel["findings"]
    assert (finding["code"], finding["severity"]) == ("NAT_EXEMPTION_MISSING", "warning")
    assert "line %d '%s'" % (number, TO_ANY) in finding["summary"]


def test_a_nat_towards_another_named_interface_is_not_the_vtis():
    tunnel = _tunnel(OBJECTS + "nat (LAN,INTERNET) source static HQ-NET HQ-MAPPED")
    assert tunnel["verdict"] == "pass", tunnel["findings"]


def test_an_exemption_into_the_vti_before_the_rule_towards_any_makes_it_information():
    exempt = ("object network VNET\n subnet 172.16.0.0 255.255.0.0\n"
              "nat (LAN,AZURE) source static HQ-NET HQ-NET destination static VNET VNET\n")
    tunnel = _tunnel(OBJECTS + exempt + TO_ANY)
    assert tunnel["verdict"] == "pass", tunnel["findings"]
    assert [(f["code"], f["severity"]) for f in tunnel["findings"]] == [("NAT_EXEMPTION_MISSING", "info")]
