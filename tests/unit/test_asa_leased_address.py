# -*- coding: utf-8 -*-
"""An outside interface that takes its address from DHCP or PPPoE (a branch ASA on a consumer line): the address
Azure's local network gateway must name is the lease's, so the check cannot compare them, and says so on each
tunnel through it instead of passing (review 2026-12-04: a wrong gatewayIpAddress passed without a word)."""

import pytest

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_scenarios import report_for

STATIC = "ip address 198.51.100.10 255.255.255.248"


def _unsupported(report):
    return [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]


@pytest.mark.parametrize("leased", ["ip address dhcp setroute", "ip address pppoe setroute"])
def test_a_crypto_map_on_a_leased_address_is_named(leased):
    report = report_for(asa_config().replace(STATIC, leased), azure_resources(lng_ip="192.0.2.77"))
    [finding] = _unsupported(report)
    assert finding["severity"] == "warning" and leased in finding["summary"] and "gatewayIpAddress" in finding["summary"]
    assert report["tunnels"][0]["verdict"] != "pass"


def test_a_vti_sourced_from_a_leased_address_is_named_once():
    report = report_for(vti_config(second_tunnel=True).replace(STATIC, "ip address dhcp setroute"),
                        azure_resources(**dict(ROUTE_BASED, active_active=True)))
    found = _unsupported(report)
    assert len(found) == 2 and len({f["summary"] for f in found}) == 1  # one finding, on both tunnels


def test_a_static_address_is_compared_as_before():
    report = report_for(asa_config(), azure_resources(lng_ip="192.0.2.77"))
    assert _unsupported(report) == []
    assert [f["code"] for f in report["tunnels"][0]["findings"] if f["severity"] == "error"] == ["PEER_ADDRESS_MISMATCH"]
