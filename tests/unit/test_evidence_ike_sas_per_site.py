# -*- coding: utf-8 -*-
"""Review F2 #4: getikesas of one connection of a gateway neither contradicts nor confirms the findings of another
connection of the same gateway: an IKE SA whose remoteEndpoint is another site's is left out, with a note."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import attach_evidence

from test_evidence_cases import by_code, fixture

IKE_SAS = fixture("azure/getikesas.json")  # one IKE SA, remoteEndpoint 198.51.100.10 (site A's ASA)


def _report():
    return {"tunnels": [
        {"name": "site-a", "asa": {"peer": "203.0.113.20", "address": "198.51.100.10"},
         "azure": {"connection": "A", "site_address": "198.51.100.10"},
         "findings": [{"code": "AUTH_MISMATCH", "phase": "ike_init", "severity": "error"}]},
        {"name": "site-b", "asa": {"peer": "203.0.113.20", "address": "192.0.2.77"},
         "azure": {"connection": "B", "site_address": "192.0.2.77"},
         "findings": [{"code": "AUTH_MISMATCH", "phase": "ike_init", "severity": "error"}]}]}


LEFT_OUT = ("the Azure gateway's observations about other on-premises devices (198.51.100.10) were left out: they are "
            "its other connections', not this tunnel's (whose ASA is 192.0.2.77)")


def test_another_sites_ike_sa_does_not_contradict_this_tunnels_finding():
    result = explain(_report(), tunnel="site-b", azure_ike_sas_text=IKE_SAS)
    assert by_code(result)["AUTH_MISMATCH"]["status"] == "not_covered"
    assert LEFT_OUT in result["notes"]


def test_its_own_sites_ike_sa_still_contradicts():
    result = explain(_report(), tunnel="site-a", azure_ike_sas_text=IKE_SAS)
    auth = by_code(result)["AUTH_MISMATCH"]
    assert auth["status"] == "contradicted"
    assert auth["evidence"][0]["says"].startswith("Azure (203.0.113.20) holds an IKE SA with ASA (198.51.100.10")


@pytest.mark.parametrize("name,status", [("site-a", "contradicted"), ("site-b", "not_covered")])
def test_attached_to_every_tunnel_of_a_report_it_counts_for_its_own_site_only(name, status):
    report = attach_evidence(_report(), {"azure_ike_sas": [("getikesas_A.json", IKE_SAS)]})
    tunnel = next(t for t in report["tunnels"] if t["name"] == name)
    assert by_code(tunnel["evidence"])["AUTH_MISMATCH"]["status"] == status
    assert (LEFT_OUT in tunnel["evidence"]["notes"]) == (name == "site-b")
