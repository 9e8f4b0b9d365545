# -*- coding: utf-8 -*-
"""asa_vpn_tunnel options are checked against what the ASA takes before anything is planned or sent:
hostile names, addresses, keys and numbers are refused with a message naming the option (never
quoting the key), and every line of a plan is one line of printable ASCII."""

import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import command_error, option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "asa_running_config.txt")
KEY = "Probe-Key-Never-Quoted-7"
TUNNEL = dict(
    crypto_map="AZ", seq=10, interface="outside", peer="203.0.113.20",
    local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"],
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"]}, pfs_group=0, child_lifetime_seconds=27000,
    child_lifetime_kilobytes="102400000", group_policy="AZ-GP", pre_shared_key=KEY,
)
VTI = dict(
    tunnel_interface="Tunnel1", tunnel_nameif="AZURE", tunnel_address="169.254.21.2/30",
    tunnel_source_interface="outside", peer="203.0.113.20", ipsec_profile="AZ-PROF",
    ike=TUNNEL["ike"], esp=TUNNEL["esp"], pfs_group=14, pre_shared_key=KEY,
)
INJECTED = "\nno crypto ikev2 policy 2\nclear configure tunnel-group 203.0.113.20"
GCM_IKE = {"encryption": ["AES-GCM-256"], "dh_groups": [20], "lifetime_seconds": 28800}


def seed():
    with open(SEED) as handle:
        return handle.read()


# The probes of issue 11 and the holes found around them: (options changed, the option the message names).
PROBES = [
    # line breaks and other separators in names
    (dict(interface="INTERNET" + INJECTED), "interface"),
    (dict(crypto_map="AZ;no crypto map AZ"), "crypto_map"),
    (dict(acl='AZ-ACL"x'), "acl"),
    (dict(group_policy="AZ-GP;clear"), "group_policy"),
    (dict(ipsec_proposal="P\rno crypto ikev2 policy 2"), "ipsec_proposal"),
    (dict(tunnel_group="203.0.113.20" + INJECTED), "tunnel_group"),
    (dict(nat_exemption={"inside_interface": "inside\x00", "local_networks": ["10.0.0.0/8"],
                         "remote_networks": ["172.16.0.0/16"]}), "nat_exemption.inside_interface"),
    (dict(nat_exemption={"inside_interfaces": ["inside", "dmz" + INJECTED]}), "nat_exemption.inside_interfaces[1]"),
    (dict(nat_exemption={"inside_interfaces": ["inside", "inside"]}), "nat_exemption.inside_interfaces lists"),
    (dict(nat_exemption={"inside_interfaces": []}), "nat_exemption.inside_interfaces is empty"),
    # a key given as null passes the spec's required_one_of; it would plan "nat (None,INTERNET) ..."
    (dict(nat_exemption={"inside_interfaces": None, "inside_interface": None}), "nat_exemption needs inside_interface"),
    (dict(nat_exemption={"inside_interface": None}), "nat_exemption needs inside_interface"),
    (dict(nat_exemption={}), "nat_exemption needs inside_interface"),
    (dict(crypto_map="AZ\u00e9"), "crypto_map"),  # not ASCII
    (dict(interface="out?side"), "interface"),
    # lengths (names.py cites each limit)
    (dict(acl="A" * 5000), "acl"),
    (dict(crypto_map="M" * 65), "crypto_map"),
    (dict(group_policy="G" * 65), "group_policy"),
    (dict(tunnel_group="T" * 65), "tunnel_group"),
    (dict(ipsec_proposal="P" * 65), "ipsec_proposal"),
    (dict(interface="i" * 49), "interface"),
    (dict(crypto_map="M" * 60, ipsec_proposal=None), "ipsec_proposal"),  # <map>-<seq>-vpnalign > 64
    (dict(crypto_map="M" * 60, ipsec_proposal="P", nat_exemption={"inside_interface": "inside"}), "nat_exemption"),
    # addresses
    (dict(peer="not-an-ip"), "peer"),
    (dict(peer="203.0.113.20" + INJECTED), "peer"),
    (dict(peer="fe80::1%" + INJECTED), "peer"),  # ipaddress takes any text as an IPv6 zone
    (dict(peer="0.0.0.0"), "peer"),
    (dict(local_networks=["fe80::%" + INJECTED + "/64"]), "local_networks[0]"),
    (dict(remote_networks=["172.16.0.0/16", "172.16.0.0/40"]), "remote_networks[1]"),
    (dict(nat_exemption={"inside_interface": "inside", "local_networks": ["10.0.0.0/8" + INJECTED]}),
     "nat_exemption.local_networks[0]"),
    # the key: printable ASCII without whitespace or '?', 1 to 128 characters
    (dict(pre_shared_key=KEY + INJECTED), "pre_shared_key"),
    (dict(pre_shared_key=KEY + "?"), "pre_shared_key"),
    (dict(pre_shared_key=KEY + "\u00fc"), "pre_shared_key"),
    (dict(pre_shared_key=KEY * 6), "pre_shared_key"),  # 144 characters
    (dict(pre_shared_key=""), "pre_shared_key"),
    # numbers in the ASA's ranges
    (dict(seq=0), "seq"),
    (dict(seq=65536), "seq"),
    (dict(child_lifetime_seconds=119), "child_lifetime_seconds"),
    (dict(child_lifetime_seconds=2147483648), "child_lifetime_seconds"),
    (dict(child_lifetime_kilobytes="9"), "child_lifetime_kilobytes"),
    (dict(child_lifetime_kilobytes="2147483648"), "child_lifetime_kilobytes"),
    (dict(child_lifetime_kilobytes="\u00b3600"), "child_lifetime_kilobytes"),  # str.isdigit() says yes
    (dict(child_lifetime_kilobytes="9" * 4301), "child_lifetime_kilobytes"),
    (dict(seq=10 ** 5000), "seq"),  # Ansible makes an int of "9" * 5000; repr() of it raises
    (dict(ike=dict(TUNNEL["ike"], dh_groups=[10 ** 5000])), "ike.dh_groups[0]"),
    (dict(tcp_mss=47), "tcp_mss"),
    (dict(tcp_mss=65536), "tcp_mss"),
    (dict(pfs_group=3), "pfs_group"),
    (dict(ike=dict(TUNNEL["ike"], priority=0)), "ike.priority"),
    (dict(ike=dict(TUNNEL["ike"], priority=65536)), "ike.priority"),
    (dict(ike=dict(TUNNEL["ike"], lifetime_seconds=119)), "ike.lifetime_seconds"),
    (dict(ike=dict(TUNNEL["ike"], dh_groups=[14, 3])), "ike.dh_groups[1]"),
    # IKEv2 policies the ASA does not take, or that would go out with a bare 'prf'
    (dict(ike=GCM_IKE), "ike.prf"),
    (dict(ike=dict(GCM_IKE, integrity=["SHA384"])), "ike.integrity"),
    (dict(ike=dict(GCM_IKE, encryption=["AES-GCM-256", "AES-CBC-256"], prf=["SHA384"])), "ike.encryption"),
    (dict(ike={"encryption": ["AES-CBC-256"], "dh_groups": [14]}), "ike.integrity"),
    (dict(ike=dict(TUNNEL["ike"], encryption=["AES-CBC-256\nno crypto ikev2 policy 2"])), "ike.encryption[0]"),
    (dict(esp={"encryption": ["AES-GCM-256"], "integrity": ["SHA-256"]}), "esp.integrity[0]"),
]


@pytest.mark.parametrize("bad,option", PROBES)
def test_a_hostile_or_impossible_option_is_refused_naming_it(bad, option):
    params = dict(TUNNEL, **bad)
    params = {k: v for k, v in params.items() if v is not None}
    error = option_error(params)
    assert error, "accepted: %r" % (bad,)
    assert error.startswith(option) or (" %s" % option) in error or ("%s:" % option) in error, error
    assert KEY not in error
    assert "\n" not in error and "\r" not in error and len(error) < 400


@pytest.mark.parametrize("bad,option", [
    (dict(tunnel_interface="Tunnel\u00b9"), "tunnel_interface"),  # str.isdigit() says yes
    (dict(tunnel_interface="Tunnel10414"), "tunnel_interface"),
    (dict(tunnel_nameif="AZURE" + INJECTED), "tunnel_nameif"),
    (dict(tunnel_source_interface="out;side"), "tunnel_source_interface"),
    (dict(ipsec_profile="X" * 65), "ipsec_profile"),
    (dict(peer="fe80::1%" + INJECTED), "peer"),
    (dict(routes=[{"network": "10.20.0.0/16", "gateway": "169.254.21.1" + INJECTED}]), "routes[0].gateway"),
])
def test_a_hostile_vti_option_is_refused_naming_it(bad, option):
    error = option_error(dict(VTI, **bad))
    assert error and option in error and KEY not in error


def test_values_at_the_limits_are_taken():
    at_limits = dict(TUNNEL, crypto_map="M" * 53, acl="A" * 241, group_policy="G" * 64, tunnel_group="T" * 64,
                     ipsec_proposal="P" * 64, interface="i" * 48, pre_shared_key="k" * 128, seq=65535,
                     child_lifetime_seconds=2147483647, child_lifetime_kilobytes="2147483647", tcp_mss=48,
                     ike=dict(TUNNEL["ike"], priority=65535, lifetime_seconds=120))
    assert option_error(at_limits) is None
    for fine in (dict(peer="2001:db8::20", tunnel_group="2001:db8::20"), dict(child_lifetime_kilobytes="unlimited"),
                 dict(child_lifetime_kilobytes="10", pre_shared_key="!#$%&'()*+,-./:<=>@[]^_`{|}~"),
                 dict(ike=dict(GCM_IKE, prf=["SHA384"]))):
        assert option_error(dict(TUNNEL, **fine)) is None, fine
    assert option_error(VTI) is None
    assert option_error(dict(VTI, tunnel_interface="Tunnel10413")) is None


def test_a_key_is_never_quoted_whatever_is_wrong_with_it():
    for key in (KEY + " x", KEY + "\n", KEY + "?", KEY * 6, KEY + "\u00fc", KEY + "\x7f"):
        error = names.psk_error(key)
        assert error and error.startswith("pre_shared_key") and KEY not in error


def test_a_5000_character_name_is_not_echoed_whole():
    error = option_error(dict(TUNNEL, acl="A" * 5000))
    assert "longer than 241" in error and len(error) < 200


def test_aes_gcm_ike_goes_out_with_integrity_null_and_the_prf_given_never_a_bare_prf():
    plan = plan_present("hostname fw\n", dict(TUNNEL, ike=dict(GCM_IKE, prf=["SHA384"])))
    policy = [line.strip() for line in plan.commands if line.startswith(" ")]
    assert "encryption aes-gcm-256" in policy and "integrity null" in policy and "prf sha384" in policy
    assert all(line.split()[0] != "prf" or len(line.split()) > 1 for line in policy)
    assert "ike.prf" in option_error(dict(TUNNEL, ike=GCM_IKE))


def test_every_line_of_valid_plans_passes_the_last_gate_and_a_broken_line_does_not():
    crypto_map = plan_present(seed(), dict(TUNNEL, crypto_map="CRYPTO-MAP", seq=2, interface="INTERNET"))
    vti = plan_vti("hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n", VTI)
    for plan in (crypto_map, vti):
        assert plan.commands and command_error(plan.commands + plan.rollback) is None
    assert "\\n" in command_error(["crypto map AZ 10 set peer 203.0.113.20\nno crypto ikev2 policy 2"])
    assert command_error(["tunnel-group a?b type ipsec-l2l"])
    assert command_error([" encryption aes-256\x00"])


@pytest.mark.parametrize("options, words", [
    (dict(interface="outside"), "interface: no interface of the ASA is named 'outside' (its nameifs: INTERNET, LAN)"),
    (dict(interface="INTERNET", nat_exemption={"inside_interfaces": ["LAN", "DMZ"]}),
     "nat_exemption.inside_interface(s): no interface of the ASA is named 'DMZ'"),
    (dict(interface="INTERNET", nat_exemption={"inside_interface": "LAN", "outside_interface": "OUTSIDE"}),
     "nat_exemption.outside_interface: no interface"),
])
def test_a_nameif_the_asa_does_not_have_is_refused_when_planned(options, words):
    """The ASA refuses such a line, and a crypto map or NAT rule on the wrong interface does nothing: the plan stops
    before any line is sent, naming the option and the nameifs there are."""
    with pytest.raises(IntentError) as raised:
        plan_present(seed(), dict(TUNNEL, crypto_map="CRYPTO-MAP", seq=2, **options))
    assert words in "%s" % raised.value
    with pytest.raises(IntentError, match="tunnel_source_interface: no interface of the ASA is named 'INTERNET'"):
        plan_vti("hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n", dict(VTI, tunnel_source_interface="INTERNET"))


def test_a_nameif_that_differs_in_case_only_is_refused_with_the_configs_spelling():
    """'internet' passed the one-crypto-map-per-interface guard, which compares exactly, and planned a second crypto
    map onto the seed's INTERNET (which would unbind CRYPTO-MAP and every tunnel of it where the ASA folds case)."""
    with pytest.raises(IntentError, match="interface: no interface of the ASA is named 'internet'; it has 'INTERNET'"):
        plan_present(seed(), dict(TUNNEL, interface="internet"))
    with pytest.raises(IntentError, match="inside_interface.s.: no interface of the ASA is named 'lan'; it has 'LAN'"):
        plan_present(seed(), dict(TUNNEL, crypto_map="CRYPTO-MAP", seq=2, interface="INTERNET",
                                  nat_exemption={"inside_interface": "lan"}))


def test_a_fragment_without_interfaces_is_not_judged():
    assert plan_present("hostname fw\n", dict(TUNNEL, crypto_map="CRYPTO-MAP", seq=2, interface="anything")).commands


def test_a_hairpin_nat_exemption_on_the_outside_interface_is_planned():
    """nat (outside,outside): remote-access clients on the outside interface reaching the tunnel (Cisco's hairpin
    case); an earlier pass refused an inside nameif equal to the outside one."""
    options = dict(TUNNEL, crypto_map="CRYPTO-MAP", seq=2, interface="INTERNET",
                   nat_exemption={"inside_interfaces": ["LAN", "INTERNET"]})
    assert option_error(options) is None
    rules = [line for line in plan_present(seed(), options).commands if line.startswith("nat (")]
    assert [rule.split()[1] for rule in rules] == ["(LAN,INTERNET)", "(INTERNET,INTERNET)"]


def test_a_tunnel_comes_off_when_the_interface_it_names_was_renamed_since():
    """Removing sends no line naming an interface: an interface renamed since (here 'outside', the seed's is INTERNET)
    does not stop the tunnel's own lines coming off."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_absent

    plan = plan_absent(seed(), dict(TUNNEL, crypto_map="CRYPTO-MAP", seq=2, interface="outside", state="absent"))
    assert "no crypto map CRYPTO-MAP 2 set peer 203.0.113.20" in plan.commands
    assert not [line for line in plan.commands if "outside" in line]


def test_a_fix_rendered_for_pasting_never_carries_a_hidden_command():
    """asa/remediation.py renders fixes for a person to paste; a value from an ARM export or a config
    with a newline in it (here the peer address Azure says) must not become a second command."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
    from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent

    config, _findings = parse_running_config(seed())
    [end], _findings = asa_tunnel_ends(config, host="gateway")
    fine = asa_remediation(end, [intent("peer_address", address="203.0.113.9")])
    assert "crypto map CRYPTO-MAP 2 set peer 203.0.113.9" in fine
    lines = asa_remediation(end, [intent("peer_address", address="203.0.113.9\nno crypto ikev2 policy 2")])
    assert lines and all("\n" not in line and "\r" not in line for line in lines)
    assert all(line.startswith("! ") for line in lines if "no crypto ikev2" in line or "203.0.113.9" in line)
    assert len([line for line in lines if line.startswith("! left out")]) >= 3
