# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parser's checks once the whole text is read: names referenced but not defined
(UNDEFINED_REFERENCE) and object-groups that contain themselves (INVALID_VALUE)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import is_address_literal


class _EveryName(object):
    """A container holding every name (no interface block in the text: no nameif is undefined)."""

    def __contains__(self, name):
        return True


_EVERY_NAME = _EveryName()


def check_references(parser):
    """One UNDEFINED_REFERENCE per name and line referenced (``parser.references``) and not defined."""
    config = parser.config
    nameifs = {iface.nameif for iface in config.interfaces.values() if iface.nameif}
    defined = {
        "object network": config.objects,
        "object-group network": config.object_groups,
        # a port argument's group (objects.destination_ports): a service, tcp/udp/tcp-udp or icmp-type group
        "object-group service": config.other_object_groups,
        "access-list": config.access_lists,
        "ipsec-proposal": config.ipsec_proposals,
        "transform-set": config.transform_sets,
        "group-policy": config.group_policies,
        "dynamic-map": config.dynamic_maps,
        "ipsec-profile": config.ipsec_profiles,
        "route-map": config.route_maps,
        "prefix-list": config.prefix_lists,
    }
    reported = set()
    # A reference to a record of its kind that is defined needs no more (most of them): kept in
    # order are the others and the kinds the loop decides itself (issue 12: a pass over them all).
    # Names the loop below accepts for its own kinds, as sets (not all it accepts: literals stay to it).
    known = dict(defined)
    known["interface"] = nameifs if config.interfaces else _EVERY_NAME
    known["network object or object-group"] = set(config.objects).union(config.object_groups)
    empty = ()
    candidates = [ref for ref in parser.references if ref[1] not in known.get(ref[0], empty)]
    for kind, name, line, context in candidates:
        if kind == "interface":
            # a paste without interface blocks is partial, not wrong
            if not config.interfaces or name in nameifs:
                continue
            kind_text = "interface nameif"
        elif kind == "network object or object-group":
            if name in config.objects or name in config.object_groups or is_address_literal(name, config.names):
                continue
            kind_text = kind
        elif kind == "group-policy" and name == tables.DFLT_GRP_POLICY:
            continue
        elif name in defined[kind]:
            continue
        else:
            kind_text = kind
        if (kind, name, line.line) in reported:
            continue  # e.g. "source static X X": one finding per name and line
        reported.add((kind, name, line.line))
        parser.undefined(kind_text, name, line, context)


def check_group_cycles(parser):
    """Depth-first over group-object edges; each edge that closes a loop is reported. Only groups
    with a ``group-object`` line (``nesting_groups``) have edges: the others are leaves, finished
    without a look at their members (issue 12: the walk over every member of every group)."""
    groups, nesting = parser.config.object_groups, parser.nesting_groups
    state = {}  # name -> 1 on the current path, 2 finished
    for root in groups:
        if root in state or root not in nesting:
            continue
        stack = [(root, iter(groups[root].members))]
        state[root] = 1
        while stack:
            name, members = stack[-1]
            member = next(members, None)
            if member is None:
                state[name] = 2
                stack.pop()
                continue
            if member.kind != "group" or member.value not in groups:
                continue
            child = member.value
            if state.get(child) == 1:
                parser.invalid(
                    member.line,
                    child,
                    "an object-group that does not contain %s itself" % name,
                    {"kind": "object-group", "name": name},
                )
            elif child not in state:
                if child not in nesting:
                    state[child] = 2
                    continue
                state[child] = 1
                stack.append((child, iter(groups[child].members)))
