# -*- coding: utf-8 -*-
"""Review F2 #5: an Azure gateway's route log covers all its BGP sessions, and one neighbor's BgpDisconnectedEvent
confirmed the BGP finding of every tunnel of the gateway (the neighbor address it names was never compared). The event
is now the tunnel's whose BGP address (report.json ``asa.bgp.addresses`` / ``azure.bgp.neighbor``) it names; one that
names no address (on a gateway of several BGP tunnels) or an address of no tunnel is a note saying it is
unattributed, and confirms nothing."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import attach_evidence


def _tunnel(name, site, neighbor):
    return {"name": name, "asa": {"peer": "203.0.113.20", "address": site,
                                  "bgp": {"addresses": [neighbor], "neighbor": "10.0.255.30"}},
            "azure": {"gateway": "vgw-uksouth", "site_address": site,
                      "bgp": {"addresses": ["10.0.255.30"], "neighbor": neighbor}},
            "findings": [{"code": "BGP_ASN_MISMATCH", "phase": "traffic", "severity": "error"}]}


def two_sites():
    return {"tunnels": [_tunnel("site-a", "198.51.100.10", "169.254.21.1"),
                        _tunnel("site-b", "192.0.2.77", "169.254.22.1")]}


def log(message, operation="BgpDisconnectedEvent", instance="GatewayTenantWorker_IN_0"):
    rows = [{"TimeGenerated": "2026-10-09T12:00:00.000Z", "Category": "TunnelDiagnosticLog",
             "OperationName": "TunnelConnected", "Message": "Tunnel connected", "Resource": "VGW-UKSOUTH",
             "instance_s": "GatewayTenantWorker_IN_0", "remoteIP_s": site, "status_s": "Connected"}
            for site in ("198.51.100.10", "192.0.2.77")]
    rows.append({"TimeGenerated": "2026-10-09T12:04:30.000Z", "Category": "RouteDiagnosticLog",
                 "OperationName": operation, "Message": message, "Resource": "VGW-UKSOUTH", "instance_s": instance})
    return json.dumps(rows)


def statuses(report, text):
    """What the user sees in report.json after the check with this Azure log: per tunnel, the BGP finding's status
    and the evidence block's notes."""
    attach_evidence(report, {"azure_diagnostic_logs": [("route.json", text)]},
                    tunnel_names=[t["name"] for t in report["tunnels"]])
    return {t["name"]: ({f["code"]: f["status"] for f in t["evidence"]["findings"]}, t["evidence"]["notes"])
            for t in report["tunnels"]}


def test_a_neighbors_disconnect_confirms_the_bgp_finding_of_its_tunnel_only():
    seen = statuses(two_sites(), log("BGP peer 169.254.22.1 (AS 65020) disconnected: hold timer expired"))
    assert seen["site-b"][0] == {"BGP_ASN_MISMATCH": "confirmed"}
    assert seen["site-a"][0] == {"BGP_ASN_MISMATCH": "not_covered"}
    assert any("1 Azure BGP event(s) name the BGP neighbor of another tunnel of the report and were left out" in n
               for n in seen["site-a"][1])
    # the same through explain (vpn_evidence, azure_vpn_evidence)
    result = explain(two_sites(), tunnel="site-b", azure_log_texts=[log("BGP peer 169.254.22.1 disconnected")])
    [finding] = result["findings"]
    assert finding["status"] == "confirmed" and "with 169.254.22.1" in finding["evidence"][0]["says"]


def test_a_neighbors_connect_does_not_contradict_another_tunnels_bgp_finding():
    seen = statuses(two_sites(), log("BGP peer 169.254.22.1 (AS 65020) connected", operation="BgpConnectedEvent"))
    assert seen["site-a"][0] == {"BGP_ASN_MISMATCH": "not_covered"}
    assert seen["site-b"][0] == {"BGP_ASN_MISMATCH": "contradicted"}


def test_an_event_naming_an_address_of_no_tunnel_is_unattributed():
    seen = statuses(two_sites(), log("BGP peer 169.254.23.1 (AS 65030) disconnected: hold timer expired"))
    for name in ("site-a", "site-b"):
        statuses_, notes = seen[name]
        assert statuses_ == {"BGP_ASN_MISMATCH": "not_covered"}
        assert ("azure_logs: 1 Azure BGP event(s) are unattributed, not taken as evidence for this tunnel's findings "
                "(BgpDisconnectedEvent line 3: it names neighbor 169.254.23.1, the BGP address of no tunnel of the "
                "report)") in notes


def test_an_event_naming_no_address_on_a_gateway_of_two_bgp_tunnels_is_unattributed():
    seen = statuses(two_sites(), log("BGP session disconnected: hold timer expired"))
    for name in ("site-a", "site-b"):
        assert seen[name][0] == {"BGP_ASN_MISMATCH": "not_covered"}
        assert any("unattributed" in n and "it names no neighbor address and the gateway has 2 BGP tunnels in the "
                   "report (site-a, site-b)" in n for n in seen[name][1])


def test_an_event_naming_no_address_is_the_tunnels_when_it_is_the_gateways_only_bgp_tunnel():
    report = {"tunnels": [_tunnel("site-a", "198.51.100.10", "169.254.21.1")]}
    seen = statuses(report, log("BGP session disconnected: hold timer expired"))
    assert seen["site-a"][0] == {"BGP_ASN_MISMATCH": "confirmed"}
    assert not any("unattributed" in n for n in seen["site-a"][1])


def test_a_report_without_bgp_addresses_cannot_tie_an_event_and_says_so():
    report = {"tunnels": [{"name": "vti", "asa": {"peer": "203.0.113.20"}, "azure": {"gateway": "g"},
                           "findings": [{"code": "BGP_ASN_MISMATCH", "phase": "traffic"}]}]}
    result = explain(report, azure_log_texts=[log("BGP peer 169.254.21.1 (AS 65010) disconnected")])
    assert result["findings"][0]["status"] == "not_covered"
    assert any("it names neighbor 169.254.21.1 and the report's tunnels carry no BGP address" in n and
               "check again" in n for n in result["notes"])


def active_active_report():
    """The check's report of the route_based fixture vti_bgp_active_active (two tunnels, one per gateway instance)."""
    where = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_active_active")
    with open(os.path.join(where, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = asa_facts_from_text(handle.read())
    with open(os.path.join(where, "azure_resources.json"), encoding="utf-8") as handle:
        return run_check(asa, azure_facts_from_data(json.load(handle)))


def test_the_instance_of_an_active_active_gateway_tells_two_tunnels_of_one_neighbor_apart():
    report = active_active_report()
    # Azure expects 169.254.21.2 on both instances; instance 1's session (the ASA peers it from 169.254.22.2) drops
    seen = statuses(report, log("BGP peer 169.254.21.2 (AS 65010) disconnected: hold timer expired",
                                instance="GatewayTenantWorker_IN_1"))
    assert seen["neu-to-dc-asa (instance 1)"][0]["BGP_PEER_ADDRESS_MISMATCH"] == "confirmed"
    assert "BGP_PEER_ADDRESS_MISMATCH" not in seen["neu-to-dc-asa (instance 0)"][0]  # the instance that passes
    # instance 0's session is not the one that dropped: not shown as its unexplained evidence, a note says why
    zero = next(t for t in report["tunnels"] if t["name"] == "neu-to-dc-asa (instance 0)")["evidence"]
    assert [u["says"] for u in zero["unexplained"] if "BGP" in u["says"]] == []
    assert any("name the BGP neighbor of another tunnel" in n for n in zero["notes"])
