# -*- coding: utf-8 -*-
"""Regressions of today's policy-based ends (review 6): a deny not fully resolved matters only to the permits after it
it may meet (first match); entries of one map to one peer are one tunnel only when their crypto agrees, and a fix to
such a tunnel goes to each entry."""

import policy_based_shapes as shapes
import test_crypto_map_peers_review as peers
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from vendor_apply import apply_asa


def _tunnel(text, resources=None):
    facts = asa_facts_from_text(text, host="fw")
    [tunnel] = run_check(facts, azure_facts_from_data(resources or shapes.arm()))["tunnels"]
    return facts, tunnel


def test_a_deny_after_the_permits_with_a_protocol_group_leaves_the_selectors_checked():
    """First match: a deny after every permit changes nothing (test_deny_after_the_permit_changes_nothing), whatever
    its protocol is written with. Before: every selector and the NAT check undecidable (degraded)."""
    acl = (shapes.ACL + "\nobject-group protocol TCPUDP\n protocol-object tcp\n protocol-object udp\n"
           "access-list AZ-ACL extended deny object-group TCPUDP any any")
    facts, tunnel = _tunnel(shapes.asa(acl=acl))
    assert facts["tunnels"][0]["traffic_selectors"], facts["tunnels"][0]["unknowns"]
    assert tunnel["verdict"] == "pass", [f["summary"] for f in tunnel["findings"]]


def test_a_deny_disjoint_from_the_permits_with_an_fqdn_leaves_the_selectors_checked():
    """A deny before the permit whose source (10.9.9.9) meets none of the permit's networks cannot take anything
    out of it, whatever its destination resolves to."""
    acl = ("object network BAD\n fqdn bad.example.com\n"
           "access-list AZ-ACL extended deny ip host 10.9.9.9 object BAD\n" + shapes.ACL)
    facts, tunnel = _tunnel(shapes.asa(acl=acl))
    assert facts["tunnels"][0]["traffic_selectors"], facts["tunnels"][0]["unknowns"]
    assert tunnel["verdict"] == "pass", [f["summary"] for f in tunnel["findings"]]


def _two_entries(pfs10, pfs20):
    return peers.asa(acl=peers.TWO_ACLS, map_lines=peers.entry(10, "AZ-ACL-1", pfs=pfs10) + "\n"
                     + peers.entry(20, "AZ-ACL-2", pfs=pfs20))


def test_a_proven_pfs_fix_of_entries_united_to_one_peer_fixes_every_entry():
    """CM 10 and CM 20 both set the Azure peer with PFS group 5. The fix shown as proven sets group14 on CM 10
    only: CM 20 (10.2/16's Child SAs) still rekeys with group 5, which Azure refuses."""
    text = _two_entries("group5", "group5")
    _facts, tunnel = _tunnel(text)
    [pfs] = [f for f in tunnel["findings"] if f["code"] == "PFS_MISMATCH"]
    assert pfs["proof"]["asa"]["proven"] is True
    after, _applied = apply_asa(text, pfs["remediation"]["asa"])
    assert "crypto map CM 20 set pfs group5" not in after.splitlines(), pfs["remediation"]["asa"]


def test_a_later_entry_to_the_same_peer_with_azures_pfs_wrong_fails():
    """CM 20's Child SAs (10.2/16) rekey with PFS group 5 against Azure's group 14: broken for that traffic,
    as PFS_MISMATCH says for CM 10. Before: only a 'differ' warning (degraded)."""
    # CM 20 answers the part of Azure's offer its ACL takes: a tunnel of its own in the report (review 2026-12-04)
    facts = asa_facts_from_text(_two_entries("group14", "group5"), host="fw")
    tunnels = {t["name"]: t for t in run_check(facts, azure_facts_from_data(shapes.arm()))["tunnels"]}
    [name] = [n for n in tunnels if "crypto map CM 20" in n]
    tunnel = tunnels[name]
    assert tunnel["verdict"] == "fail", [(f["code"], f["severity"]) for f in tunnel["findings"]]
    assert [f["code"] for f in tunnel["findings"] if f["severity"] == "error"] == ["PFS_MISMATCH"]
