# -*- coding: utf-8 -*-
"""An IPv6 address has many spellings (``2001:DB8::1``, ``2001:db8:0::1``, ``2001:0db8::0001``): the ASA's peer and
local address and Azure's gateway and local network gateway (gatewayIpAddress) are compared as addresses. Facts
written by hand or by another tool were compared as text, and the same address in two spellings was a
PEER_ADDRESS_MISMATCH error whose fix rewrote a right peer."""

import copy

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import compact_end_dict, tunnel_end_from_dict
from ansible_collections.vpnalign.s2s.plugins.module_utils.pairing import pair_ends

from scenario_builders import ROUTE_BASED_BGP, asa_config, azure_resources, router_bgp, vti_config
from test_engine import asa_end, azure_end

V4_LINE = " ip address 198.51.100.10 255.255.255.248"
ASA_V6, AZURE_V6 = "2001:db8:100::10", "2001:db8:20::20"
# (ASA peer, ASA interface address, Azure gateway public IP, LNG gatewayIpAddress): each pair one address
SPELLINGS = [
    ("2001:DB8:20::20", "2001:db8:100::10", "2001:db8:20:0::20", "2001:DB8:100::10"),
    ("2001:db8:20:0:0:0:0:20", "2001:0db8:0100::0010", "2001:DB8:20::20", "2001:db8:100:0::10"),
    ("2001:0DB8:0020::0020", "2001:DB8:100:0:0::10", "2001:db8:20::20", "2001:db8:100::10"),
]


def _asa_text(peer, address):
    return asa_config(peer=peer).replace(V4_LINE, V4_LINE + "\n ipv6 address %s/64\n ipv6 enable" % address)


def _codes(report):
    [tunnel] = report["tunnels"]
    return [f["code"] for f in tunnel["findings"]]


@pytest.mark.parametrize("peer,address,gateway,lng", SPELLINGS, ids=range(len(SPELLINGS)))
def test_the_engine_compares_peer_and_local_address_as_addresses(peer, address, gateway, lng):
    findings = check_tunnel(asa_end(peer_address=peer, local_address=address, remote_networks=["2001:db8:b::/48"]),
                            azure_end(peer_address=lng, local_address=gateway, remote_networks=["2001:db8:a::/48"]))
    assert "PEER_ADDRESS_MISMATCH" not in [f.code for f in findings]


def test_the_engine_still_tells_two_ipv6_addresses_apart():
    findings = check_tunnel(asa_end(peer_address="2001:DB8:20::21", local_address=ASA_V6),
                            azure_end(peer_address=ASA_V6, local_address=AZURE_V6))
    [found] = [f for f in findings if f.code == "PEER_ADDRESS_MISMATCH"]
    assert found.severity == "error" and AZURE_V6 in found.summary


@pytest.mark.parametrize("peer,address,gateway,lng", SPELLINGS, ids=range(len(SPELLINGS)))
def test_configs_in_other_spellings_pair_and_agree(peer, address, gateway, lng):
    """The ASA text, the gateway's public IP and the local network gateway each in their own spelling."""
    report = run_check(asa_facts_from_text(_asa_text(peer, address)),
                       azure_facts_from_data(azure_resources(gateway_ip=gateway, lng_ip=lng)))
    assert "PEER_ADDRESS_MISMATCH" not in _codes(report) and not report["unpaired"]


@pytest.mark.parametrize("peer,address,gateway,lng", SPELLINGS, ids=range(len(SPELLINGS)))
def test_facts_in_other_spellings_pair_and_agree(peer, address, gateway, lng):
    """Facts as another tool or a hand edit writes them: the addresses in the tunnels' dicts as given."""
    asa = asa_facts_from_text(_asa_text(AZURE_V6, ASA_V6))
    azure = azure_facts_from_data(azure_resources(gateway_ip=AZURE_V6, lng_ip=ASA_V6))
    asa, azure = copy.deepcopy(asa), copy.deepcopy(azure)
    asa["tunnels"][0].update(peer_address=peer, local_address=address)
    azure["tunnels"][0].update(peer_address=lng, local_address=gateway)
    report = run_check(asa, azure)
    assert "PEER_ADDRESS_MISMATCH" not in _codes(report) and not report["unpaired"]
    [tunnel] = report["tunnels"]
    assert (tunnel["asa"]["peer"], tunnel["asa"]["address"]) == (AZURE_V6, ASA_V6)  # the report writes one spelling


def test_facts_in_other_spellings_pair_each_end_with_its_own_connection():
    """Two sites on one gateway: each ASA end pairs with the connection whose gateway and local network gateway
    are its addresses, though the facts spell them otherwise (by text the four ends were left unpaired)."""
    sites = [("2001:db8:100::10", "2001:DB8:100:0::10"), ("2001:db8:200::10", "2001:0db8:0200::0010")]
    left = [tunnel_end_from_dict(compact_end_dict(asa_end(name="A%d" % i, peer_address="2001:DB8:20::20",
                                                          local_address=spelt)))
            for i, (_address, spelt) in enumerate(sites)]
    right = [tunnel_end_from_dict(compact_end_dict(azure_end(name="C%d" % i, local_address="2001:db8:20:0::20",
                                                             peer_address=address)))
             for i, (address, _spelt) in reversed(list(enumerate(sites)))]
    pairs, rest_left, rest_right = pair_ends(left, right)
    assert sorted((a.name, b.name) for a, b in pairs) == [("A0", "C0"), ("A1", "C1")]
    assert not rest_left and not rest_right


def _bgp_facts(asa_bgp, azure_bgp, tunnel_address):
    """The route-based BGP scenario's facts with the BGP addresses rewritten as given (another tool's facts)."""
    asa = copy.deepcopy(asa_facts_from_text(vti_config(bgp=router_bgp())))
    azure = copy.deepcopy(azure_facts_from_data(azure_resources(**ROUTE_BASED_BGP)))
    asa["tunnels"][0]["bgp"].update(asa_bgp)
    asa["tunnels"][0]["tunnel_address"] = tunnel_address
    azure["tunnels"][0]["bgp"].update(azure_bgp)
    return asa, azure


def _findings(report):
    [tunnel] = report["tunnels"]
    return [(f["code"], f["summary"]) for f in tunnel["findings"]]


BGP_SPELLINGS = [
    ({"local_addresses": ["2001:DB8:F::2"], "peer_address": "2001:db8:f:0::1"},
     {"local_addresses": ["2001:0db8:f::1"], "peer_address": "2001:db8:F:0:0::2"}, "2001:DB8:F:0::2/126"),
    ({"local_addresses": ["2001:db8:f:0:0:0:0:2"], "peer_address": "2001:0DB8:000F::0001"},
     {"local_addresses": ["2001:db8:f::1"], "peer_address": "2001:DB8:F::2"}, "2001:db8:f::2/126"),
]


@pytest.mark.parametrize("asa_bgp,azure_bgp,tunnel_address", BGP_SPELLINGS, ids=range(len(BGP_SPELLINGS)))
def test_bgp_addresses_in_other_spellings_are_one_neighbor(asa_bgp, azure_bgp, tunnel_address):
    """Each end's BGP neighbor and peering address, and the ASA's tunnel address, in their own spelling: the check says
    what it says of the same facts in one spelling (by text, a BGP_PEER_ADDRESS_MISMATCH error each way)."""
    one = _bgp_facts({"local_addresses": ["2001:db8:f::2"], "peer_address": "2001:db8:f::1"},
                     {"local_addresses": ["2001:db8:f::1"], "peer_address": "2001:db8:f::2"}, "2001:db8:f::2/126")
    report = run_check(*_bgp_facts(asa_bgp, azure_bgp, tunnel_address))
    assert _findings(report) == _findings(run_check(*one))
    assert "BGP_PEER_ADDRESS_MISMATCH" not in _codes(report) and not report["unpaired"]
    [tunnel] = report["tunnels"]
    assert tunnel["asa"]["bgp"]["neighbor"] == "2001:db8:f::1"  # the report writes one spelling


def test_bgp_addresses_in_other_spellings_still_tell_two_neighbors_apart():
    report = run_check(*_bgp_facts({"local_addresses": ["2001:DB8:F::2"], "peer_address": "2001:db8:f:0::1"},
                                   {"local_addresses": ["2001:db8:f::1"], "peer_address": "2001:DB8:F::3"},
                                   "2001:db8:f::2/126"))
    [summary] = [s for code, s in _findings(report) if code == "BGP_PEER_ADDRESS_MISMATCH"]
    assert "at 2001:db8:f::3" in summary and "peers from 2001:db8:f::2" in summary


def test_networks_in_other_spellings_pair_each_site_with_its_connection():
    """Two sites behind NAT at one gateway: only their networks tell the connections apart, the LNGs' address spaces
    spelt otherwise than the ASAs' networks (by text both connections were unclear and nothing was checked)."""
    sites = [("2001:db8:b0::/48", "2001:DB8:B0:0::/48"), ("2001:db8:b1::/48", "2001:0db8:00b1::/48")]
    left = [tunnel_end_from_dict(compact_end_dict(asa_end(name="A%d" % i, peer_address="203.0.113.20",
                                                          local_address="10.0.0.%d" % (i + 1), local_networks=[own])))
            for i, (own, _spelt) in enumerate(sites)]
    right = [tunnel_end_from_dict(compact_end_dict(azure_end(name="C%d" % i, local_address="203.0.113.20",
                                                             peer_address="198.51.100.%d" % (i + 1),
                                                             remote_networks=[spelt])))
             for i, (_own, spelt) in reversed(list(enumerate(sites)))]
    unclear = []
    pairs, rest_left, rest_right = pair_ends(left, right, unclear=unclear)
    assert sorted((a.name, b.name) for a, b in pairs) == [("A0", "C0"), ("A1", "C1")]
    assert not rest_left and not rest_right and not unclear


def test_an_ipv4_address_with_leading_zeros_is_left_as_written():
    """Python refuses it (CVE-2021-29921: inet_aton reads 010 as octal 8), so no spelling of it is chosen."""
    end = tunnel_end_from_dict(compact_end_dict(asa_end(peer_address="203.0.113.020")))
    assert end.peer_address == "203.0.113.020"
