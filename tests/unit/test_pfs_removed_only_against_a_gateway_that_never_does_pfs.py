# -*- coding: utf-8 -*-
"""Review I, finding 3: an ASA with ``set pfs`` against a PolicyBased (Basic) Azure gateway, which has no PFS and takes
no policy that would give it some (reference ike_phase2.policy_based.pfs: false). PFS_MISMATCH had no usable fix and
said "applied to the model, the engine still reports PFS_MISMATCH" (a move of both ends to group 14, which Azure cannot
make). The one working configuration is the ASA without PFS, as Microsoft advises ("If the VPN device has Perfect
Forward Secrecy enabled, disable the feature", vpn-gateway-troubleshoot-site-to-site-disconnected-intermittently, step
7): it is offered, labelled as the only way with that gateway, beside the alternative that keeps PFS. Against a gateway
that can take a policy with PFS, PFS is still never removed."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import plan
from policy_based_ikev1_fixture import applied, asa, azure, check, codes, finding

PFS2 = "crypto map azure-crypto-map 1 set pfs group2"


def test_the_asa_loses_its_pfs_against_a_policy_based_gateway_labelled_as_the_only_way():
    text = asa(after=PFS2)
    tunnel = check(text)
    pfs = finding(tunnel, "PFS_MISMATCH")
    assert pfs["remediation"]["asa"] == ["no crypto map azure-crypto-map 1 set pfs"]
    assert pfs["proof"]["asa"]["proven"] is True
    assert "still reports" not in pfs["proof"]["asa"]["reason"]
    summary = pfs["summary"]
    assert "Azure can never do PFS and cannot be changed (gateway legacy-vng is PolicyBased (IKEv1 only) of the Basic " \
        "SKU, which takes no custom IPsec/IKE policy" in summary
    assert "so the only setting that works with it as it is has no PFS on ASA either: the fix below removes ASA's PFS " \
        "(group 2), as Microsoft advises" in summary
    assert "vpn-gateway-troubleshoot-site-to-site-disconnected-intermittently, step 7" in summary
    # the alternative that keeps PFS: a gateway that takes a custom policy, with a group that is not the weak group 2
    assert "only a RouteBased gateway of SKU VpnGw1 or higher takes a custom policy" in summary
    assert summary.endswith("The alternative, which keeps PFS: replace Azure's gateway as said and give its connection "
                            "a custom policy with PFS group 14 on both ends.")
    assert "azure" not in pfs["remediation"]
    assert pfs["proof"]["azure"]["proven"] is False
    assert pfs["proof"]["azure"]["reason"].startswith("not shown: Azure cannot be changed: gateway legacy-vng is "
                                                      "PolicyBased (IKEv1 only) of the Basic SKU")
    # typed in, the tunnel is back to the fixture's state (weak crypto only)
    after = check(applied(text, pfs["remediation"]["asa"]))
    assert "PFS_MISMATCH" not in codes(after) and after["verdict"] == "degraded", after["findings"]


def test_pfs_is_not_removed_against_a_gateway_that_takes_a_policy_with_pfs():
    # RouteBased VpnGw1 with a custom policy without PFS: Azure can take PFS group 14, so the ASA keeps its PFS
    policy = {"saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "AES256",
              "ipsecIntegrity": "SHA1", "ikeEncryption": "AES256", "ikeIntegrity": "SHA1", "dhGroup": "DHGroup2",
              "pfsGroup": "None"}
    tunnel = check(asa(after="crypto map azure-crypto-map 1 set pfs group14"), azure(policy))
    pfs = finding(tunnel, "PFS_MISMATCH")
    assert "asa" not in pfs["remediation"], pfs["remediation"]
    assert "never do PFS" not in pfs["summary"]
    assert pfs["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0]["pfsGroup"] == "PFS2048"


@pytest.mark.parametrize("align_to", ["safest", "azure"])
def test_align_leaves_the_pfs_removal_to_a_person(align_to):
    # the report shows the one working setting, labelled; align never pushes a weakening without a person deciding it
    tunnel = check(asa(after=PFS2))
    jobs = [job for job in plan([tunnel], align_to, default_azure_host="sub")["jobs"] if job["side"] == "asa"]
    assert all("pfs_group" not in job["options"] for job in jobs), jobs
    steps = [step for job in jobs for step in job["manual"] if step["kind"] == "child_pfs"]
    assert steps and "align never weakens an end: remove it by hand" in steps[0]["reason"]
