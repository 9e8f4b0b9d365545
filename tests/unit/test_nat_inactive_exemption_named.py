# -*- coding: utf-8 -*-
"""A NAT exemption marked ``inactive`` exempts nothing (the ASA skips the rule). When the tunnel's traffic is then
translated by a PAT rule after it, NAT_EXEMPTION_MISSING names the inactive exemption (its detail and its lines), so
the user sees why the exemption they can read in the config does not count; the fix shown is still the proven one."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

EXEMPTION = "nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-LAN AZ-LAN no-proxy-arp route-lookup"
PAT = "nat (LAN,INTERNET) after-auto source dynamic any interface"


def _missing(text):
    report = report_for(text, azure_resources())
    return [f for f in report["tunnels"][0]["findings"] if f["code"] == "NAT_EXEMPTION_MISSING"]


def test_the_inactive_exemption_is_named():
    found = _missing(asa_config(nat=EXEMPTION + " inactive\n" + PAT))
    assert len(found) == 1
    finding = found[0]
    assert "marked inactive" in finding["summary"]
    assert "'%s inactive'" % EXEMPTION in finding["evidence"]["asa"]["detail"]
    texts = [line["text"] for line in finding["evidence"]["asa"]["lines"]]
    assert texts == [PAT, EXEMPTION + " inactive"]
    assert finding["proof"]["asa"]["proven"] is True
    assert not any(line.startswith("!") for line in finding["remediation"]["asa"])


def test_an_inactive_rule_that_would_not_exempt_is_not_named():
    other = "nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-OTHER AZ-OTHER inactive"
    text = asa_config(nat=other + "\n" + PAT, extra="").replace(
        "object network AZ-LAN", "object network AZ-OTHER\n subnet 192.168.50.0 255.255.255.0\nobject network AZ-LAN")
    found = _missing(text)
    assert len(found) == 1 and "inactive" not in found[0]["summary"]
    assert [line["text"] for line in found[0]["evidence"]["asa"]["lines"]] == [PAT]


def test_an_active_exemption_before_the_pat_rule_still_exempts():
    assert _missing(asa_config(nat=EXEMPTION + "\n" + PAT)) == []
