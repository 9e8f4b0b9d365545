# -*- coding: utf-8 -*-
"""An estate in one run: many ASAs, many subscriptions, one Azure gateway serving many sites (hub and spoke).
Each connection pairs with the ASA its local network gateway names, or is reported, never paired with a guess;
names repeated across subscriptions keep one verdict each (review 3: 1, 3, 4, 6, 8)."""

import json
import re
from types import SimpleNamespace

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_fact_sources import SEED_AZURE, seed_text

from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import ActionModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

SUB_B = "11111111-1111-4111-8111-111111111111"
HUB = "203.0.113.20"
PFS = ("crypto map CRYPTO-MAP 2 set nat-t-disable\n",
       "crypto map CRYPTO-MAP 2 set nat-t-disable\ncrypto map CRYPTO-MAP 2 set pfs group19\n")


def site_asa(hostname, outside, azure_gw=HUB, pfs=False, lan=None):
    """The seed ASA at its own outside address, with its crypto map peer at azure_gw (``lan``: its LAN, a /16)."""
    text = seed_text(hostname).replace("198.51.100.10 ", outside + " ").replace("203.0.113.20", azure_gw)
    if pfs:
        text = text.replace(*PFS)
    if lan:
        text = text.replace("subnet 10.0.0.0 255.0.0.0", "subnet %s 255.255.0.0" % lan)
    return text


def site_export(site, lng_address, gw=HUB, sub=None, lan=None):
    """The seed export with connection SITE-S2S from gateway gw to LNG SITE-LNG at lng_address."""
    with open(SEED_AZURE) as handle:
        text = handle.read()
    if sub:
        text = text.replace("00000000-0000-0000-0000-000000000000", sub)
    if lan:
        text = text.replace('"10.0.0.0/8"', '"%s/16"' % lan)
    text = (text.replace("203.0.113.20", gw).replace("198.51.100.10", lng_address)
            .replace("UKSouth-HQ-S2S", site + "-S2S").replace("HQ-LNG", site + "-LNG"))
    return json.loads(text)


def spoke(site, lng_address, **kw):
    """Only the connection and its LNG: another site of a gateway exported with site_export."""
    return [r for r in site_export(site, lng_address, **kw) if r["type"].endswith(("/connections", "/localNetworkGateways"))]


def check(tmp_path, configs, exports):
    """run_check over saved files: ``configs`` {file: text}, ``exports`` {file: resources}."""
    folder, out = tmp_path / "configs", tmp_path / "exports"
    folder.mkdir()
    out.mkdir()
    for name, text in configs.items():
        (folder / name).write_text(text)
    for name, items in exports.items():
        (out / name).write_text(json.dumps(items))
    return run_check(asa_facts_from({}, paths=str(folder)), azure_facts_from({}, paths=str(out))), folder, out


def paired(report):
    return {t["name"]: t["asa"]["host"] for t in report["tunnels"] if t["asa"]}


def codes(report, name):
    return sorted(f["code"] for t in report["tunnels"] if t["name"] == name for f in t["findings"])


# 1: one hub gateway, many spokes: the peer is the same for every ASA, the LNG's address tells them apart
def test_hub_gateway_each_connection_pairs_with_the_asa_at_its_lng_address(tmp_path):
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "198.51.100.10"),
                                      "b.cfg": site_asa("site-b", "198.51.100.50", pfs=True)},
                           {"hub.json": spoke("B", "198.51.100.50") + site_export("A", "198.51.100.10")})
    assert paired(report) == {"A-S2S": "site-a", "B-S2S": "site-b"}
    assert "PEER_ADDRESS_MISMATCH" not in codes(report, "A-S2S") + codes(report, "B-S2S")
    verdicts = {t["name"]: t["verdict"] for t in report["tunnels"]}
    assert verdicts == {"A-S2S": "fail", "B-S2S": "degraded"}  # site-a lacks PFS, site-b has it


def test_a_hub_of_40_spokes_gives_the_verdicts_of_40_single_runs(tmp_path):
    configs, hub, singles = {}, [], {}
    for i in range(40):
        outside, host = "198.51.100.%d" % (i + 100), "asa-%02d" % i
        text = site_asa(host, outside, pfs=i % 3 == 0)
        configs["backup-%02d" % (40 - i)] = text
        export = site_export("S%02d" % i, outside)
        hub += export if i == 0 else spoke("S%02d" % i, outside)  # connections in the order opposite to the files
        one = run_check([asa_facts_from_text(text, source="src")], [azure_facts_from_data(export)])
        singles.update({(t["asa"]["host"], t["name"]): (t["verdict"], codes(one, t["name"])) for t in one["tunnels"]})
    report, _c, _e = check(tmp_path, configs, {"hub.json": hub})
    combined = {(t["asa"]["host"], t["name"]): (t["verdict"], codes(report, t["name"])) for t in report["tunnels"]}
    assert combined == singles and len(combined) == 40 and report["unpaired"] == []


def test_behind_nat_the_site_networks_tell_the_spokes_apart(tmp_path):
    # both ASAs leave through NAT: their outside addresses are private, the LNGs hold the public ones
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "192.168.1.2", lan="10.1.0.0"),
                                      "b.cfg": site_asa("site-b", "192.168.2.2", pfs=True, lan="10.2.0.0")},
                           {"hub.json": spoke("B", "198.51.100.50", lan="10.2.0.0")
                            + site_export("A", "198.51.100.10", lan="10.1.0.0")})
    assert paired(report) == {"A-S2S": "site-a", "B-S2S": "site-b"}


def test_behind_nat_with_nothing_to_tell_the_spokes_apart_nothing_is_paired_by_guess(tmp_path):
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "192.168.1.2"),
                                      "b.cfg": site_asa("site-b", "192.168.2.2", pfs=True)},
                           {"hub.json": spoke("B", "198.51.100.50") + site_export("A", "198.51.100.10")})
    assert paired(report) == {}
    for name, lng in (("A-S2S", "198.51.100.10"), ("B-S2S", "198.51.100.50")):
        [entry] = [t for t in report["tunnels"] if t["name"] == name]
        assert entry["verdict"] == "fail" and entry["asa"] is None
        [finding] = [f for f in entry["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
        assert lng in finding["summary"] and "site-a" in finding["summary"] and "site-b" in finding["summary"]
        assert {c["host"] for c in finding["evidence"]["asa"]["candidates"]} == {"site-a", "site-b"}
    assert sorted(u["asa"]["host"] for u in report["unpaired"]) == ["site-a", "site-b"]


def test_one_site_behind_nat_still_pairs_with_its_only_connection(tmp_path):
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "192.168.1.2")},
                           {"a.json": site_export("A", "198.51.100.10")})
    assert paired(report) == {"A-S2S": "site-a"}


# 3: one landing-zone template in two subscriptions: the same RG/VNG/S2S names in each
def test_active_active_missing_instance_is_found_on_the_asa_that_misses_it_in_its_own_subscription(tmp_path):
    sub_b = json.dumps(azure_resources(active_active=True, lng_ip="198.51.100.50", gateway_ip="203.0.113.60",
                                       gateway_ip2="203.0.113.61", **ROUTE_BASED))
    report, _c, _e = check(
        tmp_path,
        {"a.cfg": vti_config(second_tunnel=True).replace("hostname gateway", "hostname site-a"),
         "b.cfg": vti_config().replace("hostname gateway", "hostname site-b")
         .replace("198.51.100.10", "198.51.100.50").replace("203.0.113.20", "203.0.113.60")},
        {"sub-a.json": azure_resources(active_active=True, **ROUTE_BASED),
         "sub-b.json": json.loads(sub_b.replace("00000000-0000-0000-0000-000000000000", SUB_B))})
    missing = [t["asa"]["host"] for t in report["tunnels"]
               if any(f["code"] == "ACTIVE_ACTIVE_TUNNEL_MISSING" for f in t["findings"])]
    assert missing == ["site-b"]  # as in site-b's single run; site-a has both tunnels
    assert {t["azure"]["subscription"] for t in report["tunnels"]} == {"00000000-0000-0000-0000-000000000000", SUB_B}


# 4: the last two ends of unrelated devices
def test_the_last_two_ends_of_different_devices_are_not_paired_anyway(tmp_path):
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "198.51.100.10"),
                                      "b.cfg": site_asa("site-b", "198.51.100.50", azure_gw="192.0.2.77")},  # a partner
                           {"sub-a.json": site_export("A", "198.51.100.10"),
                            # site-c's connection (LNG 198.51.100.99); site-c is not in this run
                            "sub-c.json": site_export("C", "198.51.100.99", "203.0.113.60", SUB_B)})
    assert paired(report) == {"A-S2S": "site-a"}
    assert [u["asa"]["host"] for u in report["unpaired"] if "asa" in u] == ["site-b"]


def test_the_last_two_ends_sharing_the_asa_address_are_paired_to_show_the_wrong_peer(tmp_path):
    # site-b's crypto map names a mistyped gateway address; its LNG is at site-b's own address
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "198.51.100.10"),
                                      "b.cfg": site_asa("site-b", "198.51.100.50", azure_gw="203.0.113.66")},
                           {"sub-a.json": site_export("A", "198.51.100.10"),
                            "sub-b.json": site_export("B", "198.51.100.50", "203.0.113.60", SUB_B)})
    assert paired(report) == {"A-S2S": "site-a", "B-S2S": "site-b"}
    assert "PEER_ADDRESS_MISMATCH" in codes(report, "B-S2S")


def check_action(args):
    action = ActionModule.__new__(ActionModule)
    action._task = SimpleNamespace(args=args)
    return action._check({}, {})


# 6: one connection name in two subscriptions
def test_one_connection_name_in_two_subscriptions_keeps_both_verdicts(tmp_path):
    configs, exports = tmp_path / "configs", tmp_path / "exports"
    configs.mkdir()
    exports.mkdir()
    (configs / "a.cfg").write_text(site_asa("site-a", "198.51.100.10"))  # no PFS: fail
    (configs / "b.cfg").write_text(site_asa("site-b", "198.51.100.50", azure_gw="203.0.113.60", pfs=True))  # degraded
    (exports / "sub-a.json").write_text(json.dumps(site_export("HQ", "198.51.100.10")))
    (exports / "sub-b.json").write_text(json.dumps(site_export("HQ", "198.51.100.50", "203.0.113.60", SUB_B)))
    out = tmp_path / "out"
    result = check_action({"asa_config_files": str(configs), "azure_resources_files": str(exports),
                           "report_dir": str(out), "publish_stats": "vpnalign_check"})
    assert sorted((t["asa"]["host"], t["verdict"]) for t in result["tunnels"]) == [("site-a", "fail"), ("site-b", "degraded")]
    published = result["ansible_stats"]["data"]["vpnalign_check"]["verdicts"]
    assert sorted(published.values()) == ["degraded", "fail"]  # a workflow still sees the failing tunnel
    assert any(SUB_B in label for label in published)
    assert sorted(t["azure"]["subscription"] for t in result["tunnels"]) == ["00000000-0000-0000-0000-000000000000", SUB_B]
    suites = re.findall(r'<testsuite name="([^"]*)"', (out / "report.xml").read_text())
    assert len(suites) == len(set(suites)) == 2 and all(s.startswith("HQ-S2S") for s in suites)


def test_a_name_used_once_keeps_its_key_and_one_subscription_has_no_subscription_field(tmp_path):
    configs, exports = tmp_path / "configs", tmp_path / "exports"
    configs.mkdir()
    exports.mkdir()
    (configs / "a.cfg").write_text(site_asa("site-a", "198.51.100.10"))
    (exports / "sub-a.json").write_text(json.dumps(site_export("HQ", "198.51.100.10")))
    result = check_action({"asa_config_files": str(configs), "azure_resources_files": str(exports),
                           "report_dir": str(tmp_path / "out"), "publish_stats": "vpnalign_check"})
    assert result["ansible_stats"]["data"]["vpnalign_check"]["verdicts"] == {"HQ-S2S": "fail"}
    assert "subscription" not in result["tunnels"][0]["azure"]


# 8: config-wide findings of one ASA on another site's connection
DYNAMIC = ("crypto dynamic-map DYN 10 set ikev2 ipsec-proposal UKSouth\n"
           "crypto map CRYPTO-MAP 65535 ipsec-isakmp dynamic DYN\n")


def with_dynamic_map(text):
    return text.replace("crypto map CRYPTO-MAP interface INTERNET\n", DYNAMIC + "crypto map CRYPTO-MAP interface INTERNET\n")


def test_findings_of_one_asa_are_not_given_to_another_sites_connection(tmp_path):
    report, _c, _e = check(tmp_path, {"a.cfg": with_dynamic_map(site_asa("site-a", "198.51.100.10")),
                                      "b.cfg": site_asa("site-b", "198.51.100.50")},
                           {"sub-a.json": site_export("A", "198.51.100.10") + spoke("B", "198.51.100.50"),
                            # a connection to site-b (LNG 198.51.100.50) from a gateway site-b has no tunnel to
                            "sub-c.json": site_export("C", "198.51.100.50", "203.0.113.60", SUB_B)})
    assert codes(report, "C-S2S") == ["PEER_NOT_FOUND"]  # site-a's dynamic map cannot serve site-b's address


def test_the_asa_at_the_connections_address_still_gives_its_own_config_findings(tmp_path):
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "198.51.100.10"),
                                      "b.cfg": with_dynamic_map(site_asa("site-b", "198.51.100.50"))},
                           {"sub-a.json": site_export("A", "198.51.100.10") + spoke("B", "198.51.100.50"),
                            "sub-c.json": site_export("C", "198.51.100.50", "203.0.113.60", SUB_B)})
    found = codes(report, "C-S2S")
    assert "PEER_NOT_FOUND" in found and "UNSUPPORTED_CONSTRUCT" in found  # site-b's dynamic map may serve it


def test_behind_nat_a_stale_standby_never_takes_the_connection_from_its_active_unit():
    # README, failover pairs: a unit that is not active, read without a proven mate (its configuration differs), is
    # checked on its own, and an Azure end pairs with the active unit's end at the same address
    active = asa_facts_from_text(site_asa("fw", "192.168.1.2", pfs=True), host="fw-a")
    standby = asa_facts_from_text(site_asa("fw", "192.168.1.2"), host="fw-b")
    active["failover"] = {"enabled": True, "unit": "primary", "state": "active", "mate_state": "standby ready"}
    standby["failover"] = {"enabled": True, "unit": "secondary", "state": "standby ready", "mate_state": "active"}
    export = site_export("A", "198.51.100.10")
    for order in ([standby, active], [active, standby]):
        report = run_check(order, azure_facts_from_data(export))
        assert paired(report) == {"A-S2S": "fw-a"} and [u["asa"]["host"] for u in report["unpaired"]] == ["fw-b"]


# review 2026-12-06 (estate #1): a typo in one ASA's ``set peer`` paired with its connection (the LNG names that ASA)
# only when no other end of the whole estate was left unpaired; with one unrelated site left too, the tunnel became a
# bare PEER_NOT_FOUND and its PFS error vanished
def test_a_wrong_set_peer_pairs_by_the_lng_address_whatever_else_the_estate_leaves_unpaired(tmp_path):
    typo = site_asa("site-a", "198.51.100.10").replace("set peer %s" % HUB, "set peer 203.0.113.29")
    assert typo != site_asa("site-a", "198.51.100.10")
    # site-c's ASA is not in the run (its backup failed tonight): its connection is left unpaired
    exports = {"hub.json": site_export("A", "198.51.100.10") + spoke("C", "198.51.100.70", lan="10.3.0.0")}
    (tmp_path / "alone").mkdir()
    (tmp_path / "estate").mkdir()
    alone, _c, _e = check(tmp_path / "alone", {"a.cfg": typo}, {"hub.json": site_export("A", "198.51.100.10")})
    estate, _c, _e = check(tmp_path / "estate", {"a.cfg": typo}, exports)
    assert paired(alone) == paired(estate) == {"A-S2S": "site-a"}
    assert "PEER_ADDRESS_MISMATCH" in codes(estate, "A-S2S") and "PFS_MISMATCH" in codes(estate, "A-S2S")
    assert codes(estate, "A-S2S") == codes(alone, "A-S2S")


def test_an_unrelated_partner_entry_at_the_lng_address_is_not_taken_for_the_missing_tunnel(tmp_path):
    # the ASA's only other entry goes to a partner (not Azure) for other networks: the Azure connection at the ASA's
    # address is a tunnel the ASA lacks, not that entry with a wrong peer (a "set peer" fix there would cut the partner)
    partner = (site_asa("site-a", "198.51.100.10").replace("set peer %s" % HUB, "set peer 192.0.2.77")
               .replace("172.16.0.0 255.255.0.0", "10.200.0.0 255.255.0.0"))
    for name, export in (("estate", site_export("A", "198.51.100.10") + spoke("C", "198.51.100.70")),
                         ("alone", site_export("A", "198.51.100.10"))):
        (tmp_path / name).mkdir()
        report, _c, _e = check(tmp_path / name, {"a.cfg": partner}, {"hub.json": export})
        assert paired(report) == {}, name


# review 2026-12-06 (estate #2): an ASA whose only tunnel is a dynamic crypto map has no end the check reads; in a run
# of two ASAs its connection became a bare "unpaired" (the gate passes with unpaired_ok) where a single run fails with
# PEER_NOT_FOUND and the UNSUPPORTED_CONSTRUCT naming the dynamic map. The dynamic map answers this connection (its
# DefaultL2LGroup), which Azure starts: a warning that it is not checked, not an error (review 2026-12-07)
def test_a_connection_at_an_asa_without_a_readable_tunnel_is_reported_with_that_asas_findings_in_an_estate(tmp_path):
    import os
    here = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based")
    with open(os.path.join(here, "dynamic_crypto_map", "asa_running_config.txt")) as handle:
        dynamic = handle.read().replace("198.51.100.10", "198.51.100.95")
    with open(os.path.join(here, "vti_bgp_single", "azure_resources.json")) as handle:
        branch = json.loads(handle.read().replace("198.51.100.10", "198.51.100.95"))
    report, _c, _e = check(tmp_path, {"branch.cfg": dynamic, "a.cfg": site_asa("site-a", "198.51.100.10")},
                           {"hub.json": site_export("A", "198.51.100.10"), "branch.json": branch})
    [entry] = [t for t in report["tunnels"] if t["asa"] is None]
    found = {f["code"]: f for f in entry["findings"]}
    assert "PEER_NOT_FOUND" in found and "UNSUPPORTED_CONSTRUCT" in found
    # the dynamic entry's crypto is checked against the connection (review s49): its crypto ACL refuses the any-to-any
    # selectors of this route-based connection, a failure of its own
    assert entry["verdict"] == "fail" and found["TRAFFIC_SELECTOR_MISMATCH"]["severity"] == "error"
    assert "dynamic" in json.dumps(found["UNSUPPORTED_CONSTRUCT"]).lower()
    assert found["PEER_NOT_FOUND"]["severity"] == "warning" and "never initiates" in found["PEER_NOT_FOUND"]["summary"]
    assert [u for u in report["unpaired"] if u.get("azure")] == []


# review 2026-12-06 (estate #4): a stale export in another subscription (or a public IP reused) holds a connection from
# the same gateway address to the same ASA; the file that sorted first took the ASA, and the other connection got a
# false PEER_NOT_FOUND ("the ASA has no crypto map entry") while its real PFS error vanished
def test_two_connections_claiming_one_asa_tunnel_are_reported_not_paired_by_file_order(tmp_path):
    stale = site_export("A", "198.51.100.10", sub=SUB_B)
    for name in ("a-stale.json", "z-stale.json"):
        folder = tmp_path / name
        folder.mkdir()
        report, _c, _e = check(folder, {"a.cfg": site_asa("site-a", "198.51.100.10")},
                               {"live.json": site_export("A", "198.51.100.10"), name: stale})
        assert paired(report) == {}, name
        entries = [t for t in report["tunnels"] if t["name"] == "A-S2S"]
        assert len(entries) == 2 and all(t["verdict"] == "fail" for t in entries)
        for entry in entries:
            [finding] = [f for f in entry["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
            assert "one ASA tunnel cannot be two connections" in finding["summary"]
            assert "site-a" in finding["summary"] and "PEER_NOT_FOUND" not in codes(report, "A-S2S")
        assert [u for u in report["unpaired"] if u.get("asa")] == [], "the ASA end is named by both, not unpaired"


def test_a_single_asa_without_a_readable_tunnel_behind_nat_still_fails_its_connection():
    # review of the change above: the ASA's interface addresses made the single-run fallback (no ASA end's address
    # known: the run's only ASA is the one meant) never fire, and the connection became a bare "unpaired"
    import os
    here = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based")
    with open(os.path.join(here, "dynamic_crypto_map", "asa_running_config.txt")) as handle:
        dynamic = handle.read()
    with open(os.path.join(here, "vti_bgp_single", "azure_resources.json")) as handle:
        natted = json.loads(handle.read().replace("198.51.100.10", "192.0.2.44"))  # the LNG holds the NAT address
    report = run_check(asa_facts_from_text(dynamic, host="branch"), azure_facts_from_data(natted))
    [entry] = report["tunnels"]
    assert entry["verdict"] == "fail" and report["unpaired"] == []
    assert {"PEER_NOT_FOUND", "UNSUPPORTED_CONSTRUCT"} <= {f["code"] for f in entry["findings"]}


def test_an_entry_to_networks_wider_than_the_connections_gets_no_set_peer_fix(tmp_path):
    # review of this pass (do no harm): an entry to a partner whose selectors overlap the VNet (172.16.0.0/12) paired by
    # the ASA's address alone and got "set peer <Azure>" in the report and in align's options: pasted, it cuts the partner
    partner = (site_asa("site-a", "198.51.100.10").replace("set peer %s" % HUB, "set peer 192.0.2.77")
               .replace("172.16.0.0 255.255.0.0", "172.16.0.0 255.240.0.0"))
    report, _c, _e = check(tmp_path, {"a.cfg": partner}, {"hub.json": site_export("A", "198.51.100.10")})
    [tunnel] = [t for t in report["tunnels"] if t["name"] == "A-S2S" and t["asa"]]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert "paired with the connection by the ASA's own address alone" in finding["summary"]
    assert not any("set peer" in line for line in (finding.get("remediation") or {}).get("asa") or [])
    assert tunnel["alignment"]["align_to_azure"]["options"].get("peer") is None
    # the mistyped peer of an entry to the VNet itself still gets its fix
    typo = site_asa("site-a", "198.51.100.10").replace("set peer %s" % HUB, "set peer 203.0.113.29")
    (tmp_path / "typo").mkdir()
    report, _c, _e = check(tmp_path / "typo", {"a.cfg": typo}, {"hub.json": site_export("A", "198.51.100.10")})
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert any("set peer %s" % HUB in line for line in finding["remediation"]["asa"])


def test_pairing_by_address_is_linear_when_every_spoke_peer_is_stale():
    # review of this pass: a hub gateway re-created with a new address leaves every spoke's "set peer" stale; the step
    # rebuilt three lists per pair it made (25 s at 20,000 tunnels)
    import time
    from types import SimpleNamespace
    from ansible_collections.vpnalign.s2s.plugins.module_utils.pairing import pair_ends

    def ends(count):
        left = [SimpleNamespace(peer_address="203.0.113.1", local_address="10.%d.%d.1" % (i // 250, i % 250), bgp=None,
                                remote_networks=["172.16.0.0/16"], local_networks=["192.168.%d.0/24" % (i % 250)],
                                ref={"kind": "crypto_map", "crypto_map": "M", "seq": i}, vendor="asa", name="e%d" % i)
                for i in range(count)]
        right = [SimpleNamespace(peer_address=l.local_address, local_address="203.0.113.99", bgp=None,
                                 local_networks=["172.16.0.0/16"], remote_networks=l.local_networks, ref={},
                                 local_address_private=False, vendor="azure", name="c%d" % i)
                 for i, l in enumerate(left)]
        return left, right

    times = []
    for count in (2000, 20000):
        left, right = ends(count)
        started = time.process_time()
        pairs, _l, _r = pair_ends(left, right)
        times.append((time.process_time() - started) / count)
        assert len(pairs) == count
    assert times[1] < times[0] * 3, times


def test_the_asa_end_two_connections_claim_keeps_its_own_findings(tmp_path):
    # left out of the forty-third pass: the claimed ASA end is reported with the contended connections, not as unpaired,
    # and a line of its configuration we do not model (UNSUPPORTED_CONSTRUCT, naming the line) was in no entry at all
    asa = site_asa("site-a", "198.51.100.10").replace(PFS[0], PFS[0] + "crypto map CRYPTO-MAP 2 set reverse-route\n")
    report, _c, _e = check(tmp_path, {"a.cfg": asa}, {"live.json": site_export("A", "198.51.100.10"),
                                                      "stale.json": site_export("A", "198.51.100.10", sub=SUB_B)})
    entries = [t for t in report["tunnels"] if t["name"] == "A-S2S"]
    assert len(entries) == 2 and report["unpaired"] == []
    unmodelled = [f for t in entries for f in t["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert len(unmodelled) == 1, "said once, with the first connection that claims the end"
    assert "set reverse-route" in unmodelled[0]["summary"]
