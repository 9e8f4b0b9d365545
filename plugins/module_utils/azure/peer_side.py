# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The on-premises side of a connection as its local network gateway gives it: the peer's address (or FQDN) and
the networks behind it.

The functions take the connection reader (adapter._ConnectionReader) for its ``ref``, ``conn``, ``name``,
``unknowns``, ``remote_lines``, ``find``, ``invalid`` and ``prefixes``.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import address, line, object_value, unset_line
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING


def fill_peer_side(reader, end, lng):
    reader.ref["peer_fqdn"] = None
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
            reader.invalid(lng, "gatewayIpAddress", raw, "an IP address", "peer_address")
    elif isinstance(fqdn, str) and fqdn:
        reader.ref["peer_fqdn"] = fqdn  # resolved by Azure at run time; not comparable here
        reader.unknowns.append("peer_address")
        reader.find(
            "UNSUPPORTED_CONSTRUCT", WARNING,
            "%s: local network gateway %s gives the on-premises address as the name %s, which Azure resolves "
            "each time it connects; the check does not resolve names, so whether it is the ASA's address is not "
            "checked (compare its DNS answer with the ASA's outside address)." % (reader.name, lng.name, fqdn),
            [line(lng, "fqdn", fqdn)], property="fqdn", value=fqdn)
    else:
        reader.invalid(lng, "gatewayIpAddress", None, "set (nor is fqdn)", "peer_address")
    end.remote_networks = reader.prefixes(
        lng, ("localNetworkAddressSpace", "addressPrefixes"), "remote_networks", reader.remote_lines)


def check_site_without_networks(reader, lng, networks):
    """A connection with prefix selectors (policy-based, or custom) and no BGP whose local network gateway lists no
    prefix: Azure routes nothing to the site (without BGP the gateway's routes to on-premises are the local network
    gateway's address prefixes: Microsoft Learn, "Virtual network traffic routing", system routes with next hop
    virtual network gateway; verified: partial, read 2026-12-06) and builds no selector pair from it (VNet
    prefixes x LNG prefixes, DOC_MULTI_POLICYBASED), so
    the peer's crypto selectors have nothing on Azure's side to match. It came out as a selector warning that
    Azure "routes back only nothing" (s40 item 3). A route-based any-to-any end is the engine's ROUTE_MISSING."""
    if lng is None or networks != [] or "remote_networks" in reader.unknowns:
        return
    path = "localNetworkAddressSpace.addressPrefixes"
    raw = lng.get("localNetworkAddressSpace", "addressPrefixes")
    reader.find(
        "ROUTE_MISSING", ERROR,
        "%s: local network gateway %s lists no prefix (%s is empty) and the connection runs no BGP, so Azure "
        "routes nothing into the tunnel and builds no traffic selector pair with the peer's networks: the peer's "
        "crypto selectors have nothing on Azure's side to match, and no reply reaches them through the tunnel. "
        "List the networks behind the peer there." % (reader.name, lng.name, path),
        [line(lng, path, raw) if raw is not None else unset_line(lng, path, "no prefix"),
         line(reader.conn, "enableBgp", reader.conn.get("enableBgp"))
         if reader.conn.get("enableBgp") is not None else unset_line(reader.conn, "enableBgp", "default false")],
        local_network_gateway=lng.name, property=path)
