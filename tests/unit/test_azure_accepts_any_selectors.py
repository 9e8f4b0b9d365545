# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): Microsoft says an Azure VPN gateway "accepts any traffic selectors proposed by a remote
gateway", and proposes its own (policy-based or custom) only when it initiates ("Custom traffic selectors for VPN
Gateway"; reference facts azure_accepts_any_ts_from_peer, verified: true). The engine read Azure as a responder that
narrows or refuses: an ASA VTI next to a connection with custom selectors was warned that Azure narrows its
any-to-any and "drops traffic", and a wider crypto ACL got the same warning. Only the direction where Azure
initiates is judged now."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources, vti_config

CUSTOM = [{"localAddressRanges": ["172.16.8.0/24"], "remoteAddressRanges": ["10.1.0.0/16"]}]


def tunnel(asa, resources):
    (only,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))["tunnels"]
    return only


def test_a_vti_next_to_custom_azure_selectors_is_named_as_not_checked_with_azures_fix():
    # Azure takes the VTI's any-to-any offer; whether the VTI takes Azure's custom selectors when Azure starts is
    # documented nowhere (facts asa.vti.ts_behaviour, verified: false), and it passed silently (review 2026-12-05)
    result = tunnel(vti_config(), azure_resources(use_policy_ts=True, ts_policies=CUSTOM))
    assert [(f["code"], f["severity"]) for f in result["findings"] if f["severity"] != "info"] == [
        ("UNSUPPORTED_CONSTRUCT", "warning")]
    [finding] = [f for f in result["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert "172.16.8.0/24 <-> 10.1.0.0/16" in finding["summary"] and "azure-docs#17516" in finding["summary"]
    assert finding["remediation"]["azure"]["connection"]["properties"] == {
        "usePolicyBasedTrafficSelectors": False, "trafficSelectorPolicies": []}
    assert finding["proof"]["azure"]["proven"] is True
    assert "asa" not in finding["remediation"]


def test_a_vti_to_an_azure_connection_that_only_answers_is_not_named():
    # a ResponderOnly connection never starts with its selectors: only the VTI's any-to-any offer is negotiated
    result = tunnel(vti_config(), azure_resources(use_policy_ts=True, mode="ResponderOnly"))
    assert "UNSUPPORTED_CONSTRUCT" not in [f["code"] for f in result["findings"]]


def test_a_crypto_acl_wider_than_azure_passes():
    result = tunnel(asa_config(remote_net="172.16.0.0 255.240.0.0"), azure_resources())
    assert result["verdict"] == "pass", [f["summary"] for f in result["findings"]]


def test_disjoint_custom_selectors_fail_only_when_azure_initiates():
    disjoint = [{"localAddressRanges": ["172.20.0.0/16"], "remoteAddressRanges": ["10.9.0.0/16"]}]
    result = tunnel(asa_config(), azure_resources(ts_policies=disjoint))
    (finding,) = [f for f in result["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert finding["severity"] == "error"
    assert [p["initiator"] for p in finding["evidence"]["asa"]["problems"]] == ["Azure"]
    assert finding["summary"].startswith("Azure offers traffic selectors 172.20.0.0/16 <-> 10.9.0.0/16")
    assert "when Azure initiates" in finding["summary"]


def test_an_offer_wider_than_what_azure_routes_back_is_still_a_warning():
    """Review (2026-12-04, second look): Azure takes the ASA's 10.0.0.0/8 as offered but routes back towards the ASA
    only its local network gateway's 10.1.0.0/16: replies to 10.2.x leave by the internet route. Before, the
    narrowing warning said so for the wrong reason; taking any offer as offered, the check passed it."""
    result = tunnel(asa_config(), azure_resources(lng_prefixes=("10.1.0.0/16",)))
    (finding,) = [f for f in result["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert finding["severity"] == "warning" and result["verdict"] == "degraded"
    assert "Azure takes as offered, but Azure routes back towards ASA only 10.1.0.0/16" in finding["summary"]
    assert [p["verdict"] for p in finding["evidence"]["asa"]["problems"]] == ["unrouted"]


def test_local_networks_the_gateway_prefixes_fill_together_are_routed_back():
    """Second review (2026-12-04): two /9 prefixes fill the ACL's /8; no single one holds it."""
    result = tunnel(asa_config(), azure_resources(lng_prefixes=("10.0.0.0/9", "10.128.0.0/9")))
    assert result["verdict"] == "pass", [f["summary"] for f in result["findings"]]
    result = tunnel(asa_config(), azure_resources(lng_prefixes=("10.0.0.0/9", "10.192.0.0/10")))
    assert [f["code"] for f in result["findings"]] == ["TRAFFIC_SELECTOR_MISMATCH"]


def test_selectors_changed_on_azure_do_not_fix_what_it_routes_back():
    """Second review (2026-12-04): the proven Azure fix for an offer Azure does not route back was custom selectors
    mirroring the ASA's, which change nothing Azure routes; applied, the check then passed, since mirrored selectors
    skipped the check. Only the ASA (narrowing its ACL) is offered a fix, and mirrored custom selectors still warn."""
    unrouted = tunnel(asa_config(), azure_resources(lng_prefixes=("10.1.0.0/16",)))
    (finding,) = [f for f in unrouted["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert "azure" not in finding["remediation"] and finding["proof"]["asa"]["proven"] is True
    mirrored = [{"localAddressRanges": ["172.16.0.0/16"], "remoteAddressRanges": ["10.0.0.0/8"]}]
    applied = tunnel(asa_config(), azure_resources(lng_prefixes=("10.1.0.0/16",), ts_policies=mirrored))
    assert [f["code"] for f in applied["findings"]] == ["TRAFFIC_SELECTOR_MISMATCH"]


def test_a_crypto_map_to_one_instance_of_an_active_active_gateway_is_told_of_a_backup_peer_not_a_tunnel_interface():
    # review 2026-12-05 (pasted fixes): the fix said "the same tunnel source and ipsec profile as outside" (the
    # crypto map's interface) to a config that has no tunnel interface
    result = tunnel(asa_config(), azure_resources(active_active=True))
    [finding] = [f for f in result["findings"] if f["code"] == "ACTIVE_ACTIVE_TUNNEL_MISSING"]
    [line] = finding["remediation"]["asa"]
    assert "backup peer of crypto map" in line and "set peer 203.0.113.20 203.0.113.21" in line
    assert "tunnel source" not in line and finding["evidence"]["asa"]["tunnel"] != "outside"


def test_no_selector_fix_puts_the_asas_own_address_behind_its_crypto_acl():
    # review 2026-12-05 (pasted fixes): a local network gateway that wrongly holds the ASA's public /24 made the ASA's
    # selector fix copy it into the crypto ACL; the Azure fix (the prefix out of the gateway) clears both findings
    result = tunnel(asa_config(), azure_resources(lng_prefixes=("10.0.0.0/8", "198.51.100.0/24")))
    by_code = {f["code"]: f for f in result["findings"]}
    assert "LNG_CONTAINS_PEER_ADDRESS" in by_code
    selectors = by_code["TRAFFIC_SELECTOR_MISMATCH"]
    assert "asa" not in selectors["remediation"]
    assert "own address 198.51.100.10" in selectors["proof"]["asa"]["reason"]
    assert not any("198.51.100.0" in line for f in result["findings"] for line in f["remediation"].get("asa") or [])
