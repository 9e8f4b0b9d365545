# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network Watcher VPN troubleshoot and the Log Analytics query API, as the lab serves them.

* ``POST .../resourceGroups/{rg}/providers/Microsoft.Network/networkWatchers/{name}/troubleshoot``
  ("Network Watchers - Get Troubleshooting"): body ``{"targetResourceId", "properties": {"storageId",
  "storagePath"}}``; 202 with ``Azure-AsyncOperation`` and ``Location``; the operation's result is a
  TroubleshootingResult (``startTime``, ``endTime``, ``code`` Healthy/UnHealthy, ``results[]`` of ``id``,
  ``reasonType``, ``summary``, ``detail``, ``recommendedActions[]`` of ``actionText``, ``actionUri``,
  ``actionUriText``). A watcher exists as Azure enables it: ``NetworkWatcher_<region>`` in the resource
  group ``NetworkWatcherRG`` for every region the subscription's resources are in. The fault type is the
  one set for the target through the control channel, else NoFault for a Connected connection (or a
  gateway), else PeerReachability. Fault types and their meaning: "VPN troubleshoot overview"
  (learn.microsoft.com/azure/network-watcher/vpn-troubleshoot-overview); the words are the lab's.
* ``POST /v1/workspaces/{workspaceId}/query`` (the Logs query API, "request format" / "response format" /
  "errors" under learn.microsoft.com/azure/azure-monitor/logs/api/): body ``{"query", "timespan"}``; answer
  ``{"tables": [{"name": "PrimaryResult", "columns": [{"name", "type"}], "rows": [[...]]}]}``. The rows are the
  ``AzureDiagnostics`` rows loaded for the workspace through the control channel. The lab runs a small subset
  of KQL - the table name, then ``where TimeGenerated between (datetime(..) .. datetime(..))``, ``where
  Category in ("..", ..)``, ``where ResourceId =~ ".."``, ``top N by TimeGenerated desc|asc``, ``sort by
  TimeGenerated asc|desc``, ``take N`` - and answers anything else with 400 BadArgumentError/SyntaxError,
  as the service answers a query it cannot parse.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import time

from .common import Response, arm_error, iso

WATCHER_GROUP = "networkwatcherrg"
TROUBLESHOOT_DOC = "https://learn.microsoft.com/azure/network-watcher/vpn-troubleshoot-overview"
# fault type -> (reasonType, summary, detail, recommended action)
FAULTS = {
    "NoFault": ("NoFault", "This connection is healthy.", "The gateway reports no fault for the connection.",
                "No action is needed."),
    "Authentication": ("Authentication", "The pre-shared keys do not match.",
                       "IKE authentication with the on-premises device failed: the two ends were set with different "
                       "pre-shared keys.", "Set the same pre-shared key on the connection and on the on-premises device."),
    "IkePolicyMismatch": ("IkePolicyMismatch", "The IKE policies do not match.",
                          "The on-premises device offered no proposal the gateway accepts.",
                          "Align the IKE and IPsec parameters of both ends."),
    "PeerReachability": ("PeerReachability", "The peer gateway is not reachable.",
                         "The gateway sent IKE requests to the on-premises device and got no answer.",
                         "Check that UDP 500 and 4500 reach the on-premises device and that it is up."),
    "ConnectionIsMarkedDisconnected": ("ConnectionIsMarkedDisconnected", "The connection is marked disconnected.",
                                       "The connection is marked as disconnected.", "Reset the connection."),
}
ROW_DEFAULTS = {"Type": "AzureDiagnostics", "SourceSystem": "Azure", "ResourceProvider": "MICROSOFT.NETWORK",
                "ResourceType": "VIRTUALNETWORKGATEWAYS"}
_KQL_STAGES = (
    ("between", re.compile(r"^where\s+TimeGenerated\s+between\s*\(\s*datetime\(([^)]+)\)\s*\.\.\s*datetime\(([^)]+)\)\s*\)$")),
    ("category", re.compile(r'^where\s+Category\s+in\s*\(((?:\s*"[A-Za-z]+"\s*,?)+)\)$')),
    ("resource", re.compile(r'^where\s+ResourceId\s+=~\s+"((?:[^"\\]|\\.)*)"$')),
    ("top", re.compile(r"^top\s+(\d+)\s+by\s+TimeGenerated(?:\s+(desc|asc))?$")),
    ("sort", re.compile(r"^(?:sort|order)\s+by\s+TimeGenerated(?:\s+(desc|asc))?$")),
    ("take", re.compile(r"^(?:take|limit)\s+(\d+)$")),
)


def _time(text):
    text = str(text).strip().replace(" ", "T")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if "." in text:  # Python before 3.11 takes 3 or 6 digits only
        head, tail = text.split(".", 1)
        digits = re.match(r"\d*", tail).group(0)
        text = head + "." + (digits + "000000")[:6] + tail[len(digits):]
    value = datetime.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)


def _pipes(query):
    """The query's stages, split on '|' outside string literals."""
    stages, current, quoted, escaped = [], [], False, False
    for char in query:
        if quoted:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
            current.append(char)
        elif char == "|":
            stages.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if quoted:
        raise ValueError("unterminated string literal")
    stages.append("".join(current).strip())
    return stages


class DiagnosticsMixin:
    # ---- control channel
    def set_diagnostics(self, spec):
        """``{"troubleshoot": {target id: fault type}, "workspaces": {workspace id: [rows]}}``."""
        if not isinstance(spec, dict):
            raise ValueError("diagnostics must be a JSON object")
        troubleshoot = {str(k).lower(): v for k, v in (spec.get("troubleshoot") or {}).items()}
        for fault in troubleshoot.values():
            if fault not in FAULTS:
                raise ValueError("unknown fault type %r (known: %s)" % (fault, ", ".join(sorted(FAULTS))))
        workspaces = {}
        for workspace, rows in (spec.get("workspaces") or {}).items():
            if not isinstance(rows, list) or not all(isinstance(r, dict) and "TimeGenerated" in r for r in rows):
                raise ValueError("workspace %s: a list of rows, each with TimeGenerated" % workspace)
            workspaces[str(workspace).lower()] = [dict(ROW_DEFAULTS, TenantId=str(workspace), **r) for r in rows]
        self.diagnostics = {"troubleshoot": troubleshoot, "workspaces": workspaces}

    def clear_diagnostics(self):
        self.diagnostics = {"troubleshoot": {}, "workspaces": {}}

    # ---- Network Watcher
    def watcher_regions(self, sub):
        return {str(r.get("location", "")).lower().replace(" ", "") for r in self.store.resources.values()
                if str(r.get("id", "")).lower().startswith("/subscriptions/%s/" % sub.lower()) and r.get("location")}

    def troubleshoot(self, req, sub, rg, watcher):
        region = watcher.lower()[len("networkwatcher_"):] if watcher.lower().startswith("networkwatcher_") else None
        if rg.lower() != WATCHER_GROUP:
            return arm_error(404, "ResourceGroupNotFound", "Resource group '%s' could not be found." % rg)
        if region is None or region not in self.watcher_regions(sub):
            return arm_error(404, "ResourceNotFound", "The Resource 'Microsoft.Network/networkWatchers/%s' under resource "
                             "group '%s' was not found. For more details please go to "
                             "https://aka.ms/ARMResourceNotFoundFix" % (watcher, rg))
        try:
            body = json.loads(req.body.decode("utf-8") or "null")
        except ValueError:
            return arm_error(400, "InvalidRequestFormat", "Cannot parse the request.")
        props = body.get("properties") if isinstance(body, dict) else None
        target = body.get("targetResourceId") if isinstance(body, dict) else None
        if not isinstance(props, dict) or not isinstance(target, str) or not props.get("storageId") \
                or not props.get("storagePath"):
            return arm_error(400, "InvalidRequestFormat", "targetResourceId, properties.storageId and "
                             "properties.storagePath are required.")
        req.log["troubleshoot"] = {"target": target, "storage_path": props["storagePath"]}
        if not str(props["storagePath"]).lower().startswith("https://"):
            return arm_error(400, "InvalidStoragePath", "The storage path '%s' is not an https URL of a blob container."
                             % props["storagePath"])
        resource = self.store.get(target)
        kind = str((resource or {}).get("type", "")).lower()
        if resource is None or kind not in ("microsoft.network/connections", "microsoft.network/virtualnetworkgateways"):
            return arm_error(400, "InvalidTargetResource", "The resource '%s' cannot be troubleshot: only virtual network "
                             "gateways and connections can." % target)
        fault = self.diagnostics["troubleshoot"].get(target.lower())
        if fault is None:
            connected = kind.endswith("/virtualnetworkgateways") or \
                resource.get("properties", {}).get("connectionStatus") == "Connected"
            fault = "NoFault" if connected else "PeerReachability"
        op = self.store.start_operation("post", target.lower(), None, region, req.api_version)
        op.result = self.troubleshooting_result(fault)
        headers = self._headers(req, write=True)
        headers.update(self._lro_headers(req, op, location_header=True))
        return Response(202, None, headers=headers)

    @staticmethod
    def troubleshooting_result(fault):
        reason, summary, detail, action = FAULTS[fault]
        now = time.time()
        return {"startTime": iso(now - 95), "endTime": iso(now), "code": "Healthy" if fault == "NoFault" else "UnHealthy",
                "results": [{"id": fault, "reasonType": reason, "summary": summary, "detail": detail,
                             "recommendedActions": [{"actionText": action, "actionUri": TROUBLESHOOT_DOC,
                                                     "actionUriText": "VPN troubleshoot overview"}]}]}

    # ---- Log Analytics
    def log_query(self, req, workspace):
        if req.method != "POST":
            return arm_error(405, "MethodNotAllowed", "The requested resource does not support http method '%s'."
                             % req.method)
        response = self.authenticate(req)
        if response is not None:
            return response
        if self.faults.take("forbidden", req) is not None:
            return Response(403, {"error": {
                "message": "The provided credentials have insufficient access to perform the requested operation",
                "code": "InsufficientAccessError",
                "innererror": {"code": "UnauthorizedClient", "message": "The service principal does not have "
                               "sufficient permissions to access this resource: %s" % workspace}}}, fault="forbidden")
        rows = self.diagnostics["workspaces"].get(workspace.lower())
        if rows is None:
            return Response(404, {"error": {"message": "The workspace could not be found",
                                            "code": "WorkspaceNotFoundError",
                                            "innererror": {"code": "NotFound", "message": "Workspace '%s' was not found."
                                                           % workspace}}})
        try:
            body = json.loads(req.body.decode("utf-8") or "null")
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return self._bad_query("The request had some invalid properties", "A query is required.")
        req.log["kql"] = body["query"]
        req.log["timespan"] = body.get("timespan")
        try:
            found = self._run_kql(body["query"], rows, body.get("timespan"))
        except ValueError as exc:
            return self._bad_query("The request had some invalid properties", "Syntax Error: %s" % exc)
        columns = []
        for row in found:
            columns.extend(k for k in row if k not in columns)
        table = {"name": "PrimaryResult",
                 "columns": [{"name": c, "type": "datetime" if c == "TimeGenerated" else "string"} for c in columns],
                 "rows": [[row.get(c) for c in columns] for row in found]}
        return Response(200, {"tables": [table]})

    @staticmethod
    def _bad_query(message, inner):
        return Response(400, {"error": {"message": message, "code": "BadArgumentError",
                                        "innererror": {"code": "SyntaxError", "message": inner}}})

    @staticmethod
    def _run_kql(query, rows, timespan):
        stages = _pipes(query)
        if stages[0] != "AzureDiagnostics":
            raise ValueError("'%s': the lab serves the table AzureDiagnostics only" % stages[0][:40])
        found = copy.deepcopy(rows)
        if timespan:
            try:
                start, end = (_time(t) for t in str(timespan).split("/"))
            except ValueError:
                raise ValueError("timespan %r is not start/end" % timespan)
            found = [r for r in found if start <= _time(r["TimeGenerated"]) <= end]
        for stage in stages[1:]:
            for name, pattern in _KQL_STAGES:
                match = pattern.match(stage)
                if match:
                    break
            else:
                raise ValueError("'%s' is not a query stage the lab runs" % stage[:60])
            if name == "between":
                start, end = _time(match.group(1)), _time(match.group(2))
                found = [r for r in found if start <= _time(r["TimeGenerated"]) <= end]
            elif name == "category":
                wanted = set(re.findall(r'"([A-Za-z]+)"', match.group(1)))
                found = [r for r in found if r.get("Category") in wanted]
            elif name == "resource":
                wanted = re.sub(r"\\(.)", r"\1", match.group(1)).lower()
                found = [r for r in found if str(r.get("ResourceId", "")).lower() == wanted]
            elif name == "top":
                found = sorted(found, key=lambda r: _time(r["TimeGenerated"]), reverse=match.group(2) != "asc")
                found = found[:int(match.group(1))]
            elif name == "sort":
                found = sorted(found, key=lambda r: _time(r["TimeGenerated"]), reverse=match.group(1) != "asc")
            else:
                found = found[:int(match.group(1))]
        return found
