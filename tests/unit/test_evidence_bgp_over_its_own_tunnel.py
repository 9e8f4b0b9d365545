# -*- coding: utf-8 -*-
"""A BGP session lost while its tunnel was down is the tunnel's effect, not a BGP finding; lost over an up tunnel it
confirms the tunnel's BGP finding. The tunnel state came from the last TunnelDiagnosticLog event of ANY connection of
the gateway: with two sites (or both instances of an active-active gateway) one tunnel's disconnect excused another
tunnel's BGP failure, and another tunnel's reconnect blamed BGP for a session its own tunnel's outage ended. Each BGP
event is now read against its own tunnel (the instance it names, the site correlate ties the tunnel to), as the user
sees it in report.json, report.md and report.html."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import log_query
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence_options import check_logs
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import attach_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import to_html
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import to_markdown
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import anchor_keys

from test_evidence_bgp_event_per_neighbor import active_active_report, two_sites

SITE_A, SITE_B = "198.51.100.10", "192.0.2.77"  # site-a's BGP neighbor is 169.254.21.1, site-b's 169.254.22.1


def tunnel_row(when, site, operation, instance="GatewayTenantWorker_IN_0"):
    return {"TimeGenerated": "2026-10-09T%s.000Z" % when, "Category": "TunnelDiagnosticLog", "OperationName": operation,
            "Message": "Tunnel %s" % operation[6:].lower(), "Level": "Informational", "Resource": "VGW-UKSOUTH",
            "instance_s": instance, "remoteIP_s": site, "status_s": operation[6:]}


def bgp_down(when, neighbor, instance="GatewayTenantWorker_IN_0"):
    return {"TimeGenerated": "2026-10-09T%s.000Z" % when, "Category": "RouteDiagnosticLog",
            "OperationName": "BgpDisconnectedEvent", "Level": "Informational", "Resource": "VGW-UKSOUTH",
            "Message": "BGP peer %s (AS 65010) disconnected: hold timer expired" % neighbor, "instance_s": instance}


def attached(report, rows):
    # the few keys report.md and report.html read beside the tunnels (two_sites() is report.json's tunnels only)
    report.setdefault("summary", {"tunnels": len(report["tunnels"]), "fail": len(report["tunnels"]), "degraded": 0,
                                  "pass": 0})
    for tunnel in report["tunnels"]:
        tunnel.setdefault("verdict", "fail")
        for finding in tunnel["findings"]:
            finding.setdefault("evidence", {})
            finding.setdefault("summary", "the two ends expect different AS numbers")
            finding.setdefault("remediation", {})
    return attach_evidence(report, {"azure_diagnostic_logs": [("gateway.json", json.dumps({"records": rows}))]},
                           tunnel_names=[t["name"] for t in report["tunnels"]])


def section(markdown, name):
    """The markdown of one tunnel (from its heading to the next tunnel's)."""
    start = markdown.index("## %s" % name)
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end > 0 else None]


def test_another_sites_disconnect_does_not_excuse_this_tunnels_bgp_loss():
    rows = [tunnel_row("12:00:00", SITE_A, "TunnelConnected"), tunnel_row("12:00:00", SITE_B, "TunnelConnected"),
            tunnel_row("12:04:00", SITE_A, "TunnelDisconnected"), bgp_down("12:04:30", "169.254.22.1")]
    report = attached(two_sites(), rows)
    site_b = report["tunnels"][1]["evidence"]
    [finding] = site_b["findings"]
    assert finding["status"] == "confirmed"
    assert finding["evidence"][0]["says"].endswith("; its tunnel (192.0.2.77 on GatewayTenantWorker_IN_0) was up (BGP "
                                                   "down over an up tunnel)")
    markdown = section(to_markdown(report), "site-b")
    assert "its tunnel (192.0.2.77 on GatewayTenantWorker_IN_0) was up" in markdown and "confirms BGP_ASN_MISMATCH" in markdown
    html = to_html(report)
    assert "its tunnel (192.0.2.77 on GatewayTenantWorker_IN_0) was up" in html[html.index('id="observed-%s"' % anchor_keys(report["tunnels"])[1]):]
    # site-a's own disconnect is its unexplained evidence, its tunnel's: site-b's BGP event is not site-a's
    assert [u["says"] for u in report["tunnels"][0]["evidence"]["unexplained"]] == [
        "the tunnel from Azure to ASA disconnected (TunnelDisconnected on GatewayTenantWorker_IN_0: Tunnel disconnected)"]


def test_another_sites_reconnect_does_not_blame_bgp_for_a_session_its_tunnels_outage_ended():
    rows = [tunnel_row("12:00:00", SITE_A, "TunnelConnected"), tunnel_row("12:00:00", SITE_B, "TunnelConnected"),
            tunnel_row("12:03:00", SITE_B, "TunnelDisconnected"), tunnel_row("12:04:00", SITE_A, "TunnelDisconnected"),
            tunnel_row("12:04:10", SITE_B, "TunnelConnected"), bgp_down("12:04:30", "169.254.21.1")]
    report = attached(two_sites(), rows)
    site_a = report["tunnels"][0]["evidence"]
    assert [f["status"] for f in site_a["findings"]] == ["not_covered"]
    markdown = section(to_markdown(report), "site-a")
    assert "confirms BGP_ASN_MISMATCH" not in markdown
    # the lost session is still shown, with the state of site-a's own tunnel and why it confirms nothing
    assert ("with 169.254.21.1 (BgpDisconnectedEvent: BGP peer 169.254.21.1 (AS 65010) disconnected: hold timer expired); "
            "its tunnel (198.51.100.10 on GatewayTenantWorker_IN_0) was down at the time (TunnelDisconnected at "
            "2026-10-09T12:04:00.000Z): an effect of that, not of BGP | no finding explains this: no BGP finding: the "
            "session went down with its tunnel") in markdown
    # the same through explain (vpn_evidence): the BGP event read against site-a's tunnel, down since 12:04:00
    result = explain(two_sites(), tunnel="site-a", azure_log_texts=[json.dumps(rows)])
    assert result["findings"][0]["status"] == "not_covered"


def test_the_other_instance_of_an_active_active_gateway_does_not_decide_this_instances_bgp_loss():
    report = active_active_report()
    site = "198.51.100.20"  # the ASA's address, both instances' tunnels' site
    rows = [tunnel_row("12:00:00", site, "TunnelConnected", "GatewayTenantWorker_IN_0"),
            tunnel_row("12:00:00", site, "TunnelConnected", "GatewayTenantWorker_IN_1"),
            tunnel_row("12:04:00", site, "TunnelDisconnected", "GatewayTenantWorker_IN_0"),
            bgp_down("12:04:30", "169.254.21.2", "GatewayTenantWorker_IN_1")]
    attached(report, rows)
    one = next(t for t in report["tunnels"] if t["name"] == "neu-to-dc-asa (instance 1)")["evidence"]
    [finding] = [f for f in one["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert finding["status"] == "confirmed"
    assert finding["evidence"][0]["says"].endswith("; its tunnel (198.51.100.20 on GatewayTenantWorker_IN_1) was up "
                                                   "(BGP down over an up tunnel)")


class _Client:
    def __init__(self, rows):
        self.rows = rows

    def __call__(self, reader, endpoint):
        return self

    def query(self, workspace, kql, timespan):
        columns = sorted({key for row in self.rows for key in row})
        return {"tables": [{"name": "PrimaryResult", "columns": [{"name": c} for c in columns],
                            "rows": [[row.get(c) for c in columns] for row in self.rows]}]}

    def close(self):
        pass


def test_the_gateways_observations_do_not_give_one_tunnels_state_to_another(monkeypatch):
    rows = [tunnel_row("12:00:00", SITE_A, "TunnelConnected"), tunnel_row("12:00:00", SITE_B, "TunnelConnected"),
            tunnel_row("12:04:00", SITE_A, "TunnelDisconnected"), bgp_down("12:04:30", "169.254.22.1")]
    monkeypatch.setattr(log_query, "LogQueryClient", _Client(rows))
    checked = check_logs({"workspace_id": "5b02755b-0c3d-4e8f-9a1b-2c3d4e5f6a7b", "hours": 1, "end_time": None,
                          "max_rows": 100, "categories": None, "endpoint": None})
    gateway = ("/subscriptions/5b02755b-0c3d-4e8f-9a1b-2c3d4e5f6a7b/resourceGroups/RG/providers/Microsoft.Network/"
               "virtualNetworkGateways/vgw-uksouth")
    _evidence, observations, _text = log_query.read_gateway_logs(None, "https://api.loganalytics.io", gateway, checked)
    [lost] = [o for o in observations if o["kind"] == "bgp_down"]
    # the route log names the instance, not the site: of two tunnels on it, neither's state is given as the event's
    assert lost["says"].endswith("; the state of its tunnel is not told: 2 tunnels on GatewayTenantWorker_IN_0 in the "
                                 "log (198.51.100.10 on GatewayTenantWorker_IN_0, 192.0.2.77 on GatewayTenantWorker_IN_0)")
    assert lost["abnormal"] is True and "BGP_ASN_MISMATCH" in lost["codes"]
