# -*- coding: utf-8 -*-
"""A gateway ASN fix shared by every connection of a hub must be proven in time linear in the connections."""
import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils import proof
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import SUB, asa_text, azure as azure_gateway


def hub(n):
    """One gateway (AS 65515), n spokes each with its own ASA (VTI + BGP, AS 64600+i) and LNG; the even spokes'
    connections run BGP, the odd ones do not (BGP_NOT_CONFIGURED: Azure's fix sets the gateway's ASN)."""
    base = azure_gateway([("default", "203.0.113.50", "10.50.255.4", ["169.254.21.1"])], "169.254.21.2", False)
    conn0 = [r for r in base if r["name"] == "conn"][0]
    lng0 = [r for r in base if r["name"] == "lng"][0]
    resources, asas = [r for r in base if r["name"] not in ("conn", "lng")], []
    for i in range(n):
        outside, lan = "100.64.0.%d" % (i + 20), "10.100.%d" % i
        text = asa_text([(1, "169.254.21.2", "203.0.113.50")],
                        ["neighbor 169.254.21.1 remote-as 65515", "neighbor 169.254.21.1 activate"])
        text = (text.replace("hostname dc-asa", "hostname asa%d" % i)
                .replace("198.51.100.20 255.255.255.240", outside + " 255.255.255.0")
                .replace("198.51.100.17", "100.64.0.1").replace("router bgp 65020", "router bgp %d" % (64600 + i))
                .replace("10.2.0.1 255.255.0.0", lan + ".1 255.255.255.0")
                .replace("network 10.2.0.0 mask 255.255.0.0", "network %s.0 mask 255.255.255.0" % lan))
        asas.append(asa_facts_from_text(text))
        conn, lng = copy.deepcopy(conn0), copy.deepcopy(lng0)
        conn.update(name="conn%d" % i, id=SUB + "/connections/conn%d" % i)
        conn["properties"]["localNetworkGateway2"]["id"] = SUB + "/localNetworkGateways/lng%d" % i
        conn["properties"]["enableBgp"] = i % 2 == 0
        lng.update(name="lng%d" % i, id=SUB + "/localNetworkGateways/lng%d" % i)
        lng["properties"].update(gatewayIpAddress=outside,
                                 bgpSettings={"asn": 64600 + i, "bgpPeeringAddress": "169.254.21.2"},
                                 localNetworkAddressSpace={"addressPrefixes": [lan + ".0/24"]})
        resources += [conn, lng]
    return asas, azure_facts_from_data(resources)


def _engine_runs(monkeypatch, n):
    calls = []
    real = proof.check_tunnel
    monkeypatch.setattr(proof, "check_tunnel", lambda *a, **k: calls.append(1) or real(*a, **k))
    report = run_check(*hub(n))
    assert len(report["tunnels"]) == n
    fixes = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_NOT_CONFIGURED"]
    assert len(fixes) == n // 2 and all(f["proof"]["azure"]["proven"] for f in fixes)
    return len(calls)


def test_a_gateway_asn_fix_shared_by_a_hub_is_proven_in_linear_engine_runs(monkeypatch):
    small, large = _engine_runs(monkeypatch, 20), _engine_runs(monkeypatch, 80)
    # 4x the connections: about 4x the engine runs (before: ~13x, every fixing tunnel re-ran every BGP user)
    assert large <= 5 * small, (small, large)
