# -*- coding: utf-8 -*-
"""Suite findings (IKE_NO_COMMON_PROPOSAL, CHILD_NO_COMMON_PROPOSAL) where neither end can move to a suite of the
other's (review D, findings 2 and 4):

- an IKEv1 pair is told the real cause per end (a part the move would lower, a value below the baseline the end does
  not use today, a suite above it the ASA cannot take with IKEv1: move to IKEv2), not "cannot take SHA256" for a cipher
  mismatch nor "the engine still reports" for a change never tried; an end that lowers nothing is moved even where a
  weakness it has already stays (review I, finding 6);
- where a suite exists that both ends can take and that lowers no part of either end's strongest suite, it is the
  fix: each part at the stronger end's (both ends move), or an ASA that keeps its policies adding the other's suite,
  no weaker in any part than one the ASA takes already.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from scenario_builders import asa_config, azure_resources
from vendor_apply import apply_asa

AZ_V1 = dict(ipsecEncryption="AES256", ipsecIntegrity="SHA1", ikeEncryption="AES256", ikeIntegrity="SHA1",
             dhGroup="DHGroup14")


def ikev1_asa(transform="esp-aes-256 esp-sha-hmac"):
    """aes-256/sha/group 14 and a transform-set, IKEv1 only (the review's harness c8.py)."""
    text = asa_config(tunnel_protocol="ikev1", auth="ikev1 pre-shared-key *****",
                      ikev2_enable="crypto ikev1 enable INTERNET")
    text = text.replace("crypto map AZ-MAP 10 set ikev2 ipsec-proposal AZ-PROP",
                        "crypto map AZ-MAP 10 set ikev1 transform-set TS1")
    text = text.replace("crypto ipsec ikev2 ipsec-proposal AZ-PROP\n protocol esp encryption aes-gcm-256\n"
                        " protocol esp integrity null", "crypto ipsec ikev1 transform-set TS1 " + transform)
    return text.replace("crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 14\n prf sha256\n"
                        " lifetime seconds 28800",
                        "crypto ikev1 policy 10\n authentication pre-share\n encryption aes-256\n hash sha\n"
                        " group 14\n lifetime 28800")


def finding(asa_text, resources, code):
    [tunnel] = run_check(asa_facts_from_text(asa_text, host="fw"), azure_facts_from_data(resources))["tunnels"]
    [found] = [f for f in tunnel["findings"] if f["code"] == code]
    return found


def problems(asa_text, resources):
    [tunnel] = run_check(asa_facts_from_text(asa_text, host="fw"), azure_facts_from_data(resources))["tunnels"]
    return [(f["code"], f["severity"]) for f in tunnel["findings"] if f["severity"] in ("error", "warning")]


def ikev1_azure(**changes):
    return azure_resources(policy_changes=dict(AZ_V1, **changes), protocol="IKEv1", use_policy_ts=False)


def test_an_ikev1_encryption_mismatch_moves_the_end_that_lowers_nothing_and_names_the_lowered_cipher():
    found = finding(ikev1_asa(), ikev1_azure(ikeEncryption="AES128"), "IKE_NO_COMMON_PROPOSAL")
    # Azure AES128 -> AES256 keeping the SHA1 it has lowers nothing: the fix (review I, finding 6: a weakness the end
    # has already keeps its WEAK_CRYPTO finding, as model_edit.refusal and the PFS fix have it)
    assert found["proof"]["azure"]["proven"] is True
    [policy] = found["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert (policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"]) == ("AES256", "SHA1", "DHGroup14")
    assert found["proof"]["azure"]["reason"].endswith("as its ends are configured (WEAK_CRYPTO).")
    asa = found["proof"]["asa"]["reason"]
    assert asa == ("not shown: Azure's suite AES-CBC-128/SHA1/group 14 is not one ASA may move to: it would lower its "
                   "encryption AES-CBC-256 -> AES-CBC-128; the change tried is Azure's (see its proof) (a fix never "
                   "weakens an end nor brings it a value below the crypto baseline it does not use today)."), asa
    assert "still reports" not in asa and "SHA256" not in asa


def test_an_ikev1_dh_mismatch_is_not_told_as_an_integrity_one():
    found = finding(ikev1_asa(), ikev1_azure(dhGroup="DHGroup24"), "IKE_NO_COMMON_PROPOSAL")
    asa = found["proof"]["asa"]["reason"]
    # group 24 is one RFC 8247 advises against: the ASA is not moved there; Azure leaves it for the ASA's group 14
    assert asa.startswith("not shown: Azure's suite AES-CBC-256/SHA1/group 24 is not one ASA may move to: it would "
                          "bring DH group 24, which RFC 8247 section 2.4 advises against; "), asa
    assert found["proof"]["azure"]["proven"] is True
    [policy] = found["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert policy["dhGroup"] == "DHGroup14"


def test_an_ikev1_esp_mismatch_moves_the_transform_set_to_the_suite_azure_has():
    text = ikev1_asa("esp-aes esp-sha-hmac")
    found = finding(text, ikev1_azure(), "CHILD_NO_COMMON_PROPOSAL")
    assert found["proof"]["asa"]["proven"] is True
    assert found["remediation"]["asa"][0].endswith(" esp-aes-256 esp-sha-hmac")
    azure = found["proof"]["azure"]["reason"]
    assert azure.startswith("not shown: ASA's suite AES-CBC-128/SHA1 is not one Azure may move to: it would lower its "
                            "encryption AES-CBC-256 -> AES-CBC-128; the change tried is ASA's (see its proof)"), azure
    assert "still reports" not in azure
    after, _applied = apply_asa(text, found["remediation"]["asa"])
    assert ("CHILD_NO_COMMON_PROPOSAL", "error") not in problems(after, ikev1_azure())


ALL_SHA2 = dict(ike_enc="aes-256 aes-192 aes", ike_integ="sha512 sha384 sha256", ike_prf="sha512 sha384 sha256",
                ike_group="21 20 19")
AZURE_GCM = dict(ikeEncryption="GCMAES256", ikeIntegrity="SHA384", dhGroup="ECP384")


def test_an_asa_that_takes_each_part_already_adds_the_gcm_suite_azure_has():
    # Azure has no SHA512 nor group 21, and CBC would lower its cipher mode; the ASA's strongest suite (SHA512,
    # group 21) stays, and AES-GCM-256/PRF SHA384/group 20 is no weaker in any part than its AES-256/SHA384/20
    text, resources = asa_config(**ALL_SHA2), azure_resources(policy_changes=AZURE_GCM)
    found = finding(text, resources, "IKE_NO_COMMON_PROPOSAL")
    assert found["proof"]["asa"]["proven"] is True, found["proof"]
    lines = found["remediation"]["asa"]
    assert lines == ["crypto ikev2 policy 11", " encryption aes-gcm-256", " integrity null", " group 20",
                     " prf sha384", " lifetime seconds 28800"], lines
    azure = found["proof"]["azure"]["reason"]
    assert "Azure has no SHA512" in azure and "the change tried is ASA's" in azure, azure
    after, _applied = apply_asa(text, lines)
    assert problems(after, resources) == []


def test_both_ends_move_to_the_stronger_of_each_part_when_neither_alone_may():
    # ASA aes-256/sha256/group 14, Azure AES128/SHA256/ECP256: Azure to group 14 lowers its DH, the ASA to AES128
    # lowers its cipher; AES-256/SHA256/group 19 lowers neither, and both take it
    resources = azure_resources(policy_changes=dict(ikeEncryption="AES128", ikeIntegrity="SHA256", dhGroup="ECP256"))
    found = finding(asa_config(), resources, "IKE_NO_COMMON_PROPOSAL")
    assert found["proof"]["asa"]["proven"] and found["proof"]["asa"]["together"], found["proof"]
    assert found["remediation"]["asa"] == ["crypto ikev2 policy 11", " encryption aes-256", " integrity sha256",
                                           " group 19", " prf sha256", " lifetime seconds 28800"]
    [policy] = found["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert (policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"]) == ("AES256", "SHA256", "ECP256")


def test_an_asa_adds_no_suite_weaker_in_a_part_than_every_one_it_has():
    # Azure AES128: the ASA (only AES-256) never adds it; Azure moves up instead
    found = finding(asa_config(), azure_resources(policy_changes=dict(ikeEncryption="AES128")),
                    "IKE_NO_COMMON_PROPOSAL")
    assert "asa" not in found["remediation"] and found["proof"]["azure"]["proven"] is True


def test_a_part_two_equally_strong_suites_would_lower_is_named_once():
    # one GCM policy with PRF SHA-384 and SHA-512: two suites of the same strength, both lowered from AEAD to CBC by
    # Azure's AES256/SHA384 suite; the reason named that cipher mode twice and left out the PRF
    text = asa_config(ike_enc="aes-gcm-256", ike_integ="null", ike_prf="sha384 sha512", ike_group="20")
    resources = azure_resources(policy_changes=dict(ikeEncryption="AES256", ikeIntegrity="SHA384", dhGroup="ECP384"))
    asa = finding(text, resources, "IKE_NO_COMMON_PROPOSAL")["proof"]["asa"]["reason"]
    assert asa.count("cipher mode") == 1, asa
    assert "it would lower its cipher mode AES-GCM-256 (AEAD) -> AES-CBC-256, PRF SHA512 -> SHA384;" in asa, asa
