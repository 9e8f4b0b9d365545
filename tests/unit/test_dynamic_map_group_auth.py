# -*- coding: utf-8 -*-
"""The tunnel-group an Azure gateway lands in when a dynamic crypto map answers it (its own, named after its address,
else DefaultL2LGroup) decides its authentication and DPD, as a static entry's tunnel-group does. They were not judged:
a group with no IKEv2 key, or on certificates only, or with isakmp keepalive disabled, passed as a warning ("its
authentication and DPD are not checked") while the tunnel could never authenticate (review s49)."""

import json

from scenario_builders import azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for

KEYS = " ikev2 remote-authentication pre-shared-key *****\n ikev2 local-authentication pre-shared-key *****\n"
CERTIFICATES = " ikev2 remote-authentication certificate\n ikev2 local-authentication certificate AZ-TP\n"


def _found(report):
    [tunnel] = report["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


def test_the_gateways_own_group_without_a_key_is_auth_mismatch_naming_it():
    tunnel, found = _found(report_for(dynamic_asa("203.0.113.20").replace(KEYS, ""), azure_resources()))
    auth = found["AUTH_MISMATCH"]
    assert auth["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "Tunnel-group 203.0.113.20 has no IKEv2 remote and local authentication" in auth["summary"]
    assert auth["evidence"]["asa"]["tunnel_group"] == "203.0.113.20"
    assert "! tunnel-group 203.0.113.20 ipsec-attributes" in auth["remediation"]["asa"]
    assert [f["code"] for f in tunnel["findings"]].count("AUTH_MISMATCH") == 1  # said once, as for a static entry


def test_default_l2l_group_on_certificates_only_fails_against_azures_key_without_a_weaker_fix():
    tunnel, found = _found(report_for(dynamic_asa().replace(KEYS, CERTIFICATES), azure_resources()))
    auth = found["AUTH_MISMATCH"]
    assert auth["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "certificate" in auth["summary"] and "psk" in auth["summary"]
    assert "ikev2 remote-authentication certificate" in [line["text"] for line in auth["evidence"]["asa"]["lines"]]
    assert "asa" not in auth["remediation"]  # a certificate is never moved to a pre-shared key


def test_the_gateways_own_group_is_judged_not_default_l2l_group():
    text = dynamic_asa("203.0.113.20").replace(": end\n", "tunnel-group DefaultL2LGroup ipsec-attributes\n" + CERTIFICATES
                                               + ": end\n")
    tunnel, found = _found(report_for(text, azure_resources()))
    assert "AUTH_MISMATCH" not in found and tunnel["verdict"] == "degraded"
    summary = found["PEER_NOT_FOUND"]["summary"]
    assert "its authentication and DPD (tunnel-group 203.0.113.20) too" in summary


IKEV1 = ("crypto ipsec ikev1 transform-set AZ-TS esp-aes-256 esp-sha-hmac\n"
         "crypto ikev1 policy 10\n authentication pre-share\n encryption aes-256\n hash sha\n group 2\n lifetime 28800\n"
         "crypto ikev1 enable INTERNET\ncrypto dynamic-map DYN 20 set ikev1 transform-set AZ-TS\n")
POLICY_BASED = dict(policy=None, sku="Basic", vpn_type="PolicyBased", protocol="IKEv1", use_policy_ts=False)


def _ikev1_dynamic(keepalive):
    """The dynamic entry on IKEv1 (a Basic PolicyBased gateway, which runs no DPD), its group's key an IKEv1 one."""
    text = dynamic_asa().replace("ASA Version 9.14(4)", "ASA Version 9.8(4)").replace(
        " vpn-tunnel-protocol ikev2", " vpn-tunnel-protocol ikev1")
    text = text.replace("crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\n", IKEV1)
    return text.replace(KEYS, " ikev1 pre-shared-key *****\n" + keepalive)


def test_keepalive_disabled_in_the_group_against_a_gateway_without_dpd_is_dpd_mismatch():
    tunnel, found = _found(report_for(_ikev1_dynamic(" isakmp keepalive disable\n"), azure_resources(**POLICY_BASED)))
    dpd = found["DPD_MISMATCH"]
    assert dpd["severity"] == "warning" and "Neither ASA nor Azure" in dpd["summary"]
    assert [line["text"] for line in dpd["evidence"]["asa"]["lines"]] == ["isakmp keepalive disable"]
    assert "AUTH_MISMATCH" not in found, json.dumps(found.get("AUTH_MISMATCH"))[:300]


def test_keepalive_on_in_the_group_is_no_dpd_mismatch():
    _tunnel, found = _found(report_for(_ikev1_dynamic(""), azure_resources(**POLICY_BASED)))
    assert "DPD_MISMATCH" not in found
