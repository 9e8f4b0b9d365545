# -*- coding: utf-8 -*-
"""The ASA facts' ``connected_networks`` hold the IPv6 prefixes of ``ipv6 address X/len`` too, each with its own line,
so ROUTE_MISSING names the interface an IPv6 prefix of the peer reused inside goes to, and the IPv6 route fix into
the tunnel is held back there, as for IPv4 (test_route_fix_within_connected.py).

The case follows a dual-stack Azure VNet (an IPv4 and an IPv6 address space, as Azure's dual-stack VNet templates
give it: "addressPrefixes" of both families) reached from an ASA whose inside is dual-stack. Azure's VPN gateway in
such a VNet carries IPv4 only, so the IPv4 VTI's check leaves the IPv6 prefix alone; an end that carries IPv6
(selectors ::/0) is made by hand from the same facts, as the ASA model has no IPv6 VTI."""

import dataclasses

import pytest

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_engine_bgp import azure_end, only
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation_routed import TunnelRouteDistances
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import Side
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TrafficSelector

# the LAN of scenario_builders.SITE (GigabitEthernet0/1, its 'ip address' on line 13) made dual-stack: two global
# prefixes (lines 14 and 15), a link-local address (never forwarded) and one on DMZ learnt by autoconfig (no prefix)
INSIDE_V6 = (" ip address 10.1.0.1 255.255.0.0\n"
             " ipv6 address 2001:db8:c0a::1/64\n"
             " ipv6 address 2001:db8:c0b::1/64 standby 2001:db8:c0b::2\n"
             " ipv6 address fe80::1 link-local\n"
             " ipv6 enable\n")
DMZ = "interface GigabitEthernet0/2\n nameif DMZ\n security-level 50\n ipv6 address autoconfig\n!\n"
VNET_V6 = "2001:db8:c0a::/64"  # the VNet's IPv6 space reuses the LAN's first prefix
WHERE = "interface GigabitEthernet0/1 (LAN), line 14"


def _config():
    text = vti_config(routes="").replace(" ip address 10.1.0.1 255.255.0.0\n", INSIDE_V6, 1)
    return text.replace("interface Tunnel1\n", DMZ + "interface Tunnel1\n", 1)


def _azure(vnet=("172.16.0.0/16", VNET_V6)):
    return azure_facts_from_data(azure_resources(**dict(ROUTE_BASED, vnet_prefixes=vnet)))


def test_facts_list_each_global_ipv6_prefix_of_an_interface_with_its_line():
    facts = asa_facts_from_text(_config())
    lan = [n for n in facts["connected_networks"] if n[0] == "LAN"]
    assert lan == [["LAN", "10.1.0.0/16", "GigabitEthernet0/1", 13], ["LAN", VNET_V6, "GigabitEthernet0/1", 14],
                   ["LAN", "2001:db8:c0b::/64", "GigabitEthernet0/1", 15]]
    # no link-local prefix, nothing for the autoconfigured DMZ
    assert not [n for n in facts["connected_networks"] if n[1].startswith("fe80") or n[0] == "DMZ"]


def test_the_ipv4_vti_of_a_dual_stack_site_still_gets_its_ipv4_route_fix():
    """The IPv6 prefix is outside what an IPv4 VTI carries: no finding of it, and the IPv4 fix stays proven."""
    report = run_check(asa_facts_from_text(_config()), _azure())
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["remediation"]["asa"] == ["route AZURE 172.16.0.0 255.255.0.0 169.254.21.1"]
    assert VNET_V6 not in finding["summary"]


def _ipv6_ends():
    """The facts' ASA end, carrying IPv6 over its tunnel (an IPv6 tunnel subnet, selectors ::/0), and an Azure end
    whose VNet is the reused IPv6 prefix (or a part of it)."""
    side = Side(asa_facts_from_text(_config()), "ASA")
    [asa] = side.ends
    asa = dataclasses.replace(asa, traffic_selectors=[TrafficSelector(local="::/0", remote="::/0")],
                              tunnel_address="fd00:21::2/126", routed_networks=["fd00:21::/126"])
    asa.connected_networks = side.ends[0].connected_networks  # the device's, which replace does not copy
    return side, asa


@pytest.mark.parametrize("vnet, held", [(VNET_V6, "the network of"),
                                        ("2001:db8:c0a::/80", "within %s, the network of" % VNET_V6)], ids=range(2))
def test_route_missing_names_the_inside_interface_and_line_of_a_reused_ipv6_prefix(vnet, held):
    side, asa = _ipv6_ends()
    finding = only(check_tunnel(asa, azure_end(local_networks=[vnet], routed_networks=["10.1.0.0/16"])),
                   "ROUTE_MISSING")
    assert finding.evidence["asa"]["connected"] == {vnet: WHERE}
    assert finding.summary.endswith("traffic to %s goes to %s instead (%s is %s that interface: the same range is "
                                    "used on both sides)." % (vnet, WHERE, vnet, held))
    # and its route fix is held back, naming that interface
    TunnelRouteDistances([asa], [], side.connected_networks).float_fixes(asa, [finding])
    [item] = finding.fixes["asa"]
    assert WHERE in item["own_network"]
    assert all(line.startswith("!") for line in asa_remediation(asa, finding.fixes["asa"]))
