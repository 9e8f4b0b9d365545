# -*- coding: utf-8 -*-
"""An IKEv2 crypto-map ASA against an Azure connection with connectionProtocol IKEv1 and usePolicyBasedTrafficSelectors
false (review 2026-12-06): IKEv2 alone makes Azure offer 0.0.0.0/0 <-> 0.0.0.0/0, which the crypto ACL refuses, and the
selectors switch alone is what Microsoft documents for IKEv2 only. Both together, on the connection created again with
IKEv2 (connectionProtocol cannot change in place), clear the finding: that joint fix is shown, with the ACL's selectors
where the local network gateway says more, and never pushed in half. Where Azure cannot take the selectors (NAT rules
linked), the finding says why no fix is shown. Selectors and addresses are the scenario table's (scenario_builders)."""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from azure_arm_builders import nat_rule
from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config


def _tunnel(asa_text, resources):
    [tunnel] = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(resources))["tunnels"]
    return tunnel


def _finding(tunnel, code):
    [found] = [f for f in tunnel["findings"] if f["code"] == code]
    return found


def test_the_protocol_fix_comes_with_the_selectors_it_needs():
    tunnel = _tunnel(asa_config(), azure_resources(protocol="IKEv1", use_policy_ts=False))
    finding = _finding(tunnel, "IKE_VERSION_MISMATCH")
    assert finding["proof"]["azure"]["proven"], finding["proof"]["azure"]["reason"]
    fix = finding["remediation"]["azure"]
    assert fix["connection"]["properties"] == {"connectionProtocol": "IKEv2", "usePolicyBasedTrafficSelectors": True}
    # the connection is created again: an update of today's one is no command to give
    assert "az" not in fix and "powershell" not in fix
    assert "create it again with connectionProtocol IKEv2 and usePolicyBasedTrafficSelectors" in fix["note"]
    assert tunnel["remediation"]["azure"]["connection"]["properties"] == fix["connection"]["properties"]
    assert "azure" not in tunnel.get("remediation_left", {})


def test_the_joint_fix_takes_the_crypto_acl_s_selectors():
    # the ACL protects 10.1.0.0/16 of the 10.1.0.0/16 + 10.2.0.0/16 the local network gateway lists: the new
    # connection's selectors are the ACL's, never any-to-any, and the note says what they leave out
    tunnel = _tunnel(asa_config(local_net="10.1.0.0 255.255.0.0"),
                     azure_resources(protocol="IKEv1", use_policy_ts=False, lng_prefixes=("10.1.0.0/16", "10.2.0.0/16")))
    finding = _finding(tunnel, "IKE_VERSION_MISMATCH")
    assert finding["proof"]["azure"]["proven"], finding["proof"]["azure"]["reason"]
    properties = finding["remediation"]["azure"]["connection"]["properties"]
    assert properties["connectionProtocol"] == "IKEv2"
    assert properties["usePolicyBasedTrafficSelectors"] is True
    assert properties["trafficSelectorPolicies"] == [
        {"localAddressRanges": ["172.16.0.0/16"], "remoteAddressRanges": ["10.1.0.0/16"]}]
    assert "10.2.0.0/16 out of the tunnel" in finding["remediation"]["azure"]["note"]


def test_align_pushes_no_half_of_the_joint_fix():
    # the protocol is left to a person (the connection is created again); the selectors switch alone on the IKEv1
    # connection is what Microsoft does not document, so azure_vpn_connection is given nothing to change
    tunnel = _tunnel(asa_config(), azure_resources(protocol="IKEv1", use_policy_ts=False))
    azure = tunnel["alignment"]["align_to_asa"]
    assert "use_policy_based_traffic_selectors" not in azure["options"]
    assert azure["manual"][0]["kind"] == "partial_plan"
    assert "uses IKEv1" in azure["manual"][0]["reason"]
    assert "change the other end" not in azure["manual"][0]["reason"]  # the held part is what to do, here
    assert "ike_version" in [step["kind"] for step in azure["manual"]]


def test_no_joint_fix_where_azure_cannot_take_the_selectors_says_why():
    resources = azure_resources(protocol="IKEv1", use_policy_ts=False, sku="VpnGw2")
    gateway = next(r for r in resources if r["type"] == "Microsoft.Network/virtualNetworkGateways")
    rule = copy.deepcopy(nat_rule("EGRESS-VNET", "EgressSnat", "172.16.0.0/16", "100.64.0.0/16"))
    rule["id"] = gateway["id"] + "/natRules/EGRESS-VNET"
    gateway["properties"]["natRules"] = [rule]
    resources[0]["properties"]["egressNatRules"] = [{"id": rule["id"]}]
    tunnel = _tunnel(asa_config(remote_net="100.64.0.0 255.255.0.0"), resources)
    finding = _finding(tunnel, "IKE_VERSION_MISMATCH")
    assert "azure" not in finding["remediation"]
    reason = finding["proof"]["azure"]["reason"]
    assert not finding["proof"]["azure"]["proven"]
    assert "brings error TRAFFIC_SELECTOR_MISMATCH" in reason
    assert "Together with Azure's fix of TRAFFIC_SELECTOR_MISMATCH, no fix is shown either" in reason
    assert "NAT with policy-based traffic selectors" in reason
    # nor is the crypto ACL widened to any to meet Azure's any-to-any
    assert not any("any" in line.split() for line in finding["remediation"].get("asa") or [])


def test_a_vti_needs_the_protocol_alone():
    # route-based: any-to-any is what a VTI takes, so the selectors stay as they are
    resources = azure_resources(protocol="IKEv1", **ROUTE_BASED)
    finding = _finding(_tunnel(vti_config(), resources), "IKE_VERSION_MISMATCH")
    assert finding["remediation"]["azure"]["connection"]["properties"] == {"connectionProtocol": "IKEv2"}
