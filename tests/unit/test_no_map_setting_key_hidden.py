# -*- coding: utf-8 -*-
"""A change script or a config saved from one may hold ``no crypto map M N set ikev2 pre-shared-key <key>``: the line
is named as information (the entry's setting removed), and the key it carries never reaches the facts or the report."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources

KEY = "Rem0vedMapKey-42"


def test_the_key_of_a_removed_map_key_line_is_masked_everywhere():
    text = asa_config(extra="no crypto map AZ-MAP 10 set ikev2 pre-shared-key 0 %s" % KEY)
    facts = asa_facts_from_text(text)
    report = run_check(facts, azure_facts_from_data(azure_resources()))
    written = json.dumps(facts, default=str) + json.dumps(report, default=str)
    assert KEY not in written
    [named] = [f for t in report["tunnels"] for f in t["findings"] if "no crypto map AZ-MAP 10" in f["summary"]]
    assert "pre-shared-key" in named["summary"] and "*****" in named["summary"]
