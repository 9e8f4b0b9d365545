# -*- coding: utf-8 -*-
"""Issue 14 through playbooks/check.yml, offline: the seed case with its debug, syslog and ipsec sa counters
passed as evidence. report.json carries the correlation per tunnel, report.html shows the observed exchange
next to the predicted failing rekey, report.md and the summary say what the devices said, set_stats counts it,
and the gate is the one the configuration alone gives."""

import json
import re

from report_files_helpers import assert_not_run

SEED = "examples/seed-asa-azure-pfs"
EVIDENCE = {"asa_debug": [SEED + "/debug_crypto_ikev2.txt"], "asa_syslog": [SEED + "/syslog.txt"],
            "ipsec_sa": [SEED + "/show_crypto_ipsec_sa.txt"]}


def _check(run_playbook, tmp_path, name, **extra):
    out = tmp_path / name
    extravars = {"asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
                 "report_dir": str(out), "fail_on": "never"}
    extravars.update(extra)
    return run_playbook("playbooks/check.yml", extravars, env={"ANSIBLE_SHOW_CUSTOM_STATS": "true"}, check=False), out


def test_seed_evidence_confirms_pfs_mismatch_in_every_report(run_playbook, tmp_path):
    result, out = _check(run_playbook, tmp_path, "with", evidence=EVIDENCE)
    assert result.rc == 0, result.stdout
    report = json.loads((out / "report.json").read_text())
    [tunnel] = report["tunnels"]
    block = tunnel["evidence"]
    pfs = next(f for f in block["findings"] if f["code"] == "PFS_MISMATCH")
    assert pfs["status"] == "confirmed"
    [seen] = pfs["evidence"]
    assert seen["time"] == "Sep 19 17:35:29" and seen["notify"] == "INVALID_KE_PAYLOAD" and seen["lines"] == [4, 87, 103]
    [misleading] = block["misleading"]
    assert misleading["message_id"] == "750003" and "not about the ASA's failover" in misleading["explanation"]
    assert block["counts"] == {"confirmed": 1, "contradicted": 0, "not_covered": 2}
    assert report["evidence"]["inputs"] == {"asa_debug": ["debug_crypto_ikev2.txt"], "asa_syslog": ["syslog.txt"],
                                            "ipsec_sa": ["show_crypto_ipsec_sa.txt"]}

    # report.html: the observed exchange beside the predicted failing rekey under load (<tunnel's anchor>-load-2), and in the table
    page = (out / "report.html").read_text()
    # the tunnel's anchor: its report.json id (tunnel_ids.anchor_keys), the same whatever else is read
    anchor = re.search(r'<section class="tunnel verdict-fail" id="tunnel-([^"]+)">', page).group(1)
    assert anchor.startswith("azure_") and anchor.endswith("_CRYPTO-MAP_2")
    predicted = re.search(r'<g id="' + anchor + r'-load-2" class="exchange fail initiator-azure observed-confirmed".*?</g>', page)
    assert predicted and "observed 17:35:29 PFS_MISMATCH" in predicted.group(0)
    item = re.search(r'<li id="' + anchor + r'-load-2-text".*?</li>', page).group(0)
    assert "Observed 17:35:29: Azure (51.a.b.c) started CREATE_CHILD_SA" in item and "INVALID_KE_PAYLOAD" in item
    observed = re.search(r'<div class="observed" id="observed-' + anchor + r'">.*?</div>', page).group(0)
    assert '<a href="#%s-load-2-text">CREATE_CHILD_SA (Child SA rekey 1), started by Azure, under load</a>' % anchor in observed
    assert "misleading: not the cause" in observed and "Detected unsupported failover version" in observed

    markdown = (out / "report.md").read_text()
    assert "### What the devices said" in markdown
    assert re.search(r"\| 17:35:29 \| Azure \(51\.a\.b\.c\) started CREATE_CHILD_SA .*\| confirms PFS_MISMATCH", markdown)

    assert "CONFIRMED PFS_MISMATCH by the evidence: 17:35:29 Azure (51.a.b.c) started CREATE_CHILD_SA" in result.stdout
    assert "MISLEADING 750003 [syslog line 1]" in result.stdout
    stats = next(line for line in result.stdout.splitlines() if line.strip().startswith("RUN:"))
    assert re.search(r"evidence: +confirmed: 1 +contradicted: 0 +not_covered: 2 ", stats), stats

    # no key material from the debug (its raw packet dump, SPIs aside) reaches any report
    for name in ("report.json", "report.html", "report.md", "report.xml"):
        text = (out / name).read_text()
        assert "RAW packet dump" not in text and not re.search(r"(?:[0-9A-Fa-f]{2} ){8}", text), name


def test_evidence_changes_neither_the_gate_nor_report_json_without_it(run_playbook, tmp_path):
    with_result, with_out = _check(run_playbook, tmp_path, "with", evidence=EVIDENCE, fail_on="error")
    without_result, without_out = _check(run_playbook, tmp_path, "without", fail_on="error")
    assert with_result.rc == without_result.rc != 0  # PFS_MISMATCH is an error with and without evidence
    gate = [line for line in with_result.stdout.splitlines() if "error(s) and" in line]
    assert gate and gate[0].strip().replace(str(with_out), str(without_out)) in without_result.stdout
    report = json.loads((without_out / "report.json").read_text())
    assert "evidence" not in report and all("evidence" not in t for t in report["tunnels"])
    assert "What the devices said" not in (without_out / "report.md").read_text()


def test_an_evidence_file_that_cannot_be_read_fails_naming_it(run_playbook, tmp_path):
    result, _out = _check(run_playbook, tmp_path, "missing", evidence={"asa_syslog": [SEED + "/no-such-syslog.txt"]})
    assert result.rc != 0
    assert "evidence asa_syslog: cannot read" in result.stdout and "no-such-syslog.txt" in result.stdout


def test_a_misspelled_evidence_kind_fails_naming_it(run_playbook, tmp_path):
    result, out = _check(run_playbook, tmp_path, "misspelled", evidence={"asa_debugs": [SEED + "/debug_crypto_ikev2.txt"]})
    assert result.rc != 0
    assert "asa_debugs" in result.stdout + result.stderr
    assert_not_run(out)
