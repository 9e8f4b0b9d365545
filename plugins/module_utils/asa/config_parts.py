# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parts of an ASA running config a push touches, and what differs in them (transaction.py).

A scope is the part a top-level line belongs to (an ACL, a tunnel-group, a crypto map entry, the NAT rules...);
a section is what ``show running-config <words>`` shows for it. A transaction re-reads the parts it is about to
change, compares what another session changed outside them, and - in a batch of ends - reads back only an end's
sections and patches them into the tree the next end is planned on.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import LEAVE, ConfigTree  # noqa: F401 (LEAVE)

SHOW_RUN = "show running-config"


def scope_of(line):
    """The part of the config a top-level line, its ``no`` or its ``clear configure`` belongs to:
    a name prefix for things made of several top-level lines (an ACL, a tunnel-group, a group-policy,
    a crypto map entry, the NAT rules), else the block of that very line."""
    words = line.split()
    if words[:1] == ["no"]:
        words = words[1:]
    if words[:2] == ["clear", "configure"]:
        words = words[2:]
    if not words or words[0] in LEAVE:
        return None
    if words[0] in ("access-list", "tunnel-group", "group-policy") and len(words) > 1:
        return " ".join(words[:2]) + " "
    if words[:2] == ["crypto", "map"] and len(words) > 3 and words[3].isdigit():
        return " ".join(words[:4]) + " "
    if words[:2] == ["crypto", "map"] and words[3:4] == ["interface"]:
        return "crypto map * interface %s" % " ".join(words[4:])  # an interface takes one crypto map
    if words[0] == "nat":
        return "nat "
    if words[:3] == ["sysopt", "connection", "tcpmss"]:
        return "sysopt connection tcpmss "
    return " ".join(words)


def in_scope(parent, scope):
    if "*" in scope:
        head, tail = scope.split("*", 1)
        return parent.startswith(head) and parent.endswith(tail) and " " not in parent[len(head):-len(tail)]
    if scope.endswith(" "):
        return parent.startswith(scope) or parent == scope.strip()
    return parent == scope


def change_scopes(change):
    """Scopes of a ``Change``: those of the top-level lines it and its undo send."""
    scopes = []
    for line in change.apply + change.undo:
        if line.startswith(" "):
            continue
        scope = scope_of(line)
        if scope and scope not in scopes:
            scopes.append(scope)
    return scopes


def section_command(scope):
    """The ``show running-config`` that shows a scope (the ASA filters by leading keywords)."""
    words = scope.split()
    keep = 2 if words[0] in ("crypto", "access-list", "tunnel-group", "group-policy", "interface", "router") else 1
    return "%s %s" % (SHOW_RUN, " ".join(words[:keep]))


def _scoped(tree, scopes):
    """The blocks of ``tree`` in ``scopes``, in order, found by the tree's index (a hub's config has tens of thousands
    of blocks; a scope names a few)."""
    prefixes, parents, wildcards = [], [], []
    for scope in scopes:
        if "*" in scope:
            wildcards.append(scope)
        elif scope.endswith(" "):
            prefixes.append(scope)
            parents.append(scope.strip())
        else:
            parents.append(scope)
    picked = tree.selected(prefixes + [w.split("*", 1)[0] for w in wildcards], parents)
    return [b for b in picked if any(in_scope(b.parent, s) for s in scopes)] if wildcards else picked


# What one more command costs, in config lines read: the ASA lab sends some 27k lines/s over network_cli
# (benchmarks/hub_push_bench.py), so 5,000 lines take about 0.2 s, where fleet_bench.py gives a device 0.3 s a command.
ROUND_TRIP_LINES = 5000


def sections_of(scopes):
    """The leading words of the ``section_command`` of each scope (``crypto map``, ``access-list NAME``...), once each."""
    return list(dict.fromkeys(section_command(s)[len(SHOW_RUN) + 1:] for s in scopes))


def in_sections(tree, sections):
    return tree.located([words + " " for words in sections], sections)


def parts_are_cheaper(tree, sections):
    """Whether reading ``sections`` (``sections_of`` an end's scopes) costs less than reading the whole ``tree``: their
    lines and a round trip per command (ROUND_TRIP_LINES) against the tree's lines - a small config, or a crypto map
    hub made of little else than its crypto map section, is read whole."""
    lines = sum(1 + len(b.children) for _n, b in in_sections(tree, sections))
    return lines + len(sections) * ROUND_TRIP_LINES <= tree.line_count()


def patched(tree, sections, now):
    """A new tree: ``tree`` with its blocks in ``sections`` replaced by those of ``now`` (those sections read again):
    a block read where the block with its line was, a new one after the block read before it in its section (where the
    section's first block was, after the last block when the section is new) - the order a read of the whole config
    gives where the ASA prints a section together. ``ConfigTree.replaced``, so the tree's index carries over. What a
    batch plans its next end from instead of a read of the whole config (issue 12: a hub's ends each read 100k lines
    back); the blocks outside ``sections`` are as ``tree`` had them."""
    return _replaced_by(tree, in_sections(tree, sections), [block for _key, block in in_sections(now, sections)],
                        lambda parent: _section_of(parent, sections))


def planned(tree, plan):
    """The tree as the ASA will hold it once ``plan`` is sent, made without one: the blocks its lines name, changed by
    the plan's model of the ASA (``plan.apply``) and put where they were, new ones after the last block. What a batch's
    next end is planned on in check mode and offline, where nothing is read back: planned on the config before, two
    new ends each took the first free IKEv2 policy priority, and the second's lines, pasted, rewrote the first's
    policy. In the time of the end's own blocks (the blocks of a whole section per end made a hub's check mode
    quadratic)."""
    prefixes, parents = [], []
    for change in plan.changes:
        for line in change.apply + change.undo:
            if not line.startswith(" "):
                _carried(line, prefixes, parents)
    located = tree.located(prefixes, parents)
    return _replaced_by(tree, located, plan.apply(tree.subtree([block for _key, block in located]), plan.changes).blocks)


def _replaced_by(tree, located, blocks, group_of=lambda parent: None):
    """``tree`` (``ConfigTree.replaced``, so its index carries over) with the blocks ``located`` ((key, block)) replaced
    by ``blocks``: a block where the block with its line was; a new one after the block put before it in its group
    (``group_of`` its line; where the group's first block was), else after the last block."""
    gone = [(tree.index_of(key), block) for key, block in located]
    spots, anchors = {}, {}
    for position, block in gone:
        spots.setdefault(block.parent, []).append(position)
        anchors.setdefault(group_of(block.parent), position)
    anchors.pop(None, None)  # no group: new blocks go last
    put, tail = {}, []
    for block in blocks:
        group = group_of(block.parent)
        same = spots.get(block.parent)
        at = same.pop(0) if same else anchors.get(group)
        if at is None:
            tail.append(block)
        else:
            if group is not None:
                anchors[group] = at
            put.setdefault(at, []).append(block)
    return tree.replaced([position for position, _block in gone], put, tail)


def _carried(line, prefixes, parents):
    """The blocks a top-level line of a plan acts on, as ``located`` finds them: its own, and those a plan's model of
    the ASA replaces by it (another value of a crypto map entry's setting, of the TCP MSS clamp, a tunnel-group
    cleared)."""
    words = line.split()
    if words[:1] == ["no"]:
        words = words[1:]
    if not words or words[0] in LEAVE:
        return
    if words[:2] == ["clear", "configure"]:
        prefixes.append(" ".join(words[2:4]) + " ")
        return
    if words[:2] == ["crypto", "map"] and len(words) > 3 and words[3].isdigit():
        prefixes.append(" ".join(words[:4]) + " ")
    elif words[:3] == ["sysopt", "connection", "tcpmss"]:
        prefixes.append("sysopt connection tcpmss ")
    parents.append(" ".join(words))


def _section_of(parent, sections):
    return next(words for words in sections if parent == words or parent.startswith(words + " "))


def tree_of(blocks):
    tree = ConfigTree("")
    tree.blocks = blocks
    tree.by_parent = {b.parent: b for b in blocks}
    return tree


def changed_outside(before, after, scopes):
    """``diff_lines`` of the blocks outside ``scopes`` (not Cryptochecksum): what another session changed. The trees
    are compared block by block in order first, which answers the commonest case - nothing - without sorting every
    block's lines (0.25 CPU s per changed end at 100k lines, issue 12); any difference is worked out in full."""
    if before is after:
        return []
    skip = {b.parent for b in _scoped(before, scopes)} | {b.parent for b in _scoped(after, scopes)}
    olds = [b for b in before.blocks if b.parent not in skip and not b.parent.startswith("Cryptochecksum")]
    news = [b for b in after.blocks if b.parent not in skip and not b.parent.startswith("Cryptochecksum")]
    if len(olds) == len(news) and all(o.parent == n.parent and o.children == n.children for o, n in zip(olds, news)):
        return []
    return diff_lines(block_map(before, outside=scopes), block_map(after, outside=scopes))


def block_map(tree, scopes=None, outside=None):
    """{parent: sorted children} of the blocks in ``scopes`` (or not in ``outside``)."""
    picked = {}
    if scopes is not None and outside is None:
        for block in _scoped(tree, scopes):
            picked[block.parent] = sorted(block.children)
        return picked
    for block in tree.blocks:
        if block.parent.startswith("Cryptochecksum"):
            continue
        if scopes is not None and not any(in_scope(block.parent, s) for s in scopes):
            continue
        if outside is not None and any(in_scope(block.parent, s) for s in outside):
            continue
        picked[block.parent] = sorted(block.children)
    return picked


def diff_lines(before, after):
    """What changed between two ``_blocks`` maps: ``+ line`` now there, ``- line`` gone; a
    changed block is introduced by its parent line (``  parent``), children one space deeper."""
    out = []
    for parent in list(before) + [p for p in after if p not in before]:
        old, new = before.get(parent), after.get(parent)
        if old == new:
            continue
        if new is None:
            out += ["- " + parent] + ["-  " + c for c in old]
        elif old is None:
            out += ["+ " + parent] + ["+  " + c for c in new]
        else:
            out.append("  " + parent)
            out += ["-  " + c for c in old if c not in new] + ["+  " + c for c in new if c not in old]
    return out
