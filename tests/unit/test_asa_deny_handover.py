# -*- coding: utf-8 -*-
"""A crypto map end's ref "acl_deny_lines" from the deny ACEs traffic_selectors read (issue 12, tenth pass), and the
resolver's one list per written network ("any", "host ..."): what resolving every member entry's ACL again gives,
on random crypto ACLs (unresolved sides, protocol object-groups, inactive lines, entries united to one peer,
backup peers)."""

import random

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.context import AdapterContext
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config

_HEAD = [
    "interface G0\n nameif outside\n ip address 198.51.100.1 255.255.255.0",
    "interface G1\n nameif inside\n ip address 10.255.0.1 255.255.0.0",
    "object network O1\n subnet 10.1.0.0 255.255.255.0", "object network O2\n host 10.1.0.7",
    "object network O3\n range 10.1.0.200 10.1.0.210", "object network V6\n subnet 2001:db8::/64",
    "object network FQ\n fqdn x.example.com",
    "object-group network G1\n network-object 172.16.0.0 255.255.255.0\n network-object object O2",
    "object-group network G2\n group-object G1\n network-object 172.16.9.0 255.255.255.0",
    "object-group protocol P1\n protocol-object tcp",
    "crypto ipsec ikev2 ipsec-proposal AZ\n protocol esp encryption aes-256\n protocol esp integrity sha-256",
]
_OPERANDS = ["any", "any4", "any6", "host 10.1.0.7", "host 172.16.0.9", "10.1.0.0 255.255.255.0", "object O1",
             "object O2", "object O3", "object V6", "object FQ", "object NOPE", "object-group G1", "object-group G2",
             "object-group NOPE", "interface inside"]
# entries: MAP 1 and MAP 2 to one peer (one end, their ACLs united), MAP 3 with a backup peer (two ends)
_ENTRIES = ((1, "A1", "203.0.113.1"), (2, "A2", "203.0.113.1"), (3, "A3", "203.0.113.3 203.0.113.4"))


def _config(rng):
    lines = list(_HEAD)
    for _seq, acl, _peer in _ENTRIES:
        for _ace in range(rng.randint(1, 6)):
            action = "deny" if rng.random() < 0.5 else "permit"
            protocol = rng.choice(["ip", "ip", "tcp", "udp", "object-group P1"])
            inactive = " inactive" if rng.random() < 0.15 else ""
            lines.append("access-list %s extended %s %s %s %s%s" % (
                acl, action, protocol, rng.choice(_OPERANDS), rng.choice(_OPERANDS), inactive))
    for seq, acl, peer in _ENTRIES:
        if rng.random() < 0.9:  # now and then an entry without its ACL
            lines.append("crypto map MAP %d match address %s" % (seq, acl))
        lines.append("crypto map MAP %d set peer %s\ncrypto map MAP %d set ikev2 ipsec-proposal AZ" % (seq, peer, seq))
    lines.append("crypto map MAP interface outside")
    return "\n".join(lines) + "\n"


def _resolved_again(config, seqs):
    """The deny lines as before the hand-over: each entry's ACL read again, its operands resolved anew (a written
    network as a list of itself), each network by its text."""
    ctx = AdapterContext(config, "h")
    out = []
    for seq in seqs:
        entry = config.crypto_maps["MAP"].entries[seq]
        acl = config.access_lists.get(entry.acl) if entry.acl else None
        for ace in acl.entries if acl is not None else ():
            if ace.action == "permit" or ace.inactive:
                continue
            sides = []
            for operand in (ace.source, ace.destination):
                if operand.kind in ("any", "network"):
                    networks = [operand.network]
                else:
                    networks = ctx.resolver.operand(operand)
                sides.append(None if networks is None else [str(network) for network in networks])
            out.append(dict(ace.line.to_dict(), sources=sides[0], destinations=sides[1]))
    return out


def test_deny_lines_are_what_resolving_the_acls_again_gives():
    shapes = set()
    for seed in range(250):
        config, _findings = parse_running_config(_config(random.Random(seed)))
        ends, _findings = asa_tunnel_ends(config, host="h")
        for end in ends:
            seqs = [item["seq"] for item in end.ref.get("entries") or [{"seq": end.ref["seq"]}]]
            wanted = _resolved_again(config, seqs)
            assert end.ref.get("acl_deny_lines", []) == wanted, (seed, end.name)
            shapes.add((len(seqs) > 1, bool(wanted), any(None in (d["sources"], d["destinations"]) for d in wanted)))
    # united entries and single ones, with denies resolved and not
    assert {(True, True, True), (True, True, False), (False, True, True), (False, True, False)} <= shapes, shapes


def test_a_written_network_resolves_to_one_list_of_itself():
    """resolver.operand gives "any", "any4", "any6" and "host ..." operands one list each, of their own network, and
    infos_of names it by its text, however many ACEs write it."""
    lines = list(_HEAD)
    for operand in _OPERANDS[:6] * 2:
        lines.append("access-list A1 extended permit ip %s %s" % (operand, _OPERANDS[5 - _OPERANDS.index(operand)]))
    config, _findings = parse_running_config("\n".join(lines) + "\n")
    ctx = AdapterContext(config, "h")
    seen = {}
    for ace in config.access_lists["A1"].entries:
        for operand in (ace.source, ace.destination):
            networks = ctx.resolver.operand(operand)
            assert networks == [operand.network], operand
            assert [info[0] for info in ctx.infos_of(networks)] == [str(operand.network)]
            assert seen.setdefault(id(operand.network), networks) is networks  # once per network
    assert len(seen) >= 5, seen
