# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The BGP part of a route-based tunnel end (push_vti.py): the ``router bgp`` lines that give the ASA the neighbor
behind the tunnel and the networks it advertises, each change with its undo, and the part of the process an end shows.

Neighbors and networks are added, never removed (other tunnels may rely on them); one BGP process per ASA, so another
ASN is refused. A neighbor that moves address carries the old one's route filters (``bgp.options_from``).

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import Block, Change, IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation_routed import carried_option, has_password

ADDRESS_FAMILY = "address-family ipv4 unicast"


def _classful(address):
    """The mask ``network A`` without ``mask`` means (classful, as IOS-style BGP shows it)."""
    first = int(str(address).split(".", 1)[0])
    return 8 if first < 128 else 16 if first < 192 else 24


def _bgp_network(child):
    words = child.split()
    if words[:1] != ["network"] or len(words) < 2:
        return None
    try:
        if len(words) >= 4 and words[2] == "mask":
            return ipaddress.ip_network("%s/%s" % (words[1], words[3]), strict=False)
        return ipaddress.ip_network("%s/%d" % (words[1], _classful(words[1])), strict=False)
    except ValueError:
        return None


def _neighbor_setting(child, neighbor):
    """('remote-as' | 'ebgp-multihop' | 'activate' | ..., line) for a line about ``neighbor``."""
    words = child.split()
    if words[:2] == ["neighbor", neighbor] and len(words) > 2:
        return words[2]
    return None


def bgp_changes(tree, bgp):
    if not bgp:
        return []
    asn = bgp["asn"]
    processes = tree.starting("router bgp ")
    others = [b.parent for b in processes if b.parent != "router bgp %d" % asn]
    if others:
        # One BGP process per ASA; moving it to another ASN tears down every session.
        raise IntentError("the ASA already runs %s; bgp.asn %d would replace it (change it by hand)" % (others[0], asn))
    parent = "router bgp %d" % asn
    current = tree.get(parent)
    lines, undo = [], []
    neighbor = bgp.get("neighbor")
    if neighbor:
        neighbor = str(ipaddress.ip_address(neighbor))
        have = {}
        for _n, child in tree.children_starting(current, ["neighbor", neighbor]) if current else ():
            setting = _neighbor_setting(child, neighbor)
            if setting:
                have[setting] = child
        wanted = []
        if bgp.get("remote_as") is not None:
            wanted.append("neighbor %s remote-as %d" % (neighbor, bgp["remote_as"]))
        elif "remote-as" not in have:
            raise IntentError("bgp.remote_as is needed: neighbor %s is not configured yet" % neighbor)
        if bgp.get("ebgp_multihop") is not None:
            wanted.append("neighbor %s ebgp-multihop %d" % (neighbor, bgp["ebgp_multihop"]))
        wanted.append("neighbor %s activate" % neighbor)
        new_neighbor = "remote-as" not in have
        for line in wanted:
            old = have.get(line.split()[2])
            if old == line:
                continue
            lines.append(line)
            if not new_neighbor:
                undo.append(old if old else "no " + line)
        for line in _carried_options(tree, current, bgp, neighbor, new_neighbor):
            lines.append(line)
            if not new_neighbor:
                undo.append("no " + line)
        if "shutdown" in have:
            # the neighbor is wanted up: 'activate' leaves an administratively shut neighbor down (review 2026-12-04)
            lines.append("no neighbor %s shutdown" % neighbor)
            undo.append(have["shutdown"])
        if new_neighbor and current is not None:
            # Removing the remote-as removes the neighbor with every setting it got.
            undo.append("no neighbor %s remote-as %d" % (neighbor, bgp["remote_as"]))
    have_networks = {n for n in (_bgp_network(c) for _n, c in (tree.children_starting(current, ["network"]) if current else ()))
                     if n is not None}
    for cidr in bgp.get("networks") or []:
        network = ipaddress.ip_network(cidr, strict=False)
        if network in have_networks:
            continue
        have_networks.add(network)
        line = "network %s mask %s" % (network.network_address, network.netmask)
        lines.append(line)
        undo.append("no " + line)
    if current is None:
        apply = [parent, " " + ADDRESS_FAMILY] + ["  " + ln for ln in lines] + [" exit-address-family", "exit"]
        return [Change(apply, ["no " + parent])]
    if not lines:
        return []
    enter = [parent, " " + ADDRESS_FAMILY]
    leave = [" exit-address-family", "exit"]
    return [Change(enter + ["  " + ln for ln in lines] + leave, enter + ["  " + ln for ln in undo] + leave)]


# An option of which a neighbor has one line per direction (a second line of the kind replaces the first)
_PER_DIRECTION = ("route-map", "prefix-list", "distribute-list", "filter-list")


def option_kind(words):
    """What a neighbor option line sets: its keyword, and its direction where there is one line per direction."""
    if words[2] in _PER_DIRECTION and len(words) > 4:
        return words[2], words[4]
    return words[2], None


def _carried_options(tree, process, bgp, neighbor, new_neighbor):
    """The lines that give ``neighbor`` the options of ``bgp.options_from`` (remediation_routed.carried_option: its
    route filters, maximum-prefix, timers...), missing ones only. A neighbor that moves address keeps its filters;
    without them the new session takes and sends every route (review 2026-12-04: align moved the neighbor and left
    the filters as a step by hand). Refused before anything is sent: a source that is not configured, one with a
    password (masked in the running config, so it cannot be copied), and an existing neighbor with another option
    of the same kind."""
    source = bgp.get("options_from")
    if not source:
        return []
    source = str(ipaddress.ip_address(source))
    if source == neighbor:
        return []
    lines = [child.split() for _n, child in tree.children_starting(process, ["neighbor", source])] if process else []
    if not any(words[2:3] == ["remote-as"] for words in lines):
        raise IntentError("bgp.options_from: neighbor %s is not configured under router bgp %d" % (source, bgp["asn"]))
    # what bgp itself sets for the neighbor wins over the old neighbor's (review 2026-12-04: its ebgp-multihop was sent
    # after the one asked for and replaced it)
    carried = [words for words in lines if carried_option(words, source)
               and not (words[2] == "ebgp-multihop" and bgp.get("ebgp_multihop") is not None)]
    if has_password(carried):
        raise IntentError("bgp.options_from: neighbor %s has a password, which the running config does not show, so "
                          "it cannot be copied: configure neighbor %s by hand" % (source, neighbor))
    have = {} if new_neighbor else {
        option_kind(words): " ".join(words)
        for words in (child.split() for _n, child in tree.children_starting(process, ["neighbor", neighbor]))
        if carried_option(words, neighbor)}
    out = []
    for words in carried:
        line = " ".join(["neighbor", neighbor] + words[2:])
        kind = option_kind(words)
        if have.get(kind) == line:
            continue
        if kind in have:
            raise IntentError("bgp.options_from: neighbor %s already has '%s', which '%s' of neighbor %s would replace: "
                              "align the two by hand" % (neighbor, have[kind], " ".join(words), source))
        out.append(line)
    return out


def bgp_shown(bgp, changes):
    """(neighbors, networks) of the BGP process one end shows: its neighbor and any neighbor its changes touch, its
    networks; None (the whole process) without a neighbor named or changed. The whole process is every tunnel's: a
    hub's 2,000 neighbors were in each end's diff (issue 12)."""
    neighbors, networks = set(), set()
    for change in changes:
        for line in change.apply:
            words = line.split()
            words = words[1:] if words[:1] == ["no"] else words
            if words[:1] == ["neighbor"] and len(words) > 1:
                neighbors.add(words[1])
            elif words[:1] == ["network"]:
                networks.add(" ".join(words))
    if bgp.get("neighbor"):
        neighbors.add(str(ipaddress.ip_address(bgp["neighbor"])))
    if not neighbors:
        return None
    for cidr in bgp.get("networks") or ():
        network = ipaddress.ip_network(cidr, strict=False)
        networks.add("network %s mask %s" % (network.network_address, network.netmask))
    return neighbors, networks


def bgp_part(tree, process, neighbors, networks):
    """The BGP process with its address-family lines, the lines of ``neighbors`` and the ``networks`` lines only."""
    kept = dict(tree.children_starting(process, ["address-family"]) + tree.children_starting(process, ["exit-address-family"]))
    for address in neighbors:
        kept.update(tree.children_starting(process, ["neighbor", address]))
    kept.update((n, c) for n, c in tree.children_starting(process, ["network"]) if c in networks)
    return Block(process.parent, [kept[n] for n in sorted(kept)])
