# -*- coding: utf-8 -*-
"""``crypto map`` and ``crypto ipsec profile`` ``set`` lines with a word too many or a value missing (a line pasted
twice onto one, or cut short in a ticket) are named with their line, not read as something the ASA does not hold."""

from scenario_builders import azure_resources, asa_config
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config


def _findings(report, code):
    return [f for t in report["tunnels"] for f in t["findings"] if f["code"] == code]


def test_pfs_with_two_groups_is_named_and_not_judged_as_the_first():
    # 'set pfs' takes one group: the second is no part of what the ASA runs, and the first is not known to be it
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set pfs group14 group19"),
                        azure_resources(policy_changes=dict(pfsGroup="PFS2048")))
    [finding] = _findings(report, "INVALID_VALUE")
    assert "group14 group19" in finding["summary"] and "Line " in finding["summary"]
    assert report["tunnels"][0]["verdict"] != "pass"


def test_pfs_with_two_groups_in_an_ipsec_profile_is_named():
    text = asa_config(extra="crypto ipsec profile VTI-PROF\n set ikev2 ipsec-proposal AZ-PROP\n set pfs group19 group14")
    config, findings = parse_running_config(text)
    profile = config.ipsec_profiles["VTI-PROF"]
    assert profile.pfs_invalid and profile.pfs_group is None
    assert [f for f in findings if f.code == "INVALID_VALUE" and "group19 group14" in f.summary]


def test_set_peer_cut_short_is_named_and_keeps_the_peer():
    # the entry's own 'set peer 203.0.113.20' comes first; a copy cut after 'set peer' must not erase it
    report = report_for(asa_config(pfs="crypto map AZ-MAP 10 set peer"), azure_resources())
    [finding] = _findings(report, "INVALID_VALUE")
    assert "set peer" in finding["summary"] and "Line " in finding["summary"]
    assert not _findings(report, "PEER_NOT_FOUND")
    assert not [f for f in _findings(report, "UNSUPPORTED_CONSTRUCT") if "sets no peer" in f["summary"]]


def test_set_peer_cut_short_alone_is_named():
    text = asa_config(peer="")
    config, findings = parse_running_config(text)
    assert config.crypto_maps["AZ-MAP"].entries[10].peers == []
    assert [f for f in findings if f.code == "INVALID_VALUE" and "set peer" in f.summary]
