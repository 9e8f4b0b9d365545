# -*- coding: utf-8 -*-
"""A ``set ikev2 ipsec-proposal`` (or ``set ikev1 transform-set``) line that names nothing is a line cut short (the ASA
refuses it without a name): it is an INVALID_VALUE naming the line, and the entry keeps the proposals its other line
set. It wiped them, and the tunnel failed with "ASA allows IKE version none" against a tunnel that was aligned."""

import pytest

from scenario_builders import asa_config, azure_resources, vti_config, ROUTE_BASED
from test_scenarios import report_for


@pytest.mark.parametrize("cut", ["crypto map AZ-MAP 10 set ikev2 ipsec-proposal",
                                 "crypto map AZ-MAP 10 set ikev1 transform-set"])
def test_a_proposal_line_cut_short_is_named_and_the_entry_keeps_its_proposals(cut):
    [found] = [t for t in report_for(asa_config(entry_lifetime=cut), azure_resources())["tunnels"] if t["azure"]]
    codes = [(f["code"], f["severity"]) for f in found["findings"]]
    assert ("IKE_VERSION_MISMATCH", "error") not in codes
    [invalid] = [f for f in found["findings"] if f["code"] == "INVALID_VALUE"]
    assert "Line 29" in invalid["summary"] and "name" in invalid["summary"]
    assert found["verdict"] == "degraded"


def test_an_ipsec_profile_line_cut_short_keeps_the_profile_proposal():
    report = report_for(vti_config(pfs=" set ikev2 ipsec-proposal"), azure_resources(**ROUTE_BASED))
    [found] = [t for t in report["tunnels"] if t["azure"]]
    assert "IKE_VERSION_MISMATCH" not in [f["code"] for f in found["findings"]]
    assert "INVALID_VALUE" in [f["code"] for f in found["findings"]]
