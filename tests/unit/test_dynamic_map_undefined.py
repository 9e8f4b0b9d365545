# -*- coding: utf-8 -*-
"""A crypto map entry that hands its peers to a dynamic map no ``crypto dynamic-map`` line defines (a typo, or the
dynamic map's lines removed and the entry left) answers nobody: the map has no entry, so no ESP proposal to agree on
(Cisco ASA VPN CLI guide, "Using Dynamic Crypto Maps": "A dynamic crypto map requires only the transform-set
parameter"). Against an Azure connection no static entry serves, the report said the entry "answers it" and the tunnel
"comes up only when Azure starts it" (a warning), while it can never come up."""

from test_dynamic_map_serves_azure import dynamic_asa
from scenario_builders import azure_resources
from test_scenarios import report_for


def _found(report):
    [tunnel] = report["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


def test_an_entry_naming_an_undefined_dynamic_map_does_not_answer_azure():
    text = dynamic_asa().replace("crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN", "crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN2")
    tunnel, found = _found(report_for(text, azure_resources()))
    assert tunnel["verdict"] == "fail"
    peer = found["PEER_NOT_FOUND"]
    assert peer["severity"] == "error" and "answers it" not in peer["summary"], peer["summary"]
    assert "dynamic-map 'DYN2'" in found["UNDEFINED_REFERENCE"]["summary"]


def test_the_same_entry_naming_a_defined_dynamic_map_still_answers():
    _tunnel, found = _found(report_for(dynamic_asa(), azure_resources()))
    assert found["PEER_NOT_FOUND"]["severity"] == "warning" and "answers it" in found["PEER_NOT_FOUND"]["summary"]
