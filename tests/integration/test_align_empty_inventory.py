# -*- coding: utf-8 -*-
"""ansible-playbook playbooks/align.yml with an inventory of no host (empty `asa` and `azure` groups) and no Azure
credentials: the Azure ends are read on the implicit localhost, whose read fails. The plan used to stop with
"azure_hosts: host localhost is not in the inventory" (Ansible's HostVars is empty by len() then, though it holds
localhost) and wrote no report; now localhost is HOST_NOT_READ with Ansible's reason, in the reports and align.json,
and the run fails naming it. No lab: nothing is sent anywhere."""

import json
import os

NO_CREDENTIALS = "azure_vpn_facts: no Azure credentials found"


def test_align_over_an_inventory_of_empty_groups_reports_localhost_not_read(run_playbook, no_azure_env, tmp_path):
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("[asa]\n\n[azure]\n", encoding="utf-8")
    home = tmp_path / "home"  # no ~/.azure/credentials profile of the machine's user
    home.mkdir()
    out = tmp_path / "out"
    result = run_playbook("playbooks/align.yml", {"align_report_dir": str(out), "align_azure": {"resource_group": "RG"}},
                          env=dict(no_azure_env, HOME=str(home)), check=False, args=["-i", str(inventory)])
    output = result.stdout + result.stderr
    assert result.rc != 0, str(result)
    assert "is not in the inventory" not in output, str(result)
    assert "Not read: Azure host localhost (HOST_NOT_READ" in output, str(result)
    with open(os.path.join(out, "align.json"), encoding="utf-8") as handle:
        summary = json.load(handle)
    assert [(e["host"], e["side"]) for e in summary["not_read"]] == [("localhost", "azure")]
    assert summary["not_read"][0]["why"].startswith(NO_CREDENTIALS)
    with open(os.path.join(out, "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    [tunnel] = report["tunnels"]
    assert tunnel["azure"] == {"host": "localhost"} and [f["code"] for f in tunnel["findings"]] == ["HOST_NOT_READ"]
