# -*- coding: utf-8 -*-
"""A setting of a dynamic crypto map entry that is read but not modelled ('crypto dynamic-map D S set reverse-route')
is named as the command the config holds. It was named "crypto map D set reverse-route" with the advice "Check 'set
reverse-route' on crypto map D 20 by hand": no such crypto map exists, and a search of the config for it finds
nothing."""

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
