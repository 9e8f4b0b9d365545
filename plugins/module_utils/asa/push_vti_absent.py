# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Removing a VTI end: unreference before delete, and only what nothing else uses.

Order: the BGP neighbors behind the tunnel (on its subnet, or the one named), the routes
through its nameif, the interface, then its ipsec profile and the IKEv2 IPsec proposals the
profile names, and last the tunnel-group of its destination, each only when no other tunnel
interface or crypto map entry refers to it. The IKEv2 policies and ``crypto ikev2 enable``
are shared by every tunnel and stay. Every change carries the lines that put it back.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import Change, ConfigTree, Plan, restore_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_shared_blocks import clear_tunnel_group
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import (
    ADDRESS_FAMILY,
    owned_lines,
    plan_of,
    vti_key,
)


class _Removed(object):
    """What owned_lines needs to list the end's lines."""

    def __init__(self, params, interface, profile, proposals, peer):
        self.p = params
        self.interface = interface
        self.profile = profile
        self.proposal = proposals[0] if proposals else "%s-vpnalign" % interface
        self.tunnel_group = params.get("tunnel_group") or peer


def _settings(block):
    return {vti_key(c): c.split() for c in block.children}


def _subnet(settings):
    words = settings.get("ip address")
    if not words or len(words) < 4:
        return None
    try:
        return ipaddress.ip_network("%s/%s" % (words[2], words[3]), strict=False)
    except ValueError:
        return None


def _neighbor_changes(tree, subnet, named):
    changes = []
    for process in tree.starting("router bgp "):
        addresses = []
        for child in process.children:
            words = child.split()
            if words[:1] == ["neighbor"] and words[2:3] == ["remote-as"] and words[1] not in addresses:
                try:
                    address = ipaddress.ip_address(words[1])
                except ValueError:
                    continue
                if words[1] == named or (subnet is not None and address in subnet):
                    addresses.append(words[1])
        for address in addresses:
            lines = [c for c in process.children if c.split()[:2] == ["neighbor", address]]
            remote_as = [c for c in lines if c.split()[2:3] == ["remote-as"]][0]
            enter, leave = [process.parent, " " + ADDRESS_FAMILY], [" exit-address-family", "exit"]
            changes.append(Change(enter + ["  no " + remote_as] + leave, enter + ["  " + c for c in lines] + leave))
    return changes


def _used_elsewhere(tree, skip, needle):
    """True when a block other than those in ``skip`` says ``needle`` (as whole words) in its line or children."""
    for block in tree.blocks:
        if block.parent in skip:
            continue
        for line in [block.parent] + block.children:
            words = line.split()
            if needle(words):
                return True
    return False


def plan_vti_absent(running_config, params):
    """The changes that remove the VTI end ``params['tunnel_interface']`` and what only it used."""
    tree = ConfigTree.of(running_config)
    interface = params["tunnel_interface"]
    block = tree.get("interface %s" % interface)
    if block is None:
        empty = _Removed(params, interface, params.get("ipsec_profile") or "", [], params.get("peer"))
        return Plan([], [], owned_lines(tree, empty, None))
    settings = _settings(block)
    nameif = (settings.get("nameif") or [None, None])[1]
    peer = params.get("peer") or ((settings.get("tunnel destination") or [None] * 3)[2])
    profile = (settings.get("tunnel protection") or [None] * 5)[4]
    profile_block = tree.get("crypto ipsec profile %s" % profile) if profile else None
    proposals = []
    for child in profile_block.children if profile_block else []:
        if child.split()[:3] == ["set", "ikev2", "ipsec-proposal"]:
            proposals += child.split()[3:]
    end = _Removed(params, interface, profile or "", proposals, peer)
    named = (params.get("bgp") or {}).get("neighbor")

    changes = _neighbor_changes(tree, _subnet(settings), named)
    if nameif:
        for route in tree.starting("route %s " % nameif):
            changes.append(Change(["no " + route.parent], [route.parent]))
    changes.append(Change(["no " + block.parent], restore_lines(block)))
    mine = {block.parent}
    if profile_block is not None and not _used_elsewhere(
            tree, mine, lambda w: w[:4] == ["tunnel", "protection", "ipsec", "profile"] and w[4:5] == [profile]):
        changes.append(Change(["no " + profile_block.parent], restore_lines(profile_block)))
        mine.add(profile_block.parent)
        for name in proposals:
            proposal = tree.get("crypto ipsec ikev2 ipsec-proposal %s" % name)
            if proposal is None or _used_elsewhere(
                    tree, mine | {proposal.parent}, lambda w, n=name: "ipsec-proposal" in w and n in w):
                continue
            changes.append(Change(["no " + proposal.parent], restore_lines(proposal)))
    # Last: the ASA shows its keys masked, so without pre_shared_key an undo could not put them back;
    # nothing after it can be rejected and need that undo.
    group = end.tunnel_group
    if group and tree.get("tunnel-group %s type ipsec-l2l" % group) is not None and not _used_elsewhere(
            tree, mine, lambda w: (w[:2] == ["tunnel", "destination"] and w[2:3] == [group])
            or (w[:1] == ["crypto"] and "peer" in w and group in w[w.index("peer") + 1:])):
        changes.append(clear_tunnel_group(tree, group, params.get("pre_shared_key")))
    return plan_of(tree, end, nameif, changes)
