# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The NAT exemption of pairs a crypto ACL change takes out of the tunnel: removed when the push can prove it was this
tunnel's alone, else left in place and named (Plan.kept).

When the protected networks change (Azure's local network gateway prefixes, the ASA's inside network), the push
rewrites the crypto ACL and adds the exemption of the new pairs; the identity twice NAT rule of the old pairs stayed
(review 2026-12-06), keeping traffic the tunnel no longer carries untranslated. Removing a NAT rule other traffic
needs breaks that traffic, so a rule is removed only when all of these hold:

- it is an identity twice NAT rule (``source static A A destination static B B``, options no-proxy-arp / route-lookup
  / net-to-net only) whose every network pair lies inside a permit the change removes from this crypto ACL;
- no part of it is still protected: no permit this ACL keeps or gains, no permit of another crypto map entry's ACL,
  no route into a VTI overlaps it;
- A and B are named by no other line of the config (their definitions and this rule aside).

Its object-groups (objects) go with it. A rule that fails only the last test, or that exempts removed pairs together
with others, is left as it is and named for a person. Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_networks import ace_networks, object_networks
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_stale_index import StaleNatIndex
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import Change

__all__ = ["stale_exemption_changes"]

_OPTIONS = frozenset(("no-proxy-arp", "route-lookup", "net-to-net"))


def stale_exemption_changes(tree, acl, dropped, kept):
    """(changes, kept notes) for the NAT exemptions of the permits ``dropped`` (lines of access-list ``acl`` the push
    removes); ``kept``: the lines the ACL holds after the push."""
    prefix = "access-list %s " % acl
    gone = _pairs(tree, dropped, prefix)
    if not gone:
        return [], []
    still = _pairs(tree, kept, prefix)
    index = tree.memo("stale nat exemption", StaleNatIndex).ready(tree, _identity_rule)
    met = index.rules_meeting([d for _sources, destinations in gone for d in destinations])
    if len(met) > 1:  # in config order, as the ASA numbers them
        order = {id(block): n for n, (_number, block) in enumerate(_manual_rules(tree))}
        met.sort(key=lambda entry: order[id(entry[1])])
    changes, notes = [], []
    for names, block, sources, destinations in met:
        line = block.parent
        if not any(_inside_any(s, d, gone, overlap=True) for s in sources for d in destinations):
            continue  # not this tunnel's traffic
        what = "%s <-> %s" % (" ".join(str(n) for n in sources), " ".join(str(n) for n in destinations))
        if not all(_inside_any(s, d, gone) for s in sources for d in destinations):
            notes.append("%s kept: it exempts %s, partly pairs crypto ACL %s no longer protects and partly others: "
                         "narrow it by hand" % (line, what, acl))
            continue
        if any(_inside_any(s, d, still, overlap=True) or index.other_acl_meets(acl, s, d)
               for s in sources for d in destinations) or any(index.vti_route_meets(d) for d in destinations):
            continue  # still protected by this ACL, another entry or a VTI: the exemption still serves
        users = _other_users(tree, names, line, set(dropped))
        if users:
            notes.append("%s kept: it exempts %s, which crypto ACL %s no longer protects, but %s: remove it by hand "
                         "once nothing else needs it" % (line, what, acl, "; ".join(users[:3])))
            continue
        words = line.split()
        if words[2].isdigit():
            undo = line
        else:
            number = [n for n, rule in _manual_rules(tree) if rule is block][0]
            undo = " ".join(words[:2] + [str(number)] + words[2:])
        changes.append(Change(["no " + line], [undo]))
        for name in sorted(set(names)):
            definition = _definition(tree, name)
            changes.append(Change(["no " + definition.parent],
                                  [definition.parent] + [" " + c for c in definition.children] + ["exit"]))
    return changes, notes


def _pairs(tree, lines, prefix):
    out = []
    for line in lines:
        words = line[len(prefix):].split()
        if words[:1] == ["extended"]:
            words = words[1:]
        if words[:1] != ["permit"]:
            continue
        found = ace_networks(tree, words)
        if found is not None:
            out.append(found)
    return out


def _manual_rules(tree):
    """(number, block) of the manual NAT rules before object NAT, numbered as the ASA numbers them (config order):
    asked only to order the rules that meet the pairs dropped, or to number the one removed."""
    out = []
    for block in tree.starting("nat "):
        if " after-auto " in block.parent:
            continue
        out.append((len(out) + 1, block))
    return out


def _identity_rule(tree, line):
    """((A, B), A's networks, B's networks) of ``nat (in,out) [N] source static A A destination static B B [opts]``,
    or None (another rule, or an operand not read here)."""
    words = line.split()
    at = 3 if len(words) > 2 and words[2].isdigit() else 2
    rest = words[at:]
    if len(rest) < 8 or rest[:2] != ["source", "static"] or rest[4:6] != ["destination", "static"]:
        return None
    if rest[2] != rest[3] or rest[6] != rest[7] or not set(rest[8:]) <= _OPTIONS:
        return None
    sides = []
    for name in (rest[2], rest[6]):
        block = _definition(tree, name)
        if block is None:
            return None
        found = object_networks(tree, block.parent.split()[0], name, 0)
        if not found:
            return None
        sides.append(found)
    return (rest[2], rest[6]), sides[0], sides[1]


def _definition(tree, name):
    return tree.get("object-group network %s" % name) or tree.get("object network %s" % name)


def _overlaps(one, other):
    return one.version == other.version and one.overlaps(other)


def _within(one, other):
    return one.version == other.version and one.subnet_of(other)


def _inside_any(source, destination, pairs, overlap=False):
    """Whether (source, destination) lies inside (or, with ``overlap``, meets) a pair of ``pairs``."""
    test = _overlaps if overlap else _within
    return any(any(test(source, s) for s in sources) and any(test(destination, d) for d in destinations)
               for sources, destinations in pairs)


def _other_users(tree, names, rule, leaving):
    """The lines besides ``rule``, the definitions of ``names`` and the lines ``leaving`` (the ACL lines this push
    removes) that name one of them, as "X is also named by LINE"; an object's own NAT (a ``nat`` line in it) too."""
    wanted = set(names)
    definitions = {b.parent: b for b in (_definition(tree, n) for n in wanted) if b is not None}
    out = ["%s has its own NAT ('%s')" % (parent.split()[2], child) for parent, block in sorted(definitions.items())
           for child in block.children if child.startswith("nat ")]
    for block in tree.blocks:
        if block.parent == rule or block.parent in definitions or block.parent in leaving:
            continue
        for line in [block.parent] + list(block.children):
            hit = wanted.intersection(line.split())
            if hit:
                where = line.strip() if line == block.parent else "%s / %s" % (block.parent, line.strip())
                out.append("%s is also named by '%s'" % (sorted(hit)[0], where))
                break
    return out
