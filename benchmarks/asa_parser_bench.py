# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time the ASA parser and adapter on generated configs of about 1k, 10k and 100k lines.

Two shapes: policy-based (crypto map entries: benchmarks/synthetic.py's "few selectors" config,
the one pipeline_bench.py times) and route-based (VTIs with ipsec profiles, routes, prefix-lists,
route-maps and one BGP neighbor per tunnel). Times are CPU seconds of this process (the best of
``--repeat`` runs). If the cost is linear, lines/second stays flat as the size grows 10x and 100x.

Not a pytest test. Run from anywhere:  python3 benchmarks/asa_parser_bench.py [--repeat N]
"""

import argparse
import os
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _make_importable():
    collections = os.path.join(REPO, ".collections")
    if os.path.isdir(os.path.join(collections, "ansible_collections", "vpnalign", "s2s", "plugins")):
        sys.path.insert(0, collections)
        return
    root = tempfile.mkdtemp(prefix="vpnalign-bench-")
    os.makedirs(os.path.join(root, "ansible_collections", "vpnalign"))
    os.symlink(REPO, os.path.join(root, "ansible_collections", "vpnalign", "s2s"))
    sys.path.insert(0, root)


_make_importable()

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config  # noqa: E402

import synthetic  # noqa: E402  the generator of the pipeline benchmark: the same configs


def generate(target_lines):
    """The policy-based shape: synthetic's 'few selectors' config (objects, nested object-groups, a
    crypto ACL with a deny and a range object, identity twice NAT, object NAT, crypto map entry,
    tunnel-group and group-policy per tunnel; a PAT rule every tunnel's NAT walk must get past)."""
    return synthetic.generate("few", target_lines)


def generate_route_based(target_lines):
    """synthetic's route-based shape: VTIs with IPsec profiles, host routes to the gateways' BGP addresses,
    prefix-lists and route-maps, a BGP neighbor per tunnel (one in eight routed statically instead)."""
    text, sites = synthetic.generate("routed", target_lines)
    return text, sites


def measure(text, repeat):
    best_parse = best_adapt = float("inf")
    for _attempt in range(repeat):
        started = time.process_time()
        config, parse_findings = parse_running_config(text)
        parsed = time.process_time()
        ends, findings = asa_tunnel_ends(config, host="bench")
        adapted = time.process_time()
        best_parse = min(best_parse, parsed - started)
        best_adapt = min(best_adapt, adapted - parsed)
    assert not parse_findings, parse_findings[:3]
    return best_parse, best_adapt, ends, findings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is reported")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated target line counts")
    parser.add_argument("--shapes", default="policy,route", help="policy (crypto maps), route (VTI + BGP)")
    args = parser.parse_args()
    shapes = args.shapes.split(",")
    for shape in shapes:
        print("%s-based" % shape)
        print(
            "%9s %8s %10s %10s %10s %12s %9s"
            % ("lines", "tunnels", "parse s", "adapter s", "total s", "lines/s", "us/line")
        )
        for size in (int(s) for s in args.sizes.split(",")):
            text, sites = (generate if shape == "policy" else generate_route_based)(size)
            tunnels = len(sites)
            line_count = text.count("\n")
            parse_s, adapt_s, ends, findings = measure(text, args.repeat)
            total = parse_s + adapt_s
            assert len(ends) == tunnels, (len(ends), tunnels)
            if shape == "policy":  # each crypto ACL's deny before its permits is the shape's one warning (and the
                # group-policies' vpn-idle-timeout is information)
                assert {f.code for f in findings if f.severity != "info"} == {"TRAFFIC_SELECTOR_MISMATCH"}, findings[:3]
                assert all(end.nat.exempt is True and end.traffic_selectors for end in ends)
            else:
                assert not [f for f in findings if f.severity != "info"], findings[:3]
                with_bgp = {site[0] for site in sites if site[5]}
                assert all(end.route_based and (end.bgp is not None) == (end.peer_address in with_bgp) for end in ends)
            print(
                "%9d %8d %10.3f %10.3f %10.3f %12.0f %9.2f"
                % (line_count, tunnels, parse_s, adapt_s, total, line_count / total, total / line_count * 1e6)
            )


if __name__ == "__main__":
    main()
