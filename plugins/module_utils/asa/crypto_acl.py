# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A crypto map entry's crypto ACL as traffic selectors: one per permit ACE x expanded source x expanded destination,
first match (a deny before the permits takes out what it covers, with a finding naming it), and a finding naming
the lines that make the selectors undecidable (fqdn objects, protocol object-groups, no match address...), never a
silent pass. Used by crypto_map_end.py.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_acl_cascade import handed_on, later_entry_to_same_peer
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TrafficSelector
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

_OPERAND_KIND = {"group": "object-group", "object": "object", "interface": "interface"}
_NONE = object()  # no protocol seen yet for a pair of networks; no list resolved yet


def traffic_selectors(ctx, entry, deps, name=None, deny_aces=None, inactive=None):
    """(selectors, local networks, remote networks, network pairs). One selector per permit ACE x
    expanded source x expanded destination; selectors None if any part is undefined or invalid, and
    each network list None if any of its side is. Pairs: (local text, remote text) -> their spans,
    in the selectors' order, for the NAT check. ACEs are first-match (Cisco ASA "Configuring IPsec and
    ISAKMP": traffic matching a deny ACE is not protected by this entry, the ASA goes on to the next one):
    a selector an earlier deny covers is left out, one it cuts into is kept; both are a finding naming the
    deny. Undecidable selectors are a finding naming the lines that make them so (``name``: the end's).
    ``deny_aces``: a list that gets each active deny ACE, in order, as (ace, its source's and destination's
    ``infos_of``, None where a side is undecidable), as read here (the end's ref lists them: crypto_map_end).
    ``inactive``: a list that gets the selectors each permit ACE marked ``inactive`` would make were it active (each
    citing its line): the ASA skips such an ACE (Cisco ASA Series CLI Configuration Guide, "Extended ACLs": "You can
    disable an ACE by making it inactive"), so it makes no selector, but a TRAFFIC_SELECTOR_MISMATCH it causes names it
    (TunnelEnd.inactive_selectors)."""
    name = name or "%s %d" % (entry.map_name, entry.seq)
    acl = ctx.config.access_lists.get(entry.acl) if entry.acl else None
    if acl is None:
        if not entry.acl:
            _undecidable(ctx, entry, name, None, [(entry.lines[:1], "the entry has no 'match address', so no crypto ACL")])
        return None, None, None, {}
    deps.add(("access-list", acl.name, None))
    typed = _not_extended(acl)
    if typed:
        _not_a_crypto_acl(ctx, entry, name, acl, typed)
        return None, None, None, {}
    selectors, seen, pairs = [], {}, {}
    local, remote = {}, {}
    infos_of = ctx.infos_of
    keep = ctx.keep_dependencies
    # the list the side resolved to on the ACE before: the same list (an object or group's, remembered by the
    # resolver) has its networks noted already (many selectors: a side names one group on each of ~20 ACEs)
    last_sources = last_destinations = _NONE
    source_infos = destination_infos = []
    denies, taken, causes = [], [], []  # active deny ACEs so far; what they take out; why selectors are None
    unknown_denies = []  # deny ACEs not fully resolved: they matter only to the permits after them they may meet
    ported = []  # permit ACEs with ports: the selectors have none, so each is a finding (_ported)
    timed = []  # ACEs with a time-range: the selectors they make or take out exist part of the time only (_timed)
    any_protocol = []  # (source infos, destination infos) of the resolved 'permit ip' ACEs so far (_shadowed)
    for ace in acl.entries:
        if keep:
            for operand in (ace.source, ace.destination):
                deps.add((_OPERAND_KIND.get(operand.kind, operand.kind), operand.value, None))
        if ace.inactive:
            if inactive is not None and ace.action == "permit":
                _inactive_selectors(ctx, ace, inactive)
            continue
        if ace.identity:  # never read as the wider selector its addresses alone make
            causes.append(([ace.line], _IDENTITY_CAUSE % (ace.line.line, ace.line.text)))
            selectors = None
            continue
        sources, destinations = ctx.resolver.operand(ace.source), ctx.resolver.operand(ace.destination)
        if ace.action != "permit":
            if " time-range " in ace.line.text:
                timed.append(ace)
            if sources is None or destinations is None or ace.protocol is None:
                unknown_denies.append((ace, sources, destinations))
                if deny_aces is not None:
                    deny_aces.append((ace, None if sources is None else infos_of(sources),
                                      None if destinations is None else infos_of(destinations)))
            else:
                denies.append((ace, infos_of(sources), infos_of(destinations)))
                if deny_aces is not None:
                    deny_aces.append(denies[-1])
            continue
        if sources is not last_sources:
            source_infos, last_sources = _note_networks(local, sources, infos_of), sources
        if destinations is not last_destinations:
            destination_infos, last_destinations = _note_networks(remote, destinations, infos_of), destinations
        if ace.has_ports:
            if not (any_protocol and sources is not None and destinations is not None
                    and _shadowed(any_protocol, source_infos, destination_infos)):
                ported.append(ace)
        if " time-range " in ace.line.text:
            timed.append(ace)  # inactive part of the time: it shadows nothing then
        elif ace.protocol == 0 and sources is not None and destinations is not None and not ace.has_ports:
            any_protocol.append((source_infos, destination_infos))
        if sources is None or destinations is None or ace.protocol is None:
            causes += _causes(ctx, ace, sources, destinations)
            selectors = None
        if selectors is None:
            continue
        if unknown_denies:  # first match: a deny that may meet this permit's traffic makes its selectors unknown
            for deny, deny_sources, deny_destinations in unknown_denies:
                if _may_meet(ctx, deny, deny_sources, deny_destinations, ace, source_infos, destination_infos):
                    causes += _causes(ctx, deny, deny_sources, deny_destinations)
                    selectors = None
                    break
            if selectors is None:
                continue
        protocol, source_lines = ace.protocol, (ace.line,)
        if denies:  # the rare path: each selector judged against the deny ACEs before it
            if not _add_unless_denied(selectors, seen, pairs, taken, denies, ace, source_infos, destination_infos):
                causes.append(([ace.line] + [deny.line for deny, _s, _d in denies],
                               "what the deny lines before it leave of line %d's selectors is too fragmented to compute"
                               % ace.line.line))
                selectors = None
            continue
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
    if selectors is None:
        _undecidable(ctx, entry, name, acl, causes)
    elif taken:
        _denied(ctx, entry, name, acl, taken)
    if ported:
        _ported(ctx, entry, name, acl, ported)
    if timed:
        _timed(ctx, entry, name, acl, timed)
    return selectors, known_networks(local), known_networks(remote), pairs


# At most this many pieces of one selector left uncovered while subtracting the deny ACEs before it: past
# that, what the denies leave of it is not computed (the selectors are undecidable, with a finding)
def _may_meet(ctx, deny, deny_sources, deny_destinations, permit, source_infos, destination_infos):
    """Whether a deny ACE not fully resolved (a side None: an fqdn object, or a protocol object-group) may match
    traffic of the permit ACE after it: each side it names must overlap the permit's, and the protocols must meet."""
    if deny.protocol is not None and permit.protocol is not None and 0 not in (deny.protocol, permit.protocol) \
            and deny.protocol != permit.protocol:
        return False
    for networks, infos in ((deny_sources, source_infos), (deny_destinations, destination_infos)):
        if networks is None:
            continue
        spans = [info[1] for info in ctx.infos_of(networks)]
        if not any(a[0] == b[1][0] and a[1] <= b[1][2] and b[1][1] <= a[2] for a in spans for b in infos):
            return False
    return True


_PIECES_MAX = 4096


def _add_unless_denied(selectors, seen, pairs, taken, denies, ace, source_infos, destination_infos):
    """The selectors of permit ``ace`` (as the common loop adds them), each judged against the earlier deny
    ACEs: one they cover (together) is left out, one they cut into is kept; ``taken`` gets (permit ace, its
    selector's texts, protocol, [(deny ace, source text, destination text)], covered). False when what the
    denies leave of a selector could not be computed (past _PIECES_MAX pieces)."""
    protocol = ace.protocol
    for source_text, source_span, _source in source_infos:
        for destination_text, destination_span, _destination in destination_infos:
            if source_span[0] != destination_span[0]:
                continue
            pair = (source_text, destination_text)
            protocols = seen.get(pair, _NONE)
            if protocols is not _NONE and (protocol in protocols if protocols.__class__ is set else protocols == protocol):
                continue  # permitted by an earlier ACE: the first match, before the denies that follow it
            cuts, covered = _denial(denies, source_span, destination_span, protocol)
            if cuts:
                if covered is None:
                    return False
                taken.append((ace, source_text, destination_text, protocol, cuts, covered))
            if covered:
                continue
            if protocols is _NONE:
                seen[pair] = protocol
                pairs[pair] = (source_span, destination_span)
            elif protocols.__class__ is set:
                protocols.add(protocol)
            else:
                seen[pair] = {protocols, protocol}
            selectors.append(TrafficSelector(source_text, destination_text, protocol, (ace.line,)))
    return True


def _denial(denies, source_span, destination_span, protocol):
    """([(deny ace, source text, destination text)]: the deny ACEs' network pairs that cut into a selector, what
    each takes of it; covered): True when together they take all of it, None when that is not computed
    (past _PIECES_MAX pieces). A deny for another protocol, or with ports, takes a part only."""
    version, first, last, length = source_span
    _version, d_first, d_last, d_length = destination_span
    cuts, rest = [], [(first, last, d_first, d_last)]
    for deny, deny_sources, deny_destinations in denies:
        deny_protocol = deny.protocol
        if deny_protocol and protocol and deny_protocol != protocol:
            continue
        whole = (deny_protocol == 0 or deny_protocol == protocol) and not deny.has_ports
        for s_text, s_span, _s in deny_sources:
            if s_span[0] != version or s_span[2] < first or last < s_span[1]:
                continue
            for t_text, t_span, _t in deny_destinations:
                if t_span[0] != version or t_span[2] < d_first or d_last < t_span[1]:
                    continue
                # prefixes that overlap nest: what the deny takes is the longer of each side's two
                cuts.append((deny, s_text if s_span[3] >= length else None, t_text if t_span[3] >= d_length else None))
                if whole and rest:
                    rest = _subtract(rest, s_span[1], s_span[2], t_span[1], t_span[2])
                    if len(rest) > _PIECES_MAX:
                        return cuts, None
    return cuts, bool(cuts) and not rest


def _subtract(rest, x1, x2, y1, y2):
    """The (source first, last, destination first, last) boxes of ``rest`` less the box (x1, x2, y1, y2)."""
    out = []
    for piece in rest:
        a1, a2, b1, b2 = piece
        if x2 < a1 or a2 < x1 or y2 < b1 or b2 < y1:
            out.append(piece)
            continue
        if a1 < x1:
            out.append((a1, x1 - 1, b1, b2))
        if x2 < a2:
            out.append((x2 + 1, a2, b1, b2))
        m1, m2 = max(a1, x1), min(a2, x2)
        if b1 < y1:
            out.append((m1, m2, b1, y1 - 1))
        if y2 < b2:
            out.append((m1, m2, y2 + 1, b2))
    return out


_REPORTED = "reported"  # a cause the parser reported on its own line (undefined name, invalid value)


def _causes(ctx, ace, sources, destinations):
    """[(lines, why)]: why an ACE's selectors are undecidable; none for what the parser reported already."""
    found, config = [], ctx.config
    for side, operand, networks in (("source", ace.source, sources), ("destination", ace.destination, destinations)):
        if networks is not None:
            continue
        cause = _operand_cause(config, operand)
        if cause is None:  # not found: the line is named anyway, unless the parser did
            if _parse_reported(ctx, ace.line):
                continue
            cause = ([], "its %s %s cannot be resolved to addresses" % (side, operand.value or operand.kind))
        if cause is not _REPORTED:
            found.append(([ace.line] + cause[0], "line %d '%s': %s" % (ace.line.line, ace.line.text, cause[1])))
    if ace.protocol is None and not _parse_reported(ctx, ace.line):
        found.append(([ace.line], "line %d '%s' names its protocol with an object or object-group (protocol or "
                                  "service), which is not expanded" % (ace.line.line, ace.line.text)))
    return found


# An ACE with a user, user group or security group: the ASA takes no identity-based ACL as a crypto ACL (Cisco ASA Series
# Firewall CLI Configuration Guide, Identity Firewall, Guidelines: "The following ASA features do not support using the
# identity-based object and FQDN in an extended ACL: ... Crypto maps"), and its addresses alone would make wider
# selectors than the line states, so the selectors are not decided
_IDENTITY_CAUSE = ("line %d '%s' names a user, user group or security group (identity firewall), which a crypto ACL "
                   "does not take: its selectors are not the addresses alone")


def _parse_reported(ctx, line):
    return ctx.parse_reported("INVALID_VALUE", line=line.line) or ctx.parse_reported("UNDEFINED_REFERENCE", line=line.line)


def _operand_cause(config, operand):
    """(lines, why) for an operand the resolver cannot expand, _REPORTED, or None (cause not found). Nested
    groups are walked without recursion (their depth is the input's)."""
    if operand.kind == "interface":
        return [], "interface %s has no static address" % operand.value
    if operand.kind == "object":
        return _object_cause(config, operand.value)
    if operand.kind != "group":
        return _REPORTED if operand.kind == "invalid" else None
    groups, objects = config.object_groups, config.objects
    stack, seen = [operand.value], {operand.value}
    while stack:
        group = groups.get(stack.pop())
        if group is None:
            return _REPORTED
        for member in group.members:
            if member.kind == "network" and member.network is None:
                return _REPORTED
            if member.kind == "object" and (member.value not in objects or objects[member.value].networks is None):
                return _object_cause(config, member.value)
            if member.kind == "group" and member.value not in seen:
                seen.add(member.value)
                stack.append(member.value)
    return None


def _object_cause(config, name):
    obj = config.objects.get(name)
    if obj is None:
        return _REPORTED
    if obj.kind == "fqdn":
        return list(obj.lines), "object %s is an fqdn object (%s), resolved by DNS on the ASA, not offline" % (
            name, obj.value)
    if obj.kind is None:
        return list(obj.lines), "object %s has no host, subnet or range" % name
    return _REPORTED  # a host, subnet or range the parser found invalid


def _undecidable(ctx, entry, name, acl, causes):
    """One finding naming the lines that leave the selectors undecidable (none: the parser named them)."""
    if not causes:
        return
    lines = list(dict.fromkeys(line for cause_lines, _why in causes for line in cause_lines))
    whys = list(dict.fromkeys(why for _lines, why in causes))
    where = "access-list %s" % acl.name if acl is not None else "it"
    # one finding per ACL and text; the ends reading the same ACL (set peer PRIMARY BACKUP, entries to one peer)
    # widen its scope
    ctx.add_once(
        "UNSUPPORTED_CONSTRUCT",
        WARNING,
        "The traffic selectors of crypto map entry %s %d (%s) and its NAT exemption were not checked: %s."
        % (entry.map_name, entry.seq, where, first_of(whys, _SHOWN, "; ")),
        ctx.evidence({"crypto_map": entry.map_name, "seq": entry.seq}, lines[:_EVIDENCE_MAX], acl=acl and acl.name,
                     causes=whys),
        ["! check by hand that the crypto ACL matches the peer's traffic selectors and that NAT exempts that traffic"],
        [name],
    )


_SHOWN, _EVIDENCE_MAX = 5, 50

# ACL types that are no crypto ACL: standard ACLs identify destination addresses only and serve route maps and VPN
# filters; webtype ACLs filter clientless SSL VPN, EtherType ACLs non-IP traffic in transparent mode. A crypto map
# identifies the traffic it protects by source and destination with an extended ACL (Cisco ASA Series Firewall CLI
# Configuration Guide, "Access Control Lists": ACL types and Table "ACL Types and Common Uses"; ASA VPN CLI
# Configuration Guide, "IPsec and ISAKMP", crypto ACLs). An ACL has one type: the ASA refuses an extended ACE added to
# a standard ACL's name.
_NOT_CRYPTO_ACL_TYPES = ("standard", "webtype", "ethertype")


def _not_extended(acl):
    """(line, its type) for each line of ``acl`` of a type that is no crypto ACL (_NOT_CRYPTO_ACL_TYPES), in order."""
    found = []
    for line in acl.lines:
        words = line.text.split()
        at = 4 if len(words) > 3 and words[2] == "line" else 2
        if len(words) > at and words[at] in _NOT_CRYPTO_ACL_TYPES:
            found.append((line, words[at]))
    return found


def _not_a_crypto_acl(ctx, entry, name, acl, typed):
    """One finding naming the lines that make the entry's ACL one of another type than extended (``typed``: as
    _not_extended gives them): it protects none of the peer's traffic pairs, and its selectors (and NAT exemption)
    are not read from it. The fix is an extended ACL of the entry's own, never extended lines under the name of the
    other type's."""
    lines, kind = [line for line, _kind in typed], typed[0][1]
    ctx.add_once(
        "INVALID_VALUE",
        ERROR,
        "Crypto map entry %s %d matches access-list %s, a %s ACL (line %d '%s'): an ASA crypto map identifies its "
        "traffic by source and destination with an extended ACL, so this entry protects none of the peer's traffic "
        "and its selectors and NAT exemption were not checked." % (
            entry.map_name, entry.seq, acl.name, kind, lines[0].line, lines[0].text),
        ctx.evidence({"crypto_map": entry.map_name, "seq": entry.seq},
                     ([entry.acl_line] if entry.acl_line else []) + lines[:_EVIDENCE_MAX - 1], acl=acl.name, acl_type=kind),
        ["! access-list %s is a %s ACL, to which the ASA adds no extended line: give %s %d an extended ACL of its own "
         "(access-list <name> extended permit ip <local network> <remote network> per pair the peer offers) and bind "
         "it with 'crypto map %s %d match address <name>'" % (acl.name, kind, entry.map_name, entry.seq,
                                                              entry.map_name, entry.seq)],
        [name],
    )


def _denied(ctx, entry, name, acl, taken):
    """One finding naming the deny lines and what each takes out of the permit lines after it."""
    whole = False
    by_deny, lines, last_permit = {}, [], None
    for permit, local, remote, protocol, cuts, covered in taken:
        what = "%s <-> %s%s (line %d)" % (local, remote, _protocol_text(protocol), permit.line.line)
        if covered:
            whole, part = True, "all of " + what
        for deny, deny_local, deny_remote in cuts:
            if not covered:
                kind = _protocol_text(deny.protocol).strip(" ()") + " traffic " if deny.protocol and not protocol else ""
                ports = " on some ports" if deny.has_ports else ""
                part = "%s%s <-> %s%s of %s" % (kind, deny_local or local, deny_remote or remote, ports, what)
            found = by_deny.get(id(deny))
            if found is None:
                found = by_deny[id(deny)] = (deny, [])
            found[1].append(part)
        if permit is not last_permit:  # a permit's selectors come together: its line once (a ConfigLine hashes in Python)
            lines.append(permit.line)
            last_permit = permit
    items = []
    for deny, parts in by_deny.values():
        parts = list(dict.fromkeys(parts))
        items.append("line %d '%s' takes out %s" % (deny.line.line, deny.line.text, first_of(parts, _SHOWN)))
    denies = [deny for deny, _parts in by_deny.values()]
    later = later_entry_to_same_peer(ctx, entry)
    if later and handed_on(ctx, entry, taken):
        return  # Cascading ACLs: a later entry to this peer permits all of it, the tunnel carries it (review 2026-12-07)
    if not whole and handed_on(ctx, entry, taken, any_peer=True):
        return  # Cascading ACLs: a later entry to another peer protects it, it does not leave unencrypted (review 2026-12-07)
    if whole:
        where = ", %s %d here" % (entry.map_name, later) if later else ", and none sets this peer"
        outcome = ("the ASA does not accept these selectors for entry %s %d (a packet matching a deny goes on to the "
                   "next entry of the map%s)" % (entry.map_name, entry.seq, where))
    else:
        outcome = ("this traffic leaves the ASA unencrypted while the peer sends it into the tunnel (a packet matching "
                   "a deny is not protected by entry %s %d)" % (entry.map_name, entry.seq))
    ctx.add_once(
        "TRAFFIC_SELECTOR_MISMATCH",
        ERROR if whole and not later else WARNING,
        "Crypto ACL %s of crypto map entry %s %d denies before it permits: %s; %s."
        % (acl.name, entry.map_name, entry.seq, "; ".join(items), outcome),
        ctx.evidence({"crypto_map": entry.map_name, "seq": entry.seq},
                     ([d.line for d in denies] + list(dict.fromkeys(lines)))[:_EVIDENCE_MAX],
                     acl=acl.name, denies=[d.line.to_dict() for d in denies]),
        ["! if this traffic belongs in the tunnel: no %s (or re-add it below the permit lines)" % deny.line.text
         for deny in denies],
        [name],
        "child_init" if whole else "traffic",
    )


# Comparisons _shadowed makes for one port line at most: past it the line counts as reachable (reported), so that a
# crypto ACL of thousands of lines stays linear
_SHADOW_BUDGET = 4096


def _shadowed(any_protocol, source_infos, destination_infos):
    """Whether every source x destination of a port line lies inside the earlier 'permit ip' lines' together (one
    line, or several that tile it): first match, its traffic is theirs, so the port line never narrows anything (a
    leftover line, not a finding)."""
    budget = [_SHADOW_BUDGET]
    for _text, (version, low, high, _length), _network in source_infos:
        for _dtext, (dversion, dlow, dhigh, _dlength), _dnetwork in destination_infos:
            if _left_of((version, low, high), (dversion, dlow, dhigh), any_protocol, budget):
                return False
    return True


def _left_of(source, destination, any_protocol, budget):
    """What of the box ``source`` x ``destination`` ((version, first, last) each) the 'permit ip' lines leave: [] when
    they take all of it; a non-empty list also when ``budget`` ([comparisons left], shared by the port line's boxes)
    or the pieces run out (the line then counts as reachable)."""
    version, low, high = source
    dversion, dlow, dhigh = destination
    rest = [(low, high, dlow, dhigh)]
    for earlier_sources, earlier_destinations in any_protocol:
        budget[0] -= len(earlier_sources) + len(earlier_destinations)
        if budget[0] < 0:
            return rest
        for _t, (v, s_low, s_high, _l), _n in earlier_sources:
            if v != version or s_high < low or high < s_low:
                continue
            for _u, (w, d_low, d_high, _m), _o in earlier_destinations:
                if w == dversion and not (d_high < dlow or dhigh < d_low):
                    rest = _subtract(rest, s_low, s_high, d_low, d_high)
                    budget[0] -= len(rest)
                    if not rest or len(rest) > _PIECES_MAX:
                        return rest
    return rest


def _ported(ctx, entry, name, acl, ported):
    """One finding naming the permit lines with ports (source or destination, an operator or a service group):
    the ASA proposes and accepts their selectors with those ports only (RFC 7296 section 2.9 and 3.13.1: a traffic
    selector is an address range, a protocol and a port range; ICMP's type and code ride in the port fields), while
    the selectors here are networks and a protocol (model.TrafficSelector). TRAFFIC_SELECTOR_MISMATCH, not
    UNSUPPORTED_CONSTRUCT: the ports are read and what they do is known, the selectors of the two ends differ (an
    Azure connection's selectors are address ranges for any protocol and port: trafficSelectorPolicies carry
    localAddressRanges and remoteAddressRanges only, https://learn.microsoft.com/en-us/rest/api/network-gateway/
    virtual-network-gateway-connections/create-or-update#trafficselectorpolicy), which is that code's meaning
    (findings.CATALOG); UNSUPPORTED_CONSTRUCT is for what is left unchecked, and these selectors are checked. A
    warning: what it costs is the traffic on other ports (phase "traffic", as a deny that cuts into a selector).
    The ports are never proposed away: that would widen the crypto ACL."""
    what, items = "ports", []  # an ACE once each: its line once
    for ace in ported:
        items.append("line %d '%s'" % (ace.line.line, ace.line.text))
        if ace.protocol == 1 or ace.protocol == 58:  # icmp, icmp6 (tables.ACL_PROTOCOLS)
            what = "ports (for ICMP, message types)"
    ctx.add_once(
        "TRAFFIC_SELECTOR_MISMATCH",
        WARNING,
        "Crypto ACL %s of crypto map entry %s %d has permit lines narrowed to %s: %s; the ASA narrows each such line's traffic "
        "selectors to its protocol and those %s (RFC 7296 section 2.9), so traffic between its networks on other "
        "%s is not carried by that line's Child SA and is not protected unless another permit line matches it, "
        "while the peer's selectors cover every protocol and port (Azure's do). The selectors listed for these "
        "lines are shown without their %s."
        % (acl.name, entry.map_name, entry.seq, what, first_of(items, _SHOWN, "; "), what, what, what),
        ctx.evidence({"crypto_map": entry.map_name, "seq": entry.seq}, [ace.line for ace in ported[:_EVIDENCE_MAX]],
                     acl=acl.name, lines_with_ports=len(ported)),
        ["! decide by hand whether traffic on other %s between these networks belongs in the tunnel; no change is "
         "proposed that drops a crypto ACL line's %s (that would widen the crypto ACL)" % (what, what)],
        [name],
        "traffic",
    )


def _timed(ctx, entry, name, acl, timed):
    """One finding naming the lines with a time-range: outside it the ASA skips the line (Cisco ASA configuration
    guide, "Time Ranges": an ACE with a time range is active only while it is), so a permit's pairs leave the entry's
    traffic selectors then (and a deny's stop being taken out) while the peer's stay (Azure's selectors have no time).
    A pair the peer proposes then is refused and its traffic is not protected by this entry; a rekey then fails. The
    selectors are checked as the ASA has them while the time-ranges are active; the rest of the time is not modelled
    (UNSUPPORTED_CONSTRUCT)."""
    items = ["line %d '%s'" % (ace.line.line, ace.line.text) for ace in timed]
    ctx.add_once(
        "UNSUPPORTED_CONSTRUCT",
        WARNING,
        "Crypto ACL %s of crypto map entry %s %d has lines with a time-range: %s. The ASA skips such a line while "
        "its time-range is inactive, so the entry's traffic selectors change then while the peer's stay: a Child SA "
        "or rekey for a pair the two then disagree on is refused and its traffic is not protected by this entry. The "
        "selectors were checked as they are while the time-ranges are active; the rest of the time, they were not."
        % (acl.name, entry.map_name, entry.seq, first_of(items, _SHOWN, "; ")),
        ctx.evidence({"crypto_map": entry.map_name, "seq": entry.seq}, [ace.line for ace in timed[:_EVIDENCE_MAX]],
                     acl=acl.name, lines_with_time_range=len(timed)),
        ["! decide by hand whether these pairs belong in the tunnel at all times; a crypto ACL line that comes and goes "
         "cannot be matched by a peer whose selectors are fixed"],
        [name],
        "child_rekey",
    )


_PROTOCOL_NAMES = {number: word for word, number in reversed(list(tables.ACL_PROTOCOLS.items()))}


_PROTOCOL_TEXTS = {}  # protocol -> its _protocol_text, made once (a few protocols, a finding per tunnel)


def _protocol_text(protocol):
    text = _PROTOCOL_TEXTS.get(protocol)
    if text is None:
        text = _PROTOCOL_TEXTS[protocol] = " (%s)" % _PROTOCOL_NAMES.get(protocol, protocol) if protocol else ""
    return text


def _inactive_selectors(ctx, ace, out):
    """The selectors the inactive permit ``ace`` would make, appended to ``out`` (none where a side or its protocol
    cannot be resolved: nothing then is said of it). At most INACTIVE_SELECTORS_KEPT an end: they only name lines, so
    a few large inactive groups cost no more than that."""
    if len(out) >= INACTIVE_SELECTORS_KEPT:
        return
    sources, destinations = ctx.resolver.operand(ace.source), ctx.resolver.operand(ace.destination)
    if sources is None or destinations is None or ace.protocol is None:
        return
    infos_of = ctx.infos_of
    for source_text, source_span, _source in infos_of(sources):
        for destination_text, destination_span, _destination in infos_of(destinations):
            if source_span[0] == destination_span[0]:
                if len(out) >= INACTIVE_SELECTORS_KEPT:
                    return
                out.append(TrafficSelector(source_text, destination_text, ace.protocol, (ace.line,)))


INACTIVE_SELECTORS_KEPT = 1024


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


def known_networks(found):
    return None if None in found else list(found)
