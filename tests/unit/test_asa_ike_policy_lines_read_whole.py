# -*- coding: utf-8 -*-
"""IKE policy, IPsec proposal, keepalive and tunnel interface lines with a word too many or a value missing (a line
pasted twice onto one, or cut short in a ticket) are named with their line, not read as a part of themselves."""

from scenario_builders import asa_config

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config

IKEV1 = ("crypto ikev1 enable INTERNET\ncrypto ikev1 policy 30\n authentication pre-share\n encryption {enc}\n"
         " hash {hash}\n group {group}\n lifetime 28800")


def _ikev1(enc="aes-256", hash_="sha", group="2"):
    return parse_running_config(asa_config(extra=IKEV1.format(enc=enc, hash=hash_, group=group)))


def _invalid(findings, text):
    return [f for f in findings if f.code == "INVALID_VALUE" and text in f.summary]


def test_an_ikev1_policy_group_line_with_two_groups_is_named():
    # an IKEv1 policy takes one value per setting (Cisco: "For IKEv1, you can select a single option only")
    config, findings = _ikev1(group="2 5")
    [finding] = _invalid(findings, "'2 5'")
    assert "Line " in finding.summary and finding.severity == "warning"
    assert config.ikev1_policies[30].groups != [2]


def test_an_ikev1_policy_hash_line_with_two_hashes_is_named():
    config, findings = _ikev1(hash_="sha md5")
    assert _invalid(findings, "'sha md5'")
    assert config.ikev1_policies[30].integrity != ["sha"]


def test_an_ikev1_policy_encryption_line_with_two_ciphers_is_named():
    config, findings = _ikev1(enc="aes-256 3des")
    assert _invalid(findings, "'aes-256 3des'")
    assert config.ikev1_policies[30].encryption != ["aes-256"]


def test_an_ikev1_policy_with_one_value_each_is_read_quietly():
    config, findings = _ikev1()
    assert not [f for f in findings if f.code == "INVALID_VALUE"]
    policy = config.ikev1_policies[30]
    assert (policy.encryption, policy.integrity, policy.groups) == (["aes-256"], ["sha"], [2])


def _ikev2_lifetime(line):
    text = asa_config()
    assert " lifetime seconds 28800\n" in text
    return parse_running_config(text.replace(" lifetime seconds 28800\n", " %s\n" % line, 1))


def test_an_ikev2_policy_lifetime_with_a_second_number_is_named():
    config, findings = _ikev2_lifetime("lifetime seconds 28800 86400")
    assert _invalid(findings, "'86400'"), [f.summary for f in findings]
    assert config.ikev2_policies[10].lifetime_seconds == 28800


def test_an_ikev2_policy_lifetime_with_a_word_after_none_is_named():
    config, findings = _ikev2_lifetime("lifetime seconds none 28800")
    assert _invalid(findings, "'28800'"), [f.summary for f in findings]
    assert config.ikev2_policies[10].lifetime_set and config.ikev2_policies[10].lifetime_seconds is None


def test_an_ikev1_policy_lifetime_with_a_second_number_is_named():
    text = asa_config(extra=IKEV1.format(enc="aes-256", hash="sha", group="2")).replace(" lifetime 28800",
                                                                                        " lifetime 28800 3600")
    config, findings = parse_running_config(text)
    assert _invalid(findings, "'3600'"), [f.summary for f in findings]
    assert config.ikev1_policies[30].lifetime_seconds == 28800
