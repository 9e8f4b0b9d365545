# -*- coding: utf-8 -*-
"""An Azure gateway answers an APIPA BGP neighbor only from a custom APIPA address of its instance (DOC_BGP_FAQ; the
adapter's BGP_APIPA_INVALID otherwise). With none, the fix for a wrong local network gateway bgpPeeringAddress moved it
onto the ASA's APIPA VTI address and was shown as proven: the engine saw both neighbors agree, and the next check
reported BGP_APIPA_INVALID, an error, for the fixed connection."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

CASE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single")
DEFAULT = "10.20.255.30"  # the gateway's default BGP address


def _asa_peering_with_the_default_address():
    with open(os.path.join(CASE, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = handle.read()
    asa = asa.replace("  neighbor 169.254.21.1 remote-as 65515\n",
                      "  neighbor %s remote-as 65515\n  neighbor %s ebgp-multihop 2\n" % (DEFAULT, DEFAULT))
    asa = asa.replace("neighbor 169.254.21.1 activate", "neighbor %s activate" % DEFAULT)
    return asa.replace("route OUTSIDE 0.0.0.0", "route AZURE-WEU %s 255.255.255.255 169.254.21.1 1\n"
                                                "route OUTSIDE 0.0.0.0" % DEFAULT)


def _tunnel(lng_peering_address, custom):
    with open(os.path.join(CASE, "azure_resources.json"), encoding="utf-8") as handle:
        resources = json.load(handle)
    for resource in resources:
        if resource["type"].endswith("/localNetworkGateways"):
            resource["properties"]["bgpSettings"]["bgpPeeringAddress"] = lng_peering_address
        if resource["type"].endswith("/virtualNetworkGateways") and custom is not None:
            for peering in resource["properties"]["bgpSettings"]["bgpPeeringAddresses"]:
                peering["customBgpIpAddresses"] = custom
    [tunnel] = run_check(asa_facts_from_text(_asa_peering_with_the_default_address()),
                         azure_facts_from_data(resources))["tunnels"]
    return json.loads(json.dumps(tunnel))


def test_no_apipa_neighbor_for_azure_without_a_custom_apipa_address():
    [found] = [f for f in _tunnel("10.1.0.1", custom=[])["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert found["proof"]["azure"]["proven"] is False, found["proof"]
    assert "custom APIPA" in found["proof"]["azure"]["reason"]
    assert "azure" not in found["remediation"]


def test_the_fix_it_would_write_is_itself_an_error_of_the_check():
    # what the refused fix would leave: the check's own BGP_APIPA_INVALID for the connection
    codes = [f["code"] for f in _tunnel("169.254.21.2", custom=[])["findings"] if f["severity"] == "error"]
    assert codes == ["BGP_APIPA_INVALID"], codes


def test_with_a_custom_apipa_address_the_apipa_neighbor_is_still_a_fix():
    # the gateway has 169.254.21.1: Azure then peers from it, which the ASA does not expect, so the move is no fix
    # here either; what matters is that no refusal for a custom address is given when the gateway has one
    [found] = [f for f in _tunnel("10.1.0.1", custom=None)["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    assert "custom APIPA" not in found["proof"]["azure"]["reason"], found["proof"]
