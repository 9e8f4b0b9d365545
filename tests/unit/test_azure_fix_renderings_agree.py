# -*- coding: utf-8 -*-
"""Every rendering of an Azure fix (the properties, az, PowerShell) names one value that the tool it is for takes
(review 2026-12-06, do no harm): New-AzIpsecPolicy's ValidateSet and ValidateRange are narrower than the REST enums
(azure-powershell NewAzureRmIpsecPolicyCommand.cs), and a Child SA lifetime fix never goes past the cmdlet's 172799 s."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def findings(asa, resources, code):
    return [f for t in report_for(asa, resources)["tunnels"] if t["azure"] for f in t["findings"] if f["code"] == code]


def test_a_child_lifetime_of_68_years_is_not_copied_to_azure():
    # the ASA takes 120 - 2147483647 s; Azure's fix used to be saLifeTimeSeconds 2147483647 (PowerShell refuses it, and
    # a Child SA never rekeyed by time undoes PFS and key rotation)
    asa = asa_config(entry_lifetime="crypto map AZ-MAP 10 set security-association lifetime seconds 2147483647")
    [finding] = findings(asa, azure_resources(), "CHILD_LIFETIME_MISMATCH")
    assert "azure" not in finding["remediation"]
    assert "2147483647" not in str(finding["remediation"])
    assert "172799" in finding["proof"]["azure"]["reason"]


def test_an_ike_gcm_policy_gets_no_powershell_line_the_cmdlet_refuses():
    asa = asa_config(ike_enc="aes-gcm-256", ike_integ="null")
    [finding] = findings(asa, azure_resources(), "IKE_NO_COMMON_PROPOSAL")
    azure = finding["remediation"]["azure"]
    assert azure["connection"]["properties"]["ipsecPolicies"][0]["ikeEncryption"] == "GCMAES256"
    assert azure["az"] and "powershell" not in azure or azure["powershell"] == []
    assert "New-AzIpsecPolicy does not take ikeEncryption GCMAES256" in azure["note"]


def test_the_rest_only_pfs14_alias_is_written_as_pfs2048_everywhere():
    resources = azure_resources(policy_changes={"pfsGroup": "PFS14", "saLifeTimeSeconds": 100})
    [finding] = findings(asa_config(pfs="crypto map AZ-MAP 10 set pfs group14"), resources, "AZURE_POLICY_INVALID")
    azure = finding["remediation"]["azure"]
    assert azure["connection"]["properties"]["ipsecPolicies"][0]["pfsGroup"] == "PFS2048"
    assert "PFS14" not in str(azure) and any("-PfsGroup 'PFS2048'" in line for line in azure["powershell"])
