# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ASA config (``AsaConfig``) -> vendor-neutral ``TunnelEnd`` per static crypto map entry.

``asa_tunnel_ends(config, host)`` returns ``(ends, findings)``. ``findings`` holds
the parse findings of ``config`` (copies, ``scope`` set to the tunnels whose
references they break) followed by the adapter's own findings; callers use
this list instead of ``config.findings``.

Conventions
  TunnelEnd.name  "<crypto map> <seq>", e.g. "CRYPTO-MAP 2"
  TunnelEnd.ref   plain JSON: host, crypto_map, seq, interface, acl, peer, peers,
                  tunnel_group, group_policy, ipsec_proposals, transform_sets,
                  ikev2_policies, ikev1_policies, ike_policy_lifetimes
                  ([[priority, seconds|None], ...] of the IKE version in use), free_ikev2_priority,
                  pfs_line_present, ikev2_enabled, ikev1_enabled, vpn_tunnel_protocols,
                  child_lifetime_from ({"seconds", "kilobytes"}: crypto-map|global|default),
                  inside_interface, nat_rule_lines, tcpmss_line_present, connection_type,
                  nat_t_disable, assumptions (unverified defaults relied on)
  DPD             timeout_seconds = threshold + retry * tables.DPD_RETRIES_BEFORE_DEAD

Cost: linear in the config (object-group expansion is memoised; NAT lookups go
through a prefix index rather than a scan of every rule per tunnel).
"""

import bisect
import dataclasses
import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import gc_paused
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    AEAD_CIPHERS,
    MODE_BOTH,
    NO_PFS,
    ChildSaProposal,
    Dpd,
    IkeProposal,
    Lifetimes,
    NatExemption,
    PeerAuth,
    TrafficSelector,
    TunnelEnd,
)

ANY_NETWORKS = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
MAX_DETAILS = 3


def asa_tunnel_ends(config, host=None):
    """One TunnelEnd per static crypto map entry with ``set peer``; see module docstring."""
    with gc_paused():
        return _Adapter(config, host).run()


# ---------------------------------------------------------------------------
# Name resolution: objects, object-groups, ACE operands
# ---------------------------------------------------------------------------
class _Resolver(object):
    """Expands network objects and object-groups to lists of networks; None = undecidable
    (undefined, fqdn, invalid). Memoised; cycles are cut (the parser reported them)."""

    def __init__(self, config, nameifs):
        self.config = config
        self.nameifs = nameifs
        self.groups = {}

    def named(self, name):
        if name in self.config.objects:
            return self.object(name)
        if name in self.config.object_groups:
            return self.group(name)
        return None

    def object(self, name):
        obj = self.config.objects.get(name)
        return None if obj is None or obj.networks is None else obj.networks

    def group(self, name):
        if name in self.groups:
            return self.groups[name]
        if name not in self.config.object_groups:
            return None
        object_groups = self.config.object_groups
        stack, on_path = [(name, iter(object_groups[name].members))], {name}
        while stack:  # post-order walk without recursion: nesting depth is unbounded in input
            current, members = stack[-1]
            member = next(members, None)
            if member is not None:
                child = member.value
                if (
                    member.kind == "group"
                    and child in object_groups
                    and child not in self.groups
                    and child not in on_path
                ):
                    on_path.add(child)
                    stack.append((child, iter(object_groups[child].members)))
                continue
            self.groups[current] = self._combine(object_groups[current], on_path)
            on_path.discard(current)
            stack.pop()
        return self.groups[name]

    def _combine(self, group, on_path):
        networks = {}
        for member in group.members:
            if member.kind == "network":
                found = [member.network] if member.network is not None else None
            elif member.kind == "object":
                found = self.object(member.value)
            elif member.value in on_path:
                continue  # cycle edge
            else:
                found = self.groups.get(member.value)
            if found is None:
                return None
            networks.update(dict.fromkeys(found))
        return list(networks)

    def operand(self, operand):
        if operand.kind in ("any", "network"):
            return [operand.network]
        if operand.kind == "object":
            return self.object(operand.value)
        if operand.kind == "group":
            return self.group(operand.value)
        if operand.kind == "interface":
            iface = self.nameifs.get(operand.value)
            if iface is None or iface.address is None:
                return None
            return [ipaddress.ip_network(iface.address)]
        return None

    def nat_operand(self, token):
        """A NAT operand: list of networks, None (undecidable) or a marker string."""
        if token == "any":
            return list(ANY_NETWORKS)
        if token == "interface" or token.startswith("pat-pool:"):
            return token
        address = self.config.names.get(token, token)
        try:
            return [ipaddress.ip_network(address)]
        except ValueError:
            return self.named(token)


# ---------------------------------------------------------------------------
# NAT: ASA order, prefix index
# ---------------------------------------------------------------------------
class _CompiledNat(object):
    __slots__ = ("rule", "source", "destination", "identity")

    def __init__(self, rule, source, destination, identity):
        self.rule = rule
        self.source = source  # collapsed networks, or None (undecidable)
        self.destination = destination  # None: rule has no destination; list; or "undecidable"
        self.identity = identity  # True | False | None


def _same(resolver, real_token, mapped_token):
    """Does a static rule map this operand onto itself? True/False/None (undecidable)."""
    if real_token == mapped_token:
        return True
    real, mapped = resolver.nat_operand(real_token), resolver.nat_operand(mapped_token)
    if isinstance(mapped, str) or isinstance(real, str):
        return False
    if real is None or mapped is None:
        return None
    return set(real) == set(mapped)


def _collapse(networks):
    out = []
    for version in (4, 6):
        same = [n for n in networks if n.version == version]
        if same:
            out.extend(ipaddress.collapse_addresses(same))
    return out


class _NatIndex(object):
    """NAT rules in the order the ASA evaluates them (manual, object, after-auto), indexed by
    source prefix so a tunnel looks at only the rules whose real source meets its networks."""

    def __init__(self, config, resolver):
        self.resolver = resolver
        active = [rule for rule in config.nat_rules if not rule.inactive]
        manual = [rule for rule in active if rule.section == "manual"]
        automatic = sorted((rule for rule in active if rule.section == "object"), key=self._object_order)
        after = [rule for rule in active if rule.section == "after-auto"]
        self.compiled = [self._compile(rule) for rule in manual + automatic + after]
        self.by_prefix, self.spans, self.always = {}, {4: [], 6: []}, []
        for position, compiled in enumerate(self.compiled):
            if compiled.source is None:
                self.always.append(position)
                continue
            for network in compiled.source:
                key = (network.version, int(network.network_address), network.prefixlen)
                self.by_prefix.setdefault(key, []).append(position)
                self.spans[network.version].append(
                    (int(network.network_address), int(network.broadcast_address), position)
                )
        for spans in self.spans.values():
            spans.sort()
        self.span_starts = {version: [span[0] for span in spans] for version, spans in self.spans.items()}

    def _object_order(self, rule):
        # Section 2 order: static before dynamic, fewer addresses first, lower address, name.
        networks = self.resolver.object(rule.source_real) or []
        size = sum(n.num_addresses for n in networks) if networks else float("inf")
        lowest = min((int(n.network_address) for n in networks), default=0)
        return (0 if rule.kind == "static" else 1, size, lowest, rule.source_real)

    def _compile(self, rule):
        resolver = self.resolver
        source = resolver.nat_operand(rule.source_real)
        source = _collapse(source) if isinstance(source, list) else None
        destination = None
        if rule.destination_mapped is not None:
            found = resolver.nat_operand(rule.destination_mapped)
            destination = _collapse(found) if isinstance(found, list) else "undecidable"
        if rule.kind != "static":
            identity = False
        else:
            identity = _same(resolver, rule.source_real, rule.source_mapped)
            if identity is not False and rule.destination_mapped is not None:
                other = _same(resolver, rule.destination_real, rule.destination_mapped)
                identity = False if other is False else (None if None in (identity, other) else True)
        return _CompiledNat(rule, source, destination, identity)

    def candidates(self, local):
        """Positions of rules whose source contains, or lies inside, ``local`` (plus undecidable ones)."""
        found = set(self.always)
        version, address, bits = local.version, int(local.network_address), local.max_prefixlen
        for length in range(local.prefixlen + 1):
            mask = ((1 << bits) - 1) ^ ((1 << (bits - length)) - 1)
            found.update(self.by_prefix.get((version, address & mask, length), ()))
        last = int(local.broadcast_address)
        spans, starts = self.spans[version], self.span_starts[version]
        for index in range(bisect.bisect_left(starts, address), bisect.bisect_right(starts, last)):
            if spans[index][1] <= last:
                found.add(spans[index][2])
        return sorted(found)

    def decide(self, local, remote, map_interface):
        """(exempt True/False/None, compiled rule that decided or None)."""
        for position in self.candidates(local):
            compiled = self.compiled[position]
            rule = compiled.rule
            if map_interface is not None and (
                rule.mapped_if not in (map_interface, "any") or rule.real_if == map_interface
            ):
                continue
            if compiled.source is None:
                return None, compiled
            if compiled.destination == "undecidable":
                return None, compiled
            destination_covers = True
            if compiled.destination is not None:
                if not any(net.version == remote.version and net.overlaps(remote) for net in compiled.destination):
                    continue
                destination_covers = _covers(compiled.destination, remote)
            full = destination_covers and _covers(compiled.source, local)
            if compiled.identity is None:
                return None, compiled
            if compiled.identity:
                if full:
                    return True, compiled
                continue  # identity for part of the traffic: the rest falls through to later rules
            return False, compiled
        return True, None


def _covers(networks, target):
    return any(net.version == target.version and target.subnet_of(net) for net in networks)


# ---------------------------------------------------------------------------
# The adapter
# ---------------------------------------------------------------------------
class _Adapter(object):
    def __init__(self, config, host):
        self.config = config
        self.host = host
        self.nameifs = config.nameifs()
        self.resolver = _Resolver(config, self.nameifs)
        self._nat_index = None
        self.findings = []
        self.dependencies = {}  # tunnel name -> set of (kind, name, seq) keys it uses
        self.ikev2_missing = {}  # nameif -> [tunnel names]

    @property
    def nat_index(self):
        if self._nat_index is None:
            self._nat_index = _NatIndex(self.config, self.resolver)
        return self._nat_index

    def run(self):
        ends = []
        for crypto_map in self.config.crypto_maps.values():
            names = []
            for seq in sorted(crypto_map.entries):
                entry = crypto_map.entries[seq]
                if entry.peers:
                    ends.append(self.tunnel_end(crypto_map, entry))
                    names.append(ends[-1].name)
            if names and crypto_map.interface is None:
                self._map_not_applied(crypto_map, names)
        self._ikev2_not_enabled()
        return ends, self._scoped_parse_findings() + self.findings

    # -- one tunnel ---------------------------------------------------------------
    def tunnel_end(self, crypto_map, entry):
        name = "%s %d" % (crypto_map.name, entry.seq)
        unknowns, assumptions = [], []
        deps = {
            ("crypto-map", crypto_map.name, entry.seq),
            ("crypto-map", crypto_map.name, None),
            ("interface", crypto_map.interface, None),
            ("sysopt", "tcpmss", None),
            ("group-policy", tables.DFLT_GRP_POLICY, None),
        }
        deps.update(("ipsec-proposal", n, None) for n in entry.ikev2_proposals)
        deps.update(("transform-set", n, None) for n in entry.transform_sets)
        if entry.ikev2_proposals:
            deps.add(("crypto-enable", "ikev2", None))
        if entry.transform_sets:
            deps.add(("crypto-enable", "ikev1", None))
        self.dependencies[name] = deps

        iface = self.nameifs.get(crypto_map.interface)
        local_address = iface.address if iface is not None else None
        peer_address = entry.peer_addresses[0] if entry.peer_addresses else None
        if local_address is None:
            unknowns.append("local_address")
        if peer_address is None:
            unknowns.append("peer_address")

        group = self._tunnel_group(name, crypto_map, entry, peer_address, deps)
        if group is None:
            # Masked peer: cannot tell. Missing tunnel-group: PEER_NOT_FOUND says it already.
            unknowns.append("auth")
        policy_name, protocols = self._tunnel_protocols(group, deps, assumptions)
        versions = self._ike_versions(crypto_map, entry, protocols, name)
        if protocols is None:
            unknowns.append("ike_versions")
        version = _proposal_version(versions, entry)

        pfs_group = self._pfs_group(entry, assumptions, unknowns)
        ike_proposals, ike_lifetime, lifetimes = self._ike_proposals(version, deps, assumptions, unknowns)
        child_proposals = self._child_proposals(version, entry, pfs_group, deps, unknowns)
        child_lifetime, lifetime_from = self._child_lifetime(entry, deps)
        selectors, local_networks, remote_networks = self._traffic_selectors(entry, deps)
        for field, value in (
            ("traffic_selectors", selectors),
            ("local_networks", local_networks),
            ("remote_networks", remote_networks),
        ):
            if value is None:
                unknowns.append(field)
        nat, nat_rules = self._nat(selectors, crypto_map.interface, deps)
        auth = self._auth(name, crypto_map, entry, group, version)
        dpd = self._dpd(group, assumptions)
        tcp_mss = self._tcp_mss(assumptions)

        ref = {
            "host": self.host,
            "crypto_map": crypto_map.name,
            "seq": entry.seq,
            "interface": crypto_map.interface,
            "acl": entry.acl,
            "peer": entry.peers[0],
            "peers": list(entry.peers),
            "tunnel_group": group.name if group is not None else None,
            "group_policy": policy_name,
            "ipsec_proposals": list(entry.ikev2_proposals),
            "transform_sets": list(entry.transform_sets),
            "ikev2_policies": sorted(self.config.ikev2_policies),
            "ikev1_policies": sorted(self.config.ikev1_policies),
            "ike_policy_lifetimes": lifetimes,
            "free_ikev2_priority": self._free_ikev2_priority(),
            "pfs_line_present": entry.pfs_present,
            "ikev2_enabled": crypto_map.interface in self.config.ikev2_enabled,
            "interfaces": {n: i.address for n, i in sorted(self.nameifs.items()) if i.address},
            "ikev1_enabled": crypto_map.interface in self.config.ikev1_enabled,
            "vpn_tunnel_protocols": list(protocols) if protocols is not None else None,
            "child_lifetime_from": lifetime_from,
            "inside_interface": self._inside_interface(nat_rules, local_networks),
            "nat_rule_lines": [{"line": r.line.line, "text": r.line.text} for r in nat_rules],
            "tcpmss_line_present": self.config.tcp_mss_line is not None,
            "connection_type": entry.connection_type,
            "nat_t_disable": entry.nat_t_disable,
            "assumptions": assumptions,
        }
        return TunnelEnd(
            vendor="asa",
            name=name,
            ref=ref,
            local_address=local_address,
            peer_address=peer_address,
            ike_versions=versions,
            ike_proposals=ike_proposals,
            child_proposals=child_proposals,
            pfs_group=pfs_group,
            pfs_source=(entry.pfs_line,) if entry.pfs_line is not None else tuple(entry.lines),
            ike_lifetime=ike_lifetime,
            child_lifetime=child_lifetime,
            traffic_selectors=selectors,
            any_to_any=False,
            narrows_selectors=False,  # reference asa.traffic_selector_behaviour: TS_UNACCEPTABLE, no narrowing
            local_networks=local_networks,
            remote_networks=remote_networks,
            auth=auth,
            dpd=dpd,
            nat=nat,
            tcp_mss=tcp_mss,
            mode=tables.CONNECTION_TYPES.get(entry.connection_type, MODE_BOTH),
            unknowns=tuple(_distinct(unknowns)),
        )

    # -- tunnel-group, group-policy, IKE versions -------------------------------------
    def _tunnel_group(self, name, crypto_map, entry, peer_address, deps):
        """The tunnel-group named like the peer; DefaultL2LGroup as the ASA's fallback."""
        groups = self.config.tunnel_groups
        peer = entry.peers[0]
        group = groups.get(peer) or (groups.get(peer_address) if peer_address else None)
        if group is not None:
            deps.add(("tunnel-group", group.name, None))
        if group is not None and group.type == "ipsec-l2l":
            return group
        if peer_address is None and group is None:
            return None  # the masked/invalid peer is already reported
        fallback = groups.get(tables.DEFAULT_L2L_GROUP)
        self._peer_not_found(name, crypto_map, entry, group, fallback)
        if fallback is not None:
            deps.add(("tunnel-group", fallback.name, None))
        return fallback

    def _tunnel_protocols(self, group, deps, assumptions):
        """(group-policy name, allowed protocols or None when undecidable)."""
        policies = self.config.group_policies
        name = (
            group.default_group_policy if group is not None and group.default_group_policy else tables.DFLT_GRP_POLICY
        )
        deps.add(("group-policy", name, None))
        policy = policies.get(name)
        if policy is None and name != tables.DFLT_GRP_POLICY:
            return name, None  # undefined group-policy: reported by the parser
        for candidate in (policy, policies.get(tables.DFLT_GRP_POLICY)):
            if candidate is not None and candidate.tunnel_protocols is not None:
                return name, _normalise_protocols(candidate.tunnel_protocols)
        default = tables.DEFAULT_TUNNEL_PROTOCOLS
        assumptions.append(
            "vpn-tunnel-protocol not set in %s or %s: assumed %s (%s, unverified)"
            % (name, tables.DFLT_GRP_POLICY, " ".join(default.value), default.note)
        )
        return name, _normalise_protocols(default.value)

    def _ike_versions(self, crypto_map, entry, protocols, name):
        """The IKE versions the entry is configured for. An unbound map or IKEv2 not enabled
        on the interface are findings of their own (CRYPTO_MAP_NOT_APPLIED, IKEV2_NOT_ENABLED),
        so they do not show up a second time as a version mismatch."""
        nameif = crypto_map.interface
        allowed = protocols if protocols is not None else ("ikev1", "ikev2")
        versions = []
        # IKEv1 has no code of its own for "not enabled": the version mismatch says it.
        if entry.transform_sets and nameif in self.config.ikev1_enabled and "ikev1" in allowed:
            versions.append(1)
        if entry.ikev2_proposals:
            if nameif is not None and nameif not in self.config.ikev2_enabled:
                self.ikev2_missing.setdefault(nameif, []).append(name)
            if "ikev2" in allowed:
                versions.append(2)
        return tuple(versions)

    # -- proposals ------------------------------------------------------------------
    def _pfs_group(self, entry, assumptions, unknowns):
        if not entry.pfs_present:
            return None
        if entry.pfs_invalid:
            unknowns.append("pfs_group")
            return None
        if entry.pfs_group is None:
            default = tables.PFS_GROUP_WITHOUT_NUMBER
            assumptions.append(
                "line %d 'set pfs' has no group: assumed group%d (%s; verified: %s)"
                % (entry.pfs_line.line, default.value, default.note, default.verified)
            )
            return default.value
        return entry.pfs_group

    def _ike_proposals(self, version, deps, assumptions, unknowns):
        """(proposals, lifetime of the first policy, [[priority, seconds], ...])."""
        policies = self.config.ikev2_policies if version == 2 else self.config.ikev1_policies
        kind = "ikev%d-policy" % version
        proposals, lifetimes = [], []
        for priority in sorted(policies):
            policy = policies[priority]
            deps.add((kind, str(priority), None))
            values = _ikev2_values(policy) if version == 2 else _ikev1_values(policy, assumptions)
            if not values["encryption"] or not values["dh"]:
                unknowns.append("ike_proposals")
            proposals.extend(
                _split_aead(
                    "ikev%d policy %d" % (version, priority),
                    values["encryption"],
                    values["integrity"],
                    lambda label, enc, integ, values=values, policy=policy: IkeProposal(
                        label, enc, integ, values["prf"] or integ, values["dh"], tuple(policy.lines)
                    ),
                )
            )
            lifetimes.append([priority, values["lifetime"]])
        if not lifetimes:
            unknowns.append("ike_lifetime")
            return proposals, Lifetimes(seconds=None), lifetimes
        first = policies[sorted(policies)[0]]
        lifetime_lines = tuple(line for line in first.lines if line.text.split()[0] == "lifetime")
        return proposals, Lifetimes(seconds=lifetimes[0][1], source=lifetime_lines), lifetimes

    def _child_proposals(self, version, entry, pfs_group, deps, unknowns):
        dh = (pfs_group,) if pfs_group is not None else (NO_PFS,)
        pfs_lines = (entry.pfs_line,) if entry.pfs_line is not None else ()
        proposals = []
        if version == 2:
            named = [(n, self.config.ipsec_proposals.get(n), "ipsec-proposal") for n in entry.ikev2_proposals]
            encryption_table, integrity_table = tables.ESP_ENCRYPTION, tables.ESP_INTEGRITY
        else:
            named = [(n, self.config.transform_sets.get(n), "transform-set") for n in entry.transform_sets]
            encryption_table, integrity_table = tables.TRANSFORM_ENCRYPTION, tables.TRANSFORM_INTEGRITY
        for proposal_name, proposal, kind in named:
            if proposal is None or not proposal.encryption:
                unknowns.append("child_proposals")
                continue
            encryption = tuple(encryption_table[k] for k in proposal.encryption)
            integrity = tuple(v for v in (integrity_table[k] for k in proposal.integrity) if v is not None)
            source = tuple(proposal.lines) + pfs_lines
            proposals.extend(
                _split_aead(
                    "%s %s" % (kind, proposal_name),
                    encryption,
                    integrity,
                    lambda label, enc, integ, source=source: ChildSaProposal(label, enc, integ, dh, source),
                )
            )
        return proposals

    def _child_lifetime(self, entry, deps):
        """Entry value, else global, else the ASA default; which one is recorded per unit."""
        own, overall = entry.lifetime, self.config.global_lifetime
        lines, origin = [], {}
        if own.seconds is not None:
            seconds, origin["seconds"] = own.seconds, "crypto-map"
            lines.append(own.seconds_line)
        elif overall.seconds is not None:
            seconds, origin["seconds"] = overall.seconds, "global"
            lines.append(overall.seconds_line)
        else:
            seconds, origin["seconds"] = tables.IPSEC_SA_LIFETIME_SECONDS.value, "default"
        if own.kilobytes is not None or own.kilobytes_unlimited:
            kilobytes, origin["kilobytes"] = own.kilobytes, "crypto-map"
            lines.append(own.kilobytes_line)
        elif overall.kilobytes is not None or overall.kilobytes_unlimited:
            kilobytes, origin["kilobytes"] = overall.kilobytes, "global"
            lines.append(overall.kilobytes_line)
        else:
            kilobytes, origin["kilobytes"] = tables.IPSEC_SA_LIFETIME_KILOBYTES.value, "default"
        if "global" in origin.values():
            deps.add(("ipsec-global", "", None))
        return Lifetimes(seconds=seconds, kilobytes=kilobytes, source=tuple(lines)), origin

    # -- selectors and NAT ------------------------------------------------------------------
    def _traffic_selectors(self, entry, deps):
        """(selectors, local networks, remote networks). One selector per permit ACE x expanded
        source x expanded destination; selectors None if any part is undefined or invalid, and
        each network list None if any of its side is."""
        acl = self.config.access_lists.get(entry.acl) if entry.acl else None
        if acl is None:
            return None, None, None
        deps.add(("access-list", acl.name, None))
        selectors, seen = [], set()
        local, remote = {}, {}
        for ace in acl.entries:
            for operand in (ace.source, ace.destination):
                deps.add((_OPERAND_KIND.get(operand.kind, operand.kind), operand.value, None))
            if ace.action != "permit" or ace.inactive:
                continue
            sources, destinations = self.resolver.operand(ace.source), self.resolver.operand(ace.destination)
            _note_networks(local, sources)
            _note_networks(remote, destinations)
            if sources is None or destinations is None or ace.protocol is None:
                selectors = None
            if selectors is None:
                continue
            for source in sources:
                for destination in destinations:
                    key = (source, destination, ace.protocol)
                    if source.version != destination.version or key in seen:
                        continue
                    seen.add(key)
                    selectors.append(TrafficSelector(str(source), str(destination), ace.protocol, (ace.line,)))
        return selectors, _known_networks(local), _known_networks(remote)

    def _nat(self, selectors, map_interface, deps):
        """(NatExemption, NAT rules that decided) from the selectors' network pairs."""
        if selectors is None:
            return NatExemption(None, "traffic selectors are not decidable, so NAT cannot be checked"), []
        verdicts, deciding = {}, []
        for selector in selectors:
            local, remote = selector.networks()
            if (local, remote) in verdicts:
                continue
            exempt, compiled = self.nat_index.decide(local, remote, map_interface)
            verdicts[(local, remote)] = (exempt, compiled)
            if compiled is not None and compiled.rule not in deciding:
                deciding.append(compiled.rule)
        for rule in deciding:
            deps.add(("nat", str(rule.index), None))
            for token in (rule.source_real, rule.source_mapped, rule.destination_mapped, rule.destination_real):
                deps.update({("object", token, None), ("object-group", token, None)})
        return _nat_verdict(verdicts), deciding

    def _inside_interface(self, nat_rules, local_networks):
        for rule in nat_rules:
            if rule.real_if != "any":
                return rule.real_if
        for network_text in local_networks or ():
            network = ipaddress.ip_network(network_text)
            for nameif, iface in self.nameifs.items():
                if iface.address and iface.mask:
                    connected = ipaddress.ip_network("%s/%s" % (iface.address, iface.mask), strict=False)
                    if connected.version == network.version and connected.overlaps(network):
                        return nameif
        return None

    # -- authentication, DPD, MSS -----------------------------------------------------------
    def _auth(self, name, crypto_map, entry, group, version):
        if group is None:
            return PeerAuth(method=None)
        if version == 2:
            remote, local = group.ikev2_remote_auth, group.ikev2_local_auth
            lines = tuple(line for line in (group.ikev2_remote_line, group.ikev2_local_line) if line is not None)
            remote_key, local_key = group.ikev2_remote_psk, group.ikev2_local_psk
        else:
            remote = local = "psk" if group.ikev1_psk else ("certificate" if group.ikev1_trustpoint else None)
            lines = tuple(
                l for l in (group.ikev1_psk.line if group.ikev1_psk else None, group.ikev1_trustpoint_line) if l
            )
            remote_key = local_key = group.ikev1_psk
        if remote is None or local is None:
            missing = (
                "remote and local" if remote is None and local is None else ("remote" if remote is None else "local")
            )
            self._auth_missing(name, crypto_map, entry, group, version, missing, lines)
        digest = remote_key.digest if remote_key is not None else None
        local_digest = local_key.digest if local_key is not None else None
        if digest and local_digest and digest != local_digest:
            self._keys_differ(name, crypto_map, entry, group, lines)
        return PeerAuth(method=remote or local, psk_digest=digest, source=lines)

    def _dpd(self, group, assumptions):
        keepalive = group.keepalive if group is not None else None
        retries = tables.DPD_RETRIES_BEFORE_DEAD
        if keepalive is not None and (keepalive.disabled or keepalive.infinite):
            return Dpd(enabled=False, timeout_seconds=None, source=(keepalive.line,))
        threshold = keepalive.threshold if keepalive is not None and keepalive.threshold else None
        retry = keepalive.retry if keepalive is not None and keepalive.retry else None
        if threshold is None or retry is None:
            assumptions.append(
                "isakmp keepalive %s: assumed ASA L2L default threshold %d retry %d (verified: false)"
                % (
                    "not set" if keepalive is None else "incomplete",
                    tables.DPD_THRESHOLD_DEFAULT.value,
                    tables.DPD_RETRY_DEFAULT.value,
                )
            )
            threshold = threshold or tables.DPD_THRESHOLD_DEFAULT.value
            retry = retry or tables.DPD_RETRY_DEFAULT.value
        assumptions.append("DPD timeout = threshold + retry x %d retries (retry count verified: false)" % retries.value)
        source = (keepalive.line,) if keepalive is not None else ()
        return Dpd(enabled=True, timeout_seconds=threshold + retry * retries.value, source=source)

    def _tcp_mss(self, assumptions):
        if self.config.tcp_mss_line is None:
            default = tables.TCP_MSS_DEFAULT
            assumptions.append(
                "no 'sysopt connection tcpmss': assumed ASA default %d (verified: %s)"
                % (default.value, default.verified)
            )
            return default.value
        return self.config.tcp_mss or None  # 0 disables clamping

    def _free_ikev2_priority(self):
        used = self.config.ikev2_policies
        priority = 1
        while priority in used:
            priority += 1
        return priority

    # -- findings ------------------------------------------------------------------------------
    def _evidence(self, crypto_map, entry, lines, **extra):
        evidence = {
            "host": self.host,
            "crypto_map": crypto_map.name,
            "lines": [l.to_dict() for l in lines if l is not None],
        }
        if entry is not None:
            evidence["seq"] = entry.seq
        evidence.update(extra)
        return {"asa": evidence}

    def _add(self, code, severity, summary, evidence, remediation, scope):
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase="config",
                summary=summary,
                evidence=evidence,
                remediation={"asa": remediation},
                scope=list(scope),
            )
        )

    def _map_not_applied(self, crypto_map, names):
        enabled = sorted(set(self.config.ikev2_enabled) | set(self.config.ikev1_enabled))
        if len(enabled) == 1:
            remediation = ["crypto map %s interface %s" % (crypto_map.name, enabled[0])]
        else:
            remediation = [
                "! Bind the map to the interface facing the peer: crypto map %s interface <nameif>" % crypto_map.name
            ]
        lines = [line for entry in crypto_map.entries.values() for line in entry.lines[:1]]
        self._add(
            "CRYPTO_MAP_NOT_APPLIED",
            ERROR,
            "Crypto map %s is not bound to any interface ('crypto map %s interface ...' is missing), so none of its "
            "entries can bring a tunnel up." % (crypto_map.name, crypto_map.name),
            self._evidence(crypto_map, None, lines),
            remediation,
            names,
        )

    def _ikev2_not_enabled(self):
        for nameif, names in self.ikev2_missing.items():
            self._add(
                "IKEV2_NOT_ENABLED",
                ERROR,
                "IKEv2 is not enabled on interface %s ('crypto ikev2 enable %s' is missing) although crypto map "
                "entries on it use IKEv2 proposals." % (nameif, nameif),
                {"asa": {"host": self.host, "interface": nameif, "tunnels": list(names), "lines": []}},
                ["crypto ikev2 enable %s" % nameif],
                names,
            )

    def _peer_not_found(self, name, crypto_map, entry, group, fallback):
        peer = entry.peers[0]
        if group is not None:
            problem = "tunnel-group %s has type %s, not ipsec-l2l" % (peer, group.type or "(none)")
        else:
            problem = "there is no 'tunnel-group %s type ipsec-l2l'" % peer
        if fallback is not None:
            severity, outcome = WARNING, "the ASA falls back to %s for this peer" % tables.DEFAULT_L2L_GROUP
        else:
            severity, outcome = ERROR, "the peer cannot be authenticated"
        policy = self.config.group_policies
        remediation = ["tunnel-group %s type ipsec-l2l" % peer]
        if len(policy) == 1:
            remediation += [
                "tunnel-group %s general-attributes" % peer,
                " default-group-policy %s" % next(iter(policy)),
            ]
        remediation += [
            "tunnel-group %s ipsec-attributes" % peer,
            "! then set the key shared with the peer: ikev2 remote-authentication pre-shared-key <key> and "
            "ikev2 local-authentication pre-shared-key <key>",
        ]
        lines = [entry.peer_line] + ([group.type_line] if group is not None else [])
        self._add(
            "PEER_NOT_FOUND",
            severity,
            "Crypto map entry %s sets peer %s but %s; %s." % (name, peer, problem, outcome),
            self._evidence(crypto_map, entry, lines, peer=peer),
            remediation,
            [name],
        )

    def _auth_missing(self, name, crypto_map, entry, group, version, missing, lines):
        remediation = ["tunnel-group %s ipsec-attributes" % group.name]
        if version == 2:
            for side in ("remote", "local"):
                if side in missing:
                    remediation.append(
                        "! then set: ikev2 %s-authentication pre-shared-key <key shared with the peer>" % side
                    )
        else:
            remediation.append("! then set: ikev1 pre-shared-key <key shared with the peer>")
        self._add(
            "AUTH_MISMATCH",
            ERROR,
            "Tunnel-group %s has no IKEv%d %s authentication configured, so the tunnel for %s cannot authenticate."
            % (group.name, version, missing, name),
            self._evidence(crypto_map, entry, list(lines) + group.lines[:1], tunnel_group=group.name, missing=missing),
            remediation,
            [name],
        )

    def _keys_differ(self, name, crypto_map, entry, group, lines):
        self._add(
            "AUTH_MISMATCH",
            ERROR,
            "Tunnel-group %s uses different IKEv2 local and remote pre-shared keys; a peer with one shared key "
            "(such as Azure) cannot match both." % group.name,
            self._evidence(crypto_map, entry, lines, tunnel_group=group.name, keys="local and remote digests differ"),
            [
                "tunnel-group %s ipsec-attributes" % group.name,
                "! then set the same key on both: ikev2 remote-authentication pre-shared-key <key> and "
                "ikev2 local-authentication pre-shared-key <key>",
            ],
            [name],
        )

    def _scoped_parse_findings(self):
        """Parse findings with ``scope`` = tunnels that use the record holding the bad line."""
        findings = self.config.findings
        if not findings:
            return []
        keys = [_context_key(f) for f in findings]
        # dependency key -> indexes of the findings it carries (through object-group nesting)
        carriers = {}
        for index, reached in enumerate(self._tainted(keys)):
            for key in reached:
                carriers.setdefault(key, []).append(index)
        scopes = [[] for _finding in findings]
        for name, deps in self.dependencies.items():
            hit = set()
            for key in deps:
                hit.update(carriers.get(key, ()))
            for index in hit:
                scopes[index].append(name)
        return [dataclasses.replace(f, scope=scope) for f, scope in zip(findings, scopes)]

    def _tainted(self, keys):
        """Per key (None allowed): the key and every object-group containing it, at any depth."""
        parents = {}
        for group in self.config.object_groups.values():
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


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
_OPERAND_KIND = {"group": "object-group", "object": "object", "interface": "interface"}


def _context_key(finding):
    context = finding.evidence.get("asa", {}).get("context") or {}
    if not context.get("kind"):
        return None
    return (context["kind"], context.get("name"), context.get("seq"))


def _proposal_version(versions, entry):
    """Which IKE version's proposals describe the tunnel: the one it can use, else the one configured."""
    if versions:
        return max(versions)
    return 1 if entry.transform_sets and not entry.ikev2_proposals else 2


def _note_networks(found, networks):
    """Collect networks in order; a None marks the side as undecidable."""
    if networks is None:
        found[None] = True
    else:
        found.update(dict.fromkeys(str(n) for n in networks))


def _known_networks(found):
    return None if None in found else list(found)


def _normalise_protocols(tokens):
    return tuple(dict.fromkeys(tables.TUNNEL_PROTOCOL_ALIASES.get(t.lower(), t.lower()) for t in tokens))


def _distinct(values):
    return list(dict.fromkeys(values))


def _split_aead(label, encryption, integrity, build):
    """One proposal, or two when AEAD and non-AEAD ciphers share a policy (AEAD takes no integrity)."""
    aead = tuple(e for e in encryption if e in AEAD_CIPHERS)
    classic = tuple(e for e in encryption if e not in AEAD_CIPHERS)
    if aead and classic:
        return [build(label, classic, tuple(integrity)), build(label + " (AEAD)", aead, ())]
    if aead:
        return [build(label, aead, ())]
    return [build(label, classic, tuple(integrity))]


def _ikev2_values(policy):
    integrity = tuple(v for v in (tables.IKEV2_INTEGRITY[k] for k in policy.integrity) if v is not None)
    prf = tuple(tables.IKEV2_PRF[k] for k in policy.prf)
    if not prf:
        # Default PRF is sha whatever the integrity (ASA_CLI_GUIDE_IKE_POLICY, verified)
        prf = (tables.IKEV2_PRF[tables.IKEV2_PRF_DEFAULT.value],)
    if policy.lifetime_set:
        lifetime = policy.lifetime_seconds
    else:
        lifetime = tables.IKEV2_POLICY_LIFETIME_SECONDS.value
    return {
        "encryption": tuple(tables.IKEV2_ENCRYPTION[k] for k in policy.encryption),
        "integrity": integrity,
        "prf": prf,
        "dh": tuple(policy.groups),
        "lifetime": lifetime,
    }


def _ikev1_values(policy, assumptions):
    defaults = tables.IKEV1_POLICY_DEFAULTS.value
    missing = [
        k
        for k, v in (
            ("encryption", policy.encryption),
            ("hash", policy.integrity),
            ("group", policy.groups),
            ("lifetime", policy.lifetime_set),
        )
        if not v
    ]
    if missing:
        assumptions.append(
            "ikev1 policy %d has no %s line: assumed %s (verified: false)"
            % (policy.priority, "/".join(missing), ", ".join("%s %s" % (k, defaults[k]) for k in missing))
        )
    encryption = policy.encryption or [defaults["encryption"]]
    hashes = policy.integrity or [defaults["hash"]]
    integrity = tuple(tables.IKEV1_HASH[k] for k in hashes)
    return {
        "encryption": tuple(tables.IKEV1_ENCRYPTION[k] for k in encryption),
        "integrity": integrity,
        "prf": integrity,  # IKEv1 derives keys with the negotiated hash
        "dh": tuple(policy.groups or [defaults["group"]]),
        "lifetime": policy.lifetime_seconds if policy.lifetime_set else defaults["lifetime"],
    }


def _nat_verdict(verdicts):
    """Combine per-pair NAT results: any translated pair -> False; else any undecidable -> None."""
    if not verdicts:
        return NatExemption(True, "the crypto ACL permits no traffic, so nothing is translated")
    ordered = [(pair, exempt, compiled) for pair, (exempt, compiled) in verdicts.items()]
    for wanted in (False, None, True):
        matching = [(pair, compiled) for pair, exempt, compiled in ordered if exempt is wanted]
        if matching:
            break
    details, lines = [], []
    for (local, remote), compiled in matching:
        details.append(_nat_detail(wanted, local, remote, compiled))
        if compiled is not None and compiled.rule.line not in lines:
            lines.append(compiled.rule.line)
    if len(details) > MAX_DETAILS:
        details = details[:MAX_DETAILS] + ["and %d more" % (len(details) - MAX_DETAILS)]
    return NatExemption(wanted, "; ".join(details), tuple(lines))


def _nat_detail(exempt, local, remote, compiled):
    pair = "%s -> %s" % (local, remote)
    if compiled is None:
        return "no NAT rule matches %s: traffic leaves untranslated" % pair
    where = "%s NAT rule on line %d" % (
        {"manual": "twice", "after-auto": "after-auto twice", "object": "object"}[compiled.rule.section],
        compiled.rule.line.line,
    )
    if exempt is True:
        return "identity %s keeps %s untranslated" % (where, pair)
    if exempt is False:
        return "%s translates %s before encryption" % (where, pair)
    return "%s for %s uses objects that cannot be resolved" % (where, pair)
