# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What azure_vpn_evidence reads of one connection, kind by kind (issue 14): its IKE SAs, the VPN troubleshoot,
the diagnostic logs. A kind that fails is noted and the others are still returned: an IKE SA read is not lost to a
troubleshoot refused or a log query with a bad gateway id. Only when the connection cannot be read, or every kind
asked for failed, is there nothing to return: then the first failure is raised (the module fails with it).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.ike_sas import resource_ike_sas
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName

KIND_FAILURES = (AzureSdkError, InvalidName)  # a kind's own failure; anything else is the module's to report


def _troubleshoot(reader, resource, options):
    # imported here: they need the Azure SDK
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.troubleshoot import (  # pylint: disable=import-outside-toplevel
        run_troubleshoot,
        troubleshoot_evidence,
    )
    # an operation on the connection: a subscription named with subscription_id (no list gave its state) is read first,
    # as before a change, and one Azure refuses operations in (Disabled, Expired, Deleted) starts nothing
    reader.before_change()
    return troubleshoot_evidence(run_troubleshoot(reader, resource, options))


def _diagnostic_logs(reader, resource, logs, endpoint):
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.log_query import (  # pylint: disable=import-outside-toplevel
        read_gateway_logs,
    )
    gateway_id = ((resource.get("properties") or {}).get("virtualNetworkGateway1") or {}).get("id")
    return read_gateway_logs(reader, endpoint, gateway_id, logs)


def read_connection_evidence(reader, resource_group, connection, troubleshoot=None, logs=None, endpoint=None,
                             check_mode=False):
    """The connection (raises AzureSdkError when it cannot be read: every kind needs it) and each kind asked for.
    Returns {connection, id, connection_status, ike_sas, observations, _sas (when the IKE SAs were read),
    troubleshoot / diagnostic_logs (when asked and read), notes (a line per kind not read), errors ({kind: {code,
    status}})}. Raises the first failure when no kind could be read. ``check_mode``: the troubleshoot is not started
    (it writes its log files to the storage account), noted; the IKE SAs and the logs are read (reads only)."""
    resource = reader.connection(resource_group, connection)
    read = {"connection": resource.get("name", connection), "id": resource.get("id"),
            "connection_status": (resource.get("properties") or {}).get("connectionStatus"),
            "observations": [], "notes": [], "errors": {}}
    steps = [("ike_sas", lambda: resource_ike_sas(reader, resource))]
    if troubleshoot is not None and check_mode:
        read["notes"].append("troubleshoot not started in check mode: it writes its log files to the storage account "
                             "(troubleshoot.storage_path)")
    elif troubleshoot is not None:
        steps.append(("troubleshoot", lambda: _troubleshoot(reader, resource, troubleshoot)))
    if logs is not None:
        steps.append(("diagnostic_logs", lambda: _diagnostic_logs(reader, resource, logs, endpoint)))
    first = None
    for kind, step in steps:
        try:
            got = step()
        except KIND_FAILURES as exc:
            first = first or exc
            code = getattr(exc, "code", None) or type(exc).__name__
            read["errors"][kind] = {"code": code, "status": getattr(exc, "status", None)}
            read["notes"].append("%s not read (%s): %s" % (kind, code, exc))
            continue
        if kind == "ike_sas":
            read.update(got)
        else:
            read[kind] = got
    if len(read["errors"]) == len(steps):
        raise first
    return read
