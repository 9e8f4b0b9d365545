# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one dispatch table: first keyword(s) of a global command -> its section's handler.

Each section module lists its commands in ``TOP_LEVEL`` as ``{(word,) or (word, word): handler}``;
they are merged here into ``{word: handler}`` or ``{word: {second word: handler}}``, the form
the driver (``core.ParserCore._top_level``) looks up with one or two dictionary lookups.
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import (
    bgp,
    crypto_ipsec,
    crypto_maps,
    ike,
    interfaces,
    nat,
    objects,
    routing,
    system,
    tunnel_groups,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import ParserCore
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused_aged
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.detect import NotAsaConfig, verdict
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.findings_made import is_prompt
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import PAGER_MARKERS, clean_line, split_lines

SECTIONS = (system, interfaces, objects, nat, crypto_ipsec, crypto_maps, ike, tunnel_groups, routing, bgp)


def build_table(sections):
    table = {}
    for section in sections:
        for key, handler in section.TOP_LEVEL.items():
            if len(key) == 1:
                if key[0] in table:
                    raise ValueError("two sections claim %r" % key[0])
                table[key[0]] = handler
                continue
            nested = table.setdefault(key[0], {})
            if not isinstance(nested, dict) or key[1] in nested:
                raise ValueError("two sections claim %r" % " ".join(key))
            nested[key[1]] = handler
    return table


class _Parser(ParserCore):
    TOP_LEVEL = build_table(SECTIONS)
    MIN_WORDS = {"router": 2, "ipv6": 2}  # "router rip", "router isis"; a bare "ipv6 route" is a finding (routing.ipv6_route)


# The last line of show running-config (and of RANCID's copy); what follows it is no configuration
_END = re.compile(r"^[ \t]*: end[ \t\r]*$", re.M)
# The first line of every saved configuration of an ASA or of one of its security contexts
_VERSION = re.compile(r"^[ \t]*ASA Version ", re.M)


def _run(text, psk_digest):
    parser = _Parser(psk_digest)
    text = text if isinstance(text, str) else ""
    if text.startswith("\ufeff"):  # Windows editors' UTF-8 byte order mark: not part of line 1
        text = text[1:]
    text, after = _configuration_part(text)
    quit_at = None if after else pager_quit_at(text)
    with gc_paused_aged():
        parser.feed(text)
        parser.finish()
    if after:
        parser.after_end(*after)
    if quit_at:
        parser.pager_quit(*quit_at)
    return parser


# How much of a text's end pager_quit_at looks at: a pager prompt and the CLI prompts after it are a few lines
_TAIL_CHARS = 4096


def pager_quit_at(text):
    """(the pager prompt's line number, the first CLI prompt's line number, that line) when ``text`` ends at the pager's
    prompt (``<--- More --->``) followed by nothing but CLI prompts (``gateway#``, on the pager's line or after it), and
    has no ``: end`` line: the pager was quit ("q" at the prompt) before the end of ``show running-config``, so the text
    is certainly cut short there (review 2026-12-07: only "possibly cut short" was said, and the fixes for what it
    lacks were shown as proven). None otherwise."""
    tail = text[-_TAIL_CHARS:]
    if not any(marker in tail for marker in PAGER_MARKERS):
        return None
    lines = split_lines(tail)
    last = (text.count("\n") if "\n" in text else text.count("\r")) + 1  # the number of the tail's last line
    at, prompt = len(lines) - 1, None
    while at > (0 if len(tail) < len(text) else -1):  # a tail's first line may be the end of a longer one: not judged
        raw = lines[at]
        number = last - (len(lines) - 1 - at)
        if raw.strip():
            paged = any(marker in raw for marker in PAGER_MARKERS)
            _indent, cleaned = clean_line(raw)
            if cleaned and is_prompt(cleaned.split()[0]):
                prompt = (number, raw)
                if paged:  # the prompt written on the pager's line
                    break
            elif paged and not cleaned and prompt is not None:
                break
            else:
                return None
        at -= 1
    else:
        return None
    if next(_line_matches(text, ": end", _END), None) is not None:
        return None
    return (number, prompt[0], prompt[1])


def _line_matches(text, needle, pattern):
    """``pattern``'s matches on the lines holding ``needle``, in order: str.find walks the text (issue 12: a multiline
    regex over 100k lines tries every line start, a tenth of the parse), the pattern checks the line."""
    at = text.find(needle)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        stop = text.find("\n", at)
        found = pattern.match(text, start, len(text) if stop < 0 else stop)
        if found is not None:
            yield found
        if stop < 0:
            return
        at = text.find(needle, stop)


def _configuration_part(text):
    """(the text up to its ``: end`` line, (first line, last line, the first line's text) of the text after it or
    None)."""
    end = next(_line_matches(text, ": end", _END), None)
    if end is None:
        return text, None
    rest = text[end.end():]
    if not rest.strip():
        return text, None
    number = text.count("\n", 0, end.end()) + 1  # the ": end" line; lines[k] below is line number + k
    lines = split_lines(rest)
    skipped = 0
    while skipped < len(lines) and _AFTER_END_AS_SAVED.match(lines[skipped]):
        skipped += 1
    if skipped == len(lines):
        # what a device or tool writes after it: nothing to name (review 2026-12-06), and nothing to read (the whole
        # text was read on: a prompt or "[OK]" after ": end" was a warning about a line cut in two)
        return text[:end.end()], None
    last = len(lines) - 1
    while last > skipped and not lines[last].strip():
        last -= 1
    return text[:end.end()], (number + skipped, number + last, lines[skipped])


# Lines after ": end" that are no show output: blank, RANCID's "!" lines, "Cryptochecksum:" (more
# system:running-config), "[OK]" (write memory), and a bare prompt or one with exit/logout/quit
_AFTER_END_AS_SAVED = re.compile(r"^\s*(?:!.*|Cryptochecksum:.*|\[OK\]|\S+[#>]\s*(?:exit|logout|quit)?)?\s*$")


def second_configuration(text):
    """The line numbers of the ``ASA Version`` lines when ``text`` holds more than one configuration (two captures of
    a device, the contexts of a ``changeto context`` transcript), else None: read as one, the first capture's lines
    stayed in the model of the second (review 2026-12-06: a change-window log passed with PFS the device no longer
    had)."""
    found = [m.start() for m in _line_matches(text, "ASA Version ", _VERSION)]
    if len(found) < 2:
        return None
    return [text.count("\n", 0, at) + 1 for at in found]


def parse_running_config(text, psk_digest=None):
    """Parse config text. Returns ``(AsaConfig, [Finding])``; the findings are also kept in
    ``config.findings`` for the adapter. ``psk_digest``: optional callable str -> str.
    Never raises on bad input."""
    parser = _run(text, psk_digest)
    return parser.config, parser.config.findings


def parse_asa_config(text, psk_digest=None):
    """``parse_running_config`` for text that must be an ASA configuration: raises
    ``NotAsaConfig`` (a ValueError) with the reason when it is not one (empty, binary,
    another vendor's), instead of returning a config with nothing in it."""
    text = text if isinstance(text, str) else ""
    versions = second_configuration(text)
    if versions:
        raise NotAsaConfig("the text holds %d configurations ('ASA Version' on lines %s), read as one they would mix: "
                           "save each device's or security context's configuration on its own" % (
                               len(versions), first_of([str(n) for n in versions], 5)))
    parser = _run(text, psk_digest)
    crypto_maps.peerless_entries(parser)
    crypto_maps.dynamic_entries(parser)
    reason = verdict(text, parser.config, parser.evidence)
    if reason is not None:
        raise NotAsaConfig("not an ASA configuration: %s" % reason)
    return parser.config, parser.config.findings
