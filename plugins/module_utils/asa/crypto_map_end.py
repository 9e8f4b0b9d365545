# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One policy-based TunnelEnd per static crypto map entry with ``set peer``.

Its selectors come from the crypto ACL (one per permit ACE x expanded source x expanded
destination), and NAT is checked for exactly those pairs.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import proposals, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import Origin
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_index import nat_verdict
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.protection import protection
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_BOTH,
    NatExemption,
    TrafficSelector,
    TunnelEnd,
)

_OPERAND_KIND = {"group": "object-group", "object": "object", "interface": "interface"}
_NONE = object()  # no protocol seen yet for a pair of networks; no list resolved yet


def crypto_map_ends(ctx):
    ends = []
    # the interfaces' addresses every end's ref lists: made once, each ref gets its own copy (as vti_end does)
    interfaces = {n: i.address for n, i in sorted(ctx.nameifs.items()) if i.address}
    for crypto_map in ctx.config.crypto_maps.values():
        names = []
        for seq in sorted(crypto_map.entries):
            entry = crypto_map.entries[seq]
            if entry.peers:
                ends.append(_tunnel_end(ctx, crypto_map, entry, interfaces))
                names.append(ends[-1].name)
        if names and crypto_map.interface is None:
            _map_not_applied(ctx, crypto_map, names)
    return ends


def _tunnel_end(ctx, crypto_map, entry, interfaces):
    name = "%s %d" % (crypto_map.name, entry.seq)
    origin = Origin(
        name,
        {"crypto_map": crypto_map.name, "seq": entry.seq},
        "Crypto map entry %s sets peer" % name,
    )
    unknowns, assumptions = [], []
    deps = ctx.dependencies_of(name, (
        ("crypto-map", crypto_map.name, entry.seq),
        ("crypto-map", crypto_map.name, None),
        ("interface", crypto_map.interface, None),
    ))

    iface = ctx.nameifs.get(crypto_map.interface)
    local_address = iface.address if iface is not None else None
    peer_address = entry.peer_addresses[0] if entry.peer_addresses else None
    if local_address is None:
        unknowns.append("local_address")
    if peer_address is None:
        unknowns.append("peer_address")

    prot = protection(ctx, origin, entry, crypto_map.interface, entry.peers, peer_address, entry.peer_line,
                      "crypto-map", deps, assumptions, unknowns)
    selectors, local_networks, remote_networks, pairs = _traffic_selectors(ctx, entry, deps)
    for field, value in (
        ("traffic_selectors", selectors),
        ("local_networks", local_networks),
        ("remote_networks", remote_networks),
    ):
        if value is None:
            unknowns.append(field)
    nat, nat_rules = _nat(ctx, selectors, pairs, crypto_map.interface, deps)
    end_fields = prot.end_fields(ctx, origin, assumptions)

    ref = {
        "host": ctx.host,
        "kind": "crypto_map",
        "crypto_map": crypto_map.name,
        "seq": entry.seq,
        "interface": crypto_map.interface,
        "acl": entry.acl,
        "interfaces": dict(interfaces),
        "inside_interface": _inside_interface(ctx, nat_rules, local_networks),
        "nat_rule_lines": [r.line.to_dict() for r in nat_rules],
        "connection_type": entry.connection_type,
        "nat_t_disable": entry.nat_t_disable,
        **prot.ref(ctx, crypto_map.interface, assumptions),
    }
    return TunnelEnd(
        vendor="asa",
        name=name,
        ref=ref,
        local_address=local_address,
        peer_address=peer_address,
        pfs_source=proposals.pfs_source(entry, entry.lines),
        traffic_selectors=selectors,
        any_to_any=False,
        narrows_selectors=False,  # reference asa.traffic_selector_behaviour: TS_UNACCEPTABLE, no narrowing
        local_networks=local_networks,
        remote_networks=remote_networks,
        nat=nat,
        mode=tables.CONNECTION_TYPES.get(entry.connection_type, MODE_BOTH),
        unknowns=tuple(dict.fromkeys(unknowns)),
        **end_fields,
    )


# -- selectors and NAT ------------------------------------------------------------------
def _traffic_selectors(ctx, entry, deps):
    """(selectors, local networks, remote networks, network pairs). One selector per permit ACE x
    expanded source x expanded destination; selectors None if any part is undefined or invalid, and
    each network list None if any of its side is. Pairs: (local text, remote text) -> their spans,
    in the selectors' order, for the NAT check."""
    acl = ctx.config.access_lists.get(entry.acl) if entry.acl else None
    if acl is None:
        return None, None, None, {}
    deps.add(("access-list", acl.name, None))
    selectors, seen, pairs = [], {}, {}
    local, remote = {}, {}
    infos_of = ctx.infos_of
    keep = ctx.keep_dependencies
    # the list the side resolved to on the ACE before: the same list (an object or group's, remembered by the
    # resolver) has its networks noted already (many selectors: a side names one group on each of ~20 ACEs)
    last_sources = last_destinations = _NONE
    source_infos = destination_infos = []
    for ace in acl.entries:
        if keep:
            for operand in (ace.source, ace.destination):
                deps.add((_OPERAND_KIND.get(operand.kind, operand.kind), operand.value, None))
        if ace.action != "permit" or ace.inactive:
            continue
        sources, destinations = ctx.resolver.operand(ace.source), ctx.resolver.operand(ace.destination)
        if sources is not last_sources:
            source_infos, last_sources = _note_networks(local, sources, infos_of), sources
        if destinations is not last_destinations:
            destination_infos, last_destinations = _note_networks(remote, destinations, infos_of), destinations
        if sources is None or destinations is None or ace.protocol is None:
            selectors = None
        if selectors is None:
            continue
        protocol, source_lines = ace.protocol, (ace.line,)
        # Per selector (53k a side with many; issue 12): a network's text names it exactly, so a selector is
        # new when its pair of texts is new (``pairs``), or its protocol is new for the pair (``seen``: the
        # pairs' protocols, one protocol or a set of several)
        seen_get, add_selector = seen.get, selectors.append
        for source_text, source_span, _source in source_infos:
            version = source_span[0]
            for destination_text, destination_span, _destination in destination_infos:
                if version != destination_span[0]:
                    continue
                pair = (source_text, destination_text)
                protocols = seen_get(pair, _NONE)
                if protocols is _NONE:
                    seen[pair] = protocol
                    pairs[pair] = (source_span, destination_span)
                elif protocols.__class__ is set:
                    if protocol in protocols:
                        continue
                    protocols.add(protocol)
                elif protocols == protocol:
                    continue
                else:
                    seen[pair] = {protocols, protocol}
                add_selector(TrafficSelector(source_text, destination_text, protocol, source_lines))
    return selectors, _known_networks(local), _known_networks(remote), pairs


def _nat(ctx, selectors, pairs, map_interface, deps):
    """(NatExemption, NAT rules that decided) from the selectors' network pairs (``pairs``: their
    texts -> spans, in the selectors' order)."""
    if selectors is None:
        return NatExemption(None, "traffic selectors are not decidable, so NAT cannot be checked"), []
    if not selectors:
        return nat_verdict({}), []
    verdict, deciding = ctx.nat_index.decide_tunnel(pairs, map_interface)  # index built on first use
    for rule in deciding if ctx.keep_dependencies else ():
        deps.add(("nat", str(rule.index), None))
        for token in (rule.source_real, rule.source_mapped, rule.destination_mapped, rule.destination_real):
            deps.update({("object", token, None), ("object-group", token, None)})
    return verdict, deciding


def _inside_interface(ctx, nat_rules, local_networks):
    for rule in nat_rules:
        if rule.real_if != "any":
            return rule.real_if
    for network_text in local_networks or ():
        network = ipaddress.ip_network(network_text)
        for nameif, iface in ctx.nameifs.items():
            if iface.address and iface.mask:
                connected = ipaddress.ip_network("%s/%s" % (iface.address, iface.mask), strict=False)
                if connected.version == network.version and connected.overlaps(network):
                    return nameif
    return None


def _note_networks(found, networks, infos_of):
    """Collect networks' texts in order; a None marks the side as undecidable. Returns the
    networks' ``info_of`` ([] for None)."""
    if networks is None:
        found[None] = True
        return []
    infos = infos_of(networks)
    for info in infos:
        found[info[0]] = True
    return infos


def _known_networks(found):
    return None if None in found else list(found)


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
