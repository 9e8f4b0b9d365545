# -*- coding: utf-8 -*-
"""A static route fix for a network another tunnel of the ASA gets by BGP floats behind that BGP route (review
2026-12-05, align D3): on an active-active pair whose instance 1 had lost its BGP neighbor, the ROUTE_MISSING fix
`route AZURE-NEU-1 10.50.0.0 255.255.0.0 169.254.22.1` (distance 1) beat the eBGP route (distance 20) over instance 0
and pinned the VNet's traffic to the tunnel without a session, while instance 0 still passed."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_active_active")
NEIGHBOR_1 = "  neighbor 169.254.22.1 remote-as 65515\n  neighbor 169.254.22.1 activate\n"


def _report(asa_text):
    with open(os.path.join(FIXTURE, "azure_resources.json"), encoding="utf-8") as handle:
        arm = json.load(handle)
    return run_check(asa_facts_from_text(asa_text), azure_facts_from_data(arm))


def _asa_text():
    with open(os.path.join(FIXTURE, "asa_running_config.txt"), encoding="utf-8") as handle:
        return handle.read()


def test_the_route_fix_of_the_instance_without_bgp_floats_behind_the_other_instances_bgp_route():
    text = _asa_text()
    assert NEIGHBOR_1 in text
    report = _report(text.replace(NEIGHBOR_1, ""))
    [instance1] = [t for t in report["tunnels"] if t["name"].endswith("(instance 1)")]
    [missing] = [f for f in instance1["findings"] if f["code"] == "ROUTE_MISSING"]
    assert missing["proof"]["asa"]["proven"] is True
    assert missing["remediation"]["asa"] == ["route AZURE-NEU-1 10.50.0.0 255.255.0.0 169.254.22.1 21"]
    assert "Another tunnel of the ASA routes 10.50.0.0/16 (by BGP)" in missing["summary"]
    [instance0] = [t for t in report["tunnels"] if t["name"].endswith("(instance 0)")]
    assert instance0["verdict"] == "pass"


def test_with_both_sessions_up_no_route_fix_is_asked():
    report = _report(_asa_text())
    assert [f["code"] for t in report["tunnels"] for f in t["findings"] if f["code"] == "ROUTE_MISSING"] == []


def test_the_route_fix_floats_behind_the_asas_own_bgp_distance():
    # review 2026-12-05 (break #4): `distance bgp 30 200 200` was skipped, and the fix at 21 still won over BGP at 30
    text = _asa_text().replace(NEIGHBOR_1, "")
    assert "router bgp 65020\n" in text
    text = text.replace(" bgp log-neighbor-changes\n", " bgp log-neighbor-changes\n address-family ipv4 unicast\n"
                        "  distance bgp 30 200 200\n exit-address-family\n", 1)
    [missing] = [f for t in _report(text)["tunnels"] for f in t["findings"] if f["code"] == "ROUTE_MISSING"]
    assert missing["remediation"]["asa"] == ["route AZURE-NEU-1 10.50.0.0 255.255.0.0 169.254.22.1 31"]


def test_moving_azures_bgp_neighbor_does_not_write_its_host_route_into_the_local_network_gateway():
    # review 2026-12-05 (estate #7): the fix for a mistyped bgpPeeringAddress also set localNetworkAddressSpace to the
    # new neighbor's /32 (Azure routes its BGP neighbor by itself; the model kept routing the old one's)
    single = os.path.join(os.path.dirname(FIXTURE), "vti_bgp_single")
    with open(os.path.join(single, "azure_resources.json"), encoding="utf-8") as handle:
        arm = json.load(handle)
    text = json.dumps(arm)
    assert text.count('"bgpPeeringAddress": "169.254.21.2"') == 1
    arm = json.loads(text.replace('"bgpPeeringAddress": "169.254.21.2"', '"bgpPeeringAddress": "169.254.21.6"'))
    with open(os.path.join(single, "asa_running_config.txt"), encoding="utf-8") as handle:
        report = run_check(asa_facts_from_text(handle.read()), azure_facts_from_data(arm))
    [mismatch] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_PEER_ADDRESS_MISMATCH"]
    fix = mismatch["remediation"]["azure"]["local_network_gateway"]["properties"]
    assert fix == {"bgpSettings": {"asn": fix["bgpSettings"]["asn"], "bgpPeeringAddress": "169.254.21.2"}}, fix
