# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BGP over a route-based tunnel: does the session form (both configured, ASNs and
neighbor addresses each other's, a route to the neighbor, multihop when the
neighbor is not on the tunnel subnet), and do routes cross it once it does?

The session runs only after the tunnel is up, so its findings are in phase
``traffic`` (``config`` when one end has no BGP at all). A finding is an error
when the session cannot form or traffic loses its route; a session that fails
while static routes still carry the traffic is a warning.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import (
    PrefixIndex,
    host_prefix,
    parse,
    parse_address,
    text,
    within,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.routing import next_hop, stating

# The neighbor sits one routed hop beyond the tunnel interface (its address is not on
# the tunnel subnet), so an eBGP TTL of 2 reaches it; RFC 4271 eBGP sends TTL 1 otherwise.
MULTIHOP_TTL = 2


def _subnet(end):
    """The tunnel interface's subnet as a network engineer writes it: 169.254.21.0/30."""
    return text(parse(end.tunnel_address)) if end.tunnel_address else "-"


def _bgp_evidence(end, **extra):
    bgp = end.bgp
    out = {"asn": bgp.asn, "peer_asn": bgp.peer_asn, "peer_address": bgp.peer_address,
           "local_addresses": list(bgp.local_addresses), "multihop": bgp.multihop, "activated": bgp.activated,
           "tunnel_address": end.tunnel_address, "lines": _lines(bgp.source)}
    out.update(extra)
    return out


def _choose_address(end, addresses, check):
    """Of the peer's BGP addresses, the one ``end`` should use: on its tunnel subnet, else routed by it."""
    addresses = list(addresses)
    subnet = parse(end.tunnel_address) if end.tunnel_address else None
    nets = [(a, parse_address(a)) for a in addresses]
    for address, net in nets:
        if net is not None and subnet is not None and within(net, subnet):
            return address
    for address, net in nets:
        if net is not None and check.routed(end, net) is not None:
            return address
    return addresses[0] if addresses else None


def _usable(end):
    """The addresses ``end`` peers from that its own rules accept (model.Bgp.refused_addresses)."""
    return [a for a in end.bgp.local_addresses if a not in end.bgp.refused_addresses]


def _unconnected_single_hop(end):
    """An eBGP end without multihop whose neighbor is off its tunnel subnet (known both). With
    disable-connected-check the end does not require the neighbor, nor the next hop of what it learns
    from it, on a connected subnet: FRR bgpd asks for a connected next hop only for an eBGP TTL-1 peer
    without PEER_FLAG_DISABLE_CONNECTED_CHECK, both for the session (bgp_fsm.c bgp_peer_reg_with_nht) and
    for each route (bgp_route.c bgp_update, "Nexthop reachability check"). The ASA's option is taken to
    act alike (its sources: asa/bgp.py's docstring; verified: partial)."""
    bgp = end.bgp
    if bgp.multihop > 1 or bgp.disable_connected_check or not end.tunnel_address or (
            bgp.asn is not None and bgp.asn == bgp.peer_asn):
        return False
    peer = parse_address(bgp.peer_address) if bgp.peer_address else None
    return peer is not None and not within(peer, parse(end.tunnel_address))


class ImportFilter(object):
    """Ordered prefix rules with ge/le and an implicit deny, indexed by prefix."""

    def __init__(self, rules):
        self.index = PrefixIndex()
        for order, rule in enumerate(rules):
            net = parse(rule.prefix)
            self.index.add(net, (order, net.length, rule))

    def decide(self, net):
        """The first rule that matches ``net`` (None: the implicit deny)."""
        bits = 32 if net.version == 4 else 128
        best = None
        for _key, values in self.index.containing(net):
            for order, length, rule in values:
                if rule.ge is None and rule.le is None:
                    matches = net.length == length
                else:
                    low = rule.ge if rule.ge is not None else length
                    high = rule.le if rule.le is not None else bits
                    matches = low <= net.length <= high
                if matches and (best is None or order < best[0]):
                    best = (order, rule)
        return best[1] if best else None

    def permits(self, net):
        rule = self.decide(net)
        return rule is not None and rule.action == "permit"


def _rules_evidence(rules):
    return [{"action": r.action, "prefix": r.prefix, "ge": r.ge, "le": r.le, "lines": _lines(r.source)}
            for r in rules or []]


def _own_prefixes(receiver, advertised):
    """Of ``advertised``, the prefixes ``receiver`` rejects as its own (Bgp.refused_prefixes), in their order."""
    own = {text(parse(p)) for p in receiver.bgp.refused_prefixes or ()}
    return [p for p in advertised if text(parse(p)) in own] if own else []


# Findings that mean the session never forms, whatever their severity (a warning when static
# routes still carry the traffic).
SESSION_BREAKERS = ("BGP_NOT_CONFIGURED", "BGP_ASN_MISMATCH", "BGP_PEER_ADDRESS_MISMATCH", "BGP_NO_ROUTE_TO_PEER",
                    "BGP_NEITHER_OPENS")


class BgpRoutes(object):
    """Whether routes cross the BGP session over the tunnel once it forms, and what static routes carry when they
    do not (a mixin of the engine's check, through BgpChecks)."""

    def covered(self, end, prefixes):
        """True when ``end``'s static routes carry every prefix, False when not, None when not decidable."""
        if prefixes is None or self.routes(end) is None:
            return None
        return all(self.routed(end, parse(p)) is not None for p in prefixes)

    def _lost_severity(self, receiver, prefixes):
        """Routes that BGP does not deliver hurt only when no static route carries them."""
        return WARNING if self.covered(receiver, prefixes) else ERROR

    def _routes_exchanged(self):
        inactive = [e for e in (self.a, self.b) if not e.bgp.activated]
        for end in inactive:
            other = self.b if end is self.a else self.a
            self.add(
                "BGP_ROUTES_NOT_EXCHANGED",
                self._lost_severity(other, end.local_networks),
                "traffic",
                ("%s %s shuts its BGP neighbor %s down (neighbor shutdown), so no session forms and no routes cross "
                 "the tunnel either way." if end.bgp.shut_down else
                 "%s %s does not activate its BGP neighbor %s for IPv4 unicast, so no IPv4 routes cross the tunnel "
                 "either way.") % (who(end), end.name, end.bgp.peer_address),
                {end.vendor: _bgp_evidence(end), other.vendor: _bgp_evidence(other)},
                {end.vendor: [intent("bgp_activate", address=end.bgp.peer_address)]},
            )
        if inactive:
            return
        for sender, receiver in ((self.a, self.b), (self.b, self.a)):
            advertised = sender.bgp.advertised
            if advertised and _unconnected_single_hop(receiver):
                self._next_hop_unusable(sender, receiver, advertised)
                continue
            if advertised is None:
                continue
            limit = receiver.bgp.max_prefixes
            if limit is not None and len(set(advertised)) > limit:
                count = len(set(advertised))
                self.add(
                    "BGP_ROUTES_NOT_EXCHANGED",
                    ERROR,
                    "traffic",
                    ("%s %s takes at most %d prefixes from a BGP peer, a limit of its own that no setting raises, but "
                     "%s advertises %d: %s drops the BGP session each time it comes up, so no routes cross the tunnel. "
                     "Advertise at most %d: summarise them, or filter what %s sends toward %s." % (
                         who(receiver), receiver.name, limit, who(sender), count, who(receiver), limit, who(sender),
                         sender.bgp.peer_address) if receiver.bgp.max_prefixes_fixed else
                     "%s %s takes at most %d prefix(es) from its BGP neighbor (maximum-prefix), but %s advertises %d: "
                     "%s tears the session down each time it comes up, so no routes cross the tunnel. Raise the "
                     "limit above %d, or add warning-only." % (
                         who(receiver), receiver.name, limit, who(sender), count, who(receiver), count)),
                    {sender.vendor: _bgp_evidence(sender, advertised=list(advertised)),
                     receiver.vendor: _bgp_evidence(receiver, max_prefixes=limit)},
                )
                continue
            if not advertised and sender.bgp.export_dropped:
                dropped = list(sender.bgp.export_dropped)
                self.add(
                    "BGP_ROUTES_NOT_EXCHANGED",
                    self._lost_severity(receiver, dropped),
                    "traffic",
                    "%s %s originates %s over BGP, but its outbound filter toward %s drops %s, so %s learns no "
                    "route to the networks behind it." % (
                        who(sender), sender.name, ", ".join(dropped), sender.bgp.peer_address,
                        "it" if len(dropped) == 1 else "every one", who(receiver)),
                    {sender.vendor: _bgp_evidence(sender, advertised=[], export_dropped=dropped,
                                                  export_filter=_rules_evidence(sender.bgp.export_filter)),
                     receiver.vendor: _bgp_evidence(receiver)},
                    {sender.vendor: [intent("bgp_export", networks=dropped)]},
                )
                continue
            if not advertised and sender.bgp.unrouted_networks:
                unrouted = list(sender.bgp.unrouted_networks)
                self.add(
                    "BGP_ROUTES_NOT_EXCHANGED",
                    self._lost_severity(receiver, sender.local_networks),
                    "traffic",
                    "%s %s advertises no prefix over BGP, so %s learns no route to the networks behind it: its network "
                    "statement%s %s %s no route of exactly that prefix in its routing table, and BGP originates a "
                    "network statement only then. Give each the mask of a connected or static route, or add a static "
                    "route for exactly that prefix." % (
                        who(sender), sender.name, who(receiver), "" if len(unrouted) == 1 else "s", ", ".join(unrouted),
                        "has" if len(unrouted) == 1 else "have"),
                    {sender.vendor: _bgp_evidence(sender, advertised=[], unrouted_networks=unrouted),
                     receiver.vendor: _bgp_evidence(receiver)},
                    {},  # which route or mask is meant is the user's to say
                )
                continue
            if not advertised:
                self.add(
                    "BGP_ROUTES_NOT_EXCHANGED",
                    self._lost_severity(receiver, sender.local_networks),
                    "traffic",
                    "%s %s advertises no prefix over BGP, so %s learns no route to the networks behind it (%s)."
                    % (who(sender), sender.name, who(receiver), ", ".join(sender.local_networks or []) or "unknown"),
                    {sender.vendor: _bgp_evidence(sender, advertised=[], local_networks=sender.local_networks),
                     receiver.vendor: _bgp_evidence(receiver)},
                    {sender.vendor: [intent("bgp_advertise", networks=list(sender.local_networks or []))]},
                )
                continue
            rejected = _own_prefixes(receiver, advertised)
            if rejected:
                self._own_prefixes_refused(sender, receiver, advertised, rejected)
                advertised = [p for p in advertised if p not in rejected]
                if not advertised:
                    continue
            rules = receiver.bgp.import_filter
            if rules is None:
                continue
            import_filter = ImportFilter(rules)
            refused = [p for p in advertised if not import_filter.permits(parse(p))]
            if not refused:
                continue
            if len(refused) == len(advertised):
                severity, what = self._lost_severity(receiver, refused), "every prefix"
            else:
                # Some routes cross; the refused ones may be filtered on purpose, so no error.
                severity, what = WARNING, "%d of the %d prefixes" % (len(refused), len(advertised))
            self.add(
                "BGP_ROUTES_NOT_EXCHANGED",
                severity,
                "traffic",
                "%s %s's import filter refuses %s %s advertises over BGP (%s), so it learns no route to %s."
                % (who(receiver), receiver.name, what, who(sender), ", ".join(refused),
                   "it" if len(refused) == 1 else "them"),
                {sender.vendor: _bgp_evidence(sender, advertised=list(advertised)),
                 receiver.vendor: _bgp_evidence(receiver, import_filter=_rules_evidence(rules), refused=refused)},
                {receiver.vendor: [intent("bgp_import", networks=refused)]},
            )

    def _next_hop_unusable(self, sender, receiver, advertised):
        """A single-hop eBGP speaker uses a learned route only when its next hop (the neighbor's
        address) is on a connected subnet: the session may be up, the routes are not (oracle bgp-09)."""
        self.add(
            "BGP_ROUTES_NOT_EXCHANGED",
            self._lost_severity(receiver, advertised),
            "traffic",
            "%s %s learns %s from %s but does not use %s: their next hop %s is not on a connected subnet and "
            "its eBGP session is single-hop (TTL 1: multihop not set, or set to 1), so no route to %s is installed."
            % (who(receiver), receiver.name, ", ".join(advertised), who(sender),
               "it" if len(advertised) == 1 else "them", receiver.bgp.peer_address, ", ".join(advertised)),
            {sender.vendor: _bgp_evidence(sender, advertised=list(advertised)),
             receiver.vendor: _bgp_evidence(receiver)},
            {receiver.vendor: [intent("bgp_multihop", address=receiver.bgp.peer_address, ttl=MULTIHOP_TTL)]},
        )

    def _own_prefixes_refused(self, sender, receiver, advertised, rejected):
        """``sender`` advertises prefixes ``receiver`` rejects as identical to its own (Bgp.refused_prefixes): when
        they are all it sends, the receiver learns no route to the networks behind it; beside others, they are only
        dropped (the receiver keeps its own route to them)."""
        every = len(set(rejected)) == len(set(advertised))
        self.add(
            "BGP_ROUTES_NOT_EXCHANGED",
            self._lost_severity(receiver, sender.local_networks) if every else INFO,
            "traffic",
            "%s %s advertises %s over BGP, identical to %s %s's own prefix%s, which %s rejects: %s." % (
                who(sender), sender.name, ", ".join(rejected), who(receiver), receiver.name,
                "" if len(rejected) == 1 else "es", who(receiver),
                "it learns no route to the networks behind %s; advertise those (the networks of %s's own site) "
                "instead" % (who(sender), who(sender)) if every else
                "the other prefixes %s advertises still cross" % who(sender)),
            {sender.vendor: _bgp_evidence(sender, advertised=list(advertised)),
             receiver.vendor: _bgp_evidence(receiver, refused_prefixes=list(rejected),
                                            prefix_lines=_lines(stating(receiver, rejected)))},
            {},  # which networks are behind the sender is the user's to say
        )


class BgpChecks(BgpRoutes):
    """Whether the BGP session over the tunnel forms: both ends configured, ASNs and neighbor addresses each other's,
    a route to the neighbor, multihop where needed, an end that opens it; then the routes it carries (BgpRoutes). A
    mixin of the engine's check."""

    def neighbor_intent(self, end, other):
        """The neighbor ``end`` must have: the peer's address and ASN where known, else what it has. Never an address
        the peer's own rules refuse (Bgp.refused_addresses): that address is what must change."""
        address = end.bgp.peer_address
        usable = _usable(other)
        if address not in usable and usable:
            address = _choose_address(end, usable, self)
        remote_as = other.bgp.asn if other.bgp.asn is not None else end.bgp.peer_asn
        return intent("bgp_neighbor", address=address, remote_as=remote_as, asn=None)

    def check_bgp(self):
        a, b = self.a, self.b
        if a.bgp is None and b.bgp is None:
            return
        if "bgp" in a.unknowns or "bgp" in b.unknowns:
            return  # an end whose BGP could not be read is not compared
        if a.bgp is None or b.bgp is None:
            self._not_configured(*((a, b) if a.bgp is not None else (b, a)))
            return
        before = len(self.findings)
        self._asns()
        for end, other in ((a, b), (b, a)):
            if self._peer_address(end, other):
                self._path_to_peer(end, other)
        self._opener()
        if not any(f.severity == ERROR or f.code in SESSION_BREAKERS for f in self.findings[before:]):
            self._routes_exchanged()

    def _session_lost_severity(self):
        """A session that never forms costs traffic only when static routes do not carry it both ways
        (oracle bgp-21: with an ASN mismatch, pings over the static routes pass)."""
        a, b = self.a, self.b
        return WARNING if self.covered(a, b.local_networks) and self.covered(b, a.local_networks) else ERROR

    def _not_configured(self, speaker, silent):
        bgp = speaker.bgp
        covered = self.covered(speaker, silent.local_networks)
        if covered:
            severity, outcome = WARNING, "; traffic still flows on %s's static routes, without BGP's failover" % (
                who(speaker))
        else:
            severity, outcome = ERROR, ", and %s has no static route for %s behind %s" % (
                who(speaker), ", ".join(silent.local_networks or []) or "the networks", who(silent))
        address = _choose_address(silent, bgp.local_addresses, self)
        self.add(
            "BGP_NOT_CONFIGURED",
            severity,
            "config",
            "%s %s runs BGP over the tunnel (AS %s, neighbor %s) but %s %s has no BGP for it, so the session "
            "never comes up%s." % (who(speaker), speaker.name, bgp.asn, bgp.peer_address, who(silent), silent.name,
                                   outcome),
            {speaker.vendor: _bgp_evidence(speaker, routed_networks=speaker.routed_networks),
             silent.vendor: {"bgp": None, "local_networks": silent.local_networks,
                             "lines": _lines(silent.no_bgp_source)}},
            {silent.vendor: [intent("bgp_enabled", enabled=True),
                             intent("bgp_neighbor", address=address, remote_as=bgp.asn, asn=bgp.peer_asn,
                                    peers_from=bgp.peer_address)],
             speaker.vendor: [intent("bgp_enabled", enabled=False)]},
        )

    def _asns(self):
        for end, other in ((self.a, self.b), (self.b, self.a)):
            expected, actual = end.bgp.peer_asn, other.bgp.asn
            if expected is None or actual is None or expected == actual:
                continue
            self.add(
                "BGP_ASN_MISMATCH",
                self._session_lost_severity(),
                "traffic",
                "%s %s expects its BGP neighbor %s in AS %d, but %s %s is AS %d: the neighbor refuses the OPEN "
                "(bad peer AS), so the session never forms and no routes are exchanged."
                % (who(end), end.name, end.bgp.peer_address, expected, who(other), other.name, actual),
                {end.vendor: _bgp_evidence(end), other.vendor: _bgp_evidence(other)},
                {end.vendor: [self.neighbor_intent(end, other)]},
            )

    def _peer_address(self, end, other):
        """False (and a finding) when ``end`` expects its neighbor at an address the peer does not peer from."""
        expected, offered = end.bgp.peer_address, other.bgp.local_addresses
        if expected is None or not offered or expected in offered:
            return True
        refused = [a for a in offered if a in other.bgp.refused_addresses]
        fixes, unfixed = {end.vendor: [self.neighbor_intent(end, other)]}, None
        fixes.update(self._mirror_fix(end, other))
        if not _usable(other):
            # every address the peer offers is itself invalid: moving this end's neighbor there would break it again
            # once the peer is corrected (review 2026-12-06)
            fixes = {}
            unfixed = {end.vendor: "not shown: %s peers from %s, which %s itself refuses (a finding of its own says "
                                   "why); correct %s's address (to %s, if that is what was meant) rather than move %s's "
                                   "neighbor onto it" % (who(other), ", ".join(refused), who(other), who(other),
                                                         expected, who(end))}
        self.add(
            "BGP_PEER_ADDRESS_MISMATCH",
            self._session_lost_severity(),
            "traffic",
            "%s %s expects its BGP neighbor at %s, but %s %s peers from %s: the session (TCP port 179) never forms."
            % (who(end), end.name, expected, who(other), other.name, ", ".join(offered))
            + (" %s's own %s is not valid there either." % (who(other), ", ".join(refused)) if refused else ""),
            {end.vendor: _bgp_evidence(end), other.vendor: _bgp_evidence(other, refused_addresses=refused)},
            fixes, unfixed,
        )
        return False

    def _mirror_fix(self, end, other):
        """{other's vendor: its neighbor fix} when ``other`` expects the wrong neighbor too: an end may peer from another
        address once its neighbor changes (an Azure gateway peers from its APIPA address only with an APIPA neighbor),
        so the other end's fix can clear this finding as well; the proof says whether it does. {} otherwise."""
        expected = other.bgp.peer_address
        if expected is None or not _usable(end) or expected in end.bgp.local_addresses:
            return {}
        # other's neighbor moved to end's address: the pair given the other way round on purpose
        return {other.vendor: [self.neighbor_intent(other, end)]}  # pylint: disable=arguments-out-of-order

    def _opener(self):
        """One end must open the TCP session (RFC 4271 s8: a passive end only accepts). Each end's Bgp.passive says
        why it does not (an ASA neighbor in passive connection mode; an Azure gateway peering from APIPA)."""
        a, b = self.a, self.b
        if a.bgp.passive is None or b.bgp.passive is None:
            return
        self.add(
            "BGP_NEITHER_OPENS",
            self._session_lost_severity(),
            "traffic",
            "Neither end opens the BGP session (TCP port 179), so it never forms: %s %s waits for its neighbor %s "
            "(%s), and %s %s waits too (%s)." % (
                who(a), a.name, a.bgp.peer_address, a.bgp.passive, who(b), b.name, b.bgp.passive),
            {a.vendor: _bgp_evidence(a, passive=a.bgp.passive), b.vendor: _bgp_evidence(b, passive=b.bgp.passive)},
            {},  # no fix kind sets whether an end opens the session: the reasons say which end can, and how
            {e.vendor: "not shown: no fix sets whether %s opens the BGP session (%s)" % (who(e), e.bgp.passive)
             for e in (a, b)},
        )

    def _path_to_peer(self, end, other):
        peer = parse_address(end.bgp.peer_address) if end.bgp.peer_address else None
        if peer is None:
            return
        subnet = parse(end.tunnel_address) if end.tunnel_address else None
        if subnet is not None and within(peer, subnet):
            return
        address = end.bgp.peer_address
        if self.routes(end) is not None and self.routed(end, peer) is None:
            host = host_prefix(address)
            self.add(
                "BGP_NO_ROUTE_TO_PEER",
                self._session_lost_severity(),
                "traffic",
                "%s %s has no route into the tunnel for its BGP neighbor %s (not on the tunnel subnet %s), so its "
                "BGP packets leave another way and the session never forms."
                % (who(end), end.name, address, _subnet(end)),
                {end.vendor: _bgp_evidence(end, routed_networks=list(end.routed_networks)),
                 other.vendor: _bgp_evidence(other)},
                {end.vendor: [intent("route", network=host, next_hop=next_hop(end, other))]},
            )
        ibgp = end.bgp.asn is not None and end.bgp.asn == end.bgp.peer_asn
        # neighbor X disable-connected-check: the end opens and accepts a single-hop (TTL 1) session with a
        # neighbor off its connected subnets. The neighbor is the peer's own address (_peer_address checked
        # it), the far end of the tunnel: one hop away, so TTL 1 reaches it (oracle bgp-09: TTL-1 packets
        # cross the one tunnel hop). Sources for the option: asa/bgp.py's docstring.
        if subnet is not None and end.bgp.multihop <= 1 and not ibgp and not end.bgp.disable_connected_check:
            self._multihop_missing(end, other, address)

    def _multihop_missing(self, end, other, address):
        """Without multihop an eBGP speaker does not open a session to a neighbor off its connected
        subnets. The session still forms when the peer opens it (it allows multihop, or this end is on
        its subnet) and this end accepts it: its TTL-1 packets then cross the one tunnel hop (FRR,
        strongSwan/FRR oracle bgp-09). A speaker that keeps such a neighbor idle refuses it."""
        peer_opens = other.bgp.passive is None and (other.bgp.multihop > 1 or other.bgp.disable_connected_check or (
            other.tunnel_address is not None and any(
                n is not None and within(n, parse(other.tunnel_address))
                for n in map(parse_address, end.bgp.local_addresses))))
        if peer_opens and end.bgp.accepts_unconnected_peer:
            severity, outcome = WARNING, "the session forms only when %s opens it" % who(other)
        elif peer_opens:
            severity, outcome = ERROR, "%s opens it, but %s keeps a neighbor that is not directly connected idle " \
                "and refuses the connection, so the session never forms" % (who(other), who(end))
        elif other.bgp.passive is not None:
            severity, outcome = ERROR, "%s does not open it either (%s), so it never forms" % (
                who(other), other.bgp.passive)
        else:
            severity, outcome = ERROR, "neither end opens the session, so it never forms"
        self.add(
            "BGP_MULTIHOP_MISSING",
            severity,
            "traffic",
            "%s %s's BGP neighbor %s is not on its tunnel subnet %s and its eBGP session is single-hop (TTL 1: "
            "multihop not set, or set to 1), so %s does not open the session: %s." % (
                who(end), end.name, address, _subnet(end), who(end), outcome),
            {end.vendor: _bgp_evidence(end, accepts_unconnected_peer=end.bgp.accepts_unconnected_peer),
             other.vendor: _bgp_evidence(other)},
            {end.vendor: [intent("bgp_multihop", address=address, ttl=MULTIHOP_TTL)]},
        )
