# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What kind of gateway a connection is on (type, SKU, VPN type) and the rules that only that decides: whether
its suites can be set at all, how many site connections a PolicyBased one runs, whether it has the private
address useLocalAzureIpAddress asks for.

The functions take the connection reader (adapter._ConnectionReader) for its ``ref``, ``conn``, ``name``,
``gateway_connections``, ``find`` and ``invalid``.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import session, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import ci_key, line, unset_line
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.gateway import active_active_refused
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING


def read_gateway(reader, gateway):
    """Record the gateway's type and SKU in ref; return the VPN type that decides defaults."""
    reader.ref.update({"vpn_type": None, "sku": None, "gateway_type": None, "active_active": None,
                       "gateway_enable_bgp": None})
    if gateway is None:
        return tables.ASSUMED_VPN_TYPE
    sku = gateway.get("sku")
    if sku is not None and not isinstance(sku, dict):
        # read as no SKU, every SKU rule passed unchecked (ARM's sku is {name, tier, capacity})
        raise AzureInputError("%s: sku is a %s, not an object" % (gateway.describe(), type(sku).__name__))
    reader.ref["sku"] = gateway.get("sku", "name")
    reader.ref["gateway_enable_bgp"] = gateway.get("enableBgp") is True  # a BGP fix may have to turn it on
    reader.ref["gateway_type"] = gateway.get("gatewayType")
    reader.ref["active_active"] = gateway.get("activeActive") is True and active_active_refused(gateway) is None
    raw = gateway.get("vpnType")
    vpn_type = ci_key(tables.VPN_TYPES, raw)  # its keys, in order: the tuple itself (issue 12)
    if raw is not None and vpn_type is None:
        reader.invalid(gateway, "vpnType", raw, "RouteBased or PolicyBased", "ike_versions")
    reader.ref["vpn_type"] = vpn_type
    return vpn_type or tables.ASSUMED_VPN_TYPE


def crypto_fixed(reader, gateway):
    """Why the connection's suites and PFS cannot be set at all (TunnelEnd.crypto_fixed), or None: a Basic gateway
    takes no custom IPsec/IKE policy (tables.CUSTOM_POLICY_UNSUPPORTED_SKUS; reference sku_support, verified), nor
    does a PolicyBased one, which is Basic and IKEv1 only (tables.POLICY_BASED_SKUS, POLICY_BASED_IKE_VERSIONS;
    DOC_MULTI_POLICYBASED, verified). What changes that: a RouteBased gateway of a VpnGw SKU, which takes one; a
    Basic gateway is not resized to it but deleted and created anew (Microsoft "Upgrade a gateway SKU": "Basic SKU |
    Any other SKU | No | Yes", as azure/remediation_policy.py _RECREATE_ONLY)."""
    if gateway is None:
        return None
    sku = reader.ref.get("sku")
    basic = isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.CUSTOM_POLICY_UNSUPPORTED_SKUS}
    policy_based = reader.ref.get("vpn_type") == tables.POLICY_BASED and not tables.POLICY_BASED_CUSTOM_POLICY
    if not (basic or policy_based):
        return None
    kind = "PolicyBased (IKEv1 only)" if policy_based else "RouteBased"
    return ("gateway %s is %s of the %s SKU, which takes no custom IPsec/IKE policy: its proposals and PFS are "
            "Azure's fixed ones; only a RouteBased gateway of SKU VpnGw1 or higher takes a custom policy (a Basic "
            "gateway is not resized to one: it is deleted and created anew)" % (
                reader.ref.get("gateway"), kind, sku if isinstance(sku, str) else "Basic"))


def check_policy_based_tunnels(reader, gateway):
    """A PolicyBased gateway with more site connections than it supports (tables.POLICY_BASED_MAX_SITE_CONNECTIONS):
    each of them is named, as which one Azure runs cannot be told (review 2026-12-06: both passed)."""
    if gateway is None or reader.ref["vpn_type"] != tables.POLICY_BASED or not isinstance(gateway.id, str):
        return
    names = reader.gateway_connections.get(gateway.id.casefold()) or []
    if len(names) <= tables.POLICY_BASED_MAX_SITE_CONNECTIONS:
        return
    reader.find(
        "AZURE_SKU_UNSUPPORTED", ERROR,
        "%s is one of %d site-to-site connections (%s) of PolicyBased gateway %s, which supports %d: a second "
        "tunnel cannot run beside the first. Keep one, or move the gateway to RouteBased (a Basic gateway is "
        "deleted and created anew)." % (
            reader.name, len(names), ", ".join(sorted(names)[:5]), gateway.name,
            tables.POLICY_BASED_MAX_SITE_CONNECTIONS),
        [line(gateway, "vpnType", gateway.get("vpnType"))], gateway=gateway.name, connections=sorted(names))


def use_local_azure_ip(reader, gateway):
    """Whether the connection's tunnel ends on the gateway's private IP (useLocalAzureIpAddress). The gateway must have
    its private IPs enabled ("Enable Private IPs on the gateway ... set Gateway Private IPs to Enabled", then the
    connection's "Use Azure Private IP Address": DOC_PRIVATE_PEERING_S2S): off, it has no private tunnel address;
    absent from the input (an export of an API version before the property, or a trimmed one), that is not known,
    and said naming the gateway rather than taken as on without a word (review s42)."""
    if reader.conn.get("useLocalAzureIpAddress") is not True:
        return False
    enabled = None if gateway is None else gateway.get("enablePrivateIpAddress")
    if enabled is False:
        session.unsupported(
            reader,
            "%s has useLocalAzureIpAddress on, but gateway %s has enablePrivateIpAddress off, so it has no "
            "private tunnel address." % (reader.name, gateway.name),
            [line(reader.conn, "useLocalAzureIpAddress", True), line(gateway, "enablePrivateIpAddress", False)])
    elif gateway is not None and enabled is None:
        reader.find(
            "AZURE_SKU_UNSUPPORTED", WARNING,
            "%s has useLocalAzureIpAddress on, but this input does not say whether gateway %s has its private IPs "
            "enabled (enablePrivateIpAddress is not in it; Gateway Private IPs are off unless enabled): if they are "
            "off, the gateway has no private tunnel address and the tunnel is not built. The check takes the "
            "private address the connection asks for; export the gateway with a current API version, or check "
            "'Gateway Private IPs' on its Configuration page." % (reader.name, gateway.name),
            [line(reader.conn, "useLocalAzureIpAddress", True),
             unset_line(gateway, "enablePrivateIpAddress", "not in this input")],
            sku=reader.ref["sku"], vpn_type=reader.ref["vpn_type"], gateway=gateway.name,
            property="enablePrivateIpAddress")
    # another type than a boolean is refused at load (resources._refuse_non_booleans)
    return True


def check_generation(reader, gateway):
    """A gateway whose vpnGatewayGeneration does not come with its SKU (tables.GENERATION_SKUS): a Generation1
    VpnGw4/VpnGw5 (or AZ), a Generation2 VpnGw1/VpnGw1AZ or Basic is no gateway Azure runs, so the rules read
    from it are not Azure's (review s41: it passed, while PolicyBased on VpnGw2 was flagged). Absent: not known,
    nothing to say; a legacy SKU is in no generation's row and is not judged."""
    if gateway is None:
        return
    raw = gateway.get("vpnGatewayGeneration")
    if raw is None:
        return
    generation = ci_key(tables.GENERATIONS, raw)
    if generation is None:
        # no field depends on it: reported, nothing made unknown
        reader.invalid(gateway, "vpnGatewayGeneration", raw, " or ".join(tables.GENERATIONS), None)
        return
    sku = reader.ref.get("sku")
    if generation not in tables.GENERATION_SKUS or not isinstance(sku, str):
        return
    listed_in = [g for g, skus in tables.GENERATION_SKUS.items() if ci_key(skus, sku) is not None]
    if not listed_in or generation in listed_in:
        return
    session.unsupported(
        reader,
        "%s: gateway %s has vpnGatewayGeneration %s with the %s SKU, which Microsoft lists only as %s (About gateway "
        "SKUs), so this input does not describe a gateway Azure runs; export the gateway again." % (
            reader.name, gateway.name, raw, sku, " and ".join(listed_in)),
        [line(gateway, "vpnGatewayGeneration", raw), line(gateway, "sku.name", sku)])


def check_active_active(reader, gateway):
    """A gateway exported with activeActive true that cannot run active-active (gateway.active_active_refused: a Basic
    or PolicyBased one; tables.ACTIVE_ACTIVE_UNSUPPORTED_SKUS, Microsoft "About active-active mode VPN gateways") is
    no gateway Azure runs: said, naming it, and read as the one instance it has (gateway.runs_active_active)."""
    why = None if gateway is None else active_active_refused(gateway)
    if why is None:
        return
    session.unsupported(
        reader,
        "%s: gateway %s has activeActive true, but Azure runs no active-active gateway of %s (\"You can't configure "
        "an active-active gateway using the Basic gateway SKU\"; it must be RouteBased: Microsoft, About active-active "
        "mode VPN gateways), so this input does not describe a gateway Azure runs; it is read as one instance, its "
        "first ipConfiguration. Export the gateway again, or, for active-active, create a RouteBased gateway of SKU "
        "VpnGw1 or higher (a Basic gateway is deleted and created anew)." % (reader.name, gateway.name, why),
        [line(gateway, "activeActive", True), line(gateway, "sku.name", gateway.get("sku", "name")),
         line(gateway, "vpnType", gateway.get("vpnType"))])
