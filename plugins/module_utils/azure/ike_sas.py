# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A connection's IKE SAs read live (getikesas, through sdk.AzureNetworkReader) as evidence (issue 14).

Member names are read whatever their case (evidence.azure_gateway.rest_names): the REST reference's
Get Ike Sas example shows only an empty body (``{"Status":"Successful","Data":null}``), PowerShell's
Get-AzVirtualNetworkGatewayConnectionIkeSa and the ARM lab write PascalCase (``LocalEndpoint``).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_gateway import (
    ike_sa_signals,
    parse_ike_sas,
    rest_names,
)


def resource_ike_sas(reader, resource):
    """The IKE SAs of a connection resource (an ARM dict): the parsed SAs, the observations they make, and the SAs
    as read (``_sas``, for the correlation). Raises sdk.AzureSdkError."""
    sas = rest_names(reader.ike_sas(resource))
    parsed = parse_ike_sas(sas)
    observations = [dict((k, v) for k, v in signal.items() if k in ("kind", "says", "codes", "contradicts", "abnormal"))
                    for signal in ike_sa_signals(parsed)]
    return {"ike_sas": parsed, "observations": observations, "_sas": sas}
