# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fixes of what a crypto map entry protects (its crypto ACL) and of the NAT exemption that keeps that traffic
untranslated, for remediation.py (``entry``: its _Entry). Also the one rule for which selector pairs need an
exemption of their own (pairs_to_exempt), shared by the report's fix and align. Plain Python, no Ansible import."""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import invented_names
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.invented_names import ACCESS_LIST, OBJECT_GROUP, PREFIX
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_fix_ingress import fix_interfaces
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.names import object_name_char
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_intent import acl_operand, network_object
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import Coverage, network, normalized


def _traffic_selectors(entry, item):
    if entry.vti:
        return ["! %s always offers any-to-any selectors and routing decides what enters it; for a peer "
                "that needs prefix selectors use a crypto map entry instead" % entry.what]
    pairs = [
        (normalized(l), normalized(r))
        for l, r in item.get("pairs") or ()
    ]
    lines = _acl_lines(entry, pairs)
    shared = entry.ref.get("acl_matched_by")
    if shared and any(line.startswith(("access-list ", "no access-list ")) for line in lines):
        # the same ACL decides another entry's traffic: changing it here changes theirs, which no proof judged
        return ["! access-list %s is also matched by %s: changing it for %s would change that traffic too; give %s "
                "a crypto ACL of its own with the pairs %s" % (
                    entry.ref.get("acl"), ", ".join(shared), entry.prefix, entry.prefix,
                    ", ".join("%s <-> %s" % pair for pair in pairs))]
    if entry.ref.get("nat_rule_lines"):
        # NAT rules decide this tunnel's traffic (an exemption, next to a PAT as a rule): the pairs a permit adds are
        # exempted with them, or they are translated before the crypto map and never enter the tunnel (review
        # 2026-12-04: a "proven" ACL fix brought NAT_EXEMPTION_MISSING once applied); the proof keeps the end's
        # exemption for them (model_edit)
        added = pairs_to_exempt(entry.end, pairs)
        if added:
            lines += _nat_exemption(entry, {"local": sorted({l for l, _r in added}),
                                            "remote": sorted({r for _l, r in added})})
    return lines


def pairs_to_exempt(end, pairs):
    """The selector pairs of ``pairs`` (local, remote) that a crypto ACL fix adds to the ASA end ``end`` and that need
    a NAT exemption of their own: not protected yet, none to or from everything (a host's internet traffic would
    leave untranslated), and not kept untranslated already by the ASA's NAT (nat_kept: a rule at line 1 nobody needs
    overrides whatever translation an operator put there; review D, finding 1). The one rule for the report's fix
    (_traffic_selectors) and align's asa_vpn_tunnel options (align.asa_options), so align pushes what was proven
    (review L, finding 1). In the order given, each pair once."""
    present = {(normalized(ts.local), normalized(ts.remote)) for ts in end.traffic_selectors or ()}
    kept = nat_kept(end)
    out = []
    for local, remote in pairs:
        pair = (normalized(local), normalized(remote))
        if pair in present or pair in out or local.endswith("/0") or remote.endswith("/0") or kept(pair):
            continue
        out.append(pair)
    return out


def nat_kept(end):
    """A test of a pair (local, remote): does the ASA's NAT, as the engine decided it (end.nat: every current selector
    pair untranslated), already keep its traffic untranslated? It does when the pair lies inside the current pairs: the
    first rule that matches a pair inside one the NAT walk found untranslated is that pair's identity rule, as a
    translating rule that meets the smaller pair meets the larger one (nat_first_match)."""
    if end.nat is None or end.nat.exempt is not True or not end.traffic_selectors:
        return lambda pair: False
    by_local = {}  # current local network -> its remote networks, each local parsed once
    for ts in end.traffic_selectors:
        by_local.setdefault(ts.local, []).append(ts.remote)
    # and the pairs of the identity rules that decide them, as the NAT check found them kept (crypto_map_end)
    for item in (end.ref or {}).get("nat_kept_pairs") or ():
        if isinstance(item, (list, tuple)) and len(item) == 2:
            by_local.setdefault(item[0], []).append(item[1])
    parsed = []
    for text, remotes in by_local.items():
        try:
            parsed.append((network(text, strict=False), remotes))
        except ValueError:
            continue

    def kept(pair):
        try:
            local = network(pair[0], strict=False)
        except ValueError:
            return False
        remotes = [r for current, found in parsed if current.version == local.version and local.subnet_of(current)
                   for r in found]
        return bool(remotes) and not Coverage(remotes).missing([pair[1]])
    return kept


def _deny_matches(deny, pair):
    """Whether a deny ACE ({"sources", "destinations"}: network texts, None unknown) matches part of the traffic of the
    selector ``pair`` (local, remote)."""
    for side, text in zip((deny.get("sources"), deny.get("destinations")), pair):
        if side is None:
            continue
        wanted = network(text, strict=False)
        if not any(wanted.version == other.version and wanted.overlaps(other)
                   for other in (network(n, strict=False) for n in side)):
            return False
    return True


def _acl_lines(entry, pairs):
    """Add the ACEs for missing pairs, then remove ACEs none of whose pairs is wanted."""
    acl = entry.ref.get("acl")
    lines = []
    if not acl:
        # an ACL of that name the device holds (another entry's, a leftover) would gain these lines: a free name
        acl = invented_names.free_name(entry.ref.get("invented_names"), ACCESS_LIST, "%s-%s" % (PREFIX, entry.tag), None)
        lines.append("%s match address %s" % (entry.prefix, acl))
    wanted = set(pairs)
    current = entry.end.traffic_selectors
    present = {(ts.local, ts.remote) for ts in current or ()}
    acl_of = _acl_of_networks(entry, current)
    # first match: a permit appended to the ACL sits behind a deny line that matches its traffic, and is never reached
    blocking = [d for d in entry.ref.get("acl_deny_lines") or ()
                if any(pair not in present and _deny_matches(d, pair) for pair in pairs)]
    if blocking:
        lines.append("! access-list %s has deny line(s) that match traffic a permit added at its end would protect "
                     "(line %s): remove or move them first, or add the permits above them (access-list %s line 1 "
                     "extended permit ...)" % (acl, ", ".join("%d: %s" % (d["line"], d["text"]) for d in blocking[:3]), acl))
    for local, remote in pairs:
        if (local, remote) in present:
            continue
        local_net, remote_net = network(local, strict=True), network(remote, strict=True)
        if local_net.version != remote_net.version:
            lines.append("! %s -> %s mixes IPv4 and IPv6; a crypto ACL entry cannot" % (local, remote))
            continue
        lines.append(
            "access-list %s extended permit ip %s %s"
            % (acl_of.get(local) or acl_of.get(remote) or acl, acl_operand(local_net), acl_operand(remote_net))
        )
        present.add((local, remote))
    if current is None:
        lines.append("! the current entries of access-list %s could not be read; remove any that are not wanted" % acl)
        return lines
    by_line = {}
    for ts in current:
        if ts.source:
            by_line.setdefault(ts.source[0], []).append((ts.local, ts.remote))
    for line, line_pairs in by_line.items():
        kept = [p for p in line_pairs if p in wanted]
        if not kept:
            lines.append("no %s" % line.text)
        elif len(kept) < len(line_pairs):
            lines.append(
                "! line %d (%s) also permits pairs that are not wanted; split its objects" % (line.line, line.text)
            )
    return lines


def _acl_of_networks(entry, current):
    """With several entries to one peer (ref "entries"): network -> the ACL of the entry whose selectors hold it
    (local networks first), so a selector added for it goes to that entry, never to one beside it."""
    entries = entry.ref.get("entries")
    if not entries or not current:
        return {}
    acls = {e.get("acl") for e in entries if isinstance(e, dict) and e.get("acl")}
    found = {}
    for side in ("local", "remote"):
        for ts in current:
            words = ts.source[0].text.split() if ts.source else []
            if len(words) > 1 and words[0] == "access-list" and words[1] in acls:
                found.setdefault(getattr(ts, side), words[1])
    return found


def _nat_exemption(entry, item):
    """Object-groups of the tunnel's networks and an identity twice NAT rule at line 1 per interface the local
    networks enter by (a rule applies to traffic entering its real interface only: Cisco ASA command reference,
    ``nat``), placed by the device's routes as the NAT check places them (nat_fix_ingress.fix_interfaces); where a
    part's interface is not known, no rule but a note (a person's fix: a rule elsewhere leaves it translated)."""
    local = [ipaddress.ip_network(n, strict=False) for n in item.get("local") or ()]
    remote = [ipaddress.ip_network(n, strict=False) for n in item.get("remote") or ()]
    if not local or not remote:
        return [
            "! the networks to exempt from NAT are not known; add an identity twice NAT rule for the tunnel's networks"
        ]
    local_group = "%s-%s-LOCAL" % (PREFIX, entry.tag)
    remote_group = "%s-%s-REMOTE" % (PREFIX, entry.tag)
    bad = object_name_char(local_group)
    if bad is not None:
        # a group named after a crypto map holding it would be refused by the ASA (names.OBJECT_NAME_PUNCTUATION)
        return ["! %s cannot name an object-group: %r is no character of an ASA object name; add an identity twice "
                "NAT rule for the tunnel's networks with object-groups named by hand" % (local_group, bad)]
    outside = entry.nameif or "any"
    # the interfaces the networks to exempt enter by, as the NAT check places them (nat_fix_ingress), not those of the
    # networks the tunnel had before the fix (review I, defect 2: a /20 behind servers got nat (inside,outside)).
    # routed_out: their parts routed out of the interface the tunnel leaves by: never a rule whose real interface is
    # that one (not behind the ASA; an identity rule (outside,outside) would keep traffic that enters and leaves there
    # untranslated: review D, finding 1). unknown: parts no route places.
    insides, routed_out, unknown = fix_interfaces(entry.end, [str(n) for n in local], outside)
    if unknown:
        # a rule on a guessed interface would leave the traffic translated: no fix but a person's (review I, defect 2)
        return ["! no connected network or static route tells which interface %s enter(s) by: route it to the "
                "interface it sits behind, or add an identity twice NAT rule for it on that interface by hand "
                "(nat (<nameif>,%s) 1 source static ... destination static ...)" % (", ".join(unknown[:4]), outside)]
    if not insides and routed_out:
        return ["! %s route(s) out of %s, the interface the tunnel leaves by, so the ASA does not reach it behind "
                "itself: route the tunnel's local networks to their inside interface; no NAT exemption is made on %s"
                % (", ".join(routed_out[:4]), outside, outside)]
    if not insides:  # no interface known (facts without the routes): a rule for traffic entering by any interface
        insides = ["any"]
    lines, groups = [], []
    for name, networks in ((local_group, local), (remote_group, remote)):
        members = ["network-object %s" % network_object(n) for n in networks]
        groups.append(invented_names.free_name(entry.ref.get("invented_names"), OBJECT_GROUP, name, sorted(members)))
        lines.append("object-group network %s" % groups[-1])
        lines.extend(" " + member for member in members)
    local_group, remote_group = groups
    rule = "nat (%s,%s) 1 source static %s %s destination static %s %s no-proxy-arp route-lookup"
    lines.extend(rule % (inside, outside, local_group, local_group, remote_group, remote_group) for inside in insides)
    return lines


def _remote_networks(entry, item):
    if entry.vti:
        return ["! %s carries what is routed into it: route only %s through %s (remove wider routes)"
                % (entry.what, ", ".join(item.get("networks") or ()), entry.nameif or "its nameif")]
    local = entry.end.local_networks
    if not local:
        return [
            "! the local networks of %s are not known; list each local network -> %s in access-list %s"
            % (entry.end.name, ", ".join(item.get("networks") or ()), entry.ref.get("acl") or "(none)")
        ]
    pairs = [
        (str(ipaddress.ip_network(l, strict=False)), str(ipaddress.ip_network(r, strict=False)))
        for l in local
        for r in item.get("networks") or ()
    ]
    lines = _acl_lines(entry, pairs)
    lines.append("! check that the NAT exemption for %s covers the same remote networks" % entry.end.name)
    return lines


def _policy_selectors(entry, item):
    if entry.vti:
        if item.get("enabled", True):
            return ["! %s always offers any-to-any selectors; a peer that needs prefix selectors needs a crypto "
                    "map entry on the ASA instead" % entry.what]
        return ["! %s already offers any-to-any selectors: nothing to change on the ASA" % entry.what]
    if item.get("enabled", True):
        return ["! an ASA crypto map entry always offers its crypto ACL's selectors: nothing to change on the ASA"]
    return [
        "! an ASA crypto map cannot offer any-to-any selectors; use a route-based VTI (ASA 9.8(1)+) "
        "or keep policy-based selectors on the peer"
    ]


# intent kind renderers (fixes.KINDS names), for remediation.py
RENDERERS = {name: globals()[name] for name in (
    "_traffic_selectors", "_nat_exemption", "_remote_networks", "_policy_selectors")}
