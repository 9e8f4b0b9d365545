# -*- coding: utf-8 -*-
"""Prefixes read back from facts (written by hand or by another tool) are written one way, as ipaddress writes the
network, like the addresses already were (test_ipv6_address_spellings.py): the BGP filters' prefixes were kept as
given, and a prefix with host bits set ("10.1.0.5/24") was taken as it stood by every network list. It is refused now,
naming the field and the tunnel, as asa_vpn_tunnel and azure_vpn_connection refuse it (prefixes.host_bits_problem)."""

import copy

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import FactsError
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import PrefixRule
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import compact_end_dict, tunnel_end_from_dict

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_engine_bgp import asa_bgp, vti_end

FROM_AZURE = "prefix-list FROM-AZURE seq 5 permit 192.168.0.0/16 le 24"


def _bgp_facts():
    """The route-based BGP scenario, the ASA taking only 192.168.0.0/16 from Azure (whose VNet is 172.16.0.0/16)."""
    bgp = router_bgp(lines=["neighbor 169.254.21.1 prefix-list FROM-AZURE in"])
    asa = copy.deepcopy(asa_facts_from_text(vti_config(bgp=bgp, extra=FROM_AZURE)))
    azure = copy.deepcopy(azure_facts_from_data(azure_resources(**ROUTE_BASED_BGP)))
    return asa, azure


def _import_evidence(report):
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    return [(r["action"], r["prefix"]) for r in finding["evidence"]["asa"]["import_filter"]]


def test_a_prefix_list_rule_in_another_spelling_reads_as_the_adapter_writes_it():
    asa, azure = _bgp_facts()
    assert _import_evidence(run_check(asa, azure)) == [("permit", "192.168.0.0/16")]
    asa["tunnels"][0]["bgp"]["import_filter"][0]["prefix"] = "192.168.0.0/255.255.0.0"  # another tool's spelling
    assert _import_evidence(run_check(asa, azure)) == [("permit", "192.168.0.0/16")]


SPELT = {"local_networks": ["2001:DB8:B0:0::/48"], "remote_networks": ["2001:0db8:00a0::/48"],
         "routed_networks": ["2001:db8:a0:0:0:0:0:0/48"], "held_networks": ("2001:DB8:C0::/48",)}
WRITTEN = {"local_networks": ["2001:db8:b0::/48"], "remote_networks": ["2001:db8:a0::/48"],
           "routed_networks": ["2001:db8:a0::/48"], "held_networks": ("2001:db8:c0::/48",)}


def test_every_prefix_field_of_an_end_is_written_one_way():
    bgp = asa_bgp(advertised=["2001:DB8:B0::/48"], export_dropped=("2001:db8:b1:0::/48",),
                  import_filter=[PrefixRule("permit", "2001:DB8:A0::/44", le=48)],
                  export_filter=[PrefixRule("deny", "2001:0db8:00b1::/48")])
    end = tunnel_end_from_dict(compact_end_dict(vti_end(bgp=bgp, **SPELT)))
    assert {name: getattr(end, name) for name in WRITTEN} == WRITTEN
    assert (end.bgp.advertised, end.bgp.export_dropped) == (["2001:db8:b0::/48"], ("2001:db8:b1::/48",))
    assert [r.prefix for r in end.bgp.import_filter + end.bgp.export_filter] == ["2001:db8:a0::/44", "2001:db8:b1::/48"]


# (where in the ASA tunnel's facts, the value written there, what the check says)
HOST_BITS = [
    (("local_networks",), "10.1.0.5/16",
     "local_networks[0] of tunnel 'Tunnel1 (AZURE)': '10.1.0.5/16' has host bits set (the prefix is 10.1.0.0/16)"),
    (("remote_networks",), "172.16.0.9/16", "remote_networks[0] of tunnel 'Tunnel1 (AZURE)': '172.16.0.9/16' has host bits"),
    (("bgp", "advertised"), "10.1.2.3/16", "bgp.advertised[0] of tunnel 'Tunnel1 (AZURE)': '10.1.2.3/16' has host bits"),
    (("bgp", "import_filter", "prefix"), "192.168.7.1/16",
     "bgp.import_filter[0].prefix of tunnel 'Tunnel1 (AZURE)': '192.168.7.1/16' has host bits set (the prefix is "
     "192.168.0.0/16)"),
    (("local_networks",), "2001:db8:b0::5/48", "local_networks[0] of tunnel 'Tunnel1 (AZURE)': '2001:db8:b0::5/48' has host"),
    (("bgp", "advertised"), "10.1.0.0/33", "bgp.advertised[0] of tunnel 'Tunnel1 (AZURE)': '10.1.0.0/33' is not an IP"),
]


@pytest.mark.parametrize("where,value,message", HOST_BITS, ids=range(len(HOST_BITS)))
def test_a_prefix_with_host_bits_in_facts_is_refused_naming_the_field(where, value, message):
    asa, azure = _bgp_facts()
    holder = asa["tunnels"][0]
    for key in where[:-1]:
        holder = holder[key]
        if isinstance(holder, list):
            holder = holder[0]
    key = where[-1]
    holder[key] = value if key == "prefix" else [value] + (holder.get(key) or [])[1:]
    with pytest.raises(FactsError) as raised:
        run_check(asa, azure)
    assert message in str(raised.value)


# the device's own lists in the ASA facts (compat_facts.Side): (key, the value written, what the check says)
DEVICE_LISTS = [
    ("known_networks", "10.1.0.1/16", "known_networks[0]: '10.1.0.1/16' has host bits set (the prefix is 10.1.0.0/16)"),
    ("translated_networks", "10.9.0.1/16", "translated_networks[0]: '10.9.0.1/16' has host bits set"),
    ("static_routes", "172.16.0.1/16", "static_routes[0] network: '172.16.0.1/16' has host bits set"),
    ("connected_networks", "10.1.0.1/16", "connected_networks[0] network: '10.1.0.1/16' has host bits set"),
]


@pytest.mark.parametrize("key,value,message", DEVICE_LISTS, ids=range(len(DEVICE_LISTS)))
def test_a_network_of_the_device_with_host_bits_in_facts_is_refused_naming_it(key, value, message):
    asa, azure = _bgp_facts()
    if key in ("static_routes", "connected_networks"):
        asa[key][0][1] = value
    else:
        asa[key] = [value] + (asa.get(key) or [])[1:]
    with pytest.raises(FactsError) as raised:
        run_check(asa, azure)
    assert message in str(raised.value)


def test_the_device_networks_in_another_spelling_read_as_the_adapter_writes_them():
    asa, azure = _bgp_facts()
    written = run_check(asa, azure)
    asa["known_networks"] = [n.replace("/16", "/255.255.0.0") for n in asa["known_networks"]]
    asa["static_routes"] = [[r[0], r[1].replace("/16", "/255.255.0.0")] + r[2:] for r in asa["static_routes"]]
    assert run_check(asa, azure) == written
