# -*- coding: utf-8 -*-
"""Shared inputs of the evidence tests (no tests here): the seed case and check reports made by the real check."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "examples", "seed-asa-azure-pfs")
FIXTURES = os.path.join(HERE, "..", "fixtures", "evidence")


def read(*parts):
    with open(os.path.join(*parts)) as handle:
        return handle.read()


def seed(name):
    return read(SEED, name)


def fixture(name):
    return read(FIXTURES, name)


def report(asa_edits=(), azure_edit=None):
    """The check report of the seed case with text edits to the ASA config and a change to the Azure export."""
    config = seed("asa_running_config.txt")
    for old, new in asa_edits:
        assert old in config, old
        config = config.replace(old, new)
    resources = json.loads(seed("azure_resources.json"))
    if azure_edit:
        azure_edit(resources)
    return run_check(asa_facts_from_text(config, host="hq-asa"), azure_facts_from_data(resources))


def codes(report_):
    return [f["code"] for t in report_["tunnels"] for f in t["findings"]]


def by_code(result):
    return {f["code"]: f for f in result["findings"]}
