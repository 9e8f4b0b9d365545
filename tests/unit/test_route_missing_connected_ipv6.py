# -*- coding: utf-8 -*-
"""IPv6 through the same checks as tests/unit/test_route_fix_within_connected.py: a route-based end that carries IPv6
(selectors ::/0) with no route to an Azure IPv6 prefix its inside interface also uses. ROUTE_MISSING names that
interface, and the ASA route fix is withheld, whether the facts list the connected network (it is within it) or do not
list any (facts of an older release). The ASA model has no IPv6 VTI, so the ends are made here, as
test_engine_bgp.py makes them."""

import pytest

from test_engine_bgp import azure_end, only, vti_end
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation_routed import TunnelRouteDistances
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TrafficSelector

INSIDE = "interface GigabitEthernet0/1 (LAN), line 14"
# [nameif, network, interface, line] as asa_vpn_facts gives connected_networks; the tunnel's own subnet is one
CONNECTED = [["LAN", "2001:db8:1::/64", "GigabitEthernet0/1", 14], ["AZURE-VTI", "fd00:21::/126", "Tunnel1", 30]]


def _ends(vnet, connected=True):
    asa = vti_end(traffic_selectors=[TrafficSelector(local="::/0", remote="::/0")], tunnel_address="fd00:21::2/126",
                  routed_networks=["fd00:21::/126"], local_networks=["2001:db8:1::/64"])
    if connected:
        asa.connected_networks = (("2001:db8:1::/64", INSIDE), ("fd00:21::/126", "interface Tunnel1 (AZURE-VTI), line 30"))
    azure = azure_end(local_networks=[vnet], routed_networks=["2001:db8:1::/64"])
    return asa, azure


@pytest.mark.parametrize("vnet, held", [("2001:db8:1::/64", "the network of"),
                                        ("2001:db8:1::/80", "within 2001:db8:1::/64, the network of")],
                         ids=range(2))
def test_route_missing_names_the_inside_interface_of_an_ipv6_prefix(vnet, held):
    finding = only(check_tunnel(*_ends(vnet)), "ROUTE_MISSING")
    assert finding.summary.endswith("traffic to %s goes to %s instead (%s is %s that interface: the same range is used "
                                    "on both sides)." % (vnet, INSIDE, vnet, held))
    assert finding.evidence["asa"]["connected"] == {vnet: INSIDE}


@pytest.mark.parametrize("connected, key", [(CONNECTED, "own_network"), (None, "connected_unknown")], ids=range(2))
def test_the_ipv6_route_fix_is_withheld_within_a_connected_network_or_when_they_are_unknown(connected, key):
    asa, azure = _ends("2001:db8:1::/80", connected=connected is not None)
    finding = only(check_tunnel(asa, azure), "ROUTE_MISSING")
    TunnelRouteDistances([asa], [], connected).float_fixes(asa, [finding])
    [item] = finding.fixes["asa"]
    assert item.get(key)
    lines = asa_remediation(asa, finding.fixes["asa"])
    assert lines and all(line.startswith("!") for line in lines)
