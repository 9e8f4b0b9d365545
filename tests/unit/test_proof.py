# -*- coding: utf-8 -*-
"""proof.py on its own: what is refused outright, how a fix is applied to a model end (ModelEdit),
and device-wide ASA changes proven against the ASA's other tunnels (Prover, TunnelPlan).

Ends come from the real adapters (scenario_builders' ASA configs and ARM exports), so the tests
speak of the tunnels a user has.
"""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import pair_ends, run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.fix_rendering import PROOF_RULES
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import ends_from_facts
from ansible_collections.vpnalign.s2s.plugins.module_utils.proof import EndRules, ModelEdit, Prover, TunnelPlan, refusal

from scenario_builders import asa_config, azure_resources, vti_config

BREAKS = ("IKE_NO_COMMON_PROPOSAL", "CHILD_NO_COMMON_PROPOSAL")


def ends(asa_text, *exports):
    """[(ASA end, Azure end)] paired as the check pairs them."""
    asa = ends_from_facts(asa_facts_from_text(asa_text))
    azure = [end for export in exports for end in ends_from_facts(azure_facts_from_data(export))]
    pairs, _l, _r = pair_ends(asa, azure)
    return pairs


def one_pair(asa_text, export):
    [pair] = ends(asa_text, export)
    return pair


def codes(findings, severities=("error", "warning")):
    return sorted(f.code for f in findings if f.severity in severities)


# ---------------------------------------------------------------------------------------------
# refusal(): never shown, whatever the engine says afterwards
# ---------------------------------------------------------------------------------------------
def test_removing_pfs_is_refused():
    asa, azure = one_pair(asa_config(pfs="crypto map AZ-MAP 10 set pfs group19"), azure_resources())
    why = refusal(asa, intent("child_pfs", group=None))
    assert why and "remove PFS (group 19)" in why
    assert refusal(azure, intent("child_pfs", group=None)) is None, "Azure has no PFS: nothing is removed"
    assert refusal(azure, intent("child_pfs", group=19)) is None


STRONG_IKE = dict(encryption="AES-CBC-256", integrity="SHA256", prf="SHA256", dh_group=14)


@pytest.mark.parametrize("kind,values,weak", [
    ("ike_proposal", dict(STRONG_IKE, integrity="SHA1", prf="SHA1"), "SHA1"),
    ("ike_proposal", dict(STRONG_IKE, encryption="3DES"), "3DES"),
    ("ike_proposal", dict(STRONG_IKE, dh_group=2), "DH group 2"),
    ("child_proposal", dict(encryption="AES-CBC-256", integrity="MD5"), "MD5"),
])
def test_a_weak_suite_the_end_does_not_use_is_refused(kind, values, weak):
    asa, _azure = one_pair(asa_config(), azure_resources())
    why = refusal(asa, intent(kind, **values))
    assert why and weak in why and "baseline" in why


def test_a_weak_value_the_end_already_uses_is_no_weakening():
    # Azure's default policy offers SHA1 and DH group 2 already; the ASA below uses them too.
    asa, azure = one_pair(asa_config(ike_integ="sha", ike_prf="sha", ike_group="2"), azure_resources(policy=None))
    for end in (asa, azure):
        assert refusal(end, intent("ike_proposal", **{**STRONG_IKE, "integrity": "SHA1", "prf": "SHA1", "dh_group": 2})) \
            is None, end.name
    assert refusal(asa, intent("ike_proposal", **STRONG_IKE)) is None


@pytest.mark.parametrize("pairs", [
    [["0.0.0.0/0", "0.0.0.0/0"]],
    [["10.0.0.0/8", "0.0.0.0/0"]],
    [["10.0.0.0/8", "172.16.0.0/16"], ["0.0.0.0/0", "172.16.0.0/16"]],
])
def test_any_in_a_policy_based_ends_selectors_is_refused(pairs):
    asa, azure = one_pair(asa_config(), azure_resources())  # crypto map entry; Azure with policy selectors
    for end in (asa, azure):
        why = refusal(end, intent("traffic_selectors", pairs=pairs))
        assert why and "any" in why, end.name
    assert refusal(asa, intent("traffic_selectors", pairs=[["10.0.0.0/8", "172.16.0.0/16"]])) is None


def test_policy_selectors_off_is_refused_on_a_policy_based_end_only():
    _asa, azure = one_pair(asa_config(), azure_resources())
    assert "any-to-any" in refusal(azure, intent("policy_selectors", enabled=False))
    assert refusal(azure, intent("policy_selectors", enabled=True)) is None
    vti, route_based = one_pair(vti_config(), azure_resources(use_policy_ts=False, lng_prefixes=("10.1.0.0/16",)))
    assert route_based.route_based and vti.route_based
    assert refusal(route_based, intent("policy_selectors", enabled=False)) is None
    assert refusal(vti, intent("traffic_selectors", pairs=[["0.0.0.0/0", "0.0.0.0/0"]])) is None


@pytest.mark.parametrize("kind,unit,lower,higher", [
    ("child_lifetime_kilobytes", "kilobytes", 2048, 204800000),
    ("child_lifetime_seconds", "seconds", 300, 28800),
    ("ike_lifetime_seconds", "seconds", 3600, 86400),
])
def test_lowering_a_lifetime_is_refused(kind, unit, lower, higher):
    # The seed's lesson: the ASA rekeys after 100 GB / 3600 s / IKE 28800 s, Azure after 2 MB;
    # never bring the ASA down to it.
    asa, azure = one_pair(asa_config(), azure_resources(policy_changes=dict(saDataSizeKilobytes=2048)))
    why = refusal(asa, intent(kind, **{unit: lower}))
    assert why and "lower" in why and "raise the lower end instead" in why
    assert refusal(asa, intent(kind, **{unit: higher})) is None
    assert refusal(azure, intent("child_lifetime_kilobytes", kilobytes=102400000)) is None
    assert "lower" in refusal(azure, intent("child_lifetime_kilobytes", kilobytes=1024))


def test_limiting_an_unlimited_data_lifetime_to_a_low_value_is_refused():
    unlimited = "crypto map AZ-MAP 10 set security-association lifetime kilobytes unlimited"
    asa, _azure = one_pair(asa_config(entry_lifetime=unlimited), azure_resources())
    assert asa.child_lifetime.kilobytes is None
    assert refusal(asa, intent("child_lifetime_kilobytes", kilobytes=2048))


# ---------------------------------------------------------------------------------------------
# ModelEdit
# ---------------------------------------------------------------------------------------------
# The ASA agrees with Azure's default policy on a later offer: IKE AES256/SHA256 (Azure's first is
# AES256/SHA1), ESP AES256/SHA256; it asks for PFS 14.
LATER_OFFER = dict(ike_enc="aes-256", ike_integ="sha256", ike_prf="sha256", ike_group="2", esp_enc="aes-256",
                   esp_integ="sha-256", global_seconds="28800", pfs="crypto map AZ-MAP 10 set pfs group14")


def test_one_suite_azure_keeps_the_suite_the_pair_negotiates():
    asa, azure = one_pair(asa_config(**LATER_OFFER), azure_resources(policy=None))
    assert len(azure.ike_proposals) > 1, "Azure's default policy offers several suites"
    offers_before = list(azure.ike_proposals)
    fixed = ModelEdit(azure, asa, PROOF_RULES["azure"]).apply([intent("child_pfs", group=14)])
    [ike] = fixed.ike_proposals
    assert (ike.encryption, ike.integrity, ike.dh_groups) == (("AES-CBC-256",), ("SHA256",), (2,)), \
        "the suite the ASA and Azure agree on, not Azure's first offer (AES256/SHA1)"
    [child] = fixed.child_proposals
    assert (child.encryption, child.integrity, child.dh_groups) == (("AES-CBC-256",), ("SHA256",), (14,))
    assert fixed.pfs_group == 14 and fixed.ike_proposals_responder is None and fixed.child_proposals_responder is None
    assert not set(codes(check_tunnel(asa, fixed))) & set(BREAKS)
    assert azure.ike_proposals == offers_before and azure.pfs_group is None, "the original end is not changed"


def test_asa_ikev2_policy_is_added_next_to_the_others():
    asa, azure = one_pair(asa_config(), azure_resources(policy_changes=dict(ikeEncryption="AES128")))
    fixed = ModelEdit(asa, azure, PROOF_RULES["asa"]).apply(
        [intent("ike_proposal", **{**STRONG_IKE, "encryption": "AES-CBC-128"})])
    # last, as the ASA numbers it (after every existing policy)
    assert fixed.ike_proposals[-1].encryption == ("AES-CBC-128",)
    assert fixed.ike_proposals[:-1] == asa.ike_proposals
    assert codes(check_tunnel(asa, azure)) == ["IKE_NO_COMMON_PROPOSAL"]
    assert codes(check_tunnel(fixed, azure)) == []


def test_an_edit_clears_the_unknowns_it_settles_and_keeps_the_rest():
    asa, azure = one_pair(asa_config(), azure_resources(policy_changes=dict(pfsGroup="ECP256")))
    asa.unknowns = ("pfs_group", "nat")
    fixed = ModelEdit(asa, azure).apply([intent("child_pfs", group=19)])
    assert fixed.pfs_group == 19 and fixed.unknowns == ("nat",)
    assert asa.unknowns == ("pfs_group", "nat") and asa.pfs_group is None


# ---------------------------------------------------------------------------------------------
# Device-wide ASA changes, proven against the ASA's other tunnels
# ---------------------------------------------------------------------------------------------
# A second crypto map entry on the same ASA, to a second Azure gateway (203.0.113.30, VNet 172.17/16).
SECOND_ENTRY = """\
object network AZ2-LAN
 subnet 172.17.0.0 255.255.0.0
access-list AZ2-ACL extended permit ip object HQ-LAN object AZ2-LAN
nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ2-LAN AZ2-LAN no-proxy-arp route-lookup
crypto map AZ-MAP 20 match address AZ2-ACL
crypto map AZ-MAP 20 set peer 203.0.113.30
crypto map AZ-MAP 20 set ikev2 ipsec-proposal AZ-PROP
tunnel-group 203.0.113.30 type ipsec-l2l
tunnel-group 203.0.113.30 general-attributes
 default-group-policy AZ-GP
tunnel-group 203.0.113.30 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****"""


def two_tunnels(first_policy=None):
    """The ASA's two entries and their two Azure connections: the first with ``first_policy`` changes,
    the second aligned."""
    asa_text = asa_config(extra=SECOND_ENTRY)
    first = azure_resources(policy_changes=first_policy)
    second = azure_resources(gateway_ip="203.0.113.30", vnet_prefixes=("172.17.0.0/16",))
    pairs = ends(asa_text, first, second)
    assert len(pairs) == 2
    by_peer = {asa.peer_address: (asa, azure) for asa, azure in pairs}
    return asa_text, first, second, by_peer["203.0.113.20"], by_peer["203.0.113.30"]


# Azure's IKE integrity SHA384 against the ASA's sha256: either end can move (the ASA by a new ikev2 policy).
STRONGER_ON_AZURE = dict(ikeIntegrity="SHA384")


def prover_for(pair, sibling, rules=None):
    asa, azure = pair
    return Prover(asa, azure, check_tunnel(asa, azure), rules or PROOF_RULES, siblings={"asa": [sibling]})


def test_the_two_entries_are_two_working_tunnels_before_any_change():
    _t, _f, _s, first, second = two_tunnels()
    assert codes(check_tunnel(*first)) == [] and codes(check_tunnel(*second)) == []
    assert first[0].name != second[0].name


def test_an_ikev2_policy_that_leaves_the_other_tunnel_working_is_proven_and_lists_it():
    _t, _f, _s, first, second = two_tunnels(STRONGER_ON_AZURE)
    prover = prover_for(first, second)
    [finding] = [f for f in prover.findings if f.code == "IKE_NO_COMMON_PROPOSAL"]
    proof = prover.prove(finding, {"asa": finding.fixes["asa"]})
    assert proof["proven"], proof["reason"]
    assert proof["touches"] == [second[0].name]
    assert second[0].name in proof["reason"]
    # The sibling itself still works with the new policy next to its own.
    sibling_after = ModelEdit(second[0], second[1], PROOF_RULES["asa"]).apply(finding.fixes["asa"])
    assert codes(check_tunnel(sibling_after, second[1])) == []


def test_the_report_lists_the_other_tunnel_a_device_wide_fix_touches():
    asa_text, first, second, first_pair, second_pair = two_tunnels(STRONGER_ON_AZURE)
    report = run_check(asa_facts_from_text(asa_text), [azure_facts_from_data(first), azure_facts_from_data(second)])
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL"]
    assert finding["proof"]["asa"]["proven"]
    assert finding["proof"]["asa"]["touches"] == [second_pair[0].name]
    assert first_pair[0].name not in finding["proof"]["asa"]["touches"]


def test_an_ikev2_policy_change_that_breaks_the_other_tunnel_is_refused_and_names_it():
    # The ASA adds an ikev2 policy next to the others (PROOF_RULES: additive), so on a real ASA a
    # new policy never takes the other tunnel's suite away. A change that replaces the device's
    # ikev2 policies does: the proof tries it on the other entry too and refuses it there.
    replacing = dict(PROOF_RULES, asa=EndRules(device_wide=("ike_proposal",),
                                               device_wide_names=("crypto ikev2 policy",)))
    _t, _f, _s, first, second = two_tunnels(STRONGER_ON_AZURE)
    prover = prover_for(first, second, replacing)
    [finding] = [f for f in prover.findings if f.code == "IKE_NO_COMMON_PROPOSAL"]
    proof = prover.prove(finding, {"asa": finding.fixes["asa"]})
    assert not proof["proven"]
    assert second[0].name in proof["reason"] and "crypto ikev2 policy" in proof["reason"]
    assert "IKE_NO_COMMON_PROPOSAL" in proof["reason"]
    # On its own (no other tunnel on the device) the same change is proven: the refusal is the sibling's.
    alone = Prover(first[0], first[1], prover.findings, replacing).prove(finding, {"asa": finding.fixes["asa"]})
    assert alone["proven"] and alone["touches"] == []


def test_the_plan_takes_the_asa_fix_when_azure_would_lower_its_suite():
    # Azure's SHA384 -> sha256 would lower its integrity and PRF (review D, finding 2: DH group 14 hid it), so only
    # the ASA's new ikev2 policy is left, though it touches the other entry: the plan takes it.
    _t, _f, _s, first, second = two_tunnels(STRONGER_ON_AZURE)
    plan = TunnelPlan(prover_for(first, second), ("asa", "azure")).build()
    assert plan.codes("asa") == {"IKE_NO_COMMON_PROPOSAL"} and not plan.fixes["azure"]
    assert not plan.left
    only_asa = TunnelPlan(prover_for(first, second), ("asa",)).build()
    assert only_asa.codes("asa") == {"IKE_NO_COMMON_PROPOSAL"}


def test_adding_ikev1_keeps_ikev2_for_the_asas_other_tunnels():
    asa, azure = one_pair(asa_config(), azure_resources(protocol="IKEv1"))
    assert " vpn-tunnel-protocol ikev2 ikev1" in asa_remediation(asa, [intent("ike_version", version=1)])
    fixed = ModelEdit(asa, azure, PROOF_RULES["asa"]).apply([intent("ike_version", version=1)])
    assert set(fixed.ike_versions) == {1, 2}


def test_a_name_no_command_may_carry_leaves_the_fix_unshown_and_the_report_whole():
    # A resource group Azure would refuse (found by the fuzz suite): the check still reports the finding,
    # and the Azure end's proof says why no command is printed instead of the run failing.
    export = azure_resources(policy=None)
    for resource in export:
        resource["id"] = resource["id"].replace("/resourceGroups/RG/", "/resourceGroups/RG$(reboot)/")
    report = run_check(asa_facts_from_text(asa_config(pfs="crypto map AZ-MAP 10 set pfs group14")),
                       azure_facts_from_data(export))
    [pfs] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "PFS_MISMATCH"]
    assert "azure" not in pfs["remediation"]
    assert not pfs["proof"]["azure"]["proven"]
    assert "no command can be built" in pfs["proof"]["azure"]["reason"]
