# -*- coding: utf-8 -*-
"""The parser's fast paths of issue 12's third pass read what the slower ones read, on edge inputs: the
driver's loop for text as saved (``_read`` inlined, the commonest global commands counted in the
loop) against the per-line path (``_line`` then ``_read``, taken by text that needs cleaning); the
cycle check over groups with group-object lines against the walk over every member."""

import copy
import dataclasses
import glob
import os
import pickle
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import _Parser
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import _ODD_INPUT, has_odd_input
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

EDGES = "\n".join([
    ": Saved",
    "ASA Version 9.16(4)",
    "hostname gw",
    "interface GigabitEthernet0/0",
    "\tnameif outside",  # tab indent
    " \t security-level 0",
    "  ip address 192.0.2.1 255.255.255.0   ",
    "   ",  # blank with spaces
    "\u00a0interface GigabitEthernet0/1",  # no-break space: not indent
    " nameif inside",
    "!",
    "object network A",
    "subnet 10.1.0.0 255.255.0.0",  # flattened sub-command before any indented text... after: top-level
    "object network B",
    " host 10.1.1.1",
    " nat (inside,outside) static 203.0.113.5",
    "object-group network G",
    " network-object object A",
    " group-object G",  # cycle
    " network-object object MISSING",
    "object-group service S tcp",
    " port-object eq 443",
    "access-list ACL extended permit ip object-group G object B",
    "access-list ACL extended permit ip 10.1.0.0 255.0.255.0 any",
    "access-list ACL remark x",
    "crypto map M 1 match address ACL",
    "crypto map M 1 set peer 203.0.113.9",
    "crypto map M 1 set ikev2 ipsec-proposal NOPE",
    "crypto map M interface outside",
    "tunnel-group 203.0.113.9 type ipsec-l2l",
    "tunnel-group 203.0.113.9 ipsec-attributes",
    " ikev2 remote-authentication pre-shared-key 0 s3cret",
    " ikev2 local-authentication pre-shared-key *****",
    " pre-shared-key clearkey",
    "router bgp 65000",
    " address-family ipv4 unicast",
    "  neighbor 10.9.9.9 remote-as 65001",
    "ip local pool P 10.9.0.1-10.9.0.9",
    "ip route 0.0.0.0 0.0.0.0 192.0.2.254",  # an IOS form
    "crypto ikev2 keyring K",  # another
    "crypto",
    "crypto isakmp key x address 0.0.0.0",
    "logging enable",
    "set interfaces ge-0/0/0 unit 0",
    "frobnicate {",
    "}",
    "no crypto isakmp nat-traversal",
    "x" * 5000,  # over MAX_LINE_CHARS
    "policy-map type inspect dns D",
    " parameters",
    "  message-length maximum client auto",
    ": end",
    "",
])


def _state(text):
    parser = _Parser()
    parser.feed(text)
    parser.finish()
    evidence = {name: getattr(parser.evidence, name) for name in parser.evidence.__slots__ if name != "odd_input"}
    return repr(parser.config), [repr(f) for f in parser.config.findings], evidence, parser.indented_text


def _inputs():
    yield "edges", EDGES
    yield "edges-flat", "\n".join(line.lstrip() for line in EDGES.split("\n"))
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*", "asa_running_config.txt")) +
                       glob.glob(os.path.join(ROOT, "tests", "fixtures", "route_based", "*", "asa_running_config.txt"))):
        with open(path, encoding="utf-8") as handle:
            yield os.path.relpath(path, ROOT), handle.read()


@pytest.mark.parametrize("name,text", list(_inputs()))
def test_loop_for_text_as_saved_reads_what_the_per_line_path_reads(name, text):
    # a pager remnant's word anywhere sends the whole text down the per-line path (_line: clean_line,
    # then _read); a comment after the last line holds it here
    fast, slow = _state(text), _state(text + "\n! More\n")
    assert fast == slow, name


def test_lines_the_loop_makes_are_config_lines_as_the_constructor_makes_them():
    """The loop makes ConfigLine without calling it (fourth pass, issue 12): equal, hashed, printed and
    frozen as the constructor's, with the same attributes and nothing else."""
    config = _Parser()
    config.feed(EDGES)
    lines = [line for group in config.config.object_groups.values() for line in group.lines]
    lines += [line for acl in config.config.access_lists.values() for line in acl.lines]
    assert len(lines) > 5
    for line in lines:
        made = ConfigLine(line.line, line.text)
        assert type(line) is ConfigLine  # pylint: disable=unidiomatic-typecheck  # exactly ConfigLine, no subclass
        assert (line == made, hash(line) == hash(made), repr(line) == repr(made)) == (True, True, True)
        # slotted: the two fields and nothing else, copied and pickled as the constructor's
        assert not hasattr(line, "__dict__") and dataclasses.astuple(line) == dataclasses.astuple(made)
        assert copy.deepcopy(line) == line and pickle.loads(pickle.dumps(line)) == made
        with pytest.raises(dataclasses.FrozenInstanceError):
            line.text = "changed"


def test_edge_input_is_read_by_the_loop():
    config, findings, evidence, _indented = _state(EDGES)
    assert evidence["top"] > 20 and evidence["asa_only"] >= 5 and evidence["junos_set"] == 1
    assert any("5000 characters long" in f for f in findings)
    assert "s3cret" not in config + "".join(findings) and "clearkey" not in config


def _cycles_walking_every_member(config):
    """The cycle check as it was before issue 12's third pass: every member of every group walked."""
    groups, state, found = config.object_groups, {}, []
    for root in groups:
        if root in state:
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
            if state.get(member.value) == 1:
                found.append((member.line.line, member.value, name))
            elif member.value not in state:
                state[member.value] = 1
                stack.append((member.value, iter(groups[member.value].members)))
    return found


def _random_groups(seed):
    """A parser that read random object-groups (re-opened, nested, undefined, with objects), and the cycles found."""
    rng = random.Random(seed)
    names = ["G%d" % i for i in range(rng.randint(2, 12))]
    lines = []
    for _block in range(rng.randint(2, 20)):
        lines.append("object-group network %s" % rng.choice(names[:-1]))
        for _member in range(rng.randint(0, 4)):
            lines.append(rng.choice([" group-object %s" % rng.choice(names), " network-object 10.0.0.0 255.0.0.0",
                                     " network-object object O", " network-object host 10.1.1.1"]))
    parser = _Parser()
    parser.feed("\n".join(lines) + "\n")
    parser.finish()
    cycles = [(f.evidence["asa"]["lines"][0]["line"], f.evidence["asa"]["value"], f.evidence["asa"]["context"]["name"])
              for f in parser.config.findings if "does not contain" in f.summary]
    return parser, cycles


@pytest.mark.parametrize("seed", range(40))
def test_cycle_check_over_nesting_groups_finds_what_the_walk_over_every_member_finds(seed):
    parser, cycles = _random_groups(seed)
    assert cycles == _cycles_walking_every_member(parser.config)


def test_reference_check_reports_each_undefined_name_once_per_line_in_order():
    _config, findings, _evidence, _indented = _state(
        "object-group network G\n network-object object A\n network-object object B\n group-object H\n"
        "object network A\n host 10.1.1.1\n"
        "access-list L extended permit ip object B object-group H\n"
        "crypto map M 1 match address L\ncrypto map M 1 match address NOACL\n"
        "nat (inside,outside) source static B B\n")
    undefined = [f for f in findings if "UNDEFINED_REFERENCE" in f]
    assert [("'%s' on line %d" % (n, ln)) in f for f, (n, ln) in zip(undefined, [
        ("B", 3), ("H", 4), ("B", 7), ("H", 7), ("NOACL", 9), ("B", 10)])] == [True] * 6
    assert len(undefined) == 6


def test_the_random_groups_above_held_cycles():
    """The comparison above means something only if enough of its inputs hold a cycle (whatever order or worker
    runs the tests in: pytest-xdist splits them)."""
    assert sum(1 for seed in range(40) if _random_groups(seed)[1]) >= 10


def test_odd_input_scan_finds_what_the_pattern_finds():
    rng = random.Random(9)
    characters = [chr(c) for c in range(0x200)] + ["\u2028", "\u202e", "\u2066", "\ud800", "\udcff", "\ufffe", "\uffff",
                                                   "\U0001f600", "\ufffd", "\u00a0", "\u3000"]
    for character in characters:
        for text in (character, "hostname a" + character + "b\n", "x" * rng.randint(0, 40) + character):
            assert has_odd_input(text) == (_ODD_INPUT.search(text) is not None), repr(text)
    assert not has_odd_input("") and not has_odd_input("hostname gw\r\n\tx\b") and has_odd_input("a\x00")
