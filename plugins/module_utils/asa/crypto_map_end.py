# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One policy-based TunnelEnd per peer a static crypto map's entries set (``set peer``): the entries of one map
to one peer are one end (their selectors united), and each peer of 'set peer PRIMARY BACKUP' has its own end.

Its selectors come from the crypto ACL (one per permit ACE x expanded source x expanded
destination), and NAT is checked for exactly those pairs.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import proposals, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.bgp import crypto_map_no_bgp
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import UNKEPT, Origin
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.local_address import ike_local_address
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_acl import known_networks, traffic_selectors
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_index import (
    inactive_exemptions, nat_verdict, network_text as network_text_of)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.peer import address_source
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.protection import protection
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_timeout import check_session_limits, check_session_timeout
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.vpn_filter import check_vpn_filter
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import behind_nat
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_BOTH,
    NatExemption,
    TunnelEnd,
)


def crypto_map_ends(ctx):
    """One end per peer of a map: the entries of one map that set the same peer are one tunnel to it (Cisco ASA
    "Configuring IPsec and ISAKMP": a peer-initiated negotiation is matched against the map's static entries in
    sequence order, and several entries to the same peer cascade their ACLs), and an entry's backup peers ('set
    peer PRIMARY BACKUP') are tunnels of their own, each with its own tunnel-group."""
    ends = []
    # the interfaces' addresses every end's ref lists: made once, each ref gets its own copy (as vti_end does)
    interfaces = {n: i.address for n, i in sorted(ctx.nameifs.items()) if i.address}
    matching = _acl_matching(ctx.config)
    for crypto_map in ctx.config.crypto_maps.values():
        names = []
        for members in _peer_groups(crypto_map):
            apart = []  # entries to that peer whose crypto differs from the first's: tunnels of their own
            ends.append(_tunnel_end(ctx, crypto_map, members, interfaces, apart))
            names.append(ends[-1].name)
            _note_acl_shared(ends[-1].ref, matching)
            for member in apart:
                ends.append(_tunnel_end(ctx, crypto_map, [member], interfaces))
                names.append(ends[-1].name)
                _note_acl_shared(ends[-1].ref, matching)
        # a map whose entries all lack a peer (parser.crypto_maps.peerless_entries names them) is still not applied
        if crypto_map.interface is None and (names or any(e.peerless() for e in crypto_map.entries.values())):
            _map_not_applied(ctx, crypto_map, names)
    return ends


ACL_USERS_NAMED = 5


def _acl_matching(config):
    """{ACL name: the entries ("crypto map M N", "crypto dynamic-map D N") that match it}, over the whole config."""
    matching = {}
    for maps, kind in ((config.crypto_maps, "crypto map"), (config.dynamic_maps, "crypto dynamic-map")):
        for crypto_map in maps.values():
            for entry in crypto_map.entries.values():
                if entry.acl:
                    matching.setdefault(entry.acl, []).append("%s %s %d" % (kind, crypto_map.name, entry.seq))
    for acl, users in config.acl_users.items():  # access-group, class-map: the same users the push refuses for
        matching.setdefault(acl, []).extend(users)
    return matching


def _note_acl_shared(ref, matching):
    """ref["acl_matched_by"]: the other entries whose traffic the end's crypto ACL(s) decide too (a DR peer for the
    same networks): a selector fix would change theirs as well (asa/remediation.py leaves it to a person; review
    2026-12-04)."""
    own = {"crypto map %s %d" % (ref["crypto_map"], e["seq"]) for e in ref.get("entries") or [{"seq": ref["seq"]}]}
    acls = {e["acl"] for e in ref.get("entries") or [{"acl": ref.get("acl")}] if e.get("acl")}
    others = sorted({user for acl in acls for user in matching.get(acl, ()) if user not in own})
    if others:
        # the first few: a hub's entries sharing one ACL would each list all the others (the report grew as their square)
        ref["acl_matched_by"] = others[:ACL_USERS_NAMED] + (
            ["and %d more" % (len(others) - ACL_USERS_NAMED)] if len(others) > ACL_USERS_NAMED else [])


def _peer_groups(crypto_map):
    """[(entry, peer index)] per peer the map's entries set, in sequence then peer order. An unreadable (masked)
    peer is a group of its own: nothing says two of them are one."""
    groups = {}
    for seq in sorted(crypto_map.entries):
        entry = crypto_map.entries[seq]
        addresses = entry.peer_addresses
        for index in range(len(entry.peers)):
            address = addresses[index] if index < len(addresses) else None
            members = groups.setdefault(address if address else (seq, index), [])
            if not members or members[-1][0] is not entry:  # a peer written twice in one entry is one peer
                members.append((entry, index))
    return groups.values()


def _end_name(crypto_map, entry, index):
    """The entry's name for its first peer (as before backup peers were ends), else the name and the peer."""
    if index == 0:
        return "%s %d" % (crypto_map.name, entry.seq)
    address = entry.peer_addresses[index] if index < len(entry.peer_addresses) else None
    return "%s %d (peer %s)" % (crypto_map.name, entry.seq, address or index + 1)


def _tunnel_end(ctx, crypto_map, members, interfaces, apart=None):
    """The end of ``members`` (entries of one map to one peer); those whose crypto differs from the first's are left
    out of it and appended to ``apart`` (each is then an end of its own)."""
    entry, index = members[0]  # the lowest sequence number: its settings are compared
    name = _end_name(crypto_map, entry, index)
    entry_name = "%s %d" % (crypto_map.name, entry.seq)
    origin = Origin(
        name,
        {"crypto_map": crypto_map.name, "seq": entry.seq},
        "Crypto map entry %s sets peer" % entry_name,
    )
    unknowns, assumptions = [], []
    deps = UNKEPT  # keeps nothing, unless the config has parse findings to scope: its keys made only then
    if ctx.keep_dependencies:
        deps = ctx.dependencies_of(name, tuple(("crypto-map", crypto_map.name, e.seq) for e, _i in members) + (
            ("crypto-map", crypto_map.name, None),
            ("interface", crypto_map.interface, None),
        ))

    iface = ctx.nameifs.get(crypto_map.interface)
    peer_address = entry.peer_addresses[index] if index < len(entry.peer_addresses) else None
    local_address = None if iface is None else ike_local_address(ctx, iface, peer_address, name,
                                                                 "the crypto map is bound to")
    if local_address is None:
        unknowns.append("local_address")
    if entry.nat_t_disable and local_address is not None:
        _nat_t_off_behind_nat(ctx, entry, local_address, name)
    if peer_address is None:
        unknowns.append("peer_address")

    # this end's peer first: its tunnel-group is the one compared
    peers = [entry.peers[index]] + [p for i, p in enumerate(entry.peers) if i != index]
    prot = protection(ctx, origin, entry, crypto_map.interface, peers, peer_address, entry.peer_line,
                      "crypto-map", deps, assumptions, unknowns)
    if len(members) > 1:
        members, differing = _entries_agreeing(ctx, origin, prot, members)
        if apart is not None:
            apart.extend(differing)
    deny_aces = []  # the deny ACEs as traffic_selectors read them, for the ref (_deny_lines)
    inactive = []  # what the permit ACEs marked inactive would offer (TunnelEnd.inactive_selectors)
    if len(members) == 1:
        selectors, local_networks, remote_networks, pairs = traffic_selectors(ctx, entry, deps, name, deny_aces,
                                                                              inactive)
    else:
        selectors, local_networks, remote_networks, pairs = _united_selectors(ctx, members, deps, name, deny_aces,
                                                                              inactive)
    for field, value in (
        ("traffic_selectors", selectors),
        ("local_networks", local_networks),
        ("remote_networks", remote_networks),
    ):
        if value is None:
            unknowns.append(field)
    if ctx.config.group_policies:
        check_vpn_filter(ctx, name, prot.policy_name, pairs if selectors is not None else None)
        check_session_timeout(ctx, name, prot.policy_name)
        check_session_limits(ctx, name, prot.policy_name)
    nat, nat_rules = _nat(ctx, selectors, pairs, crypto_map.interface, deps, name)
    end_fields = prot.end_fields(ctx, origin, assumptions)
    inside = _inside_interfaces(ctx, local_networks, crypto_map.interface)

    ref = {
        "host": ctx.host,
        "kind": "crypto_map",
        "crypto_map": crypto_map.name,
        "seq": entry.seq,
        "interface": crypto_map.interface,
        "acl": entry.acl,
        "interfaces": dict(interfaces),
        "inside_interface": _inside_interface(inside, nat_rules),
        "inside_interfaces": inside,
        "nat_rule_lines": [r.line.to_dict() for r in nat_rules],
        "connection_type": entry.connection_type,
        "nat_t_disable": entry.nat_t_disable,
        **prot.ref(ctx, crypto_map.interface, assumptions),
    }
    kept = _nat_kept_pairs(ctx, nat_rules, crypto_map.interface, pairs)
    if kept:
        ref["nat_kept_pairs"] = kept  # what a fix adds inside these needs no exemption (remediation_selectors.nat_kept)
    denies = _deny_lines(deny_aces)
    if denies:
        ref["acl_deny_lines"] = denies  # a permit appended to the ACL sits behind them (remediation_selectors._acl_lines)
    if len(entry.peers) > 1:
        ref["peers"] = [entry.peers[index]]  # this end's peer (state_match tells the entry's ends apart by it)
        ref["set_peers"] = list(entry.peers)  # as the entry writes them ('set peer' keeps this order)
        ref["peer_index"] = index
        if index:
            _backup_peer(ctx, origin, entry, index)
    if len(members) > 1:
        # every entry of the map to this peer, lowest sequence number first (remediation adds a selector to the
        # entry whose ACL holds its networks)
        ref["entries"] = [{"seq": e.seq, "acl": e.acl} for e, _i in members]
    return TunnelEnd(
        vendor="asa",
        name=name,
        ref=ref,
        local_address=local_address,
        peer_address=peer_address,
        local_address_source=address_source(iface),
        peer_address_source=(entry.peer_line,) if entry.peer_line is not None else (),
        pfs_source=proposals.pfs_source(entry, entry.lines),
        traffic_selectors=selectors,
        inactive_selectors=inactive,
        any_to_any=False,
        narrows_selectors=False,  # reference asa.traffic_selector_behaviour: TS_UNACCEPTABLE, no narrowing
        local_networks=local_networks,
        remote_networks=remote_networks,
        nat=nat,
        mode=tables.CONNECTION_TYPES.get(entry.connection_type, MODE_BOTH),
        mode_source=(entry.connection_type_line,) if entry.connection_type_line is not None else (),
        no_bgp_source=crypto_map_no_bgp(ctx.config.bgp, entry.peer_line),
        unknowns=tuple(dict.fromkeys(unknowns)),
        **end_fields,
    )


def _deny_lines(deny_aces):
    """The active deny ACEs of the end's crypto ACLs (``deny_aces``: as traffic_selectors read them, the entries'
    in order), as {"line", "text", "sources", "destinations"} (network texts, None when they cannot be resolved):
    first match, so a permit added at the end of the ACL never reaches the traffic they match
    (remediation_selectors._acl_lines)."""
    return [dict(ace.line.to_dict(), sources=None if sources is None else [info[0] for info in sources],
                 destinations=None if destinations is None else [info[0] for info in destinations])
            for ace, sources, destinations in deny_aces]


def _united_selectors(ctx, members, deps, name, deny_aces=None, inactive=None):
    """``traffic_selectors`` of several entries to one peer, united in sequence order: a selector two entries
    permit is the first one's (the ASA matches the entries in that order). None where any entry's is None."""
    selectors, local, remote, pairs, seen = [], {}, {}, {}, set()
    for entry, _index in members:
        own, own_local, own_remote, own_pairs = traffic_selectors(ctx, entry, deps, name, deny_aces, inactive)
        if own is None or selectors is None:
            selectors = None
        else:
            for selector in own:
                key = (selector.local, selector.remote, selector.protocol)
                if key not in seen:
                    seen.add(key)
                    selectors.append(selector)
        for found, networks in ((local, own_local), (remote, own_remote)):
            if networks is None:
                found[None] = True
            else:
                found.update(dict.fromkeys(networks, True))
        for pair, spans in own_pairs.items():
            pairs.setdefault(pair, spans)
    return selectors, known_networks(local), known_networks(remote), pairs


def _backup_peer(ctx, origin, entry, index):
    primary = entry.peers[0]
    ctx.add(
        "UNSUPPORTED_CONSTRUCT",
        INFO,
        "Crypto map entry %s %d sets %s as backup peer %d ('set peer %s'): this tunnel is checked with the "
        "tunnel-group of %s, but the ASA initiates to it only when %s does not answer (the VPN is established with "
        "the backup peer once the primary peer goes down); %s is a tunnel of its own."
        % (entry.map_name, entry.seq, entry.peers[index], index + 1, " ".join(entry.peers), entry.peers[index],
           primary, primary),
        ctx.evidence(origin.keys, [entry.peer_line], peer=entry.peers[index], primary_peer=primary),
        [],
        [origin.name],
    )


def _nat_t_off_behind_nat(ctx, entry, local_address, name):
    """``set nat-t-disable`` on an ASA whose own address is private (RFC 1918, RFC 6598): a NAT device sits between it
    and Azure, which reaches the ASA at a public address, and without NAT traversal ESP (IP protocol 50) does not
    cross it ("NAT-T is supported" and needed when the device is behind NAT: Azure VPN gateway FAQ). On a public
    address it plays no part and is not named (review 2026-12-04: it was read as nothing)."""
    if not behind_nat(local_address):
        return
    line = next((l for l in entry.lines if l.text.split()[-1:] == ["nat-t-disable"]), None)
    ctx.add_once(
        "UNSUPPORTED_CONSTRUCT", WARNING,
        "Line %s: crypto map %s %d sets nat-t-disable, but the ASA's own address %s is private, so a NAT device sits "
        "between it and Azure: without NAT traversal IKE and ESP through it fail." % (
            line.line if line else "?", entry.map_name, entry.seq, local_address),
        ctx.evidence({"crypto_map": entry.map_name, "seq": entry.seq}, [line] if line else [],
                     construct="nat-t-disable", local_address=local_address),
        ["no crypto map %s %d set nat-t-disable" % (entry.map_name, entry.seq)], [name])


def _entries_agreeing(ctx, origin, prot, members):
    """(the members whose ESP proposals, PFS and lifetimes are the first's, the others). The entries that agree are
    one tunnel to the peer (their selectors united); one that differs is checked as a tunnel of its own, with a
    finding naming both: a Child SA the peer starts for its networks uses its settings, which united with the first
    entry's would never be compared with the peer's (one pairs with the peer's connection, the other is unpaired)."""
    first = members[0][0]

    def settings(entry):
        unknowns = []
        pfs = proposals.pfs_group(entry, [], unknowns)
        child = proposals.child_proposals(ctx.config, prot.version, entry, pfs, unknowns, ctx.child_parts_made)
        lifetime, _origin = proposals.child_lifetime(ctx.config, entry.lifetime, "crypto-map", UNKEPT)
        return {
            "ESP proposals": sorted(repr((p.encryption, p.integrity)) for p in child),
            "PFS": pfs if not entry.pfs_invalid else "unreadable",
            "lifetime": (lifetime.seconds, lifetime.kilobytes),
        }

    wanted = settings(first)
    agreeing, differing = [members[0]], []
    for member in members[1:]:
        entry = member[0]
        own = settings(entry)
        differ = [what for what in wanted if own[what] != wanted[what]]
        if not differ:
            agreeing.append(member)
            continue
        differing.append(member)
        one, other = "%s %d" % (first.map_name, first.seq), "%s %d" % (entry.map_name, entry.seq)
        ctx.add(
            "UNSUPPORTED_CONSTRUCT",
            WARNING,
            "Crypto map entries %s and %s both set peer %s but differ in %s: they are checked as two tunnels to that "
            "peer, since a Child SA the peer starts for %s's networks uses %s's settings." % (
                one, other, first.peers[members[0][1]], " and ".join(differ), other, other),
            ctx.evidence(origin.keys, list(first.lines) + list(entry.lines), entries=[one, other], differ=differ),
            ["! give crypto map %s the same %s as crypto map %s (or check it against the peer by hand)"
             % (other, " and ".join(differ), one)],
            [origin.name],
        )
    return agreeing, differing


# -- selectors and NAT ------------------------------------------------------------------
def _nat(ctx, selectors, pairs, map_interface, deps, name):
    """(NatExemption, NAT rules that decided) from the selectors' network pairs (``pairs``: their
    texts -> spans, in the selectors' order). A rule applies to traffic entering its real interface:
    the one the ASA routes the local network to (NatIndex.ingress); where no route tells it and a rule
    bound to a real interface would decide, the verdict is undecidable and a finding says so, scoped to
    this end (``name``): another tunnel of the ASA is not degraded by it."""
    if selectors is None:
        return NatExemption(None, "traffic selectors are not decidable, so NAT cannot be checked"), []
    if not selectors:
        return nat_verdict({}), []
    unknown = []
    # index built on first use
    verdict, deciding = ctx.nat_index.decide_tunnel(pairs, map_interface, by_ingress=True, unknown_ingress=unknown)
    for rule in deciding if ctx.keep_dependencies else ():
        deps.add(("nat", str(rule.index), None))
        for token in (rule.source_real, rule.source_mapped, rule.destination_mapped, rule.destination_real):
            deps.update({("object", token, None), ("object-group", token, None)})
    for local, rule, networks in unknown:
        if networks is not None:  # routed to one interface, but one whose IPv6 networks are not stated may take it
            why, lines, remediation, _possible = networks
            ctx.add_once(
                "UNSUPPORTED_CONSTRUCT",
                WARNING,
                "NAT rule on line %d applies only to traffic entering %s, and %s: whether the rule translates the "
                "tunnel traffic from %s is not checked." % (rule.line.line, rule.real_if, why, local),
                ctx.evidence({"nat_real_interface": rule.real_if, "local_network": local}, [rule.line] + lines),
                remediation,
                [name],
            )
            continue
        if ":" in local:  # an IPv6 network is routed by 'ipv6 route' (Cisco ASA command reference)
            route = "'ipv6 route <nameif> <prefix>/<length> <gateway>'"
        else:
            route = "'route <nameif> <network> <mask> <gateway>'"
        ctx.add_once(
            "UNSUPPORTED_CONSTRUCT",
            WARNING,
            "NAT rule on line %d applies only to traffic entering %s, and no connected network or static route (but "
            "a default one) tells which interface the tunnel's local network %s enters by: whether the rule "
            "translates its tunnel traffic is not checked." % (rule.line.line, rule.real_if, local),
            ctx.evidence({"nat_real_interface": rule.real_if, "local_network": local}, [rule.line]),
            ["! route %s to the interface it sits behind (%s), or check by hand that NAT leaves its tunnel traffic "
             "untranslated" % (local, route)],
            [name],
        )
    return inactive_exemptions(ctx, verdict, pairs, map_interface), deciding


INSIDE_NETWORKS = 16  # networks listed per interface in ref "inside_interfaces"; "networks_more" counts the rest


def _inside_interfaces(ctx, local_networks, map_interface):
    """[{"nameif", "networks"}]: the interfaces the tunnel's traffic enters the ASA by, so where a NAT exemption
    must apply (one rule each), with the parts of the local networks each takes, in the order of the local
    networks (at most INSIDE_NETWORKS, and "networks_more": how many more). By the routes (NatIndex.ingress); parts
    no route reaches (but a default one) may enter by any interface through traffic can (not management-only nor
    shut down) but the crypto map's: by that one when there is one, else under nameif None with "may_enter_by".
    Each network's parts by interface are remembered (a hub's summary split by thousands of routes)."""
    index = ctx.nat_index
    others = [nameif for nameif in index.entry_nameifs() if nameif != map_interface]
    by_nameif, more = {}, {}
    for network_text in local_networks or ():
        for nameif, texts, count in _parts_by_nameif(index, network_text):
            if nameif is None and len(others) == 1:
                nameif = others[0]
            listed = by_nameif.setdefault(nameif, [])
            taken = (texts or [network_text])[:max(0, INSIDE_NETWORKS - len(listed))]
            listed.extend(taken)
            more[nameif] = more.get(nameif, 0) + count - len(taken)
    found = []
    for nameif, networks in by_nameif.items():
        entry = {"nameif": nameif, "networks": networks}
        if more[nameif]:
            entry["networks_more"] = more[nameif]
        if nameif is None:
            entry["may_enter_by"] = list(others)
        found.append(entry)
    return found


def nat_interfaces(ref):
    """(nameifs, unplaced) from an end's ref: the interfaces a NAT exemption needs a rule on (one each: a rule
    applies to traffic entering its real interface only, Cisco ASA command reference, ``nat``), in the order of
    ref "inside_interfaces" (_inside_interfaces), and the local network parts no route places that may enter by an
    interface not among them (listed as far as the ref lists them). Facts without "inside_interfaces" (older
    ones): ref "inside_interface" alone, or no nameif."""
    found = [f for f in ref.get("inside_interfaces") or () if isinstance(f, dict)]
    nameifs = [f["nameif"] for f in found if isinstance(f.get("nameif"), str)]
    if not nameifs:
        inside = ref.get("inside_interface")
        return ([inside] if isinstance(inside, str) else []), []
    unplaced = [n for f in found if f.get("nameif") is None and not set(f.get("may_enter_by") or ["?"]) <= set(nameifs)
                for n in f.get("networks") or ()]
    return nameifs, unplaced


# At most this many network pairs of the deciding identity rules are judged per end (_nat_kept_pairs): a rule of two
# large groups is not walked pair by pair; past it, a fix's exemption is made as before
_KEPT_PAIRS_MAX = 64


def _nat_kept_pairs(ctx, rules, map_interface, pairs):
    """[[local, remote]] network pairs of the identity twice NAT rules that decide the end's traffic (``rules``: the
    NAT check's deciding rules) that the device's NAT keeps untranslated, as the NAT check decides a pair (first match,
    by the interface each part enters by). A rule's groups are often wider than the crypto ACL (an exemption for the
    whole site, an ACL for part of it): a fix that adds a pair inside these needs no rule of its own
    (remediation_selectors.nat_kept; review 2026-12-07: an ACL fix for 10.2/16 brought 'nat (servers,outside) 1 ...'
    beside the identity rule on servers that already exempted it). The selectors' own pairs (``pairs``) and /0
    networks are left out (nat_kept reads the former from the selectors; pairs_to_exempt never exempts the latter)."""
    kept, judged = [], 0
    resolver, index = ctx.resolver, ctx.nat_index
    for rule in rules:
        if rule.kind != "static" or rule.destination_mapped is None or rule.source_real != rule.source_mapped \
                or rule.destination_real != rule.destination_mapped:
            continue
        sources, destinations = resolver.nat_operand(rule.source_real), resolver.nat_operand(rule.destination_mapped)
        if not isinstance(sources, list) or not isinstance(destinations, list):
            continue
        for local, local_span, _network in resolver.infos_of(sources):
            for remote, remote_span, _other in resolver.infos_of(destinations):
                if local_span[0] != remote_span[0] or not local_span[3] or not remote_span[3] \
                        or (local, remote) in pairs or [local, remote] in kept:
                    continue
                judged += 1
                if judged > _KEPT_PAIRS_MAX:
                    return kept
                verdict, _rules = index.decide_tunnel({(local, remote): (local_span, remote_span)}, map_interface,
                                                      by_ingress=True, unknown_ingress=[])
                if verdict.exempt is True:
                    kept.append([local, remote])
    return kept


def _parts_by_nameif(index, network_text):
    """[(nameif or None, up to INSIDE_NETWORKS texts of its parts or None: the network itself, how many parts)] of a
    local network by the interface its parts enter by (NatIndex.ingress), in the order of the parts; remembered."""
    found = index.inside.get(network_text)
    if found is not None:
        return found
    span = index.local_spans.get(network_text)  # as the NAT check read it
    if span is None:
        network = ipaddress.ip_network(network_text, strict=False)
        first, length = int(network.network_address), network.prefixlen
        span = (network.version, first, first | ((1 << (network.max_prefixlen - length)) - 1), length)
    parts = index.ingress(span)
    if len(parts) == 1 and parts[0][0] == span:
        found = [(parts[0][1], None, 1)]
    else:
        by_nameif = {}
        for part, nameif in parts:
            texts = by_nameif.setdefault(nameif, [[], 0])
            if len(texts[0]) < INSIDE_NETWORKS:
                texts[0].append(network_text_of(part[0], part[1], part[3]))
            texts[1] += 1
        found = [(nameif, texts, count) for nameif, (texts, count) in by_nameif.items()]
    index.inside[network_text] = found
    return found


def _inside_interface(inside, nat_rules):
    """The one interface the local networks enter by (``inside``: their _inside_interfaces; parts whose interface is
    not known are left out), or None when they enter by several (an exemption on one would miss the others); when
    none is known, the real interface of a rule that decided (as before routes were read)."""
    known = [found["nameif"] for found in inside if found["nameif"] is not None]
    if known:
        return known[0] if len(known) == 1 else None
    for rule in nat_rules:
        if rule.real_if != "any":
            return rule.real_if
    return None


def _map_not_applied(ctx, crypto_map, names):
    enabled = sorted(set(ctx.config.ikev2_enabled) | set(ctx.config.ikev1_enabled))
    if len(enabled) == 1:
        remediation = ["crypto map %s interface %s" % (crypto_map.name, enabled[0])]
    else:
        remediation = [
            "! Bind the map to the interface facing the peer: crypto map %s interface <nameif>" % crypto_map.name
        ]
    lines = [line for entry in crypto_map.entries.values() for line in entry.lines[:1]]
    ctx.add(
        "CRYPTO_MAP_NOT_APPLIED",
        ERROR,
        "Crypto map %s is not bound to any interface ('crypto map %s interface ...' is missing), so none of its "
        "entries can bring a tunnel up." % (crypto_map.name, crypto_map.name),
        ctx.evidence({"crypto_map": crypto_map.name}, lines),
        remediation,
        names,
    )
