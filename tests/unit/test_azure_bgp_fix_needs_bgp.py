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
from ansible_collections.vpnalign.s2s.plugins.module_utils.fix_rendering import PROOF_RULES
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, TunnelEnd
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_edit import ModelEdit

from scenario_builders import azure_resources, router_bgp, vti_config


def bgp_finding(sku, custom=(("169.254.21.1",),)):
    """The ASA runs BGP to 169.254.21.1; Azure's gateway has BGP and that APIPA address, its connection not."""
    asa = vti_config(routes="", bgp=router_bgp())
    azure = azure_resources(sku=sku, policy=None, use_policy_ts=False,
                            gateway_bgp={"asn": 65515, "default": ("172.16.255.30",), "custom": custom})
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


def test_a_neighbor_is_never_proven_into_a_second_router_bgp():
    """Review (2026-12-04): the ASA runs router bgp 65020 for another peer and Azure's local network gateway says the
    ASA is AS 65010. The proven fix was `router bgp 65010` + the neighbor: a second BGP process, which the ASA
    refuses. The neighbor joins 65020, Azure then refuses the session (bad peer AS), so nothing is proven and the
    reason says why."""
    asa = vti_config(bgp=router_bgp(asn=65020, neighbor="10.9.9.9", remote_as=65099))
    azure = azure_resources(policy=None, use_policy_ts=False, lng_prefixes=(), enable_bgp=True,
                            gateway_bgp={"asn": 65515, "default": ("172.16.255.30",), "custom": (("169.254.21.1",),)},
                            lng_bgp={"asn": 65010, "address": "169.254.21.2"})
    (tunnel,) = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))["tunnels"]
    finding = next(f for f in tunnel["findings"] if f["code"] == "BGP_NOT_CONFIGURED")
    assert "asa" not in finding["remediation"], finding["remediation"]
    assert finding["proof"]["asa"]["proven"] is False
    assert "BGP_ASN_MISMATCH" in finding["proof"]["asa"]["reason"] and "AS 65020" in finding["proof"]["asa"]["reason"]
    assert not any("router bgp 65010" in line for f in tunnel["findings"] for line in f["remediation"].get("asa", []))


def test_bgp_turned_off_in_a_fix_stays_off_whatever_else_the_fix_sets():
    """The joint proof merged a follow-up's neighbor into Azure's "enableBgp false": the model brought BGP back while
    the printed change turned it off."""
    end = TunnelEnd(vendor="azure", name="S2S", bgp=Bgp(asn=65515, peer_asn=65010, peer_address="169.254.21.2"))
    fixed = ModelEdit(end, None, PROOF_RULES["azure"]).apply([
        {"kind": "bgp_enabled", "enabled": False},
        {"kind": "bgp_neighbor", "address": "169.254.21.2", "remote_as": 65020, "asn": None}])
    assert fixed.bgp is None


def test_turning_bgp_on_is_not_proven_where_azure_lacks_the_address_the_asa_peers_with():
    """Review (2026-12-04): the ASA's neighbor is 169.254.21.1 and the gateway has no custom APIPA address. The proven
    fix turned BGP on (gateway, local network gateway, connection) but set no APIPA address, so Azure would peer from
    its default address and the ASA's neighbor would never answer."""
    finding = bgp_finding("VpnGw1", custom=((),))
    assert finding["proof"]["azure"]["proven"] is False
    assert "expects Azure's BGP at 169.254.21.1" in finding["proof"]["azure"]["reason"]
    assert "azure" not in finding.get("remediation", {})
