# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A connection's IKE SAs read live (getikesas, through sdk.AzureNetworkReader) as evidence (issue 14).

The REST body names members in camelCase (``localEndpoint``, ``quickModeSa``; the Get Ike Sas example of
the Network REST reference); PowerShell's Get-AzVirtualNetworkGatewayConnectionIkeSa and the ARM lab use
PascalCase (``LocalEndpoint``, ``QuickModeSAs``). The evidence reader knows the REST names, so members
are renamed to them first, whatever their case.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_gateway import ike_sa_signals, parse_ike_sas

# lower-cased member name -> the REST name the evidence reader reads
_REST_NAMES = dict((name.lower(), name) for name in (
    "localEndpoint", "remoteEndpoint", "encryption", "integrity", "dhGroup", "lifeTimeSeconds", "isSaInitiator",
    "elapsedTimeInseconds", "quickModeSa", "pfsGroupId", "inboundPacketsCount", "outboundPacketsCount",
    "inboundSPI", "outboundSPI", "lifetimeKilobytes", "localTrafficSelectors", "remoteTrafficSelectors"))
_REST_NAMES["quickmodesas"] = "quickModeSa"


def rest_names(value):
    """``value`` with every member renamed to its REST name (unknown members: first letter lower-cased)."""
    if isinstance(value, list):
        return [rest_names(item) for item in value]
    if isinstance(value, dict):
        renamed = {}
        for key, item in value.items():
            text = str(key)
            renamed[_REST_NAMES.get(text.lower(), text[:1].lower() + text[1:])] = rest_names(item)
        return renamed
    return value


def connection_ike_sas(reader, resource_group, connection):
    """Read the connection and its IKE SAs; the parsed SAs, the observations they make, and the
    connection's status (raises sdk.AzureSdkError)."""
    resource = reader.connection(resource_group, connection)
    properties = resource.get("properties") or {}
    sas = rest_names(reader.ike_sas(resource))
    parsed = parse_ike_sas(sas)
    observations = [dict((k, v) for k, v in signal.items() if k in ("kind", "says", "codes", "contradicts", "abnormal"))
                    for signal in ike_sa_signals(parsed)]
    return {
        "connection": resource.get("name", connection),
        "id": resource.get("id"),
        "connection_status": properties.get("connectionStatus"),
        "ike_sas": parsed,
        "observations": observations,
        "_sas": sas,
    }
