# -*- coding: utf-8 -*-
"""A fix to an Azure object other tunnels use too is proven against each of them ("first, do no harm").

An active-active gateway's two instances use one connection and one local network gateway; a change to
either reaches both tunnels. The check re-runs every tunnel that uses what the fix changes, as it does for
a device-wide ASA change, and shows the fix as proven only when none of them breaks.
"""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import azure as azure_gateway, asa_text as vti_asa_text  # noqa: E402  pylint: disable=wrong-import-position

# Azure's two instances: their public IPs, default BGP addresses and APIPA addresses.
INSTANCES = [("default", "203.0.113.50", "10.50.255.4", ["169.254.21.1"]),
             ("activeActive", "203.0.113.51", "10.50.255.5", ["169.254.22.1"])]
NEIGHBORS = ["neighbor 169.254.21.1 remote-as 65515", "neighbor 169.254.21.1 activate",
             "neighbor 169.254.22.1 remote-as 65515", "neighbor 169.254.22.1 activate"]


def asa_text(profiles=("AZ-PROF", "AZ-PROF")):
    """Two VTIs, one to each instance: Tunnel1 169.254.21.2/30, Tunnel2 169.254.22.2/30."""
    vtis = [(1, "169.254.21.2", "203.0.113.50"), (2, "169.254.22.2", "203.0.113.51")]
    return vti_asa_text(vtis, NEIGHBORS, profiles=list(profiles))


def azure(lng_bgp_address="169.254.21.2", policy=None):
    """An active-active gateway, one connection, one local network gateway (BGP address ``lng_bgp_address``)."""
    return azure_gateway(INSTANCES, lng_bgp_address, True, policy=policy)


def check(asa, resources):
    return run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))


def problems(report):
    return {t["name"]: sorted(f["code"] for f in t["findings"] if f["severity"] in ("error", "warning"))
            for t in report["tunnels"]}


def tunnel(report, name):
    return [t for t in report["tunnels"] if t["name"] == name][0]


def finding(report, name, code):
    return [f for f in tunnel(report, name)["findings"] if f["code"] == code][0]


def apply_azure(resources, rendered):
    """The Azure fix as shown, applied to the export: each resource's properties merged in."""
    out = copy.deepcopy(resources)
    names = {"connection": "conn", "local_network_gateway": "lng", "virtual_network_gateway": "vng"}
    for key, name in names.items():
        if key in rendered:
            target = [r for r in out if r["name"] == name][0]["properties"]
            target.update(rendered[key]["properties"])
    return out


# ---------------------------------------------------------------------------------------------------
# One local network gateway, two ASA BGP addresses: no change to it serves both instances
# ---------------------------------------------------------------------------------------------------
def test_a_bgp_address_on_the_shared_local_network_gateway_that_breaks_the_other_instance_is_not_proven():
    report = check(asa_text(), azure())
    assert problems(report) == {"conn (instance 0)": [], "conn (instance 1)": ["BGP_PEER_ADDRESS_MISMATCH"]}
    mismatch = finding(report, "conn (instance 1)", "BGP_PEER_ADDRESS_MISMATCH")
    proof = mismatch["proof"]["azure"]
    # Before: "proven: 2 Azure change(s) ..." setting lng's bgpPeeringAddress to 169.254.22.2, which gave
    # instance 0 the same error; instance 0's fix pointed back: the two "proven" fixes cancelled each other.
    assert proof["proven"] is False
    reason = proof["reason"]
    assert "local network gateway lng" in reason and "conn (instance 0)" in reason
    assert "BGP_PEER_ADDRESS_MISMATCH" in reason
    # What a person can do instead: one local network gateway per on-premises BGP address, or one address.
    assert "its own local network gateway (bgpPeeringAddress 169.254.22.2) and connection" in reason
    assert "peer from 169.254.21.2, the address local network gateway lng has" in reason
    # Nothing is shown to paste, and align_to asa plans no change of the shared local network gateway.
    assert "azure" not in mismatch["remediation"]
    assert "azure" not in tunnel(report, "conn (instance 1)")["remediation"]


def test_the_fix_the_check_used_to_show_does_break_the_other_instance():
    """What the refusal rests on: the change, applied to the export, moves the error to instance 0."""
    resources = azure()
    after = check(asa_text(), apply_azure(resources, {"local_network_gateway": {"properties": {
        "bgpSettings": {"asn": 65020, "bgpPeeringAddress": "169.254.22.2"}}}}))
    assert problems(after) == {"conn (instance 0)": ["BGP_PEER_ADDRESS_MISMATCH"], "conn (instance 1)": []}


# ---------------------------------------------------------------------------------------------------
# One connection for both instances: its ipsecPolicies reach both tunnels
# ---------------------------------------------------------------------------------------------------
def test_a_connection_policy_fix_that_breaks_the_other_instance_is_not_proven():
    # Azure's connection has AES256/SHA256 for ESP; Tunnel1 proposes the same, Tunnel2 only AES-GCM-256, so
    # instance 1 has no common ESP proposal and Azure is the end asked to move (to the stronger GCM). The one
    # connection's ipsecPolicies reach instance 0 too, whose Tunnel1 has no GCM: that change would cut it off.
    cbc = {"ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256"}
    report = check(asa_text(profiles=("AZ-PROF-CBC", "AZ-PROF")), azure(policy=cbc))
    assert problems(report)["conn (instance 0)"] == []
    broken = finding(report, "conn (instance 1)", "CHILD_NO_COMMON_PROPOSAL")
    proof = broken["proof"]["azure"]
    # Before: proven, with instance 0 never re-run; the GCM policy it showed left instance 0 without ESP.
    assert proof["proven"] is False
    assert "connection conn" in proof["reason"] and "conn (instance 0)" in proof["reason"]
    assert "CHILD_NO_COMMON_PROPOSAL" in proof["reason"] and "one connection" in proof["reason"]
    assert "azure" not in broken["remediation"]
    assert "azure" not in tunnel(report, "conn (instance 1)")["remediation"]


def test_a_connection_fix_that_works_for_both_instances_is_proven_against_the_other_and_names_it():
    # Both tunnels use PFS group 20, Azure's connection ECP256 (group 19): both instances have the same
    # mismatch, and the one change to the connection fixes both.
    report = check(asa_text(), azure(policy={"pfsGroup": "ECP256"}))
    before = problems(report)
    assert "PFS_MISMATCH" in before["conn (instance 0)"] and "PFS_MISMATCH" in before["conn (instance 1)"]
    for name, other in (("conn (instance 0)", "conn (instance 1)"), ("conn (instance 1)", "conn (instance 0)")):
        pfs = finding(report, name, "PFS_MISMATCH")
        proof = pfs["proof"]["azure"]
        assert proof["proven"] is True, proof["reason"]
        assert proof["touches"] == [other] and other in proof["reason"]
        fixed = check(asa_text(), apply_azure(azure(policy={"pfsGroup": "ECP256"}), pfs["remediation"]["azure"]))
        # PFS_MISMATCH gone on both; instance 1 keeps only its BGP address error (one local network gateway)
        assert problems(fixed) == {"conn (instance 0)": [], "conn (instance 1)": ["BGP_PEER_ADDRESS_MISMATCH"]}
