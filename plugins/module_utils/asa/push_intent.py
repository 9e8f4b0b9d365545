# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The desired state of one tunnel rendered as ASA lines: its ACL, ESP proposal, IKEv2 policy,
crypto map entry settings and NAT exemption (push_crypto_map.py plans them, push_vti.py reuses them).

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import invented_names, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.proposals import new_policy_priority, policy_suite
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import Block, IntentError


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


def acl_operand(network):
    """``network`` as an ACL operand (any4, host A, address mask, or the IPv6 prefix)."""
    if network.prefixlen == 0:
        return "any4" if network.version == 4 else "any6"
    if network.num_addresses == 1:
        return "host %s" % network.network_address
    if network.version == 4:
        return "%s %s" % (network.network_address, network.netmask)
    return str(network)


def network_object(network):
    """``network`` as the operand of an object-group's ``network-object``: host A, address mask, or the
    IPv6 prefix. any/any4/any6 are ACE keywords, not network-object forms (the forms our own parser reads,
    asa/parser/objects.py: host, object, prefix/length, address mask), so /0 is written out."""
    if network.prefixlen == network.max_prefixlen:
        return "host %s" % network.network_address
    if network.version == 6:
        return str(network)
    return "%s %s" % (network.network_address, network.netmask)


def inside_nameifs(nat):
    """The inside nameifs of a nat_exemption option (inside_interfaces, else inside_interface); [] when neither."""
    if nat.get("inside_interfaces") is not None:
        return list(nat["inside_interfaces"])
    return [nat["inside_interface"]] if nat.get("inside_interface") is not None else []


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
            "access-list %s extended permit ip %s %s" % (self.acl, acl_operand(_net(a)), acl_operand(_net(b)))
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
            "lifetime seconds %d" % (ike.get("lifetime_seconds") or tables.IKEV2_POLICY_LIFETIME_SECONDS.value),
        ]
        # The IKE policy is shared by every tunnel: reuse one that already says this (its lifetime too when the intent
        # gives one), otherwise add a new one and leave the others alone. Without a lifetime asked, a policy of the
        # same suite is what the intent asks: a new one after it would never be chosen (review L, finding 2). Where a
        # new one is placed and what it changes for every tunnel of the ASA is proven by the check
        # (align_intent.tunnel_refusals, proof_others.new_policy_refusal) before this runs.
        wanted = policy_suite(children)
        if not ike.get("lifetime_seconds"):
            wanted.pop("lifetime")
        for block in tree.starting("crypto ikev2 policy "):
            found = policy_suite(block.children)
            if {key: found.get(key) for key in wanted} == wanted:
                return None
        priority = ike.get("priority")
        if priority and tree.get("crypto ikev2 policy %d" % priority) is not None:
            # every tunnel whose peer offers it may use that policy: editing it could weaken them all
            raise IntentError("ike.priority %d: crypto ikev2 policy %d exists with other settings; shared IKE policies "
                              "are never edited: give a free priority or leave priority out (a free one is chosen)"
                              % (priority, priority))
        if len(list(tree.starting("crypto ikev2 policy "))) >= tables.MAX_IKE_POLICIES:
            raise IntentError("the ASA holds %d IKEv2 policies, the most it takes: a new one for this suite would be "
                              "refused; change a policy no tunnel uses by hand" % tables.MAX_IKE_POLICIES)
        return Block("crypto ikev2 policy %d" % (priority or _free_priority(tree)), children)

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
        """(object-group blocks, the identity twice-NAT rules) that keep the tunnel's traffic untranslated,
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
            members.extend("network-object %s" % network_object(_net(cidr)) for cidr in networks)
            name = self._free_group(tree, "%s-%s" % (self.nat_objects, side.upper()), members)
            groups.append(Block("object-group network %s" % name, members))
        local, remote = (g.parent.split()[2] for g in groups)
        # Line 1: before the manual rules already there (a PAT rule there would translate the traffic first).
        # One rule per inside interface: a rule applies to traffic entering its real interface only.
        rules = ["nat (%s,%s) 1 source static %s %s destination static %s %s no-proxy-arp route-lookup" % (
            inside, outside, local, local, remote, remote) for inside in self.inside_interfaces]
        return groups, rules

    def _free_group(self, tree, name, members):
        """``name``, or ``name-2``, ``name-3``...: the first the device does not hold or holds with ``members``, as the
        report's fix names it. A group of that name with other members may be another rule's: rewritten, it would take
        that traffic out of its exemption (review 2026-12-06: align rewrote another rule's groups where the report
        showed -2 ones); an object network of that name shares its namespace."""
        return invented_names.first_usable(name, lambda candidate: _group_usable(tree, candidate, members))

    @property
    def inside_interfaces(self):
        """The nameifs the NAT exemption applies to (nat_exemption.inside_interface or inside_interfaces)."""
        inside = inside_nameifs(self.p.get("nat_exemption") or {})
        if not inside:
            raise IntentError("nat_exemption needs inside_interface or inside_interfaces")
        return inside

    @property
    def nat_objects(self):
        """Object-group names: the ones the check's remediation names (asa/remediation.py)."""
        return "VPNALIGN-%s-%s" % (self.map, self.seq)

    def pfs_managed(self):
        """None: leave PFS as it is; 0: no PFS; N: PFS group N."""
        return self.p.get("pfs_group") is not None


def _group_usable(tree, name, members):
    """Whether ``name`` is free for a network object-group of ``members``: absent, or holding exactly them (the names
    the report's fix takes, asa/invented_names.py; who else uses a group of other members cannot be told apart from
    this tunnel's own earlier exemption, so neither is changed)."""
    if tree.get("object network %s" % name) is not None or any(
            block.parent.split()[2:3] == [name] for block in tree.starting("object-group ")
            if not block.parent.startswith("object-group network ")):
        return False
    block = tree.get("object-group network %s" % name)
    return block is None or sorted(c for c in block.children if not c.startswith("description ")) == sorted(members)


def _group(value):
    group = int(value)
    if group not in tables.DH_GROUPS:
        raise IntentError("DH group %s is not one the ASA knows (%s)" % (value, sorted(tables.DH_GROUPS)))
    return group


def _free_priority(tree):
    return new_policy_priority({int(b.parent.split()[3]) for b in tree.starting("crypto ikev2 policy ")
                                if b.parent.split()[3].isdigit()})
