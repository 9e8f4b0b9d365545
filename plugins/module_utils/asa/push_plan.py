# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every ASA planner (push_crypto_map.py, push_vti.py, push_vti_absent.py) reads and produces.

The running config is read as a tree of top-level lines and their indented
children; a plan is a list of changes, each with the commands that undo it, so a
push the device rejects midway can be rolled back to exactly the old config.
``block_change`` is the diff of one such block against the tree.

Pre-shared keys never enter a command list that leaves the planners in clear:
key lines carry the placeholder ``PSK_PLACEHOLDER`` and are filled only at send time.

Plain Python, no Ansible import.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Callable, List, Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import clean_line, split_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import printed_route
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused_aged
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact

PSK_PLACEHOLDER = "<pre-shared-key>"
MASK = "*****"


class IntentError(ValueError):
    """The desired state cannot be expressed on an ASA (unknown algorithm, bad prefix...)."""


@dataclass
class Block:
    """A top-level config line and its indented children, as the ASA prints them."""

    parent: str
    children: List[str] = field(default_factory=list)


class ConfigTree(object):
    """The running config as blocks, in order, indexed by their top-level line.

    A tree is read, not changed, by the planners: ``of`` hands the ends of one ``tunnels`` task the same tree for
    the same text, and ``starting``/``selected`` answer from an index by leading words, so that planning one end
    costs that end's lines, not the whole config's (issue 12: 0.28 s per end at 100k lines, every end of a hub
    planned on a fresh parse and a full scan). Changes are applied to a ``copy`` or a ``subtree``."""

    def __init__(self, text):
        self.blocks = []
        self.by_parent = {}
        self._indexes = {}  # _group's and children_starting's indexes, built on first use
        # the blocks' keys, in order (None: their positions); a tree made by ``replaced`` keeps the keys of the blocks
        # it keeps, so that its index carries over
        self._keys = None
        if text:
            with gc_paused_aged():  # every block lives as long as the tree: the collector only rescanned them
                self._read(text)

    def _read(self, text):
        current = None
        # text as saved or read (no CR, backspace or pager remnant): strip per line, not clean_line (a fifth of it)
        plain = "\r" not in text and "\b" not in text and "More" not in text
        for raw in split_lines(text):
            if plain:
                line = raw.strip()
                indent = len(raw) - len(raw.lstrip(" \t")) if line else 0
            else:
                indent, line = clean_line(raw)
            if not line or line[0] in "!:":
                continue
            if indent and current is not None:
                current.children.append(line)
                continue
            current = Block(line)
            self.blocks.append(current)
            self.by_parent[line] = current

    @classmethod
    def of(cls, text):
        """The tree of ``text``, parsed once while the same text is asked for again (the ends of a ``tunnels``
        task that change nothing plan on one config). Callers only read it."""
        if isinstance(text, ConfigTree):
            return text  # a tree made by a transaction from scoped read-backs (config_parts.patched)
        last = _LAST_TREE[0]
        if last is not None and (last[0] is text or last[0] == text):
            return last[1]
        tree = cls(text)
        _LAST_TREE[0] = (text, tree)
        return tree

    def get(self, parent):
        """The (last) block whose line is ``parent``, or None."""
        if self.by_parent is not None:
            return self.by_parent.get(parent)
        words = parent.split()  # a tree from ``replaced``: by its index, not a copy of every line per tree
        found = [block for _key, block in self._group(words) if block.parent == parent] if words else []
        return found[-1] if found else None

    def key_list(self):
        return self._keys if self._keys is not None else range(len(self.blocks))

    def index_of(self, key):
        """The position in ``blocks`` of the block with ``key``."""
        return key if self._keys is None else bisect_left(self._keys, key)

    def replaced(self, gone, put, tail):
        """A new tree: this one without the blocks at the positions ``gone`` (sorted), with the blocks ``put[p]`` where
        position ``p`` (one of ``gone``) was, and ``tail`` after the last block; blocks are shared, never copied. The
        blocks kept keep their keys, so the index of leading words carries over but for the words of the blocks gone
        and put: a batch's next end plans on it in the time of what changed, not of the whole config (issue 12)."""
        keys = self.key_list()
        runs = []  # (first, last) positions of consecutive blocks gone
        for position in gone:
            if runs and runs[-1][1] == position - 1:
                runs[-1][1] = position
            else:
                runs.append([position, position])
        blocks, new_keys, added, start = [], [], [], 0
        for first, last in runs:
            blocks += self.blocks[start:first]
            new_keys += keys[start:first]
            inserted = [block for p in range(first, last + 1) for block in put.get(p, ())]
            low = keys[first - 1] if first else keys[first] - 1
            high = keys[last + 1] if last + 1 < len(keys) else keys[last] + 1
            step = (high - low) / (len(inserted) + 1)
            if inserted and step <= abs(high) * 1e-9:
                return self._rekeyed(gone, put, tail)  # keys too close after many patches in one place
            keyed = [(low + step * (n + 1), block) for n, block in enumerate(inserted)]
            added += keyed
            blocks += inserted
            new_keys += [key for key, _block in keyed]
            start = last + 1
        blocks += self.blocks[start:]
        new_keys += keys[start:]
        after = new_keys[-1] if new_keys else 0
        added += [(after + n + 1, block) for n, block in enumerate(tail)]
        new = ConfigTree("")
        new.blocks = blocks + list(tail)
        new._keys = new_keys + [after + n + 1 for n in range(len(tail))]
        new.by_parent = None  # ``get`` asks the index
        new._carry_index(self, [(keys[p], self.blocks[p]) for p in gone], added)
        return new

    def _rekeyed(self, gone, put, tail):
        """``replaced``'s tree with keys from 0 again and its index built anew."""
        gone_set, blocks = set(gone), []
        for position, block in enumerate(self.blocks):
            if position in gone_set:
                blocks += put.get(position, ())
            else:
                blocks.append(block)
        new = ConfigTree("")
        new.blocks = blocks + list(tail)
        new.by_parent = {block.parent: block for block in new.blocks}
        return new

    def _carry_index(self, old, removed, added):
        """This tree's index of first words and line count from ``old``'s, ``removed`` and ``added`` ((key, block)):
        in the time of what changed (a list copied at C speed aside), not of the blocks with the same first word (a
        hub's crypto map lines, which every end of a batch touches)."""
        shape = (id(self.blocks), len(self.blocks))
        gone = [block for _key, block in removed]
        lines = old._indexes.get("lines")
        if lines is not None and lines[0] == (id(old.blocks), len(old.blocks)):
            count = lines[1] - sum(1 + len(b.children) for b in gone) + sum(1 + len(b.children) for _k, b in added)
            self._indexes["lines"] = (shape, count)
        named = old._indexes.get("nameifs")
        if named is not None and named[0] == (id(old.blocks), len(old.blocks)):
            self._indexes["nameifs"] = (shape, named[1].difference(_named(gone)).union(
                _named(block for _key, block in added)))
        named = old._indexes.get("tunnel nameifs")
        if named is not None and named[0] == (id(old.blocks), len(old.blocks)):
            self._indexes["tunnel nameifs"] = (shape, named[1].difference(_named(_tunnel_blocks(gone))).union(
                _named(_tunnel_blocks(block for _key, block in added))))
        holders = old._indexes.get("nameif holders")
        if holders is not None and holders[0] == (id(old.blocks), len(old.blocks)):
            self._indexes["nameif holders"] = (shape, _holders_carried(holders[1], gone, (b for _k, b in added)))
        routes = old._indexes.get("routes")
        if routes is not None and routes[0] == (id(old.blocks), len(old.blocks)):
            self._indexes["routes"] = (shape, _routes_carried(routes[1], gone, (block for _key, block in added)))
        mentions = old._indexes.get("acl mentions")
        if mentions is not None and mentions[0] == (id(old.blocks), len(old.blocks)):
            carried = _mentions_carried(mentions[1], gone, [block for _key, block in added])
            if carried is not None:
                self._indexes["acl mentions"] = (shape, carried)
        self._carry_memos(old, gone, [block for _key, block in added])
        firsts = old._indexes.get(1) if old._indexes.get("shape") == (id(old.blocks), len(old.blocks)) else None
        if firsts is None:
            return
        firsts = _regrouped(firsts, removed, added, _first_word)
        words = {_first_word(block) for _key, block in removed + added}
        # the groups by first k words carry over too (a 50k-line ACL's, asked by every end), those of the words touched
        # with what changed in them (built again, each was a pass over every crypto map line of a hub per end)
        for key, index in old._indexes.items():
            if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], int):
                self._indexes[key] = index if key[0] not in words else _regrouped(
                    index, removed, added, lambda block, word=key[0], k=key[1]: _first_words(block, word, k))
        self._indexes.update({"shape": shape, 1: firsts})

    def _carry_memos(self, old, gone, added):
        """``memo`` values that carry themselves (a ``carried(gone, added)`` method: interface_index.InterfaceIndex)
        to this tree, in the time of what changed."""
        old_shape = (id(old.blocks), len(old.blocks))
        for name, found in list(old._indexes.items()):
            value = found[1] if isinstance(found, tuple) and len(found) == 2 and found[0] == old_shape else None
            if isinstance(name, str) and name not in self._indexes and hasattr(value, "carried"):
                self._indexes[name] = ((id(self.blocks), len(self.blocks)), value.carried(gone, added))

    def memo(self, name, build):
        """``build(self)``, made once per tree and kept, as (shape, value) under ``name``, while its blocks are the
        same: what a plan asks of the whole config, without a pass over it per end of a hub (``_carry_index`` carries
        some to a ``replaced`` tree under the same names)."""
        shape = (id(self.blocks), len(self.blocks))
        found = self._indexes.get(name)
        if found is None or found[0] != shape:
            found = self._indexes[name] = (shape, build(self))
        return found[1]

    def nameifs(self):
        """The nameifs the config gives its interfaces ("interface X" / " nameif Y"): found once per tree and carried
        to a ``replaced`` tree by what it replaced (a hub's VTI ends each ask, and each adds an interface)."""
        return self.memo("nameifs", lambda tree: frozenset(_named(tree.starting("interface "))))

    def tunnel_nameifs(self):
        """The nameifs of the tunnel interfaces (interface TunnelN): found once per tree and carried to a ``replaced``
        tree by what it replaced, as ``nameifs``."""
        return self.memo("tunnel nameifs", lambda tree: frozenset(_named(_tunnel_blocks(tree.starting("interface ")))))

    def nameif_holders(self):
        """{nameif in lower case: ((interface header, nameif as the config spells it), ...)}: which interfaces have a
        nameif, in any case (push_vti.held_nameif_error: a nameif is one interface's). Found once per tree and carried
        to a ``replaced`` tree by what it replaced, as ``nameifs``."""
        return self.memo("nameif holders", lambda tree: _holders_carried({}, (), tree.starting("interface ")))

    def routes_by_network(self):
        """{(network, mask): ((nameif, distance, line), ...)} of the config's static routes: found once per tree and
        carried to a ``replaced`` tree by what it replaced (a hub's VTI ends each ask, and each may add routes)."""
        return self.memo("routes", lambda tree: _routes_carried({}, (), tree.starting("route ")))

    def acl_users_anywhere(self, acl):
        """The users of ACL ``acl``: the top-level lines of the blocks, other than its own ``access-list`` lines, that
        name it as a word (a crypto map entry as "crypto map M N"). Deleting an ACL asks this: any user at all keeps
        it (``push_shared_blocks.AclUsers`` knows the users whose traffic a change of the ACL moves). Found once per
        tree and carried to a ``replaced`` tree by what it replaced, as ``nameifs``."""
        counts = self.memo("acl mentions", lambda tree: _mentions_carried(None, (), tree.blocks))[1].get(acl, {})
        return {user for user, count in counts.items() if count}

    def line_count(self):
        """Lines of the tree (blocks and their children)."""
        return self.memo("lines", lambda tree: len(tree.blocks) + sum(len(b.children) for b in tree.blocks))

    def _group(self, words):
        """(position, block) of the blocks whose first words are ``words`` (one at least), in order: the blocks
        grouped by their first word once per tree, and a group by its first k words when asked (only the groups
        asked for: a hub's crypto map lines, its ACL lines)."""
        shape = (id(self.blocks), len(self.blocks))
        if self._indexes.get("shape") != shape:  # blocks replaced or added since (a tree a plan was applied to)
            self._indexes = {"shape": shape}
        firsts = self._indexes.get(1)
        if firsts is None:
            firsts = self._indexes[1] = {}
            with gc_paused_aged():
                for position, block in zip(self.key_list(), self.blocks):
                    firsts.setdefault(block.parent.partition(" ")[0], []).append((position, block))
        group = firsts.get(words[0], ())
        k = len(words)
        if k == 1 or not group:
            return group
        key = (words[0], k)
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = {}
            for entry in group:
                index.setdefault(tuple(entry[1].parent.split(None, k)[:k]), []).append(entry)
        return index.get(tuple(words), ())

    def _starting(self, prefix):
        """(position, block) of the blocks whose line starts with ``prefix``, in order: looked up by the prefix's
        whole words (a word cut by the prefix's end is checked by startswith), so one entry of a hub's crypto map
        is found among its own lines, not among every entry's."""
        words = prefix.split()
        whole = len(words) if prefix[-1:].isspace() else len(words) - 1
        if whole <= 0:  # the first word cut (or no word): every block asked
            return [(n, b) for n, b in zip(self.key_list(), self.blocks) if b.parent.startswith(prefix)]
        return [(n, b) for n, b in self._group(words[:whole]) if b.parent.startswith(prefix)]

    def starting(self, prefix):
        return [block for _n, block in self._starting(prefix)]

    def selected(self, prefixes=(), parents=()):
        """The blocks whose line starts with one of ``prefixes`` or is one of ``parents``, in config order."""
        return [block for _n, block in self.located(prefixes, parents)]

    def located(self, prefixes=(), parents=()):
        """(key, block) of ``selected``'s blocks, in config order (``index_of`` a key: its position)."""
        found = {}
        for prefix in prefixes:
            found.update(self._starting(prefix))
        for parent in parents:
            words = parent.split()
            if words:
                found.update((n, b) for n, b in self._group(words) if b.parent == parent)
        return [(n, found[n]) for n in sorted(found)]

    def children_starting(self, block, words):
        """(position, child) of ``block``'s children whose first words are ``words``, in order: looked up by an index
        of the block's children (a hub's BGP process has a few lines per neighbor, thousands in all, and each end
        looks for its own neighbor's)."""
        k = len(words)
        key = (id(block), k, len(block.children))
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = {}
            for position, child in enumerate(block.children):
                index.setdefault(tuple(child.split(None, k)[:k]), []).append((position, child))
        return index.get(tuple(words), [])

    def subtree(self, blocks):
        """A tree of its own holding copies of ``blocks`` (in their order): what a plan's changes are applied to
        when only those blocks are shown."""
        new = ConfigTree("")
        new.blocks = [Block(b.parent, list(b.children)) for b in blocks]
        new.by_parent = {b.parent: b for b in new.blocks}
        return new

    def copy(self):
        """A tree of its own (blocks and children), to apply changes to."""
        return self.subtree(self.blocks)

    def text(self):
        """The tree as config text, children indented by one space as the ASA prints them."""
        lines = []
        for block in self.blocks:
            lines.append(block.parent)
            lines += [" " + c for c in block.children]
        return "\n".join(lines) + "\n"


_LAST_TREE = [None]  # (text, its tree): ConfigTree.of's memo of one
_first = itemgetter(0)


@dataclass
class Change:
    """Commands for one block, and the commands that put the old config back."""

    apply: List[str]
    undo: List[str]


@dataclass
class Plan:
    """The changes, and the tunnel's own lines before and after them (for a diff: every secret masked, as a
    running_config given as text may hold keys in clear); ``apply(tree, changes)``: the plan's model of how the ASA
    takes the changes (a new tree)."""

    changes: List[Change]
    before: List[str]
    after: List[str]
    apply: Optional[Callable] = field(default=None, repr=False, compare=False)
    kept: List[str] = field(default_factory=list)  # what the end uses and leaves in place, and why (state=absent)

    def __post_init__(self):
        self.before = [redact(line) for line in self.before]
        self.after = [redact(line) for line in self.after]

    @property
    def commands(self):
        return [line for change in self.changes for line in change.apply]

    @property
    def rollback(self):
        """Undo of every change, last change first."""
        return [line for change in reversed(self.changes) for line in change.undo]


def masked(lines):
    return [line.replace(PSK_PLACEHOLDER, MASK) for line in lines]


LEAVE = ("exit", "exit-address-family", "end")  # lines that leave a sub-mode: no part of their own


def shown_plan(tree, changes, owned_of, apply):
    """The plan of ``changes`` with the end's own lines before and after them: ``owned_of(tree)`` its blocks, in order,
    then the other blocks the changes write (a global IKEv2 policy, ``crypto ikev2 enable``: review 2026-12-05, --diff
    left out lines the push sent); the after lines those blocks alone with ``apply(tree, changes)`` (a copy of the
    whole config per end was most of a hub's planning, issue 12)."""
    owned = owned_of(tree)
    written = _written_parents(changes)
    mine = {b.parent for b in owned}
    others = [b for b in (tree.get(p) for p in written if p not in mine) if b is not None]
    after_tree = apply(tree.subtree(owned + others), changes)
    after = owned_of(after_tree)
    mine = {b.parent for b in after}
    after += [b for b in (after_tree.get(p) for p in written if p not in mine) if b is not None]
    return Plan(changes, lines_of(owned + others), lines_of(after), apply)


def _written_parents(changes):
    """The top-level lines the changes write or remove (``no X`` names X), each once, in order."""
    found = {}
    for change in changes:
        for line in change.apply:
            if line.startswith(" ") or not line.strip() or line.strip() in LEAVE:
                continue
            found.setdefault(line[3:] if line.startswith("no ") else line, None)
    return list(found)


def lines_of(blocks):
    """The blocks' lines as the ASA shows them (children indented by one space), keys masked."""
    lines = []
    for block in blocks:
        lines.append(block.parent)
        lines += [" " + c for c in block.children]
    return masked(lines)


def child_key(child):
    """Children with the same key replace each other on the ASA (a new ``group`` replaces the old)."""
    words = child.split()
    if words[:1] in (["network-object"], ["group-object"]):
        return child  # object-group members add up, they do not replace each other
    if words[:2] == ["protocol", "esp"]:
        return " ".join(words[:3])
    if words and words[0] in ("ikev2", "ikev1", "isakmp"):
        return " ".join(words[:2])
    return words[0] if words else ""


def restore_lines(block):
    """The lines that put ``block`` back as it is."""
    return [block.parent] + [" " + c for c in block.children] + (["exit"] if block.children else [])


def block_change(tree, block, replace_children=True, key=child_key):
    """Change for one parent block: new block, or only the children that differ (``key``: which
    children replace each other); with ``replace_children`` the children not wanted go."""
    current = tree.get(block.parent)
    if current is None:
        return Change([block.parent] + [" " + c for c in block.children] + ["exit"], ["no " + block.parent])
    by_key = {key(c): c for c in current.children}
    wanted_keys = {key(c) for c in block.children}
    apply, undo = [], []
    for child in block.children:
        old = by_key.get(key(child))
        if old == child:
            continue
        apply.append(" " + child)
        undo.append(" " + old if old else " no " + child)
    if replace_children:
        for key, old in by_key.items():
            if key not in wanted_keys:
                apply.append(" no " + old)
                undo.append(" " + old)
    if not apply:
        return None
    return Change([block.parent] + apply + ["exit"], [block.parent] + undo + ["exit"])


def _regrouped(index, removed, added, group_of):
    """A copy of ``index`` (groups of (key, block) sorted by key, as ConfigTree._group makes them) without ``removed``
    and with ``added`` (both (key, block)); ``group_of(block)``: the group a block is in, None when not in this index.
    The lists of ``index`` are shared with the tree it came from and never changed: a group changed is copied at C
    speed and its entries found by bisection (a hub's every crypto map line is in one group)."""
    new, changed = dict(index), {}
    for entry in removed + added:
        group = group_of(entry[1])
        if group is not None and group not in changed:
            changed[group] = new[group] = list(new.get(group, ()))
    for key, block in removed:
        group = group_of(block)
        if group is not None:
            _unlisted(new[group], key)
    for entry in added:
        group = group_of(entry[1])
        if group is not None:
            new[group].insert(bisect_left(new[group], (entry[0],)), entry)
    for group, entries in changed.items():
        if not entries:
            del new[group]
    return new


def _first_word(block):
    return block.parent.partition(" ")[0]


def _first_words(block, word, k):
    """The first ``k`` words of a block's line when the first is ``word`` (the key of ConfigTree._group's groups)."""
    return tuple(block.parent.split(None, k)[:k]) if _first_word(block) == word else None


def _unlisted(group, key):
    """``group`` ((key, block), sorted by unique keys) without the entry of ``key``: (key,) sorts just before it."""
    at = bisect_left(group, (key,))
    if at < len(group) and group[at][0] == key:
        del group[at]


def _tunnel_blocks(blocks):
    """The ``interface TunnelN`` blocks among ``blocks``."""
    return [block for block in blocks if block.parent.startswith("interface Tunnel")]


def _route_entry(block):
    """((network, mask), (nameif, distance, line)) of a ``route`` block, or None (the ASA prints the distance, 1 by
    default: Cisco ASA command reference, ``route``)."""
    route = printed_route(block.parent)
    if route is None:
        return None
    nameif, address, mask, _gateway, distance = route
    return (address, mask), (nameif, distance, block.parent)


def _routes_carried(index, gone, added):
    """``index`` (routes_by_network's) without the routes of the blocks ``gone``, with those of ``added``: a new dict,
    the old one untouched (the tree it belongs to may still be asked)."""
    out = dict(index)
    for block in gone:
        entry = _route_entry(block)
        if entry is not None and entry[1] in out.get(entry[0], ()):
            routes = list(out[entry[0]])
            routes.remove(entry[1])  # one of them: a config may repeat a line
            out[entry[0]] = tuple(routes)
    for block in added:
        entry = _route_entry(block)
        if entry is not None:
            out[entry[0]] = out.get(entry[0], ()) + (entry[1],)
    return out


def _holders_carried(index, gone, added):
    """``index`` (nameif_holders') without the nameifs of the blocks ``gone``, with those of ``added``: a new dict, the
    old one untouched (the tree it belongs to may still be asked)."""
    out = dict(index)
    for block in gone:
        for name in _named([block]):
            pairs = list(out.get(name.lower(), ()))
            if (block.parent, name) in pairs:
                pairs.remove((block.parent, name))
                out[name.lower()] = tuple(pairs)
    for block in added:
        for name in _named([block]):
            out[name.lower()] = out.get(name.lower(), ()) + ((block.parent, name),)
    return out


def _named(blocks):
    """The nameifs of the interface blocks among ``blocks``."""
    return [child.split()[1] for block in blocks if block.parent.startswith("interface ") for child in block.children
            if child.startswith("nameif ") and len(child.split()) == 2]


def _acl_user(block):
    """How a block that names an ACL is named as its user: a crypto map entry by "crypto map M N" (each of its lines
    is a block), any other by its top-level line."""
    words = block.parent.split()
    return " ".join(words[:4]) if words[:2] in (["crypto", "map"], ["crypto", "dynamic-map"]) else block.parent


def _mentions_carried(index, gone, added):
    """(ACL names, {name: {user: lines naming it}}): ``index`` without the blocks ``gone``, with those ``added`` (a new
    one, the old untouched); None when ``added`` defines an ACL ``index`` does not know (lines already naming it were
    not counted: the tree builds it again when asked). ``index`` None: built from ``added``, every block of a tree."""
    if index is None:
        names = frozenset(block.parent.split()[1] for block in added
                          if block.parent.startswith("access-list ") and len(block.parent.split()) > 1)
        counts = {}
    else:
        names, counts = index
        if any(block.parent.startswith("access-list ") and len(block.parent.split()) > 1 and
               block.parent.split()[1] not in names for block in added):
            return None
        counts = dict(counts)
    copied = set()  # the names whose users dict is this index's own (the old one's are shared until touched)
    for block, step in [(block, -1) for block in gone] + [(block, 1) for block in added]:
        if block.parent.startswith("access-list "):
            continue
        user = None
        for line in [block.parent] + block.children:
            for name in names.intersection(line.split()):
                user = user or _acl_user(block)
                if name not in copied:
                    counts[name] = dict(counts.get(name, {}))
                    copied.add(name)
                users = counts[name]
                users[user] = users.get(user, 0) + step
    return names, counts
