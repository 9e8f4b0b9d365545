# -*- coding: utf-8 -*-
"""align, on the ASA SSH lab and the ARM lab, for an Azure connection that only a dynamic crypto map of the ASA answers
(crypto dynamic-map DYN 20 without 'set pfs', Azure with PFS: PFS_MISMATCH at every rekey). align changes neither end
of such a tunnel (a change to the dynamic entry reaches every peer it answers): it says it leaves it alone, lists the
fix to make by hand with the check's line for the dynamic entry, sends no configuration line to the ASA and no write
to Azure, in check mode too. And the check of that ASA read live over SSH gives the verdicts and findings the saved
running-config gives offline, for an entry set for IKEv1 and IKEv2 too."""

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from test_align import PSK, SECRET, align_runner, assert_no_secret, config_lines, writes  # noqa: E402  pylint: disable=wrong-import-position
from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_lab  # noqa: E402  pylint: disable=wrong-import-position
from scenario_builders import azure_resources  # noqa: E402  pylint: disable=wrong-import-position
from test_dynamic_map_serves_azure import dynamic_asa  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402

MASKED = dynamic_asa()
DYNAMIC_ASA = MASKED.replace("pre-shared-key *****", "pre-shared-key " + PSK)
# the same entry set for IKEv1 too (a transform-set of Azure's default suite, an IKEv1 policy and key)
DUAL_MASKED = MASKED.replace(
    "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\n",
    "crypto ipsec ikev1 transform-set BRANCH-TS esp-aes-256 esp-sha-hmac\n"
    "crypto ikev1 policy 30\n authentication pre-share\n encryption aes-256\n hash sha\n group 14\n lifetime 28800\n"
    "crypto ikev1 enable INTERNET\ncrypto dynamic-map DYN 20 set ikev1 transform-set BRANCH-TS\n"
    "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\n").replace(
    " vpn-tunnel-protocol ikev2", " vpn-tunnel-protocol ikev1 ikev2").replace(
    " ikev2 local-authentication pre-shared-key *****\n",
    " ikev2 local-authentication pre-shared-key *****\n ikev1 pre-shared-key *****\n")
DUAL_ASA = DUAL_MASKED.replace("pre-shared-key *****", "pre-shared-key " + PSK)


def _resources(**changes):
    resources = azure_resources(**changes)
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["sharedKey"] = PSK
    return resources


PFS_AZURE = _resources(policy_changes={"pfsGroup": "ECP256"})


@pytest.fixture(scope="module")
def labs():
    with start_asa_lab(DYNAMIC_ASA) as asa, start_arm_lab(PFS_AZURE, client_secret=SECRET) as arm:
        yield asa, arm


@pytest.fixture
def dynamic(labs, tmp_path):
    asa, arm = labs
    return align_runner(asa, arm, tmp_path, DYNAMIC_ASA, "RG", lambda output: assert_no_secret(output, asa, arm))


@pytest.mark.parametrize("check_mode", [False, True])
def test_align_leaves_the_dynamic_map_tunnel_alone_with_the_entrys_fix_by_hand(dynamic, check_mode):
    output, summary = dynamic("safest", check_mode=check_mode, fails=not check_mode)  # the error stays
    assert config_lines(dynamic.asa) == [] and writes(dynamic.arm) == []
    assert dynamic.asa.running_config() == DYNAMIC_ASA
    assert "ASA asa crypto map AZ-MAP 65535 (dynamic map DYN): left alone: not aligned" in output, output[-6000:]
    if check_mode:
        return
    assert not [c for c in summary["changes"] if c["changed"]]
    [pfs] = [step for step in summary["left_to_do"] if step["kind"] == "PFS_MISMATCH"]
    assert "crypto dynamic-map DYN 20 set pfs group19" in pfs["reason"] and pfs["asa_host"] == "asa", pfs


def _offline(asa_text, resources):
    return run_check(asa_facts_from_text(asa_text), azure_facts_from_data(resources))


def _verdicts(report):
    return [(t["name"], t["verdict"], sorted((f["code"], f["severity"]) for f in t["findings"])) for t in report["tunnels"]]


@pytest.mark.parametrize("masked,clear", [(MASKED, DYNAMIC_ASA), (DUAL_MASKED, DUAL_ASA)], ids=["ikev2", "both-versions"])
def test_the_live_check_gives_the_saved_configs_verdicts(dynamic, masked, clear, tmp_path):
    dynamic.asa.set_running_config(clear)
    _output, summary = dynamic("safest", fails=True)
    with open(os.path.join(str(tmp_path), "r1-out", "report.json"), encoding="utf-8") as handle:
        live = json.load(handle)
    assert summary["before"]["fail"] == 1
    assert _verdicts(live) == _verdicts(_offline(masked, PFS_AZURE))
