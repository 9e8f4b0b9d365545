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

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import AsaConfig
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import references
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.detect import ASA_ONLY_WORDS, IOS_SECOND_WORDS, InputEvidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.findings_made import MAX_LINE_CHARS, FindingsMaker
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import (
    clean_line,
    free_text_start,
    has_terminal_sequence,
    may_name_a_key,
    pieces_of_lines,
    redact,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import ValueReader
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import escape, has_unsafe

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
    app-agent arp-inspection as-path auto-update bfd bfd-template cluster community-list coredump
    ctl-file dhcp fips filter flow-offload forward-reference global igmp key lacp media-termination
    memory mode nve object-group-search phone-proxy port-channel priority-queue rest-api service-module
    shun sla static track uc-ime vpn-sessiondb vxlan
    admin-context anyconnect-custom-data blocks capture checkheaps class event group-delimiter
    ipv6-vpn-addr-assign mac-list nac-policy sunrpc-server exit
    """.split())

# "exit" leaves the current mode and sets nothing (ASA CLI, "Command Modes and Prompts"). It is in a configuration saved
# as typed: Microsoft's ASA template ends each block with " exit" and the script with "exit"
# (Azure/Azure-vpn-config-samples, Cisco/Older/ASA/cisco-asa-asasoftware-8.3.cfg), as do our own pushes
# (asa/push_plan.py). Indented under a block it is no sub-command of it; at the left margin a global command that
# closes the open block (in TOP_LEVEL_WORDS above) and has no handler.
EXIT = "exit"

# Characters no ASA configuration holds, that cleaning a line (pager remnants) does not remove:
# control characters but tab, CR, LF and backspace; bytes that were not UTF-8 (lone surrogates
# after surrogateescape); direction overrides; noncharacters. Looked for once in the whole text.
_ODD_INPUT = re.compile("[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                        "\ud800-\udfff\ufffe\uffff]")
# The ASCII characters _ODD_INPUT does not match: deleting them from ASCII text leaves what it would find
_ASCII_NOT_ODD = bytes([0x08, 0x09, 0x0A, 0x0D] + list(range(0x20, 0x7F)))


def has_odd_input(text):
    """``_ODD_INPUT.search(text) is not None``; ASCII text by one C pass over its bytes (issue 12: the
    pattern's scan was 3 % of the parse), other text by the pattern."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_NOT_ODD))
    return _ODD_INPUT.search(text) is not None


# First words of global commands counted as known and ASA-only by InputEvidence.top_level, which
# does nothing else with them: the driver counts them itself (issue 12).
_COUNTED_WORDS = ASA_ONLY_WORDS & TOP_LEVEL_WORDS
# ... and those it counts as known only ("ip" and "crypto" start IOS forms too: "crypto" is counted
# here when its second word starts none of them, "ip" is left to it)
_KNOWN_WORDS = TOP_LEVEL_WORDS - ASA_ONLY_WORDS - {"ip", "crypto"}


# What the frozen dataclass ConfigLine's __init__ does, called from the driver's loop directly: the same
# object (its two slots set on a new instance, as __init__ sets them), a Python frame less per line (issue 12;
# tests/unit/test_parser_driver_fast.py compares the lines). The slots' own setters: no attribute look-up.
_new = object.__new__
_set_line, _set_text = ConfigLine.line.__set__, ConfigLine.text.__set__

# The keyword right before the "<removed>" of a sub-command RANCID comments out, in the blocks this parser reads
# (ParserCore._filtered): tunnel-group keys and BGP neighbor passwords.
_FILTERED_KEYWORDS = ("pre-shared-key", "password")

# The sections' word tuples (literals in the code) as frozensets, made once each, not per block.
_WORD_SETS = {}
_NO_WORDS = frozenset()


def _word_set(items):
    if items.__class__ is not tuple:
        return frozenset(items)
    found = _WORD_SETS.get(items)
    if found is None:
        found = _WORD_SETS[items] = frozenset(items)
    return found


class _Block:
    """An open configuration block (``interface X``, ``crypto ikev2 policy N``...)."""

    __slots__ = ("item", "indent", "handler", "words", "pairs", "context", "extra", "state")

    def __init__(self, item, indent, handler, words=(), pairs=(), context=None, extra=None):
        self.item = item
        self.indent = indent
        self.handler = handler  # called as handler(parser, block, words, line)
        # first words of accepted sub-commands; first two words, where the first alone is ambiguous
        # (the sections' frozensets as they are: a block per object, issue 12)
        self.words = words if words.__class__ is frozenset else _word_set(words)
        self.pairs = pairs if pairs.__class__ is frozenset else (_NO_WORDS if not pairs else _word_set(pairs))
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


_UNKNOWN = object()  # the item of unknown_block's blocks


class ParserCore(FindingsMaker, ValueReader):
    TOP_LEVEL = {}  # first word -> handler, or -> {second word -> handler}; see dispatch
    MIN_WORDS = {}  # first word -> fewest words its two-word handlers accept (default 3)

    def __init__(self, psk_digest=None):
        self.config = AsaConfig()
        self.psk_digest = psk_digest
        self.block = None
        self.ignored_blocks = {}  # indent -> the shared block of commands not modelled (see ignored)
        self.unknown_blocks = {}  # indent -> the shared block of lines no known command starts (see unknown_block)
        self.section_blocks = {}  # (handler, indent) -> the block section_block sets to each item
        self.indented_text = False  # seen a sub-command indented under its header
        self.references = []  # (expected kind, name, line, context)
        self.nesting_groups = set()  # names of object-groups with a group-object line (cycle check)
        self.host_operands = {}  # host token -> the ACE Operand made for it (objects._operand)
        self.map_entry = None  # (seq token, map name, dynamic, entry, context) of the last crypto map line read
        self.nat_interfaces = {}  # '(real,mapped)' -> the pair of nameifs it names (nat._interfaces)
        self.nat_count = 0
        self.evidence = InputEvidence()
        self.state = {}  # per-section facts gathered for checks made at the end
        self.at_finish = []  # section checks that need the whole text, run once by finish()
        self.per_line = {}  # line number -> findings made for it (MAX_FINDINGS_PER_LINE)
        self.left_out = {}  # code -> findings not listed (over a budget)
        self.left_out_lines = []  # first lines whose findings were cut
        self.left_out_worst = None  # (severity, code) of the worst finding not listed
        self.unknown_commands = {}  # whether cut, or a prompt (see unknown_command) -> [count, first lines]
        self.handled_at = -1  # the number of the last global command a section read
        self.pager_gap = False  # the last line read was a pager prompt alone (_line)
        self.terminal_lines = [0, []]  # lines terminal escape sequences were removed from: [count, first lines] (_line)

    # -- driver -----------------------------------------------------------
    def feed(self, text):
        """Every line, read by ``_read`` (after ``_line``'s cleaning when the text needs it)."""
        odd = self.evidence.odd_input = has_odd_input(text)  # one scan; per line only when there is something
        # Text as saved (no odd characters, backspaces, CRs or pager remnants: a few scans of the whole
        # text) needs no cleaning per line beyond strip (issue 12: the driver's share of each line).
        plain = not odd and "\b" not in text and "\r" not in text and "More" not in text
        # For such text what _read does is inlined here (issue 12: the calls, the indent measured on
        # unindented lines and the evidence call per global command of the commonest kinds were a fifth
        # of the parse). It reads exactly what _read reads (tests/unit/test_parser_driver_fast.py).
        top_level, min_words, evidence = self.TOP_LEVEL, self.MIN_WORDS, self.evidence
        counted = known = 0  # global commands counted here (_COUNTED_WORDS, _KNOWN_WORDS): added to the evidence at the end
        handled_at = self.handled_at  # the number of the last global command a section read
        number = 0
        # The open block and whether indented text was seen kept in locals, written back before anything that
        # reads them (_line, _filtered) and at the end: no section handler reads them (issue 12, tenth pass).
        block, indented = self.block, self.indented_text
        ignored_blocks = self.ignored_blocks
        # in pieces of some 64 KB: a piece's lines are let go before the next is split, and the memory of those
        # no record keeps (indented lines) is used again (issue 12: fewer fresh pages, a smaller peak)
        for piece in pieces_of_lines(text):
            for raw in piece:
                number += 1
                if not raw:
                    continue
                try:
                    if not plain or len(raw) > MAX_LINE_CHARS:
                        self.block, self.indented_text = block, indented
                        self._line(number, raw, odd)
                        block, indented = self.block, self.indented_text
                        continue
                    first = raw[0]
                    if first == " " or first == "\t":
                        # raw.strip() by way of the indent's lstrip: one new string, not two (the second strip
                        # returns its string itself when there is nothing more to strip)
                        line_text = raw.lstrip(" \t")
                        indent = len(raw) - len(line_text)
                        line_text = line_text.strip()
                    else:
                        line_text = raw.strip()
                        indent = 0
                    if not line_text:
                        continue
                    first = line_text[0]
                    if first == "!" or first == ":":
                        if first == ":":
                            evidence.marker(line_text)
                        elif block is not None and "<removed>" in line_text:
                            self.block, self.indented_text = block, indented
                            if self._filtered(number, line_text):
                                continue
                        if first == "!" and block is not None and indent > block.indent:
                            continue  # a comment inside the block (see _read)
                        block = None
                        continue
                    if block is not None and indent > block.indent:
                        indented = True
                        if block.handler is sub_ignored or line_text == EXIT:
                            continue  # inside a command not modelled, or an EXIT line: nothing to read or keep
                        words = line_text.split()
                        if may_name_a_key(line_text, words):
                            line_text = redact(line_text, words)
                        line = _new(ConfigLine)  # ConfigLine(number, line_text) without its __init__'s frame (issue 12)
                        _set_line(line, number)
                        _set_text(line, line_text)
                        block.handler(self, block, words, line)
                        continue
                    words = line_text.split()
                    if may_name_a_key(line_text, words):
                        line_text = redact(line_text, words)
                    line = _new(ConfigLine)
                    _set_line(line, number)
                    _set_text(line, line_text)
                    if block is not None and not indented and self._continues(block, words):
                        block.handler(self, block, words, line)
                        continue
                    head = words[0]
                    if head in _COUNTED_WORDS:
                        counted += 1
                    elif head in _KNOWN_WORDS or (head == "crypto" and len(words) > 1 and words[1] not in IOS_SECOND_WORDS):
                        known += 1
                    elif head in TOP_LEVEL_WORDS:
                        evidence.top_level(words, number, True)
                    else:
                        evidence.top_level(words, number, False)
                        # right after a line a section read (a long crypto map, ACL or NAT line is what wraps)
                        self.unknown_command(line, head, handled_at == number - 1 or (
                            block is not None and block.handler is not sub_ignored))
                        block = self.unknown_block(indent)
                        continue
                    handler = top_level.get(head)
                    if handler is None or len(words) < 2:
                        block = ignored_blocks.get(indent) or self.ignored(indent)
                        continue
                    if handler.__class__ is dict:
                        handler = handler.get(words[1])
                        if handler is None or len(words) < min_words.get(head, 3):
                            block = ignored_blocks.get(indent) or self.ignored(indent)
                            continue
                    block = handler(self, words, line, indent)
                    handled_at = number
                except Exception as exc:  # a surprise in one line must not lose the rest: a finding with the type
                    block = None
                    self.unreadable(number, exc)
        self.block, self.indented_text, self.handled_at = block, indented, handled_at
        evidence.top += counted + known
        evidence.known += counted + known
        evidence.asa_only += counted

    def _line(self, number, raw, odd=True):
        """One physical line as it may come from a terminal: cleaned, then read."""
        if len(raw) > MAX_LINE_CHARS:
            self.too_long(number, raw)
            return
        escaped = odd and has_terminal_sequence(raw)  # an ESC is odd input: no search in text that has none
        indent, line_text = clean_line(raw)
        if escaped:
            self.terminal_sequences(number, line_text)
        if not line_text:
            # a pager prompt on a line of its own: what the pager wrote to erase it (spaces) may open the next line,
            # whose indentation then says nothing (an indented "crypto map ... set peer" was read into the block above)
            if indent is None:
                self.pager_gap = True
            return
        if self.pager_gap:
            indent, self.pager_gap = None, False
        if odd and has_unsafe(line_text):
            start = free_text_start(line_text)
            in_free_text = start is not None and not has_unsafe(line_text[:start])
            line_text = escape(line_text)  # names keep a visible "\\x1b" / "\\xff" instead
            self.odd_characters(number, line_text, in_free_text)
        self._read(number, indent, line_text)

    def _read(self, number, indent, line_text):
        """One clean, non-empty line: a comment, a sub-command of the open block, or a global command."""
        first = line_text[0]
        if first == "!" or first == ":":
            if first == ":":
                self.evidence.marker(line_text)
            elif self.block is not None and "<removed>" in line_text and self._filtered(number, line_text):
                return
            if first == "!" and self.block is not None and indent is not None and indent > self.block.indent:
                # A "!" indented under the open block is a comment inside it (the ASA ignores it; the IOS-style
                # " !" between a BGP block's parts, a note before a sub-command): the block's later lines are
                # still its own. Only a "!" at the block's level or less ends it, as show running-config prints.
                return
            self.block = None
            return
        words = line_text.split()
        if may_name_a_key(line_text, words):
            line_text = redact(line_text, words)
        line = ConfigLine(number, line_text)
        block = self.block
        if block is not None:
            if indent is not None and indent > block.indent:
                self.indented_text = True
                if line_text != EXIT:
                    block.handler(self, block, words, line)
                return
            if (indent is None or not self.indented_text) and self._continues(block, words):
                block.handler(self, block, words, line)
                return
        head = words[0]
        known = head in TOP_LEVEL_WORDS
        self.evidence.top_level(words, number, known)
        if not known:
            self.unknown_command(line, head, self.handled_at == number - 1 or (
                block is not None and block.handler is not sub_ignored))
            self.block = self.unknown_block(indent or 0)
            return
        indent = indent or 0
        handler = self.TOP_LEVEL.get(head)
        if handler is None or len(words) < 2:
            self.block = self.ignored(indent)
            return
        if handler.__class__ is dict:  # keyed by the first two words ("crypto map", "router bgp")
            handler = handler.get(words[1])
            if handler is None or len(words) < self.MIN_WORDS.get(head, 3):
                self.block = self.ignored(indent)
                return
        self.block = handler(self, words, line, indent)
        self.handled_at = number

    def _filtered(self, number, line_text):
        """A sub-command RANCID commented out to hide its secret, as it writes the ones of the blocks read here
        (haussli/rancid lib/ios.pm.in, WriteTerm): "!" + the line up to the keyword + " <removed>" for
        "( ikev1)? pre-shared-key" and "( ikev2)? (local|remote)-authentication pre-shared-key", and
        "! neighbor X password <removed>". Read as that sub-command of the open block when the block takes it, its
        secret unknown, and the block stays open (a comment would close it, losing the key line and the block's next
        sub-commands). Any other "!" line stays a comment: it must not put a sub-command into a block. False: no
        such line."""
        if line_text[1:2] not in (" ", "\t"):  # a global command RANCID filtered ("!enable password <removed>")
            return False
        text = line_text[1:].strip()
        words = text.split()
        if len(words) < 2 or words[-1] != "<removed>" or words[-2] not in _FILTERED_KEYWORDS:
            return False
        if (words[-2] == "password") != (words[0] == "neighbor") or not self.block.accepts(words):
            return False
        if may_name_a_key(text, words):
            text = redact(text, words)
        self.block.handler(self, self.block, words, ConfigLine(number, text))
        return True

    @staticmethod
    def _continues(block, words):
        """Whether a line not indented under the open block is one of its sub-commands (flattened
        paste): a sub-command it accepts, or no known global command."""
        if block.item is _UNKNOWN:
            return False  # no line is taken for a sub-command of a line that is no command: each is named
        bare = words[1:] if words[0] == "no" and len(words) > 1 else words
        if block.accepts(bare):
            return True
        return bare[0] not in TOP_LEVEL_WORDS

    def section_block(self, item, indent, handler, words, context, extra=None, pairs=()):
        """``_Block(item, indent, handler, words, pairs, context=context, extra=extra)`` for sections whose blocks
        come by the thousand (object, object-group, tunnel-group, group-policy): one per handler and indent, set
        to each new item (issue 12). Only the driver holds a block, and only while it is open."""
        key = (handler, indent)
        block = self.section_blocks.get(key)
        if block is None:
            block = self.section_blocks[key] = _Block(item, indent, handler, words, pairs, context=context, extra=extra)
            return block
        block.item, block.context, block.state = item, context, None
        return block

    def ignored(self, indent):
        """The block of a command not modelled: it reads nothing, so one per indent is shared."""
        block = self.ignored_blocks.get(indent)
        if block is None:
            block = self.ignored_blocks[indent] = _Block(None, indent, sub_ignored)
        return block

    def unknown_block(self, indent):
        """The block of a line no known command starts (unknown_command named it): it reads the lines indented under
        it, as ``ignored`` does, but takes no unindented line as its sub-command (a session log's banner, prompt and
        password lines were one finding for the first and nothing for the others)."""
        block = self.unknown_blocks.get(indent)
        if block is None:
            block = self.unknown_blocks[indent] = _Block(_UNKNOWN, indent, sub_ignored)
        return block

    def refer(self, kind, name, line, context):
        """Record a reference; checked once the whole text is read."""
        self.references.append((kind, name, line, context))

    def gathered(self, key, empty, check):
        """The collection ``state[key]`` a section fills for a check that needs the whole text: made by ``empty()``
        on first use, when ``check`` is queued to run once at ``finish``."""
        found = self.state.get(key)
        if found is None:
            found = self.state[key] = empty()
            self.at_finish.append(check)
        return found

    def refer_unless(self, defined, kind, name, line, context):
        """``refer``, unless ``name`` is already in ``defined`` (records of the kind, which the text
        only adds to): a name defined before its use needs no check at the end (issue 12)."""
        if name not in defined:
            self.references.append((kind, name, line, context))

    # -- after the last line ----------------------------------------------------------
    def finish(self):
        for check in self.at_finish:
            check(self)
        references.check_references(self)
        references.check_group_cycles(self)
        self.report_unknown_commands()
        self.report_terminal_sequences()
        self._report_left_out()
