# -*- coding: utf-8 -*-
"""A crypto map entry whose 'set peer' is not the Azure gateway while the ASA holds a tunnel-group for the gateway's
address already (with its keys): the PEER_ADDRESS_MISMATCH fix sets the peer and does not tell the user to create
that tunnel-group again nor to copy another peer's authentication into it."""

import json

from scenario_builders import ASA_DEFAULTS, TUNNEL_GROUP, asa_config, azure_resources
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

AZURE = "203.0.113.20"
OLD = "203.0.113.99"


def _fix(report):
    found = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert len(found) == 1
    return found[0]


def _text(auth=ASA_DEFAULTS["auth"]):
    # the entry points at OLD (with its own tunnel-group); the ASA also holds the Azure gateway's tunnel-group
    values = dict(ASA_DEFAULTS)
    values.update(peer=AZURE, auth=auth)
    return asa_config(peer=OLD, extra=TUNNEL_GROUP.format(**values))


def test_an_existing_tunnel_group_is_not_written_again():
    finding = _fix(report_for(_text(), azure_resources()))
    assert finding["remediation"]["asa"] == ["crypto map AZ-MAP 10 set peer %s" % AZURE]
    assert finding["proof"]["asa"]["proven"] is True


def test_the_same_over_facts_passed_as_json():
    asa = json.loads(json.dumps(asa_facts_from_text(_text())))
    azure = json.loads(json.dumps(azure_facts_from_data(azure_resources())))
    assert _fix(run_check(asa, azure))["remediation"]["asa"] == ["crypto map AZ-MAP 10 set peer %s" % AZURE]


def test_a_tunnel_group_without_authentication_still_gets_it():
    lines = _fix(report_for(_text(auth="isakmp keepalive threshold 10 retry 2"), azure_resources()))["remediation"]["asa"]
    assert "tunnel-group %s ipsec-attributes" % AZURE in lines


def test_no_tunnel_group_for_the_gateway_still_gets_one():
    lines = _fix(report_for(asa_config(peer=OLD), azure_resources()))["remediation"]["asa"]
    assert "tunnel-group %s type ipsec-l2l" % AZURE in lines
