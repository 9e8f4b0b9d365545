# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): for an ASA running BGP over its VTI to a Basic SKU gateway, the check offered a "proven"
Azure fix that turns BGP on. Basic gateways cannot run BGP (tables.BGP_UNSUPPORTED_SKUS, DOC_BGP_FAQ): Azure
would refuse the change. The Azure side says why it has no fix, and the ASA's fix (a static route) stays."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import azure_resources, router_bgp, vti_config


def bgp_finding(sku):
    asa = vti_config(routes="", bgp=router_bgp())
    azure = azure_resources(sku=sku, policy=None, use_policy_ts=False)
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))["tunnels"]
    return next(f for f in tunnel["findings"] if f["code"] == "BGP_NOT_CONFIGURED")


def test_no_bgp_fix_is_offered_for_a_basic_gateway():
    finding = bgp_finding("Basic")
    assert "azure" not in finding.get("remediation", {})
    assert finding["proof"]["azure"]["proven"] is False
    assert "Basic SKU, which cannot run BGP" in finding["proof"]["azure"]["reason"]
    assert finding["proof"]["asa"]["proven"] is True


@pytest.mark.parametrize("sku", ["VpnGw1", "VpnGw2AZ"])
def test_other_skus_still_get_the_bgp_fix(sku):
    finding = bgp_finding(sku)
    assert finding["proof"]["azure"]["proven"] is True
    assert finding["remediation"]["azure"]["virtual_network_gateway"]


def _bgp_without_neighbor(network=True):
    text = router_bgp(network=network)
    return "\n".join(line for line in text.splitlines() if "neighbor" not in line)


@pytest.mark.parametrize("network,proven", [(True, True), (False, False)])
def test_a_neighbor_added_to_the_asas_router_bgp_advertises_its_networks_in_the_proof(network, proven):
    """The align lab's fault (the neighbor gone from a router bgp that still has its network): the neighbor's fix was
    refused as "advertises no prefix", because the proof's ASA got an empty BGP; it joins the existing process, whose
    networks it advertises. Without a network the refusal stands (nothing to advertise). Azure's BGP-off fix is
    refused either way: its local network gateway lists no prefix, so it would route nothing into the tunnel."""
    asa = vti_config(routes="", bgp=_bgp_without_neighbor(network))
    azure = azure_resources(policy=None, use_policy_ts=False, lng_prefixes=(), enable_bgp=True,
                            gateway_bgp={"asn": 65515, "default": ("172.16.255.30",), "custom": (("169.254.21.1",),)},
                            lng_bgp={"asn": 65010, "address": "169.254.21.2"})
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))["tunnels"]
    finding = next(f for f in tunnel["findings"] if f["code"] == "BGP_NOT_CONFIGURED")
    assert finding["proof"]["asa"]["proven"] is proven, finding["proof"]
    if proven:
        assert "  neighbor 169.254.21.1 remote-as 65515" in finding["remediation"]["asa"]
    assert finding["proof"]["azure"]["proven"] is False
    assert "routes nothing into the tunnel" in finding["proof"]["azure"]["reason"]
