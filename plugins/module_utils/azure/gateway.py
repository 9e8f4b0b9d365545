# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Azure side of a connection: the gateway's instances (one per
ipConfiguration when active-active) with their public, private and BGP peering
addresses, and the prefixes behind the gateway (its VNet and the peered VNets
that use its gateway).

The functions take the connection reader (adapter._ConnectionReader) for its
``index``, ``ref``, ``unknowns``, ``find``, ``invalid`` and ``undefined``.
"""

import ipaddress
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import (
    address,
    line,
    list_prop,
    object_value,
    prefix,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_key, id_prefix, prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import behind_nat
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING

# (address, evidence line)
Addr = Tuple[str, ConfigLine]


@dataclass
class Instance:
    """One gateway instance: what the peer builds one tunnel to."""

    number: int
    count: int
    config_name: Optional[str] = None
    config_id: Optional[str] = None  # ipConfigurations[n].id, as written
    public_ip: Optional[str] = None
    public_ip_line: Optional[ConfigLine] = None  # the public IP resource's ipAddress, for the findings to cite
    private_ip: Optional[Addr] = None
    bgp_default: List[Addr] = field(default_factory=list)
    bgp_custom: List[Addr] = field(default_factory=list)
    # its bgpPeeringAddresses entry is not known: another entry names an ipConfiguration the gateway lacks (the
    # instance's, mistyped or of a renamed one?), so its BGP addresses are neither the legacy ones nor none
    bgp_unknown: bool = False


@dataclass
class Transit:
    """What gateway transit puts behind each hub VNet (by VNet id key), found in one pass over the peerings."""

    spokes: dict = field(default_factory=dict)  # spoke VNets in the input that use the hub's gateway
    from_hub: dict = field(default_factory=dict)  # (number, peering): Connected transit peering to a VNet not in input
    idle: dict = field(default_factory=dict)  # (number, peering): transit peering not Connected, or of no state
    # (hub key, spoke key) -> (number, peering): the hub's own transit peering to a spoke the input holds, whose
    # remoteAddressSpace is what the hub (and so its gateway) has of the spoke (tables.PEERED_SPACE_FIELDS)
    hub_peerings: dict = field(default_factory=dict)


def transit_spokes(index):
    """Transit of every VNet (DOC_GATEWAY_TRANSIT): a spoke in the input counts when its peering to the hub has
    useRemoteGateways and is connected, unless the hub's own peering to it (if in the input) denies
    allowGatewayTransit; a spoke not in the input counts by the hub's Connected transit peering alone. Built once
    for all connections: linear in peerings."""
    transit = Transit()
    allows = {}
    wants = []
    for vnet in index.of_type(tables.VIRTUAL_NETWORKS):
        for number, peering in enumerate(list_prop(vnet, "virtualNetworkPeerings")):
            # a peering given as text was skipped: a spoke using the gateway, its prefixes left out without a word
            base = "virtualNetworkPeerings[%d]" % number
            object_value(vnet, base, peering)
            object_value(vnet, base + ".remoteVirtualNetwork", prop(peering, "remoteVirtualNetwork"))
            remote = prop(peering, "remoteVirtualNetwork", "id")
            if not isinstance(remote, str):
                continue
            if prop(peering, "allowGatewayTransit") is True:
                transit.hub_peerings[(id_key(vnet.id), id_key(remote))] = (number, peering)
            if _hub_side(transit, index, vnet, number, peering, remote):
                allows[(id_key(vnet.id), id_key(remote))] = False  # idle: the spoke's side does not outweigh it
            if not _peering_connected(peering):
                continue
            allows.setdefault((id_key(vnet.id), id_key(remote)), prop(peering, "allowGatewayTransit") is True)
            if prop(peering, "useRemoteGateways") is True:
                wants.append((id_key(remote), vnet))
    for hub_key, spoke in wants:
        if allows.get((hub_key, id_key(spoke.id)), True):
            transit.spokes.setdefault(hub_key, []).append(spoke)
    return transit


def _hub_side(transit, index, vnet, number, peering, remote):
    """Files a transit peering of ``vnet`` (the hub side): to a VNet the input lacks when Connected, as idle when
    not (only Connected carries traffic, DOC_PEERING_STATE). No state is idle only when the spoke is not in the input
    either (nothing says it carries traffic); with the spoke, its own peering decides, as before. True: idle."""
    if prop(peering, "allowGatewayTransit") is not True:
        return False
    state = prop(peering, "peeringState")
    spoke_known = index.get(remote, tables.VIRTUAL_NETWORKS) is not None
    if isinstance(state, str) and state.casefold() == tables.PEERING_CONNECTED.casefold():
        if not spoke_known:
            transit.from_hub.setdefault(id_key(vnet.id), []).append((number, peering))
        return False
    if state is None and spoke_known:
        return False
    transit.idle.setdefault(id_key(vnet.id), []).append((number, peering))
    return True


def _peering_connected(peering):
    state = prop(peering, "peeringState")
    return state is None or (isinstance(state, str) and state.casefold() == tables.PEERING_CONNECTED.casefold())


def vnet_prefixes(reader, gateway):
    """The gateway VNet's prefixes plus those of peered VNets using its gateway (None: unknown)."""
    subnet_path, subnet_id = _gateway_subnet(gateway)
    if subnet_id is None:
        reader.unknowns.append("local_networks")
        return None
    vnet = reader.index.get(id_prefix(subnet_id, "subnets") or subnet_id, tables.VIRTUAL_NETWORKS)
    if vnet is None:
        reader.undefined(gateway, subnet_path, subnet_id, "a subnet of virtual network")
        reader.unknowns.append("local_networks")
        return None
    reader.ref["virtual_network"] = vnet.name
    prefixes = reader.prefixes(vnet, ("addressSpace", "addressPrefixes"), "local_networks", reader.local_lines)
    hub_key = id_key(vnet.id)
    for spoke in reader.spokes.spokes.get(hub_key, []):
        reader.ref["peered_networks"].append(spoke.name)
        prefixes.extend(_spoke_prefixes(reader, vnet, spoke))
    for number, peering in reader.spokes.from_hub.get(hub_key, []):
        prefixes.extend(_spoke_by_hub_peering(reader, vnet, number, peering))
    for number, peering in reader.spokes.idle.get(hub_key, []):
        _idle_transit_peering(reader, vnet, number, peering)
    return prefixes


def _spoke_prefixes(reader, vnet, spoke):
    """A spoke's prefixes behind the hub's gateway: its address space, as the hub's own peering to it has it when the
    input holds that peering. A spoke's address space changed since its hub peering was synced is not yet what the hub
    has (remoteAddressSpace: "the address space peered"; remoteVirtualNetworkAddressSpace and peeringSyncLevel tell
    the spoke's current one apart, REST_2024_05_01; the peering link "needs to be synced" on the VNet that did not
    change, Microsoft Sync-AzVirtualNetworkPeering / az network vnet peering sync): the peered prefixes count, the rest
    is named (review s47: a spoke range added and never synced was counted, its traffic has no route)."""
    current = {}
    found = reader.prefixes(spoke, ("addressSpace", "addressPrefixes"), "local_networks", current,
                            note="peered, uses %s's gateway" % vnet.name)
    held = reader.spokes.hub_peerings.get((id_key(vnet.id), id_key(spoke.id)))
    path = "virtualNetworkPeerings[%d].remoteAddressSpace.addressPrefixes" % held[0] if held else None
    raw = prop(held[1], "remoteAddressSpace", "addressPrefixes") if held else None
    peered = _space_prefixes(raw)
    if peered is None or set(peered) == set(found):
        _keep_lines(reader, current, found)
        return found
    kept = [p for p in found if p in peered]
    _keep_lines(reader, current, kept)
    gone = [p for p in dict.fromkeys(peered) if p not in current]
    kept += _peering_prefixes(reader, vnet, path, [raw[i] for i, p in enumerate(peered) if p in gone],
                              "peered with gateway transit to %s, no longer in its address space" % spoke.name)
    _peering_out_of_sync(reader, vnet, held, spoke.name,
                         line(spoke, "addressSpace.addressPrefixes", list_prop(spoke, "addressSpace", "addressPrefixes")),
                         [p for p in found if p not in peered], gone)
    return kept


def _space_prefixes(raw):
    """A peering's address space list (``addressPrefixes``) as prefixes, or None when it is absent, empty or holds one
    that is no prefix (the comparisons with it are then not made)."""
    parsed = [prefix(p) for p in raw] if isinstance(raw, list) and raw else None
    return None if parsed is None or None in parsed else parsed


def _keep_lines(reader, lines, kept):
    for parsed in kept:
        reader.local_lines.setdefault(parsed, lines[parsed])


def _peering_out_of_sync(reader, vnet, held, spoke_name, current_line, added, gone):
    """ROUTE_MISSING: the hub's transit peering ``held`` does not hold the spoke's current address space (its prefixes
    ``added`` to the spoke since, ``gone`` from it since), cited by ``current_line``."""
    number, peering = held
    level = prop(peering, "peeringSyncLevel")
    said = []
    if added:
        said.append("%s, in %s's address space, %s not in the peering, so the gateway neither offers %s nor routes "
                    "%s traffic" % (", ".join(added[:5]), spoke_name, "is" if len(added) == 1 else "are",
                                    "it" if len(added) == 1 else "them", "its" if len(added) == 1 else "their"))
    if gone:
        said.append("%s, still in the peering, %s no longer in %s's address space (counted as Azure's until synced)" % (
            ", ".join(gone[:5]), "is" if len(gone) == 1 else "are", spoke_name))
    base = "virtualNetworkPeerings[%d]" % number
    evidence = [line(vnet, base + ".remoteAddressSpace.addressPrefixes", prop(peering, "remoteAddressSpace",
                                                                              "addressPrefixes")),
                current_line]
    if level is not None:
        evidence.append(line(vnet, base + ".peeringSyncLevel", level))
    reader.find(
        "ROUTE_MISSING", WARNING,
        "%s: virtual network %s's peering %s to %s (gateway transit)%s was not synced after %s's address space "
        "changed: %s. Sync the peering on %s (az network vnet peering sync --vnet-name %s --name %s, or "
        "Sync-AzVirtualNetworkPeering)." % (
            reader.name, vnet.name, prop(peering, "name") or number, spoke_name,
            " has peeringSyncLevel %s and" % level if isinstance(level, str) else "", spoke_name, "; ".join(said),
            vnet.name, vnet.name, prop(peering, "name") or number),
        evidence, property=base + ".remoteAddressSpace", not_peered=added, no_longer_in_spoke=gone)


def _spoke_by_hub_peering(reader, vnet, number, peering):
    """The prefixes the hub's Connected transit peering gives for a VNet the input does not hold (its export is in
    another resource group or subscription): the gateway carries them (DOC_GATEWAY_TRANSIT). That the spoke's own
    peering uses remote gateways is taken on the hub's word, and its evidence line says so."""
    remote = prop(peering, "remoteVirtualNetwork", "id")
    for field_name in tables.PEERED_SPACE_FIELDS:
        path = "virtualNetworkPeerings[%d].%s" % (number, field_name)
        space = object_value(vnet, path, prop(peering, field_name))
        raw = prop(space, "addressPrefixes") if space is not None else None
        if isinstance(raw, list) and raw:
            name = remote.rstrip("/").rsplit("/", 1)[-1]
            reader.ref["peered_networks"].append(name)
            note = "peered with gateway transit to %s, not in the input: its peering taken to use this gateway" % remote
            found = _peering_prefixes(reader, vnet, path + ".addressPrefixes", raw, note)
            _current_space_differs(reader, vnet, number, peering, name, found)
            return found
        if raw is not None and not isinstance(raw, list):
            reader.invalid(vnet, path + ".addressPrefixes", raw, "a list of IP prefixes", "local_networks")
            return []
    _spoke_not_in_input(reader, vnet, number, peering, remote)
    return []


def _current_space_differs(reader, vnet, number, peering, name, peered):
    """A hub peering (spoke not in the input) whose remoteVirtualNetworkAddressSpace, the spoke's current address
    space, is not the one it peers (remoteAddressSpace, read as what the gateway has): named as for a spoke in the
    input (_spoke_prefixes)."""
    current_field = tables.PEERED_SPACE_FIELDS[1]
    raw = prop(peering, current_field, "addressPrefixes")
    current = _space_prefixes(raw)
    if not peered or current is None or set(current) == set(peered):
        return
    path = "virtualNetworkPeerings[%d].%s.addressPrefixes" % (number, current_field)
    _peering_out_of_sync(reader, vnet, (number, peering), name, line(vnet, path, raw),
                         [p for p in dict.fromkeys(current) if p not in peered],
                         [p for p in peered if p not in current])


def _peering_prefixes(reader, vnet, path, raw, note):
    found = []
    for i, item in enumerate(raw):
        parsed = prefix(item)
        if parsed is None:
            reader.invalid(vnet, "%s[%d]" % (path, i), item, "an IP prefix", "local_networks")
            continue
        found.append(parsed)
        reader.local_lines.setdefault(parsed, line(vnet, "%s[%d]" % (path, i), item, note))
    return found


def _spoke_not_in_input(reader, vnet, number, peering, remote):
    """A Connected transit peering naming no prefixes of a VNet the input does not hold: if it uses this gateway, its
    networks are behind Azure too and not known (review 2026-12-06: a hub exported without its spoke's resource
    group passed, the same deployment with it failed)."""
    path = "virtualNetworkPeerings[%d].remoteVirtualNetwork.id" % number
    reader.find(
        "UNDEFINED_REFERENCE", WARNING,
        "%s: virtual network %s's peering %s allows gateway transit to %s, which is not in the Azure resources input "
        "and whose address space the peering does not give (remoteAddressSpace): if it uses this gateway, its networks "
        "are behind Azure too, and what Azure offers and routes for them is not checked. Add its export." % (
            reader.name, vnet.name, prop(peering, "name") or number, remote),
        [line(vnet, path, remote)], missing_id=remote, property=path)


def _idle_transit_peering(reader, vnet, number, peering):
    """A transit peering not Connected (DOC_PEERING_STATE): named with its prefixes, not counted behind Azure."""
    state = prop(peering, "peeringState")
    remote = prop(peering, "remoteVirtualNetwork", "id")
    space = [p for f in tables.PEERED_SPACE_FIELDS for p in (_listed(prop(peering, f, "addressPrefixes")))]
    path = "virtualNetworkPeerings[%d].peeringState" % number
    reader.find(
        "UNSUPPORTED_CONSTRUCT", INFO,
        "%s: virtual network %s's peering %s allows gateway transit to %s%s but has %s, not %s: traffic flows only "
        "over a Connected peering, so those networks are not counted as behind Azure (not offered, not routed by this "
        "gateway) until it is." % (
            reader.name, vnet.name, prop(peering, "name") or number, remote,
            " (%s)" % ", ".join(list(dict.fromkeys(space))[:5]) if space else "",
            "peeringState %s" % state if isinstance(state, str) else "no peeringState", tables.PEERING_CONNECTED),
        [line(vnet, path, state)], property=path, value=state)


def _listed(value):
    return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []


class GatewayReads(object):
    """``read_instances`` and ``vnet_prefixes`` of each gateway read once for all its connections (issue 12: an
    estate's gateway carries up to 30 or 100 connections, VpnGw1-3 / VpnGw4-5, and each read its VNet's
    prefixes again). Only a gateway whose reading added no finding and no unknown is remembered: one that did
    is read again for each connection, so each connection it affects reports what is wrong with it. What a
    connection gets is its own: new instances, lists and evidence dict; the lines are immutable ConfigLines.
    One per azure_tunnel_ends call: the index does not change during it."""

    def __init__(self):
        self._clean = {}  # id(gateway) -> (gateway, instances, public IPs, VNet name, peered names, prefixes, lines)

    def read(self, reader, gateway):
        """(instances, VNet prefixes) as read_instances and vnet_prefixes give them for ``reader``'s connection,
        the ref and evidence updates included (``reader.local_lines`` must be empty, as it is when the
        connection's reading begins; otherwise the general path runs)."""
        ref = reader.ref
        memo = self._clean.get(id(gateway))
        if memo is not None and memo[0] is gateway and not reader.local_lines:
            _gateway, instances, public_ips, vnet_name, peered, prefixes, lines = memo
            ref["public_ips"].extend(public_ips)
            ref["virtual_network"] = vnet_name
            ref["peered_networks"].extend(peered)
            reader.local_lines.update(lines)
            return [_instance_copy(inst) for inst in instances], list(prefixes)
        remember = not reader.local_lines
        before = _read_marks(reader)
        ips_before, peered_before = len(ref["public_ips"]), len(ref["peered_networks"])
        instances = read_instances(reader, gateway)
        prefixes = vnet_prefixes(reader, gateway)
        if remember and prefixes is not None and _read_marks(reader) == before:
            self._clean[id(gateway)] = (
                gateway, [_instance_copy(inst) for inst in instances], tuple(ref["public_ips"][ips_before:]),
                ref["virtual_network"], tuple(ref["peered_networks"][peered_before:]), tuple(prefixes),
                dict(reader.local_lines))
        return instances, prefixes


def _read_marks(reader):
    """How much a connection's reading has reported so far: findings listed and counted, unknowns."""
    return len(reader.findings), sum(reader.left_out.values()), len(reader.unknowns)


def _instance_copy(inst):
    """A new Instance with the same values and lists of its own (the addresses and lines in them are immutable)."""
    return Instance(number=inst.number, count=inst.count, config_name=inst.config_name, config_id=inst.config_id,
                    public_ip=inst.public_ip, public_ip_line=inst.public_ip_line, private_ip=inst.private_ip, bgp_default=list(inst.bgp_default),
                    bgp_custom=list(inst.bgp_custom), bgp_unknown=inst.bgp_unknown)


def _gateway_subnet(gateway):
    for i, config in enumerate(list_prop(gateway, "ipConfigurations")):
        subnet_id = prop(config, "subnet", "id")
        if isinstance(subnet_id, str):
            return "ipConfigurations[%d].subnet.id" % i, subnet_id
    return "ipConfigurations[0].subnet.id", None


def active_active_refused(gateway):
    """Why ``gateway``, exported with activeActive true, cannot run active-active (its SKU or VPN type:
    tables.ACTIVE_ACTIVE_UNSUPPORTED_SKUS), or None."""
    if gateway.get("activeActive") is not True:
        return None
    sku = gateway.get("sku", "name")
    if isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.ACTIVE_ACTIVE_UNSUPPORTED_SKUS}:
        return "the %s SKU" % sku
    vpn_type = gateway.get("vpnType")
    if isinstance(vpn_type, str) and vpn_type.casefold() == tables.POLICY_BASED.casefold():
        return "a PolicyBased gateway"
    return None


def runs_active_active(gateway):
    """activeActive true on a gateway that can run so; one that cannot (a Basic gateway) runs one instance, and is
    read so: a second instance it cannot have would ask the peer for a tunnel to nothing."""
    return gateway.get("activeActive") is True and active_active_refused(gateway) is None


def instance_configs(gateway, configs=None):
    """The ipConfigurations (``configs``: the gateway's list) that are site-to-site instances: every one when
    active-active, else the first."""
    configs = list_prop(gateway, "ipConfigurations") if configs is None else configs
    if not runs_active_active(gateway):
        return configs[:1]
    if len(configs) == tables.ACTIVE_ACTIVE_INSTANCES + 1 and isinstance(gateway.get("vpnClientConfiguration"), dict):
        # Point-to-site on an active-active gateway takes a third public IP, a third ipConfiguration after the two
        # instances' ("If you have an active-active mode gateway, you need to specify a third public IP address to
        # configure point-to-site": MicrosoftDocs/azure-docs includes/vpn-gateway-third-public-ip-portal-include.md;
        # Azure/bicep-registry-modules avm/res/network/virtual-network-gateway/main.bicep lists it third and names only
        # the first two in bgpPeeringAddresses). It ends no site-to-site tunnel; its public IP is still recorded.
        return configs[:tables.ACTIVE_ACTIVE_INSTANCES]
    return configs


def read_instances(reader, gateway):
    """The gateway's instances: every ipConfiguration when active-active, else the first.

    Also records every public IP in ``ref["public_ips"]`` (input order).
    """
    configs = list_prop(gateway, "ipConfigurations")
    active = runs_active_active(gateway)
    chosen = instance_configs(gateway, configs)
    if active and len(chosen) == len(configs) and len(configs) != tables.ACTIVE_ACTIVE_INSTANCES:
        reader.invalid(gateway, "ipConfigurations", "%d entries" % len(configs),
                       "the %d ipConfigurations an active-active gateway has" % tables.ACTIVE_ACTIVE_INSTANCES,
                       "active_active")
    peering = _peering_entries(gateway)
    strays = _stray_peering_entries(reader, gateway, configs, chosen, peering)
    legacy = _legacy_peering_addresses(gateway)
    instances = []
    for i, config in enumerate(configs):
        object_value(gateway, "ipConfigurations[%d]" % i, config)
        public, public_line = _public_ip(reader, gateway, config, i, peering)
        if public is not None:
            reader.ref["public_ips"].append(public)
        if i >= len(chosen):
            continue
        config_id = prop(config, "id")
        config_name = prop(config, "name")
        inst = Instance(
            number=i, count=max(len(chosen), 1),
            config_name=config_name if isinstance(config_name, str) else None,
            config_id=config_id if isinstance(config_id, str) else None,
            public_ip=public, public_ip_line=public_line,
        )
        entry = peering.get(id_key(config_id)) if isinstance(config_id, str) else None
        if entry is not None:
            j, item = entry
            base = "bgpSettings.bgpPeeringAddresses[%d]." % j
            inst.bgp_default = _addresses(reader, gateway, item, base, "defaultBgpIpAddresses")
            inst.bgp_custom = _addresses(reader, gateway, item, base, "customBgpIpAddresses")
            tunnel = _addresses(reader, gateway, item, base, "tunnelIpAddresses")
        else:
            tunnel = []
            inst.bgp_unknown = bool(strays)
            if i < len(legacy) and not strays:
                inst.bgp_default = [legacy[i]]
        inst.private_ip = _private_ip(reader, gateway, config, i, public, tunnel)
        instances.append(inst)
    return instances


def _public_ip(reader, gateway, config, i, peering):
    path = "ipConfigurations[%d].publicIPAddress.id" % i
    object_value(gateway, "ipConfigurations[%d].publicIPAddress" % i, prop(config, "publicIPAddress"))
    pip_id = prop(config, "publicIPAddress", "id")
    if pip_id is None:
        return None, None
    pip = reader.index.get(pip_id, tables.PUBLIC_IPS)
    if pip is None:
        # the gateway's own export names the address (az network vnet-gateway show saved without the public IP
        # resource; review s45 B: an ASA aimed elsewhere was only "degraded" by this missing reference)
        named = _tunnel_public_ip(gateway, config, peering)
        if named is not None:
            return named
        reader.undefined(gateway, path, pip_id, "public IP address")
        return None, None
    raw = pip.get("ipAddress")
    found = address(raw)
    if found is None:
        expected = "an IP address" if raw is not None else "set (a dynamic address not yet allocated?)"
        reader.invalid(pip, "ipAddress", raw, expected, "local_address")
        return None, None
    return found, line(pip, "ipAddress", found)


def _tunnel_public_ip(gateway, config, peering):
    """(address, line) of the first public entry of the ipConfiguration's bgpPeeringAddresses[].tunnelIpAddresses
    (tables.TUNNEL_IP_ADDRESSES_ARE_PUBLIC), or None. Read quietly: read_instances reports a bad entry."""
    config_id = prop(config, "id")
    entry = peering.get(id_key(config_id)) if isinstance(config_id, str) else None
    if entry is None:
        return None
    j, item = entry
    raw_list = prop(item, "tunnelIpAddresses")
    for k, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
        found = address(raw)
        if found is not None and not behind_nat(found):
            return found, line(gateway, "bgpSettings.bgpPeeringAddresses[%d].tunnelIpAddresses[%d]" % (j, k), found,
                               "public IP address resource not in the input")
    return None


def configs_by_id(listed):
    """ipConfigurations (``listed``): id key -> name (or id), in order; {} when none gives an id."""
    configs = {}
    for config in listed:
        config_id = prop(config, "id")
        if isinstance(config_id, str) and config_id.strip():
            name = prop(config, "name")
            configs.setdefault(id_key(config_id), name if isinstance(name, str) and name else config_id)
    return configs


def _peering_entries(gateway):
    """ipConfiguration id key -> (index, bgpPeeringAddresses entry)."""
    entries = {}
    for j, item in enumerate(list_prop(gateway, "bgpSettings", "bgpPeeringAddresses")):
        config_id = prop(item, "ipconfigurationId")
        if isinstance(config_id, str):
            entries.setdefault(id_key(config_id), (j, item))
    return entries


def _stray_peering_entries(reader, gateway, configs, chosen, peering):
    """bgpPeeringAddresses entries whose ipconfigurationId ("The ID of IP configuration which belongs to gateway",
    REST_2024_05_01 IPConfigurationBgpPeeringAddress) names none of the gateway's ipConfigurations: each is named
    (UNDEFINED_REFERENCE, as nat.py does for a NAT rule's ipConfigurationId). An instance with no entry of its own is
    then not read from the legacy bgpPeeringAddress nor as having no custom address (Instance.bgp_unknown): the stray
    entry may be its own. Returns the stray entries' indexes."""
    have = configs_by_id(configs)
    if not have:
        return []
    lacking = [have.get(id_key(prop(c, "id")), prop(c, "id")) for c in chosen
               if isinstance(prop(c, "id"), str) and id_key(prop(c, "id")) not in peering]
    strays = []
    for key, (j, item) in peering.items():
        if key in have:
            continue
        strays.append(j)
        path = "bgpSettings.bgpPeeringAddresses[%d].ipconfigurationId" % j
        config_id = prop(item, "ipconfigurationId")
        reader.find(
            "UNDEFINED_REFERENCE", WARNING,
            "%s: gateway %s's BGP peering addresses entry %d names IP configuration %s (%s), which the gateway does not "
            "have (it has %s): its addresses belong to no instance%s. Re-export the gateway, or correct the entry's "
            "ipconfigurationId." % (
                reader.name, gateway.name, j, config_id, path, ", ".join(have.values()),
                ", and the BGP addresses of IP configuration %s are not known, so they are not compared" % (
                    ", ".join(lacking)) if lacking else ""),
            [line(gateway, path, config_id)], missing_id=config_id, property=path, gateway=gateway.name)
    return strays


def _legacy_peering_addresses(gateway):
    """bgpSettings.bgpPeeringAddress: one address, or "a,b" on active-active gateways
    (REST_EXAMPLES) - used only when bgpPeeringAddresses does not name the instance."""
    raw = gateway.get("bgpSettings", "bgpPeeringAddress")
    if not isinstance(raw, str):
        return []
    found = []
    for part in raw.split(","):
        parsed = address(part)
        if parsed is not None:
            found.append((parsed, line(gateway, "bgpSettings.bgpPeeringAddress", raw)))
    return found


def _addresses(reader, gateway, item, base, key):
    raw_list = prop(item, key)
    if raw_list is None:
        return []
    if not isinstance(raw_list, list):
        reader.invalid(gateway, base + key, raw_list, "a list of IP addresses", "bgp")
        return []
    found = []
    for k, raw in enumerate(raw_list):
        path = "%s%s[%d]" % (base, key, k)
        parsed = address(raw)
        if parsed is None:
            reader.invalid(gateway, path, raw, "an IP address", "bgp")
            continue
        found.append((parsed, line(gateway, path, raw)))
    return found


def _private_ip(reader, gateway, config, i, public, tunnel):
    """The instance's private address: ipConfigurations[i].privateIPAddress, else the
    private entry of its tunnelIpAddresses (a gateway with private IPs lists both)."""
    path = "ipConfigurations[%d].privateIPAddress" % i
    raw = prop(config, "privateIPAddress")
    if raw is not None:
        parsed = address(raw)
        if parsed is None:
            reader.invalid(gateway, path, raw, "an IP address", "local_address")
            return None
        return parsed, line(gateway, path, raw)
    for found, source in tunnel:
        if found != public and ipaddress.ip_address(found).is_private:
            return found, source
    return None
