# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What protects a tunnel, the same for a crypto map entry and a VTI's ipsec profile (the
``holder``): its proposals or transform-sets, the peer's tunnel-group and group-policy, the
IKE versions, IKE and Child SA proposals, PFS and lifetimes; then authentication, DPD and
TCP MSS. The end modules keep what is their own (crypto ACL and NAT; tunnel interface,
routes and BGP)."""

from dataclasses import dataclass
from typing import Any, Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import invented_names, peer, proposals, tables, versions
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import VersionProposals


@dataclass
class Protection:
    holder: Any  # CryptoMapEntry or IpsecProfile
    peers: list
    group: Any  # TunnelGroup or None
    policy_name: str
    protocols: Optional[tuple]
    versions: tuple
    version: int
    pfs_group: Optional[int]
    ike_proposals: list
    ike_lifetime: Any
    lifetimes: list
    child_proposals: list
    child_lifetime: Any
    lifetime_from: dict
    versions_source: tuple = ()
    other_version: Any = None  # VersionProposals of the other IKE version when the holder is set for both

    def ref(self, ctx, interface, assumptions):
        """The ref keys both kinds of end carry; ``interface`` is the nameif IKE runs on."""
        config = ctx.config
        policies = ctx.policy_refs
        if policies is None:  # the config's, once for all its ends (issue 12); each ref gets its own lists
            policies = ctx.policy_refs = (sorted(config.ikev2_policies), sorted(config.ikev1_policies))
        invented = ctx.invented_names
        if invented is None:
            invented = ctx.invented_names = invented_names.held(config)
        found = {
            "peer": self.peers[0],
            "peers": list(self.peers),
            "tunnel_group": self.group.name if self.group is not None else None,
            "group_policy": self.policy_name,
            "ipsec_proposals": list(self.holder.ikev2_proposals),
            "transform_sets": list(self.holder.transform_sets),
            "ikev2_policies": list(policies[0]),
            "ikev1_policies": list(policies[1]),
            "ike_policy_lifetimes": self.lifetimes,
            "pfs_line_present": self.holder.pfs_present,
            "ikev2_enabled": interface in config.ikev2_enabled,
            "ikev1_enabled": interface in config.ikev1_enabled,
            "vpn_tunnel_protocols": list(self.protocols) if self.protocols is not None else None,
            "child_lifetime_from": self.lifetime_from,
            "tcpmss_line_present": config.tcp_mss_line is not None,
            "assumptions": assumptions,
        }
        if invented:
            found["invented_names"] = invented
        if config.dynamic_maps:
            # peers no end stands for negotiate with the ASA's global IKE policies too (proof_others.NewPolicyProof)
            found["dynamic_peers"] = ["crypto dynamic-map %s %s" % (crypto_map.name, seq)
                                      for crypto_map in config.dynamic_maps.values() for seq in crypto_map.entries]
        shared = _shared_proposals(ctx, self.holder)
        if shared:
            found["shared_ipsec_proposals"] = shared
        return found

    def end_fields(self, ctx, origin, assumptions):
        """TunnelEnd keyword arguments. Authentication's findings come last, after the end's own."""
        return dict(
            ike_versions=self.versions,
            ike_versions_source=self.versions_source,
            ike_proposals=self.ike_proposals,
            child_proposals=self.child_proposals,
            pfs_group=self.pfs_group,
            ike_lifetime=self.ike_lifetime,
            child_lifetime=self.child_lifetime,
            auth=peer.auth(ctx, origin, self.group, self.version),
            dpd=peer.dpd(self.group, assumptions),
            tcp_mss=peer.tcp_mss(ctx.config, assumptions),
            tcp_mss_source=peer.tcp_mss_source(ctx.config),
            proposals_version=self.version,
            other_version=self.other_version,
        )


def _proposal_users(config):
    """{ipsec-proposal name: [(what names it: "crypto map M N", "crypto dynamic-map M N", "crypto ipsec profile P",
    its holder)]} of the config."""
    users = {}
    for kind, maps in (("crypto map", config.crypto_maps), ("crypto dynamic-map", config.dynamic_maps)):
        for crypto_map in maps.values():
            for seq, entry in crypto_map.entries.items():
                for name in entry.ikev2_proposals:
                    users.setdefault(name, []).append(("%s %s %s" % (kind, crypto_map.name, seq), entry))
    for profile in config.ipsec_profiles.values():
        for name in profile.ikev2_proposals:
            users.setdefault(name, []).append(("crypto ipsec profile %s" % profile.name, profile))
    return users


_OTHERS_NAMED = 3


def _shared_proposals(ctx, holder):
    """{name: {"users": [what else names it], "content": its ``protocol esp`` keywords}} of the holder's IKEv2
    ipsec-proposals that another crypto map entry or profile names too (align_to intent gives the end a proposal of its
    own rather than rewrite one of those: align_intent.own_intent_proposal); {} when none is."""
    users = ctx.proposal_users
    if users is None:  # once per config (issue 12)
        users = ctx.proposal_users = _proposal_users(ctx.config)
    out = {}
    for name in holder.ikev2_proposals:
        named_by = users.get(name, ())
        # a few of the others and their count: one proposal for a hub's thousands of entries is common, and every
        # entry listing all the others was quadratic (issue 12; the 100k-line benchmark's adapter took twice as long)
        others = []
        for label, other in named_by:
            if other is not holder:
                others.append(label)
                if len(others) == _OTHERS_NAMED:
                    break
        if others:
            proposal = ctx.config.ipsec_proposals.get(name)
            # the holder names it too, so it is in the list: the others are the rest
            out[name] = {"users": others, "users_total": max(len(named_by) - 1, len(others)),
                         "content": invented_names.proposal_content(proposal.encryption, proposal.integrity)
                         if proposal is not None else None}
    return out


def protection(ctx, origin, holder, ike_interface, peers, peer_address, peer_line, lifetime_label, deps, assumptions,
               unknowns):
    """``holder``: crypto map entry or ipsec profile; ``ike_interface``: the nameif its IKE
    versions are checked on (None: not known); ``peers``: the peer names, the first decides
    the tunnel-group; ``lifetime_label``: what an own lifetime is recorded as."""
    config = ctx.config
    if ctx.keep_dependencies:  # else ``deps`` keeps nothing: its keys are not made (issue 12)
        deps.update({("sysopt", "tcpmss", None), ("group-policy", tables.DFLT_GRP_POLICY, None)})
        deps.update(("ipsec-proposal", n, None) for n in holder.ikev2_proposals)
        deps.update(("transform-set", n, None) for n in holder.transform_sets)
        if holder.ikev2_proposals:
            deps.add(("crypto-enable", "ikev2", None))
        if holder.transform_sets:
            deps.add(("crypto-enable", "ikev1", None))

    group = peer.tunnel_group(ctx, origin, peers[0], peer_address, [peer_line], deps)
    if group is None:
        # Masked peer: cannot tell. Missing tunnel-group: PEER_NOT_FOUND says it already.
        unknowns.append("auth")
    policy_name, protocols, protocols_line = peer.tunnel_protocols(config, group, deps, assumptions)
    versions = proposals.ike_versions(ctx, ike_interface, holder, protocols, origin.name)
    versions_source = proposals.versions_source(ctx, ike_interface, holder, protocols, protocols_line, versions)
    if protocols is None:
        unknowns.append("ike_versions")
    version = proposals.proposal_version(versions, holder)

    pfs_group = proposals.pfs_group(holder, assumptions, unknowns)
    if pfs_group is not None and holder.pfs_group is None and bare_pfs_unknown(ctx, origin, holder):
        unknowns.append("pfs_group")
        pfs_group = None
    ike_proposals, ike_lifetime, lifetimes = _ike_proposals(ctx, version, deps, assumptions, unknowns, group)
    child_proposals = proposals.child_proposals(config, version, holder, pfs_group, unknowns, ctx.child_parts_made)
    child_lifetime, lifetime_from = proposals.child_lifetime(config, holder.lifetime, lifetime_label, deps)
    other_version = None
    if holder.transform_sets and holder.ikev2_proposals:  # set for both versions: what the other one negotiates
        other_version = _version_parts(ctx, origin, holder, group, 3 - version, pfs_group, deps, assumptions)
    return Protection(
        holder, peers, group, policy_name, protocols, versions, version, pfs_group, ike_proposals, ike_lifetime,
        lifetimes, child_proposals, child_lifetime, lifetime_from, versions_source, other_version,
    )


def bare_pfs_unknown(ctx, origin, holder):
    """Whether a bare ``set pfs`` is on a release that no longer has the group it is assumed to mean
    (tables.PFS_GROUP_WITHOUT_NUMBER, group 2, removed by 9.16(1): versions.REMOVED): the group it sends is then not
    known, and PFS is not judged, rather than failing the tunnel on a group the release cannot use (review 2026-12-06).
    Says so once per line."""
    release = versions.parse_version(ctx.config.version)
    row = versions.REMOVED["dh"].get(tables.PFS_GROUP_WITHOUT_NUMBER.value)
    if release is None or row is None or release < row.release:
        return False
    line = holder.pfs_line
    ctx.add_once(
        "UNSUPPORTED_CONSTRUCT", WARNING,
        "Line %d: 'set pfs' names no group, on ASA %s: the group it stands for is not documented, and group %d, which "
        "it is assumed to mean on earlier releases, was removed by %s, so which group this end sends at a rekey is "
        "not known and PFS is not checked. Name the group the peer uses." % (
            line.line, ctx.config.version, tables.PFS_GROUP_WITHOUT_NUMBER.value, versions.release_text(row.release)),
        ctx.evidence({"tunnel": origin.name}, [ctx.config.version_line, line]),
        ["! %s: name the group, e.g. 'set pfs group14' or 'set pfs group19', as the peer has it" % line.text],
        [origin.name])
    return True


def _version_parts(ctx, origin, holder, group, version, pfs_group, deps, assumptions):
    """The proposals, lifetime and authentication of IKE ``version`` of a holder set for both versions, the one its
    end's own fields do not hold: what it negotiates with a peer of that version only (an Azure connection with
    connectionProtocol IKEv1), or once a fix allows that version (model.for_version). A missing key of that version
    is no finding of the config here: it is one only where that version negotiates, and the engine says it there."""
    unknowns = []
    if group is None:
        unknowns.append("auth")
    ike, ike_lifetime, lifetimes = _ike_proposals(ctx, version, deps, assumptions, unknowns, group)
    child = proposals.child_proposals(ctx.config, version, holder, pfs_group, unknowns, ctx.child_parts_made)
    return VersionProposals(version, ike, child, ike_lifetime, peer.auth(ctx, origin, group, version, report=False),
                            {"ike_policy_lifetimes": lifetimes}, tuple(unknowns))


def _ikev1_method(group):
    """How a tunnel-group authenticates with IKEv1 ("psk", "certificate"; None: neither is set, a finding of its
    own)."""
    if group is None:
        return None
    return "psk" if group.ikev1_psk else ("certificate" if group.ikev1_trustpoint else None)


def _ike_proposals(ctx, version, deps, assumptions, unknowns, group):
    """``proposals.ike_proposals``, made once per IKE version and IKEv1 method for all the config's tunnels (they
    depend on the global policies only; issue 12): what it adds to ``deps``, ``assumptions`` and
    ``unknowns`` is added again for each, the lists are each tunnel's own copies."""
    ikev1_method = _ikev1_method(group) if version == 1 else None  # the method decides which IKEv1 policies match
    key = (version, ikev1_method)
    made = ctx.ike_proposals_made.get(key)
    if made is None:
        own_deps, own_assumptions, own_unknowns = set(), [], []
        found = proposals.ike_proposals(ctx.config, version, own_deps, own_assumptions, own_unknowns, ikev1_method)
        made = ctx.ike_proposals_made[key] = (found, own_deps, own_assumptions, own_unknowns)
    (found, lifetime, lifetimes), own_deps, own_assumptions, own_unknowns = made
    deps.update(own_deps)
    assumptions.extend(own_assumptions)
    unknowns.extend(own_unknowns)
    return list(found), lifetime, [list(pair) for pair in lifetimes]
