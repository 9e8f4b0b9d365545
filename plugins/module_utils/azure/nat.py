# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Gateway NAT rules a connection links (ingressNatRules / egressNatRules), applied
so the TunnelEnd shows addresses as they are inside the tunnel, which is what the
peer configures (DOC_NAT_OVERVIEW, DOC_NAT_FAQ):

  EgressSnat   VNet prefix, internal -> external: the peer sees the VNet as the
               external mapping (local_networks, BGP advertised, Azure's BGP address)
  IngressSnat  on-premises prefix, internal -> external inside Azure; the peer keeps
               its own (internal) addresses, so an LNG prefix or BGP peer address
               written post-NAT (external; the FAQ asks this for the BGP peer address)
               is read back as internal, and one written pre-NAT stays as it is

Only Static rules with address spaces of equal length map 1:1; anything else
(Dynamic, port ranges, an unknown mode, unequal mappings) is UNSUPPORTED_CONSTRUCT
naming the rule and property, and makes the networks it touches unknown.
"""

import ipaddress
from dataclasses import dataclass
from typing import List, Optional, Tuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import ci_key, line, list_prop, prefix
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.gateway import configs_by_id, instance_configs
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_key, prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine

# connection property -> the mode its rules must have, and the network field they change
_LINKS = (("egressNatRules", tables.NAT_EGRESS, "local_networks"),
          ("ingressNatRules", tables.NAT_INGRESS, "remote_networks"))


def _rule_type(rule):
    """A NAT rule's Static/Dynamic. ARM and the SDK return the rule as a sub-resource whose own ``type`` is its resource
    type ("Microsoft.Network/virtualNetworkGateways/natRules"), the NAT type inside ``properties`` (azure-cli issue
    27735 shows both; review 2026-12-04: every Static rule read that way was "not modelled"). A flattened export
    has only one ``type``, or the NAT type as ``typePropertiesType`` (azure-cli's name for the clash)."""
    inner = prop(rule, "properties")
    if isinstance(inner, dict):
        found = prop(inner, "type")
        if found is not None:
            return found
    found = prop(rule, "type")
    if isinstance(found, str) and "/" in found:
        return prop(rule, "typePropertiesType")
    return found


@dataclass
class Mapping:
    internal: ipaddress.IPv4Network
    external: ipaddress.IPv4Network
    source: ConfigLine


@dataclass
class Rule:
    name: str
    mode: str
    config_key: Optional[str]  # id key of the ipConfiguration it applies to; None: every instance
    mappings: List[Mapping]


class NatRules:
    """The NAT rules one connection links, read once; ``for_instance`` picks an instance's."""

    def __init__(self, reader, gateway):
        self.reader = reader
        self.gateway = gateway
        self.rules = []  # usable rules
        self.linked = False

    def read(self, sku):
        conn = self.reader.conn
        by_id = {}
        if self.gateway is not None:
            for i, rule in enumerate(list_prop(self.gateway, "natRules")):
                if isinstance(prop(rule, "id"), str):
                    by_id[id_key(prop(rule, "id"))] = (i, rule)
        for key, mode, field in _LINKS:
            for i, ref in enumerate(list_prop(conn, key)):
                self.linked = True
                path = "%s[%d].id" % (key, i)
                rid = prop(ref, "id")
                found = by_id.get(id_key(rid)) if isinstance(rid, str) else None
                if found is None:
                    self.reader.unknowns.extend([field, "traffic_selectors"])
                    if self.gateway is not None:
                        self.reader.undefined(conn, path, rid, "NAT rule", "gateway %s" % self.gateway.name)
                    continue
                rule = self._rule(found[0], found[1], mode, field)
                if rule is not None:
                    self.rules.append(rule)
        self.reader.ref["nat_rules"] = [{"name": r.name, "mode": r.mode} for r in self.rules]
        if self.linked and self.gateway is not None:
            self._check_support(sku)
        return self

    def _rule(self, i, rule, mode, field):
        gateway = self.gateway
        base = "natRules[%d]." % i
        name = prop(rule, "name") if isinstance(prop(rule, "name"), str) else rule.get("id")

        def unsupported(prop_name, value, why):
            self.reader.unknowns.extend([field, "traffic_selectors"])
            self.reader.find(
                "UNSUPPORTED_CONSTRUCT", WARNING,
                "%s: NAT rule %s of gateway %s (%s%s = %s) is not modelled: %s; the %s networks of this "
                "connection are not checked." % (self.reader.name, name, gateway.name, base, prop_name,
                                                 value, why, "VNet" if field == "local_networks" else "peer"),
                [line(gateway, base + prop_name, value)], property=base + prop_name, nat_rule=name)
            return None

        raw_type = _rule_type(rule)
        if ci_key({tables.NAT_STATIC: 1}, raw_type) is None:
            return unsupported("type", raw_type, "only Static 1:1 rules are translated here")
        raw_mode = prop(rule, "mode")
        if ci_key({mode: 1}, raw_mode) is None:
            return unsupported("mode", raw_mode, "a rule linked as %s must be %s" % (
                "egress" if mode == tables.NAT_EGRESS else "ingress", mode))
        internal = list_prop_of(rule, "internalMappings")
        external = list_prop_of(rule, "externalMappings")
        if len(internal) != len(external) or not internal:
            return unsupported("externalMappings", external, "internal and external mappings do not pair up")
        mappings = []
        for k, (inner, outer) in enumerate(zip(internal, external)):
            for side, item in (("internalMappings", inner), ("externalMappings", outer)):
                if prop(item, "portRange") not in (None, ""):
                    return unsupported("%s[%d].portRange" % (side, k), prop(item, "portRange"),
                                       "port ranges are not modelled")
            inner_net, outer_net = _net(prop(inner, "addressSpace")), _net(prop(outer, "addressSpace"))
            if inner_net is None or outer_net is None or inner_net.prefixlen != outer_net.prefixlen \
                    or inner_net.version != outer_net.version:
                return unsupported("externalMappings[%d].addressSpace" % k, prop(outer, "addressSpace"),
                                   "it does not map 1:1 onto internalMappings[%d].addressSpace %s"
                                   % (k, prop(inner, "addressSpace")))
            source = line(gateway, "%sexternalMappings[%d].addressSpace" % (base, k), str(outer_net),
                          "%s rule %s: %s <-> %s" % (mode, name, inner_net, outer_net))
            mappings.append(Mapping(inner_net, outer_net, source))
        config_id = prop(rule, "ipConfigurationId")
        config_key = id_key(config_id) if isinstance(config_id, str) and config_id.strip() else None
        instances = configs_by_id(instance_configs(gateway))
        if config_key is not None and instances and config_key not in instances:
            # "The IP Configuration ID this NAT rule applies to" (SDK_MODELS VirtualNetworkGatewayNatRule): one the
            # gateway lacks (left after active-active was turned off, copied from another gateway), or its
            # point-to-site one (gateway.instance_configs), translates for no site-to-site instance; read so, the
            # networks were compared untranslated without a word
            self.reader.unknowns.extend([field, "traffic_selectors"])
            which = "which is none of the gateway's site-to-site instances" \
                if config_key in configs_by_id(list_prop(gateway, "ipConfigurations")) else \
                "which the gateway does not have"
            self.reader.find(
                "UNDEFINED_REFERENCE", WARNING,
                "%s: NAT rule %s of gateway %s applies to IP configuration %s (%sipConfigurationId), %s (they are "
                "%s): the rule translates for none of them, so the %s networks of this connection are not checked. "
                "Bind the rule to one of those IP configurations." % (
                    self.reader.name, name, gateway.name, config_id, base, which, ", ".join(instances.values()),
                    "VNet" if field == "local_networks" else "peer"),
                [line(gateway, base + "ipConfigurationId", config_id)], missing_id=config_id,
                property=base + "ipConfigurationId", nat_rule=name)
            return None
        return Rule(name, mode, config_key, mappings)

    def _check_support(self, sku):
        gateway, conn = self.gateway, self.reader.conn
        if isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.NAT_UNSUPPORTED_SKUS}:
            self.reader.find(
                "AZURE_SKU_UNSUPPORTED", ERROR,
                "%s links NAT rules, which gateway %s of the %s SKU does not support (VpnGw2 and above)."
                % (self.reader.name, gateway.name, sku), [line(gateway, "sku.name", sku)],
                sku=sku, gateway=gateway.name)
        if conn.get("usePolicyBasedTrafficSelectors") is True and not tables.NAT_WITH_POLICY_SELECTORS:
            # No property fix: turning the selectors off makes Azure offer any-to-any, which a crypto map end refuses
            # (the other end is not known here), and removing the rules changes the addresses the peer expects.
            # Review 2026-12-05: the bare "false" stood next to a proven selector fix that turned them on again.
            self.reader.find(
                "AZURE_POLICY_INVALID", ERROR,
                "%s links NAT rules and has usePolicyBasedTrafficSelectors on; Azure does not support NAT "
                "with policy-based traffic selectors. Either unlink the NAT rules (the peer then sees the "
                "untranslated networks), or turn usePolicyBasedTrafficSelectors off, which makes Azure offer "
                "any-to-any selectors that only a route-based peer (a VTI) accepts." % self.reader.name,
                [line(conn, "usePolicyBasedTrafficSelectors", True)], property="usePolicyBasedTrafficSelectors")

    def for_instance(self, instance):
        """(egress mappings, ingress mappings) that apply to one gateway instance."""
        key = id_key(instance.config_id) if instance is not None and instance.config_id else None
        chosen = [r for r in self.rules if r.config_key is None or r.config_key == key]
        egress = [m for r in chosen if r.mode == tables.NAT_EGRESS for m in r.mappings]
        ingress = [m for r in chosen if r.mode == tables.NAT_INGRESS for m in r.mappings]
        return egress, ingress


def list_prop_of(item, key):
    value = prop(item, key)
    return value if isinstance(value, list) else []


def _net(raw):
    found = prefix(raw)
    return ipaddress.ip_network(found) if found else None


def egress_prefixes(prefixes, mappings, lines):
    """VNet prefixes as the peer sees them (internal -> external)."""
    return _translate(prefixes, [(m.internal, m.external, m.source) for m in mappings], lines)


def ingress_prefixes(prefixes, mappings, lines):
    """LNG prefixes as the peer has them: an external (post-NAT) spelling goes back to internal."""
    return _translate(prefixes, [(m.external, m.internal, m.source) for m in mappings], lines)


def egress_address(addr, mappings):
    return _translate_address(addr, [(m.internal, m.external) for m in mappings])


def ingress_address(addr, mappings):
    return _translate_address(addr, [(m.external, m.internal) for m in mappings])


def _translate(prefixes, maps, lines) -> Optional[List[str]]:
    """Each prefix through the first mapping it overlaps; a prefix wider than a mapping
    splits into the translated part and the untranslated rest. ``lines`` gains the
    evidence of each translated prefix. A gateway holds at most 100 NAT rules (DOC_NAT_FAQ),
    so trying each mapping per prefix stays linear in the prefixes."""
    if prefixes is None or not maps:
        return prefixes
    out = []
    for raw in prefixes:
        work = [ipaddress.ip_network(raw)]
        while work:
            net = work.pop(0)
            for src, dst, source in maps:
                if net.version != src.version or not net.overlaps(src):
                    continue
                if net.subnet_of(src):
                    moved = _shift(net, src, dst)
                    lines.setdefault(str(moved), source)
                    out.append(str(moved))
                else:  # src inside net: translate src, keep the rest as is
                    lines.setdefault(str(dst), source)
                    out.append(str(dst))
                    rest = sorted(net.address_exclude(src))
                    for piece in rest:
                        lines.setdefault(str(piece), lines.get(raw, source))
                    work[:0] = rest
                break
            else:
                out.append(str(net))
    return out


def _shift(net, src, dst):
    offset = int(net.network_address) - int(src.network_address)
    return ipaddress.ip_network((int(dst.network_address) + offset, net.prefixlen))


def _translate_address(addr, maps) -> Tuple[str, bool]:
    """(translated address, whether a mapping applied)."""
    if addr is None:
        return addr, False
    parsed = ipaddress.ip_address(addr)
    for src, dst in maps:
        if parsed.version == src.version and parsed in src:
            return str(ipaddress.ip_address(int(dst.network_address) + int(parsed) - int(src.network_address))), True
    return addr, False
