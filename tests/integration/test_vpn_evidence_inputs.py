# -*- coding: utf-8 -*-
"""vpn_evidence refuses a report it cannot explain anything against (review 2026-12-05, new user #4): the placeholder
report.json a check that stopped leaves (status not_run), and a tunnel name the report does not hold, both returned ok
with empty findings and a note."""

import json
import os

import pytest

DEBUG = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                     "examples", "seed-asa-azure-pfs", "debug_crypto_ikev2.txt")
REPORT = {"schema_version": 1, "tunnels": [{"name": "UKSouth-HQ-S2S", "asa": {"peer": "203.0.113.20"}, "findings": []}]}
NOT_RUN = {"schema_version": 1, "status": "not_run", "reason": "the ASA could not be read", "tunnels": [], "unpaired": []}

CASES = {
    "a report of a check that did not run": (
        NOT_RUN, None, "is from a check that did not run (status not_run: the ASA could not be read); run the check "
                       "again and give its report"),
    "a tunnel the report does not hold": (REPORT, "UKSouth-HQ-S2X", "tunnel 'UKSouth-HQ-S2X' is not in report "),
    "the report's tunnel": (REPORT, "UKSouth-HQ-S2S", None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_vpn_evidence_on_the_report_it_is_given(run_playbook, tmp_path, case):
    report, tunnel, says = CASES[case]
    (tmp_path / "report.json").write_text(json.dumps(report))
    args = {"report": str(tmp_path / "report.json"), "debug": DEBUG}
    if tunnel:
        args["tunnel"] = tunnel
    out = tmp_path / "result.json"
    playbook = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"name": "Explain", "vpnalign.s2s.vpn_evidence": args, "register": "r", "ignore_errors": True},
        {"name": "Save", "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}}]}]
    (tmp_path / "play.yml").write_text(json.dumps(playbook))
    run_playbook(str(tmp_path / "play.yml"))
    result = json.loads(out.read_text())
    if says is None:
        assert not result.get("failed") and result["correlation"]["tunnel"] == "UKSouth-HQ-S2S", result
    else:
        assert result["failed"] and says in result["msg"], result["msg"]
