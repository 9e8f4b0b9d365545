# -*- coding: utf-8 -*-
"""One Azure connection in two exports of an estate's offline check (vpn_compat_check over azure_resources_files).

The same connection exported twice with the same settings is one connection, checked once and said in the notes; two
exports that differ on its settings (one taken before a change, one after) are one error entry, AZURE_EXPORTS_DIFFER,
naming the connection and both files, and every other tunnel of the estate is still checked (as HOST_NOT_READ and
FAILOVER_PAIR_UNCLEAR do). Before, either stopped the whole run with no report."""

import json
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
# the estate fixture is used by name
from test_fact_sources_estate import check_action, estate  # noqa: E402,F401  # pylint: disable=unused-import

CONNECTION_A = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.Network/"
                "connections/A-S2S")


def _run(estate, exports):  # noqa: F811
    return check_action({"asa_config_files": str(estate.configs), "azure_resources_files": str(exports),
                         "report_dir": str(estate.tmp / "out"), "gate_on": "error", "report_formats": ["json", "md"]})


def _connection(items):
    return next(r for r in items if r["type"].endswith("/connections"))


def test_the_same_connection_exported_twice_alike_is_checked_once_and_said(estate):  # noqa: F811
    again = json.loads(json.dumps(estate.subs["a"]))
    # taken later: only the traffic counters moved, which no check reads
    _connection(again)["properties"]["ingressBytesTransferred"] = 99999999
    (estate.whole / "sub-a-again.json").write_text(json.dumps(again))
    result = _run(estate, estate.whole)
    assert sorted((t["name"], t["verdict"]) for t in result["tunnels"]) == [("A-S2S", "degraded"), ("B-S2S", "degraded")]
    assert result["gate"]["passed"] is True, result["gate"]
    [note] = [n for n in result["notes"] if CONNECTION_A in n]
    assert "sub-a-again.json" in note and "sub-a.json" in note and "checked once" in note
    assert "checked once" in (estate.tmp / "out" / "report.md").read_text()


def test_two_exports_that_differ_on_a_connection_are_an_error_entry_and_the_estate_is_still_checked(estate):  # noqa: F811
    changed = json.loads(json.dumps(estate.subs["a"]))
    _connection(changed)["properties"]["dpdTimeoutSeconds"] = 30  # exported after someone changed DPD
    (estate.whole / "sub-a-later.json").write_text(json.dumps(changed))
    result = _run(estate, estate.whole)
    by_name = dict((t["name"], t) for t in result["tunnels"])
    assert by_name["B-S2S"]["verdict"] == "degraded"  # the rest of the estate is checked as before
    assert by_name["A-S2S (exports differ)"]["verdict"] == "fail"
    report = json.loads((estate.tmp / "out" / "report.json").read_text())
    entry = next(t for t in report["tunnels"] if t["name"] == "A-S2S (exports differ)")
    assert entry["asa"] is None and entry["azure"]["connection"] == "A-S2S"
    [finding] = entry["findings"]
    assert finding["code"] == "AZURE_EXPORTS_DIFFER" and finding["severity"] == "error"
    assert CONNECTION_A in finding["summary"]
    assert str(estate.whole / "sub-a.json") in finding["summary"]
    assert str(estate.whole / "sub-a-later.json") in finding["summary"]
    assert "A-S2S" not in [t["name"] for t in result["tunnels"] if t["asa"]]  # neither copy was checked
    assert result["gate"]["passed"] is False
    assert "Azure connection A-S2S" in result["gate"]["message"]
    # the ASA end that would have paired with it is listed, not lost
    assert any((u.get("asa") or {}).get("host") == "site-a" for u in report["unpaired"]), report["unpaired"]
    assert "sub-a-later.json" in (estate.tmp / "out" / "report.md").read_text()
