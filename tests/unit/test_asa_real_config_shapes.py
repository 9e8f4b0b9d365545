# -*- coding: utf-8 -*-
"""Shapes of real ``show running-config`` output that were read wrongly or dropped without a word (review s40):
each is read as the ASA reads it, or named as a finding on its line."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from scenario_builders import asa_config, vti_config

# A dual-ISP head end: the same crypto map bound to the primary and the backup outside interface, IKEv2 on both
# (the shape of https://integrate.uk.com/asa-dual-isp-backup-vpn, in our own names and addresses)
BACKUP_ISP = """interface GigabitEthernet0/2
 nameif BACKUP
 security-level 0
 ip address 192.0.2.10 255.255.255.248
!
crypto ikev2 enable BACKUP
crypto map AZ-MAP interface BACKUP"""


def _lines(finding):
    return [line["line"] for line in finding["evidence"]["asa"]["lines"]]


def test_a_crypto_map_on_two_interfaces_keeps_the_first_and_names_the_second():
    """The second binding replaced the first without a word: the tunnel was read as leaving the backup interface,
    with its address as the local address."""
    text = asa_config(extra=BACKUP_ISP)
    facts = asa_facts_from_text(text)
    assert len(facts["tunnels"]) == 1
    end = facts["tunnels"][0]
    assert end["ref"]["interface"] == "INTERNET" and end["local_address"] == "198.51.100.10"
    named = [f for f in facts["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT" and "bound to 2 interfaces" in
             f["summary"]]
    assert len(named) == 1 and named[0]["severity"] == "warning"
    lines = text.splitlines()
    assert _lines(named[0]) == [lines.index("crypto map AZ-MAP interface INTERNET") + 1,
                                lines.index("crypto map AZ-MAP interface BACKUP") + 1]
    assert "INTERNET, BACKUP" in named[0]["summary"]
    assert not [f for f in facts["findings"] if f["code"] == "IKEV2_NOT_ENABLED"]


def test_the_same_binding_printed_twice_is_no_finding():
    facts = asa_facts_from_text(asa_config(extra="crypto map AZ-MAP interface INTERNET"))
    assert not [f for f in facts["findings"] if "interfaces (" in f["summary"]]
    assert facts["tunnels"][0]["ref"]["interface"] == "INTERNET"


def test_an_object_group_line_not_read_is_named_and_leaves_the_selectors_unchecked():
    """A member in a form object-group network does not take ('range', which only 'object network' takes) was
    passed over: the group read short, and the crypto ACL line naming it gave no selector, without a word."""
    text = asa_config(acl_extra="object-group network AZ-MORE\n network-object 172.18.0.0 255.255.0.0\n"
                                " range 172.19.0.1 172.19.0.9\n description more VNets\n"
                                "access-list AZ-ACL extended permit ip object HQ-LAN object-group AZ-MORE")
    facts = asa_facts_from_text(text)
    (invalid,) = [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]
    assert _lines(invalid) == [text.splitlines().index(" range 172.19.0.1 172.19.0.9") + 1]
    assert "object-group network" in invalid["summary"]
    # not read short: the tunnel's selectors are not judged at all
    assert facts["tunnels"][0]["traffic_selectors"] is None


def test_an_object_line_not_read_is_named():
    text = asa_config(acl_extra="object network AZ-MORE\n ip address 172.18.0.0 255.255.0.0\n subnet 172.18.0.0 "
                                "255.255.0.0\n description more VNets\n"
                                "access-list AZ-ACL extended permit ip object HQ-LAN object AZ-MORE")
    facts = asa_facts_from_text(text)
    (invalid,) = [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]
    assert _lines(invalid) == [text.splitlines().index(" ip address 172.18.0.0 255.255.0.0") + 1]
    assert "object network" in invalid["summary"]


def test_site_to_site_tunnel_group_lines_not_read_are_named_once():
    """'peer-id-validate nocheck' and 'chain' under a site-to-site group's ipsec-attributes were passed over without
    a word; a line that is none of its sub-commands (the rest of a line cut in two) is named by number only."""
    text = asa_config(auth="ikev2 remote-authentication pre-shared-key *****\n ikev2 local-authentication "
                           "pre-shared-key *****\n peer-id-validate nocheck\n chain\n Zq7rest")
    facts = asa_facts_from_text(text)
    named = [f for f in facts["findings"] if "ipsec-attributes" in f["summary"]]
    assert len(named) == 1 and named[0]["severity"] == "info" and named[0]["code"] == "UNSUPPORTED_CONSTRUCT"
    lines = text.splitlines()
    assert _lines(named[0]) == [lines.index(" peer-id-validate nocheck") + 1, lines.index(" chain") + 1,
                                lines.index(" Zq7rest") + 1]
    assert "'peer-id-validate nocheck'" in named[0]["summary"] and "Zq7rest" not in str(named[0])
    assert facts["tunnels"][0]["auth"]["method"] == "psk"


def test_a_remote_access_group_lines_are_not_named():
    facts = asa_facts_from_text(asa_config(extra="tunnel-group RA type remote-access\ntunnel-group RA ipsec-attributes\n"
                                                 " peer-id-validate req\n isakmp ikev1-user-authentication none"))
    assert not [f for f in facts["findings"] if "ipsec-attributes" in f["summary"]]


# An IPv6 site-to-site tunnel in the shape of Cisco's "Configure IKEv2 IPv6 Site-to-Site Tunnel between ASA and FTD"
# (document 215522): the outside interface has an IPv6 address, the crypto map peer and tunnel-group are IPv6
# addresses (our own documentation addresses; here the interface keeps its IPv4 address too, and a standby unit)
V4_LINE = " ip address 198.51.100.10 255.255.255.248"
V6_PEER = "2001:db8:20::20"


def _ipv6_site(v6_lines, keep_v4=True, **changes):
    text = asa_config(peer=V6_PEER, local_net="2001:db8:a::/48", remote_net="2001:db8:b::/48", **changes)
    return text.replace(V4_LINE, (V4_LINE + "\n" if keep_v4 else "") + v6_lines +
                        "\n ipv6 enable\n!\nipv6 route INTERNET ::/0 2001:db8:100::1")


def test_an_ipv6_peer_takes_the_interface_ipv6_address_as_local_address():
    """The IPv6 peer was given the interface's IPv4 address as local address: Azure's local network gateway naming
    the IPv6 one was called a mismatch, and the IPv4 one passed."""
    facts = asa_facts_from_text(_ipv6_site(" ipv6 address 2001:db8:100::10/64 standby 2001:db8:100::11"))
    assert len(facts["tunnels"]) == 1
    end = facts["tunnels"][0]
    assert end["peer_address"] == V6_PEER
    assert end["local_address"] == "2001:db8:100::10" and "local_address" not in end.get("unknowns", ())
    assert {"2001:db8:100::10", "2001:db8:100::11"} <= set(facts["interface_addresses"])


def test_an_ipv6_peer_on_an_interface_without_ipv6_address_has_no_local_address():
    facts = asa_facts_from_text(asa_config(peer=V6_PEER))
    assert len(facts["tunnels"]) == 1
    end = facts["tunnels"][0]
    assert end["local_address"] is None and "local_address" in end["unknowns"]
    (named,) = [f for f in facts["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert "no IPv6 address" in named["summary"] and end["name"] in named["scope"]


def test_an_ipv6_address_the_text_does_not_state_leaves_the_local_address_unknown():
    text = _ipv6_site(" ipv6 address 2001:db8:100::/64 eui-64", keep_v4=False)
    facts = asa_facts_from_text(text)
    assert len(facts["tunnels"]) == 1
    end = facts["tunnels"][0]
    assert end["local_address"] is None and "local_address" in end["unknowns"]
    (named,) = [f for f in facts["findings"] if "eui-64" in f["summary"] and f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert named["severity"] == "warning" and end["name"] in named["scope"]
    assert _lines(named) == [text.splitlines().index(" ipv6 address 2001:db8:100::/64 eui-64") + 1]
    # an IPv6-only interface is no interface without an address for an IPv6 peer
    assert not [f for f in facts["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]


def test_an_ipv4_peer_keeps_the_ipv4_address_of_a_dual_stack_interface():
    facts = asa_facts_from_text(asa_config().replace(V4_LINE, V4_LINE + "\n ipv6 address 2001:db8:100::10/64"))
    assert facts["tunnels"][0]["local_address"] == "198.51.100.10"


def test_an_ipv6_vti_destination_takes_the_source_interface_ipv6_address():
    text = vti_config().replace(" tunnel destination 203.0.113.20", " tunnel destination %s" % V6_PEER).replace(
        " tunnel mode ipsec ipv4", " tunnel mode ipsec ipv6").replace(
        V4_LINE, V4_LINE + "\n ipv6 address 2001:db8:100::10/64")
    tunnels = asa_facts_from_text(text)["tunnels"]
    assert len(tunnels) == 1
    end = tunnels[0]
    assert end["peer_address"] == V6_PEER and end["local_address"] == "2001:db8:100::10"


def test_site_to_site_general_attributes_lines_not_read_are_named_once():
    """'accounting-server-group' (which the LAN-to-LAN general-attributes take besides default-group-policy) and a
    line cut in two were passed over without a word."""
    text = asa_config(extra="tunnel-group 203.0.113.20 general-attributes\n accounting-server-group AAA-ACCT\n"
                            " authorization-server-group AAA-AUTH\n Zq7rest")
    facts = asa_facts_from_text(text)
    named = [f for f in facts["findings"] if "general-attributes" in f["summary"]]
    assert len(named) == 1 and named[0]["severity"] == "info" and named[0]["code"] == "UNSUPPORTED_CONSTRUCT"
    lines = text.splitlines()
    assert _lines(named[0]) == [lines.index(" accounting-server-group AAA-ACCT") + 1,
                                lines.index(" authorization-server-group AAA-AUTH") + 1, lines.index(" Zq7rest") + 1]
    assert "'accounting-server-group AAA-ACCT'" in named[0]["summary"] and "Zq7rest" not in str(named[0])
    # the line it reads is read, and named nowhere
    assert facts["tunnels"][0]["ref"]["group_policy"] == "AZ-GP"


def test_a_remote_access_group_general_attributes_are_not_named():
    facts = asa_facts_from_text(asa_config(extra="tunnel-group RA general-attributes\n address-pool RA-POOL\n"
                                                 " authentication-server-group AAA-AUTH\ntunnel-group RA type "
                                                 "remote-access"))
    assert not [f for f in facts["findings"] if "general-attributes" in f["summary"]]


# A remote access (AnyConnect IKEv2) connection profile beside the site-to-site tunnel: its clients authenticate by
# EAP (Cisco ASA VPN configuration guide, "AnyConnect VPN Client Connections"; our own names)
RA_EAP = ("tunnel-group RA-IKEV2 type remote-access\ntunnel-group RA-IKEV2 general-attributes\n address-pool RA-POOL\n"
          "tunnel-group RA-IKEV2 ipsec-attributes\n ikev2 remote-authentication eap query-identity\n"
          " ikev2 local-authentication certificate RA-TP")


@pytest.mark.parametrize("extra", [RA_EAP, "\n".join(RA_EAP.splitlines()[1:] + RA_EAP.splitlines()[:1])], ids=range(2))
def test_eap_under_a_remote_access_group_is_no_invalid_value(extra):
    """'ikev2 remote-authentication eap' is how remote access clients authenticate: it was an INVALID_VALUE, a false
    alarm about a group no site-to-site tunnel uses (whether its type line comes first or last)."""
    facts = asa_facts_from_text(asa_config(extra=extra))
    assert not [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]
    assert facts["tunnels"][0]["auth"]["method"] == "psk"


def test_eap_under_a_site_to_site_group_is_still_named():
    text = asa_config(auth="ikev2 remote-authentication eap query-identity\n ikev2 local-authentication "
                           "pre-shared-key *****")
    facts = asa_facts_from_text(text)
    (invalid,) = [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]
    assert _lines(invalid) == [text.splitlines().index(" ikev2 remote-authentication eap query-identity") + 1]
