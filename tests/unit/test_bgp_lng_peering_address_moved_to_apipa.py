# -*- coding: utf-8 -*-
"""Review 2026-12-07: a local network gateway whose bgpPeeringAddress is not APIPA (10.1.0.1, the ASA's router-id)
while the ASA peers from its VTI's APIPA address: Azure peers from its default BGP address, so both ends' neighbors
are wrong (two BGP_PEER_ADDRESS_MISMATCH). Setting bgpPeeringAddress to the ASA's 169.254.21.2 makes Azure peer from
its custom APIPA address 169.254.21.1, the ASA's neighbor (DOC_BGP_FAQ): that fix was refused as "applied to the model,
the engine still reports BGP_PEER_ADDRESS_MISMATCH", since the proof kept Azure on its default address."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

CASE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single")


def _tunnel(peering_address, custom=None):
    with open(os.path.join(CASE, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = handle.read()
    with open(os.path.join(CASE, "azure_resources.json"), encoding="utf-8") as handle:
        resources = json.load(handle)
    for resource in resources:
        if resource["type"].endswith("/localNetworkGateways"):
            resource["properties"]["bgpSettings"]["bgpPeeringAddress"] = peering_address
        if resource["type"].endswith("/virtualNetworkGateways") and custom is not None:
            for peering in resource["properties"]["bgpSettings"]["bgpPeeringAddresses"]:
                peering["customBgpIpAddresses"] = custom
    [tunnel] = run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))["tunnels"]
    return json.loads(json.dumps(tunnel))


def test_moving_the_lng_peering_address_onto_the_asa_s_apipa_address_is_the_proven_fix():
    tunnel = _tunnel("10.1.0.1")
    found = [f for f in tunnel["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert len(found) == 2 and tunnel["verdict"] == "fail"
    [azure] = [f for f in found if f["summary"].startswith("Azure ")]  # the finding of Azure's own neighbor
    assert azure["proof"]["azure"]["proven"] is True, azure["proof"]
    lng = azure["remediation"]["azure"]["local_network_gateway"]["properties"]["bgpSettings"]
    assert lng["bgpPeeringAddress"] == "169.254.21.2"
    # the plan for Azure alone carries it
    assert tunnel["remediation"]["azure"]["local_network_gateway"]["properties"]["bgpSettings"][
        "bgpPeeringAddress"] == "169.254.21.2"


def test_without_a_custom_apipa_address_on_the_gateway_the_move_is_not_proven():
    # Azure then peers from its default address whatever the neighbor: the ASA's neighbor 169.254.21.1 stays wrong
    tunnel = _tunnel("10.1.0.1", custom=[])
    found = [f for f in tunnel["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert found and not any(f["proof"].get("azure", {}).get("proven") for f in found), [f["proof"] for f in found]


def test_the_azure_plan_is_not_said_to_leave_the_finding_its_fix_clears():
    # the ASA's finding comes first and asks the ASA only; the Azure fix of the second clears it as well, but the plan
    # for Azure alone still listed it as left ("Alone it leaves BGP_PEER_ADDRESS_MISMATCH")
    tunnel = _tunnel("10.1.0.1")
    assert "azure" not in tunnel.get("remediation_left", {}), tunnel.get("remediation_left")
    assert not [m for m in tunnel["alignment"]["align_to_asa"]["manual"] if m["kind"] == "BGP_PEER_ADDRESS_MISMATCH"]
