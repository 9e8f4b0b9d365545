# -*- coding: utf-8 -*-
"""``no sysopt connection permit-vpn``: decrypted traffic must then pass the interface ACLs, which are not read. The
tunnel says so, naming the line, instead of passing (review 2026-12-04)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def test_permit_vpn_off_is_named():
    report = report_for(asa_config(extra="no sysopt connection permit-vpn"), azure_resources())
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert finding["severity"] == "warning" and "no sysopt connection permit-vpn" in finding["summary"]
    assert report["tunnels"][0]["verdict"] == "degraded"


def test_other_no_lines_stay_unread():
    report = report_for(asa_config(extra="no sysopt connection timewait\nno logging message 106023"),
                        azure_resources())
    assert report["tunnels"][0]["verdict"] == "pass"
