# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review 2026-12-06 (Azure B3): an IKEv1 PFS mismatch was a warning saying "no IPsec SA comes up", though Azure's
default responder offers take PFS group 14, so the ASA's own Quick Modes worked; only those Azure starts, without a KE,
were refused. Each Quick Mode carries its initiator's PFS, and either end starts one at its rekey or when it brings the
tunnel up again: an error that says which end's Quick Modes fail."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from seed_example import seed_arm, seed_asa_text

IKEV1 = ("crypto ikev1 enable INTERNET\ncrypto ikev1 policy 10\n authentication pre-share\n encryption aes-256\n"
         " hash sha\n group 14\n lifetime 28800\ncrypto ipsec ikev1 transform-set AZ-TS esp-aes-256 esp-sha-hmac\n"
         "crypto map CRYPTO-MAP 2 set ikev1 transform-set AZ-TS\n")


def _pair(asa_pfs):
    asa = seed_asa_text().replace("crypto ikev2 enable INTERNET\n", "crypto ikev2 enable INTERNET\n" + IKEV1, 1)
    asa = asa.replace("crypto map CRYPTO-MAP 2 set nat-t-disable\n", "crypto map CRYPTO-MAP 2 set nat-t-disable\n"
                      + asa_pfs, 1)
    asa = asa.replace(" vpn-tunnel-protocol ikev2", " vpn-tunnel-protocol ikev1")
    asa = asa.replace(" ikev2 remote-authentication pre-shared-key *****\n ikev2 local-authentication pre-shared-key "
                      "*****\n", " ikev1 pre-shared-key *****\n")
    arm = seed_arm()
    for resource in arm:
        if resource["type"].endswith("/connections"):
            resource["properties"].update(connectionProtocol="IKEv1", ipsecPolicies=[])
    return asa, arm


def _pfs(asa_pfs):
    asa, arm = _pair(asa_pfs)
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(arm))["tunnels"]
    return tunnel["verdict"], [f for f in tunnel["findings"] if f["code"] == "PFS_MISMATCH"]


def test_pfs_on_the_asa_against_azures_default_policy_fails_naming_the_quick_modes_azure_starts():
    verdict, (found,) = _pfs("crypto map CRYPTO-MAP 2 set pfs group14\n")
    assert verdict == "fail" and found["severity"] == "error"
    assert "ASA refuses every Quick Mode Azure starts (Quick Mode without a KE: NO-PROPOSAL-CHOSEN)" in found["summary"]
    assert "the tunnel comes up when ASA starts it" in found["summary"]
    assert "no IPsec SA comes up" not in found["summary"]


def test_a_group_neither_direction_takes_still_says_no_ipsec_sa_comes_up():
    # group 21 is in none of Azure's default Quick Mode offers: the ASA's Quick Modes fail too
    verdict, (found,) = _pfs("crypto map CRYPTO-MAP 2 set pfs group21\n")
    assert verdict == "fail" and found["severity"] == "error"
    assert "no IPsec SA comes up" in found["summary"]
