# -*- coding: utf-8 -*-
"""A setting of a dynamic crypto map entry that is read but not modelled ('crypto dynamic-map D S set reverse-route')
is named as the command the config holds. It was named "crypto map D set reverse-route" with the advice "Check 'set
reverse-route' on crypto map D 20 by hand": no such crypto map exists, and a search of the config for it finds
nothing."""

import pytest

from scenario_builders import azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for


def _notes(text):
    report = report_for(text, azure_resources())
    return [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"
            and "reverse-route" in f["summary"]]


def test_a_dynamic_entrys_setting_not_modelled_names_the_dynamic_map_command():
    text = dynamic_asa().replace("crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN\n",
                                 "crypto dynamic-map DYN 20 set reverse-route\ncrypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN\n")
    [note] = _notes(text)
    assert "crypto dynamic-map DYN set reverse-route" in note["summary"]
    assert "crypto map DYN" not in note["summary"]
    assert [line["text"] for line in note["evidence"]["asa"]["lines"]] == ["crypto dynamic-map DYN 20 set reverse-route"]
    assert note["remediation"]["asa"] == ["! Check 'set reverse-route' on crypto dynamic-map DYN 20 by hand."]


def test_a_static_entrys_setting_not_modelled_is_still_named_as_a_crypto_map():
    text = dynamic_asa().replace("crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN\n",
                                 "crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN\ncrypto map AZ-MAP 65535 set reverse-route\n")
    [note] = _notes(text)
    assert "crypto map AZ-MAP set reverse-route" in note["summary"]
    assert note["remediation"]["asa"] == ["! Check 'set reverse-route' on crypto map AZ-MAP 65535 by hand."]


# A static entry's settings its end models (crypto_map_end: mode, peer, NAT-T) that a dynamic entry's end does not
# (asa/dynamic_map_end.py): they were read into the entry and dropped without a word (review s49).
@pytest.mark.parametrize("setting,severity", [
    ("connection-type answer-only", "info"),
    ("connection-type bidirectional", "warning"),
    ("connection-type originate-only", "warning"),
    ("peer 192.0.2.9", "warning"),
    ("nat-t-disable", "info"),
])
def test_a_dynamic_entrys_setting_read_as_a_static_ones_is_named(setting, severity):
    line = "crypto dynamic-map DYN 20 set %s" % setting
    text = dynamic_asa().replace("crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN\n",
                                 line + "\ncrypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN\n")
    report = report_for(text, azure_resources())
    named = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"
             and [cited["text"] for cited in f["evidence"]["asa"]["lines"]] == [line]]
    assert len(named) == 1, [f["summary"] for t in report["tunnels"] for f in t["findings"]]
    [note] = named
    word = setting.split()[0] if setting.startswith(("peer", "nat")) else setting
    assert "crypto dynamic-map DYN set %s is not modelled" % word in note["summary"]
    assert note["severity"] == severity
