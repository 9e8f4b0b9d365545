# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): for a crypto map entry, asa_vpn_tunnel rewrote the ESP proposal it names in place, though
other entries of the hub named it too: their tunnels' ESP changed with it (the VTI path already refused that). It is
refused before anything is sent, unless every other entry naming it is in the same ``tunnels`` batch asking the same
of it (a hub aligned in one run)."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_task import _note_proposal_mates

from test_asa_push_vti_review2 import PAIR  # noqa: E402  pylint: disable=wrong-import-position

HUB = """hostname hub-fw
interface GigabitEthernet0/0
 nameif outside
 ip address 198.51.100.10 255.255.255.0
access-list BRANCH-A extended permit ip 10.10.0.0 255.255.0.0 172.16.0.0 255.255.0.0
access-list BRANCH-B extended permit ip 10.10.0.0 255.255.0.0 172.17.0.0 255.255.0.0
crypto ipsec ikev2 ipsec-proposal AZ-PROP
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto map AZ-MAP 10 match address BRANCH-A
crypto map AZ-MAP 10 set peer 203.0.113.20
crypto map AZ-MAP 10 set ikev2 ipsec-proposal AZ-PROP
crypto map AZ-MAP 20 match address BRANCH-B
crypto map AZ-MAP 20 set peer 203.0.113.30
crypto map AZ-MAP 20 set ikev2 ipsec-proposal AZ-PROP
crypto map AZ-MAP interface outside
crypto ikev2 enable outside
"""
GCM = {"encryption": ["AES-GCM-256"], "integrity": []}


def entry(seq, **options):
    return dict(crypto_map="AZ-MAP", seq=seq, acl="BRANCH-A" if seq == 10 else "BRANCH-B",
                ipsec_proposal="AZ-PROP", **options)


def test_a_proposal_another_entry_names_is_not_rewritten_for_one_entry():
    with pytest.raises(IntentError, match="ESP proposal AZ-PROP is also named by crypto map AZ-MAP 20: changing it "
                                          "for crypto map AZ-MAP 10 would change those tunnels' ESP too"):
        plan_present(HUB, entry(10, esp=GCM))
    # what it already says is no change
    same = {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]}
    assert plan_present(HUB, entry(10, esp=same)).commands == []


def test_the_entries_of_one_batch_asking_the_same_may_change_it():
    ends = [("a", entry(10, esp=GCM, state="present")), ("b", entry(20, esp=GCM, state="present"))]
    _note_proposal_mates(ends)
    assert ends[0][1]["proposal_mates"] == frozenset({"crypto map AZ-MAP 20"})
    commands = plan_present(HUB, ends[0][1]).commands
    assert commands[:2] == ["crypto ipsec ikev2 ipsec-proposal AZ-PROP", " protocol esp encryption aes-gcm-256"]
    # a batch mate asking something else does not count
    other = [("a", entry(10, esp=GCM, state="present")),
             ("b", entry(20, esp={"encryption": ["AES-GCM-128"], "integrity": []}, state="present"))]
    _note_proposal_mates(other)
    with pytest.raises(IntentError, match="also named by crypto map AZ-MAP 20"):
        plan_present(HUB, other[0][1])


def test_a_proposal_a_dynamic_map_names_is_not_rewritten_either():
    """Second review (2026-12-04): ASDM's default dynamic map serves remote-access and dynamic peers; a proposal it
    names was rewritten for one crypto map entry."""
    hub = HUB.replace("crypto map AZ-MAP 20 set ikev2 ipsec-proposal AZ-PROP",
                      "crypto dynamic-map SYSTEM_DEFAULT_CRYPTO_MAP 65535 set ikev2 ipsec-proposal AZ-PROP")
    with pytest.raises(IntentError, match="also named by crypto dynamic-map SYSTEM_DEFAULT_CRYPTO_MAP 65535"):
        plan_present(hub, entry(10, esp=GCM))


def test_the_two_vtis_of_an_active_active_pair_may_change_the_proposal_they_share_in_one_batch():
    """Second review (2026-12-04): two VTIs on two profiles naming one proposal (Cisco's active-active shape), both
    asked the same ESP in one batch, were refused: only crypto map ends had batch mates."""
    cbc = {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]}
    ends = [("a", dict(tunnel_interface="Tunnel11", ipsec_profile="AZ-HUB-PROF", ipsec_proposal="AZ-GCM", esp=cbc,
                       state="present")),
            ("b", dict(tunnel_interface="Tunnel12", ipsec_profile="AZ-HUB-PROF-B", ipsec_proposal="AZ-GCM", esp=cbc,
                       state="present"))]
    with pytest.raises(IntentError, match="ESP proposal AZ-GCM is also named by crypto ipsec profile AZ-HUB-PROF-B"):
        plan_vti(PAIR, dict(ends[0][1]))
    _note_proposal_mates(ends)
    assert ends[0][1]["proposal_mates"] == frozenset({"crypto ipsec profile AZ-HUB-PROF-B"})
    commands = plan_vti(PAIR, ends[0][1]).commands
    assert commands[:2] == ["crypto ipsec ikev2 ipsec-proposal AZ-GCM", " protocol esp encryption aes-256"]
