# -*- coding: utf-8 -*-
"""A job's id names both ends, subscription included: one ASA paired with two connections of one resource group
and name in two subscriptions (prod and DR) has two jobs per side, and a failed push to one is not reported done
nor holds the other. Two tunnels that would still get one id are refused, not merged."""

import copy

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done, hold
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import plan

from seed_example import seed_tunnel


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
    prod = seed_tunnel()
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
    prod = seed_tunnel()
    with pytest.raises(align_role.PlanError, match="fw-a.*UKSouth-HQ-S2S"):
        plan([prod, copy.deepcopy(prod)], "safest")
