# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ASA config (``AsaConfig``) -> vendor-neutral ``TunnelEnd`` per static crypto map entry
and per virtual tunnel interface.

``asa_tunnel_ends(config, host)`` returns ``(ends, findings)``. ``findings`` holds
the parse findings of ``config`` (copies, ``scope`` set to the tunnels whose
references they break) followed by the adapter's own findings; callers use
this list instead of ``config.findings``.

Modules, by concept:
  crypto_map_end  policy-based ends (crypto map entry, crypto ACL selectors, NAT)
  vti_end         route-based ends (interface TunnelN, ipsec profile, routes)
  bgp             BGP over a VTI
  protection      what both kinds share: tunnel-group, versions, proposals, lifetimes, ref keys
  proposals       IKE/Child SA proposals, PFS, lifetimes (crypto map entry or ipsec profile)
  peer            tunnel-group, group-policy, authentication, DPD, TCP MSS
  versions        what the ASA release removed or does not support
  resolver, nat_index, context  shared machinery (nat_ingress: where tunnel traffic enters, for nat_index)

Conventions
  TunnelEnd.name  "<crypto map> <seq>", e.g. "CRYPTO-MAP 2"; "<interface> (<nameif>)" for a VTI
  TunnelEnd.ref   plain JSON: host, kind (crypto_map | vti), crypto_map, seq, interface, acl, peer,
                  peers, tunnel_group, group_policy, ipsec_proposals, transform_sets,
                  ikev2_policies, ikev1_policies, ike_policy_lifetimes
                  ([[priority, seconds|None], ...] of the IKE version in use),
                  pfs_line_present, ikev2_enabled, ikev1_enabled, vpn_tunnel_protocols,
                  child_lifetime_from ({"seconds", "kilobytes"}: crypto-map|profile|global|default),
                  inside_interface, nat_rule_lines, tcpmss_line_present, connection_type,
                  nat_t_disable, assumptions (unverified defaults relied on); VTI ends see vti_end
  DPD             timeout_seconds = threshold + retry * tables.DPD_RETRIES_BEFORE_DEAD

Cost: linear in the config (object-group expansion is memoised; NAT lookups go
through a prefix index rather than a scan of every rule per tunnel).
"""

import dataclasses

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import peer
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_ingress import Ingress
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.bgp import BgpNeighbors
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_map_order import shadowed_entries
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_map_egress import check_egress
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_map_end import crypto_map_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused_aged
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import RouteTable
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.versions import check_versions
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.vti_conflicts import check_vti_crypto_map_conflicts
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.vti_end import vti_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, SCOPE_SHOWN
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine, PeerAuths, PeerSettings


def asa_tunnel_ends(config, host=None):
    """One TunnelEnd per static crypto map entry with ``set peer`` and per VTI with an ipsec
    profile; see module docstring."""
    with gc_paused_aged():
        ctx = AdapterContext(config, host)
        ends = crypto_map_ends(ctx)
        shadowed_entries(ctx, ends)
        route_table = RouteTable(config)
        check_egress(ctx, ends, route_table)
        neighbors = BgpNeighbors(ctx, route_table)
        ends += vti_ends(ctx, route_table, neighbors)
        check_vti_crypto_map_conflicts(ctx, ends)
        neighbors.unclaimed()
        _ikev2_not_enabled(ctx)
        check_versions(ctx, ends)
        # where the ASA routes each network to (one tuple for the device's crypto map ends): the interface a fix's new
        # local network enters by, and so where its NAT exemption goes (review I, defect 2). The facts carry it once
        # per device ("ingress"), not per end (model_facts.compact_end_dict).
        routes = None
        peer_configs = l2l_tunnel_groups(config)
        auths = l2l_tunnel_group_auths(config)
        for end in ends:
            end.peer_configs = peer_configs  # one tuple for the device's ends; facts carry it once ("peer_configs")
            end.peer_auths = auths  # one for the device's ends; facts carry it once ("peer_auths")
            if not end.route_based:
                routes = tuple(Ingress(config).facts()) if routes is None else routes
                end.ingress_routes = routes
        return ends, _scoped_parse_findings(ctx) + ctx.findings


def l2l_tunnel_groups(config):
    """The names of the config's site-to-site tunnel-groups ('tunnel-group NAME type ipsec-l2l') that authenticate
    their peer (IKEv2 remote and local authentication, or an IKEv1 key or trust-point), sorted: a peer named by one
    has its own (Cisco ASA command reference, tunnel-group: a LAN-to-LAN group is named by the peer's address), and a
    fix that sets that peer uses it rather than writing it anew (remediation._peer_address). One with no
    authentication is left out: the fix then still says to set the key there."""
    return tuple(sorted(name for name, group in config.tunnel_groups.items() if group.type == "ipsec-l2l" and (
        (group.ikev2_remote_auth and group.ikev2_local_auth) or group.ikev1_psk or group.ikev1_trustpoint)))


def l2l_tunnel_group_auths(config):
    """How each of l2l_tunnel_groups authenticates (model.PeerAuths), per IKE version it authenticates both ways
    with: a fix that sets one of those peers is proven with that tunnel-group's authentication (the ASA picks the
    tunnel-group named by the peer's address: Cisco ASA command reference, tunnel-group), not the old peer's."""
    by_name, settings = {}, {}
    for name in l2l_tunnel_groups(config):
        group = config.tunnel_groups[name]
        versions = {}
        if group.ikev2_remote_auth and group.ikev2_local_auth:
            versions[2] = peer.auth(None, None, group, 2, report=False)
        if group.ikev1_psk or group.ikev1_trustpoint:
            versions[1] = peer.auth(None, None, group, 1, report=False)
        by_name[name] = versions
        settings[name] = _group_settings(config, group)
    return PeerAuths(by_name, settings)


def _group_settings(config, group):
    """What tunnel-group ``group`` decides for a tunnel to its peer besides authentication (model.PeerSettings): its DPD
    (isakmp keepalive, peer.dpd) and the IKE versions its group-policy's vpn-tunnel-protocol allows (peer.tunnel_protocols;
    None where that group-policy is not defined). A 'set peer' fix onto its address is proven with them: the ASA then
    runs the tunnel with that group's settings (review 2026-12-07: a move onto an IKEv1-only group was proven)."""
    policy, protocols, protocols_line = peer.tunnel_protocols(config, group, set(), [])
    dpd = peer.dpd(group, [])
    # the ref keys a fix of the group's settings is written with (remediation._ike_version), as protection.ref has them
    ref = {"group_policy": policy, "vpn_tunnel_protocols": list(protocols) if protocols is not None else None}
    if protocols is None:
        note = ConfigLine(0, "(group-policy %s of tunnel-group %s is not defined: its IKE versions are not known)" % (
            policy, group.name))
        return PeerSettings(dpd, None, (note,), ref)
    versions = tuple(v for v, word in ((1, "ikev1"), (2, "ikev2")) if word in protocols)
    source = (protocols_line,) if protocols_line is not None else (ConfigLine(0, (
        "(vpn-tunnel-protocol not set in group-policy %s of tunnel-group %s: the default %s)" % (
            policy, group.name, " ".join(protocols)))),)
    return PeerSettings(dpd, versions, source, ref)


def _ikev2_not_enabled(ctx):
    for nameif, names in ctx.ikev2_missing.items():
        vtis = [n for n in names if n in ctx.vti_names]
        users = [
            what
            for what, present in (
                ("crypto map entries on it", len(vtis) < len(names)),
                ("tunnel interfaces sourced from it", bool(vtis)),
            )
            if present
        ]
        ctx.add(
            "IKEV2_NOT_ENABLED",
            ERROR,
            "IKEv2 is not enabled on interface %s ('crypto ikev2 enable %s' is missing) although %s use IKEv2 "
            "proposals." % (nameif, nameif, " and ".join(users)),
            # the first tunnels and their count: the evidence is in every tunnel's entry of the report (the scope
            # has them all)
            {"asa": {"host": ctx.host, "interface": nameif, "tunnels": names[:SCOPE_SHOWN], "tunnel_count": len(names),
                     "lines": [line.to_dict() for line in ctx.ikev2_missing_lines.get(nameif, ())]}},
            ["crypto ikev2 enable %s" % nameif],
            names,
        )


# -- scope of the parse findings ------------------------------------------------------------
def _scoped_parse_findings(ctx):
    """Parse findings with ``scope`` = tunnels that use the record holding the bad line."""
    findings = ctx.config.findings
    if not findings:
        return []
    keys = [_context_key(f) for f in findings]
    # dependency key -> indexes of the findings it carries (through object-group nesting)
    carriers = {}
    for index, reached in enumerate(_tainted(ctx.config, keys)):
        for key in reached:
            carriers.setdefault(key, []).append(index)
    scopes = _scopes(ctx, carriers, len(findings))
    # a BGP neighbor's line goes to the tunnel the neighbor runs through; when no tunnel claims that neighbor, to
    # every tunnel of its BGP process (as every line of the process went before, issue 12)
    fallback = {}
    for index, finding in enumerate(findings):
        key = _process_key(finding) if not scopes[index] else None
        if key is not None:
            fallback.setdefault(key, []).append(index)
    if fallback:
        for index, names in enumerate(_scopes(ctx, fallback, len(findings))):
            if names:
                scopes[index] = names
    return [dataclasses.replace(f, scope=scope) for f, scope in zip(findings, scopes)]


def _scopes(ctx, carriers, count):
    """Per finding index, the names of the ends whose dependencies hold a key that carries it."""
    scopes = [[] for _index in range(count)]
    for name, deps in ctx.dependencies.items():
        hit = set()
        for key in deps:
            hit.update(carriers.get(key, ()))
        for index in hit:
            scopes[index].append(name)
    return scopes


def _tainted(config, keys):
    """Per key (None allowed): the key and every object-group containing it, at any depth."""
    parents = {}
    for group in config.object_groups.values():
        for member in group.members:
            if member.kind in ("object", "group"):
                child = ("object" if member.kind == "object" else "object-group", member.value, None)
                parents.setdefault(child, []).append(("object-group", group.name, None))
    result = []
    for key in keys:
        if key is None:
            result.append(set())
            continue
        reached, todo = {key}, [key]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in reached:
                    reached.add(parent)
                    todo.append(parent)
        result.append(reached)
    return result


def _context_key(finding):
    context = finding.evidence.get("asa", {}).get("context") or {}
    if not context.get("kind"):
        return None
    if context.get("neighbor") is not None:  # a line of one BGP neighbor (parser.bgp._neighbor_context)
        return ("bgp-neighbor", context["neighbor"], None)
    return (context["kind"], context.get("name"), context.get("seq"))


def _process_key(finding):
    """The BGP process's key of a neighbor's line (what the tunnels of the process depend on), else None."""
    context = finding.evidence.get("asa", {}).get("context") or {}
    if context.get("neighbor") is None:
        return None
    return (context["kind"], context.get("name"), context.get("seq"))
