#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: azure_vpn_evidence
short_description: Read live evidence of a failing tunnel from Azure - IKE SAs, VPN troubleshoot, diagnostic logs
version_added: "0.1.0"
description:
  - Reads one site-to-site connection's IKE security associations from Azure (the C(getikesas) long-running
    operation of azure-mgmt-network, C(virtual_network_gateway_connections.begin_get_ike_sas)) and reads them with
    the evidence reader of M(vpnalign.s2s.vpn_evidence) - each main mode SA with its suite, age and quick mode SAs
    and their packet counters, and what they show (no IKE SA at all, a quick mode SA with traffic one way, an SA past
    its lifetime).
  - With O(troubleshoot), also runs Network Watcher's VPN troubleshoot of the connection or its gateway
    (C(network_watchers.begin_get_troubleshooting), a long-running operation that takes minutes) and reads its result
    (fault types such as C(Authentication) - a pre-shared key mismatch - or C(IkePolicyMismatch)).
  - With O(diagnostic_logs), also reads the gateway's diagnostic logs (IKEDiagnosticLog, TunnelDiagnosticLog,
    RouteDiagnosticLog in the C(AzureDiagnostics) table) of a bounded time window from its Log Analytics workspace,
    through the Log Analytics query API (azure-core, no other package), and reads them as exported logs are read.
  - With O(report) (a check report) all of it is tied to that report's findings for the tunnel as
    M(vpnalign.s2s.vpn_evidence) does (confirmed, contradicted, not covered).
  - Every option that becomes part of a request (names, ids, URLs) is checked before anything is sent.
  - Authentication works like M(vpnalign.s2s.azure_vpn_facts) (azure.azcollection's option names and environment).
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - vpnalign.s2s.azure_auth
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
requirements:
  - azure-identity and azure-mgmt-network (which brings azure-core) on the host the module runs on.
attributes:
  action:
    support: full
    details:
      - On a local connection whose C(ansible_python_interpreter) is the controller's own Python (as the implicit
        localhost's is), with no C(become) and no C(environment), the action plugin runs the module's code in Ansible's
        worker process (same options, checks, results and masking; no module payload is built and no Python started);
        otherwise, and with C(async) or a task C(timeout), the module runs as usual. It refuses
        an option given as a list (or a mapping) where a name or a path is expected, naming the option, before anything
        runs.
  async:
    support: full
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details: C(getikesas) and the log query only read, in check mode too. The VPN troubleshoot changes no resource but
      writes its log files to the storage account named in O(troubleshoot.storage_path) - in check mode it is not
      started (said in RV(notes)).
  diff_mode:
    support: none
  platform:
    platforms: posix
    details: Runs where the Azure SDK is installed (normally the controller).
options:
  resource_group:
    description: The connection's resource group.
    type: str
    required: true
  connection:
    description: The connection's name. Both names are checked against Azure's naming rules before anything is sent.
    type: str
    required: true
  report:
    description:
      - A check report (report.json of C(playbooks/check.yml)) whose findings the evidence is tied to.
      - Relative, on the controller (the local connection), it is found as the C(src) of M(ansible.builtin.copy)
        is - in the role's C(files/) directory and the role's own, then in the playbook's directory and its
        C(files/) - and, not found there, in the directory C(ansible-playbook) runs in. On another host it names a
        file there, as given.
    type: path
  tunnel:
    description: The report's tunnel to tie the evidence to; by default the only one, or the one the evidence names.
    type: str
  troubleshoot:
    description:
      - Run Network Watcher's VPN troubleshoot and read its result. Needs the Network Watcher Contributor role (or
        C(Microsoft.Network/networkWatchers/troubleshoot/action)) and a storage account Network Watcher can write to.
    type: dict
    suboptions:
      storage_id:
        description: The resource id of the storage account the troubleshoot writes its log files to
          (C(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>)).
        type: str
        required: true
      storage_path:
        description:
          - The https URL of the blob container (and optional folder) for the log files, such as
            C(https://<account>.blob.core.windows.net/vpntroubleshoot).
          - Refused with credentials in it (C(user:password@)) or a query string (a SAS token); the module does not read
            the files.
        type: str
        required: true
      target:
        description: What to troubleshoot - the connection or its virtual network gateway.
        type: str
        choices: [connection, gateway]
        default: connection
      network_watcher:
        description: The Network Watcher's name; by default C(NetworkWatcher_<region>) of the connection's region, the
          name Azure gives the watcher it enables.
        type: str
      network_watcher_resource_group:
        description: The Network Watcher's resource group.
        type: str
        default: NetworkWatcherRG
  diagnostic_logs:
    description:
      - Read the gateway's diagnostic logs from the Log Analytics workspace its diagnostic setting sends them to.
        Needs the Log Analytics Reader role on the workspace.
      - The query is built by the module from the checked values below (no option text is put into it as given),
        limited to the gateway, the categories and the window, and to the newest O(diagnostic_logs.max_rows) rows.
    type: dict
    suboptions:
      workspace_id:
        description: The workspace's id, a GUID (Workspace ID on the workspace's overview page; not its name).
        type: str
        required: true
      hours:
        description: Length of the time window in hours, 1 to 168 (7 days).
        type: int
        default: 24
      end_time:
        description: End of the window, a UTC time such as C(2026-11-30T05:30:00Z); by default now.
        type: str
      max_rows:
        description: At most this many rows (the newest of the window), 1 to 10000.
        type: int
        default: 1000
      categories:
        description: The log categories to read; by default all three.
        type: list
        elements: str
        choices: [IKEDiagnosticLog, TunnelDiagnosticLog, RouteDiagnosticLog]
      endpoint:
        description:
          - The Log Analytics query API's https endpoint; by default the cloud's (C(https://api.loganalytics.io),
            C(https://api.loganalytics.azure.cn), C(https://api.loganalytics.us)). Required with a custom
            O(cloud_environment) URL. The token is requested for this endpoint's audience.
        type: str
notes:
  - Azure can take a minute to answer C(getikesas); the module waits up to 300 s. The VPN troubleshoot can take
    several minutes; the module waits up to 600 s.
  - The log files the troubleshoot writes to the storage account (ConnectionStats.txt, IKEErrors.txt, IKElogs.txt) are
    not read here; download them and give them to M(vpnalign.s2s.vpn_evidence) for more detail.
  - The Log Analytics query API is the public one (C(/v1/workspaces/<id>/query)); its route through Azure Resource
    Manager was retired in March 2026.
seealso:
  - module: vpnalign.s2s.vpn_evidence
  - module: vpnalign.s2s.asa_vpn_evidence
  - module: vpnalign.s2s.azure_vpn_facts
"""

EXAMPLES = r"""
- name: The connection's IKE SAs, tied to the check's findings
  vpnalign.s2s.azure_vpn_evidence:
    resource_group: RG
    connection: UKSouth-HQ-S2S
    report: out/report.json
  register: azure_evidence

- name: IKE SAs, the VPN troubleshoot and the last 6 hours of the gateway's diagnostic logs
  vpnalign.s2s.azure_vpn_evidence:
    resource_group: RG
    connection: UKSouth-HQ-S2S
    report: out/report.json
    troubleshoot:
      storage_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/vpndiag
      storage_path: https://vpndiag.blob.core.windows.net/vpntroubleshoot
    diagnostic_logs:
      workspace_id: 5b02755b-5bf4-430c-9487-45502a2a7e62
      hours: 6
  register: azure_evidence

- name: The diagnostic logs around a known outage
  vpnalign.s2s.azure_vpn_evidence:
    resource_group: RG
    connection: UKSouth-HQ-S2S
    diagnostic_logs:
      workspace_id: 5b02755b-5bf4-430c-9487-45502a2a7e62
      end_time: "2026-11-30T05:30:00Z"
      hours: 2
      categories: [IKEDiagnosticLog, TunnelDiagnosticLog]
"""

RETURN = r"""
connection:
  description: The connection read - C(name), C(id) and C(connection_status).
  returned: always
  type: dict
  sample: {"name": "UKSouth-HQ-S2S", "connection_status": "Connected"}
evidence:
  description:
    - C(ike_sas) - what the reader made of the IKE SAs (C(ike_sas) with C(local), C(remote), C(encryption),
      C(integrity), C(dh_group), C(lifetime), C(elapsed), C(initiator), C(children); C(notes)); None when they could
      not be read (see RV(notes)).
    - C(troubleshoot) (with O(troubleshoot)) - the result as the evidence reader of M(vpnalign.s2s.vpn_evidence)
      parses it (C(code) C(Healthy)/C(UnHealthy), C(start_time), C(results) with C(id) the fault type, C(summary),
      C(detail), C(time), and here also C(reason_type) and C(recommended_actions); C(notes)), and C(target),
      C(network_watcher), C(network_watcher_resource_group), C(end_time).
    - C(diagnostic_logs) (with O(diagnostic_logs)) - the rows as the evidence reader parses them (C(records) with
      C(time), C(category), C(operation), C(message), C(instance), ...; C(notes)), and C(workspace_id), C(gateway),
      C(window) (C(start), C(end), C(hours)), C(categories), C(rows), C(truncated) (the row cap was reached),
      C(query) (the KQL sent).
    - C(observations) - what all of it shows (C(source), C(kind), C(says), C(codes), C(abnormal), C(time)).
  returned: always
  type: dict
  sample: {"troubleshoot": {"code": "UnHealthy", "results": [{"id": "Authentication", "summary": "..."}]},
           "diagnostic_logs": {"rows": 6, "truncated": false}}
notes:
  description: A line per kind of evidence asked for that could not be read (Azure's error code and message); the
    kinds that were read are returned all the same. The module fails only when the connection cannot be read or no
    kind asked for could be read.
  returned: always
  type: list
  elements: str
errors:
  description: Per kind not read (C(ike_sas), C(troubleshoot), C(diagnostic_logs)) its C(code) and HTTP C(status).
  returned: always
  type: dict
correlation:
  description: With O(report) - each finding confirmed, contradicted or not covered, unexplained evidence and notes,
    as M(vpnalign.s2s.vpn_evidence) returns them.
  returned: when O(report) is given
  type: dict
azure:
  description: Where the credentials came from, the subscription read and how many operations and requests were sent.
  returned: always, once the options are valid
  type: dict
  contains:
    credential:
      description: The kind of credential used (C(client_secret), C(msi), C(cli), C(msi_or_cli)).
      type: str
    credentials_from:
      description: Where the credentials came from (module options, environment variables, a profile...).
      type: str
    cloud_environment:
      description: The cloud (C(custom) for an ARM endpoint URL).
      type: str
    base_url:
      description: The Azure Resource Manager endpoint.
      type: str
    authority:
      description: The authority tokens came from.
      type: str
    subscription_id:
      description: The subscription read (null when none could be chosen).
      type: str
    subscription_from:
      description:
        - How the subscription was chosen - C(the subscription_id option), C(AZURE_SUBSCRIPTION_ID), the credentials
          profile, C(az account show), or for a managed identity without one C(the only usable subscription listed)
          or C(first of N usable subscriptions listed) (with a warning naming the others; usable - C(Enabled),
          C(Warned) or C(PastDue), in which Azure allows every operation).
        - With O(troubleshoot) outside check mode (it starts an operation on the connection), a managed identity that
          sees several usable subscriptions is refused (error code C(SubscriptionNotChosen)) before it is started;
          set O(subscription_id).
      type: str
    operations:
      description: SDK calls made (token, gets, IKE SA and troubleshoot operations, log queries).
      type: int
      returned: on success
    requests:
      description: HTTP requests sent, retries and long-running-operation polls included.
      type: int
      returned: on success
    logs_endpoint:
      description: The Log Analytics query endpoint read.
      type: str
      returned: with O(diagnostic_logs), when the logs were read
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import (
    AUTH_ARGUMENT_SPEC,
    RETRIES_MAX,
    module_settings,
    number_error,
    redact,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_options import (
    DEFAULT_ROWS,
    DEFAULT_WATCHER_GROUP,
    DEFAULT_WINDOW_HOURS,
    LOG_CATEGORIES,
    check_logs,
    check_troubleshoot,
    logs_endpoint,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_read import read_connection_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_options
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_check_report

NAME = "azure_vpn_evidence"

TROUBLESHOOT_SPEC = dict(
    storage_id=dict(type="str", required=True),
    storage_path=dict(type="str", required=True),
    target=dict(type="str", choices=["connection", "gateway"], default="connection"),
    network_watcher=dict(type="str"),
    network_watcher_resource_group=dict(type="str", default=DEFAULT_WATCHER_GROUP),
)
LOGS_SPEC = dict(
    workspace_id=dict(type="str", required=True),
    hours=dict(type="int", default=DEFAULT_WINDOW_HOURS),
    end_time=dict(type="str"),
    max_rows=dict(type="int", default=DEFAULT_ROWS),
    categories=dict(type="list", elements="str", choices=list(LOG_CATEGORIES)),
    endpoint=dict(type="str"),
)


ARGUMENT_SPEC = dict(
    resource_group=dict(type="str", required=True),
    connection=dict(type="str", required=True),
    report=dict(type="path"),
    tunnel=dict(type="str"),
    troubleshoot=dict(type="dict", options=TROUBLESHOOT_SPEC),
    diagnostic_logs=dict(type="dict", options=LOGS_SPEC),
)
ARGUMENT_SPEC.update(AUTH_ARGUMENT_SPEC)
RULES = {}  # AnsibleModule's arguments besides the spec: the action plugin validates the same way when it runs run()


def main():
    run(AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True, **RULES))


def run(module):
    """The module on an AnsibleModule, or on what the action plugin gives in its place (plugin_utils/module_side.py)."""
    params = module.params
    try:
        # each becomes part of a request URL or body: checked before anything is sent
        check_options(params, names={"connection": "connection"}, groups=("resource_group",),
                      subscriptions=("subscription_id",), tenants=("tenant",))
        troubleshoot = check_troubleshoot(params["troubleshoot"])
        logs = check_logs(params["diagnostic_logs"])
    except InvalidName as exc:
        module.fail_json(msg="%s: %s; nothing was sent" % (NAME, exc))
    report = read_check_report(module, NAME, params["report"]) if params["report"] else None
    # Imported here: the Azure SDK takes seconds to import.
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import (
        AZURE_IMPORT_ERROR,
        HAS_AZURE,
        AzureNetworkReader,
        AzureSdkError,
        az_account_show,
    )
    if not HAS_AZURE:
        module.fail_json(msg=missing_required_lib("azure-identity and azure-mgmt-network"), exception=AZURE_IMPORT_ERROR)
    error = number_error("retries", params["retries"], 0, RETRIES_MAX)
    if error:
        module.fail_json(msg="%s: %s" % (NAME, error))
    secrets = [s for s in [params["secret"]] if s]
    settings = module_settings(module, NAME, secrets, az_account_show)
    endpoint = logs_endpoint(settings.cloud, logs.get("endpoint")) if logs is not None else None
    if logs is not None and endpoint is None:
        module.fail_json(msg="%s: diagnostic_logs.endpoint is needed with the custom cloud_environment %s (the Log "
                             "Analytics query API's URL there); nothing was sent" % (NAME, settings.base_url))
    reader = None
    try:
        # a troubleshoot started (not in check mode) is an operation on the connection: it is not run on a managed
        # identity's guess among several usable subscriptions; reads choose as azure_vpn_facts does
        starts = troubleshoot is not None and not module.check_mode
        reader = AzureNetworkReader(settings, retries=params["retries"], extra_secrets=secrets,
                                    changes="%s starts a VPN troubleshoot of the connection" % NAME if starts else None)
        reader.authenticate()
        read = read_connection_evidence(reader, params["resource_group"], params["connection"], troubleshoot, logs, endpoint,
                                        check_mode=module.check_mode)
        known = secrets + reader.secrets
    except (AzureSdkError, InvalidName) as exc:
        known = secrets + (reader.secrets if reader is not None else [])
        module.fail_json(msg="%s: %s" % (NAME, redact(str(exc), known)), error_code=getattr(exc, "code", None) or type(exc).__name__,
                         status=getattr(exc, "status", None), azure=settings.describe())
    except Exception as exc:  # pylint: disable=broad-except
        # never a traceback: it could quote a secret held in a local variable or a request
        known = secrets + (reader.secrets if reader is not None else [])
        module.fail_json(msg="%s: unexpected %s reading Azure: %s" % (NAME, type(exc).__name__, redact(str(exc), known)),
                         azure=settings.describe())
    finally:
        if reader is not None:
            reader.close()
    for warning in reader.warnings:
        module.warn(redact(warning, known))
    summary = settings.describe()
    summary["operations"], summary["requests"] = reader.operations, reader.requests
    evidence = {"ike_sas": read.get("ike_sas"), "observations": [dict(o, source="azure_ike_sas") for o in read["observations"]]}
    texts = {}
    for key, argument in (("troubleshoot", "azure_troubleshoot_texts"), ("diagnostic_logs", "azure_log_texts")):
        if key in read:
            evidence[key], observations, text = read[key]
            evidence["observations"].extend(observations)
            if text is not None:
                texts[argument] = [text]
    if logs is not None and "diagnostic_logs" in evidence:
        summary["logs_endpoint"] = endpoint
    result = dict(changed=False, azure=summary,
                  connection={"name": read["connection"], "id": read["id"], "connection_status": read["connection_status"]},
                  evidence=evidence, notes=[redact(note, known) for note in read["notes"]], errors=read["errors"])
    if "_sas" in read:
        texts["azure_ike_sas_text"] = read["_sas"]
    if report is not None:
        result["correlation"] = explain(report, tunnel=params["tunnel"], **texts)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
