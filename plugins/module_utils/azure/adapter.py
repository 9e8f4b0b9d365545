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

This module reads the connection and its local network gateway and assembles
the ends; the concepts live beside it: gateway.py (instances, VNet prefixes),
policy.py (IPsec/IKE policy), session.py (IKE version, auth, DPD, mode, SKU rules),
selectors.py, nat.py, bgp.py; tables.py holds
every Azure default, limit and mapping with its source.

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

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import bgp, nat, selectors, session, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import gateway as gw
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import (
    address,
    ci_key,
    line,
    list_prop,
    object_value,
    prefix,
    show,
    unset_line,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.policy import fill_policy
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureIndex, AzureInputError, load_resources
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation import CONFIG_POLICY_PATH, config_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import host_prefix
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, SEVERITY_RANK, WARNING, Finding, lines_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TunnelEnd, copy_end
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import clip, clip_value

# Budgets (limits of this reader, not Azure rules): findings listed per connection (the rest are
# counted in one finding), characters of a value quoted in a summary, of an evidence line or value.
MAX_FINDINGS_PER_CONNECTION = 200
MAX_VALUE_TEXT = 200
MAX_EVIDENCE_TEXT = 1024


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


class _ConnectionReader:
    """Reads one connection and the resources it names into its TunnelEnds."""

    def __init__(self, index, connection, spokes, psk_digest, gateway_reads=None):
        self.index = index
        self.gateway_reads = gateway_reads
        self.conn = connection
        self.name = connection.name
        self.spokes = spokes
        self.psk_digest = psk_digest
        self.gateway = None
        self.lng = None
        self.gateway_connections = {}  # gateway id (casefolded) -> names of its site connections in the input
        self.findings = []
        self.left_out = {}  # code -> findings over MAX_FINDINGS_PER_CONNECTION, counted
        self.left_out_worst = None  # (severity, code) of the worst of them
        self.unknowns = []
        self.local_lines = {}  # VNet prefix -> evidence line, for selectors
        self.remote_lines = {}  # LNG prefix -> evidence line
        self.ref = {
            "connection": connection.name,
            "id": connection.id,
            "resource_group": connection.resource_group,
            "subscription": connection.subscription,
            "policy_index": 0,
        }

    # ---- the whole connection -------------------------------------------
    def tunnel_ends(self):
        # the groups a dhGroup or pfsGroup can name (the REST enums; tables.py): a fix never asks for another
        base = TunnelEnd(vendor="azure", name=self.name, ref=self.ref,
                         accepted_dh_groups=tables.ACCEPTED_DH_GROUPS,
                         accepted_ike_algorithms=tables.ACCEPTED_IKE_ALGORITHMS,
                         accepted_esp_algorithms=tables.ACCEPTED_ESP_ALGORITHMS, ike_prf_is_integrity=True,
                         ike_lifetime_fixed=True,  # tables.IKE_SA_LIFETIME_SECONDS (DOC_REQUIREMENTS, verified)
                         child_data_limit_required=True)  # saDataSizeKilobytes 1024 .. int32, no "no limit"
        self.gateway = gateway = self._referenced("virtualNetworkGateway1", tables.GATEWAYS, "gateway",
                                                  "virtual network gateway")
        self.lng = lng = self._referenced("localNetworkGateway2", tables.LOCAL_GATEWAYS, "local_network_gateway",
                                          "local network gateway")
        if gateway is None:
            self.unknowns.extend(["local_address", "local_networks"])
        if lng is None:
            self.unknowns.extend(["peer_address", "remote_networks"])
        self._check_provisioning((("connection", self.conn), ("virtual network gateway", gateway),
                                  ("local network gateway", lng)))
        self._check_connection_status()
        vpn_type = self._read_gateway(gateway)
        base.crypto_fixed = self._crypto_fixed(gateway)
        self._check_policy_based_tunnels(gateway)
        self.ref.update({"public_ips": [], "virtual_network": None, "peered_networks": []})
        if gateway is None:
            instances, vnet = [], None
        elif self.gateway_reads is not None:
            instances, vnet = self.gateway_reads.read(self, gateway)
        else:
            instances, vnet = gw.read_instances(self, gateway), gw.vnet_prefixes(self, gateway)
        self._fill_peer_side(base, lng)
        custom = fill_policy(self, base, vpn_type)
        plan = selectors.read_plan(self, vpn_type)
        session.fill_protocol(self, base, vpn_type)
        session.fill_session(self, base, vpn_type)
        use_private = self._use_local_azure_ip(gateway)
        rules = nat.NatRules(self, gateway).read(self.ref["sku"])
        bgp_settings = bgp.read_settings(self, gateway, lng, vpn_type)
        if bgp_settings is None:
            base.no_bgp_source = bgp.off_source(self, lng)
        if rules.linked and bgp_settings is not None:
            bgp.check_nat_with_apipa(self, bgp_settings)
        if bgp_settings is None and not (plan.kind == selectors.ANY and vpn_type == tables.ROUTE_BASED):
            self._check_site_without_networks(lng, base.remote_networks)
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
                finding.remediation["azure"] = config_remediation(base, finding.remediation["azure"], fields)
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

    def find(self, code, severity, summary, lines, remediation=None, **values):
        if len(self.findings) >= MAX_FINDINGS_PER_CONNECTION:
            self.left_out[code] = self.left_out.get(code, 0) + 1
            if self.left_out_worst is None or SEVERITY_RANK[severity] > SEVERITY_RANK[self.left_out_worst[0]]:
                self.left_out_worst = (severity, code)
            return
        evidence = {"connection": self.name}
        evidence.update((k, clip_value(v, MAX_EVIDENCE_TEXT)) for k, v in values.items())
        evidence["lines"] = [dict(e, text=clip(e["text"], MAX_EVIDENCE_TEXT)) for e in lines_evidence(lines)]
        self._append(code, severity, summary, evidence, remediation)

    def _report_left_out(self):
        """One finding counting those over the budget, as severe as the worst of them."""
        if not self.left_out:
            return
        severity, code = self.left_out_worst
        codes = ", ".join("%d %s" % (n, c) for c, n in sorted(self.left_out.items()))
        self._append(code, severity, "%s: %d more finding(s) are not listed (%s): at most %d per connection are."
                     % (self.name, sum(self.left_out.values()), codes, MAX_FINDINGS_PER_CONNECTION),
                     {"connection": self.name, "left_out": dict(self.left_out), "lines": []}, None)
        self.left_out = {}

    def _append(self, code, severity, summary, evidence, remediation):
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase="config",
                summary=summary,
                evidence={"azure": evidence},
                remediation={"azure": remediation} if remediation else {},
                # the connection's resource id: names are unique per resource group only, and one
                # report covers several groups and subscriptions
                scope=[self.ref.get("id") or self.name],
            )
        )

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

    def undefined(self, holder, path, rid, what, within=None, has=None):
        """``within``: the resource in the input that would hold ``rid`` (a gateway's ipConfiguration or NAT rule):
        then it does not, which no further export mends (review 2026-12-05: "not in the input" sent people to
        export more)."""
        if isinstance(rid, str) and rid and within is not None:
            named = "%s names %s %s, which %s does not have%s" % (
                holder.name, what, rid, within, " (it has %s)" % (", ".join(has) or "none") if has is not None else "")
        elif isinstance(rid, str) and rid:
            named = "%s names %s %s, which is not in the Azure resources input" % (holder.name, what, rid)
        else:
            named = "%s names no %s (%s is empty)" % (holder.name, what, path)
        summary = named + ", so what depends on it is not checked."
        self.find("UNDEFINED_REFERENCE", WARNING, summary, [line(holder, path, rid)],
                  missing_id=rid if isinstance(rid, str) else None, property=path)

    def invalid(self, holder, path, value, expected, field, severity=WARNING):
        """A value that cannot be understood: report it and stop comparing ``field``."""
        self.unknowns.append(field)
        self.find(
            "INVALID_VALUE", severity,
            "%s: %s is %s, which is not %s." % (holder.name, path, clip(show(value), MAX_VALUE_TEXT), expected),
            [line(holder, path, value)], property=path, value=value,
        )

    def prefixes(self, holder, keys, field, lines, note=None):
        """Valid prefixes of a list property; bad entries are reported and make ``field`` unknown."""
        path = ".".join(keys)
        found = []
        for i, raw in enumerate(list_prop(holder, *keys)):
            item_path = "%s[%d]" % (path, i)
            parsed = prefix(raw)
            if parsed is None:
                self.invalid(holder, item_path, raw, "an IP prefix", field)
                continue
            found.append(parsed)
            lines.setdefault(parsed, line(holder, item_path, raw, note))
        return found

    def _check_site_without_networks(self, lng, networks):
        """A connection with prefix selectors (policy-based, or custom) and no BGP whose local network gateway lists no
        prefix: Azure routes nothing to the site (without BGP the gateway's routes to on-premises are the local network
        gateway's address prefixes: Microsoft Learn, "Virtual network traffic routing", system routes with next hop
        virtual network gateway; verified: partial, read 2026-12-06) and builds no selector pair from it (VNet
        prefixes x LNG prefixes, DOC_MULTI_POLICYBASED), so
        the peer's crypto selectors have nothing on Azure's side to match. It came out as a selector warning that
        Azure "routes back only nothing" (s40 item 3). A route-based any-to-any end is the engine's ROUTE_MISSING."""
        if lng is None or networks != [] or "remote_networks" in self.unknowns:
            return
        path = "localNetworkAddressSpace.addressPrefixes"
        raw = lng.get("localNetworkAddressSpace", "addressPrefixes")
        self.find(
            "ROUTE_MISSING", ERROR,
            "%s: local network gateway %s lists no prefix (%s is empty) and the connection runs no BGP, so Azure "
            "routes nothing into the tunnel and builds no traffic selector pair with the peer's networks: the peer's "
            "crypto selectors have nothing on Azure's side to match, and no reply reaches them through the tunnel. "
            "List the networks behind the peer there." % (self.name, lng.name, path),
            [line(lng, path, raw) if raw is not None else unset_line(lng, path, "no prefix"),
             line(self.conn, "enableBgp", self.conn.get("enableBgp"))
             if self.conn.get("enableBgp") is not None else unset_line(self.conn, "enableBgp", "default false")],
            local_network_gateway=lng.name, property=path)

    # ---- gateway ---------------------------------------------------------
    def _read_gateway(self, gateway):
        """Record the gateway's type and SKU in ref; return the VPN type that decides defaults."""
        self.ref.update({"vpn_type": None, "sku": None, "gateway_type": None, "active_active": None,
                         "gateway_enable_bgp": None})
        if gateway is None:
            return tables.ASSUMED_VPN_TYPE
        sku = gateway.get("sku")
        if sku is not None and not isinstance(sku, dict):
            # read as no SKU, every SKU rule passed unchecked (ARM's sku is {name, tier, capacity})
            raise AzureInputError("%s: sku is a %s, not an object" % (gateway.describe(), type(sku).__name__))
        self.ref["sku"] = gateway.get("sku", "name")
        self.ref["gateway_enable_bgp"] = gateway.get("enableBgp") is True  # a BGP fix may have to turn it on
        self.ref["gateway_type"] = gateway.get("gatewayType")
        self.ref["active_active"] = gateway.get("activeActive") is True
        raw = gateway.get("vpnType")
        vpn_type = ci_key(tables.VPN_TYPES, raw)  # its keys, in order: the tuple itself (issue 12)
        if raw is not None and vpn_type is None:
            self.invalid(gateway, "vpnType", raw, "RouteBased or PolicyBased", "ike_versions")
        self.ref["vpn_type"] = vpn_type
        return vpn_type or tables.ASSUMED_VPN_TYPE

    def _crypto_fixed(self, gateway):
        """Why the connection's suites and PFS cannot be set at all (TunnelEnd.crypto_fixed), or None: a Basic gateway
        takes no custom IPsec/IKE policy (tables.CUSTOM_POLICY_UNSUPPORTED_SKUS; reference sku_support, verified), nor
        does a PolicyBased one, which is Basic and IKEv1 only (tables.POLICY_BASED_SKUS, POLICY_BASED_IKE_VERSIONS;
        DOC_MULTI_POLICYBASED, verified). What changes that: a RouteBased gateway of a VpnGw SKU, which takes one; a
        Basic gateway is not resized to it but deleted and created anew (Microsoft "Upgrade a gateway SKU": "Basic SKU |
        Any other SKU | No | Yes", as azure/remediation_policy.py _RECREATE_ONLY)."""
        if gateway is None:
            return None
        sku = self.ref.get("sku")
        basic = isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.CUSTOM_POLICY_UNSUPPORTED_SKUS}
        policy_based = self.ref.get("vpn_type") == tables.POLICY_BASED and not tables.POLICY_BASED_CUSTOM_POLICY
        if not (basic or policy_based):
            return None
        kind = "PolicyBased (IKEv1 only)" if policy_based else "RouteBased"
        return ("gateway %s is %s of the %s SKU, which takes no custom IPsec/IKE policy: its proposals and PFS are "
                "Azure's fixed ones; only a RouteBased gateway of SKU VpnGw1 or higher takes a custom policy (a Basic "
                "gateway is not resized to one: it is deleted and created anew)" % (
                    self.ref.get("gateway"), kind, sku if isinstance(sku, str) else "Basic"))

    def _check_policy_based_tunnels(self, gateway):
        """A PolicyBased gateway with more site connections than it supports (tables.POLICY_BASED_MAX_SITE_CONNECTIONS):
        each of them is named, as which one Azure runs cannot be told (review 2026-12-06: both passed)."""
        if gateway is None or self.ref["vpn_type"] != tables.POLICY_BASED or not isinstance(gateway.id, str):
            return
        names = self.gateway_connections.get(gateway.id.casefold()) or []
        if len(names) <= tables.POLICY_BASED_MAX_SITE_CONNECTIONS:
            return
        self.find(
            "AZURE_SKU_UNSUPPORTED", ERROR,
            "%s is one of %d site-to-site connections (%s) of PolicyBased gateway %s, which supports %d: a second "
            "tunnel cannot run beside the first. Keep one, or move the gateway to RouteBased (a Basic gateway is "
            "deleted and created anew)." % (
                self.name, len(names), ", ".join(sorted(names)[:5]), gateway.name,
                tables.POLICY_BASED_MAX_SITE_CONNECTIONS),
            [line(gateway, "vpnType", gateway.get("vpnType"))], gateway=gateway.name, connections=sorted(names))

    def _use_local_azure_ip(self, gateway):
        if self.conn.get("useLocalAzureIpAddress") is not True:
            return False
        if gateway is not None and gateway.get("enablePrivateIpAddress") is False:
            session.unsupported(
                self,
                "%s has useLocalAzureIpAddress on, but gateway %s has enablePrivateIpAddress off, so it has no "
                "private tunnel address." % (self.name, gateway.name),
                [line(self.conn, "useLocalAzureIpAddress", True), line(gateway, "enablePrivateIpAddress", False)])
        return True

    def _check_provisioning(self, resources):
        """A resource whose last change did not finish (Failed) or is under way (Updating, Deleting) may run
        other settings than it shows. States: Succeeded, Updating, Deleting, Failed (REST_2024_05_01
        ProvisioningState). "Being in the failed state doesn't necessarily mean that the resource isn't functional",
        and the remedy is to re-apply it unchanged: https://learn.microsoft.com/azure/networking/troubleshoot-failed-state
        (read 2026-12-04), hence a warning."""
        for kind, resource in resources:
            state = resource.get("provisioningState") if resource is not None else None
            if not isinstance(state, str) or state.casefold() == "succeeded":
                continue
            self.find(
                "AZURE_NOT_PROVISIONED", WARNING,
                "%s %s is in provisioningState %s, so what Azure runs may differ from the properties checked "
                "here; %s and check again." % (
                    kind, resource.name, state,
                    "re-apply it unchanged (read it and write it back, as Microsoft's failed-state troubleshooting "
                    "describes)" if state.casefold() == "failed" else "wait until it is Succeeded"),
                [line(resource, "provisioningState", state)], resource=resource.name, state=state)

    def _check_connection_status(self):
        """connectionStatus as Azure reported it when the connection was read: Unknown, Connecting, Connected or
        NotConnected (REST_2024_05_01 VirtualNetworkGatewayConnectionStatus; a GET of the connection has it, a list
        leaves it out). A tunnel Azure reports down passed when both ends' settings agreed (review 2026-12-04): a
        warning when NotConnected, information while Connecting or Unknown."""
        status = self.conn.get("connectionStatus")
        if not isinstance(status, str) or status.casefold() == "connected":
            return
        down = status.casefold() == "notconnected"
        self.find(
            "AZURE_CONNECTION_DOWN", WARNING if down else INFO,
            "Azure reported connection %s as %s when it was read: %s. Where the two ends' settings disagree, the "
            "other findings say how; where they agree, look at what the devices say (-e evidence_live=true, or the "
            "ASA's show crypto ikev2 sa and Azure's VPN troubleshoot)." % (
                self.name, status, "no tunnel was up then" if down else "whether a tunnel was up is not known"),
            [line(self.conn, "connectionStatus", status)], status=status)

    # ---- peer side -------------------------------------------------------
    def _fill_peer_side(self, end, lng):
        self.ref["peer_fqdn"] = None
        if lng is None:
            return
        # bgpSettings as text or a list was read as none: BGP_NOT_CONFIGURED for a neighbor the input may well give
        object_value(lng, "bgpSettings", lng.get("bgpSettings"))
        raw = lng.get("gatewayIpAddress")
        fqdn = lng.get("fqdn")
        if raw is not None:
            end.peer_address = address(raw)
            end.peer_address_source = (line(lng, "gatewayIpAddress", raw),) if end.peer_address else ()
            if end.peer_address is None:
                self.invalid(lng, "gatewayIpAddress", raw, "an IP address", "peer_address")
        elif isinstance(fqdn, str) and fqdn:
            self.ref["peer_fqdn"] = fqdn  # resolved by Azure at run time; not comparable here
            self.unknowns.append("peer_address")
            self.find(
                "UNSUPPORTED_CONSTRUCT", WARNING,
                "%s: local network gateway %s gives the on-premises address as the name %s, which Azure resolves "
                "each time it connects; the check does not resolve names, so whether it is the ASA's address is not "
                "checked (compare its DNS answer with the ASA's outside address)." % (self.name, lng.name, fqdn),
                [line(lng, "fqdn", fqdn)], property="fqdn", value=fqdn)
        else:
            self.invalid(lng, "gatewayIpAddress", None, "set (nor is fqdn)", "peer_address")
        end.remote_networks = self.prefixes(
            lng, ("localNetworkAddressSpace", "addressPrefixes"), "remote_networks", self.remote_lines)


def _networks_source(end, local_lines, remote_lines):
    """The lines of the VNet's and the local network gateway's prefixes the end holds (the routing findings cite them)."""
    return tuple(dict.fromkeys([local_lines[n] for n in end.local_networks or () if n in local_lines]
                               + [remote_lines[n] for n in end.remote_networks or () if n in remote_lines]))
