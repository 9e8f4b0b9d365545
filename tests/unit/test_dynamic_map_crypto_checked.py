# -*- coding: utf-8 -*-
"""The crypto of the dynamic crypto map entry that serves an Azure connection (crypto dynamic-map D S ...; crypto map M
65535 ipsec-isakmp dynamic D) is checked against the connection as a static entry's is. It was not: a dynamic entry
without 'set pfs' against Azure's PFS policy (the seed case's failure, at the first rekey) gave a PEER_NOT_FOUND
warning saying "not checked", and no PFS_MISMATCH."""

import json

from scenario_builders import azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for


def _found(report):
    [tunnel] = report["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


def test_a_dynamic_entry_without_pfs_against_azures_pfs_is_pfs_mismatch_with_the_dynamic_maps_fix():
    tunnel, found = _found(report_for(dynamic_asa(), azure_resources(policy_changes={"pfsGroup": "ECP256"})))
    pfs = found["PFS_MISMATCH"]
    assert pfs["severity"] == "error" and tunnel["verdict"] == "fail"
    assert pfs["evidence"]["azure"]["pfs_group"] == "group19" or "19" in str(pfs["evidence"]["azure"]["pfs_group"])
    assert pfs["evidence"]["asa"]["pfs_group"] in (None, "none", "None")
    # the ASA's lines cited are the dynamic entry's, and its fix goes to the dynamic map, proven
    assert any(line["text"].startswith("crypto dynamic-map DYN 20") for line in pfs["evidence"]["asa"]["lines"])
    assert pfs["proof"]["asa"]["proven"] is True
    assert "crypto dynamic-map DYN 20 set pfs group19" in pfs["remediation"]["asa"]
    assert not any(line.startswith("crypto map ") for line in pfs["remediation"]["asa"])
    # the dynamic map answers every peer no static entry serves: the fix says so
    assert any(line.startswith("!") and "every peer" in line for line in pfs["remediation"]["asa"])
    # never weaken Azure: no fix drops its PFS
    assert '"pfsGroup": "None"' not in json.dumps(pfs["remediation"].get("azure"))


def test_a_dynamic_entry_that_matches_azure_passes_its_crypto_and_says_it_was_checked():
    tunnel, found = _found(report_for(dynamic_asa(), azure_resources()))
    assert "PFS_MISMATCH" not in found and "CHILD_NO_COMMON_PROPOSAL" not in found
    peer = found["PEER_NOT_FOUND"]
    assert peer["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert "crypto dynamic-map DYN 20" in peer["summary"] and "is checked" in peer["summary"]


def test_a_dynamic_entrys_esp_proposal_azure_does_not_take_is_child_no_common_proposal_on_its_lines():
    text = dynamic_asa().replace(" protocol esp encryption aes-gcm-256\n protocol esp integrity null\n",
                                 " protocol esp encryption aes-256\n protocol esp integrity sha-256\n")
    _tunnel, found = _found(report_for(text, azure_resources()))
    child = found["CHILD_NO_COMMON_PROPOSAL"]
    assert child["severity"] == "error"
    assert child["proof"]["asa"]["proven"] is True
    assert any(line.startswith("crypto dynamic-map DYN 20 set ikev2 ipsec-proposal") for line in child["remediation"]["asa"])


def test_a_dynamic_entrys_crypto_acl_is_never_rewritten_for_one_peer():
    """The dynamic entry's ACL is what every peer it answers negotiates with: its fix (removing the ACE other peers use)
    is a person's, never a proven line."""
    tunnel, found = _found(report_for(dynamic_asa(), azure_resources(vnet_prefixes=("172.17.0.0/16",))))
    mismatch = found["TRAFFIC_SELECTOR_MISMATCH"]
    assert mismatch["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "asa" not in mismatch["remediation"]
    assert mismatch["proof"]["asa"]["proven"] is False and "crypto dynamic-map DYN 20" in mismatch["proof"]["asa"]["reason"]
    assert "no access-list" not in json.dumps(tunnel)


def test_a_bare_set_pfs_on_a_release_without_its_group_is_named_not_read_as_group_2():
    text = dynamic_asa().replace("ASA Version 9.14(4)", "ASA Version 9.18(3)").replace(
        "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\n",
        "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\ncrypto dynamic-map DYN 20 set pfs\n")
    _tunnel, found = _found(report_for(text, azure_resources(policy_changes={"pfsGroup": "ECP256"})))
    note = found["UNSUPPORTED_CONSTRUCT"]
    assert any("'set pfs' names no group" in f["summary"] for f in _tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT")
    assert "group2" not in json.dumps(found.get("PFS_MISMATCH") or {}) and note


def _second_gateway(**changes):
    """Another Azure gateway (its own resource group and public address) whose connection the same dynamic map answers."""
    text = json.dumps(azure_resources(gateway_ip="203.0.113.50", **changes))
    return json.loads(text.replace("/resourceGroups/RG/", "/resourceGroups/RG2/"))


def _pfs_of(report):
    return {t["id"]: next(f for f in t["findings"] if f["code"] == "PFS_MISMATCH") for t in report["tunnels"]
            if any(f["code"] == "PFS_MISMATCH" for f in t["findings"])}


def test_a_dynamic_entry_fix_that_would_break_another_connection_it_answers_is_not_shown():
    """'set pfs group19' on the entry for one connection makes the ASA refuse the rekeys of another connection the same
    entry answers without PFS: shown as proven, it would move the outage from one tunnel to the other."""
    report = report_for(dynamic_asa(), azure_resources(policy_changes={"pfsGroup": "ECP256"}) + _second_gateway())
    [(tunnel_id, pfs)] = _pfs_of(report).items()
    assert "/RG/" in tunnel_id
    assert "asa" not in pfs["remediation"] and "pfsGroup" not in json.dumps(pfs["remediation"])
    reason = pfs["proof"]["asa"]["reason"]
    assert pfs["proof"]["asa"]["proven"] is False
    assert "crypto dynamic-map DYN 20" in reason and "203.0.113.50" in reason and "PFS_MISMATCH" in reason
    assert "static crypto map entry" in reason


def test_a_dynamic_entry_fix_every_connection_it_answers_needs_is_shown_for_each():
    report = report_for(dynamic_asa(), azure_resources(policy_changes={"pfsGroup": "ECP256"}) +
                        _second_gateway(policy_changes={"pfsGroup": "ECP256"}))
    found = _pfs_of(report)
    assert len(found) == 2
    for pfs in found.values():
        assert pfs["proof"]["asa"]["proven"] is True
        assert "crypto dynamic-map DYN 20 set pfs group19" in pfs["remediation"]["asa"]
