# -*- coding: utf-8 -*-
"""'object-group NAME' after an ACE's destination is its destination port argument (Cisco ASA command reference,
access-list extended: after dest_address_argument only port_argument, log, time-range and inactive). A service group
defined later in the text, or not at all, was read as no ports: the crypto ACL line's selectors protocol-only (wider
than the ASA's), with no finding naming the line."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

GROUPS = ("object-group network LAN-A\n network-object 10.1.0.0 255.255.0.0\n"
          "object-group network CLOUD-B\n network-object 172.16.5.0 255.255.255.0\n")
PORT_LINE = "access-list PORT-ACL extended permit tcp object-group LAN-A object-group CLOUD-B object-group WEB-PORTS"
SERVICE = "object-group service WEB-PORTS tcp\n port-object eq 443\n port-object range 8000 8080\n"


def _findings(extra):
    [tunnel] = report_for(asa_config(acl_extra=extra, acl_name="PORT-ACL"), azure_resources())["tunnels"]
    return tunnel["findings"]


def _ported(findings):
    return [f for f in findings if f["code"] == "TRAFFIC_SELECTOR_MISMATCH" and "narrowed to ports" in f["summary"]]


@pytest.mark.parametrize("extra", [SERVICE + GROUPS + PORT_LINE, GROUPS + PORT_LINE + "\n" + SERVICE],
                         ids=["group-before", "group-after"])
def test_a_service_group_in_the_destination_port_position_narrows_the_line(extra):
    [finding] = _ported(_findings(extra))
    assert PORT_LINE in finding["summary"]
    assert [line["text"] for line in finding["evidence"]["asa"]["lines"]] == [PORT_LINE]


def test_an_undefined_port_group_is_named_and_the_line_is_not_read_as_any_port():
    findings = _findings(GROUPS + PORT_LINE)
    [undefined] = [f for f in findings if f["code"] == "UNDEFINED_REFERENCE"]
    assert "object-group service 'WEB-PORTS'" in undefined["summary"]
    assert [line["text"] for line in undefined["evidence"]["asa"]["lines"]] == [PORT_LINE]
    assert len(_ported(findings)) == 1


SOURCE_PORT_LINE = ("access-list PORT-ACL extended permit tcp object-group LAN-A object-group SRC-PORTS "
                    "object-group CLOUD-B")
SOURCE_SERVICE = "object-group service SRC-PORTS tcp\n port-object eq 443\n"


@pytest.mark.parametrize("extra", [SOURCE_SERVICE + GROUPS + SOURCE_PORT_LINE, GROUPS + SOURCE_PORT_LINE + "\n" + SOURCE_SERVICE],
                         ids=["group-before", "group-after"])
def test_a_service_group_in_the_source_port_position_narrows_the_line_wherever_it_is_defined(extra):
    """Defined after the ACE, the source port group was read as the destination: an UNDEFINED_REFERENCE to a
    network group the text defines (as a service group) and no selectors for the line."""
    findings = _findings(extra)
    assert [f for f in findings if f["code"] == "UNDEFINED_REFERENCE"] == []
    [finding] = _ported(findings)
    assert [line["text"] for line in finding["evidence"]["asa"]["lines"]] == [SOURCE_PORT_LINE]
