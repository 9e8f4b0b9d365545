# -*- coding: utf-8 -*-
"""Every tunnel of report.json has an ``id`` that stays the same from night to night whatever else a run reads
(review 2026-12-04: an Azure end named its subscription only when the run read several, and the tunnel's name depends
on the other tunnels of the run, so two nights' reports could not be diffed tunnel by tunnel)."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.unread_hosts import with_unread_hosts

from scenario_builders import asa_config, azure_resources

SUB = "00000000-0000-0000-0000-000000000000"
OTHER_SUB = "22222222-2222-4222-8222-222222222222"


def other_subscription_export():
    """A second subscription's connection, to another ASA site (its own gateway and peer addresses)."""
    text = json.dumps(azure_resources(gateway_ip="203.0.113.90", lng_ip="198.51.100.90")).replace(SUB, OTHER_SUB)
    return json.loads(text.replace('"S2S"', '"S2S-B"').replace("/S2S\"", "/S2S-B\""))


def ids(report):
    return {t["name"]: t["id"] for t in report["tunnels"]}


def test_a_tunnels_id_is_the_same_whether_the_run_reads_one_subscription_or_two():
    asa = asa_facts_from_text(asa_config(), host="fw")
    alone = run_check([asa], [azure_facts_from_data(azure_resources())])
    [tunnel] = alone["tunnels"]
    assert tunnel["id"] == "azure:%s/RG/S2S asa:fw/AZ-MAP/10" % SUB
    assert "subscription" not in tunnel["azure"]  # the end as before: named by subscription only among several
    both = run_check([asa], [azure_facts_from_data(azure_resources()), azure_facts_from_data(other_subscription_export())])
    [same] = [t for t in both["tunnels"] if t["id"] == tunnel["id"]]
    assert same["azure"].get("subscription") == SUB


def test_a_host_not_read_has_an_id_of_its_own():
    report = with_unread_hosts(run_check([asa_facts_from_text(asa_config(), host="fw")],
                                         [azure_facts_from_data(azure_resources())]), [("fw-2", "unreachable")], [])
    assert "asa:fw-2 (not read)" in [t["id"] for t in report["tunnels"]]
