# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The route-based (static VTI) options of asa_vpn_tunnel: the tunnel interface, its ipsec profile, routes and BGP."""

    DOCUMENTATION = r"""
options:
  tunnel_interface:
    description:
      - The virtual tunnel interface of a route-based end, e.g. C(Tunnel1). Created when missing, which needs
        O(tunnel_nameif), O(tunnel_address), O(tunnel_source_interface) and O(peer).
      - An existing one is not turned into another tunnel - an O(peer) other than its C(tunnel destination), or an
        O(tunnel_nameif) other than its C(nameif), is refused before anything is sent (its tunnel-group, routes and BGP
        neighbor would be left behind); remove it first with O(state=absent), or give another interface.
      - Spelled as the ASA spells it, C(Tunnel) and the number without leading zeros. C(Tunnel01) is refused before
        anything is sent (the ASA reads it as C(Tunnel1)), as is a name the running config has in another spelling
        (the message names the config's).
    type: str
  tunnel_nameif:
    description:
      - The C(nameif) of the tunnel interface (at most 48 characters); routes go through it.
      - A nameif another interface has (C(outside), another tunnel's), in any case, is refused before anything is sent;
        the routes, NAT rules and access-groups that name it are that interface's.
    type: str
  tunnel_address:
    description:
      - The tunnel interface's IPv4 address with its prefix length, e.g. C(169.254.21.1/30).
      - The network or broadcast address of its subnet (C(169.254.21.0/30), C(169.254.21.3/30)) and a C(/32) are
        refused before anything is sent; both addresses of a C(/31) are taken (RFC 3021). So are a loopback,
        multicast, reserved (C(240.0.0.0/4)) or C(0.0.0.0/8) address; link-local (Azure's APIPA) is allowed.
      - On a failover pair the interface's C(standby) address is kept when the address stays the same. No option
        gives a standby address, so a new address for an interface that has one is refused before anything is sent;
        change the address and its standby address by hand (C(ip address A M standby S)).
      - An address on a subnet another interface of the running config has (overlapping it) is refused before
        anything is sent, naming that interface's C(ip address) line.
    type: str
  tunnel_source_interface:
    description: The C(nameif) the tunnel leaves from (C(tunnel source interface)); also enables IKEv2 there.
    type: str
  tunnel_enabled:
    description:
      - V(true) brings a shut tunnel interface up (C(no shutdown)), V(false) shuts it down; left out, it stays as it is.
    type: bool
  ipsec_profile:
    description:
      - Name of the C(crypto ipsec profile) the tunnel is protected with. Defaults to the one the tunnel uses, or
        C(<tunnel_interface>-vpnalign) for a new tunnel.
      - A profile another tunnel interface also uses is not changed for this one (refused before anything is sent,
        naming that interface), unless that interface is an item of the same O(tunnels) asking the same of the profile
        (an active-active Azure gateway's two tunnels on one profile). An ESP proposal (O(ipsec_proposal)) another
        profile or crypto map entry names is not changed either.
    type: str
  routes:
    description:
      - Static routes into the tunnel, C(route <tunnel_nameif> <network> <mask> <gateway> <metric>). Added when
        missing; a route to the same network and gateway through the tunnel is kept as it is, whatever its metric.
      - A network holding a tunnel destination or a crypto map peer (this tunnel's, e.g. V(0.0.0.0/0), or
        another's) is refused before anything is sent, unless a more specific route or subnet keeps that address
        where it is reached now, since the tunnel's own IKE and ESP packets would be routed into a tunnel.
    type: list
    elements: dict
    suboptions:
      network:
        description:
          - IPv4 prefix, e.g. C(10.20.0.0/16). A prefix with host bits set (C(10.20.1.1/16)) is refused, as
            azure_vpn_connection refuses it, and so is one given twice.
          - A prefix within (or equal to) the network of another interface of the ASA (its C(ip address), on the
            inside, the outside or another tunnel) is refused before anything is sent, since the ASA routes by the
            longest prefix and that part of the ASA's own side would go into the tunnel. A summary holding such a
            network (C(10.0.0.0/8) beside an inside C(10.1.0.0/24)) is planned, as the connected network stays.
        type: str
        required: true
      gateway:
        description:
          - Next hop inside the tunnel, usually the peer's tunnel or BGP address.
          - The tunnel's own address (O(tunnel_address), or the one the interface has) is refused before anything is
            sent, and so is an address off the tunnel's subnet (the ASA could not use the route).
        type: str
        required: true
      metric:
        description:
          - The route's administrative distance, 1-255.
          - Default 1. When other tunnel interfaces route the same network (the VTIs to an active-active Azure
            gateway's two instances), one more than theirs, a floating route that carries the traffic while those
            tunnels are down. The ASA shares load over one egress interface only and refuses an equal-cost route
            through another interface, so such a route fails the task before anything is sent, as does a route to
            a network that an interface other than a tunnel routes, unless O(routes[].metric) is given.
        type: int
  bgp:
    description:
      - BGP over the tunnel, under C(router bgp <asn>) / C(address-family ipv4 unicast). The neighbor is activated, and a C(neighbor X shutdown) is removed.
        An ASA runs one BGP process; a different O(bgp.asn) from the one configured fails the task.
      - A neighbor that is another tunnel interface's (on its subnet, or routed through its nameif) is left alone -
        the task fails before anything is sent, naming that interface.
    type: dict
    suboptions:
      asn:
        description:
          - This ASA's AS number (1 to 4294967295), one Azure accepts for an on-premises BGP speaker - not one Azure
            reserves (8074, 8075, 12076, 65515, 65517-65520) nor one IANA reserves (23456, 64496-64511, 65535-65551,
            4294967295), and not O(bgp.remote_as) (Azure peers over eBGP only).
        type: int
        required: true
      neighbor:
        description:
          - The peer's BGP address (for Azure, its BGP peering address).
          - The tunnel's own address (O(tunnel_address), or the one the interface has), an address another interface
            of the ASA has (its standby address too), the network or broadcast address of the tunnel's subnet, and a
            loopback, broadcast or reserved address are refused before anything is sent.
        type: str
      remote_as:
        description: The peer's AS number (Azure's default is 65515; no other reserved ASN). Needed for a new neighbor.
        type: int
      ebgp_multihop:
        description: TTL for eBGP to a peer that is not on the tunnel's subnet (1 to 255).
        type: int
      networks:
        description:
          - IPv4 prefixes to advertise (C(network <address> mask <mask>)). Added when missing.
          - A prefix with host bits set, or one given twice, is refused before anything is sent.
        type: list
        elements: str
      options_from:
        description:
          - The address of a configured neighbor whose options O(bgp.neighbor) gets too - its route-maps,
            prefix-lists, distribute-lists and filter-lists, maximum-prefix, timers and the like (not remote-as,
            activate, shutdown or disable-connected-check, nor timers with a hold time below the 180 s an Azure VPN
            gateway keeps fixed, which would reset the session). For a neighbor that moves to a new address, so the
            new session filters routes as the old one did. The old neighbor stays.
          - Fails before anything is sent when that neighbor is not configured, when it has a password (the running
            config masks it, so it cannot be copied), or when O(bgp.neighbor) already has another option of the same
            kind (another route-map in the same direction).
        type: str
"""
