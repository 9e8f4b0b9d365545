# -*- coding: utf-8 -*-
"""BGP over an ASA VTI, from AsaConfig records: which neighbor a tunnel carries, and what the
ASA sends and accepts over it."""

import ipaddress

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import (
    BgpNeighbor,
    BgpProcess,
    PrefixListEntry,
    RouteMapEntry,
    StaticRoute,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine, PrefixRule

from test_asa_vti import codes, one_vti, vti_config, vti_of

NEIGHBOR = "169.254.21.1"


def net(text):
    return ipaddress.ip_network(text)


def bgp_config(neighbor=NEIGHBOR, networks=("10.1.0.0/16",), routes=(("10.20.0.0", "255.255.0.0"),),
               **neighbor_options):
    config = vti_config(routes=routes)
    process = BgpProcess(asn=65010, lines=[ConfigLine(300, "router bgp 65010")])
    lines = [ConfigLine(301, "neighbor %s remote-as 65515" % neighbor),
             ConfigLine(302, "neighbor %s activate" % neighbor)]
    options = dict(remote_as=65515, activated=True)
    options.update(neighbor_options)
    process.neighbors[neighbor] = BgpNeighbor(neighbor, lines=lines, **options)
    for position, prefix in enumerate(networks):
        process.networks.append((net(prefix), None, ConfigLine(310 + position, "network %s" % prefix)))
    config.bgp = process
    return config


def prefix_list(config, name, *entries):
    config.prefix_lists[name] = [
        PrefixListEntry(seq, action, net(prefix), ge, le, ConfigLine(400 + seq, "prefix-list %s seq %d %s %s"
                                                                     % (name, seq, action, prefix)))
        for seq, action, prefix, ge, le in entries
    ]


def test_apipa_neighbor_in_the_vti_subnet():
    end, findings = one_vti(bgp_config())
    assert findings == []
    bgp = end.bgp
    assert (bgp.asn, bgp.peer_asn, bgp.local_addresses, bgp.peer_address) == (65010, 65515, ("169.254.21.2",), NEIGHBOR)
    assert bgp.multihop == 1 and bgp.activated is True
    # network 10.1.0.0/16 matches the inside interface's connected network exactly
    assert bgp.advertised == ["10.1.0.0/16"]
    assert bgp.import_filter is None
    assert [l.text for l in bgp.source][:2] == ["router bgp 65010", "neighbor %s remote-as 65515" % NEIGHBOR]
    assert end.ref["bgp_neighbor"] == NEIGHBOR


def test_neighbor_routed_through_the_vti_nameif_with_multihop():
    # Azure's default BGP peering address lives in the gateway subnet, reached by a /32 via the tunnel
    config = bgp_config(neighbor="10.20.255.30", ebgp_multihop=2)
    config.routes.append(StaticRoute("AZURE-VTI", net("10.20.255.30/32"), "169.254.21.1", 1,
                                     ConfigLine(320, "route AZURE-VTI 10.20.255.30 255.255.255.255 169.254.21.1 1")))
    end, findings = one_vti(config)
    assert findings == []
    assert (end.bgp.peer_address, end.bgp.multihop) == ("10.20.255.30", 2)


def test_bare_ebgp_multihop_allows_ttl_255():
    config = bgp_config()
    config.bgp.neighbors[NEIGHBOR].lines.append(ConfigLine(303, "neighbor %s ebgp-multihop" % NEIGHBOR))
    assert one_vti(config)[0].bgp.multihop == 255


@pytest.mark.parametrize("options", [dict(activated=False), dict(shutdown=True)])
def test_not_activated_or_shut_down_neighbor(options):
    assert one_vti(bgp_config(**options))[0].bgp.activated is False


def test_network_is_advertised_only_with_an_exact_route():
    # 10.1.0.0/24 lies inside the connected /16 but has no exact route; 10.9.0.0/16 has a static one
    config = bgp_config(networks=("10.1.0.0/16", "10.1.0.0/24", "10.9.0.0/16"))
    config.routes.append(StaticRoute("inside", net("10.9.0.0/16"), "10.1.0.254", 1,
                                     ConfigLine(321, "route inside 10.9.0.0 255.255.0.0 10.1.0.254 1")))
    assert one_vti(config)[0].bgp.advertised == ["10.1.0.0/16", "10.9.0.0/16"]


def test_outbound_prefix_list_and_route_map_filter_what_is_advertised():
    config = bgp_config(networks=("10.1.0.0/16", "169.254.21.0/30"), prefix_list_out="OUT")
    prefix_list(config, "OUT", (5, "permit", "10.0.0.0/8", None, 16))
    assert one_vti(config)[0].bgp.advertised == ["10.1.0.0/16"]

    config = bgp_config(networks=("10.1.0.0/16", "169.254.21.0/30"), route_map_out="RM-OUT")
    prefix_list(config, "APIPA", (5, "permit", "169.254.0.0/16", None, 32))
    config.route_maps["RM-OUT"] = [
        RouteMapEntry(10, "deny", ["APIPA"], lines=[ConfigLine(450, "route-map RM-OUT deny 10")]),
        RouteMapEntry(20, "permit", lines=[ConfigLine(452, "route-map RM-OUT permit 20")]),
    ]
    assert one_vti(config)[0].bgp.advertised == ["10.1.0.0/16"]


def test_redistribute_makes_advertised_undecidable():
    config = bgp_config()
    config.bgp.redistribute.append(ConfigLine(330, "redistribute static"))
    assert one_vti(config)[0].bgp.advertised is None


def test_inbound_prefix_list_is_the_import_filter():
    config = bgp_config(prefix_list_in="FROM-AZURE")
    prefix_list(config, "FROM-AZURE", (10, "deny", "0.0.0.0/0", None, None), (20, "permit", "10.20.0.0/16", None, 24))
    assert one_vti(config)[0].bgp.import_filter == [
        PrefixRule("deny", "0.0.0.0/0", None, None, (ConfigLine(410, "prefix-list FROM-AZURE seq 10 deny 0.0.0.0/0"),)),
        PrefixRule("permit", "10.20.0.0/16", None, 24,
                   (ConfigLine(420, "prefix-list FROM-AZURE seq 20 permit 10.20.0.0/16"),)),
    ]


def test_inbound_route_map_flattens_to_rules():
    config = bgp_config(route_map_in="RM-IN")
    prefix_list(config, "VNETS", (5, "permit", "10.20.0.0/16", None, 24))
    config.route_maps["RM-IN"] = [RouteMapEntry(10, "permit", ["VNETS"], lines=[ConfigLine(460, "route-map RM-IN "
                                                                                           "permit 10")])]
    rules = one_vti(config)[0].bgp.import_filter
    assert [(r.action, r.prefix, r.le) for r in rules] == [("permit", "10.20.0.0/16", 24)]


def test_route_map_with_an_unmodelled_match_is_named():
    config = bgp_config(route_map_in="RM-IN")
    other = ConfigLine(471, "match community 100")
    config.route_maps["RM-IN"] = [RouteMapEntry(10, "permit", other_matches=[other],
                                                lines=[ConfigLine(470, "route-map RM-IN permit 10"), other])]
    end, findings = one_vti(config)
    assert codes(findings) == [("UNSUPPORTED_CONSTRUCT", "warning")]
    assert findings[0].evidence["asa"]["lines"] == [{"line": 471, "text": "match community 100"}]


def test_undefined_prefix_list_is_named_once():
    config = bgp_config(prefix_list_in="NOPE", prefix_list_out="NOPE")
    end, findings = one_vti(config)
    assert codes(findings) == [("UNDEFINED_REFERENCE", "error")]
    assert findings[0].scope == [end.name]
    assert end.bgp.advertised is None


def test_azure_looking_neighbor_outside_every_tunnel_is_a_finding():
    config = bgp_config()
    config.bgp.neighbors["169.254.22.1"] = BgpNeighbor("169.254.22.1", remote_as=65515, activated=True,
                                                       lines=[ConfigLine(340, "neighbor 169.254.22.1 remote-as 65515")])
    config.bgp.neighbors["192.0.2.77"] = BgpNeighbor("192.0.2.77", remote_as=64999, activated=True,
                                                     lines=[ConfigLine(341, "neighbor 192.0.2.77 remote-as 64999")])
    vtis, findings = vti_of(config)
    # 169.254.22.1 follows the default route out of "outside": meant for Azure, not in a tunnel.
    # 192.0.2.77 is an ordinary neighbor on the outside subnet: left alone.
    assert codes(findings) == [("BGP_NO_ROUTE_TO_PEER", "warning")]
    assert "169.254.22.1" in findings[0].summary and "interface outside" in findings[0].summary
    assert vtis[0].bgp.peer_address == NEIGHBOR


def test_shut_vti_keeps_its_bgp_neighbor_and_says_shutdown_once():
    config = bgp_config(networks=("10.1.0.0/16", "169.254.21.0/30"))
    config.interfaces["Tunnel1"].shutdown = True
    config.interfaces["Tunnel1"].lines.append(ConfigLine(250, "shutdown"))
    end, findings = one_vti(config)
    assert codes(findings) == [("TUNNEL_INTERFACE_SHUTDOWN", "error")]
    assert end.bgp.peer_address == NEIGHBOR
    # the tunnel's connected network is gone from the routing table while it is shut
    assert end.bgp.advertised == ["10.1.0.0/16"]


def test_the_one_azure_neighbor_without_a_route_stays_on_the_one_vti_without_a_neighbor():
    # Azure's default peering address, reached by no route: the session belongs to the tunnel and
    # the engine reports the missing route on it (not "the ASA runs no BGP").
    end, findings = one_vti(bgp_config(neighbor="10.20.255.30", ebgp_multihop=2, routes=()))
    assert findings == []
    assert end.bgp.peer_address == "10.20.255.30"
    assert not any(ipaddress.ip_address("10.20.255.30") in net(n) for n in end.routed_networks)


def test_an_ordinary_neighbor_is_not_taken_for_the_tunnel():
    config = bgp_config(neighbor="10.1.0.254", remote_as=64999)
    end, findings = one_vti(config)
    assert end.bgp is None and findings == []
