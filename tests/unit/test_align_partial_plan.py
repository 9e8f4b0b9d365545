# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04, align do-no-harm): align pushed a plan a module could carry only in part. safest moved weak
crypto on both ends together; the ASA is two crypto map entries to the Azure peer, so its ESP change became a manual
step and only its new IKE policy was pushed, while Azure's new GCM-only policy went whole: the working (degraded)
tunnel then failed CHILD_NO_COMMON_PROPOSAL. The rest of a plan is now proven again, and held when it breaks
something."""

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources

# Azure's default policy offers these too: the tunnel negotiates them, below the baseline (WEAK_CRYPTO, a warning)
OLD_SUITE = dict(ike_enc="aes-256", ike_integ="sha", ike_prf="sha", ike_group="2", esp_enc="aes-256",
                 esp_integ="sha-1", global_seconds="27000")
SECOND_ENTRY = """object network DMZ-LAN
 subnet 192.168.50.0 255.255.255.0
access-list AZ-ACL2 extended permit ip object DMZ-LAN object AZ-LAN
nat (LAN,INTERNET) source static DMZ-LAN DMZ-LAN destination static AZ-LAN AZ-LAN no-proxy-arp route-lookup
route LAN 192.168.50.0 255.255.255.0 10.1.0.254 1
crypto map AZ-MAP 20 match address AZ-ACL2
crypto map AZ-MAP 20 set peer 203.0.113.20
crypto map AZ-MAP 20 set ikev2 ipsec-proposal AZ-PROP
"""


def tunnel(extra="", lng_prefixes=("10.0.0.0/8",)):
    report = run_check(asa_facts_from_text(asa_config(extra=extra, **OLD_SUITE)),
                       azure_facts_from_data(azure_resources(policy=None, lng_prefixes=lng_prefixes)))
    [entry] = report["tunnels"]
    assert [(f["severity"], f["code"]) for f in entry["findings"] if f["severity"] != "info"] == [
        ("warning", "WEAK_CRYPTO")]
    return entry


def test_a_both_ends_fix_the_asa_can_carry_only_in_part_is_not_pushed_to_either_end():
    entry = tunnel(SECOND_ENTRY, lng_prefixes=("10.0.0.0/8", "192.168.50.0/24"))
    jobs = {job["side"]: job for job in align_role.jobs([entry], "safest")}
    assert all(not job["run"] for job in jobs.values()), {s: j["options"] for s, j in jobs.items()}
    steps = [step for job in jobs.values() for step in job["manual"]]
    held = [step["reason"] for step in steps if step["kind"] == "partial_plan"]
    assert held and "brings error CHILD_NO_COMMON_PROPOSAL" in held[0], steps
    assert any(step["kind"] == "crypto_entries" for step in steps), "the step by hand is still said"
    # report.json keeps what it had: no working data of the proof
    assert not any("carried" in a or "held" in a for a in entry["alignment"]["safest"].values())


def test_the_same_fix_on_one_crypto_map_entry_is_pushed_to_both_ends_as_before():
    entry = tunnel()
    jobs = {job["side"]: job for job in align_role.jobs([entry], "safest")}
    assert jobs["asa"]["run"] and jobs["azure"]["run"]
    assert jobs["asa"]["options"]["esp"] == {"encryption": ["AES-GCM-256"], "integrity": []}
    assert not any(step["kind"] == "partial_plan" for job in jobs.values() for step in job["manual"])


# align_to intent (same review): the intent went to entry 10 of a two-entry tunnel and to Azure, and entry 20, left on
# the old settings, then failed PFS_MISMATCH; a weak intent would have been written into every tunnel.
INTENT = {"ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14]},
          "esp": {"encryption": ["AES-GCM-256"], "integrity": []}, "pfs_group": 14,
          "child_lifetime_seconds": 3600, "child_lifetime_kilobytes": 102400000}


def two_entry_tunnel():
    report = run_check(asa_facts_from_text(asa_config(extra=SECOND_ENTRY)),
                       azure_facts_from_data(azure_resources(lng_prefixes=("10.0.0.0/8", "192.168.50.0/24"))))
    [entry] = report["tunnels"]
    return entry


def test_intent_leaves_the_crypto_of_a_tunnel_of_several_entries_to_a_person_on_both_ends():
    entry = two_entry_tunnel()
    assert entry["asa"]["entries"] == [10, 20]
    jobs = {job["side"]: job for job in align_role.jobs([entry], "intent", intent=INTENT)}
    for side in ("asa", "azure"):
        assert not set(INTENT) & set(jobs[side]["options"]), (side, jobs[side]["options"])
        steps = [step for step in jobs[side]["manual"] if step["kind"] == "crypto_entries"]
        assert len(steps) == len(INTENT) and "2 crypto map entries to one peer (10, 20)" in steps[0]["reason"]
    # a tunnel of one entry takes the intent on both ends as before
    single = tunnel()
    assert "entries" not in single["asa"]
    jobs = {job["side"]: job for job in align_role.jobs([single], "intent", intent=INTENT)}
    assert jobs["asa"]["options"]["pfs_group"] == 14 and jobs["azure"]["options"]["pfs_group"] == 14


def test_an_intent_below_the_baseline_is_refused():
    weak = dict(INTENT, ike={"encryption": ["3DES"], "integrity": ["SHA1"], "dh_groups": [2]}, pfs_group=2)
    error = align_role.weak_intent_error(weak)
    assert error.startswith("align_intent asks for ike 3DES, ike SHA1, ike 2, pfs_group 2, which the baseline calls weak")
    assert align_role.weak_intent_error(INTENT) is None
    # the run's own baseline decides: SHA-1 accepted there, DH 14 not
    assert align_role.weak_intent_error(INTENT, {"weak_dh_groups": [14]}).endswith("nothing was changed")
    assert align_role.weak_intent_error(dict(INTENT, ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA1"],
                                                          "dh_groups": [14]}), {"weak_integrity": ["MD5"]}) is None


def test_an_intent_with_its_groups_as_text_is_judged_the_same():
    # -e, INI inventories and quoted YAML give strings; the push turns "2" into group 2
    weak = dict(INTENT, ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": ["2"]}, pfs_group="5")
    assert align_role.weak_intent_error(weak).startswith("align_intent asks for ike 2, pfs_group 5, which the baseline")
    assert align_role.weak_intent_error(dict(INTENT, pfs_group="14")) is None
    assert align_role.weak_intent_error(dict(INTENT, pfs_group="group2")) is not None


def test_a_hold_of_safest_leaves_the_one_end_alignment_it_shares_as_it_was():
    # safest takes an end's one-end alignment object as it is when its plan there is the same (compat); a hold of the
    # safest way emptied align_to_azure's job too (review of this pass's diff)
    from ansible_collections.vpnalign.s2s.plugins.module_utils.align_partial import hold_unproven_parts

    class Prover(object):
        def new_if_applied(self, fixes_by_vendor):
            # the ASA's part alone is harmless; with Azure's it breaks the tunnel
            return [type("F", (), {"severity": "error", "code": "CHILD_NO_COMMON_PROPOSAL"})()] \
                if fixes_by_vendor.get("azure") else []

        def cannot_without_held(self, fixes_by_vendor):
            return None  # each part can be rendered alone

    pfs = {"kind": "child_pfs", "group": 14}
    asa = {"side": "asa", "options": {"crypto_map": "M", "seq": 10, "pfs_group": 14}, "manual": [],
           "carried": [pfs], "held": ["child_proposal"]}
    azure = {"side": "azure", "options": {"name": "c", "esp": {}}, "manual": [], "carried": [{"kind": "x"}],
             "held": []}
    alignments = {"align_to_azure": asa, "align_to_asa": dict(azure, carried=[], held=[]),
                  "safest": {"asa": asa, "azure": azure}}
    hold_unproven_parts(alignments, Prover())
    assert alignments["align_to_azure"]["options"]["pfs_group"] == 14, "align_to azure is unchanged"
    assert alignments["align_to_azure"]["manual"] == []
    assert "pfs_group" not in alignments["safest"]["asa"]["options"]
    assert alignments["safest"]["asa"]["manual"][0]["kind"] == "partial_plan"
    assert not any(k in a for a in (alignments["align_to_azure"], alignments["safest"]["asa"])
                   for k in ("carried", "held", "partial_plan_held"))


# Route-based review (2026-12-04): safest, the VTI's tunnel-group missing (PEER_NOT_FOUND: the ASA's fix needs the key)
# and both ends on AES-256/SHA-1 (WEAK_CRYPTO, moved on both ends together). Without align_pre_shared_key the ASA job
# waited for the key and Azure's GCM-only policy went alone: once the tunnel-group was added, the tunnel failed.
def _vti_bgp_single_weak_without_tunnel_group():
    import json
    import os
    import re
    here = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single")
    with open(os.path.join(here, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = handle.read().replace(" protocol esp encryption aes-gcm-256\n protocol esp integrity null",
                                    " protocol esp encryption aes-256\n protocol esp integrity sha-1")
    asa = re.sub(r"tunnel-group 203\.0\.113\.20 .*\n( .*\n)*", "", asa)
    with open(os.path.join(here, "azure_resources.json"), encoding="utf-8") as handle:
        arm = json.load(handle)
    [connection] = [r for r in arm if r["type"].endswith("connections")]
    connection["properties"]["ipsecPolicies"][0].update(ipsecEncryption="AES256", ipsecIntegrity="SHA1")
    [entry] = run_check(asa_facts_from_text(asa), azure_facts_from_data(arm))["tunnels"]
    assert {f["code"] for f in entry["findings"] if f["severity"] != "info"} == {"PEER_NOT_FOUND", "WEAK_CRYPTO"}
    return entry


def test_safest_holds_the_other_end_while_one_waits_for_the_key_when_its_part_alone_breaks_the_tunnel():
    entry = _vti_bgp_single_weak_without_tunnel_group()
    jobs = {job["side"]: job for job in align_role.jobs([entry], "safest")}
    assert jobs["asa"]["key_missing"] and not jobs["asa"]["run"]
    assert not jobs["azure"]["run"] and jobs["azure"]["skipped"].startswith(
        "held: the ASA end's part of this plan needs the pre-shared key"), jobs["azure"]["skipped"]
    # with the key both ends go, as proven together
    jobs = {job["side"]: job for job in align_role.jobs([entry], "safest", have_key=True)}
    assert jobs["asa"]["run"] and jobs["azure"]["run"]
