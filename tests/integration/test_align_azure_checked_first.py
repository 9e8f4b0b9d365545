# -*- coding: utf-8 -*-
"""playbooks/align.yml checks the Azure ends before it changes any ASA, on the ASA SSH lab and the ARM lab.

The ASA ends are pushed first. azure_vpn_connection refuses some jobs only when it runs, before sending anything (its
own validation against the connection as read: here enable_bgp on a gateway without BGP, which the plan cannot see);
the ASA had then taken its part and the two ends were left apart. One run over two ASAs with the seed's tunnel each,
aligned to one intent that asks for BGP on the connections (align_azure_connection): ``fw-good``'s gateway has BGP and
its local network gateway BGP settings, ``fw-held``'s gateway (Held-VNG, connection Held-S2S) has no BGP. Each
subscription now runs its jobs in check mode first (no PUT): fw-held's ASA lab receives no configuration command and
its connection no PUT, fw-good is aligned on both ends, align.json lists the refusal, and the run fails naming the
tunnel and Azure's reason.
"""

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_fleet  # noqa: E402  pylint: disable=wrong-import-position
from test_align import INTENT, PSK, SECRET, SEED_ARM, SEED_ASA, run_playbook  # noqa: E402  pylint: disable=wrong-import-position
from test_align_fleet_faults import config_lines, fail_message, relocated  # noqa: E402  pylint: disable=wrong-import-position

SUB = "00000000-0000-0000-0000-0000000000c3"
SLOTS = {"fw-good": 0, "fw-held": 1}
NO_BGP = "virtual network gateway Held-VNG does not have BGP enabled"


def arm_seed(host):
    """The seed's Azure end for ``host``: its own addresses and resource group (RG-<host>); fw-good's gateway with BGP
    (and its local network gateway's BGP settings), fw-held's renamed and without BGP."""
    text = relocated(json.dumps(SEED_ARM), SLOTS[host]).replace("/resourceGroups/RG/", "/resourceGroups/RG-%s/" % host)
    text = text.replace("00000000-0000-0000-0000-000000000000", SUB)
    if host == "fw-held":
        text = text.replace("UKSouth-VNG", "Held-VNG").replace("UKSouth-HQ-S2S", "Held-S2S")
    resources = json.loads(text)
    if host == "fw-good":
        for resource in resources:
            kind = resource["type"].rsplit("/", 1)[-1]
            if kind == "virtualNetworkGateways":
                resource["properties"].update(enableBgp=True, bgpSettings={"asn": 65515, "bgpPeeringAddress": "10.1.255.254"})
            elif kind == "localNetworkGateways":
                resource["properties"]["bgpSettings"] = {"asn": 65010, "bgpPeeringAddress": "192.168.250.1"}
    return resources


def puts_to(arm, host):
    return [r for r in arm.requests() if r["method"] in ("PUT", "POST") and "/resourceGroups/RG-%s/" % host in r["path"]]


def connection_of(arm, host):
    [found] = [r for r in arm.resources(SUB)
               if r["type"].endswith("/connections") and "/resourceGroups/RG-%s/" % host in r["id"]]
    return found["properties"]


@pytest.fixture(scope="module")
def checked_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("align-azure-checked-first")
    configs = {host: relocated(SEED_ASA, slot) for host, slot in SLOTS.items()}
    resources = {SUB: [r for host in SLOTS for r in arm_seed(host)]}
    with start_asa_fleet([{"name": h, "config": c} for h, c in configs.items()], latency=0) as fleet, \
            start_arm_lab(resources, client_secret=SECRET) as arm:
        inventory = str(tmp / "inventory.json")
        with open(inventory, "w", encoding="utf-8") as handle:
            json.dump({"all": {"children": {
                "asa": {"hosts": {name: fleet[name].ansible_host_vars(network_os="vpnalign.s2s.asa") for name in configs}},
                "azure": {"hosts": {"sub-c": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                                              "subscription_id": SUB, "azure_retries": 0}}}}}}, handle)
        held_before = json.loads(json.dumps(connection_of(arm, "fw-held")))
        for device in fleet:
            device.clear_log()
        arm.clear_requests()
        variables = {"align_to": "intent", "align_intent": INTENT, "align_azure_connection": {"enable_bgp": True},
                     "align_fail_on": "never"}
        rc, output, summary, _report = run_playbook(inventory, arm, str(tmp), variables, ["--forks", "4", "--diff"],
                                                    name="run")
        with open(str(tmp / "run.log"), "w", encoding="utf-8") as handle:
            handle.write(output)
        yield {"rc": rc, "output": output, "align": summary,
               "lines": {name: config_lines(fleet[name]) for name in configs},
               "commands": {name: fleet[name].command_lines() for name in configs},
               "puts": {host: puts_to(arm, host) for host in SLOTS},
               "connections": {host: connection_of(arm, host) for host in SLOTS},
               "held_before": held_before,
               "passwords": [fleet[name].password for name in configs]}


def test_the_asa_of_a_tunnel_whose_azure_end_is_refused_gets_no_config_command(checked_run):
    output = checked_run["output"]
    assert "Traceback (most recent call last)" not in output
    assert checked_run["lines"]["fw-held"] == [], output[-6000:]
    assert not [line for line in checked_run["commands"]["fw-held"] if line.startswith("conf")]
    assert checked_run["puts"]["fw-held"] == []
    assert checked_run["connections"]["fw-held"] == checked_run["held_before"]


def test_the_other_tunnel_still_aligns_on_both_ends(checked_run):
    output = checked_run["output"]
    assert "crypto map CRYPTO-MAP 2 set pfs group14" in checked_run["lines"]["fw-good"], output[-6000:]
    assert len(checked_run["puts"]["fw-good"]) == 1
    good = checked_run["connections"]["fw-good"]
    assert good["enableBgp"] is True and good["ipsecPolicies"][0]["pfsGroup"] == "PFS2048"
    changed = {(c["asa_host"], c["side"]) for c in checked_run["align"]["changes"] if c["changed"]}
    assert changed == {("fw-good", "asa"), ("fw-good", "azure")}


def test_the_run_fails_naming_the_tunnel_and_azures_reason_and_align_json_lists_it(checked_run):
    assert checked_run["rc"] != 0
    message = fail_message(checked_run["output"])
    assert "Refused by Azure before any push (nothing was pushed to either end): tunnel Held-S2S (Azure host sub-c, " \
        "connection Held-S2S): azure_vpn_connection: enable_bgp: Azure would refuse it: " in message, message
    assert NO_BGP in message and "fw-good" not in message and "Push failed" not in message
    [refused] = checked_run["align"]["refused_before_push"]
    assert refused["tunnel"] == "Held-S2S" and NO_BGP in refused["reason"] and refused["host"] == "sub-c"
    held = {entry["side"]: entry for entry in checked_run["align"]["held"]}
    assert sorted(held) == ["asa", "azure"] and held["asa"]["host"] == "fw-held"
    assert checked_run["align"]["push_failed"] == []


def test_no_secret_in_the_output(checked_run):
    everything = checked_run["output"] + json.dumps(checked_run["align"])
    for secret in [PSK, SECRET] + checked_run["passwords"]:
        assert secret not in everything
