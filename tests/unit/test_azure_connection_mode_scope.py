# -*- coding: utf-8 -*-
"""connectionMode applies only to IKEv2 connections of RouteBased gateways: "The Connection Mode property only
applies to route-based VPN gateways that use IKEv2 connections" (DOC_CONNECTION_MODE). Review B (2026-12) item 1: an
IKEv1 or PolicyBased connection set to ResponderOnly was read as never initiating, which hid the failures of the
exchanges Azure starts (its 0/0 or prefix selectors, its PFS choice)."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_ikev1_shapes import ikev1_only_site
from test_scenarios import report_for


def tunnel_codes(report):
    [tunnel] = report["tunnels"]
    return tunnel["verdict"], {f["code"]: f for f in tunnel["findings"]}


@pytest.mark.parametrize("mode", ["ResponderOnly", "InitiatorOnly"])
def test_an_ikev1_connection_is_read_as_default_mode_and_the_ignored_mode_is_named(mode):
    # Azure's any-to-any selectors, which the ASA's crypto map refuses when Azure starts Quick Mode
    arm = azure_resources(protocol="IKEv1", use_policy_ts=False, mode=mode)
    verdict, codes = tunnel_codes(report_for(ikev1_only_site(), arm))
    assert verdict == "fail"
    assert codes["TRAFFIC_SELECTOR_MISMATCH"]["severity"] == "error"
    ignored = codes["UNSUPPORTED_CONSTRUCT"]
    assert ignored["severity"] == "info"
    assert "connectionMode %s is ignored" % mode in ignored["summary"] and "IKEv1" in ignored["summary"]


def test_a_policy_based_gateway_is_read_as_default_mode():
    # Azure offers LNG x VNet prefixes; the ASA's ACL lacks 192.168.0.0/16, so a Quick Mode Azure starts is refused
    resources = azure_resources(policy=None, sku="Basic", vpn_type="PolicyBased", protocol="IKEv1", use_policy_ts=False,
                                mode="ResponderOnly", lng_prefixes=("10.0.0.0/8", "192.168.0.0/16"))
    verdict, codes = tunnel_codes(report_for(ikev1_only_site(), resources))
    assert verdict == "fail"
    assert "when Azure initiates" in codes["TRAFFIC_SELECTOR_MISMATCH"]["summary"]
    assert "PolicyBased gateway" in codes["UNSUPPORTED_CONSTRUCT"]["summary"]


def test_an_ikev2_route_based_connection_keeps_its_mode():
    # the same extra LNG prefix: Azure never starts the IKE SA, so its offer is not judged
    verdict, codes = tunnel_codes(report_for(asa_config(), azure_resources(mode="ResponderOnly",
                                                                           lng_prefixes=("10.0.0.0/8", "192.168.0.0/16"))))
    assert "TRAFFIC_SELECTOR_MISMATCH" not in codes and "UNSUPPORTED_CONSTRUCT" not in codes
