# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure IPsec connections -> vendor-neutral TunnelEnds, plus the findings
that only Azure's own rules decide (policy rules, SKU limits, unreadable or
missing values). Comparison with the other end is the engine's job.

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
uses the property paths ``remediation.azure_remediation`` uses.
The pre-shared key is never copied: only its digest, when asked for.
"""

import dataclasses
import ipaddress
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import (
    AzureIndex,
    AzureInputError,
    id_key,
    id_prefix,
    load_resources,
    prop,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding, lines_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    AEAD_CIPHERS,
    NO_PFS,
    ChildSaProposal,
    ConfigLine,
    Dpd,
    IkeProposal,
    Lifetimes,
    PeerAuth,
    TrafficSelector,
    TunnelEnd,
)

ANY_IPV4 = "0.0.0.0/0"


def azure_tunnel_ends(index, psk_digest=None):
    """One TunnelEnd per IPsec connection, and the findings Azure's rules decide.

    ``index`` is an AzureIndex or parsed JSON for ``load_resources``.
    ``psk_digest`` (optional callable str -> str) turns a sharedKey found in
    the input into a comparable digest; the key itself is never kept.
    Returns (list of TunnelEnd, list of Finding), connections in input order.
    """
    if not isinstance(index, AzureIndex):
        index = load_resources(index)
    spokes = _transit_spokes(index)
    ends, findings = [], []
    for connection in index.of_type(tables.CONNECTIONS):
        if not _is_ipsec(connection):
            continue
        reader = _ConnectionReader(index, connection, spokes, psk_digest)
        ends.append(reader.tunnel_end())
        findings.extend(reader.findings)
    return ends, findings


def _is_ipsec(connection):
    kind = connection.get("connectionType")
    if isinstance(kind, str):
        return kind.casefold() == tables.CONNECTION_TYPE_IPSEC.casefold()
    return connection.get("localNetworkGateway2") is not None  # type omitted: a site connection has an LNG


def _transit_spokes(index):
    """VNet id key -> VNets peered to it that use its gateway (gateway transit).

    A spoke counts when its peering to the hub has useRemoteGateways and is
    connected, unless the hub's own peering to it (if in the input) denies
    allowGatewayTransit. Built once for all connections: linear in peerings.
    """
    allows = {}
    wants = []
    for vnet in index.of_type(tables.VIRTUAL_NETWORKS):
        for peering in _list(vnet, "virtualNetworkPeerings"):
            remote = prop(peering, "remoteVirtualNetwork", "id")
            if not isinstance(remote, str) or not _peering_connected(peering):
                continue
            allows[(id_key(vnet.id), id_key(remote))] = prop(peering, "allowGatewayTransit") is True
            if prop(peering, "useRemoteGateways") is True:
                wants.append((id_key(remote), vnet))
    spokes = {}
    for hub_key, spoke in wants:
        if allows.get((hub_key, id_key(spoke.id)), True):
            spokes.setdefault(hub_key, []).append(spoke)
    return spokes


def _peering_connected(peering):
    state = prop(peering, "peeringState")
    return state is None or (isinstance(state, str) and state.casefold() == tables.PEERING_CONNECTED.casefold())


def _list(resource, *keys):
    """A list property; absent -> []; any other shape is bad input."""
    value = resource.get(*keys)
    if value is None:
        return []
    if not isinstance(value, list):
        raise AzureInputError(
            "%s: %s is a %s, not a list" % (resource.describe(), ".".join(keys), type(value).__name__)
        )
    return value


def _show(value):
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _line(resource, path, value, note=None):
    text = "%s: %s = %s" % (resource.name, path, _show(value))
    return ConfigLine(0, text if note is None else "%s (%s)" % (text, note))


def _unset_line(resource, path, note):
    return ConfigLine(0, "%s: %s not set (%s)" % (resource.name, path, note))


def _note_line(resource, description, why):
    return ConfigLine(0, "%s: %s (%s)" % (resource.name, description, why))


def _ci_key(mapping, value):
    """The key of ``mapping`` equal to ``value`` ignoring case, or None."""
    if not isinstance(value, str):
        return None
    folded = value.casefold()
    for key in mapping:
        if key.casefold() == folded:
            return key
    return None


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (AttributeError, ValueError):
        return None


def _prefix(value):
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except (AttributeError, ValueError, TypeError):
        return None


def _int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _ConnectionReader:
    """Reads one connection and the resources it names into a TunnelEnd."""

    def __init__(self, index, connection, spokes, psk_digest):
        self.index = index
        self.conn = connection
        self.name = connection.name
        self.spokes = spokes
        self.psk_digest = psk_digest
        self.findings = []
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
    def tunnel_end(self):
        end = TunnelEnd(vendor="azure", name=self.name, ref=self.ref)
        gateway = self._referenced("virtualNetworkGateway1", tables.GATEWAYS, "gateway",
                                   "virtual network gateway")
        lng = self._referenced("localNetworkGateway2", tables.LOCAL_GATEWAYS, "local_network_gateway",
                               "local network gateway")
        if gateway is None:
            self.unknowns.extend(["local_address", "local_networks"])
        if lng is None:
            self.unknowns.extend(["peer_address", "remote_networks"])
        vpn_type = self._read_gateway(gateway)
        self._fill_local_side(end, gateway)
        self._fill_peer_side(end, lng)
        custom = self._fill_policy(end, vpn_type)
        self._fill_selectors(end)
        self._fill_protocol(end, vpn_type)
        self._fill_session(end, vpn_type)
        if gateway is not None:
            self._check_gateway_support(gateway, vpn_type, custom)
        end.unknowns = tuple(dict.fromkeys(self.unknowns))
        return end

    def find(self, code, severity, summary, lines, remediation=None, **values):
        evidence = {"connection": self.name}
        evidence.update(values)
        evidence["lines"] = lines_evidence(lines)
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase="config",
                summary=summary,
                evidence={"azure": evidence},
                remediation={"azure": remediation} if remediation else {},
                scope=[self.name],
            )
        )

    def _referenced(self, key, resource_type, ref_key, what):
        """The resource a connection property names, or None with a finding."""
        rid = self.conn.get(key, "id")
        self.ref[ref_key + "_id"] = rid if isinstance(rid, str) else None
        self.ref[ref_key] = rid.rstrip("/").rsplit("/", 1)[-1] if isinstance(rid, str) else None
        found = self.index.get(rid, resource_type)
        if found is None:
            self._undefined(self.conn, key + ".id", rid, what)
        else:
            self.ref[ref_key] = found.name
        return found

    def _undefined(self, holder, path, rid, what):
        if isinstance(rid, str) and rid:
            named = "%s names %s %s, which is not in the Azure resources input" % (holder.name, what, rid)
        else:
            named = "%s names no %s (%s is empty)" % (holder.name, what, path)
        summary = named + ", so what depends on it is not checked."
        self.find("UNDEFINED_REFERENCE", WARNING, summary, [_line(holder, path, rid)],
                  missing_id=rid if isinstance(rid, str) else None, property=path)

    def invalid(self, holder, path, value, expected, field, severity=WARNING):
        """A value that cannot be understood: report it and stop comparing ``field``."""
        self.unknowns.append(field)
        self.find(
            "INVALID_VALUE", severity,
            "%s: %s is %s, which is not %s." % (holder.name, path, _show(value), expected),
            [_line(holder, path, value)], property=path, value=value,
        )

    # ---- gateway side ----------------------------------------------------
    def _read_gateway(self, gateway):
        """Record the gateway's type and SKU in ref; return the VPN type that decides defaults."""
        self.ref.update({"vpn_type": None, "sku": None, "gateway_type": None, "active_active": None})
        if gateway is None:
            return tables.ASSUMED_VPN_TYPE
        self.ref["sku"] = gateway.get("sku", "name")
        self.ref["gateway_type"] = gateway.get("gatewayType")
        self.ref["active_active"] = gateway.get("activeActive") is True
        raw = gateway.get("vpnType")
        vpn_type = _ci_key(dict.fromkeys(tables.VPN_TYPES), raw)
        if raw is not None and vpn_type is None:
            self.invalid(gateway, "vpnType", raw, "RouteBased or PolicyBased", "ike_versions")
        self.ref["vpn_type"] = vpn_type
        return vpn_type or tables.ASSUMED_VPN_TYPE

    def _fill_local_side(self, end, gateway):
        self.ref.update({"public_ips": [], "virtual_network": None, "peered_networks": []})
        if gateway is None:
            return
        addresses = self._gateway_addresses(gateway)
        self.ref["public_ips"] = addresses
        end.local_address = addresses[0] if addresses else None
        if not addresses:
            self.unknowns.append("local_address")
        end.local_networks = self._vnet_prefixes(gateway)

    def _gateway_addresses(self, gateway):
        """Public IPs of the gateway's ipConfigurations, in order (two when active-active)."""
        addresses = []
        for i, config in enumerate(_list(gateway, "ipConfigurations")):
            path = "ipConfigurations[%d].publicIPAddress.id" % i
            pip_id = prop(config, "publicIPAddress", "id")
            if pip_id is None:
                continue
            pip = self.index.get(pip_id, tables.PUBLIC_IPS)
            if pip is None:
                self._undefined(gateway, path, pip_id, "public IP address")
                continue
            raw = pip.get("ipAddress")
            address = _address(raw)
            if address is None:
                expected = "an IP address" if raw is not None else "set (a dynamic address not yet allocated?)"
                self.invalid(pip, "ipAddress", raw, expected, "local_address")
                continue
            addresses.append(address)
        return addresses

    def _vnet_prefixes(self, gateway):
        """The gateway VNet's prefixes plus those of peered VNets using its gateway."""
        subnet_path, subnet_id = self._gateway_subnet(gateway)
        if subnet_id is None:
            self.unknowns.append("local_networks")
            return None
        vnet = self.index.get(id_prefix(subnet_id, "subnets") or subnet_id, tables.VIRTUAL_NETWORKS)
        if vnet is None:
            self._undefined(gateway, subnet_path, subnet_id, "a subnet of virtual network")
            self.unknowns.append("local_networks")
            return None
        self.ref["virtual_network"] = vnet.name
        prefixes = self._prefixes(vnet, ("addressSpace", "addressPrefixes"), "local_networks", self.local_lines)
        for spoke in self.spokes.get(id_key(vnet.id), []):
            self.ref["peered_networks"].append(spoke.name)
            prefixes.extend(self._prefixes(spoke, ("addressSpace", "addressPrefixes"), "local_networks",
                                           self.local_lines, note="peered, uses %s's gateway" % vnet.name))
        return prefixes

    def _gateway_subnet(self, gateway):
        for i, config in enumerate(_list(gateway, "ipConfigurations")):
            subnet_id = prop(config, "subnet", "id")
            if isinstance(subnet_id, str):
                return "ipConfigurations[%d].subnet.id" % i, subnet_id
        return "ipConfigurations[0].subnet.id", None

    def _prefixes(self, holder, keys, field, lines, note=None):
        """Valid prefixes of a list property; bad entries are reported and make ``field`` unknown."""
        path = ".".join(keys)
        prefixes = []
        for i, raw in enumerate(_list(holder, *keys)):
            item_path = "%s[%d]" % (path, i)
            prefix = _prefix(raw)
            if prefix is None:
                self.invalid(holder, item_path, raw, "an IP prefix", field)
                continue
            prefixes.append(prefix)
            lines.setdefault(prefix, _line(holder, item_path, raw, note))
        return prefixes

    # ---- peer side -------------------------------------------------------
    def _fill_peer_side(self, end, lng):
        self.ref["peer_fqdn"] = None
        if lng is None:
            return
        raw = lng.get("gatewayIpAddress")
        fqdn = lng.get("fqdn")
        if raw is not None:
            end.peer_address = _address(raw)
            if end.peer_address is None:
                self.invalid(lng, "gatewayIpAddress", raw, "an IP address", "peer_address")
        elif isinstance(fqdn, str) and fqdn:
            self.ref["peer_fqdn"] = fqdn  # resolved by Azure at run time; not comparable here
            self.unknowns.append("peer_address")
        else:
            self.invalid(lng, "gatewayIpAddress", None, "set (nor is fqdn)", "peer_address")
        end.remote_networks = self._prefixes(
            lng, ("localNetworkAddressSpace", "addressPrefixes"), "remote_networks", self.remote_lines)

    # ---- IPsec/IKE policy ------------------------------------------------
    def _fill_policy(self, end, vpn_type):
        """Proposals, PFS and lifetimes; returns whether a custom policy is set."""
        end.ike_lifetime = Lifetimes(
            seconds=tables.IKE_SA_LIFETIME_SECONDS,
            source=(_note_line(self.conn, "IKE SA lifetime %d s" % tables.IKE_SA_LIFETIME_SECONDS,
                               "fixed by Azure"),),
        )
        policies = _list(self.conn, "ipsecPolicies")
        self.ref["custom_policy"] = bool(policies)
        self.ref["policy"] = None
        if not policies:
            self._default_policy(end, vpn_type)
            return False
        if len(policies) > 1:
            self.find(
                "AZURE_POLICY_INVALID", ERROR,
                "%s has %d IPsec policies; Azure allows one per connection." % (self.name, len(policies)),
                [_line(self.conn, "ipsecPolicies[%d]" % i, p) for i, p in enumerate(policies)],
                remediation={"ipsecPolicies": [policies[0]]}, count=len(policies),
            )
        if not isinstance(policies[0], dict):
            raise AzureInputError("%s: ipsecPolicies[0] is a %s, not an object"
                                  % (self.conn.describe(), type(policies[0]).__name__))
        _CustomPolicyReader(self, policies[0]).fill(end)
        return True

    def _default_policy(self, end, vpn_type):
        where = "Azure default policy, %s gateway" % vpn_type
        present = self.conn.get("ipsecPolicies") is not None

        def source(what):
            note = "%s, %s" % (where, what)
            if present:
                return (_line(self.conn, "ipsecPolicies", [], note),)
            return (_unset_line(self.conn, "ipsecPolicies", note),)

        end.ike_proposals = [
            IkeProposal(
                label="azure-default-ike-%d" % n,
                encryption=(enc,), integrity=(integ,), prf=(integ,), dh_groups=tables.DEFAULT_IKE_DH_GROUPS,
                source=source("IKE offer %d" % n),
            )
            for n, (enc, integ) in enumerate(tables.DEFAULT_IKE_OFFERS[vpn_type], 1)
        ]
        end.child_proposals = _default_child(tables.DEFAULT_CHILD_INITIATOR[vpn_type], "initiator", source)
        end.child_proposals_responder = _default_child(tables.DEFAULT_CHILD_RESPONDER[vpn_type], "responder", source)
        end.pfs_group = tables.DEFAULT_PFS_GROUP
        end.pfs_source = source("no PFS as initiator")
        seconds, kilobytes = tables.DEFAULT_CHILD_LIFETIME[vpn_type]
        end.child_lifetime = Lifetimes(seconds=seconds, kilobytes=kilobytes, source=source("Child SA lifetime"))

    # ---- traffic selectors -----------------------------------------------
    def _fill_selectors(self, end):
        custom = _list(self.conn, "trafficSelectorPolicies")
        switch = self.conn.get("usePolicyBasedTrafficSelectors")
        self.ref["use_policy_based_traffic_selectors"] = switch is True
        self.ref["custom_traffic_selectors"] = bool(custom)
        end.narrows_selectors = True  # Azure accepts whatever selectors the peer proposes (DOC_REQUIREMENTS)
        if custom:
            end.traffic_selectors = self._custom_selectors(custom)
        elif switch is True:
            end.traffic_selectors = self._prefix_selectors(end)
        else:
            end.any_to_any = True
            line = (_line(self.conn, "usePolicyBasedTrafficSelectors", switch) if switch is not None
                    else _unset_line(self.conn, "usePolicyBasedTrafficSelectors", "default false: any-to-any"))
            end.traffic_selectors = [TrafficSelector(local=ANY_IPV4, remote=ANY_IPV4, source=(line,))]

    def _custom_selectors(self, policies):
        selectors = []
        for i, policy in enumerate(policies):
            local = self._range_list(policy, i, "localAddressRanges")
            remote = self._range_list(policy, i, "remoteAddressRanges")
            for local_prefix, local_line in local:
                for remote_prefix, remote_line in remote:
                    if _same_family(local_prefix, remote_prefix):
                        source = (local_line, remote_line)
                        selectors.append(TrafficSelector(local_prefix, remote_prefix, source=source))
        return selectors

    def _range_list(self, policy, i, key):
        raw_list = prop(policy, key)
        path = "trafficSelectorPolicies[%d].%s" % (i, key)
        if not isinstance(raw_list, list):
            self.invalid(self.conn, path, raw_list, "a list of IP prefixes", "traffic_selectors")
            return []
        ranges = []
        for j, raw in enumerate(raw_list):
            prefix = _prefix(raw)
            if prefix is None:
                self.invalid(self.conn, "%s[%d]" % (path, j), raw, "an IP prefix", "traffic_selectors")
                continue
            ranges.append((prefix, _line(self.conn, "%s[%d]" % (path, j), raw)))
        return ranges

    def _prefix_selectors(self, end):
        """One selector per (VNet prefix x LNG prefix), VNet side local (DOC_MULTI_POLICYBASED)."""
        if end.local_networks is None or end.remote_networks is None or \
                {"local_networks", "remote_networks"} & set(self.unknowns):
            self.unknowns.append("traffic_selectors")
            return None
        switch = _line(self.conn, "usePolicyBasedTrafficSelectors", True)
        return [
            TrafficSelector(local, remote, source=(switch, self.local_lines[local], self.remote_lines[remote]))
            for local in end.local_networks
            for remote in end.remote_networks
            if _same_family(local, remote)
        ]

    # ---- protocol, auth, DPD, mode -----------------------------------------
    def _fill_protocol(self, end, vpn_type):
        raw = self.conn.get("connectionProtocol")
        protocol = _ci_key(tables.CONNECTION_PROTOCOLS, raw)
        if raw is not None and protocol is None:
            self.invalid(self.conn, "connectionProtocol", raw, "IKEv1 or IKEv2", "ike_versions", ERROR)
        if protocol is None:
            protocol = "IKEv1" if vpn_type == tables.POLICY_BASED else tables.DEFAULT_CONNECTION_PROTOCOL
        self.ref["connection_protocol"] = protocol
        if vpn_type == tables.POLICY_BASED:
            end.ike_versions = tables.POLICY_BASED_IKE_VERSIONS  # whatever the connection asks
        else:
            end.ike_versions = (tables.CONNECTION_PROTOCOLS[protocol],)

    def _fill_session(self, end, vpn_type):
        end.auth = self._auth()
        end.dpd = self._dpd(vpn_type)
        end.mode = self._mode()
        end.max_tcp_mss = tables.MAX_TCP_MSS

    def _auth(self):
        key = self.conn.get("sharedKey")
        if not (isinstance(key, str) and key):
            return PeerAuth(method="psk", source=(_unset_line(self.conn, "sharedKey", "not in the input"),))
        digest = self.psk_digest(key) if callable(self.psk_digest) else None
        source = (_note_line(self.conn, "sharedKey", "set, not shown"),)
        return PeerAuth(method="psk", psk_digest=digest, source=source)

    def _dpd(self, vpn_type):
        if not tables.DPD_SUPPORTED[vpn_type]:
            off = _note_line(self.conn, "dead-peer detection off", "%s gateway" % vpn_type)
            return Dpd(enabled=False, source=(off,))
        raw = self.conn.get("dpdTimeoutSeconds")
        if not raw:  # absent, or 0 as some API versions return for "not set"
            return Dpd(timeout_seconds=tables.DPD_TIMEOUT_DEFAULT, source=(
                _unset_line(self.conn, "dpdTimeoutSeconds", "Azure default %d" % tables.DPD_TIMEOUT_DEFAULT),))
        line = _line(self.conn, "dpdTimeoutSeconds", raw)
        seconds = _int(raw)
        if seconds is None:
            self.invalid(self.conn, "dpdTimeoutSeconds", raw, "a whole number of seconds", "dpd", ERROR)
            return Dpd(source=(line,))
        if not tables.DPD_TIMEOUT_MIN <= seconds <= tables.DPD_TIMEOUT_MAX:
            fixed = min(max(seconds, tables.DPD_TIMEOUT_MIN), tables.DPD_TIMEOUT_MAX)
            self.find(
                "AZURE_POLICY_INVALID", ERROR,
                "%s: dpdTimeoutSeconds %d is outside Azure's range %d..%d." % (
                    self.name, seconds, tables.DPD_TIMEOUT_MIN, tables.DPD_TIMEOUT_MAX),
                [line], remediation={"dpdTimeoutSeconds": fixed}, property="dpdTimeoutSeconds", value=seconds,
            )
        return Dpd(timeout_seconds=seconds, source=(line,))

    def _mode(self):
        raw = self.conn.get("connectionMode")
        key = _ci_key(tables.CONNECTION_MODES, raw if raw is not None else tables.DEFAULT_CONNECTION_MODE)
        if key is None:
            self.invalid(self.conn, "connectionMode", raw, "Default, ResponderOnly or InitiatorOnly", "mode", ERROR)
            key = tables.DEFAULT_CONNECTION_MODE
        self.ref["connection_mode"] = key
        return tables.CONNECTION_MODES[key]

    # ---- SKU and gateway type ---------------------------------------------
    def _check_gateway_support(self, gateway, vpn_type, custom):
        sku = self.ref["sku"] if isinstance(self.ref["sku"], str) else ""
        protocol = self.ref["connection_protocol"]
        gateway_type = self.ref["gateway_type"]
        sku_line = _line(gateway, "sku.name", self.ref["sku"])
        type_line = _line(gateway, "vpnType", vpn_type)
        if isinstance(gateway_type, str) and gateway_type.casefold() != tables.GATEWAY_TYPE_VPN.casefold():
            self._unsupported("%s: gateway %s is of type %s, which carries no IPsec connections." % (
                self.name, gateway.name, gateway_type), [_line(gateway, "gatewayType", gateway_type)])
        basic_policy = custom and sku.casefold() in {s.casefold() for s in tables.CUSTOM_POLICY_UNSUPPORTED_SKUS}
        policy_based_policy = custom and vpn_type == tables.POLICY_BASED and not tables.POLICY_BASED_CUSTOM_POLICY
        if basic_policy or policy_based_policy:
            why = "the %s SKU" % sku if basic_policy else "a PolicyBased gateway"
            self._unsupported(
                "%s has a custom IPsec/IKE policy, which %s (%s) does not support." % (self.name, why, gateway.name),
                [sku_line, type_line, _line(self.conn, "ipsecPolicies[0]", self.ref["policy"])],
                {"ipsecPolicies": []},
            )
        if vpn_type == tables.POLICY_BASED and protocol == "IKEv2":
            self._unsupported(
                "%s asks for IKEv2, but PolicyBased gateway %s does IKEv1 only; "
                "a RouteBased gateway is needed for IKEv2." % (self.name, gateway.name),
                [type_line, _line(self.conn, "connectionProtocol", protocol)], {"connectionProtocol": "IKEv1"},
            )
        ikev1_skus = {s.casefold() for s in tables.ROUTE_BASED_IKEV1_UNSUPPORTED_SKUS}
        if vpn_type == tables.ROUTE_BASED and protocol == "IKEv1" and sku.casefold() in ikev1_skus:
            self._unsupported(
                "%s asks for IKEv1, which a RouteBased gateway of the %s SKU (%s) does not support; "
                "recreate the connection with IKEv2." % (self.name, sku, gateway.name),
                [type_line, sku_line, _line(self.conn, "connectionProtocol", protocol)],
                {"connectionProtocol": "IKEv2"},
            )

    def _unsupported(self, summary, lines, remediation=None):
        self.find("AZURE_SKU_UNSUPPORTED", ERROR, summary, lines, remediation,
                  sku=self.ref["sku"], vpn_type=self.ref["vpn_type"], gateway=self.ref["gateway"])


def _default_child(offers, role, source):
    return [
        ChildSaProposal(
            label="azure-default-child-%s-%d" % (role, n),
            encryption=(enc,),
            integrity=() if integ is tables.AEAD else (integ,),
            dh_groups=(pfs,),
            source=source("Child SA %s offer %d" % (role, n)),
        )
        for n, (enc, integ, pfs) in enumerate(offers, 1)
    ]


def _same_family(a, b):
    return ipaddress.ip_network(a).version == ipaddress.ip_network(b).version


class _CustomPolicyReader:
    """Reads ipsecPolicies[0] for a _ConnectionReader, applying Azure's policy rules."""

    PATH = "ipsecPolicies[0]."

    def __init__(self, reader, policy):
        self.reader = reader
        self.conn = reader.conn
        self.raw = {f: prop(policy, f) for f in tables.POLICY_FIELDS}
        self.lines = {f: _line(self.conn, self.PATH + f, v) for f, v in self.raw.items() if v is not None}
        self.values = {}  # enum field -> REST spelling, only for valid values

    def fill(self, end):
        self._read_enums()
        self.reader.ref["policy"] = {f: self.values.get(f, self.raw[f]) for f in tables.POLICY_FIELDS}
        ike, ike_group = self._ike()
        end.ike_proposals = [ike] if ike else []
        known, pfs = self._pfs(ike_group)
        end.pfs_group = pfs
        end.pfs_source = self._pfs_source()
        child = self._child(pfs) if known else None
        end.child_proposals = [child] if child else []
        # exact_match_only: Azure accepts only its own proposal (DOC_POLICY_HOWTO_PORTAL)
        end.child_proposals_responder = [dataclasses.replace(child)] if child else []
        end.child_lifetime = self._lifetime()

    def _unknown(self, *fields):
        self.reader.unknowns.extend(fields)

    def _policy_invalid(self, severity, summary, fields, remediation=None):
        self.reader.find(
            "AZURE_POLICY_INVALID", severity, summary,
            [self.lines[f] for f in fields if f in self.lines], remediation,
            properties={self.PATH + f: self.raw[f] for f in fields},
        )

    def _read_enums(self):
        missing = []
        for field, allowed in tables.ENUMS.items():
            raw = self.raw[field]
            if raw is None:
                missing.append(field)
                continue
            value = tables.enum_value(field, raw)
            if value is None:
                expected = "an Azure %s value (%s)" % (field, ", ".join(allowed))
                self.reader.invalid(self.conn, self.PATH + field, raw, expected, _FIELD_OF[field], ERROR)
            else:
                self.values[field] = value
        if missing:
            self._unknown(*(_FIELD_OF[f] for f in missing))
            self._policy_invalid(
                ERROR, "%s: the custom IPsec policy lacks %s; Azure needs every field of the policy."
                % (self.reader.name, ", ".join(missing)), missing)

    def _ike(self):
        """(IkeProposal or None, IKE DH group or None)."""
        enc, integ, dh = (self.values.get(f) for f in ("ikeEncryption", "ikeIntegrity", "dhGroup"))
        group = tables.DH_GROUP.get(dh)
        if None in (enc, integ, dh):
            self._unknown("ike_proposals")
            return None, group
        if not self._gcm_paired("ikeEncryption", "ikeIntegrity", gcm_cipher_needs_pair=False):
            self._unknown("ike_proposals")
            return None, group
        if group is None:
            self._unknown("ike_proposals")
            self._policy_invalid(
                WARNING, "%s: dhGroup None leaves the IKE SA without a DH group, which IKE needs; "
                "what Azure then proposes is not documented." % self.reader.name, ["dhGroup"])
            return None, None
        encryption = tables.IKE_ENCRYPTION[enc]
        hash_name = tables.IKE_INTEGRITY[integ]
        prf = tables.IKE_PRF[integ]
        proposal = IkeProposal(
            label="ipsecPolicies[0]",
            encryption=(encryption,),
            integrity=() if hash_name is tables.AEAD or encryption in AEAD_CIPHERS else (hash_name,),
            prf=() if prf is None else (prf,),
            dh_groups=(group,),
            source=tuple(self.lines[f] for f in ("ikeEncryption", "ikeIntegrity", "dhGroup")),
        )
        return proposal, group

    def _gcm_paired(self, enc_field, integ_field, gcm_cipher_needs_pair=True):
        """GCM pairing: a GCMAES value needs the same value on the other side.

        For IKE only a GCMAES integrity needs it: the 2024 doc table offers GCM
        IKE encryption with SHA integrities (see tables.GCM_VALUES).
        """
        enc, integ = self.values[enc_field], self.values[integ_field]
        paired = integ in tables.GCM_VALUES or (gcm_cipher_needs_pair and enc in tables.GCM_VALUES)
        if paired and enc != integ:
            fix = {self.PATH + integ_field: enc} if enc in tables.GCM_VALUES else {self.PATH + enc_field: integ}
            self._policy_invalid(
                ERROR, "%s: %s %s with %s %s breaks Azure's GCM rule "
                "(a GCMAES value needs the same GCMAES value on the other side)."
                % (self.reader.name, enc_field, enc, integ_field, integ), [enc_field, integ_field], fix)
            return False
        return True

    def _pfs(self, ike_group):
        """(known, PFS group or None)."""
        value = self.values.get("pfsGroup")
        if value is None:
            self._unknown("pfs_group", "child_proposals")
            return False, None
        group = tables.PFS_GROUP[value]
        if group != tables.PFS_SAME_AS_IKE:
            return True, group
        same = tables.PFS_GROUP_TO_AZURE.get(ike_group)
        self._policy_invalid(
            WARNING, "%s: pfsGroup PFSMM is not documented by Azure; it is read as the IKE DH group (%s)%s."
            % (self.reader.name, ike_group if ike_group is not None else "unknown",
               ", name that group instead" if same else ""),
            ["pfsGroup", "dhGroup"], {self.PATH + "pfsGroup": same} if same else None)
        if ike_group is None:
            self._unknown("pfs_group", "child_proposals")
            return False, None
        return True, ike_group

    def _pfs_source(self):
        fields = ("pfsGroup", "dhGroup") if self.values.get("pfsGroup") == "PFSMM" else ("pfsGroup",)
        return tuple(self.lines[f] for f in fields if f in self.lines)

    def _child(self, pfs):
        enc, integ = self.values.get("ipsecEncryption"), self.values.get("ipsecIntegrity")
        if enc is None or integ is None or not self._gcm_paired("ipsecEncryption", "ipsecIntegrity"):
            self._unknown("child_proposals")
            return None
        hash_name = tables.IPSEC_INTEGRITY[integ]
        return ChildSaProposal(
            label="ipsecPolicies[0]",
            encryption=(tables.IPSEC_ENCRYPTION[enc],),
            integrity=() if hash_name is tables.AEAD else (hash_name,),
            dh_groups=(NO_PFS if pfs is None else pfs,),
            source=tuple(self.lines[f] for f in ("ipsecEncryption", "ipsecIntegrity", "pfsGroup")),
        )

    def _lifetime(self):
        seconds = self._lifetime_value("saLifeTimeSeconds", tables.SA_LIFETIME_SECONDS_MIN,
                                       tables.CUSTOM_POLICY_DEFAULT_SECONDS, "child_lifetime")
        kilobytes = self._lifetime_value("saDataSizeKilobytes", tables.SA_DATA_SIZE_KB_MIN,
                                         tables.CUSTOM_POLICY_DEFAULT_KILOBYTES, "child_lifetime")
        source = tuple(
            self.lines.get(f) or _unset_line(self.conn, self.PATH + f, "Azure default %d" % default)
            for f, default in (("saLifeTimeSeconds", tables.CUSTOM_POLICY_DEFAULT_SECONDS),
                               ("saDataSizeKilobytes", tables.CUSTOM_POLICY_DEFAULT_KILOBYTES))
        )
        return Lifetimes(seconds=seconds, kilobytes=kilobytes, source=source)

    def _lifetime_value(self, field, minimum, default, model_field):
        raw = self.raw[field]
        if raw is None:
            return default
        value = _int(raw)
        if value is None:
            self.reader.invalid(self.conn, self.PATH + field, raw, "a whole number", model_field, ERROR)
            return None
        if value < minimum:
            self._policy_invalid(
                ERROR, "%s: %s %d is below Azure's minimum %d." % (self.reader.name, field, value, minimum),
                [field], {self.PATH + field: minimum})
        return value


# Policy field -> the TunnelEnd field that cannot be decided without it.
_FIELD_OF = {
    "ikeEncryption": "ike_proposals",
    "ikeIntegrity": "ike_proposals",
    "dhGroup": "ike_proposals",
    "ipsecEncryption": "child_proposals",
    "ipsecIntegrity": "child_proposals",
    "pfsGroup": "pfs_group",
    "saLifeTimeSeconds": "child_lifetime",
    "saDataSizeKilobytes": "child_lifetime",
}
