# -*- coding: utf-8 -*-
"""An interface whose IPv6 networks the text does not state ('ipv6 address autoconfig', 'dhcp', a delegated prefix)
may be where an IPv6 local network really sits: the NAT check took the routes it knew as the whole truth, judged a
tunnel's NAT for the interface a wide static route named, and reported NAT_EXEMPTION_MISSING as an error where the
traffic may enter by the interface that exempts it. Such an interface is now a possible ingress for an IPv6 local
network unless a known route decides (a static route longer than the SLAAC /64; nothing, for a prefix of any length),
so the verdict is undecidable with a finding naming both lines, never a false error. IPv4 is unchanged."""

import pytest

import policy_based_shapes as shapes
import test_nat_real_interface_review as natrev

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

INSIDE4 = " nameif inside\n security-level 100\n ip address 10.1.0.1 255.255.0.0\n"
SERVERS4 = " nameif servers\n security-level 100\n ip address 10.2.0.1 255.255.0.0\n"
ANY6 = " nat (any,outside) dynamic interface\nobject network obj_any6\n subnet ::/0\n nat (any,outside) dynamic interface ipv6\n"
AUTOCONFIG = " ipv6 address autoconfig"
WIDE_ROUTE = "ipv6 route servers 2001:db8::/32 2001:db8:2::9"


def _text(local="2001:db8:1::/64", inside=AUTOCONFIG, routes=WIDE_ROUTE, nat="inside", inside_extra=""):
    """Identity NAT for the tunnel on ``nat`` only; inside's IPv6 address line ``inside``; servers on 2001:db8:2::/64."""
    text = natrev.ASA.format(onprem=" network-object " + local, nat=natrev.IDENTITY % nat, routes=routes)
    text = text.replace(INSIDE4, INSIDE4.replace(" ip address 10.1.0.1 255.255.0.0\n", inside + "\n" + inside_extra))
    text = text.replace(SERVERS4, SERVERS4 + " ipv6 address 2001:db8:2::1/64\n")
    text = text.replace("network-object 172.16.0.0 255.255.0.0", "network-object 2001:db8:ff::/48")
    return text.replace(" nat (any,outside) dynamic interface\n", ANY6)


def _check(text, local="2001:db8:1::/64"):
    facts = asa_facts_from_text(text, host="fw")
    [tunnel] = run_check(facts, azure_facts_from_data(shapes.arm(lng_prefixes=(local,), vnet=("2001:db8:ff::/48",))))[
        "tunnels"]
    return facts["tunnels"][0]["nat"], tunnel


def _codes(tunnel):
    return sorted({(f["code"], f["severity"]) for f in tunnel["findings"]})


def test_an_autoconfigured_interface_where_a_wide_route_points_elsewhere_makes_nat_undecidable_not_an_error():
    text = _text()
    nat, tunnel = _check(text)
    assert nat["exempt"] is None, nat
    assert ("NAT_EXEMPTION_MISSING", "error") not in _codes(tunnel)
    lines = text.splitlines()
    autoconfig, rule = lines.index(AUTOCONFIG) + 1, lines.index(natrev.IDENTITY % "inside") + 1
    [finding] = [f for f in tunnel["findings"] if f["summary"].startswith("NAT rule on line %d" % rule)]
    assert finding["code"] == "UNSUPPORTED_CONSTRUCT" and finding["severity"] == "warning"
    assert "servers" in finding["summary"] and "line %d 'ipv6 address autoconfig'" % autoconfig in finding["summary"]
    assert [entry["line"] for entry in finding["evidence"]["asa"]["lines"]] == [rule, autoconfig]
    assert "cannot tell whether it translates" in nat["detail"]


def test_the_same_with_inside_s_prefix_stated_is_judged_as_before():
    nat, tunnel = _check(_text(inside=" ipv6 address 2001:db8:1::1/64"))
    assert nat["exempt"] is True and tunnel["verdict"] == "pass"


@pytest.mark.parametrize("inside", [AUTOCONFIG, " ipv6 address PD-PREFIX ::1:0:0:0:1/64"])
def test_a_static_route_longer_than_the_unknown_64_decides(inside):
    """2001:db8:1:0:1::/80 is routed to servers by an /80: the /64 the interface may be on is shorter, so the traffic
    enters by servers, where nothing exempts it: the error stands (judged, not undecidable)."""
    local = "2001:db8:1:0:1::/80"
    nat, tunnel = _check(_text(local, inside, "ipv6 route servers %s 2001:db8:2::9" % local), local)
    assert nat["exempt"] is False, nat
    assert ("NAT_EXEMPTION_MISSING", "error") in _codes(tunnel)


def test_a_static_route_as_long_as_the_slaac_64_does_not_decide():
    """A connected /64 wins over a static /64 for the same prefix (distance 0 against 1)."""
    nat, _tunnel = _check(_text(routes="ipv6 route servers 2001:db8:1::/64 2001:db8:2::9"))
    assert nat["exempt"] is None, nat


def test_a_dhcpv6_interface_may_be_on_a_prefix_of_any_length_so_no_route_decides():
    local = "2001:db8:1:0:1::/80"
    nat, _tunnel = _check(_text(local, " ipv6 address dhcp", "ipv6 route servers %s 2001:db8:2::9" % local), local)
    assert nat["exempt"] is None, nat


def test_a_local_network_on_another_interface_s_stated_prefix_is_decided():
    """servers is on 2001:db8:2::/64 (stated): one prefix is not on two interfaces, so inside's unknown /64 is not it."""
    local = "2001:db8:2::/64"
    nat, tunnel = _check(_text(local, nat="servers"), local)
    assert nat["exempt"] is True, nat
    assert not [f for f in tunnel["findings"] if f["summary"].startswith("NAT rule on line")]


def test_nat_the_same_on_every_possible_interface_is_decided():
    text = _text().replace(natrev.IDENTITY % "inside", natrev.IDENTITY % "inside" + "\n" + natrev.IDENTITY % "servers")
    nat, _tunnel = _check(text)
    assert nat["exempt"] is True, nat


@pytest.mark.parametrize("extra", [" management-only\n", " shutdown\n"])
def test_an_interface_no_through_traffic_enters_by_is_not_a_possible_ingress(extra):
    nat, tunnel = _check(_text(inside_extra=extra))
    assert nat["exempt"] is False and ("NAT_EXEMPTION_MISSING", "error") in _codes(tunnel)


def test_the_crypto_map_s_own_interface_is_not_a_possible_ingress():
    outside = " nameif outside\n security-level 0\n ip address 198.51.100.10 255.255.255.248\n"
    text = _text(inside=" ipv6 address 2001:db8:7::1/64").replace(outside, outside + AUTOCONFIG + "\n")
    assert AUTOCONFIG in text
    nat, _tunnel = _check(text)
    assert nat["exempt"] is False, nat


def test_ipv4_local_networks_are_unchanged():
    text = natrev.ASA.format(onprem=natrev.TWO, nat=natrev.IDENTITY % "inside", routes="")
    text = text.replace(INSIDE4, INSIDE4 + AUTOCONFIG + "\n")
    facts = asa_facts_from_text(text, host="fw")
    [tunnel] = run_check(facts, azure_facts_from_data(shapes.arm(lng_prefixes=("10.1.0.0/16", "10.2.0.0/16"))))["tunnels"]
    assert facts["tunnels"][0]["nat"]["exempt"] is False
    assert ("NAT_EXEMPTION_MISSING", "error") in _codes(tunnel)


@pytest.mark.parametrize("line, length", [
    ("ipv6 address autoconfig", 64), ("ipv6 address autoconfig default trust dhcp", 64),
    ("ipv6 address dhcp default", None), ("ipv6 address PD-PREFIX ::1:0:0:0:1/56", 56),
])
def test_the_parser_notes_the_unknown_networks_on_the_interface_with_their_line(line, length):
    text = "interface GigabitEthernet0/1\n nameif inside\n %s\n" % line
    config, _findings = parse_asa_config(text)
    [(noted, noted_length)] = config.interfaces["GigabitEthernet0/1"].ipv6_unknown
    assert (noted.line, noted.text, noted_length) == (3, line, length)


def test_a_prefix_stated_on_an_interface_is_decided_there_whatever_a_dhcpv6_link_may_learn():
    """One prefix is on one link: inside states 2001:db8:1::1/64, a second link learns its address by DHCPv6 (any
    length). The stated network decides; the DHCPv6 link made the tunnel's NAT undecidable with an extra warning."""
    text = _text(inside=" ipv6 address 2001:db8:1::1/64").replace(" ipv6 address 2001:db8:2::1/64\n",
                                                                  " ipv6 address dhcp default\n")
    assert " ipv6 address dhcp default" in text
    nat, tunnel = _check(text)
    assert nat["exempt"] is True, nat
    assert not [f for f in tunnel["findings"] if f["summary"].startswith("NAT rule on line")]
