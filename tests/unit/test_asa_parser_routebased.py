# -*- coding: utf-8 -*-
"""ASA parser, route-based sections: VTI, ipsec profile, static routes, prefix-lists, route-maps,
router bgp, ASA Version. Configs in the shape of the public route-based ASA samples (Cisco
document 214109 "ASA IPsec VTI connection to Azure", yinghli/azure-vpn-asa), own values."""

import ipaddress

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import parser as parser_module
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config

VTI_BGP = """\
: Saved
:
: Hardware:   ASAv, 8192 MB RAM, CPU Xeon 4100/6100/8100 series 2200 MHz, 1 CPU (4 cores)
:
ASA Version 9.18(3)56
!
hostname edge-fw
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.0
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.20.0.1 255.255.0.0
!
interface Tunnel1
 nameif azure-a
 ip address 169.254.21.1 255.255.255.252
 tunnel source interface outside
 tunnel destination 203.0.113.20
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROFILE
!
interface Tunnel2
 nameif azure-b
 ip address 169.254.22.1 255.255.255.252
 tunnel source interface outside
 tunnel destination 203.0.113.21
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROFILE
 shutdown
!
route outside 0.0.0.0 0.0.0.0 198.51.100.1 1
route azure-a 169.254.21.2 255.255.255.255 169.254.21.2 1
route azure-b 169.254.22.2 255.255.255.255 169.254.22.2
crypto ipsec ikev2 ipsec-proposal AZ-PROP
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto ipsec profile AZ-PROFILE
 set ikev2 ipsec-proposal AZ-PROP
 set pfs group14
 set security-association lifetime kilobytes 102400000
 set security-association lifetime seconds 27000
 responder-only
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
crypto ikev2 enable outside
prefix-list ON-PREM seq 5 permit 10.20.0.0/16
prefix-list ON-PREM seq 10 deny 0.0.0.0/0 le 32
prefix-list FROM-AZ seq 5 permit 10.1.0.0/16 ge 17 le 24
route-map TO-AZ permit 10
 match ip address prefix-list ON-PREM
route-map TO-AZ deny 20
router bgp 65010
 bgp log-neighbor-changes
 bgp router-id 169.254.21.1
 address-family ipv4 unicast
  neighbor 169.254.21.2 remote-as 65515
  neighbor 169.254.21.2 ebgp-multihop 2
  neighbor 169.254.21.2 activate
  neighbor 169.254.21.2 route-map TO-AZ out
  neighbor 169.254.21.2 prefix-list FROM-AZ in
  neighbor 169.254.22.2 remote-as 65515
  neighbor 169.254.22.2 ebgp-multihop
  neighbor 169.254.22.2 activate
  neighbor 169.254.22.2 shutdown
  network 10.20.0.0 mask 255.255.0.0
  network 192.168.7.0
  network 10.30.0.0 mask 255.255.0.0 route-map TO-AZ
  no auto-summary
  no synchronization
 exit-address-family
!
tunnel-group 203.0.113.20 type ipsec-l2l
tunnel-group 203.0.113.20 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
: end
"""


def parse(text):
    return parse_running_config(text)


def net(text):
    return ipaddress.ip_network(text)


def flatten(text):
    return "\n".join(line.strip() for line in text.splitlines())


def lines_of(records):
    return [(l.line, l.text) for l in records]


# ---------------------------------------------------------------------------
# The whole sample, as printed / flattened / CRLF: same records, no findings
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("shape", ["printed", "flattened", "crlf"])
def test_route_based_sample_parses_in_every_shape_without_findings(shape):
    text = {"printed": VTI_BGP, "flattened": flatten(VTI_BGP), "crlf": VTI_BGP.replace("\n", "\r\n")}[shape]
    config, findings = parse(text)
    assert findings == []
    assert config.version == "9.18(3)56" and config.version_line.line == 5
    tunnel1 = config.interfaces["Tunnel1"]
    assert (tunnel1.nameif, tunnel1.address, tunnel1.mask, tunnel1.shutdown) == (
        "azure-a", "169.254.21.1", "255.255.255.252", False)
    settings = tunnel1.tunnel
    assert (settings.source_interface, settings.destination, settings.destination_address, settings.mode,
            settings.profile) == ("outside", "203.0.113.20", "203.0.113.20", "ipsec ipv4", "AZ-PROFILE")
    assert [l.text for l in settings.lines] == [
        "tunnel source interface outside", "tunnel destination 203.0.113.20", "tunnel mode ipsec ipv4",
        "tunnel protection ipsec profile AZ-PROFILE"]
    assert config.interfaces["Tunnel2"].shutdown is True
    # a physical interface is not a tunnel
    assert config.interfaces["GigabitEthernet0/0"].tunnel is None
    bgp = config.bgp
    assert (bgp.asn, bgp.router_id) == (65010, "169.254.21.1")
    assert sorted(bgp.neighbors) == ["169.254.21.2", "169.254.22.2"]


def test_ipsec_profile_records_every_setting_with_its_line():
    config, _findings = parse(VTI_BGP)
    profile = config.ipsec_profiles["AZ-PROFILE"]
    assert profile.ikev2_proposals == ["AZ-PROP"] and profile.transform_sets == []
    assert (profile.pfs_present, profile.pfs_group, profile.pfs_invalid) == (True, 14, False)
    assert (profile.lifetime.seconds, profile.lifetime.kilobytes) == (27000, 102400000)
    assert profile.responder_only is True and profile.responder_only_line.text == "responder-only"
    assert profile.pfs_line.text == "set pfs group14"
    assert profile.lines[0].text == "crypto ipsec profile AZ-PROFILE" and len(profile.lines) == 6


def test_ipsec_profile_ikev1_transform_set_and_pfs_without_group():
    text = (
        "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac\n"
        "crypto ipsec profile P1\n set ikev1 transform-set TS\n set pfs\n"
        " set security-association lifetime kilobytes unlimited\n"
    )
    config, findings = parse(text)
    profile = config.ipsec_profiles["P1"]
    assert findings == []
    assert profile.transform_sets == ["TS"] and profile.pfs_present and profile.pfs_group is None
    assert profile.lifetime.kilobytes_unlimited and profile.responder_only is False


def test_static_routes_keep_nameif_network_gateway_and_distance():
    config, _findings = parse(VTI_BGP)
    assert [(r.interface, r.network, r.gateway, r.metric, r.line.line) for r in config.routes] == [
        ("outside", net("0.0.0.0/0"), "198.51.100.1", 1, 36),
        ("azure-a", net("169.254.21.2/32"), "169.254.21.2", 1, 37),
        ("azure-b", net("169.254.22.2/32"), "169.254.22.2", 1, 38),  # distance omitted: 1
    ]


def test_bgp_neighbors_networks_and_filters():
    config, _findings = parse(VTI_BGP)
    first, second = config.bgp.neighbors["169.254.21.2"], config.bgp.neighbors["169.254.22.2"]
    assert (first.remote_as, first.ebgp_multihop, first.activated, first.shutdown) == (65515, 2, True, False)
    assert (first.route_map_out, first.prefix_list_in, first.route_map_in, first.prefix_list_out) == (
        "TO-AZ", "FROM-AZ", None, None)
    assert [l.line for l in first.lines] == [64, 65, 66, 67, 68]
    # "ebgp-multihop" without a TTL means 255
    assert (second.ebgp_multihop, second.activated, second.shutdown) == (255, True, True)
    assert [(n, rm) for n, rm, _line in config.bgp.networks] == [
        (net("10.20.0.0/16"), None),
        (net("192.168.7.0/24"), None),  # no mask: the class C length, as the ASA advertises it
        (net("10.30.0.0/16"), "TO-AZ"),
    ]


def test_neighbor_at_router_level_and_activate_in_the_address_family():
    text = (
        "router bgp 64512\n neighbor 169.254.21.2 remote-as 65515\n address-family ipv4\n"
        "  neighbor 169.254.21.2 activate\n exit-address-family\n"
    )
    config, findings = parse(text)
    neighbor = config.bgp.neighbors["169.254.21.2"]
    assert findings == [] and (neighbor.remote_as, neighbor.activated) == (65515, True)


def test_asdot_asn_and_invalid_asn():
    config, findings = parse("router bgp 1.10\n address-family ipv4 unicast\n  neighbor 10.0.0.1 remote-as 4294967296\n")
    assert config.bgp.asn == 65546
    assert [f.evidence["asa"]["value"] for f in findings] == ["4294967296"]
    assert config.bgp.neighbors["10.0.0.1"].remote_as is None


def test_prefix_lists_and_route_maps():
    config, _findings = parse(VTI_BGP)
    assert [(e.seq, e.action, e.prefix, e.ge, e.le) for e in config.prefix_lists["ON-PREM"]] == [
        (5, "permit", net("10.20.0.0/16"), None, None),
        (10, "deny", net("0.0.0.0/0"), None, 32),
    ]
    assert [(e.ge, e.le) for e in config.prefix_lists["FROM-AZ"]] == [(17, 24)]
    entries = config.route_maps["TO-AZ"]
    assert [(e.seq, e.action, e.match_prefix_lists) for e in entries] == [(10, "permit", ["ON-PREM"]), (20, "deny", [])]


def test_prefix_list_without_seq_numbers_by_fives_and_bad_bounds_are_reported():
    text = (
        "prefix-list A permit 10.0.0.0/8\nprefix-list A permit 172.16.0.0/12 le 24\n"
        "prefix-list A description not an entry\n"
        "prefix-list B seq 5 permit 10.0.0.0/16 ge 8\nprefix-list B seq 10 permit 10.0.0.0/16 ge 24 le 20\n"
        "prefix-list B seq 15 permit 10.0.0.0 255.0.0.0\n"
    )
    config, findings = parse(text)
    assert [e.seq for e in config.prefix_lists["A"]] == [5, 10]
    assert config.prefix_lists["B"] == []
    assert [(f.code, f.evidence["asa"]["lines"][0]["line"]) for f in findings] == [
        ("INVALID_VALUE", 4), ("INVALID_VALUE", 5), ("INVALID_VALUE", 6)]


def test_vti_settings_that_cannot_be_read_are_findings():
    text = (
        "interface GigabitEthernet0/0\n nameif outside\n ip address 198.51.100.10 255.255.255.0\n"
        "interface Tunnel5\n nameif t5\n tunnel source interface outsde\n tunnel destination 51.a.b.c\n"
        " tunnel mode ipsec ipv5\n tunnel protection ipsec profile NOPE\n"
    )
    config, findings = parse(text)
    tunnel = config.interfaces["Tunnel5"].tunnel
    assert tunnel.destination == "51.a.b.c" and tunnel.destination_address is None and tunnel.mode is None
    assert sorted((f.code, f.evidence["asa"]["lines"][0]["line"]) for f in findings) == [
        ("INVALID_VALUE", 7), ("INVALID_VALUE", 8), ("UNDEFINED_REFERENCE", 6), ("UNDEFINED_REFERENCE", 9)]
    assert all(f.evidence["asa"]["context"] == {"kind": "interface", "name": "t5"} for f in findings)


@pytest.mark.parametrize(
    "text, kind, name",
    [
        ("crypto ipsec profile P\n set ikev2 ipsec-proposal MISSING\n", "ipsec-proposal", "MISSING"),
        ("crypto ipsec profile P\n set ikev1 transform-set MISSING\n", "transform-set", "MISSING"),
        ("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 route-map MISSING in\n",
         "route-map", "MISSING"),
        ("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 prefix-list MISSING out\n",
         "prefix-list", "MISSING"),
        ("router bgp 65010\n address-family ipv4 unicast\n  network 10.0.0.0 mask 255.0.0.0 route-map MISSING\n",
         "route-map", "MISSING"),
        ("route-map RM permit 10\n match ip address prefix-list MISSING\n", "prefix-list", "MISSING"),
    ],
)
def test_names_that_must_exist_are_checked(text, kind, name):
    _config, findings = parse(text)
    assert [(f.code, f.severity, f.evidence["asa"]["kind"], f.evidence["asa"]["name"]) for f in findings] == [
        ("UNDEFINED_REFERENCE", "error", kind, name)]


def test_bgp_findings_carry_the_adapter_dependency_key():
    _config, findings = parse("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 route-map X in\n")
    assert findings[0].evidence["asa"]["context"] == {"kind": "router-bgp", "name": "65010", "neighbor": "10.0.0.1"}


def test_bgp_password_never_reaches_the_findings():
    config, findings = parse("router bgp 65010\n address-family ipv4 unicast\n  neighbor 10.0.0.1 password s3cr3t!\n")
    assert "s3cr3t" not in repr(findings) and "s3cr3t" not in repr(config)
    assert findings[0].evidence["asa"]["lines"][0]["text"] == "neighbor 10.0.0.1 password *****"


def test_version_line_with_context_marker_and_unreadable_version():
    config, findings = parse("ASA Version 9.16(4)27 <context>\nhostname a\n")
    assert config.version == "9.16(4)27" and findings == []
    config, findings = parse("ASA Version unknown\n")
    assert config.version is None and findings[0].code == "INVALID_VALUE"


def test_version_line_closes_a_block_in_a_flattened_paste():
    config, _findings = parse("crypto ipsec profile P\nset pfs group14\nASA Version 9.20(1)\nresponder-only\n")
    assert config.version == "9.20(1)"
    assert config.ipsec_profiles["P"].responder_only is False  # "responder-only" came after the block closed


def test_one_dispatch_table_keyed_by_first_words():
    table = parser_module._Parser.TOP_LEVEL
    for words in (("interface",), ("route",), ("prefix-list",), ("route-map",), ("crypto", "map"),
                  ("crypto", "ipsec"), ("router", "bgp"), ("ASA", "Version"), ("ipv6", "route")):
        entry = table[words[0]]
        assert callable(entry if len(words) == 1 else entry[words[1]])


@pytest.mark.parametrize(
    "text",
    [
        "ASA Version", "ASA Version x", "router", "router bgp", "router bgp x\n neighbor\n network\n address-family",
        "router bgp 1\n neighbor 1.1.1.1\n neighbor 1.1.1.1 route-map\n network 1.1.1.1 mask",
        "router bgp 1\n network 240.0.0.0\n neighbor 1.1.1.1 ebgp-multihop 999",
        "interface Tunnel1\n tunnel\n tunnel destination\n tunnel mode\n tunnel protection ipsec profile",
        "crypto ipsec profile", "crypto ipsec profile P\n set\n set pfs group99\n set security-association lifetime",
        "route", "route a b c d", "ipv6 route", "ipv6 route a", "prefix-list", "prefix-list A", "prefix-list A seq",
        "prefix-list A seq 5 permit 10.0.0.0/8 ge", "route-map", "route-map A", "route-map A permit x\n match",
        "router ospf", "router rip\n network 10.0.0.0",
    ],
)
def test_garbage_in_the_new_sections_never_raises_nor_goes_unreported(text):
    config, findings = parse(text)
    assert config is not None
    assert not [f for f in findings if "could not be read" in f.summary]  # no line broke the parser
