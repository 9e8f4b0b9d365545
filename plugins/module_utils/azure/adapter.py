# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure IPsec connections -> vendor-neutral TunnelEnds, plus the findings
that only Azure's own rules decide (policy rules, SKU limits, BGP rules,
unreadable or missing values). Comparison with the other end is the engine's job.

One TunnelEnd per connection and gateway instance: an active-active gateway
gives two ends with the same ``name`` (the connection), ``ref["instance"]`` 0
and 1, ``ref["instance_count"]`` 2, each with its instance's public IP and BGP
peering addresses; otherwise ``ref["instance"]`` 0 of 1.

This module follows the connection's references and assembles the ends; the
concepts live beside it: reader_findings.py (findings, budget, unknowns),
gateway_kind.py (gateway type/SKU rules), resource_state.py (provisioning and
connection status), peer_side.py (local network gateway), gateway.py
(instances, VNet prefixes), policy.py (IPsec/IKE policy), session.py (IKE
version, auth, DPD, mode, SKU rules), selectors.py, nat.py, bgp.py; tables.py
holds every Azure default, limit and mapping with its source.

Evidence convention. Azure JSON has no line numbers, so every ``source``
entry is ``ConfigLine(line=0, text=...)`` with text in one of three forms:
  "<resource>: <path> = <value>"            a property as the input holds it
  "<resource>: <path> not set (<what>)"     absent; Azure's default applies
  "<resource>: <description> (<why>)"       a value Azure fixes, no property
<resource> is the name of the resource holding the property (connection,
gateway, local network gateway, public IP, VNet); <path> is relative to that
resource's ``properties`` in ARM spelling (``ipsecPolicies[0].pfsGroup``)
whatever spelling the input used; <value> is a string as stored, anything
else as JSON. Findings carry ``evidence["azure"] = {"connection": name,
..., "lines": [{"line": 0, "text": ...}]}`` and their ``remediation["azure"]``
maps connection property paths to values (the engine's fixes are rendered per
resource, with commands, by ``remediation.azure_remediation``).
The pre-shared key is never copied: only its digest, when asked for.
"""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import (
    bgp,
    gateway_kind,
    nat,
    peer_side,
    recent_properties,
    resource_state,
    selectors,
    session,
    tables,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import gateway as gw
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.policy import fill_policy
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.reader_findings import FindingsReader
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureIndex, load_resources
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation import CONFIG_POLICY_PATH, config_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import host_prefix
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TunnelEnd, copy_end


def azure_tunnel_ends(index, psk_digest=None, share_gateway_reads=True):
    """TunnelEnds of every IPsec connection (one per gateway instance), and the findings Azure's rules decide.

    ``index`` is an AzureIndex or parsed JSON for ``load_resources``.
    ``psk_digest`` (optional callable str -> str) turns a sharedKey found in
    the input into a comparable digest; the key itself is never kept.
    ``share_gateway_reads``: read each gateway's instances and VNet prefixes once for all its connections
    (gateway.GatewayReads); False reads them per connection (the general path the fast one is tested against).
    Returns (list of TunnelEnd, list of Finding), connections in input order.
    """
    if not isinstance(index, AzureIndex):
        index = load_resources(index)
    spokes = gw.transit_spokes(index)
    gateway_reads = gw.GatewayReads() if share_gateway_reads else None
    ends, findings = [], []
    connections = [c for c in index.of_type(tables.CONNECTIONS) if _is_ipsec(c)]
    by_gateway = {}  # gateway id (casefolded) -> the names of its site connections
    for connection in connections:
        gateway_id = connection.get("virtualNetworkGateway1", "id")
        if isinstance(gateway_id, str):
            by_gateway.setdefault(gateway_id.casefold(), []).append(connection.name)
    for connection in connections:
        reader = _ConnectionReader(index, connection, spokes, psk_digest, gateway_reads)
        reader.gateway_connections = by_gateway
        ends.extend(reader.tunnel_ends())
        findings.extend(reader.findings)
    return ends, findings


def _is_ipsec(connection):
    kind = connection.get("connectionType")
    if isinstance(kind, str):
        return kind.casefold() == tables.CONNECTION_TYPE_IPSEC.casefold()
    return connection.get("localNetworkGateway2") is not None  # type omitted: a site connection has an LNG


def _tree_copy(value):
    """A deep copy of a JSON-like tree (dicts, lists, tuples, scalars) without copy.deepcopy's memo
    and dispatch; anything else is deep-copied as before."""
    if isinstance(value, dict):
        return {k: _tree_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tree_copy(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, tuple) and all(v is None or isinstance(v, (str, int, float, bool)) for v in value):
        return value  # what deepcopy returns for a tuple of immutables
    return copy.deepcopy(value)


def _ref_copy(value):
    """``_tree_copy(value)`` without a call per plain string, number, bool or None in a dict or list (most
    of a ref; issue 12: the recursive copy was 15 % of this adapter at 2,000 connections)."""
    if isinstance(value, dict):
        return {k: v if v is None or type(v) in _PLAIN else _ref_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if v is None or type(v) in _PLAIN else _ref_copy(v) for v in value]
    return _tree_copy(value)


_PLAIN = frozenset([str, int, float, bool])


def _shallow_copy(end):
    """``copy.copy(end)`` for a TunnelEnd (a dataclass whose state is its __dict__) without copy's
    dispatch and __reduce_ex__ (issue 12)."""
    new = object.__new__(end.__class__)
    new.__dict__.update(end.__dict__)
    return new


class _ConnectionReader(FindingsReader):
    """Reads one connection and the resources it names into its TunnelEnds."""

    def __init__(self, index, connection, spokes, psk_digest, gateway_reads=None):
        super().__init__(connection.name, {
            "connection": connection.name,
            "id": connection.id,
            "resource_group": connection.resource_group,
            "subscription": connection.subscription,
            "policy_index": 0,
        })
        self.index = index
        self.gateway_reads = gateway_reads
        self.conn = connection
        self.spokes = spokes
        self.psk_digest = psk_digest
        self.gateway = None
        self.lng = None
        self.gateway_connections = {}  # gateway id (casefolded) -> names of its site connections in the input
        self.local_lines = {}  # VNet prefix -> evidence line, for selectors
        self.remote_lines = {}  # LNG prefix -> evidence line

    # ---- the whole connection -------------------------------------------
    def tunnel_ends(self):
        # the groups a dhGroup or pfsGroup can name (the REST enums; tables.py): a fix never asks for another
        base = TunnelEnd(vendor="azure", name=self.name, ref=self.ref,
                         accepted_dh_groups=tables.ACCEPTED_DH_GROUPS,
                         accepted_ike_algorithms=tables.ACCEPTED_IKE_ALGORITHMS,
                         accepted_esp_algorithms=tables.ACCEPTED_ESP_ALGORITHMS, ike_prf_is_integrity=True,
                         ike_lifetime_fixed=True,  # tables.IKE_SA_LIFETIME_SECONDS (DOC_REQUIREMENTS, verified)
                         child_data_limit_required=True)  # no fix writes saDataSizeKilobytes 0 (tables.py)
        self.gateway = gateway = self._referenced("virtualNetworkGateway1", tables.GATEWAYS, "gateway",
                                                  "virtual network gateway")
        self.lng = lng = self._referenced("localNetworkGateway2", tables.LOCAL_GATEWAYS, "local_network_gateway",
                                          "local network gateway")
        if gateway is None:
            self.unknowns.extend(["local_address", "local_networks"])
        if lng is None:
            self.unknowns.extend(["peer_address", "remote_networks"])
        resource_state.check_provisioning(self, (("connection", self.conn), ("virtual network gateway", gateway),
                                                 ("local network gateway", lng)))
        resource_state.check_connection_status(self)
        recent_properties.check_admin_state(self, gateway)
        recent_properties.check_tunnel_properties(self)
        recent_properties.check_replay_protection(self, gateway)
        recent_properties.check_default_site(self, gateway, lng)
        vpn_type = gateway_kind.read_gateway(self, gateway)
        base.crypto_fixed = gateway_kind.crypto_fixed(self, gateway)
        gateway_kind.check_policy_based_tunnels(self, gateway)
        gateway_kind.check_generation(self, gateway)
        gateway_kind.check_active_active(self, gateway)
        self.ref.update({"public_ips": [], "virtual_network": None, "peered_networks": []})
        if gateway is None:
            instances, vnet = [], None
        elif self.gateway_reads is not None:
            instances, vnet = self.gateway_reads.read(self, gateway)
        else:
            instances, vnet = gw.read_instances(self, gateway), gw.vnet_prefixes(self, gateway)
        peer_side.fill_peer_side(self, base, lng)
        recent_properties.check_fqdn_beside_address(self, lng)
        custom = fill_policy(self, base, vpn_type)
        plan = selectors.read_plan(self, vpn_type)
        session.fill_protocol(self, base, vpn_type)
        session.fill_session(self, base, vpn_type)
        recent_properties.check_certificates(self)
        use_private = gateway_kind.use_local_azure_ip(self, gateway)
        rules = nat.NatRules(self, gateway).read(self.ref["sku"])
        bgp_settings = bgp.read_settings(self, gateway, lng, vpn_type)
        if bgp_settings is None:
            base.no_bgp_source = bgp.off_source(self, lng)
        if rules.linked and bgp_settings is not None:
            bgp.check_nat_with_apipa(self, bgp_settings)
        if bgp_settings is None and not (plan.kind == selectors.ANY and vpn_type == tables.ROUTE_BASED):
            peer_side.check_site_without_networks(self, lng, base.remote_networks)
        if gateway is not None:
            session.check_gateway_support(self, gateway, vpn_type, custom)
        shared_unknowns = list(self.unknowns)
        ends = []
        for inst in instances or [None]:
            self.unknowns = list(shared_unknowns)
            if len(instances) <= 1:
                # The one end may share base's values: this loop gives it new lists where it changes
                # them, and base is only read after it. deepcopy of every end was 40 % of this
                # adapter at 2,000 connections (issue 12).
                end = _shallow_copy(base)
                end.ref = _ref_copy(self.ref)
            else:  # the instances' ends must not share anything
                end = copy_end(base)
                end.ref = _ref_copy(self.ref)
            self._fill_instance(end, inst, use_private)
            egress, ingress = rules.for_instance(inst)
            local = nat.egress_prefixes(vnet, egress, self.local_lines)
            end.local_networks = list(local) if local is not None else None  # each end owns its lists
            end.remote_networks = nat.ingress_prefixes(end.remote_networks, ingress, self.remote_lines)
            selectors.apply(self, end, plan, vpn_type, self.local_lines)
            end.routed_networks = list(end.remote_networks) if end.remote_networks is not None else None
            end.networks_source = _networks_source(end, self.local_lines, self.remote_lines)
            if bgp_settings is not None:
                end.bgp = bgp.instance_bgp(self, bgp_settings, inst, egress, ingress, self._advertised(
                    vnet, end.local_networks, gateway))
                end.ref["bgp_peering"] = bgp.peering_choices(bgp_settings, inst, egress)  # for a neighbor fix's proof
                if end.bgp.peer_address is not None and end.routed_networks is not None:
                    # Azure routes to the neighbor over the tunnel by a host route (DOC_BGP_FAQ)
                    end.routed_networks.append(host_prefix(end.bgp.peer_address))
            end.unknowns = tuple(dict.fromkeys(self.unknowns))
            ends.append(end)
        if ends:
            selectors.check_sa_pairs(self, ends[0], vpn_type, self.local_lines)  # one gateway: one count for its ends
        self._report_left_out()
        # Config findings name the connection properties to change; as printed they must be
        # applicable: the complete policy (Azure takes no partial one) and its commands.
        # Every policy field the findings correct goes into each complete policy, or applying one
        # finding's policy would undo another's.
        fields = {k: v for f in self.findings if isinstance(f.remediation.get("azure"), dict)
                  for k, v in f.remediation["azure"].items() if k.startswith(CONFIG_POLICY_PATH)}
        for finding in self.findings:
            if isinstance(finding.remediation.get("azure"), dict):
                flat = finding.remediation["azure"]
                finding.remediation["azure"] = config_remediation(base, flat, fields)
                # an alternative takes the place of this finding's first fix: the others' fields, not that one's
                others = {k: v for k, v in fields.items() if k not in flat}
                finding.alternatives["azure"] = [config_remediation(base, alternative, others)
                                                 for alternative in finding.alternatives.get("azure", ())]
        return ends

    def _fill_instance(self, end, inst, use_private):
        end.ref.update({"instance": 0, "instance_count": 1, "ip_configuration": None,
                        "public_ip": None, "private_ip": None, "use_local_azure_ip_address": use_private,
                        "bgp_addresses": {"default": [], "custom": []}})
        if inst is None:
            return
        end.ref.update({"instance": inst.number, "instance_count": inst.count, "ip_configuration": inst.config_name,
                        "public_ip": inst.public_ip, "private_ip": inst.private_ip[0] if inst.private_ip else None,
                        # what a BGP fix may peer from, BGP on or off (remediation._bgp_neighbor)
                        "bgp_addresses": {"default": [a for a, _s in inst.bgp_default],
                                          "custom": [a for a, _s in inst.bgp_custom]}})
        if use_private:
            # useLocalAzureIpAddress: the tunnel ends on the instance's private IP
            # (REST_2024_05_01; tables DOC_PRIVATE_PEERING_S2S): the peer sends to it, no NAT in between
            end.local_address = inst.private_ip[0] if inst.private_ip else None
            end.local_address_source = (inst.private_ip[1],) if inst.private_ip else ()
            end.local_address_private = True
            if inst.private_ip is None:
                self.invalid(self.gateway, "ipConfigurations[%d].privateIPAddress" % inst.number, None,
                             "set (useLocalAzureIpAddress needs the instance's private IP)", "local_address")
        else:
            end.local_address = inst.public_ip
            end.local_address_source = (inst.public_ip_line,) if inst.public_ip_line is not None else ()
        if end.local_address is None:
            self.unknowns.append("local_address")

    def _advertised(self, vnet, translated, gateway):
        """What Azure advertises over BGP: the VNet and transit-peered prefixes (DOC_BGP_FAQ),
        post-NAT when the gateway translates BGP routes (DOC_NAT_OVERVIEW "NAT and routing")."""
        if vnet is None:
            return None
        if gateway is not None and gateway.get("enableBgpRouteTranslationForNat") is True:
            return translated
        return vnet

    def _referenced(self, key, resource_type, ref_key, what):
        """The resource a connection property names, or None with a finding."""
        rid = self.conn.get(key, "id")
        self.ref[ref_key + "_id"] = rid if isinstance(rid, str) else None
        self.ref[ref_key] = rid.rstrip("/").rsplit("/", 1)[-1] if isinstance(rid, str) else None
        found = self.index.get(rid, resource_type)
        if found is None:
            self.undefined(self.conn, key + ".id", rid, what)
        else:
            self.ref[ref_key] = found.name
        return found


def _networks_source(end, local_lines, remote_lines):
    """The lines of the VNet's and the local network gateway's prefixes the end holds (the routing findings cite them)."""
    return tuple(dict.fromkeys([local_lines[n] for n in end.local_networks or () if n in local_lines]
                               + [remote_lines[n] for n in end.remote_networks or () if n in remote_lines]))
