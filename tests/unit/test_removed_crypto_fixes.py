# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): Microsoft's ASA sample pairs an Azure policy of DHGroup24 / PFS24 with `group 24` and
`set pfs group24` on the ASA, and the check offered that as a "proven" ASA fix for an ASA on 9.16, which no longer
accepts DH group 24 (reference facts asa.weak_crypto_removal, rule R10). A fix never moves an end to crypto its
release refuses: the other end moves, or both move to the strong group."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.proposals import new_policy_priority
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import azure_resources, vti_config

GROUP_24_POLICY = {"dhGroup": "DHGroup24", "pfsGroup": "PFS24", "saLifeTimeSeconds": 3600}


def check(version, pfs):
    asa = vti_config(version=version, pfs=pfs)
    azure = azure_resources(policy_changes=GROUP_24_POLICY, use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))["tunnels"]
    return tunnel


def fix_text(finding, vendor):
    return json.dumps(finding.get("remediation", {}).get(vendor, ""))


@pytest.mark.parametrize("pfs", [" set pfs group14", ""])
def test_an_asa_on_9_16_is_never_asked_for_group_24(pfs):
    tunnel = check("9.16(4)", pfs)
    crypto = [f for f in tunnel["findings"] if f["code"] in ("IKE_NO_COMMON_PROPOSAL", "PFS_MISMATCH")]
    assert {f["code"] for f in crypto} == {"IKE_NO_COMMON_PROPOSAL", "PFS_MISMATCH"}
    for finding in crypto:
        assert "24" not in fix_text(finding, "asa"), finding
        assert finding["proof"]["azure"]["proven"] is True, finding["proof"]
    ike = next(f for f in crypto if f["code"] == "IKE_NO_COMMON_PROPOSAL")
    assert "DHGroup14" in fix_text(ike, "azure")


def test_an_asa_without_pfs_and_azure_on_pfs24_both_move_to_the_strong_group():
    tunnel = check("9.16(4)", "")
    pfs = next(f for f in tunnel["findings"] if f["code"] == "PFS_MISMATCH")
    assert "set pfs group14" in fix_text(pfs, "asa")
    assert pfs["proof"]["asa"]["proven"] is True


@pytest.mark.parametrize("used,expected", [(set(), 1), ({2}, 3), ({1, 5, 10}, 11), ({1, 65535}, 65534),
                                           ({10, 65534, 65535}, 65533)])
def test_a_new_ike_policy_goes_after_the_existing_ones(used, expected):
    assert new_policy_priority(used) == expected


def test_a_release_the_config_does_not_state_gets_no_group_24_either():
    """Review (2026-12-04): without its "ASA Version" line (a pasted fragment) the config's release is unknown, and
    the proven group 24 fixes came back; the release may be 9.16 or later."""
    asa = "\n".join(line for line in vti_config(pfs="").splitlines() if not line.startswith("ASA Version")) + "\n"
    azure = azure_resources(policy_changes=GROUP_24_POLICY, use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))["tunnels"]
    crypto = [f for f in tunnel["findings"] if f["code"] in ("IKE_NO_COMMON_PROPOSAL", "PFS_MISMATCH")]
    assert crypto and all("24" not in fix_text(f, "asa") for f in crypto)


def test_an_end_with_no_suite_it_could_move_to_says_why():
    """Review (2026-12-04): next to a Basic gateway (Azure's default IKE policy: DH group 2 only) the ASA, which would
    have to take group 2, was given no fix and no word; Azure's side said "change the other end instead"."""
    azure = azure_resources(sku="Basic", policy=None, use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(vti_config()), azure_facts_from_data(azure))["tunnels"]
    finding = next(f for f in tunnel["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL")
    assert finding["proof"]["asa"]["proven"] is False
    # what it would have to take, and why not (review D, finding 4: the reason names the cause)
    assert finding["proof"]["asa"]["reason"].startswith(
        "not shown: Azure's suite AES-CBC-256/SHA1/group 2 is not one ASA may move to: ASA cannot take DH group 2, and "
        "it would lower its "), finding["proof"]["asa"]["reason"]
    assert "it would bring SHA1, group 2, below the crypto baseline, which ASA does not use today" in \
        finding["proof"]["asa"]["reason"], finding["proof"]["asa"]["reason"]
    assert "Basic SKU" in finding["proof"]["azure"]["reason"]


def test_where_neither_end_has_a_proven_fix_no_reason_sends_the_user_to_the_other_end():
    """Review (2026-12-04): Azure's "change the other end instead" next to an ASA whose only change would weaken it.
    The tail stays where the other end's fix is shown (test_azure_remediation: what the renderer says)."""
    azure = azure_resources(sku="Basic", policy=None, use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(vti_config()), azure_facts_from_data(azure))["tunnels"]
    finding = next(f for f in tunnel["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL")
    assert not any(p["proven"] for p in finding["proof"].values())
    assert all("change the other end" not in p["reason"] for p in finding["proof"].values())
    # review I, finding 4: Azure's reason says its suites cannot change and what would change that
    assert finding["proof"]["azure"]["reason"].startswith("not shown: Azure's suites cannot be changed: gateway VNG is "
                                                          "RouteBased of the Basic SKU, which takes no custom IPsec/IKE "
                                                          "policy")
    assert finding["proof"]["azure"]["reason"].endswith("(a Basic gateway is not resized to one: it is deleted and "
                                                        "created anew).")


def test_an_asa_before_8_4_is_given_no_fix_in_the_commands_it_refuses():
    """Review (2026-12-04): an `ASA Version 8.3(2)` config was given "proven" fixes in 8.4+ commands (`crypto ipsec
    ikev1 transform-set`, `set ikev1 transform-set`), which 8.3 refuses (Cisco document 113597)."""
    from scenario_builders import asa_config

    asa = asa_config(version="8.3(2)", tunnel_protocol="ikev1", pfs="crypto map AZ-MAP 10 set pfs group14")
    azure = azure_resources(use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))["tunnels"]
    proofs = [f["proof"]["asa"] for f in tunnel["findings"] if "asa" in (f.get("proof") or {})]
    assert proofs and all(not p["proven"] and "ASA 8.3(2) takes the commands of releases before 8.4" in p["reason"]
                          for p in proofs)
    assert not any("asa" in f["remediation"] for f in tunnel["findings"] if f.get("proof"))
