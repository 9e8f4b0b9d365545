# -*- coding: utf-8 -*-
"""The Azure facts reader's fast paths of issue 12's sixth pass give what the general ones give, on
varied and hostile input: a resource's property look-up through its folded key map against ``prop``,
one split of a resource id against ``id_segment`` per segment, the resource walk's direct yield
against the nested one, evidence's own writing of JSON words and ints against json.dumps, the
connection ref's copy against the recursive tree copy, an end's and a proposal's copies against
copy.copy and dataclasses.replace; the SKU rules' evidence lines, now made only for a finding."""

import copy
import dataclasses
import enum
import json
import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import adapter, evidence, policy, resources
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureResource, id_segment, prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ChildSaProposal, ConfigLine, TunnelEnd

from azure_arm_builders import export

# spellings that fold alike (case, sharp s, dotted capital I, Kelvin sign), other keys and odd ones
KEYS = ["enableBgp", "EnableBGP", "ENABLEBGP", "enablebgp", "sharedKey", "SHAREDKEY", "straße", "STRASSE",
        "strasse", "\u0130d", "i\u0307d", "id", "\u212aey", "key", "Key", "properties", "Properties", "", " id"]
VALUES = [None, True, False, 0, 7, "x", "", [], [1, "a"], {}, {"id": "/a"}, {"enableBgp": 1, "Id": 2}]


def _random_tree(rng, depth):
    tree = {}
    for _round in range(rng.randrange(0, 7)):
        key = rng.choice(KEYS)
        if depth and rng.random() < 0.3:
            tree[key] = _random_tree(rng, depth - 1)
        else:
            tree[key] = rng.choice(VALUES)
    if rng.random() < 0.1:
        tree[rng.choice([1, None, (1, 2)])] = "not a str key"
    return tree


def _resource(properties):
    return AzureResource(id="/x", name="x", type="connections", properties=properties)


def test_resource_get_finds_what_prop_finds():
    rng = random.Random(12)
    checked = 0
    for _round in range(3000):
        resource = _resource(_random_tree(rng, 3))
        for _lookup in range(8):
            keys = tuple(rng.choice(KEYS) for _depth in range(rng.randrange(1, 4)))
            found, expected = resource.get(*keys), prop(resource.properties, *keys)
            assert found is expected, keys
            checked += 1
    assert checked == 24000
    assert _resource({"a": 1}).get() == {"a": 1} == prop({"a": 1})


def test_resource_get_follows_a_dict_that_changed_size():
    properties = {"EnableBGP": 1}
    resource = _resource(properties)
    assert resource.get("enableBgp") == 1
    properties["ENABLEBGP"] = 2  # added after the first look-up: the first folded spelling still wins
    del properties["EnableBGP"]
    properties["sharedkey"] = 3
    for key in ("enableBgp", "sharedKey", "SharedKey", "other"):
        assert resource.get(key) == prop(properties, key)
    assert resource.get("sharedKey") == 3 and resource.get("enableBgp") == 2


def test_resource_get_looks_in_nested_properties_as_prop_does():
    properties = {"properties": {"EnableBgp": 5, "bgpSettings": {"asn": 65010}}, "Properties": {"x": 1}}
    resource = _resource(properties)
    for keys in (("enableBgp",), ("bgpSettings", "asn"), ("x",), ("properties", "EnableBgp"), ("nothing",)):
        assert resource.get(*keys) == prop(properties, *keys), keys


def test_one_split_of_an_id_finds_each_segment():
    rng = random.Random(5)
    parts = ["subscriptions", "SUBSCRIPTIONS", "resourceGroups", "resourcegroups", "RESOURCEGROUPS", "rg",
             "RG-ß", "İ", "\u212a", "providers", "Microsoft.Network", "", "x"]
    for n in range(5000):
        rid = "/".join(rng.choice(parts) for _round in range(rng.randrange(0, 9)))
        if n % 2:  # half of them as ARM writes ids, then anything
            rid = "/subscriptions/%s/resourceGroups/%s" % (rng.choice(parts), rid)
        rid = rng.choice(["", "/", "//"]) + rid + rng.choice(["", "/", "//"])
        expected = (id_segment(rid, "resourceGroups"), id_segment(rid, "subscriptions"))
        assert resources._group_and_subscription(rid) == expected, rid


def _nested_items(data, position):
    """The resource walk before issue 12's sixth pass: a generator per item."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from _nested_items(item, "%s[%d]" % (position, i))
    elif isinstance(data, dict) and isinstance(data.get("value"), list) and "id" not in data:
        yield from _nested_items(data["value"], position + ".value")
    elif isinstance(data, dict):
        yield position or "[0]", data
    else:
        raise resources.AzureInputError("not a resource")


def test_resource_walk_yields_what_the_nested_walk_yields():
    shapes = [
        [{"id": "/a"}, {"value": [{"id": "/b"}, {"value": [{"id": "/c"}]}]}, [{"id": "/d"}, []],
         {"id": "/e", "value": [{"id": "/f"}]}, {"value": "not a list"}, {}],
        {"value": [[{"id": "/g"}], {"value": []}]},
        {"id": "/h"},
        [[[]]],
    ]
    for shape in shapes:
        got = list(resources._items(shape, ""))
        assert got == list(_nested_items(shape, ""))
        assert all(a[1] is b[1] for a, b in zip(got, _nested_items(shape, "")))
    for bad in ([{"id": "/a"}, 3], [[None]]):
        for walk in (resources._items, _nested_items):
            try:
                list(walk(bad, ""))
            except resources.AzureInputError:
                continue
            raise AssertionError("%r walked" % (bad,))


class _Level(enum.IntEnum):
    HIGH = 3


class _Text(str):
    pass


def test_evidence_writes_values_as_json_does():
    values = [None, True, False, 0, -1, 7, 10 ** 40, -(10 ** 40), 1.5, float("nan"), _Level.HIGH,
              [], {}, [1, None, True], {"b": 1, "a": [False]}, (1, 2), "text", _Text("sub")]
    for value in values:
        expected = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        assert evidence.show(value) == expected
        assert type(evidence.show(value)) is type(expected)


def test_ref_copy_equals_the_tree_copy_and_shares_no_container():
    rng = random.Random(11)
    for _round in range(500):
        ref = {"connection": "c", "n": rng.randrange(9), "on": rng.random() < 0.5, "none": None,
               "f": 1.5, "t": _Text("t"), "tuple": (1, "a"), "policy": _random_tree(rng, 2),
               "public_ips": ["203.0.113.1"], "nat_rules": [{"name": "r", "mode": "EgressSnat"}]}
        copied, expected = adapter._ref_copy(ref), adapter._tree_copy(ref)
        _same_tree(copied, expected, ref)


def _same_tree(copied, expected, original):
    """Equal, of the same types and key order at every depth; containers new, anything else shared."""
    assert type(copied) is type(expected)
    if isinstance(copied, (dict, list)):
        assert copied is not original and len(copied) == len(expected) == len(original)
        if isinstance(copied, dict):
            assert list(copied) == list(expected) == list(original)
            for key in copied:
                _same_tree(copied[key], expected[key], original[key])
        else:
            for item in zip(copied, expected, original):
                _same_tree(*item)
    else:
        assert copied is expected is original or copied == expected


def test_end_copies_equal_what_copy_and_replace_make():
    end = TunnelEnd(vendor="azure", name="c", ref={"a": [1]}, local_networks=["10.0.0.0/8"])
    copied = adapter._shallow_copy(end)
    assert copied == copy.copy(end) and copied is not end and copied.__class__ is TunnelEnd
    assert all(getattr(copied, f.name) is getattr(end, f.name) for f in dataclasses.fields(end))
    child = ChildSaProposal(label="p", encryption=("AES-GCM-256",), integrity=(), dh_groups=(19,),
                            source=(ConfigLine(0, "x"),), ignored_integrity=("SHA1",))
    same = policy._same_proposal(child)
    assert same == dataclasses.replace(child) and same is not child and same.__class__ is ChildSaProposal


POLICY = {"saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "AES256",
          "ipsecIntegrity": "SHA256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
          "pfsGroup": "PFS2048"}


def _sku_findings(**kwargs):
    _ends, findings = adapter.azure_tunnel_ends(export(enable_bgp=False, active_active=False, **kwargs))
    return [(f.summary.split(" ")[1:4], [e["text"] for e in f.evidence["azure"]["lines"]])
            for f in findings if f.code == "AZURE_SKU_UNSUPPORTED"]


def test_sku_rules_cite_the_gateway_sku_and_type_lines_in_their_findings():
    assert _sku_findings(connection={"ipsecPolicies": [POLICY]}) == []
    basic = _sku_findings(sku="Basic", connection={"ipsecPolicies": [POLICY], "connectionProtocol": "IKEv1"})
    assert [lines[:2] for _words, lines in basic] == [
        ["HUB-VNG: sku.name = Basic", "HUB-VNG: vpnType = RouteBased"],
        ["HUB-VNG: vpnType = RouteBased", "HUB-VNG: sku.name = Basic"]]
    policy_based = _sku_findings(sku="VpnGw1", vpn_type="PolicyBased")
    assert [lines for _words, lines in policy_based] == [
        ["HUB-VNG: vpnType = PolicyBased", "HUB-to-BRANCH: connectionProtocol = IKEv2"],
        ["HUB-VNG: vpnType = PolicyBased", "HUB-VNG: sku.name = VpnGw1"]]
    odd_sku = _sku_findings(gateway={"sku": {"name": 7}}, vpn_type="PolicyBased",
                            connection={"connectionProtocol": "IKEv1"})
    assert odd_sku == []  # a SKU that is no text is not compared (no line for it either)
