# -*- coding: utf-8 -*-
"""A crypto ACL line marked ``inactive`` makes no selector (the ASA skips it: Cisco ASA Series CLI Configuration
Guide, Extended ACLs, "You can disable an ACE by making it inactive"). When it is the line that would have accepted
the peer's offer, the TRAFFIC_SELECTOR_MISMATCH names it (summary and evidence) instead of leaving the user to find
why a line they can see in the config does not count; the fix shown is still the proven one."""

import json

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

ACL = "access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN"
OTHER = "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 192.168.40.0 255.255.255.0"


def _mismatches(report):
    return [f for f in report["tunnels"][0]["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]


def test_the_inactive_line_that_would_accept_the_offer_is_named():
    text = asa_config().replace(ACL, ACL + " inactive\n" + OTHER)
    found = _mismatches(report_for(text, azure_resources()))
    assert len(found) == 1
    finding = found[0]
    assert "marked inactive" in finding["summary"]
    assert "'%s inactive'" % ACL in finding["summary"]
    assert [line["text"] for line in finding["evidence"]["asa"]["inactive_lines"]] == [ACL + " inactive"]
    # the fix is the proven one, with no note in it
    assert finding["proof"]["asa"]["proven"] is True
    assert not any(line.startswith("!") for line in finding["remediation"]["asa"])


def test_an_inactive_line_that_would_not_accept_the_offer_is_not_named():
    inactive_other = OTHER.replace("192.168.40.0", "192.168.41.0") + " inactive"
    text = asa_config().replace(ACL, inactive_other + "\n" + OTHER)
    found = _mismatches(report_for(text, azure_resources()))
    assert found and all("inactive" not in f["summary"] for f in found)
    assert all("inactive_lines" not in f["evidence"]["asa"] for f in found)


def test_the_line_is_named_after_the_facts_went_through_json():
    """The check over facts (as the compliance role passes them between tasks) names it too."""
    text = asa_config().replace(ACL, ACL + " inactive\n" + OTHER)
    asa = json.loads(json.dumps(asa_facts_from_text(text)))
    azure = json.loads(json.dumps(azure_facts_from_data(azure_resources())))
    report = run_check(asa, azure)
    assert [line["text"] for f in _mismatches(report) for line in f["evidence"]["asa"].get("inactive_lines", ())] \
        == [ACL + " inactive"]


def test_an_active_acl_is_unchanged():
    assert _mismatches(report_for(asa_config(), azure_resources())) == []
