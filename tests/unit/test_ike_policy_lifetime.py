# -*- coding: utf-8 -*-
"""The IKE SA lifetime an ASA runs is that of the policy that negotiates with Azure, not of its lowest-numbered
policy: an ASA with a stronger policy first (that Azure's IPsec policy does not share) and the Azure-matching one
after it, each with its own ``lifetime seconds``, as Cisco's guides lay policies out."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

# A policy Azure's custom IPsec policy (AES256 / SHA256 / DHGroup14, scenario_builders.AZURE_POLICY) does not share.
STRONGER_FIRST = """\
crypto ikev2 policy 5
 encryption aes-gcm-256
 integrity null
 group 21
 prf sha512
 lifetime seconds {seconds}"""


def _tunnel(first_seconds, matching_seconds):
    report = report_for(asa_config(ike_lifetime=str(matching_seconds),
                                   extra=STRONGER_FIRST.format(seconds=first_seconds)), azure_resources())
    [tunnel] = report["tunnels"]
    return tunnel


def _ike_lifetime_findings(tunnel):
    return [f for f in tunnel["findings"] if f["code"] == "IKE_LIFETIME_MISMATCH"]


def test_the_policy_that_negotiates_decides_the_lifetime():
    # policy 10 negotiates with Azure and rekeys at Azure's fixed 28800 s: nothing differs
    tunnel = _tunnel(86400, 28800)
    assert _ike_lifetime_findings(tunnel) == []
    assert tunnel["rekey"]["asa"]["ike_lifetime_seconds"] == 28800


def test_a_difference_cites_the_negotiating_policy():
    tunnel = _tunnel(28800, 14400)
    [finding] = _ike_lifetime_findings(tunnel)
    assert "ASA 14400 s" in finding["summary"]
    cited = [line["text"] for line in finding["evidence"]["asa"]["lines"]]
    assert cited == ["crypto ikev2 policy 10", "lifetime seconds 14400"]
    assert tunnel["rekey"]["asa"]["ike_lifetime_seconds"] == 14400


def test_one_lifetime_over_all_policies_keeps_the_facts_as_they_were():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text

    facts = asa_facts_from_text(asa_config(extra=STRONGER_FIRST.format(seconds=28800)))
    assert all("lifetime_seconds" not in p for p in facts["tunnels"][0]["ike_proposals"])
    facts = asa_facts_from_text(asa_config(extra=STRONGER_FIRST.format(seconds=86400)))
    assert [p.get("lifetime_seconds") for p in facts["tunnels"][0]["ike_proposals"]] == [86400, 28800]


def test_the_fix_raises_the_short_policies_and_lowers_none():
    # policy 5 (not shared with Azure) already runs 86400 s: only policy 10 is raised to Azure's 28800 s
    [finding] = _ike_lifetime_findings(_tunnel(86400, 14400))
    assert finding["remediation"]["asa"] == ["crypto ikev2 policy 10", " lifetime seconds 28800"]
    [finding] = _ike_lifetime_findings(_tunnel(3600, 14400))
    assert finding["remediation"]["asa"] == ["crypto ikev2 policy 5", " lifetime seconds 28800",
                                             "crypto ikev2 policy 10", " lifetime seconds 28800"]


def test_one_policy_below_azure_gets_the_fix_shown():
    # before: the fix carried a '!' note (policies are global), which read as a step left to a person: not shown
    report = report_for(asa_config(ike_lifetime="14400"), azure_resources())
    [finding] = _ike_lifetime_findings(report["tunnels"][0])
    assert finding["remediation"]["asa"] == ["crypto ikev2 policy 10", " lifetime seconds 28800"]


def test_a_policy_with_no_lifetime_next_to_others_times_nothing():
    # policy 10, the one Azure negotiates, has 'lifetime none'; policy 5 (not shared with Azure) has 3600 s.
    # Before: "ASA 3600 s" and a proven fix to policy 5, which changes nothing for this tunnel.
    text = asa_config(extra=STRONGER_FIRST.format(seconds=3600)).replace(" lifetime seconds 28800", " lifetime none")
    report = report_for(text, azure_resources())
    [tunnel] = report["tunnels"]
    assert _ike_lifetime_findings(tunnel) == []
    assert tunnel["rekey"]["asa"]["ike_lifetime_seconds"] is None
