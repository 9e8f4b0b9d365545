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
