# -*- coding: utf-8 -*-
"""'sysopt connection reclassify-vpn' and 'tcpmss minimum N' were read as nothing: each is now named as information;
'preserve-vpn-flows', which Microsoft's and Cisco's samples set, stays quiet."""

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_scenarios import report_for


def _named(report, text):
    return [f for t in report["tunnels"] for f in t["findings"]
            if f["code"] == "UNSUPPORTED_CONSTRUCT" and text in f["summary"]]


def test_reclassify_vpn_is_named_and_preserve_vpn_flows_is_not():
    extra = "sysopt connection preserve-vpn-flows\nsysopt connection reclassify-vpn"
    for report in (report_for(vti_config(extra=extra), azure_resources(**ROUTE_BASED)),
                   report_for(asa_config(extra=extra), azure_resources())):
        [finding] = _named(report, "sysopt connection reclassify-vpn")
        assert finding["severity"] == "info" and "Line " in finding["summary"]
        assert not _named(report, "preserve-vpn-flows")
        assert report["tunnels"][0]["verdict"] == "pass"


def test_tcpmss_minimum_is_named_and_its_default_is_not():
    report = report_for(asa_config(extra="sysopt connection tcpmss minimum 1200"), azure_resources())
    [finding] = _named(report, "sysopt connection tcpmss minimum 1200")
    assert finding["severity"] == "info"
    quiet = report_for(asa_config(extra="sysopt connection tcpmss minimum 0"), azure_resources())
    assert not _named(quiet, "tcpmss minimum")
