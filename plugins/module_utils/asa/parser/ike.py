# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``crypto ikev1|ikev2|isakmp policy N`` blocks and ``crypto ikev1|ikev2 enable <nameif>``."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import IkePolicy
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import _Block
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.crypto_ipsec import global_setting
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import as_int

_IKEV2_WORDS = ("encryption", "integrity", "prf", "group", "lifetime")
_IKEV1_WORDS = ("authentication", "encryption", "hash", "group", "lifetime")


def crypto_ike(p, words, line, indent):
    version = 1 if words[1] in ("ikev1", "isakmp") else 2
    if words[2] == "enable" and len(words) > 3:
        enabled = p.config.ikev2_enabled if version == 2 else p.config.ikev1_enabled
        enabled[words[3]] = line
        p.refer("interface", words[3], line, {"kind": "crypto-enable", "name": "ikev%d" % version})
        return p.ignored(indent)
    if words[2] != "policy" or len(words) < 4:
        global_setting(p, words[1], words[2:], line)
        return p.ignored(indent)
    kind = "ikev%d-policy" % version
    priority = p.number(words[3], tables.POLICY_PRIORITY_RANGE, line, "a policy priority",
                        {"kind": kind, "name": words[3]})
    if priority is None:
        return p.ignored(indent)
    policies = p.config.ikev2_policies if version == 2 else p.config.ikev1_policies
    policy = policies.setdefault(priority, IkePolicy(version, priority))
    policy.lines.append(line)
    context = {"kind": kind, "name": str(priority)}
    if version == 2:
        return _Block(policy, indent, sub_ikev2_policy, _IKEV2_WORDS, context=context)
    return _Block(policy, indent, sub_ikev1_policy, _IKEV1_WORDS, context=context)


def sub_ikev2_policy(p, block, words, line):
    policy, context, head, values = block.item, block.context, words[0], words[1:]
    if head not in block.words or not values:
        _not_a_sub_command(p, line, "crypto ikev2 policy", _IKEV2_WORDS, context)
        return
    policy.lines.append(line)
    if head == "encryption":
        policy.encryption = p.keywords(values, tables.IKEV2_ENCRYPTION, line, "an IKEv2 encryption keyword", context)
    elif head == "integrity":
        policy.integrity = p.keywords(values, tables.IKEV2_INTEGRITY, line, "an IKEv2 integrity keyword", context)
    elif head == "prf":
        policy.prf = p.keywords(values, tables.IKEV2_PRF, line, "an IKEv2 PRF keyword", context)
    elif head == "group":
        policy.groups = _groups(p, values, line, context)
    elif head == "lifetime":
        _lifetime(p, policy, values, line, context)


def sub_ikev1_policy(p, block, words, line):
    policy, context, head, values = block.item, block.context, words[0], words[1:]
    if head not in block.words or not values:
        _not_a_sub_command(p, line, "crypto ikev1 policy", _IKEV1_WORDS, context)
        return
    policy.lines.append(line)
    if head != "lifetime" and len(values) > 1:
        # an IKEv1 policy takes one value per setting ("For IKEv1, you can select a single option only", Cisco
        # Defense Orchestrator, "Deciding Which Hash Algorithms to Use"; ASA command reference "hash", "group",
        # "encryption" (ikev1 policy) take one keyword; verified: partial): the ASA refuses the line whole, so the
        # policy keeps what it held (the first value was read and the rest dropped without a word)
        p.invalid(line, " ".join(values), "one value of %s (an IKEv1 policy takes one per line)" % head, context)
        return
    if head == "authentication":
        known = p.keywords(values[:1], tables.IKEV1_AUTHENTICATION, line, "an IKEv1 authentication keyword", context)
        policy.authentication = known[0] if known else None
    elif head == "encryption":
        policy.encryption = p.keywords(values[:1], tables.IKEV1_ENCRYPTION, line, "an IKEv1 encryption keyword",
                                       context)
    elif head == "hash":
        policy.integrity = p.keywords(values[:1], tables.IKEV1_HASH, line, "an IKEv1 hash keyword", context)
    elif head == "group":
        policy.groups = _groups(p, values[:1], line, context)
    elif head == "lifetime":
        _lifetime(p, policy, values, line, context)


def _not_a_sub_command(p, line, block_name, sub_commands, context):
    """A line inside an IKE policy that is none of its sub-commands with a value (running-config prints no other):
    a line cut in two or pasted into the block, whose setting may be read short."""
    p.invalid(line, line.text, "a sub-command of %s (%s, with its values)" % (block_name, " or ".join(
        (", ".join(sub_commands[:-1]), sub_commands[-1]))), context)


def _groups(p, tokens, line, context):
    groups = []
    for token in tokens:
        number = as_int(token)
        if number in tables.DH_GROUPS:
            groups.append(number)
        else:
            p.invalid(line, token, "a DH group (one of: %s)" % ", ".join(str(g) for g in sorted(tables.DH_GROUPS)),
                      context)
    return groups


def _lifetime(p, policy, values, line, context):
    """``lifetime [seconds] N|none``: one value (ASA command reference, "lifetime (ikev1/ikev2 policy)"; verified:
    false). Words after it (two lines pasted onto one) are named; the value is read (they were dropped silently)."""
    policy.lifetime_set = True
    policy.lifetime_seconds = None
    whole = 2 if values[:1] == ["seconds"] else 1
    if len(values) > whole:
        p.invalid(line, " ".join(values[whole:]), "a word 'lifetime %s' takes (none follows it)"
                  % " ".join(values[:whole]), context)
    if values[:1] == ["none"] or values[:2] == ["seconds", "none"]:
        return
    token = values[1] if values[:1] == ["seconds"] and len(values) > 1 else (values[0] if values else None)
    policy.lifetime_seconds = p.number(token, tables.IKE_LIFETIME_RANGE, line, "an IKE lifetime in seconds or 'none'",
                                       context)
    if policy.lifetime_seconds is None:
        policy.lifetime_set = False  # unreadable: fall back to the default, finding already made


TOP_LEVEL = {
    ("crypto", "ikev2"): crypto_ike,
    ("crypto", "ikev1"): crypto_ike,
    ("crypto", "isakmp"): crypto_ike,  # pre-8.4 spelling of ikev1
}
