# -*- coding: utf-8 -*-
"""A fix for Azure keeps the spelling the user chose for a policy value it does not change: DHGroup2048 is DHGroup14
(the same 2048-bit MODP group, DOC_DH_TABLE), so a fix that raises a lifetime or changes PFS writes DHGroup2048 back,
in the report's fix (ARM properties, az, PowerShell) and in align's PUT body (review s47 B: both wrote DHGroup14, a
change to a value nothing asked to change, in the diff and in the ARM template's drift)."""

import copy
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_state import (
    changed_properties,
    desired_properties,
    put_body,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources


def _azure_fix(asa_changes, policy_changes, code):
    report = run_check(asa_facts_from_text(asa_config(**asa_changes)),
                       azure_facts_from_data(azure_resources(policy_changes=policy_changes)))
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == code]
    return finding["remediation"]["azure"], tunnel["remediation"]["azure"]


def test_lifetime_fix_keeps_dhgroup2048():
    fix, plan = _azure_fix({}, dict(dhGroup="DHGroup2048", saDataSizeKilobytes=2048), "REKEY_TOO_FREQUENT")
    for rendered in (fix, plan):
        [policy] = rendered["connection"]["properties"]["ipsecPolicies"]
        assert policy["saDataSizeKilobytes"] == 102400000
        assert policy["dhGroup"] == "DHGroup2048"
        assert '"dhGroup":"DHGroup2048"' in rendered["az"][0]
        assert "-DhGroup 'DHGroup2048'" in " ".join(rendered["powershell"])


def test_pfs_fix_keeps_dhgroup2048_and_changes_pfs_only():
    fix, _plan = _azure_fix(dict(pfs="crypto map AZ-MAP 10 set pfs group14"),
                            dict(dhGroup="DHGroup2048", pfsGroup="PFS24"), "PFS_MISMATCH")
    [policy] = fix["connection"]["properties"]["ipsecPolicies"]
    assert (policy["dhGroup"], policy["pfsGroup"]) == ("DHGroup2048", "PFS2048")


def test_ike_group_fix_still_replaces_the_alias_when_the_group_changes():
    fix, _plan = _azure_fix(dict(ike_group="19"), dict(dhGroup="DHGroup2048"), "IKE_NO_COMMON_PROPOSAL")
    assert fix["connection"]["properties"]["ipsecPolicies"][0]["dhGroup"] == "ECP256"


INTENT = dict(
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "prf": ["SHA256"], "dh_groups": [14]},
    esp={"encryption": ["AES-GCM-256"], "integrity": []},
    pfs_group=14, child_lifetime_seconds=3600, child_lifetime_kilobytes=102400000,
)


def _connection(**policy_changes):
    return copy.deepcopy([r for r in azure_resources(policy_changes=policy_changes)
                          if r["type"].endswith("/connections")][0])


def test_align_put_keeps_aliases_it_does_not_change():
    conn = _connection(dhGroup="DHGroup2048", pfsGroup="PFS14", saDataSizeKilobytes=2048)
    changes = changed_properties(conn, desired_properties(INTENT))
    assert list(changes) == ["ipsecPolicies"]
    before, after = changes["ipsecPolicies"]
    assert after[0]["saDataSizeKilobytes"] == 102400000
    # every other field as it was read, in its own spelling
    assert {k: v for k, v in after[0].items() if k != "saDataSizeKilobytes"} == {
        k: v for k, v in before[0].items() if k != "saDataSizeKilobytes"}
    body = put_body(conn, changes)
    assert json.dumps(body).count("DHGroup2048") == 1 and "DHGroup14" not in json.dumps(body)
    assert changed_properties(body, desired_properties(INTENT)) == {}


def test_align_put_writes_the_new_group_when_it_changes():
    conn = _connection(dhGroup="DHGroup2048", pfsGroup="PFS14")
    after = changed_properties(conn, desired_properties(dict(INTENT, pfs_group=19)))["ipsecPolicies"][1]
    assert (after[0]["dhGroup"], after[0]["pfsGroup"]) == ("DHGroup2048", "ECP256")
