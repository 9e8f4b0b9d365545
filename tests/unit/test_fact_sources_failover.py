# -*- coding: utf-8 -*-
"""Backups of both units of an ASA failover pair in one directory of saved configs (issue 12: teams keep their
configs as directories of backups, and a backup tool saves each unit by its own address).

Failover copies every configuration line from the active unit to the standby except ``failover lan unit`` (Cisco ASA
CLI configuration guide, Command Replication), so both files carry the same hostname. The pair is one device: read
once, from the primary's file, and the file left out is said; two units whose configurations differ are an error that
says where, never what (a line may hold a key)."""

import os

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
SEED_AZURE = os.path.join(SEED, "azure_resources.json")

FAILOVER = """failover
failover lan unit {unit}
failover lan interface folink GigabitEthernet0/3
failover interface ip folink 192.0.2.249 255.255.255.252 standby 192.0.2.250
"""


def unit_backup(unit, serial, secondary_change=None):
    """The seed example's config as a backup tool saves one unit of the pair: its own "!" header (serial numbers
    differ), the failover lines with its role."""
    with open(os.path.join(SEED, "asa_running_config.txt")) as handle:
        text = handle.read()
    text = text.replace("hostname gateway\n", "hostname edge-pair\n" + FAILOVER.format(unit=unit))
    if secondary_change:
        text = text.replace(*secondary_change)
    return "! Hardware: ASA5516, 8192 MB RAM\n! Serial Number: %s\n!\n%s" % (serial, text)


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    # the secondary's file sorts first: the primary is chosen by its role, not by the order
    (folder / "edge-a-config.txt").write_text(unit_backup("secondary", "JAD2222BBBB"))
    (folder / "edge-b-config.txt").write_text(unit_backup("primary", "JAD1111AAAA"))
    return folder


def test_the_two_units_of_a_failover_pair_are_one_device_read_from_the_primary(pair):
    notes = []
    facts = asa_facts_from({}, paths=str(pair), notes=notes)
    assert [f["host"] for f in facts] == ["edge-pair"]
    secondary, primary = pair / "edge-a-config.txt", pair / "edge-b-config.txt"
    assert notes == ["asa_config_files: %s and %s are the two units of failover pair edge-pair with the same "
                     "configuration: checked once, from the primary unit's %s" % (secondary, primary, primary)]
    report = run_check(facts, azure_facts_from({}, paths=SEED_AZURE))
    assert len(report["tunnels"]) == 1 and report["unpaired"] == []
    assert report["tunnels"][0]["asa"]["host"] == "edge-pair"
    assert "PFS_MISMATCH" in {f["code"] for f in report["tunnels"][0]["findings"]}


def test_the_pair_is_read_from_the_primary_whichever_file_comes_first(pair, tmp_path):
    (pair / "edge-a-config.txt").write_text(unit_backup("primary", "JAD1111AAAA"))
    (pair / "edge-b-config.txt").write_text(unit_backup("secondary", "JAD2222BBBB"))
    notes = []
    ends = asa_facts_from({}, paths=str(pair), notes=notes, ends=True)
    assert len(ends) == 1 and len(ends[0].ends) == 1
    assert notes[0].endswith("checked once, from the primary unit's %s" % (pair / "edge-a-config.txt"))


def test_units_whose_configurations_differ_are_an_error_saying_where_not_what(pair):
    secret = "Stale-Key-0f-The-Standby"
    (pair / "edge-a-config.txt").write_text(unit_backup(
        "secondary", "JAD2222BBBB", (" ikev2 remote-authentication pre-shared-key", " ikev2 remote-authentication "
                                     "pre-shared-key %s\n ikev2 remote-authentication pre-shared-key" % secret)))
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(pair))
    message = str(caught.value)
    assert message.startswith("asa_config_files: device edge-pair is in both %s and %s, the primary and secondary units "
                              "of one failover pair, and their configurations differ from line " % (
                                  pair / "edge-b-config.txt", pair / "edge-a-config.txt"))
    assert "keep the active unit's file" in message
    assert secret not in message and "pre-shared-key" not in message


def test_the_line_where_they_part_is_each_file_s_own_line_number(pair):
    primary = (pair / "edge-b-config.txt").read_text().splitlines()
    at = next(i for i, line in enumerate(primary) if line.startswith("crypto map "))
    changed = primary[at] + "\n"
    (pair / "edge-a-config.txt").write_text((pair / "edge-a-config.txt").read_text().replace(changed, "! a comment more\n" + changed.replace(
        "crypto map ", "crypto map OTHER-", 1), 1))
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(pair))
    # the secondary has a comment line more before the change: its line is one further down
    assert "differ from line %d of the first and line %d of the second on" % (at + 1, at + 2) in str(caught.value)


@pytest.mark.parametrize("units", [("primary", "primary"), ("secondary", None), (None, None)])
def test_two_files_of_one_device_that_are_not_a_pair_s_two_units_stay_an_error(pair, units):
    for name, unit in zip(("edge-a-config.txt", "edge-b-config.txt"), units):
        text = unit_backup(unit or "primary", "JAD")
        if unit is None:
            text = text.replace("failover lan unit primary\n", "")
        (pair / name).write_text(text)
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(pair))
    assert str(caught.value) == ("asa_config_files: device edge-pair is in both %s and %s (one device per file)"
                                 % (pair / "edge-a-config.txt", pair / "edge-b-config.txt"))


def test_a_third_backup_of_the_pair_is_compared_with_the_primary(pair):
    (pair / "edge-c-config.txt").write_text(unit_backup("secondary", "JAD3333CCCC"))
    notes = []
    assert [f["host"] for f in asa_facts_from({}, paths=str(pair), notes=notes)] == ["edge-pair"]
    assert len(notes) == 2 and all(n.endswith("from the primary unit's %s" % (pair / "edge-b-config.txt")) for n in notes)


def test_a_host_and_a_file_named_like_its_origin_stay_an_error(pair, tmp_path, monkeypatch):
    """A host's facts and a saved file of the same device are an error, even when the file's path reads like the host's
    origin ("host NAME"): it was taken for a second file and the host's facts were dropped."""
    monkeypatch.chdir(str(pair))
    os.rename("edge-a-config.txt", "host edge-pair")
    host_facts = asa_facts_from({}, paths="host edge-pair")[0]
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({"hostvars": {"edge-pair": {"vpnalign_asa": host_facts}}}, hosts=["edge-pair"],
                       paths=["edge-b-config.txt", "host edge-pair"], notes=[])
    assert "device edge-pair is in both host edge-pair and edge-b-config.txt" in str(caught.value)


def test_the_line_where_they_part_is_counted_at_line_feeds(pair):
    """An editor's line numbers: a form feed inside a line (str.splitlines breaks there) does not move them."""
    for name in ("edge-a-config.txt", "edge-b-config.txt"):
        text = (pair / name).read_text().replace(" description The HQ local network", " description The HQ\x0clocal network")
        (pair / name).write_text(text)
    secondary = (pair / "edge-a-config.txt").read_text()
    (pair / "edge-a-config.txt").write_text(secondary.replace(" protocol esp integrity null", " protocol esp integrity sha-256"))
    at = next(i for i, line in enumerate(secondary.split("\n"), 1) if line == " protocol esp integrity null")
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(pair))
    assert "differ from line %d of the first and line %d of the second on" % (at, at) in str(caught.value)


def test_a_key_line_a_backup_tool_commented_out_counts_as_configuration(pair):
    """The parser reads RANCID's "! ikev2 ... pre-shared-key <removed>" as the sub-command it hid: a unit with such a line
    more than the other is not the same configuration."""
    primary = (pair / "edge-b-config.txt").read_text()
    (pair / "edge-b-config.txt").write_text(primary.replace(
        " ikev2 local-authentication pre-shared-key *****\n",
        " ikev2 local-authentication pre-shared-key *****\n! ikev1 pre-shared-key  <removed> \n"))
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(pair))
    assert "their configurations differ" in str(caught.value)
