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
    """The running config as blocks, in order, indexed by their top-level line."""

    def __init__(self, text):
        self.blocks = []
        self.by_parent = {}
        current = None
        for raw in split_lines(text or ""):
            indent, line = clean_line(raw)
            if not line or line.startswith(("!", ":")):
                continue
            if indent and current is not None:
                current.children.append(line)
                continue
            current = Block(line)
            self.blocks.append(current)
            self.by_parent[line] = current

    def get(self, parent):
        return self.by_parent.get(parent)

    def starting(self, prefix):
        return [b for b in self.blocks if b.parent.startswith(prefix)]

    def copy(self):
        """A tree of its own (blocks and children), to apply changes to."""
        new = ConfigTree("")
        new.blocks = [Block(b.parent, list(b.children)) for b in self.blocks]
        new.by_parent = {b.parent: b for b in new.blocks}
        return new

    def text(self):
        """The tree as config text, children indented by one space as the ASA prints them."""
        lines = []
        for block in self.blocks:
            lines.append(block.parent)
            lines += [" " + c for c in block.children]
        return "\n".join(lines) + "\n"


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
