# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04, real-world configs): with an export that does hold the connection's sharedKey (an ARM template,
a Get-AzVirtualNetworkGatewayConnectionSharedKey pipeline), the report said of Azure's key "an export holds none". A
key in a saved export is never compared (nothing digests it); the note says so, and the key is never in the report."""

import copy
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_notes import keys_text

from scenario_builders import asa_config, azure_resources

SHARED = "Sh4red-Key-In-Export-0001"


def test_a_key_in_a_saved_export_is_said_not_compared_and_never_shown():
    resources = copy.deepcopy(azure_resources())
    connection = next(r for r in resources if r["type"] == "Microsoft.Network/connections")
    connection["properties"]["sharedKey"] = SHARED
    report = run_check(asa_facts_from_text(asa_config()), azure_facts_from_data(resources))
    assert report["keys_not_compared"]["azure_key_not_read"] == 1
    text = keys_text(report)
    assert "a key in a saved export is not compared, present or not" in text and "holds none" not in text
    assert SHARED not in json.dumps(report)
