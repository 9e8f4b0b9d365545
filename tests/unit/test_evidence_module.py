# -*- coding: utf-8 -*-
"""vpn_evidence run as Ansible runs a module: the file with its arguments, in a child Python."""

import json
import os
import subprocess
import sys

from test_evidence_cases import FIXTURES, SEED, report

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULE = os.path.join(REPO, "plugins", "modules", "vpn_evidence.py")


def run_module(tmp_path, **args):
    args_file = tmp_path / "args.json"
    args_file.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, ".collections"))
    done = subprocess.run([sys.executable, MODULE, str(args_file)], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    return json.loads(done.stdout)


def test_module_returns_the_correlation(tmp_path):
    report_file = tmp_path / "report.json"
    report_file.write_text(json.dumps(report()))
    result = run_module(tmp_path, report=str(report_file), debug=os.path.join(SEED, "debug_crypto_ikev2.txt"),
                        syslog=os.path.join(SEED, "syslog.txt"),
                        counters=[os.path.join(SEED, "show_crypto_ipsec_sa.txt"),
                                  os.path.join(FIXTURES, "one_way.samples.txt")])
    assert not result.get("failed") and result["changed"] is False
    correlation = result["correlation"]
    assert correlation["tunnel"] == "UKSouth-HQ-S2S"
    assert correlation["counts"]["confirmed"] == 1
    assert correlation["misleading"][0]["message_id"] == "750003"
    assert correlation["consequences"][0]["explained_by"] == "PFS_MISMATCH"


def test_module_fails_in_one_line_on_a_missing_or_wrong_report(tmp_path):
    missing = run_module(tmp_path, report=str(tmp_path / "nope.json"))
    assert missing["failed"] and missing["msg"].startswith("vpn_evidence: cannot read report ")
    not_json = tmp_path / "syslog.json"
    not_json.write_text("%ASA-4-750003: x")
    wrong = run_module(tmp_path, report=str(not_json))
    assert wrong["failed"] and "is not a JSON check report" in wrong["msg"]
    other = tmp_path / "other.json"
    other.write_text("[1, 2]")
    assert "has no tunnels list" in run_module(tmp_path, report=str(other))["msg"]


def test_module_reads_azure_and_charon_evidence(tmp_path):
    report_file = tmp_path / "report.json"
    report_file.write_text(json.dumps(report()))
    azure = os.path.join(FIXTURES, "azure")
    result = run_module(tmp_path, report=str(report_file), debug=os.path.join(SEED, "debug_crypto_ikev2.txt"),
                        azure_diagnostic_logs=[os.path.join(azure, "failover.TunnelDiagnosticLog.json"),
                                               os.path.join(azure, "rekey_collision.IKEDiagnosticLog.json")],
                        azure_troubleshoot=[os.path.join(azure, "ConnectionStats.one_way.txt")],
                        azure_ike_sas=os.path.join(azure, "getikesas.json"),
                        charon_logs=[os.path.join(FIXTURES, "charon", "no_answer.A.log")])
    assert not result.get("failed"), result.get("msg")
    correlation = result["correlation"]
    assert correlation["sources"] == {"debug": 6, "syslog": None, "counters": None, "azure_logs": 3,
                                      "azure_troubleshoot": 5, "azure_ike_sas": 1, "charon": 1}
    assert {c["source"] for c in correlation["consequences"]} == {"azure_troubleshoot", "azure_ike_sas"}
    assert "gateway failover" in correlation["misleading"][0]["explanation"]
    assert all(u.get("note") for u in correlation["unexplained"] if not u["suggests"])
    missing = run_module(tmp_path, report=str(report_file), charon_logs=[str(tmp_path / "none.log")])
    assert missing["failed"] and missing["msg"].startswith("vpn_evidence: cannot read charon_logs ")
