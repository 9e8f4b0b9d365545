# -*- coding: utf-8 -*-
"""The ASA release table: VTI needs 9.8(1); crypto removed in 9.16 leaves the end's offer."""

import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import versions
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.versions import (
    VTI_MIN_RELEASE,
    parse_version,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import IkePolicy, PresharedKey, TransformSet
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ChildSaProposal, ConfigLine, IkeProposal, TunnelEnd

from test_asa_vti import GATEWAY, codes, one_vti, vti_config
from test_azure_route_based_pairing import CRYPTO, HEAD, TUNNEL_GROUP, VTI


@pytest.mark.parametrize("text,expected", [
    ("9.18(3)56", (9, 18, 3, 56)),
    ("9.8(1)", (9, 8, 1, 0)),
    ("9.16(4)", (9, 16, 4, 0)),
    ("10.2", (10, 2, 0, 0)),
    ("not a version", None),
    ("", None),
    (None, None),
])
def test_parse_version(text, expected):
    assert parse_version(text) == expected


def test_releases_compare_as_numbers_not_text():
    assert parse_version("9.8(1)") < parse_version("9.16(1)") < parse_version("9.16(1)2") < parse_version("9.18(3)")


def test_vti_needs_9_8_1():
    end, findings = one_vti(vti_config(version="9.7(1)4"))
    assert codes(findings) == [("ASA_VERSION_UNSUPPORTED", "error")]
    evidence = findings[0].evidence["asa"]
    assert evidence["needs"] == "9.8(1)" and evidence["verified"] == VTI_MIN_RELEASE.verified
    assert evidence["source"].startswith("asa.vti")
    assert [l["text"] for l in evidence["lines"]] == ["ASA Version 9.7(1)4", "interface Tunnel1"]
    assert findings[0].scope == [end.name]
    assert one_vti(vti_config(version="9.8(1)"))[1] == []


def weak_policy_config(version):
    config = vti_config(version=version)
    policy = config.ikev2_policies[10]
    policy.encryption, policy.groups = ["aes-256", "3des"], [2, 14]
    policy.lines = [ConfigLine(60, "crypto ikev2 policy 10"), ConfigLine(61, "encryption aes-256 3des"),
                    ConfigLine(62, "group 2 14")]
    return config


def test_removed_dh_group_and_cipher_leave_the_offer_with_a_warning_per_line():
    end, findings = one_vti(weak_policy_config("9.18(3)"))
    assert [(p.encryption, p.dh_groups) for p in end.ike_proposals] == [(("AES-CBC-256",), (14,))]
    assert codes(findings) == [("ASA_VERSION_UNSUPPORTED", "warning")] * 2
    by_line = {f.evidence["asa"]["lines"][-1]["line"]: f for f in findings}
    assert set(by_line) == {61, 62}
    assert by_line[62].evidence["asa"]["removed"] == {"kind": "dh", "value": 2}
    assert by_line[61].evidence["asa"]["removed"] == {"kind": "encryption", "value": "3DES"}
    # the evidence says which part of the table is not verified
    assert "verified: false" in by_line[62].evidence["asa"]["note"]
    assert all(f.scope == [end.name] for f in findings)


def test_release_before_the_removal_keeps_everything():
    end, findings = one_vti(weak_policy_config("9.14(4)"))
    assert [(p.encryption, p.dh_groups) for p in end.ike_proposals] == [(("AES-CBC-256", "3DES"), (2, 14))]
    assert findings == []


def test_unknown_version_gives_no_version_finding():
    for version in (None, "garbled"):
        end, findings = one_vti(weak_policy_config(version))
        assert findings == [] and end.ike_proposals[0].dh_groups == (2, 14)


def test_proposal_with_nothing_left_is_dropped():
    config = vti_config(version="9.16(1)")
    proposal = config.ipsec_proposals["AZURE-ESP"]
    proposal.encryption, proposal.integrity = ["3des"], ["md5"]
    proposal.lines = [ConfigLine(70, "crypto ipsec ikev2 ipsec-proposal AZURE-ESP"),
                      ConfigLine(71, "protocol esp encryption 3des"), ConfigLine(72, "protocol esp integrity md5")]
    end, findings = one_vti(config)
    assert end.child_proposals == []
    assert sorted(f.evidence["asa"]["lines"][-1]["line"] for f in findings) == [71, 72]


def test_removed_pfs_group_is_kept_and_the_warning_says_pfs_may_differ():
    end, findings = one_vti(vti_config(version="9.16(2)", pfs_group=2))
    assert end.pfs_group == 2 and end.child_proposals[0].dh_groups == (2,)
    assert codes(findings) == [("ASA_VERSION_UNSUPPORTED", "warning")]
    assert "PFS" in findings[0].summary and findings[0].evidence["asa"]["lines"][-1]["text"] == "set pfs group2"


def test_crypto_map_ends_are_filtered_too():
    from test_asa_adapter import BASE, one_end

    text = BASE.replace(" group 14", " group 2 14") + "ASA Version 9.18(1)\n"
    end, findings = one_end(text)
    assert end.ike_proposals[0].dh_groups == (14,)
    assert [f.code for f in findings] == ["ASA_VERSION_UNSUPPORTED"]


def test_esp_null_stays_because_only_ike_policies_lost_null():
    config = vti_config(version="9.18(3)")
    proposal = config.ipsec_proposals["AZURE-ESP"]
    proposal.encryption, proposal.integrity = ["null"], ["sha-256"]
    proposal.lines = [ConfigLine(70, "crypto ipsec ikev2 ipsec-proposal AZURE-ESP"),
                      ConfigLine(71, "protocol esp encryption null"), ConfigLine(72, "protocol esp integrity sha-256")]
    end, findings = one_vti(config)
    assert [p.encryption for p in end.child_proposals] == [("NULL",)] and findings == []


def ikev1_vti_config(version):
    config = vti_config(version=version)
    profile = config.ipsec_profiles["AZURE-PROFILE"]
    profile.ikev2_proposals, profile.transform_sets = [], ["TS"]
    ts_line = ConfigLine(80, "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac")
    config.transform_sets["TS"] = TransformSet("TS", ["esp-aes-256"], ["esp-sha-hmac"], [ts_line])
    config.ikev1_policies[10] = IkePolicy(1, 10, ["aes-256"], ["sha"], [], [14], 86400, True, "pre-share",
                                          [ConfigLine(81, "crypto ikev1 policy 10")])
    config.ikev1_enabled["outside"] = ConfigLine(82, "crypto ikev1 enable outside")
    config.group_policies["AZURE-GP"].tunnel_protocols = ["ikev1"]
    config.tunnel_groups[GATEWAY].ikev1_psk = PresharedKey("masked", ConfigLine(83, "ikev1 pre-shared-key *****"))
    return config


def test_an_ikev1_vti_needs_only_9_7_1():
    assert one_vti(ikev1_vti_config("9.7(2)"))[1] == []
    end, findings = one_vti(ikev1_vti_config("9.6(4)"))
    assert codes(findings) == [("ASA_VERSION_UNSUPPORTED", "error")]
    assert findings[0].evidence["asa"]["needs"] == "9.7(1)" and findings[0].evidence["asa"]["verified"] == "partial"
    assert "IKEv1" in findings[0].summary


def test_filtering_an_end_skips_only_proposals_the_general_path_leaves_alone():
    """_filter_end keeps a proposal none of whose values the table lists without _filter_proposal (issue 12):
    the same proposals (the very objects), the same hits, on random IKE and Child SA proposals with and
    without removed values, before and after the removal release."""
    rng = random.Random(16)
    encryptions = ["AES-256", "AES-GCM-256", "DES", "3DES", "NULL", "AES-GMAC-128", "AES-128"]
    integrities = ["SHA256", "SHA1", "MD5", "NULL"]
    groups = [2, 5, 14, 19, 20, 24, 0]
    line = ConfigLine(7, "crypto ikev2 policy 10 encryption des group 2 integrity md5")

    def pick(values):
        return tuple(rng.sample(values, rng.randint(0, 2)))

    def proposal():
        if rng.random() < 0.5:
            return IkeProposal("p", pick(encryptions), pick(integrities), pick(integrities), pick(groups), (line,))
        return ChildSaProposal("c", pick(encryptions), pick(integrities), pick(groups), (line,))

    skipped = general = 0
    for _round in range(300):
        release = rng.choice([(9, 14, 1, 0), (9, 16, 1, 0), (9, 20, 2, 0)])
        fields = {f: [proposal() for _n in range(rng.randint(0, 4))] if rng.random() < 0.9 else None
                  for f in ("ike_proposals", "ike_proposals_responder", "child_proposals", "child_proposals_responder")}
        end = TunnelEnd(vendor="asa", name="E", **fields)
        expected_hits, got_hits = {}, {}
        expected = {}
        for field, proposals in fields.items():
            if proposals is not None:
                kept = [versions._filter_proposal(end, p, release, expected_hits) for p in proposals]
                expected[field] = [p for p in kept if p is not None]
        versions._filter_end(end, release, got_hits)
        for field, proposals in fields.items():
            got = getattr(end, field)
            if proposals is None:
                assert got is None
                continue
            assert got == expected[field]
            # the proposals kept as they were are the very objects; the filtered ones are new in both
            assert [[p is q for q in proposals] for p in got] == [[p is q for q in proposals] for p in expected[field]]
            for p in proposals:
                if versions._ANY_REMOVED.isdisjoint(p.encryption + p.integrity + p.dh_groups + getattr(p, "prf", ())):
                    skipped += 1
                else:
                    general += 1
        assert got_hits == expected_hits
    assert skipped > 100 and general > 100


def test_a_removed_prf_is_named_as_the_prf_line_says_not_as_integrity():
    # review 2026-12-05 (pasted fixes): "Line 111 lists integrity MD5" of a "prf md5" line
    text = (HEAD.replace("9.14(3)", "9.16(4)") + VTI.format(n=0, inside="169.254.21.2", azure="203.0.113.30")
            + CRYPTO.replace(" group 2\n", " group 14\n").replace(" prf sha256\n", " prf md5\n")
            + TUNNEL_GROUP.format(azure="203.0.113.30") + ": end\n")
    facts = asa_facts_from_text(text)
    [finding] = [f for f in facts["findings"] if f["code"] == "ASA_VERSION_UNSUPPORTED"]
    assert "lists prf MD5, which ASA 9.16(4) no longer supports" in finding["summary"]
