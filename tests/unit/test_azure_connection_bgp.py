# -*- coding: utf-8 -*-
"""azure_vpn_connection's enable_bgp: changed only when enableBgp differs (absent = false), a second run
finds nothing, and what Azure would refuse is said before anything is sent."""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_state import (
    bgp_precondition_error,
    changed_properties,
    desired_properties,
    put_body,
)

from test_azure_connection_state import connection

GATEWAY = {"name": "vgw", "properties": {"vpnType": "RouteBased", "enableBgp": True,
                                         "bgpSettings": {"asn": 65515}}}
LNG = {"name": "lng", "properties": {"gatewayIpAddress": "198.51.100.10",
                                     "bgpSettings": {"asn": 65010, "bgpPeeringAddress": "169.254.21.1"}}}


def test_enable_bgp_is_one_property_change_then_nothing():
    conn = connection()
    conn["properties"].pop("enableBgp", None)
    changes = changed_properties(conn, desired_properties({"enable_bgp": True}))
    assert changes == {"enableBgp": (False, True)}
    body = put_body(conn, changes)
    assert body["properties"]["enableBgp"] is True
    assert body["properties"]["ipsecPolicies"] == conn["properties"]["ipsecPolicies"], "the policy stays as read"
    assert changed_properties(body, desired_properties({"enable_bgp": True})) == {}


def test_absent_enable_bgp_means_false_and_leaving_it_out_leaves_it_alone():
    conn = connection()
    conn["properties"].pop("enableBgp", None)
    assert changed_properties(conn, desired_properties({"enable_bgp": False})) == {}
    conn["properties"]["enableBgp"] = True
    assert changed_properties(conn, desired_properties({})) == {}
    assert changed_properties(conn, desired_properties({"enable_bgp": False})) == {"enableBgp": (True, False)}


def test_what_azure_would_refuse_is_named():
    assert bgp_precondition_error(GATEWAY, LNG) is None
    no_bgp = copy.deepcopy(GATEWAY)
    no_bgp["properties"]["enableBgp"] = False
    assert "vgw does not have BGP enabled" in bgp_precondition_error(no_bgp, LNG)
    policy = copy.deepcopy(GATEWAY)
    policy["properties"]["vpnType"] = "PolicyBased"
    assert "RouteBased" in bgp_precondition_error(policy, LNG)
    bare = {"name": "lng", "properties": {"gatewayIpAddress": "198.51.100.10"}}
    message = bgp_precondition_error(no_bgp, bare)
    assert "vgw" in message and "lng has no bgpSettings" in message
