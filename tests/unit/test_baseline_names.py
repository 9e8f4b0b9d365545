# -*- coding: utf-8 -*-
"""A baseline value the check has no name for matched nothing, so a compliance run with `weak_integrity: [SHA-1]` (the
spelling DESIGN.md itself uses) or `weak_encryption: [aes-128]` passed the crypto it was meant to flag (review
2026-12-06 H1). Names are now taken without regard to case (integrity with or without its hyphen), and any other
value stops the run before anything is read, listing the names the check takes."""

import os
from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.action.vpn_align_plan import ARGUMENT_SPEC as ALIGN_SPEC
from ansible_collections.vpnalign.s2s.plugins.action.vpn_align_plan import ActionModule as AlignPlan
from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import ActionModule as CompatCheck

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "examples", "seed-asa-azure-pfs")


def _check(baseline):
    action = CompatCheck.__new__(CompatCheck)
    action._task = SimpleNamespace(args={"asa_config_files": [os.path.join(SEED, "asa_running_config.txt")],
                                         "azure_resources_files": [os.path.join(SEED, "azure_resources.json")],
                                         "baseline": baseline, "return_report": True})
    return action._check({}, {})


def _weak(result):
    return sorted(f["summary"] for t in result["report"]["tunnels"] for f in t["findings"] if f["code"] == "WEAK_CRYPTO")


def test_names_in_any_case_and_integrity_with_its_hyphen_flag_what_the_canonical_name_flags():
    canonical = _weak(_check({"weak_integrity": ["SHA256"], "weak_dh_groups": [19]}))
    assert canonical, "the seed's tunnel negotiates SHA-256 and group 19"
    assert _weak(_check({"weak_integrity": ["sha-256"], "weak_dh_groups": ["19"]})) == canonical
    assert _weak(_check({"weak_integrity": [" Sha256 "], "weak_dh_groups": [19]})) == canonical


@pytest.mark.parametrize("baseline,named", [
    ({"weak_encryption": ["aes-128"]}, "weak_encryption 'aes-128' is none of NULL, AES-GMAC-128"),
    ({"weak_integrity": ["SHA-1", "HMAC-SHA1"]}, "weak_integrity 'HMAC-SHA1' is none of MD5, SHA1, SHA256"),
    ({"weak_dh_groups": [3]}, "weak_dh_groups 3 is none of 1, 2, 5, 14,"),
], ids=range(3))
def test_a_name_the_check_does_not_know_stops_the_run_naming_it_and_the_names_it_takes(baseline, named):
    with pytest.raises(AnsibleActionFail) as stopped:
        _check(baseline)
    said = "%s" % stopped.value
    assert said.startswith("vpn_compat_check: baseline: ") and named in said and said.endswith("nothing was checked")


def test_align_refuses_such_a_baseline_before_anything_is_read():
    action = AlignPlan.__new__(AlignPlan)
    action._play_context = SimpleNamespace(check_mode=False)
    args = dict((name, spec.get("default")) for name, spec in ALIGN_SPEC.items())
    args.update(asa_hosts=["fw-a"], baseline={"weak_integrity": ["SHA-0"]})
    with pytest.raises(AnsibleActionFail) as stopped:
        action._plan(args, {"hostvars": {}})  # no host's facts: it stops before reading any
    assert "align_baseline: weak_integrity 'SHA-0' is none of MD5" in "%s" % stopped.value
