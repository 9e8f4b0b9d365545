# -*- coding: utf-8 -*-
"""playbooks/check.yml over a Resource Graph query saved page by page (``az graph query --first N`` then
``--skip-token``, one file per page; review s42, area K): the pages read together give the tunnel, a page left out is
refused naming the files and what is missing, and a gateway whose gatewayDefaultSite is the tunnel's site (forced
tunnelling) is reported on that tunnel."""

import copy
import json
import os

VTI = "tests/fixtures/route_based/vti_static"  # one tunnel that passes
TOKEN = "ew0KICAiJGlkIjogIjMiLA0K"


def _pages(repo_root, tmp_path, default_site=False):
    """The fixture's five resources as Resource Graph rows, in a 3-row page with a skip token and a 2-row last page."""
    with open(os.path.join(repo_root, VTI, "azure_resources.json")) as handle:
        rows = json.load(handle)
    rows = copy.deepcopy(rows)
    for row in rows:
        row["type"] = row["type"].lower()  # Resource Graph spells types in lower case
    if default_site:
        gateway = next(r for r in rows if r["type"].endswith("/virtualnetworkgateways"))
        lng = next(r for r in rows if r["type"].endswith("/localnetworkgateways"))
        gateway["properties"]["gatewayDefaultSite"] = {"id": lng["id"]}
    exports = tmp_path / "graph"
    exports.mkdir()
    for name, part, token in (("page1.json", rows[:3], TOKEN), ("page2.json", rows[3:], None)):
        (exports / name).write_text(json.dumps({"count": len(part), "data": part, "skip_token": token,
                                                "total_records": len(rows)}))
    configs = tmp_path / "asa.cfg"
    configs.write_bytes(open(os.path.join(repo_root, VTI, "asa_running_config.txt"), "rb").read())
    return configs, exports


def _check(run_playbook, configs, exports, out):
    result = run_playbook("playbooks/check.yml", {"asa_config_file": str(configs), "azure_resources_file": str(exports),
                                                  "report_dir": str(out), "fail_on": "error"}, check=False)
    assert "Traceback" not in result.stdout + result.stderr, result
    return result


def test_pages_in_two_files_are_checked_as_one_query_and_a_missing_page_is_named(run_playbook, repo_root, tmp_path):
    configs, exports = _pages(repo_root, tmp_path, default_site=True)
    out = tmp_path / "whole"
    result = _check(run_playbook, configs, exports, out)
    assert result.rc == 0, result.stdout
    with open(str(out / "report.json")) as handle:
        [tunnel] = json.load(handle)["tunnels"]
    assert tunnel["name"] == "uks-to-shop-asa" and tunnel["verdict"] == "degraded"  # a warning: forced tunnelling
    [forced] = [f for f in tunnel["findings"] if "gatewayDefaultSite" in f["summary"]]
    assert forced["code"] == "UNSUPPORTED_CONSTRUCT" and "0.0.0.0/0" in forced["summary"]

    (exports / "page2.json").unlink()
    result = _check(run_playbook, configs, exports, tmp_path / "missing")
    assert result.rc != 0
    text = result.stdout + result.stderr
    assert "%s [0] (3 rows, skip token): one page of a Resource Graph query of 5 rows" % (exports / "page1.json") in text
    assert "the last page (one without a skip token) is not in this input" in text
