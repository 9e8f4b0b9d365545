# -*- coding: utf-8 -*-
"""ASA running-config parser: every construct, damaged input, pasted input."""

import ipaddress
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import parser as parser_module
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import clean_line, parse_running_config

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")


def read(name):
    with open(os.path.join(SEED, name)) as handle:
        return handle.read()


def parse(text, **kwargs):
    return parse_running_config(text, **kwargs)


def codes(findings):
    return sorted(f.code for f in findings)


def evidence(finding):
    return finding.evidence["asa"]


def net(text):
    return ipaddress.ip_network(text)


# ---------------------------------------------------------------------------
# The seed case
# ---------------------------------------------------------------------------
def test_seed_config_parses_without_findings():
    config, findings = parse(read("asa_running_config.txt"))
    assert findings == []
    assert config.findings == []
    assert config.hostname == "gateway"
    assert {i.nameif: (i.address, i.mask) for i in config.interfaces.values()} == {
        "INTERNET": ("198.51.100.10", "255.255.255.248"),
        "LAN": ("10.1.0.1", "255.255.0.0"),
    }
    assert config.objects["HQ-LAN"].networks == [net("10.0.0.0/8")]
    assert [(m.kind, m.value) for m in config.object_groups["HQ-UKSouth-network"].members] == [
        ("object", "Azure-UKSouth-LAN")
    ]
    assert config.tcp_mss == 1350


def test_seed_crypto_map_entry_keeps_original_line_numbers():
    config, _findings = parse(read("asa_running_config.txt"))
    entry = config.crypto_maps["CRYPTO-MAP"].entries[2]
    assert entry.peers == ["203.0.113.20"] and entry.peer_addresses == ["203.0.113.20"]
    assert (entry.peer_line.line, entry.peer_line.text) == (40, "crypto map CRYPTO-MAP 2 set peer 203.0.113.20")
    assert entry.acl == "uksouth-s2s-acl" and entry.ikev2_proposals == ["UKSouth"]
    assert entry.pfs_present is False and entry.nat_t_disable is True
    assert entry.lifetime.seconds == 3600 and entry.lifetime.kilobytes is None
    assert config.crypto_maps["CRYPTO-MAP"].interface == "INTERNET"
    assert config.global_lifetime.seconds == 3600 and config.global_lifetime.kilobytes == 102400000
    policy = config.ikev2_policies[2]
    assert (policy.encryption, policy.integrity, policy.prf, policy.groups, policy.lifetime_seconds) == (
        ["aes"],
        ["sha256"],
        ["sha256"],
        [19],
        28800,
    )
    assert [l.line for l in policy.lines] == [47, 48, 49, 50, 51, 52]
    assert policy.lines[1].text == "encryption aes"  # stripped
    assert config.ipsec_proposals["UKSouth"].encryption == ["aes-gcm"]
    assert config.ipsec_proposals["UKSouth"].integrity == ["null"]


def test_seed_tunnel_group_and_group_policy():
    config, _findings = parse(read("asa_running_config.txt"))
    group = config.tunnel_groups["203.0.113.20"]
    assert group.type == "ipsec-l2l"
    assert group.default_group_policy == "AzureGroupPolicy-UKSouth"
    assert group.ikev2_remote_auth == "psk" and group.ikev2_remote_psk.state == "masked"
    assert group.ikev2_local_auth == "psk" and group.ikev2_local_psk.state == "masked"
    assert config.group_policies["AzureGroupPolicy-UKSouth"].tunnel_protocols == ["ikev2"]
    assert config.ikev2_enabled["INTERNET"].line == 53


def test_as_posted_config_reports_undefined_objects_and_masked_peer():
    config, findings = parse(read("asa_running_config.as_posted.txt"))
    undefined = {evidence(f)["name"]: f for f in findings if f.code == "UNDEFINED_REFERENCE"}
    assert sorted(undefined) == ["AzureLabNet-LAN", "HQ-UKSouth-LAN"]
    assert evidence(undefined["AzureLabNet-LAN"])["lines"] == [
        {"line": 9, "text": "network-object object AzureLabNet-LAN"}
    ]
    assert evidence(undefined["HQ-UKSouth-LAN"])["lines"] == [
        {"line": 15, "text": "network-object object HQ-UKSouth-LAN"}
    ]
    assert evidence(undefined["HQ-UKSouth-LAN"])["kind"] == "object network"
    assert "line 15" in undefined["HQ-UKSouth-LAN"].summary
    invalid = [f for f in findings if f.code == "INVALID_VALUE"]
    assert len(invalid) == 1
    assert evidence(invalid[0])["value"] == "51.a.b.c"
    assert evidence(invalid[0])["lines"] == [{"line": 27, "text": "crypto map CRYPTO-MAP 2 set peer 51.a.b.c"}]
    assert "address" in evidence(invalid[0])["expected"]
    # no interface blocks in the paste: INTERNET is not reported as undefined
    assert not any(evidence(f).get("name") == "INTERNET" for f in findings)
    assert all(f.phase == "config" for f in findings)
    assert config.crypto_maps["CRYPTO-MAP"].entries[2].peer_addresses == [None]


# ---------------------------------------------------------------------------
# Input shapes: flattened, CRLF, pager remnants
# ---------------------------------------------------------------------------
def test_clean_line_handles_pager_remnants_and_trailing_spaces():
    erase = "<--- More --->" + "\b" * 14 + " " * 14 + "\b" * 14
    assert clean_line(erase + " subnet 10.0.0.0 255.0.0.0   ") == (1, "subnet 10.0.0.0 255.0.0.0")
    assert clean_line("<--- More --->\r              \r nameif LAN") == (1, "nameif LAN")
    assert clean_line("<--- More --->              nameif LAN") == (None, "nameif LAN")
    assert clean_line("hostname gw \r") == (0, "hostname gw")
    assert clean_line("<--- More --->") == (None, "")


def test_flattened_crlf_and_paged_seed_parse_to_the_same_records():
    text = read("asa_running_config.txt")
    base, _findings = parse(text)
    flattened, findings = parse("\r\n".join(line.lstrip() for line in text.split("\n")))
    assert findings == []
    assert flattened.ikev2_policies == base.ikev2_policies
    assert flattened.objects == base.objects and flattened.object_groups == base.object_groups
    assert flattened.interfaces == base.interfaces and flattened.tunnel_groups == base.tunnel_groups
    assert flattened.group_policies == base.group_policies


def test_flattened_block_stays_open_across_unmodelled_subcommands():
    text = "\n".join(
        [
            "interface GigabitEthernet0/0",
            "speed 1000",
            "security-level 0",
            "nameif outside",
            "ip address 192.0.2.1 255.255.255.0",
            "ip local pool VPN 10.9.0.1-10.9.0.9",  # top-level: closes the block
            "object network WEB",
            "host 10.1.1.5",
            "nat (inside,outside) static 203.0.113.5",  # object NAT: stays in the object
            "nat (inside,outside) source static any any",  # twice NAT: top-level
        ]
    )
    config, _findings = parse(text)
    iface = config.interfaces["GigabitEthernet0/0"]
    assert (iface.nameif, iface.address) == ("outside", "192.0.2.1")
    assert [(r.section, r.source_real, r.source_mapped) for r in config.nat_rules] == [
        ("object", "WEB", "203.0.113.5"),
        ("manual", "any", "any"),
    ]


def test_indented_text_treats_unindented_lines_as_top_level():
    text = "object network A\n host 10.0.0.1\nsubnet 10.9.0.0 255.255.0.0\n"
    config, _findings = parse(text)
    assert config.objects["A"].networks == [net("10.0.0.1/32")]
    flattened, _findings = parse("object network A\nhost 10.0.0.1\nsubnet 10.9.0.0 255.255.0.0\n")
    assert flattened.objects["A"].networks == [net("10.9.0.0/16")]


def test_saved_and_end_markers_and_separators_close_blocks():
    text = ": Saved\n:\ncrypto ikev2 policy 10\n!\nencryption aes-256\n: end\n"
    config, findings = parse(text)
    assert config.ikev2_policies[10].encryption == []
    # the line after the "!" is no global command: not read into the policy, and named as not read
    assert [(f.code, f.severity, [line["line"] for line in f.evidence["asa"]["lines"]]) for f in findings] == [
        ("UNSUPPORTED_CONSTRUCT", "info", [5])]


# ---------------------------------------------------------------------------
# Objects, groups, operands
# ---------------------------------------------------------------------------
def test_object_kinds_host_subnet_range_fqdn():
    text = "\n".join(
        [
            "object network H",
            " host 192.0.2.7",
            "object network S",
            " subnet 10.0.0.0 255.255.0.0",
            "object network S6",
            " subnet 2001:db8::/32",
            "object network R",
            " range 10.0.0.1 10.0.0.6",
            "object network F",
            " fqdn v4 vpn.example.com",
        ]
    )
    config, findings = parse(text)
    assert findings == []
    assert config.objects["H"].networks == [net("192.0.2.7/32")]
    assert config.objects["S"].networks == [net("10.0.0.0/16")]
    assert config.objects["S6"].networks == [net("2001:db8::/32")]
    assert config.objects["R"].networks == [
        net("10.0.0.1/32"),
        net("10.0.0.2/31"),
        net("10.0.0.4/31"),
        net("10.0.0.6/32"),
    ]
    assert (config.objects["F"].kind, config.objects["F"].networks) == ("fqdn", None)


def test_range_backwards_is_invalid():
    _config, findings = parse("object network R\n range 10.0.0.9 10.0.0.1\n")
    assert codes(findings) == ["INVALID_VALUE"]
    assert evidence(findings[0])["lines"][0]["line"] == 2


def test_object_group_members_and_nesting():
    text = "\n".join(
        [
            "object network A",
            " host 10.0.0.1",
            "object-group network INNER",
            " network-object object A",
            " network-object 10.2.0.0 255.255.0.0",
            "object-group network OUTER",
            " group-object INNER",
            " network-object host 10.3.0.1",
            " network-object 2001:db8:1::/48",
        ]
    )
    config, findings = parse(text)
    assert findings == []
    assert [(m.kind, m.value) for m in config.object_groups["OUTER"].members] == [
        ("group", "INNER"),
        ("network", "10.3.0.1"),
        ("network", "2001:db8:1::/48"),
    ]
    assert config.object_groups["INNER"].members[1].network == net("10.2.0.0/16")


def test_object_group_cycle_is_reported_once_per_closing_line():
    text = "\n".join(
        [
            "object-group network A",
            " group-object B",
            "object-group network B",
            " group-object C",
            "object-group network C",
            " group-object A",
            "object-group network SELF",
            " group-object SELF",
        ]
    )
    _config, findings = parse(text)
    assert codes(findings) == ["INVALID_VALUE", "INVALID_VALUE"]
    lines = sorted(evidence(f)["lines"][0]["line"] for f in findings)
    assert lines == [6, 8]


def test_undefined_group_object_is_reported():
    _config, findings = parse("object-group network A\n group-object MISSING\n")
    assert codes(findings) == ["UNDEFINED_REFERENCE"]
    assert evidence(findings[0])["kind"] == "object-group network"
    assert evidence(findings[0])["context"] == {"kind": "object-group", "name": "A"}


def test_acl_operands():
    text = "\n".join(
        [
            "interface Gi0/0",
            " nameif outside",
            " ip address 192.0.2.1 255.255.255.0",
            "object network O",
            " subnet 10.1.0.0 255.255.0.0",
            "object-group network G",
            " network-object host 10.2.0.1",
            "access-list A extended permit ip any 172.16.0.0 255.255.0.0",
            "access-list A extended permit ip any4 host 172.16.0.9",
            "access-list A extended permit ip object O object-group G",
            "access-list A extended permit tcp interface outside eq 500 host 192.0.2.9 eq 500",
            "access-list A extended deny udp 10.0.0.0 255.0.0.0 any6 range 1 10 log",
            "access-list A extended permit ip 2001:db8::/32 any6 inactive",
            "access-list A remark not an entry",
        ]
    )
    config, findings = parse(text)
    assert findings == []
    entries = config.access_lists["A"].entries
    shapes = [
        (e.action, e.protocol, e.source.kind, e.source.value, e.destination.kind, e.destination.value) for e in entries
    ]
    assert shapes == [
        ("permit", 0, "any", "any", "network", "172.16.0.0"),
        ("permit", 0, "any", "any4", "network", "172.16.0.9"),
        ("permit", 0, "object", "O", "group", "G"),
        ("permit", 6, "interface", "outside", "network", "192.0.2.9"),
        ("deny", 17, "network", "10.0.0.0", "any", "any6"),
        ("permit", 0, "network", "2001:db8::/32", "any", "any6"),
    ]
    assert entries[0].destination.network == net("172.16.0.0/16")
    assert entries[3].has_ports and entries[4].has_ports and not entries[0].has_ports
    assert entries[5].inactive


def test_acl_masked_address_and_undefined_names():
    text = "access-list A extended permit ip x.x.x.x 255.0.0.0 object-group NOPE\n"
    config, findings = parse(text)
    assert codes(findings) == ["INVALID_VALUE", "UNDEFINED_REFERENCE"]
    invalid = next(f for f in findings if f.code == "INVALID_VALUE")
    assert evidence(invalid)["value"] == "x.x.x.x"
    assert config.access_lists["A"].entries[0].source.kind == "invalid"


def test_names_resolve_in_operands_and_peers():
    text = "name 203.0.113.20 AZURE-GW\ncrypto map M 1 set peer AZURE-GW\naccess-list A extended permit ip host AZURE-GW any\n"
    config, findings = parse(text)
    assert findings == []
    assert config.crypto_maps["M"].entries[1].peer_addresses == ["203.0.113.20"]
    assert config.access_lists["A"].entries[0].source.network == net("203.0.113.20/32")


# ---------------------------------------------------------------------------
# NAT
# ---------------------------------------------------------------------------
def test_twice_nat_sections_and_destination():
    text = "\n".join(
        [
            "object network L",
            " subnet 10.0.0.0 255.0.0.0",
            "object network R",
            " subnet 172.16.0.0 255.255.0.0",
            "nat (inside,outside) source static L L destination static R R no-proxy-arp route-lookup",
            "nat (inside,outside) after-auto source dynamic any interface",
            "nat (inside,outside) 3 source dynamic L pat-pool POOL inactive",
            "object network POOL",
            " range 198.51.100.20 198.51.100.30",
        ]
    )
    config, findings = parse(text)
    assert findings == []
    rules = config.nat_rules
    assert [(r.index, r.section, r.kind, r.source_real, r.source_mapped) for r in rules] == [
        (0, "manual", "static", "L", "L"),
        (1, "after-auto", "dynamic", "any", "interface"),
        (2, "manual", "dynamic", "L", "pat-pool:POOL"),
    ]
    assert (rules[0].destination_mapped, rules[0].destination_real) == ("R", "R")
    assert rules[2].inactive and (rules[0].real_if, rules[0].mapped_if) == ("inside", "outside")


def test_nat_with_undefined_object_and_bad_interfaces():
    _config, findings = parse("nat (inside,outside) source static NOPE NOPE\nnat inside source static any any\n")
    assert codes(findings) == ["INVALID_VALUE", "UNDEFINED_REFERENCE"]
    undefined = next(f for f in findings if f.code == "UNDEFINED_REFERENCE")
    assert evidence(undefined)["name"] == "NOPE" and evidence(undefined)["lines"][0]["line"] == 1


def test_interface_references_checked_only_when_interfaces_are_defined():
    partial = "crypto map M interface INTERNET\ncrypto ikev2 enable INTERNET\n"
    assert parse(partial)[1] == []
    full = "interface Gi0/0\n nameif outside\n" + partial
    _config, findings = parse(full)
    assert codes(findings) == ["UNDEFINED_REFERENCE", "UNDEFINED_REFERENCE"]
    assert {evidence(f)["kind"] for f in findings} == {"interface nameif"}


# ---------------------------------------------------------------------------
# Crypto
# ---------------------------------------------------------------------------
def test_ipsec_proposal_several_values_and_unknown_keyword():
    text = "\n".join(
        [
            "crypto ipsec ikev2 ipsec-proposal P",
            " protocol esp encryption aes-256 aes-gmac-192 chacha20 null",
            " protocol esp integrity sha-512 sha-1 null",
        ]
    )
    config, findings = parse(text)
    assert config.ipsec_proposals["P"].encryption == ["aes-256", "aes-gmac-192", "null"]
    assert config.ipsec_proposals["P"].integrity == ["sha-512", "sha-1", "null"]
    assert codes(findings) == ["INVALID_VALUE"]
    assert evidence(findings[0])["value"] == "chacha20"
    assert evidence(findings[0])["lines"] == [
        {"line": 2, "text": "protocol esp encryption aes-256 aes-gmac-192 chacha20 null"}
    ]
    assert "aes-gcm-256" in evidence(findings[0])["expected"]


def test_ikev2_policy_values_and_out_of_range():
    text = "\n".join(
        [
            "crypto ikev2 policy 10",
            " encryption aes-gcm-256 aes-gcm",
            " integrity null",
            " group 20 19 7",
            " prf sha384 sha256",
            " lifetime seconds 10",
            "crypto ikev2 policy 20",
            " lifetime seconds none",
            "crypto ikev2 policy 0",
        ]
    )
    config, findings = parse(text)
    policy = config.ikev2_policies[10]
    assert (policy.encryption, policy.integrity, policy.groups, policy.prf) == (
        ["aes-gcm-256", "aes-gcm"],
        ["null"],
        [20, 19],
        ["sha384", "sha256"],
    )
    assert policy.lifetime_set is False  # unreadable lifetime falls back to the default
    assert config.ikev2_policies[20].lifetime_set and config.ikev2_policies[20].lifetime_seconds is None
    assert 0 not in config.ikev2_policies
    assert [evidence(f)["value"] for f in findings] == ["7", "10", "0"]


def test_ikev1_policy_transform_set_and_enable():
    text = "\n".join(
        [
            "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac",
            "crypto ipsec ikev1 transform-set TS mode transport",
            "crypto ipsec ikev1 transform-set OLD esp-3des esp-md5-hmac esp-bogus",
            "crypto ikev1 policy 5",
            " authentication pre-share",
            " encryption aes-256",
            " hash sha",
            " group 2",
            " lifetime 28800",
            "crypto ikev1 enable outside",
            "crypto isakmp policy 6",
            " encryption 3des",
            "crypto map M 1 set ikev1 transform-set TS OLD",
        ]
    )
    config, findings = parse(text)
    assert (config.transform_sets["TS"].encryption, config.transform_sets["TS"].integrity) == (
        ["esp-aes-256"],
        ["esp-sha-hmac"],
    )
    # transport mode is not modelled, so it is named (review A, 2026-12: the line was passed over in silence, though
    # Azure uses tunnel mode); the bad keyword is the only invalid value
    [invalid] = [f for f in findings if f.code == "INVALID_VALUE"]
    assert evidence(invalid)["value"] == "esp-bogus"
    [mode] = [f for f in findings if f.code == "UNSUPPORTED_CONSTRUCT"]
    assert mode.severity == "info" and "transport mode on transform-set TS" in mode.summary
    assert evidence(mode)["lines"] == [{"line": 2, "text": "crypto ipsec ikev1 transform-set TS mode transport"}]
    assert len(findings) == 2
    policy = config.ikev1_policies[5]
    assert (policy.authentication, policy.encryption, policy.integrity, policy.groups, policy.lifetime_seconds) == (
        "pre-share",
        ["aes-256"],
        ["sha"],
        [2],
        28800,
    )
    assert config.ikev1_policies[6].encryption == ["3des"]
    assert "outside" in config.ikev1_enabled
    assert config.crypto_maps["M"].entries[1].transform_sets == ["TS", "OLD"]


def test_lifetimes_unlimited_kilobytes_and_combined_line():
    text = "\n".join(
        [
            "crypto ipsec security-association lifetime kilobytes unlimited",
            "crypto map M 1 set security-association lifetime seconds 27000 kilobytes 102400000",
            "crypto map M 2 set security-association lifetime kilobytes unlimited",
            "crypto map M 3 set security-association lifetime seconds 5",
        ]
    )
    config, findings = parse(text)
    assert config.global_lifetime.kilobytes_unlimited and config.global_lifetime.kilobytes is None
    entries = config.crypto_maps["M"].entries
    assert (entries[1].lifetime.seconds, entries[1].lifetime.kilobytes) == (27000, 102400000)
    assert entries[2].lifetime.kilobytes_unlimited
    assert entries[3].lifetime.seconds is None
    assert codes(findings) == ["INVALID_VALUE"] and evidence(findings[0])["value"] == "5"


def test_set_pfs_with_and_without_group():
    text = "crypto map M 1 set pfs\ncrypto map M 2 set pfs group19\ncrypto map M 3 set pfs group99\n"
    config, findings = parse(text)
    entries = config.crypto_maps["M"].entries
    assert (entries[1].pfs_present, entries[1].pfs_group, entries[1].pfs_invalid) == (True, None, False)
    assert (entries[2].pfs_present, entries[2].pfs_group) == (True, 19)
    assert entries[3].pfs_invalid
    assert [evidence(f)["value"] for f in findings] == ["group99"]
    assert evidence(findings[0])["context"] == {"kind": "crypto-map", "name": "M", "seq": 3}


def test_crypto_map_misc_commands_and_dynamic_map():
    text = "\n".join(
        [
            "crypto dynamic-map DYN 10 set ikev2 ipsec-proposal P",
            "crypto map M 1 set peer 192.0.2.1 192.0.2.2",
            "crypto map M 1 set connection-type answer-only",
            "crypto map M 1 set connection-type sideways",
            "crypto map M 65535 ipsec-isakmp dynamic DYN",
            "crypto map M 70000 set peer 192.0.2.3",
            "crypto ipsec ikev2 ipsec-proposal P",
        ]
    )
    config, findings = parse(text)
    entry = config.crypto_maps["M"].entries[1]
    assert entry.peer_addresses == ["192.0.2.1", "192.0.2.2"]
    assert entry.connection_type == "answer-only"
    assert config.crypto_maps["M"].entries[65535].dynamic_map == "DYN"
    assert config.dynamic_maps["DYN"].entries[10].ikev2_proposals == ["P"]
    assert 70000 not in config.crypto_maps["M"].entries
    assert [evidence(f)["value"] for f in findings] == ["sideways", "70000"]


def test_undefined_acl_proposal_transform_set_and_group_policy():
    text = "\n".join(
        [
            "crypto map M 1 match address NOACL",
            "crypto map M 1 set ikev2 ipsec-proposal NOPROP",
            "crypto map M 1 set ikev1 transform-set NOTS",
            "tunnel-group 192.0.2.1 type ipsec-l2l",
            "tunnel-group 192.0.2.1 general-attributes",
            " default-group-policy NOGP",
            "tunnel-group 192.0.2.2 general-attributes",
            " default-group-policy DfltGrpPolicy",
        ]
    )
    _config, findings = parse(text)
    assert sorted((evidence(f)["kind"], evidence(f)["name"]) for f in findings) == [
        ("access-list", "NOACL"),
        ("group-policy", "NOGP"),
        ("ipsec-proposal", "NOPROP"),
        ("transform-set", "NOTS"),
    ]
    assert {f.code for f in findings} == {"UNDEFINED_REFERENCE"}
    assert all(f.remediation["asa"][0].startswith("! ") for f in findings)


# ---------------------------------------------------------------------------
# Tunnel-groups and keys
# ---------------------------------------------------------------------------
def test_clear_keys_are_reduced_to_digests_and_never_stored():
    secret = "Sup3r-Secret-Key"
    text = "\n".join(
        [
            "tunnel-group 192.0.2.1 type ipsec-l2l",
            "tunnel-group 192.0.2.1 ipsec-attributes",
            " ikev2 remote-authentication pre-shared-key %s" % secret,
            " ikev2 local-authentication pre-shared-key 0 %s" % secret,
            " ikev1 pre-shared-key 8 ENCRYPTEDBLOB",
            " isakmp keepalive threshold 30 retry 5",
            "crypto map M 1 set ikev2 pre-shared-key %s" % secret,
        ]
    )
    config, findings = parse(text, psk_digest=lambda key: "digest-of-%d-chars" % len(key))
    group = config.tunnel_groups["192.0.2.1"]
    assert (group.ikev2_remote_psk.state, group.ikev2_remote_psk.digest) == ("clear", "digest-of-16-chars")
    assert (group.ikev2_local_psk.state, group.ikev2_local_psk.digest) == ("clear", "digest-of-16-chars")
    assert (group.ikev1_psk.state, group.ikev1_psk.digest) == ("encrypted", None)
    assert group.ikev2_remote_line.text == "ikev2 remote-authentication pre-shared-key *****"
    assert group.ikev2_local_line.text == "ikev2 local-authentication pre-shared-key 0 *****"
    assert (group.keepalive.threshold, group.keepalive.retry) == (30, 5)
    assert findings == []
    assert secret not in repr(config) and "ENCRYPTEDBLOB" not in repr(config)


def test_clear_key_without_digest_callable_keeps_no_digest():
    config, _findings = parse("tunnel-group P ipsec-attributes\n ikev2 remote-authentication pre-shared-key abc\n")
    assert config.tunnel_groups["P"].ikev2_remote_psk.digest is None
    assert "abc" not in repr(config)


def test_keepalive_forms_and_certificate_auth():
    text = "\n".join(
        [
            "tunnel-group A ipsec-attributes",
            " isakmp keepalive disable",
            " ikev2 remote-authentication certificate",
            " ikev2 local-authentication certificate TP",
            "tunnel-group B ipsec-attributes",
            " isakmp keepalive threshold infinite",
            "tunnel-group C ipsec-attributes",
            " isakmp keepalive threshold 5 retry 50",
        ]
    )
    config, findings = parse(text)
    assert config.tunnel_groups["A"].keepalive.disabled
    assert config.tunnel_groups["A"].ikev2_remote_auth == "certificate"
    assert config.tunnel_groups["B"].keepalive.infinite
    assert [evidence(f)["value"] for f in findings] == ["5", "50"]


def test_group_policy_and_sysopt():
    text = (
        "group-policy GP internal\ngroup-policy GP attributes\n vpn-idle-timeout 30\n vpn-tunnel-protocol ikev1 ikev2\n"
        "sysopt connection tcpmss minimum 48\nsysopt connection tcpmss 1350\nsysopt connection tcpmss 20\n"
    )
    config, findings = parse(text)
    assert config.group_policies["GP"].kind == "internal"
    assert config.group_policies["GP"].tunnel_protocols == ["ikev1", "ikev2"]
    assert config.tcp_mss == 1350
    # 'tcpmss minimum 48' is named as information (848d2d8d), the MSS of 20 as a value the ASA refuses
    minimum, refused = sorted(findings, key=lambda f: f.code != "UNSUPPORTED_CONSTRUCT")
    assert (minimum.code, minimum.severity, [line["line"] for line in evidence(minimum)["lines"]]) == (
        "UNSUPPORTED_CONSTRUCT", "info", [5])
    assert evidence(refused)["value"] == "20"


# ---------------------------------------------------------------------------
# Damaged input
# ---------------------------------------------------------------------------
def test_truncated_config_parses_what_it_can():
    text = read("asa_running_config.txt")
    cut = text[: text.index(" prf sha256")]  # cut inside the ikev2 policy block
    config, findings = parse(cut)
    assert findings == []
    assert config.ikev2_policies[2].encryption == ["aes"] and config.ikev2_policies[2].prf == []
    assert config.crypto_maps["CRYPTO-MAP"].entries[2].peers == ["203.0.113.20"]
    config, findings = parse("access-list A extended permit ip host")
    assert codes(findings) == ["INVALID_VALUE"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "\x00\x01\x02",
        "crypto",
        "crypto map",
        "crypto map M",
        "crypto map M 1",
        "crypto map M 1 set",
        "tunnel-group",
        "nat",
        "nat (a,b)",
        "access-list",
        "access-list A extended",
        "object network",
        "object-group network G\n network-object",
        "interface\n nameif",
        "crypto ikev2 policy 1\n group",
        "crypto ipsec ikev2 ipsec-proposal P\n protocol esp encryption",
        "sysopt connection tcpmss",
        "\b\b\b<--- More --->\r\r",
        "name",
        "name 1.2.3.4",
    ],
)
def test_garbage_never_raises(text):
    config, findings = parse(text)
    assert config is not None and isinstance(findings, list)


def test_a_line_the_parser_fails_on_is_reported_and_skipped(monkeypatch):
    def broken(self, words, line, indent):
        raise RuntimeError("bug")

    monkeypatch.setitem(parser_module._Parser.TOP_LEVEL, "sysopt", broken)
    config, findings = parse("hostname a\nsysopt connection tcpmss 1350 secret\ntunnel-group P type ipsec-l2l\n")
    assert [(f.code, evidence(f)["line"], evidence(f)["lines"]) for f in findings] == [("INVALID_VALUE", 2, [])]
    assert "secret" not in repr(findings)
    assert config.tunnel_groups["P"].type == "ipsec-l2l" and config.tcp_mss is None
