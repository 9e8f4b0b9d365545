# -*- coding: utf-8 -*-
"""Review F2 #5: report.json's tunnels carried no BGP address, so the evidence could not tell which tunnel an Azure
BGP event (which names its neighbor) is about. A tunnel whose ends run BGP now says, per end, under ``bgp``: the
``addresses`` it peers from and the ``neighbor`` it expects; a tunnel without BGP has no ``bgp`` (optional fields:
older readers of report.json are unaffected)."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

ROUTE_BASED = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based")


def checked(case):
    def read(name):
        with open(os.path.join(ROUTE_BASED, case, name), encoding="utf-8") as handle:
            return handle.read()
    report = run_check(asa_facts_from_text(read("asa_running_config.txt")),
                       azure_facts_from_data(json.loads(read("azure_resources.json"))))
    return {t["name"]: json.loads(json.dumps(t)) for t in report["tunnels"]}  # as report.json holds it


def test_a_bgp_tunnel_names_each_ends_peering_addresses_and_the_neighbor_it_expects():
    [tunnel] = checked("vti_bgp_single").values()
    assert tunnel["asa"]["bgp"] == {"addresses": ["169.254.21.2"], "neighbor": "169.254.21.1"}
    assert tunnel["azure"]["bgp"] == {"addresses": ["169.254.21.1"], "neighbor": "169.254.21.2"}
    assert tunnel["asa"]["peer"] == "203.0.113.20" and tunnel["azure"]["gateway"] == "weu-vng"  # the rest as before


def test_each_instance_of_an_active_active_gateway_has_its_own_addresses_and_a_wrong_neighbor_shows():
    tunnels = checked("vti_bgp_active_active")
    zero, one = tunnels["neu-to-dc-asa (instance 0)"], tunnels["neu-to-dc-asa (instance 1)"]
    assert zero["azure"]["bgp"] == {"addresses": ["169.254.21.1"], "neighbor": "169.254.21.2"}
    assert one["azure"]["bgp"] == {"addresses": ["169.254.22.1"], "neighbor": "169.254.21.2"}
    # the ASA peers instance 1 from 169.254.22.2, where Azure expects 169.254.21.2: the finding the check reports
    assert one["asa"]["bgp"] == {"addresses": ["169.254.22.2"], "neighbor": "169.254.22.1"}
    assert "BGP_PEER_ADDRESS_MISMATCH" in [f["code"] for f in one["findings"]]


def test_a_tunnel_without_bgp_has_no_bgp_block():
    [tunnel] = checked("policy_based_ikev1").values()
    assert "bgp" not in tunnel["asa"] and "bgp" not in tunnel["azure"]
