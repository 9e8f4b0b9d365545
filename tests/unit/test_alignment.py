# -*- coding: utf-8 -*-
"""align.py: from a checked tunnel to the options that fix one end (the scenario table end to end
on the labs is tests/integration/test_align.py; this is the logic, offline)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.align import apply_fixes, one_end_fixes
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent

from scenario_builders import asa_config, azure_resources

NAMES_ASA = {"crypto_map": "AZ-MAP", "seq": 10, "tunnel_group": "203.0.113.20", "acl": "AZ-ACL",
             "ipsec_proposal": "AZ-PROP"}
NAMES_AZURE = {"name": "S2S", "resource_group": "RG", "subscription_id": "00000000-0000-0000-0000-000000000000"}


def alignment(asa_changes=None, azure_changes=None):
    report = run_check(asa_facts_from_text(asa_config(**(asa_changes or {}))),
                       azure_facts_from_data(azure_resources(**(azure_changes or {}))))
    [tunnel] = report["tunnels"]
    return tunnel["alignment"]["align_to_azure"], tunnel["alignment"]["align_to_asa"]


def test_every_paired_tunnel_has_an_alignment_and_a_passing_one_changes_nothing():
    to_azure, to_asa = alignment()
    assert to_azure["options"] == NAMES_ASA and to_azure["fixes"] == 0
    assert to_asa["options"] == NAMES_AZURE, "a passing tunnel leaves Azure's policy alone"


def test_pfs_is_added_where_missing_never_removed():
    to_azure, to_asa = alignment({"pfs": "crypto map AZ-MAP 10 set pfs group14"})
    assert to_azure["options"] == NAMES_ASA, "aligning the ASA to Azure would remove its PFS: not done"
    assert [m["kind"] for m in to_azure["manual"]] == ["PFS_MISMATCH"]
    assert to_asa["options"]["pfs_group"] == 14
    assert to_asa["options"]["ike"] == {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14]}
    assert to_asa["options"]["esp"] == {"encryption": ["AES-GCM-256"], "integrity": []}
    assert (to_asa["options"]["child_lifetime_seconds"], to_asa["options"]["child_lifetime_kilobytes"]) == (
        3600, 102400000)
    assert to_asa["manual"] == []


def test_weak_crypto_is_fixed_on_both_ends_together_or_left_to_do():
    # ASA and Azure's default policy agree on SHA1/DH2: the only finding is WEAK_CRYPTO. Azure's default
    # policy offers DH group 2 only, so no one end can move the pair off it alone.
    like_default = dict(ike_enc="aes-256", ike_integ="sha", ike_prf="sha", ike_group="2", esp_enc="aes-256",
                        esp_integ="sha-1", global_seconds="27000")
    report = run_check(asa_facts_from_text(asa_config(**like_default)),
                       azure_facts_from_data(azure_resources(policy=None)))
    [tunnel] = report["tunnels"]
    for way in ("align_to_azure", "align_to_asa"):
        assert [m["kind"] for m in tunnel["alignment"][way]["manual"]] == ["WEAK_CRYPTO"], way
        assert tunnel["alignment"][way]["manual"][0]["reason"].startswith("not shown: ")
    safest = tunnel["alignment"]["safest"]
    assert safest["asa"]["options"]["ike"]["integrity"] == ["SHA256"]
    assert safest["azure"]["options"]["ike"]["integrity"] == ["SHA256"]
    assert safest["asa"]["manual"] == [] == safest["azure"]["manual"]


def test_a_default_policy_connection_keeps_what_the_pair_negotiates():
    # Azure's default policy never starts a rekey with PFS: Azure takes a complete one-suite policy, the
    # suite the pair agrees on with the group the ASA asks for, never Azure's first default offers.
    _to_azure, to_asa = alignment({"pfs": "crypto map AZ-MAP 10 set pfs group14"}, {"policy": None})
    assert to_asa["options"]["ike"] == {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14]}
    assert to_asa["options"]["esp"] == {"encryption": ["AES-GCM-256"], "integrity": []}
    assert to_asa["options"]["pfs_group"] == 14


def test_an_invalid_azure_policy_takes_the_asa_values_it_lacks():
    to_azure, to_asa = alignment(None, {"policy_changes": {"ipsecIntegrity": "SHA256"}})
    assert to_asa["options"]["esp"] == {"encryption": ["AES-GCM-256"], "integrity": []}
    assert to_azure["options"] == NAMES_ASA


def test_selectors_for_azure_are_custom_policies_unless_derived():
    # review 2026-12-05: custom policies leaving the VNet's 172.17.0.0/16 out were the Azure fix; a fix never takes a
    # network an end reaches out of its tunnel (the ASA that lacks it is the end to change)
    _to_azure, to_asa = alignment(None, {"vnet_prefixes": ("172.16.0.0/16", "172.17.0.0/16")})
    assert "traffic_selector_policies" not in to_asa["options"]
    assert to_asa["manual"][0]["reason"].startswith("not shown: it would take 172.17.0.0/16, which S2S reaches, out of")
    _to_azure, to_asa = alignment(None, {"ts_policies": [{"localAddressRanges": ["172.20.0.0/16"],
                                                          "remoteAddressRanges": ["10.9.0.0/16"]}]})
    assert to_asa["options"]["traffic_selector_policies"] == [], "the ASA's pairs are what the switch derives"


def test_asa_only_fixes_become_asa_options():
    to_azure, to_asa = alignment({"nat": "", "object_nat": " nat (LAN,INTERNET) dynamic interface"})
    assert to_azure["options"]["nat_exemption"] == {"inside_interface": "LAN", "local_networks": ["10.0.0.0/8"],
                                                    "remote_networks": ["172.16.0.0/16"]}
    assert [m["kind"] for m in to_asa["manual"]] == ["NAT_EXEMPTION_MISSING"]
    assert to_asa["manual"][0]["reason"] == "only ASA can fix this (align to Azure instead)"
    to_azure, _to_asa = alignment({"tcpmss": "sysopt connection tcpmss 1400"})
    assert to_azure["options"]["tcp_mss"] == 1350
    to_azure, _to_asa = alignment({"map_interface": ""})
    assert to_azure["options"]["interface"] == "INTERNET", "the interface with the address Azure expects"
    to_azure, _to_asa = alignment({"ikev2_enable": ""})
    assert to_azure["options"]["interface"] == "INTERNET"
    to_azure, _to_asa = alignment({"tunnel_protocol": "ikev1"})
    assert to_azure["options"]["group_policy"] == "AZ-GP"


LAN_AND_DMZ = ("interface GigabitEthernet0/2\n nameif DMZ\n security-level 50\n ip address 192.168.50.1 255.255.255.0\n"
               "route LAN 10.0.0.0 255.0.0.0 10.1.0.254")


def test_local_networks_behind_two_interfaces_get_a_nat_rule_on_each_or_none_when_one_is_unknown():
    def no_nat_with_local(network):
        return alignment(dict(nat="", object_nat=" nat (LAN,INTERNET) dynamic interface", extra=LAN_AND_DMZ,
                              acl_extra="access-list AZ-ACL extended permit ip %s 255.255.255.0 object AZ-LAN" % network),
                         dict(lng_prefixes=("10.0.0.0/8", network + "/24")))[0]
    to_azure = no_nat_with_local("192.168.50.0")
    assert to_azure["options"]["nat_exemption"] == {"inside_interfaces": ["LAN", "DMZ"],
                                                    "local_networks": ["10.0.0.0/8", "192.168.50.0/24"],
                                                    "remote_networks": ["172.16.0.0/16"]}
    assert to_azure["manual"] == []
    to_azure = no_nat_with_local("192.168.60.0")  # no connected network or route places it
    assert "nat_exemption" not in to_azure["options"], "no rule is pushed for an interface nobody can name"
    [step] = to_azure["manual"]
    assert step["kind"] == "NAT_EXEMPTION_MISSING" and "192.168.60.0/24" in step["reason"]


def test_fixes_that_need_the_key_say_so():
    for changes in ({"tunnel_group": False}, {"peer": "203.0.113.99"}):
        to_azure, _to_asa = alignment(changes)
        assert to_azure["needs_pre_shared_key"] is True, changes
    # an ASA on certificates both ways is not moved to Azure's key (weaker, review s42): a step for a person instead
    to_azure, _to_asa = alignment({"auth": "ikev2 remote-authentication certificate\n ikev2 local-authentication "
                                           "certificate TP"})
    assert to_azure["needs_pre_shared_key"] is False
    assert [(m["kind"], "weaker than a certificate" in m["reason"]) for m in to_azure["manual"]] == [("AUTH_MISMATCH", True)]
    to_azure, _to_asa = alignment({"peer": "203.0.113.99"})
    assert (to_azure["options"]["peer"], to_azure["options"]["tunnel_group"]) == ("203.0.113.20", "203.0.113.20")
    assert to_azure["options"]["group_policy"] == "AZ-GP"
    assert alignment()[0]["needs_pre_shared_key"] is False


def test_what_azure_cannot_take_is_a_manual_step():
    _to_azure, to_asa = alignment({"ike_prf": "sha"})
    assert [m["kind"] for m in to_asa["manual"]] == ["IKE_NO_COMMON_PROPOSAL"], "Azure is never moved to PRF SHA1"
    _to_azure, to_asa = alignment({"entry_lifetime": "crypto map AZ-MAP 10 set security-association lifetime "
                                                     "kilobytes unlimited"})
    assert to_asa["manual"] == [], "lifetimes are local: an unlimited ASA asks nothing of Azure"
    assert to_asa["options"].get("child_lifetime_kilobytes", 102400000) == 102400000, "Azure keeps its own limit"
    _to_azure, to_asa = alignment(None, {"protocol": "IKEv1"})
    # connectionProtocol cannot change in place; policy-based selectors over IKEv1 are a person's to sort out too
    assert sorted(m["kind"] for m in to_asa["manual"]) == ["AZURE_POLICY_INVALID", "ike_version"]


def test_the_most_severe_finding_wins_for_a_singular_fix():
    first = Finding("PFS_MISMATCH", "error", "child_rekey", "s", fixes={"asa": [intent("child_pfs", group=19)]})
    second = Finding("PFS_MISMATCH", "warning", "child_rekey", "s", fixes={"asa": [intent("child_pfs", group=14)]})
    weak = Finding("WEAK_CRYPTO", "warning", "ike_init", "s",
                   fixes={"asa": [intent("child_proposal", encryption="AES-GCM-256", integrity=None)]})
    fixes = one_end_fixes([first, second, weak], "asa")
    assert fixes == [intent("child_pfs", group=19)]
    out, touched = apply_fixes({"pfs_group": 0}, fixes)
    assert (out["pfs_group"], touched) == (19, {"pfs_group"})


def test_findings_no_option_addresses_are_listed_with_the_reason():
    to_azure, to_asa = alignment({"acl_name": "NO-SUCH-ACL"})
    assert [m["kind"] for m in to_azure["manual"]] == ["UNDEFINED_REFERENCE"]
    assert to_azure["manual"][0]["reason"].startswith("fix by hand: ")
    assert [m["kind"] for m in to_asa["manual"]] == ["UNDEFINED_REFERENCE"]
    assert to_asa["manual"][0]["reason"] == "only ASA can fix this (align to Azure instead)"
    to_azure, _to_asa = alignment(None, {"sku": "Basic"})
    assert [m["kind"] for m in to_azure["manual"]] == ["AZURE_SKU_UNSUPPORTED"]
    weak = dict(ike_enc="3des", ike_integ="sha", ike_prf="sha", ike_group="2", esp_enc="3des", esp_integ="sha-1")
    to_azure, _to_asa = alignment(weak, {"policy_changes": dict(
        ikeEncryption="DES3", ikeIntegrity="SHA1", dhGroup="DHGroup2", ipsecEncryption="DES3", ipsecIntegrity="SHA1")})
    [weak_step] = [m for m in to_azure["manual"] if m["kind"] == "WEAK_CRYPTO"]
    assert weak_step["reason"].startswith("not shown: "), "one end alone cannot leave a 3DES suite"


def test_a_lifetime_below_azures_minimum_is_a_manual_step_and_left_out_never_sent():
    """azure_vpn_connection refuses saLifeTimeSeconds < 300 and saDataSizeKilobytes < 1024 before any request: a plan
    passing them failed the subscription's align task; left out, the connection keeps its own (a manual step says
    why)."""
    from types import SimpleNamespace

    from ansible_collections.vpnalign.s2s.plugins.module_utils.align import azure_options
    end = SimpleNamespace(name="S2S", ref={"connection": "S2S", "resource_group": "RG", "subscription": "sub"})
    wanted = {"ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14]},
              "esp": {"encryption": ["AES-GCM-256"], "integrity": []}, "pfs_group": 14,
              "child_lifetime_seconds": 120, "child_lifetime_kilobytes": 512}
    options, manual, _needs_key = azure_options(end, wanted, touched={"pfs_group"})
    assert options["pfs_group"] == 14
    assert options.get("child_lifetime_seconds") is None and options.get("child_lifetime_kilobytes") is None
    assert sorted(m["kind"] for m in manual) == ["child_lifetime_kilobytes", "child_lifetime_seconds"]
