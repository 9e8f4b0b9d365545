# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review s45 B: an Azure policy that breaks Azure's own rules (AZURE_POLICY_INVALID: a GCMAES value on one side of a
pair only) came with a fix drawn from the connection alone. With ikeEncryption AES256 and ikeIntegrity GCMAES256 it
set ikeEncryption GCMAES256, which the ASA (AES-CBC-256, SHA-256) does not offer: pasted, the policy was valid and the
tunnel never came up (IKE_NO_COMMON_PROPOSAL). A policy fix of such a finding is now applied to the model of the
connection and checked against the paired ASA: one that brings a new error or warning is not shown, and says why."""

import copy

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources

CBC_ASA = dict(esp_enc="aes-256", esp_integ="sha-256")  # IKE aes-256/sha256/group 14, ESP aes-256/sha-256


def tunnel(resources, asa):
    (only,) = run_check(asa_facts_from_text(asa, host="fw"), azure_facts_from_data(resources))["tunnels"]
    return only


def invalid(found):
    (finding,) = [f for f in found["findings"] if f["code"] == "AZURE_POLICY_INVALID"]
    return finding


def with_fix_applied(resources, finding):
    fixed = copy.deepcopy(resources)
    fixed[0]["properties"]["ipsecPolicies"] = finding["remediation"]["azure"]["connection"]["properties"][
        "ipsecPolicies"]
    return fixed


# The ASA takes neither pairing of the broken one: not the GCM pair, nor (review s47 B, tables.gcm_pairings) the CBC
# cipher kept with SHA256 integrity, which an ASA on AES-CBC-256 with SHA-256 takes (test_..._other_pairing_... below)
SHA384_IKE_ASA = dict(CBC_ASA, ike_integ="sha384", ike_prf="sha384")
AES192_ESP_ASA = dict(CBC_ASA, esp_enc="aes-192")


@pytest.mark.parametrize("changes,asa_changes", [
    ({"ikeIntegrity": "GCMAES256"}, SHA384_IKE_ASA),  # IKE: AES256 with GCMAES256 integrity
    ({"ipsecEncryption": "AES256", "ipsecIntegrity": "GCMAES256"}, AES192_ESP_ASA),  # ESP: AES256 with GCMAES256
], ids=["ike", "esp"])
def test_a_gcm_rule_fix_the_asa_does_not_negotiate_is_not_shown(changes, asa_changes):
    asa = asa_config(**asa_changes)
    finding = invalid(tunnel(azure_resources(policy_changes=changes), asa))
    assert "azure" not in finding["remediation"], finding["remediation"]
    reason = finding["proof"]["azure"]["reason"]
    assert not finding["proof"]["azure"]["proven"]
    assert reason.startswith("not shown") and "NO_COMMON_PROPOSAL" in reason


@pytest.mark.parametrize("changes,asa_changes,field", [
    ({"ikeIntegrity": "GCMAES256"}, {}, "ikeIntegrity"),  # IKE aes-256/sha256, ESP aes-gcm-256
    ({"ipsecEncryption": "AES256", "ipsecIntegrity": "GCMAES256"}, CBC_ASA, "ipsecIntegrity"),
], ids=["ike", "esp"])
def test_the_other_pairing_the_asa_negotiates_is_shown_and_clears_the_tunnel(changes, asa_changes, field):
    # review s47 B: the first pairing (GCMAES256 cipher) does not suit an ASA on AES-CBC-256 with SHA-256; the CBC
    # cipher kept with SHA256 integrity does, and is shown instead of nothing
    resources, asa = azure_resources(policy_changes=changes), asa_config(**asa_changes)
    finding = invalid(tunnel(resources, asa))
    [policy] = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"]
    assert policy[field] == "SHA256" and policy[field.replace("Integrity", "Encryption")] == "AES256"
    assert tunnel(with_fix_applied(resources, finding), asa)["verdict"] == "pass"


def test_a_gcm_rule_fix_the_asa_negotiates_is_kept_and_clears_the_tunnel():
    resources = azure_resources(policy_changes={"ipsecIntegrity": "SHA256"})  # GCMAES256 encryption, SHA256 integrity
    asa = asa_config()  # ESP aes-gcm-256
    finding = invalid(tunnel(resources, asa))
    assert finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0]["ipsecIntegrity"] == \
        "GCMAES256"
    assert tunnel(with_fix_applied(resources, finding), asa)["verdict"] == "pass"


@pytest.mark.parametrize("field, low", [("saLifeTimeSeconds", 120), ("saDataSizeKilobytes", 512)])
def test_a_lifetime_fix_is_still_shown(field, low):
    finding = invalid(tunnel(azure_resources(policy_changes={field: low}), asa_config()))
    assert finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0][field] > low
