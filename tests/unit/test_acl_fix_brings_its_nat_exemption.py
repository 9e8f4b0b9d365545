# -*- coding: utf-8 -*-
"""A proven crypto ACL fix that adds pairs where NAT rules decide the tunnel's traffic (an exemption next to a PAT
for everything) exempts the added pairs too: applied as printed, the check finds nothing left. Review 2026-12-04:
the added pairs were PAT'd (NAT_EXEMPTION_MISSING once applied)."""

import policy_based_shapes as shapes
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from vendor_apply import apply_asa

# Azure's VNet gains 172.17.0.0/16: the ACL and the exemption cover 172.16.0.0/16 only
RESOURCES = shapes.arm(vnet=("172.16.0.0/16", "172.17.0.0/16"))


def _tunnel(text):
    [tunnel] = run_check(asa_facts_from_text(text, host="fw"), azure_facts_from_data(RESOURCES))["tunnels"]
    return tunnel


def test_the_acl_fix_applied_as_printed_leaves_no_nat_finding():
    text = shapes.asa()
    tunnel = _tunnel(text)
    [selectors] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    lines = selectors["remediation"]["asa"]
    assert selectors["proof"]["asa"]["proven"] is True
    assert any(line.startswith("nat (inside,outside) 1 source static") for line in lines), lines
    after, _applied = apply_asa(text, lines)
    codes = [f["code"] for f in _tunnel(after)["findings"] if f["severity"] in ("error", "warning")]
    assert "NAT_EXEMPTION_MISSING" not in codes and "TRAFFIC_SELECTOR_MISMATCH" not in codes, codes


def test_align_pushes_the_exemption_with_the_acl_fix_and_the_check_then_passes():
    # review 2026-12-04 (align do-no-harm): align pushed local/remote networks alone, and the check afterwards said
    # NAT_EXEMPTION_MISSING, with nothing left to do
    from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import planned
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree

    text = shapes.asa()
    for mode in ("azure", "safest"):
        [job] = [j for j in align_role.jobs([_tunnel(text)], mode) if j["side"] == "asa"]
        nat = job["options"]["nat_exemption"]
        assert nat["remote_networks"] == ["172.17.0.0/16"], nat
        plan = plan_present(text, dict(job["options"], state="present"))
        after = planned(ConfigTree.of(text), plan).text()
        findings = [(f["severity"], f["code"]) for f in _tunnel(after)["findings"] if f["severity"] != "info"]
        assert findings == [], (mode, findings)
