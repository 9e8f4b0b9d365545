# -*- coding: utf-8 -*-
"""Both ends' BGP neighbors wrong (the local network gateway's bgpPeeringAddress 10.1.0.1, the ASA's router-id, while
the ASA peers from its VTI's 169.254.21.2 and expects Azure's APIPA 169.254.21.1): the Azure finding got the proven fix
(bgpPeeringAddress 169.254.21.2, after which Azure peers from 169.254.21.1), but the ASA's finding, which that same
change clears, said only that the ASA's own fix is not proven, pointing at no fix at all."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

CASE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single")


def _tunnel(lng_peering_address, asa_neighbor="169.254.21.1"):
    with open(os.path.join(CASE, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = handle.read().replace("neighbor 169.254.21.1 ", "neighbor %s " % asa_neighbor)
    with open(os.path.join(CASE, "azure_resources.json"), encoding="utf-8") as handle:
        resources = json.load(handle)
    for resource in resources:
        if resource["type"].endswith("/localNetworkGateways"):
            resource["properties"]["bgpSettings"]["bgpPeeringAddress"] = lng_peering_address
    [tunnel] = run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))["tunnels"]
    return json.loads(json.dumps(tunnel))


def _asa_side(tunnel):
    """The finding of the ASA's expectation (its neighbor is not what Azure peers from)."""
    return [f for f in tunnel["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"
            and f["summary"].startswith("ASA ")]


def test_the_asa_side_finding_carries_the_azure_fix_that_clears_it():
    [asa] = _asa_side(_tunnel("10.1.0.1"))
    assert asa["proof"]["azure"]["proven"] is True, asa["proof"]
    lng = asa["remediation"]["azure"]["local_network_gateway"]["properties"]["bgpSettings"]
    assert lng["bgpPeeringAddress"] == "169.254.21.2"
    # the ASA's own move (onto Azure's default address) still is not shown: it leaves Azure's neighbor wrong
    assert asa["proof"]["asa"]["proven"] is False and "asa" not in asa["remediation"]


def test_a_mismatch_of_the_asa_alone_asks_nothing_of_azure():
    # Azure's neighbor is the ASA's address: only the ASA's neighbor is wrong, and only the ASA is asked to change
    tunnel = _tunnel("169.254.21.2", asa_neighbor="169.254.21.5")
    [asa] = _asa_side(tunnel)
    assert asa["proof"]["asa"]["proven"] is True, asa["proof"]
    assert "azure" not in asa["proof"] and "azure" not in asa["remediation"]
