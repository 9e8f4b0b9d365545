# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04) of asa_vpn_tunnel's VTI plans: a failover pair's standby address dropped from a rewritten
``ip address``, Tunnel01 planned as a new interface next to Tunnel1, ``no interface`` twice in one rollback, a
neighbor of another tunnel removed (state absent) or rewritten (state present) by this tunnel's plan, and state
absent looking its references up in the whole config for each end of a hub. Each refusal comes before anything is
sent and names what the option would have hit."""

import os
import sys

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import Change, ConfigTree, IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import apply_vti, config_after_vti, plan_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_absent import plan_vti_absent

from test_asa_push_vti import BASE, NEW  # noqa: E402  pylint: disable=wrong-import-position
from test_plan_hub_linear import BOUND, ENDS, _bgp_end, _per_end  # noqa: E402  pylint: disable=wrong-import-position

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))

import synthetic  # noqa: E402  pylint: disable=wrong-import-position

# An active-active Azure gateway as Cisco's ASA VTI guide builds it: one VTI per gateway instance, each with its
# APIPA /30, a host route to the instance's BGP address through its nameif, and the neighbors in one BGP process.
# The pair is a failover pair: each tunnel address has its standby.
PAIR = BASE + """crypto ipsec ikev2 ipsec-proposal AZ-GCM
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto ipsec profile AZ-HUB-PROF
 set ikev2 ipsec-proposal AZ-GCM
 set pfs group19
 set security-association lifetime seconds 27000
crypto ipsec profile AZ-HUB-PROF-B
 set ikev2 ipsec-proposal AZ-GCM
 set pfs group19
interface Tunnel11
 nameif AZ-HUB-A
 ip address 169.254.31.1 255.255.255.252 standby 169.254.31.5
 tunnel source interface outside
 tunnel destination 203.0.113.71
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-HUB-PROF
interface Tunnel12
 nameif AZ-HUB-B
 ip address 169.254.32.1 255.255.255.252 standby 169.254.32.5
 tunnel source interface outside
 tunnel destination 203.0.113.72
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-HUB-PROF-B
crypto ikev2 policy 10
 encryption aes-gcm-256
 integrity null
 group 19
 prf sha384
 lifetime seconds 28800
crypto ikev2 enable outside
tunnel-group 203.0.113.71 type ipsec-l2l
tunnel-group 203.0.113.71 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
tunnel-group 203.0.113.72 type ipsec-l2l
tunnel-group 203.0.113.72 ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
route AZ-HUB-A 10.61.255.4 255.255.255.255 169.254.31.2 1
route AZ-HUB-B 10.61.255.5 255.255.255.255 169.254.32.2 1
router bgp 65110
 bgp log-neighbor-changes
 address-family ipv4 unicast
  neighbor 10.61.255.4 remote-as 65515
  neighbor 10.61.255.4 ebgp-multihop 255
  neighbor 10.61.255.4 activate
  neighbor 10.61.255.5 remote-as 65515
  neighbor 10.61.255.5 ebgp-multihop 255
  neighbor 10.61.255.5 activate
  neighbor 169.254.32.2 remote-as 65515
  neighbor 169.254.32.2 activate
  network 10.60.0.0 mask 255.255.0.0
  no auto-summary
  no synchronization
 exit-address-family
"""


# -- 1: the standby address of a failover pair ---------------------------------------------------
def test_the_standby_address_stays_when_the_tunnel_address_does_not_change():
    intent = dict(tunnel_interface="Tunnel11", tunnel_nameif="AZ-HUB-A", tunnel_address="169.254.31.1/30",
                  tunnel_source_interface="outside", peer="203.0.113.71", tunnel_enabled=False)
    plan = plan_vti(PAIR, intent)
    assert plan.commands == ["interface Tunnel11", " shutdown", "exit"]  # no ip address line without its standby
    assert " ip address 169.254.31.1 255.255.255.252 standby 169.254.31.5" in plan.after
    assert plan_vti(config_after_vti(PAIR, plan), intent).commands == []


def test_a_new_tunnel_address_on_a_failover_pair_is_refused_rather_than_dropping_the_standby():
    with pytest.raises(IntentError, match="interface Tunnel11 has ip address 169.254.31.1 255.255.255.252 standby "
                                          "169.254.31.5 .*would drop standby 169.254.31.5: change the address and "
                                          "its standby address by hand"):
        plan_vti(PAIR, dict(tunnel_interface="Tunnel11", tunnel_address="169.254.31.9/30"))
    # without a standby address a new address is planned as before
    plain = PAIR.replace(" standby 169.254.31.5", "")
    assert plan_vti(plain, dict(tunnel_interface="Tunnel11", tunnel_address="169.254.31.9/30")).commands == [
        "interface Tunnel11", " ip address 169.254.31.9 255.255.255.252", "exit"]


# -- 2: Tunnel01 is Tunnel1 to the ASA -------------------------------------------------------------
@pytest.mark.parametrize("spelled", ["Tunnel011", "tunnel11", "TUNNEL0011"])
def test_a_tunnel_interface_spelled_otherwise_is_refused_naming_the_existing_one(spelled):
    new = dict(NEW, tunnel_interface=spelled, tunnel_nameif="AZ-NEW", peer="203.0.113.80", ipsec_profile="NEW-PROF",
               routes=None, bgp=None)
    with pytest.raises(IntentError, match="tunnel_interface %s is interface Tunnel11, as the ASA reads it: give it "
                                          "as Tunnel11" % spelled):
        plan_vti(PAIR, new)
    with pytest.raises(IntentError, match="interface Tunnel11"):
        plan_vti_absent(PAIR, dict(tunnel_interface=spelled))


def test_leading_zeros_are_refused_with_the_options_before_the_config_is_read():
    assert option_error(dict(NEW, tunnel_interface="Tunnel01")) == (
        "tunnel_interface 'Tunnel01' is Tunnel1 to the ASA (it drops leading zeros): give Tunnel1")
    assert option_error(dict(NEW, tunnel_interface="Tunnel0")) is None
    assert option_error(dict(NEW, tunnel_interface="Tunnel10")) is None


# -- 3: one rollback line per interface -------------------------------------------------------------
def test_a_tunnel_created_shut_is_removed_once_by_the_rollback():
    plan = plan_vti(BASE, dict(NEW, tunnel_enabled=False))
    assert plan.rollback.count("no interface Tunnel1") == 1
    # the interface is created shut in one block, and the rollback takes the config back to what it was
    start = plan.commands.index("interface Tunnel1")
    block = plan.commands[start:plan.commands.index("exit", start) + 1]
    assert block[-2:] == [" shutdown", "exit"]
    after = apply_vti(ConfigTree(BASE), plan.changes)
    assert apply_vti(after, [Change(plan.rollback, [])]).text() == ConfigTree(BASE).text()
    assert plan_vti(after.text(), dict(NEW, tunnel_enabled=False)).commands == []


# -- 4 and 6: a neighbor of another tunnel -----------------------------------------------------------
@pytest.mark.parametrize("neighbor, how", [("10.61.255.5", "routed through its nameif"),
                                           ("169.254.32.2", "on its subnet")])
def test_absent_refuses_removing_the_neighbor_of_another_tunnel(neighbor, how):
    with pytest.raises(IntentError, match=r"bgp.neighbor %s is Tunnel12's \(%s\), not Tunnel11's" % (neighbor, how)):
        plan_vti_absent(PAIR, dict(tunnel_interface="Tunnel11", bgp={"asn": 65110, "neighbor": neighbor}))


def test_absent_removes_its_own_named_neighbor_and_refuses_one_of_no_tunnel():
    plan = plan_vti_absent(PAIR, dict(tunnel_interface="Tunnel11", bgp={"asn": 65110, "neighbor": "10.61.255.4"}))
    assert "  no neighbor 10.61.255.4 remote-as 65515" in plan.commands
    assert not [c for c in plan.commands if "10.61.255.5" in c or "169.254.32.2" in c]
    lan = PAIR.replace("  neighbor 10.61.255.4 activate", "  neighbor 10.61.255.4 activate\n"
                       "  neighbor 198.51.100.12 remote-as 65120")
    with pytest.raises(IntentError, match="bgp.neighbor 198.51.100.12 is GigabitEthernet0/0's"):
        plan_vti_absent(lan, dict(tunnel_interface="Tunnel11", bgp={"asn": 65110, "neighbor": "198.51.100.12"}))


@pytest.mark.parametrize("neighbor", ["169.254.32.2", "10.61.255.5"])
def test_present_leaves_the_neighbor_of_another_tunnel_alone(neighbor):
    intent = dict(tunnel_interface="Tunnel11", bgp={"asn": 65110, "neighbor": neighbor, "remote_as": 65520})
    with pytest.raises(IntentError, match="bgp.neighbor %s is Tunnel12's .*the plan for Tunnel11 leaves it alone"
                                          % neighbor):
        plan_vti(PAIR, intent)


def test_present_still_sets_its_own_neighbors_and_new_ones_it_routes():
    own = dict(tunnel_interface="Tunnel11", bgp={"asn": 65110, "neighbor": "10.61.255.4", "remote_as": 65520})
    assert "  neighbor 10.61.255.4 remote-as 65520" in plan_vti(PAIR, own).commands
    new = dict(tunnel_interface="Tunnel11", routes=[{"network": "10.61.255.6/32", "gateway": "169.254.31.2"}],
               bgp={"asn": 65110, "neighbor": "10.61.255.6", "remote_as": 65515, "ebgp_multihop": 255})
    assert "  neighbor 10.61.255.6 remote-as 65515" in plan_vti(PAIR, new).commands


# -- 5: state absent on a hub ------------------------------------------------------------------------
def test_removing_an_end_of_a_bgp_hub_costs_the_same_at_ten_times_the_config():
    """Each removal looked its profile, proposals and tunnel-group up in every block, and its neighbors in every
    line of the BGP process (0.5 ms per end at 100 tunnels, 3.5 ms at 1,000)."""
    per_end = []
    for tunnels in (100, 1000):
        text, sites = synthetic.generate("routed", None, tunnels)
        cost, plans = _per_end(text, [dict(_bgp_end(sites, n), state="absent") for n in range(ENDS)])
        per_end.append(cost)
        assert [p.commands.count("no interface Tunnel%d" % (n + 1)) for n, p in enumerate(plans)] == [1] * ENDS
        assert all(("  no neighbor %s remote-as" % sites[n][4] in " ".join(p.commands)) == bool(sites[n][5])
                   for n, p in enumerate(plans))
    assert per_end[1] / per_end[0] <= BOUND, [round(t * 1e3, 2) for t in per_end]
