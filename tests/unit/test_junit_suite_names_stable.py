# -*- coding: utf-8 -*-
"""report.xml names each tunnel's test suite the same whatever else a run reads: a CI job's history (Jenkins, GitLab,
AWX) follows a suite by its name, and a night one subscription was not read must not rename the other's suite."""

import json
import re

from test_estate_pairing import SUB_B, check_action, site_asa, site_export


def _suites(tmp_path, run, exports):
    configs, folder, out = tmp_path / run / "configs", tmp_path / run / "exports", tmp_path / run / "out"
    configs.mkdir(parents=True)
    folder.mkdir()
    (configs / "a.cfg").write_text(site_asa("site-a", "198.51.100.10"))
    if "sub-b.json" in exports:
        (configs / "b.cfg").write_text(site_asa("site-b", "198.51.100.50", azure_gw="203.0.113.60", pfs=True))
    for name, items in exports.items():
        (folder / name).write_text(json.dumps(items))
    check_action({"asa_config_files": str(configs), "azure_resources_files": str(folder), "report_dir": str(out)})
    suites = re.findall(r'<testsuite name="([^"]*)"', (out / "report.xml").read_text())
    return json.loads((out / "report.json").read_text()), suites


def test_a_tunnels_suite_keeps_its_name_when_another_subscription_with_the_same_connection_name_is_not_read(tmp_path):
    both, with_b = _suites(tmp_path, "both", {"sub-a.json": site_export("HQ", "198.51.100.10"),
                                              "sub-b.json": site_export("HQ", "198.51.100.50", "203.0.113.60", SUB_B)})
    alone, without_b = _suites(tmp_path, "alone", {"sub-a.json": site_export("HQ", "198.51.100.10")})
    assert len(with_b) == len(set(with_b)) == 2 and len(without_b) == 1
    # the tunnel both runs have (site-a's, subscription 0000...) has one suite name in both
    [site_a] = [t["id"] for t in both["tunnels"] if t["asa"]["host"] == "site-a"]
    [same] = [s for s in with_b if site_a in s]
    assert without_b == [same]
    # readable: the connection's name first, then where it is (subscription, resource group, ASA entry)
    assert same.startswith("HQ-S2S (azure:00000000-0000-0000-0000-000000000000/") and "asa:site-a/CRYPTO-MAP/" in same
    [site_b] = [s for s in with_b if s != same]
    assert SUB_B in site_b and "asa:site-b/" in site_b
    assert alone["tunnels"][0]["id"] == site_a  # report.json's id was already stable; the suite now carries it
