# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04, align do-no-harm): a crypto ACL that another crypto map entry matches too (a DR peer answering
for the same networks) got a "proven" selector fix for the Azure tunnel, and align pushed it: the DR tunnel's
selectors widened with it, which no proof had judged. The ASA fix now names the other entry and is not shown as
proven; the Azure end's fix still is, and align changes nothing on the ASA."""

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources

DR_ENTRY = """crypto map AZ-MAP 20 match address AZ-ACL
crypto map AZ-MAP 20 set peer 192.0.2.50
crypto map AZ-MAP 20 set ikev2 ipsec-proposal AZ-PROP
tunnel-group 192.0.2.50 type ipsec-l2l
tunnel-group 192.0.2.50 general-attributes
 default-group-policy AZ-GP
"""


def azure_tunnel(extra):
    report = run_check(asa_facts_from_text(asa_config(extra=extra)),
                       azure_facts_from_data(azure_resources(vnet_prefixes=("172.16.0.0/16", "172.17.0.0/16"))))
    [tunnel] = [t for t in report["tunnels"] if t["azure"]]
    return tunnel


def test_a_selector_fix_to_an_acl_another_entry_matches_is_not_shown_as_proven():
    tunnel = azure_tunnel(DR_ENTRY)
    finding = next(f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH")
    assert finding["proof"]["asa"]["proven"] is False
    assert "access-list AZ-ACL is also matched by crypto map AZ-MAP 20" in finding["proof"]["asa"]["reason"]
    # nor does Azure drop its VNet's 172.17.0.0/16 to match (review 2026-12-05: a fix never takes a network out)
    assert finding["proof"]["azure"]["proven"] is False
    jobs = align_role.jobs([tunnel], "azure")
    assert [(job["side"], job["run"]) for job in jobs] == [("asa", False)]
    assert "local_networks" not in jobs[0]["options"]
    assert any("also matched by crypto map AZ-MAP 20" in step["reason"] for step in jobs[0]["manual"])


def test_the_same_acl_matched_only_by_the_tunnels_own_entry_is_fixed_as_before():
    tunnel = azure_tunnel("")
    finding = next(f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH")
    assert finding["proof"]["asa"]["proven"] is True
    assert any(line.startswith("access-list AZ-ACL extended permit") for line in finding["remediation"]["asa"])


# Review of this pass's diff: the report still proved the fix for an ACL an interface access-group applies too (align
# then planned it and the module refused it part-way), and a class-map user was missed on both sides (the edit went in).
def test_an_acl_an_access_group_or_a_class_map_applies_gets_no_proven_selector_fix():
    for user in ("access-group AZ-ACL in interface LAN",
                 "class-map AZ-CLASS\n match access-list AZ-ACL"):
        finding = next(f for f in azure_tunnel(user + "\n")["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH")
        assert finding["proof"]["asa"]["proven"] is False, user
        assert "access-list AZ-ACL is also matched by %s" % user.split("\n", maxsplit=1)[0] in finding["proof"]["asa"]["reason"]


def test_the_push_refuses_an_acl_a_class_map_applies():
    import pytest
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
    text = asa_config(extra="class-map AZ-CLASS\n match access-list AZ-ACL\n")
    with pytest.raises(IntentError, match="also matched by class-map AZ-CLASS"):
        plan_present(text, dict(crypto_map="AZ-MAP", seq=10, acl="AZ-ACL", local_networks=["10.0.0.0/8"],
                                remote_networks=["172.16.0.0/16", "172.17.0.0/16"]))


def test_a_hub_of_entries_sharing_one_acl_names_a_few_of_them():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text as facts_of
    entries = "".join("crypto map AZ-MAP %d match address AZ-ACL\ncrypto map AZ-MAP %d set peer 192.0.2.%d\n"
                      % (seq, seq, seq) for seq in range(20, 60))
    refs = [t["ref"] for t in facts_of(asa_config(extra=entries))["tunnels"]]
    assert all(len(ref["acl_matched_by"]) == 6 and ref["acl_matched_by"][-1] == "and 35 more" for ref in refs)
