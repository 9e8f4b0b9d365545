# -*- coding: utf-8 -*-
"""azure_vpn_evidence on the ARM lab (issue 14, evidence gathered live): the connection's IKE SAs read with
getikesas (a long-running POST polled to completion) and read by the evidence reader, tied to the seed check
report; a disconnected connection shows no IKE SA; an error names Azure's code and never the client secret;
a bad name sends nothing."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
SEED = os.path.join(SEED_DIR, "azure_resources.json")
CONNECTION = "UKSouth-HQ-S2S"
SECRET = "Lab-S3cret+/=5e1d~evid"
AZURE_VARS = ("AZURE_SUBSCRIPTION_ID", "AZURE_CLIENT_ID", "AZURE_SECRET", "AZURE_TENANT", "AZURE_PROFILE",
              "AZURE_CLOUD_ENVIRONMENT", "AZURE_AUTHORITY_HOST", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")

PLAYBOOK = """---
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - vpnalign.s2s.azure_vpn_evidence: "{{ args }}"
      register: evidence
      ignore_errors: true
    - ansible.builtin.copy:
        content: "{{ evidence | to_json }}"
        dest: "{{ out }}"
"""


@pytest.fixture
def evidence(arm, run_playbook, tmp_path):
    env = {name: "" for name in AZURE_VARS}
    env.update(HOME=str(tmp_path), AZURE_SUBSCRIPTION_ID=arm.subscription, AZURE_CLIENT_ID=arm.client_id,
               AZURE_SECRET=SECRET, AZURE_TENANT=arm.tenant, AZURE_CLOUD_ENVIRONMENT=arm.base_url,
               AZURE_AUTHORITY_HOST=arm.authority, REQUESTS_CA_BUNDLE=arm.ca_file)
    playbook = tmp_path / "evidence.yml"
    playbook.write_text(PLAYBOOK)

    def run(args):
        out = tmp_path / "result.json"
        proc = run_playbook(str(playbook), {"args": args, "out": str(out)}, env=env, args=["-vvv"])
        text = out.read_text()
        assert SECRET not in text and SECRET not in proc.stdout + proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
        return json.loads(text)
    return run


def seed_report(tmp_path):
    with open(os.path.join(SEED_DIR, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = asa_facts_from_text(handle.read(), host="hq-asa")
    with open(SEED, encoding="utf-8") as handle:
        azure = azure_facts_from_data(json.load(handle))
    path = tmp_path / "report.json"
    path.write_text(json.dumps(run_check(asa, azure)))
    return str(path)


def arm_requests(lab):
    return [(r["method"], r["path"], r["status"]) for r in lab.requests() if r["path"].startswith("/subscriptions/")]


def test_ike_sas_read_and_tied_to_the_report(arm, evidence, tmp_path):
    result = evidence({"resource_group": "RG", "connection": CONNECTION, "report": seed_report(tmp_path)})
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False
    assert result["connection"]["name"] == CONNECTION and result["connection"]["connection_status"] == "Connected"
    sas = result["evidence"]["ike_sas"]["ike_sas"]
    assert sas and (sas[0]["local"], sas[0]["remote"]) == ("203.0.113.20", "198.51.100.10")  # PascalCase read too
    assert sas[0]["encryption"] and sas[0]["children"]
    assert [o["kind"] for o in result["evidence"]["observations"]][:1] == ["ok"]
    correlation = result["correlation"]
    assert correlation["tunnel"] == CONNECTION
    # an IKE SA is up: the IKE proposal and authentication findings, if any, would be contradicted; PFS is not covered
    statuses = {f["code"]: f["status"] for f in correlation["findings"]}
    assert statuses.get("PFS_MISMATCH") == "not_covered", statuses
    posts = [(m, p, s) for m, p, s in arm_requests(arm) if m == "POST"]
    assert len(posts) == 1 and posts[0][1].lower().endswith("/getikesas") and posts[0][2] == 202
    assert not [r for r in arm_requests(arm) if r[0] in ("PUT", "PATCH", "DELETE")]


def test_disconnected_connection_shows_no_ike_sa(arm, evidence):
    resources = arm.resources()
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["connectionStatus"] = "NotConnected"
    arm.load(resources)
    result = evidence({"resource_group": "RG", "connection": CONNECTION})
    assert not result.get("failed"), result.get("msg")
    assert result["evidence"]["ike_sas"]["ike_sas"] == []
    assert [o["kind"] for o in result["evidence"]["observations"]] == ["no_sa"]


def test_forbidden_getikesas_fails_naming_azures_code(arm, evidence):
    arm.set_faults({"forbidden": {"path_regex": "/getikesas$"}})
    result = evidence({"resource_group": "RG", "connection": CONNECTION})
    assert result["failed"] is True and result["error_code"] == "AuthorizationFailed"
    assert "azure_vpn_evidence:" in result["msg"] and CONNECTION in result["msg"]


def test_bad_name_sends_nothing(arm, evidence):
    result = evidence({"resource_group": "RG", "connection": "bad/name"})
    assert result["failed"] is True and "nothing was sent" in result["msg"]
    assert arm_requests(arm) == []
