# -*- coding: utf-8 -*-
"""The status Azure reports for a connection when it is read (connectionStatus): a tunnel Azure reported NotConnected
passed when both ends' settings agreed, and the value was already in the response (review 2026-12-04)."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def with_status(status):
    resources = azure_resources()
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["connectionStatus"] = status
    return resources


def status_findings(status):
    [tunnel] = report_for(asa_config(), with_status(status))["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "AZURE_CONNECTION_DOWN"]


def test_not_connected_is_a_warning_that_cites_the_property():
    tunnel, [finding] = status_findings("NotConnected")
    assert finding["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert "reported connection S2S as NotConnected" in finding["summary"]
    assert finding["evidence"]["azure"]["lines"][0]["text"].endswith("connectionStatus = NotConnected")


@pytest.mark.parametrize("status", ["Connecting", "Unknown"])
def test_a_status_that_says_nothing_sure_is_information(status):
    tunnel, [finding] = status_findings(status)
    assert finding["severity"] == "info" and tunnel["verdict"] == "pass"


def test_connected_or_absent_says_nothing():
    assert status_findings("Connected")[1] == []
    [tunnel] = report_for(asa_config(), azure_resources())["tunnels"]
    assert not [f for f in tunnel["findings"] if f["code"] == "AZURE_CONNECTION_DOWN"]
