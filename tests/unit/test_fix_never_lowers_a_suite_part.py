# -*- coding: utf-8 -*-
"""A crypto fix never lowers a part of an end's suite (cipher, AEAD -> CBC, integrity, PRF, DH group), even when the
suite's weakest part (DH group 14) leaves its score equal (review D, finding 2: Azure GCM-256 / PRF SHA-384 was moved
to AES-CBC-256 / SHA-256 as a "proven" fix)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from scenario_builders import asa_config, azure_resources


def _finding(code, **policy):
    resources = azure_resources(policy_changes=policy)
    [tunnel] = run_check(asa_facts_from_text(asa_config(), host="fw"), azure_facts_from_data(resources))["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == code]
    return finding


def test_azure_on_gcm_and_sha384_is_not_moved_down_to_the_asa_suite():
    finding = _finding("IKE_NO_COMMON_PROPOSAL", ikeEncryption="GCMAES256", ikeIntegrity="SHA384")
    assert "azure" not in finding["remediation"], finding["remediation"]
    assert finding["proof"]["azure"]["proven"] is False
    assert "never weakens" in finding["proof"]["azure"]["reason"]
    # the ASA moves up to Azure's suite instead
    assert finding["proof"]["asa"]["proven"] is True
    lines = finding["remediation"]["asa"]
    assert " encryption aes-gcm-256" in lines and " prf sha384" in lines, lines


def test_a_real_upgrade_of_azure_is_still_offered():
    finding = _finding("IKE_NO_COMMON_PROPOSAL", ikeEncryption="AES128")
    assert finding["proof"]["azure"]["proven"] is True
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert (policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"]) == ("AES256", "SHA256", "DHGroup14")


def test_lowered_parts_names_what_the_weakest_part_score_hides():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import lowered_parts

    assert lowered_parts(("AES-CBC-256", "SHA256", "SHA256", 14), ("AES-GCM-256", None, "SHA384", 14)) == [
        "cipher mode AES-GCM-256 (AEAD) -> AES-CBC-256", "PRF SHA384 -> SHA256"]
    assert lowered_parts(("AES-CBC-256", "SHA256", "SHA256", 14), ("AES-CBC-256", "SHA512", "SHA512", 14)) == [
        "integrity SHA512 -> SHA256", "PRF SHA512 -> SHA256"]
    assert lowered_parts(("AES-GCM-256", None, "SHA384", 20), ("AES-CBC-256", "SHA256", "SHA256", 14)) == []
