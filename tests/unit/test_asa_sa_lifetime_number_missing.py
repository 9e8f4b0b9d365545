# -*- coding: utf-8 -*-
"""An IPsec SA lifetime line cut after its unit ('... lifetime seconds 3600 kilobytes', a line cut short in a ticket)
names the unit whose number is missing, and keeps what the entry or the global setting held for it."""

from scenario_builders import asa_config

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config

ENTRY = "crypto map AZ-MAP 10 set security-association lifetime "


def _invalid(findings):
    return [f for f in findings if f.code == "INVALID_VALUE"]


def test_kilobytes_without_its_number_names_the_unit_not_an_empty_value():
    config, findings = parse_running_config(asa_config(
        entry_lifetime=ENTRY + "kilobytes 4608000\n" + ENTRY + "seconds 3600 kilobytes"))
    [finding] = _invalid(findings)
    assert "''" not in finding.summary, finding.summary
    assert "'kilobytes'" in finding.summary and "Line " in finding.summary
    lifetime = config.crypto_maps["AZ-MAP"].entries[10].lifetime
    assert (lifetime.seconds, lifetime.kilobytes) == (3600, 4608000)


def test_seconds_without_its_number_in_the_global_lifetime_keeps_the_global_value():
    text = asa_config().replace("crypto ipsec security-association lifetime kilobytes 102400000\n",
                                "crypto ipsec security-association lifetime kilobytes 102400000\n"
                                "crypto ipsec security-association lifetime seconds\n")
    config, findings = parse_running_config(text)
    [finding] = _invalid(findings)
    assert "''" not in finding.summary and "'seconds'" in finding.summary, finding.summary
    assert config.global_lifetime.seconds == 3600
