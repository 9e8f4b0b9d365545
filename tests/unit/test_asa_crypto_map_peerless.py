# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review A (2026-12): a static crypto map entry without 'set peer' (a half-removed tunnel, a line lost in a copy)
appeared nowhere, not in the facts nor in a finding, and a map whose entries all lacked a peer was not even reported
as not applied. The engineer believes its ACL's traffic protected: it is a warning naming the entry's lines."""

from scenario_builders import asa_config

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text

PEERLESS = "crypto map AZ-MAP 40 match address AZ-ACL\ncrypto map AZ-MAP 40 set ikev2 ipsec-proposal AZ-PROP"


def _peerless(findings):
    return [f for f in findings if "sets no peer" in f["summary"]]


def test_an_entry_without_a_peer_is_a_warning_naming_its_lines():
    text = asa_config(extra=PEERLESS)
    facts = asa_facts_from_text(text)
    [finding] = _peerless(facts["findings"])
    lines = text.splitlines()
    assert finding["code"] == "UNSUPPORTED_CONSTRUCT" and finding["severity"] == "warning"
    assert [entry["line"] for entry in finding["evidence"]["asa"]["lines"]] == [
        lines.index(line) + 1 for line in PEERLESS.splitlines()]
    assert "crypto map AZ-MAP 40" in finding["summary"] and "protected by no tunnel" in finding["summary"]
    assert "set peer" in finding["remediation"]["asa"][0] and "remove the entry" in finding["remediation"]["asa"][0]
    assert [t["name"] for t in facts["tunnels"]] == ["AZ-MAP 10"]  # the entry is no tunnel


def test_a_map_whose_entries_all_lack_a_peer_is_still_not_applied():
    text = asa_config(map_interface="").replace("crypto map AZ-MAP 10 set peer 203.0.113.20\n", "")
    codes = {(f["code"], f["severity"]) for f in asa_facts_from_text(text)["findings"]}
    assert ("CRYPTO_MAP_NOT_APPLIED", "error") in codes and ("UNSUPPORTED_CONSTRUCT", "warning") in codes
