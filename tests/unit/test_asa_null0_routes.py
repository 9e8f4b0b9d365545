# -*- coding: utf-8 -*-
"""Review: ASA null0 (black-hole) routes, ``route null0 <network> <mask> [distance]`` and ``ipv6 route null0
<prefix>/<length> [distance]`` (Cisco ASA general configuration guide 9.19, "Static and Default Routes", "Route to
null0 Interface to Drop Unwanted Traffic"), were read as routes through an undefined nameif with a missing gateway:
false UNDEFINED_REFERENCE / INVALID_VALUE findings, and a BGP ``network`` backed only by a null0 route (the common
ASA-to-Azure pattern) was thought not in the routing table, so not advertised (a false BGP_ROUTES_NOT_EXCHANGED).
A null0 route leads nowhere: a BGP neighbor routed to it is not reached, and traffic does not enter the ASA from it
(NAT ingress)."""

import ipaddress

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import NULL0
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_ingress import Ingress
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import span_of
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import RouteTable
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import asa_text, azure  # noqa: E402  pylint: disable=wrong-import-position

HEAD = """ASA Version 9.16(1)
hostname gw
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.248
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.9.0.1 255.255.0.0
"""


def parsed(routes):
    return parse_running_config(HEAD + "".join(line + "\n" for line in routes))


@pytest.mark.parametrize("line, network, distance", [
    ("route null0 2.2.2.2 255.255.255.255", "2.2.2.2/32", 1),
    ("route Null0 10.0.0.0 255.0.0.0 254", "10.0.0.0/8", 254),
    ("route NULL0 10.1.0.0 255.255.0.0 1", "10.1.0.0/16", 1),
    ("ipv6 route null0 2001:db8:100::/48", "2001:db8:100::/48", 1),
    ("ipv6 route Null0 2001:db8:100::/48 254", "2001:db8:100::/48", 254),
])
def test_a_valid_null0_route_is_read_without_a_finding(line, network, distance):
    config, findings = parsed([line])
    assert [(f.code, f.summary) for f in findings] == []
    routes = config.ipv6_routes if line.startswith("ipv6") else config.routes
    assert [(r.interface, str(r.network), r.gateway, r.metric, r.line.text) for r in routes] == [
        (NULL0, network, None, distance, line)]


def test_the_reported_config_has_no_finding():
    text = HEAD + ("route null0 2.2.2.2 255.255.255.255\nroute Null0 10.0.0.0 255.0.0.0 254\n"
                   "ipv6 route null0 2001:db8:100::/48\nipv6 route Null0 2001:db8:100::/48 254\n")
    assert asa_facts_from_text(text)["findings"] == []


@pytest.mark.parametrize("line, value", [
    ("route null0 10.0.0.0 255.0.0.0 254 track 1", None),  # extra words: the whole line
    ("route null0 10.0.0.0 255.0.0.0 10.9.0.254 1", None),  # a gateway: null0 takes none
    ("route null0 10.0.0.0", None),
    ("route null0 10.0.0.300 255.0.0.0", "10.0.0.300"),
    ("route null0 10.0.0.0 255.0.255.0", "255.0.255.0"),
    ("route null0 10.0.0.0 255.0.0.0 256", "256"),
    ("route null0 10.0.0.0 255.0.0.0 tunneled", "tunneled"),
    ("ipv6 route null0 2001:db8:100::", "2001:db8:100::"),
    ("ipv6 route null0 2001:db8:100::/129", "2001:db8:100::/129"),
    ("ipv6 route null0 2001:db8:100::/48 0", "0"),
    ("ipv6 route null0 2001:db8:100::/48 1 tunneled", None),
])
def test_a_malformed_null0_route_is_an_invalid_value_naming_its_line(line, value):
    config, findings = parsed([line])
    assert [f.code for f in findings] == ["INVALID_VALUE"]
    assert "Line 11:" in findings[0].summary
    assert repr(value if value is not None else line) in findings[0].summary
    assert config.routes == [] and config.ipv6_routes == []


def test_the_route_table_holds_a_null0_route_but_sends_nothing_through_it():
    config, _findings = parsed(["route Null0 10.0.0.0 255.0.0.0 254", "route inside 10.5.0.0 255.255.0.0 10.9.0.254"])
    table = RouteTable(config)
    assert table.has_exact(ipaddress.ip_network("10.0.0.0/8"))
    assert NULL0 not in table.by_nameif
    found = table.lookup("10.7.0.1")
    assert (found[0], found[1].text, found[2]) == (NULL0, "route Null0 10.0.0.0 255.0.0.0 254", "null0")
    assert table.lookup("10.5.0.1")[0] == "inside"  # the longer prefix
    assert table.lookup("10.9.0.7")[0] == "inside"  # connected


@pytest.mark.parametrize("routes, wanted", [
    (["route Null0 10.1.0.0 255.255.0.0 254", "route inside 10.1.0.0 255.255.0.0 10.9.0.254"], "inside"),
    (["route inside 10.1.0.0 255.255.0.0 10.9.0.254 200", "route Null0 10.1.0.0 255.255.0.0 5"], NULL0),
    (["route inside 10.1.0.0 255.255.0.0 10.9.0.254", "route Null0 10.1.0.0 255.255.0.0"], "inside"),
])
def test_for_one_prefix_the_lower_distance_of_null0_and_an_interface_is_installed(routes, wanted):
    config, _findings = parsed(routes)
    assert RouteTable(config).lookup("10.1.2.3")[0] == wanted


@pytest.mark.parametrize("routes, wanted", [
    (["route outside 10.1.0.0 255.255.0.0 198.51.100.9 10", "route inside 10.1.0.0 255.255.0.0 10.9.0.254 1"], "inside"),
    (["route inside 10.1.0.0 255.255.0.0 10.9.0.254 1", "route outside 10.1.0.0 255.255.0.0 198.51.100.9 10"], "inside"),
    (["route outside 10.1.0.0 255.255.0.0 198.51.100.9", "route inside 10.1.0.0 255.255.0.0 10.9.0.254"], "outside"),
])
def test_for_one_prefix_the_lower_distance_of_two_interfaces_is_installed_whatever_the_order(routes, wanted):
    """Review 2026-12-04: the first line won, so a floating route written before its primary (an active-active
    Azure pair: the BGP peer routed through both VTIs) put the neighbor on the backup tunnel, and the findings
    moved between the two instances with the order of two lines."""
    config, _findings = parsed(routes)
    assert RouteTable(config).lookup("10.1.2.3")[0] == wanted


# --- BGP over a VTI to Azure: the advertised network backed only by a null0 route ---------------------------------

PEERING = [("default", "203.0.113.50", "10.50.255.4", [])]
ROUTE_TO_PEER = "route AZ-1 10.50.255.4 255.255.255.255 192.168.250.1 1\n"


def summary_asa(routes):
    """The ASA of tests/unit/vti_azure_builders advertising 10.0.0.0/8 (no connected network of that prefix)."""
    text = asa_text([(1, "192.168.250.2", "203.0.113.50")],
                    ["neighbor 10.50.255.4 remote-as 65515", "neighbor 10.50.255.4 disable-connected-check",
                     "neighbor 10.50.255.4 activate"], routes=ROUTE_TO_PEER + routes)
    assert "  network 10.2.0.0 mask 255.255.0.0\n" in text
    return text.replace("  network 10.2.0.0 mask 255.255.0.0\n", "  network 10.0.0.0 mask 255.0.0.0\n")


def check(asa):
    asa_facts = asa_facts_from_text(asa)
    return asa_facts, run_check(asa_facts, azure_facts_from_data(azure(PEERING, "192.168.250.2", False)))


def bgp_findings(report):
    return [(f["code"], f["severity"]) for t in report["tunnels"] for f in t["findings"] if f["code"].startswith("BGP")]


@pytest.mark.parametrize("null0", ["route Null0 10.0.0.0 255.0.0.0\n", "route null0 10.0.0.0 255.0.0.0 254\n"])
def test_a_bgp_network_backed_by_a_null0_route_is_advertised_to_azure(null0):
    asa_facts, report = check(summary_asa(null0))
    assert asa_facts["findings"] == []
    assert [t["bgp"]["advertised"] for t in asa_facts["tunnels"]] == [["10.0.0.0/8"]]  # what Azure learns
    assert bgp_findings(report) == []
    assert report["tunnels"][0]["verdict"] == "pass"


def test_without_the_null0_route_the_network_is_not_advertised_and_still_reported():
    _facts, report = check(summary_asa(""))
    assert ("BGP_ROUTES_NOT_EXCHANGED", "error") in bgp_findings(report)


def test_a_bgp_neighbor_routed_to_null0_is_not_reached_and_no_undefined_interface():
    text = summary_asa("route Null0 10.50.0.0 255.255.0.0\n").replace(ROUTE_TO_PEER, "")
    asa_facts, report = check(text)
    # no parse finding; the neighbor is not given to the tunnel (whose routes may cover it): named with the null0 route
    assert [f["code"] for f in asa_facts["findings"]] == ["BGP_NO_ROUTE_TO_PEER"]
    assert "the null0 route on line" in asa_facts["findings"][0]["summary"]
    assert "BGP_NO_ROUTE_TO_PEER" in [code for code, _severity in bgp_findings(report)]
    assert "UNDEFINED_REFERENCE" not in [f["code"] for t in report["tunnels"] for f in t["findings"]]


def test_an_azure_neighbor_no_tunnel_claims_names_the_null0_route_that_drops_it():
    text = summary_asa("route Null0 10.60.0.0 255.255.0.0\n").replace(
        "  neighbor 10.50.255.4 activate\n",
        "  neighbor 10.50.255.4 activate\n  neighbor 10.60.0.1 remote-as 65515\n  neighbor 10.60.0.1 activate\n")
    asa_facts, _report = check(text)
    found = [f for f in asa_facts["findings"] if f["code"] == "BGP_NO_ROUTE_TO_PEER"]
    assert len(found) == 1 and "10.60.0.1" in found[0]["summary"], found
    assert "the null0 route on line" in found[0]["summary"] and "interface Null0" not in found[0]["summary"]
    assert "route Null0 10.60.0.0 255.255.0.0" in [line["text"] for line in found[0]["evidence"]["asa"]["lines"]]


# --- NAT ingress: traffic does not enter from null0 -----------------------------------------------------------

NAT_HEAD = HEAD + """object network LOCAL
 subnet 10.1.0.0 255.255.0.0
object network REMOTE
 subnet 172.16.0.0 255.255.0.0
route inside 10.0.0.0 255.0.0.0 10.9.0.254
"""
EXEMPTION = "nat (inside,outside) source static LOCAL LOCAL destination static REMOTE REMOTE no-proxy-arp route-lookup\n"


def _span(text):
    return span_of(ipaddress.ip_network(text))


def test_a_null0_route_is_no_ingress_interface():
    config, findings = parse_running_config(NAT_HEAD + "route Null0 10.1.0.0 255.255.0.0 254\n"
                                            "ipv6 route Null0 2001:db8:100::/48\n")
    assert findings == []
    ingress = Ingress(config)
    assert ingress.ingress(_span("10.1.0.0/16")) == [(_span("10.1.0.0/16"), None)]  # not known: not Null0
    assert ingress.ingress(_span("10.2.0.0/16")) == [(_span("10.2.0.0/16"), "inside")]
    assert ingress.ingress(_span("2001:db8:100:1::/64")) == [(_span("2001:db8:100:1::/64"), None)]
    assert [nameif for _part, nameif in ingress.ingress(_span("10.0.0.0/15"))] == ["inside", None]
    assert NULL0 not in ingress.entry_nameifs()


def test_a_route_through_an_interface_decides_the_ingress_over_a_null0_route_of_the_same_prefix():
    config, _findings = parse_running_config(NAT_HEAD + "route Null0 10.1.0.0 255.255.0.0 1\n"
                                             "route inside 10.1.0.0 255.255.0.0 10.9.0.254 254\n")
    assert Ingress(config).ingress(_span("10.1.0.0/16")) == [(_span("10.1.0.0/16"), "inside")]


@pytest.mark.parametrize("null0", ["", "route Null0 10.1.0.0 255.255.0.0 254\n", "route null0 10.1.0.0 255.255.0.0\n"])
def test_the_nat_exemption_bound_to_inside_still_decides_for_a_local_network_behind_null0(null0):
    config, findings = parse_running_config(NAT_HEAD + null0 + EXEMPTION)
    assert findings == []
    index = AdapterContext(config, "h").nat_index
    pairs = {("10.1.0.0/16", "172.16.0.0/16"): (_span("10.1.0.0/16"), _span("172.16.0.0/16"))}
    verdict, rules = index.decide_tunnel(pairs, "outside", by_ingress=True)
    assert verdict.exempt is True
    assert [rule.line.text for rule in rules] == [EXEMPTION.strip()]


PEER_ONLY = [("default", "203.0.113.50", "10.50.255.4", [])]


def _peer_asa(routes):
    text = asa_text([(1, "192.168.250.2", "203.0.113.50")],
                    ["neighbor 10.50.255.4 remote-as 65515", "neighbor 10.50.255.4 disable-connected-check",
                     "neighbor 10.50.255.4 activate"], routes=routes)
    return asa_facts_from_text(text)


@pytest.mark.parametrize("routes", [
    # a longer null0 route inside the tunnel's route
    "route AZ-1 10.50.0.0 255.255.0.0 192.168.250.1 1\nroute Null0 10.50.255.0 255.255.255.0\n",
    # the same prefix, null0 at the lower distance: the installed one
    "route AZ-1 10.50.255.4 255.255.255.255 192.168.250.1 5\nroute Null0 10.50.255.4 255.255.255.255 1\n",
], ids=["longer-null0", "lower-distance-null0"])
def test_an_azure_bgp_peer_a_null0_route_drops_never_passes(routes):
    """The tunnel's own routes cover the peer, but the ASA sends its packets to null0: the session cannot come up.
    The neighbor was given to the tunnel as if only its route were missing, and the check passed it."""
    report = run_check(_peer_asa(routes), azure_facts_from_data(azure(PEER_ONLY, "192.168.250.2", False)))
    [tunnel] = report["tunnels"]
    assert tunnel["verdict"] != "pass"
    named = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_NO_ROUTE_TO_PEER"]
    assert any("null0 route" in f["summary"] for f in named), [f["summary"] for f in tunnel["findings"]]


# --- a null0 route inside a static route into the tunnel: that part of the traffic is dropped ---------------------
VNET_ROUTE = "route AZ-1 10.60.0.0 255.255.0.0 192.168.250.1 1\n"


def black_holed(text):
    asa_facts, report = check(text)
    return [f for f in asa_facts["findings"] if f["code"] == "ROUTE_MISSING"], report


@pytest.mark.parametrize("null0,taken", [
    ("route Null0 10.60.2.0 255.255.255.0\n", "10.60.2.0/24"),   # more specific: the longest prefix wins
    ("route null0 10.60.0.0 255.255.0.0 2\n", "10.60.0.0/16"),  # the same prefix at a lower distance is installed
])
def test_a_null0_route_that_takes_part_of_a_route_into_the_tunnel_is_a_warning_naming_both_lines(null0, taken):
    route = VNET_ROUTE.replace(" 1\n", " 5\n")
    found, report = black_holed(summary_asa(route + null0))
    [finding] = found
    assert finding["severity"] == "warning"
    assert "10.60.0.0/16" in finding["summary"] and taken in finding["summary"]
    assert [line["text"] for line in finding["evidence"]["asa"]["lines"]] == [route.strip(), null0.strip()]
    assert finding["scope"] == ["Tunnel1 (AZ-1)"]
    # a comment, never a command: the null0 route may be meant
    assert all(line.startswith("!") for line in finding["remediation"]["asa"])
    [tunnel] = report["tunnels"]
    assert "ROUTE_MISSING" in [f["code"] for f in tunnel["findings"]] and tunnel["verdict"] != "pass"


@pytest.mark.parametrize("null0", [
    "route Null0 10.0.0.0 255.0.0.0\n",            # contains the route: the longer route into the tunnel wins
    "route Null0 10.61.0.0 255.255.0.0\n",          # beside it
    "route null0 10.60.0.0 255.255.0.0 1\n",        # same prefix, same distance: the interface (assumed)
    "route null0 10.60.0.0 255.255.0.0 254\n",      # a floating null0 behind the route
])
def test_a_null0_route_that_takes_nothing_from_the_route_into_the_tunnel_is_no_finding(null0):
    found, _report = black_holed(summary_asa(VNET_ROUTE + null0))
    assert found == []


def test_many_null0_routes_inside_one_route_are_one_finding_naming_five_and_more():
    holes = "".join("route Null0 10.60.%d.0 255.255.255.0\n" % n for n in range(40))
    [finding] = black_holed(summary_asa(VNET_ROUTE + holes))[0]
    assert len(finding["evidence"]["asa"]["lines"]) == 6 and "and more" in finding["summary"]


def test_among_20000_null0_routes_elsewhere_the_one_inside_the_route_is_found():
    routes = ["route null0 172.16.%d.%d 255.255.255.255" % (n // 250, n % 250) for n in range(20000)]
    routes += ["route null0 10.59.255.0 255.255.255.0", "route null0 10.61.0.0 255.255.255.0",
               "route null0 10.60.255.128 255.255.255.128", VNET_ROUTE.strip()]
    config, _findings = parsed(routes)
    assert RouteTable(config).black_holes_within(config.routes[-1]) == [config.routes[-2]]
