# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A VPN gateway's diagnostic logs read from its Log Analytics workspace (issue 14), through azure-core.

The Logs query API ("Azure Monitor Log Analytics API request format",
https://learn.microsoft.com/azure/azure-monitor/logs/api/request-format): ``POST {endpoint}/v1/workspaces/
{workspaceId}/query`` with the JSON body ``{"query": KQL, "timespan": "start/end"}``, a token for the
endpoint's audience; the answer (".../logs/api/response-format") is ``{"tables": [{"name", "columns":
[{"name", "type"}], "rows": [[...]]}]}``, with an ``error`` of code PartialError beside the tables when
the query finished only in part; a failure is ``{"error": {"code", "message", "innererror"}}`` (".../logs/
api/errors"). No new package: the request goes through azure-core's pipeline (which azure-mgmt-network
already brings) with the credential of sdk.AzureNetworkReader, its retry bound and its request counter -
azure-monitor-query's LogsQueryClient does the same over the same API. The ARM route of the query
(.../Microsoft.OperationalInsights/workspaces/{name}/api/query) was retired on 31 March 2026 (see
evidence_options.LOGS_ENDPOINTS). No Ansible import.
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError, first_line, tls_hint
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_options import build_kql, iso_timespan
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.retry import BoundedRetryPolicy
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_logs import (
    bgp_over_tunnel_state,
    diagnostic_signals,
    parse_diagnostic_logs,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import redact_all

try:
    from azure.core import PipelineClient
    from azure.core.exceptions import AzureError, ClientAuthenticationError, ServiceRequestError, ServiceResponseError
    from azure.core.pipeline.policies import (
        BearerTokenCredentialPolicy,
        CustomHookPolicy,
        HeadersPolicy,
        UserAgentPolicy,
    )
    from azure.core.pipeline.transport import RequestsTransport
    from azure.core.rest import HttpRequest
except ImportError:  # the module checks sdk.HAS_AZURE first
    PipelineClient = None

QUERY_TIMEOUT = 180  # seconds the query may run: the service's own limit is 10 minutes (service-limits)
CONNECTION_TIMEOUT = 30
SIGNAL_KEYS = ("source", "kind", "says", "codes", "contradicts", "abnormal", "time", "message_id")


class LogQueryClient:
    """The Logs query API at ``endpoint`` with ``reader``'s credential, retries and request counter."""

    def __init__(self, reader, endpoint):
        self.reader = reader
        self.endpoint = endpoint.rstrip("/")
        settings = reader.settings
        policies = [
            HeadersPolicy({"Prefer": "wait=%d" % QUERY_TIMEOUT}),
            UserAgentPolicy(sdk_moniker="vpnalign-s2s"),
            BoundedRetryPolicy(retry_total=reader.retries, retry_status=reader.retries,
                               retry_connect=min(reader.retries, 3), retry_read=min(reader.retries, 3),
                               retry_backoff_factor=0.8, retry_backoff_max=60),
            BearerTokenCredentialPolicy(reader.credential, self.endpoint + "/.default"),
            CustomHookPolicy(raw_request_hook=reader._count),  # pylint: disable=protected-access
        ]
        transport = RequestsTransport(connection_verify=settings.connection_verify,
                                      connection_timeout=CONNECTION_TIMEOUT, read_timeout=QUERY_TIMEOUT + 30)
        self.client = PipelineClient(base_url=self.endpoint, policies=policies, transport=transport)

    def close(self):
        try:
            self.client.close()
        except Exception:  # pylint: disable=broad-except
            pass

    def query(self, workspace_id, kql, timespan):
        """The answer's JSON (a dict). Raises AzureSdkError naming the workspace and the service's code."""
        what = "the diagnostic logs in Log Analytics workspace %s" % workspace_id
        url = "%s/v1/workspaces/%s/query" % (self.endpoint, workspace_id)
        request = HttpRequest("POST", url, json={"query": kql, "timespan": timespan})
        self.reader.operations += 1
        try:
            response = self.client.send_request(request)
        except ClientAuthenticationError as exc:
            raise self.reader.auth_error(exc)
        except (ServiceRequestError, ServiceResponseError) as exc:
            detail = first_line(self.reader.redact(str(exc)))
            raise AzureSdkError("cannot reach the Log Analytics query API at %s reading %s: %s%s"
                                % (self.endpoint, what, detail, tls_hint(detail)), code=type(exc).__name__)
        except AzureError as exc:
            raise AzureSdkError("Azure SDK error reading %s: %s" % (what, first_line(self.reader.redact(str(exc)))),
                                code=type(exc).__name__)
        body = _json(response)
        if response.status_code != 200:
            raise self.http_error(what, response.status_code, body)
        if not isinstance(body, dict):
            raise AzureSdkError("the Log Analytics query API answered %s with no JSON object" % what, code="NoResult",
                                status=200)
        return body

    def http_error(self, what, status, body):
        error = body.get("error") if isinstance(body, dict) and isinstance(body.get("error"), dict) else {}
        code = str(error.get("code") or "HTTP%s" % status)
        inner = error.get("innererror") if isinstance(error.get("innererror"), dict) else {}
        if inner.get("code"):
            code_text = "%s/%s" % (code, inner["code"])
        else:
            code_text = code
        message = first_line(self.reader.redact(str(inner.get("message") or error.get("message") or "no message")))
        if status == 404:
            lead = "%s not found (is the workspace id the workspace's GUID?)" % what
        elif status in (401, 403):
            lead = "permission denied reading %s (the identity needs Log Analytics Reader on the workspace)" % what
        elif status == 429:
            lead = "the Log Analytics query API is still throttling after %d retries reading %s" % (self.reader.retries, what)
        elif status >= 500:
            lead = "the Log Analytics query API failed after %d retries reading %s" % (self.reader.retries, what)
        else:
            lead = "the Log Analytics query API refused the query of %s" % what
        return AzureSdkError("%s: %s (HTTP %s): %s" % (lead, code_text, status, message), code=code, status=status)


def _json(response):
    try:
        return json.loads(response.text())
    except Exception:  # pylint: disable=broad-except
        return None


def result_table(body, workspace_id):
    """The query's first table, as the API documents it (``{"tables": [{"name", "columns", "rows": [...]}]}``,
    https://learn.microsoft.com/rest/api/loganalytics/query/execute). Any other shape is an error, not zero rows:
    zero rows reads as "the gateway logged nothing", which would hide the rows a proxy or an API change moved."""
    tables = body.get("tables")
    table = tables[0] if isinstance(tables, list) and tables else None
    if not isinstance(table, dict) or not isinstance(table.get("rows"), list):
        raise AzureSdkError("the Log Analytics query API answered workspace %s with no tables[0].rows list (keys: %s): "
                            "nothing could be read" % (workspace_id, ", ".join(sorted(map(str, body))) or "none"),
                            code="NoResult", status=200)
    return table


def read_gateway_logs(reader, endpoint, gateway_id, checked):
    """Query the gateway's rows and read them; what the module returns and the text for the correlation."""
    kql = build_kql(gateway_id, checked)
    client = LogQueryClient(reader, endpoint)
    try:
        body = client.query(checked["workspace_id"], kql, iso_timespan(checked["start"], checked["end"]))
    finally:
        client.close()
    table = result_table(body, checked["workspace_id"])
    rows = table["rows"]
    notes = []
    error = body.get("error")
    if isinstance(error, dict):  # PartialError: the tables hold what the query got to
        notes.append("the query finished only in part (%s: %s): the rows read may be incomplete"
                     % (error.get("code"), first_line(reader.redact(str(error.get("message") or "")))))
    if len(rows) >= checked["max_rows"]:
        notes.append("%d rows, the cap (diagnostic_logs.max_rows): older rows of the window were left out"
                     % checked["max_rows"])
    text = json.dumps({"tables": [{"name": table.get("name"), "columns": table.get("columns") or [], "rows": rows}]})
    parsed = parse_diagnostic_logs(text) if rows else {"records": [], "notes": []}
    observations = [dict((k, v) for k, v in signal.items() if k in SIGNAL_KEYS)
                    for signal in bgp_over_tunnel_state(diagnostic_signals(parsed))]
    # parse_diagnostic_logs' result as it is (records, notes: it can be correlated again as it is), and the query
    evidence = dict(parsed, workspace_id=checked["workspace_id"], gateway=gateway_id,
                    window={"start": checked["start"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "end": checked["end"].strftime("%Y-%m-%dT%H:%M:%SZ"), "hours": checked["hours"]},
                    categories=checked["categories"], rows=len(rows), truncated=len(rows) >= checked["max_rows"],
                    notes=notes + parsed["notes"], query=kql)
    return redact_all(evidence), redact_all(observations), (text if rows else None)
