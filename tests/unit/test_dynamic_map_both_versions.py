# -*- coding: utf-8 -*-
"""A dynamic crypto map entry set for both IKE versions ('set ikev1 transform-set' and 'set ikev2 ipsec-proposal'),
answering an Azure connection that speaks IKEv1 (a Basic PolicyBased gateway), or landing in a tunnel-group whose
group-policy allows IKEv1 only. The entry's end held its IKEv2 proposals alone, so the IKEv2 policies and
ipsec-proposal were judged as what IKEv1 negotiates: IKE_NO_COMMON_PROPOSAL and CHILD_NO_COMMON_PROPOSAL errors on a
tunnel that comes up, and the IKEv1 transform-set and key never looked at. Now the entry holds the other version's
proposals as a static entry does (protection._version_parts), and the tunnel is checked with the version it
negotiates (model.for_version)."""

import pytest

from scenario_builders import azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for

IKEV2_KEYS = " ikev2 remote-authentication pre-shared-key *****\n ikev2 local-authentication pre-shared-key *****\n"
BASIC_IKEV1 = dict(policy=None, sku="Basic", vpn_type="PolicyBased", protocol="IKEv1", use_policy_ts=False)


def _dual(transforms="esp-aes-256 esp-sha-hmac", protocols="ikev1", ikev1_key=True):
    """dynamic_asa's DYN 20 with an IKEv1 transform-set beside its ipsec-proposal, an IKEv1 policy of Azure's
    default suite (AES-256/SHA-1/group 2), and the landing group's group-policy allowing ``protocols``."""
    text = dynamic_asa().replace("ASA Version 9.14(4)", "ASA Version 9.12(4)")
    text = text.replace(" vpn-tunnel-protocol ikev2", " vpn-tunnel-protocol " + protocols)
    text = text.replace(
        "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\n",
        "crypto ipsec ikev1 transform-set BRANCH-TS %s\n"
        "crypto ikev1 policy 30\n authentication pre-share\n encryption aes-256\n hash sha\n group 2\n lifetime 28800\n"
        "crypto ikev1 enable INTERNET\n"
        "crypto dynamic-map DYN 20 set ikev1 transform-set BRANCH-TS\n"
        "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\n" % transforms)
    return text.replace(IKEV2_KEYS, IKEV2_KEYS + (" ikev1 pre-shared-key *****\n" if ikev1_key else ""))


def _found(report):
    [tunnel] = report["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


@pytest.mark.parametrize("protocols", ["ikev1", "ikev1 ikev2"])
def test_an_ikev1_connection_is_checked_with_the_entrys_transform_set_not_its_ikev2_proposal(protocols):
    tunnel, found = _found(report_for(_dual(protocols=protocols), azure_resources(**BASIC_IKEV1)))
    errors = sorted(code for code, f in found.items() if f["severity"] == "error")
    assert errors == [], [found[c]["summary"] for c in errors]
    assert tunnel["verdict"] == "degraded"


def test_a_transform_set_azure_refuses_is_child_no_common_proposal_citing_it():
    tunnel, found = _found(report_for(_dual("esp-3des esp-md5-hmac"), azure_resources(**BASIC_IKEV1)))
    child = found["CHILD_NO_COMMON_PROPOSAL"]
    assert child["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "IKE_NO_COMMON_PROPOSAL" not in found  # the IKEv1 policy takes Azure's IKEv1 offer
    texts = [line["text"] for p in child["evidence"]["asa"]["proposals"] for line in p["lines"]]
    assert "crypto ipsec ikev1 transform-set BRANCH-TS esp-3des esp-md5-hmac" in texts, texts


def test_the_landing_groups_missing_ikev1_key_is_an_auth_mismatch():
    tunnel, found = _found(report_for(_dual(protocols="ikev1 ikev2", ikev1_key=False), azure_resources(**BASIC_IKEV1)))
    auth = found["AUTH_MISMATCH"]
    assert auth["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "! ikev1 pre-shared-key <key>" in auth["remediation"]["asa"]
    assert "! tunnel-group DefaultL2LGroup ipsec-attributes" in auth["remediation"]["asa"]


def test_an_ikev2_connection_still_negotiates_the_ipsec_proposal():
    tunnel, found = _found(report_for(_dual(protocols="ikev1 ikev2"), azure_resources()))
    errors = sorted(code for code, f in found.items() if f["severity"] == "error")
    assert errors == [] and tunnel["verdict"] == "degraded", [found[c]["summary"] for c in errors]
