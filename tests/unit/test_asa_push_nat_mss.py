# -*- coding: utf-8 -*-
"""asa_vpn_tunnel's nat_exemption and tcp_mss: planned commands, undo, diff lines, idempotence,
and what the ASA adapter makes of the result (the finding goes away)."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import config_after, plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError

from scenario_builders import asa_config

NO_EXEMPTION = asa_config(nat="", object_nat=" nat (LAN,INTERNET) dynamic interface")
NAT = {"inside_interface": "LAN", "outside_interface": None, "local_networks": ["10.0.0.0/8"],
       "remote_networks": ["172.16.0.0/16", "172.17.0.1/32"]}
GROUPS = ["object-group network VPNALIGN-AZ-MAP-10-LOCAL", " network-object 10.0.0.0 255.0.0.0", "exit",
          "object-group network VPNALIGN-AZ-MAP-10-REMOTE", " network-object 172.16.0.0 255.255.0.0",
          " network-object host 172.17.0.1", "exit"]
RULE = ("nat (LAN,INTERNET) 1 source static VPNALIGN-AZ-MAP-10-LOCAL VPNALIGN-AZ-MAP-10-LOCAL destination static "
        "VPNALIGN-AZ-MAP-10-REMOTE VPNALIGN-AZ-MAP-10-REMOTE no-proxy-arp route-lookup")


def params(**extra):
    out = dict(crypto_map="AZ-MAP", seq=10)
    out.update(extra)
    return out


def nat_of(config):
    # pylint infers "tunnels" from asa_facts_and_ends' dict (None until asa_facts_from_text sets the list)
    [tunnel] = asa_facts_from_text(config)["tunnels"]  # pylint: disable=unpacking-non-sequence
    return tunnel["nat"]["exempt"]


def test_nat_exemption_adds_groups_then_the_rule_and_undoes_in_reverse():
    plan = plan_present(NO_EXEMPTION, params(nat_exemption=NAT))
    assert plan.commands == GROUPS + [RULE]
    assert plan.rollback == ["no " + RULE, "no object-group network VPNALIGN-AZ-MAP-10-REMOTE",
                             "no object-group network VPNALIGN-AZ-MAP-10-LOCAL"]
    assert RULE in plan.after and RULE not in plan.before
    assert nat_of(NO_EXEMPTION) is False
    after = config_after(NO_EXEMPTION, plan)
    assert nat_of(after) is True
    assert plan_present(after, params(nat_exemption=NAT)).commands == []


DMZ = ("interface GigabitEthernet0/2\n nameif DMZ\n security-level 50\n ip address 192.168.50.1 255.255.255.0\n"
       "route LAN 10.0.0.0 255.0.0.0 10.1.0.254")
TWO_INSIDE = asa_config(nat="", object_nat=" nat (LAN,INTERNET) dynamic interface", extra=DMZ,
                        acl_extra="access-list AZ-ACL extended permit ip 192.168.50.0 255.255.255.0 object AZ-LAN")


def test_nat_exemption_for_locals_behind_two_interfaces_is_a_rule_on_each():
    """Local networks behind LAN and DMZ: a twice-NAT rule applies to traffic entering its real interface only,
    so each gets one; the adapter then reads the tunnel as exempt, and a second plan changes nothing."""
    nat = dict(NAT, inside_interface=None, inside_interfaces=["LAN", "DMZ"],
               local_networks=["10.0.0.0/8", "192.168.50.0/24"], remote_networks=["172.16.0.0/16"])
    assert nat_of(TWO_INSIDE) is False
    plan = plan_present(TWO_INSIDE, params(nat_exemption=nat))
    rules = [c for c in plan.commands if c.startswith("nat ")]
    assert [r.split()[1] for r in rules] == ["(LAN,INTERNET)", "(DMZ,INTERNET)"]
    assert plan.rollback[:2] == ["no " + rules[1], "no " + rules[0]]
    assert all(rule in plan.after for rule in rules), "the diff shows both rules"
    after = config_after(TWO_INSIDE, plan)
    assert nat_of(after) is True
    assert plan_present(after, params(nat_exemption=nat)).commands == []
    # the rule for one interface already there: only the other is added
    one = config_after(TWO_INSIDE, plan_present(TWO_INSIDE, params(nat_exemption=dict(nat, inside_interfaces=["DMZ"]))))
    assert [c for c in plan_present(one, params(nat_exemption=nat)).commands if c.startswith("nat ")] == rules[:1]


def test_nat_exemption_never_rewrites_a_group_that_holds_other_members():
    """Review 2026-12-06: a VPNALIGN- group of other members may be another rule's (it cannot be told from this
    tunnel's earlier exemption): rewritten, that traffic left its exemption. As the report's fix names them
    (asa/invented_names.py), the push takes the next free name, and the groups it finds stay as they are."""
    after = config_after(NO_EXEMPTION, plan_present(NO_EXEMPTION, params(nat_exemption=NAT)))
    narrower = dict(NAT, remote_networks=["172.16.0.0/16"])
    plan = plan_present(after, params(nat_exemption=narrower))
    assert plan.commands[:3] == ["object-group network VPNALIGN-AZ-MAP-10-REMOTE-2",
                                 " network-object 172.16.0.0 255.255.0.0", "exit"]
    assert plan.commands[3].startswith("nat (LAN,INTERNET) 1 source static VPNALIGN-AZ-MAP-10-LOCAL ")
    assert "destination static VPNALIGN-AZ-MAP-10-REMOTE-2 VPNALIGN-AZ-MAP-10-REMOTE-2" in plan.commands[3]
    assert not [c for c in plan.commands if c.strip().startswith("no ")]
    assert plan_present(config_after(after, plan), params(nat_exemption=narrower)).commands == []


def test_an_object_network_of_the_groups_name_is_not_taken_for_it():
    taken = NO_EXEMPTION + "object network VPNALIGN-AZ-MAP-10-LOCAL\n host 192.168.77.5\n"
    plan = plan_present(taken, params(nat_exemption=NAT))
    assert "object-group network VPNALIGN-AZ-MAP-10-LOCAL-2" in plan.commands
    assert "object-group network VPNALIGN-AZ-MAP-10-LOCAL" not in plan.commands


def test_nat_exemption_networks_default_to_the_tunnel_networks_and_outside_to_the_bound_interface():
    plan = plan_present(NO_EXEMPTION, params(local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"],
                                             acl="AZ-ACL", nat_exemption={"inside_interface": "LAN"}))
    assert plan.commands[-1].startswith("nat (LAN,INTERNET) 1 source static VPNALIGN-AZ-MAP-10-LOCAL")


@pytest.mark.parametrize("nat,message", [
    ({"inside_interface": "LAN"}, "local_networks are needed"),
    (dict(NAT, local_networks=["10.0.0.0/33"]), "is not a network prefix"),
])
def test_nat_exemption_that_cannot_be_drawn_up_is_an_intent_error(nat, message):
    with pytest.raises(IntentError, match=message):
        plan_present(NO_EXEMPTION, params(nat_exemption=nat))


def test_nat_exemption_needs_an_outside_interface_when_the_map_is_not_bound():
    with pytest.raises(IntentError, match="outside_interface"):
        plan_present(asa_config(map_interface=""), params(nat_exemption=NAT))


def test_tcp_mss_replaces_the_global_value_with_its_undo():
    plan = plan_present(asa_config(tcpmss="sysopt connection tcpmss 1400"), params(tcp_mss=1350))
    assert plan.commands == ["sysopt connection tcpmss 1350"]
    assert plan.rollback == ["sysopt connection tcpmss 1400"]
    assert "sysopt connection tcpmss 1400" in plan.before and plan.after.count("sysopt connection tcpmss 1350") == 1
    assert "sysopt connection tcpmss 1400" not in plan.after


def test_tcp_mss_absent_is_the_default_1380():
    config = asa_config(tcpmss="")
    plan = plan_present(config, params(tcp_mss=1350))
    assert plan.commands == ["sysopt connection tcpmss 1350"]
    assert plan.rollback == ["no sysopt connection tcpmss 1350"]
    assert plan_present(config, params(tcp_mss=1380)).commands == []
    assert plan_present(asa_config(), params(tcp_mss=1350)).commands == []


def test_tcp_mss_minimum_is_left_alone():
    config = asa_config(tcpmss="sysopt connection tcpmss 1400\nsysopt connection tcpmss minimum 48")
    plan = plan_present(config, params(tcp_mss=1350))
    assert plan.commands == ["sysopt connection tcpmss 1350"]
    assert "sysopt connection tcpmss minimum 48" in config_after(config, plan)


def test_a_rule_that_says_the_same_at_another_line_counts_as_present():
    after = config_after(NO_EXEMPTION, plan_present(NO_EXEMPTION, params(nat_exemption=NAT)))
    without_number = after.replace(RULE, RULE.replace(" 1 source ", " source "))
    assert plan_present(without_number, params(nat_exemption=NAT)).commands == []


def test_the_module_sends_what_the_check_suggests():
    """The report's remediation for NAT_EXEMPTION_MISSING and the module's plan are the same lines."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
    from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
    from scenario_builders import azure_resources

    report = run_check(asa_facts_from_text(NO_EXEMPTION), azure_facts_from_data(azure_resources()))
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "NAT_EXEMPTION_MISSING"]
    options = report["tunnels"][0]["alignment"]["align_to_azure"]["options"]
    plan = plan_present(NO_EXEMPTION, params(nat_exemption=options["nat_exemption"]))
    assert [c for c in plan.commands if c != "exit"] == finding["remediation"]["asa"]


def test_an_ipv6_default_route_member_is_written_as_a_prefix_our_parser_reads():
    """Defect: an IPv6 /0 was written ``network-object any6`` (an ACE keyword, no network-object form),
    which our own parser reads as an invalid value, where the check's remediation writes ``::/0``."""
    nat = dict(NAT, local_networks=["2001:db8:10::/48"], remote_networks=["::/0"])
    plan = plan_present(NO_EXEMPTION, params(nat_exemption=nat))
    assert " network-object ::/0" in plan.commands
    assert not any("any" in command.split()[-1] for command in plan.commands if "network-object" in command)
    facts = asa_facts_from_text(config_after(NO_EXEMPTION, plan))
    assert [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"] == []
