# -*- coding: utf-8 -*-
"""align pushes the NAT exemption the report's proven crypto ACL fix holds, and no other: where the ASA's NAT already
keeps the narrowed pairs untranslated (10/8 <-> 172.16/16 covers 10.1/16 <-> 172.16/16), the fix is the ACL lines
alone, and align adds no VPNALIGN object-groups and no identity NAT at line 1 (review L, finding 1: align's
asa_options had its own filter of the added pairs, without the report's test of what NAT keeps already)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import planned
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
import policy_based_shapes as shapes
from scenario_builders import asa_config, azure_resources

NARROWED = azure_resources(lng_prefixes=("10.1.0.0/16",))


def _tunnel(text, resources):
    [tunnel] = run_check(asa_facts_from_text(text, host="fw"), azure_facts_from_data(resources))["tunnels"]
    return tunnel


def _report_lines(tunnel):
    [finding] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert finding["proof"]["asa"]["proven"] is True, finding["proof"]
    return finding["remediation"]["asa"]


def _pushed(text, tunnel, mode):
    [job] = [j for j in align_role.jobs([tunnel], mode) if j["side"] == "asa"]
    return job, plan_present(text, dict(job["options"], state="present"))


def test_align_pushes_no_nat_rule_where_the_existing_exemption_covers_the_narrowed_pairs():
    text = asa_config()
    tunnel = _tunnel(text, NARROWED)
    proven = _report_lines(tunnel)
    assert not [line for line in proven if line.startswith(("nat ", "object-group "))], proven
    for mode in ("azure", "safest"):
        job, plan = _pushed(text, tunnel, mode)
        assert "nat_exemption" not in job["options"], (mode, job["options"])
        commands = list(plan.commands)
        assert not [c for c in commands if c.startswith(("nat ", "object-group "))], (mode, commands)
        assert sorted(commands) == sorted(proven), (mode, commands, proven)
        after = planned(ConfigTree.of(text), plan).text()
        left = [(f["severity"], f["code"]) for f in _tunnel(after, NARROWED)["findings"] if f["severity"] != "info"]
        assert left == [], (mode, left)


def test_align_still_exempts_a_pair_the_nat_does_not_keep_as_the_report_does():
    resources = shapes.arm(vnet=("172.16.0.0/16", "172.17.0.0/16"))
    text = shapes.asa()
    tunnel = _tunnel(text, resources)
    proven = _report_lines(tunnel)
    job, plan = _pushed(text, tunnel, "azure")
    assert job["options"]["nat_exemption"]["remote_networks"] == ["172.17.0.0/16"], job["options"]
    assert [c for c in proven if c.startswith("nat ")], proven
    assert [c for c in plan.commands if c.startswith("nat ")], list(plan.commands)
