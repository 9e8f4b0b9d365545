# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Virtual network gateways beyond the top level: active-active instances, BGP settings
(ASN, default and custom APIPA peering addresses), policy-based gateways, and what BGP on a
connection needs from its gateway and local network gateway.

Sources (Microsoft Learn; the same text is in MicrosoftDocs/azure-docs):
- FAQ: VPN Gateway FAQ, section "BGP and routing" (articles/vpn-gateway/vpn-gateway-vpn-faq.md):
  "BGP is supported on all Azure VPN Gateway SKUs except the Basic SKU"; "BGP is supported on
  route-based VPN gateways only"; the reserved ASNs (below); "Azure VPN gateways have a default
  ASN of 65515"; "You must assign different ASNs between your on-premises networks and your
  Azure virtual networks"; "Your on-premises BGP peer address must not be the same as the public
  IP address of your VPN device".
- BGP_HOWTO: "Configure BGP for VPN Gateway" (articles/vpn-gateway/bgp-howto.md): a custom Azure
  APIPA BGP IP address must be "from the Azure-reserved APIPA address range for VPN, which is from
  169.254.21.0 to 169.254.22.255".
- ACTIVE_ACTIVE: "Configure active-active VPN gateways": two gateway IP configurations, each with
  its own public IP; not available on the Basic SKU.
- POLICY_BASED: "Connect a VPN gateway to multiple on-premises policy-based VPN devices": a
  PolicyBased gateway is Basic SKU only and IKEv1 only (reference item review_2026_11_30 of
  /work/shared/reference/azure_asa_ipsec_facts.yaml, verified).
The error codes are the lab's (Azure documents the rules, not the codes), like the other
validation codes in README.md.
"""

from __future__ import annotations

import ipaddress
import re

# FAQ: "Reserved by Azure: Public ASNs: 8074, 8075, 12076; Private ASNs: 65515, 65517, 65518, 65519, 65520".
AZURE_RESERVED_ASNS = frozenset([8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520])
# FAQ: "Reserved by IANA: 23456, 64496-64511, 65535-65551, 429496729".  429496729 is refused as printed
# there; 4294967295 is the IANA registry's reserved last ASN (RFC 7300) and is refused as well.
IANA_RESERVED_ASNS = [(23456, 23456), (64496, 64511), (65535, 65551), (429496729, 429496729),
                      (4294967295, 4294967295)]
GATEWAY_DEFAULT_ASN = 65515  # FAQ: the gateway's default ASN, which only the gateway may use
APIPA_FIRST = ipaddress.IPv4Address("169.254.21.0")  # BGP_HOWTO
APIPA_LAST = ipaddress.IPv4Address("169.254.22.255")


def reserved_asn(asn: int, gateway: bool) -> str:
    """Why ``asn`` cannot be used ("" when it can); the gateway may keep its default 65515."""
    if any(low <= asn <= high for low, high in IANA_RESERVED_ASNS):
        return "reserved by IANA"
    if asn in AZURE_RESERVED_ASNS and not (gateway and asn == GATEWAY_DEFAULT_ASN):
        return "reserved by Azure"
    return ""


def in_apipa_range(text: str) -> bool:
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return APIPA_FIRST <= address <= APIPA_LAST


def _ipv4(text) -> bool:
    try:
        ipaddress.IPv4Address(str(text))
    except ValueError:
        return False
    return True


def _is_basic(props) -> bool:
    return str((props.get("sku") or {}).get("name") or "").lower() == "basic"


def _is_policy_based(props) -> bool:
    return str(props.get("vpnType") or "RouteBased").lower() == "policybased"


def _config_ids(props):
    return [str(c.get("id") or "").lower() for c in props.get("ipConfigurations") or []]


# --------------------------------------------------------------------------------------------
# Gateway PUT
# --------------------------------------------------------------------------------------------

def gateway_violations(props, name):
    """Rules for a virtualNetworkGateways PUT body (``props`` already read by the schema)."""
    out = []
    configs = props.get("ipConfigurations") or []
    basic, policy_based = _is_basic(props), _is_policy_based(props)
    if policy_based and not basic:
        out.append(("PolicyBasedGatewayRequiresBasicSku",
                    "A PolicyBased virtual network gateway is only available with SKU Basic; gateway %s has SKU %s."
                    % (name, (props.get("sku") or {}).get("name")), "properties.sku"))
    if props.get("activeActive"):
        if basic or policy_based:
            out.append(("ActiveActiveNotSupported", "Active-active mode is not supported on %s virtual network "
                        "gateway %s." % ("PolicyBased" if policy_based else "Basic SKU", name), "properties.activeActive"))
        if len(configs) != 2:
            out.append(("ActiveActiveRequiresTwoIpConfigurations",
                        "An active-active virtual network gateway needs two IP configurations, each with its own public "
                        "IP address; gateway %s has %d." % (name, len(configs)), "properties.ipConfigurations"))
    elif len(configs) > 1:
        out.append(("TooManyIpConfigurations", "Virtual network gateway %s has %d IP configurations; only an "
                    "active-active gateway may have two." % (name, len(configs)), "properties.ipConfigurations"))
    if props.get("enableBgp") and (basic or policy_based):
        out.append(("BgpNotSupported", "BGP is not supported on %s virtual network gateway %s." % (
            "PolicyBased" if policy_based else "Basic SKU", name), "properties.enableBgp"))
    settings = props.get("bgpSettings") or {}
    asn = settings.get("asn")
    if asn is not None:
        why = reserved_asn(asn, gateway=True)
        if why or not 1 <= asn <= 4294967295:
            out.append(("InvalidBgpAsn", "ASN %d cannot be used for virtual network gateway %s: %s." % (
                asn, name, why or "outside 1-4294967295"), "properties.bgpSettings.asn"))
    ids = _config_ids(props)
    for index, peering in enumerate(settings.get("bgpPeeringAddresses") or []):
        target = "properties.bgpSettings.bgpPeeringAddresses[%d]" % index
        config_id = str(peering.get("ipconfigurationId") or "")
        if config_id.lower() not in ids:
            out.append(("InvalidResourceReference", "IP configuration %s named by %s is not an IP configuration of "
                        "gateway %s." % (config_id, target, name), target + ".ipconfigurationId"))
        for address in peering.get("customBgpIpAddresses") or []:
            if not in_apipa_range(address):
                out.append(("InvalidCustomBgpIpAddress",
                            "Custom BGP IP address %s of gateway %s is not valid: it must be in the Azure-reserved APIPA "
                            "range 169.254.21.0 - 169.254.22.255." % (address, name), target + ".customBgpIpAddresses"))
    return out


def fill_gateway(new_props, old_props, lookup):
    """What Azure fills in on a gateway: each instance's default BGP address and tunnel (public)
    address, and ``bgpPeeringAddress`` (the default addresses, comma-separated when active-active)."""
    settings = new_props.get("bgpSettings")
    if not isinstance(settings, dict):
        return
    settings.setdefault("asn", GATEWAY_DEFAULT_ASN)
    settings.setdefault("peerWeight", 0)
    old = {str(p.get("ipconfigurationId") or "").lower(): p
           for p in ((old_props.get("bgpSettings") or {}).get("bgpPeeringAddresses") or [])}
    configs = {str(c.get("id") or "").lower(): c for c in new_props.get("ipConfigurations") or []}
    peerings = settings.get("bgpPeeringAddresses")
    if not peerings:
        peerings = settings["bgpPeeringAddresses"] = [{"ipconfigurationId": c.get("id")} for c in
                                                      new_props.get("ipConfigurations") or []]
    for index, peering in enumerate(peerings):
        key = str(peering.get("ipconfigurationId") or "").lower()
        before = old.get(key, {})
        peering.setdefault("customBgpIpAddresses", [])
        peering["defaultBgpIpAddresses"] = before.get("defaultBgpIpAddresses") or _default_bgp_address(
            configs.get(key), lookup, index)
        peering["tunnelIpAddresses"] = [ip for ip in [_public_ip(configs.get(key), lookup)] if ip] \
            or before.get("tunnelIpAddresses") or []
    settings["bgpPeeringAddress"] = ",".join(a for p in peerings for a in p.get("defaultBgpIpAddresses") or [])


def _public_ip(config, lookup):
    pip = lookup(((config or {}).get("properties") or {}).get("publicIPAddress", {}).get("id"))
    return (pip or {}).get("properties", {}).get("ipAddress")


def _default_bgp_address(config, lookup, index):
    """The gateway takes its BGP addresses from the top of the GatewaySubnet (the FAQ's example
    peer IP 10.12.255.30 is the last usable address of a /27)."""
    subnet_id = str(((config or {}).get("properties") or {}).get("subnet", {}).get("id") or "")
    vnet = lookup(re.sub(r"/subnets/[^/]+$", "", subnet_id, flags=re.IGNORECASE))
    for subnet in (vnet or {}).get("properties", {}).get("subnets") or []:
        if str(subnet.get("id") or "").lower() == subnet_id.lower() or subnet.get("name") == subnet_id.rsplit("/", 1)[-1]:
            try:
                network = ipaddress.IPv4Network(subnet.get("properties", {}).get("addressPrefix"))
            except (ValueError, TypeError):
                return []
            return [str(network.broadcast_address - 1 - index)]
    return []


def instance_endpoints(gateway, lookup):
    """Public IP of each gateway instance, in ipConfigurations order (one unless active-active)."""
    props = gateway.get("properties", {})
    configs = props.get("ipConfigurations") or []
    ips = [ip for ip in (_public_ip(c, lookup) for c in configs) if ip]
    return ips if props.get("activeActive") else ips[:1]


# --------------------------------------------------------------------------------------------
# Local network gateway and connection PUT
# --------------------------------------------------------------------------------------------

def lng_bgp_violations(props):
    out = []
    settings = props.get("bgpSettings")
    if not settings:
        return out
    asn = settings.get("asn")
    if asn is None:
        out.append(("MissingRequiredProperty", "bgpSettings.asn is required when a local network gateway has BGP "
                    "settings.", "properties.bgpSettings.asn"))
    else:
        why = reserved_asn(asn, gateway=False)
        if why or not 1 <= asn <= 4294967295:
            out.append(("InvalidBgpAsn", "ASN %d cannot be used for an on-premises BGP peer: %s." % (
                asn, why or "outside 1-4294967295"), "properties.bgpSettings.asn"))
    address = settings.get("bgpPeeringAddress")
    if not address:
        out.append(("MissingRequiredProperty", "bgpSettings.bgpPeeringAddress is required when a local network gateway "
                    "has BGP settings.", "properties.bgpSettings.bgpPeeringAddress"))
    elif not _ipv4(address):
        out.append(("InvalidBgpPeeringAddress", "BGP peering address '%s' is not a valid IPv4 address." % address,
                    "properties.bgpSettings.bgpPeeringAddress"))
    elif address == props.get("gatewayIpAddress"):
        out.append(("InvalidBgpPeeringAddress", "The BGP peering address %s must not be the public IP address of the "
                    "VPN device." % address, "properties.bgpSettings.bgpPeeringAddress"))
    return out


def connection_bgp_violations(props, gateway, lng, name):
    """``enableBgp`` and ``gatewayCustomBgpIpAddresses`` of an IPsec connection PUT."""
    out = []
    gw_props = (gateway or {}).get("properties", {})
    custom = props.get("gatewayCustomBgpIpAddresses") or []
    if props.get("enableBgp") and gateway is not None:
        if _is_basic(gw_props) or _is_policy_based(gw_props):
            out.append(("BgpNotSupported", "BGP is not supported on %s virtual network gateway %s." % (
                "PolicyBased" if _is_policy_based(gw_props) else "Basic SKU", gateway.get("name")),
                "properties.enableBgp"))
        elif not gw_props.get("enableBgp"):
            out.append(("BgpNotEnabledOnGateway", "BGP cannot be enabled on connection %s: virtual network gateway %s "
                        "does not have BGP enabled." % (name, gateway.get("name")), "properties.enableBgp"))
        lng_settings = ((lng or {}).get("properties") or {}).get("bgpSettings") or {}
        if lng is not None and not (lng_settings.get("asn") and lng_settings.get("bgpPeeringAddress")):
            out.append(("LocalNetworkGatewayBgpSettingsMissing",
                        "BGP cannot be enabled on connection %s: local network gateway %s has no BGP settings (ASN and "
                        "BGP peering address)." % (name, lng.get("name")), "properties.enableBgp"))
        gw_asn = (gw_props.get("bgpSettings") or {}).get("asn", GATEWAY_DEFAULT_ASN)
        if lng_settings.get("asn") and lng_settings.get("asn") == gw_asn:
            out.append(("BgpAsnConflict", "Local network gateway %s and virtual network gateway %s both use ASN %d; the "
                        "on-premises network and Azure must use different ASNs." % (
                            lng.get("name"), gateway.get("name"), gw_asn), "properties.enableBgp"))
    peerings = {str(p.get("ipconfigurationId") or "").lower(): p
                for p in (gw_props.get("bgpSettings") or {}).get("bgpPeeringAddresses") or []}
    for index, entry in enumerate(custom):
        target = "properties.gatewayCustomBgpIpAddresses[%d]" % index
        address = entry.get("customBgpIpAddress")
        peering = peerings.get(str(entry.get("ipConfigurationId") or "").lower())
        if not in_apipa_range(address or ""):
            out.append(("InvalidCustomBgpIpAddress", "Custom BGP IP address %s is not in the Azure-reserved APIPA range "
                        "169.254.21.0 - 169.254.22.255." % address, target + ".customBgpIpAddress"))
        elif gateway is not None and (peering is None or address not in (peering.get("customBgpIpAddresses") or [])):
            out.append(("InvalidCustomBgpIpAddress", "Custom BGP IP address %s is not one of the custom BGP IP addresses "
                        "of IP configuration %s of gateway %s." % (address, entry.get("ipConfigurationId"),
                                                                   gateway.get("name")), target))
    return out
