# -*- coding: utf-8 -*-
"""Issue 14, the live form of the check's evidence (module_utils/live_evidence.py): what each host captures for
(peers of the ASA's tunnels or those named, connections of the subscription, bounded, bad bounds refused before
anything is sent), the registered results read back (a failed capture noted with what it left on), and each run tied
to its tunnel in the report as the saved files are (report_evidence.attach_evidence live=)."""

import copy
import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_debug import parse_debug
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import parse_syslog
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_gateway import parse_ike_sas
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import to_json
from ansible_collections.vpnalign.s2s.plugins.module_utils.live_evidence import (
    TargetsError,
    asa_restores,
    asa_targets,
    azure_targets,
    gathered,
    limits_from,
    live_for_tunnels,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import attach_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines

from test_evidence_cases import report, seed

PEER = "203.0.113.20"  # the seed ASA's peer
NONCE = "0a 1b 2c 3d 4e 5f 60 71 82 93 a4 b5 c6 d7 e8 f9"


def asa_facts():
    return asa_facts_from_text(seed("asa_running_config.txt"), host="hq-asa")


def azure_facts():
    return azure_facts_from_data(json.loads(seed("azure_resources.json")))


def test_asa_targets_are_the_peers_of_its_tunnels_with_the_default_bounds():
    targets = asa_targets(asa_facts())
    assert targets == {"captures": [{"peer": PEER, "duration": 30, "max_lines": 5000, "max_bytes": 2097152,
                                     "poll_interval": 1, "samples": 2, "sample_interval": 5,
                                     "protocol_level": 127, "platform_level": 127}], "notes": [],
                       "facts_host": "hq-asa"}


def test_named_peers_bounded_by_max_peers_and_a_level_of_zero_left_off():
    targets = asa_targets(asa_facts(), peers=["192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.3"],
                          limits={"max_peers": 2, "seconds": "10", "platform_level": 0})
    assert [c["peer"] for c in targets["captures"]] == ["192.0.2.1", "192.0.2.2"]
    assert targets["captures"][0]["duration"] == 10 and "platform_level" not in targets["captures"][0]
    assert targets["notes"] == ["3 peer(s), at most 2 captured (evidence_live_limits.max_peers): 192.0.2.3 left out"]


def test_an_asa_without_facts_captures_nothing_and_says_so():
    assert asa_targets(None) == {"captures": [], "notes": ["no facts of this ASA (its read failed, or did not run before this task): nothing captured"]}


@pytest.mark.parametrize("limits, words", [
    ({"seconds": 3600}, "evidence_live_limits.seconds must be 1-600, not 3600"),
    ({"max_bytes": 10}, "evidence_live_limits.max_bytes must be 1024-16777216"),
    ({"protocol_level": 256}, "protocol_level must be 0-255"),
    ({"protocol_level": 0, "platform_level": 0}, "no debug to capture"),
    ({"max_peers": True}, "max_peers must be a whole number"),
    ({"secs": 5}, "unknown secs"),
    ([5], "must be a dict"),
])
def test_bad_bounds_are_refused_naming_them(limits, words):
    with pytest.raises(TargetsError) as caught:
        limits_from(limits)
    assert words in str(caught.value)


def test_a_named_peer_that_is_no_address_is_refused():
    with pytest.raises(TargetsError, match="evidence_live_peers: '203.0.113.20; debug all' is not an IP address"):
        asa_targets(asa_facts(), peers=["203.0.113.20; debug all"])


def test_azure_targets_are_the_connections_of_the_facts_or_those_named():
    assert azure_targets(azure_facts()) == {"connections": [{"resource_group": "RG", "connection": "UKSouth-HQ-S2S"}],
                                            "notes": []}
    named = azure_targets(azure_facts(), connections=["Other", "UKSouth-HQ-S2S"])
    assert named["connections"] == [{"resource_group": "RG", "connection": "UKSouth-HQ-S2S"}]
    assert named["notes"] == ["evidence_live_connections: Other not among this subscription's connections (UKSouth-HQ-S2S)"]


def test_connections_of_the_same_name_in_two_resource_groups_are_both_read():
    refs = [("RG-A", "to-hq"), ("RG-B", "to-hq"), ("RG-A", "to-hq"), ("RG-B", "to-dc")]  # the third: active-active
    facts = {"tunnels": [{"ref": {"resource_group": group, "connection": name}} for group, name in refs]}
    assert azure_targets(facts)["connections"] == [{"resource_group": "RG-A", "connection": "to-hq"},
                                                   {"resource_group": "RG-B", "connection": "to-hq"},
                                                   {"resource_group": "RG-B", "connection": "to-dc"}]
    named = azure_targets(facts, connections=["to-hq"])["connections"]
    assert named == [{"resource_group": "RG-A", "connection": "to-hq"}, {"resource_group": "RG-B", "connection": "to-hq"}]
    bounded = azure_targets(facts, limits={"max_connections": 1})
    assert bounded["notes"] == ["3 connection(s), at most 1 captured (evidence_live_limits.max_connections): "
                                "RG-B/to-hq, RG-B/to-dc left out"]


def _hostvars(value):
    """As the check reads it: JSON data (hostvars hold no tuples)."""
    return json.loads(json.dumps(value))


def asa_result(peer=PEER, debug_text=None, failed=False, left_on=None):
    debug_text = seed("debug_crypto_ikev2.txt") if debug_text is None else debug_text
    result = {"item": {"peer": peer, "duration": 30}, "changed": True, "debug_before": {},
              "capture": {"seconds": 30.0, "lines": 120, "bytes": 9000, "stopped_by": "duration"},
              "evidence": {"debug": parse_debug(debug_text), "syslog": parse_syslog(seed("syslog.txt")), "counters": None},
              "restore": {"restored": not left_on, "left_on": left_on or {}}}
    if failed:
        result.update(failed=True, msg="asa_vpn_evidence: the debug levels could not be set back",
                      evidence={"debug": None, "syslog": None, "counters": None},
                      capture={"stopped_by": "connection_lost"})
    return _hostvars({"results": [result], "changed": True, "msg": "All items completed"})


def azure_result():
    sas = [{"localEndpoint": "203.0.113.20", "remoteEndpoint": "198.51.100.10", "encryption": "AES128",
            "integrity": "SHA256", "dhGroup": "ECP256", "lifetime": 28800, "elapsedTime": 100, "initiator": "Local",
            "quickModeSas": []}]
    return _hostvars({"results": [{"item": {"resource_group": "RG", "connection": "UKSouth-HQ-S2S"},
                                   "connection": {"name": "UKSouth-HQ-S2S", "connection_status": "Connected"},
                                   "evidence": {"ike_sas": parse_ike_sas(sas), "observations": []}}]})


def live_of(report_, asa=None, azure=None):
    runs = gathered(asa or {}, azure or {})
    tunnels, notes = live_for_tunnels(report_, runs["runs"])
    return {"tunnels": tunnels, "inputs": runs["inputs"], "notes": runs["notes"] + notes}


def test_a_live_capture_confirms_pfs_mismatch_as_the_saved_files_do():
    live = live_of(report(), asa={"hq-asa": (asa_result(), {"captures": [], "notes": []})},
                   azure={"sub": (azure_result(), None)})
    result = attach_evidence(report(), {}, live=live)
    [tunnel] = result["tunnels"]
    statuses = {f["code"]: f["status"] for f in tunnel["evidence"]["findings"]}
    assert statuses["PFS_MISMATCH"] == "confirmed"
    assert tunnel["evidence"]["sources"]["debug"] and tunnel["evidence"]["sources"]["azure_ike_sas"] == 1
    assert result["evidence"]["tunnels"] == [tunnel["name"]] and result["evidence"]["inputs"] == {}
    assert result["evidence"]["live"][0] == {
        "host": "hq-asa", "peer": PEER, "read": ["debug", "syslog"], "debug_restored": True, "left_on": {},
        "capture": {"seconds": 30.0, "lines": 120, "bytes": 9000, "stopped_by": "duration"}}
    assert result["evidence"]["live"][1]["connection_status"] == "Connected"
    # the same block as the saved debug and syslog give
    saved = attach_evidence(report(), {"asa_debug": [("d", seed("debug_crypto_ikev2.txt"))],
                                       "asa_syslog": [("s", seed("syslog.txt"))]})
    assert [f["status"] for f in saved["tunnels"][0]["evidence"]["findings"]] == \
        [f["status"] for f in tunnel["evidence"]["findings"]]
    assert any(line.startswith("  CONFIRMED PFS_MISMATCH by the evidence: 17:35:29") for line in summary_lines(result))


def test_a_failed_capture_is_noted_with_what_it_left_on_and_ties_nothing():
    left = {"crypto ikev2 protocol": 127}
    live = live_of(report(), asa={"hq-asa": (asa_result(failed=True, left_on=left), None)})
    result = attach_evidence(report(), {}, live=live)
    assert "evidence" not in result["tunnels"][0]
    [note] = result["evidence"]["notes"]
    assert note.startswith("hq-asa: the live capture for peer %s failed (asa_vpn_evidence: " % PEER)
    assert note.endswith("still on: debug crypto ikev2 protocol 127 - set it back (asa_vpn_evidence restore_debug)")
    assert result["evidence"]["live"][0]["left_on"] == left and result["evidence"]["live"][0]["debug_restored"] is False


def test_a_capture_for_another_peer_or_host_is_about_no_tunnel():
    live = live_of(report(), asa={"other-asa": (asa_result(), None), "hq-asa": (asa_result(peer="192.0.2.9"), None)})
    assert live["tunnels"] == {}
    assert sorted(live["notes"]) == ["hq-asa: the live evidence for peer 192.0.2.9 is about no tunnel of the report",
                                     "other-asa: the live evidence for peer %s is about no tunnel of the report" % PEER]


def test_skipped_and_missing_results_and_the_targets_notes():
    runs = gathered({"a": ({"skipped": True, "results": []}, {"notes": ["no facts of this ASA"]}), "b": (None, None),
                     "c": ({"results": [{"skipped": True}]}, {"failed": True, "msg": "evidence_live_limits.seconds ..."})}, {})
    assert runs["runs"] == [] and runs["notes"] == ["a: no facts of this ASA",
                                                    "c: nothing captured: evidence_live_limits.seconds ..."]


def test_live_replaces_the_saved_file_of_the_same_kind_only():
    live = live_of(report(), asa={"hq-asa": (asa_result(), None)})
    texts = {"asa_debug": [("saved.txt", "nothing of interest\n")], "ipsec_sa": [("sa.txt", seed("show_crypto_ipsec_sa.txt"))]}
    result = attach_evidence(report(), copy.deepcopy(texts), live=live)
    block = result["tunnels"][0]["evidence"]
    assert {f["code"]: f["status"] for f in block["findings"]}["PFS_MISMATCH"] == "confirmed"  # the live debug
    assert block["sources"]["counters"] >= 1  # the saved counters: none were captured live here
    assert "%s: debug gathered live is shown, not the saved file's" % result["tunnels"][0]["name"] in result["evidence"]["notes"]
    assert result["evidence"]["inputs"] == {"asa_debug": ["saved.txt"], "ipsec_sa": ["sa.txt"]}


def test_no_key_material_of_a_capture_reaches_the_report():
    debug = seed("debug_crypto_ikev2.txt") + "KE Next payload: NONE, reserved: 0x0, length: 72\n%s\n" % NONCE
    live = live_of(report(), asa={"hq-asa": (asa_result(debug_text=debug), None)})
    text = to_json(attach_evidence(report(), {}, live=live))
    assert NONCE not in text and "0a 1b 2c 3d" not in text


def test_without_live_evidence_the_report_is_not_touched():
    plain = report()
    before = to_json(plain)
    assert attach_evidence(plain, {}, live=None) is plain and to_json(plain) == before


def _lost(peer=PEER, before=None, left=None):
    return {"item": {"peer": peer}, "failed": True, "msg": "asa_vpn_evidence: the debug levels could not be set back",
            "debug_before": before if before is not None else {"crypto ikev2 platform": 3, "crypto ipsec": 1},
            "restore": {"restored": False, "left_on": left or {"crypto ikev2 protocol": 127}}}


def test_a_lost_session_is_set_back_once_to_what_the_first_capture_found():
    ok = {"item": {"peer": "192.0.2.1"}, "debug_before": {"crypto ikev2 platform": 3}, "restore": {"restored": True}}
    assert asa_restores({"results": [ok]}) == {"restores": []}
    assert asa_restores({"skipped": True, "results": []}) == {"restores": []}
    assert asa_restores(None) == {"restores": []}
    # only the IKEv2 debugs (what restore_debug takes); the peer of the capture that lost its session
    assert asa_restores({"results": [ok, _lost(before={"crypto ikev2 protocol": 127})]}) == {
        "restores": [{"peer": PEER, "restore_debug": {"crypto ikev2 platform": 3}}]}
    assert asa_restores({"results": [_lost()]}) == {"restores": [{"peer": PEER, "restore_debug": {"crypto ikev2 platform": 3}}]}
    # a capture that failed before changing anything (no restore) needs none
    assert asa_restores({"results": [{"item": {"peer": PEER}, "failed": True, "msg": "show debug failed"}]}) == {"restores": []}


def test_the_note_says_whether_the_set_back_on_a_new_connection_worked():
    done = {"results": [{"item": {"peer": PEER}, "restore": {"restored": True, "debug_after": {"crypto ikev2 platform": 3}}}]}
    failed = {"results": [{"item": {"peer": PEER}, "failed": True, "msg": "asa_vpn_evidence: `show debug` failed"}]}
    notes = {}
    for name, set_back in (("done", done), ("failed", failed), ("none", None)):
        runs = gathered({"hq-asa": ({"results": [_lost()]}, None, set_back)}, {})
        [notes[name]] = runs["notes"]
        assert runs["inputs"][0]["left_on"] == {"crypto ikev2 protocol": 127}
        assert runs["inputs"][0].get("set_back_on_new_connection") is (True if name == "done" else None)
    assert notes["done"].endswith("it left on debug crypto ikev2 protocol 127, set back on a new connection and read back: "
                                  "debug crypto ikev2 platform 3")
    assert notes["failed"].endswith("still on: debug crypto ikev2 protocol 127 - set it back (asa_vpn_evidence restore_debug)"
                                    " - the set-back on a new connection failed too: asa_vpn_evidence: `show debug` failed")
    assert notes["none"].endswith("still on: debug crypto ikev2 protocol 127 - set it back (asa_vpn_evidence restore_debug)")


def test_azure_troubleshoot_gathered_live_confirms_as_the_saved_output_does():
    from test_evidence_azure import azure  # pylint: disable=import-outside-toplevel
    from test_evidence_failures import ASA_CERTIFICATE_AUTH  # pylint: disable=import-outside-toplevel
    from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_gateway import (  # pylint: disable=import-outside-toplevel
        parse_troubleshoot,
    )
    texts = [azure("troubleshoot_auth.json"), azure("IKEErrors.txt")]
    registered = azure_result()
    registered["results"][0]["evidence"]["troubleshoot"] = _hostvars(parse_troubleshoot(texts))
    live = live_of(report(ASA_CERTIFICATE_AUTH), azure={"sub": (registered, None)})
    result = attach_evidence(report(ASA_CERTIFICATE_AUTH), {}, live=live)
    assert result["evidence"]["live"][0]["read"] == ["azure_ike_sas", "azure_troubleshoot"]
    live_block = result["tunnels"][0]["evidence"]
    saved = attach_evidence(report(ASA_CERTIFICATE_AUTH), {"azure_troubleshoot": [("t.json", texts[0]), ("e.txt", texts[1])]})
    saved_block = saved["tunnels"][0]["evidence"]
    auth = {f["code"]: f for f in live_block["findings"]}["AUTH_MISMATCH"]
    assert auth["status"] == "confirmed" and [e["source"] for e in auth["evidence"]] == ["azure_troubleshoot"] * 2
    assert auth == {f["code"]: f for f in saved_block["findings"]}["AUTH_MISMATCH"]


@pytest.mark.parametrize("side, kind, bad", [
    ("asa", "debug", {"exchanges": 5}),
    ("asa", "syslog", {"records": [1, None]}),
    ("asa", "counters", ["not", "a", "dict"]),
    ("azure", "ike_sas", {"ike_sas": [None]}),
])
def test_live_evidence_of_the_wrong_shape_is_left_out_with_a_note_not_a_traceback(side, kind, bad):
    """hostvars hold whatever was registered there: a part correlate cannot read is dropped, naming host and kind;
    the other parts of the run still count."""
    asa, azure = asa_result(), azure_result()
    registered = asa if side == "asa" else azure
    registered["results"][0]["evidence"][kind] = bad
    live = live_of(report(), asa={"hq-asa": (asa, None)}, azure={"sub": (azure, None)})
    result = attach_evidence(report(), {}, live=live)
    host, label = ("hq-asa", kind) if side == "asa" else ("sub", "azure_" + kind)
    [note] = [n for n in result["evidence"]["notes"] if "not of the shape" in n]
    assert note.startswith("%s: the live %s evidence is not of the shape its reader returns (" % (host, label))
    assert note.endswith("): left out")
    read = [one["read"] for one in result["evidence"]["live"] if one["host"] == host][0]
    assert label not in read
    if kind != "debug":  # the live debug still confirms
        assert {f["code"]: f["status"] for f in result["tunnels"][0]["evidence"]["findings"]}["PFS_MISMATCH"] == "confirmed"


def test_a_capture_is_tied_by_the_host_its_facts_name_when_asa_vpn_facts_got_no_host():
    """A role user who did not pass host: "{{ inventory_hostname }}": the tunnels name the config's hostname."""
    facts = asa_facts_from_text(seed("asa_running_config.txt"))  # host: the config's hostname
    assert facts["host"] == "gateway"
    report_ = run_check(facts, azure_facts())
    targets = _hostvars(asa_targets(facts))
    live = live_of(report_, asa={"lab-asa-1": (asa_result(), targets)})
    assert list(live["tunnels"]) == [0] and live["notes"] == []
    assert live_of(report_, asa={"lab-asa-1": (asa_result(), None)})["notes"] == [
        "lab-asa-1: the live evidence for peer %s is about no tunnel of the report" % PEER]


def test_a_kind_azure_vpn_evidence_could_not_read_is_noted_beside_what_it_read():
    registered = azure_result()
    registered["results"][0]["notes"] = ["troubleshoot not read (AuthorizationFailed): permission denied"]
    runs = gathered({}, {"sub": (registered, None)})
    assert runs["notes"] == ["sub: connection UKSouth-HQ-S2S: troubleshoot not read (AuthorizationFailed): permission denied"]
    assert runs["inputs"][0]["read"] == ["azure_ike_sas"]


def _killed():
    """A capture that read the debug levels and then ended without a restore (killed, or the host unreachable)."""
    return {"item": {"peer": PEER}, "unreachable": True, "msg": "Failed to connect to the host via ssh",
            "debug_before": {"crypto ikev2 platform": 3}}


def test_a_capture_that_ended_without_a_restore_is_set_back_and_says_so():
    assert asa_restores({"results": [_killed()]}) == {"restores": [{"peer": PEER, "restore_debug": {"crypto ikev2 platform": 3}}]}
    assert asa_restores({"results": [dict(_killed(), unreachable=False)]}) == {"restores": []}  # it did not fail
    done = {"results": [{"item": {"peer": PEER}, "restore": {"restored": True, "debug_after": {"crypto ikev2 platform": 3}}}]}
    failed = {"results": [{"item": {"peer": PEER}, "failed": True, "msg": "asa_vpn_evidence: `show debug` failed"}]}
    notes = {}
    for name, set_back in (("done", done), ("failed", failed), ("none", None)):
        runs = gathered({"hq-asa": ({"results": [_killed()]}, None, set_back)}, {})
        [notes[name]] = runs["notes"]
        assert runs["inputs"][0].get("set_back_on_new_connection") is (True if name == "done" else None)
    assert notes["done"].endswith("it ended before setting the debug levels back (debugs it turned on may have been "
                                  "left on): set back on a new connection and read back: debug crypto ikev2 platform 3")
    assert notes["none"].endswith("debugs it turned on may be left on - set back to debug crypto ikev2 platform 3 "
                                  "(asa_vpn_evidence restore_debug)")
    assert notes["failed"].endswith("(asa_vpn_evidence restore_debug) - the set-back on a new connection failed too: "
                                    "asa_vpn_evidence: `show debug` failed")
