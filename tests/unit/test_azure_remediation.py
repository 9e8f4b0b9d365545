# -*- coding: utf-8 -*-
"""Fix intents -> ARM property changes on an Azure connection."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation import azure_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    ChildSaProposal,
    IkeProposal,
    tunnel_end_from_dict,
)

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "azure_resources.json")


def seed():
    with open(SEED) as handle:
        return json.load(handle)


def props(data, kind):
    return [r for r in data if r["type"] == "Microsoft.Network/" + kind][0]["properties"]


def end_of(data):
    ends, _findings = azure_tunnel_ends(data)
    return ends[0]


def custom_end():
    """The seed connection: custom policy on a VpnGw1 route-based gateway."""
    return end_of(seed())


def default_end(**gateway):
    data = seed()
    props(data, "connections")["ipsecPolicies"] = []
    props(data, "virtualNetworkGateways").update(gateway)
    return end_of(data)


def render(end, *intents):
    return azure_remediation(end, list(intents))


# ---- PFS -------------------------------------------------------------------
@pytest.mark.parametrize("group, name", [(None, "None"), (0, "None"), (19, "ECP256"), (14, "PFS2048"), (24, "PFS24")])
def test_child_pfs_on_custom_policy_is_one_property(group, name):
    assert render(custom_end(), intent("child_pfs", group=group)) == {"ipsecPolicies[0].pfsGroup": name}


def test_pfs_group_azure_lacks_is_unsupported_with_reason():
    changes = render(custom_end(), intent("child_pfs", group=21))
    assert list(changes) == ["unsupported"]
    assert "DH group 21" in changes["unsupported"] and "other end" in changes["unsupported"]


def test_child_pfs_on_default_policy_writes_a_complete_policy():
    changes = render(default_end(), intent("child_pfs", group=19))
    assert changes == {"ipsecPolicies[0]": {
        "saLifeTimeSeconds": 27000,
        "saDataSizeKilobytes": 102400000,
        "ipsecEncryption": "GCMAES256",
        "ipsecIntegrity": "GCMAES256",
        "ikeEncryption": "AES256",
        "ikeIntegrity": "SHA1",
        "dhGroup": "DHGroup2",
        "pfsGroup": "ECP256",
    }}


def test_complete_policy_starts_from_what_is_negotiated_when_known():
    negotiated = {
        "ike": IkeProposal("n", ("AES-CBC-128",), ("SHA256",), ("SHA256",), (2,)),
        "child": ChildSaProposal("n", ("AES-CBC-256",), ("SHA256",)),
    }
    changes = azure_remediation(default_end(), [intent("child_pfs", group=14)], negotiated=negotiated)
    policy = changes["ipsecPolicies[0]"]
    assert (policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"]) == ("AES128", "SHA256", "DHGroup2")
    assert (policy["ipsecEncryption"], policy["ipsecIntegrity"], policy["pfsGroup"]) == ("AES256", "SHA256", "PFS2048")


def test_several_policy_intents_merge_into_one_complete_policy():
    changes = render(
        default_end(),
        intent("ike_proposal", encryption="AES-CBC-256", integrity="SHA256", prf="SHA256", dh_group=14),
        intent("child_proposal", encryption="AES-GCM-256", integrity=None),
        intent("child_lifetime_seconds", seconds=3600),
    )
    assert list(changes) == ["ipsecPolicies[0]"]
    policy = changes["ipsecPolicies[0]"]
    assert len(policy) == 8
    assert (policy["ikeEncryption"], policy["ikeIntegrity"], policy["dhGroup"]) == ("AES256", "SHA256", "DHGroup14")
    assert (policy["ipsecEncryption"], policy["ipsecIntegrity"]) == ("GCMAES256", "GCMAES256")
    assert policy["saLifeTimeSeconds"] == 3600 and policy["pfsGroup"] == "None"


def test_policy_intent_on_basic_sku_is_unsupported():
    changes = render(default_end(sku={"name": "Basic"}), intent("child_pfs", group=19))
    assert list(changes) == ["unsupported"]
    assert "Basic" in changes["unsupported"]


# ---- proposals ----------------------------------------------------------------
def test_child_proposal_gcm_pairs_integrity():
    assert render(custom_end(), intent("child_proposal", encryption="AES-GCM-256", integrity=None)) == {
        "ipsecPolicies[0].ipsecEncryption": "GCMAES256", "ipsecPolicies[0].ipsecIntegrity": "GCMAES256"}


def test_child_proposal_cbc():
    assert render(custom_end(), intent("child_proposal", encryption="AES-CBC-256", integrity="SHA256")) == {
        "ipsecPolicies[0].ipsecEncryption": "AES256", "ipsecPolicies[0].ipsecIntegrity": "SHA256"}


@pytest.mark.parametrize("encryption, integrity, word", [
    ("AES-CBC-256", "SHA512", "SHA512"),
    ("AES-CBC-256", "SHA384", "SHA384"),
    ("AES-GMAC-128", None, "AES-GMAC-128"),
])
def test_child_proposal_azure_lacks(encryption, integrity, word):
    changes = render(custom_end(), intent("child_proposal", encryption=encryption, integrity=integrity))
    assert list(changes) == ["unsupported"] and word in changes["unsupported"]


def test_ike_proposal():
    assert render(custom_end(), intent("ike_proposal", encryption="AES-CBC-256", integrity="SHA384", prf=None,
                                       dh_group=20)) == {
        "ipsecPolicies[0].ikeEncryption": "AES256",
        "ipsecPolicies[0].ikeIntegrity": "SHA384",
        "ipsecPolicies[0].dhGroup": "ECP384",
    }


def test_ike_gcm_names_the_prf_as_integrity():
    changes = render(custom_end(), intent("ike_proposal", encryption="AES-GCM-256", integrity=None, prf="SHA384",
                                          dh_group=19))
    assert changes["ipsecPolicies[0].ikeEncryption"] == "GCMAES256"
    assert changes["ipsecPolicies[0].ikeIntegrity"] == "SHA384"


@pytest.mark.parametrize("values, word", [
    (dict(encryption="AES-CBC-256", integrity="SHA256", prf=None, dh_group=21), "21"),
    (dict(encryption="AES-CBC-256", integrity="SHA512", prf=None, dh_group=19), "SHA512"),
    (dict(encryption="AES-GCM-192", integrity=None, prf="SHA256", dh_group=19), "AES-GCM-192"),
    (dict(encryption="AES-CBC-256", integrity="SHA256", prf="SHA384", dh_group=19), "PRF"),
])
def test_ike_proposal_azure_lacks(values, word):
    changes = render(custom_end(), intent("ike_proposal", **values))
    assert list(changes) == ["unsupported"] and word in changes["unsupported"]


# ---- lifetimes ----------------------------------------------------------------
def test_child_lifetimes():
    assert render(custom_end(), intent("child_lifetime_seconds", seconds=28800),
                  intent("child_lifetime_kilobytes", kilobytes=102400000)) == {
        "ipsecPolicies[0].saLifeTimeSeconds": 28800, "ipsecPolicies[0].saDataSizeKilobytes": 102400000}


@pytest.mark.parametrize("item, word", [
    (intent("child_lifetime_seconds", seconds=120), "300"),
    (intent("child_lifetime_kilobytes", kilobytes=512), "1024"),
    (intent("child_lifetime_kilobytes", kilobytes=None), "data"),
    (intent("ike_lifetime_seconds", seconds=86400), "28800"),
])
def test_lifetimes_azure_cannot_have(item, word):
    changes = render(custom_end(), item)
    assert list(changes) == ["unsupported"] and word in changes["unsupported"]


def test_ike_lifetime_already_azures_needs_no_change():
    assert render(custom_end(), intent("ike_lifetime_seconds", seconds=28800)) == {}


# ---- selectors, addresses, protocol, the rest --------------------------------------
def test_selectors_equal_to_the_prefix_product_just_switch_policy_selectors_on():
    data = seed()
    props(data, "connections")["usePolicyBasedTrafficSelectors"] = False
    changes = render(end_of(data), intent("traffic_selectors", pairs=[["172.16.0.0/16", "10.0.0.0/8"]]))
    assert changes == {"usePolicyBasedTrafficSelectors": True}


def test_other_selectors_become_traffic_selector_policies():
    changes = render(custom_end(), intent("traffic_selectors", pairs=[
        ["172.16.1.0/24", "10.1.0.0/16"], ["172.16.1.0/24", "10.2.0.0/16"], ["172.16.2.0/24", "10.1.0.0/16"]]))
    assert changes == {
        "usePolicyBasedTrafficSelectors": True,
        "trafficSelectorPolicies": [
            {"localAddressRanges": ["172.16.1.0/24"], "remoteAddressRanges": ["10.1.0.0/16", "10.2.0.0/16"]},
            {"localAddressRanges": ["172.16.2.0/24"], "remoteAddressRanges": ["10.1.0.0/16"]},
        ],
    }


def test_policy_selectors_off_clears_custom_selectors():
    data = seed()
    props(data, "connections")["trafficSelectorPolicies"] = [
        {"localAddressRanges": ["172.16.0.0/16"], "remoteAddressRanges": ["10.0.0.0/8"]}]
    changes = render(end_of(data), intent("policy_selectors", enabled=False))
    assert changes == {"usePolicyBasedTrafficSelectors": False, "trafficSelectorPolicies": []}


def test_policy_selectors_on_default_policy_carries_a_note():
    changes = render(default_end(), intent("policy_selectors", enabled=True))
    assert changes["usePolicyBasedTrafficSelectors"] is True and "custom IPsec/IKE policy" in changes["note"]


def test_peer_address_and_remote_networks_go_to_the_local_network_gateway():
    changes = render(custom_end(), intent("peer_address", address="198.51.100.11"),
                     intent("remote_networks", networks=["10.0.0.0/9"]))
    assert changes == {
        "localNetworkGateway2.gatewayIpAddress": "198.51.100.11",
        "localNetworkGateway2.localNetworkAddressSpace.addressPrefixes": ["10.0.0.0/9"],
    }


def test_ike_version_change_says_the_connection_must_be_recreated():
    changes = render(custom_end(), intent("ike_version", version=1))
    assert changes["connectionProtocol"] == "IKEv1"
    assert "create it again" in changes["note"]


def test_ikev2_on_policy_based_gateway_is_unsupported():
    end = default_end(vpnType="PolicyBased", sku={"name": "Basic"})
    changes = render(end, intent("ike_version", version=2))
    assert list(changes) == ["unsupported"] and "IKEv1 only" in changes["unsupported"]


def test_dpd_timeout():
    assert render(custom_end(), intent("dpd_timeout", seconds=30)) == {"dpdTimeoutSeconds": 30}
    assert "unsupported" in render(custom_end(), intent("dpd_timeout", seconds=5))


@pytest.mark.parametrize("item", [
    intent("tcp_mss", mss=1350),
    intent("nat_exemption", local=["172.16.0.0/16"], remote=["10.0.0.0/8"]),
])
def test_device_only_settings_are_unsupported(item):
    changes = render(custom_end(), item)
    assert list(changes) == ["unsupported"] and changes["unsupported"].endswith("change the other end instead.")


def test_pre_shared_key_is_a_note_without_any_key():
    changes = render(custom_end(), intent("pre_shared_key"))
    assert list(changes) == ["note"] and "sharedKey" in changes["note"]


def test_supported_and_unsupported_intents_mix():
    changes = render(custom_end(), intent("child_pfs", group=None), intent("tcp_mss", mss=1300))
    assert changes["ipsecPolicies[0].pfsGroup"] == "None"
    assert "TCP MSS" in changes["unsupported"]


def test_renders_the_same_after_facts_travel_as_json():
    end = default_end()
    travelled = tunnel_end_from_dict(json.loads(json.dumps(end.to_dict())))
    item = intent("child_pfs", group=19)
    assert render(travelled, item) == render(end, item)


def test_unknown_intent_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="no Azure rendering"):
        render(custom_end(), {"kind": "teleport"})
