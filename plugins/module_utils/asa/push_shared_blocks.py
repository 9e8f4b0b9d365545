# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Changes to the blocks a crypto map entry and a VTI end both plan the same way: the ESP proposal and
the IKE policy (and the IKEv1 policies of another authentication), the group-policy, the tunnel-group (with its pre-shared key), the global TCP MSS clamp,
IKEv2 on the interface the tunnel leaves by, and the lines both list as theirs; the nameifs both name.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import ikev1_auth, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.names import quoted
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import (
    MASK,
    PSK_PLACEHOLDER,
    Block,
    Change,
    block_change,
    restore_lines,
)


def proposal_and_ike_changes(tree, intent):
    """The ESP proposal, then the IKE policy (each when the intent has one): a change each where the
    running config differs; then the IKEv1 policies ``ikev1_authentication`` adds (asa/ikev1_auth.py)."""
    changes = []
    for block in (intent.proposal_block(), intent.ike_block(tree)):
        if block is not None:
            change = block_change(tree, block)
            if change:
                changes.append(change)
    return changes + ikev1_auth.changes(tree, intent.p.get("ikev1_authentication"))


def ikev2_enable_changes(tree, interface):
    """``crypto ikev2 enable`` on ``interface`` unless the config has it."""
    enable = "crypto ikev2 enable %s" % interface
    return [] if tree.get(enable) is not None else [Change([enable], ["no " + enable])]


def is_tcp_mss(line):
    return line.startswith("sysopt connection tcpmss ") and line.split()[3:4] != ["minimum"]


def tcp_mss_changes(tree, mss):
    """``sysopt connection tcpmss`` is global: one value for every tunnel and interface."""
    if mss is None:
        return []
    prefix = "sysopt connection tcpmss "
    current = [b.parent for b in tree.starting(prefix) if is_tcp_mss(b.parent)]
    want = prefix + "%d" % mss
    if current == [want] or (not current and mss == tables.TCP_MSS_DEFAULT.value):
        return []
    return [Change([want], [current[0]] if current else ["no " + want])]


def _tunnel_protocols(tree, gp):
    """The words of the ``vpn-tunnel-protocol`` line group-policy ``gp`` has, or inherits from DfltGrpPolicy (as
    asa/peer.tunnel_protocols reads them); None when neither has one (the ASA's default then: tables)."""
    for name in (gp, tables.DFLT_GRP_POLICY):
        block = tree.get("group-policy %s attributes" % name)
        for child in block.children if block is not None else ():
            if child.startswith("vpn-tunnel-protocol "):
                return child.split()[1:]
    return None


def group_policy_changes(tree, gp):
    """The group-policy a tunnel-group names, allowing IKEv2: a new one allows IKEv2 only; an existing one keeps every
    protocol it allows (other tunnels and remote-access users may share it) and gets IKEv2 added when it lacks it."""
    if not gp:
        return []
    # DfltGrpPolicy is never printed as "internal" yet always exists: never created, never cleared (option_error
    # refuses it as an option; this keeps any other caller from planning "clear configure" of it)
    if tree.get("group-policy %s internal" % gp) is None and gp != tables.DFLT_GRP_POLICY:
        return [Change(["group-policy %s internal" % gp], ["clear configure group-policy %s" % gp]),
                block_change(tree, Block("group-policy %s attributes" % gp, ["vpn-tunnel-protocol ikev2"]))]
    protocols = _tunnel_protocols(tree, gp)
    allowed = tables.DEFAULT_TUNNEL_PROTOCOLS.value if protocols is None else protocols
    if "ikev2" in (word.lower() for word in allowed):
        return []
    change = block_change(tree, Block("group-policy %s attributes" % gp, ["vpn-tunnel-protocol %s" % " ".join(
        list(protocols) + ["ikev2"])]), replace_children=False)
    return [change] if change else []


def tunnel_group_changes(tree, intent):
    name = intent.tunnel_group
    if not name:
        return []
    changes = []
    # the built-in groups may be printed without a type line and cannot be deleted: never created, never cleared
    created = tree.get("tunnel-group %s type ipsec-l2l" % name) is None and name not in tables.DEFAULT_TUNNEL_GROUPS
    if created:
        changes.append(Change(["tunnel-group %s type ipsec-l2l" % name], ["clear configure tunnel-group %s" % name]))
    if intent.p.get("group_policy"):
        block = Block("tunnel-group %s general-attributes" % name, ["default-group-policy %s" % intent.p["group_policy"]])
        change = block_change(tree, block, replace_children=False)
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


def unknown_nameif_error(tree, wanted):
    """Why the plan cannot go on: the first of ``wanted`` ((option, nameif) pairs) that no interface of the config is
    named; None when each is, or when the config names none (a part of a config given as running_config). A name is
    taken only as the config spells it: what else the plan compares it with (the crypto map an interface is bound
    to, the NAT rules) compares it exactly, and whether the ASA folds case in a nameif is not documented where we
    could read it; a name that differs in case only is refused with the config's spelling."""
    known = tree.nameifs()
    for option, name in wanted:
        if name is None or not known or name in known:
            continue
        folded = name.lower()
        spelled = sorted(other for other in known if other.lower() == folded)
        if spelled:
            return "%s: no interface of the ASA is named %s; it has %s (give the nameif as the running config " \
                   "spells it)" % (option, quoted(name), " and ".join(quoted(other) for other in spelled))
        listed = sorted(known)
        return "%s: no interface of the ASA is named %s (its nameifs: %s)" % (
            option, quoted(name), ", ".join(listed[:20]) + (", ..." if len(listed) > 20 else ""))
    return None


def crypto_users(tree):
    """{("profile", name): the interfaces protected by it, ("proposal", name): the profiles and crypto map entries
    naming it} (headers; a crypto map entry as "crypto map M N", a dynamic one as "crypto dynamic-map D N"), from one
    pass over those sections. Asked through
    ``tree.memo("crypto users", crypto_users)``: once per tree, not once per end of a hub."""
    users = {}
    for block in tree.starting("interface "):
        for child in block.children:
            words = child.split()
            if words[:4] == ["tunnel", "protection", "ipsec", "profile"] and len(words) > 4:
                users.setdefault(("profile", words[4]), set()).add(block.parent)
    for block in tree.starting("crypto ipsec profile "):
        for child in block.children:
            words = child.split()
            if words[:3] == ["set", "ikev2", "ipsec-proposal"]:
                for name in words[3:]:
                    users.setdefault(("proposal", name), set()).add(block.parent)
    for start in ("crypto map ", "crypto dynamic-map "):
        # a dynamic map's entry (ASDM's SYSTEM_DEFAULT_CRYPTO_MAP) serves remote-access and dynamic peers
        for block in tree.starting(start):
            words = block.parent.split()
            if words[4:7] == ["set", "ikev2", "ipsec-proposal"]:
                for name in words[7:]:
                    users.setdefault(("proposal", name), set()).add(" ".join(words[:4]))
    return users


class AclUsers(object):
    """{ACL name: the crypto map entries ("crypto map M N", "crypto dynamic-map D N") matching it, the ``access-group``
    lines and the ``class-map`` blocks (match access-list) naming it}, from one pass over those lines once per tree
    (``tree.memo("acl users", AclUsers)``) and carried to a batch's next tree in the time of the blocks it changed:
    every end whose crypto ACL changes asks (a pass per end: 15 ms an end of a batch at 1,000 crypto map entries)."""

    def __init__(self, tree=None):
        self.users = {}  # ACL name -> {user: how many of its lines name the ACL}
        for start in ("crypto map ", "crypto dynamic-map ", "access-group ", "class-map "):
            for block in tree.starting(start) if tree is not None else ():
                self._count(block, 1)

    def get(self, acl, default=None):
        found = self.users.get(acl)
        return set(found) if found else default

    def carried(self, gone, added):
        """This index for the tree ``ConfigTree.replaced`` makes: copied, the old one untouched."""
        starts = ("crypto map ", "crypto dynamic-map ", "access-group ", "class-map ")
        gone = [b for b in gone if b.parent.startswith(starts)]
        added = [b for b in added if b.parent.startswith(starts)]
        if not gone and not added:
            return self
        new = AclUsers()
        new.users = dict(self.users)
        for block in gone:
            new._count(block, -1)
        for block in added:
            new._count(block, 1)
        return new

    def _count(self, block, step):
        for acl, user in _acl_uses(block):
            users = dict(self.users.get(acl, {}))  # a new dict: a carried copy shares the old
            users[user] = users.get(user, 0) + step
            if users[user] <= 0:
                del users[user]
            self.users[acl] = users


def _acl_uses(block):
    """(ACL name, user) of the lines of ``block`` that name an ACL as acl_users counts them."""
    words = block.parent.split()
    if block.parent.startswith(("crypto map ", "crypto dynamic-map ")):
        return [(words[6], " ".join(words[:4]))] if words[4:6] == ["match", "address"] and len(words) > 6 else []
    if block.parent.startswith("access-group "):
        return [(words[1], block.parent)] if len(words) > 1 else []
    if block.parent.startswith("class-map "):
        return [(child.split()[2], block.parent) for child in block.children
                if child.split()[:2] == ["match", "access-list"] and len(child.split()) > 2]
    return []


def shared_acl_error(tree, acl, own, tunnel):
    """Why changing crypto ACL ``acl`` for crypto map entry ``own`` ("crypto map M N") would change what another
    entry or an access-group matches, or None (review 2026-12-04: a DR entry's selectors widened with the Azure
    tunnel's; the proofs judge this tunnel's selectors only)."""
    others = sorted(tree.memo("acl users", AclUsers).get(acl, set()) - {own})
    if not others:
        return None
    return ("access-list %s is also matched by %s: changing it for %s would change that traffic too; give %s an ACL "
            "of its own (acl)" % (acl, ", ".join(others), tunnel, tunnel))


def shared_proposal_error(tree, changes, proposal, own, mates, tunnel):
    """Why ``changes`` would rewrite ESP proposal ``proposal`` that another tunnel names too, or None. ``own``: the
    user that is this tunnel (its profile, or its crypto map entry "crypto map M N"); ``mates``: users in the same
    batch that ask the same of it. Review 2026-12-04: both Azure tunnels' proposal was rewritten to a third's."""
    header = "crypto ipsec ikev2 ipsec-proposal %s" % proposal
    if tree.get(header) is None or not any(c.apply and c.apply[0] == header for c in changes):
        return None
    others = sorted(tree.memo("crypto users", crypto_users).get(("proposal", proposal), set()) - {own} - set(mates))
    if not others:
        return None
    return ("ESP proposal %s is also named by %s: changing it for %s would change those tunnels' ESP too; give %s "
            "its own ipsec_proposal" % (proposal, ", ".join(others), tunnel, tunnel))
