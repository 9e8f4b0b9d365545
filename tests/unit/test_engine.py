# -*- coding: utf-8 -*-
"""The compatibility engine on plain model data: negotiation semantics, both ways."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import (
    check_tunnel,
    select_child,
    select_ike,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_RESPONDER_ONLY,
    ChildSaProposal,
    Dpd,
    IkeProposal,
    Lifetimes,
    NatExemption,
    TrafficSelector,
    TunnelEnd,
    tunnel_end_from_dict,
)


def ike(enc=("AES-CBC-128",), integ=("SHA256",), prf=("SHA256",), dh=(19,)):
    return IkeProposal(label="p", encryption=tuple(enc), integrity=tuple(integ), prf=tuple(prf), dh_groups=tuple(dh))


def esp(enc=("AES-GCM-128",), integ=(), dh=(0,)):
    return ChildSaProposal(label="e", encryption=tuple(enc), integrity=tuple(integ), dh_groups=tuple(dh))


def asa_end(**kw):
    end = TunnelEnd(
        vendor="asa",
        name="CRYPTO-MAP 2",
        local_address="198.51.100.10",
        peer_address="203.0.113.20",
        ike_proposals=[ike()],
        child_proposals=[esp()],
        ike_lifetime=Lifetimes(seconds=28800),
        child_lifetime=Lifetimes(seconds=3600, kilobytes=102400000),
        traffic_selectors=[TrafficSelector(local="10.0.0.0/8", remote="172.16.0.0/16")],
        narrows_selectors=False,
        local_networks=["10.0.0.0/8"],
        remote_networks=["172.16.0.0/16"],
        nat=NatExemption(exempt=True),
        tcp_mss=1350,
    )
    for key, value in kw.items():
        setattr(end, key, value)
    return end


def azure_end(**kw):
    end = TunnelEnd(
        vendor="azure",
        name="UKSouth-HQ-S2S",
        local_address="203.0.113.20",
        peer_address="198.51.100.10",
        ike_proposals=[ike()],
        child_proposals=[esp()],
        ike_lifetime=Lifetimes(seconds=28800),
        child_lifetime=Lifetimes(seconds=3600, kilobytes=102400000),
        traffic_selectors=[TrafficSelector(local="172.16.0.0/16", remote="10.0.0.0/8")],
        narrows_selectors=True,
        local_networks=["172.16.0.0/16"],
        remote_networks=["10.0.0.0/8"],
        dpd=Dpd(timeout_seconds=45),
        max_tcp_mss=1350,
    )
    for key, value in kw.items():
        setattr(end, key, value)
    return end


def codes(findings, severities=("error", "warning")):
    return sorted((f.code, f.severity, f.phase) for f in findings if f.severity in severities)


def test_aligned_pair_has_no_findings():
    assert check_tunnel(asa_end(), azure_end()) == []


def test_seed_pfs_on_azure_only_fails_at_rekey_not_at_bring_up():
    azure = azure_end(child_proposals=[esp(dh=(19,))], pfs_group=19,
                      child_lifetime=Lifetimes(seconds=3600, kilobytes=2048))
    findings = check_tunnel(asa_end(), azure)
    assert codes(findings) == [
        ("CHILD_DATA_LIMIT_MISMATCH", "warning", "child_rekey"),
        ("PFS_MISMATCH", "error", "child_rekey"),
    ]
    pfs = [f for f in findings if f.code == "PFS_MISMATCH"][0]
    assert pfs.summary.startswith("Azure rekeys the Child SA with PFS DH group 19 but ASA has no PFS")
    assert "INVALID_KE_PAYLOAD" in pfs.summary
    assert pfs.fixes == {"asa": [{"kind": "child_pfs", "group": 19}], "azure": [{"kind": "child_pfs", "group": None}]}
    # Both rekey directions fail: the ASA's KE-less rekey is refused by Azure too.
    outcomes = [d["outcome"] for d in pfs.evidence["asa"]["rekeys"]]
    assert len(outcomes) == 2 and any("NO_PROPOSAL_CHOSEN" in o for o in outcomes)
    limit = [f for f in findings if f.code == "CHILD_DATA_LIMIT_MISMATCH"][0]
    assert "Azure rekeys every 2048 KB" in limit.summary


def test_first_child_sa_needs_no_common_pfs_in_ikev2():
    # Same suites, different PFS: no CHILD_NO_COMMON_PROPOSAL, only the rekey fails.
    findings = check_tunnel(asa_end(child_proposals=[esp(dh=(14,))], pfs_group=14),
                            azure_end(child_proposals=[esp(dh=(19,))], pfs_group=19))
    assert codes(findings) == [("PFS_MISMATCH", "error", "child_rekey")]


def test_ikev1_pfs_mismatch_fails_the_first_quick_mode():
    findings = check_tunnel(asa_end(ike_versions=(1,), child_proposals=[esp(dh=(14,))], pfs_group=14),
                            azure_end(ike_versions=(1,)))
    assert codes(findings) == [("PFS_MISMATCH", "error", "child_init")]


def test_azure_default_accepts_asa_pfs_but_its_own_rekeys_have_no_ke():
    # Azure default policy: initiator offers no PFS; responder accepts AES256/SHA1 with group 14.
    azure = azure_end(
        child_proposals=[esp(enc=("AES-CBC-256",), integ=("SHA1",))],
        child_proposals_responder=[esp(enc=("AES-CBC-256",), integ=("SHA1",), dh=(0,)),
                                   esp(enc=("AES-CBC-256",), integ=("SHA1",), dh=(14,))],
        child_lifetime=Lifetimes(seconds=27000, kilobytes=102400000),
    )
    asa = asa_end(child_proposals=[esp(enc=("AES-CBC-256",), integ=("SHA1",), dh=(14,))], pfs_group=14,
                  child_lifetime=Lifetimes(seconds=28800, kilobytes=4608000))
    findings = check_tunnel(asa, azure, baseline={"weak_integrity": ["MD5"]})
    pfs = [f for f in findings if f.code == "PFS_MISMATCH"]
    assert len(pfs) == 1 and pfs[0].severity == "error"
    rekeys = pfs[0].evidence["asa"]["rekeys"]
    assert [r["initiator"] for r in rekeys] == ["Azure"]


def test_pfs_failure_only_when_the_peer_never_rekeys_first_is_a_warning():
    # ASA rekeys first on time and data, so Azure's KE-less rekey only happens if the ASA's is lost.
    azure = azure_end(child_proposals=[esp()], child_proposals_responder=[esp(dh=(0,)), esp(dh=(14,))],
                      child_lifetime=Lifetimes(seconds=27000, kilobytes=102400000))
    asa = asa_end(child_proposals=[esp(dh=(14,))], pfs_group=14, child_lifetime=Lifetimes(seconds=3600, kilobytes=4608000))
    pfs = [f for f in check_tunnel(asa, azure) if f.code == "PFS_MISMATCH"]
    assert [f.severity for f in pfs] == ["warning"]


def test_ike_no_common_proposal_names_the_transform():
    findings = check_tunnel(asa_end(ike_proposals=[ike(dh=(14,))]), azure_end())
    assert codes(findings) == [("IKE_NO_COMMON_PROPOSAL", "error", "ike_init")]
    overlap = findings[0].evidence["asa"]["overlap"]
    assert overlap["dh_groups"]["common"] == [] and overlap["encryption"]["common"] == ["AES-CBC-128"]
    assert "dh_groups" in findings[0].summary


def test_dh_guess_is_not_a_failure():
    # The ASA offers 14 first, Azure wants 19: INVALID_KE_PAYLOAD, retry, success.
    assert check_tunnel(asa_end(ike_proposals=[ike(dh=(14, 19))]), azure_end()) == []


def test_unknown_prf_is_not_held_against_either_end():
    assert select_ike([ike(prf=())], [ike(prf=("SHA384",))]) == ("AES-CBC-128", "SHA256", "SHA384", 19)


def test_asymmetric_ike_lists_fail_at_ike_rekey():
    azure = azure_end(ike_proposals=[ike(dh=(19,))], ike_proposals_responder=[ike(dh=(19,)), ike(dh=(14,))])
    asa = asa_end(ike_proposals=[ike(dh=(14,))])
    findings = check_tunnel(asa, azure)
    assert codes(findings) == [("IKE_NO_COMMON_PROPOSAL", "error", "ike_rekey")]


def test_child_suite_mismatch_is_child_init():
    findings = check_tunnel(asa_end(child_proposals=[esp(enc=("AES-CBC-256",), integ=("SHA256",))]), azure_end())
    assert codes(findings) == [("CHILD_NO_COMMON_PROPOSAL", "error", "child_init")]
    assert findings[0].fixes["asa"] == [{"kind": "child_proposal", "encryption": "AES-GCM-128", "integrity": None}]


def test_gcm_ignores_integrity_lists():
    assert select_child([esp(enc=("AES-GCM-256",), integ=("SHA256",))], [esp(enc=("AES-GCM-256",))], True) == (
        "AES-GCM-256", None, 0)


def test_any_to_any_is_refused_by_a_policy_based_end():
    azure = azure_end(any_to_any=True, traffic_selectors=[TrafficSelector(local="0.0.0.0/0", remote="0.0.0.0/0")])
    findings = check_tunnel(asa_end(), azure)
    assert codes(findings) == [("TRAFFIC_SELECTOR_MISMATCH", "error", "child_init")]
    assert findings[0].fixes["azure"] == [{"kind": "policy_selectors", "enabled": True}]
    assert "TS_UNACCEPTABLE" in findings[0].summary


def test_policy_selector_not_covered_by_the_acl_is_refused():
    azure = azure_end(traffic_selectors=[TrafficSelector(local="172.16.0.0/16", remote="10.0.0.0/8"),
                                         TrafficSelector(local="172.17.0.0/16", remote="10.0.0.0/8")])
    findings = check_tunnel(asa_end(), azure)
    assert codes(findings) == [("TRAFFIC_SELECTOR_MISMATCH", "error", "child_init")]
    assert findings[0].fixes["asa"][0]["pairs"] == [["10.0.0.0/8", "172.16.0.0/16"], ["10.0.0.0/8", "172.17.0.0/16"]]


def test_narrowing_responder_warns_when_it_cuts_the_offer():
    asa = asa_end(traffic_selectors=[TrafficSelector(local="10.0.0.0/8", remote="172.16.0.0/12")])
    azure = azure_end(traffic_selectors=[TrafficSelector(local="172.16.0.0/16", remote="10.0.0.0/8")])
    findings = check_tunnel(asa, azure)
    assert codes(findings) == [("TRAFFIC_SELECTOR_MISMATCH", "warning", "child_init")]


def test_unknown_selectors_are_not_compared():
    assert check_tunnel(asa_end(traffic_selectors=None), azure_end(any_to_any=True)) == []


def test_responder_only_skips_that_direction_at_bring_up():
    # Azure answers only; its IKE offers would fail but it never initiates IKE_SA_INIT.
    azure = azure_end(mode=MODE_RESPONDER_ONLY, ike_proposals=[ike(dh=(20,))],
                      ike_proposals_responder=[ike(dh=(19,))])
    assert check_tunnel(asa_end(), azure) == []


def test_peer_address_mismatch_and_lng_containing_peer():
    findings = check_tunnel(asa_end(peer_address="203.0.113.99"),
                            azure_end(remote_networks=["10.0.0.0/8", "198.51.100.0/24"]))
    assert codes(findings) == [
        ("LNG_CONTAINS_PEER_ADDRESS", "warning", "traffic"),
        ("PEER_ADDRESS_MISMATCH", "error", "config"),
    ]
    lng = [f for f in findings if f.code == "LNG_CONTAINS_PEER_ADDRESS"][0]
    assert lng.fixes["azure"] == [{"kind": "remote_networks", "networks": ["10.0.0.0/8"]}]


def test_ike_version_mismatch_stops_negotiation_checks():
    findings = check_tunnel(asa_end(ike_versions=(1,), ike_proposals=[ike(dh=(2,))]), azure_end())
    assert codes(findings) == [("IKE_VERSION_MISMATCH", "error", "ike_init")]


@pytest.mark.parametrize("a_method,b_method,a_digest,b_digest,expected", [
    ("psk", "psk", None, None, []),
    ("psk", "psk", "h1", "h1", []),
    ("psk", "psk", "h1", "h2", [("AUTH_MISMATCH", "error", "ike_init")]),
    ("certificate", "psk", None, None, [("AUTH_MISMATCH", "error", "ike_init")]),
    (None, "psk", None, None, [("AUTH_MISMATCH", "error", "ike_init")]),
])
def test_auth(a_method, b_method, a_digest, b_digest, expected):
    a, b = asa_end(), azure_end()
    a.auth.method, a.auth.psk_digest = a_method, a_digest
    b.auth.method, b.auth.psk_digest = b_method, b_digest
    findings = check_tunnel(a, b)
    assert codes(findings) == expected
    assert all("h1" not in str(f.evidence) and "h2" not in str(f.evidence) for f in findings)


def test_lifetimes_are_info_except_data_limits():
    a = asa_end(ike_lifetime=Lifetimes(seconds=86400), child_lifetime=Lifetimes(seconds=28800, kilobytes=4608000))
    b = azure_end(child_lifetime=Lifetimes(seconds=27000, kilobytes=102400000))
    findings = check_tunnel(a, b)
    assert codes(findings, ("error", "warning", "info")) == [
        ("CHILD_DATA_LIMIT_MISMATCH", "warning", "child_rekey"),
        ("CHILD_LIFETIME_MISMATCH", "info", "child_rekey"),
        ("IKE_LIFETIME_MISMATCH", "info", "ike_rekey"),
    ]
    ike_f = [f for f in findings if f.code == "IKE_LIFETIME_MISMATCH"][0]
    assert "Azure rekeys the IKE SA first" in ike_f.summary


def test_traffic_path_findings():
    a = asa_end(nat=NatExemption(exempt=False, detail="object NAT dynamic interface"), tcp_mss=1380,
                dpd=Dpd(enabled=True, timeout_seconds=5))
    findings = check_tunnel(a, azure_end())
    assert codes(findings) == [
        ("DPD_MISMATCH", "warning", "traffic"),
        ("NAT_EXEMPTION_MISSING", "error", "traffic"),
        ("TCP_MSS_TOO_HIGH", "warning", "traffic"),
    ]


def test_dpd_off_on_both_ends():
    findings = check_tunnel(asa_end(dpd=Dpd(enabled=False)), azure_end(dpd=Dpd(enabled=False)))
    assert codes(findings) == [("DPD_MISMATCH", "warning", "traffic")]


def test_weak_crypto_is_what_gets_negotiated():
    weak_ike = ike(enc=("3DES", "AES-CBC-128"), integ=("SHA1",), prf=("SHA1",), dh=(2,))
    findings = check_tunnel(asa_end(ike_proposals=[weak_ike]), azure_end(ike_proposals=[weak_ike]))
    weak = [f for f in findings if f.code == "WEAK_CRYPTO"]
    assert len(weak) == 1 and weak[0].severity == "warning"
    listed = {n["transform"]: n["value"] for n in weak[0].evidence["asa"]["negotiated"]}
    assert listed == {"IKE encryption": "3DES", "IKE integrity": "SHA1", "IKE PRF": "SHA1", "IKE DH group": 2}
    # A looser baseline accepts it.
    loose = {"weak_encryption": [], "weak_integrity": [], "weak_dh_groups": []}
    assert [f for f in check_tunnel(asa_end(ike_proposals=[weak_ike]), azure_end(ike_proposals=[weak_ike]), loose)
            if f.code == "WEAK_CRYPTO"] == []


def test_tunnel_end_round_trips_through_plain_data():
    end = asa_end(child_proposals=[esp(dh=(19,))], pfs_group=19)
    assert tunnel_end_from_dict(end.to_dict()) == end


def test_pfs_mismatch_fails_extra_selector_pairs_at_bring_up():
    # Azure with two VNet prefixes offers two pairs; only the first rides in IKE_AUTH.
    # The second is a CREATE_CHILD_SA carrying Azure's KE, which the ASA without PFS refuses.
    azure = azure_end(child_proposals=[esp(dh=(19,))], pfs_group=19,
                      traffic_selectors=[TrafficSelector(local="172.16.0.0/16", remote="10.0.0.0/8"),
                                         TrafficSelector(local="172.17.0.0/16", remote="10.0.0.0/8")])
    asa = asa_end(traffic_selectors=[TrafficSelector(local="10.0.0.0/8", remote="172.16.0.0/15")])
    [pfs] = [f for f in check_tunnel(asa, azure) if f.code == "PFS_MISMATCH"]
    assert (pfs.severity, pfs.phase) == ("error", "child_init")
    assert "other 1 selector pair(s)" in pfs.summary


def test_gmac_is_an_aead_suite_with_no_integrity_transform():
    # Not shown by the strongSwan oracle (kernel-libipsec cannot install GMAC SAs).
    gmac = esp(enc=("AES-GMAC-128",), integ=("SHA256",))
    assert select_child([gmac], [esp(enc=("AES-GMAC-128",))], True) == ("AES-GMAC-128", None, 0)
    assert select_child([gmac], [esp(enc=("AES-GCM-128",))], True) is None
