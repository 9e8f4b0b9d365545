# -*- coding: utf-8 -*-
"""IKEv2 authentication is chosen per direction (RFC 7296 s2.15): an ASA that signs with a certificate while it asks
Azure for the pre-shared key fails IKE_AUTH against Azure, which uses the key both ways (review 2026-12-04: this
passed, as only the remote method was kept)."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

REMOTE_BY_KEY_LINE = "ikev2 remote-authentication pre-shared-key *****"
LOCAL_BY_KEY_LINE = "ikev2 local-authentication pre-shared-key *****"
REMOTE_CERT = "ikev2 remote-authentication certificate"
LOCAL_CERT = "ikev2 local-authentication certificate ASA-TRUSTPOINT"


def _auth_findings(auth):
    report = report_for(asa_config(auth=auth), azure_resources())
    [tunnel] = report["tunnels"]
    return [f for f in tunnel["findings"] if f["code"] == "AUTH_MISMATCH"]


@pytest.mark.parametrize("auth", ["%s\n %s" % (REMOTE_BY_KEY_LINE, LOCAL_CERT), "%s\n %s" % (REMOTE_CERT, LOCAL_BY_KEY_LINE)])
def test_one_direction_on_a_certificate_fails_against_azure(auth):
    [finding] = _auth_findings(auth)
    assert finding["severity"] == "error" and "certificate" in finding["summary"]
    assert finding["remediation"].get("asa")  # the ASA is told to use the key both ways


def test_the_key_both_ways_passes():
    assert _auth_findings("%s\n %s" % (REMOTE_BY_KEY_LINE, LOCAL_BY_KEY_LINE)) == []
