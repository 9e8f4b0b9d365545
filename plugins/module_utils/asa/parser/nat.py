# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manual (twice) NAT ``nat (real,mapped) source ...`` and object NAT inside ``object network``."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import NatRule
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import is_address_literal


def object_nat_form(words):
    """Object NAT inside ``object network``: ``nat (in,out) static|dynamic ...``."""
    return len(words) > 2 and words[0] == "nat" and words[2] in ("static", "dynamic")


def line_number(text):
    """The line number of a twice NAT rule's text (``nat (a,b) [after-auto] <line> source ...``: the rule is
    inserted at that line of its section, Cisco ASA command reference ``nat``), or None. Read where the
    rules are ordered (nat_index), from the rule's line: numbered rules are rare (a running-config does
    not show the numbers; a fix typed in does)."""
    words = text[text.find(")") + 1:].split(None, 2)
    if words and words[0] in ("after-auto", "after-object"):
        words = words[1:]
    if words and words[0].isdigit() and int(words[0]) > 0:
        return int(words[0])
    return None


def manual_nat(p, words, line, indent):
    context = {"kind": "nat", "name": str(p.nat_count)}
    if len(words[1]) > 2 and words[1][0] == "(" and words[1][-1] == ")" and "," not in words[1]:
        return pre_83_nat(p, words, line, indent)
    interfaces = _interfaces(p, words[1], line, context)
    if interfaces is None:
        return None
    count = len(words)
    position = 2  # of "source": read in place, not from copies of the words after it (issue 12)
    section = "manual"
    while position < count and words[position] != "source":
        if words[position] in ("after-auto", "after-object"):
            section = "after-auto"
        position += 1  # line numbers, after-* keywords
    if count - position < 4 or words[position + 1] not in ("static", "dynamic"):
        p.invalid(line, " ".join(words[2:]) or line.text, "'source static|dynamic <real> <mapped>'", context)
        return None
    kind, real, mapped = words[position + 1], words[position + 2], words[position + 3]
    objects, groups = p.config.objects, p.config.object_groups
    if mapped == "pat-pool" and count - position > 4:
        _refer_operand(p, words[position + 4], line, context)
        mapped = "pat-pool:" + words[position + 4]
    elif mapped not in objects and mapped not in groups:  # (_refer_operand has nothing to do for defined names)
        _refer_operand(p, mapped, line, context)
    if real not in objects and real not in groups:
        _refer_operand(p, real, line, context)
    rest = words[position:]
    rule = NatRule(p.nat_count, section, interfaces[0], interfaces[1], kind, real, mapped, line, None, None,
                   "inactive" in rest)
    if "destination" in rest:
        at = rest.index("destination")
        if len(rest) < at + 4:
            p.invalid(line, " ".join(rest[at:]), "'destination static <mapped> <real>'", context)
        else:
            rule.destination_mapped, rule.destination_real = rest[at + 2], rest[at + 3]
            if rule.destination_mapped not in objects and rule.destination_mapped not in groups:
                _refer_operand(p, rule.destination_mapped, line, context)
            if rule.destination_real not in objects and rule.destination_real not in groups:
                _refer_operand(p, rule.destination_real, line, context)
    p.nat_count += 1  # _add, inline (the rule took its index above)
    p.config.nat_rules.append(rule)
    return None


def pre_83_nat(p, words, line, indent):
    """ASA 8.2 and earlier NAT (``nat (inside) 0 access-list NONAT``, ``nat (inside) 1 ...``, ``global (outside) 1
    interface``, ``static (inside,outside) ...``), which 8.3 replaced: recognised, not read, so the tunnels' NAT
    exemption is not checked; named with its line, never "fixed" in 8.3 syntax the release would refuse (review
    2026-12-06: '(inside)' was an invalid value with an 8.3+ remedy, and global was dropped without a word)."""
    p.unsupported(
        [line], WARNING, "ASA 8.2 NAT ('%s')" % " ".join(words[:2]),
        "NAT of this form (before ASA 8.3) is not read, so whether tunnel traffic is exempted from NAT is not checked",
        {"kind": "nat", "name": words[0]},
        ["! check by hand that the tunnels' traffic is exempted (nat (<inside>) 0 access-list <the crypto ACL's pairs>)"])
    return p.ignored(indent)


def object_nat(p, record, words, line):
    context = {"kind": "object", "name": record.name}
    interfaces = _interfaces(p, words[1], line, context)
    if interfaces is None:
        return
    mapped = words[3] if len(words) > 3 else None
    if mapped is None:
        p.invalid(line, " ".join(words), "an object NAT rule with a mapped address", context)
        return
    if mapped == "pat-pool" and len(words) > 4:
        _refer_operand(p, words[4], line, context)
        mapped = "pat-pool:" + words[4]
    elif not is_address_literal(mapped, p.config.names):
        _refer_operand(p, mapped, line, context)
    _add(p, NatRule(0, "object", interfaces[0], interfaces[1], words[2], record.name, mapped, line,
                    inactive="inactive" in words))


def _add(p, rule):
    rule.index = p.nat_count
    p.nat_count += 1
    p.config.nat_rules.append(rule)


def _interfaces(p, token, line, context):
    parts = p.nat_interfaces.get(token)  # a pair read once per text (issue 12: a NAT rule per tunnel)
    if parts is None:
        inner = token[1:-1] if token.startswith("(") and token.endswith(")") else None
        parts = inner.split(",") if inner else []
        if len(parts) != 2 or not all(parts):
            p.invalid(line, token, "'(real-nameif,mapped-nameif)'", context)
            return None
        parts = p.nat_interfaces[token] = (parts[0], parts[1])
    for nameif in parts:
        if nameif != "any":
            p.refer("interface", nameif, line, context)
    return parts


def _refer_operand(p, token, line, context):
    if token in ("any", "interface"):
        return
    if token not in p.config.objects:  # defined before its use: nothing to check at the end (issue 12)
        p.refer_unless(p.config.object_groups, "network object or object-group", token, line, context)


TOP_LEVEL = {("nat",): manual_nat, ("global",): pre_83_nat, ("static",): pre_83_nat}
