# -*- coding: utf-8 -*-
"""A remote-access dynamic map next to the Azure entry (the usual ASA): its tunnels have no peer to check, which is
said as information; the Azure tunnel, matched by its static entry first, is not degraded by it (review 2026-12-04:
every such ASA's tunnels were degraded, so a fail_on=warning gate failed)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

DYNAMIC = "crypto dynamic-map DYN 10 set ikev2 ipsec-proposal AZ-PROP\ncrypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN"


def test_the_static_tunnel_passes_and_the_dynamic_entry_is_named():
    report = report_for(asa_config(extra=DYNAMIC), azure_resources())
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert finding["severity"] == "info" and "dynamic map DYN" in finding["summary"]
    assert tunnel["verdict"] == "pass"
