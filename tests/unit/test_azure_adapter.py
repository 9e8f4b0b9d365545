# -*- coding: utf-8 -*-
"""Azure resources -> TunnelEnd, and the findings Azure's own rules decide."""

import copy
import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError, load_resources
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_BOTH,
    MODE_RESPONDER_ONLY,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import tunnel_end_from_dict

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "azure_resources.json")
NET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"
SECRET = "correct horse battery staple"


def seed():
    with open(SEED) as handle:
        return json.load(handle)


def resource(data, kind):
    """The (single) resource of ARM type Microsoft.Network/<kind> in ``data``."""
    found = [r for r in data if r["type"] == "Microsoft.Network/" + kind]
    assert len(found) == 1
    return found[0]


def props(data, kind):
    return resource(data, kind)["properties"]


def one_end(data, **kwargs):
    ends, findings = azure_tunnel_ends(load_resources(data), **kwargs)
    assert len(ends) == 1
    return ends[0], findings


def codes(findings):
    return sorted(f.code for f in findings)


def changes(finding):
    """The connection properties a config finding's fix sets (always with the commands that set them)."""
    fix = finding.remediation["azure"]
    assert (fix.get("az") and fix.get("powershell")) or fix.get("note"), fix  # a recreate has no command
    return fix["connection"]["properties"]


def policy_fix(finding):
    """The complete policy a config finding's fix writes (Azure takes no partial policy)."""
    [policy] = changes(finding)["ipsecPolicies"]
    assert len(policy) == 8, policy
    return policy


def only(findings, code):
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, codes(findings)
    return found[0]


# `az ... show` prints properties flattened at every level, adds resourceGroup,
# and spells a few keys from the SDK's attribute names.
AZ_KEYS = {
    "publicIPAddress": "publicIpAddress",
    "privateIPAllocationMethod": "privateIpAllocationMethod",
    "publicIPAllocationMethod": "publicIpAllocationMethod",
    "publicIPAddressVersion": "publicIpAddressVersion",
}


def az_form(value):
    if isinstance(value, list):
        return [az_form(v) for v in value]
    if not isinstance(value, dict):
        return value
    flat = {}
    for key, item in value.items():
        if key == "properties" and isinstance(item, dict):
            flat.update(az_form(item))
        else:
            flat[AZ_KEYS.get(key, key)] = az_form(item)
    return flat


def az_show(data):
    shown = []
    for item in data:
        flat = az_form(item)
        flat["resourceGroup"] = "RG"
        shown.append(flat)
    return shown


# ---- the seed case ---------------------------------------------------------
def test_seed_gives_the_tunnel_the_user_configured():
    end, findings = one_end(seed())
    assert findings == []
    assert end.vendor == "azure" and end.name == "UKSouth-HQ-S2S"
    assert end.peer_address == "198.51.100.10"
    assert end.local_address == "203.0.113.20"
    assert end.ike_versions == (2,)
    [ike] = end.ike_proposals
    assert (ike.encryption, ike.integrity, ike.prf) == (("AES-CBC-128",), ("SHA256",), ("SHA256",))
    assert ike.dh_groups == (19,)
    [esp] = end.child_proposals
    assert (esp.encryption, esp.integrity, esp.dh_groups) == (("AES-GCM-128",), (), (19,))
    assert end.responder_child() == end.child_proposals
    assert end.pfs_group == 19
    assert (end.child_lifetime.seconds, end.child_lifetime.kilobytes) == (3600, 2048)
    assert end.ike_lifetime.seconds == 28800
    assert [(t.local, t.remote) for t in end.traffic_selectors] == [("172.16.0.0/16", "10.0.0.0/8")]
    assert end.any_to_any is False and end.narrows_selectors is True
    assert end.local_networks == ["172.16.0.0/16"] and end.remote_networks == ["10.0.0.0/8"]
    assert end.dpd.enabled and end.dpd.timeout_seconds == 45
    assert end.max_tcp_mss == 1350
    assert end.mode == MODE_BOTH
    assert end.unknowns == ()


def test_seed_ref_names_what_remediation_needs():
    end, _findings = one_end(seed())
    assert end.ref["connection"] == "UKSouth-HQ-S2S"
    assert end.ref["resource_group"] == "RG"
    assert end.ref["gateway"] == "UKSouth-VNG"
    assert end.ref["local_network_gateway"] == "HQ-LNG"
    assert end.ref["custom_policy"] is True and end.ref["policy_index"] == 0
    assert end.ref["policy"]["pfsGroup"] == "ECP256"
    assert (end.ref["vpn_type"], end.ref["sku"]) == ("RouteBased", "VpnGw1")
    assert end.ref["public_ips"] == ["203.0.113.20"]


def test_evidence_names_resource_and_property_path():
    end, _findings = one_end(seed())
    pfs_evidence = [(cl.line, cl.text) for cl in end.pfs_source]
    assert pfs_evidence == [(0, "UKSouth-HQ-S2S: ipsecPolicies[0].pfsGroup = ECP256")]
    texts = [cl.text for cl in end.traffic_selectors[0].source]
    assert "UKSouth-VNet: addressSpace.addressPrefixes[0] = 172.16.0.0/16" in texts
    assert "HQ-LNG: localNetworkAddressSpace.addressPrefixes[0] = 10.0.0.0/8" in texts


def test_tunnel_end_round_trips_through_json_exactly():
    end, _findings = one_end(seed())
    assert tunnel_end_from_dict(json.loads(json.dumps(end.to_dict()))) == end


def test_az_show_form_gives_an_equal_tunnel_end():
    arm_end, _findings = one_end(seed())
    az_end, az_findings = one_end(az_show(seed()))
    assert az_findings == []
    assert az_end == arm_end


# ---- default policy --------------------------------------------------------
def test_default_policy_route_based():
    data = seed()
    props(data, "connections")["ipsecPolicies"] = []
    end, findings = one_end(data)
    assert findings == []
    assert end.ref["custom_policy"] is False
    assert [(p.encryption[0], p.integrity[0], p.prf[0], p.dh_groups) for p in end.ike_proposals] == [
        ("AES-CBC-256", "SHA1", "SHA1", (2,)),
        ("AES-CBC-256", "SHA256", "SHA256", (2,)),
        ("AES-CBC-128", "SHA1", "SHA1", (2,)),
        ("AES-CBC-128", "SHA256", "SHA256", (2,)),
        ("3DES", "SHA1", "SHA1", (2,)),
        ("3DES", "SHA256", "SHA256", (2,)),
    ]
    assert len(end.child_proposals) == 6
    assert all(p.dh_groups == (0,) for p in end.child_proposals)  # Azure never offers PFS
    assert end.child_proposals[0].encryption == ("AES-GCM-256",) and end.child_proposals[0].integrity == ()
    accepted = {(p.encryption[0], p.integrity[0] if p.integrity else None, p.dh_groups[0])
                for p in end.child_proposals_responder}
    assert len(end.child_proposals_responder) == 26 == len(accepted)
    assert ("AES-CBC-256", "SHA1", 14) in accepted and ("3DES", "SHA256", 2) in accepted
    assert not any(group in (19, 20) for _e, _i, group in accepted)  # no ECP PFS in the default
    assert ("AES-GCM-256", None, 0) in accepted and not any(e == "AES-GCM-256" and g for e, _i, g in accepted)
    assert end.pfs_group is None
    assert (end.child_lifetime.seconds, end.child_lifetime.kilobytes) == (27000, 102400000)
    assert end.ike_lifetime.seconds == 28800
    assert tunnel_end_from_dict(json.loads(json.dumps(end.to_dict()))) == end


def test_default_policy_policy_based_gateway_is_ikev1_without_dpd():
    data = seed()
    conn = props(data, "connections")
    conn["ipsecPolicies"] = []
    del conn["connectionProtocol"]
    gateway = props(data, "virtualNetworkGateways")
    gateway["vpnType"] = "PolicyBased"
    gateway["sku"] = {"name": "Basic", "tier": "Basic"}
    end, findings = one_end(data)
    assert findings == []
    assert end.ike_versions == (1,)
    assert len(end.ike_proposals) == 4
    assert end.ike_proposals[0].encryption == ("AES-CBC-256",) and end.ike_proposals[0].integrity == ("SHA256",)
    assert end.child_lifetime.seconds == 3600
    assert end.dpd.enabled is False


def test_policy_based_gateway_asked_for_ikev2_is_flagged():
    data = seed()
    props(data, "connections")["ipsecPolicies"] = []
    props(data, "virtualNetworkGateways")["vpnType"] = "PolicyBased"
    props(data, "virtualNetworkGateways")["sku"] = {"name": "Basic"}
    end, findings = one_end(data)
    finding = only(findings, "AZURE_SKU_UNSUPPORTED")
    assert finding.severity == "error" and finding.phase == "config"
    assert "IKEv1 only" in finding.summary
    assert changes(finding) == {"connectionProtocol": "IKEv1"}
    assert end.ike_versions == (1,)


# ---- Azure's own rules -----------------------------------------------------
def test_gcm_pairing_violation_is_an_error_with_the_fix():
    data = seed()
    props(data, "connections")["ipsecPolicies"][0]["ipsecIntegrity"] = "SHA256"
    end, findings = one_end(data)
    finding = only(findings, "AZURE_POLICY_INVALID")
    assert finding.severity == "error"
    assert policy_fix(finding)["ipsecIntegrity"] == "GCMAES128"
    assert finding.scope == [end.ref["id"]] and end.ref["id"].endswith("/connections/UKSouth-HQ-S2S")
    assert "UKSouth-HQ-S2S: ipsecPolicies[0].ipsecIntegrity = SHA256" in [
        line["text"] for line in finding.evidence["azure"]["lines"]]
    assert end.child_proposals == [] and "child_proposals" in end.unknowns
    assert len(end.ike_proposals) == 1  # the IKE side is still checked


def test_gcm_integrity_with_a_cbc_cipher_is_also_a_pairing_violation():
    data = seed()
    props(data, "connections")["ipsecPolicies"][0]["ipsecEncryption"] = "AES256"
    _end, findings = one_end(data)
    assert policy_fix(only(findings, "AZURE_POLICY_INVALID"))["ipsecEncryption"] == "GCMAES128"


def test_lifetimes_below_azure_minimum():
    data = seed()
    policy = props(data, "connections")["ipsecPolicies"][0]
    policy["saLifeTimeSeconds"] = 120
    policy["saDataSizeKilobytes"] = 512
    end, findings = one_end(data)
    assert codes(findings) == ["AZURE_POLICY_INVALID", "AZURE_POLICY_INVALID"]
    for finding in findings:  # each complete policy carries both corrections, or one would undo the other
        # Azure's custom-policy defaults, not the floors (1024 KB would rekey many times a second)
        assert (policy_fix(finding)["saLifeTimeSeconds"], policy_fix(finding)["saDataSizeKilobytes"]) == (
            27000, 102400000)
    assert (end.child_lifetime.seconds, end.child_lifetime.kilobytes) == (120, 512)  # what Azure holds


def test_more_than_one_policy():
    data = seed()
    conn = props(data, "connections")
    conn["ipsecPolicies"].append(dict(conn["ipsecPolicies"][0], pfsGroup="None"))
    end, findings = one_end(data)
    finding = only(findings, "AZURE_POLICY_INVALID")
    assert "2 IPsec policies" in finding.summary
    assert changes(finding)["ipsecPolicies"] == [conn["ipsecPolicies"][0]]
    assert end.pfs_group == 19  # the first policy is the one read


# below the range: Azure's default, which DPD_MISMATCH's own fix (at least 30 s) agrees with; 9 s was still too short.
# Above it: Azure's default too, not the 3600 s bound, an hour before a dead peer is found where Microsoft recommends 30
# to 45 s (DOC_POLICY_FAQ; review 2026-12-07 item 2)
@pytest.mark.parametrize("timeout, fixed", [(5, 45), (7200, 45)])
def test_dpd_timeout_outside_azure_range(timeout, fixed):
    data = seed()
    props(data, "connections")["dpdTimeoutSeconds"] = timeout
    end, findings = one_end(data)
    assert changes(only(findings, "AZURE_POLICY_INVALID")) == {"dpdTimeoutSeconds": fixed}
    assert end.dpd.timeout_seconds == timeout


def test_dpd_timeout_as_text_says_it_is_text():
    data = seed()
    props(data, "connections")["dpdTimeoutSeconds"] = "30"
    _end, findings = one_end(data)
    assert "it is text" in only(findings, "INVALID_VALUE").summary


def test_dpd_timeout_not_set_is_azure_default():
    data = seed()
    del props(data, "connections")["dpdTimeoutSeconds"]
    end, findings = one_end(data)
    assert findings == [] and end.dpd.timeout_seconds == 45
    assert "not set" in end.dpd.source[0].text


def test_pfsmm_is_read_as_the_ike_group_with_a_warning():
    data = seed()
    props(data, "connections")["ipsecPolicies"][0]["pfsGroup"] = "PFSMM"
    end, findings = one_end(data)
    finding = only(findings, "AZURE_POLICY_INVALID")
    assert finding.severity == "warning"
    assert policy_fix(finding)["pfsGroup"] == "ECP256"
    assert end.pfs_group == 19 and end.child_proposals[0].dh_groups == (19,)


def test_pfs_none_means_no_key_exchange_in_rekeys():
    data = seed()
    props(data, "connections")["ipsecPolicies"][0]["pfsGroup"] = "None"
    end, findings = one_end(data)
    assert findings == []
    assert end.pfs_group is None
    assert end.child_proposals[0].dh_groups == (0,)
    assert [p.dh_groups for p in end.child_proposals_responder] == [(0,)]


def test_pfs14_alias_and_enum_case_are_accepted():
    data = seed()
    policy = props(data, "connections")["ipsecPolicies"][0]
    policy["pfsGroup"] = "PFS14"
    policy["dhGroup"] = "dhgroup2048"
    end, findings = one_end(data)
    assert findings == []
    assert end.pfs_group == 14 and end.ike_proposals[0].dh_groups == (14,)
    assert end.ref["policy"]["dhGroup"] == "DHGroup2048"


def test_gcm_ike_encryption_uses_the_sha_integrity_as_prf():
    data = seed()
    props(data, "connections")["ipsecPolicies"][0]["ikeEncryption"] = "GCMAES256"
    end, findings = one_end(data)
    assert findings == []
    ike = end.ike_proposals[0]
    assert (ike.encryption, ike.integrity, ike.prf) == (("AES-GCM-256",), (), ("SHA256",))


def test_unknown_enum_value_is_invalid_and_not_compared():
    data = seed()
    props(data, "connections")["ipsecPolicies"][0]["ikeEncryption"] = "AES-256"
    end, findings = one_end(data)
    finding = only(findings, "INVALID_VALUE")
    assert finding.severity == "error"
    assert "AES-256" in finding.summary and "AES256" in finding.summary
    assert end.ike_proposals == [] and "ike_proposals" in end.unknowns
    assert end.child_proposals  # the ESP side is still known


def test_gcm_ike_integrity_needs_the_same_gcm_cipher():
    data = seed()
    props(data, "connections")["ipsecPolicies"][0]["ikeIntegrity"] = "GCMAES128"
    end, findings = one_end(data)
    finding = only(findings, "AZURE_POLICY_INVALID")
    assert policy_fix(finding)["ikeEncryption"] == "GCMAES128"
    assert end.ike_proposals == [] and "ike_proposals" in end.unknowns


def test_partial_policy_is_invalid():
    data = seed()
    del props(data, "connections")["ipsecPolicies"][0]["ipsecIntegrity"]
    end, findings = one_end(data)
    finding = only(findings, "AZURE_POLICY_INVALID")
    assert "ipsecIntegrity" in finding.summary
    assert "child_proposals" in end.unknowns


# ---- SKU rules --------------------------------------------------------------
def test_basic_sku_with_custom_policy():
    data = seed()
    props(data, "virtualNetworkGateways")["sku"] = {"name": "Basic", "tier": "Basic"}
    _end, findings = one_end(data)
    finding = only(findings, "AZURE_SKU_UNSUPPORTED")
    assert finding.severity == "error" and finding.phase == "config"
    assert "Basic" in finding.summary
    # no command removes a policy (the commands write one): the hint says so rather than standing bare
    assert finding.remediation == {"azure": {"ipsecPolicies": [], "note": (
        "No command is given: remove the connection's custom IPsec policy, so that it runs Azure's default policy.")}}
    assert finding.evidence["azure"]["sku"] == "Basic"


def test_a_policy_fix_that_cannot_be_written_as_a_complete_policy_says_why_it_has_no_command():
    """Azure takes only a complete policy: with today's ikeEncryption unknown, the lifetime fix was a bare
    `ipsecPolicies[0].saLifeTimeSeconds = 27000` with no command and no word on why."""
    data = seed()
    props(data, "connections")["ipsecPolicies"][0].update(saLifeTimeSeconds=100, ikeEncryption="AES-FAST")
    _end, findings = one_end(data)
    [fix] = [f.remediation["azure"] for f in findings if f.code == "AZURE_POLICY_INVALID"
             and "saLifeTimeSeconds" in str(f.remediation.get("azure"))]
    assert "az" not in fix and "connection" not in fix
    assert fix["ipsecPolicies[0].saLifeTimeSeconds"] == 27000
    assert "today's policy has no valid ipsecPolicies[0].ikeEncryption" in fix["note"]
    assert "Set all 8 fields in one policy" in fix["note"]


def test_basic_route_based_gateway_with_ikev1():
    data = seed()
    props(data, "connections")["ipsecPolicies"] = []
    props(data, "connections")["connectionProtocol"] = "IKEv1"
    props(data, "virtualNetworkGateways")["sku"] = {"name": "Basic"}
    end, findings = one_end(data)
    assert changes(only(findings, "AZURE_SKU_UNSUPPORTED")) == {"connectionProtocol": "IKEv2"}
    assert end.ike_versions == (1,)


def test_ikev1_on_vpngw1_is_fine():
    data = seed()
    props(data, "connections")["connectionProtocol"] = "IKEv1"
    props(data, "connections")["usePolicyBasedTrafficSelectors"] = False  # documented for IKEv2 only
    end, findings = one_end(data)
    assert findings == [] and end.ike_versions == (1,)


# ---- unreadable and missing values -------------------------------------------
def test_masked_peer_address_is_invalid_not_a_crash():
    data = seed()
    props(data, "localNetworkGateways")["gatewayIpAddress"] = "51.a.b.c"
    end, findings = one_end(data)
    finding = only(findings, "INVALID_VALUE")
    assert "51.a.b.c" in finding.summary and "HQ-LNG" in finding.summary
    assert end.peer_address is None and "peer_address" in end.unknowns
    assert end.local_address == "203.0.113.20"


def test_masked_prefix_makes_networks_and_selectors_unknown():
    data = seed()
    props(data, "localNetworkGateways")["localNetworkAddressSpace"]["addressPrefixes"] = ["10.0.0.0/8", "80.x.y.z/24"]
    end, findings = one_end(data)
    assert "80.x.y.z/24" in only(findings, "INVALID_VALUE").summary
    assert end.remote_networks == ["10.0.0.0/8"]
    assert {"remote_networks", "traffic_selectors"} <= set(end.unknowns)
    assert end.traffic_selectors is None


def test_missing_local_network_gateway():
    data = [r for r in seed() if r["type"] != "Microsoft.Network/localNetworkGateways"]
    end, findings = one_end(data)
    finding = only(findings, "UNDEFINED_REFERENCE")
    assert NET + "/localNetworkGateways/HQ-LNG" in finding.summary
    assert finding.evidence["azure"]["missing_id"] == NET + "/localNetworkGateways/HQ-LNG"
    assert {"peer_address", "remote_networks", "traffic_selectors"} <= set(end.unknowns)
    assert end.peer_address is None
    assert end.local_address == "203.0.113.20" and end.pfs_group == 19  # the rest is still read
    assert end.ref["local_network_gateway"] == "HQ-LNG"


def test_missing_public_ip():
    data = [r for r in seed() if r["type"] != "Microsoft.Network/publicIPAddresses"]
    end, findings = one_end(data)
    assert "UKSouth-VNG-pip" in only(findings, "UNDEFINED_REFERENCE").summary
    assert end.local_address is None and "local_address" in end.unknowns


def test_missing_gateway_assumes_route_based_and_skips_sku_rules():
    data = [r for r in seed() if r["type"] != "Microsoft.Network/virtualNetworkGateways"]
    end, findings = one_end(data)
    assert codes(findings) == ["UNDEFINED_REFERENCE"]
    assert {"local_address", "local_networks", "traffic_selectors"} <= set(end.unknowns)
    assert end.ref["vpn_type"] is None and end.ref["gateway"] == "UKSouth-VNG"


def test_malformed_property_shape_is_an_input_error_naming_the_resource():
    data = seed()
    props(data, "connections")["ipsecPolicies"] = {"pfsGroup": "ECP256"}
    with pytest.raises(AzureInputError, match="UKSouth-HQ-S2S.*ipsecPolicies is a dict"):
        azure_tunnel_ends(load_resources(data))


# ---- selectors, networks, other settings ---------------------------------
def test_route_based_without_policy_selectors_offers_any_to_any():
    data = seed()
    props(data, "connections")["usePolicyBasedTrafficSelectors"] = False
    end, _findings = one_end(data)
    assert end.any_to_any is True
    assert [(t.local, t.remote) for t in end.traffic_selectors] == [("0.0.0.0/0", "0.0.0.0/0")]


def test_custom_traffic_selector_policies_win():
    data = seed()
    props(data, "connections")["trafficSelectorPolicies"] = [
        {"localAddressRanges": ["172.16.1.0/24", "172.16.2.0/24"], "remoteAddressRanges": ["10.1.0.0/16"]}]
    end, _findings = one_end(data)
    assert [(t.local, t.remote) for t in end.traffic_selectors] == [
        ("172.16.1.0/24", "10.1.0.0/16"), ("172.16.2.0/24", "10.1.0.0/16")]
    assert end.ref["custom_traffic_selectors"] is True


def _add_spoke(data, use_remote_gateways=True, hub_allows=True):
    hub = resource(data, "virtualNetworks")
    spoke_id = NET + "/virtualNetworks/Spoke-VNet"
    data.append({
        "name": "Spoke-VNet", "id": spoke_id, "type": "Microsoft.Network/virtualNetworks",
        "properties": {
            "addressSpace": {"addressPrefixes": ["172.17.0.0/16"]},
            "virtualNetworkPeerings": [{"name": "to-hub", "properties": {
                "remoteVirtualNetwork": {"id": hub["id"]}, "useRemoteGateways": use_remote_gateways,
                "peeringState": "Connected"}}],
        },
    })
    hub["properties"]["virtualNetworkPeerings"] = [{"name": "to-spoke", "properties": {
        "remoteVirtualNetwork": {"id": spoke_id}, "allowGatewayTransit": hub_allows, "peeringState": "Connected"}}]


def test_peered_vnet_using_gateway_transit_is_behind_azure():
    data = seed()
    _add_spoke(data)
    end, findings = one_end(data)
    assert findings == []
    assert end.local_networks == ["172.16.0.0/16", "172.17.0.0/16"]
    assert [(t.local, t.remote) for t in end.traffic_selectors] == [
        ("172.16.0.0/16", "10.0.0.0/8"), ("172.17.0.0/16", "10.0.0.0/8")]
    assert end.ref["peered_networks"] == ["Spoke-VNet"]


@pytest.mark.parametrize("use_remote, hub_allows", [(False, True), (True, False)])
def test_peering_without_gateway_transit_is_not_behind_azure(use_remote, hub_allows):
    data = seed()
    _add_spoke(data, use_remote, hub_allows)
    end, _findings = one_end(data)
    assert end.local_networks == ["172.16.0.0/16"]


def test_active_active_gateway_gives_one_end_per_instance():
    data = seed()
    gateway = props(data, "virtualNetworkGateways")
    gateway["activeActive"] = True
    second = copy.deepcopy(gateway["ipConfigurations"][0])
    second["properties"]["publicIPAddress"]["id"] = NET + "/publicIPAddresses/UKSouth-VNG-pip2"
    gateway["ipConfigurations"].append(second)
    data.append({"name": "UKSouth-VNG-pip2", "id": NET + "/publicIPAddresses/UKSouth-VNG-pip2",
                 "type": "Microsoft.Network/publicIPAddresses", "properties": {"ipAddress": "203.0.113.21"}})
    ends, findings = azure_tunnel_ends(load_resources(data))
    assert findings == []
    # one end per instance, same connection name (the active-active convention)
    assert [(e.name, e.local_address, e.ref["instance"], e.ref["instance_count"]) for e in ends] == [
        ("UKSouth-HQ-S2S", "203.0.113.20", 0, 2), ("UKSouth-HQ-S2S", "203.0.113.21", 1, 2)]
    assert all(e.ref["public_ips"] == ["203.0.113.20", "203.0.113.21"] for e in ends)
    assert all(e.ref["active_active"] is True for e in ends)


def test_responder_only_mode():
    data = seed()
    props(data, "connections")["connectionMode"] = "ResponderOnly"
    end, _findings = one_end(data)
    assert end.mode == MODE_RESPONDER_ONLY


def test_shared_key_becomes_a_digest_and_is_never_kept():
    data = seed()
    props(data, "connections")["sharedKey"] = SECRET
    seen = []

    def digest(key):
        seen.append(key)
        return "digest-1"

    end, findings = one_end(data, psk_digest=digest)
    assert seen == [SECRET]
    assert end.auth.method == "psk" and end.auth.psk_digest == "digest-1"
    dumped = json.dumps([end.to_dict()] + [f.to_dict() for f in findings])
    assert SECRET not in dumped


def test_shared_key_without_digest_function_is_not_kept_either():
    data = seed()
    props(data, "connections")["sharedKey"] = SECRET
    end, _findings = one_end(data)
    assert end.auth.psk_digest is None
    assert SECRET not in json.dumps(end.to_dict())


def test_only_ipsec_connections_become_tunnel_ends():
    data = seed()
    other = copy.deepcopy(resource(data, "connections"))
    other["name"] = "vnet-to-vnet"
    other["id"] = NET + "/connections/vnet-to-vnet"
    other["properties"]["connectionType"] = "Vnet2Vnet"
    ends, _findings = azure_tunnel_ends(load_resources(data + [other]))
    assert [e.name for e in ends] == ["UKSouth-HQ-S2S"]


def test_raw_json_data_is_accepted_too():
    ends, findings = azure_tunnel_ends(seed())
    assert [e.name for e in ends] == ["UKSouth-HQ-S2S"] and findings == []


def test_findings_travel_as_json():
    data = seed()
    props(data, "virtualNetworkGateways")["sku"] = {"name": "Basic"}
    props(data, "localNetworkGateways")["gatewayIpAddress"] = "51.a.b.c"
    end, findings = one_end(data)
    assert len(findings) == 2
    for finding in findings:
        assert Finding.from_dict(json.loads(json.dumps(finding.to_dict()))).to_dict() == finding.to_dict()
    assert tunnel_end_from_dict(json.loads(json.dumps(end.to_dict()))) == end
