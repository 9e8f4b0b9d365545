# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Physical lines -> (indent, text): CRLF/CR, pager remnants, backspaces, terminal escape sequences; secrets masked."""

import re

PAGER_MARKERS = ("<--- More --->", "--More--")
MASK = "*****"


def split_lines(text):
    """Physical lines; numbering matches an editor's for LF, CRLF and CR-only text."""
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    return text.split("\n")


def pieces_of_lines(text, size=1 << 16):
    """``split_lines(text)`` in lists of the lines of about ``size`` characters each (the last piece may be
    empty of text: ``[""]`` after a final newline, as split_lines ends)."""
    if "\n" not in text:
        yield split_lines(text)
        return
    start = 0
    while True:
        cut = text.find("\n", start + size)
        if cut < 0:
            yield text[start:].split("\n")
            return
        yield text[start:cut].split("\n")
        start = cut + 1


# Terminal control sequences a capture may hold (colour, erase-line, cursor moves an SSH client, a terminal's logging
# or the ASA's pager left): ECMA-48 (5th ed., 1991) 5.4 "Control sequences": CSI is ESC [, then parameter bytes
# 0x30-0x3F, intermediate bytes 0x20-0x2F and one final byte 0x40-0x7E; 8.3.89 OSC is ESC ], a command string, then
# ST (ESC \\), or BEL as xterm also takes it (https://ecma-international.org/publications-and-standards/standards/ecma-48/,
# https://invisible-island.net/xterm/ctlseqs/ctlseqs.html "Operating System Commands"). Only the 7-bit forms: the
# 8-bit C1 CSI (0x9B) is no character of UTF-8 text. An ESC of no such sequence (an OSC never ended on its line) stays,
# and the line is reported as one holding characters no configuration holds.
_TERMINAL_SEQUENCE = re.compile(r"\x1b\[([\x30-\x3f]*)[\x20-\x2f]*([\x40-\x7e])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
# The final bytes of the sequences that move the cursor or erase (ECMA-48 8.3.20 CUB, 8.3.22 CUF, 8.3.9 CHA,
# 8.3.41 EL), applied as a terminal applies them; every other sequence (SGR colour "m", ...) shows nothing.
_CURSOR_BACK, _CURSOR_FORWARD, _CURSOR_COLUMN, _ERASE_IN_LINE = "D", "C", "G", "K"


def has_terminal_sequence(raw):
    """Whether ``raw`` holds a terminal control sequence ``clean_line`` removes (_TERMINAL_SEQUENCE)."""
    return "\x1b" in raw and _TERMINAL_SEQUENCE.search(raw) is not None


def _count(parameter, default, most):
    """A CSI's numeric parameter (its first), ``default`` when none or 0 (ECMA-48 5.4.2: 0 is the default), at most
    ``most`` (the line's length: a cursor moved a million columns right is no text, and no million spaces)."""
    first = parameter.split(";", 1)[0]
    if not first.isdigit() or not first.strip("0"):
        return default
    return most if len(first) > len(str(most)) else min(int(first), most)


def render_terminal(raw):
    """Apply backspaces, carriage returns and terminal control sequences (_TERMINAL_SEQUENCE) the way a terminal
    would: cursor moves and erase-in-line act on the line, the others (colours) are removed."""
    cells, pos, at, end = [], 0, 0, len(raw)
    while at < end:
        ch = raw[at]
        at += 1
        if ch == "\b":
            pos = max(0, pos - 1)
        elif ch == "\r":
            pos = 0
        elif ch == "\x1b" and raw[at:at + 1] in ("[", "]"):
            found = _TERMINAL_SEQUENCE.match(raw, at - 1)
            if found is None:  # not ended: left as it is, to be reported
                cells[pos:pos + 1] = [ch]
                pos += 1
                continue
            at = found.end()
            final, parameter = found.group(2), found.group(1) or ""
            if final == _CURSOR_BACK:
                pos = max(0, pos - _count(parameter, 1, end))
            elif final == _CURSOR_FORWARD:
                pos = min(pos + _count(parameter, 1, end), end)
            elif final == _CURSOR_COLUMN:
                pos = _count(parameter, 1, end) - 1
            elif final == _ERASE_IN_LINE:
                how = _count(parameter, 0, 2)
                if how == 0:
                    del cells[pos:]
                elif how == 1:
                    cells[:pos + 1] = [" "] * min(pos + 1, len(cells))
                elif how == 2:
                    cells = [" "] * len(cells)
            if pos > len(cells):
                cells.extend(" " * (pos - len(cells)))
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
    if "\b" in raw or "\r" in raw or "\x1b" in raw:
        raw = render_terminal(raw)
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


_FREE_TEXT = re.compile(r"(?:^|[ \t])(?:description|remark)(?:[ \t]|$)|^banner[ \t]")


def free_text_start(text):
    """Where a line's free text begins (after ``description`` or ``remark``, or a ``banner`` line's start), or None."""
    found = _FREE_TEXT.search(text)
    return None if found is None else found.end()


PSK_KEYWORD = "pre-shared-key"


_KEY_FIRST_WORDS = frozenset(("ikev1", "ikev2"))


def may_name_a_key(text, words):
    """Whether a line may name a pre-shared key, spelt out or abbreviated, in any case (a quick test before
    ``key_word_at``): the keyword spelt out anywhere, or a line where the ASA takes one (a tunnel-group's
    ``ikev1``/``ikev2`` and ``pre-shared-key`` lines, a crypto map's ``set ikev1|ikev2``), review 2026-12-06:
    ``ikev2 local-authentication pre-shared K`` reached the report in clear. Tested on every line: a word test, not a
    scan of each line for ``pre`` (a fifth of the parse at 100k lines)."""
    if PSK_KEYWORD in text:
        return True
    first = words[0].lower() if words else ""
    return first in _KEY_FIRST_WORDS or first.startswith("pre") or (
        first == "crypto" and " set ikev" in text.lower())


def key_word_at(words):
    """The index of the word that names a pre-shared key in ``words`` (-1: none). The ASA takes keywords in any case and
    any unambiguous abbreviation of one (Cisco ASA command reference, "Command abbreviation"): ``pre``, ``pre-sh``,
    ``p`` are pre-shared-key where one is taken, the line's first word (``pre-shared-key K`` under ipsec-attributes),
    after ``ikev1``/``ikev2`` (``ikev1 pre-shared-key``, a crypto map's ``set ikev2 pre-shared-key``) or after
    ``local-authentication``/``remote-authentication`` (abbreviated too). Elsewhere only the whole keyword counts: a
    crypto map named ``pre`` is no key."""
    for at, word in enumerate(words):
        word = word.lower()
        if not PSK_KEYWORD.startswith(word):
            continue
        if word == PSK_KEYWORD or at == 0:
            return at
        before = words[at - 1].lower()
        if before in _KEY_FIRST_WORDS or before.startswith(("local-a", "remote-a")):
            return at
    return -1


def redact(text, words):
    """The line text with any pre-shared key replaced by ***** (its keyword spelt out or abbreviated)."""
    at = key_word_at(words)
    if at < 0 or at + 1 >= len(words) or words[at + 1].strip("*") == "":
        return text
    kept = words[: at + 1]
    if words[at + 1] in ("0", "8") and at + 2 < len(words):
        kept.append(words[at + 1])
    return " ".join(kept + [MASK])


def redact_after(text, words, keyword):
    """``text`` cut after ``keyword`` with the rest masked (e.g. a BGP neighbor password)."""
    if keyword not in words:
        return text
    at = words.index(keyword)
    return " ".join(words[: at + 1] + [MASK])
