# -*- coding: utf-8 -*-
"""The align role on a multi-context ASA: an ASA host's `vpnalign_asa_context` goes to both the read
(asa_vpn_facts) and the push (asa_vpn_tunnel), so that the push changes the context the check read, and an
empty or unset one leaves `context` out of both (the login's context); the entry points declare it."""

import os

import pytest
import yaml
from ansible.errors import AnsibleValueOmittedError
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

ROLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "roles", "align")


def _load(*parts):
    with open(os.path.join(ROLE, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _task(path, module):
    for task in _load("tasks", path):
        for inner in task.get("block", [task]):
            if module in inner:
                return inner[module]
    raise AssertionError("no %s task in %s" % (module, path))


GATHER = _task("gather_asa.yml", "vpnalign.s2s.asa_vpn_facts")
PUSH = _task("push_asa.yml", "vpnalign.s2s.asa_vpn_tunnel")


@pytest.mark.parametrize("hostvars,expected", [({"vpnalign_asa_context": "cust1"}, "cust1"),
                                               ({"vpnalign_asa_context": ""}, None), ({}, None)],
                         ids=["set", "empty", "unset"])
def test_the_read_and_the_push_get_the_hosts_context(hostvars, expected):
    for args in (GATHER, PUSH):
        templar = Templar(loader=DataLoader(), variables=hostvars)
        try:
            value = templar.template(trust_as_template(args["context"]))
        except AnsibleValueOmittedError:  # the option is left out of the task
            value = None
        assert value == expected


def test_the_entry_points_that_use_it_declare_it():
    specs = _load("meta", "argument_specs.yml")["argument_specs"]
    for entry in ("main", "gather_asa", "push_asa"):
        assert specs[entry]["options"]["vpnalign_asa_context"]["type"] == "str", entry
    assert "vpnalign_asa_context" in _load("vars", "main.yml")["align_known_variables"]
