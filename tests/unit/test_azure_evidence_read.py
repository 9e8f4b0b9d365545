# -*- coding: utf-8 -*-
"""azure_vpn_evidence's reads kind by kind (module_utils/azure/evidence_read.py, issue 14): a kind that fails (Azure
refuses it, a bad gateway id) is noted with its code and the kinds read are kept; the read fails only when the
connection cannot be read or no kind asked for could be. The reader here is a stand-in with the two calls the IKE SA
read makes; the troubleshoot and the log query fail on the connection's own ids before any request."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_options import check_logs
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_read import read_connection_evidence

SAS = [{"LocalEndpoint": "203.0.113.20", "RemoteEndpoint": "198.51.100.10", "Encryption": "AES128", "Integrity": "SHA256",
        "DhGroup": "ECP256", "LifeTime": 28800, "ElapsedTime": 100, "Initiator": "Local", "QuickModeSas": []}]
# no location (no default Network Watcher name) and a gateway id that is no resource id: the troubleshoot and the
# log query are refused before anything is sent
RESOURCE = {"name": "to-hq", "id": "/subscriptions/0/resourceGroups/RG/providers/Microsoft.Network/connections/to-hq",
            "properties": {"connectionStatus": "Connected", "virtualNetworkGateway1": {"id": "not/a gateway' | union *"}}}
TROUBLESHOOT = {"storage_id": "x", "storage_path": "https://a.blob.core.windows.net/c", "target": "connection",
                "network_watcher": None, "network_watcher_resource_group": "NetworkWatcherRG"}


class Reader:
    def __init__(self, ike_sas_error=None):
        self.ike_sas_error = ike_sas_error

    def connection(self, resource_group, name):
        assert (resource_group, name) == ("RG", "to-hq")
        return RESOURCE

    def ike_sas(self, resource):
        assert resource is RESOURCE
        if self.ike_sas_error:
            raise self.ike_sas_error
        return SAS

    def before_change(self):
        """A troubleshoot reads a named subscription's state first (sdk.AzureNetworkReader); here it is usable."""
        self.state_read = True


def logs():
    return check_logs({"workspace_id": "5b02755b-0c3d-4e8f-9a1b-2c3d4e5f6a7b", "hours": 1, "end_time": None,
                       "max_rows": 10, "categories": None, "endpoint": None})


def test_the_ike_sas_read_are_kept_when_the_troubleshoot_and_the_log_query_fail():
    read = read_connection_evidence(Reader(), "RG", "to-hq", troubleshoot=TROUBLESHOOT, logs=logs(), endpoint="https://x")
    assert len(read["ike_sas"]["ike_sas"]) == 1 and read["connection_status"] == "Connected"
    assert "troubleshoot" not in read and "diagnostic_logs" not in read
    assert sorted(read["errors"]) == ["diagnostic_logs", "troubleshoot"]
    assert read["errors"]["diagnostic_logs"]["code"] == "InvalidName"  # not "unexpected InvalidName" failing the task
    [troubleshoot, logs_note] = read["notes"]
    assert troubleshoot.startswith("troubleshoot not read (") and "Network Watcher" in troubleshoot
    assert logs_note.startswith("diagnostic_logs not read (InvalidName): ")


def test_the_read_fails_only_when_no_kind_could_be_read():
    refused = AzureSdkError("permission denied reading the IKE SAs", code="AuthorizationFailed", status=403)
    with pytest.raises(AzureSdkError) as raised:
        read_connection_evidence(Reader(refused), "RG", "to-hq", troubleshoot=TROUBLESHOOT, logs=logs(), endpoint="https://x")
    assert raised.value is refused  # the first failure, with Azure's code
    with pytest.raises(AzureSdkError):
        read_connection_evidence(Reader(refused), "RG", "to-hq")


def test_in_check_mode_the_troubleshoot_is_not_started_and_the_reads_still_run():
    read = read_connection_evidence(Reader(), "RG", "to-hq", troubleshoot=TROUBLESHOOT, logs=logs(), endpoint="https://x",
                                    check_mode=True)
    assert len(read["ike_sas"]["ike_sas"]) == 1 and "troubleshoot" not in read["errors"]
    assert read["notes"][0] == ("troubleshoot not started in check mode: it writes its log files to the storage account "
                                "(troubleshoot.storage_path)")
    assert "diagnostic_logs" in read["errors"]  # the log query was tried (it fails here on the gateway id)


@pytest.mark.parametrize("body", [{"Tables": [{"rows": [["AUTH_FAILED"]]}]}, {"value": []}, {"tables": []},
                                  {"tables": ["PrimaryResult"]}, {"tables": [{"name": "PrimaryResult", "rows": {}}]}])
def test_a_log_query_answer_of_another_shape_is_an_error_not_zero_rows(body):
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.log_query import result_table
    with pytest.raises(AzureSdkError, match="workspace ws-1 with no tables.0..rows list") as raised:
        result_table(body, "ws-1")
    assert raised.value.code == "NoResult"


def test_a_log_query_answer_with_no_rows_is_zero_rows():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.log_query import result_table
    table = {"name": "PrimaryResult", "columns": [{"name": "Message", "type": "string"}], "rows": []}
    assert result_table({"tables": [table]}, "ws-1") is table
