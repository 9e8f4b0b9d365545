# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BGP over an ASA VTI: which ``router bgp`` neighbor runs through a tunnel interface, and
what the session looks like from the ASA (``model.Bgp``).

A neighbor belongs to the VTI whose subnet holds its address, else to the VTI the longest
static route to it points at. Sources for the behaviour modelled here:
  - ``network`` is advertised only when the routing table holds a non-BGP route with exactly
    that prefix and mask (connected or static here): Cisco IOS BGP behaviour the ASA's BGP
    shares (Cisco ASA General Operations CLI guide, BGP chapter, "network" under Configure
    BGP; corroborated by https://notes.networklessons.com/bgp-advertising-a-prefix and the
    LANCOM LCOS-SX "network (BGP Router Config)" reference). verified: partial.
  - ``neighbor X ebgp-multihop`` without a number allows TTL 255 (Cisco BGP-4 Command and
    Configuration Handbook 8-9 "The default hop count is 255"; the FTD API, ASA code,
    NeighborEBGPMultiHop.maxHopCount "Default value is 255",
    https://developer.cisco.com/docs/ftd-ansible-v6-3/neighborebgpmultihop). verified: partial.
  - Without ``ebgp-multihop`` an eBGP session uses TTL 1 (peers must share a subnet).
  - ``neighbor X disable-connected-check`` lifts only the check that a single-hop eBGP neighbor is on a
    connected subnet; the TTL stays 1, so the neighbor must still be one hop away (over a VTI the far end
    of the tunnel is). ASA code: the FTD API (ASA code), NeighborEBGPMultiHop.disableConnectedCheck "disables
    connection verification to establish an eBGP peering session with a single-hop peer that uses a
    loopback interface" (https://developer.cisco.com/docs/ftd-ansible-v6-3/neighborebgpmultihop); the
    behaviour as IOS has it: https://ccieblog.co.uk/bgp/bgp-disable-connected-check-vs-ebgp-multi-hop and
    https://notes.networklessons.com/bgp-multihop-vs-disable-connected-check ("a TTL of 1 is accepted ... the
    neighbor is only ever a maximum of one hop away"); Cisco Nexus 3000 NX-OS unicast routing guide,
    "Disables checking whether or not a single-hop eBGP peer is directly connected". verified: partial (the
    ASA CLI command reference page itself was not found; the FTD API field is the ASA code's).
  - Prefix-lists and route-maps: first matching entry decides, implicit deny at the end;
    ``match ip address prefix-list A B`` matches when any list permits (IOS semantics).
Routes the ASA learned from other BGP neighbors (which it also advertises) are not in the
config, so ``advertised`` lists only what the ASA originates. What a neighbor's filters send and accept
(prefix-lists, route-maps) is bgp_filters.py's.
"""

import ipaddress
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.bgp_filters import BgpFilters, Undecidable
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, ConfigLine

_NO_ROUTER_BGP = ConfigLine(0, "(no 'router bgp': BGP is not configured)")  # one for every tunnel (issue 12)
# BGP to Azure runs over a VTI (interface Tunnel, tunnel protection ipsec profile), not a crypto map: facts
# review_2026_11_30 (Microsoft's route-based ASA sample, verified: partial) and vti (CISCO_VTI_AZURE_214109)
_NO_VTI = ConfigLine(0, "(a crypto map entry: BGP needs a VTI, 'interface Tunnel' with 'tunnel protection ipsec "
                        "profile', and a neighbor through it)")
# The parser fills ebgp_multihop from the same table entry for a bare "ebgp-multihop"; records
# built without the parser get it here. Sources: module docstring (IOS handbook, FTD API: 255).
EBGP_MULTIHOP_DEFAULT_TTL = tables.BGP_EBGP_MULTIHOP_DEFAULT.value
EBGP_SINGLE_HOP_TTL = 1
# Azure's default gateway ASN and APIPA range mark a neighbor meant for an Azure tunnel.
# src: facts review_2026_11_30 (APIPA 169.254.21.0 - 169.254.22.255, verified: partial);
# 65515: Azure "About BGP with VPN Gateway" (default ASN of Azure VPN gateways; not in the facts file).
AZURE_DEFAULT_ASN = 65515
AZURE_APIPA_RANGE = (ipaddress.ip_address("169.254.21.0"), ipaddress.ip_address("169.254.22.255"))
# An Azure VPN gateway's BGP timers are fixed, keepalive 60 s and hold 180 s, and are not negotiated down: Microsoft
# Learn, VPN Gateway BGP FAQ ("The BGP keepalive timer is 60 seconds, and the hold timer is 180 seconds"), as quoted in
# Microsoft TechCommunity, "My First TechCommunity Post: Azure VPN Gateway BGP Timer Mismatches" (Azure Networking blog,
# https://techcommunity.microsoft.com/tag/vpn%20gateway : "uses fixed timers (60/180) and won't negotiate down";
# shorter CPE timers, e.g. 10/30, give "random BGP session resets, intermittent route loss"); 60/180 also measured
# from the CPE side at https://www.syuheiuda.com/?p=4403 . verified: partial (the FAQ page itself was not read here).
AZURE_BGP_KEEPALIVE = 60
AZURE_BGP_HOLD_TIME = 180

__all__ = ["BgpNeighbors", "Undecidable", "crypto_map_no_bgp"]


def crypto_map_no_bgp(process, peer_line):
    """What leaves a crypto map entry without BGP, for BGP_NOT_CONFIGURED to cite where Azure runs it
    (TunnelEnd.no_bgp_source; s41: it cited nothing): the entry's ``set peer`` line, a note that BGP needs a VTI, and
    ``router bgp``'s line or a note that there is none."""
    return ((peer_line,) if peer_line is not None else ()) + (_NO_VTI,) + (
        tuple(process.lines[:1]) if process is not None and process.lines else (_NO_ROUTER_BGP,))


_MULTIHOP_BARE = re.compile(r"^neighbor\s+\S+\s+ebgp-multihop\s*$")
_DISABLE_CONNECTED_CHECK = re.compile(r"^neighbor\s+\S+\s+disable-connected-check\s*$")
# "neighbor X update-source <interface>": the address the session is sourced from (Cisco ASA command reference, neighbor
# update-source; the ASA names the interface by its nameif, as integrate.uk.com's ASA loopback/VTI example does; an
# interface name is taken too). verified: partial (no device at hand).
_UPDATE_SOURCE = re.compile(r"^neighbor\s+\S+\s+update-source\s+(\S+)\s*$")
# "neighbor X maximum-prefix N [threshold] [restart M | warning-only]": past N prefixes the session is torn down,
# unless warning-only (Cisco IOS/ASA BGP command reference, neighbor maximum-prefix; review 2026-12-04: read past as
# harmless)
_MAXIMUM_PREFIX = re.compile(r"^neighbor\s+\S+\s+maximum-prefix\s+(\d+)\b(.*)$")


def _max_prefixes(lines):
    """The limit of the last 'maximum-prefix' line that tears the session down, or None."""
    found = None
    for line in lines:
        match = _MAXIMUM_PREFIX.match(line.text.strip())
        if match:
            found = None if "warning-only" in match.group(2).split() else int(match.group(1))
    return found


# "neighbor X transport connection-mode active|passive" (Cisco ASA command reference, neighbor transport): passive, the
# ASA never opens the session and waits for the neighbor to (the parser checks the words; the last line wins).
_CONNECTION_MODE = re.compile(r"^neighbor\s+\S+\s+transport\s+connection-mode\s+(active|passive)\s*$")


def _passive(neighbor):
    """Why the ASA does not open the session with ``neighbor`` (model.Bgp.passive), or None when it does."""
    found = None
    for line in neighbor.lines:
        match = _CONNECTION_MODE.match(line.text.strip())
        if match:
            found = line if match.group(1) == "passive" else None
    if found is None:
        return None
    return "'%s' (line %d) makes it wait for the neighbor; without that line it opens the session" % (
        found.text.strip(), found.line)


class BgpNeighbors(BgpFilters):
    """The BGP process of one config, its neighbors by the nameif that reaches them; what each sends and accepts
    (its filters) is bgp_filters.py's."""

    def __init__(self, ctx, route_table):
        super(BgpNeighbors, self).__init__(ctx, route_table)
        self.claimed = set()
        self.by_nameif = {}  # nameif -> [neighbor] in config order
        self._users = self._alike = None  # the prefix-lists' users and how they take them (_list_users)
        if self.process is None:
            return
        vti_nameifs = [i.nameif for i in ctx.config.interfaces.values() if i.tunnel is not None and i.nameif]
        through_vti = ctx.vti_nameifs()  # asked per neighbor: a list made it tunnels x neighbors (issue 12)
        astray = []  # meant for an Azure tunnel, but routed through no tunnel interface
        for neighbor in self.process.neighbors.values():
            found = _lookup(route_table, neighbor.address)
            if found is not None and found[2] == "null0":
                # dropped by a null0 route (the longest prefix, or the lower distance): through no interface, and not
                # given to a tunnel as if only its route were missing - the tunnel's own routes may cover the address,
                # and the check would pass a session whose packets the ASA drops (unclaimed names the null0 route)
                continue
            if found is not None:
                self.by_nameif.setdefault(found[0], []).append(neighbor)
            if (found is None or found[0] not in through_vti) and _meant_for_azure(neighbor):
                astray.append(neighbor)
        # One such neighbor and one tunnel interface without a neighbor: that is the session the
        # tunnel was built for, missing its route. Attached to the VTI, the engine can say so
        # (BGP_NO_ROUTE_TO_PEER, with both ends' evidence) instead of "no BGP on the ASA".
        bare = [nameif for nameif in vti_nameifs if nameif not in self.by_nameif]
        if len(astray) == 1 and len(bare) == 1:
            self.by_nameif[bare[0]] = astray

    def for_vti(self, nameif, vti_address, deps, name):
        """(Bgp or None, the neighbor address or None, other neighbors through this VTI);
        ``name`` is the tunnel end's, the scope of what its filters raise."""
        neighbors = self.by_nameif.get(nameif, [])
        if self.process is None or not neighbors:
            return None, None, []
        self.scope = [name]
        # the neighbor that runs a session: one shut down or not activated beside it (the peering kept from before a
        # move to APIPA, its host route through the tunnel) exchanges nothing, and judged first it failed a tunnel
        # whose session is up (review s519)
        neighbor = next((n for n in neighbors if n.activated and not n.shutdown), neighbors[0])
        neighbors = [neighbor] + [n for n in neighbors if n is not neighbor]
        for address in (n.address for n in neighbors):
            self.claimed.add(address)
            deps.add(("bgp-neighbor", address, None))  # the parser's key for that neighbor's lines (adapter._context_key)
        deps.add(("router-bgp", str(self.process.asn), None))  # the parser's key for router bgp lines
        advertised = self._advertised(neighbor, deps)
        import_filter = self._import_filter(neighbor, deps)
        dropped = self._dropped_on_export(advertised)
        source = self._update_source(neighbor, vti_address)
        bgp = Bgp(
            asn=self.process.asn,
            peer_asn=neighbor.remote_as,
            local_addresses=(source,) if source else (),
            peer_address=neighbor.address,
            multihop=_multihop(neighbor),
            disable_connected_check=any(_DISABLE_CONNECTED_CHECK.match(line.text) for line in neighbor.lines),
            max_prefixes=_max_prefixes(neighbor.lines),
            shut_down=neighbor.shutdown,
            passive=_passive(neighbor),
            activated=neighbor.activated and not neighbor.shutdown,
            advertised=advertised,
            import_filter=import_filter,
            export_dropped=dropped,
            export_filter=self._export_filter(neighbor, deps) if dropped else None,
            unrouted_networks=self.unrouted() if not advertised else (),
            source=tuple(self.process.lines[:1]) + tuple(neighbor.lines),
        )
        self._short_hold_time(neighbor, name)
        return bgp, neighbor.address, [n.address for n in neighbors[1:]]

    def _short_hold_time(self, neighbor, name):
        """BGP_TIMERS_MISMATCH when the hold time the ASA runs with ``neighbor`` (its own 'neighbor X timers', else
        'timers bgp') is below Azure's fixed hold time (AZURE_BGP_HOLD_TIME): read past as harmless, the check passed a
        session that resets (s47C). A hold time of 0 (no keepalives expected) is not one. No command is shown as a fix:
        the proof does not model timers, so what to change is said as a comment."""
        timers = neighbor.timers or self.process.timers
        if timers is None:
            return
        keepalive, hold, line = timers
        if hold == 0 or hold >= AZURE_BGP_HOLD_TIME:
            return
        how = ("the ASA's hold timer runs out between two of Azure's keepalives" if hold <= AZURE_BGP_KEEPALIVE else
               "one keepalive from Azure lost or late runs out the ASA's hold timer")
        own = neighbor.timers is not None
        self.ctx.add(
            "BGP_TIMERS_MISMATCH",
            WARNING,
            "ASA runs its BGP session with neighbor %s with hold time %d s (keepalive %d s, line %d '%s'), below the "
            "fixed timers of an Azure VPN gateway (keepalive %d s, hold time %d s), which Azure does not negotiate "
            "down: %s, so the ASA resets the session and the routes learned over it are withdrawn until it is up "
            "again." % (neighbor.address, hold, keepalive, line.line, line.text.strip(), AZURE_BGP_KEEPALIVE,
                        AZURE_BGP_HOLD_TIME, how),
            self.ctx.evidence({"bgp_neighbor": neighbor.address, "keepalive": keepalive, "hold_time": hold},
                              list(self.process.lines[:1]) + [line],
                              peer_timers={"keepalive": AZURE_BGP_KEEPALIVE, "hold_time": AZURE_BGP_HOLD_TIME}),
            ["! Let the session run on Azure's timers (keepalive %d s, hold time %d s): under router bgp %s, "
             "address-family ipv4 unicast, %s" % (
                 AZURE_BGP_KEEPALIVE, AZURE_BGP_HOLD_TIME, self.process.asn,
                 "'no %s' (line %d), or 'neighbor %s timers %d %d'" % (
                     line.text.strip(), line.line, neighbor.address, AZURE_BGP_KEEPALIVE, AZURE_BGP_HOLD_TIME) if own
                 else "'neighbor %s timers %d %d' (line %d, '%s', sets the timers of every neighbor without its own)" % (
                     neighbor.address, AZURE_BGP_KEEPALIVE, AZURE_BGP_HOLD_TIME, line.line, line.text.strip()))],
            [name],
            phase="traffic",
        )

    def _update_source(self, neighbor, vti_address):
        """The address this ASA peers with ``neighbor`` from: its update-source interface's, else the VTI's; None
        when an update-source names no interface with an address (a finding says the peering address is not
        checked)."""
        line = None
        for candidate in neighbor.lines:
            match = _UPDATE_SOURCE.match(candidate.text.strip())
            if match:
                line, name = candidate, match.group(1)
        if line is None:
            return vti_address
        iface = self.ctx.nameifs.get(name) or self.ctx.config.interfaces.get(name)  # by nameif, else hardware name
        address = iface.address if iface is not None else None
        if address is None:
            self.ctx.add_once(
                "UNSUPPORTED_CONSTRUCT",
                WARNING,
                "Line %d: BGP neighbor %s update-source %s names no interface with an address here, so the address "
                "this ASA peers from is not known and is not compared with what the peer expects." % (
                    line.line, neighbor.address, name),
                self.ctx.evidence({"neighbor": neighbor.address, "update_source": name}, [line]),
                ["! Check line %d by hand: the interface it names, and its address" % line.line],
                self.scope,
            )
        return address

    def filters_shared(self, address):
        """{prefix-list name: [other neighbors that use it]} of the prefix-lists neighbor ``address`` filters with (its
        own or through its route-maps): a line added to one for this neighbor changes theirs too (review 2026-12-04: a
        "proven" import fix widened a prefix-list a partner's neighbor was filtered with). Read for a VTI's ref; the
        users of each prefix-list are indexed once per config (a hub's VTIs would each pass over every neighbor)."""
        own = self._neighbor(address)
        if own is None:
            return {}
        users, _alike = self._list_users()
        out = {}
        for name in sorted(self._ways_of(own)):
            others = []
            for other in users.get(name, ()):  # the first ten: constant per VTI whatever a hub shares
                if other != own.address:
                    others.append(other)
                    if len(others) == 10:
                        break
            if others:
                out[name] = others
        return out

    def filters_shared_alike(self, address, shared):
        """The names of the prefix-lists neighbor ``address`` shares (``shared``: filters_shared's answer for it) whose
        every other user is the BGP neighbor of a tunnel interface, filtered with it the same way (``neighbor X
        prefix-list NAME in`` or ``out``, no route-map that way): a permit added there changes those tunnels alike,
        which the proof re-checks each of (shared_objects.AsaSharedObjects). A list a LAN-side neighbor, or a
        route-map, uses too is not one: what a permit does there no tunnel of the check sees."""
        own = self._neighbor(address)
        if own is None:
            return []
        _users, alike = self._list_users()
        own_ways = self._ways_of(own)
        return sorted(name for name in shared if own_ways.get(name) in ("in", "out") and alike.get(name) == own_ways[name])

    def direct_prefix_lists(self, address):
        """{"in"/"out": prefix-list name} of neighbor ``address``'s lists applied directly (no route-map that way)."""
        neighbor = self._neighbor(address)
        ways = self._ways_of(neighbor) if neighbor is not None else {}
        return {way: name for name, way in sorted(ways.items()) if way in ("in", "out")}

    def _neighbor(self, address):
        return (self.process.neighbors if self.process is not None else {}).get(address)

    def _list_users(self):
        """({prefix-list name: the neighbors filtered with it, in config order}, {name: the one way ("in"/"out"/"mixed")
        all its users take it, or None when they differ or one is no tunnel interface's neighbor}), made in one pass
        over the neighbors once per config."""
        if self._users is None:
            through_vti = self.ctx.vti_nameifs()
            tunnel_neighbors = {found[0].address for nameif, found in self.by_nameif.items()
                                if nameif in through_vti and found}
            self._users, self._alike = {}, {}
            for neighbor in (self.process.neighbors if self.process is not None else {}).values():
                for name, way in self._ways_of(neighbor).items():
                    self._users.setdefault(name, []).append(neighbor.address)
                    if neighbor.address not in tunnel_neighbors or self._alike.get(name, way) != way:
                        way = None
                    self._alike[name] = way
        return self._users, self._alike

    def _ways_of(self, neighbor):
        """{prefix-list name: "in" or "out" (applied to the neighbor directly, no route-map that way), or "mixed"}: every
        prefix-list the neighbor is filtered with, its own or through its route-maps."""
        ways = {}
        for name, way, route_map in ((neighbor.prefix_list_in, "in", neighbor.route_map_in),
                                     (neighbor.prefix_list_out, "out", neighbor.route_map_out)):
            if name:
                ways[name] = way if route_map is None and name not in ways else "mixed"
        for route_map in (neighbor.route_map_in, neighbor.route_map_out):
            for entry in (self.ctx.config.route_maps.get(route_map) or ()) if route_map else ():
                for name in entry.match_prefix_lists:
                    ways[name] = "mixed"
        return ways

    def missing(self, nameif):
        """What leaves the tunnel interface ``nameif`` without BGP, for BGP_NOT_CONFIGURED to cite where Azure runs it
        (TunnelEnd.no_bgp_source): a note that there is no ``router bgp``, else its line and a note that no neighbor
        is routed through ``nameif``."""
        if self.process is None:
            return (_NO_ROUTER_BGP,)
        return tuple(self.process.lines[:1]) + (
            ConfigLine(0, "(no 'neighbor <address> remote-as <asn>' routed through %s)" % nameif),)

    def new_neighbor(self):
        """What a neighbor added to this process with no filters of its own would run, for a fix that adds one (the
        proof's model of the ASA, compat.py): {"asn", "advertised"} (advertised None when not decidable), or None
        without ``router bgp``. Evaluated once per config, as the neighbors with no filters are."""
        if self.process is None:
            return None
        if self.process.redistribute:
            return {"asn": self.process.asn, "advertised": None}
        sent = self._sent.get((None, None))
        if sent is None:
            sent = self._sent[(None, None)] = self._send(None, None)
        advertised, _keys, event = sent
        return {"asn": self.process.asn, "advertised": None if event is not None else list(advertised)}

    def unclaimed(self):
        """Neighbors no VTI claimed that look meant for an Azure tunnel: BGP_NO_ROUTE_TO_PEER."""
        if self.process is None:
            return
        unbuilt = {i.nameif: i.hardware for i in self.ctx.config.interfaces.values()
                   if i.tunnel is not None and i.nameif and i.hardware not in self.ctx.vti_built}
        for neighbor in self.process.neighbors.values():
            if neighbor.address in self.claimed or not _meant_for_azure(neighbor):
                continue
            found = _lookup(self.routes, neighbor.address)
            via = "interface %s" % found[0] if found is not None else "no route at all"
            what = "not through a tunnel interface, so the session cannot come up over a tunnel"
            lines = neighbor.lines[:2]
            todo = ["! Route the neighbor through its tunnel: route <tunnel nameif> %s 255.255.255.255 %s"
                    % (neighbor.address, neighbor.address)]
            if found is not None and found[2] == "null0":
                via = "the null0 route on line %d ('%s'), which drops its traffic" % (found[1].line, found[1].text)
                lines = lines + [found[1]]
            elif found is not None and found[0] in unbuilt:
                # the route is right; the tunnel under it is what is missing (its own finding says why)
                via = "interface %s (%s)" % (found[0], unbuilt[found[0]])
                what = ("whose IPsec tunnel the ASA does not build (see the finding on %s), so the session cannot come "
                        "up" % unbuilt[found[0]])
                todo = ["! Complete interface %s as an IPsec tunnel (its finding names the missing line)"
                        % unbuilt[found[0]]]
            self.ctx.add(
                "BGP_NO_ROUTE_TO_PEER",
                WARNING,
                "BGP neighbor %s (remote-as %s) looks like an Azure gateway's peering address, but it is reached "
                "through %s, %s." % (neighbor.address, neighbor.remote_as, via, what),
                self.ctx.evidence({"bgp_neighbor": neighbor.address}, lines),
                todo,
                [],
            )


def _lookup(route_table, address):
    try:
        return route_table.lookup(address)
    except ValueError:
        return None  # the parser reported the invalid neighbor address


def _multihop(neighbor):
    if neighbor.ebgp_multihop is not None:
        return neighbor.ebgp_multihop
    if any(_MULTIHOP_BARE.match(line.text) for line in neighbor.lines):
        return EBGP_MULTIHOP_DEFAULT_TTL
    return EBGP_SINGLE_HOP_TTL


def _meant_for_azure(neighbor):
    if neighbor.remote_as == AZURE_DEFAULT_ASN:
        return True
    try:
        address = ipaddress.ip_address(neighbor.address)
    except ValueError:
        return False
    return address.version == 4 and AZURE_APIPA_RANGE[0] <= address <= AZURE_APIPA_RANGE[1]
