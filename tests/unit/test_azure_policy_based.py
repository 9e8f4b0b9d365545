# -*- coding: utf-8 -*-
"""PolicyBased Azure gateways: the selectors are the connection's trafficSelectorPolicies if any, else the local
network gateway's prefixes x the VNet's (and transit-peered VNets'), IKEv1 only, Basic SKU only,
no custom policy (review_2026_11_30 item 2; Microsoft 'Connect to multiple
policy-based devices'). Paired end to end with an IKEv1 crypto-map ASA in the
shape of Microsoft's ASA sample (AZ_SAMPLES_ASA_IKEV1)."""

import copy

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from azure_arm_builders import export, resource

LOOSE = {"weak_encryption": [], "weak_integrity": [], "weak_dh_groups": []}
BRANCH = ("192.168.10.0/24", "192.168.20.0/24")
VNET = ("10.50.0.0/16",)

# IKEv1 crypto map toward Azure's first gateway address, ACL = on-premises x VNet
ASA_IKEV1 = """\
: Saved
ASA Version 9.12(4)
hostname branch-asa
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.40 255.255.255.0
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 192.168.10.1 255.255.255.0
!
object-group network BRANCH-NETS
 network-object 192.168.10.0 255.255.255.0
{extra_branch}object-group network AZ-NETS
 network-object 10.50.0.0 255.255.0.0
access-list AZ-ACL extended permit ip object-group BRANCH-NETS object-group AZ-NETS
nat (inside,outside) source static BRANCH-NETS BRANCH-NETS destination static AZ-NETS AZ-NETS no-proxy-arp route-lookup
crypto ikev1 policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 2
 lifetime 28800
crypto ikev1 enable outside
crypto ipsec ikev1 transform-set AZ-TS esp-aes-256 esp-sha-hmac
crypto ipsec security-association lifetime seconds 3600
crypto ipsec security-association lifetime kilobytes 102400000
crypto map AZ-MAP 1 match address AZ-ACL
crypto map AZ-MAP 1 set peer 203.0.113.30
crypto map AZ-MAP 1 set ikev1 transform-set AZ-TS
crypto map AZ-MAP interface outside
group-policy AZ-GP internal
group-policy AZ-GP attributes
 vpn-tunnel-protocol ikev1
tunnel-group 203.0.113.30 type ipsec-l2l
tunnel-group 203.0.113.30 general-attributes
 default-group-policy AZ-GP
tunnel-group 203.0.113.30 ipsec-attributes
 ikev1 pre-shared-key *****
sysopt connection tcpmss 1350
: end
"""


def asa_text(all_branch_prefixes=True):
    extra = " network-object 192.168.20.0 255.255.255.0\n" if all_branch_prefixes else ""
    return ASA_IKEV1.format(extra_branch=extra)


def policy_based(**changes):
    """A Basic PolicyBased gateway with the default policy, its connection's protocol unset."""
    data = export(active_active=False, enable_bgp=False, sku="Basic", vpn_type="PolicyBased",
                  lng_prefixes=BRANCH, vnet_prefixes=VNET, lng_bgp=False, **changes)
    conn = resource(data, "connections")
    del conn["connectionProtocol"]
    del conn["dpdTimeoutSeconds"]
    gateway = resource(data, "virtualNetworkGateways")
    del gateway["bgpSettings"]
    return data


def errors_and_warnings(report):
    return sorted((f["code"], f["severity"]) for t in report["tunnels"] for f in t["findings"]
                  if f["severity"] != "info")


def test_selectors_are_lng_prefixes_times_vnet_prefixes_whatever_the_switch_says():
    [end], findings = azure_tunnel_ends(policy_based())
    assert findings == []
    assert resource(policy_based(), "connections")["usePolicyBasedTrafficSelectors"] is False
    assert [(t.local, t.remote) for t in end.traffic_selectors] == [
        ("10.50.0.0/16", "192.168.10.0/24"), ("10.50.0.0/16", "192.168.20.0/24")]
    assert end.any_to_any is False and end.route_based is False
    assert end.ike_versions == (1,)
    assert "HUB-VNG: vpnType = PolicyBased" in end.traffic_selectors[0].source[0].text


def test_transit_peered_vnet_prefixes_are_offered_too():
    data = policy_based()
    hub = [r for r in data if r["name"] == "HUB-VNet"][0]
    data.append({"name": "SPOKE", "id": hub["id"] + "-spoke", "type": "Microsoft.Network/virtualNetworks",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.51.0.0/16"]},
                                "virtualNetworkPeerings": [{"properties": {
                                    "remoteVirtualNetwork": {"id": hub["id"]}, "useRemoteGateways": True}}]}})
    [end], _findings = azure_tunnel_ends(data)
    assert {t.local for t in end.traffic_selectors} == {"10.50.0.0/16", "10.51.0.0/16"}
    assert len(end.traffic_selectors) == 4


def test_microsoft_style_ikev1_crypto_map_passes():
    report = run_check(asa_facts_from_text(asa_text()), azure_facts_from_data(policy_based()), LOOSE)
    assert report["summary"]["tunnels"] == 1
    assert errors_and_warnings(report) == []
    assert report["tunnels"][0]["verdict"] == "pass"


def test_crypto_acl_missing_one_prefix_fails_naming_it():
    report = run_check(asa_facts_from_text(asa_text(all_branch_prefixes=False)),
                       azure_facts_from_data(policy_based()), LOOSE)
    assert errors_and_warnings(report) == [("TRAFFIC_SELECTOR_MISMATCH", "error")]
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert "192.168.20.0/24" in finding["summary"]


def test_non_basic_policy_based_gateway_is_not_a_gateway_azure_runs():
    data = policy_based()
    resource(data, "virtualNetworkGateways")["sku"] = {"name": "VpnGw1", "tier": "VpnGw1"}
    _ends, findings = azure_tunnel_ends(data)
    assert [f.code for f in findings] == ["AZURE_SKU_UNSUPPORTED"]
    assert "Basic" in findings[0].summary


def custom_selectors(data, local="10.50.0.0/16", remote="192.168.10.0/24"):
    resource(data, "connections")["trafficSelectorPolicies"] = [
        {"localAddressRanges": [local], "remoteAddressRanges": [remote]}]
    return data


def test_custom_traffic_selectors_on_policy_based_are_what_it_offers():
    # "Custom traffic selectors are supported for both policy-based and route-based VPN gateways" (DOC_CUSTOM_TS;
    # review B 2026-12 item 4: they were replaced by LNG x VNet with a warning)
    [end], findings = azure_tunnel_ends(custom_selectors(policy_based(), local="10.50.1.0/24"))
    assert findings == []
    assert [(t.local, t.remote) for t in end.traffic_selectors] == [("10.50.1.0/24", "192.168.10.0/24")]
    assert end.any_to_any is False and end.route_based is False


def test_an_acl_that_matches_the_custom_selectors_passes():
    # the ACL names 192.168.10.0/24 only, which the custom list narrows the connection to
    report = run_check(asa_facts_from_text(asa_text(all_branch_prefixes=False)),
                       azure_facts_from_data(custom_selectors(policy_based())), LOOSE)
    assert errors_and_warnings(report) == []
    assert report["tunnels"][0]["verdict"] == "pass"


@pytest.mark.parametrize("change, code", [
    ({"connectionProtocol": "IKEv2"}, "AZURE_SKU_UNSUPPORTED"),
    ({"ipsecPolicies": [{"saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "AES256",
                         "ipsecIntegrity": "SHA256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256",
                         "dhGroup": "DHGroup14", "pfsGroup": "None"}]}, "AZURE_SKU_UNSUPPORTED"),
])
def test_policy_based_limits(change, code):
    data = policy_based()
    resource(data, "connections").update(copy.deepcopy(change))
    _ends, findings = azure_tunnel_ends(data)
    assert code in [f.code for f in findings]


def test_pfs_on_the_asa_against_a_basic_gateway_is_removed_as_the_only_way_with_that_gateway():
    """Review (2026-12-04): `set pfs` on the ASA against a Basic PolicyBased gateway (no PFS, no custom policy) gave
    no fix, and Azure's reason ended "change the other end instead". Review I (finding 3): the gateway is not broken,
    it can never do PFS, and the only working setting with it is the ASA without PFS (Microsoft's advice, troubleshooting
    step 7): that fix is shown, labelled as the only way, with the alternative (a gateway that takes a policy)."""
    text = asa_text().replace("crypto map AZ-MAP 1 set ikev1 transform-set AZ-TS\n",
                              "crypto map AZ-MAP 1 set ikev1 transform-set AZ-TS\ncrypto map AZ-MAP 1 set pfs group14\n")
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(policy_based()), LOOSE)
    [pfs] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PFS_MISMATCH"]
    assert pfs["remediation"] == {"asa": ["no crypto map AZ-MAP 1 set pfs"]}
    azure, asa = pfs["proof"]["azure"], pfs["proof"]["asa"]
    assert asa["proven"] and not azure["proven"]
    assert "change the other end" not in azure["reason"]
    assert "takes no custom IPsec/IKE policy" in azure["reason"] and "created anew" in azure["reason"]
    assert "so the only setting that works with it as it is has no PFS on ASA either" in pfs["summary"]
    assert "The alternative, which keeps PFS: replace Azure's gateway" in pfs["summary"]
