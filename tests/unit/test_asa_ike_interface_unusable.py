# -*- coding: utf-8 -*-
"""The interface a crypto map is bound to, or a VTI is sourced from, shut down or with no address: the ASA sends no
IKE from it. Both passed (the address check was skipped as unknown); review 2026-12-04."""

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_scenarios import report_for

OUTSIDE = " ip address 198.51.100.10 255.255.255.248\n"


def finding(text, resources):
    [tunnel] = report_for(text, resources)["tunnels"]
    found = [f for f in tunnel["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    return tunnel["verdict"], found


def test_a_crypto_map_on_an_interface_without_an_address_or_shut_down_fails():
    verdict, [f] = finding(asa_config().replace(OUTSIDE, ""), azure_resources())
    assert verdict == "fail" and "has no IP address" in f["summary"]
    verdict, [f] = finding(asa_config().replace(OUTSIDE, OUTSIDE + " shutdown\n"), azure_resources())
    assert verdict == "fail" and "is shut down" in f["summary"]
    assert f["remediation"]["asa"] == ["interface GigabitEthernet0/0", " no shutdown"]
    assert [line["text"].strip() for line in f["evidence"]["asa"]["lines"]] == ["interface GigabitEthernet0/0", "shutdown"]


def test_a_vti_sourced_from_an_interface_shut_down_fails():
    text = vti_config()
    assert OUTSIDE in text
    verdict, found = finding(text.replace(OUTSIDE, OUTSIDE + " shutdown\n"), azure_resources(**ROUTE_BASED))
    assert verdict == "fail" and any("sourced from, is shut down" in f["summary"] for f in found)
    # the same VTI with the interface up: no such finding
    _verdict, found = finding(text, azure_resources(**ROUTE_BASED))
    assert not any("shut down" in f["summary"] for f in found)
