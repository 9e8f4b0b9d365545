# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vendor-neutral model of one end of a site-to-site IPsec tunnel.

Plain Python: no Ansible, Azure or vendor import, so the engine and its tests
can be read alone. Vendor adapters (``asa/``, ``azure/``) translate into it; model_facts.py is how a
TunnelEnd travels as facts (plain JSON) and is rebuilt from them, model_edit.py how a fix changes one.

Canonical names (every adapter maps its own spelling to these):
  encryption  AES-CBC-128 AES-CBC-192 AES-CBC-256 AES-GCM-128 AES-GCM-192
              AES-GCM-256 AES-GMAC-128 AES-GMAC-192 AES-GMAC-256 3DES DES NULL
  integrity   MD5 SHA1 SHA256 SHA384 SHA512   (empty for AEAD ciphers)
  prf         MD5 SHA1 SHA256 SHA384 SHA512   (empty = not known, not compared)
  dh groups   IANA numbers; 0 means "no key exchange" (no PFS) in a Child SA
"""

import copy
import dataclasses
import ipaddress
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.memo import BoundedMemo

AEAD_CIPHERS = frozenset(
    ["AES-GCM-128", "AES-GCM-192", "AES-GCM-256", "AES-GMAC-128", "AES-GMAC-192", "AES-GMAC-256"]
)
NO_PFS = 0

# Which end starts an exchange; a tunnel end may refuse to initiate (Azure ResponderOnly).
MODE_BOTH = "both"
MODE_RESPONDER_ONLY = "responder_only"
MODE_INITIATOR_ONLY = "initiator_only"


@dataclass(frozen=True, slots=True)
class ConfigLine:
    """A line of the source the value came from, for evidence. Slots: 100k lines make 100k of them, and a
    slotted one is smaller and made faster by the ASA parser's loop (issue 12)."""

    line: int
    text: str

    def to_dict(self):
        return {"line": self.line, "text": self.text}


@dataclass
class IkeProposal:
    """One IKE SA proposal; each tuple lists the alternatives it allows. ``lifetime_seconds``: the IKE SA
    lifetime the end runs when this proposal is the one negotiated, set where an end's proposals differ in it
    (ASA policies of different lifetimes); None: the end's ``ike_lifetime``."""

    label: str
    encryption: Tuple[str, ...]
    integrity: Tuple[str, ...]
    prf: Tuple[str, ...]
    dh_groups: Tuple[int, ...]
    source: Tuple[ConfigLine, ...] = ()
    lifetime_seconds: Optional[int] = None
    # The peer authentication this proposal goes with where it is not the end's own (auth.method): an ASA IKEv1 policy
    # carries its own ``authentication`` and matches a peer of that method only (review I, defect 5). None: the end's.
    auth_method: Optional[str] = None


@dataclass
class ChildSaProposal:
    """One ESP proposal. ``dh_groups`` is the key exchange in a CREATE_CHILD_SA:
    (0,) means no PFS; a proposal may allow several groups, 0 among them.
    ``ignored_integrity``: integrity configured next to an AEAD-only cipher list, which RFC 7296
    s3.3 forbids proposing; matching ignores it, the engine reports it (AEAD_WITH_INTEGRITY)."""

    label: str
    encryption: Tuple[str, ...]
    integrity: Tuple[str, ...]
    dh_groups: Tuple[int, ...] = (NO_PFS,)
    source: Tuple[ConfigLine, ...] = ()
    ignored_integrity: Tuple[str, ...] = ()


@dataclass
class Lifetimes:
    """Local SA lifetimes (never negotiated in IKEv2). ``kilobytes`` None = no data limit."""

    seconds: Optional[int]
    kilobytes: Optional[int] = None
    source: Tuple[ConfigLine, ...] = ()


@dataclass
class TrafficSelector:
    """A local/remote prefix pair, as seen from the end that holds it."""

    local: str
    remote: str
    protocol: int = 0
    source: Tuple[ConfigLine, ...] = ()

    def networks(self):
        return network_of(self.local), network_of(self.remote)


# ip_network per prefix text, shared: a config's selectors repeat the same prefixes many times
# (issue 12). ipaddress networks are immutable, so sharing them is safe; bounded for long-lived processes.
_NETWORKS = BoundedMemo(1 << 17)


def network_of(text):
    """``ipaddress.ip_network(text, strict=False)``, remembered per text."""
    return _NETWORKS.get_or_make(text, lambda key: ipaddress.ip_network(key, strict=False))


def address_text(value):
    """An IP address, or a prefix or interface address ("2001:db8::/48", "2001:db8::1/64"), as ipaddress writes it
    (RFC 5952: lower case, zeros compressed; ``2001:DB8:0::1`` is ``2001:db8::1``), so that two ends compare addresses,
    not spellings; host bits are kept. Anything else (None, a name, text that is no address) as it is, and so is an
    IPv4 address with leading zeros ("010.0.0.1"): ipaddress refuses it since Python 3.9.5, as inet_aton would read
    it as octal (CVE-2021-29921), so which address it is cannot be said."""
    if not isinstance(value, str) or ":" not in value:
        return value  # IPv4 is written one way by both adapters (azure/evidence.address, the ASA parser)
    try:
        return str(ipaddress.ip_interface(value) if "/" in value else ipaddress.ip_address(value))
    except ValueError:
        return value


def address_texts(values):
    """``values`` (a list or tuple of addresses or prefixes; None) each as address_text writes it, in the same type."""
    if values is None:
        return None
    return type(values)(address_text(v) for v in values)


@dataclass
class PeerAuth:
    """Authentication. ``psk_digest`` is a keyed hash made per run, never the key."""

    method: Optional[str] = "psk"  # psk | certificate | None (not configured)
    psk_digest: Optional[str] = None
    source: Tuple[ConfigLine, ...] = ()


class PeerAuths:
    """How a device's peer configurations authenticate: {name: {IKE version: PeerAuth}}, a version only where the
    configuration authenticates both ways with it (an ASA tunnel-group's IKEv2 remote and local authentication, or
    its IKEv1 key or trust-point). Read-only, so the device's ends share one (copies keep it).

    ``settings``: {name: PeerSettings} what else the configuration decides for a tunnel to that peer (its DPD, the
    IKE versions it allows): a fix moving an end onto that peer is proven with them too (review 2026-12-07: a move onto
    a group whose group-policy allows only IKEv1 was proven with the old group's IKEv2)."""

    __slots__ = ("_by_name", "_settings")

    def __init__(self, by_name, settings=None):
        self._by_name = {str(name): {int(v): auth for v, auth in versions.items()} for name, versions in by_name.items()}
        self._settings = {str(name): value for name, value in (settings or {}).items()}

    def get(self, name, version):
        """The PeerAuth of ``name`` for IKE ``version``, or None (no such configuration, or none for that version)."""
        return self._by_name.get(name, {}).get(version)

    def settings(self, name):
        """The PeerSettings of ``name``, or None (not known: facts of an earlier release, or no such configuration)."""
        return self._settings.get(name)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def to_plain(self):
        """As facts carry it: {name: {"<version>": {"method", "psk_digest", "source": [{"line", "text"}]}, and where
        known "settings": {"dpd": {"enabled", "timeout_seconds", "source"}, "ike_versions": [...] or null,
        "ike_versions_source": [...]}}}."""
        out = {name: {str(v): {"method": a.method, "psk_digest": a.psk_digest, "source": [l.to_dict() for l in a.source]}
                      for v, a in versions.items()} for name, versions in self._by_name.items()}
        for name, found in self._settings.items():
            out.setdefault(name, {})["settings"] = found.to_plain()
        return out

    @classmethod
    def from_plain(cls, value):
        """The ``to_plain`` form back; ValueError naming what is wrong."""
        if not isinstance(value, dict):
            raise ValueError("peer_auths is not a mapping")
        by_name, settings = {}, {}
        for name, versions in value.items():
            if not isinstance(versions, dict):
                raise ValueError("peer_auths[%s] is not a mapping" % name)
            by_name[name] = {}
            for version, auth in versions.items():
                if version == "settings":
                    settings[name] = PeerSettings.from_plain(auth, "peer_auths[%s][settings]" % name)
                    continue
                if str(version) not in ("1", "2") or not isinstance(auth, dict) or not _lines_plain(auth.get("source", [])):
                    raise ValueError("peer_auths[%s][%s] is not an IKE version's authentication" % (name, version))
                method, digest = auth.get("method"), auth.get("psk_digest")
                if not isinstance(method, (str, type(None))) or not isinstance(digest, (str, type(None))):
                    raise ValueError("peer_auths[%s][%s] has a method or digest that is no string" % (name, version))
                by_name[name][int(version)] = PeerAuth(method=method, psk_digest=digest, source=_lines_back(auth.get("source", [])))
        return cls(by_name, settings)


def _lines_plain(value):
    return isinstance(value, list) and all(isinstance(s, dict) for s in value)


def _lines_back(value):
    return tuple(ConfigLine(int(s.get("line", 0)), str(s.get("text", ""))) for s in value)


class PeerSettings:
    """What a device's peer configuration decides besides authentication, for a tunnel to that peer: its dead-peer
    detection (a Dpd) and the IKE versions it allows (a tuple, or None when that cannot be told), with the lines that
    say them (an ASA tunnel-group's isakmp keepalive, its group-policy's vpn-tunnel-protocol). Read-only."""

    __slots__ = ("dpd", "ike_versions", "ike_versions_source", "ref")

    def __init__(self, dpd, ike_versions, ike_versions_source=(), ref=None):
        self.dpd = dpd
        self.ike_versions = None if ike_versions is None else tuple(ike_versions)
        self.ike_versions_source = tuple(ike_versions_source)
        self.ref = dict(ref or {})  # the adapter's ref keys that are the configuration's (plain JSON values)

    def to_plain(self):
        return {"dpd": {"enabled": self.dpd.enabled, "timeout_seconds": self.dpd.timeout_seconds,
                        "source": [l.to_dict() for l in self.dpd.source]},
                "ike_versions": None if self.ike_versions is None else list(self.ike_versions),
                "ike_versions_source": [l.to_dict() for l in self.ike_versions_source], "ref": dict(self.ref)}

    @classmethod
    def from_plain(cls, value, where):
        dpd = value.get("dpd") if isinstance(value, dict) else None
        versions = value.get("ike_versions") if isinstance(value, dict) else None
        timeout = dpd.get("timeout_seconds") if isinstance(dpd, dict) else None
        if not isinstance(dpd, dict) or not isinstance(dpd.get("enabled"), bool) or not _lines_plain(dpd.get("source", [])) \
                or not (timeout is None or (isinstance(timeout, int) and not isinstance(timeout, bool))) \
                or not (versions is None or (isinstance(versions, list) and all(v in (1, 2) for v in versions))) \
                or not _lines_plain(value.get("ike_versions_source", [])) \
                or not isinstance(value.get("ref", {}), dict):
            raise ValueError("%s is not a peer configuration's DPD and IKE versions" % where)
        return cls(Dpd(enabled=dpd["enabled"], timeout_seconds=dpd.get("timeout_seconds"),
                       source=_lines_back(dpd.get("source", []))),
                   versions, _lines_back(value.get("ike_versions_source", [])), value.get("ref"))


@dataclass
class Dpd:
    """Dead-peer detection: how long the end waits before it declares the peer dead."""

    enabled: bool = True
    timeout_seconds: Optional[int] = None
    source: Tuple[ConfigLine, ...] = ()


@dataclass
class NatExemption:
    """Whether tunnel traffic leaves untranslated. ``exempt`` None = not decidable."""

    exempt: Optional[bool] = None
    detail: str = ""
    source: Tuple[ConfigLine, ...] = ()


@dataclass
class PrefixRule:
    """One entry of an ordered prefix filter (a prefix-list line): ``action`` permit|deny,
    ``prefix`` a CIDR, ``ge``/``le`` the prefix-length range it also matches (None: exact)."""

    action: str
    prefix: str
    ge: Optional[int] = None
    le: Optional[int] = None
    source: Tuple[ConfigLine, ...] = ()


@dataclass
class Bgp:
    """BGP over a route-based tunnel, as one end runs it.

    ``local_addresses``: the addresses this end peers from (ASA: the VTI address or
    update-source; Azure: this instance's default and APIPA peering addresses).
    ``peer_address``/``peer_asn``: the neighbor this end expects (ASA ``neighbor X
    remote-as N``; Azure: the local network gateway's bgpSettings).
    ``multihop``: eBGP TTL this end allows (1 = peers must share a subnet).
    ``advertised``: prefixes this end sends after its outbound filter (None: not decidable).
    ``import_filter``: ordered rules with an implicit deny at the end (None: accepts all).
    ``export_dropped``/``export_filter``: see the fields.
    ``accepts_unconnected_peer``: with ``multihop`` 1, whether this end still accepts a session the
    neighbor opens from off its connected subnets (FRR does, strongSwan/FRR oracle bgp-09); False for a
    BGP derived from Cisco IOS, like the ASA's, which keeps such a neighbor idle.
    ``disable_connected_check``: with ``multihop`` 1, the end does not require its eBGP neighbor (nor the next
    hop of the routes it learns from it) on a connected subnet (ASA/IOS ``neighbor X disable-connected-check``):
    it opens and accepts the session and uses the routes; its packets still carry TTL 1, so the neighbor must
    be one hop away, as the far end of a tunnel is.
    ``max_prefixes``: see the field.
    ``passive``: None when this end opens the BGP session (TCP port 179) itself; else why it only waits for the
    neighbor to (ASA/IOS ``neighbor X transport connection-mode passive``; an Azure gateway peering from an APIPA
    address, which "do[es] not initiate BGP peering sessions with APIPA source IP addresses", DOC_BGP_HOWTO in
    azure/tables.py), as the engine's finding says it.
    """

    asn: Optional[int] = None
    peer_asn: Optional[int] = None
    local_addresses: Tuple[str, ...] = ()
    peer_address: Optional[str] = None
    multihop: int = 1
    activated: bool = True
    advertised: Optional[List[str]] = None
    import_filter: Optional[List[PrefixRule]] = None
    # What this end originates that its outbound filter toward the neighbor drops, and that filter as ordered rules
    # when it is a prefix-list alone (None: a route-map, or none). Review 2026-12-05: a prefix-list out that dropped
    # every network was reported as "advertises no prefix: add network statements", which were there.
    export_dropped: Tuple[str, ...] = ()
    export_filter: Optional[List[PrefixRule]] = None
    source: Tuple[ConfigLine, ...] = ()
    accepts_unconnected_peer: bool = False
    disable_connected_check: bool = False
    # The most prefixes this end takes from its neighbor before it tears the session down (ASA/IOS ``neighbor X
    # maximum-prefix N`` without ``warning-only``); None: no such limit.
    max_prefixes: Optional[int] = None
    # The limit is the end's own and no setting changes it (an Azure VPN gateway's, azure/tables.py): the sender must
    # advertise fewer, rather than the limit be raised
    max_prefixes_fixed: bool = False
    passive: Optional[str] = None
    # Of local_addresses, those this end's own rules refuse (an Azure custom APIPA address out of Azure's range, which
    # BGP_APIPA_INVALID reports): the fix is to them, never a neighbor moved onto one (review 2026-12-06: the "proven"
    # fix re-pointed the ASA's correct neighbor to the address the same report called invalid)
    refused_addresses: Tuple[str, ...] = ()
    shut_down: bool = False  # the neighbor is administratively down (``neighbor X shutdown``); activated is then False
    # ``network`` statements not originated, as "prefix (line N)": no route of exactly that prefix is in the routing
    # table (review 2026-12-06: "advertises no prefix: add a network statement" beside the statement)
    unrouted_networks: Tuple[str, ...] = ()
    # Prefixes this end rejects from its neighbor whatever its filters, as identical to its own (an Azure gateway: its
    # VNet's prefixes, azure/bgp.py); () when none
    refused_prefixes: Tuple[str, ...] = ()


@dataclass
class VersionProposals:
    """What an end configured for two IKE versions uses when the peer has only the other one: its proposals,
    lifetime and authentication of ``version`` (an ASA crypto map entry with both ``set ikev1 transform-set`` and
    ``set ikev2 ipsec-proposal``: the TunnelEnd holds those of its ``proposals_version``, this the other version's).
    ``for_version`` makes the end that negotiates with such a peer. ``assumptions`` and ``unknowns``: those of these
    values only."""

    version: int
    ike_proposals: List[IkeProposal] = field(default_factory=list)
    child_proposals: List[ChildSaProposal] = field(default_factory=list)
    ike_lifetime: Lifetimes = field(default_factory=lambda: Lifetimes(seconds=None))
    auth: PeerAuth = field(default_factory=PeerAuth)
    ref: Dict[str, object] = field(default_factory=dict)  # the adapter's ref keys that differ with the version
    unknowns: Tuple[str, ...] = ()


# The TunnelEnd fields VersionProposals replaces, and the unknowns that are about them.
_VERSION_UNKNOWNS = frozenset(("ike_proposals", "ike_lifetime", "child_proposals", "auth"))


@dataclass
class TunnelEnd:
    """Everything one end will do for one tunnel, in vendor-neutral terms.

    Initiator and responder proposals are separate because some ends offer
    less than they accept (Azure's default policy accepts PFS it never offers).
    """

    vendor: str  # adapter that produced it: "asa", "azure"
    name: str  # human label: "CRYPTO-MAP 2", "UKSouth-HQ-S2S"
    ref: Dict[str, object] = field(default_factory=dict)  # adapter keys for remediation
    local_address: Optional[str] = None  # this end's public IKE address
    # its local_address is private by design, not behind NAT: the peer must send to it (an Azure connection with
    # useLocalAzureIpAddress, over ExpressRoute private peering)
    local_address_private: bool = False
    peer_address: Optional[str] = None  # the address it expects the peer at
    # The lines stating local_address and peer_address (an ASA interface's address, its set peer or tunnel
    # destination; Azure's public IP and local network gateway), for the address findings to cite (review s40)
    local_address_source: Tuple[ConfigLine, ...] = ()
    peer_address_source: Tuple[ConfigLine, ...] = ()
    ike_versions: Tuple[int, ...] = (2,)
    ike_versions_source: Tuple[ConfigLine, ...] = ()  # what leaves a configured version out, where something does
    ike_proposals: List[IkeProposal] = field(default_factory=list)
    ike_proposals_responder: Optional[List[IkeProposal]] = None  # None: same as ike_proposals
    child_proposals: List[ChildSaProposal] = field(default_factory=list)
    child_proposals_responder: Optional[List[ChildSaProposal]] = None
    pfs_group: Optional[int] = None  # the group this end puts in its own rekeys (None: no PFS)
    pfs_source: Tuple[ConfigLine, ...] = ()  # where PFS is set, or the entry that lacks it
    ike_lifetime: Lifetimes = field(default_factory=lambda: Lifetimes(seconds=None))
    child_lifetime: Lifetimes = field(default_factory=lambda: Lifetimes(seconds=None))
    traffic_selectors: Optional[List[TrafficSelector]] = None  # None: not decidable
    # What lines of its config written but switched off would offer (an ASA crypto ACL line marked inactive, which the
    # ASA skips): no selector of its, but a TRAFFIC_SELECTOR_MISMATCH one of them would have avoided names its line
    inactive_selectors: List[TrafficSelector] = field(default_factory=list)
    any_to_any: bool = False  # offers 0.0.0.0/0 <-> 0.0.0.0/0
    narrows_selectors: bool = True  # as responder, accepts a wider offer by narrowing it
    # as responder, takes whatever selectors the peer proposes, as proposed (an Azure VPN gateway); its own
    # traffic_selectors are then only what it offers when it initiates
    accepts_any_selectors: bool = False
    local_networks: Optional[List[str]] = None  # prefixes behind this end
    remote_networks: Optional[List[str]] = None  # prefixes it expects behind the peer
    auth: PeerAuth = field(default_factory=PeerAuth)
    dpd: Dpd = field(default_factory=Dpd)
    nat: NatExemption = field(default_factory=NatExemption)
    tcp_mss: Optional[int] = None  # MSS tunnel TCP may reach at this end: its clamp, or hosts' own where it clamps nothing
    max_tcp_mss: Optional[int] = None  # MSS this end's vendor recommends at most
    tcp_mss_source: Tuple[ConfigLine, ...] = ()  # where tcp_mss is set, or a line 0 saying which default it is
    mode: str = MODE_BOTH
    mode_source: Tuple[ConfigLine, ...] = ()  # where mode is set (NO_INITIATOR cites it; review s40)
    # Route-based ends (ASA VTI, Azure RouteBased without policy selectors): routing, not
    # selectors, decides what enters the tunnel.
    route_based: bool = False
    tunnel_address: Optional[str] = None  # inner address of the tunnel interface, CIDR ("169.254.21.1/30")
    routed_networks: Optional[List[str]] = None  # prefixes this end routes into the tunnel (None: not decidable)
    # The lines that state its networks (an ASA VTI's address and routes, an Azure VNet's and local network gateway's
    # prefixes), for the routing findings to cite (review s40: ROUTE_MISSING named no line)
    networks_source: Tuple[ConfigLine, ...] = ()
    # What its device has behind it where local_networks cannot say (a VTI: routing decides what it carries), for the
    # peer's routes into the tunnel to reach: connected and routed networks, NAT's, other tunnels'. None: not known.
    # A tuple shared by the device's ends (never copied); set by the controller (compat), not by the facts.
    held_networks: Optional[Tuple[str, ...]] = None
    # Where its device routes its networks to, as the vendor's adapter writes it (an ASA's connected networks and static
    # routes by interface, asa/nat_ingress.py): which interface a fix's new local network enters by, and so where its
    # NAT exemption must apply. None: not known. A tuple of strings shared by the device's ends (never copied); set by
    # the adapter, or by the controller (compat) from the device's facts ("ingress"); never written per end
    # (model_facts.compact_end_dict).
    ingress_routes: Optional[Tuple[str, ...]] = field(default=None, repr=False, compare=False)
    # The peers its device holds a configuration of their own for (an ASA's ipsec-l2l tunnel-groups, by name: a peer's
    # address), so that a fix moving the end to another peer does not tell to create one that is there already. None:
    # not known. A tuple shared by the device's ends (never copied); set by the adapter, or by the controller (compat)
    # from the device's facts ("peer_configs"); never written per end (model_facts.compact_end_dict).
    peer_configs: Optional[Tuple[str, ...]] = field(default=None, repr=False, compare=False)
    # How each of those peer configurations authenticates, per IKE version (a PeerAuths): a fix moving the end to such
    # a peer is proven with the authentication the device then uses, not the old peer's (review: a set-peer fix onto a
    # tunnel-group on certificates was proven with the old group's pre-shared keys). None: not known. Shared by the
    # device's ends (never copied); set like peer_configs, from the device's facts ("peer_auths").
    peer_auths: Optional["PeerAuths"] = field(default=None, repr=False, compare=False)
    # The networks its device's interfaces are on, each with where the adapter says it is ("interface
    # GigabitEthernet0/1 (LAN), line 13"): a peer's network within one goes there, not to the default route, when no route
    # takes it into the tunnel (ROUTE_MISSING says so). None: not known. Shared by the device's ends, set by the
    # controller (compat) from the device's facts ("connected_networks"), never written per end.
    connected_networks: Optional[Tuple[Tuple[str, str], ...]] = field(default=None, repr=False, compare=False)
    bgp: Optional[Bgp] = None  # None: no BGP over this tunnel
    # With bgp None, what leaves BGP off for this tunnel: the line or property that turns it off, or a note of the one
    # missing (BGP_NOT_CONFIGURED cites it for the end without BGP; s41: it cited nothing there)
    no_bgp_source: Tuple[ConfigLine, ...] = ()
    unknowns: Tuple[str, ...] = ()  # fields the adapter could not decide (masked, undefined)
    # What this end's software no longer takes in its config (ASA 9.16 removed DH groups 2 and 24, DES, 3DES,
    # MD5): a fix never moves the end to them, whatever the baseline says.
    refused_dh_groups: Tuple[int, ...] = ()
    refused_algorithms: Tuple[str, ...] = ()  # canonical encryption, integrity and PRF names
    # What it cannot take where it negotiates IKEv1 (an ASA's IKEv1 policies and transform-sets have no SHA-2 or GCM)
    ikev1_refused_algorithms: Tuple[str, ...] = ()
    # The DH groups this end can be set to at all (Azure's dhGroup and pfsGroup lists); None: no such limit known.
    accepted_dh_groups: Optional[Tuple[int, ...]] = None
    # The IKE and ESP algorithms (encryption, integrity, PRF) this end can be set to at all (Azure's policy enums:
    # no SHA512), and whether its IKE PRF is always its integrity hash (Azure has no PRF field); None/False: no
    # such limit known. A fix never moves an end to a suite it cannot be set to (review 2026-12-05: the first
    # suite of an ASA policy, SHA512, was proposed to Azure and no later one was tried).
    accepted_ike_algorithms: Optional[Tuple[str, ...]] = None
    accepted_esp_algorithms: Optional[Tuple[str, ...]] = None
    ike_prf_is_integrity: bool = False
    # Its IKE SA lifetime cannot be set (Azure's is fixed at 28,800 s): lifetime advice moves the other end
    ike_lifetime_fixed: bool = False
    # Why none of its IKE and ESP suites nor its PFS can be set at all, in words, naming what would change that (an
    # Azure gateway that takes no custom IPsec/IKE policy: Basic SKU, PolicyBased); None: they can. A fix then moves only
    # the other end, and the reasons say so rather than what this end "may not move to" (review I, findings 3 and 4)
    crypto_fixed: Optional[str] = None
    # No fix takes its Child SA data limit away (Azure: saDataSizeKilobytes 0, read as no limit, is not documented as
    # such; azure/tables.py SA_DATA_SIZE_KB_NO_LIMIT): no fix matches a peer with no data limit (review D, finding 3)
    child_data_limit_required: bool = False
    # A suite fix adds its IKE proposal next to the end's own, which it keeps (an ASA's new ikev2 or ikev1 policy): the
    # end's strongest suite stays, so a suite no weaker in any part than one it takes already lowers nothing of it
    ike_proposals_kept: bool = False
    # Where each IKE version has proposals of its own (an ASA): the version the fields above are of, and the other
    # version's when the end is set for both (None: the fields serve every version, as Azure's policy does)
    proposals_version: Optional[int] = None
    other_version: Optional[VersionProposals] = None
    # IKE versions whose IKE SA this end does not rekey in place: at each IKE rekey it tears the tunnel down and builds
    # it anew (Azure with IKEv1), so traffic stops for a moment every IKE lifetime
    ike_rekey_reconnects: Tuple[int, ...] = ()

    def responder_ike(self):
        return self.ike_proposals if self.ike_proposals_responder is None else self.ike_proposals_responder

    def responder_child(self):
        return self.child_proposals if self.child_proposals_responder is None else self.child_proposals_responder

    def refused_values(self, algorithms=(), dh_groups=()):
        """What of ``algorithms`` and ``dh_groups`` this end cannot take (``refused_*``, ``accepted_dh_groups``), as a person
        reads it ("DH group 24", "3DES-CBC"), groups first; [] when it takes them all."""
        accepted = self.accepted_dh_groups
        found = ["DH group %d" % group for group in dh_groups if group is not None and (
            group in self.refused_dh_groups or (accepted is not None and group not in accepted))]
        ikev1 = self.ikev1_refused_algorithms if (
            self.proposals_version == 1 or tuple(self.ike_versions) == (1,)) else ()
        return found + [value if value in self.refused_algorithms else "%s with IKEv1" % value
                        for value in dict.fromkeys(algorithms)
                        if value and (value in self.refused_algorithms or value in ikev1)]

    def to_dict(self):
        return _to_plain(self)


def for_version(end, other):
    """``end`` as it negotiates with ``other``: where ``end`` holds the proposals of a second IKE version and that is
    the version the two negotiate (the highest they share, engine/peers.check_versions), a copy with that version's
    proposals, lifetime and authentication and only that version; else ``end`` itself. Review 2026-12-04: an ASA
    entry with both versions facing an IKEv1 Azure connection was checked with its IKEv2 policies."""
    other_version = end.other_version
    if other_version is None:
        return end
    common = set(end.ike_versions) & set(other.ike_versions)
    if not common or max(common) != other_version.version:
        return end
    view = copy_end(end)
    view.ike_versions = (other_version.version,)
    view.ike_proposals = list(other_version.ike_proposals)
    view.ike_proposals_responder = None
    view.child_proposals = list(other_version.child_proposals)
    view.child_proposals_responder = None
    view.ike_lifetime = other_version.ike_lifetime
    view.auth = other_version.auth
    view.ref.update(copy.deepcopy(other_version.ref))
    view.unknowns = tuple(u for u in end.unknowns if u not in _VERSION_UNKNOWNS) + tuple(other_version.unknowns)
    view.proposals_version, view.other_version = other_version.version, None
    return view


# ``to_dict()`` gives every field as plain JSON (each ``source`` entry a {"line", "text"} dict); the compact form facts
# carry, and reading either back, is model_facts.py.
_NAMES = {}  # dataclass -> its field names (dataclasses.fields() per object was a third of to_dict's time)


def field_names(cls):
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _to_plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return {name: _to_plain(getattr(value, name)) for name in field_names(type(value))}
    if isinstance(value, PeerAuths):
        return value.to_plain()
    return value


_UNCHANGING = (str, int, float, bool, ConfigLine)


def _copy_tree(value):
    """What copy.deepcopy makes of model data, without its memo and dispatch: new lists, dicts and dataclass
    objects all the way down; ConfigLines (frozen), strings, numbers and tuples of those are shared, as they
    cannot change. An active-active connection's two ends are copies of one: deepcopy was most of reading an
    export with thousands of them."""
    if value is None or isinstance(value, _UNCHANGING):
        return value
    if isinstance(value, list):
        return [_copy_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy_tree(v) for k, v in value.items()}
    if isinstance(value, tuple):
        if all(v is None or isinstance(v, _UNCHANGING) for v in value):
            return value
        return tuple(_copy_tree(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        new = copy.copy(value)
        for name in field_names(type(value)):
            setattr(new, name, _copy_tree(getattr(value, name)))
        return new
    return copy.deepcopy(value)


def copy_end(end):
    """A TunnelEnd that shares no mutable object with ``end`` (equal to copy.deepcopy(end))."""
    return _copy_tree(end)
