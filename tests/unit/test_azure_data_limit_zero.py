# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review s45 B: a custom IPsec policy with saDataSizeKilobytes 0, which Azure takes ("SA life time in kilobytes must
be 0 or between 1024 and 2147483647 included": New-AzIpsecPolicy's check, and the portal's message), failed the
tunnel as "below Azure's minimum 1024" with a fix to 102400000 KB. It is read as no data limit, as an ASA's
"kilobytes unlimited": the tunnel passes, the lifetime difference is information, and a fix that rewrites the policy
for another reason keeps the 0."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources


def tunnel(resources, asa):
    (only,) = run_check(asa_facts_from_text(asa, host="fw"), azure_facts_from_data(resources))["tunnels"]
    return only


def test_a_zero_data_limit_passes_and_is_said_as_no_limit():
    found = tunnel(azure_resources(policy_changes={"saDataSizeKilobytes": 0}), asa_config())
    assert found["verdict"] == "pass", [f["summary"] for f in found["findings"]]
    assert not [f for f in found["findings"] if f["code"] == "AZURE_POLICY_INVALID"]
    (data,) = [f for f in found["findings"] if f["code"] == "CHILD_DATA_LIMIT_MISMATCH"]
    assert data["severity"] == "info" and "no data limit" in data["summary"]
    assert data["evidence"]["azure"]["lines"][0]["text"].endswith("saDataSizeKilobytes = 0 (no data limit)")


def test_against_an_unlimited_asa_there_is_nothing_to_say():
    found = tunnel(azure_resources(policy_changes={"saDataSizeKilobytes": 0}), asa_config(global_kb="unlimited"))
    assert found["verdict"] == "pass" and found["findings"] == []


def test_a_policy_fix_for_another_reason_keeps_the_zero():
    weaker = {"saDataSizeKilobytes": 0, "ipsecEncryption": "AES128", "ipsecIntegrity": "SHA1"}
    found = tunnel(azure_resources(policy_changes=weaker), asa_config(esp_enc="aes-256", esp_integ="sha-256"))
    (finding,) = [f for f in found["findings"] if f["code"] == "CHILD_NO_COMMON_PROPOSAL"]
    fix = finding["remediation"]["azure"]
    (policy,) = fix["connection"]["properties"]["ipsecPolicies"]
    assert (policy["ipsecEncryption"], policy["ipsecIntegrity"], policy["saDataSizeKilobytes"]) == ("AES256", "SHA256", 0)
    assert '"saDataSizeKilobytes":0' in fix["az"][0]
    assert any("-SADataSizeKilobytes 0" in line for line in fix["powershell"])
