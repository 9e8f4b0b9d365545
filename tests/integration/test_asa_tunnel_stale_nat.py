# -*- coding: utf-8 -*-
"""asa_vpn_tunnel on the ASA SSH lab when the tunnel's remote network moves (Azure's VNet or local network gateway
prefixes changed): the old identity NAT rule goes, with its object-groups, when nothing else names them, and stays -
named in the result's ``kept`` - when another line does (review 2026-12-06: it stayed without a word)."""

import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from test_asa_transaction import masked_config, run  # noqa: E402
from test_asa_tunnel import SEED_CONFIG  # noqa: E402

OLD_RULE = ("nat (LAN,INTERNET) source static HQ-network HQ-network destination static HQ-UKSouth-network "
            "HQ-UKSouth-network no-proxy-arp route-lookup")
MOVED = dict(crypto_map="CRYPTO-MAP", seq=2, acl="uksouth-s2s-acl", local_networks=["10.0.0.0/8"],
             remote_networks=["172.20.0.0/16"],
             nat_exemption={"inside_interface": "LAN", "local_networks": ["10.0.0.0/8"],
                            "remote_networks": ["172.20.0.0/16"]})


def test_the_old_exemption_goes_when_only_this_tunnel_used_it_and_stays_named_otherwise(
        asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    result, _output = run(run_playbook, lab, tmp_path, MOVED)
    assert result["changed"] is True and not result.get("failed"), result
    assert result["commands"][-3:] == ["no " + OLD_RULE, "no object-group network HQ-UKSouth-network",
                                       "no object-group network HQ-network"]
    config = masked_config(lab)
    assert OLD_RULE not in config and "object-group network HQ-UKSouth-network" not in config
    assert "destination static VPNALIGN-CRYPTO-MAP-2-REMOTE VPNALIGN-CRYPTO-MAP-2-REMOTE" in config
    assert "kept" not in result
    again, _output = run(run_playbook, lab, tmp_path, MOVED, name="again")
    assert again["changed"] is False, again

    shared = SEED_CONFIG.replace(
        "nat (LAN,INTERNET) source static",
        "access-list LAN-IN extended permit ip object-group HQ-network any\nnat (LAN,INTERNET) source static", 1)
    lab = asa_lab_factory(shared)
    result, _output = run(run_playbook, lab, tmp_path, MOVED, name="shared")
    assert result["changed"] is True and not result.get("failed"), result
    assert not [c for c in result["commands"] if c.startswith(("no nat ", "no object-group "))]
    [note] = result["kept"]
    assert note.startswith(OLD_RULE + " kept: ") and "'access-list LAN-IN extended permit ip object-group HQ-network any'" \
        in note
    assert OLD_RULE in masked_config(lab)
