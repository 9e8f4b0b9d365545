# -*- coding: utf-8 -*-
"""A standard ACL as a crypto map entry's crypto ACL (review 2026-12-07). A standard ACL names destination addresses
only, for route maps and VPN filters (Cisco ASA Firewall CLI configuration guide, "Access Control Lists", ACL types); a
crypto map identifies its traffic by source and destination with an extended ACL. The check said only that the ASA
refuses Azure's selectors, named no line, and its "proven" fix appended `access-list AZ-STD extended ...` lines to the
standard ACL's name, which the ASA refuses (an ACL has one type). Now an INVALID_VALUE error names the standard line and
the fix shown mixes no ACL types."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

STANDARD = "access-list AZ-STD standard permit 10.1.0.0 255.255.0.0"


def _tunnel(text, **azure):
    [tunnel] = report_for(text, azure_resources(**azure))["tunnels"]
    return tunnel


def _all_asa_lines(tunnel):
    lines = list(tunnel.get("remediation", {}).get("asa") or [])
    for finding in tunnel["findings"]:
        lines += (finding.get("remediation") or {}).get("asa") or []
    return lines


@pytest.mark.parametrize("line_form", [STANDARD, "access-list AZ-STD line 1 standard permit 10.1.0.0 255.255.0.0"],
                         ids=["plain", "with line number"])
def test_a_standard_crypto_acl_is_named_with_its_line_and_no_fix_mixes_acl_types(line_form):
    text = asa_config(acl_name="AZ-STD", acl_extra=line_form)
    number = text.splitlines().index(line_form) + 1
    tunnel = _tunnel(text)
    assert tunnel["verdict"] == "fail"
    [named] = [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE" and "AZ-STD" in f["summary"]]
    assert named["severity"] == "error"
    assert "standard" in named["summary"] and "extended" in named["summary"], named["summary"]
    assert {"line": number, "text": line_form} in named["evidence"]["asa"]["lines"]
    assert not any(line.startswith("access-list AZ-STD ") for line in _all_asa_lines(tunnel)), _all_asa_lines(tunnel)


def test_an_extended_crypto_acl_is_still_checked():
    # the same entry with an extended ACL passes, as it did
    tunnel = _tunnel(asa_config())
    assert not [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE"]
    assert tunnel["verdict"] == "pass", [(f["code"], f["severity"]) for f in tunnel["findings"]]
