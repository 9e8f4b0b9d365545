# -*- coding: utf-8 -*-
"""asa_vpn_tunnel's bgp.options_from: a BGP neighbor that moves to Azure's peering address gets the old neighbor's
route filters and limits, read from the running config (review 2026-12-04: align pushed the new neighbor with none of
them, so the new session took and sent every route, and listed the filters as a step by hand)."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import config_after_vti, plan_vti

from test_asa_push_vti import VTI

OLD = ("  neighbor 169.254.21.5 remote-as 65515\n  neighbor 169.254.21.5 activate\n"
       "  neighbor 169.254.21.5 prefix-list FROM-AZURE in\n  neighbor 169.254.21.5 prefix-list TO-AZURE out\n"
       "  neighbor 169.254.21.5 maximum-prefix 200\n")
WITH_OLD = VTI.replace("  network 10.0.0.0", OLD + "  network 10.0.0.0")
MOVE = dict(tunnel_interface="Tunnel1", bgp={"asn": 65010, "neighbor": "169.254.21.2", "remote_as": 65515,
                                             "options_from": "169.254.21.5"})


def test_the_new_neighbor_gets_the_old_ones_filters_and_is_then_idempotent():
    plan = plan_vti(WITH_OLD, MOVE)
    assert plan.commands == [
        "router bgp 65010", " address-family ipv4 unicast", "  neighbor 169.254.21.2 remote-as 65515",
        "  neighbor 169.254.21.2 activate", "  neighbor 169.254.21.2 prefix-list FROM-AZURE in",
        "  neighbor 169.254.21.2 prefix-list TO-AZURE out", "  neighbor 169.254.21.2 maximum-prefix 200",
        " exit-address-family", "exit"]
    # the rollback removes the new neighbor with all it got; the old one is left as it was
    assert plan.rollback == ["router bgp 65010", " address-family ipv4 unicast",
                             "  no neighbor 169.254.21.2 remote-as 65515", " exit-address-family", "exit"]
    after = config_after_vti(WITH_OLD, plan)
    assert "neighbor 169.254.21.5 prefix-list FROM-AZURE in" in after
    assert plan_vti(after, MOVE).commands == []


def test_without_options_from_the_new_neighbor_gets_none_of_them():
    bare = dict(MOVE, bgp={k: v for k, v in MOVE["bgp"].items() if k != "options_from"})
    assert not any("prefix-list" in line for line in plan_vti(WITH_OLD, bare).commands)


def test_an_existing_neighbor_missing_a_filter_gets_it_with_an_undo_of_its_own():
    config = WITH_OLD.replace("  network 10.0.0.0", "  neighbor 169.254.21.2 remote-as 65515\n"
                              "  neighbor 169.254.21.2 activate\n"
                              "  neighbor 169.254.21.2 prefix-list FROM-AZURE in\n  network 10.0.0.0")
    plan = plan_vti(config, MOVE)
    assert plan.commands[2:4] == ["  neighbor 169.254.21.2 prefix-list TO-AZURE out",
                                  "  neighbor 169.254.21.2 maximum-prefix 200"]
    assert "  no neighbor 169.254.21.2 prefix-list TO-AZURE out" in plan.rollback


@pytest.mark.parametrize("config, message", [
    (VTI, "neighbor 169.254.21.5 is not configured under router bgp 65010"),
    (WITH_OLD.replace("  neighbor 169.254.21.5 maximum-prefix 200\n", "  neighbor 169.254.21.5 password *****\n"),
     "has a password"),
    (WITH_OLD.replace("  network 10.0.0.0", "  neighbor 169.254.21.2 remote-as 65515\n"
                      "  neighbor 169.254.21.2 prefix-list OTHER in\n  network 10.0.0.0"),
     "already has 'neighbor 169.254.21.2 prefix-list OTHER in'"),
])
def test_what_cannot_be_carried_is_refused_before_anything_is_sent(config, message):
    with pytest.raises(IntentError, match=message):
        plan_vti(config, MOVE)


@pytest.mark.parametrize("bgp, message", [
    ({"asn": 65010, "neighbor": "169.254.21.2", "options_from": "169.254.21.5; reload"}, "bgp.options_from"),
    ({"asn": 65010, "options_from": "169.254.21.5"}, "need bgp.neighbor"),
])
def test_options_from_that_cannot_reach_the_device_is_refused_first(bgp, message):
    error = option_error(dict(tunnel_interface="Tunnel1", bgp=bgp))
    assert error and message in error, error


def test_the_multihop_asked_for_wins_over_the_old_neighbors():
    # review of this pass: the old neighbor's ebgp-multihop 5 was sent after the 2 asked for, and replaced it
    config = WITH_OLD.replace("  neighbor 169.254.21.5 maximum-prefix 200\n",
                              "  neighbor 169.254.21.5 maximum-prefix 200\n  neighbor 169.254.21.5 ebgp-multihop 5\n")
    asked = dict(MOVE, bgp=dict(MOVE["bgp"], ebgp_multihop=2))
    commands = plan_vti(config, asked).commands
    assert "  neighbor 169.254.21.2 ebgp-multihop 2" in commands
    assert not any("ebgp-multihop 5" in line for line in commands), commands
    # without a multihop asked for, the old one is carried
    assert "  neighbor 169.254.21.2 ebgp-multihop 5" in plan_vti(config, MOVE).commands
