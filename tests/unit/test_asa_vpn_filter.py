# -*- coding: utf-8 -*-
"""A vpn-filter on the tunnel's group-policy filters its traffic after decryption (a LAN-to-LAN filter names the
remote network as the source): a filter that misses a pair drops it while the tunnel stays up. The check does not
read the filter; it names it (review 2026-12-04: it was read as nothing)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

FILTER = "access-list AZ-FILTER extended permit ip 172.16.0.0 255.255.0.0 10.0.0.0 255.0.0.0"


def notes(text):
    [tunnel] = report_for(text, azure_resources())["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]


def test_a_vpn_filter_on_the_tunnels_group_policy_is_named_with_its_line():
    text = asa_config(extra=FILTER + "\ngroup-policy AZ-GP attributes\n vpn-filter value AZ-FILTER")
    tunnel, [note] = notes(text)
    [line] = [n for n, t in enumerate(text.splitlines(), 1) if t == " vpn-filter value AZ-FILTER"]
    assert note["severity"] == "info" and "vpn-filter AZ-FILTER" in note["summary"]
    assert note["evidence"]["asa"]["lines"][0]["line"] == line
    assert tunnel["verdict"] == "pass"  # information: the filter is the user's policy, not a mismatch


def test_the_default_group_policys_filter_is_inherited_unless_the_policy_says_none():
    inherited = FILTER + "\ngroup-policy DfltGrpPolicy attributes\n vpn-filter value AZ-FILTER"
    _tunnel, [note] = notes(asa_config(extra=inherited))
    assert "group-policy DfltGrpPolicy" in note["summary"]
    _tunnel, found = notes(asa_config(extra=inherited + "\ngroup-policy AZ-GP attributes\n vpn-filter none"))
    assert found == []


def test_a_vpn_filter_naming_no_access_list_is_an_undefined_reference():
    [tunnel] = report_for(asa_config(extra="group-policy AZ-GP attributes\n vpn-filter value NO-SUCH-ACL"),
                          azure_resources())["tunnels"]
    [undefined] = [f for f in tunnel["findings"] if f["code"] == "UNDEFINED_REFERENCE"]
    assert "NO-SUCH-ACL" in undefined["summary"] and tunnel["verdict"] == "fail"
