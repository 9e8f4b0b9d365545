# -*- coding: utf-8 -*-
"""An end that pairs with nothing still shows its own config findings (review s43 F): the ASA end of an IPv6 VTI to a
site not in the run carried its UNSUPPORTED_CONSTRUCT, PEER_ADDRESS_MISMATCH and PEER_NOT_FOUND nowhere, and an Azure
connection to a site no ASA of the run is at dropped its AZURE_POLICY_INVALID. They are now listed with the unpaired
end in every report format and the console summary, and count in the gate like any other finding: unpaired_ok says
the missing counterpart is expected, not that the end's own errors are."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import should_fail
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result, gate
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts

from scenario_builders import ROUTE_BASED, azure_resources, vti_config

IPV6_SECOND_TUNNEL = (" tunnel destination 203.0.113.21\n tunnel mode ipsec ipv4",
                      " tunnel destination 2001:db8::21\n tunnel mode ipsec ipv6")
# an object whose address is not one: a finding of the ASA as a whole (no tunnel uses it)
BAD_OBJECT = "object network BAD\n subnet 10.0.0.300 255.255.255.0\n"
# a connection of the same subscription's gateway to a site no ASA of the run is at, its policy GCM with SHA256
OTHER_SITE = dict(lng_ip="192.0.2.50", gateway_ip="203.0.113.99",
                  policy_changes=dict(ipsecEncryption="GCMAES256", ipsecIntegrity="SHA256"), **ROUTE_BASED)


def _ipv6_second_tunnel_report():
    text = vti_config(second_tunnel=True)
    assert text.count(IPV6_SECOND_TUNNEL[0]) == 1
    return run_check(asa_facts_from_text(text.replace(*IPV6_SECOND_TUNNEL)), azure_facts_from_data(
        azure_resources(**ROUTE_BASED)))


def _codes(entry):
    return [(f["code"], f["severity"]) for f in entry.get("findings") or ()]


def _unpaired(report, vendor):
    return [end for end in report["unpaired"] if vendor in end]


def test_an_unpaired_asa_end_lists_its_own_findings():
    report = _ipv6_second_tunnel_report()
    [tunnel] = report["tunnels"]
    assert tunnel["verdict"] == "pass" and tunnel["findings"] == []
    [end] = _unpaired(report, "asa")
    assert end["asa"]["interface"] == "Tunnel2"
    codes = _codes(end)
    assert ("UNSUPPORTED_CONSTRUCT", "warning") in codes
    assert ("PEER_ADDRESS_MISMATCH", "error") in codes and ("PEER_NOT_FOUND", "error") in codes
    assert end["verdict"] == "fail"
    assert any("tunnel mode ipsec ipv6" in f["summary"] for f in end["findings"])


def test_an_unpaired_azure_connection_lists_its_own_findings():
    report = run_check(asa_facts_from_text(vti_config()), [azure_facts_from_data(azure_resources(**ROUTE_BASED)),
                                                           azure_facts_from_data(azure_resources(**OTHER_SITE))])
    assert [t["verdict"] for t in report["tunnels"]] == ["pass"]
    [end] = _unpaired(report, "azure")
    assert end["azure"]["site_address"] == "192.0.2.50"
    assert _codes(end) == [("AZURE_POLICY_INVALID", "error")]
    assert end["verdict"] == "fail"


def test_what_an_asa_says_of_itself_shows_where_no_tunnel_of_it_does():
    """An ASA-wide finding is on each of its tunnels; with none paired it goes with its unpaired end, not nowhere."""
    text = vti_config().replace("!\n", "!\n" + BAD_OBJECT, 1)
    alone = run_check(asa_facts_from_text(text), azure_facts_from_data(azure_resources(**OTHER_SITE)))
    assert alone["tunnels"] == []
    [end] = _unpaired(alone, "asa")
    assert ("INVALID_VALUE", "warning") in _codes(end)
    both = vti_config(second_tunnel=True).replace("!\n", "!\n" + BAD_OBJECT, 1).replace(*IPV6_SECOND_TUNNEL)
    paired = run_check(asa_facts_from_text(both), azure_facts_from_data(azure_resources(**ROUTE_BASED)))
    [tunnel] = paired["tunnels"]
    assert ("INVALID_VALUE", "warning") in _codes(tunnel)
    [end] = _unpaired(paired, "asa")
    assert ("INVALID_VALUE", "warning") not in _codes(end)  # said once, on the tunnel, not again per unpaired end


def test_an_unpaired_end_s_errors_fail_the_gate_even_with_unpaired_ends_expected():
    report = _ipv6_second_tunnel_report()
    result = compact_result(report, (), "error", True)
    assert result["counts"]["error"] == 2 and result["counts"]["warning"] >= 1
    verdict = gate(result, "error", (), unpaired_ok=True)
    assert not verdict["passed"]
    assert "2 error(s)" in verdict["message"]
    assert gate(result, "never", (), unpaired_ok=True)["passed"]
    # the task's own failure (fail_on) and align's re-check judge them as the gate does
    assert should_fail(report, "error") and not should_fail(report, "never")
    # the compact result names the unpaired end's counts, not its findings in full
    [end] = result["unpaired"]
    assert end["counts"]["error"] == 2 and "findings" not in end


def test_every_report_format_and_the_console_show_an_unpaired_end_s_findings():
    report = _ipv6_second_tunnel_report()
    lines = summary_lines(report, "error", True)
    at = next(i for i, line in enumerate(lines) if line.startswith("UNPAIRED"))
    below = lines[at + 1:]
    assert any("UNSUPPORTED_CONSTRUCT" in line and "tunnel mode ipsec ipv6" in line for line in below), lines
    assert any(line.strip().startswith("ERROR PEER_ADDRESS_MISMATCH") for line in below), lines
    texts = report_texts(report, "error", True)
    for name in ("report.md", "report.html", "report.xml"):
        text = texts[name]
        for code in ("UNSUPPORTED_CONSTRUCT", "PEER_ADDRESS_MISMATCH"):
            assert code in text, (name, code)
    unpaired = json.loads(texts["report.json"])["unpaired"]
    assert ("UNSUPPORTED_CONSTRUCT", "warning") in _codes(unpaired[0])
    # report.xml: the end's error fails a testcase even though its missing counterpart is expected (skipped)
    xml = texts["report.xml"]
    assert '<failure type="error" message="Interface GigabitEthernet0/0' in xml
