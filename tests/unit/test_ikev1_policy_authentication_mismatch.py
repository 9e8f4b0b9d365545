# -*- coding: utf-8 -*-
"""An ASA whose only IKEv1 policy says ``authentication rsa-sig`` against Azure's pre-shared key is an
AUTH_MISMATCH citing the policy's lines, with the crypto-neutral proven fix ``authentication pre-share`` in that
policy; not "ASA has no IKE proposal" with none cited and an IKEv2 suggestion (review I, defect 5)."""

import json

from policy_based_ikev1_fixture import ASA as BASE
from policy_based_ikev1_fixture import check as _tunnel
from vendor_apply import apply_asa


RSA = BASE.replace("crypto ikev1 policy 5\n authentication pre-share\n", "crypto ikev1 policy 5\n authentication rsa-sig\n", 1)


def test_rsa_sig_policy_against_a_pre_shared_key_is_an_auth_mismatch_citing_the_policy():
    assert RSA != BASE
    tunnel = _tunnel(RSA)
    codes = [f["code"] for f in tunnel["findings"] if f["severity"] == "error"]
    assert codes == ["AUTH_MISMATCH"], codes
    [auth] = [f for f in tunnel["findings"] if f["code"] == "AUTH_MISMATCH"]
    assert "ikev1 policy 5" in auth["summary"] and "certificate" in auth["summary"], auth["summary"]
    assert "pre-shared key" in auth["summary"]
    cited = [line["text"] for line in auth["evidence"]["asa"]["lines"]]
    assert "crypto ikev1 policy 5" in cited and "authentication rsa-sig" in cited, cited
    assert "IKEv2" not in json.dumps(auth)


def test_the_fix_adds_a_pre_share_copy_of_the_policy_is_proven_and_works_once_applied():
    """The rsa-sig policy is global (certificate tunnels and remote-access clients may use it): the fix adds a copy with
    ``authentication pre-share`` and the same algorithms after every policy, and leaves it as it is (the fix edited it
    in place, and align then left it to a person)."""
    [auth] = [f for f in _tunnel(RSA)["findings"] if f["code"] == "AUTH_MISMATCH"]
    assert auth["proof"]["asa"]["proven"] is True, auth["proof"]
    assert auth["remediation"]["asa"] == ["crypto ikev1 policy 6", " authentication pre-share", " encryption aes-256",
                                          " hash sha", " group 2", " lifetime 28800"]
    # Azure is not moved to certificates (a Key Vault set-up), and says so
    assert "moving it to a certificate" in auth["proof"]["azure"]["reason"], auth["proof"]
    assert "for a person to set up" in auth["proof"]["azure"]["reason"], auth["proof"]
    after, _applied = apply_asa(RSA, auth["remediation"]["asa"])
    assert "crypto ikev1 policy 5\n authentication rsa-sig\n" in after
    errors = [f["code"] for f in _tunnel(after)["findings"] if f["severity"] == "error"]
    assert errors == []


def test_a_pre_share_policy_beside_the_rsa_sig_one_is_what_negotiates():
    # the rsa-sig policy is left out as before: the pre-share one matches Azure (no finding about authentication)
    text = RSA.replace("ssh stricthostkeycheck\n", "crypto ikev1 policy 10\n authentication pre-share\n encryption aes-256\n"
                       " hash sha\n group 2\n lifetime 28800\nssh stricthostkeycheck\n", 1)
    codes = [f["code"] for f in _tunnel(text)["findings"] if f["severity"] == "error"]
    assert codes == [], codes
