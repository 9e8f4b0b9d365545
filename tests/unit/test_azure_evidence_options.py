# -*- coding: utf-8 -*-
"""The options of azure_vpn_evidence that reach a request (issue 14): what is refused, and the KQL query of the
diagnostic logs made of checked values only."""

import datetime

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_options import (
    InvalidName,
    build_kql,
    check_logs,
    check_storage_id,
    check_storage_path,
    check_troubleshoot,
    kql_string,
    logs_endpoint,
)

GATEWAY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network/" \
          "virtualNetworkGateways/UKSouth-VNG"
WORKSPACE = "5b02755b-0c3d-4e8f-9a1b-2c3d4e5f6a7b"
NOW = datetime.datetime(2026, 11, 30, 12, 0, 0, tzinfo=datetime.timezone.utc)
STORAGE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Storage/" \
             "storageAccounts/vpndiag"


def logs(**options):
    return check_logs(dict({"workspace_id": WORKSPACE}, **options), now=NOW)


@pytest.mark.parametrize("path", [
    "https://vpndiag.blob.core.windows.net/vpntroubleshoot",
    "https://vpndiag.blob.core.windows.net/vpntroubleshoot/",
    "https://vpndiag.blob.core.windows.net/vpn-ts/hq_asa.2026",
    "https://vpndiag.blob.local.azurestack.external:443/vpntroubleshoot",
])
def test_storage_paths_accepted(path):
    assert check_storage_path("storage_path", path) == path


@pytest.mark.parametrize("path,says", [
    ("http://vpndiag.blob.core.windows.net/vpntroubleshoot", "https"),
    ("https://user:pw@vpndiag.blob.core.windows.net/vpntroubleshoot", "credentials"),
    ("https://vpndiag.blob.core.windows.net/vpntroubleshoot?sv=2024&sig=abc", "query string"),
    ("https://vpndiag.blob.core.windows.net/vpntroubleshoot#x", "query string"),
    ("https://vpndiag.blob.core.windows.net/vpn%2F..", "percent"),
    ("https://vpndiag.blob.core.windows.net/vpntroubleshoot/../other", "'..' path segment"),
    ("https://vpndiag.blob.core.windows.net/", "container"),
    ("https://vpndiag.blob.core.windows.net/Upper", "container"),
    ("https://vpndiag.blob.core.windows.net/a--b", "container"),
    ("https://vpn diag.blob.core.windows.net/c12", "plain https URL"),
    ("https://-bad.example/c12", "host"),
    ("https:///c12", "host"),
])
def test_storage_paths_refused(path, says):
    with pytest.raises(InvalidName, match=says):
        check_storage_path("storage_path", path)


@pytest.mark.parametrize("path", ["https://vpndiag.blob.core.windows.net/t?sig=Zk9xQ2VjcmV0U2lnbmF0dXJl%3D",
                                  "https://vpndiag.blob.core.windows.net/t?sv=2024 &sig=Zk9xQ2VjcmV0U2lnbmF0",
                                  "https://vpndiag.blob.core.windows.net/t#sig=Zk9xQ2VjcmV0U2lnbmF0%2B"], ids=range(3))
def test_a_sas_token_is_refused_without_quoting_any_of_it(path):
    # review 2026-12-06 (E3): a signature holding '%' or a space met the "not a plain https URL" check first, whose
    # message quoted the first 60 characters of the URL, signature included
    with pytest.raises(InvalidName) as refused:
        check_storage_path("storage_path", path)
    said = "%s" % refused.value
    assert "query string" in said and "Zk9x" not in said and "sig=" not in said


@pytest.mark.parametrize("value", [
    STORAGE_ID + "/../x", STORAGE_ID.replace("vpndiag", "VpnDiag"), STORAGE_ID.replace("Microsoft.Storage", "Microsoft.Network"),
    STORAGE_ID.replace("00000000-0000-0000-0000-000000000000", "sub"), STORAGE_ID.replace("/RG/", "/R?G/"), None,
])
def test_storage_ids_refused(value):
    with pytest.raises(InvalidName):
        check_storage_id("storage_id", value)


def test_troubleshoot_defaults_and_watcher_name():
    checked = check_troubleshoot({"storage_id": STORAGE_ID, "storage_path": "https://vpndiag.blob.core.windows.net/ts1",
                                  "target": "connection", "network_watcher": None, "network_watcher_resource_group": None})
    assert checked["network_watcher_resource_group"] == "NetworkWatcherRG"
    with pytest.raises(InvalidName, match="network watcher"):
        check_troubleshoot(dict(checked, network_watcher="NetworkWatcher_uksouth/.."))


def test_window_and_rows_are_bounded():
    assert (logs()["end"] - logs()["start"]) == datetime.timedelta(hours=24)
    assert logs(hours=168)["start"] == NOW - datetime.timedelta(days=7)
    for bad in ({"hours": 169}, {"hours": 0}, {"max_rows": 10001}, {"max_rows": 0}, {"hours": True}):
        with pytest.raises(InvalidName):
            logs(**bad)
    assert logs(end_time="2026-11-30T05:12:07Z")["end"] == datetime.datetime(2026, 11, 30, 5, 12, 7, tzinfo=datetime.timezone.utc)
    with pytest.raises(InvalidName, match="future"):
        logs(end_time="2026-12-30T05:12:07Z")


@pytest.mark.parametrize("workspace", [WORKSPACE + '" | union *', "my-workspace", "", None, WORKSPACE + "/../x"])
def test_workspace_must_be_a_guid(workspace):
    with pytest.raises(InvalidName, match="workspace id"):
        check_logs({"workspace_id": workspace}, now=NOW)


def test_query_is_made_of_checked_values_only():
    checked = logs(hours=6, max_rows=50, categories=["TunnelDiagnosticLog", "IKEDiagnosticLog"])
    query = build_kql(GATEWAY, checked)
    assert query.splitlines() == [
        "AzureDiagnostics",
        "| where TimeGenerated between (datetime(2026-11-30T06:00:00Z) .. datetime(2026-11-30T12:00:00Z))",
        '| where Category in ("IKEDiagnosticLog", "TunnelDiagnosticLog")',
        '| where ResourceId =~ "%s"' % GATEWAY,
        "| top 50 by TimeGenerated desc",
        "| sort by TimeGenerated asc",
    ]
    with pytest.raises(InvalidName):
        logs(categories=['IKEDiagnosticLog") | union *'])


@pytest.mark.parametrize("gateway", [GATEWAY + '" | union *', GATEWAY.replace("UKSouth-VNG", 'a"b'),
                                     GATEWAY.replace("virtualNetworkGateways", "connections"), None])
def test_a_gateway_id_not_of_a_gateway_never_reaches_the_query(gateway):
    with pytest.raises(InvalidName):
        build_kql(gateway, logs())


def test_kql_string_escapes_quotes_and_backslashes():
    assert kql_string('a"b\\c') == '"a\\"b\\\\c"'


def test_logs_endpoint_per_cloud():
    assert logs_endpoint("AzureCloud") == "https://api.loganalytics.io"
    assert logs_endpoint("custom") is None
    assert logs_endpoint("custom", "https://logs.example") == "https://logs.example"
    assert logs(endpoint="https://logs.example/")["endpoint"] == "https://logs.example"
    # the endpoint is the token's audience too: the default port and the host's case do not change it
    assert logs(endpoint="https://logs.example:443")["endpoint"] == "https://logs.example"
    assert logs(endpoint="HTTPS://API.LogAnalytics.io:443/")["endpoint"] == "https://api.loganalytics.io"
    assert logs(endpoint="https://logs.example:8443/")["endpoint"] == "https://logs.example:8443"
    with pytest.raises(InvalidName, match="root"):
        logs(endpoint="https://logs.example/v1/workspaces")
