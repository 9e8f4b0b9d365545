# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state Azure reports for a connection's resources, not their settings: a change that did not finish
(provisioningState) and whether the tunnel was up when read (connectionStatus).

The functions take the connection reader (adapter._ConnectionReader) for its ``conn``, ``name`` and ``find``.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import line
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING


def check_provisioning(reader, resources):
    """A resource whose last change did not finish (Failed) or is under way (Updating, Deleting) may run
    other settings than it shows. States: Succeeded, Updating, Deleting, Failed (REST_2024_05_01
    ProvisioningState). "Being in the failed state doesn't necessarily mean that the resource isn't functional",
    and the remedy is to re-apply it unchanged: https://learn.microsoft.com/azure/networking/troubleshoot-failed-state
    (read 2026-12-04), hence a warning."""
    for kind, resource in resources:
        state = resource.get("provisioningState") if resource is not None else None
        if not isinstance(state, str) or state.casefold() == "succeeded":
            continue
        reader.find(
            "AZURE_NOT_PROVISIONED", WARNING,
            "%s %s is in provisioningState %s, so what Azure runs may differ from the properties checked "
            "here; %s and check again." % (
                kind, resource.name, state,
                "re-apply it unchanged (read it and write it back, as Microsoft's failed-state troubleshooting "
                "describes)" if state.casefold() == "failed" else "wait until it is Succeeded"),
            [line(resource, "provisioningState", state)], resource=resource.name, state=state)


def check_connection_status(reader):
    """connectionStatus as Azure reported it when the connection was read: Unknown, Connecting, Connected or
    NotConnected (REST_2024_05_01 VirtualNetworkGatewayConnectionStatus; a GET of the connection has it, a list
    leaves it out). A tunnel Azure reports down passed when both ends' settings agreed (review 2026-12-04): a
    warning when NotConnected, information while Connecting or Unknown."""
    status = reader.conn.get("connectionStatus")
    if not isinstance(status, str) or status.casefold() == "connected":
        return
    down = status.casefold() == "notconnected"
    reader.find(
        "AZURE_CONNECTION_DOWN", WARNING if down else INFO,
        "Azure reported connection %s as %s when it was read: %s. Where the two ends' settings disagree, the "
        "other findings say how; where they agree, look at what the devices say (-e evidence_live=true, or the "
        "ASA's show crypto ikev2 sa and Azure's VPN troubleshoot)." % (
            reader.name, status, "no tunnel was up then" if down else "whether a tunnel was up is not known"),
        [line(reader.conn, "connectionStatus", status)], status=status)
