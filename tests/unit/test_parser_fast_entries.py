# -*- coding: utf-8 -*-
"""The parser's fast paths of issue 12's sixth pass read what the general ones read, on random input: an
ACE of two named operands read inline (against _operand and _ports), ACE host operands kept per token
(against a parser that keeps none), a crypto map line of the entry read before (against a parser that
looks every line's entry up), an object's IPv4 subnet, host and range read inline (against the general path),
tunnel-group and group-policy blocks shared (against a block per header), the driver's lines split in
pieces (against one split), manual NAT read in place with its interface pairs kept (against the code before)."""

import glob
import os
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import Ace, NatRule
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import _Block, _Parser, core, nat, objects
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.dispatch import build_table, SECTIONS
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import pieces_of_lines, split_lines

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _state(parser_class, text, setup=None):
    parser = parser_class()
    if setup is not None:
        setup(parser)
    parser.feed(text)
    parser.finish()
    return (repr(parser.config), [repr(f) for f in parser.config.findings],
            [(kind, name, line.line, context) for kind, name, line, context in parser.references])


_ACE = objects._ace


def _general_ace(p, acl_name, words, start, line, context):
    """_ace without its inline form: both operands by _operand, source ports by _ports."""
    count = len(words)
    if count - start < 4 or words[start] not in objects._ACE_ACTIONS:
        return _ACE(p, acl_name, words, start, line, context)  # the finding: no fast path before it
    protocol = objects._ACL_PROTOCOLS.get(words[start + 1], objects._ABSENT)
    if protocol is objects._ABSENT:
        protocol, position = objects._acl_protocol(p, words, start + 1, line, context)
    else:
        position = start + 2
    identity = words[position] in objects._IDENTITY_OPERANDS  # a user or security group before an address
    source, position = objects._operand(p, words, position, line, context)
    position, source_ports = objects._ports(p, words, position)
    identity = identity or (position < count and words[position] in objects._IDENTITY_OPERANDS)
    destination, position = objects._operand(p, words, position, line, context)
    trailing = words[position:]
    has_ports = objects.destination_ports(p, trailing, protocol, line, context) or source_ports
    return Ace(acl_name, words[start], protocol, source, destination, line, has_ports, "inactive" in trailing, identity)


class _NoStore(dict):
    """A host_operands that keeps nothing: every host operand read again."""

    def __setitem__(self, key, value):
        pass


def _general_table():
    table = build_table(SECTIONS)
    crypto = dict(table["crypto"])
    for second in ("map", "dynamic-map"):
        handler = crypto[second]

        def looked_up(p, words, line, indent, handler=handler):
            p.map_entry = None  # no entry of the line before: each line's entry looked up
            return handler(p, words, line, indent)
        crypto[second] = looked_up
    table["crypto"] = crypto
    return table


class _GeneralParser(_Parser):
    TOP_LEVEL = _general_table()


NAMES = ["A", "B", "G", "H", "SVC", "MISSING"]
DEFINITIONS = ("object network A\n host 10.1.1.1\nobject network B\n subnet 10.2.0.0 255.255.0.0\n"
               "object-group network G\n network-object object A\nobject-group network H\n group-object G\n"
               "object-group service SVC tcp\n port-object eq 443\nname 10.9.9.9 NAMED\n")
OPERANDS = ["object %s", "object-group %s"] * 6 + [
    "any", "any4", "any6", "host 10.1.1.1", "host NAMED", "host 10.1.1.300", "host", "10.0.0.0 255.0.0.0", "10.0.0.0/8",
    "interface outside", "user bob", "object", "object-group"]


def _operand(rng):
    text = rng.choice(OPERANDS)
    return text % rng.choice(NAMES) if "%s" in text else text


def _ace_line(rng):
    words = ["access-list", rng.choice(["L1", "L2"])]
    if rng.random() < 0.1:
        words += ["line", "3"]
    words.append(rng.choice(["extended", "extended", "extended", "remark", ""]))
    words.append(rng.choice(["permit", "permit", "deny", "allow"]))
    words.append(rng.choice(["ip", "tcp", "udp", "object-group SVC", "object A", "999", "50"]))
    words.append(_operand(rng))
    if rng.random() < 0.1:
        words.append(rng.choice(["eq 443", "object-group SVC", "range 1 2"]))
    if rng.random() < 0.9:
        words.append(_operand(rng))
    if rng.random() < 0.2:
        words.append(rng.choice(["eq 500", "inactive", "log", "object-group SVC"]))
    return " ".join(word for word in words if word)


@pytest.mark.parametrize("seed", range(30))
def test_aces_read_inline_and_kept_host_operands_read_what_the_general_path_reads(seed, monkeypatch):
    rng = random.Random(seed)
    lines = [_ace_line(rng) for _number in range(60)]
    # names defined between the ACEs: one for an address already read as a host operand
    lines.insert(rng.randint(0, 60), "name 10.9.9.8 NAMED")
    lines.insert(rng.randint(0, 60), "name 10.1.1.2 10.1.1.1")
    text = "\n".join(lines) + "\n"
    for prefix in ("", DEFINITIONS):  # names defined after their use, and before
        fast = _state(_Parser, prefix + text)
        with monkeypatch.context() as patched:
            patched.setattr(objects, "_ace", _general_ace)
            patched.setattr(objects, "_NAMED_ACE_WORDS", 0)  # the ACE access_list reads itself (tenth pass): by _ace too
            general = _state(_Parser, prefix + text, setup=lambda p: setattr(p, "host_operands", _NoStore()))
        assert fast == general


def test_the_random_aces_above_took_the_inline_form_and_the_kept_host_operands():
    parser = _Parser()
    rng = random.Random(3)
    parser.feed(DEFINITIONS + "\n".join(_ace_line(rng) for _number in range(300)))
    entries = [ace for acl in parser.config.access_lists.values() for ace in acl.entries]
    named = [ace for ace in entries if ace.source.kind in ("object", "group") and ace.destination.kind in ("object", "group")
             and not ace.has_ports]
    hosts = [ace.destination for ace in entries if ace.destination.kind == "network" and ace.destination.value == "10.1.1.1"]
    assert len(named) > 10 and len(hosts) > 2 and len({id(operand) for operand in hosts}) == 1


def _map_line(rng):
    name, seq = rng.choice(["M", "M", "N"]), rng.choice(["10", "10", "20", "0", "x", "99999", "interface"])
    command = rng.choice(["match address L1", "match address NOPE", "set peer 203.0.113.9", "set pfs group19",
                          "set pfs group7", "set ikev2 ipsec-proposal P1 P2", "set security-association lifetime seconds 9",
                          "set reverse-route", "set trustpoint T", "ipsec-isakmp dynamic D", "ipsec-manual", "set",
                          "match", "", "outside"])
    head = rng.choice(["crypto map", "crypto map", "crypto map", "crypto dynamic-map"])
    return " ".join(word for word in (head, name, seq, command) if word)


@pytest.mark.parametrize("seed", range(30))
def test_crypto_map_lines_of_the_entry_before_read_what_looked_up_entries_read(seed):
    rng = random.Random(seed)
    lines = []
    for _run in range(30):  # runs of one entry's lines, as a config holds them, and lines of others between
        line = _map_line(rng)
        lines.append(line)
        for _more in range(rng.randint(0, 5)):
            words = line.split()
            lines.append(" ".join(words[:4] + _map_line(rng).split()[4:]) if len(words) > 3 else line)
        if rng.random() < 0.2:
            lines.append(rng.choice(["crypto map M", "crypto map M 10", "access-list L1 extended permit ip any any",
                                     "crypto ipsec ikev2 ipsec-proposal P1"]))
    text = "\n".join(lines) + "\n"
    assert _state(_Parser, text) == _state(_GeneralParser, text)


OBJECT_VALUES = ["subnet 10.1.0.0 255.255.0.0", "subnet 10.1.2.3 255.255.255.0", "subnet 10.1.0.0 255.0.255.0",
                 "subnet 10.1.0.0/16", "subnet 10.1.0.0/16 255.255.0.0", "subnet N1 255.255.255.0", "subnet N6 255.255.255.0",
                 "subnet 10.1.0.300 255.255.0.0", "subnet 10.1.0.0", "subnet", "subnet 2001:db8::/32", "subnet a/b 255.0.0.0",
                 "subnet 10.1.0.0 255.255.0.0 extra", "host 10.1.1.1", "host N1", "host N6", "host 10.1.1", "host 2001:db8::1",
                 "host", "host 10.1.1.1 extra", "range 10.1.1.1 10.1.1.9", "range 10.1.1.9 10.1.1.1", "range N1 10.9.9.9",
                 "range 10.1.1.1 2001:db8::1", "range 2001:db8::1 2001:db8::ff", "range 10.1.1.1", "range 10.1.1.1 N9",
                 "range 0.0.0.0 255.255.255.255", "fqdn vpn.example.com", "description x", "nat (inside,outside) static 10.9.9.9"]


@pytest.mark.parametrize("seed", range(30))
def test_object_lines_read_inline_read_what_the_general_path_reads(seed, monkeypatch):
    rng = random.Random(seed)
    lines = []
    for number in range(40):
        lines.append("object network O%d" % rng.randint(0, 15))  # objects re-opened too
        lines.extend(" " + rng.choice(OBJECT_VALUES) for _value in range(rng.randint(0, 3)))
        if rng.random() < 0.1:
            lines.append(rng.choice(["name 10.5.5.5 N1", "name 2001:db8::5 N6", "name 10.7.7.7 a/b", "name 10.1.1.2 10.1.1.1"]))
    text = "\n".join(lines) + "\n"
    fast = _state(_Parser, text)
    with monkeypatch.context() as patched:
        patched.setattr(objects, "sub_object", objects.read_object_line)
        patched.setattr(objects, "_range", objects.range_of_addresses)
        assert _state(_Parser, text) == fast


class _FreshBlocksParser(_Parser):
    """A parser that makes a new block for every tunnel-group, group-policy, object and group header."""

    def section_block(self, item, indent, handler, words, context, extra=None, pairs=()):
        return _Block(item, indent, handler, words, pairs, context=context, extra=extra)


GROUP_LINES = ["tunnel-group %s type ipsec-l2l", "tunnel-group %s general-attributes", "tunnel-group %s ipsec-attributes",
               "tunnel-group %s webvpn-attributes", "group-policy GP%s attributes", "group-policy GP%s internal",
               " default-group-policy GP1", " default-group-policy NOPE", " ikev2 remote-authentication pre-shared-key *****",
               " ikev2 local-authentication certificate T", " ikev2 remote-authentication nonsense",
               " isakmp keepalive threshold 30 retry 3", " isakmp keepalive threshold 9 retry 99", " isakmp keepalive disable",
               "isakmp keepalive threshold infinite", "isakmp identity address", " vpn-tunnel-protocol ikev2",
               "vpn-tunnel-protocol ikev1", " pre-shared-key clear", "default-group-policy GP2", " description x",
               "object network O1", " host 10.1.1.1", "object-group network G1", " network-object object O1",
               "ikev1 pre-shared-key k", "crypto ikev2 enable outside"]


@pytest.mark.parametrize("seed", range(30))
def test_shared_blocks_read_what_a_block_per_header_reads(seed):
    rng = random.Random(seed)
    lines = [rng.choice(GROUP_LINES) for _number in range(80)]
    lines = [line % rng.choice(["203.0.113.1", "203.0.113.2", "1"]) if "%s" in line else line for line in lines]
    text = "\n".join(lines) + "\n"
    flattened = "\n".join(line.strip() for line in lines) + "\n"  # indentation lost: block membership by words
    for variant in (text, flattened):
        assert _state(_Parser, variant) == _state(_FreshBlocksParser, variant)


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(ROOT, "examples", "*", "asa_running_config.txt"))))
def test_shared_blocks_read_the_examples_as_a_block_per_header_does(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert _state(_Parser, text) == _state(_FreshBlocksParser, text)


def test_a_shared_ipsec_attributes_block_takes_isakmp_keepalive_when_indentation_is_lost():
    parser = _Parser()
    parser.feed("tunnel-group 203.0.113.1 ipsec-attributes\nisakmp keepalive threshold 30 retry 3\n"
                "tunnel-group 203.0.113.2 ipsec-attributes\nisakmp keepalive threshold 20 retry 2\nisakmp enable outside\n")
    groups = parser.config.tunnel_groups
    assert [(groups[name].keepalive.threshold, groups[name].keepalive.retry) for name in ("203.0.113.1", "203.0.113.2")] == [
        (30, 3), (20, 2)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 1 << 16])
def test_pieces_of_lines_are_the_lines_split_lines_gives(size):
    rng = random.Random(size)
    texts = ["", "\n", "\n\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\rc", "a\r", "\r\n", " x \n\n y\n"]
    texts += ["".join(rng.choice(["a", "bc", " ", "\n", "\n", "\r", "\r\n", "\t"]) for _char in range(rng.randint(0, 300)))
              for _text in range(200)]
    for text in texts:
        pieces = list(pieces_of_lines(text, size))
        assert [line for piece in pieces for line in piece] == split_lines(text), repr(text)
        assert len(pieces) == 1 or size < len(text)


def test_the_driver_reads_the_same_config_from_small_pieces(monkeypatch):
    with open(glob.glob(os.path.join(ROOT, "examples", "*", "asa_running_config.txt"))[0], encoding="utf-8") as handle:
        text = handle.read()
    for variant in (text, text.replace("\n", "\r\n"), text.replace("\n", "\r"), text + "\n! More\n"):
        whole = _state(_Parser, variant)
        with monkeypatch.context() as patched:
            patched.setattr(core, "pieces_of_lines", lambda text: pieces_of_lines(text, 5))
            assert _state(_Parser, variant) == whole


def _manual_nat_as_before(p, words, line, indent):
    """nat.manual_nat before issue 12's sixth pass: the words after "source" copied, every operand to _refer_operand."""
    context = {"kind": "nat", "name": str(p.nat_count)}
    interfaces = _interfaces_as_before(p, words[1], line, context)
    if interfaces is None:
        return None
    rest = words[2:]
    section = "manual"
    while rest and rest[0] != "source":
        if rest[0] in ("after-auto", "after-object"):
            section = "after-auto"
        rest = rest[1:]
    if len(rest) < 4 or rest[1] not in ("static", "dynamic"):
        p.invalid(line, " ".join(words[2:]) or line.text, "'source static|dynamic <real> <mapped>'", context)
        return None
    kind, real, mapped = rest[1], rest[2], rest[3]
    if mapped == "pat-pool" and len(rest) > 4:
        nat._refer_operand(p, rest[4], line, context)
        mapped = "pat-pool:" + rest[4]
    else:
        nat._refer_operand(p, mapped, line, context)
    nat._refer_operand(p, real, line, context)
    rule = NatRule(0, section, interfaces[0], interfaces[1], kind, real, mapped, line, inactive="inactive" in rest)
    if "destination" in rest:
        at = rest.index("destination")
        if len(rest) < at + 4:
            p.invalid(line, " ".join(rest[at:]), "'destination static <mapped> <real>'", context)
        else:
            rule.destination_mapped, rule.destination_real = rest[at + 2], rest[at + 3]
            nat._refer_operand(p, rule.destination_mapped, line, context)
            nat._refer_operand(p, rule.destination_real, line, context)
    nat._add(p, rule)
    return None


def _interfaces_as_before(p, token, line, context):
    inner = token[1:-1] if token.startswith("(") and token.endswith(")") else None
    parts = inner.split(",") if inner else []
    if len(parts) != 2 or not all(parts):
        p.invalid(line, token, "'(real-nameif,mapped-nameif)'", context)
        return None
    for nameif in parts:
        if nameif != "any":
            p.refer("interface", nameif, line, context)
    return parts[0], parts[1]


class _NatAsBeforeParser(_Parser):
    TOP_LEVEL = dict(_Parser.TOP_LEVEL, nat=_manual_nat_as_before)


# "(inside)" is ASA 8.2 NAT now, read by pre_83_nat (test_asa_old_and_pasted_shapes.py), not as before
NAT_WORDS = ["(inside,outside)", "(inside,outside)", "(any,outside)", "inside,outside", "(,outside)", "()",
             "1", "after-auto", "after-object", "source", "source", "static", "dynamic", "O1", "G1", "MISSING", "any",
             "interface", "pat-pool", "destination", "destination", "inactive", "no-proxy-arp", "route-lookup"]


@pytest.mark.parametrize("seed", range(30))
def test_manual_nat_reads_what_it_read_before(seed):
    rng = random.Random(seed)
    lines = ["object network O1", " host 10.1.1.1", "object-group network G1", " network-object object O1",
             "interface GigabitEthernet0/0", " nameif inside"]
    for _number in range(60):
        if rng.random() < 0.5:  # the usual forms, with names defined or not
            names = [rng.choice(["O1", "G1", "MISSING", "any", "interface", "LATER"]) for _name in range(4)]
            lines.append("nat %s source %s %s %s destination static %s %s%s" % (
                rng.choice(["(inside,outside)", "(inside,any)", "(dmz,outside)"]), rng.choice(["static", "dynamic"]),
                names[0], names[1], names[2], names[3], rng.choice(["", " no-proxy-arp route-lookup", " inactive"])))
        else:
            lines.append("nat " + " ".join(rng.choice(NAT_WORDS) for _word in range(rng.randint(0, 12))))
    lines.append("object network LATER\n host 10.2.2.2")
    text = "\n".join(lines) + "\n"
    fast = _state(_Parser, text)
    assert fast == _state(_NatAsBeforeParser, text)
    assert fast[0].count("NatRule(") > 15
