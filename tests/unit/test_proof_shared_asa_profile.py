# -*- coding: utf-8 -*-
"""A fix to a VTI's ``crypto ipsec profile`` is proven against every tunnel interface of the ASA that names the same
profile ("first, do no harm"): the asa remediation puts PFS, the proposal and the Child SA lifetimes into the profile
block, so a profile two tunnels share changes for both."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based")
TUNNEL_GROUP_END = " ikev2 local-authentication pre-shared-key *****\n"


def read(name, file):
    with open(os.path.join(FIXTURES, name, file)) as handle:
        return handle.read()


def pfs_of(resources, group):
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["ipsecPolicies"][0]["pfsGroup"] = group
    return resources


def two_sites_on_one_profile():
    """vti_static's ASA with a second VTI (Tunnel11) to a second Azure gateway, both naming profile
    azure-uks-profile (PFS group 14); the UK South connection asks PFS2048 (group 14), the West Europe one ECP384."""
    asa = read("vti_static", "asa_running_config.txt").replace(" set pfs group20\n", " set pfs group14\n")
    asa = asa.replace("!\nftp mode passive", "interface Tunnel11\n nameif azure-weu\n ip address 169.254.101.1 255.255.255.252\n"
                      " tunnel source interface outside\n tunnel destination 203.0.113.50\n tunnel mode ipsec ipv4\n"
                      " tunnel protection ipsec profile azure-uks-profile\n!\nftp mode passive", 1)
    asa = asa.replace("route azure-uks 10.30.0.0 255.255.0.0 169.254.100.2 1\n",
                      "route azure-uks 10.30.0.0 255.255.0.0 169.254.100.2 1\nroute azure-weu 10.40.0.0 255.255.0.0 169.254.101.2 1\n")
    start = asa.index("tunnel-group 203.0.113.40 type")
    group = asa[start:asa.index(TUNNEL_GROUP_END, start) + len(TUNNEL_GROUP_END)]
    asa = asa.replace(group, group + group.replace("203.0.113.40", "203.0.113.50"))
    uks = pfs_of(json.loads(read("vti_static", "azure_resources.json")), "PFS2048")
    weu = pfs_of(json.loads(json.dumps(uks).replace("uks", "weu").replace("203.0.113.40", "203.0.113.50")
                            .replace("10.30.0.0/16", "10.40.0.0/16")), "ECP384")
    return asa, uks + weu


def errors(report):
    return {t["name"]: sorted(f["code"] for f in t["findings"] if f["severity"] == "error") for t in report["tunnels"]}


def test_a_pfs_fix_to_a_profile_another_site_uses_is_not_proven():
    """Before: `crypto ipsec profile azure-uks-profile / set pfs group20` was shown as proven for West Europe; pasted,
    it cut off UK South (PFS2048 there)."""
    asa, resources = two_sites_on_one_profile()
    report = run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))
    assert errors(report) == {"uks-to-shop-asa": [], "weu-to-shop-asa": ["PFS_MISMATCH"]}
    weu = [t for t in report["tunnels"] if t["name"] == "weu-to-shop-asa"][0]
    proof = [f for f in weu["findings"] if f["code"] == "PFS_MISMATCH"][0]["proof"]["asa"]
    assert proof["proven"] is False
    assert "ipsec profile azure-uks-profile" in proof["reason"] and "Tunnel10" in proof["reason"]
    assert "its own ipsec profile" in proof["reason"]
    assert "asa" not in weu["remediation"]  # nothing to paste that would break the other site


def test_the_fix_that_was_shown_does_break_the_other_site():
    asa, resources = two_sites_on_one_profile()
    pasted = asa.replace(" set pfs group14\n", " set pfs group20\n")
    assert errors(run_check(asa_facts_from_text(pasted), azure_facts_from_data(resources))) == {
        "uks-to-shop-asa": ["PFS_MISMATCH"], "weu-to-shop-asa": []}


def test_a_profile_both_tunnels_to_one_active_active_gateway_use_is_fixed_for_both():
    """The usual shape (one profile for the two tunnels to an active-active gateway): the fix is proven, it names the
    other tunnel interface, and applied it clears both."""
    asa = read("vti_active_active_static", "asa_running_config.txt").replace(" set pfs group20\n", " set pfs group14\n")
    resources = json.loads(read("vti_active_active_static", "azure_resources.json"))
    report = run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))
    assert sorted(errors(report).values()) == [["PFS_MISMATCH"], ["PFS_MISMATCH"]]
    for tunnel in report["tunnels"]:
        proof = [f for f in tunnel["findings"] if f["code"] == "PFS_MISMATCH"][0]["proof"]["asa"]
        assert proof["proven"] is True and "Tunnel" in proof["reason"], proof
        assert tunnel["remediation"]["asa"] == ["crypto ipsec profile AZURE-NEU", " set pfs group20"]
    fixed = asa.replace(" set pfs group14\n", " set pfs group20\n")
    assert sorted(errors(run_check(asa_facts_from_text(fixed), azure_facts_from_data(resources))).values()) == [[], []]
