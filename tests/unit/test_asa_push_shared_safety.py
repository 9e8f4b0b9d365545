# -*- coding: utf-8 -*-
"""The ASA planners and the blocks other tunnels share: a group-policy keeps every protocol it allows, an existing
IKEv2 policy is never rewritten (README: shared IKE policies are never edited)."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError

ENTRIES = """crypto map AZ 10 match address AZURE-ACL
crypto map AZ 10 set peer 203.0.113.20
crypto map AZ 20 match address BRANCH-ACL
crypto map AZ 20 set peer 198.51.100.7
tunnel-group 198.51.100.7 type ipsec-l2l
tunnel-group 198.51.100.7 general-attributes
 default-group-policy SITES-GP
"""
ENTRY = dict(crypto_map="AZ", seq=10, state="present", peer="203.0.113.20")


def group_policy_lines(plan):
    return [line for line in plan.commands if line.startswith(("group-policy", " vpn-tunnel-protocol"))]


@pytest.mark.parametrize("protocols", ["ikev1 ikev2 ssl-client", "ikev2"])
def test_a_shared_group_policy_that_allows_ikev2_is_left_alone(protocols):
    """Before: the line was replaced by `vpn-tunnel-protocol ikev2`, cutting off the IKEv1 branch and the AnyConnect
    users of the same policy."""
    config = ENTRIES + "group-policy SITES-GP internal\ngroup-policy SITES-GP attributes\n vpn-tunnel-protocol %s\n" % protocols
    assert group_policy_lines(plan_present(config, dict(ENTRY, group_policy="SITES-GP"))) == []


def test_a_shared_group_policy_without_ikev2_gets_it_added_to_what_it_allows():
    config = ENTRIES + "group-policy SITES-GP internal\ngroup-policy SITES-GP attributes\n vpn-tunnel-protocol ikev1 ssl-client\n"
    plan = plan_present(config, dict(ENTRY, group_policy="SITES-GP"))
    assert group_policy_lines(plan) == ["group-policy SITES-GP attributes", " vpn-tunnel-protocol ikev1 ssl-client ikev2"]
    assert " vpn-tunnel-protocol ikev1 ssl-client" in plan.rollback


def test_a_group_policy_inheriting_from_dfltgrppolicy_is_judged_by_what_it_inherits():
    inherits = ENTRIES + "group-policy SITES-GP internal\ngroup-policy SITES-GP attributes\n vpn-idle-timeout 30\n"
    assert group_policy_lines(plan_present(inherits, dict(ENTRY, group_policy="SITES-GP"))) == []  # ASA default: ikev2 in
    narrowed = inherits + "group-policy DfltGrpPolicy attributes\n vpn-tunnel-protocol ikev1\n"
    assert group_policy_lines(plan_present(narrowed, dict(ENTRY, group_policy="SITES-GP"))) == [
        "group-policy SITES-GP attributes", " vpn-tunnel-protocol ikev1 ikev2"]


def test_a_new_group_policy_allows_ikev2_only():
    plan = plan_present(ENTRIES, dict(ENTRY, group_policy="AZURE-GP"))
    assert group_policy_lines(plan) == ["group-policy AZURE-GP internal", "group-policy AZURE-GP attributes",
                                        " vpn-tunnel-protocol ikev2"]


def test_an_ike_priority_taken_by_another_policy_is_refused_not_rewritten():
    """Before: priority 10's AES-256/SHA-384/group 20 policy was edited down to AES-128/SHA-1/group 14 for every
    tunnel whose peer offers it."""
    config = ENTRIES + ("crypto ikev2 policy 10\n encryption aes-256\n integrity sha384\n group 20\n prf sha384\n"
                        " lifetime seconds 86400\n")
    ike = dict(encryption=["AES-CBC-128"], integrity=["SHA1"], dh_groups=[14], lifetime_seconds=86400)
    with pytest.raises(IntentError, match="ike.priority 10: crypto ikev2 policy 10 exists"):
        plan_present(config, dict(ENTRY, ike=dict(ike, priority=10)))
    free = plan_present(config, dict(ENTRY, ike=dict(ike, priority=30)))
    assert "crypto ikev2 policy 30" in free.commands and "crypto ikev2 policy 10" not in free.commands
    chosen = plan_present(config, dict(ENTRY, ike=ike))
    assert "crypto ikev2 policy 10" not in chosen.commands
