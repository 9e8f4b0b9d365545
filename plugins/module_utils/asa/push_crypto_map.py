# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state of one crypto map entry -> the fewest ASA commands, in a safe order, each with its undo.

The desired tunnel is rendered into the shape of the running config (push_intent.py);
only what differs is sent. Order: define before reference (ACL, proposal, IKE policy,
group-policy, tunnel-group, then the crypto map entry that names them), and for removal
unreference before delete. Every change carries the commands that undo it
(push_plan.py), so a push the device rejects midway can be rolled back to exactly the
old config.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_networks import ace_networks, networks_overlap
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_stale import stale_exemption_changes
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_config_checks import crypto_map_config_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_intent import TunnelIntent
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import (
    Block,
    Change,
    ConfigTree,
    IntentError,
    child_key,
    shown_plan,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_shared_blocks import (
    clear_tunnel_group,
    group_policy_changes,
    ikev2_enable_changes,
    is_tcp_mss,
    owned_prefixes,
    proposal_and_ike_changes,
    shared_acl_error,
    shared_proposal_error,
    tcp_mss_changes,
    tunnel_group_changes,
    unknown_nameif_error,
)


def _entry_key(line, prefix):
    """Crypto map entry lines replace each other per setting (``set peer``, ``set pfs``...)."""
    words = line[len(prefix):].split()
    if words[:2] == ["set", "security-association"]:
        return " ".join(words[:4])
    if words[:2] in (["set", "ikev2"], ["set", "ikev1"], ["match", "address"]):
        return " ".join(words[:3]) if words[:2] != ["match", "address"] else "match address"
    return " ".join(words[:2])


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
    groups, rules = wanted
    changes = [c for c in (_member_change(tree, g) for g in groups) if c]
    present = {_nat_key(b.parent) for b in tree.starting("nat ")}
    changes.extend(Change([rule], ["no " + rule]) for rule in rules if _nat_key(rule) not in present)
    return changes


def _nat_key(line):
    """A manual NAT rule without its line number (the ASA shows rules without it)."""
    words = line.split()
    if len(words) > 2 and words[2].isdigit():
        del words[2]
    return " ".join(words)


def _acl_changes(tree, acl, wanted):
    """The crypto ACL made to permit exactly the ``wanted`` lines: missing permits appended, other permits removed.
    Its deny and remark lines stay: a deny hands its traffic to a later entry (another site's tunnel) or keeps it out
    of any, and the report's proven fix leaves it alone (asa/remediation.py); review 2026-12-04: the push removed it
    and the later entry's tunnel lost that flow. A permit above a deny is not removed either: the new permits land
    below the deny (the ASA appends), so the deny would then take traffic the permit protected: refused instead."""
    prefix = "access-list %s " % acl
    current = [b.parent for b in tree.starting(prefix)]
    present, asked = set(current), set(wanted)
    added = [line for line in wanted if line not in present]
    actions = [_acl_action(line, prefix) for line in current]
    denies = [i for i, action in enumerate(actions) if action == "deny"]
    dropped = [i for i, action in enumerate(actions) if action == "permit" and current[i] not in asked]
    above = [current[i] for i in dropped if denies and i < denies[-1]]
    if above:
        raise IntentError("the crypto ACL %s has deny line(s) below permit line(s) this change removes (%s), and new "
                          "lines are added at its end, below the deny: its traffic would then leave the tunnel. Change "
                          "the ACL by hand, as the report's ASA lines do" % (acl, "; ".join(above[:3])))
    if denies and added:
        _refuse_permits_below_denies(tree, acl, prefix, [current[i] for i in denies], added)
    return [Change([line], ["no " + line]) for line in added] + \
        [Change(["no " + current[i]], [current[i]]) for i in dropped]


def _refuse_permits_below_denies(tree, acl, prefix, denies, added):
    """New permits land at the ACL's end, below its deny lines: one a deny covers (part of) is never reached, and the
    push would change nothing the peer sees (review 2026-12-04; the report's fix refuses the same, asa/remediation.py).
    Refused before anything is sent; so is a deny whose operands cannot be read here (an object not defined)."""
    for line in added:
        wanted = ace_networks(tree, line[len(prefix):].split())
        for deny in denies:
            theirs = ace_networks(tree, deny[len(prefix):].split())
            if theirs is None or wanted is None or (networks_overlap(theirs[0], wanted[0]) and networks_overlap(theirs[1], wanted[1])):
                raise IntentError("the crypto ACL %s has the deny line '%s', %s the new line '%s' (added at the ACL's "
                                  "end, below it): add it by hand above the deny (access-list %s line N ...)" % (
                                      acl, deny, "which covers" if theirs is not None else "whose networks are not "
                                      "known here and may cover", line, acl))


def _acl_action(line, prefix):
    """"permit", "deny" or "remark" (else None) of an ``access-list NAME ...`` line."""
    words = line[len(prefix):].split()
    if words[:1] == ["extended"]:
        words = words[1:]
    return words[0] if words and words[0] in ("permit", "deny", "remark") else None


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


def _refuse_unknown_nameifs(tree, intent, params):
    """Stop before any line is sent when an option names an interface the ASA has no nameif for (the binding and the
    NAT rules would name it). Not when removing: that sends no line naming an interface, and a tunnel whose interface
    was renamed since must still come off."""
    nat = params.get("nat_exemption")
    named = [("interface", params.get("interface"))]
    if nat:
        named += [("nat_exemption.outside_interface", nat.get("outside_interface"))]
        named += [("nat_exemption.inside_interface(s)", name) for name in intent.inside_interfaces]
    error = unknown_nameif_error(tree, named)
    if error:
        raise IntentError(error)


def plan_present(running_config, params):
    """The changes that make the running config hold the desired tunnel."""
    tree = ConfigTree.of(running_config)
    intent = TunnelIntent(params)
    _refuse_unknown_nameifs(tree, intent, params)
    crypto_map_config_error(tree, params)
    changes, stale, kept = [], [], []
    acl = intent.acl_lines()
    if acl is not None:
        acl_changes = _acl_changes(tree, intent.acl, acl)
        error = acl_changes and shared_acl_error(tree, intent.acl, intent.prefix.strip(), intent.prefix.strip())
        if error:
            raise IntentError(error)
        changes += acl_changes
        # the exemption of the pairs the ACL loses: removed when provably this tunnel's alone, else named (nat_stale)
        dropped = [c.apply[0][3:] for c in acl_changes if c.apply[0].startswith("no access-list ")]
        stale, kept = stale_exemption_changes(tree, intent.acl, dropped, acl) if dropped else ([], [])
    changes += proposal_and_ike_changes(tree, intent)
    entry = intent.prefix.strip()
    error = shared_proposal_error(tree, changes, intent.proposal, entry, params.get("proposal_mates") or (), entry)
    if error:
        raise IntentError(error)
    changes += group_policy_changes(tree, params.get("group_policy"))
    changes += _nat_exemption_changes(tree, intent)
    changes += stale  # after the new exemption: traffic of the new pairs is never left translated meanwhile
    changes += tcp_mss_changes(tree, params.get("tcp_mss"))
    if not intent.tunnel_group and (params.get("pre_shared_key") or params.get("group_policy")):
        intent.tunnel_group = _entry_tunnel_group(tree, intent, "pre_shared_key" if params.get("pre_shared_key")
                                                  else "group_policy")
    changes += tunnel_group_changes(tree, intent)
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
        changes += ikev2_enable_changes(tree, interface)
    plan = shown_plan(tree, changes, lambda t: _owned(t, intent), _apply_to_tree)
    plan.kept = kept
    return plan


def _entry_peers(tree, intent):
    """The peers the existing entry sets ('set peer A [B ...]'): its L2L tunnel-groups are named after them."""
    for block in tree.starting(intent.prefix):
        words = block.parent.split()
        if words[4:6] == ["set", "peer"]:
            return words[6:]
    return []


def _entry_tunnel_group(tree, intent, option):
    """The tunnel-group a key or group policy given without peer or tunnel_group goes to: the one of the entry's
    peer. Review 2026-12-05: on an existing entry, pre_shared_key with update_pre_shared_key always and no peer was
    dropped without a word, and the task said changed."""
    peers = _entry_peers(tree, intent)
    if len(peers) == 1:
        return peers[0]
    raise IntentError("%s needs the tunnel-group it goes to: give peer or tunnel_group (crypto map entry %s sets %s)"
                      % (option, intent.prefix.strip(), "peers " + " ".join(peers) if peers else "no peer"))


def plan_absent(running_config, params):
    """The changes that remove the tunnel's own lines: entry first, then what only it used."""
    tree = ConfigTree.of(running_config)
    intent = TunnelIntent(params)
    changes = []
    entry = [b.parent for b in tree.starting(intent.prefix)]
    if not intent.tunnel_group:
        peers = _entry_peers(tree, intent)
        intent.tunnel_group = peers[0] if peers else None
    if not params.get("acl"):
        # the ACL the entry matches, not the name a new entry would get (review C2: an entry's own uksouth-s2s-acl
        # was left behind while CRYPTO-MAP-2-vpnalign, which did not exist, was looked for)
        intent.acl = _entry_acl(entry, intent.prefix) or intent.acl
    # "match address" last: removing it first would leave an entry the ASA rejects lines for.
    entry.sort(key=lambda line: _entry_key(line, intent.prefix) == "match address")
    for line in entry:
        changes.append(Change(["no " + line], [line]))
    # any other line naming the ACL keeps it: another entry (static or dynamic), an access-group, a class-map, a
    # vpn-filter, a route-map, NAT. Review 2026-12-05: a substring test kept AZ-ACL for "match address AZ-ACL2" and
    # deleted an ACL an access-group applied.
    acl_lines = tree.starting("access-list %s " % intent.acl)
    users = tree.acl_users_anywhere(intent.acl) - {intent.prefix.strip()} if entry and acl_lines else set()
    if entry and not users:
        for block in acl_lines:
            changes.append(Change(["no " + block.parent], [block.parent]))
    kept = ["access-list %s kept: still named by %s" % (intent.acl, "; ".join(sorted(users)))] if users else []
    # The tunnel-group last: the ASA shows its keys masked, so an undo could put them back only with
    # pre_shared_key given; nothing after it can be rejected and need that undo.
    if intent.tunnel_group and tree.get("tunnel-group %s type ipsec-l2l" % intent.tunnel_group) is not None:
        changes.append(clear_tunnel_group(tree, intent.tunnel_group, params.get("pre_shared_key")))
    plan = shown_plan(tree, changes, lambda t: _owned(t, intent), _apply_to_tree)
    plan.kept = kept
    return plan


def _entry_acl(entry, prefix):
    """The ACL the entry's ``match address`` line names, or None."""
    for line in entry:
        words = line[len(prefix):].split()
        if words[:2] == ["match", "address"] and len(words) > 2:
            return words[2]
    return None


# --------------------------------------------------------------------------
# Before/after of the tunnel's own lines (for diff)
# --------------------------------------------------------------------------
def _owned(tree, intent):
    """The blocks of the tunnel's own lines, in config order."""
    prefixes = [intent.prefix, "access-list %s " % intent.acl] + owned_prefixes(intent)
    if intent.p.get("nat_exemption"):
        prefixes += ["object-group network %s-" % intent.nat_objects]
        prefixes += ["nat (%s," % inside for inside in intent.inside_interfaces]
    return tree.selected(prefixes, ["crypto map %s interface %s" % (intent.map, intent.p.get("interface"))])


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
                    key = child_key(child)
                    current.children = [c for c in current.children if child_key(c) != key] + [child]
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
                        new.blocks = [b for b in new.blocks if not is_tcp_mss(b.parent)]
                    if line.startswith("crypto map ") and " interface " not in line:
                        prefix = " ".join(line.split()[:4]) + " "
                        key = _entry_key(line, prefix)
                        new.blocks = [b for b in new.blocks
                                      if not (b.parent.startswith(prefix) and _entry_key(b.parent, prefix) == key)]
                    new.blocks.append(current)
                    new.by_parent[line] = current
    return new


def config_after(running_config, plan):
    """The config text once ``plan`` is applied (what a second run will read)."""
    return _apply_to_tree(ConfigTree(running_config), plan.changes).text()
