# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The driver every section plugs into: line loop, block membership, findings, references.

Block membership: a line indented deeper than the open block's header belongs
to it. A line that is not (flattened paste, or indentation eaten by a pager
remnant) belongs to it when its first words are a sub-command the block
accepts, or when they are no known top-level command (an unmodelled
sub-command: skipped, block stays open). Once the text has shown indented
sub-commands, an unindented line is always top-level.

Sections are plain functions: top-level handlers ``handler(parser, words, line, indent)``
return the open ``_Block`` (or None); sub-command handlers ``handler(parser, block, words,
line)``. The dispatch table (``TOP_LEVEL``) is built in ``dispatch``.
"""

import contextlib
import gc

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import AsaConfig
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.detect import InputEvidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import clean_line, redact, split_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import (
    ValueReader,
    describe,
    is_address_literal,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine

# First words of ASA global-configuration commands. Used only to decide that a
# line with lost indentation closes the open block. "ip", "ipv6", "nat",
# "isakmp" and "mac-address" also start sub-commands; blocks that accept those
# forms are asked first. "ASA" is the "ASA Version" header.
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
    vpn-addr-assign vpn-load-balancing vpnclient vpnsetup wccp webvpn xlate zone ASA
    """.split())

# Evidence lines kept in one UNSUPPORTED_CONSTRUCT finding that stands for many lines.
EVIDENCE_LINES_MAX = 10


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


class _Block:
    """An open configuration block (``interface X``, ``crypto ikev2 policy N``...)."""

    __slots__ = ("item", "indent", "handler", "words", "pairs", "context", "extra", "state")

    def __init__(self, item, indent, handler, words=(), pairs=(), context=None, extra=None):
        self.item = item
        self.indent = indent
        self.handler = handler  # called as handler(parser, block, words, line)
        self.words = frozenset(words)  # first words of accepted sub-commands
        self.pairs = frozenset(pairs)  # first two words, where the first alone is ambiguous
        self.context = context
        self.extra = extra  # optional predicate for forms the word sets cannot express
        self.state = None  # section-private (e.g. the BGP address family being read)

    def accepts(self, words):
        if words[0] in self.words:
            return True
        if len(words) > 1 and (words[0], words[1]) in self.pairs:
            return True
        return self.extra is not None and self.extra(words)


def sub_ignored(parser, block, words, line):
    return None


class ParserCore(ValueReader):
    TOP_LEVEL = {}  # first word -> handler, or -> {second word -> handler}; see dispatch
    MIN_WORDS = {}  # first word -> fewest words its two-word handlers accept (default 3)

    def __init__(self, psk_digest=None):
        self.config = AsaConfig()
        self.psk_digest = psk_digest
        self.block = None
        self.indented_text = False  # seen a sub-command indented under its header
        self.references = []  # (expected kind, name, line, context)
        self.nat_count = 0
        self.evidence = InputEvidence()
        self.state = {}  # per-section facts gathered for checks made at the end
        self.at_finish = []  # section checks that need the whole text, run once by finish()

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
            if line_text[0] == ":":
                self.evidence.marker(line_text)
            self.block = None
            return
        words = line_text.split()
        line = ConfigLine(number, redact(line_text, words))
        if self._belongs_to_block(indent, words):
            self.block.handler(self, self.block, words, line)
        else:
            self.evidence.top_level(words, number, words[0] in TOP_LEVEL_WORDS)
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
            return self.ignored(indent)
        if isinstance(handler, dict):  # keyed by the first two words ("crypto map", "router bgp")
            handler = handler.get(words[1])
            if handler is None or len(words) < self.MIN_WORDS.get(words[0], 3):
                return self.ignored(indent)
        return handler(self, words, line, indent)

    def ignored(self, indent):
        return _Block(None, indent, sub_ignored)

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

    def unsupported(self, lines, severity, construct, why, context, remediation, count=None, **details):
        """A construct recognised but not modelled: one finding naming its line(s).

        ``lines``: the line, or the first lines of a construct that spans many (``count`` says
        how many there were); ``why``: what is not checked because of it."""
        lines = list(lines[:EVIDENCE_LINES_MAX])
        count = len(lines) if count is None else count
        where = "Line %d" % lines[0].line if count == 1 else "%d lines from line %d" % (count, lines[0].line)
        self._finding(
            "UNSUPPORTED_CONSTRUCT",
            severity,
            "%s: %s is not modelled: %s." % (where, construct, why),
            lines,
            context,
            remediation,
            construct=construct,
            why=why,
            count=count,
            **details
        )

    def refer(self, kind, name, line, context):
        """Record a reference; checked once the whole text is read."""
        self.references.append((kind, name, line, context))

    # -- after the last line ----------------------------------------------------------
    def finish(self):
        for check in self.at_finish:
            check(self)
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
            "ipsec-profile": config.ipsec_profiles,
            "route-map": config.route_maps,
            "prefix-list": config.prefix_lists,
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
                if name in config.objects or name in config.object_groups or is_address_literal(name, config.names):
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
        where = describe(context)
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
