# -*- coding: utf-8 -*-
"""New IKE policies that fixes add on one ASA: "the priority number uniquely identifies the policy" (Cisco ASA CLI
configuration guide, Configuring ISAKMP). Two tunnels of one ASA that each need a suite of their own were both handed
the first free number, so pasting the second fix overwrote the first's policy and its tunnel failed again (review
2026-12-04). Each distinct new policy now has its own number, the same policy the same one; and an ASA that holds 20
policies of a version, the most it takes, is given no 21st."""

import json

from scenario_builders import asa_config, azure_resources
from test_proof import SECOND_ENTRY  # a second entry of the map, to a gateway at 203.0.113.30 (VNet 172.17.0.0/16)
from test_scenarios import report_for


def two_gateways(prod_ike, dev_ike):
    """Two Azure gateways, each with a connection to this ASA and an IKE suite of its own."""
    prod = azure_resources(policy_changes=prod_ike)
    dev = json.loads(json.dumps(azure_resources(gateway_ip="203.0.113.30", vnet_prefixes=("172.17.0.0/16",),
                                                policy_changes=dev_ike))
                     .replace("/S2S", "/DEV-S2S").replace("/VNG", "/DEV-VNG").replace("/VNet", "/DEV-VNet")
                     .replace("/LNG", "/DEV-LNG").replace('"S2S"', '"DEV-S2S"').replace('"VNG', '"DEV-VNG')
                     .replace('"VNet"', '"DEV-VNet"').replace('"LNG"', '"DEV-LNG"'))
    return prod + dev


def new_policies(report):
    """{tunnel: [(number, its lines)]} of the IKE policies the tunnels' proven fixes add."""
    out = {}
    for tunnel in report["tunnels"]:
        for finding in tunnel["findings"]:
            lines = (finding.get("remediation") or {}).get("asa") or []
            for index, line in enumerate(lines):
                if line.startswith("crypto ikev2 policy "):
                    body = []
                    for sub in lines[index + 1:]:
                        if not sub.startswith(" "):
                            break
                        body.append(sub)
                    out.setdefault(tunnel["name"], []).append((int(line.split()[3]), tuple(body)))
    return out


PROD_IKE = dict(ikeEncryption="AES256", ikeIntegrity="SHA384", dhGroup="ECP384")
# AES-256 as the ASA's: AES128 would halve its key length, which no fix does (review D, finding 2)
DEV_IKE = dict(ikeEncryption="AES256", ikeIntegrity="SHA256", dhGroup="ECP256")


def test_two_tunnels_needing_different_suites_get_policies_of_their_own_numbers():
    report = report_for(asa_config(extra=SECOND_ENTRY), two_gateways(PROD_IKE, DEV_IKE))
    added = new_policies(report)
    assert len(added) == 2, added  # both tunnels need a new IKE policy
    [(prod_number, prod_body)], [(dev_number, dev_body)] = list(added.values())
    assert prod_body != dev_body and prod_number != dev_number
    assert min(prod_number, dev_number) > 10  # after the device's own policy 10


def test_two_tunnels_needing_the_same_suite_share_one_policy_number():
    report = report_for(asa_config(extra=SECOND_ENTRY), two_gateways(PROD_IKE, PROD_IKE))
    added = new_policies(report)
    assert len(added) == 2
    [(prod_number, prod_body)], [(dev_number, dev_body)] = list(added.values())
    assert (prod_number, prod_body) == (dev_number, dev_body)


def test_an_asa_with_twenty_ikev2_policies_is_given_no_twenty_first():
    twenty = "\n".join("crypto ikev2 policy %d\n encryption aes-256\n integrity sha256\n group 14\n prf sha256"
                       % (100 + n) for n in range(19))  # and the scenario's own policy 10
    report = report_for(asa_config(extra=twenty), azure_resources(policy_changes=PROD_IKE))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL"]
    assert "asa" not in finding["remediation"]
    assert not finding["proof"]["asa"]["proven"]
    assert "the ASA holds 20 IKEv2 policies, the most it takes" in finding["proof"]["asa"]["reason"]
