# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state of one tunnel -> the fewest ASA commands, in a safe order, each with its undo.

The running config is read as a tree of top-level lines and their indented
children. The desired tunnel is rendered into the same shape; only what differs
is sent. Order: define before reference (ACL, proposal, IKE policy, group-policy,
tunnel-group, then the crypto map entry that names them), and for removal
unreference before delete. Every change carries the commands that undo it, so a
push the device rejects midway can be rolled back to exactly the old config.

Pre-shared keys never enter a command list that leaves this module in clear:
key lines carry the placeholder ``PSK_PLACEHOLDER`` and are filled only at send time.

Plain Python, no Ansible import.
"""

import ipaddress
from dataclasses import dataclass, field
from typing import List, Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import clean_line, split_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error

PSK_PLACEHOLDER = "<pre-shared-key>"
MASK = "*****"


class IntentError(ValueError):
    """The desired state cannot be expressed on an ASA (unknown algorithm, bad prefix...)."""


@dataclass
class Block:
    """A top-level config line and its indented children, as the ASA prints them."""

    parent: str
    children: List[str] = field(default_factory=list)


class ConfigTree(object):
    """The running config as blocks, in order, indexed by their top-level line."""

    def __init__(self, text):
        self.blocks = []
        self.by_parent = {}
        current = None
        for raw in split_lines(text or ""):
            indent, line = clean_line(raw)
            if not line or line.startswith(("!", ":")):
                continue
            if indent and current is not None:
                current.children.append(line)
                continue
            current = Block(line)
            self.blocks.append(current)
            self.by_parent[line] = current

    def get(self, parent):
        return self.by_parent.get(parent)

    def starting(self, prefix):
        return [b for b in self.blocks if b.parent.startswith(prefix)]

    def copy(self):
        """A tree of its own (blocks and children), to apply changes to."""
        new = ConfigTree("")
        new.blocks = [Block(b.parent, list(b.children)) for b in self.blocks]
        new.by_parent = {b.parent: b for b in new.blocks}
        return new

    def text(self):
        """The tree as config text, children indented by one space as the ASA prints them."""
        lines = []
        for block in self.blocks:
            lines.append(block.parent)
            lines += [" " + c for c in block.children]
        return "\n".join(lines) + "\n"


@dataclass
class Change:
    """Commands for one block, and the commands that put the old config back."""

    apply: List[str]
    undo: List[str]


@dataclass
class Plan:
    changes: List[Change]
    before: List[str]
    after: List[str]

    @property
    def commands(self):
        return [line for change in self.changes for line in change.apply]

    @property
    def rollback(self):
        """Undo of every change, last change first."""
        return [line for change in reversed(self.changes) for line in change.undo]


def masked(lines):
    return [line.replace(PSK_PLACEHOLDER, MASK) for line in lines]


# --------------------------------------------------------------------------
# Rendering the desired tunnel
# --------------------------------------------------------------------------
def _keyword(table, canonical, what):
    try:
        return table[canonical]
    except KeyError:
        raise IntentError("%s %r has no ASA keyword (known: %s)" % (what, canonical, ", ".join(sorted(table))))


def _net(cidr):
    try:
        return ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise IntentError("%r is not a network prefix" % cidr)


def _operand(network):
    if network.prefixlen == 0:
        return "any4" if network.version == 4 else "any6"
    if network.num_addresses == 1:
        return "host %s" % network.network_address
    if network.version == 4:
        return "%s %s" % (network.network_address, network.netmask)
    return str(network)


def _child_key(child):
    """Children with the same key replace each other on the ASA (a new ``group`` replaces the old)."""
    words = child.split()
    if words[:1] in (["network-object"], ["group-object"]):
        return child  # object-group members add up, they do not replace each other
    if words[:2] == ["protocol", "esp"]:
        return " ".join(words[:3])
    if words and words[0] in ("ikev2", "ikev1", "isakmp"):
        return " ".join(words[:2])
    return words[0] if words else ""


def _entry_key(line, prefix):
    """Crypto map entry lines replace each other per setting (``set peer``, ``set pfs``...)."""
    words = line[len(prefix):].split()
    if words[:2] == ["set", "security-association"]:
        return " ".join(words[:4])
    if words[:2] in (["set", "ikev2"], ["set", "ikev1"], ["match", "address"]):
        return " ".join(words[:3]) if words[:2] != ["match", "address"] else "match address"
    return " ".join(words[:2])


class TunnelIntent(object):
    """The desired state of one crypto map entry and what it names (values may be None: leave as is)."""

    def __init__(self, params):
        self.p = params
        self.map = params["crypto_map"]
        self.seq = params["seq"]
        self.prefix = "crypto map %s %s " % (self.map, self.seq)
        self.peer = params.get("peer")
        self.tunnel_group = params.get("tunnel_group") or self.peer
        self.acl = params.get("acl") or "%s-%s-vpnalign" % (self.map, self.seq)
        self.proposal = params.get("ipsec_proposal") or "%s-%s-vpnalign" % (self.map, self.seq)

    # -- blocks -------------------------------------------------------------
    def acl_lines(self):
        local, remote = self.p.get("local_networks"), self.p.get("remote_networks")
        if local is None or remote is None:
            return None
        return [
            "access-list %s extended permit ip %s %s" % (self.acl, _operand(_net(a)), _operand(_net(b)))
            for a in local
            for b in remote
        ]

    def proposal_block(self):
        esp = self.p.get("esp")
        if not esp:
            return None
        enc = [_keyword(tables.ESP_ENCRYPTION_KEYWORD, e, "ESP encryption") for e in esp["encryption"]]
        integ = [_keyword(tables.ESP_INTEGRITY_KEYWORD, i, "ESP integrity") for i in esp.get("integrity") or []]
        children = ["protocol esp encryption %s" % " ".join(enc)]
        children.append("protocol esp integrity %s" % (" ".join(integ) if integ else "null"))
        return Block("crypto ipsec ikev2 ipsec-proposal %s" % self.proposal, children)

    def ike_block(self, tree):
        ike = self.p.get("ike")
        if not ike:
            return None
        children = [
            "encryption %s" % " ".join(_keyword(tables.IKEV2_ENCRYPTION_KEYWORD, e, "IKE encryption") for e in ike["encryption"]),
            "integrity %s" % (" ".join(_keyword(tables.IKEV2_INTEGRITY_KEYWORD, i, "IKE integrity")
                                       for i in ike.get("integrity") or []) or "null"),
            "group %s" % " ".join(str(_group(g)) for g in ike["dh_groups"]),
            "prf %s" % " ".join(_keyword(tables.IKEV2_PRF_KEYWORD, f, "IKE PRF")
                                for f in (ike.get("prf") or ike.get("integrity") or [])),
            "lifetime seconds %d" % (ike.get("lifetime_seconds") or 86400),
        ]
        # The IKE policy is shared by every tunnel: reuse one that already says exactly
        # this, otherwise add a new one and leave the others alone.
        for block in tree.starting("crypto ikev2 policy "):
            if sorted(block.children) == sorted(children):
                return None
        priority = ike.get("priority") or _free_priority(tree)
        return Block("crypto ikev2 policy %d" % priority, children)

    def entry_lines(self):
        lines = []
        if self.p.get("local_networks") is not None or self.p.get("acl"):
            lines.append(self.prefix + "match address %s" % self.acl)
        if self.peer:
            lines.append(self.prefix + "set peer %s" % self.peer)
        return lines + [self.prefix + line for line in self.sa_lines()]

    def sa_lines(self):
        """The Child SA settings of a crypto map entry or an ipsec profile: proposal, PFS, lifetimes."""
        lines = []
        if self.p.get("esp"):
            lines.append("set ikev2 ipsec-proposal %s" % self.proposal)
        pfs = self.p.get("pfs_group")
        if pfs:
            lines.append("set pfs group%d" % _group(pfs))
        seconds, kilobytes = self.p.get("child_lifetime_seconds"), self.p.get("child_lifetime_kilobytes")
        if seconds:
            lines.append("set security-association lifetime seconds %d" % seconds)
        if kilobytes is not None:
            value = "unlimited" if kilobytes in (0, "unlimited") else "%d" % int(kilobytes)
            lines.append("set security-association lifetime kilobytes %s" % value)
        return lines

    def nat_exemption(self, tree):
        """(object-group blocks, the identity twice-NAT rule) that keep the tunnel's traffic untranslated,
        or None when not managed. The rule goes to section 1 (manual NAT, before object NAT)."""
        nat = self.p.get("nat_exemption")
        if not nat:
            return None
        outside = nat.get("outside_interface") or self.p.get("interface")
        if not outside:
            bound = tree.starting("crypto map %s interface " % self.map)
            outside = bound[0].parent.split()[4] if bound else None
        if not outside:
            raise IntentError("nat_exemption: give outside_interface (the crypto map %s is not bound)" % self.map)
        groups = []
        for side in ("local", "remote"):
            networks = nat.get(side + "_networks") or self.p.get(side + "_networks")
            if not networks:
                raise IntentError("nat_exemption: %s_networks are needed" % side)
            members = []
            for cidr in networks:
                network = _net(cidr)
                operand = _operand(network)
                members.append("network-object %s" % ("0.0.0.0 0.0.0.0" if operand == "any4" else operand))
            groups.append(Block("object-group network %s-%s" % (self.nat_objects, side.upper()), members))
        local, remote = (g.parent.split()[2] for g in groups)
        # Line 1: before the manual rules already there (a PAT rule there would translate the traffic first).
        rule = "nat (%s,%s) 1 source static %s %s destination static %s %s no-proxy-arp route-lookup" % (
            nat["inside_interface"], outside, local, local, remote, remote)
        return groups, rule

    @property
    def nat_objects(self):
        """Object-group names: the ones the check's remediation names (asa/remediation.py)."""
        return "VPNALIGN-%s-%s" % (self.map, self.seq)

    def pfs_managed(self):
        """None: leave PFS as it is; 0: no PFS; N: PFS group N."""
        return self.p.get("pfs_group") is not None


def _group(value):
    group = int(value)
    if group not in tables.DH_GROUPS:
        raise IntentError("DH group %s is not one the ASA knows (%s)" % (value, sorted(tables.DH_GROUPS)))
    return group


def _free_priority(tree):
    used = {int(b.parent.split()[3]) for b in tree.starting("crypto ikev2 policy ") if b.parent.split()[3].isdigit()}
    priority = 1
    while priority in used:
        priority += 1
    return priority


# --------------------------------------------------------------------------
# Diffing blocks
# --------------------------------------------------------------------------
def _block_change(tree, block, replace_children=True, key=_child_key):
    """Change for one parent block: new block, or only the children that differ (``key``: which
    children replace each other); with ``replace_children`` the children not wanted go."""
    current = tree.get(block.parent)
    if current is None:
        return Change([block.parent] + [" " + c for c in block.children] + ["exit"], ["no " + block.parent])
    by_key = {key(c): c for c in current.children}
    wanted_keys = {key(c) for c in block.children}
    apply, undo = [], []
    for child in block.children:
        old = by_key.get(key(child))
        if old == child:
            continue
        apply.append(" " + child)
        undo.append(" " + old if old else " no " + child)
    if replace_children:
        for key, old in by_key.items():
            if key not in wanted_keys:
                apply.append(" no " + old)
                undo.append(" " + old)
    if not apply:
        return None
    return Change([block.parent] + apply + ["exit"], [block.parent] + undo + ["exit"])


def _member_change(tree, block):
    """Change for an object-group: exactly these members (order does not matter to the ASA)."""
    current = tree.get(block.parent)
    if current is None:
        return Change([block.parent] + [" " + c for c in block.children] + ["exit"], ["no " + block.parent])
    add = [c for c in block.children if c not in current.children]
    drop = [c for c in current.children if c not in block.children and not c.startswith("description ")]
    if not add and not drop:
        return None
    return Change([block.parent] + [" " + c for c in add] + [" no " + c for c in drop] + ["exit"],
                  [block.parent] + [" " + c for c in drop] + [" no " + c for c in add] + ["exit"])


def _nat_exemption_changes(tree, intent):
    wanted = intent.nat_exemption(tree)
    if wanted is None:
        return []
    groups, rule = wanted
    changes = [c for c in (_member_change(tree, g) for g in groups) if c]
    if not any(_nat_key(b.parent) == _nat_key(rule) for b in tree.starting("nat ")):
        changes.append(Change([rule], ["no " + rule]))
    return changes


def _nat_key(line):
    """A manual NAT rule without its line number (the ASA shows rules without it)."""
    words = line.split()
    if len(words) > 2 and words[2].isdigit():
        del words[2]
    return " ".join(words)


def _is_tcp_mss(line):
    return line.startswith("sysopt connection tcpmss ") and line.split()[3:4] != ["minimum"]


def _tcp_mss_changes(tree, mss):
    """``sysopt connection tcpmss`` is global: one value for every tunnel and interface."""
    if mss is None:
        return []
    prefix = "sysopt connection tcpmss "
    current = [b.parent for b in tree.starting(prefix) if _is_tcp_mss(b.parent)]
    want = prefix + "%d" % mss
    if current == [want] or (not current and mss == tables.TCP_MSS_DEFAULT.value):
        return []
    return [Change([want], [current[0]] if current else ["no " + want])]


def _acl_changes(tree, acl, wanted):
    prefix = "access-list %s " % acl
    current = [b.parent for b in tree.starting(prefix)]
    changes = []
    for line in wanted:
        if line not in current:
            changes.append(Change([line], ["no " + line]))
    for line in current:
        if line not in wanted:
            changes.append(Change(["no " + line], [line]))
    return changes


def _entry_changes(tree, intent):
    current = {_entry_key(b.parent, intent.prefix): b.parent for b in tree.starting(intent.prefix)}
    changes = []
    for line in intent.entry_lines():
        old = current.get(_entry_key(line, intent.prefix))
        if old == line:
            continue
        changes.append(Change([line], [old] if old else ["no " + line]))
    if intent.pfs_managed() and not intent.p.get("pfs_group"):
        old = current.get("set pfs")
        if old:
            changes.append(Change(["no " + old], [old]))
    return changes


def _group_policy_changes(tree, gp):
    """The group-policy a tunnel-group names, allowing IKEv2 (added to, never replaced)."""
    if not gp:
        return []
    changes = []
    if tree.get("group-policy %s internal" % gp) is None:
        changes.append(Change(["group-policy %s internal" % gp], ["clear configure group-policy %s" % gp]))
    change = _block_change(tree, Block("group-policy %s attributes" % gp, ["vpn-tunnel-protocol ikev2"]),
                           replace_children=False)
    return changes + ([change] if change else [])


def _tunnel_group_changes(tree, intent):
    name = intent.tunnel_group
    if not name:
        return []
    changes = []
    created = tree.get("tunnel-group %s type ipsec-l2l" % name) is None
    if created:
        changes.append(Change(["tunnel-group %s type ipsec-l2l" % name], ["clear configure tunnel-group %s" % name]))
    if intent.p.get("group_policy"):
        block = Block("tunnel-group %s general-attributes" % name, ["default-group-policy %s" % intent.p["group_policy"]])
        change = _block_change(tree, block, replace_children=False)
        if change and not created:
            changes.append(change)
        elif change:
            changes.append(Change(change.apply, []))
    psk = intent.p.get("pre_shared_key")
    if psk:
        attrs = tree.get("tunnel-group %s ipsec-attributes" % name)
        has_key = attrs is not None and any("pre-shared-key" in c for c in attrs.children)
        if created or not has_key or intent.p.get("update_pre_shared_key") == "always":
            lines = ["ikev2 remote-authentication pre-shared-key %s" % PSK_PLACEHOLDER,
                     "ikev2 local-authentication pre-shared-key %s" % PSK_PLACEHOLDER]
            old = [c for c in (attrs.children if attrs else []) if c.startswith("ikev2 ")]
            undo = [] if created else ["tunnel-group %s ipsec-attributes" % name] + [
                " " + c for c in old] + ["exit"]
            if not created and not old:
                undo = ["tunnel-group %s ipsec-attributes" % name] + [" no " + ln for ln in lines] + ["exit"]
            changes.append(Change(["tunnel-group %s ipsec-attributes" % name] + [" " + ln for ln in lines] + ["exit"],
                                  undo))
    return changes


def plan_present(running_config, params):
    """The changes that make the running config hold the desired tunnel."""
    tree = ConfigTree(running_config)
    intent = TunnelIntent(params)
    changes = []
    acl = intent.acl_lines()
    if acl is not None:
        changes += _acl_changes(tree, intent.acl, acl)
    for block in (intent.proposal_block(), intent.ike_block(tree)):
        if block is not None:
            change = _block_change(tree, block)
            if change:
                changes.append(change)
    changes += _group_policy_changes(tree, params.get("group_policy"))
    changes += _nat_exemption_changes(tree, intent)
    changes += _tcp_mss_changes(tree, params.get("tcp_mss"))
    changes += _tunnel_group_changes(tree, intent)
    changes += _entry_changes(tree, intent)
    interface = params.get("interface")
    if interface:
        bind = "crypto map %s interface %s" % (intent.map, interface)
        # One crypto map per interface (facts one_map_per_interface, DOC_ASA_SAMPLE): binding this map
        # would unbind the other, and every tunnel of it.
        other = [b.parent.split()[2] for b in tree.starting("crypto map ")
                 if b.parent.split()[3:] == ["interface", interface] and b.parent != bind]
        if other:
            raise IntentError("interface %s already has crypto map %s, and an ASA interface takes one crypto map: "
                              "add this tunnel as an entry of %s (crypto_map: %s, a free seq)"
                              % (interface, other[0], other[0], other[0]))
        if tree.get(bind) is None:
            changes.append(Change([bind], ["no " + bind]))
        enable = "crypto ikev2 enable %s" % interface
        if tree.get(enable) is None:
            changes.append(Change([enable], ["no " + enable]))
    return Plan(changes, _owned_lines(tree, intent), _owned_lines(_apply_to_tree(tree, changes), intent))


def plan_absent(running_config, params):
    """The changes that remove the tunnel's own lines: entry first, then what only it used."""
    tree = ConfigTree(running_config)
    intent = TunnelIntent(params)
    changes = []
    entry = [b.parent for b in tree.starting(intent.prefix)]
    if not intent.tunnel_group:
        # The L2L tunnel-group is named after the peer the entry sets.
        peers = [line.split()[6] for line in entry if line.split()[4:6] == ["set", "peer"] and len(line.split()) > 6]
        intent.tunnel_group = peers[0] if peers else None
    # "match address" last: removing it first would leave an entry the ASA rejects lines for.
    entry.sort(key=lambda line: _entry_key(line, intent.prefix) == "match address")
    for line in entry:
        changes.append(Change(["no " + line], [line]))
    acl_users = [b for b in tree.blocks if " match address %s" % intent.acl in b.parent and
                 not b.parent.startswith(intent.prefix)]
    if entry and not acl_users:
        for block in tree.starting("access-list %s " % intent.acl):
            changes.append(Change(["no " + block.parent], [block.parent]))
    # The tunnel-group last: the ASA shows its keys masked, so an undo could put them back only with
    # pre_shared_key given; nothing after it can be rejected and need that undo.
    if intent.tunnel_group and tree.get("tunnel-group %s type ipsec-l2l" % intent.tunnel_group) is not None:
        changes.append(clear_tunnel_group(tree, intent.tunnel_group, params.get("pre_shared_key")))
    return Plan(changes, _owned_lines(tree, intent), _owned_lines(_apply_to_tree(tree, changes), intent))


def restore_lines(block):
    """The lines that put ``block`` back as it is."""
    return [block.parent] + [" " + c for c in block.children] + (["exit"] if block.children else [])


def clear_tunnel_group(tree, name, pre_shared_key):
    """Removing tunnel-group ``name`` (its type line exists), with an undo that puts it back: its
    type line first, then its attributes. The ASA shows keys masked, so the undo carries the key
    only when ``pre_shared_key`` is given."""
    group = tree.get("tunnel-group %s type ipsec-l2l" % name)
    restore = [group.parent]
    for block in tree.starting("tunnel-group %s " % name):
        if block is not group:
            restore += restore_lines(block)
    if pre_shared_key:
        restore = [line.replace("pre-shared-key %s" % MASK, "pre-shared-key %s" % PSK_PLACEHOLDER) for line in restore]
    return Change(["clear configure tunnel-group %s" % name], restore)


# --------------------------------------------------------------------------
# Before/after of the tunnel's own lines (for diff)
# --------------------------------------------------------------------------
def owned_prefixes(intent):
    """Starts of the lines a crypto map entry and a VTI end both list as theirs: the ipsec-proposal,
    the tunnel-group, the group-policy and the global TCP MSS clamp (the last two when managed)."""
    prefixes = ["crypto ipsec ikev2 ipsec-proposal %s" % intent.proposal]
    if intent.tunnel_group:
        prefixes.append("tunnel-group %s " % intent.tunnel_group)
    if intent.p.get("group_policy"):
        prefixes.append("group-policy %s " % intent.p["group_policy"])
    if intent.p.get("tcp_mss") is not None:
        prefixes.append("sysopt connection tcpmss ")
    return prefixes


def _owned_lines(tree, intent):
    prefixes = [intent.prefix, "access-list %s " % intent.acl] + owned_prefixes(intent)
    if intent.p.get("nat_exemption"):
        prefixes += ["object-group network %s-" % intent.nat_objects, "nat (%s," % intent.p["nat_exemption"][
            "inside_interface"]]
    lines = []
    for block in tree.blocks:
        if block.parent.startswith(tuple(prefixes)) or block.parent == "crypto map %s interface %s" % (
                intent.map, intent.p.get("interface")):
            lines.append(block.parent)
            lines += [" " + c for c in block.children]
    return masked(lines)


def _apply_to_tree(tree, changes):
    """The tree as it will be once the changes are applied (the lab's semantics in small)."""
    new = tree.copy()
    for change in changes:
        current = None
        for line in change.apply:
            if line == "exit":
                current = None
            elif line.startswith(" "):
                child = line.strip()
                if current is None:
                    continue
                if child.startswith("no "):
                    current.children = [c for c in current.children if c != child[3:]]
                else:
                    key = _child_key(child)
                    current.children = [c for c in current.children if _child_key(c) != key] + [child]
            elif line.startswith("no "):
                new.blocks = [b for b in new.blocks if b.parent != line[3:]]
                new.by_parent.pop(line[3:], None)
            elif line.startswith("clear configure tunnel-group "):
                name = line.split()[3]
                new.blocks = [b for b in new.blocks if not b.parent.startswith("tunnel-group %s " % name)]
                new.by_parent = {b.parent: b for b in new.blocks}
            else:
                current = new.by_parent.get(line)
                if current is None:
                    current = Block(line)
                    if line.startswith("sysopt connection tcpmss ") and " minimum " not in line:
                        new.blocks = [b for b in new.blocks if not _is_tcp_mss(b.parent)]
                    if line.startswith("crypto map ") and " interface " not in line:
                        prefix = " ".join(line.split()[:4]) + " "
                        key = _entry_key(line, prefix)
                        new.blocks = [b for b in new.blocks
                                      if not (b.parent.startswith(prefix) and _entry_key(b.parent, prefix) == key)]
                    new.blocks.append(current)
                    new.by_parent[line] = current
    return new


def unified_diff_lines(before, after):
    """A minimal +/- listing of the tunnel's own lines."""
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    return ["- " + line for line in removed] + ["+ " + line for line in added]


def find_option_error(params) -> Optional[str]:
    """A clear message for desired states that cannot work, before anything is sent (push_options.py)."""
    return option_error(params)


def config_after(running_config, plan):
    """The config text once ``plan`` is applied (what a second run will read)."""
    return _apply_to_tree(ConfigTree(running_config), plan.changes).text()
