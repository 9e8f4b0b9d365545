#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: azure_vpn_evidence
short_description: Read live evidence of a failing tunnel from Azure - the connection's IKE SAs
version_added: "0.2.0"
description:
  - Reads one site-to-site connection's IKE security associations from Azure (the C(getikesas) long-running
    operation of azure-mgmt-network, C(virtual_network_gateway_connections.begin_get_ike_sas)) and reads them with
    the evidence reader of M(vpnalign.s2s.vpn_evidence) - each main mode SA with its suite, age and quick mode SAs
    and their packet counters, and what they show (no IKE SA at all, a quick mode SA with traffic one way, an SA past
    its lifetime).
  - With O(report) (a check report) the IKE SAs are tied to that report's findings for the tunnel as
    M(vpnalign.s2s.vpn_evidence) does (confirmed, contradicted, not covered).
  - Authentication works like M(vpnalign.s2s.azure_vpn_facts) (azure.azcollection's option names and environment).
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - vpnalign.s2s.azure_auth
  - ansible.builtin.action_common_attributes
requirements:
  - azure-identity and azure-mgmt-network on the host the module runs on.
attributes:
  check_mode:
    support: full
    details: It only reads (C(getikesas) is a POST that changes nothing), in check mode too.
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
    description: A check report (report.json of C(playbooks/check.yml)) whose findings the evidence is tied to.
    type: path
  tunnel:
    description: The report's tunnel to tie the evidence to; by default the only one, or the one the evidence names.
    type: str
notes:
  - Not read here - the gateway's diagnostic logs (IKEDiagnosticLog, TunnelDiagnosticLog, RouteDiagnosticLog) live in
    Log Analytics and need another SDK (azure-monitor-query) and workspace permissions; export them and give them to
    M(vpnalign.s2s.vpn_evidence). Nor the Network Watcher VPN troubleshoot, which writes its logs to a storage
    account the caller must name and can read; run it from the portal or C(az network watcher troubleshooting
    start) and give its output to M(vpnalign.s2s.vpn_evidence).
  - Azure can take a minute to answer C(getikesas); the module waits up to 300 s.
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
"""

RETURN = r"""
connection:
  description: The connection read - C(name), C(id) and C(connection_status).
  returned: always
  type: dict
  sample: {"name": "UKSouth-HQ-S2S", "connection_status": "Connected"}
evidence:
  description: C(ike_sas) - what the reader made of the IKE SAs (C(ike_sas) with C(local), C(remote), C(encryption),
    C(integrity), C(dh_group), C(lifetime), C(elapsed), C(initiator), C(children); C(notes)); C(observations) - what
    they show (C(kind), C(says), C(codes), C(abnormal)).
  returned: always
  type: dict
correlation:
  description: With O(report) - each finding confirmed, contradicted or not covered, unexplained evidence and notes,
    as M(vpnalign.s2s.vpn_evidence) returns them.
  returned: when O(report) is given
  type: dict
azure:
  description: Where the credentials came from and how many operations and requests were sent.
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import (
    AUTH_ARGUMENT_SPEC,
    AUTH_OPTIONS,
    AuthError,
    redact,
    resolve_auth,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.ike_sas import connection_ike_sas
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_options, check_settings
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_check_report

NAME = "azure_vpn_evidence"


def main():
    argument_spec = dict(
        resource_group=dict(type="str", required=True),
        connection=dict(type="str", required=True),
        report=dict(type="path"),
        tunnel=dict(type="str"),
    )
    argument_spec.update(AUTH_ARGUMENT_SPEC)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    try:
        # each becomes part of a request URL: checked before anything is sent
        check_options(params, names={"connection": "connection"}, groups=("resource_group",),
                      subscriptions=("subscription_id",), tenants=("tenant",))
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
    if params["retries"] < 0:
        module.fail_json(msg="%s: retries must be 0 or more, got %d" % (NAME, params["retries"]))
    secrets = [s for s in [params["secret"]] if s]
    try:
        settings = resolve_auth(dict((k, params[k]) for k in AUTH_OPTIONS), az_account=az_account_show)
        check_settings(settings)
    except (AuthError, InvalidName) as exc:
        module.fail_json(msg="%s: %s" % (NAME, redact(str(exc), secrets)))
    for value in settings.secrets():
        module.no_log_values.add(value)
    reader = None
    try:
        reader = AzureNetworkReader(settings, retries=params["retries"], extra_secrets=secrets)
        read = connection_ike_sas(reader, params["resource_group"], params["connection"])
    except AzureSdkError as exc:
        known = secrets + (reader.secrets if reader is not None else [])
        module.fail_json(msg="%s: %s" % (NAME, redact(str(exc), known)), error_code=exc.code, status=exc.status)
    except Exception as exc:  # pylint: disable=broad-except
        # never a traceback: it could quote a secret held in a local variable or a request
        known = secrets + (reader.secrets if reader is not None else [])
        module.fail_json(msg="%s: unexpected %s reading Azure: %s" % (NAME, type(exc).__name__, redact(str(exc), known)))
    finally:
        if reader is not None:
            reader.close()
    summary = settings.describe()
    summary["operations"], summary["requests"] = reader.operations, reader.requests
    result = dict(changed=False, azure=summary,
                  connection={"name": read["connection"], "id": read["id"], "connection_status": read["connection_status"]},
                  evidence={"ike_sas": read["ike_sas"], "observations": read["observations"]})
    if report is not None:
        result["correlation"] = explain(report, tunnel=params["tunnel"], azure_ike_sas_text=read["_sas"])
    module.exit_json(**result)


if __name__ == "__main__":
    main()
