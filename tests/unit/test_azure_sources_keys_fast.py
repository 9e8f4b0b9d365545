# -*- coding: utf-8 -*-
"""Reading several Azure exports together makes each resource's id key once (issue 12): the merge takes the keys
each input's index made (AzureIndex.by_id, in the order of AzureIndex.order), and the index that records which
resources were read makes one key per look-up. Both give what the general path gives: every key made again from
the resource's id, AzureIndex.get then id_key for the record."""

import copy
import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import facts
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureIndex, id_key, load_resources

from azure_arm_builders import export


class GeneralReadIndex(AzureIndex):
    """facts._ReadIndex as it was: AzureIndex.get, then the key made again for ``read``."""

    def __init__(self):
        super(GeneralReadIndex, self).__init__()
        self.read = set()

    def get(self, resource_id, resource_type=None):
        found = super(GeneralReadIndex, self).get(resource_id, resource_type)
        if found is not None:
            self.read.add(id_key(resource_id))
        return found


def reference_sources(sources):
    """azure_sources_facts_and_ends as it was: each resource's key made from its id for the merge and the index."""
    indexes, merged, origin_of = [], GeneralReadIndex(), {}
    for data, origin in sources:
        index = load_resources(data)
        facts.check_properties(index)
        indexes.append((index, origin))
        for resource in index.order:
            key = id_key(resource.id)
            if key not in merged.by_id:
                merged.add(resource)
                origin_of[key] = (origin, resource)
            else:
                facts._merge(merged, origin_of, resource, origin, key)
    ends, findings = azure_tunnel_ends(merged)
    ends_of, findings_of, used = {}, {}, {}
    for end in ends:
        ends_of.setdefault(origin_of[id_key(end.ref["id"])][0], []).append(end)
    for finding in findings:
        findings_of.setdefault(facts._finding_origin(finding, origin_of) or indexes[0][1], []).append(finding)
    for key in merged.read:
        used[origin_of[key][0]] = used.get(origin_of[key][0], 0) + 1
    return [(facts._source_facts(index, "src", findings_of.get(origin, [])), ends_of.get(origin, []),
             used.get(origin, 0)) for index, origin in indexes]


def _respell(resource_id, rng):
    """The same ARM id as another export may write it: case changed, a trailing slash."""
    spelled = "".join(c.upper() if rng.random() < 0.3 else c for c in resource_id)
    return spelled + ("/" if rng.random() < 0.3 else "")


def _split_estate(rng):
    """An estate's resources spread over 1-4 exports, ids respelled, some resources in two exports (same
    properties), some connections embedding their gateway, unrelated and unknown-type resources, duplicates."""
    resources = export(active_active=rng.random() < 0.5, enable_bgp=rng.random() < 0.5)
    extra = [{"name": "OTHER-LNG", "id": "/subscriptions/s/resourceGroups/other/providers/Microsoft.Network/"
              "localNetworkGateways/OTHER-LNG", "type": "Microsoft.Network/localNetworkGateways",
              "properties": {"gatewayIpAddress": "198.51.100.99"}},
             {"name": "kv", "id": "/subscriptions/s/resourceGroups/other/providers/Microsoft.KeyVault/vaults/kv",
              "type": "Microsoft.KeyVault/vaults", "properties": {}}]
    resources += extra
    if rng.random() < 0.3:  # the connection embeds its gateway, as old API versions return it
        gateway = next(r for r in resources if r["type"].endswith("virtualNetworkGateways"))
        resources[0]["properties"]["virtualNetworkGateway1"] = copy.deepcopy(gateway)
        if rng.random() < 0.5:
            resources.remove(gateway)
    count = rng.randint(1, 4)
    sources = [[] for _i in range(count)]
    for resource in resources:
        chosen = rng.sample(range(count), rng.randint(1, min(2, count))) \
            if not resource["type"].endswith("connections") else [rng.randrange(count)]
        for at in chosen:
            copied = copy.deepcopy(resource)
            copied["id"] = _respell(copied["id"], rng)
            sources[at].append(copied)
            if rng.random() < 0.1:  # the same resource twice in one export: the first stands
                sources[at].append(copy.deepcopy(copied))
    return [(data, "export%d.json" % i) for i, data in enumerate(sources)]


def _outcome(read):
    return [(found, [vars(end) for end in ends], used) for found, ends, used in read]


def test_sources_read_together_give_what_the_general_path_gives():
    rng = random.Random(23)
    used_seen = set()
    for _round in range(150):
        sources = _split_estate(rng)
        got = facts.azure_sources_facts_and_ends(copy.deepcopy(sources))
        expected = reference_sources(copy.deepcopy(sources))
        assert _outcome(got) == _outcome(expected)
        used_seen.update(used for _facts, _ends, used in got)
    assert max(used_seen) >= 3  # resources were read across the exports


def test_an_index_holds_its_order_under_the_keys_of_its_ids():
    """What the merge relies on: by_id's items are index.order's resources, in its order, under id_key of their id."""
    rng = random.Random(5)
    for _round in range(100):
        for data, _origin in _split_estate(rng):
            index = load_resources(data)
            assert [(key, id(r)) for key, r in index.by_id.items()] == [(id_key(r.id), id(r)) for r in index.order]


def test_the_read_index_finds_and_records_what_the_general_one_does():
    resources = load_resources(export()).order
    fast, general = facts._ReadIndex(), GeneralReadIndex()
    for resource in resources:
        fast.add(resource)
        general.add(resource)
    rng = random.Random(9)
    probes = [None, 3, "", "/", "  ", ["x"]] + [r.id for r in resources]
    probes += [_respell(r.id, rng) for r in resources] + [" %s/ " % r.id for r in resources]
    types = [None, "connections", "virtualNetworkGateways", "publicIPAddresses", "nope"]
    for probe in probes:
        for kind in types:
            assert fast.get(probe, kind) is general.get(probe, kind), (probe, kind)
            assert fast.read == general.read
    assert len(fast.read) == len(resources)
