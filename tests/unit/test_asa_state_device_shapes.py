# -*- coding: utf-8 -*-
"""The live-state parsers on the shapes ASA 9.8-9.20 prints (fixtures in the layout of public device output,
ntc-templates tests/cisco_asa and Cisco's VTI and IKEv2 guides, with our own documentation values): a VTI
child SA, IKEv1 session-db sections, NAT-T IPsec counts, one-line Encryption/Hashing pairs, IPv6 peers and
selectors, several IKE and Child SAs in one session."""

import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import state
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import add_state, asa_facts_from_text

HERE = os.path.dirname(os.path.abspath(__file__))
VTI_CONFIG = os.path.join(HERE, "..", "..", "examples", "route-based-vti-bgp", "asa_running_config.txt")

# `show crypto ipsec sa` of a VTI (ASA 9.8+): the interface is the VTI's nameif, the crypto map an internal
# "__vti-crypto-map-<n>-0-<m>" at seq 65280 that no config line names.
VTI_IPSEC = """\
interface: vti-azure
    Crypto map tag: __vti-crypto-map-3-0-1, seq num: 65280, local addr: 198.51.100.34

      Protected vrf (ivrf): Global
      local ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)
      remote ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)
      current_peer: 203.0.113.70

      #pkts encaps: {enc}, #pkts encrypt: {enc}, #pkts digest: {enc}
      #pkts decaps: {dec}, #pkts decrypt: {dec}, #pkts verify: {dec}
      #pkts compressed: 0, #pkts decompressed: 0
      #send errors: 0, #recv errors: 0

      local crypto endpt.: 198.51.100.34/500, remote crypto endpt.: 203.0.113.70/500
      path mtu 1500, ipsec overhead 55(36), media mtu 1500
      current outbound spi: 4C0FFEE1
      current inbound spi : 9ABCDEF2

    inbound esp sas:
      spi: 0x9ABCDEF2 (2596069106)
         SA State: active
         transform: esp-aes-gcm-256 esp-null-hmac no compression
         in use settings ={L2L, Tunnel, PFS Group 14, IKEv2, VTI, }
         slot: 0, conn_id: 412, crypto-map: __vti-crypto-map-3-0-1
         sa timing: remaining key lifetime (kB/sec): (4331517/26755)
    outbound esp sas:
      spi: 0x4C0FFEE1 (1276116705)
         SA State: active
         transform: esp-aes-gcm-256 esp-null-hmac no compression
         in use settings ={L2L, Tunnel, PFS Group 14, IKEv2, VTI, }
         slot: 0, conn_id: 412, crypto-map: __vti-crypto-map-3-0-1
         sa timing: remaining key lifetime (kB/sec): (4193277/26755)
"""


def _vti_sample(enc, dec):
    return VTI_IPSEC.replace("{enc}", str(enc)).replace("{dec}", str(dec))


def _vti_facts():
    with open(VTI_CONFIG) as handle:
        return asa_facts_from_text(handle.read(), source="device")


def test_a_vti_child_sa_belongs_to_its_tunnel_interface():
    facts = _vti_facts()
    st, unmatched = state.match_state(facts["tunnels"], [state.parse_ipsec_sa(_vti_sample(10, 12))])
    [child] = st["Tunnel1 (vti-azure)"]["child_sas"]
    assert child["crypto_map"] == "__vti-crypto-map-3-0-1" and child["seq"] == 65280
    assert child["matched_by"] == ["interface", "peer", "selectors"]
    assert unmatched == []


def test_one_way_traffic_on_a_vti():
    facts = _vti_facts()
    add_state(facts, [_vti_sample(100, 40), _vti_sample(180, 40), _vti_sample(260, 40)], interval=5)
    [finding] = [f for f in facts["findings"] if f["code"] == "ONE_WAY_TRAFFIC"]
    assert finding["scope"] == ["Tunnel1 (vti-azure)"]
    assert "rose from 100 to 260 while #pkts decaps stayed at 40" in finding["summary"]


def test_a_vti_child_sa_on_another_interface_is_unmatched():
    facts = _vti_facts()
    text = _vti_sample(1, 1).replace("interface: vti-azure", "interface: vti-other")
    st, unmatched = state.match_state(facts["tunnels"], [state.parse_ipsec_sa(text)])
    assert st["Tunnel1 (vti-azure)"]["child_sas"] == []
    assert unmatched[0]["kind"] == "ipsec_sa" and "vti-other" in unmatched[0]["reason"]


# `show vpn-sessiondb detail l2l` of an IKEv1 peer in the layout with "IKE:"/"IPsec:" sections, Encryption and
# Hashing on one session line, and a trailing NAC section.
SESSIONDB_IKE_SECTIONS = """\
Session Type: LAN-to-LAN Detailed

Connection   : 192.0.2.41
Index        : 311                    IP Addr      : 192.0.2.41
Protocol     : IKE IPsec
Encryption   : AES256                 Hashing      : SHA1
Bytes Tx     : 90210                  Bytes Rx     : 80112
Login Time   : 08:12:44 UTC Wed Apr 2 2025
Duration     : 1h:02m:10s

IKE Tunnels: 1
IPsec Tunnels: 1

IKE:
  Tunnel ID    : 311.1
  UDP Src Port : 500                    UDP Dst Port : 500
  IKE Neg Mode : Main                   Auth Mode    : preSharedKeys
  Encryption   : AES256                 Hashing      : SHA1
  Rekey Int (T): 86400 Seconds          Rekey Left(T): 82410 Seconds
  D/H Group    : 14
  Filter Name  : S2S-FILTER

IPsec:
  Tunnel ID    : 311.2
  Local Addr   : 10.4.0.0/255.255.0.0/0/0
  Remote Addr  : 172.18.0.0/255.255.0.0/0/0
  Encryption   : AES256                 Hashing      : SHA1
  Encapsulation: Tunnel                 PFS Group    : 14
  Rekey Int (T): 3600 Seconds           Rekey Left(T): 1210 Seconds
  Idle Time Out: 30 Minutes             Idle TO Left : 29 Minutes
  Bytes Tx     : 90210                  Bytes Rx     : 80112
  Pkts Tx      : 601                    Pkts Rx      : 588

NAC:
  Reval Int (T): 0 Seconds              Reval Left(T): 0 Seconds
  SQ Int (T)   : 0 Seconds              EoU Age(T)   : 3730 Seconds
  Hold Left (T): 0 Seconds              Posture Token:
  Redirect URL :
"""


def test_sessiondb_encryption_and_hashing_on_one_line():
    [session] = state.parse_vpn_sessiondb_l2l(SESSIONDB_IKE_SECTIONS)["sessions"]
    assert (session["encryption"], session["hashing"]) == ("AES256", "SHA1")


def test_sessiondb_ike_section_is_an_ike_tunnel_not_session_fields():
    parsed = state.parse_vpn_sessiondb_l2l(SESSIONDB_IKE_SECTIONS)
    [session] = parsed["sessions"]
    [ike] = session["ike"]
    assert (ike["kind"], ike["tunnel_id"], ike["dh_group"], ike["filter_name"]) == ("IKE", "311.1", 14, "S2S-FILTER")
    assert "tunnel_id" not in session and "filter_name" not in session
    [ipsec] = session["ipsec"]
    assert ipsec["pfs_group"] == 14 and ipsec["pkts_rx"] == 588
    # the NAC section is kept apart, not read as more fields of the IPsec tunnel
    assert "reval_int_t" not in ipsec
    assert [other["kind"] for other in session["other_sections"]] == ["NAC"]
    assert parsed["complete"] is True


# IKEv2 over NAT-T: the IPsec tunnels are counted and titled "IPsecOverNatT".
SESSIONDB_NAT_T = """\
Session Type: LAN-to-LAN Detailed

Connection   : 203.0.113.90
Index        : 4410                   IP Addr      : 203.0.113.90
Protocol     : IKEv2 IPsecOverNatT
Encryption   : IKEv2: (1)AES256  IPsecOverNatT: (2)AES-GCM-256
Hashing      : IKEv2: (1)SHA384  IPsecOverNatT: (2)none
Bytes Tx     : 77012                  Bytes Rx     : 65010
Login Time   : 21:40:02 UTC Mon Nov 3 2025
Duration     : 3d 4h:11m:09s

IKEv2 Tunnels: 1
IPsecOverNatT Tunnels: 2

IKEv2:
  Tunnel ID    : 4410.1
  UDP Src Port : 4500                   UDP Dst Port : 4500
  Rem Auth Mode: preSharedKeys
  Loc Auth Mode: preSharedKeys
  Encryption   : AES256                 Hashing      : SHA384
  Rekey Int (T): 28800 Seconds          Rekey Left(T): 21012 Seconds
  PRF          : SHA384                 D/H Group    : 20
  Filter Name  :

IPsecOverNatT:
  Tunnel ID    : 4410.2
  Local Addr   : 10.9.0.0/255.255.255.0/0/0
  Remote Addr  : 172.19.0.0/255.255.0.0/0/0
  Encryption   : AES-GCM-256            Hashing      : none
  Encapsulation: Tunnel                 PFS Group    : 20
  Rekey Int (T): 27000 Seconds          Rekey Left(T): 26001 Seconds
  Bytes Tx     : 77012                  Bytes Rx     : 65010
  Pkts Tx      : 512                    Pkts Rx      : 498

IPsecOverNatT:
  Tunnel ID    : 4410.5
  Local Addr   : 10.9.1.0/255.255.255.0/0/0
  Remote Addr  : 172.19.0.0/255.255.0.0/0/0
  Encryption   : AES-GCM-256            Hashing      : none
  Encapsulation: Tunnel                 PFS Group    : 20
  Rekey Int (T): 27000 Seconds          Rekey Left(T): 26950 Seconds
  Bytes Tx     : 0                      Bytes Rx     : 0
  Pkts Tx      : 0                      Pkts Rx      : 0
"""


def test_sessiondb_nat_t_tunnel_count_is_read():
    parsed = state.parse_vpn_sessiondb_l2l(SESSIONDB_NAT_T)
    [session] = parsed["sessions"]
    assert session["ipsecovernatt_tunnels"] == 2 and session["ikev2_tunnels"] == 1
    assert [t["tunnel_id"] for t in session["ipsec"]] == ["4410.2", "4410.5"]
    assert parsed["complete"] is True


def test_sessiondb_nat_t_output_cut_short_is_incomplete():
    cut = SESSIONDB_NAT_T.index("IPsecOverNatT:\n  Tunnel ID    : 4410.5")
    parsed = state.parse_vpn_sessiondb_l2l(SESSIONDB_NAT_T[:cut])
    assert parsed["complete"] is False
    assert parsed["sessions"][0]["missing"] == ["ipsec"]


def test_sessiondb_ike_tunnels_cut_short_is_incomplete():
    cut = SESSIONDB_IKE_SECTIONS.index("IKE:\n")
    parsed = state.parse_vpn_sessiondb_l2l(SESSIONDB_IKE_SECTIONS[:cut])
    assert parsed["complete"] is False
    assert parsed["sessions"][0]["missing"] == ["ike", "ipsec"]


def test_sessiondb_peer_shown_by_name_is_noted():
    text = SESSIONDB_NAT_T.replace("IP Addr      : 203.0.113.90", "IP Addr      : AZ-GW-WEST  ")
    [session] = state.parse_vpn_sessiondb_l2l(text)["sessions"]
    assert session["ip_address"] == "AZ-GW-WEST"
    assert session["notes"] == ["IP Addr 'AZ-GW-WEST' is not an IP address (masked or garbled); kept as printed"]


# `show crypto ikev2 sa detail` with IPv6 peers during an IKE SA rekey (two IKE SAs) and two Child SAs.
IKEV2_IPV6 = """\
IKEv2 SAs:

Session-id:12, Status:UP-ACTIVE, IKE count:2, CHILD count:2

Tunnel-id Local                                               Remote                                                  Status         Role
 412880121 2001:db8:a::10/500                                 2001:db8:b::20/500                                      READY    INITIATOR
      Encr: AES-GCM, keysize: 256, Hash: N/A, DH Grp:20, Auth sign: PSK, Auth verify: PSK
      Life/Active Time: 28800/27100 sec
 412880977 2001:db8:a::10/500                                 2001:db8:b::20/500                                      READY    RESPONDER
      Encr: AES-GCM, keysize: 256, Hash: N/A, DH Grp:20, Auth sign: PSK, Auth verify: PSK
      Life/Active Time: 28800/12 sec
Child sa: local selector  2001:db8:10::/0 - 2001:db8:10:ffff:ffff:ffff:ffff:ffff/65535
          remote selector 2001:db8:20::/0 - 2001:db8:20:ffff:ffff:ffff:ffff:ffff/65535
          ESP spi in/out: 0x1a2b3c4d/0x5e6f7a8b
          AH spi in/out: 0x0/0x0
          CPI in/out: 0x0/0x0
          Encr: AES-GCM, keysize: 256, esp_hmac: N/A
          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel
Child sa: local selector  2001:db8:11::/0 - 2001:db8:11:ffff:ffff:ffff:ffff:ffff/65535
          remote selector 2001:db8:20::/0 - 2001:db8:20:ffff:ffff:ffff:ffff:ffff/65535
          ESP spi in/out: 0x11111111/0x22222222
          Encr: AES-CBC, keysize: 256, esp_hmac: SHA256
          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel
"""


def test_ikev2_ipv6_peers_two_ike_sas_and_two_child_sas():
    parsed = state.parse_ikev2_sa_detail(IKEV2_IPV6)
    [session] = parsed["sessions"]
    assert [(i["tunnel_id"], i["remote"], i["remote_port"], i["role"], i["remaining_seconds"])
            for i in session["ike_sas"]] == [("412880121", "2001:db8:b::20", 500, "initiator", 1700),
                                             ("412880977", "2001:db8:b::20", 500, "responder", 28788)]
    assert [(c["local_prefix"], c["remote_prefix"], c["spi_in"], c["integrity"]) for c in session["child_sas"]] == [
        ("2001:db8:10::/48", "2001:db8:20::/48", "0x1A2B3C4D", "N/A"),
        ("2001:db8:11::/48", "2001:db8:20::/48", "0x11111111", "SHA256")]
    assert parsed["complete"] is True and "notes" not in session


def test_ikev2_row_wrapped_by_a_narrow_terminal_is_read():
    wrapped = IKEV2_IPV6.replace("2001:db8:b::20/500                                      READY    RESPONDER",
                                 "2001:db8:b::20/500\n                                READY    RESPONDER")
    parsed = state.parse_ikev2_sa_detail(wrapped)
    [session] = parsed["sessions"]
    assert [(i["status"], i["role"], i["dh_group"]) for i in session["ike_sas"]] == [
        ("READY", "initiator", 20), ("READY", "responder", 20)]
    assert parsed["complete"] is True


def test_ikev2_row_of_an_unknown_shape_is_named_not_dropped():
    odd = IKEV2_IPV6.replace(" 412880977 2001:db8:a::10/500", " 412880977 [2001:db8:a::10]:500")
    parsed = state.parse_ikev2_sa_detail(odd)
    assert parsed["complete"] is False
    # the unread SA's detail lines are not taken for the SA above it
    assert [i["remaining_seconds"] for i in parsed["sessions"][0]["ike_sas"]] == [1700]
    assert parsed["notes"] == ["line 9: not read as an IKE SA row: '412880977 [2001:db8:a::10]:500 "
                               "2001:db8:b::20/500 READY RESPONDER'"]
