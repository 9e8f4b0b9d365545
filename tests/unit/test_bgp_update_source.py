# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04, real-world configs): an ASA that peers both instances of an active-active Azure gateway from a
loopback (``neighbor X update-source bgp-lo``, the one on-premises BGP address Microsoft's active-active guide asks
for) was read as peering from each VTI's address: the option was "not modelled" (info), yet both instances failed
BGP_PEER_ADDRESS_MISMATCH with two "proven" Azure fixes that rewrote the one local network gateway two ways, either
of which would have broken the working sessions. The session's source is now the update-source interface's address."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_loopback_source")


def read(name):
    with open(os.path.join(FIXTURE, name), encoding="utf-8") as handle:
        return handle.read()


def check(asa_text):
    report = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(json.loads(read("azure_resources.json"))))
    return {t["name"]: t for t in report["tunnels"]}


def codes(tunnel, severities=("error", "warning")):
    return [f["code"] for f in tunnel["findings"] if f["severity"] in severities]


def test_both_instances_peering_with_the_loopback_pass():
    tunnels = check(read("asa_running_config.txt"))
    assert sorted(tunnels) == ["gwc-to-plant2 (instance 0)", "gwc-to-plant2 (instance 1)"]
    for tunnel in tunnels.values():
        assert tunnel["verdict"] == "pass", [(f["code"], f["summary"]) for f in tunnel["findings"]]
        assert not any("update-source" in f["summary"] for f in tunnel["findings"])


def test_without_update_source_the_vti_address_is_the_source_and_the_mismatch_is_found():
    text = "\n".join(line for line in read("asa_running_config.txt").splitlines() if "update-source" not in line)
    for tunnel in check(text).values():
        assert "BGP_PEER_ADDRESS_MISMATCH" in codes(tunnel)


def test_an_update_source_naming_no_interface_is_said_and_the_address_not_judged():
    text = read("asa_running_config.txt").replace("update-source bgp-lo", "update-source no-such-if")
    for tunnel in check(text).values():
        assert "BGP_PEER_ADDRESS_MISMATCH" not in codes(tunnel)
        said = [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT" and "no-such-if" in f["summary"]]
        assert said and said[0]["severity"] == "warning" and "is not known" in said[0]["summary"]
