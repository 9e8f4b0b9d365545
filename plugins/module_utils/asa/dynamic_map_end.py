# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The crypto of a dynamic crypto map entry, as a TunnelEnd with no peer yet: what the ASA negotiates with whichever
peer it answers through ``crypto map M S ipsec-isakmp dynamic D`` (one end per entry of D, lowest sequence number
first).

A dynamic crypto map entry is "a crypto map entry without all the parameters configured"; "a dynamic crypto map
requires only the transform-set parameter" (the IKEv1 transform-set or IKEv2 ipsec-proposal); it may also carry
``match address``, ``set pfs`` and ``set security-association lifetime`` (ASA_VPN_GUIDE_92_DYNAMIC_MAPS: Cisco ASA
Series CLI Configuration Guide 9.x, "Configuring IPsec and ISAKMP", "Using Dynamic Crypto Maps",
https://www.cisco.com/c/en/us/td/docs/security/asa/asa92/configuration/vpn/asa-vpn-cli/vpn-ike.html; verified).
Its IKE proposals are the ASA's global IKE policies, as for a static entry.

PFS: an entry without ``set pfs`` is modelled as a static entry without it is, refusing a CREATE_CHILD_SA that carries
KE ("peer sent group 19, local policy prefers group 0": the seed case's IKEv2 debug of an ASA responder,
/work/shared/cases/seed-asa-azure-pfs/debug_crypto_ikev2.txt). The PIX 6 command reference ("crypto dynamic-map",
http://setgetweb.com/p/network/crypto_dynamic-map.html) says, of IKEv1, "If the local configuration does not specify
PFS, it will accept any offer of PFS from the peer"; no Cisco text read here says so of an IKEv2 dynamic entry
(verified: false), so the finding this gives says what the entry lacks and its fix (``set pfs`` of the peer's
group) holds whichever is true.

The tunnel-group is the peer's: the ASA picks it by the peer's IKE identity, its own (named after its address) else
DefaultL2LGroup (parser.crypto_maps.l2l_groups), so the end itself holds no authentication (``auth`` in unknowns) nor
DPD. Each group a peer may land in is in ref ``peer_groups`` (with ``peer_groups_total``): its authentication for the
entry's IKE version, its DPD (isakmp keepalive) and the config findings of its authentication (a direction without
a method, local and remote keys that differ), as a static entry's tunnel-group gives them (peer.auth, peer.dpd);
compat picks the group of the peer it answers (pairing_dynamic_map; review s49: a dynamic-map tunnel whose group had
no key, or certificates only, passed unjudged). Not known here: NAT of the traffic (whose networks depend on the peer
when the entry has no ``match address``). Without ``match address`` the entry takes the selectors the peer proposes
(``accepts_any_selectors``; its own are None: it never initiates).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import peer, proposals
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import UNKEPT, AdapterContext, Origin
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_acl import traffic_selectors
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.crypto_maps import GROUPS_KEPT, l2l_groups
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.protection import Protection, bare_pfs_unknown
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.versions import check_versions
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import MODE_RESPONDER_ONLY, ConfigLine, Dpd, PeerAuth, TunnelEnd, VersionProposals


def dynamic_map_ends(config, host=None):
    """([TunnelEnd] of each entry of each dynamic map a bound crypto map entry uses, the adapter's findings about
    them, each scoped to its end's name)."""
    if not config.dynamic_maps:
        return [], []
    ctx = AdapterContext(config, host)
    ends = []
    for crypto_map in config.crypto_maps.values():
        for seq in sorted(crypto_map.entries):
            entry = crypto_map.entries[seq]
            dynamic = config.dynamic_maps.get(entry.dynamic_map) if entry.dynamic_map else None
            if dynamic is None:
                continue  # no dynamic entry, or one never defined (UNDEFINED_REFERENCE of the parser)
            for dynamic_seq in sorted(dynamic.entries):
                ends.append(_template(ctx, crypto_map, entry, dynamic.entries[dynamic_seq]))
    # what the release removed is not what the entry offers or takes, and no fix brings it back (ASA_VERSION_UNSUPPORTED
    # naming the entry), as for a static entry (asa/adapter.py; release table: versions.REMOVED)
    check_versions(ctx, ends)
    return ends, ctx.findings


def dynamic_end_name(dynamic_map, seq):
    """The name of the end of ``crypto dynamic-map <dynamic_map> <seq>``; the scope of its findings."""
    return "dynamic-map %s %s" % (dynamic_map, seq)


def _versions(config, nameif, holder, protocols):
    """The IKE versions the entry negotiates on ``nameif`` (proposals.ike_versions without its IKEV2_NOT_ENABLED
    record: that finding names the tunnels the static entries make)."""
    allowed = protocols if protocols is not None else ("ikev1", "ikev2")
    versions = []
    if holder.transform_sets and nameif in config.ikev1_enabled and "ikev1" in allowed:
        versions.append(1)
    if holder.ikev2_proposals and nameif in config.ikev2_enabled and "ikev2" in allowed:
        versions.append(2)
    return tuple(versions)


def _template(ctx, crypto_map, parent, holder):
    config = ctx.config
    name = dynamic_end_name(holder.map_name, holder.seq)
    origin = Origin(name, {"dynamic_map": holder.map_name, "seq": holder.seq},
                    "Dynamic crypto map entry %s %d" % (holder.map_name, holder.seq))
    unknowns, assumptions = ["auth"], []
    nameif = crypto_map.interface
    policy_name, protocols, protocols_line = peer.tunnel_protocols(config, None, UNKEPT, assumptions)
    versions = _versions(config, nameif, holder, protocols)
    version = proposals.proposal_version(versions, holder)
    pfs_group = proposals.pfs_group(holder, assumptions, unknowns)
    if pfs_group is not None and holder.pfs_group is None and bare_pfs_unknown(ctx, origin, holder):
        unknowns.append("pfs_group")  # a bare 'set pfs' on a release without the group it is assumed to mean
        pfs_group = None
    ike, ike_lifetime, lifetimes = proposals.ike_proposals(config, version, UNKEPT, assumptions, unknowns)
    child = proposals.child_proposals(config, version, holder, pfs_group, unknowns, ctx.child_parts_made)
    child_lifetime, lifetime_from = proposals.child_lifetime(config, holder.lifetime, "dynamic-map", UNKEPT)
    prot = Protection(holder, [None], None, policy_name, protocols, versions, version, pfs_group, list(ike),
                      ike_lifetime, [list(pair) for pair in lifetimes], child, child_lifetime, lifetime_from,
                      proposals.versions_source(ctx, nameif, holder, protocols, protocols_line, versions),
                      _other_version(ctx, holder, 3 - version, pfs_group, assumptions))
    fields = prot.end_fields(ctx, origin, assumptions)
    # the tunnel-group is the peer's (compat fills in the peer): its DPD is not known, and not judged
    fields["dpd"] = Dpd(enabled=True, timeout_seconds=None,
                        source=(ConfigLine(0, "(the tunnel-group of the peer: not known before the peer is)"),))
    selectors = local_networks = remote_networks = None
    if holder.acl:
        selectors, local_networks, remote_networks, _pairs = traffic_selectors(ctx, holder, UNKEPT, name, [], [])
        if selectors is None:
            unknowns.append("traffic_selectors")
    iface = ctx.nameifs.get(nameif)
    ref = dict(prot.ref(ctx, nameif, assumptions), **{
        "host": ctx.host,
        "kind": "dynamic_map",
        "crypto_map": holder.map_name,  # the dynamic map: the fixes' lines are "crypto dynamic-map <name> <seq> ..."
        "seq": holder.seq,
        "parent_map": crypto_map.name,
        "parent_seq": parent.seq,
        "interface": nameif,
        "acl": holder.acl,
    })
    groups = l2l_groups(config)
    ref["peer_groups"] = _peer_groups(ctx, origin, groups[:GROUPS_KEPT], holder, nameif)
    ref["peer_groups_total"] = len(groups)
    ref.pop("peer", None)
    ref.pop("peers", None)
    return TunnelEnd(
        vendor="asa",
        name=name,
        ref=ref,
        local_address=iface.address if iface is not None else None,
        local_address_source=peer.address_source(iface),
        pfs_source=proposals.pfs_source(holder, holder.lines),
        traffic_selectors=selectors,
        any_to_any=False,
        narrows_selectors=False,  # as a static entry (crypto_map_end)
        accepts_any_selectors=not holder.acl,
        local_networks=local_networks,
        remote_networks=remote_networks,
        mode=MODE_RESPONDER_ONLY,  # "The ASA cannot use dynamic crypto maps to initiate" (ASA_VPN_GUIDE_92_DYNAMIC_MAPS)
        mode_source=tuple(parent.lines[:1]),
        unknowns=tuple(dict.fromkeys(unknowns)),
        **fields,
    )


def _other_version(ctx, holder, version, pfs_group, assumptions):
    """The proposals and IKE lifetime of IKE ``version`` of an entry set for both versions (``set ikev1 transform-set``
    and ``set ikev2 ipsec-proposal``), the one its end's own fields do not hold, as a static entry's
    (protection._version_parts): what it negotiates with a peer whose tunnel-group allows, or whose connection speaks,
    only that version (model.for_version; pairing_dynamic_map._in_group). None for an entry set for one version. Its
    authentication is the peer's tunnel-group's (ref ``peer_groups`` "other_auth")."""
    if not (holder.transform_sets and holder.ikev2_proposals):
        return None
    unknowns = ["auth"]
    ike, ike_lifetime, lifetimes = proposals.ike_proposals(ctx.config, version, UNKEPT, assumptions, unknowns)
    child = proposals.child_proposals(ctx.config, version, holder, pfs_group, unknowns, ctx.child_parts_made)
    return VersionProposals(version, list(ike), child, ike_lifetime, PeerAuth(method=None),
                            {"ike_policy_lifetimes": [list(pair) for pair in lifetimes]}, tuple(dict.fromkeys(unknowns)))


def _peer_groups(ctx, origin, names, holder, nameif):
    """{tunnel-group name: {"auth", "dpd", "assumptions", "findings", "group_policy", "vpn_tunnel_protocols",
    "ike_versions", "ike_versions_source", "proposals_version"}} of the groups ``names`` a peer the entry answers may
    land in: each as a static entry to that peer would have it, plain (JSON) values. The IKE versions are those the
    group's group-policy allows (its vpn-tunnel-protocol, else DfltGrpPolicy's: peer.tunnel_protocols, as a static
    entry's tunnel-group gives them), the authentication that of the version the entry's proposals then are for
    (peer.auth), DPD its isakmp keepalive (peer.dpd). "findings": the config findings of its authentication
    (peer.auth's AUTH_MISMATCH: a direction with no method, local and remote keys that differ), as dicts, not the
    ASA's own findings: they concern only a peer that lands there, and compat adds them to that peer's tunnel
    (pairing_dynamic_map)."""
    out = {}
    for name in names:
        group = ctx.config.tunnel_groups.get(name)
        if group is None:
            continue
        before, assumptions = len(ctx.findings), []
        policy_name, protocols, protocols_line = peer.tunnel_protocols(ctx.config, group, UNKEPT, assumptions)
        versions = _versions(ctx.config, nameif, holder, protocols)
        version = proposals.proposal_version(versions, holder)
        auth = peer.auth(ctx, origin, group, version)
        found = ctx.findings[before:]
        del ctx.findings[before:]
        dpd = peer.dpd(group, assumptions)
        source = proposals.versions_source(ctx, nameif, holder, protocols, protocols_line, versions)
        out[name] = {
            "auth": _plain_auth(auth),
            "dpd": {"enabled": dpd.enabled, "timeout_seconds": dpd.timeout_seconds, "source": [l.to_dict() for l in dpd.source]},
            "assumptions": assumptions,
            "findings": [f.to_dict(alternatives=True) for f in found],
            "group_policy": policy_name,
            "vpn_tunnel_protocols": list(protocols) if protocols is not None else None,
            "ike_versions": list(versions),
            "ike_versions_source": [l.to_dict() for l in source],
            "proposals_version": version,
        }
        if holder.transform_sets and holder.ikev2_proposals:
            # an entry set for both versions: the group's authentication for the other one too, which a peer of that
            # version uses (pairing_dynamic_map._in_group); no finding of it here, as a static entry's (_version_parts)
            out[name]["other_auth"] = _plain_auth(peer.auth(ctx, origin, group, 3 - version, report=False))
    return out


def _plain_auth(auth):
    return {"method": auth.method, "psk_digest": auth.psk_digest, "source": [l.to_dict() for l in auth.source]}
