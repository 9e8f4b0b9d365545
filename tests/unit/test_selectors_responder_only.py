# -*- coding: utf-8 -*-
"""An Azure connection in ResponderOnly mode never offers selectors: what it would offer is not judged (review
2026-12-04: an error said "no Child SA comes up when Azure initiates" of such a connection)."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


@pytest.mark.parametrize("mode,refused", [("Default", True), ("ResponderOnly", False)])
def test_azure_s_offers_are_judged_only_when_it_initiates(mode, refused):
    # Azure's local network gateway names 192.168.0.0/16 too, which the ASA's crypto ACL does not take
    report = report_for(asa_config(), azure_resources(mode=mode, lng_prefixes=("10.0.0.0/8", "192.168.0.0/16")))
    found = [f for f in report["tunnels"][0]["findings"]
             if f["code"] == "TRAFFIC_SELECTOR_MISMATCH" and "when Azure initiates" in f["summary"]]
    assert bool(found) is refused
