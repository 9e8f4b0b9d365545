# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Basic gateway (or a PolicyBased one) exported with activeActive true: Azure runs no such gateway ("You can't
configure an active-active gateway using the Basic gateway SKU"; "The VPN must be route based": Microsoft "About
active-active mode VPN gateways", azure/tables.ACTIVE_ACTIVE_UNSUPPORTED_SKUS). It was read as two instances and the
ASA was warned that the second one had no tunnel (ACTIVE_ACTIVE_TUNNEL_MISSING: build a tunnel to an instance that
cannot exist). It is now an AZURE_SKU_UNSUPPORTED error naming the gateway, and the gateway is read as the one
instance Azure runs."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def _findings(report, code):
    return [f for t in report["tunnels"] for f in t["findings"] if f["code"] == code]


@pytest.mark.parametrize("vpn_type", ["RouteBased", "PolicyBased"])
def test_a_basic_gateway_exported_active_active_is_an_error_naming_it(vpn_type):
    report = report_for(asa_config(), azure_resources(policy=None, sku="Basic", active_active=True, vpn_type=vpn_type))
    found = [f for f in _findings(report, "AZURE_SKU_UNSUPPORTED") if "activeActive" in f["summary"]]
    assert len(found) == 1, [f["summary"] for f in _findings(report, "AZURE_SKU_UNSUPPORTED")]
    (finding,) = found
    assert finding["severity"] == "error"
    assert "gateway VNG" in finding["summary"] and "Basic" in finding["summary"]
    lines = [line for side in finding["evidence"].values() if isinstance(side, dict) for line in side.get("lines", [])]
    assert any("activeActive" in str(line) for line in lines), finding["evidence"]
    # no tunnel is asked for an instance such a gateway does not have
    assert _findings(report, "ACTIVE_ACTIVE_TUNNEL_MISSING") == []
    assert [t["name"] for t in report["tunnels"]] == ["S2S"]
    assert report["tunnels"][0]["verdict"] == "fail"


def test_an_active_active_vpngw1_is_still_read_as_two_instances():
    report = report_for(asa_config(), azure_resources(policy=None, sku="VpnGw1", active_active=True))
    assert not [f for f in _findings(report, "AZURE_SKU_UNSUPPORTED") if "activeActive" in f["summary"]]
    assert len(_findings(report, "ACTIVE_ACTIVE_TUNNEL_MISSING")) == 1
