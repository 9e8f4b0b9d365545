# -*- coding: utf-8 -*-
"""module_utils/report_files.py: the check's compact result and the report files it writes."""

import json
import re
import os
import stat

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import REPORT_FILES, other_report_files, write_reports
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result, gate, inputs_without_tunnels
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

from scenario_builders import asa_config, azure_resources

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")
# the seed tunnel's report.json id (compat.stable_tunnel_id): its heading in report.md, its id in the compact result
SEED_ID = "azure:00000000-0000-0000-0000-000000000000/RG/UKSouth-HQ-S2S asa:gateway/CRYPTO-MAP/2"


@pytest.fixture(scope="module")
def seed_report():
    asa = asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt"))
    azure = azure_facts_from({}, paths=os.path.join(SEED, "azure_resources.json"))
    return run_check(asa, azure)


def test_compact_result_has_counts_verdicts_and_no_findings(seed_report):
    result = compact_result(seed_report, ["/out/report.json"])
    assert result["counts"] == {"error": 1, "warning": 1, "info": 1}
    assert result["summary"] == {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0}
    assert result["tunnels"] == [{
        "name": "UKSouth-HQ-S2S", "id": SEED_ID, "verdict": "fail", "counts": {"error": 1, "warning": 1, "info": 1},
        "asa": {"host": "gateway", "crypto_map": "CRYPTO-MAP", "seq": 2, "peer": "203.0.113.20", "address": "198.51.100.10",
                "file": os.path.join(SEED, "asa_running_config.txt")},
        "azure": {"connection": "UKSouth-HQ-S2S", "gateway": "UKSouth-VNG", "resource_group": "RG",
                  "file": os.path.join(SEED, "azure_resources.json"), "site_address": "198.51.100.10"}}]
    assert result["unpaired"] == []
    assert result["summary_lines"][0] == "1 tunnel(s): 1 fail, 0 degraded, 0 pass"
    assert any("crypto map CRYPTO-MAP 2 set pfs group19" in line for line in result["summary_lines"])
    assert result["report_files"] == ["/out/report.json"]
    # compact: a small fraction of the report, no evidence or remediation
    assert len(json.dumps(result)) * 3 < len(json.dumps(seed_report))
    assert "evidence" not in json.dumps(result["tunnels"])


def test_unpaired_ends_are_in_the_compact_result(seed_report):
    asa = asa_facts_from({}, paths=os.path.join(SEED, "asa_running_config.txt"))
    report = run_check(asa, [{"source": "src", "tunnels": [], "findings": [], "counts": {}}])
    result = compact_result(report)
    assert result["tunnels"] == [] and result["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert [u["asa"]["host"] for u in result["unpaired"]] == ["gateway"]


def test_reports_are_written_whole_with_mode_0644_into_a_new_directory(seed_report, tmp_path):
    target = tmp_path / "deep" / "out"
    paths = write_reports(seed_report, str(target))
    assert [os.path.basename(p) for p in paths] == ["report.json", "report.xml", "report.md", "report.html"]
    for path in paths:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert json.loads((target / "report.json").read_text()) == json.loads(json.dumps(seed_report))
    assert (target / "report.json").read_text().endswith("}\n")
    assert "\n## UKSouth-HQ-S2S (%s): fail\n" % SEED_ID in (target / "report.md").read_text()
    assert sorted(os.listdir(str(target))) == ["report.html", "report.json", "report.md", "report.xml"]  # no temp file left


def test_a_rewrite_replaces_the_files_and_leaves_no_temporary_file(seed_report, tmp_path):
    (tmp_path / "report.json").write_text("old")
    os.chmod(str(tmp_path / "report.json"), 0o600)
    write_reports(seed_report, str(tmp_path))
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["fail"] == 1
    assert stat.S_IMODE(os.stat(str(tmp_path / "report.json")).st_mode) == 0o644
    assert sorted(os.listdir(str(tmp_path))) == ["report.html", "report.json", "report.md", "report.xml"]


@pytest.mark.parametrize("names", [("report.xml",), ("report.json", "report.xml"), ("report.md", "report.html"),
                                   ("report.html",)])
def test_chosen_formats_are_written_as_in_the_full_set_and_others_left_and_named(seed_report, tmp_path, names):
    full, chosen = tmp_path / "full", tmp_path / "chosen"
    write_reports(seed_report, str(full))
    chosen.mkdir()
    for name in REPORT_FILES:  # an earlier run's files, or another tool's report.xml: not ours to delete
        (chosen / name).write_text("written before")
    paths = write_reports(seed_report, str(chosen), names=names)
    assert [os.path.basename(p) for p in paths] == [n for n in REPORT_FILES if n in names]
    for name in names:  # report.xml without report.json first: its evidence texts made by itself, the same bytes
        assert (chosen / name).read_bytes() == (full / name).read_bytes(), name
    others = [n for n in REPORT_FILES if n not in names]
    assert [(chosen / n).read_text() for n in others] == ["written before"] * len(others)
    assert other_report_files(str(chosen), names) == [str(chosen / n) for n in others]


def test_an_unknown_report_file_name_is_refused_before_anything_is_written(seed_report, tmp_path):
    with pytest.raises(ValueError, match="not a report file: report.pdf"):
        write_reports(seed_report, str(tmp_path / "out"), names=("report.json", "report.pdf"))
    assert not (tmp_path / "out").exists()


def test_a_directory_that_cannot_be_made_raises(seed_report, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        write_reports(seed_report, str(blocker / "out"))


def test_the_gate_judges_counts_per_threshold_and_says_why_and_where():
    files = ["/srv/reports/report.json"]
    one_warning = {"error": 0, "warning": 1, "info": 3}
    assert gate(one_warning, "error", files) == {
        "passed": True, "reasons": [], "message": "Within fail_on=error. Reports are in /srv/reports."}
    assert gate(one_warning, "warning", files) == {
        "passed": False, "reasons": ["0 error(s) and 1 warning(s); fail_on is warning."],
        "message": "0 error(s) and 1 warning(s); fail_on is warning. Reports are in /srv/reports."}
    assert gate({"error": 2, "warning": 0, "info": 0}, "error")["passed"] is False
    assert gate({"error": 2, "warning": 5, "info": 0}, "never")["passed"] is True
    assert gate({"error": 0, "warning": 0, "info": 9}, "warning")["message"].endswith(
        "No report files (report_dir is empty).")


ASA_END = {"asa": {"host": "hq-asa", "crypto_map": "CM", "seq": 10, "peer": "198.51.100.7"}}
AZURE_END = {"azure": {"connection": "to-branch", "gateway": "VNG", "resource_group": "RG"}}


def test_the_gate_fails_when_nothing_was_checked_whatever_fail_on(seed_report):
    nothing = compact_result(dict(seed_report, tunnels=[], unpaired=[ASA_END, AZURE_END],
                                  summary={"tunnels": 0, "fail": 0, "degraded": 0, "pass": 0}))
    for gate_on in ("error", "warning", "never"):
        verdict = gate(nothing, gate_on, unpaired_ok=True)
        assert verdict["passed"] is False
        assert verdict["message"].startswith("Nothing was checked: no ASA tunnel end and Azure connection are a pair")


def test_the_gate_fails_on_unpaired_ends_unless_they_are_expected(seed_report):
    result = compact_result(dict(seed_report, unpaired=[ASA_END, AZURE_END]))
    failed = gate(result, "warning")
    assert failed["passed"] is False
    assert ("2 end(s) without a counterpart, not checked: ASA hq-asa CM 10 peer 198.51.100.7; Azure connection "
            "to-branch (gateway VNG, resource group RG) (set unpaired_ok if they are expected).") in failed["reasons"]
    # the seed's own error and warning are still a reason of their own
    assert "1 error(s) and 1 warning(s); fail_on is warning." in failed["reasons"]
    assert gate(result, "never")["passed"] is True  # never: no finding, no unpaired end fails
    expected = gate(compact_result(dict(seed_report, unpaired=[ASA_END])), "never", unpaired_ok=True)
    assert expected["passed"] is True and "1 unpaired end(s), expected (unpaired_ok)." in expected["message"]
    assert gate(result, "error", unpaired_ok=True)["reasons"] == ["1 error(s) and 1 warning(s); fail_on is error."]


def test_an_input_with_no_tunnel_fails_the_gate_naming_it(seed_report):
    asa = [{"host": "gateway", "tunnels": [{}]}, {"host": "lab-asa", "tunnels": []}]
    azure = [{"tunnels": [{}]}, {"tunnels": []}]
    empty = inputs_without_tunnels(asa, azure)
    assert empty == ["ASA lab-asa holds no tunnel (no crypto map entry or tunnel interface)",
                     "Azure input 2 of 2 (hosts, then files, then facts) holds no VPN connection"]
    # the action passes where each Azure entry came from: the export or the subscription host is named
    assert inputs_without_tunnels(asa, azure, ["host sub-a", "/backups/rg-edge.json"])[1] == \
        "Azure input 2 of 2 (/backups/rg-edge.json) holds no VPN connection"
    verdict = gate(compact_result(seed_report), "never", empty_inputs=empty)
    assert verdict["passed"] is False
    assert verdict["message"].startswith("ASA lab-asa holds no tunnel (no crypto map entry or tunnel interface). "
                                         "Azure input 2 of 2")


def test_an_export_of_virtual_wan_resources_says_what_it_held_instead():
    # review 2026-12-04: a Virtual WAN export only said "holds no VPN connection"
    hub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"
    wan = [{"id": hub + "/vpnGateways/hub-vpngw", "name": "hub-vpngw", "type": "Microsoft.Network/vpnGateways",
            "properties": {}},
           {"id": hub + "/vpnGateways/hub-vpngw/vpnConnections/to-branch", "name": "to-branch",
            "type": "Microsoft.Network/vpnGateways/vpnConnections", "properties": {}},
           {"id": hub + "/vpnSites/branch", "name": "branch", "type": "Microsoft.Network/vpnSites", "properties": {}}]
    facts = azure_facts_from_data(wan)
    [reason] = inputs_without_tunnels([], [facts], ["/exports/wan.json"])
    assert reason.startswith("Azure input 1 of 1 (/exports/wan.json) holds no VPN connection; of what it holds, the "
                             "check does not read these types: Microsoft.Network/vpnGateways (1)")
    assert "Microsoft.Network/vpnSites (1)" in reason and "Virtual WAN" in reason


def test_a_type_spelled_two_ways_is_counted_once():
    # resource types are case-insensitive; an export joined from two tools spells them both ways
    hub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network"
    sites = [{"id": hub + "/vpnSites/branch-%d" % n, "name": "branch-%d" % n, "type": spelling, "properties": {}}
             for n, spelling in enumerate(["Microsoft.Network/vpnSites", "microsoft.network/vpnsites"])]
    [reason] = inputs_without_tunnels([], [azure_facts_from_data(sites)], ["/exports/wan.json"])
    assert "Microsoft.Network/vpnSites (2)" in reason and "vpnsites" not in reason


def test_same_named_connections_of_two_subscriptions_are_told_apart_in_every_report(tmp_path):
    # a landing-zone template gives each subscription the same names (review 2026-12-04: report.md and report.html
    # showed two identical headers)
    first = azure_resources()
    second = json.loads(json.dumps(azure_resources(gateway_ip="203.0.113.80")).replace(
        "00000000-0000-0000-0000-000000000000", "11111111-1111-4111-8111-111111111111"))
    report = run_check(asa_facts_from_text(asa_config()),
                       [azure_facts_from_data(first, source="a"), azure_facts_from_data(second, source="b")])
    assert len(report["tunnels"]) == 2
    write_reports(report, str(tmp_path))
    for name in ("report.md", "report.html"):
        text = (tmp_path / name).read_text()
        assert "00000000-0000-0000-0000-000000000000" in text and "11111111-1111-4111-8111-111111111111" in text, name
    # and the headings differ, as report.xml's suite names do (review 2026-12-05, estate #6: two identical headings)
    headings = [line for line in (tmp_path / "report.md").read_text().splitlines() if re.match(r"## .*S2S.*: (fail|pass)$", line)]
    assert len(headings) == 2 and len(set(headings)) == 2, headings
    html_headings = re.findall(r"<h2>([^<]*S2S[^<]*):", (tmp_path / "report.html").read_text())
    assert len(html_headings) == 2 and len(set(html_headings)) == 2, html_headings


SYSTEM_SPACE = """: Saved
:
ASA Version 9.8(2) <system>
!
hostname gateway
interface GigabitEthernet0/0
interface GigabitEthernet0/1
admin-context admin
context admin
  allocate-interface GigabitEthernet0/0
  allocate-interface GigabitEthernet0/1
  config-url disk0:/admin.cfg
!
: end
"""


def test_the_system_configuration_of_a_multiple_context_asa_is_named_as_such():
    # review 2026-12-04: read as an ASA without tunnels, next to "add a crypto map entry"
    facts = asa_facts_from_text(SYSTEM_SPACE)
    assert facts["system_context"] is True
    [reason] = inputs_without_tunnels([facts], [])
    assert "system configuration of a multiple-context ASA" in reason
    [note] = [f for f in facts["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert note["severity"] == "warning" and note["evidence"]["asa"]["lines"][0]["line"] == 3
    assert asa_facts_from_text(asa_config())["system_context"] is False
