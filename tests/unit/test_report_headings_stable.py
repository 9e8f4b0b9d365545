# -*- coding: utf-8 -*-
"""report.md's and report.html's tunnel headings and the set_stats data name a tunnel the same way from run to run:
by its name and report.json's stable ``id``, as report.xml's suites do. Named only where another tunnel of the run
had the same name, a night one subscription was not read renamed the other's heading, and a diff of two nights'
reports showed a change where none was."""

import json
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import write_reports
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result

from scenario_builders import asa_config, azure_resources

OTHER_SUBSCRIPTION = "11111111-1111-4111-8111-111111111111"


def _reports(tmp_path, name, both):
    first = azure_resources()
    exports = [azure_facts_from_data(first, source="a")]
    if both:
        second = json.loads(json.dumps(azure_resources(gateway_ip="203.0.113.80")).replace(
            "00000000-0000-0000-0000-000000000000", OTHER_SUBSCRIPTION))
        exports.append(azure_facts_from_data(second, source="b"))
    report = run_check(asa_facts_from_text(asa_config()), exports)
    out = tmp_path / name
    write_reports(report, str(out))
    return report, out


def _headings(out, first_subscription_only=True):
    md = [line for line in (out / "report.md").read_text().splitlines()
          if re.match(r"## .*: (fail|degraded|pass)$", line)]
    html = re.findall(r"<h2>([^<]*): <span class=\"verdict", (out / "report.html").read_text())
    if first_subscription_only:
        md = [h for h in md if OTHER_SUBSCRIPTION not in h]
        html = [h for h in html if OTHER_SUBSCRIPTION not in h]
    return md, html


def test_a_tunnels_heading_does_not_change_when_another_subscription_is_read_too(tmp_path):
    report_one, one = _reports(tmp_path, "one", both=False)
    report_two, two = _reports(tmp_path, "two", both=True)
    assert len(report_two["tunnels"]) == 2
    md_one, html_one = _headings(one)
    md_two, html_two = _headings(two)
    assert md_one and md_one == md_two, (md_one, md_two)
    assert html_one and html_one == html_two, (html_one, html_two)
    # and the two same-named tunnels of the second run are still told apart
    md_all, html_all = _headings(two, first_subscription_only=False)
    assert len(set(md_all)) == 2 and len(set(html_all)) == 2


def test_the_compact_result_names_each_tunnel_by_its_stable_id(tmp_path):
    report_one, _one = _reports(tmp_path, "one", both=False)
    report_two, _two = _reports(tmp_path, "two", both=True)
    ids_one = [t["id"] for t in compact_result(report_one)["tunnels"]]
    ids_two = [t["id"] for t in compact_result(report_two)["tunnels"]]
    assert ids_one == [t["id"] for t in report_one["tunnels"]]
    assert set(ids_one) < set(ids_two)
