# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of the prefixes and addresses of asa_vpn_tunnel's options that need no running config (push_options.py
checks their syntax first; push_config_checks.py what needs the config). Each refuses, before anything is sent, a
value that passes the syntax check but would leave the device in a state nobody asked for (review s39 rev2, 6-11).

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.names import quoted
from ansible_collections.vpnalign.s2s.plugins.module_utils.prefixes import host_bits_problem


def _prefix_list_error(values, what):
    """Host bits or a prefix given twice in one list (both checked syntactically before)."""
    seen = {}
    for i, value in enumerate(values or ()):
        label = "%s[%d]" % (what, i)
        problem = host_bits_problem(value)
        if problem:
            # refused as azure_vpn_connection refuses it: a typo for /28 would widen the selector on this end only
            return "%s: %s %s; give the network address, or the prefix length you meant" % (
                label, quoted(value), problem)
        network = ipaddress.ip_network(value)
        if network in seen:
            # the same ACE or object twice: the device holds it once, the result and the undo would list it twice
            return "%s: %s is %s again (%s): give each prefix once" % (label, quoted(value), seen[network], network)
        seen[network] = "%s[%d]" % (what, i)
    return None


def _sides(params):
    """(label, [(option[i], network)]) of the local and remote prefixes, for the crypto ACL and the NAT exemption."""
    nat = params.get("nat_exemption") or {}
    out = []
    for local, remote in (("local_networks", "remote_networks"),
                          ("nat_exemption.local_networks", "nat_exemption.remote_networks")):
        pair = []
        for option in (local, remote):
            values = nat.get(option.split(".")[1]) if option.startswith("nat_") else params.get(option)
            if values is None and option.startswith("nat_") and params.get("nat_exemption") is not None:
                values, option = params.get(option.split(".")[1]), option.split(".")[1]  # the default (docs)
            pair.append([("%s[%d]" % (option, i), ipaddress.ip_network(v)) for i, v in enumerate(values or ())])
        out.append(pair)
    return out


def _family_error(local, remote):
    versions = {net.version for _label, net in local + remote}
    if len(versions) < 2:
        return None
    four = next(label for label, net in local + remote if net.version == 4)
    six = next(label for label, net in local + remote if net.version == 6)
    return ("%s is IPv4 and %s is IPv6: no packet is both, so the crypto ACL entry (or NAT rule) could never match "
            "and the ASA may refuse it halfway; give one address family on both sides" % (four, six))


def _overlap_error(local, remote):
    for local_label, mine in local:
        for remote_label, theirs in remote:
            # a /0 is any traffic: whether a tunnel may carry it is asked elsewhere (review s39 rev2, 4)
            if mine.prefixlen and theirs.prefixlen and mine.overlaps(theirs):
                return ("%s (%s) and %s (%s) overlap: the tunnel would take traffic of the ASA's own side (a tunnel to "
                        "your own LAN); give remote networks that are behind the peer only"
                        % (local_label, mine, remote_label, theirs))
    return None


def crypto_map_networks_error(params):
    """Why the prefixes of a crypto map entry cannot be planned, or None."""
    nat = params.get("nat_exemption") or {}
    for option, values in (("local_networks", params.get("local_networks")),
                           ("remote_networks", params.get("remote_networks")),
                           ("nat_exemption.local_networks", nat.get("local_networks")),
                           ("nat_exemption.remote_networks", nat.get("remote_networks"))):
        error = _prefix_list_error(values, option)
        if error:
            return error
    if params.get("state", "present") != "present":
        return None  # removing: what the entry has goes, whatever it was
    for local, remote in _sides(params):
        error = _family_error(local, remote) or _overlap_error(local, remote)
        if error:
            return error
    return None


def vti_networks_error(params):
    """Why routes[].network, bgp.networks or a routes[].gateway cannot be planned, or None (syntax checked before)."""
    routes = params.get("routes") or ()
    error = _prefix_list_error([r["network"] for r in routes], "routes[].network") if routes else None
    if error:
        # the index is the route's: _prefix_list_error counts the list it is given
        return error.replace("routes[].network[", "routes[").replace("]:", "].network:", 1)
    error = _prefix_list_error((params.get("bgp") or {}).get("networks"), "bgp.networks")
    if error or not params.get("tunnel_address"):
        return error  # without tunnel_address, push_config_checks uses the address the interface has
    return gateway_subnet_error(routes, ipaddress.ip_interface(params["tunnel_address"]).network, "tunnel_address")


def gateway_subnet_error(routes, subnet, whose):
    """Why a routes[].gateway is off the tunnel's ``subnet`` (``whose``: what gives it), or None: the ASA resolves a
    next hop on the interface's subnet; one elsewhere gives a route it cannot use."""
    for i, route in enumerate(routes or ()):
        gateway = ipaddress.ip_address(route["gateway"])
        if gateway not in subnet:
            return ("routes[%d].gateway: %s is not on the tunnel's subnet %s (%s): a next hop through the tunnel is "
                    "the peer's address on it" % (i, gateway, subnet, whose))
    return None


def peer_error(value):
    """Why ``value`` (an address names.address_error took) cannot be a peer's public address, or None."""
    address = ipaddress.ip_address(value)
    kinds = (("loopback", address.is_loopback), ("link-local", address.is_link_local),
             ("broadcast", address.version == 4 and address == ipaddress.IPv4Address("255.255.255.255")),
             ("reserved", address.is_reserved))
    for kind, holds in kinds:
        if holds:
            return "peer: %s is a %s address, no peer's: give the peer's public address" % (value, kind)
    return None


def next_hop_error(value, option):
    """Why ``value`` (an address names.address_error took: a BGP neighbor or a route's next hop) is no host the ASA
    could reach, or None: a loopback address (RFC 1122 3.2.1.3: never leaves the host), 255.255.255.255 (limited
    broadcast, RFC 919) or a reserved one (240.0.0.0/4, RFC 1112 4). Link-local stays allowed: Azure's custom BGP
    addresses are APIPA (169.254.21.0 - 169.254.22.255, Microsoft's BGP how-to)."""
    address = ipaddress.ip_address(value)
    kinds = (("loopback", address.is_loopback),
             ("broadcast", address.version == 4 and address == ipaddress.IPv4Address("255.255.255.255")),
             ("reserved", address.is_reserved))
    for kind, holds in kinds:
        if holds:
            return "%s: %s is a %s address, no peer's: give the peer's address on the tunnel's subnet" % (
                option, value, kind)
    return None
