# -*- coding: utf-8 -*-
"""A bad value of a compliance role option is refused inside the role's block, where its rescue publishes the failed
gate (set_stats vpnalign_check) and report.json's reason, never by the role's argument validation, which Ansible runs
before the role's first task (review H6: -e unpaired_ok=maybe left an AWX workflow's vpnalign_check undefined and
report.json saying only that the run had not written its report)."""

import os

import pytest
import yaml
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import _validated

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")

with open(os.path.join(ROOT, "roles", "compliance", "meta", "argument_specs.yml"), encoding="utf-8") as _handle:
    SPECS = yaml.safe_load(_handle)["argument_specs"]

# role option -> (the vpn_compat_check option tasks/main.yml passes it to, a value that option refuses)
BAD_VALUES = {
    "compliance_asa_hosts": ("asa_hosts", {"asa01": 1}),
    "compliance_azure_hosts": ("azure_hosts", {"sub01": 1}),
    "compliance_report_formats": ("report_formats", {"json": True}),
    "compliance_unpaired_ok": ("unpaired_ok", "maybe"),
    "compliance_timeline_throughput_mbps": ("timeline_throughput_mbps", "fast"),
    "compliance_evidence": ("evidence", {"asa_debg": ["debug.txt"]}),
    "compliance_evidence_live": ("live_evidence", "maybe"),
    "compliance_baseline": ("baseline", "strict"),
    "compliance_known_variables": ("known_variables", {"fail_on": 1}),
}


@pytest.mark.parametrize("entry", ["main", "stop"])
def test_the_role_argument_validation_refuses_no_value_the_check_refuses_later(entry):
    options = SPECS[entry]["options"]
    given = dict((name, value) for name, (_option, value) in BAD_VALUES.items() if name in options)
    assert given
    given.update({"compliance_stop_message": "why"} if entry == "stop" else {})
    assert ArgumentSpecValidator(options).validate(given).error_messages == []


@pytest.mark.parametrize("role_option", sorted(BAD_VALUES))
def test_the_check_inside_the_block_refuses_each_bad_value_naming_it(role_option):
    option, value = BAD_VALUES[role_option]
    with pytest.raises(AnsibleActionFail) as failed:
        _validated({option: value})
    said = str(failed.value)
    assert option in said or "asa_debg" in said, said


def test_each_option_the_role_validation_could_refuse_is_covered():
    """An option of type bool, float, dict or list in the main entry point would stop the run before the rescue."""
    for name, spec in SPECS["main"]["options"].items():
        assert spec.get("type") in ("raw", "str", "path"), (name, spec.get("type"))
