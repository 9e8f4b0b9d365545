# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of asa_vpn_tunnel's addresses against the running config read from the device, made before the first line
is sent (push_options.py's rule: what the ASA would refuse, or could not use, fails before a push, not halfway through
it). Review s39 rev2, 7, 10 and 11: an overlapping tunnel_address, a second VTI to the same destination from the same
source, the ASA's own address as peer, a route gateway off the tunnel's subnet and a remote network the ASA is on.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.interface_index import interface_index
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_option_networks import gateway_subnet_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError


def _addresses(tree):
    return interface_index(tree)


def _peer_own_error(tree, peer):
    if not peer:
        return None
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return None  # push_options says why
    found = _addresses(tree).by_address.get(address)
    if found:
        return "peer: %s is the ASA's own address (interface %s, %s): give the peer's public address" % (
            peer, found[0], found[1])
    return None


def _remote_connected_error(tree, params):
    """A remote network a connected network of the ASA overlaps: its traffic is the ASA's own side."""
    nat = params.get("nat_exemption") or {}
    given = [("remote_networks", params.get("remote_networks")), ("nat_exemption.remote_networks",
                                                                  nat.get("remote_networks"))]
    for option, values in given:
        for i, value in enumerate(values or ()):
            try:
                network = ipaddress.ip_network(value, strict=False)
            except (TypeError, ValueError):
                continue  # the planner says what is wrong with it (push_intent._net)
            # a /0 is any traffic: whether a tunnel may carry it is asked elsewhere (review s39 rev2, 4)
            found = _addresses(tree).overlapping(network) if network.prefixlen else None
            if found:
                return ("%s[%d] (%s) overlaps %s, the network of interface %s (%s): that traffic is the ASA's own "
                        "side, not the peer's; give remote networks that are behind the peer only"
                        % (option, i, network, found[1], found[0], found[2]))
    return None


def crypto_map_config_error(tree, params):
    """Raise IntentError before planning a crypto map entry whose peer or remote networks the config refutes."""
    if params.get("state", "present") != "present":
        return
    error = _peer_own_error(tree, params.get("peer")) or _remote_connected_error(tree, params)
    if error:
        raise IntentError(error)


def _address_overlap_error(tree, interface, address):
    if not address:
        return None
    found = _addresses(tree).overlapping(ipaddress.ip_interface(address).network, exclude=interface)
    if found:
        name, network, line = found
        return ("tunnel_address: %s overlaps %s, the network of interface %s (%s): the ASA refuses an address on a "
                "subnet another interface has; give the tunnel a subnet of its own" % (address, network, name, line))
    return None


def _same_pair_error(tree, intent):
    source = intent.p.get("tunnel_source_interface") or " ".join((intent.have.get("tunnel source") or [])[3:4])
    other = _addresses(tree).pairs.get((source, intent.peer)) if source and intent.peer else None
    if other is None or other == intent.interface:
        return None
    return ("interface %s already tunnels from %s to %s: a second VTI with the same source and destination would be "
            "ambiguous to IKE; give another peer, or change %s (tunnel_interface: %s)"
            % (other, source, intent.peer, other, other))


def _gateway_error(intent):
    if intent.p.get("tunnel_address") or not intent.p.get("routes"):
        return None  # push_option_networks checked them against tunnel_address
    have = intent.have.get("ip address") or []
    try:
        subnet = ipaddress.ip_interface("%s/%s" % (have[2], have[3])).network
    except (IndexError, ValueError):
        return None
    return gateway_subnet_error(intent.p["routes"], subnet, "the address interface %s has" % intent.interface)


def _route_connected_error(tree, intent):
    """A routes[].network inside (or equal to) the network of another interface (the inside, the outside the tunnel
    leaves by, another tunnel's subnet), or None: the ASA routes by the longest prefix, so that part of the network
    would go into the tunnel instead of onto the interface it is on. A route holding a whole connected network is no
    such harm (the connected network is the longer prefix: a summary such as 10.0.0.0/8 beside an inside 10.1.0.0/24);
    what it holds of a tunnel destination route_loop_error asks. The tunnel's own subnet is its own."""
    for i, route in enumerate(intent.p.get("routes") or ()):
        try:
            network = ipaddress.ip_network(route["network"], strict=False)
        except (KeyError, TypeError, ValueError):
            continue  # push_options says why
        found = _addresses(tree).holding(network, exclude=intent.interface)
        if found:
            return ("routes[%d].network: %s is within %s, the network of interface %s (%s): the route would take the "
                    "ASA's own traffic into %s; give networks behind the peer only"
                    % (i, network, found[1], found[0], found[2], intent.interface))
    return None


def vti_config_error(tree, intent):
    """Raise IntentError before planning a VTI end whose addresses the config refutes."""
    error = (_address_overlap_error(tree, "%s" % intent.interface, intent.p.get("tunnel_address"))
             or _same_pair_error(tree, intent) or _peer_own_error(tree, intent.p.get("peer"))
             or _gateway_error(intent) or _route_connected_error(tree, intent))
    if error:
        raise IntentError(error)
