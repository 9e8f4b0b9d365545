# -*- coding: utf-8 -*-
"""Gateway NAT rules given as items of their own in the input (``az network vnet-gateway nat-rule list`` or ``show``:
type Microsoft.Network/virtualNetworkGateways/natRules, id under the gateway's) are the gateway's rules, as the same
rules inside the gateway's natRules are. Before (review s47 B) they were counted as ignored resources, and the
connection that links one said "names NAT rule ..., which gateway HUB-VNG does not have": its selectors were not
translated, and the warning sent the user looking for a rule that was in the input."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import load_resources

from azure_arm_builders import GW_ID, export, nat_rule

EGRESS = nat_rule("vnet-out", "EgressSnat", "10.20.0.0/16", "100.64.0.0/16")


def _flattened(rule):
    """The rule as az prints it: properties at the top, the NAT type as typePropertiesType."""
    out = {k: v for k, v in rule.items() if k != "properties"}
    props = dict(rule["properties"])
    out["typePropertiesType"] = props.pop("type")
    out.update(props)
    out["resourceGroup"] = "HUB"
    return out


def _ends(data):
    return azure_tunnel_ends(load_resources(data))


def test_a_rule_listed_apart_translates_the_vnet_as_one_inside_the_gateway():
    inside, inside_findings = _ends(export(enable_bgp=False, nat_rules=[EGRESS], egress=[EGRESS["id"]]))
    for rule in (EGRESS, _flattened(EGRESS)):
        apart, findings = _ends(export(enable_bgp=False, egress=[EGRESS["id"]]) + [rule])
        assert [f.summary for f in findings] == [f.summary for f in inside_findings] == []
        assert [e.local_networks for e in apart] == [e.local_networks for e in inside] == [["100.64.0.0/16"]] * 2
        assert apart[0].ref["nat_rules"] == [{"name": "vnet-out", "mode": "EgressSnat"}]


def test_a_rule_listed_apart_is_not_counted_as_ignored():
    facts = azure_facts_from_data(export(enable_bgp=False, egress=[EGRESS["id"]]) + [EGRESS])
    assert "ignored" not in facts["counts"] and "ignored_types" not in facts


def test_a_rule_listed_both_ways_is_read_once():
    ends, findings = _ends(export(enable_bgp=False, nat_rules=[EGRESS], egress=[EGRESS["id"]]) + [EGRESS])
    assert findings == [] and ends[0].local_networks == ["100.64.0.0/16"]


def test_a_rule_of_a_gateway_not_in_the_input_is_still_counted_as_ignored():
    other = dict(EGRESS, id=EGRESS["id"].replace(GW_ID, GW_ID + "-2"))
    facts = azure_facts_from_data(export(enable_bgp=False) + [other])
    assert facts["counts"]["ignored"] == 1
    assert facts["ignored_types"] == {"Microsoft.Network/virtualNetworkGateways/natRules": 1}
