# -*- coding: utf-8 -*-
"""IKEv2 authentication is chosen per direction (RFC 7296 s2.15): an ASA that signs with a certificate while it asks
Azure for the pre-shared key fails IKE_AUTH against Azure, which uses the key both ways (review 2026-12-04: this
passed, as only the remote method was kept)."""

import json

import pytest
from policy_based_ikev1_fixture import asa as ikev1_asa
from policy_based_ikev1_fixture import check as ikev1_check
from policy_based_ikev1_fixture import finding as ikev1_finding

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


# -- against Azure's connection on certificates (authenticationType Certificate), and an IKEv1 trust-point ------------
MIXED = "%s\n %s" % (REMOTE_BY_KEY_LINE, LOCAL_CERT)


def _on_certificates(resources):
    for item in resources:
        if item["type"] == "Microsoft.Network/connections":
            item["properties"]["authenticationType"] = "Certificate"
    return resources


def _auth_finding(text, resources):
    [tunnel] = report_for(text, resources)["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "AUTH_MISMATCH"]
    return finding


def test_a_key_on_the_asa_against_azure_on_certificates_is_not_fixed_by_a_shared_key():
    """Azure's sharedKey is not used with authenticationType Certificate: the sharedKey note was shown as a proven fix
    and left the connection on certificates. Nor is Azure moved to a key (weaker, DOC_S2S_CERT_AUTH)."""
    finding = _auth_finding(asa_config(), _on_certificates(azure_resources()))
    assert finding["evidence"]["azure"]["method"] == "certificate"
    assert [line["text"] for line in finding["evidence"]["azure"]["lines"]] == ["S2S: authenticationType = Certificate"]
    assert "azure" not in finding["remediation"] and finding["proof"]["azure"]["proven"] is False
    assert "authenticationType Certificate" in finding["proof"]["azure"]["reason"]
    assert "sharedKey" not in json.dumps(finding["remediation"])
    # the ASA is told how to move to certificates, which needs a trustpoint a person enrols: said, not shown as proven
    assert finding["proof"]["asa"]["proven"] is False
    assert "ikev2 local-authentication certificate <trustpoint>" in finding["proof"]["asa"]["reason"]


def test_an_asa_signing_with_a_certificate_and_asking_for_a_key_against_azure_on_certificates_says_what_to_do():
    """It had no fix and no reason: the finding said nothing of what a person must decide."""
    finding = _auth_finding(asa_config(auth=MIXED), _on_certificates(azure_resources()))
    assert "certificate to the peer, psk from it" in finding["summary"]
    assert {line["text"] for line in finding["evidence"]["asa"]["lines"]} == {REMOTE_BY_KEY_LINE, LOCAL_CERT}
    assert finding["proof"]["asa"]["proven"] is False
    assert "ikev2 remote-authentication certificate" in finding["proof"]["asa"]["reason"]
    assert "no" not in [line.split()[0] for line in finding["remediation"].get("asa", [])]


def test_the_mixed_asa_against_azure_on_a_key_is_told_to_use_the_key_both_ways():
    finding = _auth_finding(asa_config(auth=MIXED), azure_resources())
    assert finding["evidence"]["asa"]["method"] == "certificate to the peer, psk from it"
    assert finding["evidence"]["azure"]["method"] == "psk"
    assert finding["proof"]["asa"]["proven"] is True
    assert finding["remediation"]["asa"][-2:] == ["! ikev2 remote-authentication pre-shared-key <key>",
                                                  "! ikev2 local-authentication pre-shared-key <key>"]


def test_an_ikev1_trust_point_against_azure_on_a_key_asks_for_the_key_and_keeps_the_trust_point():
    """IKEv1 tunnel-group with ``ikev1 trust-point`` and no key, against Azure's IKEv1 connection (its sharedKey)."""
    text = ikev1_asa((" ikev1 pre-shared-key *****", " ikev1 trust-point ASA-TP"))
    tunnel = ikev1_check(text)
    finding = ikev1_finding(tunnel, "AUTH_MISMATCH")
    assert finding["severity"] == "error" and "Main Mode" in finding["summary"]
    assert finding["evidence"]["asa"] == {"method": "certificate",
                                          "lines": [{"line": 100, "text": "ikev1 trust-point ASA-TP"}]}
    assert finding["evidence"]["azure"]["method"] == "psk" and finding["evidence"]["azure"]["lines"]
    assert finding["proof"]["asa"]["proven"] is True
    assert finding["remediation"]["asa"] == ["! set the same pre-shared key on both ends (keys are never shown here):",
                                             "! tunnel-group 203.0.113.60 ipsec-attributes",
                                             "! ikev1 pre-shared-key <key>"]
    # Azure is not moved to certificates, and says why
    assert finding["proof"]["azure"]["proven"] is False and "azure" not in finding["remediation"]


def test_an_asa_on_certificates_both_ways_is_not_moved_to_azure_s_key():
    """Review s42: the mirror of Azure on certificates. The ASA signed and verified with certificates and was told,
    as a proven fix, to take a pre-shared key both ways: a weaker method than the one it uses."""
    finding = _auth_finding(asa_config(auth="%s\n %s" % (REMOTE_CERT, LOCAL_CERT)), azure_resources())
    assert finding["evidence"]["asa"]["method"] == "certificate"
    assert finding["proof"]["asa"]["proven"] is False and "asa" not in finding["remediation"]
    assert "weaker than a certificate" in finding["proof"]["asa"]["reason"]
    # nor is Azure moved by a module: certificates there are a person's to set up, and the report says what it takes
    assert finding["proof"]["azure"]["proven"] is False
    assert "authenticationType Certificate" in finding["proof"]["azure"]["reason"]
