# -*- coding: utf-8 -*-
"""A job's id names both ends, subscription included: one ASA paired with two connections of one resource group
and name in two subscriptions (prod and DR) has two jobs per side, and a failed push to one is not reported done
nor holds the other. Two tunnels that would still get one id are refused, not merged."""

import copy
import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import done, hold, plan

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "examples",
                    "seed-asa-azure-pfs")


def _tunnel():
    with open(os.path.join(SEED, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = asa_facts_from_text(handle.read(), host="fw-a")
    with open(os.path.join(SEED, "azure_resources.json"), encoding="utf-8") as handle:
        azure = azure_facts_from_data(json.load(handle))
    return run_check(asa, azure)["tunnels"][0]


def _in_subscription(tunnel, subscription, seq):
    """The same tunnel, its Azure end in another subscription (same resource group and connection name: prod/DR)
    and its ASA end another crypto map entry."""
    other = copy.deepcopy(tunnel)
    other["asa"]["seq"] = seq
    alignment = other["alignment"]
    for entry in (alignment["align_to_asa"], alignment["safest"]["azure"]):
        entry["options"]["subscription_id"] = subscription
    for entry in (alignment["align_to_azure"], alignment["safest"]["asa"]):
        entry["options"]["seq"] = seq
        entry.pop("end", None)
    return other


def test_two_subscriptions_with_one_resource_group_and_connection_name_stay_apart():
    prod = _tunnel()
    dr = _in_subscription(prod, "11111111-1111-1111-1111-111111111111", 3)
    planned = plan([prod, dr], "safest", default_azure_host="sub-a")
    ids = [job["id"] for job in planned["jobs"]]
    assert len(set(ids)) == 4
    prod_asa, dr_asa = planned["asa"]["fw-a"]
    results = [{"job": prod_asa, "changed": True}, {"job": dr_asa, "failed": True, "msg": "refused"}]
    kept = hold(planned["azure"], results, planned["asa"])
    assert [entry["options"]["subscription_id"] for entry in kept["azure"]["sub-a"]] == [
        "00000000-0000-0000-0000-000000000000"]
    [held] = kept["held"]
    assert "1111" in held["id"]
    story = done(planned["jobs"], results + [{"job": kept["azure"]["sub-a"][0], "changed": True}], kept["held"])
    assert [(entry["side"], entry["end"]) for entry in story["push_failed"]] == [("asa", dr_asa["end"])]


def test_a_duplicate_job_id_is_refused_not_merged():
    prod = _tunnel()
    with pytest.raises(align_role.PlanError, match="fw-a.*UKSouth-HQ-S2S"):
        plan([prod, copy.deepcopy(prod)], "safest")
