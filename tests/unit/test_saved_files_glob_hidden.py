# -*- coding: utf-8 -*-
"""A glob over a backup directory and the hidden files in it: glob's wildcards never match a leading dot, so
``-e asa_config_file='backups/*'`` read one device fewer than ``-e asa_config_file=backups/`` (which says a hidden
file in the report's notes) without a word. The glob form now says them too, in the notes the report files carry.
A link in a backup directory to a device (/dev/null) is said as such, not as "a link to nothing"."""

import json
import os
import sys

import pytest
from ansible.errors import AnsibleActionFail

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from test_fact_sources_estate import check_action, site_asa, site_export  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from  # noqa: E402

HIDDEN_NOTE = "%s: not read: %s (a hidden file, which a glob's wildcards do not match: name it to read it)"


@pytest.fixture
def backups(tmp_path):
    configs = tmp_path / "configs"
    configs.mkdir()
    (configs / "hq.cfg").write_text(site_asa("hq-asa", "198.51.100.10"))
    (configs / ".branch.cfg").write_text(site_asa("branch-asa", "198.51.100.34", azure_gw="203.0.113.70"))
    (configs / ".git").mkdir()  # a tool's hidden directory is not a device: not said
    (configs / ".git" / "config").write_text("[core]\n")
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10")))
    (exports / ".b.json").write_text(json.dumps(site_export("B", "198.51.100.34", gw="203.0.113.70")))
    return configs, exports


@pytest.mark.parametrize("pattern", ["*", "*.cfg"])
def test_a_hidden_backup_a_glob_does_not_match_is_said_in_the_notes(backups, pattern):
    configs, _exports = backups
    notes = []
    assert [f["host"] for f in asa_facts_from({}, paths=str(configs / pattern), notes=notes)] == ["hq-asa"]
    assert notes == [HIDDEN_NOTE % ("asa_config_files", configs / ".branch.cfg")]


def test_a_hidden_export_a_glob_does_not_match_is_said_in_the_notes(backups):
    _configs, exports = backups
    notes = []
    assert len(azure_facts_from({}, paths=str(exports / "*.json"), notes=notes)) == 1
    assert notes == [HIDDEN_NOTE % ("azure_resources_files", exports / ".b.json")]


def test_a_hidden_file_named_as_well_is_read_and_not_said(backups):
    configs, _exports = backups
    notes = []
    facts = asa_facts_from({}, paths=[str(configs / "*"), str(configs / ".branch.cfg")], notes=notes)
    assert [f["host"] for f in facts] == ["hq-asa", "branch-asa"] and notes == []


def test_a_glob_that_matches_only_hidden_files_names_them_in_its_error(backups):
    configs, _exports = backups
    (configs / "hq.cfg").unlink()
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(configs / "*"))
    assert str(caught.value) == ("asa_config_files: %s matches no file (but for hidden files, which a glob's wildcards "
                                 "do not match: %s; name them to read them)" % (configs / "*", configs / ".branch.cfg"))


def test_the_report_files_say_the_hidden_backup_a_glob_left_out(backups, tmp_path):
    configs, exports = backups
    result = check_action({"asa_config_files": str(configs / "*"), "azure_resources_files": str(exports / "a.json"),
                           "report_dir": str(tmp_path / "out"), "gate_on": "never"})
    assert HIDDEN_NOTE % ("asa_config_files", configs / ".branch.cfg") in result["notes"]
    for name in ("report.json", "report.md", "report.xml"):
        assert str(configs / ".branch.cfg") in (tmp_path / "out" / name).read_text(), name


def test_a_link_to_a_device_in_a_backup_directory_is_not_said_to_lead_to_nothing(tmp_path):
    # a backup replaced by a link to /dev/null was said to be "a link to nothing: /dev/null"
    (tmp_path / "hq.cfg").write_text(site_asa("hq-asa", "198.51.100.10"))
    os.symlink(os.devnull, str(tmp_path / "branch.cfg"))
    os.symlink(str(tmp_path / "moved" / "fw9.cfg"), str(tmp_path / "fw9.cfg"))
    notes = []
    assert [f["host"] for f in asa_facts_from({}, paths=str(tmp_path), notes=notes)] == ["hq-asa"]
    assert notes == [
        "asa_config_files: not read: %s (a link to %s, which is not a regular file)" % (tmp_path / "branch.cfg", os.devnull),
        "asa_config_files: not read: %s (a link to nothing: %s)" % (tmp_path / "fw9.cfg", tmp_path / "moved" / "fw9.cfg")]
