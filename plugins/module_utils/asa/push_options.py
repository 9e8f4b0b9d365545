# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of asa_vpn_tunnel options before anything reaches the device.

Every value the planners put into a command line is checked here: a name with a
space or a newline would split into two commands (or inject one), a ``?`` makes
the ASA CLI print help instead of taking the line, and an address the ASA would
refuse should fail before the first line is sent, not halfway through a push.

Plain Python, no Ansible import.
"""

import ipaddress
from typing import Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables

# Cisco ASA command reference, "nameif": "The name is a text string up to 48 characters".
NAMEIF_MAX = 48
# RFC 6793 (four-octet AS numbers); ASN 0 is reserved (RFC 7607).
ASN_RANGE = (1, 4294967295)
# Cisco ASA command reference, "neighbor ebgp-multihop": ttl 1-255.
TTL_RANGE = (1, 255)

# Options that name something on the device, per mode (crypto map entry / VTI).
_NAMES = ("crypto_map", "acl", "ipsec_proposal", "tunnel_group", "group_policy", "interface",
          "tunnel_nameif", "tunnel_source_interface", "ipsec_profile")
CRYPTO_MAP_ONLY = ("crypto_map", "seq", "acl", "local_networks", "remote_networks", "interface", "nat_exemption")
VTI_ONLY = ("tunnel_interface", "tunnel_nameif", "tunnel_address", "tunnel_source_interface", "ipsec_profile",
            "routes", "bgp", "tunnel_enabled")


def name_error(value, what, max_len=None) -> Optional[str]:
    """Why ``value`` cannot be an ASA name (None when it can)."""
    if not isinstance(value, str) or not value:
        return "%s must be a non-empty name" % what
    for char in value:
        if char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F:
            return "%s %r contains whitespace or a control character" % (what, value)
        if char == "?":
            return "%s %r contains '?', which the ASA command line takes as a request for help" % (what, value)
    if max_len and len(value) > max_len:
        return "%s %r is longer than %d characters" % (what, value, max_len)
    return None


def _address_error(value, what, version=None):
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return "%s: %r is not an IP address" % (what, value)
    if version and address.version != version:
        return "%s: %r is not an IPv%d address" % (what, value, version)
    return None


def _network_error(value, what, version=None):
    try:
        network = ipaddress.ip_network(value, strict=False)
    except (ValueError, TypeError):
        return "%s: %r is not a network prefix" % (what, value)
    if version and network.version != version:
        return "%s: %r is not an IPv%d prefix" % (what, value, version)
    return None


def _range_error(value, what, bounds):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not bounds[0] <= value <= bounds[1]:
        return "%s must be a whole number from %d to %d, got %r" % (what, bounds[0], bounds[1], value)
    return None


def _first(*errors):
    for error in errors:
        if error:
            return error
    return None


def _number_errors(params):
    """The numbers the ASA checks itself, with the ranges the parser judges a config by (asa/tables.py)."""
    ike = params.get("ike") or {}
    kilobytes = params.get("child_lifetime_kilobytes")
    if kilobytes in ("unlimited", 0):
        kilobytes = None
    elif isinstance(kilobytes, str):
        if not kilobytes.isdigit():
            return "child_lifetime_kilobytes must be a number or 'unlimited', got %r" % kilobytes
        kilobytes = int(kilobytes)
    tcp_mss = params.get("tcp_mss")
    return _first(
        _range_error(params.get("seq"), "seq", tables.CRYPTO_MAP_SEQ_RANGE),
        _range_error(ike.get("priority"), "ike.priority", tables.POLICY_PRIORITY_RANGE),
        _range_error(ike.get("lifetime_seconds"), "ike.lifetime_seconds", tables.IKE_LIFETIME_RANGE),
        _range_error(params.get("child_lifetime_seconds"), "child_lifetime_seconds",
                     tables.SA_LIFETIME_SECONDS_RANGE),
        _range_error(kilobytes, "child_lifetime_kilobytes", tables.SA_LIFETIME_KILOBYTES_RANGE),
        None if tcp_mss == 0 else _range_error(tcp_mss, "tcp_mss", tables.TCP_MSS_RANGE))


def _common_errors(params):
    error = _number_errors(params)
    if error:
        return error
    for key in _NAMES:
        if params.get(key) is not None:
            error = name_error(params[key], key, NAMEIF_MAX if key in ("tunnel_nameif", "interface",
                                                                       "tunnel_source_interface") else None)
            if error:
                return error
    if params.get("peer") is not None:
        error = _address_error(params["peer"], "peer")
        if error:
            return error
    key = params.get("pre_shared_key")
    if key is not None and any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in key):
        return "pre_shared_key contains whitespace or a control character"  # never the key itself
    nat = params.get("nat_exemption") or {}
    for side in ("inside_interface", "outside_interface"):
        if nat.get(side) is not None:
            error = name_error(nat[side], "nat_exemption." + side, NAMEIF_MAX)
            if error:
                return error
    return None


def _vti_errors(params):
    name = params.get("tunnel_interface")
    if not (isinstance(name, str) and name.startswith("Tunnel") and name[6:].isdigit()):
        return "tunnel_interface must look like Tunnel1, got %r" % (name,)
    address = params.get("tunnel_address")
    if address is not None:
        try:
            interface = ipaddress.ip_interface(address)
        except ValueError:
            return "tunnel_address: %r is not an address with a prefix length (169.254.21.1/30)" % (address,)
        # tunnel mode ipsec ipv4 is what the planner configures (Cisco 214109: IPv4 over IPv4 only).
        if interface.version != 4 or "/" not in address or interface.network.prefixlen > 31:
            return "tunnel_address: %r must be an IPv4 address with a prefix length of at most /31" % (address,)
    for i, route in enumerate(params.get("routes") or []):
        error = _first(_network_error(route.get("network"), "routes[%d].network" % i, 4),
                       _address_error(route.get("gateway"), "routes[%d].gateway" % i, 4))
        if error:
            return error
    bgp = params.get("bgp")
    if bgp:
        error = _first(_range_error(bgp.get("asn"), "bgp.asn", ASN_RANGE),
                       _range_error(bgp.get("remote_as"), "bgp.remote_as", ASN_RANGE),
                       _range_error(bgp.get("ebgp_multihop"), "bgp.ebgp_multihop", TTL_RANGE))
        if error:
            return error
        if bgp.get("asn") is None:
            return "bgp.asn is required"
        if bgp.get("neighbor") is not None:
            error = _address_error(bgp["neighbor"], "bgp.neighbor", 4)
            if error:
                return error
        elif bgp.get("remote_as") is not None or bgp.get("ebgp_multihop") is not None:
            return "bgp.remote_as and bgp.ebgp_multihop need bgp.neighbor"
        for i, network in enumerate(bgp.get("networks") or []):
            error = _network_error(network, "bgp.networks[%d]" % i, 4)
            if error:
                return error
    return None


def _crypto_map_errors(params):
    if params.get("seq") is None:
        return "seq is required with crypto_map"
    if params.get("state", "present") == "present":
        if (params.get("local_networks") is None) != (params.get("remote_networks") is None):
            return "local_networks and remote_networks go together"
    for key in ("local_networks", "remote_networks"):
        for cidr in params.get(key) or []:
            error = _network_error(cidr, key)
            if error:
                return error
    return None


def option_error(params) -> Optional[str]:
    """A clear message for options that cannot go to the device, or None."""
    vti = [k for k in VTI_ONLY if params.get(k) is not None]
    crypto_map = [k for k in CRYPTO_MAP_ONLY if params.get(k) is not None]
    if vti and crypto_map:
        return "%s (crypto map entry) and %s (VTI) cannot be used together" % (
            ", ".join(crypto_map), ", ".join(vti))
    if not vti and not params.get("crypto_map"):
        return "give crypto_map and seq (a crypto map entry) or tunnel_interface (a VTI)"
    return _common_errors(params) or (_vti_errors(params) if vti else _crypto_map_errors(params))


def is_vti(params):
    return params.get("tunnel_interface") is not None
