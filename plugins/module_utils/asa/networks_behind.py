# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The networks an ASA knows of other than through its default route: what a crypto ACL's local side may name.

A crypto ACL's local side names networks behind the ASA (Microsoft's ASA sample builds it from the on-premises
networks, azure/tables.py DOC_ASA_SAMPLE). A fix that copies the other end's view of them (a local network gateway with
a typo) would protect a network the ASA does not have and leave its real one out of the tunnel: the proof refuses a
new local network none of these covers (review 2026-12-05). Counted: the connected networks and static routes of the
interfaces no crypto map is bound to and no IKE is enabled on (a VTI's routes and a backup ISP's count as such only if
they are not), the networks NAT rules translate from and to (a mapped range for overlapping addresses), and the local
networks of the ASA's other tunnels. Never counted: a default route. Nor does a fix take out of the tunnel a network the
ASA reaches (connected, routed): narrowing a right ACL to a gateway's /24 where the site is a /23. Not known (None, nothing refused): where a routing
protocol the collection does not read runs (``router ospf|eigrp|rip|isis``, BGP with a neighbor, IPv4 or IPv6, that is not
across a tunnel interface), or where a default route leads inward (everything may be behind it).
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import Resolver
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import connected_network
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import Behind, Coverage


def _outward(config):
    """The nameifs tunnels leave by: a crypto map is bound to them, or IKE is enabled on them."""
    found = {m.interface for m in config.crypto_maps.values() if m.interface}
    found.update(nameif for m in config.crypto_maps.values() for nameif, _line in m.more_interfaces)
    return found | set(config.ikev2_enabled) | set(config.ikev1_enabled)


def _bgp_inward(config):
    """Whether BGP peers with a neighbor that is not across a tunnel interface (an inside router: what it learns is
    not read). The neighbors the parser does not model (IPv6 ones, those of 'address-family ipv6') count too: an IPv6
    session may carry IPv4 routes, and what it teaches is as unknown as what OSPFv3 does (review 2026-12-07)."""
    if config.bgp is None:
        return False
    tunnels = [iface for iface in config.interfaces.values() if iface.tunnel is not None]
    tunnel_nets = [net for net in (connected_network(iface) for iface in tunnels) if net is not None]
    tunnel_nets.extend(net for iface in tunnels for net in iface.ipv6_networks)
    for text in [neighbor.address for neighbor in config.bgp.neighbors.values()] + list(config.bgp.other_neighbors):
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return True
        if not any(address.version == net.version and address in net for net in tunnel_nets):
            return True
    return False


def _span_texts(span):
    """The CIDR texts of a resolver span (version, first, last, length)."""
    version, first, last = span[0], span[1], span[2]
    make = ipaddress.IPv4Address if version == 4 else ipaddress.IPv6Address
    return [str(net) for net in ipaddress.summarize_address_range(make(first), make(last))]


def known_networks(config):
    """The networks (texts, each once) the ASA reaches other than through its default route (connected, routed);
    None when not known."""
    if config.routing_processes or _bgp_inward(config):
        return None
    outward = _outward(config)
    found = []
    for iface in config.interfaces.values():
        if not iface.nameif or iface.nameif in outward or iface.shutdown or iface.management_only:
            continue
        network = connected_network(iface)
        if network is not None:
            found.append(str(network))
        found.extend(str(net) for net in iface.ipv6_networks)
    for route in list(config.routes) + list(config.ipv6_routes):
        if route.network is None or route.tunneled or route.gateway is None:
            continue
        if route.network.prefixlen == 0:
            if route.interface not in outward:
                return None  # a default route inward: anything may be behind it
            continue
        if route.interface not in outward:
            found.append(str(route.network))
    return list(dict.fromkeys(found))


def translated_networks(config):
    """The networks (texts, each once) NAT rules translate from and to (a mapped range for overlapping addresses): a
    crypto ACL may name them, though no route says they are behind the ASA."""
    resolver = Resolver(config, config.nameifs())
    found = []
    for rule in config.nat_rules:
        if rule.inactive:
            continue
        for token in (rule.source_real, rule.source_mapped):
            spans = resolver.nat_spans(token) if isinstance(token, str) else None
            if isinstance(spans, list):
                for span in spans:
                    if span[3] != 0:  # "any" is no network the ASA knows of
                        found.extend(_span_texts(span))
    return list(dict.fromkeys(found))


class NetworksBehind(object):
    """One ASA's networks for a crypto map end, as a Behind: held, the networks it reaches (facts ``known_networks``),
    translates (``translated_networks``) or protects in a tunnel; reached, those it reaches. None for a VTI (routing
    decides what it carries) or when not known.

    ``for_peer_routes``: what a VTI's peer may route into the tunnel to reach the ASA's networks (TunnelEnd
    ``held_networks``): the held networks and those its crypto map tunnels reach (a hub's transit). None where BGP runs
    on any tunnel (what it learns there is not read) or when not known."""

    def __init__(self, known, translated=(), ends=()):
        self.behind = None
        self.for_peer_routes = None
        if known is not None:
            local = [n for end in ends if not end.route_based for n in end.local_networks or ()]
            self.behind = Behind(Coverage(list(known) + list(translated or ()) + local), Coverage(known))
            if not any(end.bgp is not None for end in ends):
                remote = [n for end in ends if not end.route_based for n in end.remote_networks or ()]
                self.for_peer_routes = tuple(self.behind.held.texts + list(dict.fromkeys(remote)))

    def of(self, end):
        return None if end.route_based else self.behind
