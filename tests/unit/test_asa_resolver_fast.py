# -*- coding: utf-8 -*-
"""The ASA adapter's resolver reads a network's text and span from the attributes behind them (issue
12, third pass): the same as ``str(network)`` and ``span_of(network)`` on every kind of network; a
group's networks, deduplicated by value, in order, with their infos remembered."""

import ipaddress
import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import ipv4_network
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import Resolver, span_of


def _networks():
    rng = random.Random(5)
    for bits in range(33):
        number = rng.getrandbits(32)
        yield ipv4_network(number, bits)
        yield ipaddress.IPv4Network((number, bits), strict=False)
        yield ipaddress.ip_network("%s/%d" % (ipaddress.IPv4Address(number), bits), strict=False)
    for text in ("0.0.0.0/0", "255.255.255.255/32", "10.0.0.0/8", "::/0", "2001:db8::/32", "::ffff:10.0.0.0/104", "fe80::1/128"):
        yield ipaddress.ip_network(text)


def test_info_of_is_the_text_and_span_of_each_network():
    config, _findings = parse_running_config("hostname x\n")
    resolver = Resolver(config, {})
    for network in _networks():
        text, span, same = resolver.info_of(network)
        assert (text, span, same) == (str(network), span_of(network), network)


def test_nat_spans_are_the_spans_of_the_nat_operand():
    """A NAT operand read to spans (fourth pass, issue 12) is what nat_operand's networks span: literal
    addresses (IPv4, IPv6, a name alias, a prefix), objects, groups, any, the markers and undecidable ones."""
    config, _findings = parse_running_config(
        "name 10.9.9.9 ALIAS\n"
        "object network A\n subnet 10.1.0.0 255.255.0.0\n"
        "object network F\n fqdn x.example.com\n"
        "object-group network G\n network-object object A\n network-object host 10.3.0.1\n"
        " network-object 2001:db8::/32\n")
    resolver = Resolver(config, {})
    tokens = ["any", "interface", "pat-pool:P", "10.1.2.3", "ALIAS", "2001:db8::1", "10.1.0.0/16", "10.1.0.1/16",
              "A", "G", "F", "NOPE", "1A", "999.1.1.1"]
    for token in tokens:
        operand = resolver.nat_operand(token)
        expected = [span_of(n) for n in operand] if isinstance(operand, list) else operand
        assert resolver.nat_spans(token) == expected, token


def test_group_networks_are_deduplicated_by_value_in_order_with_their_infos():
    config, _findings = parse_running_config(
        "object network A\n subnet 10.1.0.0 255.255.0.0\n"
        "object network B\n range 10.2.0.0 10.2.0.5\n"
        "object-group network INNER\n network-object 10.1.0.0 255.255.0.0\n network-object host 10.3.0.1\n"
        "object-group network G\n network-object object A\n group-object INNER\n network-object object B\n"
        " network-object 2001:db8::/32\n network-object 10.1.0.0 255.255.0.0\n")
    resolver = Resolver(config, {})
    networks = resolver.group("G")
    assert [str(n) for n in networks] == ["10.1.0.0/16", "10.3.0.1/32", "10.2.0.0/30", "10.2.0.4/31", "2001:db8::/32"]
    assert networks[0] is config.objects["A"].networks[0]  # the first network with the value is kept
    assert resolver.infos_of(networks) == [(str(n), span_of(n), n) for n in networks]
    assert resolver.group("G") is networks


class _WalkEveryGroup(object):
    """Group expansion as it was before issue 12's third pass: always the post-order walk."""

    def __init__(self, config):
        self.config, self.groups = config, {}

    def object(self, name):
        obj = self.config.objects.get(name)
        return None if obj is None or obj.networks is None else obj.networks

    def group(self, name):
        groups, object_groups = self.groups, self.config.object_groups
        if name in groups:
            return groups[name]
        if name not in object_groups:
            return None
        stack, on_path = [(name, iter(object_groups[name].members))], {name}
        while stack:
            current, members = stack[-1]
            for member in members:
                if member.kind == "group":
                    child = member.value
                    if child in object_groups and child not in groups and child not in on_path:
                        on_path.add(child)
                        stack.append((child, iter(object_groups[child].members)))
                        break
            else:
                groups[current] = self._combine(object_groups[current], on_path)
                on_path.discard(current)
                stack.pop()
        return groups[name]

    def _combine(self, group, on_path):
        networks = {}
        for member in group.members:
            if member.kind == "network":
                if member.network is None:
                    return None
                networks.setdefault(span_of(member.network), member.network)
                continue
            if member.kind == "object":
                found = self.object(member.value)
            elif member.value in on_path:
                continue
            else:
                found = self.groups.get(member.value)
            if found is None:
                return None
            for network in found:
                networks.setdefault(span_of(network), network)
        return list(networks.values())


def test_groups_expand_as_the_walk_over_every_group_expands_them():
    """Random nesting with cycles, undefined and invalid members, asked in random orders."""
    for seed in range(300):
        rng = random.Random(seed)
        names = ["G%d" % i for i in range(rng.randint(1, 7))]
        lines = ["object network A\n subnet 10.1.0.0 255.255.0.0", "object network BAD\n fqdn x.example.com"]
        for name in names:
            lines.append("object-group network %s" % name)
            for _member in range(rng.randint(0, 4)):
                lines.append(rng.choice([
                    " group-object %s" % rng.choice(names + ["NOPE"]), " group-object %s" % rng.choice(names),
                    " network-object 10.%d.0.0 255.255.0.0" % rng.randint(0, 3), " network-object object A",
                    " network-object object BAD", " network-object 10.0.0.0 255.0.255.0"]))
        config, _findings = parse_running_config("\n".join(lines) + "\n")
        resolver, reference = Resolver(config, {}), _WalkEveryGroup(config)
        asked = [rng.choice(names + ["NOPE"]) for _ask in range(6)]
        for name in asked:
            got, expected = resolver.group(name), reference.group(name)
            assert (None if got is None else [str(n) for n in got]) == (
                None if expected is None else [str(n) for n in expected]), (seed, name, lines)
        assert {k: v is None for k, v in resolver.groups.items()} == {k: v is None for k, v in reference.groups.items()}


def test_group_infos_are_each_networks_text_and_span_without_the_per_network_memo():
    """A group's literal members get their infos inline and unremembered per network (issue 12, sixth pass):
    each info is (str(network), span_of(network), network) of the list's own network, with IPv4 hosts and
    prefixes, IPv6, duplicates, and groups whose expansion stops at a nested group and starts again."""
    members = [" network-object 10.%d.%d.0 255.255.255.0", " network-object host 10.%d.%d.9",
               " network-object 2001:db8:%d:%d::/64", " network-object 10.%d.%d.0 255.255.0.0"]
    checked = 0
    for seed in range(200):
        rng = random.Random(seed)
        names = ["G%d" % i for i in range(rng.randint(1, 6))]
        lines = ["object network A\n subnet 10.1.0.0 255.255.0.0"]
        for name in names:
            lines.append("object-group network %s" % name)
            for _member in range(rng.randint(0, 5)):
                if rng.random() < 0.25:
                    lines.append(" group-object %s" % rng.choice(names))
                elif rng.random() < 0.1:
                    lines.append(" network-object object A")
                else:
                    lines.append(rng.choice(members) % (rng.randint(0, 2), rng.randint(0, 2)))
        config, _findings = parse_running_config("\n".join(lines) + "\n")
        resolver = Resolver(config, {})
        for name in rng.sample(names, len(names)):
            networks = resolver.group(name)
            if networks is None:
                continue
            assert len({span_of(n) for n in networks}) == len(networks)
            assert resolver.infos_of(networks) == [(str(n), span_of(n), n) for n in networks], (seed, name)
            assert all(info[2] is n for info, n in zip(resolver.infos_of(networks), networks))
            checked += len(networks)
    assert checked > 500
