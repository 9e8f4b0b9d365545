# -*- coding: utf-8 -*-
"""A live ASA failover pair whose two units are both inventory hosts (each its own management address), on the
ASA SSH lab (a fleet of two units of one configuration, the active unit replicating to the standby) and the ARM
lab: playbooks/check.yml reports each tunnel once, from the active unit, and names the standby; units that both
say they are active are one report entry naming both (the check goes on); a refused show failover keeps the read
and says the unit is unknown; playbooks/align.yml pushes to the active unit only (the standby gets the change by
replication, and its own log shows no configuration line), leaves a standby alone aside and fails naming it, and
with align_to asa never aligns Azure to a standby whose configuration differs from its active unit's;
asa_vpn_tunnel run against the standby sends nothing after its warning."""

import json
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# tests/lab and this directory are on sys.path (conftest.py; pytest's rootdir insertion)

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_fleet  # noqa: E402  pylint: disable=wrong-import-position
from test_align import SECRET, SEED_ARM, SEED_ASA, run_playbook as run_align  # noqa: E402  pylint: disable=wrong-import-position

SEED = "examples/seed-asa-azure-pfs"
SET_PFS = "crypto map CRYPTO-MAP 2 set pfs group19"
ACTIVE = {"state": "active", "mate_state": "standby ready"}
STANDBY = {"state": "standby ready", "mate_state": "active"}


def unit_config(unit):
    """The seed ASA as one unit of pair 'gateway' shows it: the same configuration, its own failover lan unit line."""
    return SEED_ASA.replace("hostname gateway\n", "hostname gateway\nfailover\nfailover lan unit %s\n"
                            "failover lan interface folink GigabitEthernet1/8\n" % unit)


@pytest.fixture
def pair():
    """fw-a: the primary unit, active; fw-b: the secondary, standby. fw-b comes first in the inventory."""
    with start_asa_fleet([
            {"name": "fw-b", "config": unit_config("secondary"), "scenario": {"failover": STANDBY}, "failover_mate": "fw-a"},
            {"name": "fw-a", "config": unit_config("primary"), "scenario": {"failover": ACTIVE}, "failover_mate": "fw-b"},
    ], latency=0) as fleet:
        yield fleet


def inventory(tmp_path, fleet, hosts, azure=None):
    path = str(tmp_path / "inventory.json")
    groups = {"asa": {"hosts": {h: fleet[h].ansible_host_vars(network_os="vpnalign.s2s.asa") for h in hosts}}}
    if azure:
        groups["azure"] = {"hosts": azure}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"all": {"children": groups}}, handle)
    return path


def config_lines(device):
    return [c["command"] for c in device.commands() if c["mode"].startswith("config")]


def one_line(text):
    return " ".join(text.split())


def test_the_check_reports_each_tunnel_once_from_the_active_unit_and_names_the_standby(pair, run_playbook, tmp_path):
    out = tmp_path / "report"
    result = run_playbook("playbooks/check.yml", {"azure_resources_file": SEED + "/azure_resources.json",
                                                  "report_dir": str(out), "fail_on": "never"},
                          args=["-i", inventory(tmp_path, pair, ["fw-b", "fw-a"])])
    with open(str(out / "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    # one entry for the pair's one tunnel, from the active unit; nothing unpaired, nothing twice
    assert [(t["asa"]["host"], t["azure"]["connection"]) for t in report["tunnels"]] == [("fw-a", "UKSouth-HQ-S2S")]
    assert report["unpaired"] == [] and report["summary"]["tunnels"] == 1
    assert "PFS_MISMATCH" in {f["code"] for f in report["tunnels"][0]["findings"]}
    # the standby is named at the default verbosity
    assert ("vpn_compat_check: asa_hosts: hosts fw-a (primary unit, active) and fw-b (secondary unit, standby ready) "
            "are the two units of failover pair gateway with the same configuration: checked once, from the active "
            "unit fw-a") in one_line(result.stdout)
    # and in the report files: report.json's notes, report.md's section (what a compliance user reads in AWX)
    [note] = report["notes"]
    assert note.startswith("asa_hosts: hosts fw-a (primary unit, active) and fw-b (secondary unit, standby ready) are ")
    assert "- %s\n" % note in (out / "report.md").read_text()
    for host in ("fw-a", "fw-b"):  # each unit read once, by its own host
        assert pair[host].command_lines().count("show failover") == 1
        assert config_lines(pair[host]) == []


def test_units_that_both_say_they_are_active_are_one_report_entry_naming_both(pair, run_playbook, tmp_path):
    pair["fw-b"].set_scenario({"failover": {"state": "active", "mate_state": "active"}})
    pair["fw-a"].set_scenario({"failover": {"state": "active", "mate_state": "active"}})
    out = tmp_path / "report"
    result = run_playbook("playbooks/check.yml", {"azure_resources_file": SEED + "/azure_resources.json",
                                                  "report_dir": str(out), "fail_on": "never"},
                          args=["-i", inventory(tmp_path, pair, ["fw-b", "fw-a"])], check=False)
    # the gate fails (this run's only tunnel is not checked: "Nothing was checked"), but after the reports are written
    assert result.rc != 0 and "Nothing was checked" in one_line(result.stdout)
    with open(str(out / "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    # a split pair does not stop the check: one entry names both units, the connection they hold is unpaired
    [entry] = [t for t in report["tunnels"] if t["findings"][0]["code"] == "FAILOVER_PAIR_UNCLEAR"]
    assert entry["name"] == "fw-b + fw-a (failover pair: active unit unclear)" and entry["verdict"] == "fail"
    assert one_line(entry["findings"][0]["summary"]).startswith(
        "hosts fw-b (secondary unit, active) and fw-a (primary unit, active) are the two units of failover pair "
        "gateway (the same configuration), and both say they are active")
    assert [u["azure"]["connection"] for u in report["unpaired"]] == ["UKSouth-HQ-S2S"]
    assert "both say they are active" in one_line(result.stdout)
    assert "FAILOVER_PAIR_UNCLEAR" in (out / "report.md").read_text()


def test_a_refused_show_failover_keeps_the_read_and_says_the_unit_is_unknown(run_playbook, tmp_path):
    """AAA command authorization refuses show failover to a read-only account: the ASA is read and checked as before
    the failover read existed, a note says its unit could not be told; gather_failover false sends no show failover."""
    with start_asa_fleet([{"name": "fw", "config": SEED_ASA, "scenario": {"deny": ["^show failover"]}}],
                         latency=0) as fleet:
        for gather_failover in (True, False):
            out = tmp_path / ("report-%s" % gather_failover)
            result = run_playbook("playbooks/check.yml", {"azure_resources_file": SEED + "/azure_resources.json",
                                                          "report_dir": str(out), "fail_on": "never",
                                                          "gather_failover": gather_failover},
                                  args=["-i", inventory(tmp_path, fleet, ["fw"])])
            with open(str(out / "report.json"), encoding="utf-8") as handle:
                report = json.load(handle)
            checked = [(t["asa"]["host"], t["azure"]["connection"]) for t in report["tunnels"]]
            assert checked == [("fw", "UKSouth-HQ-S2S")]
            notes = report.get("notes") or []
            if gather_failover:
                [note] = notes
                assert note.startswith("asa_hosts: host fw: which failover unit it is could not be told (`show failover`")
                assert note.endswith("Set gather_failover to false to skip `show failover`")
                assert note in one_line(result.stdout)
            else:
                assert notes == []
        assert fleet["fw"].command_lines().count("show failover") == 1  # the first run only


def test_a_show_failover_an_older_release_rejects_keeps_the_hint_in_the_note(run_playbook, tmp_path):
    """`show failover` answered with "Invalid input" (an older or restricted release): the note quotes the ASA and the
    module's hint, the hint whole (review E5: "the enable password ***** ansible_become_password")."""
    rejected = "                ^\nERROR: % Invalid input detected at '^' marker."
    with start_asa_fleet([{"name": "fw", "config": SEED_ASA, "scenario": {"show": {"show failover": rejected}}}],
                         latency=0) as fleet:
        out = tmp_path / "report"
        run_playbook("playbooks/check.yml", {"azure_resources_file": SEED + "/azure_resources.json",
                                             "report_dir": str(out), "fail_on": "never"},
                     args=["-i", inventory(tmp_path, fleet, ["fw"])])
    with open(str(out / "report.json"), encoding="utf-8") as handle:
        [note] = json.load(handle).get("notes") or []
    assert "Invalid input" in note and "(and the enable password in ansible_become_password)" in note, note
    assert "*****" not in note, note


@pytest.fixture
def arm():
    with start_arm_lab(SEED_ARM, client_secret=SECRET) as lab:
        yield lab


def test_align_pushes_to_the_active_unit_only_and_the_standby_gets_it_by_replication(pair, arm, tmp_path):
    rc, output, summary, report = run_align(inventory(tmp_path, pair, ["fw-b", "fw-a"]), arm, str(tmp_path),
                                            {"align_to": "azure"})
    assert rc == 0, output
    assert SET_PFS in config_lines(pair["fw-a"])
    assert config_lines(pair["fw-b"]) == []  # not one configuration line typed on the standby
    for host in ("fw-a", "fw-b"):  # the standby holds the change through the active unit's replication
        assert SET_PFS in pair[host].running_config().splitlines()
    assert ("fw-b is the standby unit of a failover pair: nothing is pushed to it. Its active unit fw-a carries the "
            "changes and failover replicates them to fw-b") in one_line(output)
    assert [c["end"].split()[0] for c in summary["changes"] if c.get("side") == "asa"] == ["fw-a"]
    assert [t["asa"]["host"] for t in report["tunnels"]] == ["fw-a"] and report["unpaired"] == []
    # align's report files name the standby checked from its active unit, as the check's do
    [note] = report["notes"]
    assert "fw-b (secondary unit, standby ready)" in note and "from the active unit fw-a" in note


@pytest.mark.parametrize("check_mode", [False, True])
def test_align_leaves_a_standby_unit_without_its_active_unit_alone_and_fails_naming_it(pair, arm, tmp_path, check_mode):
    rc, output, summary, _report = run_align(inventory(tmp_path, pair, ["fw-b"]), arm, str(tmp_path),
                                             {"align_to": "azure"}, ["--check", "--diff"] if check_mode else [])
    assert rc != 0
    assert "Not aligned: ASA fw-b (" in one_line(output)
    assert "fw-b (standby ready) is not the active unit of its failover pair" in one_line(output)
    assert config_lines(pair["fw-b"]) == [] and config_lines(pair["fw-a"]) == []
    if not check_mode:
        assert [entry["host"] for entry in summary["not_aligned"]] == ["fw-b"] and summary["changes"] == []


def test_asa_vpn_tunnel_against_the_standby_sends_nothing_after_its_warning(pair, run_playbook, tmp_path):
    playbook = tmp_path / "push_standby.yml"
    playbook.write_text("""
- hosts: fw-b
  gather_facts: false
  tasks:
    - vpnalign.s2s.asa_vpn_tunnel:
        crypto_map: CRYPTO-MAP
        seq: 2
        pfs_group: 19
""")
    result = run_playbook(str(playbook), {}, args=["-i", inventory(tmp_path, pair, ["fw-b"])], check=False)
    assert result.rc != 0
    assert "this ASA is the standby unit of a failover pair" in one_line(result.stdout)
    lines = pair["fw-b"].command_lines()
    assert lines[lines.index("configure terminal") + 1] == "end" and config_lines(pair["fw-b"]) == ["end"]
    assert SET_PFS not in pair["fw-b"].running_config().splitlines()


def test_align_to_asa_never_aligns_azure_to_a_standby_whose_configuration_differs(arm, tmp_path):
    """The active unit got a change (IKE AES-256) that never reached the standby, which comes first in the inventory:
    Azure is aligned to the active unit's configuration, never to the standby's stale one; the standby is left alone
    and the run fails naming it."""
    active = unit_config("primary").replace(" encryption aes\n", " encryption aes-256\n")
    assert active != unit_config("primary")
    with start_asa_fleet([
            {"name": "fw-b", "config": unit_config("secondary"), "scenario": {"failover": STANDBY}, "failover_mate": "fw-a"},
            {"name": "fw-a", "config": active, "scenario": {"failover": ACTIVE}, "failover_mate": "fw-b"},
    ], latency=0) as fleet:
        rc, output, summary, _report = run_align(inventory(tmp_path, fleet, ["fw-b", "fw-a"]), arm, str(tmp_path),
                                                 {"align_to": "asa"})
        assert rc != 0 and "Not aligned: ASA fw-b (" in one_line(output)
        [policy] = [r["properties"]["ipsecPolicies"][0] for r in arm.resources() if r["name"] == "UKSouth-HQ-S2S"]
        assert policy["ikeEncryption"] == "AES256", policy
        assert [entry["host"] for entry in summary["not_aligned"]] == ["fw-b"]
        assert config_lines(fleet["fw-b"]) == [] and config_lines(fleet["fw-a"]) == []
