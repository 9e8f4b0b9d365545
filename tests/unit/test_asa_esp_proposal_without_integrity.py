# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An ASA ``crypto ipsec ikev2 ipsec-proposal`` with a CBC cipher and no ``protocol esp integrity`` offers ESP without
integrity, which Azure's policy (AES256/SHA256) does not take: CHILD_NO_COMMON_PROPOSAL. The suite strength read the
missing integrity as nothing to compare, so AES-CBC-256 alone counted as stronger than AES-CBC-256/SHA-256 and no ASA
fix was offered ("weaker than its strongest suite"). Adding the integrity Azure asks for raises the ASA: it is the
proven fix; Azure is never moved to ESP without integrity."""

import copy

from scenario_builders import asa_config, azure_resources
from test_scenarios import problems, report_for


def _asa_without_integrity(**changes):
    text = asa_config(esp_enc="aes-256", esp_integ="sha-256", **changes)
    return text.replace(" protocol esp integrity sha-256\n", "")


def _child_finding(report):
    (finding,) = [f for f in report["tunnels"][0]["findings"] if f["code"] == "CHILD_NO_COMMON_PROPOSAL"]
    return finding


def test_the_asa_gets_the_integrity_azure_asks_for():
    asa = _asa_without_integrity()
    assert "protocol esp integrity" not in asa
    report = report_for(asa, azure_resources(policy_changes={"ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256"}))
    finding = _child_finding(report)
    assert finding["proof"]["asa"]["proven"], finding["proof"]
    lines = finding["remediation"]["asa"]
    assert " protocol esp encryption aes-256" in lines and " protocol esp integrity sha-256" in lines, lines
    # Azure is not moved to ESP without integrity, and says why
    assert "azure" not in finding["remediation"]
    assert not finding["proof"]["azure"]["proven"]
    assert "integrity SHA256 -> none" in finding["proof"]["azure"]["reason"], finding["proof"]["azure"]
    # the fix pasted on the ASA leaves no error or warning
    fixed = asa.replace(" protocol esp encryption aes-256\n", " protocol esp encryption aes-256\n"
                                                              " protocol esp integrity sha-256\n")
    resources = azure_resources(policy_changes={"ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256"})
    assert problems(report_for(fixed, copy.deepcopy(resources))) == []


def test_against_azure_default_policy_the_fix_brings_no_weak_integrity():
    report = report_for(_asa_without_integrity(ike_group="2", global_seconds="28800"), azure_resources(policy=None))
    finding = _child_finding(report)
    assert finding["proof"]["asa"]["proven"], finding["proof"]
    lines = finding["remediation"]["asa"]
    integrity = [line for line in lines if "protocol esp integrity" in line]
    assert integrity and not any(weak in line for line in integrity for weak in ("sha-1", "md5")), lines
