# -*- coding: utf-8 -*-
"""A spoke read alone against its hub's export: the hub gateway's connections to other sites are not this ASA's
(review 2026-12-05, estate #5): their local network gateways name other addresses and networks that do not overlap the
ASA's, yet each was an unclear PEER_ADDRESS_MISMATCH error, failing the run even with unpaired_ok."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

OTHER_SITES = (("SITE-B", "192.0.2.60", ("192.168.60.0/24",)), ("SITE-C", "192.0.2.70", ("192.168.70.0/24",)))


def test_connections_to_other_sites_at_the_spokes_gateway_are_unpaired_not_errors():
    # the spoke's own connection is gone (deleted); what is left at its gateway serves three other sites
    report = report_for(asa_config(), azure_resources(lng_ip="192.0.2.50", lng_prefixes=("192.168.50.0/24",),
                                                      extra_connections=OTHER_SITES))
    codes = [f["code"] for t in report["tunnels"] for f in t["findings"]]
    assert "PEER_ADDRESS_MISMATCH" not in codes, codes
    assert [t for t in report["tunnels"] if t["azure"] and t["asa"]] == []
    assert len(report["unpaired"]) == 4, report["unpaired"]


def test_the_connection_whose_networks_are_the_asas_is_its_tunnel_with_the_wrong_address_as_the_finding():
    # one of the three holds the ASA's own networks: its local network gateway's address is the mistake
    report = report_for(asa_config(), azure_resources(lng_ip="192.0.2.50", lng_prefixes=("10.0.0.0/8",),
                                                      extra_connections=OTHER_SITES))
    [paired] = [t for t in report["tunnels"] if t["azure"] and t["asa"]]
    assert paired["azure"]["connection"] == "S2S"
    [mismatch] = [f for f in paired["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert mismatch["summary"].startswith("Azure S2S expects its peer at 192.0.2.50, but ASA AZ-MAP 10 is at 198.51.100.10")
    assert len(report["unpaired"]) == 2


def test_an_unpaired_asa_end_says_what_is_at_its_peer_address_in_every_report(tmp_path):
    # review 2026-12-05 (estate #4): it said "no Azure connection has this peer address" where three did, each to
    # another site; report.json and report.html gave no reason at all
    from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import write_reports
    report = report_for(asa_config(), azure_resources(lng_ip="192.0.2.50", lng_prefixes=("192.168.50.0/24",),
                                                      extra_connections=OTHER_SITES))
    [asa] = [end for end in report["unpaired"] if "asa" in end]
    assert asa["reason"].startswith("the Azure gateway at 203.0.113.20 has 3 connection(s) in this run, to other sites "
                                    "(their local network gateways are at 192.0.2.50, 192.0.2.60, 192.0.2.70), none to "
                                    "this end's address 198.51.100.10"), asa["reason"]
    write_reports(report, str(tmp_path))
    for name in ("report.md", "report.html", "report.xml"):
        assert "the Azure gateway at 203.0.113.20 has 3 connection(s)" in (tmp_path / name).read_text(), name
