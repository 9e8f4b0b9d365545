# -*- coding: utf-8 -*-
"""playbooks/check.yml over an estate's saved files in which one Azure connection is in two exports: checked once when
both say the same, one AZURE_EXPORTS_DIFFER entry naming both files when they differ, and every other tunnel of the
estate is checked either way (before, both stopped the whole run with no report)."""

import json
import os

SEED = "examples/seed-asa-azure-pfs"
VTI = "tests/fixtures/route_based/vti_static"  # one tunnel that passes
SHOP = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub-uks/providers/Microsoft.Network/"
        "connections/uks-to-shop-asa")


def _estate(repo_root, tmp_path):
    configs, exports = tmp_path / "backups", tmp_path / "exports"
    configs.mkdir()
    exports.mkdir()
    for source, name in ((SEED, "10.0.0.1.cfg"), (VTI, "10.0.0.2.cfg")):
        (configs / name).write_bytes(open(os.path.join(repo_root, source, "asa_running_config.txt"), "rb").read())
    for source, name in ((SEED, "sub-uksouth.json"), (VTI, "sub-shops.json")):
        (exports / name).write_bytes(open(os.path.join(repo_root, source, "azure_resources.json"), "rb").read())
    return configs, exports


def _check(run_playbook, configs, exports, out):
    result = run_playbook("playbooks/check.yml", {"asa_config_file": str(configs), "azure_resources_file": str(exports),
                                                  "report_dir": str(out), "fail_on": "error"}, check=False)
    assert "Traceback" not in result.stdout + result.stderr, result
    with open(str(out / "report.json")) as handle:
        return result, json.load(handle)


def test_one_connection_in_two_exports_is_read_once_or_reported_and_the_estate_is_checked(
        run_playbook, repo_root, tmp_path):
    configs, exports = _estate(repo_root, tmp_path)
    shops = json.loads((exports / "sub-shops.json").read_text())
    (exports / "sub-shops-again.json").write_text(json.dumps(shops))  # the same subscription exported twice
    result, report = _check(run_playbook, configs, exports, tmp_path / "same")
    found = sorted((t["name"], t["verdict"]) for t in report["tunnels"])
    assert found == [("UKSouth-HQ-S2S", "fail"), ("uks-to-shop-asa", "pass")]
    note = ("azure_resources_files: connection %s is in both %s and %s with the same settings: it is checked once, as "
            "read from %s" % (SHOP, exports / "sub-shops-again.json", exports / "sub-shops.json",
                              exports / "sub-shops-again.json"))
    assert "vpn_compat_check: " + note in result.stdout, result.stdout
    assert note in report["notes"]

    # exported again after its DPD timeout was changed: the two copies disagree
    next(r for r in shops if r["type"].endswith("/connections"))["properties"]["dpdTimeoutSeconds"] = 30
    (exports / "sub-shops-again.json").write_text(json.dumps(shops))
    out = tmp_path / "differ"
    result, report = _check(run_playbook, configs, exports, out)
    assert result.rc != 0  # fail_on error: the connection not checked fails the gate, after the reports are written
    names = dict((t["name"], t) for t in report["tunnels"])
    assert names["UKSouth-HQ-S2S"]["verdict"] == "fail"  # the rest of the estate is still checked
    [finding] = names["uks-to-shop-asa (exports differ)"]["findings"]
    assert finding["code"] == "AZURE_EXPORTS_DIFFER" and finding["severity"] == "error"
    for text in (SHOP, str(exports / "sub-shops.json"), str(exports / "sub-shops-again.json")):
        assert text in finding["summary"]
    assert [u["asa"]["host"] for u in report["unpaired"]] == ["shop-asa"]  # its ASA end: listed, not lost
    assert "Not checked: Azure connection uks-to-shop-asa (AZURE_EXPORTS_DIFFER" in result.stdout, result.stdout
    for name in ("report.md", "report.html", "report.xml"):
        assert "AZURE_EXPORTS_DIFFER" in (out / name).read_text(), name
