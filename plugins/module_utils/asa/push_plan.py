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

from dataclasses import dataclass, field
from typing import List

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import clean_line, split_lines
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
            return text  # a tree made by a transaction from scoped read-backs (transaction.patched)
        last = _LAST_TREE[0]
        if last is not None and (last[0] is text or last[0] == text):
            return last[1]
        tree = cls(text)
        _LAST_TREE[0] = (text, tree)
        return tree

    def get(self, parent):
        return self.by_parent.get(parent)

    def line_count(self):
        """Lines of the tree (blocks and their children)."""
        shape = (id(self.blocks), len(self.blocks))
        if self._indexes.get("lines", (None,))[0] != shape:
            self._indexes["lines"] = (shape, len(self.blocks) + sum(len(b.children) for b in self.blocks))
        return self._indexes["lines"][1]

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
                for position, block in enumerate(self.blocks):
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
            return [(n, b) for n, b in enumerate(self.blocks) if b.parent.startswith(prefix)]
        return [(n, b) for n, b in self._group(words[:whole]) if b.parent.startswith(prefix)]

    def starting(self, prefix):
        return [block for _n, block in self._starting(prefix)]

    def selected(self, prefixes=(), parents=()):
        """The blocks whose line starts with one of ``prefixes`` or is one of ``parents``, in config order."""
        return [block for _n, block in self.located(prefixes, parents)]

    def located(self, prefixes=(), parents=()):
        """(position, block) of ``selected``'s blocks, in config order."""
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


@dataclass
class Change:
    """Commands for one block, and the commands that put the old config back."""

    apply: List[str]
    undo: List[str]


@dataclass
class Plan:
    """The changes, and the tunnel's own lines before and after them (for a diff: every secret masked, as a
    running_config given as text may hold keys in clear)."""

    changes: List[Change]
    before: List[str]
    after: List[str]

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


def shown_plan(tree, changes, owned_of, apply):
    """The plan of ``changes`` with the end's own lines before and after them: ``owned_of(tree)`` its blocks, in order;
    the after lines those blocks alone with ``apply(tree, changes)`` (a copy of the whole config per end was most of a
    hub's planning, issue 12)."""
    owned = owned_of(tree)
    return Plan(changes, lines_of(owned), lines_of(owned_of(apply(tree.subtree(owned), changes))))


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
