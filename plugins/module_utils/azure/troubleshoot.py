# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network Watcher VPN troubleshoot of a connection or its gateway, run live (issue 14).

azure-mgmt-network's ``network_watchers.begin_get_troubleshooting`` (REST "Network Watchers - Get
Troubleshooting", POST .../networkWatchers/{name}/troubleshoot, 202 then polled; body
TroubleshootingParameters: ``targetResourceId``, ``properties.storageId``, ``properties.storagePath``;
result TroubleshootingResult: ``startTime``, ``endTime``, ``code``, ``results[]`` of ``id``, ``reasonType``,
``summary``, ``detail``, ``recommendedActions[]``). The result is read by the evidence reader
(evidence.azure_gateway.parse_troubleshoot) as an exported one would be. The log files Network Watcher
writes to the storage account are not read here (another SDK and the account's data-plane access).
No Ansible import; the SDK is reached through sdk.AzureNetworkReader.
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_options import default_watcher
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.lro import final_body
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_network_name
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_gateway import (
    parse_troubleshoot,
    troubleshoot_signals,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import redact_all

# Network Watcher documents a troubleshoot as taking "several minutes" ("Troubleshoot VPN virtual network
# gateways and connections", https://learn.microsoft.com/azure/network-watcher/vpn-troubleshoot-portal);
# this collection waits up to 10 minutes, then fails naming the wait.
TROUBLESHOOT_TIMEOUT = 600
SIGNAL_KEYS = ("source", "kind", "says", "codes", "contradicts", "abnormal", "time", "message_id")


def troubleshoot_target(connection, options):
    """(target id, watcher resource group, watcher name) for the connection resource (an ARM dict)."""
    properties = connection.get("properties") or {}
    if options.get("target") == "gateway":
        target = (properties.get("virtualNetworkGateway1") or {}).get("id")
    else:
        target = connection.get("id")
    if not isinstance(target, str) or not target:
        raise AzureSdkError("the connection %r names no %s to troubleshoot" % (connection.get("name"), options.get("target")))
    watcher = options.get("network_watcher") or default_watcher(connection.get("location"))
    if watcher is None:
        raise AzureSdkError("the connection's location %r gives no Network Watcher name: set troubleshoot.network_watcher; "
                            "the troubleshoot was not started" % connection.get("location"))
    try:
        check_network_name("the Network Watcher name", watcher, "network watcher")
    except InvalidName as exc:
        raise AzureSdkError("%s; the troubleshoot was not started" % exc)
    return target, options["network_watcher_resource_group"], watcher


def run_troubleshoot(reader, connection, options):
    """Run the troubleshoot and wait for it; the result as the REST JSON (a dict) and where it ran.
    Raises AzureSdkError."""
    from azure.mgmt.network import models  # the SDK takes seconds to import: only when it is used

    target, group, watcher = troubleshoot_target(connection, options)
    parameters = models.TroubleshootingParameters(target_resource_id=target, storage_id=options["storage_id"],
                                                  storage_path=options["storage_path"])
    what = "the VPN troubleshoot of %s by Network Watcher %r in resource group %s" % (
        reader.describe(target), watcher, group)
    operations = reader.client().network_watchers

    def run():
        # cls: the final response's JSON as it is (the reader takes REST names; no model round trip)
        poller = operations.begin_get_troubleshooting(
            group, watcher, parameters,
            cls=lambda pipeline_response, _deserialized, _headers: final_body(pipeline_response.http_response))
        poller.wait(timeout=TROUBLESHOOT_TIMEOUT)
        if not poller.done():
            raise AzureSdkError("%s did not finish within %d s" % (what, TROUBLESHOOT_TIMEOUT), code="Timeout")
        return poller.result()

    result = reader.call(what, run, verb="running")
    if isinstance(result, (str, bytes)):
        try:
            result = json.loads(result)
        except ValueError:
            result = None
    if not isinstance(result, dict):
        raise AzureSdkError("%s returned no troubleshooting result" % what, code="NoResult")
    return {"result": result, "target": target, "network_watcher": watcher, "network_watcher_resource_group": group}


def troubleshoot_evidence(run):
    """What the module returns of a run: the reader's parse of the result as parse_troubleshoot returns it (so
    that it can be correlated again as it is), each result with Azure's reasonType and recommended actions
    added, and where it ran; the observations; the text for the correlation."""
    result = run["result"]
    text = json.dumps(result, sort_keys=True)
    parsed = parse_troubleshoot(text)
    by_id = dict((str(item.get("id")), item) for item in result.get("results") or [] if isinstance(item, dict))
    for entry in parsed["results"]:
        item = by_id.get(entry["id"]) or {}
        entry["reason_type"] = item.get("reasonType")
        entry["recommended_actions"] = [a.get("actionText") for a in item.get("recommendedActions") or []
                                        if isinstance(a, dict) and a.get("actionText")]
    observations = [dict((k, v) for k, v in signal.items() if k in SIGNAL_KEYS)
                    for signal in troubleshoot_signals(parsed)]
    evidence = dict(parsed, target=run["target"], network_watcher=run["network_watcher"],
                    network_watcher_resource_group=run["network_watcher_resource_group"], end_time=result.get("endTime"))
    return redact_all(evidence), redact_all(observations), text
