# -*- coding: utf-8 -*-
"""asa_vpn_tunnel when the protected networks change (Azure's local network gateway prefixes, the ASA's inside
network): the identity NAT rule of the pairs the crypto ACL loses is removed only when the push proves it was this
tunnel's alone; otherwise it stays and the result's ``kept`` names it for a person (review 2026-12-06: it stayed
without a word, keeping traffic the tunnel no longer carries untranslated)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import jobs
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import config_after, plan_present

from scenario_builders import asa_config
from test_alignment_role import INTENT, VTI_TUNNEL

OLD_RULE = "nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-LAN AZ-LAN no-proxy-arp route-lookup"
MOVED = dict(crypto_map="AZ-MAP", seq=10, acl="AZ-ACL", local_networks=["10.0.0.0/8"], remote_networks=["172.20.0.0/16"],
             nat_exemption={"inside_interface": "LAN", "local_networks": ["10.0.0.0/8"],
                            "remote_networks": ["172.20.0.0/16"]})


def _with(extra):
    return asa_config().replace(": end\n", extra + "\n: end\n")


def _exempt(config):
    [tunnel] = asa_facts_from_text(config)["tunnels"]  # pylint: disable=unpacking-non-sequence
    return tunnel["nat"]["exempt"]


def test_the_old_exemption_that_only_this_tunnel_used_is_removed_with_its_objects_and_undone_in_order():
    config = asa_config()
    plan = plan_present(config, MOVED)
    assert plan.commands[-3:] == ["no " + OLD_RULE, "no object network AZ-LAN", "no object network HQ-LAN"]
    # the new exemption is in place before the old one goes
    assert plan.commands.index("no " + OLD_RULE) > max(i for i, c in enumerate(plan.commands) if c.startswith("nat "))
    assert plan.kept == []
    # undo: the objects first, then the rule at the number it had (the first manual rule)
    assert plan.rollback[:7] == ["object network HQ-LAN", " subnet 10.0.0.0 255.0.0.0", "exit",
                                 "object network AZ-LAN", " subnet 172.16.0.0 255.255.0.0", "exit",
                                 OLD_RULE.replace(" source ", " 1 source ", 1)]
    after = config_after(config, plan)
    assert OLD_RULE not in after and "object network AZ-LAN" not in after
    assert _exempt(after) is True  # the tunnel's traffic (the new pairs) is exempt
    assert plan_present(after, MOVED).commands == []


def test_an_old_exemption_whose_object_serves_another_line_stays_and_is_named():
    other = "access-list OUTSIDE-IN extended permit ip object AZ-LAN any"
    plan = plan_present(_with(other), MOVED)
    assert not [c for c in plan.commands if c.startswith(("no nat ", "no object"))]
    [note] = plan.kept
    assert note.startswith(OLD_RULE + " kept: it exempts 10.0.0.0/8 <-> 172.16.0.0/16, which crypto ACL AZ-ACL no "
                           "longer protects")
    assert "AZ-LAN is also named by '%s'" % other in note and note.endswith("remove it by hand once nothing else needs it")


def test_an_old_exemption_whose_object_has_its_own_nat_stays_and_is_named():
    config = asa_config(object_nat=" nat (LAN,INTERNET) dynamic interface")
    plan = plan_present(config, MOVED)
    assert "no " + OLD_RULE not in plan.commands
    [note] = plan.kept
    assert "HQ-LAN has its own NAT ('nat (LAN,INTERNET) dynamic interface')" in note


def test_an_exemption_another_crypto_map_entry_still_protects_is_left_without_a_note():
    other = ("access-list BRANCH-ACL extended permit ip object HQ-LAN object AZ-LAN\n"
             "crypto map AZ-MAP 20 match address BRANCH-ACL\ncrypto map AZ-MAP 20 set peer 192.0.2.7")
    plan = plan_present(_with(other), MOVED)
    assert "no " + OLD_RULE not in plan.commands and plan.kept == []


def test_an_exemption_of_removed_and_other_pairs_stays_and_is_named():
    config = asa_config(nat="object-group network AZ-ALL\n network-object 172.16.0.0 255.255.0.0\n"
                            " network-object 192.168.9.0 255.255.255.0\n"
                            "nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-ALL AZ-ALL")
    plan = plan_present(config, MOVED)
    assert not [c for c in plan.commands if c.startswith("no nat ")]
    [note] = plan.kept
    assert note.startswith("nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-ALL AZ-ALL kept: it "
                           "exempts 10.0.0.0/8 <-> 172.16.0.0/16 192.168.9.0/24, partly pairs crypto ACL AZ-ACL no longer "
                           "protects and partly others: narrow it by hand")


def test_an_acl_change_that_keeps_every_pair_touches_no_nat_rule():
    wider = dict(MOVED, remote_networks=["172.16.0.0/16", "172.20.0.0/16"],
                 nat_exemption=dict(MOVED["nat_exemption"], remote_networks=["172.20.0.0/16"]))
    plan = plan_present(asa_config(), wider)
    assert not [c for c in plan.commands if c.startswith(("no nat ", "no object"))] and plan.kept == []


def test_align_lists_an_exemption_the_push_kept_as_left_to_do_naming_the_line():
    asa_job, _azure_job = jobs([VTI_TUNNEL], "intent", intent={key: INTENT[key] for key in ("ike", "esp", "pfs_group")})
    note = OLD_RULE + " kept: it exempts 10.0.0.0/8 <-> 172.16.0.0/16, which crypto ACL AZ-ACL no longer protects, but ..."
    story = done([asa_job], [{"job": asa_job, "changed": True, "commands": ["x"], "kept": [note]}])
    assert [(s["side"], s["kind"], s["reason"]) for s in story["left_to_do"]] == [("asa", "nat_exemption_left", note)]
    assert "    left to do: nat_exemption_left: " + note in story["lines"]
    # a push that failed is reported as failed, with what is left on the device: no step is added for it
    failed = done([asa_job], [{"job": asa_job, "failed": True, "msg": "m", "kept": [note]}])
    assert failed["left_to_do"] == []


def test_a_batch_keeps_the_exemption_an_entry_added_by_an_earlier_end_still_protects():
    """The crypto ACLs and NAT rules are indexed once per tree and carried to the tree a batch's next end is planned
    on (ConfigTree.replaced): an entry the batch added must count as protecting, though the index was read before."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import planned
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree

    rule = "nat (LAN,INTERNET) source static HQ-LAN HQ-LAN destination static AZ-LAN AZ-LAN no-proxy-arp route-lookup"
    tree = ConfigTree(asa_config())
    assert "no " + rule in plan_present(tree, MOVED).commands  # the index read: alone, the rule goes
    second = dict(crypto_map="AZ-MAP", seq=20, acl="DR-ACL", peer="192.0.2.7", ipsec_proposal="AZ-PROP",
                  local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"])
    after = planned(tree, plan_present(tree, second))
    assert "crypto map AZ-MAP 20 match address DR-ACL" in after.text()
    plan = plan_present(after, MOVED)
    assert "no access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN" in plan.commands
    assert "no " + rule not in plan.commands and plan.kept == []
