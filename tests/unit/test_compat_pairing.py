# -*- coding: utf-8 -*-
"""Pairing ASA and Azure ends into tunnels: by address, VTIs with route-based
connections, active-active gateways, and the fallback for two lonely ends."""

import copy
import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import pair_ends, run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import FactsError
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, TunnelEnd
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import unpaired_reason

from test_engine_bgp import asa_bgp, azure_end, bgp_pair, vti_end

GW0, GW1 = "203.0.113.20", "203.0.113.21"


def facts(*ends):
    return {"host": "asa1" if ends and ends[0].vendor == "asa" else None, "tunnels": [e.to_dict() for e in ends]}


def instance(number, address, **kw):
    ref = {"connection": "S2S", "gateway": "VNG", "resource_group": "RG", "vpn_type": "RouteBased",
           "custom_policy": True, "instance": number, "instance_count": 2}
    return azure_end(local_address=address, ref=ref, **kw)


def vti(number, peer, **kw):
    ref = {"kind": "vti", "interface": "Tunnel%d" % number, "nameif": "AZURE-%d" % number,
           "ipsec_profile": "AZ-PROFILE", "tunnel_group": peer}
    return vti_end(name="Tunnel%d" % number, peer_address=peer, ref=ref, **kw)


def crypto_map_end(peer, local="198.51.100.10"):
    return TunnelEnd(vendor="asa", name="AZ-MAP 10", ref={"kind": "crypto_map", "crypto_map": "AZ-MAP", "seq": 10},
                     local_address=local, peer_address=peer)


def by_name(report):
    return {t["name"]: t for t in report["tunnels"]}


def codes(tunnel):
    return sorted((f["code"], f["severity"]) for f in tunnel["findings"] if f["severity"] != "info")


def test_pairing_by_address_is_independent_of_order_and_scales():
    count = 3000
    asa = [crypto_map_end("203.0.%d.%d" % (i // 250, i % 250 + 1)) for i in range(count)]
    azure = [TunnelEnd(vendor="azure", name="C%d" % i, local_address="203.0.%d.%d" % (i // 250, i % 250 + 1),
                       peer_address="198.51.100.10") for i in reversed(range(count))]
    pairs, rest_left, rest_right = pair_ends(asa, azure)
    assert (len(pairs), rest_left, rest_right) == (count, [], [])
    assert all(l.peer_address == r.local_address for l, r in pairs)


def test_an_asa_end_without_peer_pairs_by_its_own_address_in_input_order():
    no_peer = crypto_map_end(None)
    by_peer = crypto_map_end(GW0)
    azure = TunnelEnd(vendor="azure", name="S2S", local_address=GW0, peer_address="198.51.100.10")
    assert pair_ends([no_peer, by_peer], [azure])[0] == [(no_peer, azure)]
    assert pair_ends([by_peer, no_peer], [azure])[0] == [(by_peer, azure)]


def test_vti_pairs_with_a_route_based_connection_and_the_report_names_the_interface():
    report = run_check(facts(vti(1, GW0)), facts(azure_end()))
    assert [t["name"] for t in report["tunnels"]] == ["S2S"]
    tunnel = report["tunnels"][0]
    assert tunnel["verdict"] == "pass", codes(tunnel)
    assert tunnel["asa"]["interface"] == "Tunnel1" and tunnel["asa"]["crypto_map"] is None


def test_crypto_map_entries_keep_their_report_id():
    asa = crypto_map_end(GW0)
    report = run_check(facts(asa), facts(azure_end()))
    assert report["tunnels"][0]["asa"] == {"host": "asa1", "crypto_map": "AZ-MAP", "seq": 10, "peer": GW0, "address": "198.51.100.10"}


def test_active_active_with_a_tunnel_to_each_instance_gives_two_tunnels_told_apart():
    report = run_check(facts(vti(1, GW0), vti(2, GW1)), facts(instance(0, GW0), instance(1, GW1)))
    tunnels = by_name(report)
    assert sorted(tunnels) == ["S2S (instance 0)", "S2S (instance 1)"]
    assert tunnels["S2S (instance 0)"]["asa"]["interface"] == "Tunnel1"
    assert tunnels["S2S (instance 1)"]["asa"]["interface"] == "Tunnel2"
    assert tunnels["S2S (instance 1)"]["azure"]["gateway_address"] == GW1
    assert all(t["verdict"] == "pass" for t in report["tunnels"]) and not report["unpaired"]


def test_active_active_with_one_tunnel_is_a_warning_on_that_tunnel():
    report = run_check(facts(vti(1, GW0)), facts(instance(0, GW0), instance(1, GW1)))
    assert [t["name"] for t in report["tunnels"]] == ["S2S (instance 0)"]
    tunnel = report["tunnels"][0]
    assert codes(tunnel) == [("ACTIVE_ACTIVE_TUNNEL_MISSING", "warning")]
    assert tunnel["verdict"] == "degraded" and not report["unpaired"]
    finding = tunnel["findings"][0]
    assert GW1 in finding["summary"] and finding["evidence"]["azure"]["missing_instance_address"] == GW1
    assert "tunnel destination %s" % GW1 in finding["remediation"]["asa"][0]


def test_missing_second_instance_names_its_bgp_neighbor():
    second = instance(1, GW1, bgp=Bgp(asn=65515, local_addresses=("169.254.22.1",)))
    report = run_check(facts(vti(1, GW0)), facts(instance(0, GW0), second))
    assert "169.254.22.1 remote-as 65515" in report["tunnels"][0]["findings"][0]["remediation"]["asa"][-1]


def test_the_lonely_fallback_never_takes_a_second_instance():
    unrelated = crypto_map_end("192.0.2.99")
    pairs, rest_asa, rest_azure = pair_ends([vti(1, GW0), unrelated], [instance(0, GW0), instance(1, GW1)])
    assert len(pairs) == 1 and rest_asa == [unrelated] and [e.local_address for e in rest_azure] == [GW1]
    report = run_check(facts(vti(1, GW0), unrelated), facts(instance(0, GW0), instance(1, GW1)))
    assert [t["name"] for t in report["tunnels"]] == ["S2S (instance 0)"]
    assert codes(report["tunnels"][0]) == [("ACTIVE_ACTIVE_TUNNEL_MISSING", "warning")]
    assert report["unpaired"] == [{"asa": {"host": "asa1", "crypto_map": "AZ-MAP", "seq": 10, "peer": "192.0.2.99", "address": "198.51.100.10"},
                                   "reason": "no Azure connection of this run is at its peer address 192.0.2.99"}]


def test_the_lonely_fallback_still_pairs_a_masked_peer():
    masked = crypto_map_end("51.a.b.c")
    pairs, rest_asa, rest_azure = pair_ends([masked], [azure_end()])
    assert len(pairs) == 1 and not rest_asa and not rest_azure


def test_no_tunnel_to_a_route_based_connection_is_peer_not_found_in_vti_terms():
    other = crypto_map_end("192.0.2.99")
    lonely = crypto_map_end("192.0.2.98")
    report = run_check(facts(other, lonely), facts(azure_end()))
    [tunnel] = [t for t in report["tunnels"] if t["asa"] is None]
    finding = tunnel["findings"][0]
    assert finding["code"] == "PEER_NOT_FOUND"
    assert "no crypto map entry or IPsec tunnel interface for %s" % GW0 in finding["summary"]
    assert "tunnel interface (tunnel destination %s" % GW0 in finding["remediation"]["asa"][0]


def test_active_active_with_no_tunnel_at_all_is_peer_not_found_per_instance():
    other = crypto_map_end("192.0.2.99")
    lonely = crypto_map_end("192.0.2.98")
    report = run_check(facts(other, lonely), facts(instance(0, GW0), instance(1, GW1)))
    failing = by_name(report)
    assert codes(failing["S2S (instance 0)"]) == [("PEER_NOT_FOUND", "error")]
    assert codes(failing["S2S (instance 1)"]) == [("PEER_NOT_FOUND", "error")]


def test_pairing_does_not_change_the_ends():
    asa, azure = [vti(1, GW0)], [instance(0, GW0), instance(1, GW1)]
    before = copy.deepcopy([e.to_dict() for e in asa + azure])
    pair_ends(asa, azure)
    assert [e.to_dict() for e in asa + azure] == before


def test_the_one_sided_plan_writes_one_neighbor_for_several_bgp_findings():
    asa, azure = bgp_pair(asa_bgp(peer_asn=65001, peer_address="169.254.22.1"))
    report = run_check(facts(asa), facts(azure))
    tunnel = report["tunnels"][0]
    assert [f["code"] for f in tunnel["findings"] if f["severity"] == "error"] == [
        "BGP_ASN_MISMATCH", "BGP_PEER_ADDRESS_MISMATCH"]
    assert tunnel["remediation"]["asa"] == [
        "router bgp 65010", " address-family ipv4 unicast", "  no neighbor 169.254.22.1 remote-as 65001",
        "  neighbor 169.254.21.1 remote-as 65515", "  neighbor 169.254.21.1 activate"]


PREVIOUS_SEED_FACTS = os.path.join(os.path.dirname(__file__), "..", "fixtures", "facts_previous",
                                   "seed-asa-azure-pfs.asa_facts.json")


def _seed_facts():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")
    with open(os.path.join(root, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = asa_facts_from_text(handle.read())
    with open(os.path.join(root, "azure_resources.json"), encoding="utf-8") as handle:
        azure = azure_facts_from_data(json.load(handle))
    return asa, azure


def test_compact_facts_citing_a_line_that_is_not_there_are_a_facts_error_not_a_traceback():
    # Facts come from hostvars or task arguments: a source citing a line the facts do not hold (a number past the
    # device's cited lines, a note past its cited notes) raised IndexError/KeyError out of run_check before.
    asa, azure = _seed_facts()
    assert asa["cited_lines"] and "lines" not in asa["tunnels"][0], "the seed's ASA facts cite lines by number"
    for bad in (max(map(int, asa["cited_lines"])) + 1, 0, -1 - len(asa["cited_notes"]), True):
        broken = copy.deepcopy(asa)
        broken["tunnels"][0]["pfs_source"] = [bad]
        with pytest.raises(FactsError, match="malformed"):
            run_check([broken], [azure])
    for table in ({"x": "crypto ikev2 enable outside"}, {"0": "crypto ikev2 enable outside"}, [[1, "hostname x"]]):
        broken = copy.deepcopy(asa)
        broken["cited_lines"] = table
        with pytest.raises(FactsError, match="malformed"):
            run_check([broken], [azure])


def test_an_earlier_release_facts_citing_a_line_that_is_not_there_are_a_facts_error():
    # facts with a line table per tunnel (as releases before the device-wide cited_lines wrote them)
    azure = _seed_facts()[1]
    with open(PREVIOUS_SEED_FACTS, encoding="utf-8") as handle:
        asa = json.load(handle)
    tunnel = asa["tunnels"][0]
    assert tunnel["lines"], "the seed's ASA tunnel cites lines"
    for bad in (len(tunnel["lines"]), -1, True):
        broken = copy.deepcopy(asa)
        broken["tunnels"][0]["pfs_source"] = [bad]
        with pytest.raises(FactsError, match="malformed"):
            run_check([broken], [azure])
    short_row = copy.deepcopy(asa)
    short_row["tunnels"][0]["lines"][0] = [1]
    with pytest.raises(FactsError, match="malformed"):
        run_check([short_row], [azure])


def test_an_unpaired_azure_connection_says_why_in_report_json_as_in_the_other_formats():
    # review 2026-12-06 (estate B2): report.json gave an unpaired connection no reason; report.md, .html and .xml did
    other = azure_end(local_address=GW1, peer_address="192.0.2.44",
                      ref={"connection": "S2S-B", "gateway": "VNG", "resource_group": "RG", "vpn_type": "RouteBased"})
    report = run_check(facts(vti(1, GW0)), facts(instance(0, GW0), other))
    [unpaired] = [entry for entry in report["unpaired"] if "azure" in entry]
    assert unpaired["reason"] == ("no ASA of this run is at its peer address 192.0.2.44 (its local network "
                                  "gateway's)")
    assert unpaired_reason(json.loads(json.dumps(unpaired))) == unpaired["reason"]
