# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of azure_vpn_evidence that reach a request (issue 14), checked before anything is sent,
and the log query built from them.

Plain Python, no Ansible and no SDK import. Every value that becomes part of a URL or a request body is
checked against the rule Azure documents for it (names.py explains why a bad name can change the request);
a URL must be https and carry no credentials (no user:password@, no query string - a storage SAS token is
a query string). The KQL query of the diagnostic logs is made of this module's own text and of values
formatted here (times from datetime, integers, category names from a fixed list, a resource id that
passed the checks), never of option text as given.
"""

import datetime
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import (
    GUID_RE,
    InvalidName,
    check_https_url,
    check_network_name,
    check_resource_group,
    shown,
)

# Network Watcher, enabled automatically per region, lives in the resource group NetworkWatcherRG and
# is named NetworkWatcher_<region> ("Enable or disable Azure Network Watcher",
# https://learn.microsoft.com/azure/network-watcher/network-watcher-create).
DEFAULT_WATCHER_GROUP = "NetworkWatcherRG"
WATCHER_PREFIX = "NetworkWatcher_"
# Patterns end in \Z, never $ ($ also matches before a final "\n", see names.py).
# An Azure region's programmatic name (uksouth, westeurope2): lower-case letters and digits.
REGION_RE = re.compile(r"^[a-z0-9]{1,40}\Z")
# Microsoft.Storage storageAccounts (resource-name-rules): 3-24, lower-case letters and numbers.
STORAGE_ACCOUNT_RE = re.compile(r"^[a-z0-9]{3,24}\Z")
STORAGE_ID_RE = re.compile(r"^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.Storage/"
                           r"storageAccounts/([^/]+)\Z", re.I)
# Blob container names ("Naming and Referencing Containers, Blobs, and Metadata",
# https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata):
# 3-63 characters, lower-case letters, numbers and '-', starting with a letter or number, no '--'.
CONTAINER_RE = re.compile(r"^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\Z")
# Further path segments (a folder inside the container): this collection allows plain characters only.
BLOB_SEGMENT_RE = re.compile(r"^[A-Za-z0-9_.-]{1,255}\Z")

# Diagnostic logs of a VPN gateway ("Troubleshoot Azure VPN Gateway using diagnostic logs",
# https://learn.microsoft.com/azure/vpn-gateway/troubleshoot-vpn-with-azure-diagnostics): they go to the
# AzureDiagnostics table with these categories (GatewayDiagnosticLog and P2SDiagnosticLog are not read here).
LOG_CATEGORIES = ("IKEDiagnosticLog", "TunnelDiagnosticLog", "RouteDiagnosticLog")
# Bounds of the query, this collection's choice: at most 7 days back, at most 10,000 rows (the service
# allows 500,000 rows and 64 MB per answer - "Azure Monitor service limits", Log queries and language,
# https://learn.microsoft.com/azure/azure-monitor/service-limits - but every row becomes part of the
# task's result).
MAX_WINDOW_HOURS = 7 * 24
DEFAULT_WINDOW_HOURS = 24
MAX_ROWS = 10000
DEFAULT_ROWS = 1000
# The Logs query API endpoint of each cloud, also its token audience (azure-monitor-query's defaults;
# "Azure Monitor Log Analytics API request format", https://learn.microsoft.com/azure/azure-monitor/logs/api/request-format;
# the ARM route .../workspaces/{name}/api/query?api-version=2017-01-01-preview was retired on 31 March 2026,
# "Migrate from using batch and beta queries", https://learn.microsoft.com/azure/azure-monitor/logs/api/batch-queries-beta-migration).
LOGS_ENDPOINTS = {
    "AzureCloud": "https://api.loganalytics.io",
    "AzureChinaCloud": "https://api.loganalytics.azure.cn",
    "AzureUSGovernment": "https://api.loganalytics.us",
}
_TIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,7})?(Z|[+-]00:?00)?\Z")


def _text(option, value):
    if not isinstance(value, str) or not value:
        raise InvalidName("%s must be a non-empty string" % option)
    return value


def check_storage_path(option, value):
    """A blob container URL (https://account.blob.core.windows.net/container[/folder...])."""
    parts = check_https_url(option, value)
    segments = parts.path.split("/")[1:]
    if segments and segments[-1] == "":
        segments = segments[:-1]
    if not segments or not CONTAINER_RE.match(segments[0]):
        raise InvalidName("%s %s must name a blob container after the host (3 to 63 characters: lower-case letters, "
                          "digits and single '-')" % (option, shown(value)))
    for segment in segments[1:]:
        if segment in (".", "..") or not BLOB_SEGMENT_RE.match(segment):
            raise InvalidName("%s %s: the folder %s is not plain letters, digits, '_', '.' and '-'"
                              % (option, shown(value), shown(segment)))
    return value


def check_storage_id(option, value):
    """The resource id of a storage account."""
    _text(option, value)
    match = STORAGE_ID_RE.match(value)
    if not match:
        raise InvalidName("%s %s is not a storage account id (/subscriptions/<id>/resourceGroups/<group>/providers/"
                          "Microsoft.Storage/storageAccounts/<name>)" % (option, shown(value)))
    if not GUID_RE.match(match.group(1)):
        raise InvalidName("%s: the subscription %s is not a GUID" % (option, shown(match.group(1))))
    check_resource_group("%s (resource group)" % option, match.group(2))
    if not STORAGE_ACCOUNT_RE.match(match.group(3)):
        raise InvalidName("%s: the storage account name %s is not 3 to 24 lower-case letters and digits"
                          % (option, shown(match.group(3))))
    return value


def check_troubleshoot(options):
    """The troubleshoot option's values (a dict as the module gives it); the checked dict."""
    if options is None:
        return None
    checked = dict(options)
    check_storage_id("troubleshoot.storage_id", options.get("storage_id"))
    check_storage_path("troubleshoot.storage_path", options.get("storage_path"))
    if options.get("network_watcher") is not None:
        check_network_name("troubleshoot.network_watcher", options["network_watcher"], "network watcher")
    checked["network_watcher_resource_group"] = check_resource_group(
        "troubleshoot.network_watcher_resource_group",
        options.get("network_watcher_resource_group") or DEFAULT_WATCHER_GROUP)
    if options.get("target", "connection") not in ("connection", "gateway"):
        raise InvalidName("troubleshoot.target must be connection or gateway")
    return checked


def default_watcher(location):
    """NetworkWatcher_<region> of a resource's location, or None when the location is not a region name."""
    if isinstance(location, str) and REGION_RE.match(location.replace(" ", "").lower()):
        return WATCHER_PREFIX + location.replace(" ", "").lower()
    return None


def parse_utc(option, value):
    """A UTC time given as 2026-11-30T05:12:07Z (seconds, fraction and Z optional) as an aware datetime."""
    _text(option, value)
    match = _TIME_RE.match(value.strip())
    if not match:
        raise InvalidName("%s %s is not a UTC time such as 2026-11-30T05:12:07Z" % (option, shown(value)))
    try:
        return datetime.datetime(*(int(g or 0) for g in match.groups()[:6]), tzinfo=datetime.timezone.utc)
    except ValueError as exc:
        raise InvalidName("%s %s is not a valid time: %s" % (option, shown(value), exc))


def check_logs(options, now=None):
    """The diagnostic_logs option's values; the checked dict with ``start`` and ``end`` (aware datetimes)."""
    if options is None:
        return None
    checked = dict(options)
    workspace = options.get("workspace_id")
    if not isinstance(workspace, str) or not GUID_RE.match(workspace):
        raise InvalidName("diagnostic_logs.workspace_id %s is not a workspace id (the workspace's GUID, shown as "
                          "Workspace ID in the portal)" % shown(workspace))
    hours = options.get("hours", DEFAULT_WINDOW_HOURS)
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= MAX_WINDOW_HOURS:
        raise InvalidName("diagnostic_logs.hours must be 1 to %d (7 days), got %r" % (MAX_WINDOW_HOURS, hours))
    rows = options.get("max_rows", DEFAULT_ROWS)
    if not isinstance(rows, int) or isinstance(rows, bool) or not 1 <= rows <= MAX_ROWS:
        raise InvalidName("diagnostic_logs.max_rows must be 1 to %d, got %r" % (MAX_ROWS, rows))
    categories = options.get("categories") or list(LOG_CATEGORIES)
    unknown = [c for c in categories if c not in LOG_CATEGORIES]
    if unknown:
        raise InvalidName("diagnostic_logs.categories: %s not one of %s" % (shown(unknown[0]), ", ".join(LOG_CATEGORIES)))
    checked["categories"] = [c for c in LOG_CATEGORIES if c in categories]
    if options.get("endpoint") is not None:
        parts = check_https_url("diagnostic_logs.endpoint", options["endpoint"], path_allowed=False)
        # the endpoint is also the token's audience (endpoint + "/.default"): https://HOST:443 is the same endpoint as
        # https://host but another audience, refused by the API - the default port (443 for https, RFC 9110 4.2.2)
        # and the host's case are normalised away
        checked["endpoint"] = "https://%s%s" % (parts.hostname, ":%d" % parts.port if parts.port not in (None, 443) else "")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    end = parse_utc("diagnostic_logs.end_time", options["end_time"]) if options.get("end_time") else now
    if end > now + datetime.timedelta(minutes=5):
        raise InvalidName("diagnostic_logs.end_time is in the future")
    checked["end"] = end.replace(microsecond=0)
    checked["start"] = checked["end"] - datetime.timedelta(hours=hours)
    checked["hours"], checked["max_rows"] = hours, rows
    return checked


def logs_endpoint(cloud, given=None):
    """The Logs query API endpoint: the one given, else the cloud's; None for a custom cloud without one."""
    return given or LOGS_ENDPOINTS.get(cloud)


_GATEWAY_ID_RE = re.compile(r"^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.Network/"
                            r"virtualNetworkGateways/([^/]+)\Z", re.I)


def check_gateway_id(value):
    """A virtual network gateway's id as ARM wrote it in the connection, checked part by part (it goes into
    the query text)."""
    match = _GATEWAY_ID_RE.match(value) if isinstance(value, str) else None
    if not match or not GUID_RE.match(match.group(1)):
        raise InvalidName("the connection's virtualNetworkGateway1.id %s is not a gateway id" % shown(value))
    check_resource_group("the gateway's resource group", match.group(2))
    check_network_name("the gateway's name", match.group(3), "virtual_network_gateway")
    return value


def kql_string(value):
    """A KQL string literal of ``value`` (double quotes, backslash escapes)."""
    return '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def kql_time(value):
    return "datetime(%s)" % value.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_timespan(start, end):
    """The request's timespan (ISO 8601 start/end): the service applies it as well as the query's filter."""
    return "%s/%s" % (start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ"))


def build_kql(gateway_id, checked):
    """The query: the gateway's rows of the chosen categories in the window, the newest ``max_rows``, in time
    order. ResourceId in AzureDiagnostics is upper case: =~ compares ignoring case."""
    categories = ", ".join(kql_string(c) for c in checked["categories"] if c in LOG_CATEGORIES)
    return "\n".join([
        "AzureDiagnostics",
        "| where TimeGenerated between (%s .. %s)" % (kql_time(checked["start"]), kql_time(checked["end"])),
        "| where Category in (%s)" % categories,
        "| where ResourceId =~ %s" % kql_string(check_gateway_id(gateway_id)),
        "| top %d by TimeGenerated desc" % int(checked["max_rows"]),
        "| sort by TimeGenerated asc",
    ])
