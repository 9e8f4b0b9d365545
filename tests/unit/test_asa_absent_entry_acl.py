# -*- coding: utf-8 -*-
"""asa_vpn_tunnel state=absent without `acl`: the crypto ACL the entry matches (its `match address`) goes with the
entry when no other line names it, and is kept, said in the result's `kept`, when one does (another crypto map
entry, an access-group, NAT, a vpn-filter, a route-map, a class-map...). Review C2: it looked for
`<crypto_map>-<seq>-vpnalign`, which did not exist, and left the entry's own uksouth-s2s-acl behind, reporting
success. A live push of it completes, or is rolled back, as before."""


import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_absent
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction import run_transaction
from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_tunnel

from seed_example import seed_asa_text
from test_asa_push_transaction import Cli
from module_main import run_main

ACL_LINE = ("access-list uksouth-s2s-acl extended permit ip object-group HQ-network object-group "
            "HQ-UKSouth-network")
ABSENT = dict(crypto_map="CRYPTO-MAP", seq=2, state="absent")


def run(monkeypatch, capsys, config, **extra):
    args = dict(ABSENT, running_config=config, _ansible_diff=True, _ansible_check_mode=True, **extra)
    return run_main(monkeypatch, capsys, asa_vpn_tunnel, args)[0]


def test_absent_without_acl_removes_the_acl_the_entry_matches(monkeypatch, capsys):
    result = run(monkeypatch, capsys, seed_asa_text())
    assert not result.get("failed"), result
    commands = result["commands"]
    assert "no " + ACL_LINE in commands
    # after the entry's match address, before the tunnel-group (nothing after it may need its undo)
    assert commands.index("no crypto map CRYPTO-MAP 2 match address uksouth-s2s-acl") < commands.index("no " + ACL_LINE)
    assert commands[-1] == "clear configure tunnel-group 203.0.113.20"
    assert ACL_LINE in result["diff"]["before"] and ACL_LINE not in result["diff"]["after"]
    assert "kept" not in result
    # the entry's ACL, not the name a new entry would get
    assert not any("CRYPTO-MAP-2-vpnalign" in line for line in commands)


@pytest.mark.parametrize("user,named", [
    ("crypto map CRYPTO-MAP 7 match address uksouth-s2s-acl\ncrypto map CRYPTO-MAP 7 set peer 192.0.2.7",
     "crypto map CRYPTO-MAP 7"),
    ("crypto dynamic-map DYN 10 match address uksouth-s2s-acl", "crypto dynamic-map DYN 10"),
    ("access-group uksouth-s2s-acl in interface LAN", "access-group uksouth-s2s-acl in interface LAN"),
    ("nat (LAN) 0 access-list uksouth-s2s-acl", "nat (LAN) 0 access-list uksouth-s2s-acl"),
    ("group-policy BRANCH attributes\n vpn-filter value uksouth-s2s-acl", "group-policy BRANCH attributes"),
    ("route-map PBR permit 10\n match ip address uksouth-s2s-acl", "route-map PBR permit 10"),
    ("class-map AZURE-VOICE\n match access-list uksouth-s2s-acl", "class-map AZURE-VOICE"),
], ids=["crypto-map", "dynamic-map", "access-group", "nat", "vpn-filter", "route-map", "class-map"])
def test_absent_without_acl_keeps_an_acl_another_line_names_and_says_so(monkeypatch, capsys, user, named):
    result = run(monkeypatch, capsys, seed_asa_text() + user + "\n")
    assert not result.get("failed"), result
    assert "no crypto map CRYPTO-MAP 2 match address uksouth-s2s-acl" in result["commands"]
    assert not any(line.startswith("no access-list uksouth-s2s-acl ") for line in result["commands"])
    assert result["kept"] == ["access-list uksouth-s2s-acl kept: still named by %s" % named]
    assert ACL_LINE in result["diff"]["after"]


def test_an_acl_given_is_still_the_one_removed(monkeypatch, capsys):
    other = "access-list OTHER-ACL extended permit ip host 10.9.9.9 host 172.31.9.9\n"
    result = run(monkeypatch, capsys, seed_asa_text() + other, acl="OTHER-ACL")
    assert "no access-list OTHER-ACL extended permit ip host 10.9.9.9 host 172.31.9.9" in result["commands"]


def test_the_live_push_removes_the_acl_and_reads_back_nothing_left():
    config = seed_asa_text()
    cli = Cli(config)
    out = run_transaction(cli, plan_absent(config, ABSENT), config, lambda text: plan_absent(text, ABSENT))
    assert out.ok and out.changed, out.message()
    assert "no " + ACL_LINE in out.applied
    assert ACL_LINE not in cli.text() and "crypto map CRYPTO-MAP 2 " not in cli.text()
    assert plan_absent(cli.text(), ABSENT).commands == []


def test_a_refused_acl_removal_is_rolled_back_and_says_what_is_left():
    """The entry's lines come back; the seed's masked crypto map key cannot, and the result says so, as for any
    refused line of an absent push."""
    config = seed_asa_text()
    cli = Cli(config, refuse=["no " + ACL_LINE])
    out = run_transaction(cli, plan_absent(config, ABSENT), config, lambda text: plan_absent(text, ABSENT))
    masked_line = "crypto map CRYPTO-MAP 2 set ikev2 pre-shared-key " + "*" * 5
    assert not out.ok and out.result()["device_state_known"]
    assert out.left_over == ["- " + masked_line] and out.result()["keys_not_restored"] == [masked_line]
    assert "rollback is incomplete" in out.message() and "every change was undone" not in out.message()
    assert ACL_LINE in cli.text() and "crypto map CRYPTO-MAP 2 match address uksouth-s2s-acl" in cli.text()
