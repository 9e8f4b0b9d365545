# -*- coding: utf-8 -*-
"""The align role's step preflight as the tests of later steps need it: every Azure job of the plan passed its
check-mode run (each Azure host registered a passing result per job), and the step's result is on localhost."""


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
