# -*- coding: utf-8 -*-
"""Two crypto map entries to one Azure peer whose settings differ: the ASA answers each Child SA Azure asks for with
the entry whose ACL takes its selectors, so each entry is checked with its part of Azure's offer. Review 2026-12-04:
the second entry was left unpaired, the first reported Azure's offer for the second's networks as refused, a "proven"
Azure selector fix dropped those networks, and the second entry's PFS mismatch was never reported."""

import test_crypto_map_peers_review as peers
from policy_based_shapes import arm


def _report():
    # CM 10: 10.1/16 with PFS group 14 (as Azure); CM 20: 10.2/16 with PFS group 5
    text = peers.asa(acl=peers.TWO_ACLS, map_lines=peers.entry(10, "AZ-ACL-1") + "\n"
                     + peers.entry(20, "AZ-ACL-2", pfs="group5"))
    _facts, report = peers.check(text, arm())
    return {t["name"]: t for t in report["tunnels"]}, report


def test_each_entry_is_checked_with_its_part_of_the_offer():
    tunnels, report = _report()
    assert sorted(tunnels) == ["to-fw", "to-fw (crypto map CM 20)"] and report["unpaired"] == []
    first, second = tunnels["to-fw"], tunnels["to-fw (crypto map CM 20)"]
    assert not [f for f in first["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert [f["code"] for f in second["findings"] if f["severity"] == "error"] == ["PFS_MISMATCH"]


def test_no_azure_fix_takes_one_entry_s_networks_from_the_other():
    tunnels, _report_ = _report()
    for tunnel in tunnels.values():
        for finding in tunnel["findings"]:
            azure = (finding.get("remediation") or {}).get("azure") or {}
            selectors = ((azure.get("connection") or {}).get("properties") or {}).get("trafficSelectorPolicies")
            assert selectors is None, (tunnel["name"], finding["code"], selectors)
    # CM 20's weaker group moves up to Azure's, on CM 20 only
    [pfs] = [f for f in tunnels["to-fw (crypto map CM 20)"]["findings"] if f["code"] == "PFS_MISMATCH"]
    assert pfs["remediation"]["asa"] == ["crypto map CM 20 set pfs group14"]


def test_azure_s_policy_is_not_moved_for_one_entry_when_it_breaks_the_other():
    # the review's case: Azure without PFS, CM 10 without, CM 20 with group 14. Azure's PFS is the connection's:
    # giving it group 14 for CM 20 breaks CM 10, and no fix removes PFS from CM 20
    text = peers.asa(acl=peers.TWO_ACLS, map_lines=peers.entry(10, "AZ-ACL-1").replace(
        "crypto map CM 10 set pfs group14\n", "") + "\n" + peers.entry(20, "AZ-ACL-2", pfs="group14"))
    assert "crypto map CM 10 set pfs" not in text
    resources = arm()
    for resource in resources:
        for policy in resource["properties"].get("ipsecPolicies") or ():
            policy["pfsGroup"] = "None"
    _facts, report = peers.check(text, resources)
    tunnels = {t["name"]: t for t in report["tunnels"]}
    [pfs] = [f for f in tunnels["to-fw (crypto map CM 20)"]["findings"] if f["code"] == "PFS_MISMATCH"]
    assert pfs["remediation"] == {}
    reason = pfs["proof"]["azure"]["reason"]
    assert "not shown" in reason and "crypto map entries with different settings" in reason


# Review of real-world configs (2026-12-04): an entry to the same peer that answers none of Azure's selectors was left
# in the unpaired table as "no Azure connection has this peer address", which was false, and nothing said why.
def _second_entry(acl_2, pfs="group5"):
    acls = peers.TWO_ACLS.replace("access-list AZ-ACL-2 extended permit ip 10.2.0.0 255.255.0.0 object-group AZURE",
                                  acl_2)
    text = peers.asa(acl=acls, map_lines=peers.entry(10, "AZ-ACL-1") + "\n" + peers.entry(20, "AZ-ACL-2", pfs=pfs))
    _facts, report = peers.check(text, arm(lng_prefixes=("10.1.0.0/16",)))
    [tunnel] = report["tunnels"]
    return tunnel, report


def test_an_entry_whose_networks_azure_does_not_hold_is_an_error_of_the_tunnel_not_an_unpaired_end():
    tunnel, report = _second_entry("access-list AZ-ACL-2 extended permit ip 10.2.0.0 255.255.0.0 192.168.77.0 "
                                   "255.255.255.0")
    assert report["unpaired"] == []
    [said] = [f for f in tunnel["findings"] if "crypto map CM 20" in f["summary"] and f["code"] != "UNSUPPORTED_CONSTRUCT"]
    assert (said["code"], said["severity"]) == ("TRAFFIC_SELECTOR_MISMATCH", "error")
    assert "Azure's traffic selectors hold none of its pairs 10.2.0.0/16 <-> 192.168.77.0/24" in said["summary"]


def test_an_entry_no_azure_selector_falls_to_is_said_with_what_is_not_checked():
    # CM 20's pair lies inside Azure's offer (172.16/16 <-> 10.1/16), which CM 10 takes whole
    tunnel, report = _second_entry("access-list AZ-ACL-2 extended permit ip 10.1.5.0 255.255.255.0 172.16.1.0 "
                                   "255.255.255.0")
    assert report["unpaired"] == []
    [said] = [f for f in tunnel["findings"] if f["summary"].startswith("ASA crypto map CM 20 also sets peer")]
    assert (said["code"], said["severity"]) == ("UNSUPPORTED_CONSTRUCT", "warning")
    assert "each goes to crypto map CM 10" in said["summary"] and "PFS and lifetimes are not checked" in said["summary"]
