# -*- coding: utf-8 -*-
"""NO_INITIATOR under align's default strategy (safest): both ends' fixes are proven and equally safe, but
asa_vpn_tunnel cannot remove an ASA's answer-only / responder-only (a manual step), while azure_vpn_connection pushes
Azure's connectionMode. The plan took the ASA's, so align left the tunnel down (review 2026-12-07); it now takes
the fix align can push."""

import pytest

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_scenarios import report_for

CASES = {
    "crypto map answer-only": (asa_config(entry_lifetime="crypto map AZ-MAP 10 set connection-type answer-only"),
                               azure_resources(mode="ResponderOnly")),
    "vti responder-only": (vti_config(responder_only=" responder-only"),
                           azure_resources(mode="ResponderOnly", **ROUTE_BASED)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_safest_pushes_azure_connection_mode_and_leaves_no_manual_step(name):
    report = report_for(*CASES[name])
    [tunnel] = report["tunnels"]
    assert [f["code"] for f in tunnel["findings"] if f["severity"] == "error"] == ["NO_INITIATOR"]
    safest = tunnel["alignment"]["safest"]
    assert safest["azure"]["options"]["connection_mode"] == "Default"
    assert safest["azure"]["fixes"] == 1
    assert safest["asa"]["manual"] == [] and safest["asa"]["fixes"] == 0
    # the one-end modes are unchanged: aligning the ASA alone still names its manual step
    assert [m["kind"] for m in tunnel["alignment"]["align_to_azure"]["manual"]] == ["initiator"]
