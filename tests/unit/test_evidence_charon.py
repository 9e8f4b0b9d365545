# -*- coding: utf-8 -*-
"""Issue 14: charon logs of real strongSwan runs (tests/fixtures/evidence/charon/, made with the oracle's
charons) read as evidence, and each fault tied to the same finding as the ASA-side evidence of that fault."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.charon_log import parse_charon
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain

from test_evidence_cases import by_code, fixture, report, seed

CHARON_PEER = "192.0.2.2"  # end B of the oracle's namespace pair (the Azure-like end); the logs are end A's


def charon(name):
    return fixture("charon/%s.A.log" % name)


def tunnel(peer, *codes_phases):
    return {"tunnels": [{"name": "t", "asa": {"peer": peer}, "azure": {"gateway": "g"},
                         "findings": [{"code": c, "phase": p} for c, p in codes_phases]}]}


# (charon fixture, ASA-side evidence of the same fault, finding, phase of the finding)
SAME_FAULT = [
    ("ike_no_proposal", {"debug_text": "ike_init_no_proposal.debug.txt"}, "IKE_NO_COMMON_PROPOSAL", "ike_init"),
    ("psk_mismatch", {"debug_text": "auth_failed.debug.txt"}, "AUTH_MISMATCH", "ike_init"),
    ("ts_unacceptable", {"debug_text": "ts_unacceptable.debug.txt"}, "TRAFFIC_SELECTOR_MISMATCH", "child_init"),
    ("dpd_teardown", {"syslog_text": "dpd_teardown.syslog.txt"}, "DPD_MISMATCH", "traffic"),
]


@pytest.mark.parametrize("name, asa_evidence, code, phase", SAME_FAULT)
def test_charon_log_confirms_the_same_finding_as_the_asa_evidence(name, asa_evidence, code, phase):
    from_charon = explain(tunnel(CHARON_PEER, (code, phase)), charon_texts=[charon(name)])
    from_asa = explain(tunnel("203.0.113.20", (code, phase)), **{k: fixture(v) for k, v in asa_evidence.items()})
    assert by_code(from_charon)[code]["status"] == by_code(from_asa)[code]["status"] == "confirmed"
    [evidence] = by_code(from_charon)[code]["evidence"][:1]
    assert evidence["source"] == "charon" and evidence["time"].startswith("2026-")
    assert "strongSwan" in evidence["says"]


def test_pfs_mismatch_of_the_seed_confirmed_by_charon_as_by_the_asa_debug():
    checked = report()
    seed_tunnel = checked["tunnels"][0]
    from_asa = explain(checked, debug_text=seed("debug_crypto_ikev2.txt"))
    as_oracle = dict(seed_tunnel, asa=dict(seed_tunnel["asa"], peer=CHARON_PEER))
    from_charon = explain({"tunnels": [as_oracle]}, charon_texts=[charon("pfs_mismatch")])
    assert by_code(from_asa)["PFS_MISMATCH"]["status"] == by_code(from_charon)["PFS_MISMATCH"]["status"] == "confirmed"
    says = [e["says"] for e in by_code(from_charon)["PFS_MISMATCH"]["evidence"]]
    # both directions of the seed: the ASA-like end rekeys without KE, the Azure-like end with KE; both refused
    assert "strongSwan started CREATE_CHILD_SA (a Child SA rekey, message 2) without KE (no PFS); the peer " \
           "(192.0.2.2) answered NO_PROPOSAL_CHOSEN" in says
    assert "the peer (192.0.2.2) started CREATE_CHILD_SA (a Child SA rekey, message 0) with KE; strongSwan " \
           "answered NO_PROPOSAL_CHOSEN" in says


def test_child_sa_refused_in_ike_auth_confirms_child_no_common_proposal_not_ike():
    result = explain(tunnel(CHARON_PEER, ("IKE_NO_COMMON_PROPOSAL", "ike_init"), ("CHILD_NO_COMMON_PROPOSAL", "child_init")),
                     charon_texts=[charon("child_no_proposal")])
    assert by_code(result)["CHILD_NO_COMMON_PROPOSAL"]["status"] == "confirmed"
    # the IKE SA came up (IKE_AUTH answered): the IKE finding is contradicted
    assert by_code(result)["IKE_NO_COMMON_PROPOSAL"]["status"] == "contradicted"


def test_lifetime_expiry_after_refused_rekeys_is_an_effect_of_the_pfs_mismatch():
    result = explain(tunnel(CHARON_PEER, ("PFS_MISMATCH", "child_rekey")), charon_texts=[charon("lifetime_expiry")])
    assert by_code(result)["PFS_MISMATCH"]["status"] == "confirmed"
    [effect] = result["consequences"]
    assert effect["explained_by"] == "PFS_MISMATCH"
    assert effect["says"] == ("strongSwan closed an expired CHILD_SA: its hard lifetime ran out without a successful "
                              "rekey")
    alone = explain(tunnel(CHARON_PEER), charon_texts=[charon("lifetime_expiry")])
    expiry = [u for u in alone["unexplained"] if "expired" in u["says"]]
    assert expiry and "refused rekey" in expiry[0]["note"]


def test_charon_reader_shape_and_notes():
    parsed = parse_charon(charon("ts_unacceptable"))
    auth = [e for e in parsed["exchanges"] if e["exchange"] == "IKE_AUTH"][0]
    assert auth["started_by"] == "local" and auth["error_notifies"][0]["type"] == "TS_UNACCEPTABLE"
    assert auth["peer"] == CHARON_PEER and auth["kind"] == "ike_auth"
    # the DELETE sent as the daemon stopped has no answer in the log: noted, not a failure
    assert any("the log ends first" in n for n in parsed["notes"])
    assert parse_charon("%ASA-4-750003: x")["notes"][0].startswith("no charon log line found")


def test_charon_logs_hold_no_key_material():
    for name in ("pfs_mismatch", "ike_no_proposal", "child_no_proposal", "lifetime_expiry", "psk_mismatch",
                 "ts_unacceptable", "no_answer", "dpd_teardown", "rekey_collision"):
        text = charon(name)
        assert "vpnalign-oracle-psk" not in text and "a-different-lab-key" not in text
        assert "[CFG]" not in text


def test_charon_lines_with_a_syslog_prefix_or_a_date_are_read():
    text = ("Nov 30 12:00:00 gw charon[812]: 09[IKE] initiating IKE_SA home[1] to 192.0.2.2\n"
            "Nov 30 12:00:00 gw charon[812]: 09[ENC] generating IKE_SA_INIT request 0 [ SA KE No ]\n"
            "Nov 30 12:00:00 gw charon[812]: 11[ENC] parsed IKE_SA_INIT response 0 [ N(INVAL_KE) ]\n"
            "2026-11-30 12:00:01 13[ENC] parsed CREATE_CHILD_SA response 4 [ N(TS_UNACCEPT) ]\n")
    parsed = parse_charon(text)
    first, second = parsed["exchanges"]
    assert (first["time"], first["peer"], first["error_notifies"][0]["type"]) == \
        ("Nov 30 12:00:00", CHARON_PEER, "INVALID_KE_PAYLOAD")
    assert second["time"] == "2026-11-30 12:00:01" and second["kind"] == "create_child_sa"
    assert parsed["notes"] == ["line 4: the CREATE_CHILD_SA response 4 has no request in the text (cut before it?)"]
    # INVALID_KE_PAYLOAD at IKE_SA_INIT is a DH guess, not a failure
    result = explain(tunnel(CHARON_PEER), charon_texts=[text])
    assert [u["suggests"] for u in result["unexplained"]] == [["TRAFFIC_SELECTOR_MISMATCH"]]
