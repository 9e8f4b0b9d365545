# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the report says of ends that did not pair as one tunnel: an ASA end with no connection at its peer, a
connection with no ASA end (PEER_NOT_FOUND), one several ASAs could serve (unclear) or several connections claim
(contended), and an active-active instance without its tunnel. compat.run_check adds them; pairing.pair_ends decides.

Plain Python, no Ansible import."""

import dataclasses

from ansible_collections.vpnalign.s2s.plugins.module_utils.end_labels import end_label
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import PrefixIndex, parse
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.pairing import UNCLEAR_NAMED
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of


def asa_unpaired_reason(end, azure_at, partner_of=None):
    """Why an ASA end found no Azure end, said from what is at its peer address (review 2026-12-05: "no Azure connection
    has this peer address" where three connections of the hub gateway did, each to another site). ``partner_of``: id of
    an Azure end -> the ASA end paired with it. A connection to this end's own address already paired with another end
    of the same ASA makes this one a second tunnel to that peer (review 2026-12-06: the reason called this ASA's address
    both "other sites" and "not this end's", and the connection "not in the run")."""
    there = azure_at.get(end.peer_address) or []
    if not there:
        return "no Azure connection of this run is at its peer address %s" % (end.peer_address or "(none)")
    partner_of = partner_of or {}
    mine = [e for e in there if end.local_address and e.peer_address == end.local_address]
    taken = [(e, partner_of[id(e)]) for e in mine if id(e) in partner_of]
    if taken:
        host = (end.ref or {}).get("host")
        return ("the Azure gateway at %s has %s to this end's address %s, already paired with %s: this end is a second "
                "tunnel to the same peer, for which Azure has no connection" % (
                    end.peer_address, "; ".join("connection %s" % (e.ref.get("connection") or e.name) for e, _a in taken),
                    end.local_address, ", ".join(dict.fromkeys(
                        end_label(a) + (" of this same ASA" if (a.ref or {}).get("host") == host
                                        else " of ASA %s" % ((a.ref or {}).get("host") or "(unnamed)"))
                        for _e, a in taken))))
    sites = sorted({e.peer_address for e in there if e.peer_address})
    return ("the Azure gateway at %s has %d connection(s) in this run, to other sites (their local network gateways "
            "are at %s), none to this end's address %s and none naming its BGP neighbour or networks: its connection "
            "is not in the run (deleted, or in another subscription)" % (
                end.peer_address, len(there), first_of(sites, 4, total=len(sites)) or "no known address",
                end.local_address or "(unknown)"))


def azure_unpaired_reason(end):
    """Why an Azure connection found no ASA end: no ASA of the run is at the address it sends IKE to."""
    return "no ASA of this run is at its peer address %s (its local network gateway's)" % (end.peer_address or "(none)")


# The tunnel-group an L2L peer without a group of its own name lands in (Cisco ASA VPN guide, "Default Tunnel Groups")
DEFAULT_L2L_GROUP = "DefaultL2LGroup"


def names_dynamic_vti(code, asa_evidence):
    """Whether a finding (its code and ASA evidence, of a Finding or of facts) names a dynamic VTI
    (parser.interfaces.virtual_templates)."""
    return code == "UNSUPPORTED_CONSTRUCT" and (asa_evidence.get("context") or {}).get("kind") == "virtual-template"


def dvti_may_serve(finding, gateway_address):
    """Whether an ASA-wide finding names a dynamic VTI (parser.interfaces.virtual_templates) that may serve an Azure
    gateway at ``gateway_address``: one bound to the tunnel-group of that address or to DefaultL2LGroup. The ASA picks
    an L2L tunnel-group by the peer's IKE identity ("Tunnel group name must match what the peer will send as its IKEv1
    or IKEv2 identity", ASA_VPN_GUIDE_920_VTI), and Azure sends its public address; a template bound to other peers'
    groups, or to none, serves no Azure connection (review 2026-12-06: one bound to 192.0.2.77 made an Azure
    connection's PEER_NOT_FOUND a warning)."""
    evidence = finding.evidence.get("asa") or {}
    return names_dynamic_vti(finding.code, evidence) and gateway_group_among(evidence, gateway_address)


def gateway_group_among(asa_evidence, gateway_address):
    """Whether an Azure gateway at ``gateway_address`` lands in one of the tunnel-groups ``asa_evidence`` names
    (tunnel_groups, of tunnel_groups_total): its own (named after its address) or DefaultL2LGroup."""
    groups = asa_evidence.get("tunnel_groups") or ()
    if (asa_evidence.get("tunnel_groups_total") or 0) > len(groups):
        return True  # more groups than the facts name: this gateway's may be among the others
    return DEFAULT_L2L_GROUP in groups or (gateway_address is not None and gateway_address in groups)


def peer_not_found(azure_end, dynamic_vtis=()):
    """PEER_NOT_FOUND for a connection no ASA end pairs with. ``dynamic_vtis``: the findings naming dynamic VTIs of
    the ASA at its peer address that may serve this gateway (dvti_may_serve): so the ASA is not said to have no tunnel
    interface for it, and no second tunnel (a crypto map entry) is advised beside it (review A, 2026-12: that advice
    would build a conflicting tunnel); the tunnel is then not checked, a warning."""
    gw = azure_end.local_address or "the Azure gateway's public IP"
    if dynamic_vtis:
        constructs = [(f.evidence.get("asa") or {}).get("construct") or "a dynamic VTI" for f in dynamic_vtis]
        return Finding(
            code="PEER_NOT_FOUND",
            severity=WARNING,
            phase="config",
            summary="Azure connection %s expects its peer at %s, and no ASA tunnel end with peer %s pairs with it; "
                    "%s of the ASA may serve it, as it serves whichever peer connects, which is not modelled: this "
                    "tunnel is not checked." % (azure_end.name, azure_end.peer_address, gw, first_of(constructs, 3)),
            evidence={"azure": {"peer_address": azure_end.peer_address, "gateway_address": azure_end.local_address,
                                "route_based": azure_end.route_based},
                      "asa": {"crypto_map_peers": [], "tunnel_destinations": [], "dynamic_vtis": constructs}},
            remediation={"asa": ["! Check by hand that the dynamic VTI's tunnel-group accepts peer %s with this "
                                 "connection's key and crypto; for a checked tunnel, serve it by a static VTI "
                                 "(tunnel destination %s) instead" % (gw, gw)]},
        )
    if azure_end.route_based:
        todo = ("! add a tunnel interface (tunnel destination %s, tunnel protection ipsec profile), a route into it, "
                "tunnel-group %s and pre-shared key" % (gw, gw))
    else:
        todo = "! add a crypto map entry, tunnel-group %s and pre-shared key for peer %s" % (gw, gw)
    return Finding(
        code="PEER_NOT_FOUND",
        severity=ERROR,
        phase="config",
        summary="Azure connection %s expects its peer at %s, but the ASA has no crypto map entry or IPsec tunnel "
                "interface for %s (a tunnel interface needs tunnel destination and tunnel protection ipsec profile): "
                "the tunnel cannot come up." % (azure_end.name, azure_end.peer_address, gw),
        evidence={"azure": {"peer_address": azure_end.peer_address, "gateway_address": azure_end.local_address,
                            "route_based": azure_end.route_based},
                  "asa": {"crypto_map_peers": [], "tunnel_destinations": []}},
        remediation={"asa": [todo]},
    )


def unclear_peer(azure_end, candidates, count, host_of):
    """Several ASA ends have this connection's gateway as their peer, none is at the address its local network gateway
    gives, and nothing else tells which one is this connection's: it is not paired with a guess."""
    named = [{"host": host_of(end), "tunnel": end.ref.get("interface") or end.name, "local_address": end.local_address,
              "lines": _address_lines(end)} for end in candidates]
    listed = first_of(["%s %s at %s" % (c["host"] or "(unnamed)", c["tunnel"], c["local_address"] or "an unknown address")
                       for c in named], len(named), total=count)
    return Finding(
        code="PEER_ADDRESS_MISMATCH",
        severity=ERROR,
        phase="config",
        summary="Azure connection %s expects its peer at %s (its local network gateway's gatewayIpAddress), but no ASA "
                "tunnel end to its gateway %s is at that address; %d %s from other addresses (%s) and neither their BGP "
                "neighbor nor their networks tell which is this connection's, so it is not paired and not checked. Set "
                "the local network gateway's gatewayIpAddress to the public address of this connection's ASA (behind "
                "NAT: the address its traffic leaves from)." % (
                    azure_end.name, azure_end.peer_address, azure_end.local_address, count,
                    "is" if count == 1 else "are", listed),
        evidence={"azure": {"peer_address": azure_end.peer_address, "gateway_address": azure_end.local_address,
                            "local_network_gateway": azure_end.ref.get("local_network_gateway"),
                            "lines": _address_lines(azure_end)},
                  "asa": {"candidates": named, "candidate_count": count}},
    )


def contended_peer(azure_end, claimed, others, host_of, with_subscription):
    """Two or more connections from one gateway address to one ASA address, for fewer ASA tunnel ends there: which is
    the live one the input does not say, so none is paired by its place in the input."""
    shown, count = others
    asa = first_of(["%s %s" % (host_of(end) or "(unnamed)", end.ref.get("interface") or end.name)
                    for end in claimed[:UNCLEAR_NAMED]], UNCLEAR_NAMED, total=len(claimed))
    rivals = [_azure_label(end, with_subscription) for end in shown]
    return Finding(
        code="PEER_ADDRESS_MISMATCH",
        severity=ERROR,
        phase="config",
        summary="Azure connection %s and %s all run from gateway address %s to %s, where the ASA has %s (%s): one ASA "
                "tunnel cannot be two connections, so one of them is stale (an export of another time or subscription, a "
                "public IP reused) and none is paired or checked. Remove the stale connection, or export again." % (
                    _azure_label(azure_end, with_subscription), first_of(rivals, UNCLEAR_NAMED, total=count),
                    azure_end.local_address, azure_end.peer_address,
                    "one tunnel end" if len(claimed) == 1 else "%d tunnel ends" % len(claimed), asa),
        evidence={"azure": {"peer_address": azure_end.peer_address, "gateway_address": azure_end.local_address,
                            "local_network_gateway": azure_end.ref.get("local_network_gateway"),
                            "other_connections": rivals, "other_connection_count": count,
                            "lines": _address_lines(azure_end)},
                  "asa": {"candidates": [{"host": host_of(end), "tunnel": end.ref.get("interface") or end.name,
                                          "local_address": end.local_address} for end in claimed[:UNCLEAR_NAMED]],
                          "candidate_count": len(claimed)}},
    )


def _address_lines(end):
    """The lines stating ``end``'s peer and local address (the local network gateway's gatewayIpAddress, the public
    IP; an ASA's set peer or tunnel destination and interface address), as findings cite lines."""
    return _lines(end.peer_address_source + end.local_address_source)


def _lines(source):
    return [{"line": cl.line, "text": cl.text} for cl in dict.fromkeys(source)]


def _azure_label(end, with_subscription):
    ref = end.ref or {}
    where = "/".join(str(part) for part in ((ref.get("subscription"),) if with_subscription else ()) + (
        ref.get("resource_group"),) if part)
    return "%s (%s)" % (ref.get("connection") or end.name, where) if where else (ref.get("connection") or end.name)


class MisdirectedVtis(object):
    """The ASA's ends paired with nothing, indexed once per ASA: which VTI is its tunnel to a missing active-active
    instance with a wrong tunnel destination. A lookup per missing instance costs its addresses and networks, not a
    scan of every unpaired end (a hub's unpaired ends times its active-active connections)."""

    def __init__(self, unpaired_asa=()):
        self._by_neighbor = {}  # (tunnel source address, BGP neighbor) -> [VTI]
        self._routes = {}  # tunnel source address -> PrefixIndex of the routes into each VTI without BGP
        for end in unpaired_asa:
            if end.ref.get("kind") != "vti":
                continue
            if end.bgp is not None:
                self._by_neighbor.setdefault((end.local_address, end.bgp.peer_address), []).append(end)
                continue
            index = self._routes.setdefault(end.local_address, PrefixIndex())
            for net in _parsed(end.routed_networks):
                if net.length:  # a default route is into any tunnel: it says nothing of which gateway is meant
                    index.add(net, end)

    def find(self, missing_end, asa_end):
        """(the VTI of the same tunnel source as ``asa_end``, the VTI paired with the other instance, that is meant
        for the active-active instance ``missing_end``; why it is meant for it) or None. Meant: it peers BGP with the
        missing instance's address or, with no BGP neighbor, routes all of the gateway's networks into it."""
        if asa_end.ref.get("kind") != "vti" or not missing_end.local_address:
            return None
        bgp = missing_end.bgp
        if bgp is not None:
            meant = list({id(end): end for address in bgp.local_addresses
                          for end in self._by_neighbor.get((asa_end.local_address, address), ())}.values())
            if len(meant) == 1:
                return meant[0], "peers BGP with %s, instance %s's address" % (
                    meant[0].bgp.peer_address, missing_end.ref.get("instance"))
        return self._by_routes(missing_end, asa_end)

    def _by_routes(self, missing_end, asa_end):
        index = self._routes.get(asa_end.local_address)
        networks = list(_parsed(missing_end.local_networks))
        if index is None or not networks:
            return None
        meant = None  # id -> VTI whose routes hold every network behind the gateway
        for net in networks:
            holders = {id(end): end for _key, ends in index.containing(net) for end in ends}
            meant = holders if meant is None else {k: e for k, e in meant.items() if k in holders}
        if len(meant) != 1:
            return None
        return next(iter(meant.values())), "routes gateway %s's networks (%s) into it" % (
            missing_end.ref.get("gateway"), ", ".join(missing_end.local_networks))


def _parsed(prefixes):
    """The prefixes of ``prefixes`` that parse (an unreadable one is its own finding elsewhere)."""
    for prefix in prefixes or ():
        try:
            yield parse(prefix)
        except ValueError:
            continue


def misdirected_peer_fix(finding, end, missing_end, why):
    """``finding`` of ``end``, the misdirected VTI (MisdirectedVtis.find, which gives ``why``), without a
    PEER_NOT_FOUND fix that builds a tunnel-group for its wrong destination: it names the destination to set instead
    (review 2026-12-07: the unpaired Tunnel11 with 203.0.113.142 for .141 got `tunnel-group 203.0.113.142 type
    ipsec-l2l`, config for the typo)."""
    if finding.code != "PEER_NOT_FOUND":
        return finding
    interface = end.ref.get("interface") or end.name
    return dataclasses.replace(finding, fixes={}, remediation={"asa": [
        "! %s %s, so its tunnel destination %s is a mistake for %s: set it (interface %s, tunnel destination %s), "
        "with tunnel-group %s and its pre-shared key; no tunnel-group for %s"
        % (interface, why, end.peer_address, missing_end.local_address, interface, missing_end.local_address,
           missing_end.local_address, end.peer_address)]})


def bgp_neighbors(ends):
    """{BGP neighbor address: the first of ``ends`` (one ASA's) that peers with it over its tunnel}."""
    out = {}
    for end in ends:
        if end.bgp is not None and end.bgp.peer_address:
            out.setdefault(end.bgp.peer_address, end)
    return out


def _neighbor_advice(missing_end, neighbors):
    """The BGP neighbor to add over the new tunnel to ``missing_end``, unless the ASA already peers with that address
    over another tunnel (``neighbors``: bgp_neighbors of the ASA): one neighbor address holds one session, so a second
    one cannot be added (an ASA with a connection per public address, as the public active-active ASA labs: instance
    0 peers from its one default address on both connections)."""
    bgp = missing_end.bgp
    address, instance = bgp.local_addresses[0], missing_end.ref.get("instance")
    peered = neighbors.get(address)
    if peered is None:
        return "! and a BGP neighbor %s remote-as %s over it" % (address, bgp.asn)
    return ("! no second BGP neighbor %s over it: the ASA already peers with %s (instance %s's address on this "
            "connection too) over %s, and one neighbor address holds one session; a session over the new tunnel "
            "needs another BGP address for instance %s on this connection, a choice to make by hand" % (
                address, address, instance, peered.ref.get("interface") or peered.name, instance))


def active_active_missing(paired_end, missing_end, asa_end, misdirected=None, neighbors=None):
    """The paired instance's tunnel works, but the other instance has no tunnel from the ASA. ``misdirected``:
    MisdirectedVtis.find's (VTI, why) when an unpaired VTI is that tunnel with a wrong tunnel destination (review
    2026-12-07: a typo in Tunnel2's destination got "add a second tunnel interface", a third tunnel next to the one
    that only needs its destination corrected; with static routes over it too, as no BGP neighbor named it).
    ``neighbors``: bgp_neighbors of the ASA's ends, so no neighbor it already has is advised again."""
    address = missing_end.local_address or "its public IP"
    bgp = missing_end.bgp
    vti = asa_end.ref.get("kind") == "vti"
    tunnel = (asa_end.ref.get("interface") if vti else None) or asa_end.name
    meant = [misdirected[0]] if misdirected is not None else []
    if len(meant) == 1:
        other = meant[0].ref.get("interface") or meant[0].name
        fix = ["! %s %s, but its tunnel destination is %s: set it to %s (interface %s, tunnel destination %s), with "
               "tunnel-group %s and its pre-shared key" % (
                   other, misdirected[1], meant[0].peer_address, address, other, address, address)]
    elif vti:
        fix = ["! add a second tunnel interface to the other gateway instance: tunnel destination %s, the same "
               "tunnel source and ipsec profile as %s, tunnel-group %s and pre-shared key" % (address, tunnel, address)]
    else:
        # a crypto map entry reaches one peer at a time (review 2026-12-05: this said "the ipsec profile as outside",
        # the crypto map's interface)
        fix = ["! a crypto map entry keeps one tunnel at a time: add %s as a backup peer of crypto map %s (set peer "
               "%s %s) with tunnel-group %s and its pre-shared key, for failover; for a tunnel to each instance at "
               "once, move to a tunnel interface (VTI) per instance" % (
                   address, asa_end.name, asa_end.peer_address, address, address)]
    if bgp is not None and bgp.local_addresses and len(meant) != 1:
        fix.append(_neighbor_advice(missing_end, neighbors or {}))
    return Finding(
        code="ACTIVE_ACTIVE_TUNNEL_MISSING",
        severity=WARNING,
        phase="config",
        summary="Azure gateway %s is active-active, but the ASA has a tunnel only to instance %s; instance %s at %s "
                "has none, so this tunnel works without redundancy and traffic stops while Azure maintains or fails "
                "over that instance." % (paired_end.ref.get("gateway"), paired_end.ref.get("instance"),
                                         missing_end.ref.get("instance"), address),
        evidence={"azure": {"instance": paired_end.ref.get("instance"), "gateway_address": paired_end.local_address,
                            "missing_instance": missing_end.ref.get("instance"),
                            "missing_instance_address": missing_end.local_address,
                            "lines": _lines(paired_end.local_address_source + missing_end.local_address_source)},
                  "asa": {"tunnel": tunnel, "peer": asa_end.peer_address,
                          "lines": _lines(asa_end.peer_address_source + (meant[0].peer_address_source if len(meant) == 1
                                                                         else ()))}},
        remediation={"asa": fix},
        scope=[paired_end.name],
    )


def peer_fix_left_to_a_person(finding, asa_end):
    """``finding`` of a pair made by the ASA's own address alone (pairing step 3) whose entry protects networks beyond
    the connection's (pairing.peer_fix_safe), without the ASA's ``set peer`` fix: the entry's peer names no end of the
    run, so it may be another VPN of that ASA, and pointing it at Azure would cut that VPN (review 2026-12-06). The
    summary says both readings; align leaves the step to a person."""
    if finding.code != "PEER_ADDRESS_MISMATCH" or not finding.fixes.get("asa"):
        return finding
    target = next((f.get("address") for f in finding.fixes["asa"] if f.get("kind") == "peer_address"), None)
    return dataclasses.replace(
        finding,
        summary="%s This entry was paired with the connection by the ASA's own address alone (its peer %s is no Azure "
                "gateway of this run): if it is meant for Azure, set its peer to %s by hand; if it is another VPN of "
                "this ASA, the ASA has no tunnel for this connection." % (
                    finding.summary, asa_end.peer_address, target or "the gateway's address"),
        fixes=dict((vendor, fixes) for vendor, fixes in finding.fixes.items() if vendor != "asa"))
