# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time the ASA parser and adapter on generated configs of about 1k, 10k and 100k lines.

Two shapes: policy-based (crypto map entries) and route-based (VTIs with ipsec profiles,
routes, prefix-lists, route-maps and one BGP neighbor per tunnel).

Each generated tunnel has its own objects, nested object-groups, crypto ACL
(with a deny and a range object), identity twice NAT, object NAT, crypto map
entry, tunnel-group and group-policy; there are unrelated ACLs and objects
besides, and a PAT rule every tunnel's NAT walk must get past. If the cost is
linear, lines/second stays flat as the size grows 10x and 100x.

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

from synthetic import HEADER  # noqa: E402  the same device header as the pipeline benchmark


def tunnel_lines(index):
    """About 50 lines for tunnel ``index``: its own networks, groups, ACL, NAT and crypto."""
    third, fourth = divmod(index, 250)
    local = "10.%d.%d.0" % (third % 250 + 1, fourth)
    remote = "172.%d.%d.0" % (16 + third % 16, fourth)
    remote2 = "192.168.%d.0" % (index % 256)
    peer = "203.%d.%d.%d" % (index // 65536 % 256, index // 256 % 256, index % 256 or 1)
    t = "T%05d" % index
    return [
        "object network %s-L" % t,
        " subnet %s 255.255.255.0" % local,
        " description local LAN of %s" % t,
        "object network %s-R" % t,
        " subnet %s 255.255.255.0" % remote,
        "object network %s-R2" % t,
        " subnet %s 255.255.255.0" % remote2,
        "object network %s-RANGE" % t,
        " range %s %s" % (local[:-1] + "200", local[:-1] + "210"),
        "object network %s-SRV" % t,
        " host %s" % (local[:-1] + "5"),
        "object-group network %s-LOCAL" % t,
        " network-object object %s-L" % t,
        "object-group network %s-REMOTE-A" % t,
        " network-object object %s-R" % t,
        "object-group network %s-REMOTE" % t,
        " group-object %s-REMOTE-A" % t,
        " network-object object %s-R2" % t,
        "access-list %s-ACL extended deny ip object %s-RANGE any" % (t, t),
        "access-list %s-ACL extended permit ip object-group %s-LOCAL object-group %s-REMOTE" % (t, t, t),
        "access-list %s-ACL extended permit tcp object %s-SRV object %s-R eq 443" % (t, t, t),
        "access-list outside_in extended permit tcp any host %s eq 443" % (local[:-1] + "5"),
        "access-list outside_in extended permit udp host %s host 198.51.100.10 eq 500" % peer,
        "access-list outside_in remark tunnel %s" % t,
        "nat (inside,outside) source static %s-LOCAL %s-LOCAL destination static %s-REMOTE %s-REMOTE "
        "no-proxy-arp route-lookup" % (t, t, t, t),
        "crypto map OUTSIDE-MAP %d match address %s-ACL" % (index + 1, t),
        "crypto map OUTSIDE-MAP %d set peer %s" % (index + 1, peer),
        "crypto map OUTSIDE-MAP %d set ikev2 ipsec-proposal GCM CBC" % (index + 1),
        "crypto map OUTSIDE-MAP %d set pfs group19" % (index + 1),
        "crypto map OUTSIDE-MAP %d set security-association lifetime seconds 27000" % (index + 1),
        "crypto map OUTSIDE-MAP %d set security-association lifetime kilobytes 102400000" % (index + 1),
        "group-policy %s-GP internal" % t,
        "group-policy %s-GP attributes" % t,
        " vpn-idle-timeout 30",
        " vpn-tunnel-protocol ikev2",
        "tunnel-group %s type ipsec-l2l" % peer,
        "tunnel-group %s general-attributes" % peer,
        " default-group-policy %s-GP" % t,
        "tunnel-group %s ipsec-attributes" % peer,
        " ikev2 remote-authentication pre-shared-key *****",
        " ikev2 local-authentication pre-shared-key *****",
        " isakmp keepalive threshold 30 retry 3",
        "policy-map type inspect dns %s-DNS" % t,
        " parameters",
        "  message-length maximum client auto",
        "!",
    ]


def object_nat_lines(index):
    t = "T%05d" % index
    return [
        "object network %s-SRV" % t,
        " nat (inside,outside) static 198.51.%d.%d" % (101 + index // 250 % 50, index % 250 + 1),
    ]


def generate(target_lines):
    lines = HEADER.splitlines()
    index, tunnels = 0, []
    while len(lines) < target_lines - 10:
        tunnels.append(index)
        lines.extend(tunnel_lines(index))
        index += 1
    for index in tunnels:  # the object NAT section comes after twice NAT, as the ASA prints it
        lines.extend(object_nat_lines(index))
    lines += [
        "nat (inside,outside) after-auto source dynamic any interface",
        "crypto map OUTSIDE-MAP interface outside",
        ": end",
    ]
    return "\n".join(lines) + "\n", len(tunnels)


def vti_lines(index):
    """About 30 lines for route-based tunnel ``index``: a VTI, its profile, peer, route and BGP."""
    third, fourth = divmod(index, 250)
    peer = "203.%d.%d.%d" % (index // 65536 % 256, index // 256 % 256, index % 256 or 1)
    # a /30 per tunnel in 169.254.0.0/16 (APIPA), ASA side .1, peer side .2
    base = 4 * index
    local = "169.254.%d.%d" % (base // 256 % 256, base % 256 + 1)
    remote = "169.254.%d.%d" % (base // 256 % 256, base % 256 + 2)
    t = "V%05d" % index
    return [
        "interface Tunnel%d" % (index + 1),
        " nameif %s" % t,
        " ip address %s 255.255.255.252" % local,
        " tunnel source interface outside",
        " tunnel destination %s" % peer,
        " tunnel mode ipsec ipv4",
        " tunnel protection ipsec profile %s-PROF" % t,
        "!",
        "crypto ipsec profile %s-PROF" % t,
        " set ikev2 ipsec-proposal GCM CBC",
        " set pfs group19",
        " set security-association lifetime seconds 27000",
        "tunnel-group %s type ipsec-l2l" % peer,
        "tunnel-group %s ipsec-attributes" % peer,
        " ikev2 remote-authentication pre-shared-key *****",
        " ikev2 local-authentication pre-shared-key *****",
        "route %s %s 255.255.255.255 %s 1" % (t, remote, remote),
        "route %s 172.%d.%d.0 255.255.255.0 %s 1" % (t, 16 + third % 16, fourth, remote),
        "prefix-list %s-OUT seq 5 permit 10.%d.%d.0/24" % (t, third % 250 + 1, fourth),
        "prefix-list %s-OUT seq 10 deny 0.0.0.0/0 le 32" % t,
        "route-map %s-RM permit 10" % t,
        " match ip address prefix-list %s-OUT" % t,
    ]


def bgp_lines(index):
    base = 4 * index
    remote = "169.254.%d.%d" % (base // 256 % 256, base % 256 + 2)
    t = "V%05d" % index
    return [
        "  neighbor %s remote-as 65515" % remote,
        "  neighbor %s ebgp-multihop 2" % remote,
        "  neighbor %s activate" % remote,
        "  neighbor %s route-map %s-RM out" % (remote, t),
    ]


def generate_route_based(target_lines):
    lines = HEADER.splitlines()
    index, tunnels = 0, []
    while len(lines) + 4 * len(tunnels) < target_lines - 10 and index < 16000:  # APIPA /30s in a /16
        tunnels.append(index)
        lines.extend(vti_lines(index))
        index += 1
    lines += ["router bgp 65010", " address-family ipv4 unicast"]
    for index in tunnels:
        lines.extend(bgp_lines(index))
    lines += ["  network 10.0.0.0 mask 255.0.0.0", " exit-address-family", ": end"]
    return "\n".join(lines) + "\n", len(tunnels)


def measure(text, repeat):
    best_parse = best_adapt = float("inf")
    for _attempt in range(repeat):
        started = time.perf_counter()
        config, parse_findings = parse_running_config(text)
        parsed = time.perf_counter()
        ends, findings = asa_tunnel_ends(config, host="bench")
        adapted = time.perf_counter()
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
            text, tunnels = (generate if shape == "policy" else generate_route_based)(size)
            line_count = text.count("\n")
            parse_s, adapt_s, ends, findings = measure(text, args.repeat)
            total = parse_s + adapt_s
            assert len(ends) == tunnels, (len(ends), tunnels)
            if shape == "policy":
                assert not findings, findings[:3]
                assert all(end.nat.exempt is True and end.traffic_selectors for end in ends)
            else:
                assert all(end.route_based and end.bgp is not None for end in ends)
            print(
                "%9d %8d %10.3f %10.3f %10.3f %12.0f %9.2f"
                % (line_count, tunnels, parse_s, adapt_s, total, line_count / total, total / line_count * 1e6)
            )


if __name__ == "__main__":
    main()
