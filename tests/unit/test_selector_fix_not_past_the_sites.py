# -*- coding: utf-8 -*-
"""First, do no harm: a selector fix never gives an end remote selectors past the networks its peer has (review
2026-12-07). Azure's trafficSelectorPolicies offer 172.16.0.0/12 where the VNet is 172.16.0.0/16: the "proven" ASA fix
replaced the crypto ACL line with a permit to the /12 and exempted the /12 from NAT, sixteen /16s nobody has in Azure,
while the Azure fix shown beside it (narrow or clear trafficSelectorPolicies) is the safe one. Now the ASA shows no
such fix, with the reason, and the Azure fix stands."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

WIDE = [{"localAddressRanges": ["172.16.0.0/12"], "remoteAddressRanges": ["10.0.0.0/8"]}]


def _mismatch(report):
    [found] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    return found


def test_an_asa_fix_that_widens_the_crypto_acl_past_the_vnet_is_not_shown():
    report = report_for(asa_config(), azure_resources(use_policy_ts=True, ts_policies=WIDE))
    mismatch = _mismatch(report)
    assert "asa" not in mismatch["remediation"], mismatch["remediation"].get("asa")
    assert mismatch["proof"]["asa"]["proven"] is False
    assert mismatch["proof"]["asa"]["reason"] == (
        "not shown: it would give AZ-MAP 10 remote selectors for 172.16.0.0/12, past the networks S2S has "
        "(172.16.0.0/16): narrow S2S's selectors to its networks instead")
    # the other side's narrowing fix stands
    assert mismatch["proof"]["azure"]["proven"] is True
    assert mismatch["remediation"]["azure"]["connection"]["properties"]["trafficSelectorPolicies"] == []
    [tunnel] = report["tunnels"]
    assert not any("172.16.0.0 255.240.0.0" in line for line in (tunnel["remediation"].get("asa") or ())), \
        tunnel["remediation"]


def test_a_peer_selector_inside_the_vnet_is_still_matched_on_the_asa():
    # the VNet holds 172.16.0.0/16 and 172.17.0.0/16: a selector of the second is a network Azure has
    resources = azure_resources(use_policy_ts=True, vnet_prefixes=("172.16.0.0/16", "172.17.0.0/16"),
                                ts_policies=[{"localAddressRanges": ["172.17.0.0/16"],
                                              "remoteAddressRanges": ["10.0.0.0/8"]}])
    mismatch = _mismatch(report_for(asa_config(), resources))
    assert mismatch["proof"]["asa"]["proven"] is True, mismatch["proof"]["asa"]
    assert "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 172.17.0.0 255.255.0.0" in \
        mismatch["remediation"]["asa"]
