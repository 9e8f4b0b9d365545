# -*- coding: utf-8 -*-
"""A crypto ACL fix adds a NAT exemption only for pairs the ASA's NAT does not keep untranslated already, and never
one whose real interface is the outside (review D, finding 1: an exemption at line 1 that nothing needed, and
``nat (INTERNET,INTERNET) 1 ...`` for an ``any`` ACL)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from scenario_builders import asa_config, azure_resources
from vendor_apply import apply_asa

ANY_ACL = asa_config().replace("access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN",
                               "access-list AZ-ACL extended permit ip any object AZ-LAN")


def _selector_fix(text, resources):
    [tunnel] = run_check(asa_facts_from_text(text, host="fw"), azure_facts_from_data(resources))["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert finding["proof"]["asa"]["proven"] is True, finding["proof"]
    return finding["remediation"]["asa"]


def _left(text, resources):
    [tunnel] = run_check(asa_facts_from_text(text, host="fw"), azure_facts_from_data(resources))["tunnels"]
    return [f["code"] for f in tunnel["findings"] if f["severity"] in ("error", "warning")]


def test_a_narrower_acl_inside_the_existing_exemption_brings_no_nat_rule():
    # the exemption HQ-LAN (10/8) -> AZ-LAN (172.16/16) already covers 10.1/16 -> 172.16/16
    resources = azure_resources(lng_prefixes=("10.1.0.0/16",))
    lines = _selector_fix(asa_config(), resources)
    assert lines == ["access-list AZ-ACL extended permit ip 10.1.0.0 255.255.0.0 172.16.0.0 255.255.0.0",
                     "no access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN"], lines
    after, _applied = apply_asa(asa_config(), lines)
    assert _left(after, resources) == []


def test_an_any_acl_fix_brings_no_exemption_on_the_outside_interface():
    resources = azure_resources()
    lines = _selector_fix(ANY_ACL, resources)
    assert not [line for line in lines if line.startswith(("nat ", "object-group "))], lines
    after, _applied = apply_asa(ANY_ACL, lines)
    assert _left(after, resources) == []


def test_a_pair_nat_does_not_exempt_yet_gets_a_rule_on_the_inside_interface_only():
    resources = azure_resources(vnet_prefixes=("172.16.0.0/16", "172.17.0.0/16"))
    lines = _selector_fix(ANY_ACL, resources)
    nat = [line for line in lines if line.startswith("nat ")]
    assert nat == ["nat (LAN,INTERNET) 1 source static VPNALIGN-AZ-MAP-10-LOCAL VPNALIGN-AZ-MAP-10-LOCAL "
                   "destination static VPNALIGN-AZ-MAP-10-REMOTE VPNALIGN-AZ-MAP-10-REMOTE no-proxy-arp route-lookup"]
    assert " network-object 172.17.0.0 255.255.0.0" in lines and " network-object 172.16.0.0 255.255.0.0" not in lines
    after, _applied = apply_asa(ANY_ACL, lines)
    assert _left(after, resources) == []


# Review 2026-12-07: the site's exemption names its whole groups (ONPREM: 10.1/16 on inside, 10.2/16 on servers) while
# the crypto ACL permits 10.1/16 only; the ACL fix for Azure's 10.2/16 also brought two object-groups and a
# 'nat (servers,outside) 1 ...' rule, though the identity rule on servers already keeps 10.2/16 -> 172.16/16 untranslated.
def test_a_pair_the_device_s_exemption_already_covers_brings_no_nat_rule():
    import policy_based_shapes as shapes
    narrow = "access-list AZ-ACL extended permit ip 10.1.0.0 255.255.0.0 172.16.0.0 255.255.0.0"
    text = shapes.asa(acl=narrow)
    lines = _selector_fix(text, shapes.arm())
    assert lines == ["access-list AZ-ACL extended permit ip 10.2.0.0 255.255.0.0 172.16.0.0 255.255.0.0"], lines
    after, _applied = apply_asa(text, lines)
    assert _left(after, shapes.arm()) == []


def test_a_pair_translated_before_the_exemption_still_gets_its_rule():
    import policy_based_shapes as shapes
    narrow = "access-list AZ-ACL extended permit ip 10.1.0.0 255.255.0.0 172.16.0.0 255.255.0.0"
    # a PAT for servers ahead of its exemption: 10.2/16 -> 172.16/16 is translated today
    text = shapes.asa(acl=narrow, nat="nat (servers,outside) source dynamic any interface\n" + shapes.NAT)
    lines = _selector_fix(text, shapes.arm())
    assert [line for line in lines if line.startswith("nat ")] == [
        "nat (servers,outside) 1 source static VPNALIGN-CM-10-LOCAL VPNALIGN-CM-10-LOCAL destination static "
        "VPNALIGN-CM-10-REMOTE VPNALIGN-CM-10-REMOTE no-proxy-arp route-lookup"], lines
    after, _applied = apply_asa(text, lines)
    assert _left(after, shapes.arm()) == []
