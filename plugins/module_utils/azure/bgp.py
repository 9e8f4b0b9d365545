# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BGP over an Azure connection (``enableBgp``): the gateway's bgpSettings (ASN,
per-instance peering addresses), the connection's gatewayCustomBgpIpAddresses (the
APIPA address each instance peers from for this connection) and the local network
gateway's (the neighbor's ASN and address), checked by Azure's own rules (reserved
ASNs, APIPA range).

``read_settings`` reads the connection once; ``instance_bgp`` builds the Bgp of
one gateway instance (its own peering addresses, NAT applied). Tables: tables.py.
"""

import ipaddress
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import nat, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_key, prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import (
    address,
    int_value,
    line,
    list_prop,
    note_line,
    number_expected,
    unset_line,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, ConfigLine

_APIPA = ipaddress.ip_network(tables.APIPA_NETWORK)
_AZURE_APIPA = (ipaddress.ip_address(tables.AZURE_APIPA_FIRST), ipaddress.ip_address(tables.AZURE_APIPA_LAST))


@dataclass
class BgpSettings:
    asn: Optional[int] = None
    peer_asn: Optional[int] = None
    peer_address: Optional[str] = None  # as the local network gateway holds it
    lines: List[ConfigLine] = field(default_factory=list)
    # The connection's gatewayCustomBgpIpAddresses: ipConfiguration id key -> (address, evidence line).
    connection_custom: Dict[str, Tuple[str, ConfigLine]] = field(default_factory=dict)


def read_settings(reader, gateway, lng, vpn_type):
    """The connection's BGP settings, or None when enableBgp is off."""
    conn = reader.conn
    raw = conn.get("enableBgp")
    reader.ref["enable_bgp"] = raw is True
    if raw is not True:
        return None
    settings = BgpSettings(lines=[line(conn, "enableBgp", True)])
    if gateway is not None:
        _check_support(reader, gateway, vpn_type)
    _gateway_asn(reader, gateway, settings)
    _connection_custom(reader, gateway, settings)
    if lng is not None:
        _neighbor(reader, lng, settings)
    else:
        reader.unknowns.append("bgp")
    reader.ref["bgp_asn"] = settings.asn
    return settings


def off_source(reader, lng):
    """What leaves BGP off for the connection, for BGP_NOT_CONFIGURED to cite where the ASA runs it: its enableBgp
    (absent: off, as read_settings reads it) and, where the local network gateway has none, its bgpSettings."""
    raw = reader.conn.get("enableBgp")
    lines = [line(reader.conn, "enableBgp", raw) if raw is not None
             else unset_line(reader.conn, "enableBgp", "BGP off")]
    if lng is not None and lng.get("bgpSettings") is None:
        lines.append(unset_line(lng, "bgpSettings", "no BGP neighbor"))
    return tuple(lines)


def _check_support(reader, gateway, vpn_type):
    sku = reader.ref["sku"] if isinstance(reader.ref["sku"], str) else ""
    basic = sku.casefold() in {s.casefold() for s in tables.BGP_UNSUPPORTED_SKUS}
    if vpn_type == tables.POLICY_BASED or basic:
        why = "a PolicyBased gateway" if vpn_type == tables.POLICY_BASED else "the %s SKU" % sku
        reader.find(
            "AZURE_SKU_UNSUPPORTED", ERROR,
            "%s has enableBgp on, but %s (%s) does not support BGP; a RouteBased gateway of another SKU "
            "is needed." % (reader.name, why, gateway.name),
            [line(reader.conn, "enableBgp", True), line(gateway, "vpnType", vpn_type),
             line(gateway, "sku.name", reader.ref["sku"])],
            {"enableBgp": False}, sku=reader.ref["sku"], vpn_type=vpn_type, gateway=gateway.name)
    elif gateway.get("enableBgp") is False:
        # BGP on a connection needs BGP on its gateway (DOC_BGP_HOWTO: enabled when the
        # gateway is created or updated; partial: the refusal itself is not quoted)
        reader.find(
            "AZURE_SKU_UNSUPPORTED", ERROR,
            "%s has enableBgp on, but its gateway %s has enableBgp off; enable BGP on the gateway (with its ASN) "
            "or turn it off on the connection." % (reader.name, gateway.name),
            [line(reader.conn, "enableBgp", True), line(gateway, "enableBgp", False)],
            sku=reader.ref["sku"], vpn_type=vpn_type, gateway=gateway.name)


def _gateway_asn(reader, gateway, settings):
    if gateway is None:
        return
    raw = gateway.get("bgpSettings", "asn")
    if raw is None:
        settings.asn = tables.DEFAULT_GATEWAY_ASN
        settings.lines.append(unset_line(gateway, "bgpSettings.asn", "Azure default %d" % tables.DEFAULT_GATEWAY_ASN))
        return
    asn = _asn(reader, gateway, "bgpSettings.asn", raw)
    if asn is not None:
        settings.asn = asn
        settings.lines.append(line(gateway, "bgpSettings.asn", raw))


# The connection's gatewayCustomBgpIpAddresses, [{ipConfigurationId, customBgpIpAddress}]: "GatewayCustomBgpIpAddresses
# to be used for virtual network gateway Connection"; customBgpIpAddress "The custom BgpPeeringAddress which belongs
# to IpconfigurationId", ipConfigurationId "The IpconfigurationId of ipconfiguration which belongs to gateway"
# (ARM/SDK reference, VirtualNetworkGatewayConnection.GatewayCustomBgpIpAddresses and
# GatewayCustomBgpIpAddressIpConfiguration, learn.microsoft.com; PowerShell New-AzGatewayCustomBgpIpConfigurationObject
# "represents GatewayCustomBgpIpAddress property in your virtual network gateway connection", example 169.254.21.1
# for ipConfigurations/default). So the instance of that ipConfiguration peers from that one address on this
# connection, whatever other customBgpIpAddresses it has for other connections. verified: partial (the reference
# names the property and its fields; that the instance then peers from no other address is our reading of it).
CONNECTION_CUSTOM_PATH = "gatewayCustomBgpIpAddresses"


def _connection_custom(reader, gateway, settings):
    """The connection's gatewayCustomBgpIpAddresses into ``settings.connection_custom``; bad entries are reported."""
    conn = reader.conn
    raw = conn.get(CONNECTION_CUSTOM_PATH)
    if raw is None:
        return
    if not isinstance(raw, list):
        reader.invalid(conn, CONNECTION_CUSTOM_PATH, raw, "a list of {ipConfigurationId, customBgpIpAddress}", "bgp")
        return
    known = {id_key(c) for c in (prop(config, "id") for config in list_prop(gateway, "ipConfigurations"))
             if isinstance(c, str)} if gateway is not None else None
    for k, entry in enumerate(raw):
        base = "%s[%d]" % (CONNECTION_CUSTOM_PATH, k)
        config_id = prop(entry, "ipConfigurationId")
        raw_address = prop(entry, "customBgpIpAddress")
        if not isinstance(config_id, str) or not config_id.strip():
            reader.invalid(conn, base + ".ipConfigurationId", config_id, "the id of one of the gateway's ipConfigurations",
                           "bgp")
            continue
        found = address(raw_address) if isinstance(raw_address, str) else None
        if found is None:
            reader.invalid(conn, base + ".customBgpIpAddress", raw_address, "an IP address", "bgp")
            continue
        if known is not None and id_key(config_id) not in known:
            names = sorted(str(prop(config, "name")) for config in list_prop(gateway, "ipConfigurations"))
            reader.undefined(conn, base + ".ipConfigurationId", config_id, "ipConfiguration", "gateway %s" % gateway.name,
                             names)
            continue
        cited = line(conn, base + ".customBgpIpAddress", raw_address)
        settings.connection_custom.setdefault(id_key(config_id), (found, cited))


def _asn(reader, holder, path, raw):
    asn = int_value(raw)
    if asn is None or not 1 <= asn <= tables.ASN_MAX:
        reader.invalid(holder, path, raw, number_expected("an AS number (1..%d)" % tables.ASN_MAX, raw), "bgp", ERROR)
        return None
    return asn


def _neighbor(reader, lng, settings):
    bgp = lng.get("bgpSettings")
    if not isinstance(bgp, dict) or (lng.get("bgpSettings", "asn") is None
                                     and lng.get("bgpSettings", "bgpPeeringAddress") is None):
        # The connection asks for BGP, but Azure has no neighbor to peer with: the same
        # outcome as an end without BGP, so the code that says "BGP on one side only".
        reader.unknowns.append("bgp")
        reader.find(
            "BGP_NOT_CONFIGURED", ERROR,
            "%s has enableBgp on, but local network gateway %s has no bgpSettings (the peer's ASN and BGP "
            "address), so Azure has no BGP neighbor on this tunnel; set them to the peer's values or turn "
            "enableBgp off." % (reader.name, lng.name),
            [line(reader.conn, "enableBgp", True), unset_line(lng, "bgpSettings", "no BGP neighbor")],
            property="localNetworkGateway2.bgpSettings")
        return
    raw_asn = lng.get("bgpSettings", "asn")
    if raw_asn is None:
        reader.invalid(lng, "bgpSettings.asn", None, "set (the peer's AS number)", "bgp", ERROR)
    else:
        settings.peer_asn = _asn(reader, lng, "bgpSettings.asn", raw_asn)
        asn_line = line(lng, "bgpSettings.asn", raw_asn)
        settings.lines.append(asn_line)
        who = tables.asn_reserved(settings.peer_asn) if settings.peer_asn is not None else None
        if who is not None:
            reader.find(
                "BGP_ASN_RESERVED", ERROR,
                "%s: local network gateway %s gives the peer ASN %d, which %s reserves; Azure refuses it for "
                "an on-premises BGP speaker. Use another ASN (private: 64512-65514 or 65521-65534) on the peer "
                "and in bgpSettings.asn." % (reader.name, lng.name, settings.peer_asn, who),
                [asn_line], asn=settings.peer_asn, reserved_by=who, property="localNetworkGateway2.bgpSettings.asn")
        elif settings.peer_asn is not None and settings.peer_asn == settings.asn:
            # "you must assign different ASNs between your on-premises networks and your Azure virtual networks if
            # you're connecting them together with BGP" (DOC_BGP_FAQ, vpn-gateway-faq-bgp-include.md; review
            # 2026-12-06: read as iBGP, it passed)
            reader.find(
                "BGP_ASN_RESERVED", ERROR,
                "%s: local network gateway %s gives the peer ASN %d, the gateway's own; Azure needs the on-premises "
                "BGP speaker on another ASN than its gateway's. Use another ASN on the peer and in bgpSettings.asn."
                % (reader.name, lng.name, settings.peer_asn),
                list(settings.lines),
                asn=settings.peer_asn, reserved_by="the gateway", property="localNetworkGateway2.bgpSettings.asn")
    raw_address = lng.get("bgpSettings", "bgpPeeringAddress")
    found = address(raw_address) if isinstance(raw_address, str) else None
    if found is None:
        expected = "an IP address" if raw_address is not None else "set (the peer's BGP address)"
        reader.invalid(lng, "bgpSettings.bgpPeeringAddress", raw_address, expected, "bgp", ERROR)
        return
    settings.peer_address = found
    settings.lines.append(line(lng, "bgpSettings.bgpPeeringAddress", raw_address))


def check_nat_with_apipa(reader, settings):
    """A connection that links NAT rules and peers BGP over APIPA: "NAT isn't supported with BGP APIPA addresses"
    (DOC_NAT_FAQ, MicrosoftDocs includes/vpn-gateway-faq-nat-include.md, 2024-10-16; review 2026-12-04: passed)."""
    peer = settings.peer_address
    if peer is None or ipaddress.ip_address(peer) not in _APIPA:
        return
    reader.find(
        "AZURE_POLICY_INVALID", ERROR,
        "%s links NAT rules and peers BGP over APIPA (the local network gateway's BGP peer is %s); Azure does not "
        "support NAT with BGP APIPA addresses: use non-APIPA BGP addresses (the on-premises one written post-NAT in "
        "the local network gateway) or no NAT." % (reader.name, peer),
        list(settings.lines), property="natRules", value=peer)


def instance_bgp(reader, settings, inst, egress, ingress, advertised):
    """The Bgp of one gateway instance (``inst`` None: gateway not in the input)."""
    gateway = reader.gateway
    lines = list(settings.lines)
    peer, peer_natted = nat.ingress_address(settings.peer_address, ingress)
    if peer_natted:
        lines.append(note_line(reader.lng, "BGP peer %s inside Azure is %s on the tunnel" % (
            settings.peer_address, peer), "IngressSnat rule"))
    local, refused = [], []
    passive = None
    if inst is not None:
        invalid = {addr for addr, source in inst.bgp_custom if not _check_apipa(reader, gateway, inst, addr, source)}
        custom = inst.bgp_custom
        named = settings.connection_custom.get(id_key(inst.config_id)) if inst.config_id else None
        if named is not None:
            # The connection names the one APIPA address this instance peers from on it
            # (CONNECTION_CUSTOM_PATH above): the instance's other custom addresses are not offered.
            if named[0] not in [addr for addr, _source in inst.bgp_custom]:
                if not _check_apipa(reader, gateway, inst, named[0], named[1]):
                    invalid.add(named[0])
                _not_the_instances(reader, gateway, inst, named)
            custom = [named]
        peer_apipa = peer is not None and ipaddress.ip_address(peer) in _APIPA
        # Azure peers from its APIPA addresses with an APIPA neighbor, else from the
        # default one (DOC_BGP_FAQ "What address does VPN Gateway use for BGP peer IP").
        if inst.bgp_unknown:
            chosen = []  # its bgpPeeringAddresses entry is not known (gateway._stray_peering_entries, named there)
        elif peer_apipa and custom:
            chosen = custom
            passive = None if tables.APIPA_OPENS_SESSION else (
                "an Azure gateway never opens a BGP session from an APIPA address (%s)" % ", ".join(
                    addr for addr, _source in custom))
        else:
            chosen = inst.bgp_default
            if peer_apipa:
                _no_apipa(reader, gateway, inst, peer, settings)
        for addr, source in chosen:
            seen, natted = nat.egress_address(addr, egress)
            local.append(seen)
            if addr in invalid and chosen is custom:
                refused.append(seen)
            lines.append(source if not natted else ConfigLine(
                0, "%s (%s on the tunnel, EgressSnat rule)" % (source.text, seen)))
        if not chosen:
            reader.unknowns.append("bgp")
    # Azure rejects a learned route identical to one of its VNet prefixes: "the prefixes cannot be identical with any
    # one of your VNet prefixes. Those routes identical to your VNet prefixes will be rejected" (Microsoft Learn, "About
    # BGP and Azure VPN Gateway"; verified: partial, the VNets peered to use the gateway, which it advertises alike,
    # taken as its own too). Not said with NAT rules, whose route translation changes what is compared.
    own = tuple(advertised) if advertised and not egress and not ingress else ()
    return Bgp(asn=settings.asn, peer_asn=settings.peer_asn, local_addresses=tuple(local), peer_address=peer,
               multihop=tables.AZURE_BGP_MULTIHOP, activated=True, passive=passive,
               max_prefixes=tables.AZURE_BGP_MAX_PREFIXES, max_prefixes_fixed=True,
               refused_addresses=tuple(refused), refused_prefixes=own,
               advertised=list(advertised) if advertised is not None else None, import_filter=None,
               source=tuple(dict.fromkeys(lines)))


def peering_choices(settings, inst, egress):
    """What the instance peers from with an APIPA neighbor and with any other, as the tunnel sees it (instance_bgp's
    choice, DOC_BGP_FAQ "What address does VPN Gateway use for BGP peer IP"): {"apipa": None (no custom address: the
    default one) or {"local", "refused", "passive"}, "default": {...}}; a fix that moves the local network gateway's
    bgpPeeringAddress across APIPA changes the addresses Azure peers from (EndRules.bgp_peers_from). None: no instance,
    or one whose BGP addresses are not known (Instance.bgp_unknown)."""
    if inst is None or inst.bgp_unknown:
        return None
    custom = inst.bgp_custom
    named = settings.connection_custom.get(id_key(inst.config_id)) if inst.config_id else None
    if named is not None:
        custom = [named]

    def choice(chosen, passive):
        local = [nat.egress_address(addr, egress)[0] for addr, _source in chosen]
        refused = [seen for seen, (addr, _source) in zip(local, chosen) if chosen is custom and not _in_azure_apipa(addr)]
        return {"local": local, "refused": refused, "passive": passive}

    apipa = choice(custom, None if tables.APIPA_OPENS_SESSION else (
        "an Azure gateway never opens a BGP session from an APIPA address (%s)" % ", ".join(
            addr for addr, _source in custom))) if custom else None
    return {"apipa": apipa, "default": choice(inst.bgp_default, None)}


def peers_from(end, neighbor):
    """(local addresses, refused addresses, passive) the Azure ``end`` peers from once its neighbor is ``neighbor``
    (peering_choices), or None: not known, as it is."""
    choices = (end.ref or {}).get("bgp_peering")
    try:
        apipa = neighbor is not None and ipaddress.ip_address(neighbor) in _APIPA
    except ValueError:
        return None
    chosen = (choices.get("apipa") if apipa else None) or choices.get("default") if choices else None
    if not chosen:
        return None
    return tuple(chosen["local"]), tuple(chosen["refused"]), chosen["passive"]


def _in_azure_apipa(addr):
    parsed = ipaddress.ip_address(addr)
    return parsed.version == 4 and _AZURE_APIPA[0] <= parsed <= _AZURE_APIPA[1]


def _check_apipa(reader, gateway, inst, addr, source):
    parsed = ipaddress.ip_address(addr)
    if parsed.version == 4 and _AZURE_APIPA[0] <= parsed <= _AZURE_APIPA[1]:
        return True
    reader.find(
        "BGP_APIPA_INVALID", ERROR,
        "%s: gateway %s instance %d has custom BGP address %s, outside the range Azure allows for APIPA "
        "BGP addresses (%s - %s)." % (reader.name, gateway.name, inst.number, addr,
                                      tables.AZURE_APIPA_FIRST, tables.AZURE_APIPA_LAST),
        [source], address=addr, instance=inst.number, gateway=gateway.name)
    return False


def _not_the_instances(reader, gateway, inst, named):
    """The connection names an address its ipConfiguration does not have: customBgpIpAddress is "the custom
    BgpPeeringAddress which belongs to IpconfigurationId" (CONNECTION_CUSTOM_PATH above), so this export is not a
    configuration Azure holds (hand-edited, or two exports of different times). The instance is still taken to peer
    from the connection's address, as the connection says; the finding says which input to trust."""
    addr, source = named
    have = [got for got, _source in inst.bgp_custom]
    reader.find(
        "BGP_APIPA_INVALID", WARNING,
        "%s names custom BGP address %s for gateway %s instance %d, which is not one of that instance's custom BGP "
        "addresses (%s); Azure takes only an address of the instance's bgpPeeringAddresses[].customBgpIpAddresses. "
        "Re-export both resources, or add %s to the instance's customBgpIpAddresses." % (
            reader.name, addr, gateway.name, inst.number, ", ".join(have) or "none", addr),
        [source] + ([got_source for _got, got_source in inst.bgp_custom] or [
            unset_line(gateway, "bgpSettings.bgpPeeringAddresses[].customBgpIpAddresses",
                       "none for instance %d" % inst.number)]),
        address=addr, instance=inst.number, gateway=gateway.name)


def _no_apipa(reader, gateway, inst, peer, settings):
    reader.find(
        "BGP_APIPA_INVALID", ERROR,
        "%s: the peer's BGP address %s is APIPA, but gateway %s instance %d has no custom APIPA BGP address "
        "(%s - %s), which Azure needs to peer with an APIPA neighbor." % (
            reader.name, peer, gateway.name, inst.number, tables.AZURE_APIPA_FIRST, tables.AZURE_APIPA_LAST),
        [settings.lines[-1], unset_line(gateway, "bgpSettings.bgpPeeringAddresses[].customBgpIpAddresses",
                                        "none for instance %d" % inst.number)],
        address=peer, instance=inst.number, gateway=gateway.name)
