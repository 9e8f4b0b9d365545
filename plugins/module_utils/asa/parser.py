# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse an ASA ``show running-config`` / ``more system:running-config`` into ``AsaConfig``.

One pass over the lines, no regular expressions, dictionary lookups only: the
cost is linear in the size of the config. Works on text as saved or pasted:
indented or flattened (indentation lost), LF or CRLF, with pager remnants
(``<--- More --->`` and the backspaces/spaces that erase it), trailing spaces,
``: Saved`` / ``: end`` / ``!`` lines.

Block membership: a line indented deeper than the open block's header belongs
to it. A line that is not (flattened paste, or indentation eaten by a pager
remnant) belongs to it when its first words are a sub-command the block
accepts, or when they are no known top-level command (an unmodelled
sub-command: skipped, block stays open). Once the text has shown indented
sub-commands, an unindented line is always top-level.

Never raises on bad input. Problems in commands that are modelled become
findings (``INVALID_VALUE``, ``UNDEFINED_REFERENCE``), phase "config", with
evidence ``{"asa": {"lines": [...], "context": {"kind", "name"[, "seq"]}, ...}}``;
``context`` names the record holding the line, so the adapter can scope the
finding to the tunnels that use that record. Pre-shared keys are never
stored: a clear key is reduced to the digest made by the optional
``psk_digest`` callable, and stored line texts show ``*****`` instead.
"""

import contextlib
import gc
import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import (
    AccessList,
    Ace,
    AsaConfig,
    CryptoMap,
    CryptoMapEntry,
    GroupMember,
    GroupPolicy,
    IkePolicy,
    Interface,
    IpsecProposal,
    Keepalive,
    NatRule,
    NetworkGroup,
    NetworkObject,
    Operand,
    PresharedKey,
    TransformSet,
    TunnelGroup,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine

PAGER_MARKERS = ("<--- More --->", "--More--")
MASK = "*****"

# First words of ASA global-configuration commands. Used only to decide that a
# line with lost indentation closes the open block. "ip", "ipv6", "nat",
# "isakmp" and "mac-address" also start sub-commands; blocks that accept those
# forms are asked first.
TOP_LEVEL_WORDS = frozenset("""
    aaa aaa-server access-group access-list anyconnect anyconnect-custom-attr arp asdm asp auth-prompt
    banner boot call-home class-map clear clock command-alias compression configure console context
    crashinfo crypto cts ddns dhcp-client dhcpd dhcprelay dns dns-guard domain-name
    dynamic-access-policy-record dynamic-filter email enable end established failover firewall
    flow-export fragment ftp group-policy hostname hpm http icmp interface ip ipv6 isakmp
    jumbo-frame ldap license logging mac-address mac-address-table mac-learn management-access
    monitor-interface mroute mtu multicast-routing name names nat no ntp object object-group
    pager passwd password password-policy pim policy-list policy-map prefix-list privilege prompt
    quota regex route route-map router same-security-traffic scansafe service service-policy
    smtp-server snmp-map snmp-server ssh ssl strong-encryption-disable sysopt tcp-map telnet
    terminal tftp-server threat-detection time-range timeout tls-proxy tunnel-group
    tunnel-group-map url-block url-cache url-server user-identity username virtual vpdn vpn
    vpn-addr-assign vpn-load-balancing vpnclient vpnsetup wccp webvpn xlate zone
    """.split())


def parse_running_config(text, psk_digest=None):
    """Parse config text. Returns ``(AsaConfig, [Finding])``; the findings are also kept in
    ``config.findings`` for the adapter. ``psk_digest``: optional callable str -> str."""
    parser = _Parser(psk_digest)
    with gc_paused():
        parser.feed(text if isinstance(text, str) else "")
        parser.finish()
    return parser.config, parser.config.findings


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many long-lived records.

    The records form no reference cycles, and on 100k-line configs the collector's
    repeated scans of them cost a third of the run (measured with
    benchmarks/asa_parser_bench.py); reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------------------
# Line cleaning
# ---------------------------------------------------------------------------
def split_lines(text):
    """Physical lines; numbering matches an editor's for LF, CRLF and CR-only text."""
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    return text.split("\n")


def _render_terminal(raw):
    """Apply backspaces and carriage returns the way a terminal would."""
    cells, pos = [], 0
    for ch in raw:
        if ch == "\b":
            pos = max(0, pos - 1)
        elif ch == "\r":
            pos = 0
        else:
            if pos < len(cells):
                cells[pos] = ch
            else:
                cells.append(ch)
            pos += 1
    return "".join(cells)


def clean_line(raw):
    """(indent, text) of a physical line; indent None when a pager remnant ate it."""
    raw = raw.rstrip("\r\n")
    if "\b" in raw or "\r" in raw:
        raw = _render_terminal(raw)
    indent_known = True
    for marker in PAGER_MARKERS:
        at = raw.find(marker)
        while at >= 0:
            raw = raw[:at] + raw[at + len(marker) :].lstrip(" \t")
            indent_known = False
            at = raw.find(marker)
    text = raw.strip()
    if not indent_known:
        return None, text
    return len(raw) - len(raw.lstrip(" \t")), text


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------
def _as_int(token):
    return int(token) if token.isdigit() else None


def _in_range(value, bounds):
    return value is not None and bounds[0] <= value <= bounds[1]


class _Block:
    """An open configuration block (``interface X``, ``crypto ikev2 policy N``...)."""

    __slots__ = ("item", "indent", "handler", "words", "pairs", "context", "extra")

    def __init__(self, item, indent, handler, words=(), pairs=(), context=None, extra=None):
        self.item = item
        self.indent = indent
        self.handler = handler  # called as handler(block, words, line)
        self.words = frozenset(words)  # first words of accepted sub-commands
        self.pairs = frozenset(pairs)  # first two words, where the first alone is ambiguous
        self.context = context
        self.extra = extra  # optional predicate for forms the word sets cannot express

    def accepts(self, words):
        if words[0] in self.words:
            return True
        if len(words) > 1 and (words[0], words[1]) in self.pairs:
            return True
        return self.extra is not None and self.extra(words)


def _object_nat_form(words):
    """Object NAT inside ``object network``: ``nat (in,out) static|dynamic ...``."""
    return len(words) > 2 and words[0] == "nat" and words[2] in ("static", "dynamic")


class _Parser(object):
    def __init__(self, psk_digest=None):
        self.config = AsaConfig()
        self.psk_digest = psk_digest
        self.block = None
        self.indented_text = False  # seen a sub-command indented under its header
        self.references = []  # (expected kind, name, line, context)
        self.nat_count = 0

    # -- driver -----------------------------------------------------------
    def feed(self, text):
        for number, raw in enumerate(split_lines(text), 1):
            try:
                self._line(number, raw)
            except Exception as exc:  # a surprise in one line must not lose the rest of the config
                self.block = None
                self.unreadable(number, exc)

    def _line(self, number, raw):
        indent, line_text = clean_line(raw)
        if not line_text:
            return
        if line_text[0] in "!:":
            self.block = None
            return
        words = line_text.split()
        line = ConfigLine(number, _redact(line_text, words))
        if self._belongs_to_block(indent, words):
            self.block.handler(self.block, words, line)
        else:
            self.block = self._top_level(words, line, indent or 0)

    def _belongs_to_block(self, indent, words):
        block = self.block
        if block is None:
            return False
        if indent is not None and indent > block.indent:
            self.indented_text = True
            return True
        if indent is not None and self.indented_text:
            return False
        bare = words[1:] if words[0] == "no" and len(words) > 1 else words
        if block.accepts(bare):
            return True
        return bare[0] not in TOP_LEVEL_WORDS

    def _top_level(self, words, line, indent):
        handler = self.TOP_LEVEL.get(words[0])
        if handler is None or len(words) < 2:
            return self._ignored(indent)
        return handler(self, words, line, indent)

    def _ignored(self, indent):
        return _Block(None, indent, self._sub_ignored)

    def _sub_ignored(self, block, words, line):
        return None

    def unreadable(self, number, exc):
        """A line the parser failed on (a bug, not bad input): say so, keep going. The text is not
        repeated, as it was never redacted."""
        self._finding(
            "INVALID_VALUE",
            WARNING,
            "Line %d could not be read (%s) and was skipped." % (number, type(exc).__name__),
            [],
            {"kind": "config", "name": ""},
            ["! Check line %d of the config text." % number],
            line=number,
        )

    # -- findings -----------------------------------------------------------
    def _finding(self, code, severity, summary, lines, context, remediation, **details):
        evidence = {"lines": [{"line": cl.line, "text": cl.text} for cl in lines], "context": dict(context)}
        evidence.update(details)
        self.config.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase="config",
                summary=summary,
                evidence={"asa": evidence},
                remediation={"asa": list(remediation)},
            )
        )

    def invalid(self, line, value, expected, context):
        """A value inside a modelled command that cannot be understood."""
        self._finding(
            "INVALID_VALUE",
            WARNING,
            "Line %d: %r is not %s." % (line.line, value, expected),
            [line],
            context,
            ["! Replace %r on line %d with %s." % (value, line.line, expected)],
            value=value,
            expected=expected,
        )

    def refer(self, kind, name, line, context):
        """Record a reference; checked once the whole text is read."""
        self.references.append((kind, name, line, context))

    # -- shared value parsers ----------------------------------------------
    def address(self, token, line, context, expected="an IPv4 or IPv6 address"):
        """An address or a ``name`` alias; INVALID_VALUE and None if neither."""
        token = self.config.names.get(token, token)
        try:
            return ipaddress.ip_address(token)
        except ValueError:
            self.invalid(line, token, expected, context)
            return None

    def network(self, address_token, mask_token, line, context):
        address = self.address(address_token, line, context)
        if address is None:
            return None
        if mask_token is None:
            self.invalid(line, address_token, "followed by a network mask", context)
            return None
        try:
            return ipaddress.ip_network("%s/%s" % (address, mask_token), strict=False)
        except ValueError:
            self.invalid(line, mask_token, "a contiguous network mask", context)
            return None

    def prefix(self, token, line, context):
        """An IPv6-style ``address/length`` operand."""
        try:
            return ipaddress.ip_network(token, strict=False)
        except ValueError:
            self.invalid(line, token, "an address/prefix-length", context)
            return None

    def number(self, token, bounds, line, what, context):
        value = _as_int(token) if token is not None else None
        if not _in_range(value, bounds):
            self.invalid(line, token if token is not None else "", "%s (%d-%d)" % (what, bounds[0], bounds[1]), context)
            return None
        return value

    def keywords(self, tokens, table, line, what, context):
        """Keywords known to ``table``; each unknown one is an INVALID_VALUE."""
        known = []
        for token in tokens:
            if token in table:
                known.append(token)
            else:
                self.invalid(line, token, "%s (one of: %s)" % (what, ", ".join(sorted(table))), context)
        return known

    def preshared_key(self, tokens, line):
        """PresharedKey from the words after ``pre-shared-key``; the key itself is dropped."""
        if not tokens:
            return None
        if tokens[0].strip("*") == "":
            return PresharedKey("masked", line)
        if tokens[0] == "8" and len(tokens) > 1:
            return PresharedKey("encrypted", line)
        key = " ".join(tokens[1:] if tokens[0] == "0" and len(tokens) > 1 else tokens)
        digest = self.psk_digest(key) if callable(self.psk_digest) else None
        return PresharedKey("clear", line, digest)

    # -- hostname / names ----------------------------------------------------
    def _hostname(self, words, line, indent):
        self.config.hostname = words[1]
        self.config.hostname_line = line
        return None

    def _name(self, words, line, indent):
        if len(words) < 3:
            return None
        context = {"kind": "name", "name": words[2]}
        if self.address(words[1], line, context) is not None:
            self.config.names[words[2]] = words[1]
        return None

    # -- interface ------------------------------------------------------------
    def _interface(self, words, line, indent):
        hardware = " ".join(words[1:])
        iface = self.config.interfaces.setdefault(hardware, Interface(hardware))
        iface.lines.append(line)
        # ipv6 sub-commands are listed so that a flattened paste does not take them for top-level ones
        accepted_pairs = (("ip", "address"), ("ipv6", "address"), ("ipv6", "enable"), ("ipv6", "nd"))
        return _Block(iface, indent, self._sub_interface, ("nameif", "description", "shutdown"), accepted_pairs)

    def _sub_interface(self, block, words, line):
        iface = block.item
        if words[0] == "nameif" and len(words) > 1:
            iface.nameif = words[1]
            iface.lines.append(line)
        elif words[:2] == ["ip", "address"] and len(words) > 2:
            iface.lines.append(line)
            if words[2] in ("dhcp", "pppoe"):
                return
            context = {"kind": "interface", "name": iface.nameif or iface.hardware}
            network = self.network(words[2], words[3] if len(words) > 3 else None, line, context)
            if network is not None:
                iface.address, iface.mask = self.config.names.get(words[2], words[2]), words[3]
            if len(words) > 5 and words[4] == "standby" and self.address(words[5], line, context) is not None:
                iface.standby = words[5]

    # -- objects ---------------------------------------------------------------
    def _object(self, words, line, indent):
        if len(words) < 3:
            return self._ignored(indent)
        if words[1] != "network":
            self.config.other_objects[words[2]] = words[1]
            return self._ignored(indent)
        obj = self.config.objects.setdefault(words[2], NetworkObject(words[2]))
        obj.lines.append(line)
        return _Block(
            obj,
            indent,
            self._sub_object,
            ("host", "subnet", "range", "fqdn", "description"),
            context={"kind": "object", "name": obj.name},
            extra=_object_nat_form,
        )

    def _sub_object(self, block, words, line):
        obj, context = block.item, block.context
        head = words[0]
        if head == "nat" and _object_nat_form(words):
            obj.lines.append(line)
            self._object_nat(obj, words, line)
            return
        if head not in ("host", "subnet", "range", "fqdn") or len(words) < 2:
            return
        obj.lines.append(line)
        obj.kind, obj.value, obj.networks = head, " ".join(words[1:]), None
        if head == "host":
            address = self.address(words[1], line, context)
            if address is not None:
                obj.networks = [ipaddress.ip_network(address)]
        elif head == "subnet":
            if "/" in words[1]:
                network = self.prefix(words[1], line, context)
            else:
                network = self.network(words[1], words[2] if len(words) > 2 else None, line, context)
            if network is not None:
                obj.networks = [network]
        elif head == "range":
            obj.networks = self._range(words, line, context)

    def _range(self, words, line, context):
        if len(words) < 3:
            self.invalid(line, " ".join(words[1:]), "a range 'first-address last-address'", context)
            return None
        first = self.address(words[1], line, context)
        last = self.address(words[2], line, context)
        if first is None or last is None:
            return None
        if first.version != last.version or first > last:
            self.invalid(
                line, "%s %s" % (words[1], words[2]), "a range whose first address is not above its last", context
            )
            return None
        return list(ipaddress.summarize_address_range(first, last))

    def _object_nat(self, obj, words, line):
        interfaces = self._nat_interfaces(words[1], line, {"kind": "object", "name": obj.name})
        if interfaces is None:
            return
        mapped = words[3] if len(words) > 3 else None
        if mapped is None:
            self.invalid(
                line, " ".join(words), "an object NAT rule with a mapped address", {"kind": "object", "name": obj.name}
            )
            return
        if mapped == "pat-pool" and len(words) > 4:
            self._refer_nat_operand(words[4], line, {"kind": "object", "name": obj.name})
            mapped = "pat-pool:" + words[4]
        elif not _is_address_literal(mapped, self.config.names):
            self._refer_nat_operand(mapped, line, {"kind": "object", "name": obj.name})
        self._add_nat(
            NatRule(
                0,
                "object",
                interfaces[0],
                interfaces[1],
                words[2],
                obj.name,
                mapped,
                line,
                inactive="inactive" in words,
            )
        )

    def _object_group(self, words, line, indent):
        if len(words) < 3:
            return self._ignored(indent)
        if words[1] != "network":
            self.config.other_object_groups[words[2]] = words[1]
            return self._ignored(indent)
        group = self.config.object_groups.setdefault(words[2], NetworkGroup(words[2]))
        group.lines.append(line)
        return _Block(
            group,
            indent,
            self._sub_group,
            ("network-object", "group-object", "description"),
            context={"kind": "object-group", "name": group.name},
        )

    def _sub_group(self, block, words, line):
        group, context = block.item, block.context
        if words[0] == "group-object" and len(words) > 1:
            group.members.append(GroupMember("group", words[1], line))
            group.lines.append(line)
            self.refer("object-group network", words[1], line, context)
            return
        if words[0] != "network-object" or len(words) < 2:
            return
        group.lines.append(line)
        if words[1] == "object" and len(words) > 2:
            group.members.append(GroupMember("object", words[2], line))
            self.refer("object network", words[2], line, context)
        elif words[1] == "host" and len(words) > 2:
            address = self.address(words[2], line, context)
            network = ipaddress.ip_network(address) if address is not None else None
            group.members.append(GroupMember("network", words[2], line, network))
        elif "/" in words[1]:
            group.members.append(GroupMember("network", words[1], line, self.prefix(words[1], line, context)))
        else:
            network = self.network(words[1], words[2] if len(words) > 2 else None, line, context)
            group.members.append(GroupMember("network", " ".join(words[1:3]), line, network))

    # -- access lists -----------------------------------------------------------
    def _access_list(self, words, line, indent):
        acl = self.config.access_lists.setdefault(words[1], AccessList(words[1]))
        acl.lines.append(line)
        rest = words[2:]
        if rest[:1] == ["line"] and len(rest) > 1:
            rest = rest[2:]
        if rest[:1] == ["extended"]:
            rest = rest[1:]
        elif rest[:1] in (["remark"], ["standard"], ["webtype"], ["ethertype"], []):
            return None
        context = {"kind": "access-list", "name": acl.name}
        ace = self._ace(acl.name, rest, line, context)
        if ace is not None:
            acl.entries.append(ace)
        return None

    def _ace(self, acl_name, words, line, context):
        if len(words) < 4 or words[0] not in ("permit", "deny"):
            self.invalid(
                line,
                " ".join(words[:1]) or line.text,
                "an extended ACE 'permit|deny protocol source destination'",
                context,
            )
            return None
        action, position = words[0], 1
        protocol, position = self._acl_protocol(words, position, line, context)
        source, position = self._operand(words, position, line, context)
        position, source_ports = self._ports(words, position)
        destination, position = self._operand(words, position, line, context)
        trailing = words[position:]
        has_ports = source_ports or any(token in tables.ACL_PORT_OPERATORS for token in trailing)
        return Ace(acl_name, action, protocol, source, destination, line, has_ports, "inactive" in trailing)

    def _acl_protocol(self, words, position, line, context):
        token = words[position]
        if token in ("object", "object-group") and position + 1 < len(words):
            return None, position + 2
        if token in tables.ACL_PROTOCOLS:
            return tables.ACL_PROTOCOLS[token], position + 1
        number = _as_int(token)
        if number is not None and number <= 255:
            return number, position + 1
        self.invalid(line, token, "an IP protocol name or number", context)
        return None, position + 1

    def _ports(self, words, position):
        """Skip a source port spec; (next position, whether there was one)."""
        if position >= len(words):
            return position, False
        token = words[position]
        if token in tables.ACL_PORT_OPERATORS:
            return position + 1 + tables.ACL_PORT_OPERATORS[token], True
        if token == "object-group" and position + 1 < len(words):
            if words[position + 1] in self.config.other_object_groups:
                return position + 2, True
        return position, False

    def _operand(self, words, position, line, context):
        """One ACE address operand starting at ``position``; (Operand, next position)."""
        while position < len(words) and words[position] in (
            "user",
            "user-group",
            "object-group-user",
            "security-group",
            "object-group-security",
        ):
            position += 2  # identity operands narrow users, not addresses
        if position >= len(words):
            self.invalid(line, line.text, "an ACE with a source and a destination", context)
            return Operand("invalid"), position
        token = words[position]
        following = words[position + 1] if position + 1 < len(words) else None
        if token in ("any", "any4"):
            return Operand("any", token, ipaddress.ip_network("0.0.0.0/0")), position + 1
        if token == "any6":
            return Operand("any", token, ipaddress.ip_network("::/0")), position + 1
        if token in ("object", "object-group", "interface", "host") and following is None:
            self.invalid(line, token, "followed by a name or address", context)
            return Operand("invalid", token), position + 1
        if token == "host":
            address = self.address(following, line, context)
            if address is None:
                return Operand("invalid", following), position + 2
            return Operand("network", following, ipaddress.ip_network(address)), position + 2
        if token == "object":
            self.refer("object network", following, line, context)
            return Operand("object", following), position + 2
        if token == "object-group":
            self.refer("object-group network", following, line, context)
            return Operand("group", following), position + 2
        if token == "interface":
            self.refer("interface", following, line, context)
            return Operand("interface", following), position + 2
        if "/" in token:
            network = self.prefix(token, line, context)
            return Operand("network" if network else "invalid", token, network), position + 1
        network = self.network(token, following, line, context)
        return Operand("network" if network else "invalid", token, network), position + 2

    # -- NAT ---------------------------------------------------------------------
    def _nat(self, words, line, indent):
        context = {"kind": "nat", "name": str(self.nat_count)}
        interfaces = self._nat_interfaces(words[1], line, context)
        if interfaces is None:
            return None
        rest = words[2:]
        section = "manual"
        while rest and rest[0] != "source":
            if rest[0] == "after-auto":
                section = "after-auto"
            elif rest[0] == "after-object":
                section = "after-auto"
            rest = rest[1:]  # line numbers, after-* keywords
        if len(rest) < 4 or rest[1] not in ("static", "dynamic"):
            self.invalid(line, " ".join(words[2:]) or line.text, "'source static|dynamic <real> <mapped>'", context)
            return None
        kind, real, mapped = rest[1], rest[2], rest[3]
        if mapped == "pat-pool" and len(rest) > 4:
            self._refer_nat_operand(rest[4], line, context)
            mapped = "pat-pool:" + rest[4]
        else:
            self._refer_nat_operand(mapped, line, context)
        self._refer_nat_operand(real, line, context)
        rule = NatRule(0, section, interfaces[0], interfaces[1], kind, real, mapped, line, inactive="inactive" in rest)
        if "destination" in rest:
            at = rest.index("destination")
            if len(rest) < at + 4:
                self.invalid(line, " ".join(rest[at:]), "'destination static <mapped> <real>'", context)
            else:
                rule.destination_mapped, rule.destination_real = rest[at + 2], rest[at + 3]
                self._refer_nat_operand(rule.destination_mapped, line, context)
                self._refer_nat_operand(rule.destination_real, line, context)
        self._add_nat(rule)
        return None

    def _add_nat(self, rule):
        rule.index = self.nat_count
        self.nat_count += 1
        self.config.nat_rules.append(rule)

    def _nat_interfaces(self, token, line, context):
        inner = token[1:-1] if token.startswith("(") and token.endswith(")") else None
        parts = inner.split(",") if inner else []
        if len(parts) != 2 or not all(parts):
            self.invalid(line, token, "'(real-nameif,mapped-nameif)'", context)
            return None
        for nameif in parts:
            if nameif != "any":
                self.refer("interface", nameif, line, context)
        return parts[0], parts[1]

    def _refer_nat_operand(self, token, line, context):
        if token in ("any", "interface"):
            return
        self.refer("network object or object-group", token, line, context)

    # -- crypto ------------------------------------------------------------------
    def _crypto(self, words, line, indent):
        handler = self.CRYPTO.get(words[1])
        if handler is None or len(words) < 3:
            return self._ignored(indent)
        return handler(self, words, line, indent)

    def _crypto_ipsec(self, words, line, indent):
        if words[2] == "ikev2" and len(words) > 4 and words[3] == "ipsec-proposal":
            proposal = self.config.ipsec_proposals.setdefault(words[4], IpsecProposal(words[4]))
            proposal.lines.append(line)
            return _Block(
                proposal,
                indent,
                self._sub_ipsec_proposal,
                ("protocol",),
                context={"kind": "ipsec-proposal", "name": proposal.name},
            )
        if words[2] == "ikev1" and len(words) > 4 and words[3] == "transform-set":
            self._transform_set(words[4], words[5:], line)
        elif words[2] == "transform-set" and len(words) > 3:  # pre-8.4 spelling
            self._transform_set(words[3], words[4:], line)
        elif words[2] == "security-association" and len(words) > 4 and words[3] == "lifetime":
            self._lifetime(self.config.global_lifetime, words[4:], line, {"kind": "ipsec-global", "name": ""})
        return self._ignored(indent)

    def _sub_ipsec_proposal(self, block, words, line):
        if len(words) < 3 or words[:2] != ["protocol", "esp"]:
            return
        proposal = block.item
        proposal.lines.append(line)
        if words[2] == "encryption":
            proposal.encryption = self.keywords(
                words[3:], tables.ESP_ENCRYPTION, line, "an ESP encryption keyword", block.context
            )
        elif words[2] == "integrity":
            proposal.integrity = self.keywords(
                words[3:], tables.ESP_INTEGRITY, line, "an ESP integrity keyword", block.context
            )

    def _transform_set(self, name, tokens, line):
        transform = self.config.transform_sets.setdefault(name, TransformSet(name))
        transform.lines.append(line)
        if tokens[:1] == ["mode"]:
            return
        context = {"kind": "transform-set", "name": name}
        transform.encryption, transform.integrity = [], []
        for token in tokens:
            if token in tables.TRANSFORM_ENCRYPTION:
                transform.encryption.append(token)
            elif token in tables.TRANSFORM_INTEGRITY:
                transform.integrity.append(token)
            else:
                known = sorted(tables.TRANSFORM_ENCRYPTION) + sorted(tables.TRANSFORM_INTEGRITY)
                self.invalid(line, token, "a transform-set keyword (one of: %s)" % ", ".join(known), context)

    def _lifetime(self, lifetime, words, line, context):
        """``seconds N`` and/or ``kilobytes N|unlimited`` (in any order) into ``lifetime``."""
        position = 0
        while position < len(words):
            unit = words[position]
            value = words[position + 1] if position + 1 < len(words) else None
            position += 2
            if unit == "seconds":
                lifetime.seconds = self.number(
                    value, tables.SA_LIFETIME_SECONDS_RANGE, line, "a lifetime in seconds", context
                )
                lifetime.seconds_line = line
            elif unit == "kilobytes" and value == "unlimited":
                lifetime.kilobytes, lifetime.kilobytes_unlimited, lifetime.kilobytes_line = None, True, line
            elif unit == "kilobytes":
                lifetime.kilobytes = self.number(
                    value, tables.SA_LIFETIME_KILOBYTES_RANGE, line, "a lifetime in kilobytes or 'unlimited'", context
                )
                lifetime.kilobytes_unlimited, lifetime.kilobytes_line = False, line
            else:
                self.invalid(line, unit, "'seconds' or 'kilobytes'", context)
                return

    def _crypto_map(self, words, line, indent, dynamic=False):
        maps = self.config.dynamic_maps if dynamic else self.config.crypto_maps
        name = words[2]
        crypto_map = maps.setdefault(name, CryptoMap(name))
        if len(words) < 4:
            return self._ignored(indent)
        if words[3] == "interface" and not dynamic:
            if len(words) > 4:
                crypto_map.interface, crypto_map.interface_line = words[4], line
                self.refer("interface", words[4], line, {"kind": "crypto-map", "name": name})
            return self._ignored(indent)
        seq = self.number(
            words[3],
            tables.CRYPTO_MAP_SEQ_RANGE,
            line,
            "a crypto map sequence number",
            {"kind": "crypto-map", "name": name},
        )
        if seq is None:
            return self._ignored(indent)
        entry = crypto_map.entries.get(seq)
        if entry is None:
            entry = crypto_map.entries[seq] = CryptoMapEntry(name, seq, dynamic=dynamic)
        entry.lines.append(line)
        self._map_entry_command(entry, words[4:], line)
        return self._ignored(indent)

    def _map_entry_command(self, entry, words, line):
        context = {"kind": "dynamic-map" if entry.dynamic else "crypto-map", "name": entry.map_name, "seq": entry.seq}
        if not words:
            return
        if words[:2] == ["match", "address"] and len(words) > 2:
            entry.acl, entry.acl_line = words[2], line
            self.refer("access-list", words[2], line, context)
        elif words[:2] == ["ipsec-isakmp", "dynamic"] and len(words) > 2:
            entry.dynamic_map = words[2]
            self.refer("dynamic-map", words[2], line, context)
        elif words[0] == "set" and len(words) > 1:
            self._map_entry_set(entry, words[1:], line, context)

    def _map_entry_set(self, entry, words, line, context):
        head = words[0]
        if head == "peer":
            entry.peers, entry.peer_line = words[1:], line
            entry.peer_addresses = []
            for token in words[1:]:
                address = self.address(token, line, context, "an IPv4 or IPv6 address (or a name defined by 'name')")
                entry.peer_addresses.append(str(address) if address is not None else None)
        elif words[:2] == ["ikev2", "ipsec-proposal"]:
            entry.ikev2_proposals, entry.ikev2_proposals_line = words[2:], line
            for name in words[2:]:
                self.refer("ipsec-proposal", name, line, context)
        elif words[:2] == ["ikev1", "transform-set"] or head == "transform-set":
            names = words[2:] if head == "ikev1" else words[1:]
            entry.transform_sets, entry.transform_sets_line = names, line
            for name in names:
                self.refer("transform-set", name, line, context)
        elif head == "pfs":
            entry.pfs_present, entry.pfs_line, entry.pfs_group, entry.pfs_invalid = True, line, None, False
            if len(words) > 1:
                entry.pfs_group = self._pfs_group(words[1], line, context)
                entry.pfs_invalid = entry.pfs_group is None
        elif words[:2] == ["security-association", "lifetime"]:
            self._lifetime(entry.lifetime, words[2:], line, context)
        elif head == "nat-t-disable":
            entry.nat_t_disable = True
        elif head == "connection-type" and len(words) > 1:
            if words[1] in tables.CONNECTION_TYPES:
                entry.connection_type, entry.connection_type_line = words[1], line
            else:
                self.invalid(line, words[1], "one of: %s" % ", ".join(sorted(tables.CONNECTION_TYPES)), context)
        elif words[:2] == ["ikev2", "pre-shared-key"]:
            entry.map_psk = self.preshared_key(words[2:], line)

    def _pfs_group(self, token, line, context):
        number = _as_int(token[5:]) if token.startswith("group") else None
        if number not in tables.DH_GROUPS:
            expected = "a PFS group (one of: %s)" % ", ".join("group%d" % g for g in sorted(tables.DH_GROUPS))
            self.invalid(line, token, expected, context)
            return None
        return number

    def _crypto_dynamic_map(self, words, line, indent):
        return self._crypto_map(words, line, indent, dynamic=True)

    def _crypto_ike(self, words, line, indent):
        version = 1 if words[1] in ("ikev1", "isakmp") else 2
        if words[2] == "enable" and len(words) > 3:
            enabled = self.config.ikev2_enabled if version == 2 else self.config.ikev1_enabled
            enabled[words[3]] = line
            self.refer("interface", words[3], line, {"kind": "crypto-enable", "name": "ikev%d" % version})
            return self._ignored(indent)
        if words[2] != "policy" or len(words) < 4:
            return self._ignored(indent)
        kind = "ikev%d-policy" % version
        priority = self.number(
            words[3], tables.POLICY_PRIORITY_RANGE, line, "a policy priority", {"kind": kind, "name": words[3]}
        )
        if priority is None:
            return self._ignored(indent)
        policies = self.config.ikev2_policies if version == 2 else self.config.ikev1_policies
        policy = policies.setdefault(priority, IkePolicy(version, priority))
        policy.lines.append(line)
        context = {"kind": kind, "name": str(priority)}
        if version == 2:
            return _Block(
                policy,
                indent,
                self._sub_ikev2_policy,
                ("encryption", "integrity", "prf", "group", "lifetime"),
                context=context,
            )
        return _Block(
            policy,
            indent,
            self._sub_ikev1_policy,
            ("authentication", "encryption", "hash", "group", "lifetime"),
            context=context,
        )

    def _sub_ikev2_policy(self, block, words, line):
        policy, context, head, values = block.item, block.context, words[0], words[1:]
        if head not in block.words:
            return
        policy.lines.append(line)
        if head == "encryption":
            policy.encryption = self.keywords(
                values, tables.IKEV2_ENCRYPTION, line, "an IKEv2 encryption keyword", context
            )
        elif head == "integrity":
            policy.integrity = self.keywords(
                values, tables.IKEV2_INTEGRITY, line, "an IKEv2 integrity keyword", context
            )
        elif head == "prf":
            policy.prf = self.keywords(values, tables.IKEV2_PRF, line, "an IKEv2 PRF keyword", context)
        elif head == "group":
            policy.groups = self._groups(values, line, context)
        elif head == "lifetime":
            self._ike_lifetime(policy, values, line, context)

    def _groups(self, tokens, line, context):
        groups = []
        for token in tokens:
            number = _as_int(token)
            if number in tables.DH_GROUPS:
                groups.append(number)
            else:
                self.invalid(
                    line,
                    token,
                    "a DH group (one of: %s)" % ", ".join(str(g) for g in sorted(tables.DH_GROUPS)),
                    context,
                )
        return groups

    def _ike_lifetime(self, policy, values, line, context):
        policy.lifetime_set = True
        policy.lifetime_seconds = None
        if values[:1] == ["none"] or values[:2] == ["seconds", "none"]:
            return
        token = values[1] if values[:1] == ["seconds"] and len(values) > 1 else (values[0] if values else None)
        policy.lifetime_seconds = self.number(
            token, tables.IKE_LIFETIME_RANGE, line, "an IKE lifetime in seconds or 'none'", context
        )
        if policy.lifetime_seconds is None:
            policy.lifetime_set = False  # unreadable: fall back to the default, finding already made

    def _sub_ikev1_policy(self, block, words, line):
        policy, context, head, values = block.item, block.context, words[0], words[1:]
        if head not in block.words or not values:
            return
        policy.lines.append(line)
        if head == "authentication":
            known = self.keywords(
                values[:1], tables.IKEV1_AUTHENTICATION, line, "an IKEv1 authentication keyword", context
            )
            policy.authentication = known[0] if known else None
        elif head == "encryption":
            policy.encryption = self.keywords(
                values[:1], tables.IKEV1_ENCRYPTION, line, "an IKEv1 encryption keyword", context
            )
        elif head == "hash":
            policy.integrity = self.keywords(values[:1], tables.IKEV1_HASH, line, "an IKEv1 hash keyword", context)
        elif head == "group":
            policy.groups = self._groups(values[:1], line, context)
        elif head == "lifetime":
            self._ike_lifetime(policy, values, line, context)

    # -- tunnel-group / group-policy -------------------------------------------------
    def _tunnel_group(self, words, line, indent):
        if len(words) < 3:
            return self._ignored(indent)
        group = self.config.tunnel_groups.setdefault(words[1], TunnelGroup(words[1]))
        context = {"kind": "tunnel-group", "name": group.name}
        if words[2] == "type" and len(words) > 3:
            group.type, group.type_line = words[3], line
            group.lines.append(line)
        elif words[2] == "general-attributes":
            group.lines.append(line)
            return _Block(group, indent, self._sub_tunnel_general, ("default-group-policy",), context=context)
        elif words[2] == "ipsec-attributes":
            group.lines.append(line)
            return _Block(
                group,
                indent,
                self._sub_tunnel_ipsec,
                ("ikev1", "ikev2", "pre-shared-key", "trust-point"),
                (("isakmp", "keepalive"),),
                context=context,
            )
        return self._ignored(indent)

    def _sub_tunnel_general(self, block, words, line):
        if words[0] == "default-group-policy" and len(words) > 1:
            group = block.item
            group.default_group_policy, group.default_group_policy_line = words[1], line
            group.lines.append(line)
            self.refer("group-policy", words[1], line, block.context)

    def _sub_tunnel_ipsec(self, block, words, line):
        group = block.item
        if words[:2] == ["ikev1", "pre-shared-key"] or words[0] == "pre-shared-key":
            group.ikev1_psk = self.preshared_key(words[2:] if words[0] == "ikev1" else words[1:], line)
        elif words[:2] == ["ikev1", "trust-point"] or words[0] == "trust-point":
            group.ikev1_trustpoint, group.ikev1_trustpoint_line = words[-1], line
        elif words[0] == "ikev2" and len(words) > 2 and words[1] in ("remote-authentication", "local-authentication"):
            self._ikev2_auth(group, words, line, block.context)
        elif words[:2] == ["isakmp", "keepalive"]:
            group.keepalive = self._keepalive(words[2:], line, block.context)
        else:
            return
        group.lines.append(line)

    def _ikev2_auth(self, group, words, line, context):
        side = "remote" if words[1] == "remote-authentication" else "local"
        if words[2] == "pre-shared-key":
            method, key = "psk", self.preshared_key(words[3:], line)
        elif words[2] == "certificate":
            method, key = "certificate", None
        else:
            self.invalid(line, words[2], "'pre-shared-key' or 'certificate'", context)
            return
        setattr(group, "ikev2_%s_auth" % side, method)
        setattr(group, "ikev2_%s_psk" % side, key)
        setattr(group, "ikev2_%s_line" % side, line)

    def _keepalive(self, words, line, context):
        keepalive = Keepalive(line)
        if words[:1] == ["disable"]:
            keepalive.disabled = True
        elif words[:2] == ["threshold", "infinite"]:
            keepalive.infinite = True
        elif words[:1] == ["threshold"] and len(words) > 1:
            keepalive.threshold = self.number(
                words[1], tables.DPD_THRESHOLD_RANGE, line, "a keepalive threshold in seconds", context
            )
            if len(words) > 3 and words[2] == "retry":
                keepalive.retry = self.number(
                    words[3], tables.DPD_RETRY_RANGE, line, "a keepalive retry in seconds", context
                )
        else:
            self.invalid(line, " ".join(words), "'threshold N retry M', 'threshold infinite' or 'disable'", context)
        return keepalive

    def _group_policy(self, words, line, indent):
        if len(words) < 3:
            return self._ignored(indent)
        policy = self.config.group_policies.setdefault(words[1], GroupPolicy(words[1]))
        policy.lines.append(line)
        if words[2] in ("internal", "external"):
            policy.kind = words[2]
        elif words[2] == "attributes":
            return _Block(
                policy,
                indent,
                self._sub_group_policy,
                ("vpn-tunnel-protocol",),
                context={"kind": "group-policy", "name": policy.name},
            )
        return self._ignored(indent)

    def _sub_group_policy(self, block, words, line):
        if words[0] == "vpn-tunnel-protocol":
            policy = block.item
            policy.tunnel_protocols, policy.tunnel_protocols_line = words[1:], line
            policy.lines.append(line)

    # -- sysopt -----------------------------------------------------------------
    def _sysopt(self, words, line, indent):
        if words[1:3] == ["connection", "tcpmss"] and len(words) > 3 and words[3] != "minimum":
            value = _as_int(words[3])
            if value != 0 and not _in_range(value, tables.TCP_MSS_RANGE):
                self.invalid(
                    line,
                    words[3],
                    "a TCP MSS in bytes (0 or %d-%d)" % tables.TCP_MSS_RANGE,
                    {"kind": "sysopt", "name": "tcpmss"},
                )
                return None
            self.config.tcp_mss, self.config.tcp_mss_line = value, line
        return None

    # -- after the last line ----------------------------------------------------------
    def finish(self):
        self._check_references()
        self._check_group_cycles()

    def _check_references(self):
        config = self.config
        nameifs = {iface.nameif for iface in config.interfaces.values() if iface.nameif}
        defined = {
            "object network": config.objects,
            "object-group network": config.object_groups,
            "access-list": config.access_lists,
            "ipsec-proposal": config.ipsec_proposals,
            "transform-set": config.transform_sets,
            "group-policy": config.group_policies,
            "dynamic-map": config.dynamic_maps,
        }
        reported = set()
        for kind, name, line, context in self.references:
            if (kind, name, line.line) in reported:
                continue  # e.g. "source static X X": one finding per name and line
            reported.add((kind, name, line.line))
            if kind == "interface":
                # a paste without interface blocks is partial, not wrong
                if not config.interfaces or name in nameifs:
                    continue
                kind_text = "interface nameif"
            elif kind == "network object or object-group":
                if name in config.objects or name in config.object_groups or _is_address_literal(name, config.names):
                    continue
                kind_text = kind
            elif kind == "group-policy" and name == tables.DFLT_GRP_POLICY:
                continue
            elif name in defined[kind]:
                continue
            else:
                kind_text = kind
            self._undefined(kind_text, name, line, context)

    def _undefined(self, kind, name, line, context):
        where = _describe(context)
        self._finding(
            "UNDEFINED_REFERENCE",
            ERROR,
            "%s names %s %r on line %d, which is not defined in this config." % (where, kind, name, line.line),
            [line],
            context,
            ["! Define %s %s, or correct the name on line %d." % (kind, name, line.line)],
            name=name,
            kind=kind,
        )

    def _check_group_cycles(self):
        """Depth-first over group-object edges; each edge that closes a loop is reported."""
        groups = self.config.object_groups
        state = {}  # name -> 1 on the current path, 2 finished
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
                child = member.value
                if state.get(child) == 1:
                    self.invalid(
                        member.line,
                        child,
                        "an object-group that does not contain %s itself" % name,
                        {"kind": "object-group", "name": name},
                    )
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(groups[child].members)))

    TOP_LEVEL = {
        "hostname": _hostname,
        "name": _name,
        "interface": _interface,
        "object": _object,
        "object-group": _object_group,
        "access-list": _access_list,
        "nat": _nat,
        "crypto": _crypto,
        "tunnel-group": _tunnel_group,
        "group-policy": _group_policy,
        "sysopt": _sysopt,
    }
    CRYPTO = {
        "ipsec": _crypto_ipsec,
        "map": _crypto_map,
        "dynamic-map": _crypto_dynamic_map,
        "ikev2": _crypto_ike,
        "ikev1": _crypto_ike,
        "isakmp": _crypto_ike,  # pre-8.4 spelling of ikev1
    }


def _describe(context):
    kind, name = context.get("kind", ""), context.get("name", "")
    if "seq" in context:
        return "%s %s %s" % (kind, name, context["seq"])
    return ("%s %s" % (kind, name)).strip()


def _is_address_literal(token, names):
    if token in names:
        return True
    try:
        ipaddress.ip_address(token)
        return True
    except ValueError:
        return False


def _redact(text, words):
    """The line text with any pre-shared key replaced by *****."""
    if "pre-shared-key" not in words:
        return text
    at = words.index("pre-shared-key")
    if at + 1 >= len(words) or words[at + 1].strip("*") == "":
        return text
    kept = words[: at + 1]
    if words[at + 1] in ("0", "8") and at + 2 < len(words):
        kept.append(words[at + 1])
    return " ".join(kept + [MASK])
