# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A group-policy's ``vpn-filter`` against the selector pairs of the tunnels it filters.

The filter's access-list is applied to traffic after decryption and before encryption, statefully, in both
directions; for a LAN-to-LAN tunnel its lines name the remote network as the source and the local one as the
destination, and an implicit deny ends it (Cisco, "VPN Filters on Cisco ASA Configuration Example", document 99103;
verified). So a pair the crypto ACL protects that the filter permits nothing of is dropped while the tunnel is up.

Each pair is judged by the first lines that meet it, in order: ``"all"`` (a ``permit ip`` line covering it before any
deny meets it), ``"none"`` (a ``deny ip`` line covering it, or the implicit deny, before any permit meets it),
``"some"`` (a permit meets part of it, or with a protocol or ports, which are the user's policy) or ``None`` (a line
whose networks or protocol cannot be read, or an IPv6 pair, before the pair is decided: not judged).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import peer
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import Net, overlaps, within
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, WARNING

# Pairs x filter lines judged per tunnel: past it the filter is named, not judged (a limit of this reader that keeps
# the check linear in the config whatever a hub's filters hold, issue 12).
JUDGED_MAX = 200000
PAIRS_SHOWN = 5


def check_vpn_filter(ctx, name, policy_name, pairs=None):
    """The vpn-filter of the tunnel ``name`` (group-policy ``policy_name``, or DfltGrpPolicy's) against ``pairs``
    ({(local text, remote text): (local span, remote span)}, crypto map ends; None for a VTI or unknown selectors):
    a finding when it drops a pair whole, a note when it lets only part of them through or is not judged, nothing
    when it passes every pair whole."""
    found = peer.vpn_filter(ctx.config, policy_name)
    if found is None:
        return
    policy, line = found
    acl_name = line.text.split()[-1]
    acl = ctx.config.access_lists.get(acl_name)
    if acl is None:
        return  # UNDEFINED_REFERENCE (the parser's)
    lines = _filter_lines(ctx, acl)
    if not pairs or len(pairs) * max(len(lines), 1) > JUDGED_MAX:
        _named(ctx, name, policy, line, acl_name, partly=False)
        return
    verdicts = [(pair, _verdict(lines, spans)) for pair, spans in pairs.items()]
    dropped = [(pair, verdict[1]) for pair, verdict in verdicts if verdict is not None and verdict[0] == "none"]
    if dropped:
        _drops(ctx, name, policy, line, acl_name, dropped, len(pairs))
    elif any(verdict is None for _pair, verdict in verdicts):
        _named(ctx, name, policy, line, acl_name, partly=False)
    elif any(verdict[0] == "some" for _pair, verdict in verdicts):
        _named(ctx, name, policy, line, acl_name, partly=True)


def _filter_lines(ctx, acl):
    """The filter's active lines as (action, protocol or None, ported, source spans or None, destination spans or
    None, line), once per access-list."""
    found = ctx.vpn_filter_lines.get(acl.name)
    if found is None:
        found = ctx.vpn_filter_lines[acl.name] = []
        for ace in acl.entries:
            if ace.inactive:
                continue
            sources, destinations = ctx.resolver.operand(ace.source), ctx.resolver.operand(ace.destination)
            ported = ace.has_ports or " time-range " in ace.line.text  # a time-range: part of the time only
            found.append((ace.action, ace.protocol, ported, _spans(ctx, sources), _spans(ctx, destinations), ace.line))
    return found


def _spans(ctx, networks):
    """The resolver's spans (version, first, last, length) of ``networks`` as prefixes.Net, the same fields."""
    return None if networks is None else [Net(*info[1]) for info in ctx.infos_of(networks)]


def _verdict(lines, spans):
    """("all" | "none" | "some", the line that decides or None for the implicit deny) or None: not judged."""
    local, remote = Net(*spans[0]), Net(*spans[1])
    if local.version != 4 or remote.version != 4:
        return None
    partly_denied = False
    for action, protocol, ported, sources, destinations, line in lines:
        if sources is None or destinations is None:
            return None
        # the remote network is the filter's source, the local one its destination
        if not (_meets(sources, remote) and _meets(destinations, local)):
            continue
        whole = protocol == 0 and not ported and _covers(sources, remote) and _covers(destinations, local)
        if action == "permit":
            return ("all" if whole and not partly_denied else "some"), line
        if protocol is None:
            return None
        if whole:
            return "none", line
        partly_denied = True  # a deny of part of the pair (or of some protocols): the lines after judge the rest
    return "none", None


def _meets(nets, net):
    return any(overlaps(n, net) for n in nets)


def _covers(nets, net):
    return any(within(net, n) for n in nets)


def _drops(ctx, name, policy, line, acl_name, dropped, total):
    shown = "; ".join("remote %s to local %s (%s)" % (
        remote, local, "line %d" % by.line if by is not None else "the implicit deny")
        for (local, remote), by in dropped[:PAIRS_SHOWN])
    more = " and %d more" % (len(dropped) - PAIRS_SHOWN) if len(dropped) > PAIRS_SHOWN else ""
    every = len(dropped) == total
    deny_lines = list({by.line: by for _pair, by in dropped if by is not None}.values())[:PAIRS_SHOWN]
    ctx.add(
        "VPN_FILTER_DROPS", ERROR if every else WARNING,
        "Line %d: group-policy %s filters the tunnel's traffic with vpn-filter %s, which permits nothing of %s "
        "network pair(s) the crypto ACL protects: %s%s. That traffic is dropped after decryption and before "
        "encryption while the tunnel stays up (a LAN-to-LAN filter names the remote network as the source and the "
        "local one as the destination, and ends in an implicit deny)."
        % (line.line, policy, acl_name, "the tunnel's %d" % total if every else "%d of the %d" % (len(dropped), total),
           shown, more),
        ctx.evidence({"group_policy": policy}, [line] + deny_lines, access_list=acl_name,
                     dropped=[{"remote": remote, "local": local, "by_line": by.line if by is not None else None}
                              for (local, remote), by in dropped[:PAIRS_SHOWN]], dropped_count=len(dropped)),
        ["! access-list %s permits nothing of: %s%s. If the tunnel is to carry that traffic, permit it there, the "
         "remote network as the source, before any line that denies it." % (acl_name, shown, more)],
        [name], phase="traffic")


def _named(ctx, name, policy, line, acl_name, partly):
    what = ("lets only part of the tunnel's traffic through (a protocol, ports, or part of a network pair), as the "
            "user's policy has it, which is not checked" if partly else "is not judged here")
    ctx.add_once(
        "UNSUPPORTED_CONSTRUCT", INFO,
        "Line %d: group-policy %s filters its tunnels' traffic with vpn-filter %s, which %s: traffic the access-list "
        "does not permit is dropped while the tunnel stays up. Check that access-list %s permits what each tunnel is "
        "to carry, each remote network as the source and each local one as the destination."
        % (line.line, policy, acl_name, what, acl_name),
        ctx.evidence({"group_policy": policy}, [line], construct="vpn-filter", access_list=acl_name),
        ["! check access-list %s: a permit line from each remote network to each local one of the tunnel" % acl_name],
        [name])
