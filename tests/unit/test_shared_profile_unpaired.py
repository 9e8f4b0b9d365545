# -*- coding: utf-8 -*-
"""A fix to an ASA ipsec profile that a tunnel to another site also uses is not shown: that tunnel's peer is not in
the run, so nothing proves the change leaves it working (review 2026-12-04: a "proven" `set pfs` / `set ikev2
ipsec-proposal` on a profile a branch VTI shared)."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for

BRANCH = """\
interface Tunnel7
 nameif BRANCH
 ip address 10.255.7.1 255.255.255.252
 tunnel source interface INTERNET
 tunnel destination 192.0.2.77
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROFILE
tunnel-group 192.0.2.77 type ipsec-l2l
tunnel-group 192.0.2.77 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****"""

# Azure asks for PFS on rekeys; the ASA profile has none: the fix is `set pfs group14` on AZ-PROFILE.
AZURE_PFS = dict(ROUTE_BASED, policy_changes={"pfsGroup": "PFS2048"})


def _pfs_finding(asa_text):
    report = report_for(asa_text, azure_resources(**AZURE_PFS))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "PFS_MISMATCH"]
    return finding


def test_a_profile_only_the_azure_tunnel_uses_gets_its_fix():
    finding = _pfs_finding(vti_config())
    assert finding["remediation"]["asa"] == ["crypto ipsec profile AZ-PROFILE", " set pfs group14"]


def test_a_profile_a_branch_tunnel_also_uses_is_not_changed():
    finding = _pfs_finding(vti_config(extra=BRANCH))
    assert "asa" not in finding["remediation"]
    reason = finding["proof"]["asa"]["reason"]
    assert "ipsec profile AZ-PROFILE" in reason and "Tunnel7" in reason and "192.0.2.77" in reason
    assert "its own ipsec profile" in reason  # what a person can do instead
