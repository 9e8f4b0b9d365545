# -*- coding: utf-8 -*-
"""A gateway's vpnGatewayGeneration against its SKU. Microsoft's "About gateway SKUs" table (MicrosoftDocs/azure-docs
includes/vpn-gateway-table-gwtype-aggtput-include.md) lists Basic, VpnGw1-3 and VpnGw1AZ-3AZ as Generation1 and
VpnGw2-5 and VpnGw2AZ-5AZ as Generation2: a Generation1 VpnGw5 or a Generation2 VpnGw1 is no gateway Azure runs.
Such an export passed without a word, while a PolicyBased VpnGw2 was flagged (review s41)."""

import pytest

from azure_arm_builders import export

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends


def generation_findings(sku, generation):
    gateway = {} if generation is None else {"vpnGatewayGeneration": generation}
    basic = sku.casefold() == "basic"  # Basic runs neither BGP nor active-active: keep those findings out
    resources = export(sku=sku, gateway=gateway, active_active=not basic, enable_bgp=not basic)
    _ends, findings = azure_tunnel_ends(resources)
    return [f for f in findings if "vpnGatewayGeneration" in f.summary]


IMPOSSIBLE = [
    ("Generation1", "VpnGw4"), ("Generation1", "VpnGw5"), ("Generation1", "VpnGw4AZ"), ("Generation1", "VpnGw5AZ"),
    ("Generation2", "VpnGw1"), ("Generation2", "VpnGw1AZ"), ("Generation2", "Basic"),
    ("generation1", "vpngw5"),  # ARM enums are case-insensitive
]


@pytest.mark.parametrize("generation, sku", IMPOSSIBLE, ids=range(len(IMPOSSIBLE)))
def test_a_sku_its_generation_does_not_have_is_an_error_naming_both(generation, sku):
    [finding] = generation_findings(sku, generation)
    assert finding.code == "AZURE_SKU_UNSUPPORTED" and finding.severity == "error"
    assert sku in finding.summary and generation in finding.summary
    texts = [entry["text"] for entry in finding.evidence["azure"]["lines"]]
    assert "HUB-VNG: vpnGatewayGeneration = %s" % generation in texts
    assert "HUB-VNG: sku.name = %s" % sku in texts


POSSIBLE = [
    ("Generation1", "Basic"), ("Generation1", "VpnGw1"), ("Generation1", "VpnGw3AZ"),
    ("Generation2", "VpnGw2"), ("Generation2", "VpnGw5AZ"),
    (None, "VpnGw5"), (None, "VpnGw1"),  # absent: which generation is not known, nothing to say
    ("Generation1", "Standard"), ("Generation2", "HighPerformance"),  # legacy SKUs: not in the table, not judged
]


@pytest.mark.parametrize("generation, sku", POSSIBLE, ids=range(len(POSSIBLE)))
def test_a_pairing_in_the_table_or_an_absent_generation_passes(generation, sku):
    assert generation_findings(sku, generation) == []


@pytest.mark.parametrize("raw", [2, "Generation3"], ids=range(2))
def test_a_generation_that_is_no_generation_is_named_and_leaves_the_ends_alone(raw):
    plain_ends, _findings = azure_tunnel_ends(export(sku="VpnGw2"))
    ends, findings = azure_tunnel_ends(export(sku="VpnGw2", gateway={"vpnGatewayGeneration": raw}))
    [finding] = [f for f in findings if "vpnGatewayGeneration" in f.summary]
    assert finding.code == "INVALID_VALUE" and finding.severity == "warning"
    assert "Generation1 or Generation2 or None" in finding.summary
    assert [e.unknowns for e in ends] == [e.unknowns for e in plain_ends]
