# -*- coding: utf-8 -*-
"""An ASA with two public addresses, one VTI from each to one instance of an active-active gateway, and a connection
(local network gateway) per ASA address, both with BGP to the instances' default addresses (the shape of the public
"ASA to active-active Azure VPN gateway, IKEv2 + BGP" labs). Each connection misses its tunnel to the other instance,
and ACTIVE_ACTIVE_TUNNEL_MISSING said to add "a BGP neighbor 10.90.255.4" over the new tunnel, a neighbor the ASA
already has over its other VTI: one neighbor address holds one BGP session, so that advice cannot be followed."""

import copy
import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_loopback_source")


def _replace(text, old, new):
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _asa_with_a_vti_per_address():
    """Tunnel10 from outside (192.0.2.130), Tunnel11 from outside2 (198.51.100.200); each VTI sources its neighbor."""
    with open(os.path.join(FIXTURE, "asa_running_config.txt"), encoding="utf-8") as handle:
        text = handle.read()
    for address in ("10.90.255.4", "10.90.255.5"):
        text = _replace(text, "  neighbor %s update-source bgp-lo\n" % address, "")
    text = _replace(text, "tunnel source interface outside\n tunnel destination 203.0.113.141",
                    "tunnel source interface outside2\n tunnel destination 203.0.113.141")
    text = _replace(text, "interface Tunnel10\n", "interface GigabitEthernet0/3\n nameif outside2\n security-level 0\n"
                                                  " ip address 198.51.100.200 255.255.255.192\n!\ninterface Tunnel10\n")
    text = _replace(text, "crypto ikev2 enable outside\n", "crypto ikev2 enable outside\ncrypto ikev2 enable outside2\n")
    return _replace(text, "route outside 0.0.0.0 0.0.0.0 192.0.2.129 1\n",
                    "route outside 0.0.0.0 0.0.0.0 192.0.2.129 1\nroute outside2 203.0.113.141 255.255.255.255 "
                    "198.51.100.193 1\n")


def _azure_with_a_connection_per_asa_address():
    with open(os.path.join(FIXTURE, "azure_resources.json"), encoding="utf-8") as handle:
        resources = json.load(handle)
    [connection] = [r for r in resources if r["type"].endswith("/connections")]
    [lng] = [r for r in resources if r["type"].endswith("/localNetworkGateways")]
    lng["properties"]["bgpSettings"]["bgpPeeringAddress"] = "10.254.0.1"  # Tunnel10's address
    second_lng, second = copy.deepcopy(lng), copy.deepcopy(connection)
    second_lng.update(name="plant2-lng-b", id=lng["id"] + "-b")
    second_lng["properties"]["gatewayIpAddress"] = "198.51.100.200"
    second_lng["properties"]["bgpSettings"]["bgpPeeringAddress"] = "10.254.0.5"  # Tunnel11's address
    second.update(name="gwc-to-plant2-b", id=connection["id"] + "-b")
    second["properties"]["localNetworkGateway2"]["id"] = second_lng["id"]
    return resources + [second_lng, second]


def _missing_fixes():
    report = run_check(asa_facts_from_text(_asa_with_a_vti_per_address()),
                       azure_facts_from_data(_azure_with_a_connection_per_asa_address()))
    return {t["asa"]["interface"]: f["remediation"]["asa"] for t in report["tunnels"] for f in t["findings"]
            if f["code"] == "ACTIVE_ACTIVE_TUNNEL_MISSING"}


def test_no_second_neighbor_for_an_address_the_asa_already_peers_with():
    fixes = _missing_fixes()
    assert sorted(fixes) == ["Tunnel10", "Tunnel11"], fixes
    for tunnel, other, address in (("Tunnel10", "Tunnel11", "10.90.255.5"), ("Tunnel11", "Tunnel10", "10.90.255.4")):
        lines = fixes[tunnel]
        assert lines[0].startswith("! add a second tunnel interface"), lines
        assert not any("and a BGP neighbor %s" % address in line for line in lines), lines
        [said] = [line for line in lines[1:] if address in line]
        assert other in said and "already" in said, said
