# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lines no running-config prints were skipped without a word (2026-12-06): a configuration copied from a ticket with
" integrity sha" / "256" cut in two was read as SHA-1 and passed; a word pasted into an IKE policy or an IPsec
proposal vanished. Each such line is now named; a line that may be the rest of a secret is named by number only."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.dispatch import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from seed_example import seed_arm, seed_asa_text


def _edited(old, new):
    text = seed_asa_text()
    assert old in text
    return text.replace(old, new, 1)


def _findings(text):
    return parse_asa_config(text)[1]


def _line_of(text, line_text):
    return text.splitlines().index(line_text) + 1


def test_an_ike_policy_line_cut_in_two_is_a_warning_on_the_tunnel_naming_the_stray_line():
    text = seed_asa_text().replace(" integrity sha256\n", " integrity sha\n256\n", 1)
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(seed_arm()))
    (tunnel,) = report["tunnels"]
    stray = [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE"]
    assert [f["severity"] for f in stray] == ["warning"]
    assert [line["line"] for line in stray[0]["evidence"]["asa"]["lines"]] == [_line_of(text, "256")]
    assert "cut in two" in stray[0]["summary"]


def test_the_rest_of_a_cut_key_line_is_never_quoted():
    secret_tail = "QvX7tail9Zr"
    text = _edited("tunnel-group 203.0.113.20 general-attributes\n",
                   "tunnel-group 203.0.113.20 ipsec-attributes\n ikev2 remote-authentication pre-shared-key Ab3\n"
                   + secret_tail + "\ntunnel-group 203.0.113.20 general-attributes\n")
    findings = _findings(text)
    (stray,) = [f for f in findings if f.evidence["asa"]["lines"][0]["line"] == _line_of(text, secret_tail)]
    assert stray.code == "INVALID_VALUE"
    assert secret_tail not in json.dumps([f.to_dict() for f in findings])


def test_a_word_inside_an_ikev2_policy_that_is_no_sub_command_is_named():
    text = _edited(" prf sha256\n", " prf sha256\n sha384\n")
    (found,) = _findings(text)
    assert (found.code, found.severity) == ("INVALID_VALUE", "warning")
    assert "'sha384' is not a sub-command of crypto ikev2 policy" in found.summary


def test_an_ikev1_policy_sub_command_without_its_value_is_named():
    text = _edited("crypto ikev2 enable INTERNET\n", "crypto ikev2 enable INTERNET\ncrypto ikev1 policy 10\n"
                   " authentication pre-share\n encryption aes-256\n hash\n group 14\n")
    (found,) = _findings(text)
    assert found.evidence["asa"]["lines"][0]["line"] == _line_of(text, " hash")
    assert "crypto ikev1 policy" in found.summary


def test_an_ipsec_proposal_line_cut_in_two_is_named_with_the_part_left_in_the_block():
    text = _edited(" protocol esp integrity null\n", " protocol esp integ\nrity null\n")
    codes = sorted((f.code, f.severity, f.evidence["asa"]["lines"][0]["line"]) for f in _findings(text))
    assert codes == [("INVALID_VALUE", "warning", _line_of(text, " protocol esp integ")),
                     ("INVALID_VALUE", "warning", _line_of(text, "rity null"))]


def test_a_line_cut_at_a_word_boundary_is_a_warning_when_it_follows_a_line_the_check_reads():
    """Review 2026-12-06: configurations copied from tickets wrap at word boundaries, so the rest of a cut line often
    starts with a lower-case word ("sha256", a key's tail); right after a line a section read (an IKE policy's, a long
    crypto map line) it is a warning, its text never shown."""
    key_tail = "xw9pz4ab"
    text = _edited(" integrity sha256\n", " integrity sha\nsha256\n")
    text = text.replace("crypto map CRYPTO-MAP 2 set ikev2 ipsec-proposal UKSouth\n",
                        "crypto map CRYPTO-MAP 2 set ikev2 ipsec-proposal\nuksouth\n", 1)
    text = text.replace("tunnel-group 203.0.113.20 general-attributes\n", "tunnel-group 203.0.113.20 ipsec-attributes\n"
                        " ikev2 remote-authentication pre-shared-key k7vq2m\n" + key_tail
                        + "\ntunnel-group 203.0.113.20 general-attributes\n", 1)
    # the proposal line left naming nothing is named on its own too (it no longer empties the entry's proposals)
    (empty_line, found) = sorted(_findings(text), key=lambda f: "cut in two" in f.summary)
    assert (empty_line.code, [line["line"] for line in empty_line.evidence["asa"]["lines"]]) == (
        "INVALID_VALUE", [_line_of(text, "crypto map CRYPTO-MAP 2 set ikev2 ipsec-proposal")])
    assert (found.code, found.severity, found.evidence["asa"]["count"]) == ("INVALID_VALUE", "warning", 3)
    assert [line["line"] for line in found.evidence["asa"]["lines"]] == [
        _line_of(text, word) for word in ("uksouth", "sha256", key_tail)]
    assert "cut in two" in found.summary and key_tail not in json.dumps(found.to_dict())


def test_commands_the_check_does_not_know_are_one_information_finding_with_their_count():
    unknown = "".join("frobnicate widget %d\n" % n for n in range(14))
    text = _edited("crypto ca trustpool policy\n", "crypto ca trustpool policy\n" + unknown)
    (found,) = _findings(text)
    assert (found.code, found.severity, found.evidence["asa"]["count"]) == ("UNSUPPORTED_CONSTRUCT", "info", 14)
    assert len(found.evidence["asa"]["lines"]) == 10
    assert "frobnicate" not in json.dumps(found.to_dict())


def test_global_commands_of_real_configurations_and_the_checksum_line_are_no_finding():
    real = ("sla monitor 10\n type echo protocol ipIcmpEcho 198.51.100.9 interface INTERNET\n"
            "sla monitor schedule 10 life forever start-time now\ntrack 1 rtr 10 reachability\n"
            "app-agent heartbeat interval 1000 retry-count 3\nforward-reference enable\n"
            "object-group-search access-control\n"
            "event manager applet CONFIG-BACKUP\n event timer watchdog time 86400\n action 0 cli command \"write net\"\n"
            "mac-list LAB-MACS permit 0050.56aa.0001 ffff.ffff.ffff\ncapture CAP1 interface INTERNET match ip any any\n")
    text = _edited("crypto ca trustpool policy\n", "crypto ca trustpool policy\n" + real)
    text = text.replace(": end", "Cryptochecksum:0123456789abcdef0123456789abcdef\n: end")
    assert _findings(text) == []
