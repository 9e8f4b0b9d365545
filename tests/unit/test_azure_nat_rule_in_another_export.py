# -*- coding: utf-8 -*-
"""A gateway NAT rule given as an item of its own (type Microsoft.Network/virtualNetworkGateways/natRules) in another
export than its gateway (several files as azure_resources_files, one per resource group or one per ``az`` command) was
counted as ignored in its file, and the connection linking it said "names NAT rule ..., which gateway ... does not
have": its VNet selectors were not translated. It is now read into its gateway's natRules as when both are in one
file; one whose gateway is in none of the files is still counted as ignored."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_sources_facts_and_ends

from azure_arm_builders import GW_ID, export, nat_rule

EGRESS = nat_rule("vnet-out", "EgressSnat", "10.20.0.0/16", "100.64.0.0/16")


@pytest.mark.parametrize("rule_first", [False, True], ids=["gateway-file-first", "rule-file-first"])
def test_a_rule_in_another_export_translates_the_vnet_and_is_not_ignored(rule_first):
    sources = [(export(enable_bgp=False, egress=[EGRESS["id"]]), "hub.json"), ([EGRESS], "nat-rules.json")]
    if rule_first:
        sources.reverse()
    read = dict(zip([origin for _data, origin in sources], azure_sources_facts_and_ends(sources)))
    facts, ends, _used = read["hub.json"]
    assert [f["summary"] for f in facts["findings"] if f["code"] == "UNDEFINED_REFERENCE"] == []
    assert [e.local_networks for e in ends] == [["100.64.0.0/16"]] * 2  # both instances
    assert ends[0].ref["nat_rules"] == [{"name": "vnet-out", "mode": "EgressSnat"}]
    rule_facts, rule_ends, rule_used = read["nat-rules.json"]
    assert "ignored" not in rule_facts["counts"] and "ignored_types" not in rule_facts
    assert rule_ends == [] and rule_used == 1  # its resource is in the hub's tunnel


def test_a_rule_whose_gateway_is_in_no_export_is_still_ignored():
    other = dict(EGRESS, id=EGRESS["id"].replace(GW_ID, GW_ID + "-2"))
    read = azure_sources_facts_and_ends([(export(enable_bgp=False), "hub.json"), ([other], "nat-rules.json")])
    rule_facts = read[1][0]
    assert rule_facts["counts"]["ignored"] == 1
    assert rule_facts["ignored_types"] == {"Microsoft.Network/virtualNetworkGateways/natRules": 1}
