# -*- coding: utf-8 -*-
"""Twice NAT applies to traffic entering its real interface (Cisco ASA command reference, ``nat``: "(real_ifc,
mapped_ifc)"; ``any`` for all interfaces). Tunnel traffic enters by the interface the ASA routes the local network
to (connected networks, static routes); where no route tells, a finding says so. The fix exempts the tunnel's
traffic on every interface the local networks enter by, and a numbered rule ('nat (a,b) 1 source ...', the form the
fix uses) is placed at its line. Review 4 found these."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from policy_based_shapes import arm
from vendor_apply import apply_asa

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IKEV1 = os.path.join(REPO, "tests", "fixtures", "route_based", "policy_based_ikev1")

ASA = """ASA Version 9.12(4)
hostname fw
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.248
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.1.0.1 255.255.0.0
interface GigabitEthernet0/2
 nameif servers
 security-level 100
 ip address 10.2.0.1 255.255.0.0
object network obj_any
 subnet 0.0.0.0 0.0.0.0
 nat (any,outside) dynamic interface
object-group network ONPREM
{onprem}
object-group network AZURE
 network-object 172.16.0.0 255.255.0.0
access-list AZ-ACL extended permit ip object-group ONPREM object-group AZURE
{nat}
route outside 0.0.0.0 0.0.0.0 198.51.100.9 1
{routes}
crypto ipsec ikev2 ipsec-proposal AZ
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec security-association lifetime seconds 3600
crypto ipsec security-association lifetime kilobytes 102400000
crypto map CM 10 match address AZ-ACL
crypto map CM 10 set peer 203.0.113.20
crypto map CM 10 set ikev2 ipsec-proposal AZ
crypto map CM 10 set pfs group14
crypto map CM 10 set security-association lifetime seconds 3600
crypto map CM interface outside
crypto ikev2 policy 1
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable outside
group-policy GP internal
group-policy GP attributes
 vpn-tunnel-protocol ikev2
tunnel-group 203.0.113.20 type ipsec-l2l
tunnel-group 203.0.113.20 general-attributes
 default-group-policy GP
tunnel-group 203.0.113.20 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
sysopt connection tcpmss 1350
"""

TWO = " network-object 10.1.0.0 255.255.0.0\n network-object 10.2.0.0 255.255.0.0"
IDENTITY = "nat (%s,outside) source static ONPREM ONPREM destination static AZURE AZURE no-proxy-arp route-lookup"


def asa(onprem=TWO, nat=IDENTITY % "inside", routes="", extra_interfaces=""):
    text = ASA.format(onprem=onprem, nat=nat, routes=routes)
    return text.replace("object network obj_any", extra_interfaces + "object network obj_any", 1)


def check(text, resources=None):
    facts = asa_facts_from_text(text, host="fw")
    report = run_check(facts, azure_facts_from_data(resources or arm()))
    [tunnel] = report["tunnels"]
    return facts, tunnel


def codes(tunnel):
    return {f["code"] for f in tunnel["findings"]}


def nat_fix(tunnel):
    [finding] = [f for f in tunnel["findings"] if f["code"] == "NAT_EXEMPTION_MISSING"]
    return finding["remediation"]["asa"]


def rules_of(lines):
    return [line for line in lines if line.startswith("nat (")]


def fixed(text, tunnel):
    """The config with the printed NAT fix typed in, re-checked."""
    after, _applied = apply_asa(text, nat_fix(tunnel))
    return after


def test_identity_nat_on_another_real_interface_does_not_exempt_and_the_fix_clears_it():
    text = asa()  # 10.2/16 sits on 'servers'; the only identity rule is (inside,outside); obj_any PATs the rest
    facts, tunnel = check(text)
    assert "NAT_EXEMPTION_MISSING" in codes(tunnel), tunnel["findings"]
    assert facts["tunnels"][0]["nat"]["exempt"] is False
    assert "traffic from 10.2.0.0/16 to 172.16.0.0/16" in facts["tunnels"][0]["nat"]["detail"]
    fix = nat_fix(tunnel)
    assert [r.split()[1] for r in rules_of(fix)] == ["(inside,outside)", "(servers,outside)"]
    _facts, after = check(fixed(text, tunnel))
    assert after["verdict"] == "pass", after["findings"]


def test_the_ikev1_fixture_without_its_servers_rule_is_not_exempt():
    with open(os.path.join(IKEV1, "asa_running_config.txt")) as handle:
        text = handle.read()
    with open(os.path.join(IKEV1, "azure_resources.json")) as handle:
        resources = json.load(handle)
    _facts, tunnel = check(text, resources)
    assert "NAT_EXEMPTION_MISSING" not in codes(tunnel), tunnel["findings"]  # (weak 3DES/SHA-1 offered: degraded)
    without = "\n".join(line for line in text.splitlines() if not line.startswith("nat (servers,outside)")) + "\n"
    _facts, tunnel = check(without, resources)
    assert "NAT_EXEMPTION_MISSING" in codes(tunnel), tunnel["findings"]
    _facts, after = check(fixed(without, tunnel), resources)
    assert tunnel["verdict"] == "fail" and after["verdict"] == "degraded" and "NAT_EXEMPTION_MISSING" not in codes(after)


def test_a_local_network_over_two_interfaces_is_exempted_on_both():
    """10.0.0.0/8 as one network: 10.1/16 enters by inside, 10.2/16 by servers, and the rest (no route) by one of
    them. The fix renders a rule per interface; with only the first, 10.2/16 stays translated."""
    text = asa(onprem=" network-object 10.0.0.0 255.0.0.0", nat="")
    resources = arm(("10.0.0.0/8",))
    _facts, tunnel = check(text, resources)
    assert "NAT_EXEMPTION_MISSING" in codes(tunnel), tunnel["findings"]
    fix = nat_fix(tunnel)
    assert [r.split()[1] for r in rules_of(fix)] == ["(inside,outside)", "(servers,outside)"], fix
    assert not [line for line in fix if line.startswith("!")], fix  # nothing left to a person: both are covered
    _facts, after = check(fixed(text, tunnel), resources)
    assert after["verdict"] == "pass", after["findings"]
    only_first = asa(onprem=" network-object 10.0.0.0 255.0.0.0", nat=IDENTITY.replace("ONPREM", "VPNALIGN-CM-10-LOCAL")
                     .replace("AZURE", "VPNALIGN-CM-10-REMOTE") % "inside")
    half, _applied = apply_asa(only_first, [line for line in fix if not line.startswith("nat (")])
    _facts, tunnel = check(half, resources)
    assert "NAT_EXEMPTION_MISSING" in codes(tunnel), tunnel["findings"]
    assert "10.2.0.0/16" in json.dumps(tunnel["findings"])


def test_a_static_route_says_which_interface_a_local_network_enters_by():
    onprem = " network-object 10.9.0.0 255.255.0.0"
    routes = "route servers 10.9.0.0 255.255.0.0 10.2.0.254 1"
    _facts, tunnel = check(asa(onprem=onprem, routes=routes), arm(("10.9.0.0/16",)))
    assert "NAT_EXEMPTION_MISSING" in codes(tunnel), tunnel["findings"]
    assert [r.split()[1] for r in rules_of(nat_fix(tunnel))] == ["(servers,outside)"]
    _facts, tunnel = check(asa(onprem=onprem, routes=routes, nat=IDENTITY % "servers"), arm(("10.9.0.0/16",)))
    assert tunnel["verdict"] == "pass", tunnel["findings"]


def test_an_unrouted_local_network_is_not_assumed_to_enter_by_the_rules_interface():
    """10.9/16: no route but the default one, three interfaces. The identity rule on inside exempts it only if it
    enters by inside; obj_any translates it on servers: not decidable, and a finding names the rule's line."""
    onprem = " network-object 10.9.0.0 255.255.0.0"
    facts, tunnel = check(asa(onprem=onprem), arm(("10.9.0.0/16",)))
    assert facts["tunnels"][0]["nat"]["exempt"] is None, facts["tunnels"][0]["nat"]
    assert "NAT_EXEMPTION_MISSING" not in codes(tunnel)
    [finding] = [f for f in facts["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert "UNSUPPORTED_CONSTRUCT" in codes(tunnel)
    assert "10.9.0.0/16" in finding["summary"] and "entering inside" in finding["summary"]
    assert [line["text"] for line in finding["evidence"]["asa"]["lines"]] == [IDENTITY % "inside"]
    # identity on both interfaces it may enter by: exempt whichever it is
    nat = IDENTITY % "inside" + "\n" + IDENTITY % "servers"
    facts, tunnel = check(asa(onprem=onprem, nat=nat), arm(("10.9.0.0/16",)))
    assert tunnel["verdict"] == "pass" and facts["tunnels"][0]["nat"]["exempt"] is True, tunnel["findings"]
    assert not [f for f in facts["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]


def test_with_one_inside_interface_an_unrouted_part_enters_by_it():
    """Only outside and inside: a part of the local networks no route reaches can only enter by inside."""
    text = asa(onprem=" network-object 10.0.0.0 255.0.0.0", nat=IDENTITY % "inside")
    text = text.replace("interface GigabitEthernet0/2\n nameif servers\n security-level 100\n ip address 10.2.0.1 "
                        "255.255.0.0\n", "")
    facts, tunnel = check(text, arm(("10.0.0.0/8",)))
    assert tunnel["verdict"] == "pass", tunnel["findings"]
    assert facts["tunnels"][0]["ref"]["inside_interface"] == "inside"


def test_a_numbered_rule_is_placed_at_its_line():
    """'nat (a,b) 1 source ...' (the form the fix uses) is inserted at line 1 of section 1, ahead of a twice-NAT PAT
    written before it; without a number it comes after it. The same for 'after-auto <line>' in section 3."""
    pat = "nat (any,outside) source dynamic any interface"
    numbered = (IDENTITY % "inside").replace(" source ", " 1 source ", 1) + "\n" + \
        (IDENTITY % "servers").replace(" source ", " 1 source ", 1)
    facts, tunnel = check(asa(nat=pat + "\n" + numbered))
    assert facts["tunnels"][0]["nat"]["exempt"] is True and tunnel["verdict"] == "pass", tunnel["findings"]
    facts, tunnel = check(asa(nat=pat + "\n" + numbered.replace(" 1 source ", " source ")))
    assert "NAT_EXEMPTION_MISSING" in codes(tunnel)
    after_pat = "nat (any,outside) after-auto source dynamic any interface"
    after = "\n".join(line.replace(" 1 source ", " after-auto 1 source ") for line in numbered.splitlines())
    text = asa(nat=after_pat + "\n" + after).replace(" nat (any,outside) dynamic interface\n", "")
    facts, tunnel = check(text)
    assert facts["tunnels"][0]["nat"]["exempt"] is True, facts["tunnels"][0]["nat"]
    # a number past the end of the section appends
    facts, tunnel = check(asa(nat=pat + "\n" + numbered.replace(" 1 source ", " 9 source ")))
    assert "NAT_EXEMPTION_MISSING" in codes(tunnel)
