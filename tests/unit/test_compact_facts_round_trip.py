# -*- coding: utf-8 -*-
"""The facts a module returns (compact_end_dict) rebuild the same tunnel end: the live check (facts through
hostvars) and the offline check (the ends as read) must give the same report. An empty list is not a
missing value there: a route-based ASA end that routes nothing into its tunnel lost its empty
routed_networks in the facts, read back as "not decidable", and the check over facts said nothing of the
missing route that the check over the same config's ends reports."""

import copy
import dataclasses
import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_and_ends, asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_and_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import ReadEnds
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    ChildSaProposal,
    ConfigLine,
    TunnelEnd,
    copy_end,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import (
    compact_end_dict,
    tunnel_end_from_dict,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import load_json_text

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_static")
# the route into the tunnel, and the tunnel's address (whose subnet is a connected route into it)
ROUTING_INTO_TUNNEL = ("route azure-uks 10.30.0.0 255.255.0.0 169.254.100.2 1\n", " ip address 169.254.100.1 255.255.255.252\n")


def _through_facts(end):
    return tunnel_end_from_dict(json.loads(json.dumps(compact_end_dict(end))))


def _codes(report):
    return sorted({f["code"] for tunnel in report["tunnels"] for f in tunnel["findings"]})


def _vti_that_routes_nothing():
    with open(os.path.join(FIXTURE, "asa_running_config.txt")) as handle:
        text = handle.read()
    for line in ROUTING_INTO_TUNNEL:
        assert text.count(line) == 1
        text = text.replace(line, "")
    return text


def _azure():
    with open(os.path.join(FIXTURE, "azure_resources.json"), "rb") as handle:
        return ReadEnds(*azure_facts_and_ends(load_json_text(handle.read()), source="src"))


def test_a_vti_that_routes_nothing_is_route_missing_from_facts_as_from_the_config():
    text = _vti_that_routes_nothing()
    facts = asa_facts_from_text(text, source="src")
    ends = ReadEnds(*asa_facts_and_ends(text, source="src"))
    assert [end.routed_networks for end in ends.ends] == [[]]
    azure = _azure()
    from_facts = run_check([json.loads(json.dumps(facts))], [azure.facts_dict()])
    from_ends = run_check([ends], [azure])
    assert "ROUTE_MISSING" in _codes(from_ends)
    assert _codes(from_facts) == _codes(from_ends)


def test_empty_lists_stay_empty_and_defaults_stay_left_out():
    end = TunnelEnd(vendor="azure", name="c1", routed_networks=[], child_proposals_responder=[],
                    child_proposals=[ChildSaProposal(label="p1", encryption=("AES-GCM-256",), integrity=(), dh_groups=(0,))])
    rebuilt = _through_facts(end)
    assert rebuilt == end
    assert rebuilt.routed_networks == [] and rebuilt.responder_child() == []
    plain = TunnelEnd(vendor="azure", name="c2")
    compact = compact_end_dict(plain)
    assert not {"routed_networks", "child_proposals_responder", "ike_proposals_responder", "bgp",
                "unknowns", "pfs_source", "tunnel_address", "max_tcp_mss"} & set(compact)
    assert _through_facts(plain) == plain


def mutable_ids(value, found):
    """ids of every list, dict and dataclass object inside ``value`` (ConfigLines are frozen), each visited once."""
    if isinstance(value, (list, dict)) or (dataclasses.is_dataclass(value) and not isinstance(value, ConfigLine)):
        if id(value) in found:
            return found
        found.add(id(value))
    children = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else (
        [getattr(value, f.name) for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value) else ())
    for child in children:
        mutable_ids(child, found)
    return found


def test_copy_end_equals_deepcopy_and_shares_nothing_that_can_change():
    """The two ends of an active-active connection are copies of one (azure adapter): a change to one (its
    instance's address, its BGP) must not show in the other."""
    with open(os.path.join(FIXTURE, "..", "vti_bgp_active_active", "azure_resources.json"), "rb") as handle:
        _facts, ends = azure_facts_and_ends(load_json_text(handle.read()), source="src")
    assert len(ends) == 2 and ends[0].local_address != ends[1].local_address
    for end in ends:
        copied = copy_end(end)
        assert copied == end == copy.deepcopy(end)
        assert not mutable_ids(copied, set()) & mutable_ids(end, set())
    assert not mutable_ids(ends[0], set()) & mutable_ids(ends[1], set())
