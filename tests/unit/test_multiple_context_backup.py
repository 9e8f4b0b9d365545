# -*- coding: utf-8 -*-
"""A multiple-context ASA as Oxidized saves it: the system configuration, then each security context behind a line
"----------========== [ CONTEXT <name> FILE <url> ] ==========----------" (ytti/oxidized, model asa.rb,
multiple_context). Each context is a device of its own (Cisco, "Multiple Context Mode"): read as one device, the file
mixed the contexts' tunnels and IKE policies (review 2026-12-04: a false IKE_NO_COMMON_PROPOSAL, a tunnel under the
other context's name)."""

import json
import sys

import pytest
from ansible.errors import AnsibleActionFail

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from test_fact_sources_estate import site_asa, site_export  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from  # noqa: E402

SYSTEM = """! Cisco Adaptive Security Appliance Software Version 9.16(4) <system>
!
: Saved
ASA Version 9.16(4) <system>
!
hostname edge-mc
mac-address auto
admin-context admin
context admin
  config-url disk0:/admin.cfg
context ctx-a
  config-url disk0:/ctx-a.cfg
context ctx-b
  config-url disk0:/ctx-b.cfg
: end
"""


def context_line(name):
    return "\n\n----------========== [ CONTEXT %s FILE disk0:/%s.cfg ] ==========----------\n\n" % (name, name)


def backup(tmp_path):
    a = site_asa("ctx-a", "198.51.100.10", azure_gw="203.0.113.20")
    # the second context's IKEv2 policy takes DH group 20 only (Azure's is 19): checked with the first context's
    # policy, as one device, it passed before
    b = site_asa("ctx-b", "198.51.100.34", azure_gw="203.0.113.70").replace(" group 19\n", " group 20\n", 1)
    text = SYSTEM + context_line("ctx-a") + a + context_line("ctx-b") + b
    (tmp_path / "edge-mc.example.net").write_text(text)
    return text


def exports(tmp_path):
    folder = tmp_path / "az"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10", gw="203.0.113.20")))
    (folder / "b.json").write_text(json.dumps(site_export("B", "198.51.100.34", gw="203.0.113.70",
                                                          sub="22222222-2222-4222-8222-222222222222")))
    return azure_facts_from({}, paths=[str(folder)])


def test_each_security_context_is_a_device_of_its_own(tmp_path):
    backup(tmp_path)
    progress = []
    facts = asa_facts_from({}, paths=[str(tmp_path / "edge-mc.example.net")], progress=progress.append)
    assert [f["host"] for f in facts] == ["edge-mc/ctx-a", "edge-mc/ctx-b"]
    assert [len(f["tunnels"]) for f in facts] == [1, 1]
    assert any("is a multiple-context ASA (edge-mc): 2 security context(s)" in line for line in progress)


def test_the_contexts_are_checked_each_with_its_own_policies_and_the_files_line_numbers(tmp_path):
    text = backup(tmp_path)
    report = run_check(asa_facts_from({}, paths=[str(tmp_path / "edge-mc.example.net")]), exports(tmp_path))
    by_host = {t["asa"]["host"]: t for t in report["tunnels"]}
    assert set(by_host) == {"edge-mc/ctx-a", "edge-mc/ctx-b"}
    codes = {host: {f["code"] for f in t["findings"]} for host, t in by_host.items()}
    assert "IKE_NO_COMMON_PROPOSAL" in codes["edge-mc/ctx-b"] and "IKE_NO_COMMON_PROPOSAL" not in codes["edge-mc/ctx-a"]
    numbered = dict(enumerate(text.splitlines(), 1))
    [ike] = [f for f in by_host["edge-mc/ctx-b"]["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL"]
    cited = [line for proposal in ike["evidence"]["asa"]["proposals"] for line in proposal["lines"]]
    assert cited and all(numbered[line["line"]].strip() == line["text"].strip() for line in cited)
    context_b = next(n for n, line in numbered.items() if "CONTEXT ctx-b" in line)
    assert all(line["line"] > context_b for line in cited)  # ctx-b's own policy, not ctx-a's


def unit_backups(tmp_path, secondary_edit=lambda text: text):
    """Both units of a failover pair of multiple-context ASAs, saved by Oxidized as two files (one per unit)."""
    text = backup(tmp_path)
    failover = "failover\nfailover lan unit %s\nfailover lan interface folink GigabitEthernet0/3\n"
    primary = text.replace("mac-address auto\n", "mac-address auto\n" + failover % "primary")
    secondary = secondary_edit(text.replace("mac-address auto\n", "mac-address auto\n" + failover % "secondary"))
    (tmp_path / "edge-mc.example.net").unlink()
    (tmp_path / "edge-mc-1").write_text(primary)
    (tmp_path / "edge-mc-2").write_text(secondary)


def test_two_units_of_a_multiple_context_pair_are_each_context_once_read_from_the_primary(tmp_path):
    unit_backups(tmp_path)
    notes = []
    facts = asa_facts_from({}, paths=[str(tmp_path / "edge-mc-2"), str(tmp_path / "edge-mc-1")], notes=notes)
    assert [f["host"] for f in facts] == ["edge-mc/ctx-a", "edge-mc/ctx-b"]
    cited_files = {t.get("ref", {}).get("file") for f in facts for t in f["tunnels"]}
    assert {path.split(" [context ")[0] for path in cited_files} == {str(tmp_path / "edge-mc-1")}, cited_files
    assert len([n for n in notes if "two units of failover pair" in n]) == 2, notes


def test_a_stale_context_on_one_unit_stops_the_run_naming_where_the_units_differ(tmp_path):
    unit_backups(tmp_path, lambda text: text.replace(" group 20\n", " group 21\n", 1))
    with pytest.raises(AnsibleActionFail) as raised:
        asa_facts_from({}, paths=[str(tmp_path / "edge-mc-1"), str(tmp_path / "edge-mc-2")])
    message = str(raised.value)
    assert "edge-mc/ctx-b" in message and "differ" in message and "group 2" not in message
