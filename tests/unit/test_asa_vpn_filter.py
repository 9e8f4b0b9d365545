# -*- coding: utf-8 -*-
"""A vpn-filter on the tunnel's group-policy filters its traffic after decryption and before encryption; a LAN-to-LAN
filter names the remote network as the source and ends in an implicit deny (Cisco document 99103). A pair of the
crypto ACL the filter permits nothing of is dropped while the tunnel is up: VPN_FILTER_DROPS (review 2026-12-04: the
filter was only named, and a filter written the wrong way round passed). Ports and protocols are the user's policy:
named as information."""

from scenario_builders import asa_config, azure_resources, vti_config, ROUTE_BASED
from test_scenarios import report_for

# HQ 10.0.0.0/8 behind the ASA, the VNet 172.16.0.0/16 behind Azure (scenario_builders)
RIGHT_WAY = "access-list AZ-FILTER extended permit ip 172.16.0.0 255.255.0.0 10.0.0.0 255.0.0.0"
WRONG_WAY = "access-list AZ-FILTER extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0"
PORTED = "access-list AZ-FILTER extended permit tcp 172.16.0.0 255.255.0.0 10.0.0.0 255.0.0.0 eq 443"
ON_GROUP_POLICY = "\ngroup-policy AZ-GP attributes\n vpn-filter value AZ-FILTER"
SECOND_PAIR = "access-list AZ-ACL extended permit ip 192.168.50.0 255.255.255.0 object AZ-LAN"


def checked(text, azure=None):
    [tunnel] = report_for(text, azure or azure_resources())["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] in ("UNSUPPORTED_CONSTRUCT", "VPN_FILTER_DROPS")]


def line_of(text, wanted):
    [number] = [n for n, t in enumerate(text.splitlines(), 1) if t == wanted]
    return number


def test_a_filter_that_permits_every_pair_whole_needs_no_word():
    tunnel, found = checked(asa_config(extra=RIGHT_WAY + ON_GROUP_POLICY))
    assert found == [] and tunnel["verdict"] == "pass"


def test_a_filter_written_the_wrong_way_round_drops_the_whole_tunnel():
    text = asa_config(extra=WRONG_WAY + ON_GROUP_POLICY)
    tunnel, [drops] = checked(text)
    assert (drops["code"], drops["severity"], drops["phase"]) == ("VPN_FILTER_DROPS", "error", "traffic")
    assert "remote 172.16.0.0/16 to local 10.0.0.0/8 (the implicit deny)" in drops["summary"]
    assert drops["evidence"]["asa"]["lines"][0]["line"] == line_of(text, " vpn-filter value AZ-FILTER")
    assert drops["remediation"]["asa"][0].startswith("! access-list AZ-FILTER permits nothing of: remote 172.16.0.0/16")
    assert tunnel["verdict"] == "fail"


def test_a_deny_line_that_takes_one_pair_whole_is_a_warning_naming_it():
    deny = "access-list AZ-FILTER extended deny ip 172.16.0.0 255.255.0.0 192.168.50.0 255.255.255.0"
    text = asa_config(acl_extra=SECOND_PAIR, extra="\n".join([deny, RIGHT_WAY]) + ON_GROUP_POLICY)
    _tunnel, [drops] = checked(text)
    assert (drops["code"], drops["severity"]) == ("VPN_FILTER_DROPS", "warning")
    assert "1 of the 2 network pair(s)" in drops["summary"]
    assert "remote 172.16.0.0/16 to local 192.168.50.0/24 (line %d)" % line_of(text, deny) in drops["summary"]
    assert line_of(text, deny) in [l["line"] for l in drops["evidence"]["asa"]["lines"]]


def test_a_pair_denied_in_part_before_a_whole_permit_is_not_said_to_pass_whole():
    deny = "access-list AZ-FILTER extended deny ip 172.16.0.0 255.255.0.0 10.1.0.0 255.255.0.0"
    _tunnel, [note] = checked(asa_config(extra="\n".join([deny, RIGHT_WAY]) + ON_GROUP_POLICY))
    assert note["code"] == "UNSUPPORTED_CONSTRUCT" and note["severity"] == "info"
    assert "lets only part of the tunnel's traffic through" in note["summary"]


def test_ports_are_the_users_policy_named_as_information():
    tunnel, [note] = checked(asa_config(extra=PORTED + ON_GROUP_POLICY))
    assert (note["code"], note["severity"]) == ("UNSUPPORTED_CONSTRUCT", "info")
    assert "vpn-filter AZ-FILTER" in note["summary"] and tunnel["verdict"] == "pass"


def test_the_default_group_policys_filter_is_inherited_unless_the_policy_says_none():
    inherited = WRONG_WAY + "\ngroup-policy DfltGrpPolicy attributes\n vpn-filter value AZ-FILTER"
    _tunnel, [drops] = checked(asa_config(extra=inherited))
    assert drops["code"] == "VPN_FILTER_DROPS" and "group-policy DfltGrpPolicy" in drops["summary"]
    _tunnel, found = checked(asa_config(extra=inherited + "\ngroup-policy AZ-GP attributes\n vpn-filter none"))
    assert found == []


def test_a_vti_tunnels_filter_is_named_not_judged():
    text = vti_config(extra=WRONG_WAY + "\ngroup-policy DfltGrpPolicy attributes\n vpn-filter value AZ-FILTER")
    [tunnel] = report_for(text, azure_resources(**ROUTE_BASED))["tunnels"]
    [note] = [f for f in tunnel["findings"] if "vpn-filter" in f["summary"]]
    assert (note["code"], note["severity"]) == ("UNSUPPORTED_CONSTRUCT", "info") and "not judged" in note["summary"]


def test_a_vpn_filter_naming_no_access_list_is_an_undefined_reference():
    [tunnel] = report_for(asa_config(extra="group-policy AZ-GP attributes\n vpn-filter value NO-SUCH-ACL"),
                          azure_resources())["tunnels"]
    [undefined] = [f for f in tunnel["findings"] if f["code"] == "UNDEFINED_REFERENCE"]
    assert "NO-SUCH-ACL" in undefined["summary"] and tunnel["verdict"] == "fail"
