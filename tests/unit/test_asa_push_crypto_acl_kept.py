# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04, align do-no-harm): asa_vpn_tunnel made a crypto ACL exactly its permit lines. A deny that hands
one flow to a later entry (another site's tunnel) was removed with the permits it replaced, so that site lost the flow,
while the report's proven fix (asa/remediation.py) only appended a permit. And an ACL another entry matches too (a DR
peer for the same networks) was rewritten for one tunnel, widening the other's selectors, which no proof had judged."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError

DENY = "access-list AZ-ACL extended deny ip host 10.0.0.5 172.16.5.0 255.255.255.0"
PERMIT = "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0"
ADDED = "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 172.17.0.0 255.255.0.0"
SITE_B = """access-list SITE-B extended permit ip host 10.0.0.5 172.16.5.0 255.255.255.0
crypto map AZ-MAP 20 match address SITE-B
crypto map AZ-MAP 20 set peer 192.0.2.50
"""


def config(acl_lines, extra=SITE_B):
    return """hostname fw
interface GigabitEthernet0/0
 nameif outside
 ip address 198.51.100.10 255.255.255.0
%s
crypto map AZ-MAP 10 match address AZ-ACL
crypto map AZ-MAP 10 set peer 203.0.113.20
%scrypto map AZ-MAP interface outside
""" % ("\n".join(acl_lines), extra)


def selectors(*remote):
    return dict(crypto_map="AZ-MAP", seq=10, acl="AZ-ACL", local_networks=["10.0.0.0/8"], remote_networks=list(remote))


def test_a_deny_above_the_permits_stays_and_the_new_pair_is_appended():
    commands = plan_present(config([DENY, PERMIT]), selectors("172.16.0.0/16", "172.17.0.0/16")).commands
    assert commands == [ADDED]
    # a remark stays too, and a permit this tunnel no longer asks for still goes
    old = "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 192.168.9.0 255.255.255.0"
    remark = "access-list AZ-ACL remark Azure HQ"
    commands = plan_present(config([remark, DENY, PERMIT, old]), selectors("172.16.0.0/16")).commands
    assert commands == ["no " + old]


def test_a_permit_above_a_deny_is_not_removed_from_under_it():
    # the new lines would land below the deny, which would then take 10.0.0.5 -> 172.16.5.0/24 out of this tunnel
    objects = "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.254.0.0"
    with pytest.raises(IntentError, match="crypto ACL AZ-ACL has deny line.* below permit line.*Change the ACL by hand"):
        plan_present(config([objects, DENY]), selectors("172.16.0.0/16", "172.17.0.0/16"))


def test_an_acl_another_entry_matches_is_not_changed_for_one_tunnel():
    dr = "crypto map AZ-MAP 30 match address AZ-ACL\ncrypto map AZ-MAP 30 set peer 192.0.2.60\n"
    with pytest.raises(IntentError, match="access-list AZ-ACL is also matched by crypto map AZ-MAP 30: changing it for "
                                          "crypto map AZ-MAP 10 would change that traffic too"):
        plan_present(config([PERMIT], SITE_B + dr), selectors("172.16.0.0/16", "172.17.0.0/16"))
    # asking what it already permits changes nothing, and is no error
    assert plan_present(config([PERMIT], SITE_B + dr), selectors("172.16.0.0/16")).commands == []
    # an interface access-group naming it counts too
    with pytest.raises(IntentError, match="also matched by access-group AZ-ACL in interface outside"):
        plan_present(config([PERMIT], SITE_B + "access-group AZ-ACL in interface outside\n"),
                     selectors("172.16.0.0/16", "172.17.0.0/16"))


def test_a_new_permit_a_deny_covers_is_refused_not_pushed_to_no_effect():
    # review of this pass's diff: the ASA appends, so a new permit below a deny that covers it is never reached
    for deny in ("access-list AZ-ACL extended deny ip any any",
                 "access-list AZ-ACL extended deny ip 10.0.0.0 255.0.0.0 172.17.0.0 255.255.0.0"):
        with pytest.raises(IntentError, match="has the deny line '%s', which covers the new line '%s'" % (deny, ADDED)):
            plan_present(config([PERMIT, deny], ""), selectors("172.16.0.0/16", "172.17.0.0/16"))
    # a deny through an object it cannot read may cover it: refused too
    unknown = "access-list AZ-ACL extended deny ip object NOT-DEFINED any4"
    with pytest.raises(IntentError, match="whose networks are not known here and may cover"):
        plan_present(config([PERMIT, unknown], ""), selectors("172.16.0.0/16", "172.17.0.0/16"))
    # the carve-out of another flow (10.0.0.5 -> 172.16.5.0/24) does not cover 10/8 -> 172.17/16: appended as before
    assert plan_present(config([DENY, PERMIT]), selectors("172.16.0.0/16", "172.17.0.0/16")).commands == [ADDED]


def test_a_deny_through_object_groups_is_read_for_what_it_covers():
    groups = ("object network AZ-NEW\n subnet 172.17.0.0 255.255.0.0\n"
              "object-group network AZ-OUT\n network-object object AZ-NEW\n"
              "object-group network ON-PREM\n network-object 10.0.0.0 255.0.0.0\n")
    deny = "access-list AZ-ACL extended deny ip object-group ON-PREM object-group AZ-OUT"
    with pytest.raises(IntentError, match="which covers the new line"):
        plan_present(groups + config([PERMIT, deny], ""), selectors("172.16.0.0/16", "172.17.0.0/16"))
    elsewhere = groups.replace("172.17.0.0", "192.168.0.0")
    assert plan_present(elsewhere + config([PERMIT, deny], ""), selectors("172.16.0.0/16", "172.17.0.0/16")).commands \
        == [ADDED]
