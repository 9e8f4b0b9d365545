# -*- coding: utf-8 -*-
"""Every stage after reading the files stays linear (issue 12): the CPU cost per line or per tunnel
at 10x the input is at most 2.5x that at the smaller size (a quadratic stage would be 10x).

Ratios of CPU time in one run, never absolute times: the machine may be shared. The pipeline is
benchmarks/pipeline_bench.py's, on its synthetic configs (policy-based with few and many selectors per
tunnel; route-based VTIs, most with BGP; Azure faults in three of four connections so proofs and alignment run).
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))

import pipeline_bench  # noqa: E402

# Stages timed as a whole; pairing alone is too short at the small size to time reliably, so it is
# checked at sizes where it takes measurable time (below).
STAGES = ("parse", "adapter", "facts", "azure", "rebuild", "engine", "check", "reports")
FACTOR = 10
BOUND = 2.5


def _least_of_rounds(rounds, *measures):
    """The least value each of ``measures`` gives over ``rounds`` rounds that call them in turn. A busy moment of the
    shared machine then slows one round of every size alike; a best of 3 of one size, then of the other, once put the
    large size at 2.6x the small one while other tests ran beside it (CI, 2026-12-07)."""
    least = [float("inf")] * len(measures)
    for _round in range(rounds):
        for index, measure in enumerate(measures):
            least[index] = min(least[index], measure())
    return least


def _best(shape, tunnels, runs=2):
    """Per-unit cost per stage, the lowest of ``runs`` runs (a busy neighbour only makes a run slower)."""
    best = {}
    for _run in range(runs):
        result = pipeline_bench.run_pipeline(shape, tunnels=tunnels)
        assert result["pairs"] == result["tunnels"] == result["report_tunnels"] == tunnels
        for stage in STAGES:
            best[stage] = min(best.get(stage, float("inf")), pipeline_bench.per_unit(result, stage))
    return best


@pytest.mark.parametrize("shape,tunnels", [("few", 30), ("many", 10), ("routed", 40)])
def test_cost_per_unit_stays_flat_at_ten_times_the_input(shape, tunnels):
    # best of 3 at both sizes: the small size's stages take milliseconds and one busy moment moved a ratio past the
    # bound (many-10 under the unit tests' two workers); the large one's too, beside other test runs (twice on
    # 2026-12-07). A quadratic stage is 10x in every run.
    small, large = _best(shape, tunnels, runs=3), _best(shape, tunnels * FACTOR, runs=3)
    ratios = {stage: round(large[stage] / small[stage], 2) for stage in STAGES}
    assert all(ratio <= BOUND for ratio in ratios.values()), ratios


def test_pairing_is_linear_in_the_tunnels():
    """10x the ends, at most 4x the cost per end (the issue measured pair_ends quadratic: 10x). 1,000 against 20,000
    ends came to 1.9-2.6x on a fast day, where 1,000 ends fit in the CPU's caches (CI failed once at 2.62x);
    4,000 against 40,000: 1.2-2.2x."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import pair_ends
    from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused
    from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TunnelEnd
    import time

    def per_end(count):
        left = [TunnelEnd(vendor="asa", name="L%d" % i, local_address="198.51.100.10",
                          peer_address="10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255)) for i in range(count)]
        right = [TunnelEnd(vendor="azure", name="R%d" % i, peer_address="198.51.100.10",
                           local_address="10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255))
                 for i in reversed(range(count))]
        best = float("inf")
        for _run in range(5):
            # as run_check pairs: with the collector paused. Unpaused, a full collection over whatever the
            # rest of the test session keeps alive lands in the 20,000-end run (4.7 vs 1.6 us per end in CI).
            with gc_paused():
                started = time.process_time()
                pairs, rest_left, rest_right = pair_ends(left, right)
                best = min(best, time.process_time() - started)
        assert len(pairs) == count and not rest_left and not rest_right
        assert all(l.peer_address == r.local_address for l, r in pairs)
        return best / count

    small, large = per_end(4000), per_end(40000)
    assert large <= 4 * small, (small, large)


def test_bgp_neighbors_find_their_tunnels_in_linear_time():
    """20x the route-based tunnels (a BGP neighbor each), at most 2.5x the cost per neighbor of finding the tunnel
    interface each one runs through. Each neighbor was looked up in a list of every tunnel's nameif: at 1M lines
    (28,469 tunnels) the adapter cost 4.7x per line what it cost at 10k, most of it that lookup."""
    import time
    import synthetic
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.bgp import BgpNeighbors
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import RouteTable
    from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused

    def per_neighbor(tunnels):
        """A measure: one run's CPU seconds per BGP neighbor."""
        text, sites = synthetic.generate("routed", tunnels=tunnels)
        config, _findings = parse_asa_config(text)
        ctx, table = AdapterContext(config, "bench"), RouteTable(config)
        with_bgp = sum(1 for site in sites if site[5])

        def measure():
            with gc_paused():
                started = time.process_time()
                neighbors = BgpNeighbors(ctx, table)
                seconds = time.process_time() - started
            assert sum(len(found) for found in neighbors.by_nameif.values()) == with_bgp
            return seconds / with_bgp
        return measure

    small, large = _least_of_rounds(5, per_neighbor(500), per_neighbor(10000))
    assert large <= BOUND * small, (small, large)


def test_the_adapter_stays_linear_over_one_hub_map_whose_entries_each_deny_before_they_permit():
    """The few shape is one crypto map of N entries whose ACLs each deny a range before their permit (a deny that takes
    part of the traffic). Each such entry looked at every later entry's ACL for one that protects what the deny takes
    out (cascading ACLs): quadratic, 4.4 s against 0.5 s for the adapter at 100k lines (review s45). 10x the entries,
    at most 2.5x the cost per entry, the least of 3 rounds."""
    import time

    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config

    def per_tunnel(tunnels):
        """A measure: one run's CPU seconds per tunnel."""
        config, _findings = parse_asa_config(pipeline_bench.synthetic.generate("few", tunnels=tunnels)[0])

        def measure():
            started = time.process_time()
            ends, _findings = asa_tunnel_ends(config, host="hub")
            seconds = time.process_time() - started
            assert len(ends) == tunnels
            return seconds / tunnels
        return measure

    small, large = _least_of_rounds(3, per_tunnel(200), per_tunnel(2000))
    assert large <= 1.6 * small, (small, large)
