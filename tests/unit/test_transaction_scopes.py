# -*- coding: utf-8 -*-
"""What a push checks around each end - its own parts of the config, and what another session changed outside them -
found by the config tree's index and compared block by block, with the same answers as a scan of every block
(issue 12: the comparison alone was 0.25 CPU s per changed end at 100k lines)."""

import os
import random
import sys

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import config_parts
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))

import synthetic  # noqa: E402


def _every_block(tree, scopes=None, outside=None):
    """The reference: every block looked at, in_scope asked of each."""
    picked = {}
    for block in tree.blocks:
        if block.parent.startswith("Cryptochecksum"):
            continue
        if scopes is not None and not any(config_parts.in_scope(block.parent, s) for s in scopes):
            continue
        if outside is not None and any(config_parts.in_scope(block.parent, s) for s in outside):
            continue
        picked[block.parent] = sorted(block.children)
    return picked


def _mutated(rng, lines):
    out = list(lines) + ["Cryptochecksum:%032x" % rng.getrandbits(128)]
    for _edit in range(rng.randint(0, 4)):
        at = rng.randrange(len(out))
        roll = rng.random()
        if roll < 0.3:
            del out[at]
        elif roll < 0.6:
            out.insert(at, rng.choice(lines))  # a line again elsewhere (a duplicate block, or a child moved)
        elif roll < 0.8:
            out[at] += " x"
        else:
            out.insert(at, "crypto map OUTSIDE-MAP interface outside")
    return out


@pytest.mark.parametrize("shape", ["few", "many", "routed"])
def test_scopes_and_changes_outside_them_as_a_scan_of_every_block_finds_them(shape):
    rng = random.Random(shape)
    text, _sites = synthetic.generate(shape, None, 30)
    lines = text.splitlines()
    tops = [line for line in lines if line and not line.startswith((" ", "!"))]
    before = ConfigTree(text)
    for _trial in range(100):
        after = ConfigTree("\n".join(_mutated(rng, lines)))
        scopes = [s for s in (config_parts.scope_of(rng.choice(tops)) for _n in range(rng.randint(0, 4))) if s]
        if rng.random() < 0.2:
            scopes.append("crypto map * interface outside")
        for tree in (before, after):
            assert list(config_parts.block_map(tree, scopes).items()) == list(_every_block(tree, scopes).items())
        assert config_parts.changed_outside(before, after, scopes) == config_parts.diff_lines(
            _every_block(before, outside=scopes), _every_block(after, outside=scopes))


def test_another_sessions_change_outside_the_scopes_is_found():
    text, _sites = synthetic.generate("few", None, 20)
    changed = text.replace("access-list outside_in remark tunnel T00007\n", "")
    scopes = ["crypto map OUTSIDE-MAP 3 "]
    assert config_parts.changed_outside(ConfigTree(text), ConfigTree(changed), scopes) == [
        "- access-list outside_in remark tunnel T00007"]
    assert config_parts.changed_outside(ConfigTree(text), ConfigTree(text + "Cryptochecksum:00\n"), scopes) == []


@pytest.mark.parametrize("prefix", ["", " ", "crypto", "crypto m", "crypto map ", "crypto map OUTSIDE-MAP 3", "nat (inside,",
                                    "access-list T00002-ACL ", "object-group network T0000", "route R0000", "tunnel-group"])
def test_blocks_starting_with_a_prefix_as_a_scan_finds_them(prefix):
    for shape in ("few", "routed"):
        text, _sites = synthetic.generate(shape, None, 12)
        tree = ConfigTree(text)
        assert tree.starting(prefix) == [b for b in tree.blocks if b.parent.startswith(prefix)]
