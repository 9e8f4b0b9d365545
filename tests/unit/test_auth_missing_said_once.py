# -*- coding: utf-8 -*-
"""A tunnel-group with no authentication lines was two AUTH_MISMATCH errors for one tunnel: the ASA's own ("no IKEv2
remote and local authentication") and the engine's ("ASA authenticates with nothing configured", citing no line).
One finding says it now, with both directions, the tunnel-group line and the engine's fix."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _auth_findings(auth):
    [tunnel] = report_for(asa_config(auth=auth), azure_resources())["tunnels"]
    return [f for f in tunnel["findings"] if f["code"] == "AUTH_MISMATCH"]


def test_a_tunnel_group_without_authentication_is_one_finding_naming_both_directions():
    [finding] = _auth_findings("")
    assert finding["severity"] == "error"
    assert "remote and local" in finding["summary"] and "IKE_AUTH fails" in finding["summary"]
    assert finding["evidence"]["asa"]["missing"] == "remote and local"
    assert any(line["text"].startswith("tunnel-group 203.0.113.20 type ipsec-l2l") for line in finding["evidence"]["asa"]["lines"])
    asa_fix = "\n".join(finding["remediation"]["asa"])
    assert "ikev2 remote-authentication pre-shared-key" in asa_fix and "ikev2 local-authentication pre-shared-key" in asa_fix


def test_one_direction_missing_stays_one_finding_naming_it():
    [finding] = _auth_findings("ikev2 remote-authentication pre-shared-key *****")
    assert finding["evidence"]["asa"]["missing"] == "local"
    assert "ikev2 local-authentication pre-shared-key" in "\n".join(finding["remediation"]["asa"])
