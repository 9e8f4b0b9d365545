# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A connection's session settings (IKE version, authentication, DPD, mode) and the
gateway SKU/type rules that decide whether the gateway can do what it asks.

The functions take the connection reader (adapter._ConnectionReader) for its
``conn``, ``name``, ``ref``, ``psk_digest``, ``find`` and ``invalid``.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import (
    ci_key,
    int_value,
    line,
    note_line,
    number_expected,
    unset_line,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Dpd, PeerAuth


def fill_protocol(reader, end, vpn_type):
    raw = reader.conn.get("connectionProtocol")
    protocol = ci_key(tables.CONNECTION_PROTOCOLS, raw)
    if raw is not None and protocol is None:
        reader.invalid(reader.conn, "connectionProtocol", raw, "IKEv1 or IKEv2", "ike_versions", ERROR)
    if protocol is None:
        protocol = "IKEv1" if vpn_type == tables.POLICY_BASED else tables.DEFAULT_CONNECTION_PROTOCOL
    reader.ref["connection_protocol"] = protocol
    end.ike_rekey_reconnects = tables.IKE_REKEY_RECONNECTS_VERSIONS
    if vpn_type == tables.POLICY_BASED:
        end.ike_versions = tables.POLICY_BASED_IKE_VERSIONS  # whatever the connection asks
    else:
        end.ike_versions = (tables.CONNECTION_PROTOCOLS[protocol],)
    end.ike_versions_source = (_protocol_line(reader, raw, protocol, vpn_type),)


def _protocol_line(reader, raw, protocol, vpn_type):
    """The property that decides the connection's IKE version, for IKE_VERSION_MISMATCH to cite (it cited none): a
    PolicyBased gateway's vpnType (IKEv1 whatever the connection asks), else connectionProtocol or its default."""
    if vpn_type == tables.POLICY_BASED and reader.gateway is not None:
        return line(reader.gateway, "vpnType", reader.gateway.get("vpnType"), "IKEv1 only")
    if raw is None:
        return unset_line(reader.conn, "connectionProtocol", "Azure default %s" % protocol)
    return line(reader.conn, "connectionProtocol", raw)


def fill_session(reader, end, vpn_type):
    end.auth = _auth(reader)
    end.dpd = _dpd(reader, vpn_type)
    end.mode = _mode(reader, vpn_type)
    raw = reader.conn.get("connectionMode")
    end.mode_source = (line(reader.conn, "connectionMode", raw),) if raw is not None else ()
    end.max_tcp_mss = tables.MAX_TCP_MSS


def _auth(reader):
    raw_type = reader.conn.get("authenticationType")
    kind = ci_key(tables.AUTHENTICATION_TYPES, raw_type if raw_type is not None
                  else tables.DEFAULT_AUTHENTICATION_TYPE)
    if kind is None:
        reader.invalid(reader.conn, "authenticationType", raw_type, "PSK or Certificate", "auth", ERROR)
        kind = tables.DEFAULT_AUTHENTICATION_TYPE
    reader.ref["authentication_type"] = kind
    method = tables.AUTHENTICATION_TYPES[kind]
    if method == "certificate":
        return PeerAuth(method=method, source=(line(reader.conn, "authenticationType", raw_type),))
    key = reader.conn.get("sharedKey")
    if not (isinstance(key, str) and key):
        return PeerAuth(method="psk", source=(unset_line(reader.conn, "sharedKey", "not in the input"),))
    digest = reader.psk_digest(key) if callable(reader.psk_digest) else None
    source = (note_line(reader.conn, "sharedKey", "set, not shown"),)
    return PeerAuth(method="psk", psk_digest=digest, source=source)


def _dpd(reader, vpn_type):
    if not tables.DPD_SUPPORTED[vpn_type]:
        # the property that turns it off, where the gateway is in the input (s41: a note of the connection's)
        off = line(reader.gateway, "vpnType", reader.gateway.get("vpnType"), "no dead-peer detection") \
            if reader.gateway is not None else note_line(reader.conn, "dead-peer detection off", "%s gateway" % vpn_type)
        return Dpd(enabled=False, source=(off,))
    raw = reader.conn.get("dpdTimeoutSeconds")
    if not raw:  # absent, or 0 as some API versions return for "not set"
        return Dpd(timeout_seconds=tables.DPD_TIMEOUT_DEFAULT, source=(
            unset_line(reader.conn, "dpdTimeoutSeconds", "Azure default %d" % tables.DPD_TIMEOUT_DEFAULT),))
    timeout_line = line(reader.conn, "dpdTimeoutSeconds", raw)
    seconds = int_value(raw)
    if seconds is None:
        reader.invalid(reader.conn, "dpdTimeoutSeconds", raw, number_expected("a whole number of seconds", raw), "dpd",
                       ERROR)
        return Dpd(source=(timeout_line,))
    if not tables.DPD_TIMEOUT_MIN <= seconds <= tables.DPD_TIMEOUT_MAX:
        # Azure's default either way, never the nearest bound: below the range not the floor (9 s would still be
        # DPD_MISMATCH's too short; review 2026-12-04: the two findings' fixes disagreed), above it not the ceiling
        # (3600 s: a dead peer found after an hour, where Microsoft "generally recommend[s] that you set the timeout to
        # between 30 and 45 seconds": DOC_POLICY_FAQ, MicrosoftDocs/azure-docs includes/vpn-gateway-faq-ipsecikepolicy-
        # include.md, "What is the default DPD timeout value?", https://learn.microsoft.com/azure/vpn-gateway/
        # vpn-gateway-vpn-faq, read 2026-12-07; review 2026-12-07 item 2). A proven DPD_MISMATCH fix of the tunnel
        # (the ASA's DPD-derived value) replaces it (superseded.with_property_fixes_agreed).
        fixed = tables.DPD_TIMEOUT_DEFAULT
        reader.find(
            "AZURE_POLICY_INVALID", ERROR,
            "%s: dpdTimeoutSeconds %d is outside Azure's range %d..%d." % (
                reader.name, seconds, tables.DPD_TIMEOUT_MIN, tables.DPD_TIMEOUT_MAX),
            [timeout_line], remediation={"dpdTimeoutSeconds": fixed}, property="dpdTimeoutSeconds", value=seconds,
        )
    return Dpd(timeout_seconds=seconds, source=(timeout_line,))


def _mode(reader, vpn_type):
    raw = reader.conn.get("connectionMode")
    key = ci_key(tables.CONNECTION_MODES, raw if raw is not None else tables.DEFAULT_CONNECTION_MODE)
    if key is None:
        reader.invalid(reader.conn, "connectionMode", raw, "Default, ResponderOnly or InitiatorOnly", "mode", ERROR)
        key = tables.DEFAULT_CONNECTION_MODE
    reader.ref["connection_mode"] = key  # as written; the model takes what Azure does with it
    protocol = reader.ref["connection_protocol"]
    if key != tables.DEFAULT_CONNECTION_MODE and not (vpn_type == tables.ROUTE_BASED and protocol == "IKEv2"):
        # "The Connection Mode property only applies to route-based VPN gateways that use IKEv2 connections"
        # (DOC_CONNECTION_MODE): elsewhere Azure initiates and responds as in Default
        why = "a PolicyBased gateway" if vpn_type == tables.POLICY_BASED else "an %s connection" % protocol
        reader.find(
            "UNSUPPORTED_CONSTRUCT", INFO,
            "%s: connectionMode %s is ignored on %s; Azure applies it only to IKEv2 connections of RouteBased "
            "gateways, so Azure is read as in Default mode: it initiates as well as responds." % (reader.name, key, why),
            [line(reader.conn, "connectionMode", raw)], property="connectionMode", value=key)
        return tables.CONNECTION_MODES[tables.DEFAULT_CONNECTION_MODE]
    return tables.CONNECTION_MODES[key]


# ---- SKU and gateway type ---------------------------------------------
# The SKU sets the rules below compare with, case-folded once (issue 12: made per connection before)
_CUSTOM_POLICY_UNSUPPORTED = frozenset(s.casefold() for s in tables.CUSTOM_POLICY_UNSUPPORTED_SKUS)
_POLICY_BASED_SKUS = frozenset(s.casefold() for s in tables.POLICY_BASED_SKUS)
_IKEV1_UNSUPPORTED = frozenset(s.casefold() for s in tables.ROUTE_BASED_IKEV1_UNSUPPORTED_SKUS)


def check_gateway_support(reader, gateway, vpn_type, custom):
    sku = reader.ref["sku"] if isinstance(reader.ref["sku"], str) else ""
    protocol = reader.ref["connection_protocol"]
    gateway_type = reader.ref["gateway_type"]

    # the evidence lines, made only for a finding (issue 12: two lines per connection, most of them unused)
    def sku_line():
        return line(gateway, "sku.name", reader.ref["sku"])

    def type_line():
        return line(gateway, "vpnType", vpn_type)

    if isinstance(gateway_type, str) and gateway_type.casefold() != tables.GATEWAY_TYPE_VPN.casefold():
        unsupported(reader, "%s: gateway %s is of type %s, which carries no IPsec connections." % (
            reader.name, gateway.name, gateway_type), [line(gateway, "gatewayType", gateway_type)])
    basic_policy = custom and sku.casefold() in _CUSTOM_POLICY_UNSUPPORTED
    policy_based_policy = custom and vpn_type == tables.POLICY_BASED and not tables.POLICY_BASED_CUSTOM_POLICY
    if basic_policy or policy_based_policy:
        why = "the %s SKU" % sku if basic_policy else "a PolicyBased gateway"
        unsupported(
            reader,
            "%s has a custom IPsec/IKE policy, which %s (%s) does not support." % (reader.name, why, gateway.name),
            [sku_line(), type_line(), line(reader.conn, "ipsecPolicies[0]", reader.ref["policy"])],
            {"ipsecPolicies": []},
        )
    if vpn_type == tables.POLICY_BASED and protocol == "IKEv2":
        unsupported(
            reader,
            "%s asks for IKEv2, but PolicyBased gateway %s does IKEv1 only; "
            "a RouteBased gateway is needed for IKEv2." % (reader.name, gateway.name),
            [type_line(), line(reader.conn, "connectionProtocol", protocol)], {"connectionProtocol": "IKEv1"},
        )
    if vpn_type == tables.POLICY_BASED and sku and sku.casefold() not in _POLICY_BASED_SKUS:
        unsupported(
            reader,
            "%s: gateway %s is PolicyBased with the %s SKU; PolicyBased gateways exist only on the Basic "
            "SKU, so this input does not describe a gateway Azure runs." % (reader.name, gateway.name, sku),
            [type_line(), sku_line()])
    if vpn_type == tables.ROUTE_BASED and protocol == "IKEv1" and sku.casefold() in _IKEV1_UNSUPPORTED:
        unsupported(
            reader,
            "%s asks for IKEv1, which a RouteBased gateway of the %s SKU (%s) does not support; "
            "recreate the connection with IKEv2." % (reader.name, sku, gateway.name),
            [type_line(), sku_line(), line(reader.conn, "connectionProtocol", protocol)],
            {"connectionProtocol": "IKEv2"},
        )
    if vpn_type == tables.ROUTE_BASED and protocol == "IKEv1" and reader.conn.get("usePolicyBasedTrafficSelectors") is True:
        # "your on-premises policy-based VPN devices must support IKEv2 to connect to the Azure route-based VPN
        # gateways" (DOC_MULTI_POLICYBASED; facts traffic_selectors.usePolicyBasedTrafficSelectors
        # requires_ikev2_on_device, verified); what Azure does over IKEv1 is not documented (review 2026-12-04)
        reader.find(
            "AZURE_POLICY_INVALID", WARNING,
            "%s has usePolicyBasedTrafficSelectors on with connectionProtocol IKEv1; Microsoft documents policy-based "
            "traffic selectors only for on-premises devices that use IKEv2, so the selectors this connection offers "
            "are not known for sure. Recreate the connection with IKEv2 (connectionProtocol cannot change in place)."
            % reader.name,
            [line(reader.conn, "connectionProtocol", protocol), line(reader.conn, "usePolicyBasedTrafficSelectors", True)],
            property="usePolicyBasedTrafficSelectors")


def unsupported(reader, summary, lines, remediation=None):
    reader.find("AZURE_SKU_UNSUPPORTED", ERROR, summary, lines, remediation,
                sku=reader.ref["sku"], vpn_type=reader.ref["vpn_type"], gateway=reader.ref["gateway"])
