# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ASA parser extracts from a running-config, as plain records.

Keywords are kept as the ASA spells them (``aes-gcm``, ``sha-256``); the
adapter maps them to canonical names through ``tables``. Every record keeps
the config lines it came from (``ConfigLine``: 1-based number in the original
text, stripped text, pre-shared keys replaced by ``*****``).

Plain Python, no Ansible import.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine


@dataclass
class Interface:
    hardware: str
    nameif: Optional[str] = None
    address: Optional[str] = None  # None: not set, dhcp/pppoe, or invalid
    leased: Optional[ConfigLine] = None  # 'ip address dhcp|pppoe ...': the address is the device's, not the config's
    mask: Optional[str] = None
    standby: Optional[str] = None
    shutdown: bool = False
    management_only: bool = False  # 'management-only': no through traffic (Cisco ASA, "Management Interface")
    ipv6_networks: List[object] = field(default_factory=list)  # 'ipv6 address X/len': the ipaddress networks
    # 'ipv6 address autoconfig | dhcp | <prefix-name> X/len': networks the text does not state, as (line, their
    # prefix length or None when any length); nat_ingress takes the interface as a possible ingress for them
    ipv6_unknown: List[tuple] = field(default_factory=list)
    # 'ipv6 address X/len [standby Y]': its global addresses as written, and the standby unit's (the local address
    # of a tunnel to an IPv6 peer, asa/local_address.py); the lines whose address the text does not state (eui-64,
    # autoconfig, dhcp, a delegated prefix)
    ipv6_addresses: List[str] = field(default_factory=list)
    ipv6_standby: List[str] = field(default_factory=list)
    ipv6_unstated: List[ConfigLine] = field(default_factory=list)
    # 'ipv6 address X/len [eui-64 | standby Y]' as (ipaddress.IPv6Interface, line, whether the host part is
    # written: not for eui-64): the candidates asa/local_address.py picks an IPv6 peer's local address from
    ipv6_assigned: List[tuple] = field(default_factory=list)
    tunnel: Optional["TunnelSettings"] = None  # set for interface TunnelN (a VTI)
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass
class TunnelSettings:
    """The ``tunnel ...`` sub-commands of ``interface TunnelN`` (a static VTI)."""

    source_interface: Optional[str] = None  # nameif after "tunnel source interface"
    destination: Optional[str] = None  # address or name as written
    destination_address: Optional[str] = None  # parsed; None when invalid or not set
    mode: Optional[str] = None  # "ipsec ipv4" | "ipsec ipv6"
    profile: Optional[str] = None  # "tunnel protection ipsec profile <name>"
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass(slots=True)
class NetworkObject:
    """``object network``. ``networks`` None = cannot be resolved (fqdn, invalid, empty)."""

    name: str
    kind: Optional[str] = None  # host | subnet | range | fqdn
    value: str = ""
    networks: Optional[list] = None  # ipaddress networks
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass(slots=True)
class GroupMember:
    kind: str  # network | object | group
    value: str  # prefix text for network; a name otherwise
    line: ConfigLine
    network: object = None  # ipaddress network for kind "network"; None when invalid


@dataclass(slots=True)
class NetworkGroup:
    name: str
    members: List[GroupMember] = field(default_factory=list)
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass(slots=True)
class Operand:
    """One side of an ACE: any | network | object | group | interface | invalid."""

    kind: str
    value: str = ""
    network: object = None  # ipaddress network for kinds any/network


@dataclass(slots=True)
class Ace:
    acl: str
    action: str  # permit | deny
    protocol: Optional[int]  # None: a service object/group stands in for it
    source: Operand
    destination: Operand
    line: ConfigLine
    has_ports: bool = False
    inactive: bool = False
    # names a user, user group or security group (identity firewall) beside its addresses: traffic of those only
    identity: bool = False


@dataclass(slots=True)
class AccessList:
    name: str
    entries: List[Ace] = field(default_factory=list)
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass(slots=True)
class NatRule:
    """A NAT rule. Operands are names, ``any``, ``interface``, ``pat-pool:<name>`` or (object
    NAT mapped side) an address. ``section``: manual | object | after-auto."""

    index: int  # position among all NAT rules in config order
    section: str
    real_if: str
    mapped_if: str
    kind: str  # static | dynamic
    source_real: str
    source_mapped: str
    line: ConfigLine
    destination_mapped: Optional[str] = None  # twice NAT "destination static <mapped> <real>"
    destination_real: Optional[str] = None
    inactive: bool = False


@dataclass
class IpsecProposal:
    name: str
    encryption: List[str] = field(default_factory=list)
    integrity: List[str] = field(default_factory=list)
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass
class TransformSet:
    name: str
    encryption: List[str] = field(default_factory=list)
    integrity: List[str] = field(default_factory=list)
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass
class IkePolicy:
    """``crypto ikev2 policy`` (version 2) or ``crypto ikev1 policy`` (version 1)."""

    version: int
    priority: int
    encryption: List[str] = field(default_factory=list)
    integrity: List[str] = field(default_factory=list)  # IKEv1: the "hash" values
    prf: List[str] = field(default_factory=list)
    groups: List[int] = field(default_factory=list)
    lifetime_seconds: Optional[int] = None
    lifetime_set: bool = False  # lifetime_set and lifetime_seconds None: "lifetime none"
    authentication: Optional[str] = None  # IKEv1 only
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass(slots=True)
class SaLifetime:
    """IPsec SA lifetime as configured (global or per crypto map entry); None = not set here."""

    seconds: Optional[int] = None
    kilobytes: Optional[int] = None
    kilobytes_unlimited: bool = False
    seconds_line: Optional[ConfigLine] = None
    kilobytes_line: Optional[ConfigLine] = None


@dataclass(slots=True)
class PresharedKey:
    """Never the key: whether it is masked (*****), clear, or type-8 encrypted, and for a
    clear key only the digest the caller's ``psk_digest`` made of it."""

    state: str  # masked | clear | encrypted
    line: ConfigLine
    digest: Optional[str] = None


@dataclass(slots=True)
class CryptoMapEntry:
    map_name: str
    seq: int
    dynamic: bool = False  # lives in a crypto dynamic-map
    acl: Optional[str] = None
    acl_line: Optional[ConfigLine] = None
    peers: List[str] = field(default_factory=list)  # as written
    peer_addresses: List[Optional[str]] = field(default_factory=list)  # parsed; None when invalid
    peer_line: Optional[ConfigLine] = None
    ikev2_proposals: List[str] = field(default_factory=list)
    ikev2_proposals_line: Optional[ConfigLine] = None
    transform_sets: List[str] = field(default_factory=list)
    transform_sets_line: Optional[ConfigLine] = None
    pfs_present: bool = False
    pfs_group: Optional[int] = None  # None with pfs_present: "set pfs" without a group
    pfs_invalid: bool = False  # "set pfs <something unreadable>"
    pfs_line: Optional[ConfigLine] = None
    lifetime: SaLifetime = field(default_factory=SaLifetime)
    nat_t_disable: bool = False
    connection_type: Optional[str] = None
    connection_type_line: Optional[ConfigLine] = None
    map_psk: Optional[PresharedKey] = None  # "set ikev2 pre-shared-key"
    dynamic_map: Optional[str] = None  # "ipsec-isakmp dynamic <name>"
    lines: List[ConfigLine] = field(default_factory=list)

    def peerless(self):
        """No 'set peer' and no dynamic map to hand its peers to: the ASA builds no tunnel from it."""
        return not self.peers and self.dynamic_map is None


@dataclass(slots=True)
class CryptoMap:
    name: str
    entries: Dict[int, CryptoMapEntry] = field(default_factory=dict)
    interface: Optional[str] = None
    interface_line: Optional[ConfigLine] = None
    # (nameif, line) of each further 'crypto map M interface X' naming another interface (a dual-ISP design binds
    # one map to both): its ends are checked on ``interface`` only, and parser.crypto_maps names these lines
    more_interfaces: List[Tuple[str, ConfigLine]] = field(default_factory=list)


@dataclass(slots=True)
class Keepalive:
    line: ConfigLine
    disabled: bool = False
    infinite: bool = False
    threshold: Optional[int] = None
    retry: Optional[int] = None


@dataclass
class IpsecProfile:
    """``crypto ipsec profile <name>``: what a VTI uses instead of a crypto map entry."""

    name: str
    ikev2_proposals: List[str] = field(default_factory=list)
    ikev2_proposals_line: Optional[ConfigLine] = None
    transform_sets: List[str] = field(default_factory=list)
    transform_sets_line: Optional[ConfigLine] = None
    pfs_present: bool = False
    pfs_group: Optional[int] = None
    pfs_invalid: bool = False
    pfs_line: Optional[ConfigLine] = None
    lifetime: SaLifetime = field(default_factory=SaLifetime)
    responder_only: bool = False
    responder_only_line: Optional[ConfigLine] = None
    lines: List[ConfigLine] = field(default_factory=list)


# The interface of a black-hole route, 'route null0 <network> <mask> [distance]' / 'ipv6 route null0 <prefix>/<len>
# [distance]' (Cisco ASA general configuration guide 9.19, "Static and Default Routes", "Route to null0 Interface to
# Drop Unwanted Traffic", https://www.cisco.com/c/en/us/td/docs/security/asa/asa919/configuration/general/
# asa-919-general-config/route-static.html; verified: partial): not a nameif, traffic routed to it is dropped.
NULL0 = "Null0"


@dataclass
class StaticRoute:
    """``route <nameif> <network> <mask> <gateway> [metric]``; a null0 route has interface NULL0, gateway None."""

    interface: str
    network: object  # ipaddress network; None when invalid
    gateway: Optional[str]
    metric: int
    line: ConfigLine
    track: Optional[int] = None  # 'track N': installed while that SLA monitor is up (a primary of a backup design)
    tunneled: bool = False  # 'tunneled': the default route for traffic leaving a VPN tunnel only (not in the table)


@dataclass
class PrefixListEntry:
    seq: int
    action: str  # permit | deny
    prefix: object  # ipaddress network
    ge: Optional[int]
    le: Optional[int]
    line: ConfigLine


@dataclass
class RouteMapEntry:
    seq: int
    action: str  # permit | deny
    match_prefix_lists: List[str] = field(default_factory=list)
    other_matches: List[ConfigLine] = field(default_factory=list)  # match clauses not modelled
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass
class BgpNeighbor:
    address: str
    remote_as: Optional[int] = None
    ebgp_multihop: Optional[int] = None  # TTL; None = not set (1)
    activated: bool = False  # "neighbor X activate" under address-family ipv4 unicast
    shutdown: bool = False
    route_map_in: Optional[str] = None
    route_map_out: Optional[str] = None
    prefix_list_in: Optional[str] = None
    prefix_list_out: Optional[str] = None
    timers: Optional[tuple] = None  # "neighbor X timers <keepalive> <holdtime> [<min>]": (keepalive, holdtime, line)
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass
class BgpProcess:
    """``router bgp <asn>`` with its ``address-family ipv4 unicast`` block."""

    asn: Optional[int]
    router_id: Optional[str] = None
    networks: List[tuple] = field(default_factory=list)  # (ipaddress network, route-map or None, line)
    redistribute: List[ConfigLine] = field(default_factory=list)
    neighbors: Dict[str, BgpNeighbor] = field(default_factory=dict)
    # neighbors not modelled (an IPv6 address, or in 'address-family ipv6'): address text -> first line; their
    # sessions may still teach routes from inside (networks_behind)
    other_neighbors: Dict[str, ConfigLine] = field(default_factory=dict)
    lines: List[ConfigLine] = field(default_factory=list)
    # 'distance bgp <external> <internal> <local>' (Cisco ASA command reference, "distance bgp": 20 200 200 by default)
    distance_external: int = 20
    distance_internal: int = 200
    # 'timers bgp <keepalive> <holdtime> [<min-holdtime>]': the timers of every neighbor without its own 'neighbor X
    # timers' (Cisco ASA command reference, "timers bgp"): (keepalive, holdtime, line) of the last such line
    timers: Optional[tuple] = None


@dataclass(slots=True)
class TunnelGroup:
    name: str
    type: Optional[str] = None
    type_line: Optional[ConfigLine] = None
    default_group_policy: Optional[str] = None
    default_group_policy_line: Optional[ConfigLine] = None
    ikev2_remote_auth: Optional[str] = None  # psk | certificate
    ikev2_remote_psk: Optional[PresharedKey] = None
    ikev2_remote_line: Optional[ConfigLine] = None
    ikev2_local_auth: Optional[str] = None
    ikev2_local_psk: Optional[PresharedKey] = None
    ikev2_local_line: Optional[ConfigLine] = None
    ikev1_psk: Optional[PresharedKey] = None
    ikev1_trustpoint: Optional[str] = None
    ikev1_trustpoint_line: Optional[ConfigLine] = None
    keepalive: Optional[Keepalive] = None
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass(slots=True)
class GroupPolicy:
    name: str
    kind: Optional[str] = None  # internal | external
    tunnel_protocols: Optional[List[str]] = None  # None: not set here (inherits)
    tunnel_protocols_line: Optional[ConfigLine] = None
    vpn_filter: Optional[str] = None  # the ACL of 'vpn-filter value X'; "" for 'vpn-filter none'; None: inherits
    vpn_filter_line: Optional[ConfigLine] = None
    session_timeout: Optional[int] = None  # minutes of 'vpn-session-timeout N'; 0 for 'none'; None: inherits
    session_timeout_line: Optional[ConfigLine] = None
    # session limits not modelled (vpn-access-hours, vpn-idle-timeout, vpn-simultaneous-logins) -> the line setting
    # them to something other than none (asa/session_timeout.py names them on the tunnels they apply to)
    session_limits: Dict[str, ConfigLine] = field(default_factory=dict)
    lines: List[ConfigLine] = field(default_factory=list)


@dataclass
class AsaConfig:
    hostname: Optional[str] = None
    hostname_line: Optional[ConfigLine] = None
    names: Dict[str, str] = field(default_factory=dict)  # "name A N": N -> A
    interfaces: Dict[str, Interface] = field(default_factory=dict)  # by hardware name
    objects: Dict[str, NetworkObject] = field(default_factory=dict)
    other_objects: Dict[str, str] = field(default_factory=dict)  # name -> type (service, ...)
    object_groups: Dict[str, NetworkGroup] = field(default_factory=dict)
    other_object_groups: Dict[str, str] = field(default_factory=dict)  # name -> type
    access_lists: Dict[str, AccessList] = field(default_factory=dict)
    # ACL name -> what else applies it: "access-group ..." lines and "class-map NAME" (match access-list); a crypto ACL
    # with such a user is not changed for one tunnel (asa/crypto_map_end.py acl_matched_by)
    acl_users: Dict[str, List[str]] = field(default_factory=dict)
    nat_rules: List[NatRule] = field(default_factory=list)  # all sections, config order
    ipsec_proposals: Dict[str, IpsecProposal] = field(default_factory=dict)
    transform_sets: Dict[str, TransformSet] = field(default_factory=dict)
    global_lifetime: SaLifetime = field(default_factory=SaLifetime)
    crypto_maps: Dict[str, CryptoMap] = field(default_factory=dict)
    dynamic_maps: Dict[str, CryptoMap] = field(default_factory=dict)
    ikev2_policies: Dict[int, IkePolicy] = field(default_factory=dict)
    ikev1_policies: Dict[int, IkePolicy] = field(default_factory=dict)
    ikev2_enabled: Dict[str, ConfigLine] = field(default_factory=dict)  # nameif -> line
    ikev1_enabled: Dict[str, ConfigLine] = field(default_factory=dict)
    tunnel_groups: Dict[str, TunnelGroup] = field(default_factory=dict)
    group_policies: Dict[str, GroupPolicy] = field(default_factory=dict)
    tcp_mss: Optional[int] = None
    tcp_mss_line: Optional[ConfigLine] = None
    version: Optional[str] = None  # "9.18(3)56" from "ASA Version ..." or show version
    version_line: Optional[ConfigLine] = None
    system_space_line: Optional[ConfigLine] = None  # 'ASA Version X <system>': a multi-context ASA's system config
    ipsec_profiles: Dict[str, IpsecProfile] = field(default_factory=dict)
    routes: List[StaticRoute] = field(default_factory=list)
    ipv6_routes: List[StaticRoute] = field(default_factory=list)  # 'ipv6 route <nameif> <prefix/len> <gateway>'
    prefix_lists: Dict[str, List[PrefixListEntry]] = field(default_factory=dict)
    route_maps: Dict[str, List[RouteMapEntry]] = field(default_factory=dict)
    bgp: Optional[BgpProcess] = None
    routing_processes: List[ConfigLine] = field(default_factory=list)  # 'router ospf|eigrp|rip|isis': routes not known
    findings: list = field(default_factory=list)  # parse findings (scope filled by the adapter)

    def nameifs(self):
        return {iface.nameif: iface for iface in self.interfaces.values() if iface.nameif}
