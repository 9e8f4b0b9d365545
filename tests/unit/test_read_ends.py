# -*- coding: utf-8 -*-
"""Saved files read for the check as their tunnel ends (fact_sources ``ends=True``, compat_facts.ReadEnds), not as
facts dicts the check rebuilds the same ends from (issue 12): the same report, the same refusals."""

import json
import shutil

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.module_utils import compat
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import ReadEnds
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import compact_end_dict, tunnel_end_from_dict
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import inputs_without_tunnels
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import load_json_text
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

from test_fact_sources import SEED_ASA, SEED_AZURE, _fleet, seed_text


def _both(configs, exports):
    return [(asa_facts_from({}, paths=configs, ends=ends), azure_facts_from({}, paths=exports, ends=ends))
            for ends in (False, True)]


def test_a_fleet_read_as_ends_gives_the_report_of_the_facts_dicts_byte_for_byte(tmp_path):
    configs, exports, _singles = _fleet(tmp_path, devices=12)
    (configs / "backup-03").write_text(seed_text(None))  # no hostname line: named after its file
    (dicts, dict_azure), (read, read_azure) = _both(str(configs), str(exports))
    assert all(isinstance(r, ReadEnds) for r in read + read_azure)
    # what the facts modules' own functions give for the same file, key order too
    by_host = {r.get("host"): r for r in read}
    for path in sorted(configs.iterdir()):
        module = asa_facts_from_text(path.read_text(), source="src")
        if not module["host"]:
            module = asa_facts_from_text(path.read_text(), host=path.name, source="src")
        for tunnel in module["tunnels"]:  # a saved file's ends name it (the reports cite it)
            tunnel["ref"]["file"] = str(path)
        assert json.dumps(by_host[module["host"]].facts_dict()) == json.dumps(module)
    for path, r in zip(sorted(exports.iterdir()), read_azure):
        module = azure_facts_from_data(load_json_text(path.read_bytes()), source="src", checked=True)
        for tunnel in module["tunnels"]:
            tunnel["ref"]["file"] = str(path)
        assert json.dumps(r.facts_dict()) == json.dumps(module)
    assert [json.dumps(r.facts_dict()) for r in read] == [json.dumps(d) for d in dicts]
    assert [r.get("host") for r in read] == [d["host"] for d in dicts] and "backup-03" in [d["host"] for d in dicts]
    assert report_texts(run_check(read, read_azure)) == report_texts(run_check(dicts, dict_azure))


def test_the_ends_read_equal_the_ends_rebuilt_from_their_facts_and_the_check_leaves_them_as_they_were(tmp_path):
    configs, exports, _singles = _fleet(tmp_path, devices=4)
    read = asa_facts_from({}, paths=str(configs), ends=True) + azure_facts_from({}, paths=str(exports), ends=True)
    ends = [end for source in read for end in source.ends]
    before = [repr(end) for end in ends]
    assert before == [repr(tunnel_end_from_dict(json.loads(json.dumps(compact_end_dict(end))))) for end in ends]
    run_check(read[:4], read[4:])
    assert [repr(end) for end in ends] == before


def test_read_ends_mix_with_facts_dicts_and_count_as_inputs(tmp_path):
    gathered = asa_facts_from({}, paths=SEED_ASA)[0]
    other = tmp_path / "other.txt"  # an ASA without a crypto map entry: an input without tunnels
    other.write_text("".join(line for line in seed_text("other").splitlines(True) if not line.startswith("crypto map")))
    mixed = asa_facts_from({"hostvars": {"asa1": {"vpnalign_asa": dict(gathered, host="asa1")}}}, hosts=["asa1"],
                           paths=str(other), ends=True)
    assert mixed[1].ends == [] and inputs_without_tunnels(mixed, [])
    assert isinstance(mixed[0], dict) and isinstance(mixed[1], ReadEnds)
    azure = azure_facts_from({}, paths=SEED_AZURE, ends=True)
    as_dicts = [mixed[0], mixed[1].facts_dict()]
    assert report_texts(run_check(mixed, azure)) == report_texts(run_check(as_dicts, [azure[0].facts_dict()]))
    assert inputs_without_tunnels(mixed, azure) == inputs_without_tunnels(as_dicts, [azure[0].facts_dict()])


def test_duplicates_across_files_are_refused_as_with_facts_dicts(tmp_path):
    shutil.copy(SEED_AZURE, str(tmp_path / "sub-a.json"))
    shutil.copy(SEED_AZURE, str(tmp_path / "sub-a-again.json"))
    with pytest.raises(AnsibleActionFail, match="azure_resources_files: connection .* is in both "):
        azure_facts_from({}, paths=str(tmp_path), ends=True)
    configs = tmp_path / "asa"
    configs.mkdir()
    (configs / "a.txt").write_text(seed_text("edge"))
    (configs / "b.txt").write_text(seed_text("edge"))
    with pytest.raises(AnsibleActionFail, match="asa_config_files: device edge is in both "):
        asa_facts_from({}, paths=str(configs), ends=True)


def test_a_read_ends_is_taken_alone_as_a_list_of_one():
    [asa] = asa_facts_from({}, paths=SEED_ASA, ends=True)
    [azure] = azure_facts_from({}, paths=SEED_AZURE, ends=True)
    assert report_texts(run_check(asa, azure)) == report_texts(compat.run_check([asa.facts_dict()], [azure.facts_dict()]))
