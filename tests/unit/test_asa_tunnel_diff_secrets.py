# -*- coding: utf-8 -*-
"""asa_vpn_tunnel's diff and commands when running_config is given as text: a saved config may hold keys in clear
(`more system:running-config`, a RANCID or Oxidized backup without its filter); neither the diff nor the
commands shown ever carry them (Ansible's no_log masks only the whole running_config string, not its lines)."""


import pytest

from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_tunnel

from module_main import run_main

KEY, BGP_PASSWORD = "Kn0wn-PSK-9d1f", "Bgp-Pw-77e2"
OUTSIDE = "hostname fw1\ninterface GigabitEthernet0/0\n nameif outside\n ip address 198.51.100.10 255.255.255.248\n"
TUNNEL_GROUP = ("tunnel-group 203.0.113.20 type ipsec-l2l\ntunnel-group 203.0.113.20 ipsec-attributes\n"
                " ikev2 remote-authentication pre-shared-key %s\n ikev2 local-authentication pre-shared-key 0 %s\n"
                % (KEY, KEY))
CRYPTO_MAP = OUTSIDE + "crypto map CM 10 match address ACL1\ncrypto map CM 10 set peer 203.0.113.20\n" + TUNNEL_GROUP
VTI = OUTSIDE + TUNNEL_GROUP + (
    "crypto ipsec profile AZ-PROF\n set pfs group14\ninterface Tunnel1\n nameif AZURE\n"
    " ip address 169.254.21.1 255.255.255.252\n tunnel source interface outside\n tunnel destination 203.0.113.20\n"
    " tunnel mode ipsec ipv4\n tunnel protection ipsec profile AZ-PROF\n"
    "router bgp 65010\n address-family ipv4 unicast\n  neighbor 169.254.21.2 remote-as 65515\n"
    "  neighbor 169.254.21.2 password 0 %s\n exit-address-family\n" % BGP_PASSWORD)


def run(monkeypatch, capsys, args):
    args = dict(args, _ansible_diff=True, _ansible_check_mode=True)
    return run_main(monkeypatch, capsys, asa_vpn_tunnel, args)


@pytest.mark.parametrize("args", [
    dict(crypto_map="CM", seq=10, peer="203.0.113.20", pfs_group=19, running_config=CRYPTO_MAP),
    dict(tunnel_interface="Tunnel1", ipsec_profile="AZ-PROF", pfs_group=19, running_config=VTI),
], ids=["crypto map", "vti"])
def test_a_key_held_in_clear_in_running_config_never_reaches_the_diff(monkeypatch, capsys, args):
    result, out = run(monkeypatch, capsys, args)
    assert not result.get("failed"), result
    assert result["changed"] and "group19" in result["diff"]["after"]
    assert "pre-shared-key *****" in result["diff"]["before"]  # the line is shown, its key masked
    assert KEY not in out and BGP_PASSWORD not in out


@pytest.mark.parametrize("key", ["203.0.113.20", "ipsec-l2l"])
def test_a_key_that_is_a_word_of_the_config_is_refused_before_the_result_is_garbled(monkeypatch, capsys, key):
    # review 2026-12-05: Ansible masks the key wherever it occurs: "crypto map CM interface ********" told the key
    # and the registered commands and backup_path were wrong
    result, _out = run(monkeypatch, capsys, dict(crypto_map="CM", seq=10, peer="203.0.113.20", pfs_group=19,
                                                 pre_shared_key=key, running_config=CRYPTO_MAP))
    assert result.get("failed") is True
    # the peer's address is also an option: the check of the options, made first, names it
    assert "pre_shared_key is also a word of the running config" in result["msg"] or \
        "pre_shared_key occurs in the value of peer" in result["msg"]
    assert "commands" not in result and "diff" not in result


def test_a_key_found_only_on_the_config_s_own_key_lines_is_taken(monkeypatch, capsys):
    # a saved `more system:running-config` holds the key in clear on its key lines: that is no other word
    result, out = run(monkeypatch, capsys, dict(crypto_map="CM", seq=10, peer="203.0.113.20", pfs_group=19,
                                                pre_shared_key=KEY, running_config=CRYPTO_MAP))
    assert not result.get("failed"), result
    assert KEY not in out


@pytest.mark.parametrize("key", ["e", "10", "outside"])
def test_a_key_shorter_than_8_characters_is_refused_before_the_result_is_garbled(monkeypatch, capsys, key):
    # review 2026-12-05 (hostile input): a key of "e" starred out every "e" of every command returned; shorter keys
    # than 8 are refused before anything is planned
    result, _out = run(monkeypatch, capsys, dict(crypto_map="CM", seq=10, peer="203.0.113.20", pfs_group=19,
                                                 pre_shared_key=key, running_config=CRYPTO_MAP))
    assert result.get("failed") is True
    assert "commands" not in result and "diff" not in result
    if key != "e":  # Ansible stars out the message's own e's for that one
        assert "characters long; give a random string of at least 8" in result["msg"]
