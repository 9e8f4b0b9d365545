# -*- coding: utf-8 -*-
"""NatIndex.decide_tunnel, with its rules remembered per local network and interface, the spans' bisection
inlined and no verdict kept per pair (issue 12), decides what the rule-by-rule walk decides of each pair, on
random NAT rule sets (manual, object, after-auto; identity, translating, dynamic, undecidable operands)."""

import ipaddress
import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_index import nat_verdict
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import span_of

from network_builders import object_group, random_networks

_NETWORK = {4: ipaddress.IPv4Network, 6: ipaddress.IPv6Network}
_NO_DESTINATION = "no destination"


def _network(span):
    return _NETWORK[span[0]]((span[1], span[3]))


def _blocks(index, token):
    """The networks of a rule's operand as ipaddress.collapse_addresses unites them (None: not networks, so
    undecidable): the brute-force view of the operand, none of the index's spans, blocks or bisection."""
    spans = index.resolver.nat_spans(token)
    if not isinstance(spans, list):
        return None
    networks = [_network(span) for span in spans]
    return [block for version in (4, 6) for block in ipaddress.collapse_addresses([n for n in networks if n.version == version])]


def _operands(index):
    """Each compiled rule's (source blocks, destination blocks; _NO_DESTINATION when the rule has none)."""
    return [(_blocks(index, c.rule.source_real),
             _NO_DESTINATION if c.rule.destination_mapped is None else _blocks(index, c.rule.destination_mapped))
            for c in index.compiled]


def _meets(blocks, network):
    return any(block.overlaps(network) for block in blocks)


def _covers(blocks, network):
    return any(block.version == network.version and network.subnet_of(block) for block in blocks)


def _walk(index, operands, local_span, remote_span, map_interface):
    """The first rule that matches decides: (exempt True / False / None, compiled rule or None), rule by rule
    over every rule, its operands' networks compared with ipaddress (NatIndex's per-pair decision as it was
    before the third pass; the oracle of decide_tunnel). ``operands``: ``_operands(index)``."""
    local, remote = _network(local_span), _network(remote_span)
    for compiled, (source, destination) in zip(index.compiled, operands):
        if source is not None and not _meets(source, local):
            continue  # not a candidate: its real source does not meet the local network
        rule = compiled.rule
        if map_interface is not None and (rule.mapped_if not in (map_interface, "any") or rule.real_if == map_interface):
            continue
        if source is None or destination is None:
            return None, compiled
        destination_covers = True
        if destination is not _NO_DESTINATION:
            if not _meets(destination, remote):
                continue
            destination_covers = _covers(destination, remote)
        full = destination_covers and _covers(source, local)
        if compiled.identity is None:
            return None, compiled
        if compiled.identity:
            if full:
                return True, compiled
            continue
        return False, compiled
    return True, None


def _config(rng):
    nets = ["10.0.0.0 255.0.0.0", "10.1.0.0 255.255.0.0", "10.1.2.0 255.255.255.0", "10.1.2.128 255.255.255.128",
            "172.16.0.0 255.255.0.0", "172.16.5.0 255.255.255.0", "192.168.0.0 255.255.255.0", "10.1.2.7 255.255.255.255"]
    lines = ["interface G0\n nameif outside\n ip address 198.51.100.1 255.255.255.0",
             "interface G1\n nameif inside\n ip address 10.255.0.1 255.255.0.0"]
    names = []
    for i in range(6):
        lines.append("object network O%d\n subnet %s" % (i, rng.choice(nets)))
        names.append("O%d" % i)
    for i in range(3):
        lines.append("object-group network G%d\n network-object %s\n network-object object O%d" % (i, rng.choice(nets), i))
        names.append("G%d" % i)
    lines.append("object network FQ\n fqdn x.example.com")
    names += ["FQ", "NOPE", "any"]
    for _rule in range(rng.randint(1, 10)):
        where = rng.choice(["(inside,outside)", "(any,outside)", "(outside,inside)", "(inside,any)"])
        after = rng.choice(["", "", "after-auto "])
        real, mapped = rng.choice(names), rng.choice(names)
        kind = rng.choice(["static", "static", "dynamic"])
        rule = "nat %s %ssource %s %s %s" % (where, after, kind, real, real if rng.random() < 0.6 else mapped)
        if kind == "static" and rng.random() < 0.7:
            dest = rng.choice(names)
            rule += " destination static %s %s" % (dest, dest if rng.random() < 0.7 else rng.choice(names))
        lines.append(rule)
    for i in range(rng.randint(0, 3)):
        lines.append("object network N%d\n subnet %s\n nat %s %s" % (
            i, rng.choice(nets), rng.choice(["(inside,outside)", "(any,outside)"]),
            rng.choice(["static N%d" % i, "static 203.0.113.%d" % i, "dynamic interface"])))
    return "\n".join(lines) + "\n"


def _verdict_three_passes(verdicts):
    """nat_verdict's choice of pairs before the third pass: one list per wanted verdict."""
    ordered = [(pair, exempt, compiled) for pair, (exempt, compiled) in verdicts.items()]
    for wanted in (False, None, True):
        matching = [(pair, compiled) for pair, exempt, compiled in ordered if exempt is wanted]
        if matching:
            break
    return wanted, matching


def test_nat_verdict_names_the_pairs_the_three_passes_named():
    rng = random.Random(4)
    config, _findings = parse_running_config(_config(rng) + "nat (inside,outside) source static O1 O2\n")
    rules = AdapterContext(config, "h").nat_index.compiled
    for _case in range(300):
        verdicts = {("10.0.%d.0/24" % i, "172.16.%d.0/24" % rng.randint(0, 3)): (
            rng.choice([True, False, None]), rng.choice(rules + [None])) for i in range(rng.randint(1, 8))}
        verdicts = {pair: (exempt, None if exempt is True and rng.random() < 0.5 else compiled)
                    for pair, (exempt, compiled) in verdicts.items()}
        wanted, matching = _verdict_three_passes(verdicts)
        verdict = nat_verdict(verdicts)
        assert verdict.exempt is wanted
        assert verdict.source == tuple(dict.fromkeys(c.rule.line for _p, c in matching if c is not None))
        assert verdict.detail.count("traffic from ") == min(len(matching), 3)


def _decided(index, local, remote, map_interface):
    """decide_tunnel of one pair: (exempt, the deciding rules)."""
    verdict, rules = index.decide_tunnel({("local", "remote"): (local, remote)}, map_interface)
    return verdict.exempt, rules


def test_rule_operands_judge_networks_as_their_collapsed_blocks_do():
    """The sixth pass (issue 12) judges a rule's operands by their merged intervals, not the aligned blocks
    ipaddress.collapse_addresses cuts them into: a rule decides for a network as if it lay inside / met
    the blocks - an identity rule decides one its source or destination covers, the translating rule after
    it one its operand only meets - for overlapping, touching, nested, mixed-version and no networks."""
    rng = random.Random(6)
    seen = set()
    for _round in range(400):
        networks = random_networks(rng, rng.randint(0, 8))
        blocks = [b for version in (4, 6) for b in ipaddress.collapse_addresses([n for n in networks if n.version == version])]
        config, _findings = parse_running_config(
            object_group("L", networks) + "object network X\n host 192.0.2.1\n"
            # the networks as the real source towards outside, as the destination towards dmz
            "nat (inside,outside) source static L L\nnat (inside,outside) source static L X\n"
            "nat (inside,dmz) source static any any destination static L L\n"
            "nat (inside,dmz) source static any any destination static L X\n")
        index = AdapterContext(config, "h").nat_index
        rules = [compiled.rule for compiled in index.compiled]
        for query in random_networks(rng, 12) + networks + blocks + [ipaddress.ip_network("0.0.0.0/0")]:
            covered = any(block.version == query.version and query.subnet_of(block) for block in blocks)
            met = any(block.overlaps(query) for block in blocks)
            span = span_of(query)
            for interface, (identity, translating) in (("outside", rules[:2]), ("dmz", rules[2:])):
                expected = (True, [identity]) if covered else (False, [translating]) if met else (True, [])
                assert _decided(index, span, span, interface) == expected, (networks, query, interface)
            seen.add((covered, met))
    assert seen == {(True, True), (False, True), (False, False)}


def test_compiled_rule_has_collapsed_source_blocks_and_judges_by_the_operands_intervals():
    """A compiled rule keeps its source as collapsed blocks (the prefix index's keys) and judges both
    operands by their merged intervals, one network or many: a network across two of a group's networks
    that touch is covered, one across two that do not is not."""
    config, _findings = parse_running_config(
        "object-group network L\n network-object 10.1.0.0 255.255.255.0\n network-object 10.1.1.0 255.255.255.0\n"
        " network-object 10.1.3.0 255.255.255.0\n"
        "object-group network R\n network-object 172.16.0.0 255.255.255.0\n network-object 172.16.1.0 255.255.255.0\n"
        "object network H\n host 10.1.2.9\n"
        "nat (inside,outside) source static L L destination static R R\n"
        "nat (inside,outside) source static H H destination static H H\n")
    index = AdapterContext(config, "h").nat_index
    first, second = index.compiled
    assert first.source == [(4, 0x0A010000, 0x0A0101FF, 23), (4, 0x0A010300, 0x0A0103FF, 24)]
    assert second.source == [(4, 0x0A010209, 0x0A010209, 32)]
    inside_first = (4, 0x0A010080, 0x0A0100FF, 25)
    assert index.rules_for(inside_first, "outside") == [(first, True)]
    # 10.1.0.0/22 holds both of L's blocks (and H) but lies in none
    assert index.rules_for((4, 0x0A010000, 0x0A0103FF, 22), "outside") == [(first, False), (second, False)]
    assert _decided(index, inside_first, (4, 0xAC100000, 0xAC1001FF, 23), "outside") == (True, [first.rule])
    for remote in ((4, 0xAC100000, 0xAC1003FF, 22), (4, 0xAC100200, 0xAC1002FF, 24)):  # met, not met: no rule
        assert _decided(index, inside_first, remote, "outside") == (True, [])
    host = (4, 0x0A010209, 0x0A010209, 32)
    assert _decided(index, host, host, "outside") == (True, [second.rule])


def test_object_rules_are_ordered_by_the_general_key_for_one_network_objects_too():
    """_object_order reads a one-network object's size and address directly (issue 12): the same key as the
    sum and minimum over its networks, for hosts, subnets, ranges (several networks), fqdn and missing objects."""
    config, _findings = parse_running_config(
        "object network A\n host 10.1.2.9\n nat (inside,outside) static 203.0.113.1\n"
        "object network B\n subnet 10.1.0.0 255.255.255.0\n nat (inside,outside) dynamic interface\n"
        "object network C\n range 10.1.2.3 10.1.2.20\n nat (inside,outside) static 203.0.113.9\n"
        "object network D\n fqdn x.example.com\n nat (inside,outside) static 203.0.113.2\n"
        "object network E\n subnet 2001:db8::/64\n nat (inside,outside) static 2001:db8:1::/64\n")
    index = AdapterContext(config, "h").nat_index
    rules = [c.rule for c in index.compiled]
    assert [r.source_real for r in rules] == ["A", "C", "E", "D", "B"]
    for rule in rules:
        spans = [span_of(n) for n in index.resolver.object(rule.source_real) or []]
        general = (0 if rule.kind == "static" else 1, sum(s[2] - s[1] + 1 for s in spans) if spans else float("inf"),
                   min((s[1] for s in spans), default=0), rule.source_real)
        assert index._object_order(rule) == general


def test_decide_tunnel_gives_the_verdict_and_deciding_rules_of_the_walk_per_pair():
    """A tunnel's pairs decided without a verdict per pair (issue 12): the same NatExemption as nat_verdict of
    the rule-by-rule walk of each pair, and the same deciding rules, in the order a pair first used each."""
    spans = [(4, first, first | ((1 << (32 - length)) - 1), length) for first, length in (
        (10 << 24, 8), ((10 << 24) | (1 << 16), 16), ((10 << 24) | (1 << 16) | (2 << 8), 24),
        ((10 << 24) | (1 << 16) | (2 << 8) | 7, 32), ((172 << 24) | (16 << 16), 16), ((172 << 24) | (16 << 16) | (5 << 8), 24),
        ((192 << 24) | (168 << 16), 24), (0, 0))] + [(6, 0x20010DB8 << 96, (0x20010DB8 << 96) | ((1 << 96) - 1), 32)]
    exempts, several = set(), 0
    for seed in range(150):
        rng = random.Random(seed)
        config, _findings = parse_running_config(_config(rng))
        index = AdapterContext(config, "h").nat_index
        operands = _operands(index)
        for interface in ("outside", "inside", None):
            pairs = {}
            for number in range(rng.randint(0, 30)):
                local, remote = rng.choice(spans[:4]), rng.choice(spans)
                pairs[("10.0.%d.0/24" % number, "172.16.%d.0/24" % rng.randint(0, 40))] = (local, remote)
            verdicts = {pair: _walk(index, operands, local, remote, interface) for pair, (local, remote) in pairs.items()}
            expected_rules = list({id(c.rule): c.rule for _e, c in verdicts.values() if c is not None}.values())
            verdict, rules = index.decide_tunnel(pairs, interface)
            assert verdict == nat_verdict(verdicts), seed
            assert [id(r) for r in rules] == [id(r) for r in expected_rules], seed
            exempts.add(verdict.exempt)
            several += len(rules) > 1
    assert exempts == {True, False, None} and several > 20
