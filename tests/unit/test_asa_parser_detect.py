# -*- coding: utf-8 -*-
"""Text that is not an ASA configuration fails with the reason instead of reading as 0 tunnels;
partial ASA pastes are still accepted."""

import os
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import (
    NotAsaConfig,
    parse_asa_config,
    parse_running_config,
)

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")

JUNOS_SET = """\
set version 21.4R3
set system host-name srx-edge
set interfaces ge-0/0/0 unit 0 family inet address 198.51.100.10/24
set interfaces st0 unit 1 family inet address 169.254.21.1/30
set security ike proposal AZ-IKE authentication-method pre-shared-keys
set security ike proposal AZ-IKE dh-group group14
set security ike policy AZ-POL proposals AZ-IKE
set security ike gateway AZ-GW address 203.0.113.20
set security ipsec vpn AZ-VPN bind-interface st0.1
"""

JUNOS_CURLY = """\
version 21.4R3;
system {
    host-name srx-edge;
}
interfaces {
    st0 {
        unit 1 {
            family inet {
                address 169.254.21.1/30;
            }
        }
    }
}
security {
    ike {
        gateway AZ-GW {
            address 203.0.113.20;
        }
    }
}
"""

IOS_XE = """\
Building configuration...

Current configuration : 4012 bytes
!
version 17.9
service timestamps debug datetime msec
hostname csr-edge
!
boot-start-marker
boot-end-marker
!
crypto ikev2 proposal AZ-PROPOSAL
 encryption aes-cbc-256
 integrity sha256
 group 14
!
crypto ikev2 keyring AZ-KEYRING
 peer 203.0.113.20
  address 203.0.113.20
  pre-shared-key not-the-key
!
interface Tunnel11
 ip address 169.254.21.1 255.255.255.252
 tunnel source GigabitEthernet1
 tunnel mode ipsec ipv4
 tunnel destination 203.0.113.20
 tunnel protection ipsec profile AZ-IPSEC
!
router bgp 65010
 neighbor 169.254.21.2 remote-as 65515
!
ip route 10.1.0.0 255.255.0.0 Tunnel11
!
line vty 0 4
 login local
!
end
"""


def read_seed():
    with open(os.path.join(SEED, "asa_running_config.txt")) as handle:
        return handle.read()


def random_bytes_as_module_reads_them(size=4096, seed=9):
    """What asa_vpn_facts makes of a binary file: bytes decoded with surrogateescape."""
    data = random.Random(seed).randbytes(size)
    return data.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "it is empty"),
        ("  \n\r\n\t\n", "it is empty"),
        ("!\n!\n", "no configuration command"),
        (JUNOS_SET, "Junos 'set' commands"),
        (JUNOS_CURLY, "curly-brace"),
        (IOS_XE, "Cisco IOS / IOS-XE"),
        ("hello\x00world\x00" * 20, "binary"),
        ("Dear team,\nplease find the firewall config attached.\nRegards\n", "does not look like an ASA"),
    ],
    ids=["empty", "blank", "comments", "junos-set", "junos-curly", "ios-xe", "nul", "prose"],
)
def test_text_that_is_no_asa_config_raises_with_the_reason(text, reason):
    with pytest.raises(NotAsaConfig) as raised:
        parse_asa_config(text)
    assert reason in str(raised.value) and str(raised.value).startswith("not an ASA configuration: ")
    with pytest.raises(ValueError):  # callers that only know ValueError still stop
        asa_facts_from_text(text)


def test_random_bytes_are_reported_as_binary():
    with pytest.raises(NotAsaConfig, match="binary data"):
        asa_facts_from_text(random_bytes_as_module_reads_them())


def test_the_reason_never_repeats_a_line_of_the_text():
    # a Junos line may hold a secret; the message names the line number and first word only
    text = 'set system root-authentication encrypted-password "$6$not-a-real-hash"\n' * 3
    with pytest.raises(NotAsaConfig) as raised:
        parse_asa_config(text)
    assert "encrypted-password" not in str(raised.value) and "line 1 starts with 'set'" in str(raised.value)


def test_parse_running_config_itself_never_raises_on_such_text():
    for text in ("", JUNOS_SET, IOS_XE, random_bytes_as_module_reads_them(512)):
        config, findings = parse_running_config(text)
        assert config.crypto_maps == {} and isinstance(findings, list)


@pytest.mark.parametrize(
    "text",
    [
        # pastes of only the crypto lines of an ASA, as users post them
        "crypto map OUT 10 match address VPN\ncrypto map OUT 10 set peer 203.0.113.20\n"
        "crypto map OUT 10 set ikev2 ipsec-proposal P\n",
        "crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 14\n",
        "tunnel-group 203.0.113.20 type ipsec-l2l\ntunnel-group 203.0.113.20 ipsec-attributes\n"
        " ikev2 remote-authentication pre-shared-key *****\n",
        "interface Tunnel1\n nameif azure\n tunnel destination 203.0.113.20\n",
        # an ASA config with a line or two from elsewhere is still an ASA config
        "hostname fw\nroute outside 0.0.0.0 0.0.0.0 198.51.100.1\nsome stray words\n",
        # the header alone decides, whatever follows
        "ASA Version 9.18(3)56\nset something odd\nset something else\nset more\n",
    ],
    ids=["crypto-map", "ikev2-policy", "tunnel-group", "vti", "stray-line", "version-header"],
)
def test_partial_asa_pastes_are_accepted(text):
    config, _findings = parse_asa_config(text)
    assert config is not None


def test_seed_config_and_its_terminal_capture_are_accepted():
    text = read_seed()
    assert parse_asa_config(text)[1] == []
    capture = "\r\n".join(text.splitlines()).replace("hostname", "<--- More --->\b\b\b\b\b\b\b\b\b\b\b\b\b\bhostname")
    assert parse_asa_config(capture)[0].hostname == "gateway"


def test_an_asa_config_that_mentions_ios_forms_is_still_asa():
    # "ip route" is not ASA syntax, but nat/route/tunnel-group are ASA-only: the text is an ASA's
    text = "nat (inside,outside) source static A A\nroute outside 0.0.0.0 0.0.0.0 198.51.100.1\nip route 1.1.1.0 255.255.255.0 2.2.2.2\n"
    parse_asa_config(text)


def test_the_version_becomes_a_fact():
    facts = asa_facts_from_text(read_seed())
    assert facts["version"] == "9.8(2)"
    facts = asa_facts_from_text("crypto ikev2 policy 10\n encryption aes-256\n")
    assert facts["version"] is None


def test_a_config_saved_as_utf16_gets_a_hint_and_a_utf8_bom_is_ignored():
    text = read_seed()
    utf16 = text.encode("utf-16").decode("utf-8", "surrogateescape")  # what the module reads from such a file
    with pytest.raises(NotAsaConfig, match="UTF-16"):
        parse_asa_config(utf16)
    # the seed with its "hostname" line first, behind a UTF-8 byte order mark
    config, findings = parse_asa_config("\ufeffhostname bom-fw\n" + text.split("\n", 5)[5])
    assert config.hostname == "bom-fw" and findings == []
