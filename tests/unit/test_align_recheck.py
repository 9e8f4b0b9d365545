# -*- coding: utf-8 -*-
"""After a push that went through, the check runs again. Whatever it still finds on a tunnel that was changed, and
that the plan did not already leave to a person, is a step left to do in align.json and in the story: an empty
``left_to_do`` beside a tunnel that still fails told the user nothing was left (review 2026-12-05, align #2)."""

import json
from types import SimpleNamespace

from ansible_collections.vpnalign.s2s.plugins.action.vpn_align_plan import ARGUMENT_SPEC, ActionModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_recheck import NOT_CLEARED
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data

from seed_example import seed_arm, seed_asa_text

FIXED_LINE = "crypto map CRYPTO-MAP 2 set pfs group19\n"


def _args(tmp_path, **given):
    args = dict((name, spec.get("default")) for name, spec in ARGUMENT_SPEC.items())
    args.update(asa_hosts=["fw-a"], azure_hosts=["sub-a"], fail_on="never", report_dir=str(tmp_path))
    args.update(given)
    return args


def _host_vars(asa_text, arm):
    return {"fw-a": {"vpnalign_asa": asa_facts_from_text(asa_text, host="fw-a"), "align_asa_not_read": False},
            "sub-a": {"vpnalign_azure": azure_facts_from_data(arm), "align_azure_not_read": False}}


def _aligned(tmp_path, asa_text_after, arm_after, azure_failed=False):
    """Plan safest on the seed, report both pushes as made (ASA: PFS group 19; Azure: the data lifetime), then the
    report step on the ends as the re-check reads them."""
    action = ActionModule.__new__(ActionModule)
    action._play_context = SimpleNamespace(check_mode=False)
    args = _args(tmp_path)
    task_vars = {"hostvars": _host_vars(seed_asa_text(), seed_arm())}
    planned = action._plan(args, task_vars)
    [asa_job], [azure_job] = planned["asa"]["fw-a"], planned["azure"]["sub-a"]
    pushed = [{"job": asa_job, "changed": True, "commands": [FIXED_LINE.strip()]},
              {"job": azure_job, "changed": not azure_failed, "changes": {"ipsecPolicies": {}}, "failed": azure_failed,
               "msg": "boom" if azure_failed else ""}]
    task_vars.update(align_plan=planned, align_done=dict(done(planned["jobs"], pushed), recheck=True),
                     hostvars=_host_vars(asa_text_after, arm_after))
    out = action._report(args, task_vars)
    with open(str(tmp_path / "align.json"), encoding="utf-8") as handle:
        return out, json.load(handle)


def _with_pfs(text):
    at = text.index("crypto map CRYPTO-MAP 2 set ikev2 ipsec-proposal")
    return text[:at] + FIXED_LINE + text[at:]


def _with_lifetime(arm):
    return json.loads(json.dumps(arm).replace('"saDataSizeKilobytes": 2048', '"saDataSizeKilobytes": 102400000'))


def test_a_push_whose_finding_the_recheck_still_finds_leaves_it_to_do(tmp_path):
    # the device did not take the line (a bad read, another admin, a refused command reported as done)
    out, record = _aligned(tmp_path, seed_asa_text(), _with_lifetime(seed_arm()))
    assert record["verdicts_after"] == {"UKSouth-HQ-S2S": "fail"}
    steps = [step for step in record["left_to_do"] if step["kind"] == NOT_CLEARED]
    assert [(step["tunnel"], step["asa_host"]) for step in steps] == [("UKSouth-HQ-S2S", "fw-a")]
    assert "still finds PFS_MISMATCH (error)" in steps[0]["reason"]
    assert "left to do after the push (the check above still finds them):" in out["story"]
    assert any(line.startswith("  UKSouth-HQ-S2S: after the push to asa fw-a crypto map CRYPTO-MAP 2 and azure ")
               and "PFS_MISMATCH" in line for line in out["story"])


def test_a_push_that_leaves_another_finding_behind_says_so(tmp_path):
    # the ASA took its line, Azure's lifetime did not change: the warning is left, named for this tunnel
    _out, record = _aligned(tmp_path, _with_pfs(seed_asa_text()), seed_arm())
    steps = [step for step in record["left_to_do"] if step["kind"] == NOT_CLEARED]
    assert len(steps) == 1 and "(warning)" in steps[0]["reason"]


def test_a_push_the_recheck_proves_leaves_nothing_more_to_do(tmp_path):
    out, record = _aligned(tmp_path, _with_pfs(seed_asa_text()), _with_lifetime(seed_arm()))
    assert record["verdicts_after"]["UKSouth-HQ-S2S"] == "pass"
    assert [step for step in record["left_to_do"] if step["kind"] == NOT_CLEARED] == []
    assert not any(line.startswith("left to do after the push") for line in out["story"])


def test_a_tunnel_whose_other_push_failed_is_told_by_that_failure_alone(tmp_path):
    out, record = _aligned(tmp_path, _with_pfs(seed_asa_text()), seed_arm(), azure_failed=True)
    assert [step for step in record["left_to_do"] if step["kind"] == NOT_CLEARED] == []
    assert out["fails"] is True and "Push failed on: Azure host sub-a" in out["fail_msg"]
