# -*- coding: utf-8 -*-
"""An estate's backup directory as teams keep it (review 2026-12-04): the two units of a failover pair where one was
saved with a UTF-8 byte order mark or a pager remnant; an Azure list saved as one page of several (nextLink); an
export written as UTF-16 by Windows PowerShell; an ASA without a tunnel next to ASAs with tunnels."""

import json
import os
import sys

import pytest
from ansible.errors import AnsibleActionFail

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from test_fact_sources_estate import check_action, site_asa, site_export  # noqa: E402
from test_fact_sources_failover import SEED_AZURE, unit_backup  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from  # noqa: E402


@pytest.mark.parametrize("damage", [
    lambda text: "\ufeff" + text,  # a Windows editor's byte order mark
    lambda text: text.replace("crypto ikev2 enable", "<--- More --->\n      crypto ikev2 enable", 1),  # a pager remnant
])
def test_a_units_backup_saved_with_a_bom_or_a_pager_remnant_is_still_the_same_configuration(tmp_path, damage):
    (tmp_path / "edge-a.txt").write_text(unit_backup("primary", "JAD1111AAAA"), encoding="utf-8")
    (tmp_path / "edge-b.txt").write_text(damage(unit_backup("secondary", "JAD2222BBBB")), encoding="utf-8")
    notes = []
    [facts] = asa_facts_from({}, paths=[str(tmp_path)], notes=notes)
    assert facts["host"] == "edge-pair" and len(facts["tunnels"]) == 1
    assert "checked once, from the primary unit's %s" % (tmp_path / "edge-a.txt") in notes[0]


def test_one_page_of_a_paged_azure_list_is_refused_as_incomplete(tmp_path):
    page = {"value": site_export("A", "198.51.100.10"),
            "nextLink": "https://management.azure.com/subscriptions/x/providers/Microsoft.Network/connections?"
                        "api-version=2024-05-01&$skiptoken=abc"}
    (tmp_path / "page1.json").write_text(json.dumps(page))
    with pytest.raises(AnsibleActionFail) as caught:
        azure_facts_from({}, paths=[str(tmp_path / "page1.json")])
    assert "page1.json" in str(caught.value) and "one page of a paged list (it has a nextLink)" in str(caught.value)
    del page["nextLink"]  # the last page, or a whole list: read
    (tmp_path / "page1.json").write_text(json.dumps(page))
    assert len(azure_facts_from({}, paths=[str(tmp_path / "page1.json")])[0]["tunnels"]) == 1


def test_an_export_windows_powershell_wrote_as_utf16_is_read(tmp_path):
    with open(SEED_AZURE) as handle:
        text = handle.read()
    (tmp_path / "export.json").write_bytes(text.replace("\n", "\r\n").encode("utf-16"))  # BOM, little endian here
    [facts] = azure_facts_from({}, paths=[str(tmp_path / "export.json")])
    assert len(facts["tunnels"]) == 1


def test_an_asa_without_a_tunnel_next_to_asas_with_tunnels_is_named_and_fails_nothing(tmp_path):
    configs = tmp_path / "configs"
    configs.mkdir()
    (configs / "hq.txt").write_text(site_asa("hq-asa", "198.51.100.10"))
    dmz = "".join(line for line in site_asa("dmz-asa", "198.51.100.77").splitlines(True)
                  if not line.startswith("crypto map"))
    (configs / "dmz.txt").write_text(dmz)
    (tmp_path / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10")))
    args = {"asa_config_files": str(configs), "azure_resources_files": str(tmp_path / "a.json"),
            "report_dir": str(tmp_path / "out"), "gate_on": "never"}
    result = check_action(args)
    assert result["gate"]["passed"] is True, result["gate"]
    [note] = [n for n in result["notes"] if n.startswith("ASA dmz-asa holds no tunnel")]
    assert "it fails nothing" in note and "ASA dmz-asa holds no tunnel" in (tmp_path / "out" / "report.md").read_text()
    # alone, an input without a tunnel is a check over nothing of its side: it still fails the run
    result = check_action(dict(args, asa_config_files=str(configs / "dmz.txt")))
    assert result["gate"]["passed"] is False
    assert any(reason.startswith("ASA dmz-asa holds no tunnel") for reason in result["gate"]["reasons"])


def test_a_subdirectory_and_a_file_that_is_no_export_are_said_not_read(tmp_path):
    configs, exports = tmp_path / "configs", tmp_path / "exports"
    configs.mkdir()
    exports.mkdir()
    (configs / "hq.txt").write_text(site_asa("hq-asa", "198.51.100.10"))
    (configs / "emea").mkdir()  # Oxidized keeps a group's nodes in a directory of its own
    (configs / "emea" / "plant-asa").write_text(site_asa("plant-asa", "198.51.100.34"))
    (exports / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10")))
    (exports / "b-export.txt").write_text(json.dumps(site_export("B", "198.51.100.34", gw="203.0.113.70")))
    notes = []
    assert [f["host"] for f in asa_facts_from({}, paths=[str(configs)], notes=notes)] == ["hq-asa"]
    assert len(azure_facts_from({}, paths=[str(exports)], notes=notes)) == 1
    assert notes == [
        "asa_config_files: not read: subdirectory %s (name it, or a glob such as %s, to read the files in it)"
        % (configs / "emea", configs / "emea" / "*"),
        "azure_resources_files: not read: %s (not *.json)" % (exports / "b-export.txt")]
    # the glob it names reads them
    assert [f["host"] for f in asa_facts_from({}, paths=[str(configs), str(configs / "emea" / "*")])] == [
        "hq-asa", "plant-asa"]


def test_two_devices_with_one_hostname_are_both_read_each_named_after_its_file(tmp_path):
    # "ciscoasa" is the ASA's factory-default hostname; two sites' ASAs built from one template share theirs
    (tmp_path / "site-a.cfg").write_text(site_asa("ciscoasa", "198.51.100.10"))
    (tmp_path / "site-b.cfg").write_text(site_asa("ciscoasa", "198.51.100.34", azure_gw="203.0.113.70"))
    notes = []
    facts = asa_facts_from({}, paths=[str(tmp_path)], notes=notes)
    assert [f["host"] for f in facts] == ["ciscoasa (site-a.cfg)", "ciscoasa (site-b.cfg)"]
    assert [t["ref"]["host"] for f in facts for t in f["tunnels"]] == ["ciscoasa (site-a.cfg)", "ciscoasa (site-b.cfg)"]
    assert "are two devices with the hostname ciscoasa" in notes[0]
    # an old and a new backup of one device (the same tunnel addresses) are still an error naming both files
    (tmp_path / "site-a.old").write_text(site_asa("ciscoasa", "198.51.100.10").replace("28800", "86400"))
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=[str(tmp_path / "site-a.cfg"), str(tmp_path / "site-a.old")])
    assert "device ciscoasa is in both" in str(caught.value)


def test_an_old_backup_of_the_second_of_two_devices_with_one_hostname_is_refused(tmp_path):
    # review 2026-12-06 (estate #3): a third file was compared with the first alone, so an old backup of the second
    # device was taken for a third device, paired, and its stale verdict reported
    (tmp_path / "site-a.cfg").write_text(site_asa("ciscoasa", "198.51.100.10"))
    (tmp_path / "site-b.cfg").write_text(site_asa("ciscoasa", "198.51.100.34", azure_gw="203.0.113.70"))
    (tmp_path / "site-b.old").write_text(site_asa("ciscoasa", "198.51.100.34", azure_gw="203.0.113.70")
                                         .replace("28800", "86400"))
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=[str(tmp_path / "site-a.cfg"), str(tmp_path / "site-b.cfg"), str(tmp_path / "site-b.old")])
    message = str(caught.value)
    assert "device ciscoasa is in both" in message and "site-b.cfg" in message and "site-b.old" in message
    # a third device of that hostname is named after its file, and said with the other two
    (tmp_path / "site-b.old").unlink()
    (tmp_path / "site-c.cfg").write_text(site_asa("ciscoasa", "198.51.100.58", azure_gw="203.0.113.90"))
    notes = []
    facts = asa_facts_from({}, paths=[str(tmp_path)], notes=notes)
    assert [f["host"] for f in facts] == ["ciscoasa (site-a.cfg)", "ciscoasa (site-b.cfg)", "ciscoasa (site-c.cfg)"]
    assert "are 3 devices with the hostname ciscoasa" in notes[-1] and "site-a.cfg" in notes[-1]


def test_two_devices_with_one_hostname_and_one_file_name_are_named_after_their_folders(tmp_path):
    # review 2026-12-06 (estate B1): Oxidized/RANCID groups name each backup after the node, so two branches' factory
    # "ciscoasa" in br1/running-config and br2/running-config were both "ciscoasa (running-config)": one tunnel id
    # and one JUnit testcase for two devices
    for branch, outside, gateway in (("br1", "198.51.100.10", "203.0.113.50"), ("br2", "198.51.100.34", "203.0.113.70"),
                                     ("east/br3", "198.51.100.58", "203.0.113.90"),
                                     ("west/br3", "198.51.100.74", "203.0.113.110")):
        (tmp_path / branch).mkdir(parents=True)
        (tmp_path / branch / "running-config").write_text(site_asa("ciscoasa", outside, azure_gw=gateway))
    facts = asa_facts_from({}, paths=[str(tmp_path / "br*" / "*"), str(tmp_path / "*" / "br3" / "*")])
    hosts = [f["host"] for f in facts]
    assert sorted(hosts) == ["ciscoasa (br1/running-config)", "ciscoasa (br2/running-config)",
                             "ciscoasa (east/br3/running-config)", "ciscoasa (west/br3/running-config)"]
    assert sorted(t["ref"]["host"] for f in facts for t in f["tunnels"]) == sorted(hosts)


def test_a_hidden_file_and_a_link_to_nothing_in_a_backup_directory_are_said(tmp_path):
    # review 2026-12-06 (estate #7): a link to a moved backup dropped a device without a word
    (tmp_path / "hq.cfg").write_text(site_asa("hq-asa", "198.51.100.10"))
    (tmp_path / ".old-branch.cfg").write_text(site_asa("branch", "198.51.100.34"))
    os.symlink(str(tmp_path / "moved" / "fw9.cfg"), str(tmp_path / "fw9.cfg"))
    os.mkdir(str(tmp_path / ".git"))
    notes = []
    assert [f["host"] for f in asa_facts_from({}, paths=[str(tmp_path)], notes=notes)] == ["hq-asa"]
    assert notes == [
        "asa_config_files: not read: %s (a hidden file: name it to read it)" % (tmp_path / ".old-branch.cfg"),
        "asa_config_files: not read: %s (a link to nothing: %s)" % (tmp_path / "fw9.cfg", tmp_path / "moved" / "fw9.cfg")]


def test_an_asa_config_saved_as_utf16_reads_as_the_same_config(tmp_path):
    # review 2026-12-06 (estate #9): a show run captured by Windows PowerShell 5.1's '>' was refused, while UTF-16
    # exports and evidence were read
    text = site_asa("hq-asa", "198.51.100.10")
    (tmp_path / "utf8.cfg").write_bytes(text.encode("utf-8"))
    (tmp_path / "utf16.cfg").write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    [from_utf8] = asa_facts_from({}, paths=[str(tmp_path / "utf8.cfg")])
    [from_utf16] = asa_facts_from({}, paths=[str(tmp_path / "utf16.cfg")])
    read = [json.dumps(facts, default=vars, sort_keys=True).replace(name, "F")
            for facts, name in ((from_utf8, "utf8.cfg"), (from_utf16, "utf16.cfg"))]
    assert read[0] == read[1] and "198.51.100.10" in read[0]


def test_one_bad_backup_in_a_directory_is_not_read_and_the_others_are_checked(tmp_path):
    # review 2026-12-06 (estate #8): one empty backup (a failed nightly collection) stopped the whole estate's report,
    # where an unreachable live host is reported and the rest checked
    (tmp_path / "hq.cfg").write_text(site_asa("hq-asa", "198.51.100.10"))
    (tmp_path / "branch.cfg").write_text("")
    (tmp_path / "router.db").write_text("fw1:asa:admin:Hunter2pass\n")
    unread = []
    assert [f["host"] for f in asa_facts_from({}, paths=[str(tmp_path)], unread=unread)] == ["hq-asa"]
    assert [host for host, _why in unread] == [str(tmp_path / "branch.cfg"), str(tmp_path / "router.db")]
    assert "Hunter2" not in repr(unread) and "is not an ASA configuration" in unread[1][1]
    # a file named on its own is the run's input: it still stops the run
    with pytest.raises(AnsibleActionFail):
        asa_facts_from({}, paths=[str(tmp_path / "branch.cfg")], unread=[])


def test_evidence_saved_as_utf16_reads_as_the_same_text(tmp_path):
    # an AzureDiagnostics export or a syslog written by Windows PowerShell 5.1's '>' (review 2026-12-04: "is this an
    # AzureDiagnostics export?")
    from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import _evidence_texts

    text = "TimeGenerated,Category,Message\r\n2026-10-02T09:14:05Z,IKEDiagnosticLog,Remote 198.51.100.10:500: x\r\n"
    (tmp_path / "utf8.csv").write_bytes(text.encode("utf-8"))
    (tmp_path / "utf16.csv").write_bytes(text.encode("utf-16"))
    read = _evidence_texts({"azure_diagnostic_logs": [str(tmp_path / "utf8.csv"), str(tmp_path / "utf16.csv")]})
    [(_name8, as_utf8), (_name16, as_utf16)] = read["azure_diagnostic_logs"]
    assert as_utf16 == as_utf8 == text


def test_a_backup_cut_short_is_said_to_be(tmp_path):
    full = site_asa("hq-asa", "198.51.100.10")
    cut = full[:full.index("tunnel-group")]  # an interrupted collection: no tunnel-group, no ': end'
    (tmp_path / "hq.txt").write_text(cut)
    notes = []
    asa_facts_from({}, paths=[str(tmp_path / "hq.txt")], notes=notes)
    assert notes == ["asa_config_files: %s ends without ': end' or 'Cryptochecksum:', the last line of a saved "
                     "configuration: if it was cut short, what it lacks is reported missing" % (tmp_path / "hq.txt")]
    (tmp_path / "hq.txt").write_text(full)
    notes = []
    asa_facts_from({}, paths=[str(tmp_path / "hq.txt")], notes=notes)
    assert notes == []
    # as Oxidized keeps it: ': ' lines dropped, 'Cryptochecksum:' last, comment lines after it
    oxidized = "\n".join(line for line in full.splitlines() if not line.startswith(": ")) + \
        "\nCryptochecksum:0123456789abcdef0123456789abcdef\n! disk0:/profile.xml\n"
    (tmp_path / "hq.txt").write_text(oxidized)
    notes = []
    asa_facts_from({}, paths=[str(tmp_path / "hq.txt")], notes=notes)
    assert notes == []


def test_each_tunnel_names_the_files_its_ends_were_read_from(tmp_path):
    # review 2026-12-04: "line 64" of which of 300 backups? No report file named one
    configs = tmp_path / "configs"
    configs.mkdir()
    (configs / "hq.txt").write_text(site_asa("hq-asa", "198.51.100.10"))
    (tmp_path / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10")))
    result = check_action({"asa_config_files": str(configs), "azure_resources_files": str(tmp_path / "a.json"),
                           "report_dir": str(tmp_path / "out"), "gate_on": "never"})
    [tunnel] = result["tunnels"]
    assert tunnel["asa"]["file"] == str(configs / "hq.txt") and tunnel["azure"]["file"] == str(tmp_path / "a.json")
    for name in ("report.md", "report.html"):
        text = (tmp_path / "out" / name).read_text()
        assert "(%s)" % (configs / "hq.txt") in text and "(%s)" % (tmp_path / "a.json") in text


def test_a_directory_of_only_subdirectories_says_how_to_read_them(tmp_path):
    (tmp_path / "site1").mkdir()
    (tmp_path / "site1" / "hq.txt").write_text(site_asa("hq-asa", "198.51.100.10"))
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=[str(tmp_path)])
    assert str(caught.value) == "asa_config_files: directory %s has no file to read (its subdirectories are not " \
                                "read: give a glob such as %s)" % (tmp_path, tmp_path / "*" / "*")
    assert [f["host"] for f in asa_facts_from({}, paths=[str(tmp_path / "*" / "*")])] == ["hq-asa"]


_FAILOVER = ("failover\nfailover lan unit %s\nfailover lan interface folink GigabitEthernet0/3\n"
             "failover interface ip folink 192.0.2.249 255.255.255.252 standby 192.0.2.250\n")


@pytest.mark.parametrize("primary_name, secondary_name", [("b-primary.cfg", "c-secondary.cfg"),
                                                          ("c-primary.cfg", "b-secondary.cfg")], ids=["primary-first",
                                                                                                      "secondary-first"])
def test_a_failover_pair_beside_another_device_of_its_hostname_is_checked_once(tmp_path, primary_name, secondary_name):
    # review of this pass: the pair's second unit was tried against the first file of the hostname only (another
    # device), then refused as "device fw is in both" the pair's two files, and the whole run stopped
    def unit(role):
        text = site_asa("fw", "198.51.100.34", azure_gw="203.0.113.70")
        return text.replace("hostname fw\n", "hostname fw\n" + _FAILOVER % role)

    (tmp_path / "a-site.cfg").write_text(site_asa("fw", "198.51.100.10"))
    (tmp_path / primary_name).write_text(unit("primary"))
    (tmp_path / secondary_name).write_text(unit("secondary"))
    notes = []
    facts = asa_facts_from({}, paths=[str(tmp_path)], notes=notes)
    assert len(facts) == 2 and [f["host"] for f in facts][0] == "fw (a-site.cfg)"
    assert any("two units of failover pair fw" in note and "from the primary unit's %s" % (tmp_path / primary_name)
               in note for note in notes), notes
    [pair] = [f for f in facts if f["host"] != "fw (a-site.cfg)"]
    assert all(t["ref"]["file"] == str(tmp_path / primary_name) for t in pair["tunnels"])
