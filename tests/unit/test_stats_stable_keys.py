# -*- coding: utf-8 -*-
"""What a workflow reads from the check's set_stats keeps its keys from night to night. ``verdicts`` is keyed by a
tunnel's name, qualified by where its connection is only when another tunnel of the run has that name: a night the
second subscription of a landing-zone template was not read, the first's tunnel changed key and a workflow comparing
nights lost it. ``verdicts_by_id`` is keyed by report.json's stable ``id``."""

import json

from test_estate_pairing import SUB_B, check_action, site_asa, site_export


def _night(tmp_path, name, with_b):
    configs, exports = tmp_path / name / "configs", tmp_path / name / "exports"
    configs.mkdir(parents=True)
    exports.mkdir()
    (configs / "asa-config-a.txt").write_text(site_asa("site-a", "198.51.100.10"))  # no PFS: fail
    (exports / "azure-sub-a.json").write_text(json.dumps(site_export("HQ", "198.51.100.10")))
    if with_b:  # the same landing-zone template in a second subscription
        (configs / "asa-config-b.txt").write_text(site_asa("site-b", "198.51.100.50", azure_gw="203.0.113.60", pfs=True))
        (exports / "azure-sub-b.json").write_text(json.dumps(site_export("HQ", "198.51.100.50", "203.0.113.60", SUB_B)))
    result = check_action({"asa_config_files": str(configs), "azure_resources_files": str(exports),
                           "report_dir": str(tmp_path / name / "out"), "publish_stats": "vpnalign_check"})
    return result, result["ansible_stats"]["data"]["vpnalign_check"]


def test_a_tunnel_keeps_its_published_key_whether_or_not_the_other_subscription_is_read(tmp_path):
    both, both_stats = _night(tmp_path, "monday", with_b=True)
    alone, alone_stats = _night(tmp_path, "tuesday", with_b=False)  # subscription B not read that night
    site_a = [t["id"] for t in both["tunnels"] if t["asa"]["host"] == "site-a"]
    assert len(site_a) == 1 and [t["id"] for t in alone["tunnels"]] == site_a
    assert both_stats["verdicts_by_id"][site_a[0]] == alone_stats["verdicts_by_id"][site_a[0]] == "fail"
    assert alone_stats["verdicts_by_id"] == {site_a[0]: "fail"}
    assert sorted(both_stats["verdicts_by_id"].values()) == ["degraded", "fail"]  # both tunnels, neither replaced
    # verdicts stays as it was: its name alone when no other tunnel has it
    assert alone_stats["verdicts"] == {"HQ-S2S": "fail"}
    assert len(both_stats["verdicts"]) == 2
