# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): asa_vpn_tunnel planned, for one VTI, changes to what other tunnels use: an ipsec profile that
also protects another VTI took this tunnel's PFS, an ESP proposal both Azure tunnels named was rewritten to DES/MD5
for a new tunnel, and an existing tunnel interface was re-pointed to another peer (or renamed). Each is now refused
before anything is sent, naming what else uses it; what only this tunnel uses changes as before."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti

from test_asa_push_vti import VTI  # noqa: E402  pylint: disable=wrong-import-position

SECOND = """interface Tunnel5
 nameif BRANCH5
 ip address 169.254.25.1 255.255.255.252
 tunnel source interface outside
 tunnel destination 192.0.2.50
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROF
"""
NEW_TUNNEL = dict(tunnel_interface="Tunnel3", tunnel_nameif="BRANCH3", tunnel_address="169.254.30.2/30",
                  tunnel_source_interface="outside", peer="192.0.2.99", ipsec_profile="BRANCH3-PROF",
                  pre_shared_key="s3cret-key")


def test_a_profile_another_vti_uses_is_not_changed_for_this_one():
    with pytest.raises(IntentError, match="ipsec profile AZ-PROF also protects interface Tunnel5: changing it for "
                                          "Tunnel1 would change that tunnel too"):
        plan_vti(VTI + SECOND, dict(tunnel_interface="Tunnel1", pfs_group=14, child_lifetime_seconds=120))
    # what it already has is no change, so nothing to refuse; alone on its profile, it changes as before
    assert plan_vti(VTI + SECOND, dict(tunnel_interface="Tunnel1", pfs_group=2)).commands == []
    assert "set pfs group14" in " ".join(plan_vti(VTI, dict(tunnel_interface="Tunnel1", pfs_group=14)).commands)


@pytest.mark.parametrize("user", [
    "crypto ipsec profile OTHER-PROF\n set ikev2 ipsec-proposal GCM AZ-PROP\n",
    "crypto map OUTSIDE-MAP 10 set ikev2 ipsec-proposal AZ-PROP\n",
])
def test_an_esp_proposal_other_tunnels_name_is_not_rewritten_for_a_new_one(user):
    weak = dict(NEW_TUNNEL, ipsec_proposal="AZ-PROP", esp={"encryption": ["DES"], "integrity": ["MD5"]})
    with pytest.raises(IntentError, match="ESP proposal AZ-PROP is also named by (crypto ipsec profile AZ-PROF, )?"):
        plan_vti(VTI + user, weak)
    # naming it as it is, it is used, not changed
    same = dict(NEW_TUNNEL, ipsec_proposal="AZ-PROP", esp={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]})
    commands = plan_vti(VTI + user, same).commands
    assert not any(c.startswith("crypto ipsec ikev2 ipsec-proposal") for c in commands)
    assert "set ikev2 ipsec-proposal AZ-PROP" in " ".join(commands)


@pytest.mark.parametrize("options, message", [
    (dict(peer="192.0.2.99"), "interface Tunnel1 is the tunnel to 203.0.113.20; peer 192.0.2.99 would re-point it"),
    (dict(tunnel_nameif="NEWPEER"), "interface Tunnel1 has nameif AZURE; tunnel_nameif NEWPEER would rename it"),
])
def test_an_existing_tunnel_interface_is_not_turned_into_another_tunnel(options, message):
    with pytest.raises(IntentError, match=message):
        plan_vti(VTI, dict(tunnel_interface="Tunnel1", **options))
    # the same peer and nameif as it has: nothing to do
    assert plan_vti(VTI, dict(tunnel_interface="Tunnel1", peer="203.0.113.20", tunnel_nameif="AZURE")).commands == []


def test_tunnels_of_one_batch_asking_the_same_of_their_shared_profile_may_change_it():
    """An active-active Azure gateway's two tunnels on one profile, aligned in one run (tunnel_task marks them)."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_task import _note_profile_mates

    def vti(interface, pfs):
        return dict(tunnel_interface=interface, crypto_map=None, state="present", pfs_group=pfs)
    ends = [("one", vti("Tunnel1", 14)), ("two", vti("Tunnel5", 14)), ("other", vti("Tunnel7", 19))]
    _note_profile_mates(ends)
    assert [end["profile_mates"] for _name, end in ends] == [{"Tunnel5"}, {"Tunnel1"}, set()]
    commands = plan_vti(VTI + SECOND, ends[0][1]).commands
    assert "set pfs group14" in " ".join(commands)
    with pytest.raises(IntentError, match="also protects interface Tunnel5"):
        plan_vti(VTI + SECOND, dict(ends[0][1], profile_mates=frozenset({"Tunnel7"})))
