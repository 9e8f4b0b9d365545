# -*- coding: utf-8 -*-
"""A role entry point's tasks that read a user-facing variable (an option of any of the role's entry points) list it in
that entry point's argument spec: Ansible validates and defaults only what the spec names (review s49: align's prepare
read align_report_dir, checked only by the report entry point's spec)."""

import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLES = {"align": "align_", "compliance": "compliance_"}


def _entry_points(role):
    with open(os.path.join(ROOT, "roles", role, "meta", "argument_specs.yml"), encoding="utf-8") as handle:
        specs = yaml.safe_load(handle)["argument_specs"]
    return {entry: set((spec.get("options") or {})) for entry, spec in specs.items()}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_entry_point_spec_names_the_user_variables_its_tasks_read(role):
    entries = _entry_points(role)
    user_facing = set().union(*entries.values())
    missing = {}
    for entry, options in entries.items():
        path = os.path.join(ROOT, "roles", role, "tasks", entry + ".yml")
        if entry == "main" or not os.path.exists(path):
            continue  # main includes the others
        with open(path, encoding="utf-8") as handle:
            read = set(re.findall(r"\b(%s[a-z0-9_]+)\b" % ROLES[role], handle.read())) & user_facing
        if read - options:
            missing[entry] = sorted(read - options)
    assert missing == {}
