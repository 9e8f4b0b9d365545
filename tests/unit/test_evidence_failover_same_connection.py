# -*- coding: utf-8 -*-
"""Review F2 #3: a DPD disconnect is a gateway failover only when the same connection connects on the other
instance within seconds (Microsoft, "Troubleshoot Azure VPN Gateway using diagnostic logs", TunnelDiagnosticLog:
"a connection event on the different gateway instance in a few seconds"); another site's connect hours later
leaves the DPD_MISMATCH confirmed."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain

from test_evidence_cases import by_code, report
from test_evidence_failures import _short_azure_dpd

DISCONNECT = {"TimeGenerated": "2026-10-04T08:31:12.000Z", "Category": "TunnelDiagnosticLog",
              "OperationName": "TunnelDisconnected", "Message": "Tunnel disconnected: DPD timed out, the peer "
              "198.51.100.10 did not answer", "Resource": "VGW-UKSOUTH", "instance_s": "GatewayTenantWorker_IN_0",
              "remoteIP_s": "198.51.100.10", "status_s": "Disconnected"}


def _connect(time, remote, instance="GatewayTenantWorker_IN_1"):
    return {"TimeGenerated": time, "Category": "TunnelDiagnosticLog", "OperationName": "TunnelConnected",
            "Message": "Tunnel connected", "Resource": "VGW-UKSOUTH", "instance_s": instance, "remoteIP_s": remote,
            "status_s": "Connected"}


@pytest.fixture(scope="module")
def checked():
    return report(azure_edit=_short_azure_dpd)


@pytest.mark.parametrize("later", [
    [_connect("2026-10-04T14:02:00.000Z", "192.0.2.77")],      # another site, hours later (the review's repro)
    [_connect("2026-10-04T08:31:15.000Z", "192.0.2.77")],      # another site, seconds later
    [_connect("2026-10-04T09:40:00.000Z", "198.51.100.10")],   # this site, but over an hour later: a reconnect
], ids=["other-site-hours-later", "other-site-seconds-later", "same-site-hours-later"])
def test_a_dpd_disconnect_stays_confirmed_unless_its_own_connection_fails_over(checked, later):
    result = explain(checked, azure_log_texts=[json.dumps([DISCONNECT] + later)])
    dpd = by_code(result)["DPD_MISMATCH"]
    assert dpd["status"] == "confirmed" and result["misleading"] == []
    assert "dead-peer detection" in dpd["evidence"][0]["says"]


def test_the_same_connection_connecting_on_the_other_instance_seconds_later_is_a_failover(checked):
    rows = [DISCONNECT, _connect("2026-10-04T08:31:13.000Z", "192.0.2.77"),   # another site's row in between
            _connect("2026-10-04T08:31:20.000Z", "198.51.100.10")]
    result = explain(checked, azure_log_texts=[json.dumps(rows)])
    [item] = result["misleading"]
    assert item["explanation"].startswith("a disconnect on GatewayTenantWorker_IN_0 followed 8s later by a connect of "
                                          "the same connection (198.51.100.10) on GatewayTenantWorker_IN_1")
    assert "gateway failover" in item["explanation"]
    assert by_code(result)["DPD_MISMATCH"]["status"] == "not_covered"
