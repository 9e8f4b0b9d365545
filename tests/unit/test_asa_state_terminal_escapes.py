# -*- coding: utf-8 -*-
"""Show outputs captured through a colouring terminal, an SSH client's log or the ASA's pager hold terminal escape
sequences (ECMA-48 CSI: colour "ESC[1;32m", erase-line "ESC[K", cursor-left "ESC[14D"). The live-state parsers read
them as the config reader does: the sequences are applied and removed, the counters, peers and SPIs are the ones
printed."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import state

# `show crypto ipsec sa` of one L2L child (ASA 9.x layout, documentation addresses, our own counters).
IPSEC_SA = """\
interface: outside
    Crypto map tag: S2S-MAP, seq num: 20, local addr: 198.51.100.7

      access-list s2s-westeu extended permit ip 10.20.0.0 255.255.0.0 10.90.0.0 255.255.0.0
      local ident (addr/mask/prot/port): (10.20.0.0/255.255.0.0/0/0)
      remote ident (addr/mask/prot/port): (10.90.0.0/255.255.0.0/0/0)
      current_peer: 203.0.113.45

      #pkts encaps: 1200, #pkts encrypt: 1200, #pkts digest: 1200
      #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0
      #send errors: 0, #recv errors: 0

      local crypto endpt.: 198.51.100.7/500, remote crypto endpt.: 203.0.113.45/500
      path mtu 1500, ipsec overhead 55(36), media mtu 1500
      current outbound spi: 1A2B3C4D
      current inbound spi : 5E6F7081

    inbound esp sas:
      spi: 0x5E6F7081 (1584361601)
         SA State: active
         transform: esp-aes-gcm-256 esp-null-hmac no compression
         in use settings ={L2L, Tunnel, PFS Group 14, IKEv2, }
         slot: 0, conn_id: 4711, crypto-map: S2S-MAP
         sa timing: remaining key lifetime (kB/sec): (4373999/27000)
    outbound esp sas:
      spi: 0x1A2B3C4D (439041101)
         SA State: active
         transform: esp-aes-gcm-256 esp-null-hmac no compression
         in use settings ={L2L, Tunnel, PFS Group 14, IKEv2, }
         slot: 0, conn_id: 4711, crypto-map: S2S-MAP
         sa timing: remaining key lifetime (kB/sec): (4373999/27000)
"""

BOLD, GREEN, RESET, ERASE = "\x1b[1m", "\x1b[32m", "\x1b[0m", "\x1b[K"


def _coloured(text):
    """Every counter line in bold, the peer in green, each line ending with a reset and an erase-line."""
    out = []
    for line in text.splitlines():
        line = line.replace("#pkts", BOLD + "#pkts").replace("203.0.113.45", GREEN + "203.0.113.45" + RESET)
        out.append(line + RESET + ERASE)
    return "\r\n".join(out) + "\r\n"


def test_coloured_ipsec_sa_reads_the_counters_and_the_peer():
    plain = state.parse_ipsec_sa(IPSEC_SA)
    [child] = state.parse_ipsec_sa(_coloured(IPSEC_SA))["children"]
    [expected] = plain["children"]
    assert (child["encaps"], child["decaps"]) == (1200, 0) == (expected["encaps"], expected["decaps"])
    assert child["peer"] == "203.0.113.45"
    assert "notes" not in child
    assert (child["spi_in"], child["spi_out"]) == ("0x5E6F7081", "0x1A2B3C4D")
    assert child["complete"] is True


def test_pager_prompt_erased_by_cursor_left_and_erase_line():
    """The pager's "<--- More --->" taken back with ESC[14D ESC[K (cursor back 14, erase to the end of the line)."""
    text = IPSEC_SA.replace("      #pkts decaps", "<--- More --->\x1b[14D\x1b[K      #pkts decaps")
    [child] = state.parse_ipsec_sa(text)["children"]
    assert (child["encaps"], child["decaps"], child["complete"]) == (1200, 0, True)


SESSIONDB = """\
Session Type: LAN-to-LAN Detailed

Connection   : 203.0.113.45
Index        : 88                     IP Addr      : 203.0.113.45
Protocol     : IKEv2 IPsec
Encryption   : IKEv2: (1)AES256  IPsec: (1)AES-GCM-256
Hashing      : IKEv2: (1)SHA256  IPsec: (1)none
Bytes Tx     : 170400                 Bytes Rx     : 0
Login Time   : 07:00:01 UTC Tue Mar 3 2026
Duration     : 0h:20m:00s

IKEv2 Tunnels: 1
IPsec Tunnels: 1

IKEv2:
  Tunnel ID    : 88.1
  UDP Src Port : 500                    UDP Dst Port : 500
  Rem Auth Mode: preSharedKeys
  Loc Auth Mode: preSharedKeys
  Encryption   : AES256                 Hashing      : SHA256
  Rekey Int (T): 28800 Seconds          Rekey Left(T): 27600 Seconds
  PRF          : SHA256                 D/H Group    : 14
IPsec:
  Tunnel ID    : 88.2
  Local Addr   : 10.20.0.0/255.255.0.0/0/0
  Remote Addr  : 10.90.0.0/255.255.0.0/0/0
  Encryption   : AES-GCM-256            Hashing      : none
  Encapsulation: Tunnel                 PFS Group    : 14
  Rekey Int (T): 27000 Seconds          Rekey Left(T): 25800 Seconds
  Bytes Tx     : 170400                 Bytes Rx     : 0
  Pkts Tx      : 1200                   Pkts Rx      : 0
"""


def test_coloured_sessiondb_reads_the_connection_and_counts():
    text = SESSIONDB.replace("Connection   :", BOLD + "Connection" + RESET + "   :").replace(
        "Pkts Tx", GREEN + "Pkts Tx").replace("\n", RESET + "\n")
    parsed = state.parse_vpn_sessiondb_l2l(text)
    [session] = parsed["sessions"]
    assert session["connection"] == "203.0.113.45"
    [ipsec] = session["ipsec"]
    assert (ipsec["pkts_tx"], ipsec["pkts_rx"]) == (1200, 0)
    assert parsed["complete"] is True and parsed["notes"] == []
