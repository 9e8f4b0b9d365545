# -*- coding: utf-8 -*-
"""Review I, finding 6: an ASA's ``crypto ikev1 policy`` takes ``hash sha`` (SHA-1) or ``md5`` only (asa/tables.py
IKEV1_HASH; Cisco: the SHA-2 hash options "are available for IKEv2 configurations"), so an IKE suite fix for an IKEv1 ASA
end always kept SHA-1 and was refused as "below the crypto baseline", while the PFS fix to group 14 on the same SHA-1
suite was shown. The rule is now the one model_edit.refusal and the PFS fix follow: a fix that clears a mismatch and
lowers nothing is offered even where a weakness the end has already stays (it keeps its own WEAK_CRYPTO finding); a
fix that brings a weak value the end does not use is still refused."""

from policy_based_ikev1_fixture import applied, asa, azure, check, codes, finding

POLICY = {"saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "AES256",
          "ipsecIntegrity": "SHA1", "ikeEncryption": "AES256", "ikeIntegrity": "SHA1", "dhGroup": "DHGroup14",
          "pfsGroup": "PFS2048"}


def test_the_ikev1_asa_policy_is_raised_to_group_14_though_its_sha1_stays():
    text = asa()  # ikev1 policy 5: aes-256, sha, group 2; Azure (RouteBased VpnGw1, IKEv1): AES256/SHA1/DHGroup14
    tunnel = check(text, azure(POLICY))
    ike = finding(tunnel, "IKE_NO_COMMON_PROPOSAL")
    assert ike["proof"]["asa"]["proven"] is True, ike["proof"]
    assert ike["remediation"]["asa"][1:] == [" authentication pre-share", " encryption aes-256", " hash sha", " group 14",
                                             " lifetime 28800"]
    assert ike["remediation"]["asa"][0].startswith("crypto ikev1 policy ")
    assert ike["proof"]["asa"]["reason"].endswith(
        "The tunnel then negotiates a suite below the baseline, as its ends are configured (WEAK_CRYPTO).")
    # Azure is not moved down to the ASA's group 2: that is a weakness it does not have, and a lower group
    assert "azure" not in ike["remediation"]
    assert "it would lower its DH group 14 -> 2, and it would bring group 2, below the crypto baseline, which Azure " \
        "does not use today" in ike["proof"]["azure"]["reason"]
    assert "stays below the crypto baseline" not in ike["proof"]["azure"]["reason"]
    # the PFS fix on the same SHA-1 suite, as before
    assert finding(tunnel, "PFS_MISMATCH")["remediation"]["asa"] == ["crypto map azure-crypto-map 1 set pfs group14"]
    # typed in, both clear; SHA-1 is still reported, by WEAK_CRYPTO
    after = check(applied(applied(text, ike["remediation"]["asa"]),
                          finding(tunnel, "PFS_MISMATCH")["remediation"]["asa"]), azure(POLICY))
    assert not {"IKE_NO_COMMON_PROPOSAL", "PFS_MISMATCH"} & codes(after), after["findings"]
    assert "SHA1" in finding(after, "WEAK_CRYPTO")["summary"]


def test_a_fix_that_would_bring_a_weak_value_the_end_does_not_use_is_still_refused():
    # Azure on SHA256 (RouteBased, IKEv1): the ASA cannot take SHA256 with IKEv1, and Azure is not moved to SHA1
    tunnel = check(asa((" hash sha\n group 2", " hash sha\n group 14")), azure(dict(POLICY, ikeIntegrity="SHA256")))
    ike = finding(tunnel, "IKE_NO_COMMON_PROPOSAL")
    assert ike["remediation"] == {}
    assert "it would bring SHA1, below the crypto baseline, which Azure does not use today" in \
        ike["proof"]["azure"]["reason"]
    assert "ASA cannot take SHA256 with IKEv1" in ike["proof"]["asa"]["reason"]
