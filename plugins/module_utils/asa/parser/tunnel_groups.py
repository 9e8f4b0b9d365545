# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``tunnel-group`` (type, general-attributes, ipsec-attributes) and ``group-policy``."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import GroupPolicy, Keepalive, TunnelGroup
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.interfaces import template_binding
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import as_int
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.findings_made import NOT_SHOWN
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine

# Sub-commands of the blocks, made once (issue 12: the driver's per-block lookup of a tuple literal)
_GENERAL_WORDS = frozenset(("default-group-policy",))
_IPSEC_WORDS = frozenset(("ikev1", "ikev2", "pre-shared-key", "trust-point", "virtual-template"))
_IPSEC_PAIRS = frozenset((("isakmp", "keepalive"),))
# what limits a session besides vpn-session-timeout: named, not modelled (asa/session_timeout.py)
SESSION_LIMITS = ("vpn-access-hours", "vpn-idle-timeout", "vpn-simultaneous-logins")
_POLICY_WORDS = frozenset(("vpn-tunnel-protocol", "vpn-filter", "vpn-session-timeout") + SESSION_LIMITS)


def tunnel_group(p, words, line, indent):
    if len(words) < 3:
        return p.ignored(indent)
    group = p.config.tunnel_groups.get(words[1])
    if group is None:  # a record is made once, not per line naming it
        group = p.config.tunnel_groups[words[1]] = TunnelGroup(words[1])
    # the attribute blocks: one per handler and indent, set to each group (issue 12: blocks by the thousand)
    if words[2] == "type" and len(words) > 3:
        group.type, group.type_line = words[3], line
        group.lines.append(line)
    elif words[2] == "general-attributes":
        group.lines.append(line)
        return p.section_block(group, indent, sub_general, _GENERAL_WORDS, {"kind": "tunnel-group", "name": group.name})
    elif words[2] == "ipsec-attributes":
        group.lines.append(line)
        return p.section_block(group, indent, sub_ipsec, _IPSEC_WORDS, {"kind": "tunnel-group", "name": group.name},
                               pairs=_IPSEC_PAIRS)
    return p.ignored(indent)


def quoted_name(words, at):
    """(the name that begins at ``words[at]``, the index after it). A group-policy name may hold spaces in double quotes
    (Cisco ASA command reference, ``group-policy``: "Group names with spaces must be enclosed in double quotes"); the
    name is kept with its quotes, as the CLI takes it back (review 2026-12-06: ``"Azure GP"`` was read as ``"Azure``,
    its attributes were lost, and a fix rendered it with one quote)."""
    first = words[at]
    if not first.startswith('"') or (len(first) > 1 and first.endswith('"')):
        return first, at + 1
    for end in range(at + 1, len(words)):
        if words[end].endswith('"'):
            return " ".join(words[at:end + 1]), end + 1
    return first, at + 1  # no closing quote: the word as it is


# Lines `show running-config all` prints under every tunnel-group for what is left at its default (ASA command
# reference, "tunnel-group ipsec-attributes": peer-id-validate "req" is the default; verified: false): a ``no`` form
# of a sub-command read here says it is not set, which is how its absence is read; the others restate the default.
_NOT_SET_FORMS = frozenset((("ikev1", "pre-shared-key"), ("ikev1", "trust-point"), ("ikev2", "remote-authentication"),
                            ("ikev2", "local-authentication")))
_DEFAULT_FORMS = frozenset(("no chain", "peer-id-validate req", "no accounting-server-group"))


def _as_default(words):
    """Whether a sub-command line only says what is read when it is absent (see _NOT_SET_FORMS)."""
    if words[0] == "no" and len(words) > 2 and (words[1], words[2]) in _NOT_SET_FORMS:
        return True
    return len(words) == 2 and " ".join(words) in _DEFAULT_FORMS


def sub_general(p, block, words, line):
    group = block.item
    if words[0] == "default-group-policy" and len(words) > 1:
        name, _after = quoted_name(words, 1)
        group.default_group_policy, group.default_group_policy_line = name, line
        group.lines.append(line)
        p.refer_unless(p.config.group_policies, "group-policy", name, line, block.context)
    elif not _as_default(words):
        _not_read(p, group, line, _GENERAL)


def sub_ipsec(p, block, words, line):
    group = block.item
    head = words[0]
    second = words[1] if len(words) > 1 else None
    if (head == "ikev1" and second == "pre-shared-key") or head == "pre-shared-key":
        group.ikev1_psk = p.preshared_key(words[2:] if head == "ikev1" else words[1:], line)
    elif (head == "ikev1" and second == "trust-point") or head == "trust-point":
        if not _trust_point(p, group, words[2:] if head == "ikev1" else words[1:], line, block.context):
            return
    elif head == "ikev2" and len(words) > 2 and second in ("remote-authentication", "local-authentication"):
        _ikev2_auth(p, group, words, line, block.context)
    elif head == "isakmp" and second == "keepalive":
        group.keepalive = _keepalive(p, words[2:], line, block.context)
    elif head == "virtual-template" and second is not None:
        template_binding(p, group.name, second, line)  # a dynamic VTI serves the group's peers: named at the end
    elif _as_default(words):
        return
    else:
        _not_read(p, group, line, _IPSEC)
        return
    group.lines.append(line)


def _trust_point(p, group, names, line, context):
    """``[ikev1] trust-point NAME``: one trustpoint name (Cisco ASA command reference, "ikev1 trust-point"; verified:
    false). A second word is named with the line and the first read (the last word was read, the first dropped without
    a word); a line with no name is named and sets none (it read 'trust-point' as the name). False when nothing read."""
    if not names:
        p.invalid(line, line.text.strip(), "'%s' followed by a trustpoint name" % line.text.strip(), context)
        return False
    if len(names) > 1:
        p.invalid(line, " ".join(names[1:]), "a word 'trust-point %s' takes (none follows the name)" % names[0], context)
    group.ikev1_trustpoint, group.ikev1_trustpoint_line = names[0], line
    return True


# The built-in groups of remote access clients (tables.DEFAULT_TUNNEL_GROUPS): no site-to-site peer uses them
_REMOTE_ACCESS_GROUPS = frozenset(("DefaultRAGroup", "DefaultWEBVPNGroup"))


def _not_read(p, group, line, section):
    """A line of a site-to-site group's ``section`` none of the above reads (ipsec-attributes: 'peer-id-validate
    nocheck', 'chain', 'ikev2 rsa-sig-hash'; general-attributes: 'accounting-server-group'; a line cut in two):
    collected per group and section and named once at the end, as information (it was passed over without a word).
    A remote access group's lines concern no site-to-site tunnel."""
    if group.type == "remote-access" or group.name in _REMOTE_ACCESS_GROUPS:
        return
    collected = p.gathered("tunnel_group_lines", dict, _lines_not_read)
    collected.setdefault((group.name, section), []).append(line)


class _Section:
    """What a finding on the lines of one attributes block not read says."""

    __slots__ = ("name", "words", "read", "example")

    def __init__(self, name, words, read, example):
        self.name, self.words, self.read, self.example = name, words, read, example


# The first words of each block's sub-commands (Cisco ASA command reference, "tunnel-group ipsec-attributes" and
# "tunnel-group general-attributes"; verified: false): a line starting otherwise may be the rest of a line cut in
# two, a key among them, so it is named by number only
_IPSEC = _Section(
    "ipsec-attributes",
    frozenset(("peer-id-validate", "chain", "ikev1", "ikev2", "isakmp", "radius-sdi-xauth", "trust-point",
               "pre-shared-key")),
    "its pre-shared keys, trust points, IKEv2 authentication methods, isakmp keepalive and virtual-template",
    "a peer identity check, a certificate chain")
# a LAN-to-LAN group takes accounting-server-group and default-group-policy (Cisco Security Appliance Command Line
# Configuration Guide 7.0, "Configure LAN-to-LAN Tunnel Group General Attributes"); the others are remote access ones
_GENERAL = _Section(
    "general-attributes",
    frozenset(("accounting-server-group", "address-pool", "annotation", "authenticated-session-username",
               "authentication-attr-from-server", "authentication-server-group", "authorization-dn-attributes",
               "authorization-required", "authorization-server-group", "default-group-policy", "dhcp-server",
               "ipv6-address-pool", "nat-assigned-to-public-ip", "override-account-disable", "password-management",
               "scep-enrollment", "secondary-authentication-server-group", "secondary-username-from-certificate",
               "secondary-username-from-certificate-choice", "strip-group", "strip-realm",
               "username-from-certificate", "username-from-certificate-choice")),
    "its default-group-policy",
    "the AAA servers its sessions are accounted to")


def _sub_command(line, section):
    words = line.text.split()
    return bool(words) and words[0] in section.words


def _shown(line, section):
    return "%r" % line.text if _sub_command(line, section) else "line %d" % line.line


def _lines_not_read(p):
    for (name, section), lines in p.state["tunnel_group_lines"].items():
        if p.config.tunnel_groups[name].type == "remote-access":  # its type line came after its attributes
            continue
        shown = ", ".join(_shown(line, section) for line in lines[:3]) + (" ..." if len(lines) > 3 else "")
        p.unsupported(
            [line if _sub_command(line, section) else ConfigLine(line.line, NOT_SHOWN) for line in lines], INFO,
            "tunnel-group %s %s %s" % (name, section.name, shown),
            "only %s %s read, so what these lines change (%s) is not checked" % (
                section.read, "is" if section is _GENERAL else "are", section.example),
            {"kind": "tunnel-group", "name": name},
            ["! Check line %s of tunnel-group %s %s by hand." % (
                ", ".join(str(line.line) for line in lines[:10]), name, section.name)],
        )


def _ikev2_auth(p, group, words, line, context):
    side = "remote" if words[1] == "remote-authentication" else "local"
    if words[2] == "pre-shared-key":
        method, key = "psk", p.preshared_key(words[3:], line)
    elif words[2] == "certificate":
        method, key = "certificate", None
    else:
        _other_method(p, group, words[2], line, context)
        return
    if side == "remote":
        group.ikev2_remote_auth, group.ikev2_remote_psk, group.ikev2_remote_line = method, key, line
    else:
        group.ikev2_local_auth, group.ikev2_local_psk, group.ikev2_local_line = method, key, line


def _other_method(p, group, method, line, context):
    """An IKEv2 authentication method other than a key or a certificate ('eap', which remote access clients use): an
    INVALID_VALUE of a site-to-site group only, judged at the end, as a group's type line may come after its
    attributes (it was a false alarm on every AnyConnect IKEv2 connection profile)."""
    if group.type == "remote-access" or group.name in _REMOTE_ACCESS_GROUPS:
        return
    pending = p.gathered("tunnel_group_methods", list, _other_methods)
    pending.append((group, method, line, context))


def _other_methods(p):
    for group, method, line, context in p.state["tunnel_group_methods"]:
        if group.type != "remote-access":
            p.invalid(line, method, "'pre-shared-key' or 'certificate'", context)


def _keepalive(p, words, line, context):
    """``isakmp keepalive {threshold N [retry M] | threshold infinite | disable}`` (reference yaml asa.dpd; Cisco ASA
    command reference, "isakmp keepalive"; verified: false). A word beyond these (a 'retry' without its number, a
    second number, a misspelt 'retry') is named with the line; what was read before it is kept (it was dropped
    without a word, and the default retry taken)."""
    keepalive = Keepalive(line)
    if words[:1] == ["disable"]:
        keepalive.disabled = True
        read = 1
    elif words[:2] == ["threshold", "infinite"]:
        keepalive.infinite = True
        read = 2
    elif words[:1] == ["threshold"] and len(words) > 1:
        keepalive.threshold = p.number(words[1], tables.DPD_THRESHOLD_RANGE, line, "a keepalive threshold in seconds",
                                       context)
        read = 2
        if len(words) > 3 and words[2] == "retry":
            keepalive.retry = p.number(words[3], tables.DPD_RETRY_RANGE, line, "a keepalive retry in seconds", context)
            read = 4
    else:
        p.invalid(line, " ".join(words), "'threshold N retry M', 'threshold infinite' or 'disable'", context)
        return keepalive
    if len(words) > read:
        expected = ("'retry M', M its seconds (2-10)" if words[read:] == ["retry"] else
                    "a word 'isakmp keepalive %s' takes (%s follows it)" % (
                        " ".join(words[:read]), "only 'retry M'" if read == 2 and keepalive.threshold else "none"))
        p.invalid(line, " ".join(words[read:]), expected, context)
    return keepalive


def group_policy(p, words, line, indent):
    name, at = quoted_name(words, 1) if len(words) > 1 else (None, 1)
    if at >= len(words):
        return p.ignored(indent)
    policy = p.config.group_policies.get(name)
    if policy is None:  # a record is made once, not per line naming it
        policy = p.config.group_policies[name] = GroupPolicy(name)
    policy.lines.append(line)
    if words[at] in ("internal", "external"):
        policy.kind = words[at]
    elif words[at] == "attributes":
        return p.section_block(policy, indent, sub_group_policy, _POLICY_WORDS, {"kind": "group-policy", "name": policy.name})
    return p.ignored(indent)


def sub_group_policy(p, block, words, line):
    policy = block.item
    if words[0] == "vpn-tunnel-protocol" and len(words) == 1:
        # the command takes one or more protocols (Cisco ASA command reference, "vpn-tunnel-protocol"; verified:
        # false): a line cut after its first word. Read as "none allowed", it failed every tunnel of the policy with
        # an IKE version error; it is named, and the policy inherits as where it sets none
        p.invalid(line, line.text, "'vpn-tunnel-protocol' followed by one or more protocols (ikev1, ikev2, ...)",
                  block.context)
    elif words[0] == "vpn-tunnel-protocol":
        unknown = [word for word in words[1:] if word.lower() not in tables.TUNNEL_PROTOCOL_WORDS]
        for word in unknown:
            # a misspelt word ('ikve2') makes the ASA refuse the line: named, and the policy inherits as where it is
            # absent (it was read as a policy leaving the tunnel's IKE version out, an IKE version error)
            p.invalid(line, word, "a word of vpn-tunnel-protocol (one of: %s)" % ", ".join(sorted(tables.TUNNEL_PROTOCOL_WORDS)),
                      block.context)
        if unknown:
            return
        policy.tunnel_protocols, policy.tunnel_protocols_line = words[1:], line
        policy.lines.append(line)
    elif words[0] == "vpn-filter" and words[1:2] == ["none"]:
        policy.vpn_filter, policy.vpn_filter_line = "", line
    elif words[0] == "vpn-filter" and words[1:2] == ["value"] and len(words) > 2:
        policy.vpn_filter, policy.vpn_filter_line = words[2], line
        p.refer_unless(p.config.access_lists, "access-list", words[2], line, block.context)
    elif words[0] == "vpn-session-timeout" and len(words) == 2:  # ("alert-interval" is a reminder to users only)
        minutes = 0 if words[1] == "none" else as_int(words[1])
        if minutes is None or minutes < 0:
            p.invalid(line, words[1], "a number of minutes or none", block.context)
        else:
            policy.session_timeout, policy.session_timeout_line = minutes, line
    elif words[0] in SESSION_LIMITS and len(words) > 1 and words[1] != "alert-interval":
        # "none" (and "value none") lifts the limit, and stops inheriting one
        policy.session_limits[words[0]] = None if words[-1] == "none" else line


TOP_LEVEL = {
    ("tunnel-group",): tunnel_group,
    ("group-policy",): group_policy,
}
