# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The local address of a tunnel end: the address of the interface IKE runs from, of the peer's address family.

An IPv6 peer (``crypto map M N set peer 2001:db8::2``, ``tunnel destination 2001:db8::2``) is reached from the
interface's IPv6 address (Cisco document 215522, "Configure IKEv2 IPv6 Site-to-Site Tunnel between ASA and FTD",
verified: false): giving it the interface's IPv4 address (review s40) had a right local network gateway called a
mismatch and a wrong one passed. Where the text does not say which address it is, the address is left unknown and a
finding says so, as the address check is then skipped.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING


def _family(address):
    try:
        return ipaddress.ip_address(address).version if address else None
    except ValueError:
        return None


def ike_local_address(ctx, iface, peer_address, name, role):
    """The address of ``iface`` (the interface IKE of the tunnel ``name`` runs from; ``role`` as
    Context.ike_interface_unusable takes it) that reaches ``peer_address``, or None (unknown, with a finding)."""
    if _family(peer_address) != 6:  # IPv4, or a peer not known: the IPv4 address, as before
        if iface.address is None and iface.leased is not None:
            ctx.leased_address(iface, name)
        ctx.ike_interface_unusable(iface, name, role)
        return iface.address
    if iface.shutdown:
        ctx.ike_interface_unusable(iface, name, role)
    addresses = iface.ipv6_addresses
    if len(addresses) == 1 and not iface.ipv6_unstated:
        return addresses[0]
    keys = {"interface": iface.hardware, "nameif": iface.nameif}
    head = [line for line in iface.lines if line.text.startswith("interface ")][:1]
    if not addresses and not iface.ipv6_unstated:
        ctx.add_once(
            "PEER_ADDRESS_MISMATCH", ERROR,
            "Interface %s (%s), which %s, has no IPv6 address and the peer %s is an IPv6 address: the ASA has no "
            "address to run IKE with it from, so the tunnel never comes up."
            % (iface.hardware, iface.nameif, role, peer_address),
            ctx.evidence(keys, head, peer=peer_address),
            ["interface %s" % iface.hardware,
             " ipv6 address <the address Azure's local network gateway names>/<prefix length>"], [name])
        return None
    lines = [line for line in iface.lines if line.text.strip().startswith("ipv6 address")
             and line.text.split()[3:4] != ["link-local"]]
    construct = ", ".join(repr(line.text.strip()) for line in lines[:3]) + (" ..." if len(lines) > 3 else "")
    why = ("the IPv6 address the ASA runs IKE with %s from is %s, so it is left unknown and whether Azure's local "
           "network gateway names it (gatewayIpAddress) is not checked" % (
               peer_address, "one of several" if addresses else "not stated in the text"))
    ctx.add_once(
        "UNSUPPORTED_CONSTRUCT", WARNING,
        "Interface %s (%s), which %s: %s is not modelled: %s." % (iface.hardware, iface.nameif, role, construct, why),
        ctx.evidence(keys, lines, construct=construct, why=why),
        ["! Check that Azure's local network gateway names the IPv6 address %s uses (show ipv6 interface brief)"
         % iface.nameif], [name])
    return None
