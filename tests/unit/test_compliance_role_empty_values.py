# -*- coding: utf-8 -*-
"""A compliance option given with no value (YAML ``asa_config_file:`` left blank in a vars file or an AWX job
template's extra variables: null) means the same as the role's empty default, as vpn_compat_check takes it: not an
Ansible templating error ("The filter plugin 'ansible.builtin.length' failed: object of type 'NoneType' has no len()")
that names no variable and stops a run whose other side was read live."""

import os

import pytest
import yaml
from ansible.errors import AnsibleValueOmittedError
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

ROLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "roles", "compliance")


def _load(*parts):
    with open(os.path.join(ROLE, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


BLOCK = _load("tasks", "main.yml")[0]["block"]
STOP = next(task for task in BLOCK if task["name"].startswith("Stop when a side has nothing to check"))
CHECK = next(task for task in BLOCK if "vpnalign.s2s.vpn_compat_check" in task)["vpnalign.s2s.vpn_compat_check"]
DEFAULTS = _load("defaults", "main.yml")


def _render(expression, variables):
    templar = Templar(loader=DataLoader(), variables=dict(DEFAULTS, **variables))
    try:
        return templar.template(trust_as_template(expression))
    except AnsibleValueOmittedError:  # the option is left out of the task
        return None


@pytest.mark.parametrize("given,missing", [
    ({"compliance_asa_hosts": ["asa01"], "compliance_asa_config_file": None,
      "compliance_azure_resources_file": "azure.json"}, []),
    ({"compliance_asa_config_file": None, "compliance_azure_resources_file": "azure.json"}, ["ASA"]),
    ({"compliance_asa_config_file": "asa.txt", "compliance_azure_resources_file": None,
      "compliance_azure_facts": None}, ["Azure"]),
    ({"compliance_asa_config_file": "asa.txt", "compliance_azure_resources_file": "azure.json"}, []),
], ids=["null-file-live-asa", "null-file-only", "null-azure", "both-given"])
def test_a_null_input_option_counts_as_not_given(given, missing):
    assert _render(STOP["vars"]["compliance_missing_sides"], given) == missing


@pytest.mark.parametrize("option", ["asa_facts", "azure_facts", "baseline", "run_id", "evidence"])
def test_a_null_option_is_left_out_of_the_check(option):
    role_option = "compliance_" + option
    assert _render(CHECK[option], {role_option: None}) is None
    assert _render(CHECK[option], {}) is None  # the default: left out, as before
