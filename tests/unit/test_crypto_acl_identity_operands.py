# -*- coding: utf-8 -*-
"""A crypto ACL line that names a user, user group or security group (identity firewall) is not read as the wider
selector its addresses alone would make: crypto maps take no identity-based ACL (Cisco ASA Series Firewall CLI
Configuration Guide, Identity Firewall, Guidelines), so the selectors are undecided and a finding names the line.
'security-group tag N' / 'security-group name X' take three words, not two (no bogus INVALID_VALUE)."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

ACL = "access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN"


@pytest.mark.parametrize("identity", [
    "user LOCAL\\bob",
    "user-group CORP\\admins",
    "security-group tag 5",
    "security-group name ENG",
    "object-group-user STAFF",
])
def test_an_identity_line_is_named_not_read_wider(identity):
    line = ACL.replace("permit ip ", "permit ip %s " % identity)
    report = report_for(asa_config().replace(ACL, line), azure_resources())
    tunnel = report["tunnels"][0]
    assert tunnel["verdict"] != "pass"
    named = [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT" and "identity firewall" in f["summary"]]
    assert len(named) == 1
    assert [entry["text"] for entry in named[0]["evidence"]["asa"]["lines"]] == [line]
    assert not [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE"]


def test_a_plain_line_is_unchanged():
    assert report_for(asa_config(), azure_resources())["tunnels"][0]["verdict"] == "pass"
