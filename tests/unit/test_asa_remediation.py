# -*- coding: utf-8 -*-
"""Fix intents -> ASA CLI lines for one crypto map entry."""

import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import tunnel_end_from_dict

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")


def seed_end(name="asa_running_config.txt", extra=""):
    with open(os.path.join(SEED, name)) as handle:
        config, _findings = parse_running_config(handle.read().replace(": end", extra + ": end"))
    [end], _findings = asa_tunnel_ends(config, host="gateway")
    return end


@pytest.fixture(scope="module")
def end():
    return seed_end()


def render(end, *intents):
    return asa_remediation(end, list(intents))


def test_seed_fix_is_set_pfs_group19(end):
    assert render(end, intent("child_pfs", group=19)) == ["crypto map CRYPTO-MAP 2 set pfs group19"]


def test_remove_pfs_only_when_the_entry_has_it(end):
    assert render(end, intent("child_pfs", group=None)) == []
    with_pfs = seed_end(extra="crypto map CRYPTO-MAP 2 set pfs group14\n")
    assert render(with_pfs, intent("child_pfs", group=None)) == ["no crypto map CRYPTO-MAP 2 set pfs"]


def test_pfs_group_without_asa_keyword_is_a_note(end):
    [line] = render(end, intent("child_pfs", group=2048))
    assert line.startswith("! ") and "2048" in line


def test_child_proposal_block(end):
    assert render(end, intent("child_proposal", encryption="AES-GCM-256", integrity=None)) == [
        "crypto ipsec ikev2 ipsec-proposal VPNALIGN-AES-GCM-256",
        " protocol esp encryption aes-gcm-256",
        " protocol esp integrity null",
        "crypto map CRYPTO-MAP 2 set ikev2 ipsec-proposal VPNALIGN-AES-GCM-256",
    ]
    assert render(end, intent("child_proposal", encryption="AES-CBC-256", integrity="SHA1"))[:3] == [
        "crypto ipsec ikev2 ipsec-proposal VPNALIGN-AES-CBC-256-SHA1",
        " protocol esp encryption aes-256",
        " protocol esp integrity sha-1",
    ]
    [note] = render(end, intent("child_proposal", encryption="CHACHA20-POLY1305", integrity=None))
    assert note.startswith("! ")


def test_ike_proposal_uses_free_priorities(end):
    lines = render(
        end,
        intent("ike_proposal", encryption="AES-CBC-256", integrity="SHA256", prf=None, dh_group=14),
        intent("ike_proposal", encryption="AES-GCM-128", integrity=None, prf="SHA384", dh_group=20),
    )
    assert lines == [
        "crypto ikev2 policy 3",  # after the existing policy 2, and each new one after the last
        " encryption aes-256",
        " integrity sha256",
        " group 14",
        " prf sha256",
        " lifetime seconds 28800",
        "crypto ikev2 policy 4",
        " encryption aes-gcm",
        " integrity null",
        " group 20",
        " prf sha384",
        " lifetime seconds 28800",
    ]


def test_ike_proposal_with_unknown_values_is_a_note(end):
    lines = render(end, intent("ike_proposal", encryption="AES-CBC-256", integrity="SHA256", prf=None, dh_group=99))
    assert lines and all(line.startswith("! ") for line in lines)


def test_lifetimes(end):
    assert render(
        end,
        intent("child_lifetime_seconds", seconds=27000),
        intent("child_lifetime_kilobytes", kilobytes=2048),
        intent("child_lifetime_kilobytes", kilobytes=None),
    ) == [
        "crypto map CRYPTO-MAP 2 set security-association lifetime seconds 27000",
        "crypto map CRYPTO-MAP 2 set security-association lifetime kilobytes 2048",
        "crypto map CRYPTO-MAP 2 set security-association lifetime kilobytes unlimited",
    ]
    # raised only where it is lower, and with no '!' note, which would keep the fix from being shown
    assert end.ref["ike_policy_lifetimes"] == [[2, 28800]]
    assert render(end, intent("ike_lifetime_seconds", seconds=27000)) == []
    assert render(end, intent("ike_lifetime_seconds", seconds=172800)) == [
        "crypto ikev2 policy 2", " lifetime seconds 172800"]


def test_traffic_selectors_add_missing_and_remove_unwanted(end):
    assert render(end, intent("traffic_selectors", pairs=[["10.0.0.0/8", "172.16.0.0/16"]])) == []
    assert render(
        end, intent("traffic_selectors", pairs=[["10.0.0.0/8", "172.16.0.0/16"], ["10.9.9.9/32", "0.0.0.0/0"]])
    ) == ["access-list uksouth-s2s-acl extended permit ip host 10.9.9.9 any4"]
    lines = render(end, intent("traffic_selectors", pairs=[["10.1.0.0/16", "172.16.0.0/16"]]))
    assert lines[:2] == [
        "access-list uksouth-s2s-acl extended permit ip 10.1.0.0 255.255.0.0 172.16.0.0 255.255.0.0",
        "no access-list uksouth-s2s-acl extended permit ip object-group HQ-network object-group HQ-UKSouth-network",
    ]
    # the exemption of 10/8 already keeps 10.1/16 untranslated: no NAT rule (review D, finding 1)
    assert len(lines) == 2, lines
    # NAT rules decide this tunnel's traffic: a pair outside what they exempt is exempted with it (never one with a
    # /0 side, above)
    lines = render(end, intent("traffic_selectors", pairs=[["10.0.0.0/8", "172.16.0.0/16"], ["192.168.1.0/24", "172.16.0.0/16"]]))
    assert end.ref["nat_rule_lines"] and lines[1:4] == [
        "object-group network VPNALIGN-CRYPTO-MAP-2-LOCAL", " network-object 192.168.1.0 255.255.255.0",
        "object-group network VPNALIGN-CRYPTO-MAP-2-REMOTE"]
    assert lines[-1].startswith("nat (") and " 1 source static VPNALIGN-CRYPTO-MAP-2-LOCAL" in lines[-1]


def test_traffic_selectors_when_current_acl_is_unreadable():
    posted = seed_end("asa_running_config.as_posted.txt")
    lines = render(posted, intent("traffic_selectors", pairs=[["10.0.0.0/8", "172.16.0.0/16"]]))
    assert lines[0] == "access-list uksouth-s2s-acl extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0"
    assert lines[1].startswith("! ")


def test_peer_address(end):
    assert render(end, intent("peer_address", address="203.0.113.20")) == [
        "crypto map CRYPTO-MAP 2 set peer 203.0.113.20"
    ]
    lines = render(end, intent("peer_address", address="203.0.113.99"))
    assert lines[:5] == [
        "crypto map CRYPTO-MAP 2 set peer 203.0.113.99",
        "tunnel-group 203.0.113.99 type ipsec-l2l",
        "tunnel-group 203.0.113.99 general-attributes",
        " default-group-policy AzureGroupPolicy-UKSouth",
        "tunnel-group 203.0.113.99 ipsec-attributes",
    ]
    assert lines[5].startswith("! ")


def test_ike_version(end):
    assert render(end, intent("ike_version", version=2)) == []
    lines = render(end, intent("ike_version", version=1))
    assert lines[0] == "crypto ikev1 enable INTERNET"
    assert lines[1].startswith("! ")  # AES-GCM has no IKEv1 transform
    assert lines[2:] == ["group-policy AzureGroupPolicy-UKSouth attributes", " vpn-tunnel-protocol ikev2 ikev1"]


def test_tcp_mss_and_dpd(end):
    assert render(end, intent("tcp_mss", mss=1350)) == ["sysopt connection tcpmss 1350"]
    lines = render(end, intent("dpd_timeout", seconds=45))
    assert lines[:2] == ["tunnel-group 203.0.113.20 ipsec-attributes", " isakmp keepalive threshold 35 retry 2"]
    assert all(line.startswith("! ") for line in lines[2:])


def test_nat_exemption_names_objects_deterministically(end):
    item = intent("nat_exemption", local=["10.0.0.0/8"], remote=["172.16.0.0/16", "172.17.0.1/32"])
    lines = render(end, item)
    assert lines == [
        "object-group network VPNALIGN-CRYPTO-MAP-2-LOCAL",
        " network-object 10.0.0.0 255.0.0.0",
        "object-group network VPNALIGN-CRYPTO-MAP-2-REMOTE",
        " network-object 172.16.0.0 255.255.0.0",
        " network-object host 172.17.0.1",
        "nat (LAN,INTERNET) 1 source static VPNALIGN-CRYPTO-MAP-2-LOCAL VPNALIGN-CRYPTO-MAP-2-LOCAL "
        "destination static VPNALIGN-CRYPTO-MAP-2-REMOTE VPNALIGN-CRYPTO-MAP-2-REMOTE no-proxy-arp route-lookup",
    ]
    assert render(end, item) == lines


def test_remote_networks(end):
    lines = render(end, intent("remote_networks", networks=["172.16.0.0/16", "172.20.0.0/16"]))
    assert lines[0] == "access-list uksouth-s2s-acl extended permit ip 10.0.0.0 255.0.0.0 172.20.0.0 255.255.0.0"
    assert lines[-1].startswith("! ")


def test_pre_shared_key_is_an_instruction_only(end):
    lines = render(end, intent("pre_shared_key"))
    assert lines and all(line.startswith("! ") for line in lines)
    assert any("<key>" in line for line in lines)


def test_policy_selectors_and_unknown_kind(end):
    assert render(end, intent("policy_selectors", enabled=False))[0].startswith("! ")
    assert render(end, {"kind": "something_new"})[0].startswith("! ")


def test_sub_commands_are_indented_by_one_space(end):
    intents = [
        intent("child_proposal", encryption="AES-CBC-128", integrity="SHA256"),
        intent("ike_proposal", encryption="AES-CBC-128", integrity="SHA256", prf="SHA256", dh_group=19),
        intent("nat_exemption", local=["10.0.0.0/8"], remote=["172.16.0.0/16"]),
        intent("dpd_timeout", seconds=60),
    ]
    for line in render(end, *intents):
        assert not line.startswith("  ") and line == line.rstrip()
        if line.startswith(" "):
            assert line[1] != " "


def test_end_rebuilt_from_facts_renders_the_same(end):
    again = tunnel_end_from_dict(end.to_dict())
    intents = [intent("child_pfs", group=19), intent("traffic_selectors", pairs=[["10.1.0.0/16", "172.16.0.0/16"]])]
    assert render(again, *intents) == render(end, *intents)


def test_ikev1_entry_gets_transform_sets_and_ikev1_policies():
    config, _findings = parse_running_config(
        "\n".join(
            [
                "interface Gi0/0",
                " nameif outside",
                " ip address 192.0.2.1 255.255.255.0",
                "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac",
                "crypto map M 1 set peer 203.0.113.20",
                "crypto map M 1 set ikev1 transform-set TS",
                "crypto map M interface outside",
                "crypto ikev1 enable outside",
                "crypto ikev1 policy 1",
                " encryption aes-256",
                " hash sha",
                " group 14",
                " lifetime 28800",
            ]
        )
    )
    [end], _findings = asa_tunnel_ends(config)
    assert end.ike_versions == (1,)
    assert render(end, intent("child_proposal", encryption="AES-CBC-128", integrity="SHA1")) == [
        "crypto ipsec ikev1 transform-set VPNALIGN-AES-CBC-128-SHA1 esp-aes esp-sha-hmac",
        "crypto map M 1 set ikev1 transform-set VPNALIGN-AES-CBC-128-SHA1",
    ]
    assert render(end, intent("ike_proposal", encryption="AES-CBC-256", integrity="SHA1", prf=None, dh_group=14)) == [
        "crypto ikev1 policy 2",
        " authentication pre-share",
        " encryption aes-256",
        " hash sha",
        " group 14",
        " lifetime 28800",
    ]
    # the ASA has no IKEv1 keyword for SHA-2: a note, never "esp-sha256-hmac" nor a silent esp-none
    [note] = render(end, intent("child_proposal", encryption="AES-CBC-256", integrity="SHA256"))
    assert note.startswith("! IKEv1 transform-sets have no ESP integrity SHA256"), note
    # IKEv1 negotiates the lifetime: a raise could stop another IKEv1 peer matching, so it is a note (not shown)
    [note] = render(end, intent("ike_lifetime_seconds", seconds=86400))
    assert note.startswith("! IKEv1 policies negotiate their lifetime")
