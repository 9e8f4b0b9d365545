# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Removing a VTI end: unreference before delete, and only what nothing else uses.

Order: the BGP neighbors behind the tunnel (on its subnet, or the one named), the routes
through its nameif (when no other interface has that nameif too: then they are that
interface's), the interface, then its ipsec profile and the IKEv2 IPsec proposals the
profile names, and last the tunnel-group of its destination, each only when no other tunnel
interface or crypto map entry refers to it. The IKEv2 policies and ``crypto ikev2 enable``
are shared by every tunnel and stay. Every change carries the lines that put it back.

Plain Python, no Ansible import.
"""

import ipaddress
from bisect import bisect_left, bisect_right

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import (
    Change,
    ConfigTree,
    IntentError,
    Plan,
    restore_lines,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_shared_blocks import clear_tunnel_group
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import (
    held_nameif_error,
    owned_lines,
    plan_of,
    spelling_error,
    vti_key,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_bgp import ADDRESS_FAMILY
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_neighbors import not_mine_error


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
        if subnet is not None and subnet.version == 4:
            neighbors = tree.memo("bgp neighbors", _bgp_neighbors).get(process.parent, [])
            first = bisect_left(neighbors, (int(subnet.network_address),))
            last = bisect_right(neighbors, (int(subnet.broadcast_address), float("inf")))
            addresses = [address for _int, _position, address in neighbors[first:last]]
        if named and named not in addresses and _remote_as(tree, process, named):
            addresses.append(named)
        positions = {address: tree.children_starting(process, ["neighbor", address])[0][0] for address in addresses}
        for address in sorted(addresses, key=positions.get):  # as the process lists them
            lines = [c for _n, c in tree.children_starting(process, ["neighbor", address])]
            remote_as = _remote_as(tree, process, address)
            enter, leave = [process.parent, " " + ADDRESS_FAMILY], [" exit-address-family", "exit"]
            changes.append(Change(enter + ["  no " + remote_as] + leave, enter + ["  " + c for c in lines] + leave))
    return changes


def _remote_as(tree, process, address):
    """The ``neighbor ADDRESS remote-as N`` line of ``process``, or None."""
    found = [c for _n, c in tree.children_starting(process, ["neighbor", address]) if c.split()[2:3] == ["remote-as"]]
    return found[0] if found else None


def _bgp_neighbors(tree):
    """{process header: [(IPv4 address as int, position, address)] of its neighbors with a remote-as, sorted}, once
    per tree: a pass over a hub's whole BGP process per end made its removals quadratic."""
    found = {}
    for process in tree.starting("router bgp "):
        seen = {}
        for position, child in tree.children_starting(process, ["neighbor"]):
            words = child.split()
            if words[2:3] == ["remote-as"] and words[1] not in seen:
                try:
                    seen[words[1]] = (int(ipaddress.IPv4Address(words[1])), position)
                except ValueError:
                    continue
        found[process.parent] = sorted((value, position, address) for address, (value, position) in seen.items())
    return found


def _references(tree):
    """{("profile", name): the blocks protecting with it, ("proposal", name): the blocks naming it, ("peer",
    address): the blocks pointing at it (tunnel destination, crypto map peer)} (headers), from one pass over the
    interface and crypto blocks, once per tree: a pass over the whole config per end made a hub's removals
    quadratic (review 2026-12-04)."""
    found = {}
    for block in tree.starting("interface ") + tree.starting("crypto "):
        for line in [block.parent] + block.children:
            words = line.split()
            if words[:4] == ["tunnel", "protection", "ipsec", "profile"]:
                found.setdefault(("profile", " ".join(words[4:5])), set()).add(block.parent)
            elif words[:2] == ["tunnel", "destination"]:
                found.setdefault(("peer", " ".join(words[2:3])), set()).add(block.parent)
            elif words[:1] == ["crypto"]:
                if "ipsec-proposal" in words:
                    for name in words[words.index("ipsec-proposal") + 1:]:
                        found.setdefault(("proposal", name), set()).add(block.parent)
                if "peer" in words:
                    for address in words[words.index("peer") + 1:]:
                        found.setdefault(("peer", address), set()).add(block.parent)
            elif words[:3] == ["set", "ikev2", "ipsec-proposal"]:
                for name in words[3:]:
                    found.setdefault(("proposal", name), set()).add(block.parent)
    return found


def _configured(tree, neighbor):
    """True when a BGP process has ``neighbor`` (a plan without it has nothing of it to remove)."""
    return any(_remote_as(tree, process, neighbor) for process in tree.starting("router bgp "))


def _used_elsewhere(tree, skip, what, name):
    """True when a block other than those in ``skip`` refers to the ``what`` (profile, proposal, peer) ``name``."""
    return any(parent not in skip for parent in tree.memo("vti references", _references).get((what, name), ()))


def plan_vti_absent(running_config, params):
    """The changes that remove the VTI end ``params['tunnel_interface']`` and what only it used."""
    tree = ConfigTree.of(running_config)
    interface = params["tunnel_interface"]
    error = spelling_error(tree, interface)
    if error:
        raise IntentError(error)
    block = tree.get("interface %s" % interface)
    if block is None:
        empty = _Removed(params, interface, params.get("ipsec_profile") or "", [], params.get("peer"))
        return Plan([], [], owned_lines(tree, empty, None))
    settings = _settings(block)
    nameif = (settings.get("nameif") or [None, None])[1]
    if held_nameif_error(tree, interface, nameif, "nameif"):
        # Another interface has this nameif too (a config the ASA would not take, or made before review G): the routes
        # and neighbors through it cannot be told to be this tunnel's, and are left to the other interface (review G:
        # the default route through OUTSIDE went with a tunnel also named OUTSIDE).
        nameif = None
    peer = params.get("peer") or ((settings.get("tunnel destination") or [None] * 3)[2])
    profile = (settings.get("tunnel protection") or [None] * 5)[4]
    profile_block = tree.get("crypto ipsec profile %s" % profile) if profile else None
    proposals = []
    for child in profile_block.children if profile_block else []:
        if child.split()[:3] == ["set", "ikev2", "ipsec-proposal"]:
            proposals += child.split()[3:]
    end = _Removed(params, interface, profile or "", proposals, peer)
    named = (params.get("bgp") or {}).get("neighbor")
    named = str(ipaddress.ip_address(named)) if named else None
    if named and _configured(tree, named):
        error = not_mine_error(tree, interface, nameif, named)
        if error:
            raise IntentError(error)

    changes = _neighbor_changes(tree, _subnet(settings), named)
    if nameif:
        for route in tree.starting("route %s " % nameif):
            changes.append(Change(["no " + route.parent], [route.parent]))
    changes.append(Change(["no " + block.parent], restore_lines(block)))
    mine = {block.parent}
    if profile_block is not None and not _used_elsewhere(tree, mine, "profile", profile):
        changes.append(Change(["no " + profile_block.parent], restore_lines(profile_block)))
        mine.add(profile_block.parent)
        for name in proposals:
            proposal = tree.get("crypto ipsec ikev2 ipsec-proposal %s" % name)
            if proposal is None or _used_elsewhere(tree, mine | {proposal.parent}, "proposal", name):
                continue
            changes.append(Change(["no " + proposal.parent], restore_lines(proposal)))
    # Last: the ASA shows its keys masked, so without pre_shared_key an undo could not put them back;
    # nothing after it can be rejected and need that undo.
    group = end.tunnel_group
    if group and tree.get("tunnel-group %s type ipsec-l2l" % group) is not None and not _used_elsewhere(
            tree, mine, "peer", group):
        changes.append(clear_tunnel_group(tree, group, params.get("pre_shared_key")))
    return plan_of(tree, end, nameif, changes)
