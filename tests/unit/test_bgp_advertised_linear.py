# -*- coding: utf-8 -*-
"""What a route-based hub ASA advertises to each BGP neighbor, worked out in linear time (issue 12).

BgpNeighbors._advertised walked every ``network`` statement for every neighbor and re-sorted each route-map and
prefix-list for every network: with a VTI, a neighbor and a ``network`` per tunnel the adapter went from 0.16 s to
14.2 s between 200 and 2,000 tunnels. Now the originated networks are worked out once per process, each filter once
per name over all of them, and a neighbor's result once per (prefix-list out, route-map out).

The equivalence tests compare against ``ReferenceNeighbors``: the network-by-network loop as it was before (kept
verbatim below), on random route-based configs. VPNALIGN_BGP_ORIGINAL=<path to an older bgp.py> adds that whole
module as a second reference.
"""

import dataclasses
import importlib.util
import os
import random
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))

import synthetic  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import adapter  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.bgp import BgpNeighbors, Undecidable  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.bgp_filters import _prefix_matches  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import RouteTable  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import compact_end_dict  # noqa: E402

FACTOR = 10
BOUND = 2.5


# -- the implementation before issue 12's fix, as the reference (its per-network predicate is bgp's own) ----------------
class ReferenceNeighbors(BgpNeighbors):
    """``_advertised`` as it was: every network, every filter, for every neighbor."""

    def _advertised(self, neighbor, deps):
        process = self.process
        if process.redistribute:
            return None
        try:
            out = []
            for network, route_map, _line in process.networks:
                if not self.routes.has_exact(network):
                    continue
                if route_map is not None and not self._route_map_permits(route_map, network, deps):
                    continue
                if neighbor.prefix_list_out and not self._prefix_list_permits(neighbor.prefix_list_out, network, deps):
                    continue
                if neighbor.route_map_out and not self._route_map_permits(neighbor.route_map_out, network, deps):
                    continue
                out.append(str(network))
            return out
        except Undecidable:
            return None

    def _prefix_list_permits(self, name, network, deps):
        for entry in sorted(self._prefix_list(name, deps), key=lambda e: e.seq):
            if _prefix_matches(entry, network):
                return entry.action == "permit"
        return False

    def _route_map_permits(self, name, network, deps):
        for entry in sorted(self._route_map(name, deps), key=lambda e: e.seq):
            if entry.other_matches:
                self._unsupported_line(entry.other_matches[0], "route-map %s match clause" % name)
                raise Undecidable(name)
            if not entry.match_prefix_lists or any(
                self._prefix_list_permits(n, network, deps) for n in entry.match_prefix_lists
            ):
                return entry.action == "permit"
        return False


def _references():
    found = [ReferenceNeighbors]
    path = os.environ.get("VPNALIGN_BGP_ORIGINAL")
    if path:
        spec = importlib.util.spec_from_file_location("vpnalign_bgp_original", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.append(module.BgpNeighbors)
    return found


# -- random route-based configs ----------------------------------------------------------------------------------------
POOL = ["10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24", "10.2.0.0/24", "10.2.5.0/24", "10.1.0.0/16", "10.2.0.0/16",
        "10.0.0.0/8", "172.16.0.0/24", "172.16.1.0/24", "192.168.1.0/24", "10.1.1.128/25"]
LIST_PREFIXES = POOL + ["0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "172.16.0.0/16"]
LISTS = ["PL0", "PL1", "PL2", "PL3"]
MAPS = ["RM0", "RM1", "RM2", "RM3"]


def _mask(prefix):
    import ipaddress
    network = ipaddress.ip_network(prefix)
    return str(network.network_address), str(network.netmask)


def _prefix_list_lines(rng, name):
    lines = []
    for seq in rng.sample([5, 10, 15, 20, 25, 30, 40, 50], rng.randint(1, 4)):  # out of order
        prefix = rng.choice(LIST_PREFIXES)
        length = int(prefix.split("/")[1])
        line = "prefix-list %s seq %d %s %s" % (name, seq, rng.choice(("permit", "permit", "deny")), prefix)
        shape = rng.random()
        if shape < 0.3 and length < 32:
            line += " le %d" % rng.randint(length + 1, 32)
        elif shape < 0.45 and length < 31:
            ge = rng.randint(length + 1, 31)
            line += " ge %d" % ge + (" le %d" % rng.randint(ge, 32) if rng.random() < 0.5 else "")
        lines.append(line)
    return lines


def _route_map_lines(rng, name, lists):
    lines = []
    for seq in rng.sample([10, 20, 30, 40, 50], rng.randint(1, 3)):  # out of order
        lines.append("route-map %s %s %d" % (name, rng.choice(("permit", "permit", "deny")), seq))
        shape = rng.random()
        if shape < 0.6:
            names = rng.sample(lists, rng.randint(1, min(2, len(lists))))
            lines.append(" match ip address prefix-list %s" % " ".join(names))
        elif shape < 0.7:
            lines.append(" match ip address prefix-list %s NOPE-PL" % rng.choice(lists))
        elif shape < 0.78:
            lines.append(" match ip address prefix-list NOPE-PL %s" % rng.choice(lists))
        elif shape < 0.85:
            lines.append(" match community 100")  # not modelled: Undecidable once a network reaches it
        # else: no match clause, matches everything
    return lines


def random_config(seed, tunnels=6):
    """A route-based hub: synthetic's routed tunnels, with random networks, routes, prefix-lists and route-maps,
    shared and per neighbor, some undefined, some undecidable."""
    rng = random.Random(seed)
    text, _sites = synthetic.generate("routed", tunnels=tunnels)
    kept, in_map = [], False
    for line in text.splitlines():
        if line.startswith(("prefix-list ", "route-map ")) or (in_map and line.startswith(" match ")):
            in_map = line.startswith("route-map ")
            continue  # the generator's own filters; the neighbors get random ones below
        in_map = False
        kept.append(line)
    text = "\n".join(kept) + "\n"
    lists = LISTS[:rng.randint(1, len(LISTS))]
    defs = []
    for name in lists:
        defs += _prefix_list_lines(rng, name)
    maps = MAPS[:rng.randint(1, len(MAPS))]
    for name in maps:
        defs += _route_map_lines(rng, name, lists)

    def neighbor_filters(match):
        address = match.group(1)
        out = []
        choice = rng.random()
        if choice < 0.35:
            own = "OWN-%s" % address.replace(".", "-")
            defs.extend(_route_map_lines(rng, own, lists))
            out.append("  neighbor %s route-map %s out" % (address, own))
        elif choice < 0.65:
            out.append("  neighbor %s route-map %s out" % (address, rng.choice(maps)))
        elif choice < 0.7:
            out.append("  neighbor %s route-map NOPE-RM out" % address)
        if rng.random() < 0.3:
            out.append("  neighbor %s prefix-list %s out" % (address, rng.choice(lists + ["NOPE-OUT"])))
        return "\n".join(out) + ("\n" if out else "")

    text = re.sub(r"  neighbor (\S+) route-map R\d{5}-OUT out\n", neighbor_filters, text)
    networks, routes = [], []
    for prefix in rng.sample(POOL, rng.randint(2, 9)) + ([rng.choice(POOL)] if rng.random() < 0.2 else []):
        address, mask = _mask(prefix)
        line = "  network %s mask %s" % (address, mask)
        if rng.random() < 0.2:
            line += " route-map %s" % rng.choice(maps + ["NOPE-NET"] if rng.random() < 0.2 else maps)
        networks.append(line)
        if rng.random() < 0.75 and prefix != "10.0.0.0/8":  # 10.0.0.0/8 is inside's connected network
            routes.append("route inside %s %s 10.0.0.2" % (address, mask))
    if rng.random() < 0.1:
        networks.append("  redistribute static")
    text = text.replace("  network 10.0.0.0 mask 255.0.0.0\n", "\n".join(networks) + "\n")
    return text.replace("router bgp", "\n".join(defs + routes) + "\nrouter bgp", 1)


def _vtis(config):
    return [(i.nameif, i.address) for i in config.interfaces.values() if i.tunnel is not None and i.nameif]


def _neighbor_results(cls, config):
    """Per VTI: (bgp as a dict, its deps, its neighbor, the others), then the findings; as vti_ends calls it."""
    ctx = AdapterContext(config, "fw")
    neighbors = cls(ctx, RouteTable(config))
    out = []
    for nameif, address in _vtis(config):
        deps = set()
        bgp, neighbor, others = neighbors.for_vti(nameif, address, deps, "end %s" % nameif)
        out.append((dataclasses.asdict(bgp) if bgp is not None else None, sorted(deps, key=repr), neighbor, others))
    neighbors.unclaimed()
    return out, [f.to_dict() for f in ctx.findings]


def _adapter_output(text, cls, monkeypatch):
    config, _findings = parse_asa_config(text)
    with monkeypatch.context() as patch:
        patch.setattr(adapter, "BgpNeighbors", cls)
        ends, findings = adapter.asa_tunnel_ends(config, host="fw")
    return [compact_end_dict(end) for end in ends], [f.to_dict() for f in findings]


@pytest.mark.parametrize("seed", range(60))
def test_what_each_neighbor_is_sent_is_what_the_network_by_network_loop_gave(seed, monkeypatch):
    text = random_config(seed)
    for reference in _references():
        # the whole adapter, from the text (parse findings suppress some of the adapter's; deps scope them)
        assert _adapter_output(text, BgpNeighbors, monkeypatch) == _adapter_output(text, reference, monkeypatch)
        # and BgpNeighbors alone, on the parsed records without parse findings: every finding is the adapter's
        config, _findings = parse_asa_config(text)
        config.findings = []
        assert _neighbor_results(BgpNeighbors, config) == _neighbor_results(reference, config)


def test_the_random_configs_reach_every_case():
    """The equivalence above covers results, Undecidable neighbors and both kinds of finding."""
    seen = set()
    for seed in range(60):
        config, _findings = parse_asa_config(random_config(seed))
        config.findings = []
        results, findings = _neighbor_results(BgpNeighbors, config)
        for bgp, _deps, _neighbor, _others in results:
            if bgp is not None:
                advertised = bgp["advertised"]
                seen.add("none" if advertised is None else "empty" if not advertised else "some")
        seen.update(f["code"] for f in findings)
    assert {"none", "empty", "some", "UNDEFINED_REFERENCE", "UNSUPPORTED_CONSTRUCT"} <= seen, seen


# -- hand-computed ---------------------------------------------------------------------------------------------------
def _hub(neighbor_lines, defs, networks, routes):
    text, _sites = synthetic.generate("routed", tunnels=3)
    text = re.sub(r"prefix-list R\d{5}-OUT .*\n|route-map R\d{5}-OUT .*\n match .*\n", "", text)
    text = re.sub(r"  neighbor \S+ route-map R\d{5}-OUT out\n", "", text)
    text = text.replace("  neighbor 100.96.0.62 activate\n", "  neighbor 100.96.0.62 activate\n" + neighbor_lines[0])
    text = text.replace("  neighbor 100.96.0.126 activate\n", "  neighbor 100.96.0.126 activate\n" + neighbor_lines[1])
    text = text.replace("  neighbor 100.96.0.190 activate\n", "  neighbor 100.96.0.190 activate\n" + neighbor_lines[2])
    text = text.replace("  network 10.0.0.0 mask 255.0.0.0\n", networks)
    config, _findings = parse_asa_config(text.replace("router bgp", defs + routes + "router bgp", 1))
    config.findings = []
    results, findings = _neighbor_results(BgpNeighbors, config)
    return [r[0]["advertised"] for r in results], [(f["code"], f["scope"]) for f in findings]


NETWORKS = ("  network 10.1.1.0 mask 255.255.255.0\n"
            "  network 10.1.2.0 mask 255.255.255.0\n"
            "  network 10.2.0.0 mask 255.255.0.0\n"  # no route: never advertised
            "  network 10.0.0.0 mask 255.0.0.0\n")  # inside's connected network
ROUTES = "route inside 10.1.1.0 255.255.255.0 10.0.0.2\nroute inside 10.1.2.0 255.255.255.0 10.0.0.2\n"


def test_first_match_by_sequence_number_and_the_implicit_deny():
    defs = ("prefix-list A seq 10 permit 10.0.0.0/8 le 24\n"
            "prefix-list A seq 5 deny 10.1.2.0/24\n"  # seq 5 first, though written second
            "prefix-list B seq 5 permit 10.1.0.0/16 ge 24\n"
            "route-map OUT permit 10\n match ip address prefix-list A\n")
    advertised, findings = _hub(["  neighbor 100.96.0.62 route-map OUT out\n",
                                 "", "  neighbor 100.96.0.190 prefix-list B out\n"], defs, NETWORKS, ROUTES)
    assert advertised == [["10.1.1.0/24", "10.0.0.0/8"],
                          ["10.1.1.0/24", "10.1.2.0/24", "10.0.0.0/8"],  # no filter: all it originates
                          ["10.1.1.0/24", "10.1.2.0/24"]]  # /8 is not ge 24
    assert findings == []


def test_an_undecidable_filter_makes_only_its_neighbors_undecidable():
    defs = ("prefix-list A seq 5 permit 10.1.1.0/24\n"
            "route-map ODD permit 10\n match ip address prefix-list A\n"
            "route-map ODD permit 20\n match community 100\n")
    advertised, findings = _hub(["  neighbor 100.96.0.62 route-map ODD out\n",
                                 "  neighbor 100.96.0.126 route-map ODD out\n",
                                 "  neighbor 100.96.0.190 prefix-list NOPE out\n"], defs, NETWORKS, ROUTES)
    # 10.1.1.0/24 is decided by entry 10; 10.1.2.0/24 reaches entry 20's community match
    assert advertised == [None, None, None]
    assert findings == [("UNSUPPORTED_CONSTRUCT", ["end R00000", "end R00001"]),
                        ("UNDEFINED_REFERENCE", ["end R00002"])]


def test_a_network_its_own_route_map_cannot_decide_makes_every_neighbor_undecidable():
    networks = NETWORKS.replace("10.1.2.0 mask 255.255.255.0", "10.1.2.0 mask 255.255.255.0 route-map NET")
    defs = "route-map NET permit 10\n match ip address prefix-list GONE\n"
    advertised, findings = _hub(["", "", ""], defs, networks, ROUTES)
    assert advertised == [None, None, None]
    assert findings == [("UNDEFINED_REFERENCE", ["end R00000", "end R00001", "end R00002"])]


def test_a_route_map_that_decides_everything_before_the_undecidable_entry_is_decidable():
    defs = ("prefix-list ALL seq 5 permit 0.0.0.0/0 le 32\n"
            "route-map OUT deny 5\n match ip address prefix-list ALL\n"
            "route-map OUT permit 10\n match community 100\n")
    advertised, findings = _hub(["  neighbor 100.96.0.62 route-map OUT out\n", "", ""], defs, NETWORKS, ROUTES)
    assert advertised[0] == [] and findings == []


def test_ends_do_not_share_the_advertised_list():
    advertised, _findings = _hub(["", "", ""], "", NETWORKS, ROUTES)
    config, _findings = parse_asa_config(random_config(3))
    ends, _findings = adapter.asa_tunnel_ends(config, host="fw")
    lists = [end.bgp.advertised for end in ends if end.bgp is not None and end.bgp.advertised is not None]
    assert len(set(map(id, lists))) == len(lists)
    assert advertised[0] == advertised[1] == ["10.1.1.0/24", "10.1.2.0/24", "10.0.0.0/8"]


# -- linear time ------------------------------------------------------------------------------------------------------
def _hub_with_networks(tunnels, shared):
    """synthetic's routed hub (a VTI, a neighbor and its route-map out per tunnel) with a ``network`` and its route
    per tunnel, as the audit measured it; ``shared``: every neighbor the same route-map, which permits a few."""
    text, _sites = synthetic.generate("routed", tunnels=tunnels)
    nets = "".join("  network 10.%d.%d.0 mask 255.255.255.0\n" % (i // 250 + 1, i % 250) for i in range(tunnels))
    routes = "".join("route inside 10.%d.%d.0 255.255.255.0 10.0.0.2\n" % (i // 250 + 1, i % 250)
                     for i in range(tunnels))
    text = text.replace("  no auto-summary\n", nets + "  no auto-summary\n").replace(": end", routes + ": end")
    if shared:
        text = re.sub(r"route-map R\d{5}-OUT out", "route-map TO-AZURE out", text)
        text = text.replace(": end", "prefix-list FEW seq 5 permit 10.1.0.0/22 le 24\n"
                            "route-map TO-AZURE deny 5\n match ip address prefix-list NONE\n"
                            "prefix-list NONE seq 5 deny 0.0.0.0/0 le 32\n"
                            "route-map TO-AZURE permit 10\n match ip address prefix-list FEW\n: end")
    config, _findings = parse_asa_config(text)
    return config


@pytest.mark.parametrize("shared", [False, True], ids=["own-route-maps", "shared-route-map"])
def test_what_neighbors_are_sent_costs_linear_time_in_the_tunnels(shared):
    """10x the tunnels (a neighbor and a network each), at most 2.5x the cost per tunnel of BgpNeighbors and its
    for_vti per VTI. Before the fix it was 10x: each neighbor walked every network."""

    def per_tunnel(tunnels):
        config = _hub_with_networks(tunnels, shared)
        table, vtis = RouteTable(config), _vtis(config)
        best, sent = float("inf"), None
        for _run in range(5):  # the lowest: a busy neighbour only makes a run slower
            ctx = AdapterContext(config, "bench")
            with gc_paused():
                started = time.process_time()
                neighbors = BgpNeighbors(ctx, table)
                sent = [neighbors.for_vti(nameif, address, set(), nameif)[0] for nameif, address in vtis]
                best = min(best, time.process_time() - started)
        advertised = [bgp.advertised for bgp in sent if bgp is not None]
        assert len(advertised) > tunnels * 0.8
        if shared:
            assert all(a == ["10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24", "10.1.3.0/24"] for a in advertised)
        else:
            # synthetic's network 10.0.0.0/8 (inside's connected network): the route-maps permit that one exactly
            assert all(a == ["10.0.0.0/8"] for a in advertised)
        return best / tunnels

    small, large = per_tunnel(60), per_tunnel(60 * FACTOR)
    assert large <= BOUND * small, (small, large, round(large / small, 2))
