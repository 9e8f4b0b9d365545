# -*- coding: utf-8 -*-
"""The align role's step preflight as the tests of later steps need it: every Azure job of the plan passed its
check-mode run (each Azure host registered a passing result per job), and the step's result is on localhost; the
action and its arguments as the role's tasks give them."""

from types import SimpleNamespace

from ansible_collections.vpnalign.s2s.plugins.action.vpn_align_plan import ARGUMENT_SPEC, ActionModule


def action_of(check_mode=False):
    """vpn_align_plan's action plugin as a task runs it (no connection: its steps read only task_vars)."""
    action = ActionModule.__new__(ActionModule)
    action._play_context = SimpleNamespace(check_mode=check_mode)
    return action


def args_of(**given):
    """The step's arguments: each option's default, then ``given``."""
    args = dict((name, spec.get("default")) for name, spec in ARGUMENT_SPEC.items())
    args.update(given)
    return args


def azure_checked(action, args, task_vars, refused=None):
    """Registers a check-mode result per Azure job of ``task_vars["align_plan"]`` on its host (``refused``: {job id:
    message} of the jobs that failed), runs step preflight and keeps its result in ``align_preflight``."""
    hostvars = task_vars.setdefault("hostvars", {})
    for host, entries in (task_vars["align_plan"].get("azure") or {}).items():
        refused = refused or {}
        results = [dict({"job": entry, "changed": True},
                        **({"failed": True, "msg": refused[entry["id"]]} if entry["id"] in refused else {}))
                   for entry in entries]
        hostvars.setdefault(host, {})["align_azure_checked"] = {"results": results}
    task_vars["align_preflight"] = action._preflight(args, task_vars)
    return task_vars["align_preflight"]
