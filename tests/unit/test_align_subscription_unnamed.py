# -*- coding: utf-8 -*-
"""vpn_align_plan, step plan: an Azure end read without its subscription, in a run whose Azure facts came from several
subscriptions, is not handed to azure_vpn_connection to guess which one holds it (prod and staging often mirror group
and connection names): both ends of its tunnel are held, as a tunnel with an end not read is, each saying why, and
the other tunnels are planned as usual. With one subscription read there is nothing to guess."""

import json
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

from align_steps import action_of, args_of
from seed_example import seed_arm, seed_asa_text

SEED_SUB = "00000000-0000-0000-0000-000000000000"
SUB_B = "bbbbbbbb-0000-4000-8000-00000000000b"
SUB_C = "cccccccc-0000-4000-8000-00000000000c"


def _relocated(text, slot):
    """The seed's tunnel with addresses of its own (ASA 198.51.100.100+slot, Azure 203.0.113.160+slot)."""
    text = re.sub(r"(?<![\d.])198\.51\.100\.10(?!\d)", "198.51.100.%d" % (100 + slot), text)
    return re.sub(r"(?<![\d.])203\.0\.113\.20(?!\d)", "203.0.113.%d" % (160 + slot), text)


def _azure(slot, subscription):
    """The seed's connection at ``slot`` read from ``subscription`` (None: read without one)."""
    text = _relocated(json.dumps(seed_arm()), slot).replace(SEED_SUB, subscription or SEED_SUB)
    facts = azure_facts_from_data(json.loads(text))
    if subscription is None:
        for end in facts["tunnels"]:
            end["ref"]["subscription"] = None
    return facts


def _task_vars(azure):
    hostvars = {host: {"vpnalign_asa": asa_facts_from_text(_relocated(seed_asa_text(), slot), host=host),
                       "align_asa_not_read": False, "align_asa_error": ""}
                for slot, host in enumerate(("fw-a", "fw-b"))}
    for host, facts in azure.items():
        hostvars[host] = {"vpnalign_azure": facts, "align_azure_not_read": False}
    return {"hostvars": hostvars}


def _plan(azure):
    return action_of()._plan(args_of(asa_hosts=["fw-a", "fw-b"], azure_hosts=list(azure)), _task_vars(azure))


def test_a_tunnel_whose_azure_end_names_no_subscription_is_held_on_both_ends_among_several():
    planned = _plan({"sub-none": _azure(0, None), "sub-b": _azure(1, SUB_B), "sub-c": _azure(2, SUB_C)})
    held = [job for job in planned["jobs"] if job["asa_host"] == "fw-a"]
    assert sorted(job["side"] for job in held) == ["asa", "azure"] and not any(job["run"] for job in held)
    for job in held:
        assert job["skipped"].startswith("held: its Azure end (connection UKSouth-HQ-S2S of resource group RG) was "
                                         "read without its subscription, and this run read 2 subscriptions "
                                         "(%s, %s): " % (SUB_B, SUB_C)), job["skipped"]
        assert [step["kind"] for step in job["manual"]][-1] == "subscription_unknown"
    # nothing of it is pushed; the tunnel read with its subscription is planned as usual
    assert list(planned["asa"]) == ["fw-b"] and list(planned["azure"]) == ["sub-b"], planned["azure"]
    [azure_job] = planned["azure"]["sub-b"]
    assert azure_job["options"]["subscription_id"] == SUB_B


def test_with_one_subscription_read_a_tunnel_without_one_is_planned():
    planned = _plan({"sub-none": _azure(0, None), "sub-b": _azure(1, SUB_B)})
    assert sorted(planned["asa"]) == ["fw-a", "fw-b"] and sorted(planned["azure"]) == ["sub-b", "sub-none"]
    assert all(job["run"] for job in planned["jobs"]), [job["skipped"] for job in planned["jobs"]]
