# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of asa_vpn_tunnel options before anything reaches the device.

Every value the planners put into a command line is checked here (the syntax rules are in
names.py): a name with a space or a newline would split into two commands (or inject one),
a ``?`` makes the ASA CLI print help instead of taking the line, and an address the ASA would
refuse should fail before the first line is sent, not halfway through a push. Names the
planners derive from options (``<crypto_map>-<seq>-vpnalign``...) are held to the same limits.
``command_error`` is the last gate: a planned line that is not one line of printable ASCII is
never sent.

Plain Python, no Ansible import.
"""

import ipaddress
from typing import Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils import bgp_asn
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_option_networks import (
    crypto_map_networks_error,
    next_hop_error,
    peer_error,
    vti_networks_error,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS
from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import value_kind

NAMEIF_MAX = names.NAMEIF_MAX
# RFC 6793 (four-octet AS numbers); ASN 0 is reserved (RFC 7607).
ASN_RANGE = (1, 4294967295)
# Cisco ASA command reference, "neighbor ebgp-multihop": ttl 1-255.
TTL_RANGE = (1, 255)

# Options that name something on the device, with the ASA's length limit for each.
_NAMES = (
    ("crypto_map", names.CRYPTO_MAP_MAX),
    ("acl", names.ACL_MAX),
    ("ipsec_proposal", names.IPSEC_PROPOSAL_MAX),
    ("group_policy", names.GROUP_POLICY_MAX),
    ("interface", names.NAMEIF_MAX),
    ("tunnel_nameif", names.NAMEIF_MAX),
    ("tunnel_source_interface", names.NAMEIF_MAX),
    ("ipsec_profile", names.IPSEC_PROFILE_MAX),
)
CRYPTO_MAP_ONLY = ("crypto_map", "seq", "acl", "local_networks", "remote_networks", "interface", "nat_exemption")
VTI_ONLY = ("tunnel_interface", "tunnel_nameif", "tunnel_address", "tunnel_source_interface", "ipsec_profile",
            "routes", "bgp", "tunnel_enabled")


# Options whose text goes into a command as a name; the task's own values are checked before Ansible's str type turns
# a list, a dict, a bool or a float into text ("access-list [] extended ...", review 2026-12-05). A whole number stays
# allowed: an unquoted numeric name is the same text.
TEXT_OPTIONS = tuple(key for key, _max in _NAMES) + ("tunnel_group", "tunnel_interface")


def raw_type_error(values, scope="") -> Optional[str]:
    """Why a name option among ``values`` (one end's options as the task gives them, before Ansible converts them;
    ``scope`` prefixes the option's name, e.g. "tunnels[0].") is no text, or None."""
    for key in TEXT_OPTIONS:
        value = values.get(key)
        if value is not None and (isinstance(value, (bool, float)) or not isinstance(value, (str, int))):
            return "%s%s must be a name (text), got %s" % (scope, key, value_kind(value))
    return None


def name_error(value, what, max_len=None) -> Optional[str]:
    """Why ``value`` cannot be an ASA name (None when it can); names.py has the rules."""
    return names.name_error(value, what, max_len or names.ACL_MAX)


def _first(*errors):
    for error in errors:
        if error:
            return error
    return None


def _list_error(values, what, check):
    if values is None:
        return None
    if not isinstance(values, (list, tuple)):
        return "%s must be a list" % what
    for i, value in enumerate(values):
        error = check(value, "%s[%d]" % (what, i))
        if error:
            return error
    return None


def _keyword_check(table, label):
    def check(value, what):
        if not isinstance(value, str) or value not in table:
            return "%s: %s is not an %s the ASA knows (known: %s)" % (
                what, names.quoted(value), label, ", ".join(sorted(k for k in table if k)))
        return None
    return check


def _group_check(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or value not in tables.DH_GROUPS:
        return "%s: DH group %s is not one the ASA knows (%s)" % (
            what, names.quoted(value), ", ".join(str(g) for g in sorted(tables.DH_GROUPS)))
    return None


def _kilobytes_error(kilobytes):
    if kilobytes in (None, "unlimited", 0):
        return None
    if isinstance(kilobytes, str):
        value = names.digits_value(kilobytes)
        if value is None:
            return "child_lifetime_kilobytes must be a number or 'unlimited', got %s" % names.quoted(kilobytes)
        kilobytes = value
    return names.range_error(kilobytes, "child_lifetime_kilobytes", tables.SA_LIFETIME_KILOBYTES_RANGE)


# The numbers whose 0 means something (pfs_group 0 removes PFS, tcp_mss 0 turns the clamping off on every interface):
# Ansible's int type keeps a YAML false as False, which equals 0 (review s41: `pfs_group: false` removed PFS, and
# `tcp_mss: false` planned `sysopt connection tcpmss 0`). azure_vpn_connection refuses a bool pfs_group too.
_ZERO_MEANS = (("pfs_group", "0 removes PFS"), ("tcp_mss", "0 turns MSS clamping off on every interface"))


def _bool_number_error(params):
    for key, zero in _ZERO_MEANS:
        if isinstance(params.get(key), bool):
            return "%s must be a number (%s), got %s: a true or false is not taken for one" % (
                key, zero, params[key])
    return None


def _number_errors(params):
    """The numbers the ASA checks itself, with the ranges the parser judges a config by (asa/tables.py)."""
    tcp_mss = params.get("tcp_mss")
    pfs = params.get("pfs_group")
    return _first(
        _bool_number_error(params),
        names.range_error(params.get("seq"), "seq", tables.CRYPTO_MAP_SEQ_RANGE),
        names.range_error(params.get("child_lifetime_seconds"), "child_lifetime_seconds",
                          tables.SA_LIFETIME_SECONDS_RANGE),
        _kilobytes_error(params.get("child_lifetime_kilobytes")),
        None if tcp_mss == 0 else names.range_error(tcp_mss, "tcp_mss", tables.TCP_MSS_RANGE),
        None if pfs in (None, 0) else _group_check(pfs, "pfs_group"))


def ike_error(ike) -> Optional[str]:
    """An IKEv2 policy the ASA takes, with a PRF: AES-GCM goes with ``integrity null`` and is not
    mixed with other ciphers in one policy (Cisco "Create or Edit an FTD IKEv2 Policy": "you cannot
    include both mixed-mode (AES-GCM) and normal mode options in the same policy", verified:
    partial, FTD doc), and IKEv2 always needs a PRF (RFC 7296 section 3.3.2): with AES-GCM there is
    no integrity hash to take it from, so ``ike.prf`` must be given - a guess could differ from the
    peer's and show only at rekey."""
    if not ike:
        return None
    encryption = ike.get("encryption") or []
    integrity = ike.get("integrity") or []
    error = _first(
        _list_error(encryption, "ike.encryption", _keyword_check(tables.IKEV2_ENCRYPTION_KEYWORD, "IKE encryption")),
        _list_error(integrity, "ike.integrity", _keyword_check(tables.IKEV2_INTEGRITY_KEYWORD, "IKE integrity")),
        _list_error(ike.get("prf"), "ike.prf", _keyword_check(tables.IKEV2_PRF_KEYWORD, "IKE PRF")),
        _list_error(ike.get("dh_groups"), "ike.dh_groups", _group_check),
        names.range_error(ike.get("priority"), "ike.priority", tables.POLICY_PRIORITY_RANGE),
        names.range_error(ike.get("lifetime_seconds"), "ike.lifetime_seconds", tables.IKE_LIFETIME_RANGE))
    if error:
        return error
    if not encryption:
        return "ike.encryption needs at least one algorithm"
    if not ike.get("dh_groups"):
        return "ike.dh_groups needs at least one group"
    aead = [e for e in encryption if e in AEAD_CIPHERS]
    if aead and len(aead) != len(encryption):
        return "ike.encryption mixes AES-GCM (%s) with other ciphers (%s): the ASA takes them in separate IKEv2 " \
               "policies" % (", ".join(aead), ", ".join(e for e in encryption if e not in AEAD_CIPHERS))
    if aead and integrity:
        return "ike.integrity must be empty with AES-GCM (%s): the ASA sets 'integrity null'; give the hash as " \
               "ike.prf" % ", ".join(aead)
    if not aead and not integrity:
        return "ike.integrity is needed with %s ('integrity null' goes with AES-GCM only)" % ", ".join(encryption)
    if aead and not ike.get("prf"):
        return "ike.prf is needed with AES-GCM (%s): IKEv2 needs a PRF and there is no integrity hash to take it " \
               "from; give the peer's, e.g. prf: [SHA384]" % ", ".join(aead)
    return None


def _esp_error(esp):
    if not esp:
        return None
    if not esp.get("encryption"):
        return "esp.encryption needs at least one algorithm"
    return _first(
        _list_error(esp.get("encryption"), "esp.encryption",
                    _keyword_check(tables.ESP_ENCRYPTION_KEYWORD, "ESP encryption")),
        _list_error(esp.get("integrity"), "esp.integrity",
                    _keyword_check(tables.ESP_INTEGRITY_KEYWORD, "ESP integrity")))


def _name_errors(params):
    for key, max_len in _NAMES:
        if params.get(key) is not None:
            error = names.name_error(params[key], key, max_len)
            if error:
                return error
    if params.get("tunnel_group") is not None:
        error = names.tunnel_group_error(params["tunnel_group"])
        if error:
            return error
    return _default_group_error(params) or _nat_interfaces_error(params)


def _default_group_error(params):
    """Why tunnel_group or group_policy names one of the ASA's built-in groups, or None. Review s39 rev2 #2/#3: the
    running config does not print them as created, so the planner took them for new ones: it re-keyed DefaultL2LGroup
    (the group every L2L peer without a group of its own authenticates with), set DfltGrpPolicy (which every
    group-policy inherits from) to IKEv2 only, and undid either with ``clear configure``. Case is ignored: whether
    the ASA tells these names apart by case is not documented where we could read it."""
    group, policy = params.get("tunnel_group"), params.get("group_policy")
    if isinstance(group, str):
        default = [name for name in tables.DEFAULT_TUNNEL_GROUPS if name.lower() == group.lower()]
        if default:
            # "Tunnel group name must match what the peer will send as its IKEv1 or IKEv2 identity"
            # (ASA_VPN_GUIDE_920_VTI): an Azure gateway sends its public address
            return "tunnel_group: %s is the ASA's built-in %s tunnel-group, shared by every peer that has no " \
                   "tunnel-group of its own; vpnalign does not change or clear it: leave tunnel_group out (a " \
                   "site-to-site peer's tunnel-group is named by its address, peer)" % (
                       names.quoted(group), "LAN-to-LAN" if default[0] == tables.DEFAULT_L2L_GROUP else
                       "remote-access" if default[0] == "DefaultRAGroup" else "SSL/IKEv2")
    if isinstance(policy, str) and policy.lower() == tables.DFLT_GRP_POLICY.lower():
        return "group_policy: %s is the ASA's default group-policy, which every group-policy inherits from; " \
               "vpnalign does not change or clear it: leave group_policy out (a tunnel-group without " \
               "default-group-policy uses it) or name a group-policy of the tunnel's own" % names.quoted(policy)
    return None


def _nat_interfaces_error(params):
    nat = params.get("nat_exemption")
    if nat is None:
        return None
    # The spec's required_one_of sees a key given as null as given; a rule "nat (None,...)" must not be planned.
    if nat.get("inside_interface") is None and nat.get("inside_interfaces") is None:
        return "nat_exemption needs inside_interface or inside_interfaces (the nameif(s) the local networks are behind)"
    for side in ("inside_interface", "outside_interface"):
        if nat.get(side) is not None:
            error = names.name_error(nat[side], "nat_exemption." + side, names.NAMEIF_MAX)
            if error:
                return error
    # an inside nameif may be the outside one: nat (outside,outside) exempts traffic that enters and leaves by it
    # (remote-access clients reaching the tunnel: Cisco's hairpin case)
    return _inside_interfaces_error(nat.get("inside_interfaces"))


def _inside_interfaces_error(nameifs):
    if nameifs is None:
        return None
    what = "nat_exemption.inside_interfaces"
    if isinstance(nameifs, (list, tuple)) and not nameifs:
        return "%s is empty: give the nameif(s) the local networks are behind" % what
    error = _list_error(nameifs, what, lambda value, label: names.name_error(value, label, names.NAMEIF_MAX))
    if error is None and len(set(nameifs)) != len(nameifs):
        return "%s lists a nameif twice" % what
    return error


def _ikev1_authentication_error(option):
    """ikev1_authentication.policies: at least one, each an IKEv1 policy priority the ASA takes."""
    if not option:
        return None
    policies = option.get("policies")
    if not policies:
        return "ikev1_authentication.policies needs at least one IKEv1 policy priority"
    return _list_error(policies, "ikev1_authentication.policies",
                       lambda value, what: names.range_error(value, what, tables.POLICY_PRIORITY_RANGE))


def _common_errors(params):
    error = _first(_number_errors(params), _name_errors(params), ike_error(params.get("ike")),
                   _esp_error(params.get("esp")), _ikev1_authentication_error(params.get("ikev1_authentication")))
    if error:
        return error
    if params.get("peer") is not None:
        error = names.address_error(params["peer"], "peer") or peer_error(params["peer"])
        if error:
            return error
    if params.get("pre_shared_key") is not None:
        return names.psk_error(params["pre_shared_key"])  # never quotes the key
    return None


def _vti_errors(params):
    error = names.tunnel_interface_error(params.get("tunnel_interface"))
    if error:
        return error
    spelled = "Tunnel%d" % int(params["tunnel_interface"][len("Tunnel"):])
    if params["tunnel_interface"] != spelled:
        # the ASA drops the zeros: a plan for Tunnel01 would change Tunnel1, and never find Tunnel01 again
        return "tunnel_interface %s is %s to the ASA (it drops leading zeros): give %s" % (
            names.quoted(params["tunnel_interface"]), spelled, spelled)
    address = params.get("tunnel_address")
    if address is not None:
        error = names.network_error(address, "tunnel_address", 4)
        if error and "IPv4" in error:
            return error
        if error or "/" not in address:
            return "tunnel_address: %s is not an address with a prefix length (169.254.21.1/30)" % names.quoted(address)
        interface = ipaddress.ip_interface(address)
        error = _host_address_error(interface.ip, "tunnel_address")
        if error:
            return error
        # tunnel mode ipsec ipv4 is what the planner configures (Cisco 214109: IPv4 over IPv4 only).
        if interface.network.prefixlen > 31:
            return "tunnel_address: %s must be an IPv4 address with a prefix length of at most /31 (a /32 leaves " \
                   "no address for the peer)" % names.quoted(address)
        if interface.network.prefixlen < 31 and interface.ip in (interface.network.network_address,
                                                                 interface.network.broadcast_address):
            # a /31 has no network or broadcast address (RFC 3021); any other subnet's are no host's (RFC 950)
            return "tunnel_address: %s is the %s address of %s, no host's: give a host address of it (%s/%d)" % (
                names.quoted(address), "network" if interface.ip == interface.network.network_address else "broadcast",
                interface.network, interface.network.network_address + 1, interface.network.prefixlen)
    routes = params.get("routes") or []
    if not isinstance(routes, (list, tuple)):
        return "routes must be a list"
    for i, route in enumerate(routes):
        if not isinstance(route, dict):
            return "routes[%d] must be a dict with network and gateway" % i
        error = _first(names.network_error(route.get("network"), "routes[%d].network" % i, 4),
                       names.address_error(route.get("gateway"), "routes[%d].gateway" % i, 4)
                       or next_hop_error(route["gateway"], "routes[%d].gateway" % i),
                       names.range_error(route.get("metric"), "routes[%d].metric" % i, tables.ROUTE_METRIC_RANGE))
        if error:
            return error
    bgp = params.get("bgp")
    if bgp:
        error = _first(names.range_error(bgp.get("asn"), "bgp.asn", ASN_RANGE),
                       names.range_error(bgp.get("remote_as"), "bgp.remote_as", ASN_RANGE),
                       names.range_error(bgp.get("ebgp_multihop"), "bgp.ebgp_multihop", TTL_RANGE))
        if error:
            return error
        if bgp.get("asn") is None:
            return "bgp.asn is required"
        error = _azure_asn_error(bgp)
        if error:
            return error
        if bgp.get("neighbor") is not None:
            error = names.address_error(bgp["neighbor"], "bgp.neighbor", 4) or next_hop_error(bgp["neighbor"], "bgp.neighbor")
            if error:
                return error
            if bgp.get("options_from") is not None:
                error = names.address_error(bgp["options_from"], "bgp.options_from", 4)
                if error:
                    return error
        elif any(bgp.get(key) is not None for key in ("remote_as", "ebgp_multihop", "options_from")):
            return "bgp.remote_as, bgp.ebgp_multihop and bgp.options_from need bgp.neighbor"
        error = _list_error(bgp.get("networks"), "bgp.networks", lambda v, w: names.network_error(v, w, 4))
        if error:
            return error
    return _nameif_of_source_error(params) or _own_address_error(params) or vti_networks_error(params)


def _azure_asn_error(bgp):
    """Why the ASNs of ``bgp`` cannot peer with an Azure VPN gateway, or None (bgp_asn.py cites Microsoft's BGP FAQ).
    Azure refuses a reserved ASN for the on-premises speaker, gives its own gateway none of them but its default
    65515, and peers over eBGP only ("you must assign different ASNs"); such a push configured a neighbor that never
    comes up, which the next check reports as BGP_ASN_RESERVED or BGP_ASN_MISMATCH."""
    asn, remote = bgp["asn"], bgp.get("remote_as")
    who = bgp_asn.asn_reserved(asn)
    if who is not None:
        return "bgp.asn %d is an AS number %s reserves: Azure refuses it for an on-premises BGP speaker (its local " \
               "network gateway's bgpSettings.asn), so the session would never come up; give the ASA another ASN " \
               "(private: %s)" % (asn, who, bgp_asn.PRIVATE_FREE)
    if remote is None:
        return None
    who = bgp_asn.asn_reserved(remote)
    if who is not None and remote != bgp_asn.DEFAULT_GATEWAY_ASN:
        return "bgp.remote_as %d is an AS number %s reserves, which no Azure VPN gateway has: give the gateway's " \
               "bgpSettings.asn (%d unless it was set)" % (remote, who, bgp_asn.DEFAULT_GATEWAY_ASN)
    if remote == asn:
        return "bgp.remote_as %d is bgp.asn, the ASA's own: Azure peers over eBGP only (its BGP FAQ: the on-premises " \
               "network and the virtual network need different ASNs), give the gateway's bgpSettings.asn" % remote
    return None


# Addresses no interface may have: "this network" 0.0.0.0/8 (RFC 1122 3.2.1.3 (a), RFC 6890), loopback 127.0.0.0/8
# (RFC 1122 3.2.1.3 (g)), multicast 224.0.0.0/4 (RFC 5771) and reserved 240.0.0.0/4 with the limited broadcast
# address (RFC 1112 4, RFC 919). Link-local stays allowed: Azure's APIPA BGP addresses are 169.254.21.0 - 169.254.22.255
# (Microsoft's BGP how-to, azure/tables.py AZURE_APIPA_FIRST).
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")


def _host_address_error(address, option):
    reserved = address.is_reserved or address == ipaddress.IPv4Address("255.255.255.255")
    kinds = (("\"this network\" (0.0.0.0/8)", address in _THIS_NETWORK), ("loopback", address.is_loopback),
             ("multicast", address.is_multicast), ("reserved or broadcast", reserved))
    for kind, holds in kinds:
        if holds:
            return "%s: %s is a %s address, which no interface can have: give the tunnel's own address on its " \
                   "subnet (169.254.21.1/30)" % (option, address, kind)
    return None


def _nameif_of_source_error(params):
    """Why tunnel_nameif is tunnel_source_interface's nameif, another interface's (in any case: the ASA does not tell
    nameifs apart by case), or None; the planner checks the running config's other interfaces (push_vti.py)."""
    nameif, source = params.get("tunnel_nameif"), params.get("tunnel_source_interface")
    if isinstance(nameif, str) and isinstance(source, str) and nameif.lower() == source.lower():
        return "tunnel_nameif: %s is the nameif of tunnel_source_interface (%s), another interface's: give the " \
               "tunnel a nameif of its own" % (names.quoted(nameif), names.quoted(source))
    return None


def _own_address_error(params):
    """Why bgp.neighbor or a routes[].gateway is tunnel_address's own address (the ASA itself), or None; the planner
    checks the addresses the running config gives the interfaces (push_vti.py)."""
    if params.get("tunnel_address") is None:
        return None
    own = ipaddress.ip_interface(params["tunnel_address"]).ip
    asked = [("routes[%d].gateway" % i, route.get("gateway")) for i, route in enumerate(params.get("routes") or ())
             if isinstance(route, dict)]
    asked.append(("bgp.neighbor", (params.get("bgp") or {}).get("neighbor")))
    for option, value in asked:
        if value is not None and names.address_error(value, option, 4) is None and ipaddress.ip_address(value) == own:
            return "%s: %s is tunnel_address, the ASA's own address on the tunnel: give the peer's" % (option, value)
    return None


def _derived_name_errors(params):
    """Names the planner makes up from the options (push_intent.py TunnelIntent) must fit too."""
    tag = "%s-%s" % (params["crypto_map"], params["seq"])
    derived = []
    if params.get("acl") is None and params.get("local_networks") is not None:
        derived.append(("acl", tag + "-vpnalign", names.ACL_MAX))
    if params.get("ipsec_proposal") is None and params.get("esp"):
        derived.append(("ipsec_proposal", tag + "-vpnalign", names.IPSEC_PROPOSAL_MAX))
    if params.get("nat_exemption"):
        derived.append(("nat_exemption", "VPNALIGN-%s-REMOTE" % tag, names.OBJECT_GROUP_MAX))
    for option, name, max_len in derived:
        char = names.object_name_char(name) if option == "nat_exemption" else None
        if char is not None:
            # refused by the ASA midway otherwise, after the lines before it were sent
            return "%s: the object-group name made from crypto_map and seq (%s) contains %r, which the ASA does not " \
                   "take in an object name (letters, digits and %s only): leave nat_exemption out and add the " \
                   "rule by hand, or use a crypto_map without it" % (option, names.quoted(name), char,
                                                                     names.OBJECT_NAME_PUNCTUATION)
        if len(name) > max_len:
            return "%s: the name made from crypto_map and seq (%s) is %d characters long; the ASA takes at most %d " \
                   "(give %s or a shorter crypto_map)" % (option, names.quoted(name), len(name), max_len,
                                                          "a shorter crypto_map" if option == "nat_exemption"
                                                          else option)
    return None


def _selector_lists(params):
    """(option, its list) for the prefixes a crypto map entry's ACL and NAT exemption are made of."""
    nat = params.get("nat_exemption") or {}
    return [(key, params.get(key)) for key in ("local_networks", "remote_networks")] + [
        ("nat_exemption." + key, nat.get(key)) for key in ("local_networks", "remote_networks")]


def _empty_list_error(option, values):
    """An empty list plans ``match address`` to an ACL that gets no ACE (the made-up name exists nowhere), which moves
    a live entry's traffic onto nothing (review s39 rev2 #1); ``{{ nets | default([]) }}`` gives one by accident."""
    if isinstance(values, (list, tuple)) and not values:
        return "%s is empty: give at least one prefix (an entry matching an ACL with no line carries no traffic; " \
               "to remove the tunnel, give state: absent)" % option
    return None


def _any_error(option, values, nat):
    """A /0 makes the crypto ACL ``any4`` (the entry takes every flow leaving the interface that no earlier entry
    takes, to the peer) and, with ``nat`` (nat_exemption given), a NAT exemption for every address at rule 1 (the
    site's internet traffic is no longer translated): vpnalign never widens a crypto ACL to any (review s39 rev2 #4)."""
    for i, value in enumerate(values or ()):
        if ipaddress.ip_network(value, strict=False).prefixlen == 0:
            return "%s[%d]: %s is every address: the crypto ACL would permit any, so this entry would take every " \
                   "flow leaving the interface that no earlier entry takes and send it to the peer%s; vpnalign " \
                   "never widens a crypto ACL to any: list the prefixes behind each end" % (
                       option, i, value, ", and the NAT exemption at rule 1 would stop translating the site's "
                       "internet traffic" if nat else "")
    return None


def _crypto_map_errors(params):
    if params.get("seq") is None:
        return "seq is required with crypto_map"
    present = params.get("state", "present") == "present"
    if present:
        if (params.get("local_networks") is None) != (params.get("remote_networks") is None):
            return "local_networks and remote_networks go together"
    for option, values in _selector_lists(params):
        error = _list_error(values, option, names.network_error)
        if error:
            return error
    if present:  # with state: absent the prefixes are not used
        for option, values in _selector_lists(params):
            error = _empty_list_error(option, values) or _any_error(option, values, bool(params.get("nat_exemption")))
            if error:
                return error
    return crypto_map_networks_error(params) or _derived_name_errors(params)


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


def command_error(lines) -> Optional[str]:
    """The last gate before sending: every planned line (and undo line) is one line of printable
    ASCII without '?'. Options are checked before planning; this catches a value read from the
    device or derived on the way that would still split or end a command."""
    for line in lines:
        if not isinstance(line, str):
            return "a planned command is not text: %s" % names.quoted(line)
        for char in line:
            if not " " <= char <= "~" or char == "?":
                return "a planned command holds %r, which the ASA would not take as one line: %s (nothing was sent)" % (
                    char, names.quoted(line))
    return None


def shown_lines(lines):
    """Fix lines rendered for a person to paste onto the ASA (asa/remediation.py): a line that is
    not one line of printable ASCII - a value from a config or an ARM export with a newline in it -
    becomes a '! ' note quoting it escaped, so that pasting it cannot run a command hidden in it."""
    shown = []
    for line in lines:
        note = isinstance(line, str) and line.startswith("! ")
        error = command_error([line.replace("?", "") if note else line])
        shown.append(line if not error else "! left out, a value in it is not one ASA word: %s" % names.quoted(line))
    return shown


def is_vti(params):
    return params.get("tunnel_interface") is not None
