# -*- coding: utf-8 -*-
"""A glob over a backup directory reads what the directory form reads: README ("Subdirectories are not read (an
archive of old backups would be second copies of each device): the notes name each one, with the glob that reads it")
and vpn_compat_check's asa_config_files ("a glob such as backups/*/* reads a backup tool's group directories"). A
glob's match that was a directory had its files read, so ``-e asa_config_file='backups/*'`` beside an ``old/``
archive stopped the run ("device ... is in both backups/fw1.cfg and backups/old/fw1.cfg"), and a match that was a link
to nothing was an error entry (HOST_NOT_READ) where the directory form names it in the notes."""

import json
import os
import sys

import pytest
from ansible.errors import AnsibleActionFail

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from test_fact_sources_estate import check_action, site_asa, site_export  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from  # noqa: E402


@pytest.fixture
def backups(tmp_path):
    """hq.cfg, an archive old/ holding an older copy of it, and a link to a moved backup."""
    configs = tmp_path / "backups"
    (configs / "old").mkdir(parents=True)
    (configs / "hq.cfg").write_text(site_asa("hq-asa", "198.51.100.10"))
    (configs / "old" / "hq-2025-11-30.cfg").write_text(site_asa("hq-asa", "198.51.100.10", pfs=True))
    os.symlink(str(tmp_path / "moved" / "fw9.cfg"), str(configs / "fw9.cfg"))
    return configs


def test_a_glob_names_the_subdirectory_it_matches_and_does_not_read_it(backups):
    notes = []
    assert [f["host"] for f in asa_facts_from({}, paths=str(backups / "*"), notes=notes)] == ["hq-asa"]
    assert "asa_config_files: not read: subdirectory %s (name it, or a glob such as %s, to read the files in it)" % (
        backups / "old", backups / "old" / "*") in notes


def test_a_glob_says_what_the_directory_form_says(backups):
    by_directory, by_glob = [], []
    assert asa_facts_from({}, paths=str(backups), notes=by_directory) == asa_facts_from({}, paths=str(backups / "*"),
                                                                                        notes=by_glob)
    assert sorted(by_glob) == sorted(by_directory)
    assert "asa_config_files: not read: %s (a link to nothing: %s)" % (
        backups / "fw9.cfg", backups.parent / "moved" / "fw9.cfg") in by_glob


def test_the_check_over_a_glob_reports_no_host_for_a_link_to_nothing(backups, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10")))
    result = check_action({"asa_config_files": str(backups / "*"), "azure_resources_files": str(exports / "*"),
                           "report_dir": "", "gate_on": "error"})
    assert [t["name"] for t in result["tunnels"]] == ["A-S2S"]
    assert any("a link to nothing" in note for note in result["notes"])


def test_an_azure_glob_names_a_subdirectory_and_reads_the_exports(tmp_path):
    exports = tmp_path / "exports"
    (exports / "2025").mkdir(parents=True)
    (exports / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10")))
    (exports / "2025" / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10", gw="203.0.113.90")))
    notes = []
    assert len(azure_facts_from({}, paths=str(exports / "*"), notes=notes)) == 1
    assert any("subdirectory %s" % (exports / "2025") in note for note in notes)


def test_a_glob_that_matches_only_directories_is_an_error_naming_them(backups):
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(backups / "ol*"))
    message = str(caught.value)
    assert message.startswith("asa_config_files: %s matches no file" % (backups / "ol*"))
    assert "subdirectory %s" % (backups / "old") in message and str(backups / "old" / "*") in message
