# -*- coding: utf-8 -*-
"""An Azure gateway's diagnostic logs and troubleshoot files cover every connection of the gateway: on a hub, most of
their lines are about other sites. A line that names another on-premises device (``Remote`` in the IKE log,
``remoteIP_s`` of a tunnel row, ``Remote Tunnel Endpoint`` of ConnectionStats) concerns another tunnel (review
2026-12-04: another site's NO_PROPOSAL_CHOSEN confirmed this tunnel's finding, another site's TunnelConnected
contradicted it, and another site's unanswered IKE_SA_INIT became an IKE_NO_RESPONSE error here)."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain

from test_evidence_azure import azure
from test_evidence_cases import by_code, report
from test_evidence_failures import IKE_GROUP_14

OTHER_SITE = "192.0.2.77"


def other_site(text):
    return text.replace("Remote 198.51.100.10:", "Remote %s:" % OTHER_SITE)


def test_another_sites_policy_mismatch_neither_confirms_nor_is_counted_for_this_tunnel():
    checked = report(IKE_GROUP_14)
    log = azure("ike_no_proposal.IKEDiagnosticLog.json")
    own = explain(checked, azure_log_texts=[log])
    assert by_code(own)["IKE_NO_COMMON_PROPOSAL"]["status"] == "confirmed"
    theirs = explain(checked, azure_log_texts=[other_site(log)])
    assert by_code(theirs)["IKE_NO_COMMON_PROPOSAL"]["status"] != "confirmed"
    assert any("observations about other on-premises devices (192.0.2.77)" in note for note in theirs["notes"])


def test_another_sites_tunnel_connected_row_does_not_contradict_this_tunnel():
    checked = report(IKE_GROUP_14)
    rows = [{"TimeGenerated": "2026-10-02T09:20:00Z", "Category": "TunnelDiagnosticLog",
             "OperationName": "TunnelConnected", "Message": "Connected", "remoteIP_s": OTHER_SITE,
             "instance_s": "GatewayTenantWorker_IN_0", "status_s": "Connected"}]
    theirs = explain(checked, azure_log_texts=[json.dumps(rows)])
    assert by_code(theirs)["IKE_NO_COMMON_PROPOSAL"]["status"] != "contradicted"
    rows[0]["remoteIP_s"] = "198.51.100.10"  # this ASA's own row still speaks for it
    own = explain(checked, azure_log_texts=[json.dumps(rows)])
    assert by_code(own)["IKE_NO_COMMON_PROPOSAL"]["status"] == "contradicted"


def test_another_connections_connection_stats_do_not_contradict_this_tunnel():
    checked = report(IKE_GROUP_14)
    stats = ("Connectivity State : Connected\nRemote Tunnel Endpoint : %s\nIngress Bytes (since last connected) : 1.2 MB\n"
             "Egress Bytes (Since last connected) : 3.4 MB\nConnected Since : 9/19/2026 4:02:11 PM\n")
    theirs = explain(checked, azure_troubleshoot_texts=[stats % OTHER_SITE])
    assert by_code(theirs)["IKE_NO_COMMON_PROPOSAL"]["status"] != "contradicted"
    own = explain(checked, azure_troubleshoot_texts=[stats % "198.51.100.10"])
    assert by_code(own)["IKE_NO_COMMON_PROPOSAL"]["status"] == "contradicted"


# An ASA behind NAT: its outside interface holds a private address, Azure sees the site at the NAT device's public one
# (the local network gateway's gatewayIpAddress, 198.51.100.10 here). Review of the twenty-seventh pass: no site was
# known for it, so another site's lines confirmed this tunnel's finding again.
BEHIND_NAT = IKE_GROUP_14 + [(" ip address 198.51.100.10 255.255.255.248\n", " ip address 192.168.77.2 255.255.255.0\n")]


def test_behind_nat_the_site_is_the_address_azure_sees_and_other_sites_are_left_out():
    checked = report(BEHIND_NAT)
    [tunnel] = checked["tunnels"]
    assert tunnel["azure"]["site_address"] == "198.51.100.10" and tunnel["asa"].get("address") == "192.168.77.2"
    log = azure("ike_no_proposal.IKEDiagnosticLog.json")
    theirs = explain(checked, azure_log_texts=[other_site(log)])
    assert by_code(theirs)["IKE_NO_COMMON_PROPOSAL"]["status"] != "confirmed"
    own = explain(checked, azure_log_texts=[log])
    assert by_code(own)["IKE_NO_COMMON_PROPOSAL"]["status"] == "confirmed"
