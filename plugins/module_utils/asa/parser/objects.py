# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``name``, ``object network``, ``object-group network``, ``access-list ... extended``."""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import (
    AccessList,
    Ace,
    GroupMember,
    NetworkGroup,
    NetworkObject,
    Operand,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import nat
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import (
    NETMASK_BITS,
    as_int,
    ipv4_int,
    ipv4_network,
    ipv4_range_networks,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import _AF_INET, _FROM_BYTES, _INET_PTON
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import WARNING

# "any" operands share one network each (networks are values: compared and hashed by address)
_ANY4, _ANY6 = ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")


def name(p, words, line, indent):
    if len(words) < 3:
        return None
    context = {"kind": "name", "name": words[2]}
    if p.address(words[1], line, context) is not None:
        p.config.names[words[2]] = words[1]
        p.host_operands.clear()  # host operands read before may name it
    return None


# -- object network -------------------------------------------------------------
# Sub-commands of the blocks, made once (issue 12: the driver's per-block lookup of a tuple literal)
_OBJECT_WORDS = frozenset(("host", "subnet", "range", "fqdn", "description"))
_OBJECT_VALUE_WORDS = frozenset(("host", "subnet", "range", "fqdn"))
_GROUP_WORDS = frozenset(("network-object", "group-object", "description"))


def obj(p, words, line, indent):
    if len(words) < 3:
        return p.ignored(indent)
    if words[1] != "network":
        p.config.other_objects[words[2]] = words[1]
        return p.ignored(indent)
    record = p.config.objects.get(words[2])
    if record is None:  # a record is made once, not per line naming it
        record = p.config.objects[words[2]] = NetworkObject(words[2])
    record.lines.append(line)
    block = p.section_blocks.get((sub_object, indent))
    if block is not None:  # p.section_block, inline (issue 12: a block per object)
        block.item, block.context, block.state = record, {"kind": "object", "name": record.name}, None
        return block
    return p.section_block(record, indent, sub_object, _OBJECT_WORDS, {"kind": "object", "name": record.name},
                           nat.object_nat_form)


def sub_object(p, block, words, line):
    record, head, count = block.item, words[0], len(words)
    # "subnet A M" and "host A" of IPv4 text: what p.network and p.host read them to, inline (issue 12: the
    # commonest lines of a large config's objects); anything else (a finding to make...) by the path below
    if count == 3 and head == "subnet":
        bits = NETMASK_BITS.get(words[2])
        if bits is not None and "/" not in words[1]:  # (an address/length is read as one, whatever name it is)
            number = _ipv4_number(p, words[1])
            if number is not None:
                record.lines.append(line)
                record.kind, record.value, record.networks = head, words[1] + " " + words[2], [ipv4_network(number, bits)]
                return
    elif count == 2 and head == "host":
        number = _ipv4_number(p, words[1])
        if number is not None:
            record.lines.append(line)
            record.kind, record.value, record.networks = head, words[1], [ipv4_network(number, 32)]
            return
    read_object_line(p, block, words, line)


def _ipv4_number(p, token):
    """The IPv4 address a token (or the ``name`` it is) writes, as an integer; None when it is no IPv4 text."""
    try:
        return _FROM_BYTES(_INET_PTON(_AF_INET, p.config.names.get(token, token)), "big")
    except (OSError, ValueError, TypeError, UnicodeError):
        return None


def read_object_line(p, block, words, line):
    """A line of an ``object network`` block (sub_object's general path)."""
    record, context, head, count = block.item, block.context, words[0], len(words)
    if head == "nat" and nat.object_nat_form(words):
        record.lines.append(line)
        nat.object_nat(p, record, words, line)
        return
    if head not in _OBJECT_VALUE_WORDS or count < 2:
        if head != "description":
            # running-config prints no other line here (host, subnet, range, fqdn, nat, description): one cut in
            # two or pasted in is named, not passed over
            p.invalid(line, line.text, "a sub-command of object network (host, subnet, range, fqdn, nat or "
                      "description, with its values)", context)
        return
    record.lines.append(line)
    # " ".join(words[1:]) without the slice for the commonest lengths (issue 12)
    value = words[1] if count == 2 else (words[1] + " " + words[2] if count == 3 else " ".join(words[1:]))
    record.kind, record.value, record.networks = head, value, None
    if head == "host":
        network = p.host(words[1], line, context)
        if network is not None:
            record.networks = [network]
    elif head == "subnet":
        if "/" in words[1]:
            network = p.prefix(words[1], line, context)
        else:
            network = p.network(words[1], words[2] if len(words) > 2 else None, line, context)
        if network is not None:
            record.networks = [network]
    elif head == "range":
        record.networks = _range(p, words, line, context)


def _range(p, words, line, context):
    if len(words) > 2:
        names = p.config.names
        first, last = ipv4_int(names.get(words[1], words[1])), ipv4_int(names.get(words[2], words[2]))
        if first is not None and last is not None and first <= last:  # IPv4 in order: no address objects (issue 12)
            return ipv4_range_networks(first, last)
    return range_of_addresses(p, words, line, context)


def range_of_addresses(p, words, line, context):
    """_range's general path: the two addresses read as ipaddress objects."""
    if len(words) < 3:
        p.invalid(line, " ".join(words[1:]), "a range 'first-address last-address'", context)
        return None
    first = p.address(words[1], line, context)
    last = p.address(words[2], line, context)
    if first is None or last is None:
        return None
    if first.version != last.version or first > last:
        p.invalid(line, "%s %s" % (words[1], words[2]), "a range whose first address is not above its last", context)
        return None
    if first.version == 4:
        return ipv4_range_networks(int(first), int(last))
    return list(ipaddress.summarize_address_range(first, last))


# -- object-group network -------------------------------------------------------------
def object_group(p, words, line, indent):
    if len(words) < 3:
        return p.ignored(indent)
    if words[1] != "network":
        p.config.other_object_groups[words[2]] = words[1]
        return p.ignored(indent)
    group = p.config.object_groups.get(words[2])
    if group is None:  # a record is made once, not per line naming it
        group = p.config.object_groups[words[2]] = NetworkGroup(words[2])
    group.lines.append(line)
    block = p.section_blocks.get((sub_group, indent))
    if block is not None:  # p.section_block, inline (issue 12: a block per group, as obj's)
        block.item, block.context, block.state = group, {"kind": "object-group", "name": group.name}, None
        return block
    return p.section_block(group, indent, sub_group, _GROUP_WORDS, {"kind": "object-group", "name": group.name})


def sub_group(p, block, words, line):
    group, context = block.item, block.context
    if words[0] == "group-object" and len(words) > 1:
        group.members.append(GroupMember("group", words[1], line))
        group.lines.append(line)
        p.nesting_groups.add(group.name)
        if words[1] not in p.config.object_groups:  # refer_unless, inline (13k lines with many selectors)
            p.refer("object-group network", words[1], line, context)
        return
    if words[0] != "network-object" or len(words) < 2:
        if words[0] != "description":
            # running-config prints no other line here: one cut in two, pasted in, or a member in a form the ASA
            # takes only in 'object network' (range): a member not read, so the group's networks are undecidable
            # (a member without a network), not read short without a word
            p.invalid(line, line.text, "a sub-command of object-group network (network-object, group-object or "
                      "description, with its values)", context)
            group.lines.append(line)
            group.members.append(GroupMember("network", line.text, line, None))
        return
    group.lines.append(line)
    if words[1] == "object" and len(words) > 2:
        group.members.append(GroupMember("object", words[2], line))
        if words[2] not in p.config.objects:  # refer_unless, inline
            p.refer("object network", words[2], line, context)
    elif words[1] == "host" and len(words) > 2:
        network = p.host(words[2], line, context)
        group.members.append(GroupMember("network", words[2], line, network))
    elif "/" in words[1]:
        group.members.append(GroupMember("network", words[1], line, p.prefix(words[1], line, context)))
    else:
        if len(words) > 2:
            network, value = p.network(words[1], words[2], line, context), words[1] + " " + words[2]
        else:
            network, value = p.network(words[1], None, line, context), words[1]
        group.members.append(GroupMember("network", value, line, network))  # value: " ".join(words[1:3])


# -- access lists -----------------------------------------------------------
# The words of the ACE access_list reads inline (tests set it to 0 to compare the general path's reading)
_NAMED_ACE_WORDS = 9


def access_list(p, words, line, indent):
    name = words[1]
    acl = p.config.access_lists.get(name)
    if acl is None:  # a record is made once, not per line naming it
        acl = p.config.access_lists[name] = AccessList(name)
    acl.lines.append(line)
    count = len(words)
    if count == _NAMED_ACE_WORDS and words[2] == "extended" and words[3] in _ACE_ACTIONS:
        # "extended permit|deny P object[-group] A object[-group] B": the commonest ACE, read as _ace reads it
        # without its call, and with the findings context made only for a reference (issue 12; the test:
        # tests/unit/test_parser_fast_forms.py); anything else by _ace
        protocol = _ACL_PROTOCOLS.get(words[4], _ABSENT)
        source_kind, destination_kind = _NAMED_OPERANDS.get(words[5]), _NAMED_OPERANDS.get(words[7])
        if protocol is not _ABSENT and source_kind is not None and destination_kind is not None:
            config = p.config
            source_name, destination_name = words[6], words[8]
            if destination_kind == "object" or destination_name not in config.other_object_groups:
                context = None
                if source_name not in (config.objects if source_kind == "object" else config.object_groups):
                    context = {"kind": "access-list", "name": name}
                    _refer_ace_operand(p, source_kind, source_name, line, context)
                if destination_name not in (config.objects if destination_kind == "object" else config.object_groups):
                    _refer_ace_operand(p, destination_kind, destination_name, line,
                                       context or {"kind": "access-list", "name": name})
                acl.entries.append(Ace(name, words[3], protocol, Operand(source_kind, source_name),
                                       Operand(destination_kind, destination_name), line, False, False))
                return None
    start = _ace_start(words)
    if start is None:
        return None
    ace = _ace(p, name, words, start, line, {"kind": "access-list", "name": name})
    if ace is not None:
        acl.entries.append(ace)
    return None


def _ace_start(words):
    """Where the ACE of an access-list line starts (its action), or None for a line that has none (a remark, a
    standard, webtype or ethertype ACL)."""
    count = len(words)
    start = 4 if count > 3 and words[2] == "line" else 2
    kind = words[start] if count > start else None
    if kind == "extended":
        return start + 1
    if kind is None or kind in ("remark", "standard", "webtype", "ethertype"):
        return None
    return start


# The ACE lines whose 'object-group NAME' operand was not a network group when read: (NAME, line, context)
_ACE_GROUPS_NOT_YET_DEFINED = "ACE operand groups not defined when read"


def _refer_ace_operand(p, kind, name, line, context):
    """A named ACE operand (Operand kind ``object`` or ``group``) not defined when read."""
    if kind == "group":
        _refer_ace_group(p, name, line, context)
    else:
        p.refer("object network", name, line, context)


def _refer_ace_group(p, name, line, context):
    """An ACE operand's group not (yet) defined as a network group: checked once the whole text is read, and its line
    read again then if NAME is a service group defined later (_reread_aces_of_late_service_groups)."""
    p.refer("object-group network", name, line, context)
    p.gathered(_ACE_GROUPS_NOT_YET_DEFINED, list, _reread_aces_of_late_service_groups).append((name, line, context))


def _reread_aces_of_late_service_groups(p):
    """The ASA refuses a group used before it is defined, but a file put together by hand (or sorted) may hold a
    service group after the ACE that names it as its source port: read in one pass, 'object-group SVC' was taken for
    the destination, so the line had no selectors and an UNDEFINED_REFERENCE named a network group SVC that the text
    defines as a service group (review 2026-12-07). Those lines are read again now that every group is known; the
    references of their first reading are dropped (the second makes its own)."""
    config = p.config
    misread = {}
    for name, line, context in p.state[_ACE_GROUPS_NOT_YET_DEFINED]:
        if name in config.other_object_groups and context and context.get("kind") == "access-list":
            misread[id(line)] = (line, context)
    if not misread:
        return
    p.references = [ref for ref in p.references if id(ref[2]) not in misread]
    for line, context in misread.values():
        entries = config.access_lists[context["name"]].entries
        at = next(index for index, ace in enumerate(entries) if ace.line is line)
        words = line.text.split()
        ace = _ace(p, context["name"], words, _ace_start(words), line, context)
        if ace is None:
            del entries[at]
        else:
            entries[at] = ace


def _ace(p, acl_name, words, start, line, context):
    """The ACE of ``words[start:]`` (read in place, not from a copy of the rest: issue 12)."""
    count = len(words)
    if count - start < 4 or words[start] not in _ACE_ACTIONS:
        p.invalid(
            line,
            words[start] if start < count else line.text,
            "an extended ACE 'permit|deny protocol source destination'",
            context,
        )
        return None
    action = words[start]
    # the commonest forms read inline, the rest by the helpers (issue 12)
    protocol = _ACL_PROTOCOLS.get(words[start + 1], _ABSENT)
    if protocol is _ABSENT:
        protocol, position = _acl_protocol(p, words, start + 1, line, context)
    else:
        position = start + 2
    if count == position + 4:  # "object[-group] A object[-group] B": the commonest ACE, read inline (issue 12)
        source_kind, destination_kind = _NAMED_OPERANDS.get(words[position]), _NAMED_OPERANDS.get(words[position + 2])
        # (what _ports would take for source ports: a service group's name after "object-group")
        if source_kind is not None and destination_kind is not None and (
                destination_kind == "object" or words[position + 3] not in p.config.other_object_groups):
            config = p.config
            source_name, destination_name = words[position + 1], words[position + 3]
            if source_name not in (config.objects if source_kind == "object" else config.object_groups):
                _refer_ace_operand(p, source_kind, source_name, line, context)
            if destination_name not in (config.objects if destination_kind == "object" else config.object_groups):
                _refer_ace_operand(p, destination_kind, destination_name, line, context)
            return Ace(acl_name, action, protocol, Operand(source_kind, source_name),
                       Operand(destination_kind, destination_name), line, False, False)
    identity = words[position] in _IDENTITY_OPERANDS
    source, position = _operand(p, words, position, line, context)
    if position < count and (words[position] in _PORT_OPERATORS or words[position] == "object-group"):
        position, source_ports = _ports(p, words, position)
    else:
        source_ports = False  # what _ports finds for anything else
    identity = identity or (position < count and words[position] in _IDENTITY_OPERANDS)
    destination, position = _operand(p, words, position, line, context)
    if position >= count:
        return Ace(acl_name, action, protocol, source, destination, line, source_ports, False, identity)
    trailing = words[position:]
    has_ports = destination_ports(p, trailing, protocol, line, context) or source_ports
    return Ace(acl_name, action, protocol, source, destination, line, has_ports, "inactive" in trailing, identity)


def destination_ports(p, trailing, protocol=None, line=None, context=None):
    """Whether the words after an ACE's destination narrow it to ports: an operator, or a service (or icmp-type)
    group, as _ports reads them on the source side (a deny narrowed by a group takes out those ports only, not the
    whole pair); for ICMP a message type by name or number (``permit icmp A B echo``: Cisco ASA command reference,
    access-list extended, icmp_argument), which rides in the traffic selector's port fields (RFC 7296 3.13.1).

    'object-group NAME' there is a port argument whatever NAME is (the same reference: after dest_address_argument
    only port_argument, log, time-range and inactive may follow): one not (yet) defined as a service group narrows the
    line too, and is checked once the whole text is read. It was read as no ports when its group came later in the text
    or not at all, the line's selectors protocol-only with no finding (review 2026-12-07). A network group there is
    what follows a source port group the parser could not tell (its UNDEFINED_REFERENCE says so)."""
    if not _PORT_OPERATORS.keys().isdisjoint(trailing):
        return True
    if (protocol == 1 or protocol == 58) and trailing and trailing[0] not in _ACE_OPTIONS:  # icmp, icmp6
        return True
    if len(trailing) < 2 or trailing[0] != "object-group":
        return False
    name, config = trailing[1], p.config
    if name in config.other_object_groups:
        return True
    if name in config.object_groups:
        return False
    if line is not None:
        p.refer("object-group service", name, line, context)
    return True


_ABSENT = object()
# what may follow an ACE's destination without narrowing it (Cisco ASA command reference, access-list extended)
_ACE_OPTIONS = frozenset(("log", "inactive", "time-range"))


def _acl_protocol(p, words, position, line, context):
    token = words[position]
    if token in _ACL_PROTOCOLS:
        return _ACL_PROTOCOLS[token], position + 1
    if (token == "object" or token == "object-group") and position + 1 < len(words):
        return None, position + 2
    number = as_int(token)
    if number is not None and number <= 255:
        return number, position + 1
    p.invalid(line, token, "an IP protocol name or number", context)
    return None, position + 1


def _ports(p, words, position):
    """Skip a source port spec; (next position, whether there was one)."""
    if position >= len(words):
        return position, False
    token = words[position]
    if token in _PORT_OPERATORS:
        return position + 1 + _PORT_OPERATORS[token], True
    if token == "object-group" and position + 1 < len(words):
        if words[position + 1] in p.config.other_object_groups:
            return position + 2, True
    return position, False


# Identity operands before an address operand, and the words each takes: "user NAME", "user-group NAME",
# "object-group-user NAME", "object-group-security NAME", and "security-group {name NAME | tag NUMBER}" (Cisco ASA
# command reference, access-list extended: user_argument, security_group_argument)
_IDENTITY_WORDS = {"user": 2, "user-group": 2, "object-group-user": 2, "security-group": 3, "object-group-security": 2}
_IDENTITY_OPERANDS = frozenset(_IDENTITY_WORDS)
_ACE_ACTIONS = frozenset(("permit", "deny"))
# Operand keywords followed by a name: the Operand kind (a reference to an undefined one: _refer_ace_operand)
_NAMED_OPERANDS = {"object": "object", "object-group": "group"}
_ACL_PROTOCOLS, _PORT_OPERATORS = tables.ACL_PROTOCOLS, tables.ACL_PORT_OPERATORS


# Operands are values nothing changes: "any" ones made once, and the parser's ``host_operands`` keeps one
# per valid host token (issue 12: the ACEs of a large config permit to the same hosts, e.g. the ASA's own
# address, over and over). ``name`` empties it: a host token may then read otherwise.
_ANY_OPERANDS = {"any": Operand("any", "any", _ANY4), "any4": Operand("any", "any4", _ANY4),
                 "any6": Operand("any", "any6", _ANY6)}


def _operand(p, words, position, line, context):
    """One ACE address operand starting at ``position``; (Operand, next position)."""
    while position < len(words) and words[position] in _IDENTITY_OPERANDS:
        position += _IDENTITY_WORDS[words[position]]  # identity operands narrow users, not addresses
    if position >= len(words):
        p.invalid(line, line.text, "an ACE with a source and a destination", context)
        return Operand("invalid"), position
    token = words[position]
    following = words[position + 1] if position + 1 < len(words) else None
    if following is not None:  # the commonest forms first (issue 12); each test is of the token alone
        if token == "object-group":
            if following not in p.config.object_groups:  # refer_unless, inline
                _refer_ace_group(p, following, line, context)
            return Operand("group", following), position + 2
        if token == "object":
            if following not in p.config.objects:  # refer_unless, inline
                p.refer("object network", following, line, context)
            return Operand("object", following), position + 2
    operand = _ANY_OPERANDS.get(token)
    if operand is not None:
        return operand, position + 1
    if token in ("object", "object-group", "interface", "host") and following is None:
        p.invalid(line, token, "followed by a name or address", context)
        return Operand("invalid", token), position + 1
    if token == "host":
        operand = p.host_operands.get(following)  # a host read once (no finding: it was valid)
        if operand is None:
            network = p.host(following, line, context)
            if network is None:
                return Operand("invalid", following), position + 2
            operand = p.host_operands[following] = Operand("network", following, network)
        return operand, position + 2
    if token == "object":
        p.refer_unless(p.config.objects, "object network", following, line, context)
        return Operand("object", following), position + 2
    if token == "object-group":
        if following not in p.config.object_groups:
            _refer_ace_group(p, following, line, context)
        return Operand("group", following), position + 2
    if token == "interface":
        p.refer("interface", following, line, context)
        return Operand("interface", following), position + 2
    if "/" in token:
        network = p.prefix(token, line, context)
        return Operand("network" if network else "invalid", token, network), position + 1
    network = p.network(token, following, line, context)
    return Operand("network" if network else "invalid", token, network), position + 2


def access_group(p, words, line, indent):
    """``access-group NAME in|out interface IF`` / ``access-group NAME global``: the ACL filters an interface too."""
    if len(words) > 1:
        p.config.acl_users.setdefault(words[1], []).append(" ".join(words))
    if len(words) > 4 and words[2] in ("in", "out") and words[3] == "interface":
        p.gathered("interface_access_groups", list, _vti_access_groups).append((words[4], line))
    elif len(words) == 3 and words[2] == "global":
        p.gathered("interface_access_groups", list, _vti_access_groups).append((None, line))


# An access-group on a VTI's nameif filters the traffic through that tunnel: "Access-list can be applied on a VTI
# interface to control traffic through VTI" (Cisco ASA VPN CLI configuration guide, "Virtual Tunnel Interface",
# guidelines, https://www.cisco.com/c/en/us/td/docs/security/asa/asa915/configuration/vpn/asa-915-vpn-config/vpn-vti.html
# as restated at https://the.vpn.center/2018/01/configuring-cisco-asa-for-vtiroute.html; verified: partial). The ACL is
# not evaluated against the tunnel's traffic, so the line is named on that tunnel (s47C: a deny-all access-group on the
# VTI passed without a word). Found at the end: the interface may be defined after the line.
# 'access-group NAME global' filters the traffic entering every interface, after that interface's own access-group and
# before the implicit deny (Cisco ASA Series Firewall CLI configuration guide, "Access Rules", "Interface Access Rules
# and Global Access Rules": "apply an access rule globally to all interfaces ... Global access rules apply only to
# inbound traffic"; a third-party copy: https://manualshive.com/en/manual/cisco/asa-5508-x/63708?page=48; restated at
# https://docs.defenseorchestrator.com/c_configure-an-asa-global-access-policy.html; verified: partial): the VTIs among
# them, so it is named on each VTI's tunnel as the per-interface one is (review s49H: a global deny-all passed a VTI
# tunnel without a word).
def _vti_access_groups(p):
    vtis = {iface.nameif for iface in p.config.interfaces.values() if iface.tunnel is not None and iface.nameif}
    for nameif, line in p.state["interface_access_groups"]:
        if nameif is None:
            for vti in sorted(vtis):
                p.unsupported(
                    [line], WARNING, "the global access-group as it applies to tunnel interface %s (%r)" % (
                        vti, line.text),
                    "it filters the traffic entering every interface, the tunnel's included, which this check does "
                    "not evaluate, so whether traffic to and from the peer's networks passes is not checked",
                    {"kind": "interface", "name": vti},
                    ["! Check by hand that access-list %s lets the traffic entering %s from the peer's networks, and "
                     "the traffic to them, through (line %d)." % (line.text.split()[1], vti, line.line)],
                )
        elif nameif in vtis:
            p.unsupported(
                [line], WARNING, "the access-group on tunnel interface %s (%r)" % (nameif, line.text),
                "it filters the traffic through the tunnel, which this check does not evaluate, so whether traffic to "
                "and from the peer's networks passes is not checked", {"kind": "interface", "name": nameif},
                ["! Check by hand that access-list %s lets the traffic to and from the peer's networks through "
                 "(line %d)." % (line.text.split()[1], line.line)],
            )


_CLASS_MAP_WORDS = frozenset(["match", "description"])


def class_map(p, words, line, indent):
    """``class-map NAME`` with ``match access-list ACL``: the ACL classifies traffic for a policy-map too."""
    name_ = words[1] if len(words) > 1 else ""
    return p.section_block(name_, indent, _class_map_line, _CLASS_MAP_WORDS, {"kind": "class-map", "name": name_})


def _class_map_line(p, block, words, line):
    if words[:2] == ["match", "access-list"] and len(words) > 2:
        p.config.acl_users.setdefault(words[2], []).append("class-map %s" % block.item)


TOP_LEVEL = {
    ("name",): name,
    ("object",): obj,
    ("object-group",): object_group,
    ("access-list",): access_list,
    ("access-group",): access_group,
    ("class-map",): class_map,
}
