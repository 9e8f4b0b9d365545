# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of recent network API versions (2023-2024) that change whether or how a tunnel runs and that the
model does not hold: each is reported naming its resource and property, never passed over (review s42).

Source: azure-mgmt-network 33.1.0 models (tables SDK_MODELS; REST spec Microsoft.Network stable 2024-05-01
virtualNetworkGateway.json): VirtualNetworkGatewayPropertiesFormat.adminState ("Enabled" | "Disabled": "if the Express
Route Gateway serves traffic when there are multiple Express Route Gateways in the vnet"; no Microsoft source found says
what it does on a VPN gateway, review 2026-12-07), disableIPSecReplayProtection; VirtualNetworkGatewayConnectionPropertiesFormat.
certificateAuthentication ({outboundAuthCertificate, inboundAuthCertificateSubjectName, inboundAuthCertificateChain})
and tunnelProperties ([{tunnelIpAddress, bgpPeeringAddress}], "Tunnel properties for virtual network gateway
connection"). Read elsewhere: activeActive with ipConfigurations (gateway.py), enablePrivateIpAddress with
useLocalAzureIpAddress (gateway_kind.py), gatewayCustomBgpIpAddresses (bgp.py), ingressNatRules/egressNatRules
and enableBgpRouteTranslationForNat (nat.py, adapter.py), authenticationType (session.py),
trafficSelectorPolicies (selectors.py).

Not recent, reported here for the same reason: gatewayDefaultSite (VirtualNetworkGatewayPropertiesFormat, a
SubResource naming a local network gateway): forced tunnelling, "all Internet-bound traffic is now configured to be
force tunneled to" that site, and "the on-premises VPN device must be configured using 0.0.0.0/0 as traffic
selectors" (Microsoft Learn, VPN Gateway "Configure forced tunneling using Default Site", ms.date 03/31/2025). A local
network gateway's fqdn beside its gatewayIpAddress (an fqdn alone is peer_side.py's).

Quiet on purpose (no bearing on a site-to-site tunnel's negotiation or routes, same SDK models):
  resiliencyModel, autoScaleConfiguration  ExpressRoute gateways ("Express Route Gateway has resiliency model")
  vpnClientConfiguration, customRoutes, virtualNetworkGatewayPolicyGroups  point-to-site clients
  enableDnsForwarding  DNS, not IPsec; enableHighBandwidthVpnGateway  throughput
  allowRemoteVnetTraffic, allowVirtualWanTraffic  traffic of other VNets / Virtual WAN, not this site's selectors
  virtualNetworkGatewayMigrationStatus  read-only migration progress
  connection expressRouteGatewayBypass, enablePrivateLinkFastPath  ExpressRoute FastPath: traffic "bypassing the
    expressroute virtual network gateway" (Microsoft Learn "About ExpressRoute FastPath"); private-link FastPath
    "ExpressRoute FastPath (expressRouteGatewayBypass) must be enabled" (SDK_MODELS): ExpressRoute connections only
  connection routingWeight  no IKE or IPsec parameter; Microsoft documents it for ExpressRoute connections (the one
    "with the higher routing weight is the preferred", "Optimize ExpressRoute routing") and says nothing of it on an
    IPsec connection, whose selectors and routes are its networks and BGP, compared elsewhere

The functions take the connection reader (adapter._ConnectionReader) for its ``conn``, ``name`` and ``find``.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import line, list_prop, unset_line
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_key
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING


def check_admin_state(reader, gateway):
    """adminState Disabled on the gateway: information, recognised and not modelled. Its only source (the SDK and REST
    text above) speaks of ExpressRoute gateways sharing a VNet; for a VPN gateway, and so for this tunnel, no Microsoft
    source says what it does, so it is named (a person may look at it first when the tunnel carries nothing) and is no
    cause of a verdict (review 2026-12-07: a warning said "serves no traffic" on that text). Absent or Enabled: nothing
    to say; another value is named, as ARM enums are case-insensitive."""
    if gateway is None:
        return
    raw = gateway.get("adminState")
    if raw is None or (isinstance(raw, str) and raw.casefold() == "enabled"):
        return
    if isinstance(raw, str) and raw.casefold() == "disabled":
        reader.find(
            "UNSUPPORTED_CONSTRUCT", INFO,
            "%s: gateway %s has adminState %s, which this check does not model: Microsoft documents adminState for "
            "ExpressRoute gateways sharing a VNet (which of them serves traffic), not what it does on a VPN gateway, "
            "so the tunnel is judged on its settings alone. If it carries no traffic, look at adminState too." % (
                reader.name, gateway.name, raw),
            [line(gateway, "adminState", raw)], gateway=gateway.name, property="adminState", value=raw)
        return
    reader.invalid(gateway, "adminState", raw, "Enabled or Disabled", None)


def check_tunnel_properties(reader):
    """A connection with tunnelProperties runs tunnels to the addresses (and BGP peers) listed there, which the
    ends read here (the local network gateway's address and BGP settings) do not describe."""
    tunnels = list_prop(reader.conn, "tunnelProperties")
    if not tunnels:
        return
    reader.find(
        "UNSUPPORTED_CONSTRUCT", WARNING,
        "%s has %d tunnelProperties entries (tunnels with their own remote address and BGP peering address), which "
        "this check does not model: it compares the local network gateway's address and BGP settings only, so "
        "check those tunnels by hand." % (reader.name, len(tunnels)),
        [line(reader.conn, "tunnelProperties", tunnels)], property="tunnelProperties")


def check_replay_protection(reader, gateway):
    """disableIPSecReplayProtection true: the gateway accepts replayed ESP packets. The tunnel negotiates as
    before (no SA parameter carries it), so it is information, and the check never turns it on or off."""
    if gateway is None or gateway.get("disableIPSecReplayProtection") is not True:
        return
    reader.find(
        "UNSUPPORTED_CONSTRUCT", INFO,
        "%s: gateway %s has disableIPSecReplayProtection on, so it does not drop replayed ESP packets; the tunnel "
        "negotiates as without it, and the other end's anti-replay window is not compared." % (
            reader.name, gateway.name),
        [line(gateway, "disableIPSecReplayProtection", True)], gateway=gateway.name,
        property="disableIPSecReplayProtection")


def check_certificates(reader):
    """A Certificate connection: the method is compared with the other end's (session.py), the certificates are not
    (the subject Azure expects of the peer, the chain it trusts, its own certificate in Key Vault). Information that
    names what to compare by hand; the Key Vault secret id is not quoted."""
    if reader.ref.get("authentication_type") != "Certificate":
        return
    path = "certificateAuthentication.inboundAuthCertificateSubjectName"
    subject = reader.conn.get("certificateAuthentication", "inboundAuthCertificateSubjectName")
    chain = list_prop(reader.conn, "certificateAuthentication", "inboundAuthCertificateChain")
    evidence = [line(reader.conn, path, subject) if isinstance(subject, str) and subject
                else unset_line(reader.conn, path, "no subject to expect of the peer")]
    reader.find(
        "UNSUPPORTED_CONSTRUCT", INFO,
        "%s authenticates with certificates; whether the other end's certificate has the subject Azure expects "
        "(%s) and chains to one of the %d certificate(s) in inboundAuthCertificateChain is not checked: compare them "
        "with the ASA's trustpoint by hand." % (
            reader.name, subject if isinstance(subject, str) and subject else "none set", len(chain)),
        evidence, property="certificateAuthentication")


def check_default_site(reader, gateway, lng):
    """A gateway whose gatewayDefaultSite is this connection's local network gateway sends the VNet's Internet-bound
    traffic (0.0.0.0/0) into this tunnel: the far end must take 0.0.0.0/0 as its side of the selectors and forward
    that traffic, which the selectors and routes compared here (the local network gateway's prefixes) do not
    describe. Another site as the default: this tunnel carries no Internet-bound traffic, nothing to say."""
    if gateway is None:
        return
    site = gateway.get("gatewayDefaultSite")
    if site is None:
        return
    site_id = site.get("id") if isinstance(site, dict) else None
    if not isinstance(site_id, str) or not site_id.strip():
        reader.invalid(gateway, "gatewayDefaultSite", site, "a reference to a local network gateway ({id})", None)
        return
    if lng is None or id_key(site_id) != id_key(lng.id):
        return
    reader.find(
        "UNSUPPORTED_CONSTRUCT", WARNING,
        "%s: gateway %s has gatewayDefaultSite %s, this connection's local network gateway (forced tunnelling): "
        "Azure sends the VNet's Internet-bound traffic (0.0.0.0/0) into this tunnel. The other end must use "
        "0.0.0.0/0 as its side of the traffic selectors and forward that traffic, which this check does not compare "
        "(it compares the local network gateway's prefixes): check it by hand." % (reader.name, gateway.name, lng.name),
        [line(gateway, "gatewayDefaultSite.id", site_id)], gateway=gateway.name, property="gatewayDefaultSite",
        value=site_id)


def check_fqdn_beside_address(reader, lng):
    """A local network gateway with both gatewayIpAddress and fqdn (REST LocalNetworkGatewayCreate example, 2024-05-01,
    writes both; PowerShell's New-AzLocalNetworkGateway takes one or the other, parameter sets
    ByLocalNetworkGatewayIpAddress and ByLocalNetworkGatewayFqdn): which of them Azure connects to is not documented,
    and a name is resolved each time Azure connects. The address is compared (peer_side.fill_peer_side), the name is
    named rather than dropped."""
    if lng is None:
        return
    fqdn, raw = lng.get("fqdn"), lng.get("gatewayIpAddress")
    if not (isinstance(fqdn, str) and fqdn.strip()) or raw is None:
        return
    reader.find(
        "UNSUPPORTED_CONSTRUCT", WARNING,
        "%s: local network gateway %s gives the on-premises device both as gatewayIpAddress %s and as the name %s; "
        "Microsoft does not document which of them Azure connects to, and a name is resolved each time it connects. "
        "The check compares the address only: make sure the name resolves to the ASA's outside address, or keep one "
        "of the two." % (reader.name, lng.name, raw, fqdn),
        [line(lng, "gatewayIpAddress", raw), line(lng, "fqdn", fqdn)], local_network_gateway=lng.name,
        property="fqdn", value=fqdn)
