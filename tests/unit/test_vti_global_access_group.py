# -*- coding: utf-8 -*-
"""``access-group NAME global`` filters the traffic entering every interface, a VTI's too (Cisco ASA Series Firewall CLI
configuration guide, "Access Rules": global access rules apply to all interfaces, inbound). A per-interface
access-group on the VTI's nameif is named as a construct not evaluated; the global one passed the tunnel without a word
(review s49H), even a global deny of everything."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for

GLOBAL = "access-list EVERYWHERE extended deny ip any any\naccess-group EVERYWHERE global"


def _tunnels(text):
    return report_for(text, azure_resources(**ROUTE_BASED))["tunnels"]


def _number(text, wanted):
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip() == wanted)


def test_a_global_access_group_is_named_on_the_vti_tunnel():
    text = vti_config(extra=GLOBAL)
    [tunnel] = _tunnels(text)
    assert tunnel["verdict"] == "degraded"
    [finding] = tunnel["findings"]
    assert (finding["code"], finding["severity"]) == ("UNSUPPORTED_CONSTRUCT", "warning")
    number = _number(text, "access-group EVERYWHERE global")
    assert [entry["line"] for entry in finding["evidence"]["asa"]["lines"]] == [number]
    assert "global access-group" in finding["summary"] and "tunnel interface AZURE" in finding["summary"]
    assert finding["remediation"]["asa"] == [
        "! Check by hand that access-list EVERYWHERE lets the traffic entering AZURE from the peer's networks, and the "
        "traffic to them, through (line %d)." % number]


def test_a_global_access_group_is_named_on_each_vti():
    report = report_for(vti_config(extra=GLOBAL, second_tunnel=True), azure_resources(**ROUTE_BASED))
    [tunnel], [unpaired] = report["tunnels"], report["unpaired"]
    assert ["global access-group as it applies to tunnel interface AZURE " in f["summary"] for f in tunnel["findings"]] \
        == [True]
    assert ["global access-group as it applies to tunnel interface AZURE-2 " in f["summary"]
            for f in unpaired["findings"]] == [True]


def test_an_interface_access_group_elsewhere_is_still_not_named():
    [tunnel] = _tunnels(vti_config(extra="access-list LAN-IN extended permit ip any any\n"
                                         "access-group LAN-IN in interface LAN"))
    assert tunnel["verdict"] == "pass", tunnel["findings"]
