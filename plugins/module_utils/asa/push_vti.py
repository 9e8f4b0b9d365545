# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired route-based tunnel (a static VTI) -> the fewest ASA commands, in a safe order, each with its undo.

The same guarantees as push_crypto_map.py gives a crypto map entry, for what a VTI end is
made of (Cisco 214109, "Configure ASA IPsec VTI connection to Azure"; facts item
``vti.config_skeleton``):

  crypto ipsec ikev2 ipsec-proposal P        the ESP proposal
  crypto ikev2 policy N                      the IKE proposal (shared, reused or added)
  crypto ipsec profile PROF                  set ikev2 ipsec-proposal P / set pfs / lifetimes
  tunnel-group PEER ...                      type ipsec-l2l, key
  interface TunnelN                          nameif, ip address, tunnel source/destination/mode/protection
  crypto ikev2 enable SOURCE
  route NAMEIF NET MASK GW 1                 static routes into the tunnel
  router bgp ASN / address-family ipv4 unicast / neighbor ... / network ...

Order is define before reference (proposal before the profile that names it,
profile before the interface that protects with it, the interface's nameif before
the routes through it and the BGP neighbor behind it). Routes, BGP networks and
neighbors are added, never removed: other tunnels may rely on them.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.names import quoted
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_config_checks import vti_config_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_intent import TunnelIntent
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import (
    Block,
    Change,
    ConfigTree,
    IntentError,
    block_change,
    lines_of,
    shown_plan,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_shared_blocks import (
    crypto_users,
    group_policy_changes,
    ikev2_enable_changes,
    owned_prefixes,
    proposal_and_ike_changes,
    shared_proposal_error,
    tcp_mss_changes,
    tunnel_group_changes,
    unknown_nameif_error,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_bgp import bgp_changes, bgp_part, bgp_shown, option_kind
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_neighbors import (
    other_tunnel_error,
    route_loop_error,
    self_address_error,
)

# Cisco ASA command reference, "route": the running config shows the metric, 1 by default (tables.py).
ROUTE_METRIC = tables.ROUTE_METRIC_DEFAULT.value


class VtiIntent(TunnelIntent):
    """The desired state of one VTI end (values may be None: leave as is)."""

    def __init__(self, params, tree):  # pylint: disable=super-init-not-called
        self.p = params
        self.map = self.seq = self.prefix = None
        self.interface = params["tunnel_interface"]
        current = tree.get("interface %s" % self.interface)
        self.exists = current is not None
        have = self.have = {vti_key(c): c.split() for c in (current.children if current else [])}
        self.has_mode = "tunnel mode" in have
        # Left out: what the tunnel has today (its destination, its profile), so nothing moves.
        self.peer = params.get("peer") or _word(have.get("tunnel destination"), 2)
        self.tunnel_group = params.get("tunnel_group") or self.peer
        self.profile = (params.get("ipsec_profile") or _word(have.get("tunnel protection"), 4)
                        or "%s-vpnalign" % self.interface)
        self.proposal = params.get("ipsec_proposal") or "%s-vpnalign" % self.interface
        if not self.exists:
            missing = [k for k in ("tunnel_nameif", "tunnel_address", "tunnel_source_interface", "peer")
                       if not params.get(k)]
            if missing:
                raise IntentError("%s does not exist yet: give %s to create it" % (self.interface, ", ".join(missing)))
        if tree.get("crypto ipsec profile %s" % self.profile) is None and not params.get("esp"):
            raise IntentError("ipsec profile %s does not exist yet: give esp to create it" % self.profile)

    def nameif(self, tree):
        """The tunnel's nameif: the one asked for, else the one it has."""
        if self.p.get("tunnel_nameif"):
            return self.p["tunnel_nameif"]
        block = tree.get("interface %s" % self.interface)
        for child in block.children if block else []:
            if child.split()[0] == "nameif" and len(child.split()) > 1:
                return child.split()[1]
        return None

    def profile_block(self):
        return Block("crypto ipsec profile %s" % self.profile, self.sa_lines())

    def interface_block(self):
        p = self.p
        children = []
        if p.get("tunnel_nameif"):
            children.append("nameif %s" % p["tunnel_nameif"])
        if p.get("tunnel_address"):
            address = ipaddress.ip_interface(p["tunnel_address"])
            words = ["ip", "address", str(address.ip), str(address.network.netmask)]
            have = self.have.get("ip address") or []
            if have[:4] == words and have[4:5] == ["standby"]:
                words = have  # a failover pair's standby address stays (no option sets it)
            children.append(" ".join(words))
        if p.get("tunnel_source_interface"):
            children.append("tunnel source interface %s" % p["tunnel_source_interface"])
        if self.peer:
            children.append("tunnel destination %s" % self.peer)
        if not self.has_mode:
            # A new tunnel carries IPv4 (tunnel_address is IPv4); an existing one keeps its mode.
            children.append("tunnel mode ipsec ipv4")
        children.append("tunnel protection ipsec profile %s" % self.profile)
        return Block("interface %s" % self.interface, children)


def _word(words, index):
    return words[index] if words and len(words) > index else None


def vti_key(child):
    """Children of a VTI or an ipsec profile that replace each other (as the ASA and the lab key them)."""
    words = child.split()
    if words[:1] == ["no"] and words[1:2] == ["shutdown"]:
        return "shutdown"
    if words[:3] == ["set", "security-association", "lifetime"]:
        return " ".join(words[:4])
    if words[:2] in (["set", "ikev2"], ["set", "ikev1"], ["protocol", "esp"]):
        return " ".join(words[:3])
    if words[:1] in (["set"], ["ip"], ["ipv6"], ["tunnel"], ["ikev2"], ["ikev1"]):
        return " ".join(words[:2])
    return words[0] if words else ""


def _keyed_change(tree, block):
    """Change for a VTI or ipsec profile block: new block, or only the children that differ (the rest stays)."""
    return block_change(tree, block, replace_children=False, key=vti_key)


def _profile_changes(tree, intent):
    block = intent.profile_block()
    change = _keyed_change(tree, block)
    current = tree.get(block.parent)
    if intent.pfs_managed() and not intent.p.get("pfs_group") and current is not None:
        # pfs_group 0: no PFS on this profile's rekeys.
        old = [c for c in current.children if vti_key(c) == "set pfs"]
        if old:
            extra = Change([block.parent] + [" no " + c for c in old] + ["exit"],
                           [block.parent] + [" " + c for c in old] + ["exit"])
            return [c for c in (change, extra) if c]
    return [change] if change else []


def _interface_changes(tree, intent):
    block = intent.interface_block()
    change = _keyed_change(tree, block)
    current = tree.get(block.parent)
    enabled = intent.p.get("tunnel_enabled")
    shut = current is not None and "shutdown" in current.children
    extra = None
    if enabled is True and shut:
        extra = Change([block.parent, " no shutdown", "exit"], [block.parent, " shutdown", "exit"])
    elif enabled is False and current is None:
        # created shut, in one change: a second change's undo would say "no interface" a second time
        change = Change(change.apply[:-1] + [" shutdown"] + change.apply[-1:], change.undo)
    elif enabled is False and not shut:
        extra = Change([block.parent, " shutdown", "exit"], [block.parent, " no shutdown", "exit"])
    return [c for c in (change, extra) if c]


def _route_changes(tree, nameif, routes):
    if not routes:
        return []
    if not nameif:
        raise IntentError("routes need the tunnel's nameif: give tunnel_nameif")
    have = set()
    for block in tree.starting("route %s " % nameif):
        words = block.parent.split()
        if len(words) >= 5:
            have.add(tuple(words[1:5]))
    changes = []
    for route in routes:
        network = ipaddress.ip_network(route["network"], strict=False)
        key = (nameif, str(network.network_address), str(network.netmask), str(ipaddress.ip_address(route["gateway"])))
        if key in have:
            continue
        have.add(key)
        line = "route %s %d" % (" ".join(key), _route_distance(tree, nameif, key[1:3], route.get("metric")))
        changes.append(Change([line], ["no " + line]))
    return changes


def _route_distance(tree, nameif, network, asked):
    """The distance of a new route to ``network`` ((address, mask)) through ``nameif``: ``asked``, else ROUTE_METRIC.
    The ASA shares load over one egress interface only and refuses an equal-cost route through another ("Load sharing
    cannot share multiple egress interfaces", Cisco ASA 5500 Series Configuration Guide using the CLI, Routing
    Overview; "ERROR: Cannot add route entry, possible conflict with existing routes", its Static and Default Routes
    chapter). So when another tunnel interface routes the network at that distance (the VTIs to an active-active
    Azure gateway's two instances), this route floats behind it, at the lowest distance above it that no other
    interface uses, and carries the traffic while that tunnel is down; any other clash is refused before anything is
    sent, naming the route in the way. A route elsewhere at another distance (a floating backup) is no clash."""
    others = [r for r in tree.routes_by_network().get(network, ()) if r[0] != nameif]
    distance = ROUTE_METRIC if asked is None else asked
    clash = [r for r in others if r[1] == distance]
    if not clash:
        return distance
    where = "route %s %s %d" % (nameif, " ".join(network), distance)
    if asked is not None:
        raise IntentError("%s: '%s' routes it at the same distance through another interface, which the ASA refuses "
                          "(it shares load over one interface only): give routes[].metric another value"
                          % (where, clash[0][2]))
    tunnels = tree.tunnel_nameifs()
    plain = [r for r in clash if r[0] not in tunnels]
    if plain:
        raise IntentError("%s: '%s' routes it through an interface that is no tunnel at the same distance, which the "
                          "ASA refuses: remove that route first, or give routes[].metric to make this one a backup of "
                          "it" % (where, plain[0][2]))
    used = {r[1] for r in others}
    high = tables.ROUTE_METRIC_RANGE[1]
    free = next((d for d in range(distance + 1, high + 1) if d not in used), None)
    if free is None:
        raise IntentError("%s: other interfaces route it at every distance from %d to %d; give routes[].metric"
                          % (where, distance, high))
    return free


def plan_vti(running_config, params):
    """The changes that make the running config hold the desired VTI end."""
    tree = ConfigTree.of(running_config)
    error = unknown_nameif_error(tree, [("tunnel_source_interface", params.get("tunnel_source_interface"))])
    if error:
        raise IntentError(error)
    error = spelling_error(tree, params["tunnel_interface"])
    if error:
        raise IntentError(error)
    intent = VtiIntent(params, tree)
    vti_config_error(tree, intent)
    error = (_takeover_error(intent, tree) or _standby_error(intent) or _own_address_error(tree, intent)
             or _neighbor_error(tree, intent)
             or route_loop_error(tree, intent.interface, intent.peer, params.get("routes")))
    if error:
        raise IntentError(error)
    changes = proposal_and_ike_changes(tree, intent)
    profile_changes = _profile_changes(tree, intent)
    error = _shared_change_error(tree, intent, changes + profile_changes)
    if error:
        raise IntentError(error)
    changes += profile_changes
    changes += group_policy_changes(tree, params.get("group_policy"))
    changes += tcp_mss_changes(tree, params.get("tcp_mss"))
    changes += tunnel_group_changes(tree, intent)
    changes += _interface_changes(tree, intent)
    source = params.get("tunnel_source_interface")
    if source:
        changes += ikev2_enable_changes(tree, source)
    nameif = intent.nameif(tree)
    changes += _route_changes(tree, nameif, params.get("routes"))
    changes += bgp_changes(tree, params.get("bgp"))
    return plan_of(tree, intent, nameif, changes)


def _takeover_error(intent, tree):
    """Why the options would turn an existing tunnel interface into another tunnel, or None: a new peer re-points
    it (its tunnel-group, routes and BGP neighbor stay behind, pointing at nothing), a new nameif renames it (the
    routes, NAT rules and neighbor naming the old one are stranded), and a nameif another interface holds would take
    over that interface's routes (review G: a tunnel named OUTSIDE, removed, took the default route with it).
    Review 2026-12-04: Tunnel2, Azure's second instance, was re-pointed to another peer without a word."""
    asked_nameif = intent.p.get("tunnel_nameif")
    error = held_nameif_error(tree, intent.interface, asked_nameif, "tunnel_nameif")
    if error:
        return error
    if not asked_nameif and intent.p.get("routes"):
        # the routes go through the nameif the interface has: not when another interface has it too
        error = held_nameif_error(tree, intent.interface, intent.nameif(tree), "routes (through nameif %s)"
                                  % intent.nameif(tree))
        if error:
            return error
    have = intent.have  # the interface's lines as it is (none for a new one)
    destination, nameif = _word(have.get("tunnel destination"), 2), _word(have.get("nameif"), 1)
    asked_peer = intent.p.get("peer")
    if destination and asked_peer and asked_peer != destination:
        return ("interface %s is the tunnel to %s; peer %s would re-point it and leave that tunnel's tunnel-group, "
                "routes and BGP neighbor behind: remove it first (state: absent) or give another tunnel_interface"
                % (intent.interface, destination, asked_peer))
    if nameif and asked_nameif and asked_nameif != nameif:
        return ("interface %s has nameif %s; tunnel_nameif %s would rename it and strand the routes, NAT rules and "
                "BGP neighbor that name %s: give tunnel_nameif %s, or another tunnel_interface"
                % (intent.interface, nameif, asked_nameif, nameif, nameif))
    return None


def held_nameif_error(tree, interface, nameif, option):
    """Why ``nameif`` cannot be ``interface``'s, or None: another interface has it, in any case. The ASA gives a nameif
    to one interface, and its routes, NAT rules and access-groups name that interface by it; Cisco's ASA command
    reference (``nameif``) says the name is not case-sensitive, which we could not read in a stored copy, so a name
    that differs in case only is refused too (it could only be a clash, or a name a person cannot tell apart)."""
    if not nameif:
        return None
    mine = "interface %s" % interface
    holders = [(parent, spelled) for parent, spelled in tree.nameif_holders().get(nameif.lower(), ()) if parent != mine]
    if not holders:
        return None
    parent, spelled = holders[0]
    return ("%s: %s is the nameif of %s (nameif %s): a nameif names one interface only, whatever its case, in the "
            "routes, NAT rules and access-groups that name it; give another tunnel_nameif"
            % (option, quoted(nameif), parent.split(None, 1)[1], spelled))


def _own_address_error(tree, intent):
    """Why bgp.neighbor or a routes[].gateway is the tunnel's own address (tunnel_address, or the address the
    interface has), or None: a neighbor that is the ASA itself never comes up (IOS-style BGP refuses "% Cannot
    configure the local system as neighbor") and a next hop of its own routes nowhere. Review G: both were sent."""
    own = {}
    have = intent.have.get("ip address") or []
    if intent.p.get("tunnel_address"):
        # the address asked for only: the one the interface has now may become the peer's (the two ends swapped)
        own[str(ipaddress.ip_interface(intent.p["tunnel_address"]).ip)] = "tunnel_address"
    elif len(have) >= 4:
        own[have[2]] = "the address %s has" % intent.interface
    asked = [("routes[%d].gateway" % i, route.get("gateway")) for i, route in enumerate(intent.p.get("routes") or ())]
    asked.append(("bgp.neighbor", (intent.p.get("bgp") or {}).get("neighbor")))
    for option, value in asked:
        address = str(ipaddress.ip_address(value)) if value else None
        if address in own:
            return ("%s: %s is the ASA's own address on the tunnel (%s): give the peer's address on the tunnel's "
                    "subnet" % (option, address, own[address]))
    subnet = _tunnel_subnet(intent)
    return self_address_error(tree, "interface %s" % intent.interface, asked) or _no_host_error(subnet, asked)


def _tunnel_subnet(intent):
    """The tunnel's subnet: tunnel_address's, else the one its interface has (None when neither is known)."""
    if intent.p.get("tunnel_address"):
        return ipaddress.ip_interface(intent.p["tunnel_address"]).network
    have = intent.have.get("ip address") or []
    try:
        return ipaddress.IPv4Network("%s/%s" % (have[2], have[3]), strict=False) if len(have) >= 4 else None
    except ValueError:
        return None


def _no_host_error(subnet, asked):
    """Why a next hop or neighbor in ``asked`` is the network or broadcast address of the tunnel's ``subnet`` (no host's
    on a subnet longer than /31: RFC 950; a /31 has neither, RFC 3021), or None: the neighbor never comes up and the
    route leads nowhere (tunnel_address itself is refused so, push_options)."""
    if subnet is None or subnet.prefixlen >= 31:
        return None
    for option, value in asked:
        if not value:
            continue
        address = ipaddress.ip_address(value)
        if address in (subnet.network_address, subnet.broadcast_address):
            return ("%s: %s is the %s address of the tunnel's subnet %s, no host's: give the peer's address on it"
                    % (option, address, "network" if address == subnet.network_address else "broadcast", subnet))
    return None


def _standby_error(intent):
    """Why a new tunnel_address would drop the interface's failover standby address, or None: no option gives
    the standby's, and a guess could take another unit's address (review 2026-12-04: ``standby S`` was lost)."""
    have = intent.have.get("ip address") or []
    if intent.p.get("tunnel_address") is None or have[4:5] != ["standby"]:
        return None
    address = ipaddress.ip_interface(intent.p["tunnel_address"])
    if have[2:4] == [str(address.ip), str(address.network.netmask)]:
        return None
    return ("interface %s has %s (a failover pair's standby address); tunnel_address %s would drop standby %s: "
            "change the address and its standby address by hand (ip address A M standby S)"
            % (intent.interface, " ".join(have), intent.p["tunnel_address"], _word(have, 5)))


def _neighbor_error(tree, intent):
    """Why bgp.neighbor is not this tunnel's to change (another tunnel interface's), or None."""
    bgp = intent.p.get("bgp") or {}
    if not bgp.get("neighbor"):
        return None
    mine = "interface %s" % intent.interface
    own = ipaddress.ip_interface(intent.p["tunnel_address"]).network if intent.p.get("tunnel_address") else None
    added = [(ipaddress.ip_network(r["network"], strict=False), mine) for r in intent.p.get("routes") or ()]
    return other_tunnel_error(tree, intent.interface, intent.nameif(tree), str(ipaddress.ip_address(bgp["neighbor"])),
                              own, added)


def spelling_error(tree, interface):
    """Why ``interface`` must not be planned as written, or None: the ASA reads Tunnel01 or tunnel1 as the Tunnel1
    the config has (and prints it so), so a plan for a new interface would rewrite that one and never find its own."""
    words = interface.replace(" ", "")
    digits = words[len("tunnel"):]
    if words[:len("tunnel")].lower() != "tunnel" or not digits.isdigit():
        return None
    existing = "interface Tunnel%d" % int(digits)
    if existing == "interface %s" % interface or tree.get(existing) is None:
        return None
    return ("tunnel_interface %s is %s, as the ASA reads it: give it as %s (or another tunnel_interface)"
            % (interface, existing, existing.split(None, 1)[1]))


def _shared_change_error(tree, intent, changes):
    """Why the changes would alter an ipsec profile or ESP proposal another tunnel also uses, or None: what this
    tunnel asks of it would change that tunnel's crypto too (a weaker one, or a PFS group its peer does not
    expect). Review 2026-12-04: a profile shared with another VTI took this tunnel's PFS and lifetime, and an ESP
    proposal both Azure tunnels named was rewritten to this tunnel's."""
    profile = "crypto ipsec profile %s" % intent.profile
    if tree.get(profile) is not None and any(c.apply and c.apply[0] == profile for c in changes):
        users = tree.memo("crypto users", crypto_users)
        mates = {"interface %s" % name for name in intent.p.get("profile_mates") or ()}  # asking the same (tunnel_task)
        others = sorted(users.get(("profile", intent.profile), set()) - {"interface %s" % intent.interface} - mates)
        if others:
            return ("ipsec profile %s also protects %s: changing it for %s would change that tunnel too; give %s its "
                    "own ipsec_profile" % (intent.profile, ", ".join(others), intent.interface, intent.interface))
    return shared_proposal_error(tree, changes, intent.proposal, profile, intent.p.get("proposal_mates") or (),
                                 intent.interface)


# --------------------------------------------------------------------------
# Before/after of the end's own lines, and the config once the plan is applied
# --------------------------------------------------------------------------
def plan_of(tree, intent, nameif, changes):
    """The plan of ``changes``, with the end's own lines before and after them (push_plan.shown_plan)."""
    shown = bgp_shown(intent.p.get("bgp") or {}, changes)
    return shown_plan(tree, changes, lambda t: _owned(t, intent, nameif, shown), apply_vti)


def owned_lines(tree, intent, nameif):
    return lines_of(_owned(tree, intent, nameif, bgp_shown(intent.p.get("bgp") or {}, ())))


def _owned(tree, intent, nameif, shown_bgp):
    """The blocks of the end's own lines, in config order; of the BGP process, the lines ``shown_bgp`` (bgp_shown's)
    names (``bgp_part``), or all of it when None."""
    prefixes = ["crypto ipsec profile %s" % intent.profile] + owned_prefixes(intent)
    if nameif:
        prefixes.append("route %s " % nameif)
    bgp = intent.p.get("bgp") or {}
    process = "router bgp %d" % bgp["asn"] if bgp else None
    blocks = tree.selected(prefixes, ["interface %s" % intent.interface] + ([process] if process else []))
    if shown_bgp is None:
        return blocks
    return [bgp_part(tree, b, *shown_bgp) if b.parent == process else b for b in blocks]


def _apply_child(block, child):
    if block.parent.startswith("router bgp "):
        if child.startswith("no "):
            words = child[3:].split()
            if words[:1] == ["neighbor"] and words[2:3] == ["remote-as"]:
                block.children = [c for c in block.children if c.split()[:2] != words[:2]]
            else:
                block.children = [c for c in block.children if c != child[3:]]
            return
        if child in block.children:
            return
        if child == "exit-address-family" or child.startswith("address-family "):
            block.children.append(child)  # not there yet (checked above)
            return
        words = child.split()
        if words[0] == "neighbor" and len(words) > 2:  # a setting replaces its kind's line (one per direction)
            kind = option_kind(words)
            block.children = [c for c in block.children
                              if not (c.split()[:2] == words[:2] and len(c.split()) > 2 and option_kind(c.split()) == kind)]
        end = block.children.index("exit-address-family") if "exit-address-family" in block.children else None
        if end is None:
            block.children.append(child)
        else:
            block.children.insert(end, child)
        return
    if child.startswith("no "):
        if child == "no shutdown":
            block.children = [c for c in block.children if c != "shutdown"]
        else:
            block.children = [c for c in block.children if c != child[3:]]
        return
    key = vti_key(child)
    if key == "shutdown":
        block.children = [c for c in block.children if c != "shutdown"] + ["shutdown"]
        return
    block.children = [c for c in block.children if vti_key(c) != key] + [child]


def apply_vti(tree, changes):
    """The tree as it will be once the changes are applied (the ASA's semantics in small)."""
    new = tree.copy()
    for change in changes:
        stack = []
        for line in change.apply:
            text = line.strip()
            if line.startswith(" "):
                if stack:
                    _apply_child(stack[0], text)
                continue
            if text == "exit":
                stack = []
            elif text.startswith("no "):
                new.blocks = [b for b in new.blocks if b.parent != text[3:]]
                new.by_parent.pop(text[3:], None)
            elif text.startswith("sysopt connection tcpmss ") and " minimum " not in text:
                new.blocks = [b for b in new.blocks if not (b.parent.startswith("sysopt connection tcpmss ")
                                                            and " minimum " not in b.parent)]
                block = Block(text)
                new.blocks.append(block)
                new.by_parent = {b.parent: b for b in new.blocks}
            elif text.startswith("clear configure tunnel-group "):
                name = text.split()[3]
                new.blocks = [b for b in new.blocks if not b.parent.startswith("tunnel-group %s " % name)]
                new.by_parent = {b.parent: b for b in new.blocks}
            else:
                block = new.by_parent.get(text)
                if block is None:
                    block = Block(text)
                    new.blocks.append(block)
                    new.by_parent[text] = block
                stack = [block]
    return new


def config_after_vti(running_config, plan):
    """The config text once ``plan`` is applied (what a second run will read)."""
    return apply_vti(ConfigTree(running_config), plan.changes).text()
