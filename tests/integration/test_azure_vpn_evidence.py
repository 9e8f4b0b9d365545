# -*- coding: utf-8 -*-
"""azure_vpn_evidence on the ARM lab (issue 14, evidence gathered live): the connection's IKE SAs read with
getikesas (a long-running POST polled to completion) and read by the evidence reader, tied to the seed check
report; a disconnected connection shows no IKE SA; an error names Azure's code and never the client secret;
a bad name sends nothing."""

from __future__ import annotations

import datetime
import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import correlate  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
SEED = os.path.join(SEED_DIR, "azure_resources.json")
CONNECTION = "UKSouth-HQ-S2S"
SECRET = "Lab-S3cret+/=5e1d~evid"

PLAYBOOK = """---
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - vpnalign.s2s.azure_vpn_evidence: "{{ args }}"
      register: evidence
      ignore_errors: true
    - ansible.builtin.copy:
        content: "{{ evidence | to_json }}"
        dest: "{{ out }}"
"""


@pytest.fixture
def evidence(arm, run_playbook, tmp_path, no_azure_env):
    env = dict(no_azure_env)
    env.update(HOME=str(tmp_path), AZURE_SUBSCRIPTION_ID=arm.subscription, AZURE_CLIENT_ID=arm.client_id,
               AZURE_SECRET=SECRET, AZURE_TENANT=arm.tenant, AZURE_CLOUD_ENVIRONMENT=arm.base_url,
               AZURE_AUTHORITY_HOST=arm.authority, REQUESTS_CA_BUNDLE=arm.ca_file)
    playbook = tmp_path / "evidence.yml"
    playbook.write_text(PLAYBOOK)

    def run(args):
        out = tmp_path / "result.json"
        proc = run_playbook(str(playbook), {"args": args, "out": str(out)}, env=env, args=["-vvv"])
        text = out.read_text()
        assert SECRET not in text and SECRET not in proc.stdout + proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
        return json.loads(text)
    return run


def seed_report(tmp_path):
    with open(os.path.join(SEED_DIR, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = asa_facts_from_text(handle.read(), host="hq-asa")
    with open(SEED, encoding="utf-8") as handle:
        azure = azure_facts_from_data(json.load(handle))
    path = tmp_path / "report.json"
    path.write_text(json.dumps(run_check(asa, azure)))
    return str(path)


def arm_requests(lab):
    return [(r["method"], r["path"], r["status"]) for r in lab.requests() if r["path"].startswith("/subscriptions/")]


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "next-to-the-playbook"])
def test_ike_sas_read_and_tied_to_the_report(arm, evidence, tmp_path, relative):
    """A relative report is found as copy's src is: here next to the playbook (ansible-playbook runs elsewhere)."""
    report = seed_report(tmp_path)
    result = evidence({"resource_group": "RG", "connection": CONNECTION,
                       "report": os.path.basename(report) if relative else report})
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False
    assert result["connection"]["name"] == CONNECTION and result["connection"]["connection_status"] == "Connected"
    sas = result["evidence"]["ike_sas"]["ike_sas"]
    assert sas and (sas[0]["local"], sas[0]["remote"]) == ("203.0.113.20", "198.51.100.10")  # PascalCase read too
    assert sas[0]["encryption"] and sas[0]["children"]
    assert [o["kind"] for o in result["evidence"]["observations"]][:1] == ["ok"]
    correlation = result["correlation"]
    assert correlation["tunnel"] == CONNECTION
    # an IKE SA is up: the IKE proposal and authentication findings, if any, would be contradicted; PFS is not covered
    statuses = {f["code"]: f["status"] for f in correlation["findings"]}
    assert statuses.get("PFS_MISMATCH") == "not_covered", statuses
    posts = [(m, p, s) for m, p, s in arm_requests(arm) if m == "POST"]
    assert len(posts) == 1 and posts[0][1].lower().endswith("/getikesas") and posts[0][2] == 202
    assert not [r for r in arm_requests(arm) if r[0] in ("PUT", "PATCH", "DELETE")]


def test_disconnected_connection_shows_no_ike_sa(arm, evidence):
    resources = arm.resources()
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["connectionStatus"] = "NotConnected"
    arm.load(resources)
    result = evidence({"resource_group": "RG", "connection": CONNECTION})
    assert not result.get("failed"), result.get("msg")
    assert result["evidence"]["ike_sas"]["ike_sas"] == []
    assert [o["kind"] for o in result["evidence"]["observations"]] == ["no_sa"]


def test_forbidden_getikesas_fails_naming_azures_code(arm, evidence):
    arm.set_faults({"forbidden": {"path_regex": "/getikesas$"}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION})
    assert result["failed"] is True and result["error_code"] == "AuthorizationFailed"
    assert "azure_vpn_evidence:" in result["msg"] and CONNECTION in result["msg"]


def test_bad_name_sends_nothing(arm, evidence):
    result = evidence({"resource_group": "RG", "connection": "bad/name"})
    assert result["failed"] is True and "nothing was sent" in result["msg"]
    assert arm_requests(arm) == []


# ---- issue 14: the VPN troubleshoot and the diagnostic logs, live ---------------------------------------

WORKSPACE = "5b02755b-0c3d-4e8f-9a1b-2c3d4e5f6a7b"
STORAGE_ID = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Storage/"
              "storageAccounts/vpndiaglab")
STORAGE_PATH = "https://vpndiaglab.blob.core.windows.net/vpntroubleshoot"
TROUBLESHOOT = {"storage_id": STORAGE_ID, "storage_path": STORAGE_PATH}
ASA_IP, AZURE_IP = "198.51.100.10", "203.0.113.20"


def ids(arm):
    connection = arm.resource(CONNECTION, "/connections")
    return connection["id"], connection["properties"]["virtualNetworkGateway1"]["id"]


def report_with_ike_dh_mismatch(tmp_path):
    """The seed with the ASA's IKEv2 policy on DH group 14 (Azure's policy has ECP256): the check reports
    IKE_NO_COMMON_PROPOSAL besides PFS_MISMATCH."""
    with open(os.path.join(SEED_DIR, "asa_running_config.txt"), encoding="utf-8") as handle:
        text = handle.read()
    assert " group 19\n" in text
    asa = asa_facts_from_text(text.replace(" group 19\n", " group 14\n"), host="hq-asa")
    with open(SEED, encoding="utf-8") as handle:
        azure = azure_facts_from_data(json.load(handle))
    path = tmp_path / "report_dh.json"
    path.write_text(json.dumps(run_check(asa, azure)))
    return str(path)


def diagnostic_rows(gateway_id):
    """AzureDiagnostics rows of the seed's outage, in the shape of "Troubleshoot Azure VPN Gateway using
    diagnostic logs" (our own values): Azure starts CREATE_CHILD_SA with KE group 19, the ASA answers
    INVALID_KE_PAYLOAD; a row of another gateway and a row older than the window that must not be read."""
    now = datetime.datetime.now(datetime.timezone.utc)

    def at(minutes):
        return (now - datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def row(minutes, category, operation, message, resource_id=gateway_id, **extra):
        values = {"TimeGenerated": at(minutes), "Category": category, "OperationName": operation, "Message": message,
                  "Level": "Informational", "ResourceId": resource_id.upper(), "Resource": resource_id.split("/")[-1].upper(),
                  "ResourceGroup": "RG", "SubscriptionId": "00000000-0000-0000-0000-000000000000",
                  "instance_s": "GatewayTenantWorker_IN_0"}
        values.update(extra)
        return values

    ike = "SESSION_ID :{7d3e0c52-1b7a-4f6e-9c20-5a8d2e4b6f10} Remote %s:4500: Local %s:4500: " % (ASA_IP, AZURE_IP)
    other = gateway_id.rsplit("/", 1)[0] + "/Other-VNG"
    return [
        row(60 * 24 * 3, "IKEDiagnosticLog", "IKELogEvent", ike + "[RECEIVED][NOTIFY] Received notify AUTHENTICATION_FAILED"),
        row(50, "TunnelDiagnosticLog", "TunnelConnected", "Tunnel connected to %s" % ASA_IP, remoteIP_s=ASA_IP,
            status_s="Connected"),
        row(20, "IKEDiagnosticLog", "IKELogEvent", ike + "[SEND][CHILD_SA] Sending CREATE_CHILD_SA request to the "
            "on-premises device: rekey of the quick mode SA, KE group 19 (ECP256)"),
        row(20 - 0.001, "IKEDiagnosticLog", "IKELogEvent", ike + "[RECEIVED][NOTIFY] Received notify INVALID_KE_PAYLOAD "
            "from the on-premises device"),
        row(19, "IKEDiagnosticLog", "IKELogEvent", ike + "[RECEIVED][NOTIFY] Received notify AUTHENTICATION_FAILED",
            resource_id=other),
    ]


def test_troubleshoot_confirms_the_ike_policy_finding(arm, evidence, tmp_path):
    connection_id, _gateway = ids(arm)
    arm.set_diagnostics({"troubleshoot": {connection_id: "IkePolicyMismatch"}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION, "report": report_with_ike_dh_mismatch(tmp_path),
                       "troubleshoot": TROUBLESHOOT})
    assert not result.get("failed"), result.get("msg")
    run = result["evidence"]["troubleshoot"]
    assert run["code"] == "UnHealthy" and run["network_watcher"] == "NetworkWatcher_uksouth"
    assert run["network_watcher_resource_group"] == "NetworkWatcherRG" and run["target"].lower() == connection_id.lower()
    assert [r["id"] for r in run["results"]] == ["IkePolicyMismatch"] and run["results"][0]["recommended_actions"]
    assert any(o["source"] == "azure_troubleshoot" and "IKE_NO_COMMON_PROPOSAL" in o["codes"]
               for o in result["evidence"]["observations"])
    statuses = {f["code"]: f["status"] for f in result["correlation"]["findings"]}
    assert statuses["IKE_NO_COMMON_PROPOSAL"] == "confirmed", statuses
    # what the module returns is the reader's parse: the check's live evidence correlates it again as it is
    with open(tmp_path / "report_dh.json", encoding="utf-8") as handle:
        tunnel = json.load(handle)["tunnels"][0]
    again = correlate(tunnel, azure_troubleshoot=run)
    assert {f["code"]: f["status"] for f in again["findings"]}["IKE_NO_COMMON_PROPOSAL"] == "confirmed"
    # a long-running POST, polled to its result; the body named the target and the storage, nothing was written
    posts = [(p, s) for m, p, s in arm_requests(arm) if m == "POST"]
    assert [s for p, s in posts if p.endswith("/troubleshoot")] == [202]
    assert any("/operation" in p.lower() for m, p, s in arm_requests(arm) if m == "GET")
    logged = [r["troubleshoot"] for r in arm.requests() if "troubleshoot" in r]
    assert logged == [{"target": connection_id, "storage_path": STORAGE_PATH}]
    assert not [r for r in arm_requests(arm) if r[0] in ("PUT", "PATCH", "DELETE")]


def test_troubleshoot_of_a_healthy_gateway_contradicts_nothing_it_cannot_see(arm, evidence, tmp_path):
    result = evidence({"resource_group": "RG", "connection": CONNECTION, "report": seed_report(tmp_path),
                       "troubleshoot": dict(TROUBLESHOOT, target="gateway")})
    assert not result.get("failed"), result.get("msg")
    run = result["evidence"]["troubleshoot"]
    assert run["code"] == "Healthy" and [r["id"] for r in run["results"]] == ["NoFault"]
    assert run["target"].lower() == ids(arm)[1].lower()
    statuses = {f["code"]: f["status"] for f in result["correlation"]["findings"]}
    assert statuses["PFS_MISMATCH"] != "confirmed"


def test_diagnostic_logs_confirm_the_pfs_finding(arm, evidence, tmp_path):
    _connection, gateway_id = ids(arm)
    arm.set_diagnostics({"workspaces": {WORKSPACE: diagnostic_rows(gateway_id)}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION, "report": seed_report(tmp_path),
                       "diagnostic_logs": {"workspace_id": WORKSPACE, "hours": 24, "endpoint": arm.base_url}})
    assert not result.get("failed"), result.get("msg")
    logs = result["evidence"]["diagnostic_logs"]
    # the window (24 h) and the gateway bound the rows: not the one of 3 days ago, not the other gateway's
    assert logs["rows"] == 3 and logs["truncated"] is False
    assert [r["category"] for r in logs["records"]] == ["TunnelDiagnosticLog", "IKEDiagnosticLog", "IKEDiagnosticLog"]
    statuses = {f["code"]: f for f in result["correlation"]["findings"]}
    assert statuses["PFS_MISMATCH"]["status"] == "confirmed", statuses
    with open(tmp_path / "report.json", encoding="utf-8") as handle:
        tunnel = json.load(handle)["tunnels"][0]
    again = correlate(tunnel, azure_logs=logs)
    assert {f["code"]: f["status"] for f in again["findings"]}["PFS_MISMATCH"] == "confirmed"
    assert "AUTHENTICATION_FAILED" not in json.dumps(result["correlation"])
    # the query the lab ran: the service's timespan as well as the query's own bounds
    query = [r for r in arm.requests() if r["path"].lower().endswith("/query")]
    assert len(query) == 1 and query[0]["status"] == 200 and query[0]["path"] == "/v1/workspaces/%s/query" % WORKSPACE
    assert "top 1000 by TimeGenerated" in query[0]["kql"] and query[0]["timespan"].count("Z") == 2
    assert result["azure"]["logs_endpoint"] == arm.base_url


def test_diagnostic_logs_row_cap_is_reported(arm, evidence):
    _connection, gateway_id = ids(arm)
    arm.set_diagnostics({"workspaces": {WORKSPACE: diagnostic_rows(gateway_id)}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION,
                       "diagnostic_logs": {"workspace_id": WORKSPACE, "max_rows": 2, "categories": ["IKEDiagnosticLog"],
                                           "endpoint": arm.base_url}})
    assert not result.get("failed"), result.get("msg")
    logs = result["evidence"]["diagnostic_logs"]
    assert logs["rows"] == 2 and logs["truncated"] is True and any("max_rows" in n for n in logs["notes"])
    assert {r["category"] for r in logs["records"]} == {"IKEDiagnosticLog"}


def test_throttled_log_query_is_retried(arm, evidence):
    _connection, gateway_id = ids(arm)
    arm.set_diagnostics({"workspaces": {WORKSPACE: diagnostic_rows(gateway_id)}})
    arm.set_faults({"throttle": {"path_regex": "/query$", "times": 1, "retry_after": 1}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION,
                       "diagnostic_logs": {"workspace_id": WORKSPACE, "endpoint": arm.base_url}})
    assert not result.get("failed"), result.get("msg")
    assert [r["status"] for r in arm.requests() if r["path"].endswith("/query")] == [429, 200]
    assert result["evidence"]["diagnostic_logs"]["rows"] == 3


HOSTILE = [
    ({"troubleshoot": dict(TROUBLESHOOT, storage_path=STORAGE_PATH + "?sv=2024-01-01&sig=Zm9vYmFy")}, "query string"),
    ({"troubleshoot": dict(TROUBLESHOOT, storage_path="https://user:pw@vpndiaglab.blob.core.windows.net/c1")},
     "credentials"),
    ({"troubleshoot": dict(TROUBLESHOOT, storage_path="http://vpndiaglab.blob.core.windows.net/vpntroubleshoot")},
     "https"),
    ({"troubleshoot": dict(TROUBLESHOOT, storage_id=STORAGE_ID + "/../../../x")}, "storage account"),
    ({"troubleshoot": dict(TROUBLESHOOT, network_watcher="NetworkWatcher_uksouth/../x")}, "network watcher"),
    ({"diagnostic_logs": {"workspace_id": WORKSPACE + '" | union *'}}, "workspace id"),
    ({"diagnostic_logs": {"workspace_id": WORKSPACE, "hours": 24 * 30}}, "7 days"),
    ({"diagnostic_logs": {"workspace_id": WORKSPACE, "end_time": "now() | union *"}}, "UTC time"),
    ({"diagnostic_logs": {"workspace_id": WORKSPACE, "endpoint": "https://evil.example/x?y=1"}}, "query string"),
]


HOSTILE_IDS = ["sas-token", "userinfo", "http", "storage-id-dots", "watcher-slash", "workspace-kql", "window", "end-time-kql",
               "endpoint-query"]


@pytest.mark.parametrize("options,says", HOSTILE, ids=HOSTILE_IDS)
def test_hostile_values_are_refused_before_any_request(arm, evidence, options, says):
    result = evidence(dict({"resource_group": "RG", "connection": CONNECTION}, **options))
    assert result["failed"] is True and "nothing was sent" in result["msg"] and says in result["msg"], result["msg"]
    assert arm.requests() == []  # not even a token request


def test_custom_cloud_without_a_logs_endpoint_sends_nothing(arm, evidence):
    result = evidence({"resource_group": "RG", "connection": CONNECTION, "diagnostic_logs": {"workspace_id": WORKSPACE}})
    assert result["failed"] is True and "diagnostic_logs.endpoint is needed" in result["msg"]
    assert arm.requests() == []
    assert "sig=Zm9vYmFy" not in result["msg"] and "pw@" not in result["msg"]


@pytest.mark.parametrize("faults,options,code,says", [
    ({"forbidden": {"path_regex": "/troubleshoot$"}}, {"troubleshoot": TROUBLESHOOT}, "AuthorizationFailed",
     "permission denied running the VPN troubleshoot"),
    ({}, {"troubleshoot": dict(TROUBLESHOOT, network_watcher="NetworkWatcher_westus")}, "ResourceNotFound",
     "Network Watcher 'NetworkWatcher_westus'"),
    ({"forbidden": {"path_regex": "/query$"}}, {"diagnostic_logs": {"workspace_id": WORKSPACE}}, "InsufficientAccessError",
     "permission denied reading the diagnostic logs"),
    ({}, {"diagnostic_logs": {"workspace_id": "00000000-1111-2222-3333-444444444444"}}, "WorkspaceNotFoundError",
     "not found"),
], ids=["troubleshoot-403", "watcher-404", "logs-403", "workspace-404"])
def test_azure_refusals_are_noted_and_the_ike_sas_kept(arm, evidence, faults, options, code, says):
    _connection, gateway_id = ids(arm)
    arm.set_diagnostics({"workspaces": {WORKSPACE: diagnostic_rows(gateway_id)}})
    arm.set_faults(faults)
    if "diagnostic_logs" in options:  # the lab is a custom cloud: its own endpoint
        options = {"diagnostic_logs": dict(options["diagnostic_logs"], endpoint=arm.base_url)}
    result = evidence(dict({"resource_group": "RG", "connection": CONNECTION}, **options))
    assert not result.get("failed"), result.get("msg")
    [kind] = options
    assert result["evidence"]["ike_sas"]["ike_sas"] == [] and kind not in result["evidence"]
    assert result["errors"] == {kind: {"code": code, "status": result["errors"][kind]["status"]}}
    [note] = result["notes"]
    assert note.startswith("%s not read (%s): " % (kind, code)) and says in note, note


def test_nothing_read_fails_naming_each_kind(arm, evidence):
    arm.set_faults({"forbidden": {"path_regex": "/(getikesas|troubleshoot)$"}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION, "troubleshoot": TROUBLESHOOT})
    assert result["failed"] is True and result["error_code"] == "AuthorizationFailed"
    assert result["msg"].startswith("azure_vpn_evidence: ")


def test_no_secret_in_output_or_lab_log(arm, evidence, tmp_path):
    connection_id, gateway_id = ids(arm)
    arm.set_diagnostics({"troubleshoot": {connection_id: "Authentication"},
                         "workspaces": {WORKSPACE: diagnostic_rows(gateway_id)}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION, "report": seed_report(tmp_path),
                       "troubleshoot": TROUBLESHOOT, "diagnostic_logs": {"workspace_id": WORKSPACE, "endpoint": arm.base_url}})
    assert not result.get("failed"), result.get("msg")
    assert "AUTH_MISMATCH" in json.dumps(result["evidence"]["observations"])
    shown = json.dumps(result)
    with open(arm.log_file, encoding="utf-8") as handle:
        logged = handle.read()
    for secret in [SECRET] + list(arm.shared_keys().values()):
        assert secret not in shown and secret not in logged
