# -*- coding: utf-8 -*-
"""Values that pass every syntax check yet would leave the ASA in a state nobody asked for are refused before anything
is planned (review s39 rev2): empty network lists (a live entry moved onto an ACL that does not exist), the ASA's
built-in groups (DfltGrpPolicy, DefaultL2LGroup... rewritten for everyone, then cleared by the undo), a /0 in a crypto
map entry's networks (crypto ACL ``any4``, NAT exemption for everything) and a VTI route holding a tunnel's own
destination (its IKE/ESP packets routed into the tunnel)."""

import os
import sys

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
from asa_ssh.lab import lab_config  # noqa: E402  pylint: disable=wrong-import-position

with open(os.path.join(HERE, "..", "..", "examples", "seed-asa-azure-pfs", "asa_running_config.txt")) as _h:
    SEED = _h.read()
KEY = "Harm-Probe-Key-Never-Shown-5"
# the seed's live tunnel: crypto map CRYPTO-MAP 2 to 203.0.113.20, matching uksouth-s2s-acl
LIVE = dict(crypto_map="CRYPTO-MAP", seq=2)
NEW = dict(crypto_map="CRYPTO-MAP", seq=10, peer="203.0.113.99", pre_shared_key=KEY,
           local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"])
NAT = {"inside_interface": "LAN", "outside_interface": "INTERNET"}


def refused(options, *words):
    """The message option_error gives ``options``: it names each of ``words``, never the key."""
    message = option_error(options)
    assert message, options
    for word in words:
        assert word in message, (word, message)
    assert KEY not in message
    return message


EMPTY = [
    (dict(LIVE, local_networks=[], remote_networks=[]), "local_networks is empty"),
    (dict(NEW, local_networks=[], remote_networks=[]), "local_networks is empty"),
    (dict(NEW, remote_networks=[]), "remote_networks is empty"),
    (dict(NEW, nat_exemption=dict(NAT, local_networks=[])), "nat_exemption.local_networks is empty"),
    (dict(NEW, nat_exemption=dict(NAT, remote_networks=[])), "nat_exemption.remote_networks is empty"),
]


@pytest.mark.parametrize("options, words", EMPTY, ids=range(len(EMPTY)))
def test_an_empty_network_list_is_refused_before_anything_is_planned(options, words):
    refused(options, words, "state: absent")


def test_an_empty_list_planned_a_match_address_to_an_acl_that_does_not_exist():
    """What was sent before: the live entry moved onto a made-up ACL with no line (it then carries nothing)."""
    plan = plan_present(SEED, dict(LIVE, local_networks=[], remote_networks=["172.16.0.0/16"]))
    # the planner alone still plans it; option_error is the gate the module passes first
    assert "crypto map CRYPTO-MAP 2 match address CRYPTO-MAP-2-vpnalign" in plan.commands
    assert option_error(dict(LIVE, local_networks=[], remote_networks=["172.16.0.0/16"]))


def test_empty_lists_are_no_matter_with_state_absent():
    assert option_error(dict(LIVE, state="absent", local_networks=[], remote_networks=[])) is None


DEFAULT_GROUPS = [
    (dict(NEW, tunnel_group="DefaultL2LGroup"), ("tunnel_group", "built-in LAN-to-LAN", "leave tunnel_group out")),
    (dict(NEW, tunnel_group="defaultl2lgroup"), ("tunnel_group", "built-in LAN-to-LAN")),
    (dict(NEW, tunnel_group="DefaultRAGroup"), ("tunnel_group", "built-in remote-access")),
    (dict(NEW, tunnel_group="DefaultWEBVPNGroup"), ("tunnel_group", "built-in")),
    (dict(LIVE, peer="203.0.113.20", group_policy="DfltGrpPolicy"),
     ("group_policy", "default group-policy", "leave group_policy out")),
    (dict(LIVE, state="absent", tunnel_group="DefaultL2LGroup"), ("tunnel_group",)),
    (dict(tunnel_interface="Tunnel1", group_policy="dfltgrppolicy"), ("group_policy",)),
]


@pytest.mark.parametrize("options, words", DEFAULT_GROUPS, ids=range(len(DEFAULT_GROUPS)))
def test_the_asa_built_in_groups_are_refused_as_targets(options, words):
    refused(options, "does not change or clear it", *words)


def test_dflt_grp_policy_is_never_created_replaced_or_cleared_by_the_planner():
    """Under option_error: DfltGrpPolicy is never printed as ``internal`` and was taken for a new policy (its
    children replaced by ``vpn-tunnel-protocol ikev2``, the undo ``clear configure group-policy DfltGrpPolicy``)."""
    config = SEED.replace("dynamic-access-policy-record DfltAccessPolicy\n",
                          "group-policy DfltGrpPolicy attributes\n vpn-simultaneous-logins 10\n"
                          " vpn-tunnel-protocol ikev1 ikev2 l2tp-ipsec\ndynamic-access-policy-record DfltAccessPolicy\n")
    plan = plan_present(config, dict(LIVE, peer="203.0.113.20", group_policy="DfltGrpPolicy"))
    lines = plan.commands + plan.rollback
    assert not [line for line in lines if "group-policy DfltGrpPolicy" in line and "default-group-policy" not in line]
    assert not [line for line in lines if "vpn-simultaneous-logins" in line or "vpn-tunnel-protocol" in line]


def test_default_l2l_group_is_never_created_re_keyed_or_cleared_by_the_planner():
    config = SEED.replace("no tunnel-group-map enable peer-ip\n",
                          "tunnel-group DefaultL2LGroup ipsec-attributes\n"
                          " ikev2 remote-authentication pre-shared-key *****\n"
                          " ikev2 local-authentication pre-shared-key *****\nno tunnel-group-map enable peer-ip\n")
    plan = plan_present(config, dict(NEW, tunnel_group="DefaultL2LGroup"))
    lines = plan.commands + plan.rollback
    assert not [line for line in lines if "DefaultL2LGroup" in line], lines


ANY = [
    (dict(NEW, local_networks=["0.0.0.0/0"], remote_networks=["0.0.0.0/0"]), "local_networks[0]: 0.0.0.0/0"),
    (dict(NEW, remote_networks=["172.16.0.0/16", "0.0.0.0/0"]), "remote_networks[1]: 0.0.0.0/0"),
    (dict(NEW, remote_networks=["10.9.0.0/0"]), "remote_networks[0]: 10.9.0.0/0"),
    (dict(NEW, remote_networks=["::/0"]), "remote_networks[0]: ::/0"),
    (dict(NEW, nat_exemption=dict(NAT, remote_networks=["0.0.0.0/0"])), "nat_exemption.remote_networks[0]"),
]


@pytest.mark.parametrize("options, words", ANY, ids=range(len(ANY)))
def test_a_slash_zero_in_a_crypto_map_entry_is_refused(options, words):
    message = refused(options, words, "every address", "never widens a crypto ACL to any")
    assert ("NAT exemption" in message) == ("nat_exemption" in options)


def test_a_slash_zero_with_nat_exemption_says_what_the_nat_rule_would_do():
    refused(dict(NEW, local_networks=["10.1.0.0/16"], remote_networks=["0.0.0.0/0"], nat_exemption=NAT),
            "remote_networks[0]", "stop translating the site's internet traffic")


def test_narrow_networks_still_pass():
    assert option_error(NEW) is None
    assert option_error(dict(NEW, nat_exemption=NAT)) is None


VTI_LOOPS = [
    ([{"network": "203.0.113.40/32", "gateway": "169.254.21.1"}], "routes[0].network: 203.0.113.40/32",
     "the tunnel destination of Tunnel1"),
    ([{"network": "203.0.113.0/24", "gateway": "169.254.21.1"}], "routes[0].network: 203.0.113.0/24",
     "the tunnel destination of Tunnel1"),
    ([{"network": "0.0.0.0/0", "gateway": "169.254.21.1", "metric": 5}], "routes[0].network: 0.0.0.0/0",
     "prefix longer than /0"),
    ([{"network": "10.30.0.0/16", "gateway": "169.254.21.1"}, {"network": "128.0.0.0/1", "gateway": "169.254.21.1"}],
     "routes[1].network: 128.0.0.0/1", "into Tunnel1"),
    ([{"network": "203.0.113.41/32", "gateway": "169.254.21.1"}], "203.0.113.41", "the tunnel destination of Tunnel2"),
    ([{"network": "203.0.113.40/32", "gateway": "169.254.22.1"}], "203.0.113.40", "the tunnel destination of Tunnel1"),
]


@pytest.mark.parametrize("routes, where, what", VTI_LOOPS, ids=range(len(VTI_LOOPS)))
def test_a_vti_route_holding_a_tunnel_destination_is_refused(routes, where, what):
    interface = "Tunnel2" if routes[0]["gateway"] == "169.254.22.1" else "Tunnel1"
    with pytest.raises(IntentError) as raised:
        plan_vti(lab_config("vti_bgp"), dict(tunnel_interface=interface, routes=routes))
    message = str(raised.value)
    assert where in message and what in message and "IKE and ESP packets" in message


def test_a_default_route_into_a_vti_passes_when_the_peers_have_routes_of_their_own():
    config = lab_config("vti_bgp").replace(
        "route outside 0.0.0.0 0.0.0.0 198.51.100.1 1",
        "route outside 0.0.0.0 0.0.0.0 198.51.100.1 1\nroute outside 203.0.113.40 255.255.255.255 198.51.100.1 1\n"
        "route outside 203.0.113.41 255.255.255.255 198.51.100.1 1")
    plan = plan_vti(config, dict(tunnel_interface="Tunnel1",
                                 routes=[{"network": "0.0.0.0/0", "gateway": "169.254.21.1", "metric": 5}]))
    assert plan.commands == ["route azure-vti0 0.0.0.0 0.0.0.0 169.254.21.1 5"]


def test_a_vti_route_to_the_peer_networks_passes():
    plan = plan_vti(lab_config("vti_bgp"), dict(tunnel_interface="Tunnel1",
                                                routes=[{"network": "10.30.0.0/16", "gateway": "169.254.21.1"}]))
    assert plan.commands == ["route azure-vti0 10.30.0.0 255.255.0.0 169.254.21.1 1"]


def test_a_crypto_map_peer_inside_a_vti_route_is_refused():
    config = lab_config("vti_bgp") + "crypto map AZ 10 set peer 192.0.2.50\n"
    with pytest.raises(IntentError) as raised:
        plan_vti(config, dict(tunnel_interface="Tunnel1",
                              routes=[{"network": "192.0.2.0/24", "gateway": "169.254.21.1"}]))
    assert "a peer of crypto map AZ 10" in str(raised.value)


def test_a_batch_refuses_a_route_holding_the_destination_an_earlier_end_of_it_adds():
    """The destinations are indexed once per tree and carried to the tree a batch's next end is planned on
    (ConfigTree.replaced): the index of the tree before would not hold the new tunnel's destination."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import planned
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree

    tree = ConfigTree(lab_config("vti_bgp"))
    first = plan_vti(tree, dict(tunnel_interface="Tunnel1",
                                routes=[{"network": "10.30.0.0/16", "gateway": "169.254.21.1"}]))
    new = dict(tunnel_interface="Tunnel7", peer="192.0.2.77", tunnel_source_interface="outside", tunnel_nameif="azure-vti7",
               tunnel_address="169.254.21.29/30", ipsec_profile="AZURE-VTI")
    after = planned(planned(tree, first), plan_vti(planned(tree, first), new))
    assert "tunnel destination 192.0.2.77" in after.text()
    with pytest.raises(IntentError) as raised:
        plan_vti(after, dict(tunnel_interface="Tunnel1",
                             routes=[{"network": "192.0.2.0/24", "gateway": "169.254.21.1"}]))
    assert "the tunnel destination of Tunnel7" in str(raised.value)


def test_a_batch_knows_the_neighbor_behind_a_tunnel_an_earlier_end_of_it_adds():
    """The interfaces, nameifs and routes are indexed once per tree and carried to the tree a batch's next end is
    planned on (interface_index): a neighbor behind the route of a tunnel the batch added is that tunnel's."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import planned
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree

    tree = ConfigTree(lab_config("vti_bgp"))
    bgp = {"asn": 65010, "neighbor": "10.77.0.9", "remote_as": 65515}
    assert plan_vti(tree, dict(tunnel_interface="Tunnel1", bgp=bgp)).changes  # the index read: no owner yet
    new = dict(tunnel_interface="Tunnel7", peer="192.0.2.77", tunnel_source_interface="outside", tunnel_nameif="azure-vti7",
               tunnel_address="169.254.21.29/30", ipsec_profile="AZURE-VTI",
               routes=[{"network": "10.77.0.0/24", "gateway": "169.254.21.30"}])
    after = planned(tree, plan_vti(tree, new))
    assert "route azure-vti7 10.77.0.0 255.255.255.0 169.254.21.30 1" in after.text()
    with pytest.raises(IntentError) as raised:
        plan_vti(after, dict(tunnel_interface="Tunnel1", bgp=bgp))
    assert "bgp.neighbor 10.77.0.9 is Tunnel7's (routed through its nameif)" in str(raised.value)
