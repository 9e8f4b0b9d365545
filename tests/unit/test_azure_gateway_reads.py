# -*- coding: utf-8 -*-
"""A gateway's instances and VNet prefixes read once for all its connections (gateway.GatewayReads, issue 12)
give the ends and findings the per-connection reading gives: on exports whose gateways carry several
connections with different policies, selectors and NAT rules, active-active or not, with BGP, transit-peered
VNets and hostile values in the gateway, its public IPs and its VNet. A gateway with something wrong is
reported on every connection it carries, and no end shares a list, dict or dataclass object with another end
or with the input."""

import copy
import json
import os
import random
import sys

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import load_resources
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import compact_end_dict

from azure_arm_builders import GW_ID, NET, export, nat_rule
from test_compact_facts_round_trip import mutable_ids

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))

import synthetic  # noqa: E402

POLICIES = [
    [],
    [{"saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "GCMAES256",
      "ipsecIntegrity": "GCMAES256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "ECP256",
      "pfsGroup": "ECP256"}],
    [{"saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 2048, "ipsecEncryption": "AES256",
      "ipsecIntegrity": "SHA256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA384", "dhGroup": "DHGroup14",
      "pfsGroup": "None"}],
    [{"ipsecEncryption": "GCMAES128", "ipsecIntegrity": "SHA256", "ikeEncryption": "AES128"}],  # broken rules
]
# values put where the gateway, its public IPs and its VNet hold addresses, prefixes and ids
HOSTILE = [None, "", "not an address", "10.0.0.0/33", "300.1.1.1", 7, [], {}, ["10.1.0.0/16"], "10.9.0.0/16",
           "2001:db8::/48", "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/none"]


def _shared_gateway_export(rng, connections, **options):
    """azure_arm_builders' gateway and VNet with ``connections`` connections on it, each with its own local
    network gateway, policy, selector switch and NAT rules."""
    data = export(**options)
    base = next(r for r in data if r["type"] == "Microsoft.Network/connections")
    lng = next(r for r in data if r["type"] == "Microsoft.Network/localNetworkGateways")
    for n in range(1, connections):
        conn, branch = copy.deepcopy(base), copy.deepcopy(lng)
        conn["name"] = "CONN-%d" % n
        conn["id"] = "%s/connections/CONN-%d" % (NET, n)
        branch["name"] = "BRANCH-%d" % n
        branch["id"] = "%s/localNetworkGateways/BRANCH-%d" % (NET, n)
        branch["properties"]["gatewayIpAddress"] = "198.51.100.%d" % (50 + n)
        branch["properties"]["localNetworkAddressSpace"]["addressPrefixes"] = ["192.168.%d.0/24" % n]
        props = conn["properties"]
        props["localNetworkGateway2"] = {"id": branch["id"]}
        props["ipsecPolicies"] = copy.deepcopy(rng.choice(POLICIES))
        props["usePolicyBasedTrafficSelectors"] = rng.random() < 0.5
        props["useLocalAzureIpAddress"] = rng.random() < 0.2
        if rng.random() < 0.3:
            props["trafficSelectorPolicies"] = [{"localAddressRanges": ["10.20.%d.0/24" % n],
                                                 "remoteAddressRanges": ["192.168.%d.0/24" % n]}]
        data += [conn, branch]
    return data


def _spoke(data, rng):
    """A VNet peered to the hub that uses its gateway (its prefixes are the gateway's too)."""
    hub = next(r for r in data if r["type"] == "Microsoft.Network/virtualNetworks")
    spoke_id = NET + "/virtualNetworks/SPOKE"
    data.append({"name": "SPOKE", "id": spoke_id, "type": "Microsoft.Network/virtualNetworks",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.30.0.0/16", rng.choice(HOSTILE[8:])]},
                                "virtualNetworkPeerings": [{"name": "to-hub", "properties": {
                                    "remoteVirtualNetwork": {"id": hub["id"]}, "useRemoteGateways": True,
                                    "peeringState": "Connected"}}]}})


def _spoil(data, rng):
    """One hostile value in the gateway, a public IP or the VNet."""
    kind = rng.choice(["gateway", "pip", "vnet", "subnet", "bgp", "configs"])
    gateway = next(r for r in data if r["type"] == "Microsoft.Network/virtualNetworkGateways")["properties"]
    value = rng.choice(HOSTILE)
    if kind == "gateway":
        gateway[rng.choice(["vpnType", "activeActive", "enablePrivateIpAddress"])] = value
    elif kind == "pip":
        pip = next(r for r in data if r["type"] == "Microsoft.Network/publicIPAddresses")["properties"]
        pip["ipAddress"] = value
    elif kind == "vnet":
        vnet = next(r for r in data if r["type"] == "Microsoft.Network/virtualNetworks")["properties"]
        vnet["addressSpace"]["addressPrefixes"].append(value)
    elif kind == "subnet":
        gateway["ipConfigurations"][0]["properties"]["subnet"] = {"id": value}
    elif kind == "bgp":
        gateway["bgpSettings"]["bgpPeeringAddresses"][0]["defaultBgpIpAddresses"] = [value]
    else:
        gateway["ipConfigurations"] = gateway["ipConfigurations"][:1] + gateway["ipConfigurations"]
    return kind


def _exports():
    rng = random.Random(30)
    out = []
    for _round in range(60):
        options = {"active_active": rng.random() < 0.5, "enable_bgp": rng.random() < 0.5,
                   "vnet_prefixes": rng.choice([("10.20.0.0/16",), ("10.20.0.0/16", "10.21.0.0/16", "fd00::/48")])}
        if rng.random() < 0.3:
            options["nat_rules"] = [nat_rule("EG", "EgressSnat", "10.20.0.0/16", "100.64.0.0/16",
                                             instance=rng.choice([None, 0, 1]))]
            options["egress"] = ["%s/natRules/EG" % GW_ID]
        data = _shared_gateway_export(rng, rng.randrange(2, 7), **options)
        if rng.random() < 0.3:
            _spoke(data, rng)
        if rng.random() < 0.6:
            _spoil(data, rng)
        rng.shuffle(data)
        out.append(data)
    text, sites = synthetic.generate("many", tunnels=95)  # the benchmark's export: a gateway per connection
    out.append(synthetic.azure_export(sites, faults=True))
    return out


def _read(data, share):
    return azure_tunnel_ends(load_resources(copy.deepcopy(data)), share_gateway_reads=share)


EXPORTS = _exports()


@pytest.mark.parametrize("number", range(len(EXPORTS)))
def test_ends_and_findings_are_those_of_the_reading_per_connection(number):
    data = EXPORTS[number]
    shared_ends, shared_findings = _read(data, True)
    ends, findings = _read(data, False)
    assert shared_ends == ends
    assert [compact_end_dict(e) for e in shared_ends] == [compact_end_dict(e) for e in ends]
    assert json.dumps([f.to_dict() for f in shared_findings], sort_keys=True, default=str) == \
        json.dumps([f.to_dict() for f in findings], sort_keys=True, default=str)


@pytest.mark.parametrize("number", range(len(EXPORTS)))
def test_no_end_shares_a_container_with_another_or_with_the_input(number):
    index = load_resources(copy.deepcopy(EXPORTS[number]))
    ends, _findings = azure_tunnel_ends(index)
    seen = mutable_ids([r.properties for r in index.order], set())
    for end in ends:
        own = mutable_ids(end, set())
        assert not own & seen, end.name
        seen |= own


def test_a_bad_gateway_is_reported_on_every_connection_it_carries():
    rng = random.Random(4)
    data = _shared_gateway_export(rng, 5, active_active=False)
    pip = next(r for r in data if r["type"] == "Microsoft.Network/publicIPAddresses")
    pip["properties"]["ipAddress"] = "not an address"
    vnet = next(r for r in data if r["type"] == "Microsoft.Network/virtualNetworks")
    vnet["properties"]["addressSpace"]["addressPrefixes"].append("10.0.0.0/33")
    ends, findings = azure_tunnel_ends(load_resources(data))
    names = sorted({e.name for e in ends})
    assert len(names) == 5
    for bad in ("ipAddress", "addressSpace.addressPrefixes[1]"):
        reported = sorted(f.evidence["azure"]["connection"] for f in findings
                          if f.code == "INVALID_VALUE" and f.evidence["azure"]["property"] == bad)
        assert reported == names, bad
    assert all({"local_address", "local_networks"} <= set(e.unknowns) for e in ends)
