# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Static routes that win over what BGP learns over a VTI.

Azure advertises its VNet over the BGP session (DOC_BGP_FAQ); the ASA installs those routes at its external BGP
distance (20, or ``distance bgp``). A static route (distance 1 unless given) for the same prefix wins over them, and a
longer prefix wins whatever its distance (longest match first; Cisco ASA general configuration guide, "Routing
Overview", administrative distances: connected 0, static 1, eBGP 20, iBGP 200). The usual case is a site moved from
static routing to BGP with its old ``route outside|inside <vnet>`` left in place (review 2026-12-06, route-based #1:
the routes check skipped every BGP end, and such a tunnel passed).

Judged per pair on the controller, where both the ASA's static routes (facts ``static_routes``) and the VNet are
known. Plain Python, no Ansible import."""

import bisect
import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.routing import stating
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, WARNING, Finding, lines_evidence

_SHOWN = 5


class StaticRoutes(object):
    """One device's static routes, by family and prefix length, each length's sorted by address: the routes within a
    network are found by a range per length (at most 33 or 129 of them), not a walk of every route per tunnel (a hub:
    500 BGP tunnels x 5,000 routes took 35 s). ``tunnel_peers``: {nameif: tunnel destination} of the device's VTIs; a
    route through one of them carries that peer, one through a tunnel interface of no known peer (not built) None."""

    def __init__(self, static_routes, tunnel_peers=None):
        by_length = {}
        for nameif, network, gateway, distance, through_tunnel, *line in static_routes or ():
            route = ipaddress.ip_network(network, strict=False)
            peer = (tunnel_peers or {}).get(nameif) if through_tunnel else None
            by_length.setdefault((route.version, route.prefixlen), []).append(
                (int(route.network_address), route, nameif, distance, _cited(route, nameif, gateway, distance, line),
                 bool(through_tunnel), peer))
        self._starts = {}
        self._rows = {}
        for key, rows in by_length.items():
            rows.sort(key=lambda row: row[0])
            self._starts[key] = [row[0] for row in rows]
            self._rows[key] = rows

    def within(self, network):
        """(route, nameif, distance, the line cited or None, through a tunnel interface, that tunnel's peer or None) of
        the routes inside ``network`` (itself included)."""
        first, last = int(network.network_address), int(network.broadcast_address)
        for length in range(network.prefixlen, network.max_prefixlen + 1):
            key = (network.version, length)
            starts = self._starts.get(key)
            if not starts:
                continue
            for row in self._rows[key][bisect.bisect_left(starts, first):bisect.bisect_right(starts, last)]:
                yield row[1:]


def _cited(route, nameif, gateway, distance, line):
    """The evidence line of a static route of the facts (``line``: [its number], or [] in an older release's facts,
    which cite none). The text is the route as the running config prints it, from the facts' fields: the facts
    carry the line's number, not its text (issue 12)."""
    if not line or not isinstance(line[0], int) or line[0] <= 0:
        return None
    text = "route %s %s %s %s %d" % (nameif, route.network_address, route.netmask, gateway, distance)
    return {"line": line[0], "text": text}


def _lines(found, ref):
    """The cited lines of ``found`` rows and the tunnel interface's line (``ref``'s), in line order, each once."""
    cited = {w[4]["line"]: w[4] for w in found if w[4] is not None}
    interface = ref.get("interface_line")
    if isinstance(interface, dict) and isinstance(interface.get("line"), int) and interface["line"] > 0:
        cited.setdefault(interface["line"], interface)
    return sorted(cited.values(), key=lambda c: c["line"])


def _at(cited):
    return ", at line %d" % cited["line"] if cited is not None else ""


def static_over_bgp(asa_end, azure_end, static_routes):
    """ROUTE_MISSING findings for ``asa_end`` (a VTI running BGP with ``azure_end``) where the ASA's static routes
    (a StaticRoutes of its ``[nameif, network, gateway, distance, through a tunnel interface]`` list) take Azure's
    networks elsewhere; [] when none does or what is needed is not known."""
    ref = asa_end.ref or {}
    mine, theirs = asa_end.bgp, azure_end.bgp
    if ref.get("kind") != "vti" or mine is None or theirs is None or not mine.activated or static_routes is None:
        return []
    advertised = theirs.advertised if theirs.advertised is not None else azure_end.local_networks
    if not advertised:
        return []
    external, internal = ref.get("bgp_distances") or (20, 200)
    bgp_distance = internal if mine.asn is not None and mine.asn == theirs.asn else external
    source = ref.get("source_interface")
    gateway = None  # the addresses of this tunnel's gateway, on the first route through a tunnel interface
    whole, partial, other_peer, peers = [], [], [], {}
    for text in advertised:
        try:
            vnet = ipaddress.ip_network(text, strict=False)
        except ValueError:
            continue
        for route, nameif, distance, cited, tunnel, peer in static_routes.within(vnet):
            if tunnel:
                # review s519: a leftover route through the VTI to another peer (an old gateway) took Azure's traffic
                # there, silently; this tunnel's own routes, an unbuilt tunnel's (no peer), and those through the VTI to
                # another address of this gateway (the other active-active instance), which reach Azure, are not that
                if gateway is None:
                    gateway = set(azure_end.ref.get("public_ips") or ())
                    gateway.update((azure_end.local_address, azure_end.ref.get("private_ip")))
                if nameif != ref.get("nameif") and peer is not None and peer not in gateway and (
                        route.prefixlen > vnet.prefixlen or distance < bgp_distance):
                    other_peer.append((vnet, route, nameif, distance, cited))
                    peers[nameif] = peer
                continue
            if route.prefixlen == vnet.prefixlen and distance < bgp_distance:
                whole.append((vnet, route, nameif, distance, cited))
            elif route.prefixlen > vnet.prefixlen and nameif == source:
                # longer prefixes out of an inside interface are the rest of a summary (on-premises, ExpressRoute)
                partial.append((vnet, route, nameif, distance, cited))
    findings = []
    leaks = [w for w in whole if w[2] == source]
    elsewhere = [w for w in whole if w[2] != source]
    out_of_source = "the interface the tunnel itself leaves by"
    if leaks:
        findings.append(_finding(asa_end, azure_end, ERROR, leaks, bgp_distance, "it goes out of %s, %s: all of that traffic "
                                 "leaves unencrypted and none enters the tunnel" % (source, out_of_source)))
    if elsewhere:
        # information, as a static VTI route behind the same prefix through another interface is (asa/vti_end.py): a
        # private path inside (ExpressRoute) with the VPN as its backup is a design
        findings.append(_finding(asa_end, azure_end, INFO, elsewhere, bgp_distance, "that traffic goes out of %s, and the tunnel "
                                 "carries it only while that route is gone (a backup design, or a leftover)"
                                 % ", ".join(sorted({w[2] for w in elsewhere}))))
    if partial:
        findings.append(_finding(asa_end, azure_end, WARNING, partial, bgp_distance, "that part goes out of %s, %s, and leaves "
                                 "unencrypted" % (source, out_of_source)))
    if other_peer:
        findings.append(_finding(asa_end, azure_end, WARNING, other_peer, bgp_distance, "that traffic goes into the tunnel "
                                 "%s, not this gateway's, and this tunnel carries it only while that route is gone" % (
                                     ", ".join("%s (to %s)" % (n, peers[n]) for n in sorted(peers)))))
    return findings


def _finding(asa_end, azure_end, severity, found, bgp_distance, outcome):
    shown = found[:_SHOWN]
    more = " and %d more" % (len(found) - _SHOWN) if len(found) > _SHOWN else ""
    routes = ["route %s %s %d" % (nameif, route, distance) for _vnet, route, nameif, distance, _cited in shown]
    said = ["%s out of %s at distance %d%s" % (route, nameif, distance, " (line %d)" % cited["line"] if cited else "")
            for _vnet, route, nameif, distance, cited in shown]
    ref = asa_end.ref or {}
    plural = len(shown) > 1
    advertised = sorted({str(w[0]) for w in found})
    return Finding(
        code="ROUTE_MISSING",
        severity=severity,
        phase="traffic",
        summary="ASA %s learns %s from Azure by BGP (distance %d), but the static route%s %s%s win%s over %s: %s." % (
            ref.get("interface") or asa_end.name, ", ".join(sorted({str(w[0]) for w in shown})), bgp_distance,
            "s" if plural else "", "; ".join(said), more, "" if plural else "s", "them" if plural else "it", outcome),
        evidence={"asa": {"static_routes": routes, "bgp_distance": bgp_distance, "interface": ref.get("interface"),
                          "lines": _lines(shown, ref)},
                  "azure": {"advertised": advertised, "lines": lines_evidence(stating(azure_end, advertised))}},
        remediation={"asa": ["! remove the static route%s (%s) if that traffic belongs in the tunnel; no route command "
                             "is shown: which path it should take is the site's to say"
                             % ("s" if plural else "", "; ".join(routes))]},
        scope=[],
    )


def vnet_part_routed_inside(asa_end, azure_end, static_routes):
    """ROUTE_MISSING (warning) for ``asa_end`` (a VTI, with BGP or static routes) where a static route out of an
    interface that is neither a tunnel nor the tunnel's source takes a longer prefix of the networks Azure reports for
    the connection (its VNet's address space): the longer prefix wins whatever its distance (longest match first;
    Cisco ASA general configuration guide, "Routing Overview"), so that part of the VNet never enters the tunnel.
    Longer prefixes of a summary are on-premises networks or another path's; a prefix inside a VNet that Azure reports
    exactly is not (review s39 D2: it passed silently, while the whole VNet out of inside was information and a longer
    prefix out of the source interface a warning; those stay with static_over_bgp and asa/vti_end.py)."""
    ref = asa_end.ref or {}
    if ref.get("kind") != "vti" or static_routes is None or not azure_end.local_networks:
        return []
    source = ref.get("source_interface")
    found = []
    for text in azure_end.local_networks:
        try:
            vnet = ipaddress.ip_network(text, strict=False)
        except ValueError:
            continue
        if not vnet.prefixlen:
            continue  # no address space: a default route says nothing of which part of it is Azure's
        found.extend((vnet, route, nameif, distance, cited) for route, nameif, distance, cited, tunnel, _peer
                     in static_routes.within(vnet) if route.prefixlen > vnet.prefixlen and nameif != source and not tunnel)
    if not found:
        return []
    shown = found[:_SHOWN]
    more = " and %d more" % (len(found) - _SHOWN) if len(found) > _SHOWN else ""
    routes = ["route %s %s %s" % (nameif, route.network_address, route.netmask) if route.version == 4
              else "ipv6 route %s %s" % (nameif, route) for _vnet, route, nameif, _distance, _cited in shown]
    plural = len(shown) > 1
    networks = sorted({str(w[0]) for w in found})
    return [Finding(
        code="ROUTE_MISSING",
        severity=WARNING,
        phase="traffic",
        summary="Azure %s has %s behind it, but the ASA's static route%s %s%s take%s part of it out of %s, not into "
                "tunnel %s: a longer prefix wins whatever its distance, so traffic to %s never enters the tunnel." % (
                    azure_end.name, ", ".join(sorted({str(w[0]) for w in shown})), "s" if plural else "",
                    "; ".join("'%s' (%s, distance %d%s)" % (text, route, distance, _at(cited))
                              for text, (_v, route, _n, distance, cited) in zip(routes, shown)),
                    more, "" if plural else "s", ", ".join(sorted({w[2] for w in shown})),
                    ref.get("interface") or asa_end.name, ", ".join(str(w[1]) for w in shown) + more),
        evidence={"asa": {"static_routes": routes, "interface": ref.get("interface"), "lines": _lines(shown, ref)},
                  "azure": {"networks": networks, "lines": lines_evidence(stating(azure_end, networks))}},
        remediation={"asa": ["! remove the static route%s (%s) if that traffic belongs in the tunnel; no route command "
                             "is shown: which path it should take is the site's to say"
                             % ("s" if plural else "", "; ".join(routes))]},
        scope=[],
    )]
