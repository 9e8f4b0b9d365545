# -*- coding: utf-8 -*-
"""An Azure selector fix refused for a network the ASA does not reach names the network the finding is about too
(review D, finding 5: "Azure offers 172.16/16 <-> 10.3/16, which ASA refuses" got a reason about 10.2/16 alone)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from scenario_builders import asa_config, azure_resources

HQ_NETS = """object-group network HQ-NETS
 network-object 10.1.0.0 255.255.0.0
 network-object 10.2.0.0 255.255.0.0"""
# the LAN is 10.1/16; the ACL also names 10.2/16, behind none of the ASA's interfaces
SPLIT = asa_config(local_net="10.1.0.0 255.255.0.0").replace(
    "access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN",
    HQ_NETS + "\naccess-list AZ-ACL extended permit ip object-group HQ-NETS object AZ-LAN")


def _finding(resources):
    [tunnel] = run_check(asa_facts_from_text(SPLIT, host="fw"), azure_facts_from_data(resources))["tunnels"]
    [found] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    return found


def test_the_refused_network_and_the_one_the_fix_would_add_are_both_named():
    found = _finding(azure_resources(lng_prefixes=("10.1.0.0/16", "10.3.0.0/16")))
    assert found["severity"] == "error" and "172.16.0.0/16 <-> 10.3.0.0/16" in found["summary"]
    assert "azure" not in found["remediation"]
    # narrowing Azure to 10.1/16 alone (selectors or gateway) leaves the ASA's offer for 10.2/16 unrouted: no Azure
    # change alone clears the mismatch, and the reason says which networks are wrong where
    assert found["proof"]["azure"]["reason"] == (
        "not shown: it would have S2S expect 10.2.0.0/16 behind AZ-MAP 10 in place of 10.3.0.0/16, and AZ-MAP 10 "
        "reaches neither (its networks: 10.1.0.0/16): take 10.3.0.0/16 out of what S2S expects behind AZ-MAP 10, "
        "and 10.2.0.0/16 out of AZ-MAP 10's selectors, which offer it"), found["proof"]["azure"]["reason"]


def test_a_fix_that_only_adds_a_network_the_asa_does_not_reach_keeps_its_reason():
    found = _finding(azure_resources(lng_prefixes=("10.1.0.0/16",)))
    assert found["proof"]["azure"]["reason"].startswith(
        "not shown: it would have S2S expect 10.2.0.0/16 behind AZ-MAP 10, which none of AZ-MAP 10's networks holds")
