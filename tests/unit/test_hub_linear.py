# -*- coding: utf-8 -*-
"""Hub-sized inputs stay linear (issue 12): paths an audit found testing a list that grows with the tunnels, once per
tunnel. Each test times the one path at two sizes (CPU time, best of 3, never an absolute bound) and failed before
its fix; the results are checked too, so a faster path that drops or reorders something fails as well."""

import dataclasses
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))

import synthetic  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.module_utils.align import _azure_selector_policies  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.versions import check_versions, parse_version  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_debug import _Reader  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TunnelEnd  # noqa: E402

BOUND = 2.5


def _best(fn, runs=3):
    best, result = float("inf"), None
    for _run in range(runs):
        with gc_paused():
            started = time.process_time()
            result = fn()
            best = min(best, time.process_time() - started)
    return best, result


def _linear(per_unit, small, large):
    low, high = per_unit(small), per_unit(large)
    assert high <= BOUND * low, (low, high)


def test_a_removed_dh_group_in_a_shared_ike_policy_names_each_tunnel_once_in_linear_time():
    """ASA 9.16 dropped DH group 2 (versions.REMOVED); a hub's one IKE policy listing it is in every tunnel's
    proposals, and the finding's list of tunnels was tested once per tunnel."""
    text, _sites = synthetic.generate("few", tunnels=2)
    text = text.replace(" group 19 14\n", " group 19 14 2\n").replace("ASA Version 9.16(4)", "ASA Version 9.8(4)")
    config, _findings = parse_asa_config(text)
    template = asa_tunnel_ends(config, host="hub")[0][0]
    assert any(2 in p.dh_groups for p in template.ike_proposals), "9.8 still offers group 2"
    release = parse_version("9.16(4)")

    def per_end(count):
        def run():
            ctx = AdapterContext(config, "hub")
            ctx.config = dataclasses.replace(config, version="9.16(4)")
            ends = [dataclasses.replace(template, name="T%05d" % i) for i in range(count)]
            check_versions(ctx, ends)
            return ctx, ends
        seconds, (ctx, ends) = _best(run)
        [finding] = [f for f in ctx.findings if f.code == "ASA_VERSION_UNSUPPORTED"]
        assert finding.scope == ["T%05d" % i for i in range(count)]
        assert all(2 not in p.dh_groups for end in ends for p in end.ike_proposals)
        assert release is not None
        return seconds / count

    _linear(per_end, 500, 10000)


def test_a_finding_shared_by_every_tunnel_widens_its_scope_in_linear_time():
    """add_once widens the scope of a finding a name shared by many tunnels raised (a NAT rule, an object), and tested
    the scope list for each name added."""
    config, _findings = parse_asa_config(synthetic.generate("few", tunnels=1)[0])

    def per_name(count):
        def run():
            ctx = AdapterContext(config, "hub")
            for i in range(count):
                ctx.add_once("UNSUPPORTED_CONSTRUCT", "warning", "one rule", {}, [], ["T%05d" % i, "T%05d" % (i // 2)][:i + 1])
            return ctx
        seconds, ctx = _best(run)
        [finding] = ctx.findings
        assert finding.scope == ["T%05d" % i for i in range(count)], "each name once, in the order first named"
        return seconds / count

    _linear(per_name, 500, 20000)


def test_the_debug_reader_drops_a_merged_packet_record_in_constant_time():
    """A packet logged twice (platform and protocol lines) is merged into the first record and the second taken out
    of every packet read so far: list.remove compared it with each from the front (a long debug capture)."""

    def per_merge(existing):
        reader = _Reader()
        for i in range(existing):
            packet, _previous = reader._new_packet(i, "in", "platform")
            packet.update(initiator_spi="%016x" % i, message_id=i)

        def run():
            before = len(reader.packets)
            for i in range(200):
                first, _previous = reader._new_packet(10 ** 7 + 2 * i, "out", "platform")
                first.update(initiator_spi="ab", message_id=i)
                second, previous = reader._new_packet(10 ** 7 + 2 * i + 1, "out", "protocol")
                second.update(initiator_spi="ab", message_id=i, exchange="INFORMATIONAL")
                reader._merge_into_previous(previous)
                assert reader.current is first and reader.packets[-1] is first and first["exchange"] == "INFORMATIONAL"
            added = reader.packets[before:]
            del reader.packets[before:]
            return added
        seconds, added = _best(run)
        assert len(added) == 200 and len(reader.packets) == existing
        return seconds

    _linear(per_merge, 500, 50000)


def test_azure_selector_policies_group_many_remote_networks_in_linear_time():
    """A tunnel with thousands of remote networks per local one: each remote was tested against the list built."""
    end = TunnelEnd(vendor="azure", name="hub", local_networks=["10.0.0.0/8"], remote_networks=[])

    def per_pair(count):
        remotes = ["100.%d.%d.0/24" % (64 + i // 256, i % 256) for i in range(count)]
        pairs = [("10.0.0.0/8", r) for r in remotes] + [("10.0.0.0/8", remotes[0]), ("192.0.2.0/24", remotes[1])]
        seconds, policies = _best(lambda: _azure_selector_policies(end, pairs))
        assert policies == [{"local_address_ranges": ["10.0.0.0/8"], "remote_address_ranges": remotes},
                            {"local_address_ranges": ["192.0.2.0/24"], "remote_address_ranges": [remotes[1]]}]
        return seconds / count

    # 4,800 at the least (48,000: the most the addresses below take): 1,000 pairs take under a millisecond, and one
    # slow run of them failed the bound (2.8x)
    _linear(per_pair, 4800, 48000)


def test_a_finding_every_tunnel_shares_keeps_the_report_linear():
    """A hub without 'crypto ikev2 enable outside': IKEV2_NOT_ENABLED concerns every tunnel and is in each one's
    entry. Each copy listed every tunnel (3,000 tunnels: 647 MB of report.json); now the first SCOPE_SHOWN names and
    the count, and report.json grows with the tunnels."""
    import json
    from ansible_collections.vpnalign.s2s.plugins.module_utils import compat
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
    from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import SCOPE_SHOWN
    from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import compact_end_dict

    def bytes_per_tunnel(count):
        text, sites = synthetic.generate("few", tunnels=count)
        config, _findings = parse_asa_config(text.replace("crypto ikev2 enable outside\n", ""))
        ends, findings = asa_tunnel_ends(config, host="hub")
        asa = {"host": "hub", "tunnels": [compact_end_dict(e) for e in ends], "findings": [f.to_dict() for f in findings]}
        [shared] = [f for f in asa["findings"] if f["code"] == "IKEV2_NOT_ENABLED"]
        assert len(shared["scope"]) == count, "the facts keep every tunnel the finding concerns"
        report = compat.run_check(asa, azure_facts_from_data(synthetic.azure_export(sites)))
        copies = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "IKEV2_NOT_ENABLED"]
        assert len(copies) == count
        assert all(f["scope"] == shared["scope"][:SCOPE_SHOWN] and f["scope_count"] == count for f in copies)
        return len(json.dumps(report)) / count

    small, large = bytes_per_tunnel(SCOPE_SHOWN * 2), bytes_per_tunnel(SCOPE_SHOWN * 20)
    assert large <= 1.5 * small, (small, large)


def _bgp_hub(count, out_map=None, extra=""):
    """synthetic's routed hub of ``count`` tunnels; ``out_map``: every neighbor's route-map out renamed to it."""
    import re
    text, sites = synthetic.generate("routed", tunnels=count)
    if out_map:
        text = re.sub(r"route-map R\d{5}-OUT out", "route-map %s out" % out_map, text)
    return text.replace("  no auto-summary\n", extra + "  no auto-summary\n"), sites


def _scopes_of(text, code):
    config, _findings = parse_asa_config(text)
    _ends, findings = asa_tunnel_ends(config, host="hub")
    return [f.scope for f in findings if f.code == code]


def test_a_bgp_neighbors_own_line_is_reported_on_the_tunnel_it_runs_through():
    """A finding on one neighbor's line concerns the tunnel that neighbor runs through, not every tunnel with BGP;
    a line of the process (a network statement), or of a neighbor no tunnel claims, still concerns them all."""
    text, _sites = _bgp_hub(4)
    text = text.replace("neighbor 100.96.0.126 route-map R00001-OUT out", "neighbor 100.96.0.126 route-map TYPO out")
    text = text.replace("  network 10.0.0.0 mask 255.0.0.0\n", "  network 10.0.0.0 mask 255.0.0.0 route-map GONE\n"
                        "  neighbor 192.0.2.9 remote-as 64999\n  neighbor 192.0.2.9 route-map ALSO-GONE in\n")
    scopes = _scopes_of(text, "UNDEFINED_REFERENCE")
    every = ["Tunnel%d (R%05d)" % (i + 1, i) for i in range(4)]
    assert sorted(scopes) == sorted([["Tunnel2 (R00001)"], every, every]), scopes


def test_one_undefined_route_map_on_every_neighbor_of_a_hub_stays_linear():
    """Each neighbor of a hub naming one undefined route-map: a finding per neighbor's line, each was scoped to every
    tunnel (1,000 tunnels: a million names, and each tunnel's report entry carried all 1,000 findings)."""

    def names_per_tunnel(count):
        text, _sites = _bgp_hub(count, out_map="NOPE")
        scopes = _scopes_of(text, "UNDEFINED_REFERENCE")
        assert len(scopes) == sum(1 for i in range(count) if i % 8 != 7)
        assert all(len(scope) == 1 for scope in scopes)
        return sum(len(scope) for scope in scopes) / count

    assert names_per_tunnel(200) <= 1 and names_per_tunnel(20) <= 1
