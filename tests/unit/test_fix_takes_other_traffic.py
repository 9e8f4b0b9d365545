# -*- coding: utf-8 -*-
"""A fix that gives an ASA tunnel new traffic must not take it from another tunnel of the ASA (review 2026-12-04:
"first, do no harm" on a busy ASA). Crypto map entries are matched in sequence order, the first match wins; a VTI
carries what is routed into it, by the longest match. A VNet that overlaps a partner's network (172.16.0.0/12 and a
partner's 172.30.50.0/24) made an ACL fix on an earlier entry, and a route into the Azure VTI, take the partner's
traffic, both "proven" on the Azure tunnel alone."""

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_scenarios import report_for

# a partner (not Azure) at 192.0.2.77 for 172.30.50.0/24, on a later entry of the same map
PARTNER_ENTRY = """object network PARTNER
 subnet 172.30.50.0 255.255.255.0
access-list PARTNER-ACL extended permit ip object HQ-LAN object PARTNER
crypto map AZ-MAP 20 match address PARTNER-ACL
crypto map AZ-MAP 20 set peer 192.0.2.77
crypto map AZ-MAP 20 set ikev2 ipsec-proposal AZ-PROP
tunnel-group 192.0.2.77 type ipsec-l2l
tunnel-group 192.0.2.77 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****"""
WIDE_VNET = ("172.16.0.0/12",)


def finding(report, code):
    [found] = [f for t in report["tunnels"] if t["azure"] for f in t["findings"] if f["code"] == code]
    return found


def test_an_acl_fix_on_an_earlier_entry_that_would_take_a_later_entrys_traffic_is_not_shown():
    report = report_for(asa_config(extra=PARTNER_ENTRY), azure_resources(vnet_prefixes=WIDE_VNET))
    mismatch = finding(report, "TRAFFIC_SELECTOR_MISMATCH")
    proof = mismatch["proof"]["asa"]
    assert proof["proven"] is False and "asa" not in mismatch["remediation"]
    assert "the new pair 10.0.0.0/8 -> 172.16.0.0/12 meets the pair 10.0.0.0/8 -> 172.30.50.0/24 of crypto map entry " \
           "AZ-MAP 20 (peer 192.0.2.77), which comes after this entry" in proof["reason"]


def test_the_same_fix_without_an_overlapping_entry_is_shown():
    report = report_for(asa_config(), azure_resources(vnet_prefixes=WIDE_VNET))
    mismatch = finding(report, "TRAFFIC_SELECTOR_MISMATCH")
    assert mismatch["proof"]["asa"]["proven"] is True
    assert any("172.16.0.0 255.240.0.0" in line for line in mismatch["remediation"]["asa"])


def test_a_route_into_the_vti_that_would_take_a_crypto_map_partners_traffic_is_not_shown():
    partner = PARTNER_ENTRY.replace("AZ-MAP 20", "PARTNER-MAP 20").replace("object HQ-LAN", "10.0.0.0 255.0.0.0")
    partner += "\ncrypto map PARTNER-MAP interface INTERNET"
    report = report_for(vti_config(routes="", extra=partner), azure_resources(**dict(ROUTE_BASED, vnet_prefixes=WIDE_VNET)))
    missing = finding(report, "ROUTE_MISSING")
    assert missing["proof"]["asa"]["proven"] is False and "asa" not in missing["remediation"]
    assert "a route for 172.16.0.0/12 into Tunnel1 takes the traffic PARTNER-MAP 20 sends to 172.30.50.0/24 (peer " \
           "192.0.2.77)" in missing["proof"]["asa"]["reason"]


def test_a_refusal_names_at_most_three_of_the_pairs_the_fix_would_take():
    # review of the twenty-seventh pass: the cap stopped the search per new pair only, so a fix of many pairs named
    # every overlap in one reason
    partner = PARTNER_ENTRY + "".join(
        "\naccess-list PARTNER-ACL extended permit ip object HQ-LAN %s 255.255.255.0" % net
        for net in ("172.31.1.0", "192.168.5.0", "192.168.6.0", "100.64.7.0", "100.64.8.0"))
    vnets = ("172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
    mismatch = finding(report_for(asa_config(extra=partner), azure_resources(vnet_prefixes=vnets)),
                       "TRAFFIC_SELECTOR_MISMATCH")
    reason = mismatch["proof"]["asa"]["reason"]
    assert mismatch["proof"]["asa"]["proven"] is False
    assert reason.count("meets the pair") == 3, reason
