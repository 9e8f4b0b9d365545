# -*- coding: utf-8 -*-
"""A group-policy's 'vpn-tunnel-protocol' cut after its first word (a line cut short in a ticket) is named with its
line, not read as a group-policy that allows no protocol at all."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config


def _findings(report, code):
    return [f for t in report["tunnels"] for f in t["findings"] if f["code"] == code]


def test_vpn_tunnel_protocol_without_a_protocol_is_named_not_read_as_none_allowed():
    # the ASA takes 'vpn-tunnel-protocol' with one or more protocols (Cisco ASA command reference,
    # "vpn-tunnel-protocol"); cut after its first word, the line holds none
    report = report_for(asa_config(tunnel_protocol=""), azure_resources())
    invalid = [f for f in _findings(report, "INVALID_VALUE") if "vpn-tunnel-protocol" in f["summary"]]
    assert invalid and "Line " in invalid[0]["summary"]
    assert not [f for t in report["tunnels"] for f in t["findings"]
                if f["severity"] == "error" and "vpn-tunnel-protocol" in str(f)], report["tunnels"][0]["findings"]


def test_vpn_tunnel_protocol_without_a_protocol_leaves_the_setting_inherited():
    config, findings = parse_running_config(asa_config(tunnel_protocol=""))
    assert config.group_policies["AZ-GP"].tunnel_protocols is None
    assert [f for f in findings if f.code == "INVALID_VALUE"]
