# -*- coding: utf-8 -*-
"""A crypto ACL deny narrowed to a service object-group after the destination takes out those ports only: it was read
as denying the whole pair, so the permit after it lost every selector and the report raised a false error ("takes
out all of ..."), where the same deny written with "eq 443" was rightly a warning."""
import policy_based_shapes as shapes
import test_nat_real_interface_review as natrev

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

ACL = "access-list AZ-ACL extended permit ip object-group ONPREM object-group AZURE"
SERVICE = "object-group service WEB tcp\n port-object eq 443\n"
PERMIT = "access-list AZ-ACL extended permit tcp object-group ONPREM object-group AZURE"
DENY = "access-list AZ-ACL extended deny tcp object-group ONPREM object-group AZURE "


def _config(deny_ports):
    text = natrev.ASA.format(onprem=natrev.TWO, nat=natrev.IDENTITY % "inside" + "\n" + natrev.IDENTITY % "servers",
                             routes="")
    assert ACL in text
    return text.replace(ACL, SERVICE + DENY + deny_ports + "\n" + PERMIT)


def _result(deny_ports):
    facts = asa_facts_from_text(_config(deny_ports), host="fw")
    [tunnel] = run_check(facts, azure_facts_from_data(shapes.arm(lng_prefixes=("10.1.0.0/16", "10.2.0.0/16"))))["tunnels"]
    selectors = sorted((s["local"], s["remote"], s["protocol"]) for s in facts["tunnels"][0]["traffic_selectors"])
    denials = sorted((f["severity"], f["code"]) for f in tunnel["findings"] if "denies before it permits" in f["summary"])
    return selectors, denials


def test_a_trailing_service_group_is_read_as_destination_ports():
    config, _findings = parse_asa_config(_config("object-group WEB"))
    deny = config.access_lists["AZ-ACL"].entries[0]
    assert deny.action == "deny" and deny.has_ports


def test_a_deny_to_a_service_group_takes_out_those_ports_only_as_eq_does():
    by_group, by_operator = _result("object-group WEB"), _result("eq 443")
    assert by_group[0], "the permit after the deny keeps its selectors"
    assert by_group == by_operator
    assert by_group[1] == [("warning", "TRAFFIC_SELECTOR_MISMATCH")]
