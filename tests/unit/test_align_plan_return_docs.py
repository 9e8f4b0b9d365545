# -*- coding: utf-8 -*-
"""vpn_align_plan's RETURN against what each step really returns, the steps run in the role's order on the seed
example (plan, the Azure jobs checked, preflight, the ASA push registered, hold, done, report): a key a step returns
that RETURN does not document for that step, or one it documents for a step that does not return it, fails here
(review: the role prints ``fail_msg`` from step report, and it, ``summary`` and others were undocumented)."""

import re
from types import SimpleNamespace

import yaml

from ansible_collections.vpnalign.s2s.plugins.action.vpn_align_plan import ActionModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.modules import vpn_align_plan

from align_steps import args_of, azure_checked
from seed_example import seed_arm, seed_asa_text

STEPS = ("variables", "plan", "preflight", "hold", "done", "report")
# keys Ansible itself gives any action's result, not the module's to document
ANSIBLE_KEYS = {"changed", "failed", "msg", "warnings", "deprecations", "invocation"}


def _documented_per_step():
    """{step: documented keys}, from each key's ``returned: step is a, b or c``."""
    per_step = dict((step, set()) for step in STEPS)
    for key, doc in yaml.safe_load(vpn_align_plan.RETURN).items():
        returned = doc.get("returned", "")
        named = re.findall(r"\b(%s)\b" % "|".join(STEPS), returned)
        assert returned.startswith("step is ") and named, "%s: returned %r names no step" % (key, returned)
        for step in named:
            per_step[step].add(key)
    return per_step


def _results_per_step(tmp_path):
    """{step: its result's keys} for one align run of the seed example, both pushes made."""
    action = ActionModule.__new__(ActionModule)
    action._play_context = SimpleNamespace(check_mode=False)
    args = args_of(asa_hosts=["fw-a"], azure_hosts=["sub-a"], fail_on="error", report_dir=str(tmp_path),
                   known_variables=["align_to"])
    task_vars = {"hostvars": {
        "fw-a": {"vpnalign_asa": asa_facts_from_text(seed_asa_text(), host="fw-a"), "align_asa_not_read": False},
        "sub-a": {"vpnalign_azure": azure_facts_from_data(seed_arm()), "align_azure_not_read": False}}}
    out = {"variables": action._variables(args, task_vars)}
    out["plan"] = task_vars["align_plan"] = action._plan(args, task_vars)
    out["preflight"] = azure_checked(action, args, task_vars)
    [asa_job] = task_vars["align_preflight"]["asa"]["fw-a"]
    task_vars["hostvars"]["fw-a"]["align_pushed"] = {"results": [
        {"name": asa_job["id"], "changed": True, "commands": ["crypto map CRYPTO-MAP 2 set pfs group19"]}]}
    out["hold"] = task_vars["align_hold"] = action._hold(args, task_vars)
    [azure_job] = task_vars["align_hold"]["azure"]["sub-a"]
    task_vars["hostvars"]["sub-a"]["align_pushed"] = {"results": [
        {"job": azure_job, "changed": True, "changes": {"ipsecPolicies": {}}}]}
    out["done"] = task_vars["align_done"] = action._done(args, task_vars)
    # the re-check reads the ends as before: the seed still fails, so the report step fails and says why
    out["report"] = action._report(args, task_vars)
    return out


def test_each_step_returns_what_return_documents_for_it(tmp_path):
    documented = _documented_per_step()
    results = _results_per_step(tmp_path)
    assert results["report"]["fails"] is True and results["done"]["recheck"] is True  # every optional key asked for
    wrong = []
    for step in STEPS:
        returned = set(results[step]) - ANSIBLE_KEYS
        wrong += ["step %s returns %s, not documented for it" % (step, key) for key in sorted(returned - documented[step])]
        wrong += ["step %s: %s documented, not returned" % (step, key) for key in sorted(documented[step] - returned)]
    assert wrong == [], "\n".join(wrong)
