# -*- coding: utf-8 -*-
"""Review I, finding 4: IKE_NO_COMMON_PROPOSAL against an IKEv1-only Basic PolicyBased gateway said "move the tunnel to
IKEv2, where both ends take SHA-2 and GCM", and told Azure which of the ASA's suites it "may not move to" (it would
lower its encryption), as if Azure could move. Such a gateway runs IKEv1 only and takes no custom IPsec/IKE policy
(reference sku_support: custom policy on every SKU except Basic; gateway_type_vs_ike: PolicyBased is Basic, IKEv1):
what is possible is the ASA's IKEv1 policy or transform-set on one of Azure's fixed suites, or a RouteBased gateway
of a VpnGw SKU, which takes a policy (a Basic gateway is deleted and created anew). The reasons say that."""

from policy_based_ikev1_fixture import applied, asa, check, codes, finding

FIXED = ("gateway legacy-vng is PolicyBased (IKEv1 only) of the Basic SKU, which takes no custom IPsec/IKE policy: its "
         "proposals and PFS are Azure's fixed ones; only a RouteBased gateway of SKU VpnGw1 or higher takes a custom "
         "policy (a Basic gateway is not resized to one: it is deleted and created anew)")


def _reasons(found):
    return [entry["reason"] for entry in found["proof"].values()]


def test_the_asa_is_moved_to_one_of_azures_fixed_suites_and_azure_is_told_it_cannot_change():
    text = asa((" encryption aes-256\n hash sha\n group 2", " encryption aes-192\n hash sha\n group 2"))
    tunnel = check(text)
    ike = finding(tunnel, "IKE_NO_COMMON_PROPOSAL")
    assert ike["proof"]["asa"]["proven"] is True
    lines = ike["remediation"]["asa"]
    assert lines[0].startswith("crypto ikev1 policy ") and " encryption aes-256" in lines and " hash sha" in lines \
        and " group 2" in lines, lines
    assert ike["proof"]["azure"]["reason"] == (
        "not shown: Azure's suites cannot be changed: %s; the change tried is ASA's (see its proof)." % FIXED)
    assert not any("IKEv2" in reason or "may move to" in reason and "Azure may" in reason for reason in _reasons(ike))
    after = check(applied(text, lines))
    assert "IKE_NO_COMMON_PROPOSAL" not in codes(after) and after["verdict"] == "degraded", after["findings"]


def test_with_no_fixed_suite_the_asa_may_take_the_reason_names_what_is_possible_not_ikev2():
    # the ASA's only IKEv1 policy is on group 14, and every suite of the PolicyBased gateway is on group 2
    tunnel = check(asa((" hash sha\n group 2", " hash sha\n group 14")))
    ike = finding(tunnel, "IKE_NO_COMMON_PROPOSAL")
    assert ike["remediation"] == {}
    reason = ike["proof"]["asa"]["reason"]
    assert "IKEv2" not in reason
    # each of Azure's four fixed suites, and why the ASA is not moved there
    for suite in ("AES-CBC-256/SHA256/group 2", "AES-CBC-256/SHA1/group 2", "AES-CBC-128/SHA1/group 2",
                  "3DES/SHA1/group 2"):
        assert "Azure's suite %s is not one ASA may move to" % suite in reason
    assert "ASA cannot take SHA256 with IKEv1" in reason and "it would lower its DH group 14 -> 2" in reason
    assert ("; Azure's suites cannot be changed: %s. What is possible: set ASA by hand to one of the suites above it "
            "can take if what it would lower is acceptable, or replace Azure's gateway as said and give both ends a "
            "suite above the baseline" % FIXED) in reason
    assert ike["proof"]["azure"]["reason"] == "not shown: Azure's suites cannot be changed: %s." % FIXED


def test_an_esp_mismatch_moves_the_transform_set_and_azure_is_told_it_cannot_change():
    text = asa(("transform-set azure-ipsec-proposal-set esp-aes-256 esp-sha-hmac",
                "transform-set azure-ipsec-proposal-set esp-aes-192 esp-sha-hmac"))
    tunnel = check(text)
    child = finding(tunnel, "CHILD_NO_COMMON_PROPOSAL")
    assert child["proof"]["asa"]["proven"] is True
    assert any("esp-aes-256 esp-sha-hmac" in line for line in child["remediation"]["asa"]), child["remediation"]
    assert child["proof"]["azure"]["reason"] == (
        "not shown: Azure's suites cannot be changed: %s; the change tried is ASA's (see its proof)." % FIXED)
    after = check(applied(text, child["remediation"]["asa"]))
    assert "CHILD_NO_COMMON_PROPOSAL" not in codes(after), after["findings"]


def test_where_the_asa_can_take_none_of_the_fixed_suites_only_the_gateway_is_named():
    # a VTI on an ASA release without DH group 2 against a Basic RouteBased gateway (Azure's default policy: group 2)
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
    from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
    from scenario_builders import azure_resources, vti_config

    resources = azure_resources(sku="Basic", policy=None, use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(vti_config()), azure_facts_from_data(resources))["tunnels"]
    ike = finding(tunnel, "IKE_NO_COMMON_PROPOSAL")
    assert ike["remediation"] == {}
    reason = ike["proof"]["asa"]["reason"]
    assert "IKEv2" not in reason and "set ASA by hand" not in reason
    assert reason.count("ASA cannot take DH group 2") == 6  # each of the six suites of Azure's default policy, once
    assert ("What is possible: ASA can take none of those suites, so only replacing Azure's gateway as said, with a "
            "suite above the baseline on both ends") in reason
    assert ike["proof"]["azure"]["reason"].startswith("not shown: Azure's suites cannot be changed: gateway VNG is "
                                                      "RouteBased of the Basic SKU")
