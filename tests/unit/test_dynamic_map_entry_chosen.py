# -*- coding: utf-8 -*-
"""A dynamic crypto map with several entries answers a peer with the first entry, in sequence order, whose proposals
and crypto ACL match what the peer offers (Cisco ASA CLI configuration guide, "Using Dynamic Crypto Maps": a template
whose missing parameters are learned from the negotiation). An entry for other peers first (remote access, another
site's suite) made the Azure connection fail on that entry's proposals, though the ASA answers it with a later one."""

import json

from scenario_builders import azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for

OTHER_ENTRY = ("crypto ipsec ikev2 ipsec-proposal OTHER\n protocol esp encryption aes-256\n protocol esp integrity sha-1\n"
               "crypto dynamic-map DYN 10 set ikev2 ipsec-proposal OTHER\n")


def _found(report):
    [tunnel] = report["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


def with_other_entry_first(text):
    return text.replace("crypto dynamic-map DYN 20 match address AZ-ACL\n", OTHER_ENTRY + "crypto dynamic-map DYN 20 match address AZ-ACL\n")


def test_the_entry_that_answers_azure_is_the_one_checked_not_the_first():
    tunnel, found = _found(report_for(with_other_entry_first(dynamic_asa()), azure_resources()))
    assert "CHILD_NO_COMMON_PROPOSAL" not in found, json.dumps(found.get("CHILD_NO_COMMON_PROPOSAL"))[:400]
    assert tunnel["verdict"] == "degraded"
    summary = found["PEER_NOT_FOUND"]["summary"]
    assert "crypto dynamic-map DYN 20" in summary and "crypto dynamic-map DYN 10" in summary


def test_the_answering_entrys_pfs_is_the_one_compared():
    tunnel, found = _found(report_for(with_other_entry_first(dynamic_asa()), azure_resources(policy_changes={"pfsGroup": "ECP256"})))
    assert "CHILD_NO_COMMON_PROPOSAL" not in found
    assert "crypto dynamic-map DYN 20 set pfs group19" in found["PFS_MISMATCH"]["remediation"]["asa"]


def test_no_entry_answering_is_the_first_entrys_failure():
    text = with_other_entry_first(dynamic_asa()).replace(" protocol esp encryption aes-gcm-256\n protocol esp integrity null\n",
                                                         " protocol esp encryption aes-192\n protocol esp integrity sha-1\n")
    tunnel, found = _found(report_for(text, azure_resources()))
    assert found["CHILD_NO_COMMON_PROPOSAL"]["severity"] == "error" and tunnel["verdict"] == "fail"
