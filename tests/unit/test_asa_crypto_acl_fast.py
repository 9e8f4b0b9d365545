# -*- coding: utf-8 -*-
"""A crypto map end's selectors, networks and NAT pairs with a side's networks noted once while the ACEs
name the same object or group one after another (issue 12, sixth pass): what noting every ACE's networks
gives, on random crypto ACLs (any, host, subnet, objects, groups, undefined names, interfaces, inactive and
deny entries, several protocols for one pair)."""

import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import crypto_acl
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config


def _noted_every_time(ctx, acl):
    """The selectors (texts and protocols), local and remote networks and pairs, each ACE's networks noted."""
    selectors, local, remote, pairs = [], {}, {}, {}
    decidable, denies, unknown = True, [], []
    for ace in acl.entries:
        if ace.inactive:
            continue
        sources, destinations = ctx.resolver.operand(ace.source), ctx.resolver.operand(ace.destination)
        if ace.action != "permit":  # first match: a deny before a permit takes out what it covers
            if sources is None or destinations is None or ace.protocol is None:
                unknown.append((ace.protocol, sources, destinations))  # decides only the permits it may meet
            else:
                denies.append((ace.protocol, ctx.infos_of(sources), ctx.infos_of(destinations)))
            continue
        if sources is not None and destinations is not None and ace.protocol is not None and any(
                _may_meet(ctx, deny, ace, sources, destinations) for deny in unknown):
            decidable = False
        for found, networks in ((local, sources), (remote, destinations)):
            if networks is None:
                found[None] = True
            for info in ctx.infos_of(networks or []):
                found[info[0]] = True
        if sources is None or destinations is None or ace.protocol is None:
            decidable = False
        if not decidable:
            continue
        for source_text, source_span, _s in ctx.infos_of(sources):
            for destination_text, destination_span, _d in ctx.infos_of(destinations):
                if source_span[0] != destination_span[0]:
                    continue
                selector = (source_text, destination_text, ace.protocol)
                if selector not in selectors and not _denied(denies, source_span, destination_span, ace.protocol):
                    selectors.append(selector)
                    pairs.setdefault((source_text, destination_text), (source_span, destination_span))
    return (selectors if decidable else None, None if None in local else list(local),
            None if None in remote else list(remote), pairs)


def _may_meet(ctx, deny, permit, sources, destinations):
    """An unresolved deny (a side or its protocol unknown) may match the permit's traffic: every side it names
    overlaps the permit's, and the protocols meet (either unknown or ip, or equal)."""
    protocol, deny_sources, deny_destinations = deny
    if protocol is not None and permit.protocol not in (protocol, 0) and protocol != 0:
        return False
    for deny_side, side in ((deny_sources, sources), (deny_destinations, destinations)):
        if deny_side is not None and not any(
                a.version == b.version and a.overlaps(b) for a in deny_side for b in side):
            return False
    return True


def _within(inner, outer):
    return inner[0] == outer[0] and outer[1] <= inner[1] and inner[2] <= outer[2]


def _denied(denies, source_span, destination_span, protocol):
    """One deny ACE (no ports in these configs) covers the selector whole."""
    return any(deny_protocol in (0, protocol) and _within(source_span, s[1]) and _within(destination_span, d[1])
               for deny_protocol, sources, destinations in denies for s in sources for d in destinations)


def _config(rng):
    lines = ["interface G0\n nameif outside\n ip address 198.51.100.1 255.255.255.0",
             "interface G1\n nameif inside\n ip address 10.255.0.1 255.255.0.0",
             "object network O1\n subnet 10.1.0.0 255.255.255.0", "object network O2\n host 10.1.0.7",
             "object network O3\n range 10.2.0.1 10.2.0.9", "object network V6\n subnet 2001:db8::/64",
             "object network FQ\n fqdn x.example.com",
             "object-group network G1\n network-object 172.16.0.0 255.255.255.0\n network-object object O2",
             "object-group network G2\n group-object G1\n network-object 172.16.9.0 255.255.255.0",
             "object-group network G3\n network-object host 192.168.1.1\n network-object object V6"]
    operands = ["any", "host 10.9.9.9", "10.3.0.0 255.255.0.0", "object O1", "object O2", "object O3", "object V6",
                "object FQ", "object NOPE", "object-group G1", "object-group G2", "object-group G3",
                "object-group NOPE", "interface inside"]
    for _ace in range(rng.randint(1, 12)):
        # a side often names what it named on the ACE before
        source = rng.choice(operands[3:5] + operands[9:11]) if rng.random() < 0.6 else rng.choice(operands)
        destination = rng.choice(operands[9:12]) if rng.random() < 0.5 else rng.choice(operands)
        action = "permit" if rng.random() < 0.85 else "deny"
        protocol = rng.choice(["ip", "ip", "tcp", "udp"])
        inactive = " inactive" if rng.random() < 0.1 else ""
        lines.append("access-list ACL extended %s %s %s %s%s" % (action, protocol, source, destination, inactive))
    lines.append("crypto map MAP 1 match address ACL\ncrypto map MAP 1 set peer 203.0.113.1")
    return "\n".join(lines) + "\n"


def test_selectors_networks_and_pairs_as_when_every_ace_is_noted():
    outcomes = set()
    for seed in range(300):
        config, _findings = parse_running_config(_config(random.Random(seed)))
        ctx = AdapterContext(config, "h")
        entry = config.crypto_maps["MAP"].entries[1]
        selectors, local, remote, pairs = crypto_acl.traffic_selectors(ctx, entry, ctx.dependencies_of("MAP 1", ()))
        got = ([(s.local, s.remote, s.protocol) for s in selectors] if selectors is not None else None, local, remote,
               {pair: value[:2] for pair, value in pairs.items()})
        assert got == _noted_every_time(ctx, config.access_lists["ACL"]), seed
        outcomes.add((selectors is None, local is None, remote is None))
    assert len(outcomes) >= 4
