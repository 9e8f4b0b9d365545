# -*- coding: utf-8 -*-
"""Azure's custom APIPA address out of Azure's range (169.254.20.1; Azure allows 169.254.21.0 - 169.254.22.255, Microsoft
"How to configure BGP on Azure VPN Gateways", https://learn.microsoft.com/azure/vpn-gateway/bgp-howto) beside an ASA
neighbor at the valid 169.254.21.1: the "proven" BGP_PEER_ADDRESS_MISMATCH fix re-pointed the ASA's correct neighbor to
the address the same report flagged BGP_APIPA_INVALID (review 2026-12-06 #2). The fix is Azure's; no ASA command is
shown, and the proof says why."""

from scenario_builders import GATEWAY_BGP, ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, TunnelEnd
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_edit import refusal


def _report(custom):
    options = dict(ROUTE_BASED_BGP)
    options.update(gateway_bgp=dict(GATEWAY_BGP, custom=custom))
    azure = azure_resources(**options)
    return report_for(vti_config(routes="", bgp=router_bgp()), azure)


def test_no_asa_fix_moves_the_neighbor_onto_azures_invalid_apipa_address():
    [tunnel] = _report((("169.254.20.1",), ("169.254.22.1",)))["tunnels"]
    assert tunnel["verdict"] == "fail"
    codes = sorted(f["code"] for f in tunnel["findings"])
    assert codes == ["BGP_APIPA_INVALID", "BGP_PEER_ADDRESS_MISMATCH"], codes
    [mismatch] = [f for f in tunnel["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert mismatch["remediation"] == {}, mismatch["remediation"]
    assert not any("169.254.20.1" in line for f in tunnel["findings"]
                   for line in (f["remediation"] or {}).get("asa") or ())
    assert "Azure's own 169.254.20.1 is not valid there either" in mismatch["summary"]
    assert "correct Azure's address (to 169.254.21.1" in mismatch["proof"]["asa"]["reason"]
    assert not mismatch["proof"]["asa"]["proven"]


def test_a_valid_but_different_azure_address_still_gets_the_asa_fix():
    [tunnel] = _report((("169.254.21.5",), ("169.254.22.1",)))["tunnels"]
    [mismatch] = [f for f in tunnel["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert "  neighbor 169.254.21.5 remote-as 65515" in mismatch["remediation"]["asa"]


def test_the_proof_refuses_a_neighbor_moved_onto_an_address_the_peer_refuses():
    asa = TunnelEnd(vendor="asa", name="Tunnel1", bgp=Bgp(peer_address="169.254.21.1"))
    azure = TunnelEnd(vendor="azure", name="conn", bgp=Bgp(local_addresses=("169.254.20.1",),
                                                           refused_addresses=("169.254.20.1",)))
    fix = intent("bgp_neighbor", address="169.254.20.1", remote_as=65515, asn=None)
    assert "own rules refuse" in refusal(asa, fix, other=azure)
    assert refusal(asa, dict(fix, address="169.254.21.1"), other=azure) is None
