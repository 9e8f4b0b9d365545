# -*- coding: utf-8 -*-
"""IPv6 shapes around a route-based ASA that the collection does not model (it checks IPv4 tunnels: reference yaml
asa.vti.limits). Each must be a finding naming its line, never a pass that read past it, nor a finding about
something else. The shapes follow Cisco's ASA 9.16/9.17 VTI chapter ("IPv6 Support": IPv6 addressed VTIs, IPv4 or
IPv6 over either, "the tunnel mode can either be IPv4 or IPv6", IPv6 BGP not supported over VTI) and the command
reference ("ipv6 router ospf"); addresses are documentation ones (RFC 3849, RFC 5737)."""

from scenario_builders import ROUTE_BASED, ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for


def _tunnel(text, resources=None):
    [tunnel] = report_for(text, azure_resources(**(resources or ROUTE_BASED)))["tunnels"]
    return tunnel


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip() == needle)


def _naming(tunnel, number):
    """The findings whose evidence cites line ``number`` of the ASA text."""
    return [f for f in tunnel["findings"]
            if number in [line["line"] for line in ((f["evidence"] or {}).get("asa") or {}).get("lines") or ()]]


def test_an_ospfv3_process_beside_a_vti_is_a_warning_naming_its_line():
    # 'ipv6 router ospf <id>' (OSPFv3) learns IPv6 routes that may lead into the tunnel, as 'router ospf' learns IPv4
    # ones (which is already a warning): it was read past and the tunnel passed
    text = vti_config(extra="ipv6 router ospf 10\n log-adjacency-changes")
    tunnel = _tunnel(text)
    [finding] = _naming(tunnel, _line_of(text, "ipv6 router ospf 10"))
    assert (finding["code"], finding["severity"]) == ("UNSUPPORTED_CONSTRUCT", "warning")
    assert "ipv6 router ospf 10" in finding["summary"]
    assert tunnel["verdict"] == "degraded"


def test_an_ipv6_address_on_an_ipv4_vti_is_named():
    # a dual-stack tunnel interface: 'tunnel mode ipsec ipv4' carries IPv4, so what IPv6 traffic is routed to the
    # address is not checked; it was read past and the tunnel passed with nothing said
    text = vti_config().replace(" ip address 169.254.21.2 255.255.255.252\n",
                                " ip address 169.254.21.2 255.255.255.252\n ipv6 address 2001:db8:21::2/64\n")
    tunnel = _tunnel(text)
    [finding] = _naming(tunnel, _line_of(text, "ipv6 address 2001:db8:21::2/64"))
    assert finding["code"] == "UNSUPPORTED_CONSTRUCT"
    assert "Tunnel1" in finding["summary"] and "ipsec ipv4" in finding["summary"]
    # the IPv4 tunnel itself is still checked and sound: the note does not fail or degrade it
    assert finding["severity"] == "info" and tunnel["verdict"] == "pass"


def test_an_ipv6_vti_gets_one_finding_not_a_second_one_for_its_address():
    text = vti_config().replace(" ip address 169.254.21.2 255.255.255.252\n", " ipv6 address 2001:db8:21::2/64\n")
    text = text.replace("tunnel mode ipsec ipv4", "tunnel mode ipsec ipv6")
    tunnel = _tunnel(text)
    assert [(f["code"], f["severity"]) for f in tunnel["findings"]] == [("UNSUPPORTED_CONSTRUCT", "warning")]
    assert "tunnel mode ipsec ipv6" in tunnel["findings"][0]["summary"]


def test_a_bgp_neighbor_with_an_ipv6_address_is_not_modelled_rather_than_unrouted():
    # an IPv6 neighbor in the IPv4 address family: it was judged as an IPv4 session ("looks like an Azure gateway's
    # peering address ... reached through no route at all") although its route is IPv6, which is not modelled
    bgp = router_bgp(lines=("neighbor 2001:db8:21::1 remote-as 65515", "neighbor 2001:db8:21::1 activate"))
    text = vti_config(routes="", bgp=bgp)
    tunnel = _tunnel(text, ROUTE_BASED_BGP)
    assert not [f for f in tunnel["findings"] if "2001:db8:21::1" in f["summary"] and f["code"] != "UNSUPPORTED_CONSTRUCT"]
    [finding] = _naming(tunnel, _line_of(text, "neighbor 2001:db8:21::1 remote-as 65515"))
    assert (finding["code"], finding["severity"]) == ("UNSUPPORTED_CONSTRUCT", "warning")
    assert "2001:db8:21::1" in finding["summary"]
    assert _line_of(text, "neighbor 2001:db8:21::1 activate") in [line["line"] for line in finding["evidence"]["asa"]["lines"]]


def test_a_tunnel_sourced_from_an_ipv6_only_interface_to_an_ipv4_peer_names_the_ipv6_address():
    # 'tunnel source interface' naming an interface with an IPv6 address only, the destination IPv4 (Azure's): the
    # error said the interface "has no IP address", which its own config contradicts, and named only its header
    text = vti_config().replace(" ip address 198.51.100.10 255.255.255.248\n", " ipv6 address 2001:db8:100::10/64\n")
    tunnel = _tunnel(text)
    [finding] = _naming(tunnel, _line_of(text, "ipv6 address 2001:db8:100::10/64"))
    assert (finding["code"], finding["severity"]) == ("PEER_ADDRESS_MISMATCH", "error")
    assert "no IPv4 address" in finding["summary"] and "has no IP address" not in finding["summary"]
    assert tunnel["verdict"] == "fail"


def test_an_ipv4_vti_with_only_an_ipv6_address_is_said_to_lack_an_ipv4_one():
    # the VTI's own address is IPv6 while its tunnel carries IPv4: the error said it "has no IP address"
    text = vti_config().replace(" ip address 169.254.21.2 255.255.255.252\n", " ipv6 address 2001:db8:21::2/64\n")
    tunnel = _tunnel(text)
    [error] = [f for f in tunnel["findings"] if f["severity"] == "error"]
    assert error["code"] == "INVALID_VALUE"
    assert "no IPv4 address" in error["summary"] and "has no IP address" not in error["summary"]
    assert _line_of(text, "ipv6 address 2001:db8:21::2/64") in [line["line"] for line in error["evidence"]["asa"]["lines"]]
